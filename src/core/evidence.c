/* Evidence: what the capture proves about a segment's sender; decides, never writes the model. */
#include "stages.h"

/* A copy of the previous segment captured less than this long after it is a duplicated frame: no
 * retransmission timer fires that fast (Linux's minimum RTO is 200 ms, RFC 6298's 1 s). */
#define DUPLICATE_US 1000u

/* A retransmission timer fires no sooner than this after the segment it repeats (Linux's minimum
 * RTO; RFC 6298 asks for 1 s). */
#define MIN_RTO_US 200000u

/* True when s is the client's first captured SYN and the server's SYN+ACK, captured before it,
 * already acknowledged it (ack = its seq + 1): the SYN was sent before that answer. */
static bool syn_after_its_answer(const tt_conv *c, const tt_seg_ctx *x)
{
    const tt_segment *s = x->s;

    return (s->flags & (TT_SYN | TT_ACK | TT_RST)) == TT_SYN && x->from == TR_CLIENT &&
           c->client.syn_count == 0 && c->server.synack_count > 0 && !c->simultaneous_open &&
           s->seq + 1 == c->first_synack_ack;
}

/* True when s was captured less than MIN_RTO_US after the first SYN+ACK, or either time is
 * unknown: too soon to be a retransmission, so the capture point saw the two in the wrong order. */
static bool soon_after_synack(const tt_conv *c, const tt_segment *s)
{
    return !s->timed || !c->synack_timed || s->time_us < c->first_synack_us + MIN_RTO_US;
}

bool tt_evidence_captured_late(const tt_conv *c, const tt_seg_ctx *x)
{
    tt_state st = (tt_state)x->snd->state; /* synchronized by that SYN+ACK, as the model has it */

    return syn_after_its_answer(c, x) && soon_after_synack(c, x->s) && st != TS_CLOSED &&
           st != TS_LISTEN && st != TS_SYN_SENT && st != TS_TIME_WAIT;
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

/* True when an ACK from the sender shows it had a connection to go on with after the last RST,
 * both sides having stayed CLOSED since it. */
static bool went_on_after_rst(const tt_conv *c, const tt_seg_ctx *x)
{
    return (x->s->flags & (TT_SYN | TT_RST | TT_ACK)) == TT_ACK && c->rst_open &&
           x->snd->state_before_rst != TS_CLOSED && x->snd->state_before_rst != TS_LISTEN;
}

/* What a SYN or SYN+ACK shows: a retransmission means what acknowledged the sender's SYN or SYN+ACK
 * never reached it (also a SYN long after the SYN+ACK that acknowledged it: sent again, as that
 * answer never arrived); a SYN+ACK from LISTEN answers an uncaptured SYN. */
static tt_finding syn_finding(const tt_conv *c, const tt_seg_ctx *x, bool repeat)
{
    const tt_endpoint *snd = x->snd;

    if (!(x->s->flags & TT_ACK)) {
        bool again = repeat || (syn_after_its_answer(c, x) && !soon_after_synack(c, x->s));
        return snd->state == TS_ESTABLISHED && again && !snd->fin_sent ? TF_SYNACK_LOST : TF_NONE;
    }
    if (snd->state == TS_LISTEN)
        return TF_SYN_UNCAPTURED;
    if (snd->state == TS_ESTABLISHED && x->from == TR_SERVER && !c->simultaneous_open && repeat &&
        !snd->fin_sent)
        return TF_THIRD_ACK_LOST;
    return TF_NONE;
}

tt_evidence tt_evidence_about_sender(const tt_conv *c, const tt_seg_ctx *x)
{
    const tt_segment *s = x->s;
    const tt_endpoint *snd = x->snd, *rcv = x->rcv;
    uint8_t f = s->flags;
    bool repeat = snd->isn_known && s->seq == snd->isn &&
                  ((f & TT_ACK) ? snd->synack_count : snd->syn_count) > 0;
    tt_evidence e = {false, false, TF_NONE};
    tt_state st; /* the sender's state once the evidence so far is applied */

    if (f & TT_RST)
        return e;
    if (f & TT_SYN) {
        e.finding = syn_finding(c, x, repeat);
        return e;
    }
    if (!(f & TT_ACK))
        return e;
    /* The RST's receiver going on survived it; its sender going on shows the RST was not its own,
     * which does not tell whether the receiver took it (segment_after_rst). */
    e.rst_survived = went_on_after_rst(c, x) && x->from != (tt_role)c->rst_from;
    e.after_own_rst = went_on_after_rst(c, x) && x->from == (tt_role)c->rst_from;
    st = (tt_state)(e.rst_survived || e.after_own_rst ? snd->state_before_rst : snd->state);
    if (st == TS_SYN_SENT && snd->isn_known && seq_after(s->seq, snd->isn) &&
        rcv->synack_count == 0)
        e.finding = TF_SYNACK_UNCAPTURED;
    else if (st == TS_SYN_RCVD && !c->simultaneous_open &&
             (s->len > 0 || (f & TT_FIN) || acks_past_syn(c, s, snd, rcv)))
        e.finding = TF_THIRD_ACK_UNCAPTURED;
    else if ((f & TT_FIN) && snd->fin_sent && s->seq + s->len == snd->fin_pos &&
             (st == TS_FIN_WAIT_2 || st == TS_TIME_WAIT || st == TS_CLOSED))
        e.finding = TF_FIN_ACK_LOST;
    return e;
}

void tt_evidence_mark(const tt_evidence *e, tt_verdict *v)
{
    if (e->finding == TF_SYNACK_LOST) /* the SYN again: its first copy was acknowledged */
        v->anomalies |= TT_BIT(TA_SYN_RETRANSMISSION);
    if (e->rst_survived)
        v->anomalies |= TT_BIT(TA_RST_IGNORED);
    if (e->after_own_rst)
        v->anomalies |= TT_BIT(TA_SEGMENT_AFTER_RST);
    if (e->finding == TF_SYNACK_UNCAPTURED || e->finding == TF_THIRD_ACK_UNCAPTURED) {
        v->anomalies |= TT_BIT(TA_SEGMENT_NOT_CAPTURED);
        v->inferred = e->finding == TF_SYNACK_UNCAPTURED ? TN_SYNACK : TN_THIRD_ACK;
    }
}

void tt_evidence_mark_peer_data(const tt_seg_ctx *x, bool peer_data, tt_ignored ignored,
                                tt_verdict *v)
{
    if (peer_data && ignored == TI_NONE && x->rcv->sent_any && v->inferred == TN_NONE) {
        v->anomalies |= TT_BIT(TA_SEGMENT_NOT_CAPTURED);
        v->inferred = TN_PEER_DATA;
    }
}

tt_state tt_evidence_crossed_from(const tt_conv *c, const tt_seg_ctx *x)
{
    const tt_endpoint *snd = x->snd;
    uint8_t f = x->s->flags & (TT_SYN | TT_ACK | TT_RST);

    if (f == (TT_SYN | TT_ACK) && snd->state == TS_ESTABLISHED && c->simultaneous_open)
        return TS_SYN_RCVD;
    if (f == TT_SYN && snd->state == TS_SYN_RCVD && snd->syn_count == 0 && snd->synack_count == 0 &&
        x->rcv->state == TS_SYN_SENT &&
        (snd->prev_state == TS_LISTEN || snd->prev_state == TS_CLOSED))
        return (tt_state)snd->prev_state;
    return TS_COUNT;
}

/* True when s was captured less than MIN_RTO_US after the ack that opened the gap (or either is
 * untimed). */
static bool soon_after_gap(const tt_conv *c, const tt_segment *s)
{
    return !s->timed || !c->gap_timed || (uint32_t)s->time_us - c->gap.us < MIN_RTO_US;
}

bool tt_evidence_fills_gap(const tt_conv *c, const tt_seg_ctx *x)
{
    const tt_segment *s = x->s;
    uint32_t end = s->seq + s->len + ((s->flags & TT_FIN) ? 1u : 0u);
    uint32_t gap_end = c->gap_after_syn ? c->gap.u.end : x->snd->next_seq;

    if (c->gap_after_syn && (s->flags & TT_FIN))
        return false; /* that gap's ack covers data only: its FIN is not followed */
    return c->gap.frame != 0 && x->from == (tt_role)c->gap_role &&
           (s->flags & (TT_SYN | TT_ACK | TT_RST)) == TT_ACK && s->seq == c->gap.next &&
           seq_after(end, s->seq) && !seq_after(end, gap_end) &&
           /* nothing follows a FIN; rows the acker sent since showed the FIN not yet received */
           (!(s->flags & TT_FIN) || (end == x->snd->next_seq && !c->gap_peer_spoke)) &&
           soon_after_gap(c, s);
}

bool tt_evidence_copies_gap_ack(const tt_conv *c, const tt_seg_ctx *x)
{
    uint32_t gap_end = c->gap_after_syn ? c->gap.u.end : x->rcv->next_seq;

    return c->gap.frame != 0 && x->from != (tt_role)c->gap_role && (x->s->flags & TT_ACK) &&
           x->s->ack == gap_end;
}

bool tt_evidence_third_ack_late(const tt_conv *c, const tt_seg_ctx *x)
{
    const tt_segment *s = x->s;

    return c->gap.frame != 0 && c->gap_after_syn && !c->gap_third_seen && x->from == TR_CLIENT &&
           (s->flags & (TT_SYN | TT_FIN | TT_RST | TT_ACK)) == TT_ACK && s->len == 0 &&
           s->seq == c->gap.next && s->ack == c->server.isn + 1 + c->server.syn_len &&
           soon_after_gap(c, s);
}

bool tt_evidence_duplicate(const tt_conv *c, const tt_segment *s)
{
    const tt_last_segment *p = &c->last;
    return s->timed && p->timed && p->from_a == s->from_a && p->flags == s->flags &&
           p->seq == s->seq && p->ack == s->ack && p->len == s->len && s->time_us >= p->time_us &&
           s->time_us - p->time_us < DUPLICATE_US;
}

bool tt_evidence_live_peer(const tt_seg_ctx *x)
{
    const tt_segment *s = x->s;
    const tt_endpoint *snd = x->snd;

    if (!(s->flags & TT_ACK))
        return false;
    return (snd->acked_any && s->ack != snd->first_ack) ||
           (snd->syn_count > 0 && !(s->flags & TT_SYN));
}
