/* Plain-text reports built from verdicts: the textbook ladder diagram of one conversation. */
#ifndef TCPTEACH_REPORT_H
#define TCPTEACH_REPORT_H

#include <stdio.h>

#include "tcpteach/core.h"
#include "tcpteach/text.h"

/* What the ladder's heading says about the conversation. */
typedef struct tt_ladder_head {
    uint32_t stream;
    const char *client, *server; /* "address:port" */
    const tt_summary *summary;
    const char *conn_state, *history; /* Zeek's view, "" when unknown */
} tt_ladder_head;

/* Fills h with what a heading says of conversation c (tcp.stream `stream`, endpoints client and
 * server as "address:port"), every frame fed and the capture ending at end_us: its summary, written
 * into *sum (which h points to), and Zeek's conn_state and history. */
void tt_ladder_head_fill(tt_ladder_head *h, tt_summary *sum, const tt_conv *c, uint32_t stream,
                         const char *client, const char *server, uint64_t end_us);

/* A ladder being written: client column on the left, server on the right, one arrow per step. */
typedef struct tt_ladder {
    FILE *out;
    tt_lang lang;
    uint8_t shown[TR_COUNT];                      /* the states last written, per role */
    uint8_t after[TR_COUNT];                      /* the states after the last segment added */
    uint32_t segments[TR_COUNT], bytes[TR_COUNT]; /* segments summarised since the last arrow */
    tt_anomaly_set pending[TR_COUNT];             /* anomalies on those segments, per sender */
} tt_ladder;

/* Writes the heading and both starting states (those before verdict `first`). */
void tt_ladder_begin(tt_ladder *l, FILE *out, tt_lang lang, const tt_ladder_head *h,
                     const tt_verdict *first);

/* Adds the next verdict (completed, in capture order): steps, RST, SYN and FIN segments get an
 * arrow; other segments are counted and summarised in one line before the next arrow. */
void tt_ladder_add(tt_ladder *l, const tt_verdict *v);

/* Writes what is still summarised and a blank line. */
void tt_ladder_end(tt_ladder *l);

/* Columns s takes in a terminal: wide (CJK) characters count two. */
size_t tt_display_width(const char *s);

#endif
