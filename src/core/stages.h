/* The private contract between the core's stages: evidence, model, steps and the final view. */
#ifndef TCPTEACH_STAGES_H
#define TCPTEACH_STAGES_H

#include "tcpteach/core.h"
#include "tcpteach/seq.h"

/* TT_ASSERT(message, condition): an invariant of the core, in the style of lwIP's LWIP_ASSERT.
 * Checked (message on stderr, then abort) when TT_CORE_ASSERTS is defined, as the build does unless
 * -DTCPTEACH_ASSERTS=OFF; compiled out otherwise (the condition is not evaluated). */
#ifdef TT_CORE_ASSERTS
#include <stdio.h>
#include <stdlib.h>
#define TT_ASSERT(message, condition)                                                              \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            fprintf(stderr, "tcpteach: assertion \"%s\" failed at %s:%d\n", message, __FILE__,     \
                    __LINE__);                                                                     \
            abort();                                                                               \
        }                                                                                          \
    } while (0)
#else
#define TT_ASSERT(message, condition) ((void)sizeof(condition)) /* not evaluated */
#endif

/* One segment as every stage sees it: the segment, its sender's role and both endpoints. */
typedef struct tt_seg_ctx {
    const tt_segment *s;
    tt_role from;
    tt_endpoint *snd, *rcv;
} tt_seg_ctx;

/* ---- rules.c: the two small TCPs' rules (RFC 9293), pure ---- */

/* True when segment s acknowledges the sequence number pos (its ack lies beyond it). */
bool tt_acks(const tt_segment *s, uint32_t pos);

/* True when s's ack is acceptable to e per RFC 9293 section 3.10.7.3: SND.UNA < SEG.ACK =<
 * SND.NXT, with the SYN (or FIN) at position pos as the oldest unacknowledged byte. */
bool tt_acceptable(const tt_endpoint *e, const tt_segment *s, uint32_t pos);

/* True in the states of RFC 9293 section 3.10.7.4 (SYN_RCVD and after): the ACK field is processed.
 */
bool tt_synchronized(tt_state st);

/* Why the receiver drops the segment (RFC 9293 section 3.10.7, RFC 5961), or TI_NONE when it
 * accepts it; *peer_data is set when the ack covers data of the receiver the capture never showed.
 */
tt_ignored tt_rules_judge(const tt_seg_ctx *x, bool *peer_data);

/* True when the sender, in its current state, may send the segment as a real TCP would (RFC 9293
 * section 3.10): the property every shown state must satisfy unless the segment is flagged. */
bool tt_rules_may_send(const tt_seg_ctx *x);

/* ---- model.c: the only writer of tt_endpoint ---- */

/* The other role. */
tt_role tt_other(tt_role r);

/* Fixes roles and the initial states from the first captured segment (always sent by endpoint A).
 */
void tt_model_start(tt_conv *c, const tt_segment *s);

/* Notes that x.snd sent x.s (a captured segment, one other than RST, its first ack); live: the
 * segment shows that the sender's peer sent while the capture ran (tt_evidence_live_peer). */
void tt_model_note_sender(tt_conv *c, const tt_seg_ctx *x, bool live);

/* ---- evidence.c: what the capture shows about the sender; decides, never writes ---- */

/* What a segment proves about its sender before its state is shown. */
typedef enum tt_finding {
    TF_NONE,
    TF_SYNACK_LOST,          /* it re-sends its SYN: the SYN+ACK never reached it */
    TF_SYN_UNCAPTURED,       /* a SYN+ACK from LISTEN: the SYN it answers was not captured */
    TF_THIRD_ACK_LOST,       /* it re-sends its SYN+ACK: the third ACK never reached it */
    TF_SYNACK_UNCAPTURED,    /* from SYN_SENT it acknowledges an uncaptured SYN+ACK */
    TF_THIRD_ACK_UNCAPTURED, /* from SYN_RCVD it sends as an open connection */
    TF_FIN_ACK_LOST          /* it re-sends its FIN: the ACK of it never reached it */
} tt_finding;

typedef struct tt_evidence {
    bool rst_survived;  /* both sides go back to their states before the last RST */
    bool after_own_rst; /* the RST's sender goes on: it alone goes back (segment_after_rst) */
    tt_finding finding;
} tt_evidence;

/* The evidence segment x.s gives about its sender (applied by tt_model_apply_evidence). */
tt_evidence tt_evidence_about_sender(const tt_conv *c, const tt_seg_ctx *x);

/* Marks on v what evidence e shows (rst_ignored, segment_not_captured, a SYN sent again after its
 * SYN+ACK was lost: syn_retransmission); writes only v. */
void tt_evidence_mark(const tt_evidence *e, tt_verdict *v);

/* Marks on v an ack covering data of the receiver the capture never showed (segment_not_captured,
 * peer data) when the receiver accepts it, has sent before and nothing else was inferred. */
void tt_evidence_mark_peer_data(const tt_seg_ctx *x, bool peer_data, tt_ignored ignored,
                                tt_verdict *v);

/* True when s is a copy of the conversation's previous segment (there is one) captured within
 * DUPLICATE_US. */
bool tt_evidence_duplicate(const tt_conv *c, const tt_segment *s);

/* True when x.s shows that its sender's peer sent something while the capture ran. */
bool tt_evidence_live_peer(const tt_seg_ctx *x);

/* The state x.s was sent from when, in a simultaneous open (RFC 9293 section 3.5, figure 8), it
 * crossed the peer's segment before it in flight (crossed_in_flight): a second SYN the model had
 * let its sender receive the first one before (sent from LISTEN or CLOSED), or a SYN+ACK from a
 * sender the peer's SYN+ACK synchronized first (sent from SYN_RCVD). TS_COUNT otherwise. */
tt_state tt_evidence_crossed_from(const tt_conv *c, const tt_seg_ctx *x);

/* True when x.s is the client's SYN captured soon after the SYN+ACK that answers it, which the
 * model already let synchronize the client: the capture point recorded the answer first
 * (captured_out_of_order); the endpoints handled the SYN first. */
bool tt_evidence_captured_late(const tt_conv *c, const tt_seg_ctx *x);

/* True when x.s, from the side an open gap waits for, starts where the gap does and ends within
 * it (a FIN exactly at its end, the acker having sent nothing since), captured less than MIN_RTO_US
 * after the ack that covered it (or untimed): the capture point
 * recorded that ack first (captured_out_of_order); too late for that, it would be a copy sent
 * again. */
bool tt_evidence_fills_gap(const tt_conv *c, const tt_seg_ctx *x);

/* True when x.s is the client's third ACK (seq x+1, ack y+1, no data) captured after the server's
 * segment that acknowledged data past it (the gap after the SYN), soon enough for reordering: the
 * server got it before it sent that segment (captured_out_of_order). */
bool tt_evidence_third_ack_late(const tt_conv *c, const tt_seg_ctx *x);

/* True when x.s (a duplicate_frame) is a copy of the open gap's ack: from the acker, acknowledging
 * up to the gap's end. */
bool tt_evidence_copies_gap_ack(const tt_conv *c, const tt_seg_ctx *x);

/* Moves the endpoints as evidence e says (RFC 9293 section 3.3.2 events, or their undoing). */
void tt_model_apply_evidence(tt_conv *c, const tt_seg_ctx *x, const tt_evidence *e);

/* ---- steps.c: the step table; pure, writes only the verdict ---- */

/* What labelling decided about a segment, before the model records it. */
typedef struct tt_step {
    uint8_t label;  /* tt_label */
    bool repeat;    /* a SYN or SYN+ACK with the sender's ISN again */
    bool fin_again; /* a FIN at the sender's first FIN's position again */
    bool fin_first; /* the sender's first FIN, labelled: the model records it */
    bool acks_fin;  /* it acknowledges the receiver's FIN */
    bool third_ack; /* it is the third ACK (handshake 3) */
    bool refused;   /* an RST refusing the connection */
    tt_anomaly_set anomalies;
} tt_step;

/* The step segment x.s is (its label and the anomalies of labelling), from the states before it.
 */
tt_step tt_steps_classify(const tt_conv *c, const tt_seg_ctx *x, tt_ignored ignored);

/* Fills v's notation offsets and ack check from the label's row, reading the model as it stands
 * once the step was recorded. */
void tt_steps_notation(const tt_seg_ctx *x, tt_verdict *v);

/* Payload anomalies of x.s (data_after_fin, half_close), read after the step was recorded. */
tt_anomaly_set tt_steps_data(const tt_conv *c, const tt_seg_ctx *x);

/* The step of the ack that opened the gap x.s has just filled with a FIN, as the endpoints handled
 * it (wave 2 or wave 4 when it acknowledges that FIN), written into a: its label and notation. */
void tt_steps_gap_answer(const tt_conv *c, const tt_seg_ctx *x, tt_amend *a);

/* Checks the ack of the first SYN+ACK once the client's SYN, captured after it, is known. */
void tt_steps_check_late_synack(const tt_endpoint *client, tt_verdict *v);

/* ---- model.c again: recording and moving ---- */

/* Records what step st of x.s tells the model: ISNs and SYN counts, the first FIN's position and
 * the closer, the refusal, the third ACK. */
void tt_model_record(tt_conv *c, const tt_seg_ctx *x, const tt_step *st, tt_ignored ignored);

/* The moves of RFC 9293 section 3.10.7 for x.s, whose verdict v is filled up to its states after:
 * a half-close noted, the receiver's SND.NXT moved to the ack on peer_data, the sender's move, the
 * receiver's (if it accepts the segment), then the sender's SND.NXT and window. */
void tt_model_segment(tt_conv *c, const tt_seg_ctx *x, tt_ignored ignored, bool peer_data,
                      const tt_verdict *v);

/* Keeps the open gap up to date once x.s was handled; true when x.s filled what was left of it
 * (fills, tt_evidence_fills_gap). The client's SYN or third ACK (third_ack) before a gap after the
 * SYN leaves it open; any other segment from the side it waits for closes it: the capture is no
 * longer known to hold that side late. */
bool tt_model_gap(tt_conv *c, const tt_seg_ctx *x, bool fills, bool third_ack);

/* Closes the gap x.s has just filled; when x.s carried a FIN, the ack that covered it, captured
 * before it, reaches its sender now (RFC 9293 section 3.10.7.4), as it did at the endpoints: true
 * when that moved the sender. */
bool tt_model_gap_close(tt_conv *c, const tt_seg_ctx *x);

/* Notes that frame `frame` is a copy of the open gap's ack (its amendment covers it too, when near
 * enough to be kept). */
void tt_model_gap_copy(tt_conv *c, uint32_t frame);

/* Asserts the model's invariants (see docs/architecture.md). */
void tt_model_check(const tt_conv *c);

/* ---- final.c: the whole-capture corrections ---- */

/* The number of problems in set a. */
uint32_t tt_problems_in(tt_anomaly_set a);

#endif
