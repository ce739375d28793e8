/* The steps: which step a segment is and its textbook notation, from two tables; pure. */
#include <string.h>

#include "stages.h"
#include "tcpteach/text.h"

/* How the textbook writes each step: the flags it names, the variables its seq and ack are counted
 * from (x, y: the ISNs; u: the first FIN's seq; v: wave 2's seq; w: the second FIN's seq), where
 * the model keeps them, and the ack the step must carry. */
const tt_step_form tt_step_forms[TL_COUNT] = {
    [TL_HANDSHAKE_1] = {"SYN", 'x', 0, TB_SND_ISN, TB_NONE, TK_NONE},
    [TL_HANDSHAKE_2] = {"SYN+ACK", 'y', 'x', TB_SND_ISN, TB_RCV_ISN, TK_SYN},
    [TL_HANDSHAKE_3] = {"ACK", 'x', 'y', TB_SND_ISN, TB_RCV_ISN, TK_SYN_DATA},
    [TL_WAVE_1] = {"FIN", 'u', 0, TB_SND_FIN, TB_NONE, TK_NONE},
    [TL_WAVE_2] = {"ACK", 'v', 'u', TB_SELF, TB_RCV_FIN, TK_FIN},
    [TL_WAVE_3] = {"FIN+ACK", 'w', 'u', TB_SND_FIN, TB_RCV_FIN, TK_NONE},
    [TL_WAVE_2_3] = {"FIN+ACK", 'w', 'u', TB_SND_FIN, TB_RCV_FIN, TK_FIN},
    [TL_WAVE_4] = {"ACK", 'u', 'w', TB_SND_FIN, TB_RCV_FIN, TK_FIN},
};

/* What a segment is to the transition table. */
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
static uint8_t step_of(seg_kind k, uint8_t sender, uint8_t receiver)
{
    for (size_t i = 0; i < sizeof step_rules / sizeof step_rules[0]; i++) {
        const struct step_rule *r = &step_rules[i];
        if (r->kind == k && (r->sender & M(sender)) && (r->receiver & M(receiver)))
            return r->label;
    }
    return TL_NONE;
}

/* RST: refused when it answers a SYN that got nothing else, an abort otherwise (section 3.10.7). */
static void classify_rst(const tt_conv *c, const tt_seg_ctx *x, tt_step *st)
{
    st->refused = x->from == TR_SERVER && c->client.syn_count > 0 && !c->server.spoke;
    st->anomalies |= TT_BIT(st->refused ? TA_CONNECTION_REFUSED : TA_RST_ABORT);
}

/* SYN is handshake 1, SYN+ACK handshake 2; the same ISN again from a side still waiting for the
 * answer is a retransmission. */
static void classify_syn(const tt_conv *c, const tt_seg_ctx *x, tt_step *st)
{
    const tt_endpoint *snd = x->snd;
    bool synack = (x->s->flags & TT_ACK) != 0;

    st->repeat = (synack ? snd->synack_count : snd->syn_count) > 0 && snd->isn_known &&
                 x->s->seq == snd->isn;
    st->label = step_of(synack ? K_SYNACK : K_SYN, snd->state, x->rcv->state);
    if (synack) {
        if (st->repeat)
            st->anomalies |= TT_BIT(TA_SYNACK_RETRANSMISSION);
        return;
    }
    if (x->from == TR_SERVER && !c->simultaneous_open)
        st->anomalies |= TT_BIT(TA_SIMULTANEOUS_OPEN);
    if (st->repeat && (snd->state == TS_SYN_SENT || snd->state == TS_SYN_RCVD))
        st->anomalies |= TT_BIT(TA_SYN_RETRANSMISSION); /* from CLOSED: a new attempt */
    if (x->s->len > 0)
        st->anomalies |= TT_BIT(TA_FAST_OPEN);
}

/* A FIN's step comes from step_rules: wave 1, 3 or 2+3 for a first FIN, its own label again for a
 * retransmission (wave 2 or 4 when it now acknowledges the crossing FIN); a FIN further on, or
 * one without ACK, is no step. */
static void classify_fin(const tt_conv *c, const tt_seg_ctx *x, tt_step *st)
{
    const tt_endpoint *snd = x->snd, *rcv = x->rcv;
    seg_kind k;

    st->fin_again = snd->fin_sent && x->s->seq + x->s->len == snd->fin_pos;
    st->acks_fin = rcv->fin_sent && tt_acks(x->s, rcv->fin_pos);
    if ((snd->fin_sent && !st->fin_again) || !(x->s->flags & TT_ACK))
        return; /* a FIN further on: the data check speaks; without ACK: no TCP sends it */
    if (st->fin_again && st->acks_fin)
        k = x->from != c->closer ? K_FIN_AGAIN_ACKS_FIN1 : K_FIN_AGAIN_ACKS_FIN2;
    else
        k = st->fin_again   ? K_FIN_AGAIN
            : st->acks_fin  ? K_FIN_ACKS_FIN
            : rcv->fin_sent ? K_FIN_CROSSING
                            : K_FIN;
    st->label = step_of(k, snd->state, rcv->state);
    if (st->label == TL_REPEAT)
        st->label = snd->fin_label;
    if (st->fin_again)
        st->anomalies |= TT_BIT(TA_FIN_RETRANSMISSION);
    st->fin_first = !st->fin_again && st->label != TL_NONE;
    if (st->fin_first && st->label == TL_WAVE_3 && !st->acks_fin)
        st->anomalies |= TT_BIT(TA_SIMULTANEOUS_CLOSE);
}

/* An ACK without SYN/FIN/RST is handshake 3, wave 2 or wave 4 when step_rules says so: when its
 * receiver waits for exactly that acknowledgement. */
static void classify_ack(const tt_conv *c, const tt_seg_ctx *x, tt_step *st)
{
    const tt_endpoint *snd = x->snd, *rcv = x->rcv;

    if (!(x->s->flags & TT_ACK))
        return;
    if (x->from == TR_CLIENT && rcv->isn_known && !c->simultaneous_open &&
        tt_acks(x->s, rcv->isn) && step_of(K_ACK_SYN, snd->state, rcv->state) == TL_HANDSHAKE_3) {
        st->label = TL_HANDSHAKE_3;
        st->third_ack = true;
        if (!c->third_ack_done && x->s->len > 0)
            st->anomalies |= TT_BIT(TA_THIRD_ACK_WITH_DATA);
        return;
    }
    if (rcv->fin_sent && tt_acks(x->s, rcv->fin_pos))
        st->label = step_of(x->from != c->closer ? K_ACK_FIN1 : K_ACK_FIN2, snd->state, rcv->state);
}

tt_step tt_steps_classify(const tt_conv *c, const tt_seg_ctx *x, tt_ignored ignored)
{
    tt_step st;
    uint8_t f = x->s->flags;

    memset(&st, 0, sizeof st);
    if (f & TT_RST) {
        if (ignored == TI_NONE)
            classify_rst(c, x, &st);
    } else if (f & TT_SYN) {
        classify_syn(c, x, &st);
    } else if (f & TT_FIN) {
        classify_fin(c, x, &st);
    } else {
        classify_ack(c, x, &st);
    }
    TT_ASSERT("a step is a label", st.label < TL_COUNT);
    return st;
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

/* Checks v's ack as check kind k asks of the receiver e (the notation's ack variable). */
static void check_row(tt_verdict *v, uint8_t k, const tt_endpoint *e)
{
    uint32_t x1 = e->isn + 1;

    if (k == TK_SYN)
        check_ack(v, x1 + e->syn_len, x1);
    else if (k == TK_SYN_DATA)
        check_ack(v, x1 + e->syn_len, x1 + e->syn_len);
    else if (k == TK_FIN)
        check_ack(v, e->fin_pos + 1, e->fin_pos + 1);
}

/* The raw value of base b for segment context x; *known says whether the model captured it. */
static uint32_t base_value(const tt_seg_ctx *x, uint8_t b, bool *known)
{
    const tt_endpoint *e = (b == TB_SND_ISN || b == TB_SND_FIN) ? x->snd : x->rcv;

    *known = (b == TB_SND_ISN || b == TB_RCV_ISN) ? e->isn_known : e->fin_sent;
    return (b == TB_SND_ISN || b == TB_RCV_ISN) ? e->isn : e->fin_seq;
}

void tt_steps_notation(const tt_seg_ctx *x, tt_verdict *v)
{
    const tt_step_form *row;
    bool known;
    uint32_t base;

    if (v->label == TL_NONE || v->label >= TL_COUNT)
        return;
    row = &tt_step_forms[v->label];
    if (row->seq_from != TB_NONE && row->seq_from != TB_SELF)
        v->seq_off = seq_diff(v->seq, base_value(x, row->seq_from, &known));
    if (row->ack_from == TB_NONE)
        return;
    base = base_value(x, row->ack_from, &known);
    v->ack_off = seq_diff(v->ack, base); /* an ISN not captured: the one the ack implies */
    if (known)
        check_row(v, row->check, x->rcv);
}

void tt_steps_gap_answer(const tt_conv *c, const tt_seg_ctx *x, tt_amend *a)
{
    tt_segment s = {
        .frame = c->gap.frame, .flags = TT_ACK, .seq = c->gap.u.seq, .ack = x->snd->next_seq};
    tt_seg_ctx y = {.s = &s, .from = tt_other(x->from), .snd = x->rcv, .rcv = x->snd};
    tt_verdict w = {.frame = s.frame, .seq = s.seq, .ack = s.ack, .flags = s.flags};
    tt_step st;

    memset(&st, 0, sizeof st);
    classify_ack(c, &y, &st);
    a->label = st.label;
    if (st.label == TL_NONE)
        return;
    w.label = st.label;
    tt_steps_notation(&y, &w);
    TT_ASSERT("the ack that covered a FIN acknowledges it exactly", w.ack_check == TT_ACK_OK);
    a->seq_off = w.seq_off;
    a->ack_off = w.ack_off;
}

void tt_steps_check_late_synack(const tt_endpoint *client, tt_verdict *v)
{
    v->ack_off = seq_diff(v->ack, client->isn);
    check_row(v, tt_step_forms[TL_HANDSHAKE_2].check, client);
}

tt_anomaly_set tt_steps_data(const tt_conv *c, const tt_seg_ctx *x)
{
    const tt_segment *s = x->s;
    const tt_endpoint *snd = x->snd, *rcv = x->rcv;
    bool closing = c->client.fin_sent || c->server.fin_sent;

    if (s->len == 0 || (s->flags & (TT_SYN | TT_RST)))
        return 0;
    if (snd->fin_sent && seq_after(s->seq + s->len, snd->fin_pos))
        return TT_BIT(TA_DATA_AFTER_FIN);
    if (closing && x->from != c->closer && !snd->half_close_noted && rcv->fin_sent &&
        tt_acks(s, rcv->fin_pos) && !snd->fin_sent &&
        (!snd->sent_any || seq_after(s->seq + s->len, snd->next_seq)))
        return TT_BIT(TA_HALF_CLOSE); /* new data after acknowledging the closer's FIN */
    return 0;
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

/* Appends the decimal digits of u at position at, never past size; returns the new position.
 * Written by hand, like put_term: these run for every step segment a column shows. */
static size_t put_uint(char *buf, size_t size, size_t at, uint32_t u)
{
    char digits[10];
    size_t d = sizeof digits;

    do {
        digits[--d] = (char)('0' + u % 10u);
        u /= 10u;
    } while (u > 0);
    return tt_put(buf, size, at, digits + d, sizeof digits - d);
}

/* Appends a variable plus offset ("x", "x+1", "u-3") at position at, never past size; returns the
 * new position. */
static size_t put_term(char *buf, size_t size, size_t at, char var, int32_t off)
{
    const char head[2] = {var, off > 0 ? '+' : '-'};

    at = tt_put(buf, size, at, head, off == 0 ? 1 : 2);
    return off == 0 ? at : put_uint(buf, size, at, off < 0 ? 0u - (uint32_t)off : (uint32_t)off);
}

/* Appends s at position at, never past size; returns the new position. */
static size_t put_str(char *buf, size_t size, size_t at, const char *s)
{
    return tt_put(buf, size, at, s, strlen(s));
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
    if ((v->flags & TT_FIN) && (v->label == TL_WAVE_2 || v->label == TL_WAVE_4))
        at = put_str(buf, size, at, "FIN+ACK"); /* a re-sent FIN that is also this ACK */
    else
        at =
            put_str(buf, size, at, has_ack || ack_var == 0 ? tt_step_forms[v->label].flags : "FIN");
    at = put_str(buf, size, at, " seq=");
    at = put_term(buf, size, at, seq_var, v->seq_off);
    if (has_ack) {
        at = put_str(buf, size, at, " ack=");
        at = put_term(buf, size, at, ack_var, v->ack_off);
    }
    if (v->len > 0)
        put_uint(buf, size, put_str(buf, size, at, " len="), v->len);
    return strlen(buf);
}
