/* The final view: every whole-capture correction listed once, applied to verdicts and summaries. */
#include "stages.h"

/* What a correction does to the frames it concerns. */
typedef enum tt_fix {
    FX_MARK,         /* add (and remove) anomalies on one frame, or remove them from all */
    FX_LATE_SYNACK,  /* check the first SYN+ACK's ack now that its SYN turned up */
    FX_SURVIVED,     /* an RST the conversation survived: rst_ignored, both states kept */
    FX_LOST,         /* a segment its receiver never got: segment_lost, its state kept */
    FX_SERVER_CLOSED /* a refused connection: the server was CLOSED all along, not LISTEN */
} tt_fix;

/* One correction of the final view. frame 0 means every frame. */
typedef struct tt_correction {
    uint8_t fix;  /* tt_fix */
    uint8_t role; /* FX_LOST: the receiver that kept its state */
    uint8_t state, other_state;
    uint32_t frame, until;      /* the frames [frame, until) whose states it keeps */
    tt_anomaly_set add, remove; /* anomalies it adds to / removes from its frame */
    tt_anomaly_set removed;     /* of remove, what the first pass had raised (for the counts) */
} tt_correction;

#define TT_MAX_CORRECTIONS (6 + TT_MAX_LOST)

/* The final view of a conversation: its corrections, in the order they apply. */
typedef struct tt_final {
    int n;
    tt_correction fix[TT_MAX_CORRECTIONS];
} tt_final;

uint32_t tt_problems_in(tt_anomaly_set a)
{
    uint32_t n = 0;
    for (int i = 0; a != 0; i++, a >>= 1)
        n += (a & 1) && tt_anomaly_info[i].problem;
    return n;
}

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

/* True when a client SYN was captured and the server neither answered nor was acknowledged (a
 * SYN+ACK inferred from the client's ack is the only way the server's ISN is known unanswered). */
static bool syn_unanswered(const tt_conv *c)
{
    return c->first_syn_frame != 0 && !c->server.captured && !c->server.isn_known;
}

/* True when the final view corrects lost segment l: not when its frames overlap those of an RST
 * the conversation survived, whose states were taken in the uncorrected timeline; that view wins.
 */
static bool lost_corrected(const tt_conv *c, const tt_lost *l)
{
    return c->survived.frame == 0 || l->frame >= c->survived.until || l->until <= c->survived.frame;
}

/* True when the late check of the first SYN+ACK finds its ack wrong (the step table's check). */
static bool late_synack_wrong(const tt_conv *c)
{
    tt_verdict v = {.ack = c->first_synack_ack};

    tt_steps_check_late_synack(&c->client, &v);
    return v.ack_check == TT_ACK_WRONG;
}

/* Appends correction x to f. */
static void add(tt_final *f, tt_correction x)
{
    TT_ASSERT("the final view has room", f->n < TT_MAX_CORRECTIONS);
    f->fix[f->n++] = x;
}

/* Every whole-capture correction of c, the capture having reached end_us: a SYN+ACK nothing
 * acknowledged (missing_third_ack), a SYN nothing answered (syn_unanswered), a conversation seen
 * from one side only although that side acknowledges the other (one_sided), no
 * handshake_not_captured once the SYN turned up, the late check of a SYN+ACK captured before its
 * SYN, an RST survived, segments lost, and a refused server that was CLOSED. */
static tt_final final_view(const tt_conv *c, uint64_t end_us)
{
    tt_final f = {0};
    tt_anomaly_set hnc = TT_BIT(TA_HANDSHAKE_NOT_CAPTURED);

    if (c->first_synack_unchecked && c->client.isn_known)
        add(&f, (tt_correction){.fix = FX_LATE_SYNACK,
                                .frame = c->first_synack_frame,
                                .add = late_synack_wrong(c) ? TT_BIT(TA_ACK_MISMATCH) : 0});
    if (third_ack_missing(c))
        add(&f, (tt_correction){.frame = c->first_synack_frame,
                                .add = TT_BIT(waited(c, c->synack_timed, c->first_synack_us, end_us)
                                                  ? TA_MISSING_THIRD_ACK
                                                  : TA_CAPTURE_ENDS)});
    if (syn_unanswered(c))
        add(&f, (tt_correction){.frame = c->first_syn_frame,
                                .add = TT_BIT(waited(c, c->syn_timed, c->first_syn_us, end_us)
                                                  ? TA_SYN_UNANSWERED
                                                  : TA_CAPTURE_ENDS)});
    if (c->client.captured != c->server.captured && c->peer_sent_live)
        add(&f, (tt_correction){.frame = c->first_frame, .add = TT_BIT(TA_ONE_SIDED)});
    if (c->first_syn_frame != 0) /* raised on the first frame only */
        add(&f, (tt_correction){.remove = hnc, .removed = c->first_anomalies & hnc});
    if (c->survived.frame != 0)
        add(&f, (tt_correction){.fix = FX_SURVIVED,
                                .frame = c->survived.frame,
                                .until = c->survived.until,
                                .state = c->survived.client,
                                .other_state = c->survived.server,
                                .add = TT_BIT(TA_RST_IGNORED),
                                .remove = TT_BIT(TA_RST_ABORT) | TT_BIT(TA_CONNECTION_REFUSED),
                                .removed = TT_BIT(c->rst_anomaly)});
    for (int i = 0; i < c->lost_count; i++)
        if (lost_corrected(c, &c->lost[i]))
            add(&f, (tt_correction){.fix = FX_LOST,
                                    .frame = c->lost[i].frame,
                                    .until = c->lost[i].until,
                                    .role = c->lost[i].role,
                                    .state = c->lost[i].state,
                                    .add = TT_BIT(TA_SEGMENT_LOST)});
    if (c->refused && !c->server.spoke) /* nothing listened */
        add(&f, (tt_correction){.fix = FX_SERVER_CLOSED});
    return f;
}

/* Applies correction x to verdict v. */
static void apply(const tt_conv *c, const tt_correction *x, tt_verdict *v)
{
    uint8_t *before = x->role == TR_CLIENT ? &v->client_before : &v->server_before;
    uint8_t *after = x->role == TR_CLIENT ? &v->client_after : &v->server_after;
    bool on_frame = x->frame == 0 || v->frame == x->frame;

    switch ((tt_fix)x->fix) {
    case FX_MARK:
        if (on_frame)
            v->anomalies = (v->anomalies & ~x->remove) | x->add;
        break;
    case FX_LATE_SYNACK: /* the SYN was captured after its SYN+ACK (reordering) */
        if (on_frame && v->ack_check == TT_ACK_UNCHECKED)
            tt_steps_check_late_synack(&c->client, v);
        break;
    case FX_SURVIVED: /* the RST ended nothing; both sides kept their states meanwhile */
        if (v->frame < x->frame || v->frame >= x->until)
            break;
        if (on_frame) {
            v->anomalies = (v->anomalies & ~x->remove) | x->add;
        } else {
            v->client_before = x->state;
            v->server_before = x->other_state;
        }
        v->client_after = x->state;
        v->server_after = x->other_state;
        break;
    case FX_LOST: /* its receiver never got that frame: it has not moved since */
        if (on_frame)
            v->anomalies |= x->add;
        if (v->frame > x->frame && v->frame < x->until)
            *before = x->state;
        if (v->frame >= x->frame && v->frame < x->until)
            *after = x->state;
        break;
    case FX_SERVER_CLOSED: v->server_before = v->server_after = TS_CLOSED; break;
    }
}

void tt_verdict_complete(const tt_conv *c, uint64_t end_us, tt_verdict *v)
{
    tt_final f = final_view(c, end_us);

    for (int i = 0; i < f.n; i++)
        apply(c, &f.fix[i], v);
}

void tt_verdict_amend(tt_verdict *v, const tt_amend *a)
{
    v->anomalies &= ~TT_BIT(TA_SEGMENT_NOT_CAPTURED);
    v->inferred = TN_NONE;
    if (a->label != TL_NONE) {
        v->label = a->label;
        v->seq_off = a->seq_off;
        v->ack_off = a->ack_off;
        v->ack_check = TT_ACK_OK;
        v->ack_expected = v->ack;
    }
    if (a->label == TL_NONE && !a->states)
        return;
    v->client_before = a->client_before;
    v->server_before = a->server_before;
    v->client_after = a->client_after;
    v->server_after = a->server_after;
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
    if (c->first_syn_frame == 0 && c->first_synack_frame == 0)
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
    if (c->rst_frame != 0)
        return TC_RESET;
    return c->client.fin_sent || c->server.fin_sent ? TC_HALF_CLOSED : TC_OPEN;
}

void tt_conv_summarize(const tt_conv *c, bool final, uint64_t end_us, tt_summary *out)
{
    tt_final f;

    out->handshake = handshake_of(c, end_us);
    out->close = close_of(c);
    out->has_closer = c->client.fin_sent || c->server.fin_sent;
    out->closer = (tt_role)c->closer;
    out->problems = c->problems;
    if (!final)
        return;
    f = final_view(c, end_us); /* each correction changes the count by what it adds and removes */
    for (int i = 0; i < f.n; i++)
        out->problems += tt_problems_in(f.fix[i].add) - tt_problems_in(f.fix[i].removed);
}
