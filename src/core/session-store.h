/* What the session keeps, shared by the file that builds it (session.c) and the one that reads it
 * back (session-read.c). */
#ifndef TT_SESSION_STORE_H
#define TT_SESSION_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "frame-codec.h"
#include "tcpteach/session.h"

/* An address/port pair, the same for both directions: the lower end (address, then port) first. */
typedef struct pair {
    uint8_t addr_len;
    uint8_t addr[2][16];
    uint16_t port[2];
    int32_t ws_latest;    /* Wireshark's latest TCP conversation of the pair (its stream), or -1 */
    uint32_t flow_latest; /* the plugin's latest stream with a segment on the pair + 1 (0: none) */
} pair;

/* One of Wireshark's TCP conversations (a tcp.stream): what its numbering reads. */
typedef struct ws_conv {
    uint32_t setup_frame;
    int32_t prev; /* the pair's conversation before this one, or -1 */
    uint32_t base_seq[2];
    bool base_set[2]; /* by direction: 0 from the pair's lower end */
} ws_conv;

/* The plugin's record of a stream (tt_flow): a conversation, or a pointer to the one it continues.
 */
typedef struct flow {
    bool has_key;   /* a segment of the stream was analysed */
    bool continues; /* it continues the conversation of stream `leader` */
    uint32_t leader;
    int32_t conv; /* index in convs when it leads */
} flow;

/* A segment analysed: what its verdict needs to be given back (frame-codec.h). */
typedef struct record {
    uint64_t time_us;
    uint32_t frame, seq, ack, len;
    uint32_t conv; /* index in convs */
    uint8_t flags;
    tt_verdict_kept kept; /* kept.elsewhere: the verdict is in `whole` */
} record;

typedef struct whole_verdict {
    uint32_t record;
    tt_verdict v;
} whole_verdict;

struct tt_session {
    pair *pairs;
    uint32_t *slots; /* open addressing: pair index + 1 (0: free), at most half full */
    uint32_t npairs, pairs_cap, mask;
    ws_conv *ws;
    flow *flows; /* by stream, as many as ws */
    uint32_t nws, ws_cap;
    tt_session_conv **convs; /* in chunks of CHUNK: they never move, and growing copies nothing */
    uint32_t nconvs, convs_chunks;
    uint32_t *order; /* convs in stream order (made when asked), and each conv's place in it */
    uint32_t *place;
    uint32_t ordered; /* how many convs order covers */
    record **recs;    /* in chunks of CHUNK, like convs */
    uint32_t nrecs, recs_chunks;
    whole_verdict *whole;
    uint32_t nwhole, whole_cap;
    uint32_t frames;
    uint32_t decoded[TT_DEC_COUNT];
    uint64_t end_us;
    bool failed; /* out of memory: nothing more is analysed */
};

#define CHUNK_BITS 12
#define CHUNK      (1u << CHUNK_BITS) /* elements per chunk of convs and recs */

/* A pointer to element i of a chunked array (convs or recs). */
#define AT(chunks, i) (&(chunks)[(i) >> CHUNK_BITS][(i) & (CHUNK - 1)])

#endif
