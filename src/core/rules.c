/* The TCPs' rules, pure: RFC 9293's state diagram, acceptability, what a state may send. */
#include "stages.h"

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

/* ---- Sequence space and acceptability (RFC 9293 section 3.10.7) ---- */

bool tt_acks(const tt_segment *s, uint32_t pos)
{
    return (s->flags & TT_ACK) && seq_after(s->ack, pos);
}

bool tt_acceptable(const tt_endpoint *e, const tt_segment *s, uint32_t pos)
{
    return tt_acks(s, pos) && !seq_after(s->ack, e->next_seq);
}

bool tt_synchronized(tt_state st)
{
    return st != TS_CLOSED && st != TS_LISTEN && st != TS_SYN_SENT;
}

bool tt_rules_may_send(const tt_seg_ctx *x)
{
    const tt_endpoint *e = x->snd;
    const tt_segment *s = x->s;
    tt_state st = (tt_state)e->state;
    uint8_t f = s->flags;

    if (f & TT_RST)
        return true;
    if ((f & (TT_SYN | TT_ACK)) == TT_SYN) /* SYN_RCVD answers and resends with SYN+ACK */
        return st == TS_CLOSED || st == TS_LISTEN || st == TS_SYN_SENT || st == TS_TIME_WAIT;
    if (f & TT_SYN)
        return st == TS_SYN_SENT || st == TS_SYN_RCVD;
    if (!(f & TT_ACK) || !tt_synchronized(st))
        return false;
    if (st == TS_SYN_RCVD)
        return s->len == 0 && !(f & TT_FIN);
    if (f & TT_FIN) /* a first FIN, or its retransmission while it waits for the ACK */
        return st == TS_ESTABLISHED || st == TS_CLOSE_WAIT ||
               (e->fin_sent && s->seq + s->len == e->fin_pos &&
                (st == TS_FIN_WAIT_1 || st == TS_CLOSING || st == TS_LAST_ACK));
    return !e->fin_sent || s->len == 0 || !seq_after(s->seq + s->len, e->fin_pos);
}

/* The largest window RFC 7323 allows (65535 << 14), used while an endpoint's window is unknown. */
#define MAX_WINDOW 0x3fffc000u

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

/* Why the receiver drops an RST (RFC 9293 section 3.10.7.3 and 3.10.7.4, RFC 5961 section 3.2). */
static tt_ignored judge_rst(const tt_segment *s, const tt_endpoint *snd, const tt_endpoint *rcv)
{
    if (rcv->state == TS_SYN_SENT) /* section 3.10.7.3: only if it acknowledges the SYN */
        return rcv->isn_known && !tt_acceptable(rcv, s, rcv->isn) ? TI_RST_BAD_ACK : TI_NONE;
    if (rcv->state == TS_SYN_RCVD && rcv->rcv_known &&
        (seq_diff(s->seq, rcv->rcv_nxt) < 0 ||
         seq_diff(s->seq, rcv->rcv_nxt) > window(rcv, snd, s)))
        return TI_RST_NOT_MATCHING; /* section 3.10.7.4: in SYN_RCVD, any seq in the window */
    if (tt_synchronized((tt_state)rcv->state) && rcv->state != TS_SYN_RCVD && rcv->rcv_known &&
        s->seq != rcv->rcv_nxt)
        return TI_RST_NOT_MATCHING; /* RFC 5961 section 3.2: only an exact match resets */
    return TI_NONE;
}

tt_ignored tt_rules_judge(const tt_seg_ctx *x, bool *peer_data)
{
    const tt_segment *s = x->s;
    const tt_endpoint *snd = x->snd, *rcv = x->rcv;
    tt_state rs = (tt_state)rcv->state;
    uint8_t f = s->flags;
    bool same_isn = snd->isn_known && s->seq == snd->isn;
    bool known = rcv->sent_any || rcv->isn_known;

    *peer_data = false;
    if (f & TT_RST)
        return judge_rst(s, snd, rcv);
    if (f & TT_SYN) {
        if (tt_synchronized(rs) && rs != TS_SYN_RCVD && !same_isn && rs != TS_TIME_WAIT)
            return TI_SYN_SYNCHRONIZED;
        if ((f & TT_ACK) && rs == TS_LISTEN)
            return TI_BAD_ACK;
        if ((f & TT_ACK) && rcv->isn_known && !tt_synchronized(rs) &&
            !tt_acceptable(rcv, s, rcv->isn))
            return TI_BAD_ACK;
        return TI_NONE;
    }
    if (!(f & TT_ACK))
        return TI_NO_ACK;
    if (rs == TS_LISTEN)
        return TI_BAD_ACK;
    if (!tt_synchronized(rs))
        return TI_NO_CONNECTION;
    if (rcv->rcv_known && seq_diff(s->seq, rcv->rcv_nxt) > window(rcv, snd, s))
        return window_binds(rcv, snd, s)
                   ? TI_OUT_OF_WINDOW /* 3.10.7.4: SEG.SEQ < RCV.NXT+RCV.WND */
                   : TI_BEYOND_ANY_WINDOW;
    if (known && seq_after(s->ack, rcv->next_seq)) {
        if (rcv->fin_sent || rs == TS_SYN_RCVD)
            return TI_BAD_ACK; /* it acknowledges what was never sent: ACK back, drop */
        *peer_data = true;
    }
    if (rs == TS_SYN_RCVD && rcv->isn_known && !tt_acks(s, rcv->isn))
        return TI_BAD_ACK;
    return TI_NONE;
}
