/* Zeek's view of one TCP conversation: the conn_state and history fields of Zeek's conn.log. */
#ifndef TCPTEACH_ZEEK_H
#define TCPTEACH_ZEEK_H

#include <stdbool.h>
#include <stdint.h>

#include "tcpteach/segment.h"

/*
 * Followed: zeek/zeek master as stored at commit 040d7583c855b2bd52c3859dea156cc4ea40f067 of
 * src/packet_analysis/protocol/tcp/TCPSessionAdapter.cc (newer than Zeek 8.0), with
 * src/analyzer/protocol/tcp/TCP_Endpoint.{h,cc}, src/Conn.{h,cc} and
 * scripts/base/protocols/conn/main.zeek. The conn_state rules are those of Zeek 4.0 and later
 * (RSTOS0 needs a history matching /\^?S[^HAFGIQ]*R.* /, zeek/zeek pull request 1166).
 *
 * History letters produced: S H A D F R T I Q (upper case: Zeek's originator, lower case: its
 * responder) and '^'. Not produced, because a tt_segment does not carry what they need: C/c (bad
 * checksum; Zeek also drops such a packet unless run with -C), G/g (content gap, seen only by
 * Zeek's reassembler), W/w (zero window), X/x (analysis limits).
 *
 * The history keeps its first TT_ZEEK_HISTORY_MAX letters; later letters are dropped and
 * tt_zeek_history_truncated() says so. conn_state is still computed from the whole history.
 *
 * Zeek's timers are not modelled (a tt_segment has no timestamp): as if every packet came before
 * tcp_attempt_delay (5 s), tcp_close_delay (5 s) and the inactivity timeouts expire. Nor is the
 * reassembler: a close is never deferred for pending data.
 *
 * Zeek starts a new connection, so a new conn.log line, when TCPSessionAdapter::IsReuse() says so
 * (e.g. a SYN whose ISN differs from the first SYN's, or any SYN after a FIN or RST). This module
 * does the same: conn_state and history describe the last such Zeek connection of the
 * conversation, tt_zeek_conn_count() says how many there were.
 *
 * Roles: the caller's are taken for the first connection (Zeek's port heuristic in
 * TCPAnalyzer::WantConnection() is the caller's business; '^' when it says flipped). Zeek's own
 * later flip (a SYN answering an originator's SYN+ACK, UpdateInactiveState()) is reproduced, and
 * so is a reuse's new originator (the SYN's sender; for a SYN+ACK, its receiver with '^', the
 * caller's rule for a first SYN+ACK). tt_zeek_orig_is_client() tells when Zeek's originator is
 * then our server.
 */

/* Longest history kept, in letters. */
#define TT_ZEEK_HISTORY_MAX 40

/* Zeek's conn_state codes, in the order its documentation lists them. */
typedef enum tt_zeek_state {
    TZ_S0,
    TZ_S1,
    TZ_SF,
    TZ_REJ,
    TZ_S2,
    TZ_S3,
    TZ_RSTO,
    TZ_RSTR,
    TZ_RSTOS0,
    TZ_RSTRH,
    TZ_SH,
    TZ_SHR,
    TZ_OTH,
    TZ_STATE_COUNT
} tt_zeek_state;

/* The codes as conn.log writes them ("S0", ...), and Zeek's documented meaning of each. */
extern const char *const tt_zeek_state_name[TZ_STATE_COUNT];
extern const char *const tt_zeek_state_meaning[TZ_STATE_COUNT];

/* Zeek's endpoint states (TCP_ENDPOINT_* in TCP_Endpoint.h). */
typedef enum tt_zeek_ep_state {
    TZE_INACTIVE,
    TZE_SYN_SENT,
    TZE_SYN_ACK_SENT,
    TZE_PARTIAL,
    TZE_ESTABLISHED,
    TZE_CLOSED,
    TZE_RESET
} tt_zeek_ep_state;

/* One endpoint as Zeek's TCP_Endpoint tracks it; sequence numbers are raw. */
typedef struct tt_zeek_endpoint {
    uint8_t state, prev_state; /* tt_zeek_ep_state */
    bool did_close;     /* the close has been reported (TCPSessionAdapter::ConnectionClosed) */
    uint32_t start_seq; /* ISN, or one before the first seq seen */
    uint32_t last_seq;  /* one past the highest sequence number sent */
    uint32_t ack_seq;   /* highest ack the peer sent for this endpoint's data */
    uint32_t seq_wraps, ack_wraps;
    uint32_t fin_cnt;
    uint32_t rxmt_cnt, rxmt_thresh; /* retransmissions; the next count that adds a 'T' */
    uint64_t hist_last_syn, hist_last_fin, hist_last_rst; /* relative seqs for S/H, F, R repeats */
} tt_zeek_endpoint;

/* Per-conversation Zeek view; plain data, no allocation. */
typedef struct tt_zeek {
    tt_zeek_endpoint ep[2]; /* [0]: our client, [1]: our server */
    bool started;
    bool swapped;   /* Zeek's originator is our server (Zeek flipped, or a reuse) */
    bool truncated; /* letters were dropped past TT_ZEEK_HISTORY_MAX */
    uint8_t rstos0; /* progress of the RSTOS0 pattern over the whole history */
    uint8_t hist_len;
    uint32_t hist_seen;   /* Connection::hist_seen: letters already recorded */
    uint32_t conn_count;  /* Zeek connections (conn.log lines) so far */
    uint32_t first_frame; /* first frame of the current Zeek connection */
    char history[TT_ZEEK_HISTORY_MAX + 1];
} tt_zeek;

/* Starts an empty view. flipped: our client is not the sender of the first packet, so Zeek
 * flipped the roles and the history starts with '^'. */
void tt_zeek_init(tt_zeek *z, bool flipped);

/* Feeds the next segment in capture order; from_orig is true when our client sent it. */
void tt_zeek_segment(tt_zeek *z, bool from_orig, const tt_segment *s);

/* The conn_state Zeek would log for the current connection, as a code and as text. */
tt_zeek_state tt_zeek_state_code(const tt_zeek *z);
const char *tt_zeek_conn_state(const tt_zeek *z);

/* The history Zeek would log for the current connection (at most TT_ZEEK_HISTORY_MAX letters). */
const char *tt_zeek_history(const tt_zeek *z);

/* True when letters past TT_ZEEK_HISTORY_MAX were dropped from the history. */
bool tt_zeek_history_truncated(const tt_zeek *z);

/* Zeek's documented meaning of a conn_state code given as text; NULL for an unknown code. */
const char *tt_zeek_meaning(const char *code);

/* True when Zeek's originator (upper-case letters, id.orig_h) is our client. */
bool tt_zeek_orig_is_client(const tt_zeek *z);

/* How many connections (conn.log lines) Zeek makes of the conversation so far; 0 before any
 * segment. The others describe the last one, which starts at tt_zeek_first_frame(). */
uint32_t tt_zeek_conn_count(const tt_zeek *z);
uint32_t tt_zeek_first_frame(const tt_zeek *z);

/* The payload bytes Zeek counts for its originator (orig) or responder (!orig), from sequence
 * numbers as TCP_Endpoint::Size() does: conn.log's orig_bytes and resp_bytes. */
uint64_t tt_zeek_bytes(const tt_zeek *z, bool orig);

#endif
