/* The per-segment pipeline: runs the stages (evidence, model, steps) in their one order. */
#include <string.h>

#include "stages.h"

bool tt_conv_same_attempt(const tt_conv *c, uint8_t flags, uint32_t seq)
{
    return (flags & (TT_SYN | TT_ACK | TT_RST)) == TT_SYN && c->client.isn_known &&
           c->client.syn_count > 0 && seq == c->client.isn && c->client.state == TS_SYN_SENT;
}

/* The verdict's copy of segment s from role `from`, nothing judged yet. */
static void open_verdict(tt_verdict *v, const tt_segment *s, tt_role from)
{
    memset(v, 0, sizeof *v);
    v->frame = s->frame;
    v->seq = s->seq;
    v->ack = s->ack;
    v->len = s->len;
    v->flags = s->flags;
    v->from = (uint8_t)from;
}

/* Writes both endpoints' states into v: before the segment, or after it. */
static void show_states(const tt_conv *c, tt_verdict *v, bool after)
{
    *(after ? &v->client_after : &v->client_before) = c->client.state;
    *(after ? &v->server_after : &v->server_before) = c->server.state;
}

/* Writes into v the states around a SYN captured after its SYN+ACK, as the endpoints handled it
 * (RFC 9293 section 3.3.2): the client leaves CLOSED for SYN_SENT, the server LISTEN for SYN_RCVD.
 * The model already made those moves when the SYN+ACK showed the SYN (src/core/evidence.c). */
static void show_causal_states(tt_verdict *v)
{
    v->client_before = TS_CLOSED;
    v->server_before = TS_LISTEN;
    v->client_after = (uint8_t)tt_next_state(TS_CLOSED, EV_SEND_SYN);
    v->server_after = (uint8_t)tt_next_state(TS_LISTEN, EV_RCV_SYN);
}

/* Writes into v the sender's states around a SYN or SYN+ACK that crossed the peer's segment in a
 * simultaneous open (RFC 9293 section 3.5, figure 8): the state it was sent from and the state
 * sending it leads to; the receiver's states are the model's. */
static void show_crossed_states(tt_verdict *v, tt_state from)
{
    uint8_t *before = v->from == TR_CLIENT ? &v->client_before : &v->server_before;
    uint8_t *after = v->from == TR_CLIENT ? &v->client_after : &v->server_after;

    *before = (uint8_t)from;
    *after = (uint8_t)tt_next_state(from, (v->flags & TT_ACK) ? EV_SEND_SYNACK : EV_SEND_SYN);
}

/* Adds the causal note of a segment shown at the moment the endpoints handled it (late: captured
 * after its answer; crossed: sent before the peer's segment reached its sender) and its states. */
static void show_causal(tt_verdict *v, bool late, tt_state crossed_from)
{
    if (late) {
        v->anomalies |= TT_BIT(TA_CAPTURED_OUT_OF_ORDER);
        show_causal_states(v);
    }
    if (crossed_from != TS_COUNT) {
        v->anomalies |= TT_BIT(TA_CROSSED_IN_FLIGHT);
        show_crossed_states(v, crossed_from);
    }
}

/* Shows the sender of v in state st, before and after. */
static void show_sender_state(tt_verdict *v, tt_state st)
{
    *(v->from == TR_CLIENT ? &v->client_before : &v->server_before) = (uint8_t)st;
    *(v->from == TR_CLIENT ? &v->client_after : &v->server_after) = (uint8_t)st;
}

/* The frame of the copy of the gap's ack, or 0. */
static uint32_t gap_copy_frame(const tt_conv *c)
{
    return c->gap_copy != 0 ? c->gap.frame + c->gap_copy : 0;
}

/* Keeps what duplicate detection needs of segment s. */
static void remember(tt_conv *c, const tt_segment *s)
{
    c->last = (tt_last_segment){s->time_us, s->seq, s->ack, s->len, s->flags, s->from_a, s->timed};
}

/* x.s filled the gap an earlier ack left (captured after that ack): v->amend tells the caller how
 * that ack's verdict reads now, with its step and the states of the moment the endpoints handled
 * it when it acknowledged a FIN (tt_evidence_fills_gap: then its sender's last segment); the gap
 * closes, the ack of the FIN reaching its sender. */
static void amend_gap_ack(tt_conv *c, const tt_seg_ctx *x, tt_verdict *v)
{
    tt_amend *a = &v->amend;

    a->frame = c->gap.frame;
    a->copy = gap_copy_frame(c);
    if (x->s->flags & TT_FIN) {
        tt_steps_gap_answer(c, x, a);
        a->client_before = c->client.state;
        a->server_before = c->server.state;
    }
    c->last_fin_acked = tt_model_gap_close(c, x);
    a->client_after = c->client.state;
    a->server_after = c->server.state;
}

/* x.s is the client's third ACK captured after the server's segment that acknowledged data past
 * it: its row shows the server SYN_RCVD -> ESTABLISHED (RFC 9293 section 3.10.7.4), and v->amend
 * tells the caller that the server's segment inferred no third ACK and was sent with both sides
 * ESTABLISHED. */
static void show_third_ack_late(const tt_conv *c, tt_verdict *v)
{
    v->server_before = TS_SYN_RCVD;
    v->server_after = (uint8_t)tt_next_state(TS_SYN_RCVD, EV_RCV_ACK_OF_SYN);
    v->amend = (tt_amend){.frame = c->gap.frame,
                          .copy = gap_copy_frame(c),
                          .states = true,
                          .client_before = c->client.state,
                          .server_before = c->server.state,
                          .client_after = c->client.state,
                          .server_after = c->server.state};
}

/* The notes of a conversation's first frame: no handshake seen (the first segment is no client
 * SYN), and the same addresses and ports used before. */
static tt_anomaly_set first_frame_notes(const tt_conv *c, const tt_segment *s)
{
    tt_anomaly_set a = 0;

    if ((s->flags & (TT_SYN | TT_ACK | TT_RST)) != TT_SYN)
        a |= TT_BIT(TA_HANDSHAKE_NOT_CAPTURED);
    if (c->port_reused)
        a |= TT_BIT(TA_PORT_REUSE);
    return a;
}

/* The order, which matters (lwIP's tcp_input -> tcp_process -> tcp_receive in spirit):
 * 1. roles (first segment) and duplicates (a copy moves nothing);
 * 2. evidence about the sender, applied by the model, BEFORE the states before are shown: what the
 *    sender sends proves where it stood (an uncaptured SYN+ACK, a lost ACK, a survived RST);
 * 3. the receiver judges acceptability and the rules say whether the sender may send this;
 * 4. steps label the segment from those states, the model records the step, steps write the
 *    notation and payload checks from the recorded model;
 * 5. the model moves both sides (RFC 9293 section 3.10.7) and the states after are shown; a SYN
 *    the capture recorded after its answer, or a SYN or SYN+ACK that crossed the peer's, shows
 *    the states of the moment it was handled;
 * 6. data or a FIN captured after the ack that covered it fills that ack's gap: the ack's verdict
 *    is amended (v->amend) and, for a FIN, the ack reaches the FIN's sender only now. */
void tt_conv_segment(tt_conv *c, const tt_segment *s, tt_verdict *v)
{
    bool first = !c->started, peer_data, unexpected, late, fills, third;
    tt_state crossed_from;
    tt_seg_ctx x = {.s = s};
    tt_evidence ev;
    tt_ignored ignored;
    tt_step st;

    if (first)
        tt_model_start(c, s);
    x.from = s->from_a ? (tt_role)c->role_of_a : tt_other((tt_role)c->role_of_a);
    x.snd = tt_conv_endpoint(c, x.from);
    x.rcv = tt_conv_endpoint(c, tt_other(x.from));
    open_verdict(v, s, x.from);
    if (!first && tt_evidence_duplicate(c, s)) { /* the same frame captured twice */
        remember(c, s);
        if (tt_evidence_copies_gap_ack(c, &x))
            tt_model_gap_copy(c, s->frame);
        v->anomalies = TT_BIT(TA_DUPLICATE_FRAME);
        show_states(c, v, false);
        show_states(c, v, true);
        /* the copy shows what its original shows */
        show_causal(v, c->last_late, (tt_state)c->last_crossed_from);
        if (c->last_filled)
            v->anomalies |= TT_BIT(TA_CAPTURED_OUT_OF_ORDER);
        if (c->last_fin_acked) /* its original was shown before the ack covering it moved it */
            show_sender_state(v, (tt_state)x.snd->before_moved);
        tt_zeek_segment(&c->zeek, x.from == TR_CLIENT, s);
        return;
    }
    remember(c, s);
    v->anomalies = first ? first_frame_notes(c, s) : 0;
    tt_model_note_sender(c, &x, tt_evidence_live_peer(&x));

    ev = tt_evidence_about_sender(c, &x);
    tt_model_apply_evidence(c, &x, &ev);
    tt_evidence_mark(&ev, v);
    show_states(c, v, false);
    late = tt_evidence_captured_late(c, &x);
    crossed_from = tt_evidence_crossed_from(c, &x);
    c->last_late = late;
    c->last_crossed_from = (uint8_t)crossed_from;

    ignored = tt_rules_judge(&x, &peer_data);
    /* a segment its receiver drops is what no ack covered */
    fills = tt_evidence_fills_gap(c, &x) && ignored == TI_NONE;
    third = tt_evidence_third_ack_late(c, &x) && ignored == TI_NONE;
    c->last_filled = fills || third;
    c->last_fin_acked = false;
    unexpected = !tt_rules_may_send(&x) && !late && crossed_from == TS_COUNT;
    if (ignored != TI_NONE && !late) { /* a late SYN's receiver took it before (LISTEN) */
        v->anomalies |= TT_BIT(TA_SEGMENT_IGNORED);
        v->ignored = (uint8_t)ignored;
    }

    st = tt_steps_classify(c, &x, ignored);
    if (third) { /* labelled from the states of its moment: the server in SYN_RCVD */
        st.label = TL_HANDSHAKE_3;
        st.third_ack = true;
    }
    tt_model_record(c, &x, &st, ignored);
    v->label = st.label;
    v->anomalies |= st.anomalies;
    tt_steps_notation(&x, v);
    v->anomalies |= tt_steps_data(c, &x);
    if (unexpected && ignored == TI_NONE && !(v->anomalies & TT_BIT(TA_DATA_AFTER_FIN)))
        v->anomalies |= TT_BIT(TA_UNEXPECTED_SEGMENT);
    tt_evidence_mark_peer_data(&x, peer_data, ignored, v);

    tt_zeek_segment(&c->zeek, x.from == TR_CLIENT, s);
    tt_model_segment(c, &x, ignored, peer_data, v);
    show_states(c, v, true);
    show_causal(v, late, crossed_from);
    if (fills || third)
        v->anomalies |= TT_BIT(TA_CAPTURED_OUT_OF_ORDER);
    if (third)
        show_third_ack_late(c, v);
    if (tt_model_gap(c, &x, fills, third))
        amend_gap_ack(c, &x, v);
    if (first)
        c->first_anomalies = v->anomalies;
    c->problems += tt_problems_in(v->anomalies);
    tt_model_check(c);
}
