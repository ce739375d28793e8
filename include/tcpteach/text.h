/* Learner-facing wording: one table per language, and the explanation sentence built from it. */
#ifndef TCPTEACH_TEXT_H
#define TCPTEACH_TEXT_H

#include <stddef.h>

#include "tcpteach/core.h"

typedef enum tt_lang { TT_LANG_EN, TT_LANG_ZH, TT_LANG_COUNT } tt_lang;

/* Sentences that are not tied to a step label or an anomaly. */
typedef enum tt_msg {
    TM_CLIENT,           /* the word for the client role */
    TM_SERVER,           /* the word for the server role */
    TM_CHECK_OK,         /* ack clause when the ack is right */
    TM_CHECK_WRONG,      /* ack clause when it is wrong */
    TM_CHECK_UNKNOWN,    /* ack clause when what it acknowledges was not captured */
    TM_DATA,             /* a data segment that is no step */
    TM_ACK,              /* a pure ACK that is no step */
    TM_RST,              /* an RST */
    TM_RST_SENT,         /* an RST its receiver drops (segment_ignored says why) */
    TM_OTHER,            /* anything else (a further FIN, a segment without ACK) */
    TM_LADDER_TITLE,     /* ladder heading: {stream} {client} {server} */
    TM_LADDER_SUMMARY,   /* ladder second line: {handshake} {close} {closer} {problems} {state}
                            {history} */
    TM_LADDER_DATA,      /* summary of segments that are no step: {segments} {bytes} {from} {to} */
    TM_LADDER_ACK_OK,    /* mark after an arrow whose ack is right */
    TM_LADDER_ACK_WRONG, /* mark after an arrow whose ack is wrong: {exp} */
    TM_CONV_TITLE,       /* heading of the conversation table */
    TM_CONV_COLUMNS,     /* its column headings, separated by '|' */
    TM_WAVE_2_AFTER_FIN, /* wave 2 from a side that already sent its own FIN (crossing FINs) */
    TM_NOT_CAPTURED_SYNACK, /* handshake_not_captured on a SYN+ACK: x is known from its ack */
    TM_HANDSHAKE_3_IGNORED, /* handshake 3 that its receiver drops: the connection stays half-open
                             */
    TM_WAVE_4_CLOSING,      /* wave 4 from a side whose own FIN is not acknowledged yet (crossing
                               FINs): CLOSING, no 2MSL wait yet */
    TM_FLOW_DATA,           /* a flow-graph arrow of data: {len} */
    TM_FLOW_SEGMENT,        /* a flow-graph arrow of another segment */
    TM_COUNT
} tt_msg;

/* The labels of the packet-details subtree, top-down as on the board. */
typedef enum tt_tree {
    TT_TREE_STEP,
    TT_TREE_FROM,
    TT_TREE_NOTATION,
    TT_TREE_ACK_CHECK,
    TT_TREE_ACK_EXPECTED,
    TT_TREE_CLIENT_STATE,
    TT_TREE_SERVER_STATE,
    TT_TREE_ANOMALY,
    TT_TREE_EXPLAIN,
    TT_TREE_CONV, /* the Conversation subtree's heading: {handshake} {close} */
    TT_TREE_HANDSHAKE,
    TT_TREE_CLOSE,
    TT_TREE_CLOSER,
    TT_TREE_ZEEK_STATE,
    TT_TREE_ZEEK_HISTORY,
    TT_TREE_PROBLEMS,
    TT_TREE_STATS_SEGMENTS, /* the stats tree's nodes: segments analysed, steps, anomalies */
    TT_TREE_STATS_STEPS,
    TT_TREE_STATS_ANOMALIES,
    TT_TREE_STATS_STEP, /* a step's node in the stats tree: {n} (1-8, the lesson's order), {label}
                         */
    TT_TREE_COUNT
} tt_tree;

/* All wording of one language: templates use {from} {to} {seq} {ack} {len} {exp} {expr} {check}
 * {state} {before} (the sender's state after and before), {ignored} {inferred}; see tt_explain. */
typedef struct tt_wording {
    const char *code;      /* "en", "zh" */
    const char *separator; /* between two sentences */
    const char *step[TL_COUNT];
    const char *msg[TM_COUNT];
    const char *anomaly[TA_COUNT];  /* a sentence added when the anomaly is present, or "" */
    const char *summary[TA_COUNT];  /* a short title of each anomaly (expert info) */
    const char *ignored[TI_COUNT];  /* why a receiver drops a segment: {ignored} */
    const char *inferred[TN_COUNT]; /* which uncaptured segment this one proves: {inferred} */
    const char *tree[TT_TREE_COUNT];
    const char *handshake[TH_COUNT]; /* how the opening went, as shown (filters use the names) */
    const char *close[TC_COUNT];     /* how the close went, as shown */
    const char *role[TR_COUNT];      /* client, server, as shown */
    const char *label[TL_COUNT];   /* the step's short name as shown (filters keep tt_label_name) */
    const char *problem[TA_COUNT]; /* an anomaly's short title as shown in a column (filters keep
                                      tt_anomaly_info's names) */
    const char *problem_join; /* between two titles in tcpteach.problem (en: as the column joins
                                 tcpteach.anomaly's occurrences) */
    const char *list_join;    /* between two titles in a list a learner reads (ladder, flow) */
} tt_wording;

extern const tt_wording tt_wordings[TT_LANG_COUNT];

/* Looks up the text of placeholder `name` (len bytes, without braces) in ctx; may format numbers
 * into tmp; returns NULL for an unknown name. */
typedef const char *(*tt_lookup)(const void *ctx, const char *name, size_t len, char *tmp,
                                 size_t tmpsize);

/* Appends template t to buf at position at with every {placeholder} replaced through lookup; keeps
 * buf NUL-terminated, never splits a UTF-8 character, returns the new position. */
size_t tt_fill(const char *t, tt_lookup lookup, const void *ctx, char *buf, size_t size, size_t at);

/* Appends n bytes of s to buf at position at, as tt_fill does; returns the new position, or size -
 * 1 once something had to be cut, so that nothing is appended after a cut. */
size_t tt_put(char *buf, size_t size, size_t at, const char *s, size_t n);

/* The variables the step's seq and ack are counted from (0: none), as tt_step_forms says, with the
 * ISN letter following the sender (x for the client, y for the server). */
void tt_step_vars(const tt_verdict *v, char *seq_var, char *ack_var);

/* The step in textbook notation, e.g. "SYN+ACK seq=y ack=x+1"; empty for a segment that is no step.
 */
size_t tt_notation(const tt_verdict *v, char *buf, size_t size);

/* The language for a locale name such as "zh_CN.UTF-8" (Chinese) or anything else (English). */
tt_lang tt_lang_from_locale(const char *locale);

/* Writes the ack clause of a checked step ("ack = x+1 = 1001 \u2713") into buf; "" when unchecked.
 */
size_t tt_check_clause(const tt_verdict *v, tt_lang lang, char *buf, size_t size);

/* Writes the plain-language explanation of verdict v into buf (always NUL-terminated) and returns
 * its length: the step or segment sentence, then one sentence per anomaly present. */
size_t tt_explain(const tt_verdict *v, tt_lang lang, char *buf, size_t size);

/* The same explanation as lines, each ending with '\n': one fact (the step's sentence, then each
 * anomaly's) per line, a longer fact wrapped at a space or CJK punctuation, or else between
 * characters, so that no line exceeds width bytes (width >= 4). Returns the length. */
size_t tt_explain_lines(const tt_verdict *v, tt_lang lang, size_t width, char *buf, size_t size);

/* tt_explain into whole and tt_explain_lines into lines at once, working the facts out once (for
 * the tree, which shows both). Returns the length of whole. */
size_t tt_explain_both(const tt_verdict *v, tt_lang lang, size_t width, char *whole, size_t wsize,
                       char *lines, size_t lsize);

#endif
