/* The per-conversation model: both endpoints as small TCPs (RFC 9293), one state writer, and each
 * step's label read from one table of transitions. */
#include <string.h>

#include "tcpteach/core.h"
#include "tcpteach/seq.h"

/* The largest window RFC 7323 allows (65535 << 14), used while an endpoint's window is unknown. */
#define MAX_WINDOW 0x3fffc000u

/* A copy of the previous segment captured less than this long after it is a duplicated frame: no
 * retransmission timer fires that fast (Linux's minimum RTO is 200 ms, RFC 6298's 1 s). */
#define DUPLICATE_US 1000u

static tt_role other(tt_role r)
{
    return r == TR_CLIENT ? TR_SERVER : TR_CLIENT;
}

tt_endpoint *tt_conv_endpoint(tt_conv *c, tt_role r)
{
    return r == TR_CLIENT ? &c->client : &c->server;
}

/* ---- The state diagram of RFC 9293 section 3.3.2: one small handler per state. ---- */

static tt_state on_closed(tt_event ev)
{
    switch (ev) {
    case EV_SEND_SYN: return TS_SYN_SENT;
    case EV_RESEND_FIN: return TS_LAST_ACK; /* the last ACK it took for granted never came */
    default: return TS_CLOSED;
    }
}

static tt_state on_listen(tt_event ev)
{
    switch (ev) {
    case EV_RCV_SYN:
    case EV_SEND_SYNACK: return TS_SYN_RCVD; /* SYN+ACK seen without its SYN: the SYN came */
    case EV_SEND_SYN: return TS_SYN_SENT;
    case EV_SEND_RST: return TS_CLOSED; /* nothing listens here after all: connection refused */
    default: return TS_LISTEN;
    }
}

static tt_state on_syn_sent(tt_event ev)
{
    switch (ev) {
    case EV_RCV_SYNACK: return TS_ESTABLISHED;
    case EV_RCV_SYN: return TS_SYN_RCVD; /* simultaneous open */
    default: return TS_SYN_SENT;
    }
}

static tt_state on_syn_rcvd(tt_event ev)
{
    switch (ev) {
    case EV_RCV_ACK_OF_SYN:
    case EV_RCV_SYNACK: return TS_ESTABLISHED;
    case EV_SEND_FIN: return TS_FIN_WAIT_1;
    case EV_RCV_FIN: return TS_CLOSE_WAIT;
    default: return TS_SYN_RCVD;
    }
}

static tt_state on_established(tt_event ev)
{
    switch (ev) {
    case EV_SEND_FIN: return TS_FIN_WAIT_1; /* active close */
    case EV_RCV_FIN: return TS_CLOSE_WAIT;  /* passive close */
    case EV_RESEND_SYN: return TS_SYN_SENT;
    case EV_RESEND_SYNACK: return TS_SYN_RCVD;
    default: return TS_ESTABLISHED;
    }
}

static tt_state on_fin_wait_1(tt_event ev)
{
    switch (ev) {
    case EV_RCV_ACK_OF_FIN: return TS_FIN_WAIT_2;
    case EV_RCV_FIN: return TS_CLOSING; /* the FINs crossed */
    default: return TS_FIN_WAIT_1;
    }
}

static tt_state on_fin_wait_2(tt_event ev)
{
    switch (ev) {
    case EV_RCV_FIN: return TS_TIME_WAIT;
    case EV_RESEND_FIN: return TS_FIN_WAIT_1;
    default: return TS_FIN_WAIT_2;
    }
}

static tt_state on_close_wait(tt_event ev)
{
    switch (ev) {
    case EV_SEND_FIN: return TS_LAST_ACK;
    case EV_SEND_CROSSING_FIN: return TS_CLOSING; /* FIN_WAIT_1, then the peer's FIN arrives */
    default: return TS_CLOSE_WAIT;
    }
}

static tt_state on_closing(tt_event ev)
{
    return ev == EV_RCV_ACK_OF_FIN ? TS_TIME_WAIT : TS_CLOSING;
}

static tt_state on_last_ack(tt_event ev)
{
    return ev == EV_RCV_ACK_OF_FIN ? TS_CLOSED : TS_LAST_ACK;
}

static tt_state on_time_wait(tt_event ev)
{
    return ev == EV_RESEND_FIN ? TS_CLOSING : TS_TIME_WAIT;
}

tt_state tt_next_state(tt_state s, tt_event ev)
{
    /* A reset ends every state except a listener's, which ignores it (section 3.10.7.1). */
    if (ev == EV_SEND_RST || ev == EV_RCV_RST)
        return (s == TS_LISTEN && ev == EV_RCV_RST) ? TS_LISTEN : TS_CLOSED;
    if (ev == EV_SEND_CROSSING_FIN && s != TS_CLOSE_WAIT)
        ev = EV_SEND_FIN;
    switch (s) {
    case TS_CLOSED: return on_closed(ev);
    case TS_LISTEN: return on_listen(ev);
    case TS_SYN_SENT: return on_syn_sent(ev);
    case TS_SYN_RCVD: return on_syn_rcvd(ev);
    case TS_ESTABLISHED: return on_established(ev);
    case TS_FIN_WAIT_1: return on_fin_wait_1(ev);
    case TS_FIN_WAIT_2: return on_fin_wait_2(ev);
    case TS_CLOSE_WAIT: return on_close_wait(ev);
    case TS_CLOSING: return on_closing(ev);
    case TS_LAST_ACK: return on_last_ack(ev);
    case TS_TIME_WAIT: return on_time_wait(ev);
    case TS_COUNT: break;
    }
    return s;
}

/* Events that undo one: an RST the conversation evidently survived (back to the state before it),
 * and an acknowledgement the endpoint evidently never got (back to the state before the frame that
 * carried it). */
enum { EV_RST_SURVIVED = TT_EVENT_COUNT, EV_ACK_LOST };

/* The one place an endpoint's state changes after the start: a diagram event, or the undoing of an
 * RST or an acknowledgement that the rest of the capture shows did not take effect. */
static void move(tt_endpoint *e, int ev)
{
    if (ev == EV_RST_SURVIVED || ev == EV_ACK_LOST) {
        e->state = ev == EV_RST_SURVIVED ? e->state_before_rst : e->before_moved;
        return;
    }
    e->state = tt_next_state(e->state, (tt_event)ev);
}

/* Moves receiver e on an acknowledgement of its SYN or FIN carried by frame, remembering the frame
 * in case e later shows it never got it. */
static void move_acked(tt_endpoint *e, tt_event ev, uint32_t frame)
{
    tt_state before = e->state;

    move(e, ev);
    if (e->state != before) {
        e->moved_by = frame;
        e->before_moved = before;
    }
}

/* The sender re-sends what frame e->moved_by acknowledged: that frame never reached it. Back to
 * the state before it (the diagram's event ev when the frame is unknown), noted for the final
 * view. */
static void ack_lost(tt_conv *c, tt_endpoint *e, tt_role role, tt_event ev, uint32_t frame)
{
    if (e->moved_by == 0) {
        move(e, ev);
        return;
    }
    if (c->lost_count < TT_MAX_LOST)
        c->lost[c->lost_count++] =
            (tt_lost){e->moved_by, frame, (uint8_t)role, (uint8_t)e->before_moved};
    move(e, EV_ACK_LOST);
    e->moved_by = 0;
}

bool tt_conv_same_attempt(const tt_conv *c, uint8_t flags, uint32_t seq)
{
    return (flags & (TT_SYN | TT_ACK | TT_RST)) == TT_SYN && c->client.isn_known &&
           c->client.syn_count > 0 && seq == c->client.isn && c->client.state == TS_SYN_SENT;
}

/* ---- Conversation start: who is the client ---- */

void tt_conv_init(tt_conv *c, uint16_t port_a, uint16_t port_b, bool port_reused)
{
    memset(c, 0, sizeof *c);
    c->client.port = port_a; /* provisional: roles are fixed by the first segment */
    c->server.port = port_b;
    c->client.wscale = c->server.wscale = TT_WSCALE_UNKNOWN;
    c->role_of_a = TR_CLIENT;
    c->port_reused = port_reused;
}

/* Zeek's rule when no SYN tells the roles: the well-known port (below 1024), else the lower port,
 * is the server's; equal ports leave the first sender as the client. */
static tt_role sender_role_by_ports(uint16_t sport, uint16_t dport)
{
    bool s_known = sport < 1024, d_known = dport < 1024;
    if (s_known != d_known)
        return s_known ? TR_SERVER : TR_CLIENT;
    if (sport != dport)
        return sport < dport ? TR_SERVER : TR_CLIENT;
    return TR_CLIENT;
}

/* Fixes roles and the initial states, before any event, from the first captured segment (always
 * sent by endpoint A). */
static void start(tt_conv *c, const tt_segment *s)
{
    uint16_t port_a = c->client.port, port_b = c->server.port;
    uint8_t kind = s->flags & (TT_SYN | TT_ACK | TT_RST);
    tt_role sender;

    if (kind == TT_SYN)
        sender = TR_CLIENT;
    else if (kind == (TT_SYN | TT_ACK))
        sender = TR_SERVER;
    else
        sender = sender_role_by_ports(port_a, port_b);
    c->role_of_a = sender;
    c->client.port = sender == TR_CLIENT ? port_a : port_b;
    c->server.port = sender == TR_CLIENT ? port_b : port_a;

    c->started = true;
    c->first_frame = s->frame;
    tt_zeek_init(&c->zeek, sender != TR_CLIENT); /* Zeek's originator is our client */
    c->handshake_from_start = kind == TT_SYN;
    if (kind == TT_SYN) {
        c->client.state = TS_CLOSED;
        c->server.state = TS_LISTEN;
    } else if (kind == (TT_SYN | TT_ACK)) {
        c->client.state = TS_SYN_SENT; /* its SYN was not captured (yet) */
        c->server.state = TS_LISTEN;
    } else {
        c->client.state = TS_ESTABLISHED; /* mid-stream: assume an open connection */
        c->server.state = TS_ESTABLISHED;
    }
}

/* ---- Sequence space ---- */

/* True when segment s acknowledges the sequence number pos (its ack lies beyond it). */
static bool acks(const tt_segment *s, uint32_t pos)
{
    return (s->flags & TT_ACK) && seq_after(s->ack, pos);
}

/* True when s's ack is acceptable to e per section 3.10.7.3: SND.UNA < SEG.ACK =< SND.NXT, with the
 * SYN (or FIN) at position pos as the oldest unacknowledged byte. */
static bool acceptable(const tt_endpoint *e, const tt_segment *s, uint32_t pos)
{
    return acks(s, pos) && !seq_after(s->ack, e->next_seq);
}

/* The sequence number just past segment s: its payload, SYN and FIN each count. */
static uint32_t seg_end(const tt_segment *s)
{
    return s->seq + s->len + ((s->flags & TT_SYN) ? 1 : 0) + ((s->flags & TT_FIN) ? 1 : 0);
}

/* True in the states of section 3.10.7.4 (SYN_RCVD and after): the ACK field is processed. */
static bool synchronized(tt_state st)
{
    return st != TS_CLOSED && st != TS_LISTEN && st != TS_SYN_SENT;
}

/* True when an endpoint in state st may send s as a real TCP would (RFC 9293 section 3.10): the
 * property every shown state must satisfy unless the segment is flagged. */
static bool may_send(tt_state st, const tt_endpoint *e, const tt_segment *s)
{
    uint8_t f = s->flags;

    if (f & TT_RST)
        return true;
    if ((f & (TT_SYN | TT_ACK)) == TT_SYN)
        return st == TS_CLOSED || st == TS_LISTEN || st == TS_SYN_SENT || st == TS_SYN_RCVD ||
               st == TS_TIME_WAIT;
    if (f & TT_SYN)
        return st == TS_SYN_SENT || st == TS_SYN_RCVD;
    if (!(f & TT_ACK) || !synchronized(st))
        return false;
    if (st == TS_SYN_RCVD)
        return s->len == 0 && !(f & TT_FIN);
    if (f & TT_FIN) /* a first FIN, or its retransmission while it waits for the ACK */
        return st == TS_ESTABLISHED || st == TS_CLOSE_WAIT ||
               (e->fin_sent && s->seq + s->len == e->fin_pos &&
                (st == TS_FIN_WAIT_1 || st == TS_CLOSING || st == TS_LAST_ACK));
    return !e->fin_sent || s->len == 0 || !seq_after(s->seq + s->len, e->fin_pos);
}

/* ---- Evidence about the sender: what it must have received, or not, to send this ---- */

/* Marks the segment as proof of an uncaptured one. */
static void inferred(tt_verdict *v, tt_inferred what)
{
    v->anomalies |= TT_BIT(TA_SEGMENT_NOT_CAPTURED);
    v->inferred = (uint8_t)what;
}

/* The SYN+ACK the sender (in SYN_SENT) acknowledges was not captured but arrived: both endpoints
 * go through it. */
static void infer_synack(tt_conv *c, const tt_segment *s, tt_endpoint *snd, tt_endpoint *rcv,
                         tt_verdict *v)
{
    if (!rcv->isn_known) {
        rcv->isn = s->ack - 1; /* y: what this ack implies */
        rcv->isn_known = true;
        rcv->next_seq = s->ack;
        rcv->sent_any = true;
    }
    if (rcv->state == TS_LISTEN)
        move(rcv, EV_RCV_SYN);
    move(rcv, EV_SEND_SYNACK);
    move(snd, EV_RCV_SYNACK);
    snd->rcv_nxt = s->ack;
    snd->rcv_known = true;
    c->synack_acked = true;
    inferred(v, TN_SYNACK);
}

/* True when s, from snd in SYN_RCVD, acknowledges more than rcv's SYN (and the data it carried):
 * data from rcv arrived, so its handshake completed. Without rcv's SYN, snd's own SYN+ACK says
 * what the SYN was. */
static bool acks_past_syn(const tt_conv *c, const tt_segment *s, const tt_endpoint *snd,
                          const tt_endpoint *rcv)
{
    if (rcv->isn_known)
        return seq_after(s->ack, rcv->isn + 1 + rcv->syn_len);
    return snd == &c->server && snd->synack_count > 0 && seq_after(s->ack, c->first_synack_ack);
}

/* Corrects the sender's state from what it sends, before its state before the segment is shown:
 * a retransmission shows that what acknowledged its SYN, SYN+ACK or FIN never reached it; a segment
 * only an open connection sends shows an uncaptured SYN+ACK or third ACK arrived; any segment from
 * a side an RST closed shows the conversation survived that RST. */
static void explain_sender(tt_conv *c, const tt_segment *s, tt_role from, tt_endpoint *snd,
                           tt_endpoint *rcv, tt_verdict *v)
{
    uint8_t f = s->flags;
    bool repeat = snd->isn_known && s->seq == snd->isn &&
                  ((f & TT_ACK) ? snd->synack_count : snd->syn_count) > 0;

    if (f & TT_RST)
        return;
    if ((f & (TT_SYN | TT_ACK)) == TT_SYN) {
        if (snd->state == TS_ESTABLISHED && repeat && !snd->fin_sent)
            ack_lost(c, snd, from, EV_RESEND_SYN, s->frame); /* the SYN+ACK never reached it */
        return;
    }
    if (f & TT_SYN) {
        if (snd->state == TS_LISTEN)
            move(snd, EV_RCV_SYN); /* the SYN this answers was not captured */
        else if (snd->state == TS_ESTABLISHED && from == TR_SERVER && !c->simultaneous_open &&
                 repeat && !snd->fin_sent)
            ack_lost(c, snd, from, EV_RESEND_SYNACK, s->frame); /* the third ACK never came */
        return;
    }
    if (!(f & TT_ACK))
        return;
    if (c->rst_open && snd->state_before_rst != TS_CLOSED && snd->state_before_rst != TS_LISTEN) {
        /* both sides CLOSED by the RST ever since, and the sender had a connection to go on with */
        move(&c->client, EV_RST_SURVIVED); /* the RST was not accepted, or not its own */
        move(&c->server, EV_RST_SURVIVED);
        c->survived.frame = c->rst_frame;
        c->survived.until = s->frame;
        c->survived.client = (uint8_t)c->client.state;
        c->survived.server = (uint8_t)c->server.state;
        c->rst_open = c->refused = false;
        v->anomalies |= TT_BIT(TA_RST_IGNORED);
    }
    if (snd->state == TS_SYN_SENT && snd->isn_known && seq_after(s->seq, snd->isn) &&
        rcv->synack_count == 0) {
        infer_synack(c, s, snd, rcv, v);
        return;
    }
    if (snd->state == TS_SYN_RCVD && !c->simultaneous_open &&
        (s->len > 0 || (f & TT_FIN) || acks_past_syn(c, s, snd, rcv))) {
        if (rcv->state == TS_SYN_SENT)
            move(rcv, EV_RCV_SYNACK);
        move(snd, EV_RCV_ACK_OF_SYN); /* the third ACK is not in the capture, but it arrived */
        c->third_ack_done = c->synack_acked = true;
        inferred(v, TN_THIRD_ACK);
        return;
    }
    if ((f & TT_FIN) && snd->fin_sent && s->seq + s->len == snd->fin_pos &&
        (snd->state == TS_FIN_WAIT_2 || snd->state == TS_TIME_WAIT || snd->state == TS_CLOSED))
        ack_lost(c, snd, from, EV_RESEND_FIN, s->frame); /* the ACK of its FIN never came */
}

/* ---- The receiver's checks (RFC 9293 section 3.10.7, RFC 5961) ---- */

/* True when receiver rcv's last offered window bounds segment s of snd: the window is known, and
 * nothing of snd's that rcv may have accepted is missing from the capture (no gap before s, or rcv
 * still in SYN_RCVD, whose window only its SYN+ACK set). */
static bool window_binds(const tt_endpoint *rcv, const tt_endpoint *snd, const tt_segment *s)
{
    return rcv->win_known &&
           (rcv->state == TS_SYN_RCVD || !snd->sent_any || !seq_after(s->seq, snd->next_seq));
}

/* RCV.WND of rcv for segment s: the window it last offered, or the largest one possible while
 * that does not bind s. */
static int64_t window(const tt_endpoint *rcv, const tt_endpoint *snd, const tt_segment *s)
{
    return (int64_t)(window_binds(rcv, snd, s) ? rcv->wnd : MAX_WINDOW);
}

/* Why the receiver drops s, or TI_NONE when it accepts it; *peer_data is set when the ack covers
 * data of the receiver that the capture never showed. */
static tt_ignored judge(const tt_segment *s, const tt_endpoint *snd, const tt_endpoint *rcv,
                        bool *peer_data)
{
    uint8_t f = s->flags;
    bool same_isn = snd->isn_known && s->seq == snd->isn;
    bool known = rcv->sent_any || rcv->isn_known;

    *peer_data = false;
    if (f & TT_RST) {
        if (rcv->state == TS_SYN_SENT) /* section 3.10.7.3: only if it acknowledges the SYN */
            return rcv->isn_known && !acceptable(rcv, s, rcv->isn) ? TI_RST_BAD_ACK : TI_NONE;
        if (rcv->state == TS_SYN_RCVD && rcv->rcv_known &&
            (seq_diff(s->seq, rcv->rcv_nxt) < 0 ||
             seq_diff(s->seq, rcv->rcv_nxt) > window(rcv, snd, s)))
            return TI_RST_NOT_MATCHING; /* section 3.10.7.4: in SYN_RCVD, any seq in the window */
        if (synchronized(rcv->state) && rcv->state != TS_SYN_RCVD && rcv->rcv_known &&
            s->seq != rcv->rcv_nxt)
            return TI_RST_NOT_MATCHING; /* RFC 5961 section 3.2: only an exact match resets */
        return TI_NONE;
    }
    if (f & TT_SYN) {
        if (synchronized(rcv->state) && rcv->state != TS_SYN_RCVD && !same_isn &&
            rcv->state != TS_TIME_WAIT)
            return TI_SYN_SYNCHRONIZED;
        if ((f & TT_ACK) && rcv->state == TS_LISTEN)
            return TI_BAD_ACK;
        if ((f & TT_ACK) && rcv->isn_known && !synchronized(rcv->state) &&
            !acceptable(rcv, s, rcv->isn))
            return TI_BAD_ACK;
        return TI_NONE;
    }
    if (!(f & TT_ACK))
        return TI_NO_ACK;
    if (rcv->state == TS_LISTEN)
        return TI_BAD_ACK;
    if (!synchronized(rcv->state))
        return TI_NO_CONNECTION;
    if (rcv->rcv_known && seq_diff(s->seq, rcv->rcv_nxt) > window(rcv, snd, s))
        return window_binds(rcv, snd, s)
                   ? TI_OUT_OF_WINDOW /* 3.10.7.4: SEG.SEQ < RCV.NXT+RCV.WND */
                   : TI_BEYOND_ANY_WINDOW;
    if (known && seq_after(s->ack, rcv->next_seq)) {
        if (rcv->fin_sent || rcv->state == TS_SYN_RCVD)
            return TI_BAD_ACK; /* it acknowledges what was never sent: ACK back, drop */
        *peer_data = true;
    }
    if (rcv->state == TS_SYN_RCVD && rcv->isn_known && !acks(s, rcv->isn))
        return TI_BAD_ACK;
    return TI_NONE;
}

/* ---- Step labels: one table of transitions ---- */

/* What a segment is to the step table. */
typedef enum seg_kind {
    K_SYN,                 /* SYN without ACK */
    K_SYNACK,              /* SYN+ACK */
    K_ACK_SYN,             /* the client's ACK of the server's SYN */
    K_FIN,                 /* a first FIN, the receiver having sent none */
    K_FIN_CROSSING,        /* a first FIN that does not acknowledge the receiver's FIN */
    K_FIN_ACKS_FIN,        /* a first FIN that acknowledges the receiver's FIN */
    K_FIN_AGAIN,           /* a FIN at its first FIN's position again */
    K_FIN_AGAIN_ACKS_FIN1, /* the same, now acknowledging the receiver's FIN, the first one */
    K_FIN_AGAIN_ACKS_FIN2, /* the same, now acknowledging the receiver's FIN, the second one */
    K_ACK_FIN1,            /* an ACK of the receiver's FIN, the conversation's first */
    K_ACK_FIN2             /* an ACK of the receiver's FIN, the second */
} seg_kind;

#define M(s) (1u << (s))
#define ANY  0xffffu
enum { TL_REPEAT = TL_COUNT }; /* the label of the step this segment repeats */

/* A transition: the kind of segment and the states of its sender and receiver before it (bit
 * sets), and the step it is. The first matching row wins; no row: no step. */
static const struct step_rule {
    uint8_t kind;
    uint16_t sender, receiver;
    uint8_t label;
} step_rules[] = {
    {K_SYN, ANY, ANY, TL_HANDSHAKE_1},
    {K_SYNACK, ANY, ANY, TL_HANDSHAKE_2},
    {K_ACK_SYN, ANY, M(TS_SYN_RCVD), TL_HANDSHAKE_3},
    {K_FIN, M(TS_SYN_RCVD) | M(TS_ESTABLISHED), M(TS_SYN_RCVD) | M(TS_ESTABLISHED), TL_WAVE_1},
    {K_FIN_CROSSING, M(TS_CLOSE_WAIT), M(TS_FIN_WAIT_1), TL_WAVE_3}, /* section 3.6 */
    {K_FIN_ACKS_FIN, M(TS_CLOSE_WAIT), M(TS_FIN_WAIT_1), TL_WAVE_2_3},
    {K_FIN_ACKS_FIN, M(TS_CLOSE_WAIT), M(TS_FIN_WAIT_2), TL_WAVE_3},
    {K_FIN_AGAIN_ACKS_FIN1, M(TS_CLOSING), M(TS_CLOSING), TL_WAVE_2}, /* after crossing FINs */
    {K_FIN_AGAIN_ACKS_FIN2, M(TS_CLOSING), M(TS_CLOSING), TL_WAVE_4},
    {K_FIN_AGAIN, ANY, ANY, TL_REPEAT},
    {K_FIN_AGAIN_ACKS_FIN1, ANY, ANY, TL_REPEAT},
    {K_FIN_AGAIN_ACKS_FIN2, ANY, ANY, TL_REPEAT},
    {K_ACK_FIN1, M(TS_CLOSE_WAIT) | M(TS_CLOSING) | M(TS_TIME_WAIT),
     M(TS_FIN_WAIT_1) | M(TS_CLOSING), TL_WAVE_2},
    {K_ACK_FIN2, M(TS_TIME_WAIT) | M(TS_CLOSING), M(TS_LAST_ACK) | M(TS_CLOSING), TL_WAVE_4},
};

/* The step of a transition, per step_rules. */
static uint8_t step_of(seg_kind k, tt_state sender, tt_state receiver)
{
    for (size_t i = 0; i < sizeof step_rules / sizeof step_rules[0]; i++) {
        const struct step_rule *r = &step_rules[i];
        if (r->kind == k && (r->sender & M(sender)) && (r->receiver & M(receiver)))
            return r->label;
    }
    return TL_NONE;
}

/* Records the ack check of a step that must acknowledge up to `expected`; a TFO SYN also allows
 * `alt`. */
static void check_ack(tt_verdict *v, uint32_t expected, uint32_t alt)
{
    if (v->ack == expected || v->ack == alt) {
        v->ack_check = TT_ACK_OK;
        v->ack_expected = v->ack;
    } else {
        v->ack_check = TT_ACK_WRONG;
        v->ack_expected = expected;
        v->anomalies |= TT_BIT(TA_ACK_MISMATCH);
    }
}

/* RST: refused when it answers a SYN that got nothing else, an abort otherwise (section 3.10.7). */
static void classify_rst(tt_conv *c, tt_role from, tt_verdict *v)
{
    bool answers_syn = from == TR_SERVER && c->client.syn_count > 0 && !c->server_spoke;
    v->anomalies |= TT_BIT(answers_syn ? TA_CONNECTION_REFUSED : TA_RST_ABORT);
    c->refused |= answers_syn;
    c->reset_seen = true;
}

/* SYN is handshake 1, SYN+ACK handshake 2; the same ISN again from a side still waiting for the
 * answer is a retransmission. A receiver that drops it keeps its idea of the sender's ISN. */
static void classify_syn(tt_conv *c, const tt_segment *s, tt_role from, tt_endpoint *snd,
                         tt_endpoint *rcv, bool ignored, tt_verdict *v)
{
    bool synack = (s->flags & TT_ACK) != 0;
    uint32_t *count = synack ? &snd->synack_count : &snd->syn_count;
    bool repeat = *count > 0 && snd->isn_known && s->seq == snd->isn;

    (*count)++;
    if (!repeat && (!ignored || !snd->isn_known)) {
        snd->isn = s->seq;
        snd->isn_known = true;
        snd->syn_len = s->len;
    }
    v->seq_off = seq_diff(s->seq, snd->isn);
    v->label = step_of(synack ? K_SYNACK : K_SYN, snd->state, rcv->state);
    if (!synack) {
        if (from == TR_CLIENT) {
            c->syn_seen = true;
            if (c->first_syn_frame == 0) {
                c->first_syn_frame = s->frame;
                c->syn_timed = s->timed;
                c->first_syn_us = s->time_us;
            }
        } else if (!c->simultaneous_open) {
            c->simultaneous_open = true;
            v->anomalies |= TT_BIT(TA_SIMULTANEOUS_OPEN);
        }
        if (repeat && (snd->state == TS_SYN_SENT || snd->state == TS_SYN_RCVD))
            v->anomalies |= TT_BIT(TA_SYN_RETRANSMISSION); /* from CLOSED: a new attempt */
        if (s->len > 0)
            v->anomalies |= TT_BIT(TA_FAST_OPEN);
        return;
    }
    if (from == TR_SERVER && c->first_synack_frame == 0) {
        c->first_synack_frame = s->frame;
        c->first_synack_ack = s->ack;
        c->synack_timed = s->timed;
        c->first_synack_us = s->time_us;
    }
    if (repeat)
        v->anomalies |= TT_BIT(TA_SYNACK_RETRANSMISSION);
    if (!rcv->isn_known) {
        c->first_synack_unchecked |= from == TR_SERVER && s->frame == c->first_synack_frame;
        rcv->isn = s->ack - 1; /* for the notation only: x is what this ack implies */
        v->ack_off = 1;
        return;
    }
    v->ack_off = seq_diff(s->ack, rcv->isn);
    check_ack(v, rcv->isn + 1 + rcv->syn_len, rcv->isn + 1);
}

/* A FIN's step comes from step_rules: wave 1, 3 or 2+3 for a first FIN, its own label again for a
 * retransmission (wave 2 or 4 when it now acknowledges the crossing FIN); a FIN further on, or
 * one without ACK, is no step. */
static void classify_fin(tt_conv *c, const tt_segment *s, tt_role from, tt_endpoint *snd,
                         tt_endpoint *rcv, tt_verdict *v)
{
    uint32_t pos = s->seq + s->len;
    bool again = snd->fin_sent && pos == snd->fin_pos;
    bool acks_fin = rcv->fin_sent && acks(s, rcv->fin_pos);
    const tt_endpoint *closer;
    seg_kind k;

    if ((snd->fin_sent && !again) || !(s->flags & TT_ACK))
        return; /* a FIN further on: the data check speaks; without ACK: no TCP sends it */
    if (again && acks_fin)
        k = from != c->closer ? K_FIN_AGAIN_ACKS_FIN1 : K_FIN_AGAIN_ACKS_FIN2;
    else
        k = again           ? K_FIN_AGAIN
            : acks_fin      ? K_FIN_ACKS_FIN
            : rcv->fin_sent ? K_FIN_CROSSING
                            : K_FIN;
    v->label = step_of(k, snd->state, rcv->state);
    if (v->label == TL_REPEAT)
        v->label = snd->fin_label;
    if (again)
        v->anomalies |= TT_BIT(TA_FIN_RETRANSMISSION);
    if (v->label == TL_NONE)
        return;
    if (!again) {
        if (!c->closing) {
            c->closing = true;
            c->closer = from;
        }
        snd->fin_sent = true;
        snd->fin_seq = s->seq;
        snd->fin_pos = pos;
        snd->fin_label = v->label;
        if (v->label == TL_WAVE_3 && !acks_fin) {
            v->anomalies |= TT_BIT(TA_SIMULTANEOUS_CLOSE);
            c->simultaneous_close = true;
        }
    }
    closer = tt_conv_endpoint(c, c->closer);
    if (v->label == TL_WAVE_2 || v->label == TL_WAVE_4) { /* re-sent, acking the crossing FIN */
        v->seq_off = v->label == TL_WAVE_4 ? seq_diff(s->seq, snd->fin_seq) : 0;
        v->ack_off = seq_diff(s->ack, rcv->fin_seq);
        check_ack(v, rcv->fin_pos + 1, rcv->fin_pos + 1);
        return;
    }
    v->seq_off = seq_diff(s->seq, snd->fin_seq);
    if (v->label != TL_WAVE_1 && (s->flags & TT_ACK))
        v->ack_off = seq_diff(s->ack, closer->fin_seq);
    if (v->label == TL_WAVE_2_3 && (s->flags & TT_ACK))
        check_ack(v, closer->fin_pos + 1, closer->fin_pos + 1);
}

/* An ACK without SYN/FIN/RST is handshake 3, wave 2 or wave 4 when step_rules says so: when its
 * receiver waits for exactly that acknowledgement. */
static void classify_ack(tt_conv *c, const tt_segment *s, tt_role from, const tt_endpoint *snd,
                         const tt_endpoint *rcv, tt_verdict *v)
{
    if (!(s->flags & TT_ACK))
        return;
    if (from == TR_CLIENT && rcv->isn_known && !c->simultaneous_open && acks(s, rcv->isn) &&
        step_of(K_ACK_SYN, snd->state, rcv->state) == TL_HANDSHAKE_3) {
        v->label = TL_HANDSHAKE_3;
        v->seq_off = seq_diff(s->seq, snd->isn);
        v->ack_off = seq_diff(s->ack, rcv->isn);
        check_ack(v, rcv->isn + 1 + rcv->syn_len, rcv->isn + 1 + rcv->syn_len);
        if (!c->third_ack_done && s->len > 0)
            v->anomalies |= TT_BIT(TA_THIRD_ACK_WITH_DATA);
        c->third_ack_done = c->synack_acked = true;
        return;
    }
    if (!rcv->fin_sent || !acks(s, rcv->fin_pos))
        return;
    v->label = step_of(from != c->closer ? K_ACK_FIN1 : K_ACK_FIN2, snd->state, rcv->state);
    if (v->label == TL_WAVE_2) {
        v->ack_off = seq_diff(s->ack, rcv->fin_seq);
    } else if (v->label == TL_WAVE_4) {
        v->seq_off = seq_diff(s->seq, snd->fin_seq);
        v->ack_off = seq_diff(s->ack, rcv->fin_seq);
    } else {
        return;
    }
    check_ack(v, rcv->fin_pos + 1, rcv->fin_pos + 1);
}

/* Payload checks: new data beyond the sender's own FIN, or the passive side still sending new data
 * after it acknowledged the closer's FIN (a half-close, RFC 9293 section 3.6). */
static void check_data(const tt_conv *c, const tt_segment *s, tt_role from, tt_endpoint *snd,
                       const tt_endpoint *rcv, tt_verdict *v)
{
    if (s->len == 0 || (s->flags & (TT_SYN | TT_RST)))
        return;
    if (snd->fin_sent && seq_after(s->seq + s->len, snd->fin_pos)) {
        v->anomalies |= TT_BIT(TA_DATA_AFTER_FIN);
    } else if (c->closing && from != c->closer && !snd->half_close_noted && rcv->fin_sent &&
               acks(s, rcv->fin_pos) && !snd->fin_sent &&
               (!snd->sent_any || seq_after(s->seq + s->len, snd->next_seq))) {
        snd->half_close_noted = true;
        v->anomalies |= TT_BIT(TA_HALF_CLOSE);
    }
}

/* ---- State changes ---- */

/* The sender's event: it sent a SYN, SYN+ACK, FIN (a crossing one when it does not acknowledge the
 * FIN the capture already delivered to it) or RST. */
static void sender_moves(const tt_segment *s, tt_endpoint *snd, const tt_endpoint *rcv)
{
    uint8_t f = s->flags;

    if (f & TT_RST)
        move(snd, EV_SEND_RST);
    else if ((f & (TT_SYN | TT_ACK)) == (TT_SYN | TT_ACK))
        move(snd, EV_SEND_SYNACK);
    else if (f & TT_SYN)
        move(snd, EV_SEND_SYN);
    else if ((f & TT_FIN) && (f & TT_ACK))
        move(snd, rcv->fin_sent && !acks(s, rcv->fin_pos) ? EV_SEND_CROSSING_FIN : EV_SEND_FIN);
}

/* The receiver's events for an accepted segment, in the order of section 3.10.7.4 (RST, SYN, ACK,
 * FIN), and its RCV.NXT. */
static void receiver_moves(tt_conv *c, const tt_segment *s, tt_endpoint *rcv)
{
    uint8_t f = s->flags;
    uint32_t end = seg_end(s);

    if (f & TT_RST) {
        bool was_open = rcv->state != TS_CLOSED && rcv->state != TS_LISTEN;
        move(rcv, EV_RCV_RST);
        c->rst_open = was_open;
        return;
    }
    if ((f & (TT_SYN | TT_ACK)) == (TT_SYN | TT_ACK))
        move_acked(rcv, EV_RCV_SYNACK, s->frame);
    else if (f & TT_SYN)
        move(rcv, EV_RCV_SYN);
    else if ((f & TT_ACK) && rcv->isn_known && rcv->state == TS_SYN_RCVD &&
             acceptable(rcv, s, rcv->isn)) {
        move_acked(rcv, EV_RCV_ACK_OF_SYN, s->frame);
        c->third_ack_done |= rcv == &c->server; /* any segment can be the third ACK */
    }
    if (rcv->fin_sent && acceptable(rcv, s, rcv->fin_pos))
        move_acked(rcv, EV_RCV_ACK_OF_FIN, s->frame);
    if ((f & (TT_FIN | TT_ACK | TT_SYN)) == (TT_FIN | TT_ACK)) /* a SYN's FIN is not modelled */
        move(rcv, EV_RCV_FIN);
    if (!rcv->rcv_known || seq_after(end, rcv->rcv_nxt))
        rcv->rcv_nxt = end;
    rcv->rcv_known = true;
}

/* Advances the sender's SND.NXT (SYN and FIN included) and records the window it offers: scaled
 * when both SYNs offered a shift (RFC 7323 section 2.2, at most 14), unknown while a SYN was not
 * captured (the scale could be anything, so no segment is judged by that window). */
static void sender_sent(tt_endpoint *snd, const tt_endpoint *rcv, const tt_segment *s)
{
    uint32_t end = seg_end(s);
    bool syn = (s->flags & TT_SYN) != 0, scaled;

    if (!snd->sent_any || seq_after(end, snd->next_seq))
        snd->next_seq = end;
    snd->sent_any = true;
    if (syn && s->win_known)
        snd->wscale = s->wscale;
    if (!s->win_known)
        return;
    if (!syn && (snd->wscale == TT_WSCALE_UNKNOWN || rcv->wscale == TT_WSCALE_UNKNOWN)) {
        snd->win_known = false;
        return;
    }
    scaled = !syn && snd->wscale != TT_WSCALE_NONE && rcv->wscale != TT_WSCALE_NONE;
    snd->wnd = (uint32_t)s->win << (scaled ? (snd->wscale > 14 ? 14 : snd->wscale) : 0);
    snd->win_known = true; /* a SYN's own window is never scaled */
}

/* True when a SYN or SYN+ACK only looks late: a SYN captured after its own SYN+ACK (reordering), or
 * the second SYN+ACK of a simultaneous open, sent before the first one arrived. */
static bool crossing_syn(const tt_conv *c, const tt_segment *s, const tt_endpoint *snd)
{
    if (!(s->flags & TT_SYN) || snd->state != TS_ESTABLISHED)
        return false;
    if (s->flags & TT_ACK)
        return c->simultaneous_open;
    return !snd->isn_known && c->first_synack_frame == c->first_frame &&
           s->seq + 1 == c->first_synack_ack;
}

/* True when s is a copy of the conversation's previous segment captured within DUPLICATE_US. */
static bool duplicate(const tt_conv *c, const tt_segment *s)
{
    const tt_segment *p = &c->last;
    return c->have_last && s->timed && p->timed && p->from_a == s->from_a && p->flags == s->flags &&
           p->seq == s->seq && p->ack == s->ack && p->len == s->len && s->time_us >= p->time_us &&
           s->time_us - p->time_us < DUPLICATE_US;
}

/* True when segment s shows that its sender's peer sent something while the capture ran: its ack
 * differs from the sender's first captured ack, or it acknowledges after the sender's own captured
 * SYN (so the answer to that SYN came later). One unchanging ack proves nothing: it may cover bytes
 * sent before the capture started (a capture that starts mid-stream). Notes the first ack. */
static bool acks_live_peer(tt_endpoint *snd, const tt_segment *s)
{
    bool live;

    if (!(s->flags & TT_ACK))
        return false;
    live = (snd->acked_any && s->ack != snd->first_ack) ||
           (snd->syn_count > 0 && !(s->flags & TT_SYN));
    if (!snd->acked_any) {
        snd->acked_any = true;
        snd->first_ack = s->ack;
    }
    return live;
}

/* The number of problems in set a (no work for an empty set, the common case). */
static uint32_t problems_in(tt_anomaly_set a)
{
    uint32_t n = 0;
    for (int i = 0; a != 0; i++, a >>= 1)
        n += (a & 1) && tt_anomaly_info[i].problem;
    return n;
}

void tt_conv_segment(tt_conv *c, const tt_segment *s, tt_verdict *v)
{
    bool first = !c->started, peer_data, unexpected;
    tt_role from;
    tt_endpoint *snd, *rcv;
    tt_ignored ignored;

    if (first)
        start(c, s);
    from = s->from_a ? c->role_of_a : other(c->role_of_a);
    snd = tt_conv_endpoint(c, from);
    rcv = tt_conv_endpoint(c, other(from));

    memset(v, 0, sizeof *v);
    v->frame = s->frame;
    v->seq = s->seq;
    v->ack = s->ack;
    v->len = s->len;
    v->flags = s->flags;
    v->from = (uint8_t)from;
    if (duplicate(c, s)) { /* the same frame captured twice: it moves nothing */
        c->last = *s;
        v->anomalies = TT_BIT(TA_DUPLICATE_FRAME);
        v->client_before = v->client_after = (uint8_t)c->client.state;
        v->server_before = v->server_after = (uint8_t)c->server.state;
        tt_zeek_segment(&c->zeek, from == TR_CLIENT, s);
        return;
    }
    c->last = *s;
    c->have_last = true;
    if (first && !c->handshake_from_start)
        v->anomalies |= TT_BIT(TA_HANDSHAKE_NOT_CAPTURED);
    if (first && c->port_reused)
        v->anomalies |= TT_BIT(TA_PORT_REUSE);
    if (from == TR_SERVER)
        c->server_answered = true;
    else
        c->client_spoke = true;
    if (from == TR_SERVER && !(s->flags & TT_RST))
        c->server_spoke = true; /* sent something other than RST: a later RST is no refusal */
    c->peer_sent_live |= acks_live_peer(snd, s);

    explain_sender(c, s, from, snd, rcv, v);
    v->client_before = (uint8_t)c->client.state;
    v->server_before = (uint8_t)c->server.state;
    ignored = judge(s, snd, rcv, &peer_data);
    unexpected = !may_send(snd->state, snd, s) && !crossing_syn(c, s, snd);

    if (ignored != TI_NONE) {
        v->anomalies |= TT_BIT(TA_SEGMENT_IGNORED);
        v->ignored = (uint8_t)ignored;
    }
    if (s->flags & TT_RST) {
        if (ignored == TI_NONE)
            classify_rst(c, from, v);
    } else if (s->flags & TT_SYN)
        classify_syn(c, s, from, snd, rcv, ignored != TI_NONE, v);
    else if (s->flags & TT_FIN)
        classify_fin(c, s, from, snd, rcv, v);
    else
        classify_ack(c, s, from, snd, rcv, v);
    check_data(c, s, from, snd, rcv, v);
    if (unexpected && ignored == TI_NONE && !(v->anomalies & TT_BIT(TA_DATA_AFTER_FIN)))
        v->anomalies |= TT_BIT(TA_UNEXPECTED_SEGMENT);
    if (peer_data && ignored == TI_NONE) {
        if (rcv->sent_any && v->inferred == TN_NONE)
            inferred(v, TN_PEER_DATA);
        rcv->next_seq = s->ack;
    }
    tt_zeek_segment(&c->zeek, from == TR_CLIENT, s);

    if (!(ignored != TI_NONE && (s->flags & TT_RST)))
        sender_moves(s, snd, rcv);
    if ((s->flags & TT_RST) && ignored == TI_NONE) { /* kept in case the conversation survives */
        c->rst_frame = s->frame;
        c->client.state_before_rst = (tt_state)v->client_before;
        c->server.state_before_rst = (tt_state)v->server_before;
    }
    if (ignored == TI_NONE)
        receiver_moves(c, s, rcv);
    /* Something moved since the RST: what follows is no longer the RST's plain aftermath. */
    if (c->rst_open && (c->client.state != TS_CLOSED || c->server.state != TS_CLOSED))
        c->rst_open = false;
    sender_sent(snd, rcv, s);
    v->client_after = (uint8_t)c->client.state;
    v->server_after = (uint8_t)c->server.state;
    if (first)
        c->first_anomalies = v->anomalies;
    c->problems += problems_in(v->anomalies);
}

/* ---- The whole-capture rules: the final view (tshark -2, the GUI) ---- */

/* True when the capture, which reached end_us, went on long enough after a segment captured at t
 * for its answer to have come (an untimed segment: nothing to wait for), or when an RST ended the
 * conversation: no answer can come then. */
static bool waited(const tt_conv *c, bool timed, uint64_t t, uint64_t end_us)
{
    return !timed || c->rst_open || (end_us >= t && end_us - t >= TT_ANSWER_WAIT_US);
}

/* True when a SYN+ACK was captured and no third ACK, captured or inferred, followed it. */
static bool third_ack_missing(const tt_conv *c)
{
    return c->first_synack_frame != 0 && !c->third_ack_done && !c->simultaneous_open;
}

/* True when a client SYN was captured and the server neither answered nor was acknowledged. */
static bool syn_unanswered(const tt_conv *c)
{
    return c->first_syn_frame != 0 && !c->server_answered && !c->synack_acked;
}

/* What the whole capture adds, per frame it concerns, and what it withdraws from every frame. */
typedef struct final_marks {
    tt_anomaly_set on_first_syn, on_first_synack, on_first_frame, withdraw;
} final_marks;

/* The rules that need the whole capture, in one place (with c->lost, the segments lost after the
 * capture point, which tt_verdict_complete and tt_conv_summarize read too): a SYN+ACK nothing
 * acknowledged (missing_third_ack), a SYN nothing answered (syn_unanswered), a conversation seen
 * from one side only although that side acknowledges the other (one_sided), and a
 * handshake_not_captured withdrawn once the SYN turned up later. */
static final_marks final_rules(const tt_conv *c, uint64_t end_us)
{
    final_marks m = {0, 0, 0, 0};

    if (third_ack_missing(c))
        m.on_first_synack |=
            TT_BIT(waited(c, c->synack_timed, c->first_synack_us, end_us) ? TA_MISSING_THIRD_ACK
                                                                          : TA_CAPTURE_ENDS);
    if (syn_unanswered(c))
        m.on_first_syn |= TT_BIT(
            waited(c, c->syn_timed, c->first_syn_us, end_us) ? TA_SYN_UNANSWERED : TA_CAPTURE_ENDS);
    if (c->client_spoke != c->server_answered && c->peer_sent_live)
        m.on_first_frame |= TT_BIT(TA_ONE_SIDED);
    if (c->syn_seen)
        m.withdraw |= TT_BIT(TA_HANDSHAKE_NOT_CAPTURED);
    return m;
}

/* True when the final view corrects lost segment l: not when its frames overlap those of an RST
 * the conversation survived, whose states were taken in the uncorrected timeline; that view wins.
 */
static bool lost_corrected(const tt_conv *c, const tt_lost *l)
{
    return c->survived.frame == 0 || l->frame >= c->survived.until || l->until <= c->survived.frame;
}

/* True when the first SYN+ACK came before any SYN of the client, which turned up later: the final
 * view checks its ack then. */
static bool late_synack_check(const tt_conv *c)
{
    return c->first_synack_unchecked && c->client.isn_known;
}

/* True when that late check finds the first SYN+ACK's ack wrong (check_ack's rule). */
static bool late_synack_wrong(const tt_conv *c)
{
    uint32_t x1 = c->client.isn + 1;
    return late_synack_check(c) && c->first_synack_ack != x1 &&
           c->first_synack_ack != x1 + c->client.syn_len;
}

void tt_verdict_complete(const tt_conv *c, uint64_t end_us, tt_verdict *v)
{
    final_marks m = final_rules(c, end_us);

    if (late_synack_check(c) && v->frame == c->first_synack_frame &&
        v->ack_check ==
            TT_ACK_UNCHECKED) { /* the SYN was captured after its SYN+ACK (reordering) */
        v->ack_off = seq_diff(v->ack, c->client.isn);
        check_ack(v, c->client.isn + 1 + c->client.syn_len, c->client.isn + 1);
    }
    if (v->frame == c->first_synack_frame)
        v->anomalies |= m.on_first_synack;
    if (v->frame == c->first_syn_frame)
        v->anomalies |= m.on_first_syn;
    if (v->frame == c->first_frame)
        v->anomalies |= m.on_first_frame;
    v->anomalies &= ~m.withdraw;
    if (c->survived.frame != 0 && v->frame >= c->survived.frame && v->frame < c->survived.until) {
        if (v->frame == c->survived.frame) { /* the RST the conversation survived ended nothing */
            v->anomalies &= ~(TT_BIT(TA_RST_ABORT) | TT_BIT(TA_CONNECTION_REFUSED));
            v->anomalies |= TT_BIT(TA_RST_IGNORED);
        } else {
            v->client_before = c->survived.client;
            v->server_before = c->survived.server;
        }
        v->client_after = c->survived.client;
        v->server_after = c->survived.server;
    }
    for (int i = 0; i < c->lost_count; i++) {
        const tt_lost *l = &c->lost[i];
        uint8_t *before = l->role == TR_CLIENT ? &v->client_before : &v->server_before;
        uint8_t *after = l->role == TR_CLIENT ? &v->client_after : &v->server_after;
        if (!lost_corrected(c, l))
            continue;
        if (v->frame == l->frame)
            v->anomalies |= TT_BIT(TA_SEGMENT_LOST);
        if (v->frame > l->frame && v->frame < l->until)
            *before = l->state;
        if (v->frame >= l->frame && v->frame < l->until)
            *after = l->state; /* it never got that frame: it has not moved since */
    }
    if (c->refused && !c->server_spoke) /* nothing listened: the server was CLOSED all along */
        v->server_before = v->server_after = TS_CLOSED;
}

/* ---- Conversation summary ---- */

/* How far the opening got: the first matching rule wins; an answer not seen yet is no missing
 * one while the capture could not have shown it. */
static tt_handshake handshake_of(const tt_conv *c, uint64_t end_us)
{
    if (c->simultaneous_open)
        return TH_SIMULTANEOUS_OPEN;
    if (c->refused)
        return TH_REFUSED;
    if (!c->syn_seen && c->first_synack_frame == 0)
        return TH_NOT_CAPTURED;
    if (c->third_ack_done)
        return TH_COMPLETE;
    if (c->first_synack_frame != 0)
        return waited(c, c->synack_timed, c->first_synack_us, end_us) ? TH_MISSING_THIRD_ACK
                                                                      : TH_CAPTURE_ENDS;
    return waited(c, c->syn_timed, c->first_syn_us, end_us) ? TH_UNANSWERED : TH_CAPTURE_ENDS;
}

/* How the close went: by the FINs when both sides sent one, else by RST, else by the one FIN. */
static tt_close close_of(const tt_conv *c)
{
    if (c->client.fin_sent && c->server.fin_sent) {
        const tt_endpoint *passive = c->closer == TR_CLIENT ? &c->server : &c->client;
        if (c->simultaneous_close)
            return TC_SIMULTANEOUS;
        return passive->fin_label == TL_WAVE_2_3 ? TC_THREE_WAY : TC_FOUR_WAY;
    }
    if (c->reset_seen)
        return TC_RESET;
    return c->closing ? TC_HALF_CLOSED : TC_OPEN;
}

void tt_conv_summarize(const tt_conv *c, bool final, uint64_t end_us, tt_summary *out)
{
    final_marks m;

    out->handshake = handshake_of(c, end_us);
    out->close = close_of(c);
    out->has_closer = c->closing;
    out->closer = c->closer;
    out->problems = c->problems;
    if (!final)
        return;
    m = final_rules(c, end_us);
    out->problems += problems_in(m.on_first_syn) + problems_in(m.on_first_synack) +
                     problems_in(m.on_first_frame);
    out->problems -= problems_in(m.withdraw & c->first_anomalies);
    out->problems += late_synack_wrong(c); /* ack_mismatch */
    for (int i = 0; i < c->lost_count; i++)
        out->problems += lost_corrected(c, &c->lost[i]); /* segment_lost, one frame each */
}
