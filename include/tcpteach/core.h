/* The tcpteach analysis core: follows one TCP conversation segment by segment, with no Wireshark
 * types. */
#ifndef TCPTEACH_CORE_H
#define TCPTEACH_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcpteach/segment.h"
#include "tcpteach/zeek.h"

/* Endpoint states of RFC 9293 section 3.3.2, as the textbook names them. */
typedef enum tt_state {
    TS_CLOSED,
    TS_LISTEN,
    TS_SYN_SENT,
    TS_SYN_RCVD,
    TS_ESTABLISHED,
    TS_FIN_WAIT_1,
    TS_FIN_WAIT_2,
    TS_CLOSE_WAIT,
    TS_CLOSING,
    TS_LAST_ACK,
    TS_TIME_WAIT,
    TS_COUNT
} tt_state;

/* The steps of the opening (三次握手) and of the closing (四次挥手). */
typedef enum tt_label {
    TL_NONE,
    TL_HANDSHAKE_1,
    TL_HANDSHAKE_2,
    TL_HANDSHAKE_3,
    TL_WAVE_1,
    TL_WAVE_2,
    TL_WAVE_3,
    TL_WAVE_2_3,
    TL_WAVE_4,
    TL_COUNT
} tt_label;

typedef enum tt_role { TR_CLIENT, TR_SERVER, TR_COUNT } tt_role;

/* Every anomaly and note the core can raise; names are in tt_anomaly_info (names.c). */
typedef enum tt_anomaly {
    TA_SYN_RETRANSMISSION,
    TA_SYNACK_RETRANSMISSION,
    TA_MISSING_THIRD_ACK,
    TA_SYN_UNANSWERED,
    TA_FIN_RETRANSMISSION,
    TA_ACK_MISMATCH,
    TA_CONNECTION_REFUSED,
    TA_RST_ABORT,
    TA_HANDSHAKE_NOT_CAPTURED,
    TA_DATA_AFTER_FIN,
    TA_SIMULTANEOUS_OPEN,
    TA_SIMULTANEOUS_CLOSE,
    TA_FAST_OPEN,
    TA_THIRD_ACK_WITH_DATA,
    TA_HALF_CLOSE,
    TA_PORT_REUSE,
    TA_SEGMENT_IGNORED,
    TA_RST_IGNORED,
    TA_UNEXPECTED_SEGMENT,
    TA_SEGMENT_NOT_CAPTURED,
    TA_ONE_SIDED,
    TA_SEGMENT_LOST,
    TA_DUPLICATE_FRAME,
    TA_CAPTURE_ENDS,
    TA_CAPTURED_OUT_OF_ORDER,
    TA_CROSSED_IN_FLIGHT,
    TA_SEGMENT_AFTER_RST,
    TA_COUNT
} tt_anomaly;

typedef uint32_t tt_anomaly_set; /* bit (1u << tt_anomaly) */
#define TT_BIT(a) ((tt_anomaly_set)1u << (a))

typedef enum tt_severity { TT_SEV_NOTE, TT_SEV_WARN, TT_SEV_ERROR } tt_severity;

/* One row of the anomaly table: stable snake_case name, problem or note, severity (the wording of
 * each, per language, is in tt_wordings). */
typedef struct tt_anomaly_desc {
    const char *name;
    bool problem;
    tt_severity severity;
} tt_anomaly_desc;

extern const tt_anomaly_desc tt_anomaly_info[TA_COUNT];
extern const char *const tt_state_name[TS_COUNT];
extern const char *const tt_label_name[TL_COUNT];
extern const char *const tt_role_name[TR_COUNT];

/* How the textbook writes a step: the flags it names, and the variables its seq and ack are counted
 * from (x, y: the ISNs; u: the first FIN's seq; v: wave 2's seq; w: the second FIN's seq; 0: none).
 */
typedef struct tt_step_form {
    const char *flags;
    char seq_var, ack_var;
    uint8_t seq_from, ack_from; /* tt_step_base: what the offsets seq_off, ack_off count from */
    uint8_t check;              /* tt_step_check: the ack this step must carry */
} tt_step_form;

/* Where a step's notation offset is counted from: nothing, the sender's or receiver's ISN, the
 * sender's or receiver's first FIN's seq, or the step's own seq (wave 2's v, offset 0). */
typedef enum tt_step_base {
    TB_NONE,
    TB_SND_ISN,
    TB_RCV_ISN,
    TB_SND_FIN,
    TB_RCV_FIN,
    TB_SELF
} tt_step_base;

/* The ack a step must carry: none; the receiver's ISN + 1 (its SYN's data may be acknowledged too);
 * its ISN + 1 + that data; its FIN + 1. */
typedef enum tt_step_check { TK_NONE, TK_SYN, TK_SYN_DATA, TK_FIN } tt_step_check;
extern const tt_step_form tt_step_forms[TL_COUNT];

typedef enum tt_ack_check { TT_ACK_UNCHECKED, TT_ACK_OK, TT_ACK_WRONG } tt_ack_check;

/* Why a real receiver drops a segment (segment_ignored), RFC 9293 section 3.10.7 and RFC 5961. */
typedef enum tt_ignored {
    TI_NONE,
    TI_OUT_OF_WINDOW,     /* its seq lies beyond the receiver's window (section 3.10.7.4) */
    TI_BEYOND_ANY_WINDOW, /* the same, the window unknown: beyond the largest one (RFC 7323) */
    TI_BAD_ACK,           /* its ack is not acceptable (sections 3.10.7.3, 3.10.7.4) */
    TI_NO_ACK,            /* no ACK bit on a segment that is no SYN or RST */
    TI_RST_NOT_MATCHING,  /* RST whose seq is not the one expected (RFC 5961 section 3.2) */
    TI_RST_BAD_ACK,       /* RST in SYN_SENT not acknowledging the SYN (section 3.10.7.3) */
    TI_SYN_SYNCHRONIZED,  /* a SYN reaching a synchronized connection (RFC 5961 section 4) */
    TI_NO_CONNECTION,     /* the receiver has no connection any more */
    TI_COUNT
} tt_ignored;

/* Which uncaptured segment a captured one proves (segment_not_captured). */
typedef enum tt_inferred {
    TN_NONE,
    TN_SYNACK,    /* the peer's SYN+ACK: this side acknowledges it */
    TN_THIRD_ACK, /* the peer's third ACK: this side sends as an open connection */
    TN_PEER_DATA, /* the peer's data: this ack covers bytes the capture never showed */
    TN_COUNT
} tt_inferred;
/* What a segment shows about an earlier frame of its conversation: that frame's ack covered this
 * segment, captured after it (captured_out_of_order), so the capture did hold what it acknowledged.
 * The caller applies it to that frame's verdict with tt_verdict_amend. */
typedef struct tt_amend {
    uint32_t frame;           /* the earlier frame (0: no amendment) */
    uint32_t copy;            /* a copy of it (duplicate_frame) amended alike (0: none) */
    int32_t seq_off, ack_off; /* its notation, when label is set */
    uint8_t label;            /* its step (it acknowledges a FIN), or TL_NONE: unchanged */
    bool states;              /* the states below hold even without a step */
    uint8_t client_before, server_before, client_after, server_after; /* when label is set */
} tt_amend;

/* What the core says about one segment; small and self-contained, so a frame can be rendered alone.
 */
typedef struct tt_verdict {
    uint32_t frame;
    uint32_t seq, ack, len;
    uint32_t ack_expected; /* valid when ack_check != TT_ACK_UNCHECKED */
    int32_t seq_off;       /* notation: seq minus the step's seq variable (x, y, u, v or w) */
    int32_t ack_off;       /* notation: ack minus the step's ack variable */
    tt_anomaly_set anomalies;
    uint8_t flags;
    uint8_t label;                                                    /* tt_label */
    uint8_t from;                                                     /* tt_role of the sender */
    uint8_t ack_check;                                                /* tt_ack_check */
    uint8_t client_before, server_before, client_after, server_after; /* tt_state */
    uint8_t ignored;                                                  /* tt_ignored */
    uint8_t inferred;                                                 /* tt_inferred */
    tt_amend amend; /* for an earlier frame, not part of this one's verdict (never kept) */
} tt_verdict;

/* One endpoint as a small TCP (RFC 9293 section 3.3.1): what it has sent and accepted, the window
 * it offers, and its state. The model (src/core/model.c) is its only writer. */
typedef struct tt_endpoint {
    uint16_t port;
    uint8_t state;            /* tt_state */
    uint8_t prev_state;       /* tt_state before its last move, made by frame moved_at */
    uint8_t state_before_rst; /* restored when the conversation evidently survived an RST */
    uint8_t before_moved;     /* tt_state before moved_by */
    bool captured : 1;        /* a segment it sent was captured */
    bool spoke : 1;           /* a segment other than RST it sent was captured */
    bool sent_any : 1;
    bool isn_known : 1; /* ISS: its SYN was captured (or, for the notation, inferred) */
    bool rcv_known : 1; /* RCV.NXT is known */
    bool win_known : 1; /* wnd is known */
    bool fin_sent : 1;
    bool half_close_noted : 1;
    bool acked_any : 1;    /* it sent a segment with ACK: first_ack is that segment's ack */
    uint8_t fin_label;     /* tt_label given to this side's first FIN */
    uint8_t wscale;        /* window scale from its SYN (RFC 7323), or TT_WSCALE_NONE/_UNKNOWN */
    uint32_t isn;          /* ISS: x for the client, y for the server */
    uint32_t syn_len;      /* payload carried by the SYN (TCP Fast Open) */
    uint32_t syn_count;    /* SYN segments sent */
    uint32_t synack_count; /* SYN+ACK segments sent */
    uint32_t first_ack;    /* the ack of its first captured segment with ACK */
    uint32_t next_seq;     /* SND.NXT: just past everything sent so far */
    uint32_t rcv_nxt;      /* RCV.NXT: just past everything accepted from the peer */
    uint32_t wnd;          /* RCV.WND it last offered, scaled */
    uint32_t fin_seq;      /* u (closer) or w (passive side): seq of the first FIN segment */
    uint32_t fin_pos;      /* the sequence number the FIN flag itself occupies: fin_seq + len */
    uint32_t moved_by;     /* the frame whose ack of its SYN or FIN last moved it (0: none) */
    uint32_t moved_at;     /* the frame of its last move (0: none yet) */
} tt_endpoint;

/* A captured segment its receiver evidently never got (segment_lost): the receiver sent again what
 * it answers. In the final view the receiver stays in `state` from `frame` until `until`. */
typedef struct tt_lost {
    uint32_t frame, until;
    uint8_t role; /* tt_role of the receiver */
    uint8_t state;
} tt_lost;

#define TT_MAX_LOST 2 /* corrected per conversation in the final view; later ones are not */

/* What duplicate detection keeps of the previous segment of a conversation. */
typedef struct tt_last_segment {
    uint64_t time_us;
    uint32_t seq, ack, len;
    uint8_t flags;
    bool from_a, timed;
} tt_last_segment;

/* An ack covering data or a FIN of the peer the capture had not shown (segment_not_captured, peer
 * data) while the segments it covers may still be captured after it, as a capture point that sees
 * one direction late records them (evidence.c, tt_evidence_fills_gap). */
typedef struct tt_gap {
    uint32_t frame; /* that ack's frame (0: no gap open) */
    union {
        uint32_t seq; /* a gap in data: that ack's seq, for its notation once a FIN fills it */
        uint32_t end; /* a gap after the SYN (gap_after_syn): that ack's ack, where it ends */
    } u;
    uint32_t next; /* where the next filling segment starts; it ends at the sender's SND.NXT */
    uint32_t us;   /* that ack's capture time, low 32 bits of its microseconds (when gap_timed) */
} tt_gap;

/* One TCP conversation: both endpoints plus what the whole-capture rules need. Plain data, kept
 * per conversation: flags are single bits and members are grouped by size, to keep it small. */
typedef struct tt_conv {
    tt_endpoint client, server;
    uint8_t role_of_a;   /* tt_role */
    uint8_t closer;      /* tt_role that sent wave 1 (valid once either side's fin_sent) */
    uint8_t rst_anomaly; /* tt_anomaly the last accepted RST raised (rst_abort or refused) */
    bool started : 1;
    bool port_reused : 1;
    bool peer_sent_live : 1; /* an ack shows the sender's peer sent while the capture ran */
    bool simultaneous_open : 1;
    bool third_ack_done : 1; /* the third ACK arrived (captured or inferred) */
    bool refused : 1, simultaneous_close : 1;
    bool rst_open : 1; /* the last RST closed both sides, and both have stayed CLOSED since */
    bool syn_timed : 1, synack_timed : 1; /* the first SYN's, SYN+ACK's time is known */
    bool first_synack_unchecked : 1;      /* SYN+ACK before its SYN: ack checked at the end */
    bool last_late : 1;   /* the previous segment is a SYN captured out of order (shown causally) */
    bool last_filled : 1; /* the previous segment filled a gap (captured out of order) */
    bool gap_role : 1;    /* tt_role whose segments the open gap waits for */
    bool gap_timed : 1;   /* gap.us holds the time of the ack that opened it */
    bool gap_peer_spoke : 1; /* the side that opened the gap sent again since */
    bool rst_from : 1;       /* tt_role that sent the last accepted RST (valid with rst_frame) */
    bool gap_after_syn : 1;  /* the gap starts just after the client's SYN (third ACK inferred) */
    bool gap_third_seen : 1; /* that gap's third ACK was captured (after the ack) */
    bool last_fin_acked : 1; /* the previous segment, a FIN, filled a gap: its ack then moved it */
    uint8_t gap_copy : 4;    /* the frame of a copy of the gap's ack, less gap.frame (0: none) */
    uint8_t last_crossed_from; /* the state the previous segment was sent from when it crossed
                                    the peer's in flight (shown causally), else TS_COUNT */
    uint8_t lost_count;
    tt_last_segment last; /* the previous segment of the conversation */
    tt_gap gap;
    uint64_t first_syn_us, first_synack_us; /* the first SYN's, SYN+ACK's time, when timed */
    uint32_t first_frame;
    uint32_t first_syn_frame, first_synack_frame; /* the client's first SYN, server's first SYN+ACK
                                                     (0: none captured) */
    uint32_t first_synack_ack; /* the ack of the first SYN+ACK (x + 1 when its SYN comes later) */
    uint32_t rst_frame;        /* the last RST accepted (0: none) */
    tt_anomaly_set first_anomalies; /* raised on the first frame in the first pass */
    uint32_t problems; /* problem anomalies raised so far (not counting those needing the future) */
    struct {
        uint32_t frame, until;  /* an RST the conversation survived, and the segment showing it */
        uint8_t client, server; /* the states both keep meanwhile */
    } survived;
    tt_lost lost[TT_MAX_LOST];
    tt_zeek zeek; /* Zeek's view of the same conversation (conn_state, history) */
} tt_conv;

/* How the opening went, and how the close went (tcpteach.conv.handshake / tcpteach.conv.close). */
typedef enum tt_handshake {
    TH_COMPLETE,
    TH_MISSING_THIRD_ACK,
    TH_UNANSWERED,
    TH_REFUSED,
    TH_NOT_CAPTURED,
    TH_SIMULTANEOUS_OPEN,
    TH_CAPTURE_ENDS, /* the capture ends before the answer could have come */
    TH_COUNT
} tt_handshake;

typedef enum tt_close {
    TC_FOUR_WAY,
    TC_THREE_WAY,
    TC_SIMULTANEOUS,
    TC_RESET,
    TC_HALF_CLOSED,
    TC_OPEN,
    TC_COUNT
} tt_close;

extern const char *const tt_handshake_name[TH_COUNT];
extern const char *const tt_close_name[TC_COUNT];

/* One conversation in a few words: what a per-connection report row says. */
typedef struct tt_summary {
    tt_handshake handshake;
    tt_close close;
    bool has_closer;
    tt_role closer; /* who sent wave 1, and so ends in TIME_WAIT */
    uint32_t problems;
} tt_summary;

/* How long the capture must go on after a segment before its answer's absence is claimed: the
 * initial retransmission timeout of RFC 6298 section 2.1. */
#define TT_ANSWER_WAIT_US 1000000u

/* Summarises c as known so far, the capture having reached time end_us (its latest frame); with
 * final set (every frame fed) the verdicts that need the whole capture count too, as in
 * tt_verdict_complete. */
void tt_conv_summarize(const tt_conv *c, bool final, uint64_t end_us, tt_summary *out);

/* Starts an empty conversation whose first segment came from the endpoint on port_a. */
void tt_conv_init(tt_conv *c, uint16_t port_a, uint16_t port_b, bool port_reused);

/* Feeds the next segment in capture order and fills v with what it is (RFC 9293 section 3.10). */
void tt_conv_segment(tt_conv *c, const tt_segment *s, tt_verdict *v);

/* Adds to v the verdicts that need the whole capture (the final view): missing_third_ack,
 * syn_unanswered, one_sided, segment_lost (its receiver does not move on it, nor until it sends
 * again), rst_ignored on an RST the conversation survived (instead of rst_abort, nothing moving),
 * the check of a SYN+ACK captured before its SYN, no handshake_not_captured once the SYN turned up,
 * and a server that was CLOSED, not LISTEN, when the connection was refused. What rests on an
 * answer never coming is claimed only when the capture, which reached time end_us, went on
 * TT_ANSWER_WAIT_US after the segment (capture_ends otherwise). Idempotent for one end_us. */
void tt_verdict_complete(const tt_conv *c, uint64_t end_us, tt_verdict *v);

/* Applies amendment a (told by a later segment, tt_amend) to v, the verdict of frame a->frame (or
 * of its copy a->copy): no
 * segment_not_captured, nothing inferred, and when a names a step, that step, its notation and its
 * checked ack; with a step or a->states, the states of the moment it was handled. */
void tt_verdict_amend(tt_verdict *v, const tt_amend *a);

/* True when a segment with these flags and seq repeats the opening SYN of c while its client still
 * waits for the answer (SYN_SENT): the same connection attempt, not a new connection. */
bool tt_conv_same_attempt(const tt_conv *c, uint8_t flags, uint32_t seq);

/* The endpoint record of a role. */
tt_endpoint *tt_conv_endpoint(tt_conv *c, tt_role r);

/* The events that move an endpoint: the RFC 9293 section 3.3.2 diagram, plus what a capture
 * reveals later: a FIN sent before the peer's arrived, and a SYN, SYN+ACK or FIN sent again because
 * what acknowledged it (as the capture saw) never reached this endpoint. */
typedef enum tt_event {
    EV_SEND_SYN,
    EV_SEND_SYNACK,
    EV_SEND_FIN,
    EV_SEND_RST,
    EV_RCV_SYN,
    EV_RCV_SYNACK,
    EV_RCV_ACK_OF_SYN,
    EV_RCV_ACK_OF_FIN,
    EV_RCV_FIN,
    EV_RCV_RST,
    EV_SEND_CROSSING_FIN, /* CLOSE_WAIT as captured, but the FIN left before the peer's arrived */
    EV_RESEND_SYN,        /* its SYN+ACK never arrived: back to SYN_SENT */
    EV_RESEND_SYNACK,     /* the third ACK never arrived: back to SYN_RCVD */
    EV_RESEND_FIN,        /* the ACK of its FIN never arrived: back to the state waiting for it */
    TT_EVENT_COUNT
} tt_event;

/* The state an endpoint moves to on an event: the diagram in one pure function. */
tt_state tt_next_state(tt_state s, tt_event ev);

#endif
