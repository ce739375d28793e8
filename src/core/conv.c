/* The per-conversation state machine: names each segment's step, checks its ack, moves both
 * endpoints' states. */
#include <stdio.h>
#include <string.h>

#include "tcpteach/core.h"
#include "tcpteach/seq.h"

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
    return ev == EV_SEND_SYN ? TS_SYN_SENT : TS_CLOSED;
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
    return ev == EV_RCV_FIN ? TS_TIME_WAIT : TS_FIN_WAIT_2;
}

static tt_state on_close_wait(tt_event ev)
{
    return ev == EV_SEND_FIN ? TS_LAST_ACK : TS_CLOSE_WAIT;
}

static tt_state on_closing(tt_event ev)
{
    return ev == EV_RCV_ACK_OF_FIN ? TS_TIME_WAIT : TS_CLOSING;
}

static tt_state on_last_ack(tt_event ev)
{
    return ev == EV_RCV_ACK_OF_FIN ? TS_CLOSED : TS_LAST_ACK;
}

tt_state tt_next_state(tt_state s, tt_event ev)
{
    /* A reset ends every state except a listener's, which ignores it (section 3.10.7.1). */
    if (ev == EV_SEND_RST || ev == EV_RCV_RST)
        return (s == TS_LISTEN && ev == EV_RCV_RST) ? TS_LISTEN : TS_CLOSED;
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
    case TS_TIME_WAIT:
    case TS_COUNT: break;
    }
    return s;
}

/* ---- Conversation start: who is the client ---- */

void tt_conv_init(tt_conv *c, uint16_t port_a, uint16_t port_b, bool port_reused)
{
    memset(c, 0, sizeof *c);
    c->client.port = port_a; /* provisional: roles are fixed by the first segment */
    c->server.port = port_b;
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

/* Fixes roles and initial states from the first captured segment (always sent by endpoint A). */
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

/* ---- Step classification ---- */

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

/* SYN is handshake 1, SYN+ACK handshake 2; a copy with the same ISN is a retransmission. */
static void classify_syn(tt_conv *c, const tt_segment *s, tt_role from, tt_endpoint *snd,
                         tt_endpoint *rcv, tt_verdict *v)
{
    bool synack = (s->flags & TT_ACK) != 0;
    uint32_t *count = synack ? &snd->synack_count : &snd->syn_count;
    bool repeat = *count > 0 && snd->isn_known && s->seq == snd->isn;

    (*count)++;
    if (!repeat) {
        snd->isn = s->seq;
        snd->isn_known = true;
        snd->syn_len = s->len;
    }
    v->seq_off = seq_diff(s->seq, snd->isn);
    if (!synack) {
        v->label = TL_HANDSHAKE_1;
        if (from == TR_CLIENT) {
            c->syn_seen = true;
            if (c->first_syn_frame == 0)
                c->first_syn_frame = s->frame;
        } else if (!c->simultaneous_open) {
            c->simultaneous_open = true;
            v->anomalies |= TT_BIT(TA_SIMULTANEOUS_OPEN);
        }
        if (repeat)
            v->anomalies |= TT_BIT(TA_SYN_RETRANSMISSION);
        if (s->len > 0)
            v->anomalies |= TT_BIT(TA_FAST_OPEN);
        return;
    }
    v->label = TL_HANDSHAKE_2;
    if (from == TR_SERVER && c->first_synack_frame == 0)
        c->first_synack_frame = s->frame;
    if (repeat) {
        v->anomalies |= TT_BIT(TA_SYNACK_RETRANSMISSION);
        if (c->third_ack_done)
            c->reack_h3 = true;
    }
    if (!rcv->isn_known) {
        rcv->isn = s->ack - 1; /* for the notation only: x is what this ack implies */
        v->ack_off = 1;
        return;
    }
    v->ack_off = seq_diff(s->ack, rcv->isn);
    check_ack(v, rcv->isn + 1 + rcv->syn_len, rcv->isn + 1);
}

/* A FIN is wave 1 if it is the first; the other side's first FIN is wave 3, or wave 2+3 when it
 * also acknowledges wave 1 before any wave 2; a FIN at the same position again is a retransmission.
 */
static void classify_fin(tt_conv *c, const tt_segment *s, tt_role from, tt_endpoint *snd,
                         tt_verdict *v)
{
    uint32_t pos = s->seq + s->len;
    const tt_endpoint *closer;

    if (!c->closing) {
        c->closing = true;
        c->closer = from;
        if (from == TR_CLIENT && c->first_synack_frame != 0 && (s->flags & TT_ACK))
            c->third_ack_done = true; /* a FIN can be the first ACK of the SYN+ACK too */
    }
    closer = tt_conv_endpoint(c, c->closer);
    if (snd->fin_sent) {
        if (pos != snd->fin_pos)
            return; /* another FIN further on: no step, the data check speaks */
        v->label = snd->fin_label;
        v->anomalies |= TT_BIT(TA_FIN_RETRANSMISSION);
        if (from == c->closer && c->wave2_done)
            c->reack_w2 = true;
        if (from != c->closer && c->wave4_done)
            c->reack_w4 = true;
    } else {
        snd->fin_sent = true;
        snd->fin_seq = s->seq;
        snd->fin_pos = pos;
        if (from == c->closer)
            v->label = TL_WAVE_1;
        else if (acks(s, closer->fin_pos) && !c->wave2_done)
            v->label = TL_WAVE_2_3;
        else
            v->label = TL_WAVE_3;
        if (v->label == TL_WAVE_3 && !c->wave2_done) {
            v->anomalies |= TT_BIT(TA_SIMULTANEOUS_CLOSE);
            c->simultaneous_close = true;
        }
        snd->fin_label = v->label;
    }
    v->seq_off = seq_diff(s->seq, snd->fin_seq);
    if (v->label != TL_WAVE_1 && (s->flags & TT_ACK))
        v->ack_off = seq_diff(s->ack, closer->fin_seq);
    if (v->label == TL_WAVE_2_3 && (s->flags & TT_ACK))
        check_ack(v, closer->fin_pos + 1, closer->fin_pos + 1);
}

/* An ACK without SYN/FIN/RST can be handshake 3, wave 2 or wave 4 (the first of each, or a
 * repeat answering a retransmission of what it acknowledges). */
static void classify_ack(tt_conv *c, const tt_segment *s, tt_role from, tt_verdict *v)
{
    const tt_endpoint *cl, *pa;

    if (!(s->flags & TT_ACK))
        return;
    if (from == TR_CLIENT && c->first_synack_frame != 0 && !c->simultaneous_open &&
        (!c->third_ack_done || (c->reack_h3 && acks(s, c->server.isn)))) {
        v->label = TL_HANDSHAKE_3;
        v->seq_off = seq_diff(s->seq, c->client.isn);
        v->ack_off = seq_diff(s->ack, c->server.isn);
        check_ack(v, c->server.isn + 1 + c->server.syn_len, c->server.isn + 1 + c->server.syn_len);
        if (!c->third_ack_done && s->len > 0)
            v->anomalies |= TT_BIT(TA_THIRD_ACK_WITH_DATA);
        c->third_ack_done = true;
        c->reack_h3 = false;
        return;
    }
    if (!c->closing)
        return;
    cl = tt_conv_endpoint(c, c->closer);
    pa = tt_conv_endpoint(c, other(c->closer));
    if (from != c->closer && acks(s, cl->fin_pos) && pa->fin_label != TL_WAVE_2_3 &&
        (!c->wave2_done || c->reack_w2)) {
        v->label = TL_WAVE_2;
        v->ack_off = seq_diff(s->ack, cl->fin_seq);
        check_ack(v, cl->fin_pos + 1, cl->fin_pos + 1);
        c->wave2_done = true;
        c->reack_w2 = false;
    } else if (from == c->closer && pa->fin_sent && acks(s, pa->fin_pos) &&
               (!c->wave4_done || c->reack_w4)) {
        v->label = TL_WAVE_4;
        v->seq_off = seq_diff(s->seq, cl->fin_seq);
        v->ack_off = seq_diff(s->ack, pa->fin_seq);
        check_ack(v, pa->fin_pos + 1, pa->fin_pos + 1);
        c->wave4_done = true;
        c->reack_w4 = false;
    }
}

/* Payload checks: new data beyond the sender's own FIN, or the passive side still sending after it
 * acknowledged the closer's FIN (a half-close, RFC 9293 section 3.6). */
static void check_data(const tt_conv *c, const tt_segment *s, tt_role from, tt_endpoint *snd,
                       tt_verdict *v)
{
    if (s->len == 0 || (s->flags & (TT_SYN | TT_RST)))
        return;
    if (snd->fin_sent && seq_after(s->seq + s->len, snd->fin_pos)) {
        v->anomalies |= TT_BIT(TA_DATA_AFTER_FIN);
    } else if (c->closing && from != c->closer && c->wave2_done && !snd->half_close_noted) {
        snd->half_close_noted = true;
        v->anomalies |= TT_BIT(TA_HALF_CLOSE);
    }
}

/* ---- State changes ---- */

static void move(tt_endpoint *e, tt_event ev)
{
    e->state = tt_next_state(e->state, ev);
}

/* The state of an endpoint that retransmits its FIN: it never got the ACK of it, whatever the
 * capture saw, so it still waits in FIN_WAIT_1, CLOSING or LAST_ACK. */
static tt_state unacked_fin_state(const tt_conv *c, tt_role sender, const tt_endpoint *peer)
{
    if (!peer->fin_sent)
        return TS_FIN_WAIT_1;
    return (sender != c->closer && !c->simultaneous_close) ? TS_LAST_ACK : TS_CLOSING;
}

/* Applies what the segment means to the sender and then to the receiver: the receiver handles the
 * ACK before the FIN, as in section 3.10.7.4. A retransmitted SYN+ACK or FIN puts its sender back
 * in the state that waits for the ACK it evidently did not get. */
static void move_states(const tt_conv *c, const tt_segment *s, tt_role from, const tt_verdict *v,
                        tt_endpoint *snd, tt_endpoint *rcv)
{
    bool ack_of_syn =
        rcv->isn_known && rcv->state != TS_ESTABLISHED && acceptable(rcv, s, rcv->isn);

    if (s->flags & TT_RST) {
        move(snd, EV_SEND_RST);
        move(rcv, EV_RCV_RST);
        return;
    }
    if ((s->flags & (TT_SYN | TT_ACK)) == (TT_SYN | TT_ACK)) {
        if ((v->anomalies & TT_BIT(TA_SYNACK_RETRANSMISSION)) && c->third_ack_done &&
            snd->state == TS_ESTABLISHED)
            snd->state = TS_SYN_RCVD; /* the third ACK the capture saw never arrived */
        move(snd, EV_SEND_SYNACK);
        if (ack_of_syn || !rcv->isn_known)
            move(rcv, EV_RCV_SYNACK);
    } else if (s->flags & TT_SYN) {
        move(snd, EV_SEND_SYN);
        move(rcv, EV_RCV_SYN);
    } else if (ack_of_syn) {
        move(rcv, EV_RCV_ACK_OF_SYN);
    }
    if (rcv->fin_sent && acceptable(rcv, s, rcv->fin_pos))
        move(rcv, EV_RCV_ACK_OF_FIN);
    if (s->flags & TT_FIN) {
        bool acked = snd->state == TS_FIN_WAIT_2 || snd->state == TS_TIME_WAIT ||
                     snd->state == TS_CLOSED; /* states only an ACK of its FIN leads to */
        if ((v->anomalies & TT_BIT(TA_FIN_RETRANSMISSION)) && acked)
            snd->state = unacked_fin_state(c, from, rcv);
        else if (snd->state == TS_CLOSE_WAIT && rcv->fin_sent && !acks(s, rcv->fin_pos))
            snd->state = TS_CLOSING; /* the FINs crossed: sent from ESTABLISHED (section 3.6) */
        else
            move(snd, EV_SEND_FIN);
        move(rcv, EV_RCV_FIN);
    }
}

/* Advances the sender's SND.NXT: the byte after everything it has sent, SYN and FIN included. */
static void advance_next(tt_endpoint *e, const tt_segment *s)
{
    uint32_t end = s->seq + s->len + ((s->flags & TT_SYN) ? 1 : 0) + ((s->flags & TT_FIN) ? 1 : 0);
    if (!e->sent_any || seq_after(end, e->next_seq))
        e->next_seq = end;
    e->sent_any = true;
}

void tt_conv_segment(tt_conv *c, const tt_segment *s, tt_verdict *v)
{
    bool first = !c->started;
    tt_role from;
    tt_endpoint *snd, *rcv;

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
    v->client_before = (uint8_t)c->client.state;
    v->server_before = (uint8_t)c->server.state;
    if (first && !c->handshake_from_start)
        v->anomalies |= TT_BIT(TA_HANDSHAKE_NOT_CAPTURED);
    if (first && c->port_reused)
        v->anomalies |= TT_BIT(TA_PORT_REUSE);
    if (from == TR_SERVER)
        c->server_answered = true;
    if (from == TR_SERVER && !(s->flags & TT_RST))
        c->server_spoke = true; /* sent something other than RST: a later RST is no refusal */

    if (s->flags & TT_RST)
        classify_rst(c, from, v);
    else if (s->flags & TT_SYN)
        classify_syn(c, s, from, snd, rcv, v);
    else if (s->flags & TT_FIN)
        classify_fin(c, s, from, snd, v);
    else
        classify_ack(c, s, from, v);
    check_data(c, s, from, snd, v);
    tt_zeek_segment(&c->zeek, from == TR_CLIENT, s);

    move_states(c, s, from, v, snd, rcv);
    advance_next(snd, s);
    v->client_after = (uint8_t)c->client.state;
    v->server_after = (uint8_t)c->server.state;
    for (int a = 0; a < TA_COUNT; a++)
        if ((v->anomalies & TT_BIT(a)) && tt_anomaly_info[a].problem)
            c->problems++;
}

/* True when the opening never got its third step: no client ACK of the SYN+ACK (a simultaneous open
 * has none: its two SYN+ACKs acknowledge each other). */
static bool third_ack_missing(const tt_conv *c)
{
    return c->first_synack_frame != 0 && !c->third_ack_done && !c->simultaneous_open;
}

void tt_verdict_complete(const tt_conv *c, tt_verdict *v)
{
    if (v->label == TL_HANDSHAKE_2 && v->ack_check == TT_ACK_UNCHECKED && v->from == TR_SERVER &&
        c->client.isn_known) { /* the SYN was captured after its SYN+ACK (reordering) */
        v->ack_off = seq_diff(v->ack, c->client.isn);
        check_ack(v, c->client.isn + 1 + c->client.syn_len, c->client.isn + 1);
    }
    if (v->frame == c->first_synack_frame && third_ack_missing(c))
        v->anomalies |= TT_BIT(TA_MISSING_THIRD_ACK);
    if (v->frame == c->first_syn_frame && !c->server_answered)
        v->anomalies |= TT_BIT(TA_SYN_UNANSWERED);
    if (c->syn_seen)
        v->anomalies &= ~TT_BIT(TA_HANDSHAKE_NOT_CAPTURED);
    if (c->refused && !c->server_spoke) /* nothing listened: the server was CLOSED all along */
        v->server_before = v->server_after = TS_CLOSED;
}

/* ---- Conversation summary ---- */

/* How far the opening got: the first matching rule wins. */
static tt_handshake handshake_of(const tt_conv *c)
{
    if (c->simultaneous_open)
        return TH_SIMULTANEOUS_OPEN;
    if (c->refused)
        return TH_REFUSED;
    if (!c->syn_seen && c->first_synack_frame == 0)
        return TH_NOT_CAPTURED;
    if (c->third_ack_done)
        return TH_COMPLETE;
    return c->first_synack_frame != 0 ? TH_MISSING_THIRD_ACK : TH_UNANSWERED;
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

void tt_conv_summarize(const tt_conv *c, bool final, tt_summary *out)
{
    out->handshake = handshake_of(c);
    out->close = close_of(c);
    out->has_closer = c->closing;
    out->closer = c->closer;
    out->problems = c->problems;
    if (!final)
        return;
    if (third_ack_missing(c))
        out->problems++; /* missing_third_ack */
    if (c->first_syn_frame != 0 && !c->server_answered)
        out->problems++; /* syn_unanswered */
    if (c->syn_seen && !c->handshake_from_start && out->problems > 0)
        out->problems--; /* handshake_not_captured withdrawn: the SYN turned up later */
}

/* ---- Textbook notation ---- */

void tt_step_vars(const tt_verdict *v, char *seq_var, char *ack_var)
{
    bool opening = v->label == TL_HANDSHAKE_1 || v->label == TL_HANDSHAKE_2;

    *seq_var = v->label < TL_COUNT ? tt_step_forms[v->label].seq_var : 0;
    *ack_var = v->label < TL_COUNT ? tt_step_forms[v->label].ack_var : 0;
    if (opening) { /* the ISN is the sender's: in a simultaneous open the client sends SYN+ACK too
                    */
        *seq_var = v->from == TR_CLIENT ? 'x' : 'y';
        *ack_var = *ack_var ? (v->from == TR_CLIENT ? 'y' : 'x') : 0;
    }
}

/* Writes a variable plus offset ("x", "x+1", "u-3") at the end of buf. */
static size_t put_term(char *buf, size_t size, size_t at, char var, int32_t off)
{
    int n;
    if (at >= size)
        return at;
    if (off == 0)
        n = snprintf(buf + at, size - at, "%c", var);
    else
        n = snprintf(buf + at, size - at, "%c%c%lld", var, off > 0 ? '+' : '-',
                     off > 0 ? (long long)off : -(long long)off);
    return n < 0 ? at : at + (size_t)n;
}

/* Appends formatted text at position at, never past size; returns the new position. */
static size_t put_str(char *buf, size_t size, size_t at, const char *s)
{
    int n;
    if (at >= size)
        return at;
    n = snprintf(buf + at, size - at, "%s", s);
    return n < 0 ? at : at + (size_t)n;
}

size_t tt_notation(const tt_verdict *v, char *buf, size_t size)
{
    size_t at = 0;
    char seq_var, ack_var;
    bool has_ack;

    if (size == 0)
        return 0;
    buf[0] = '\0';
    if (v->label == TL_NONE || v->label >= TL_COUNT)
        return 0;
    tt_step_vars(v, &seq_var, &ack_var);
    has_ack = ack_var != 0 && (v->flags & TT_ACK);
    at = put_str(buf, size, at, has_ack || ack_var == 0 ? tt_step_forms[v->label].flags : "FIN");
    at = put_str(buf, size, at, " seq=");
    at = put_term(buf, size, at, seq_var, v->seq_off);
    if (has_ack) {
        at = put_str(buf, size, at, " ack=");
        at = put_term(buf, size, at, ack_var, v->ack_off);
    }
    if (v->len > 0) {
        char len[24];
        snprintf(len, sizeof len, " len=%u", (unsigned)v->len);
        put_str(buf, size, at, len);
    }
    return strlen(buf);
}

/* ---- Keeping verdicts compactly between passes ---- */

_Static_assert(TA_COUNT <= 16, "anomalies are kept in 16 bits");
_Static_assert(TS_COUNT <= 16 && TL_COUNT <= 16, "states and labels are kept in 4 bits");
_Static_assert(TR_COUNT <= 2 && TT_ACK_WRONG <= 3, "from in 1 bit, ack_check in 2");

/* True when d fits an int16_t. */
static bool fits16(int64_t d)
{
    return d >= INT16_MIN && d <= INT16_MAX;
}

bool tt_verdict_keep(const tt_verdict *v, tt_verdict_kept *k)
{
    int32_t delta = v->ack_check == TT_ACK_UNCHECKED ? 0 : seq_diff(v->ack_expected, v->ack);

    if (!fits16(v->seq_off) || !fits16(v->ack_off) || !fits16(delta) ||
        (v->ack_check == TT_ACK_UNCHECKED && v->ack_expected != 0))
        return false;
    *k = (tt_verdict_kept){
        .seq_off = (int16_t)v->seq_off,
        .ack_off = (int16_t)v->ack_off,
        .ack_delta = (int16_t)delta,
        .anomalies = (uint16_t)v->anomalies,
        .states = (uint16_t)(v->client_before | v->server_before << 4 | v->client_after << 8 |
                             v->server_after << 12),
        .step = (uint8_t)(v->label | v->from << 4 | v->ack_check << 5),
    };
    return true;
}

void tt_verdict_restore(const tt_verdict_kept *k, const tt_segment *s, tt_verdict *out)
{
    uint8_t check = (k->step >> 5) & 0x03;

    *out = (tt_verdict){
        .frame = s->frame,
        .seq = s->seq,
        .ack = s->ack,
        .len = s->len,
        .flags = s->flags,
        .ack_expected = check == TT_ACK_UNCHECKED ? 0 : s->ack + (uint32_t)(int32_t)k->ack_delta,
        .seq_off = k->seq_off,
        .ack_off = k->ack_off,
        .anomalies = k->anomalies,
        .label = k->step & 0x0f,
        .from = (k->step >> 4) & 0x01,
        .ack_check = check,
        .client_before = k->states & 0x0f,
        .server_before = (k->states >> 4) & 0x0f,
        .client_after = (k->states >> 8) & 0x0f,
        .server_after = (k->states >> 12) & 0x0f,
    };
}
