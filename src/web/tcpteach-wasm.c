/* The browser page's C side (built with Emscripten): a capture pushed in chunks into a session,
 * and the rows, explanations, ladder, figure and CSV the page shows, as UTF-8 strings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcpteach/capture.h"
#include "tcpteach/report.h"
#include "tcpteach/session.h"
#include "tcpteach/text.h"
#include "tcpteach/zeek.h"
#ifdef TT_WEB_SVG
#include "tcpteach/svg.h"
#endif

static tt_session *session;
static tt_cap_reader reader;
static tt_cap_status status;
static uint64_t first_us; /* the capture time of frame 1: the page's times count from it */
static char *result;      /* the last string handed to the page (valid until the next call) */
static uint32_t *conv_rows;

/* Keeps s (malloc'd, may be NULL) as the string handed out, freeing the previous one. */
static const char *hand_out(char *s)
{
    free(result);
    result = s ? s : strdup("");
    return result;
}

/* Analyses one frame of the capture being read. */
static bool on_frame(void *ctx, const tt_cap_frame *f)
{
    bool segment;

    (void)ctx;
    if (f->number == 1)
        first_us = f->time_us;
    tt_session_frame(session, f, &segment);
    return true;
}

/* Starts reading a new capture, forgetting the previous one; 0 without memory. */
int tw_open(void)
{
    tt_session_free(session);
    tt_cap_free(&reader);
    tt_cap_init(&reader);
    status = TT_CAP_OK;
    first_us = 0;
    session = tt_session_new();
    return session != NULL;
}

/* Reads the next n bytes of the capture at data: 0 while all is well, else a tt_cap_status. */
int tw_feed(const uint8_t *data, uint32_t n)
{
    if (status == TT_CAP_OK)
        status = tt_cap_feed(&reader, data, n, on_frame, NULL);
    return (int)status;
}

/* The capture has ended: 0, or a tt_cap_status (tw_error says what; what was read stays). */
int tw_end(void)
{
    if (status == TT_CAP_OK)
        status = tt_cap_end(&reader);
    return (int)status;
}

/* What went wrong reading the capture ("" while nothing did). */
const char *tw_error(void)
{
    return reader.error;
}

/* Frames read so far. */
uint32_t tw_frames(void)
{
    return tt_session_frames(session);
}

/* TCP segments analysed so far (the rows of tw_row). */
uint32_t tw_segments(void)
{
    return tt_session_segments(session);
}

/* Conversations with a segment (the rows of tw_conv). */
uint32_t tw_convs(void)
{
    return tt_session_conv_count(session);
}

/* How many frames were skipped for reason d (tt_decoded), and the reason's name. */
uint32_t tw_decoded(int d)
{
    return tt_session_decoded(session, (tt_decoded)d);
}

const char *tw_decoded_name(int d)
{
    return d >= 0 && d < TT_DEC_COUNT ? tt_decoded_name[d] : "";
}

/* Bytes the session holds (a double: JavaScript's number). */
double tw_memory(void)
{
    return (double)tt_session_memory(session);
}

/* Appends the anomalies of v to out, names (display false) or short titles in lang, by commas. */
static void put_anomalies(FILE *out, const tt_verdict *v, tt_lang lang, bool display)
{
    const char *sep = "";

    for (int a = 0; a < TA_COUNT; a++)
        if (v->anomalies & TT_BIT(a)) {
            fprintf(out, "%s%s", sep,
                    display ? tt_wordings[lang].problem[a] : tt_anomaly_info[a].name);
            sep = display ? ", " : ",";
        }
}

/* The flags of a segment as Wireshark's Info column writes them, e.g. "SYN, ACK". */
static void put_flags(FILE *out, uint8_t flags)
{
    static const struct {
        uint8_t bit;
        const char *name;
    } names[] = {{TT_FIN, "FIN"}, {TT_SYN, "SYN"}, {TT_RST, "RST"}, {TT_PSH, "PSH"},
                 {TT_ACK, "ACK"}, {0x20, "URG"},   {0x40, "ECE"},   {0x80, "CWR"}};
    const char *sep = "";

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (flags & names[i].bit) {
            fprintf(out, "%s%s", sep, names[i].name);
            sep = ", ";
        }
}

/*
 * Segment i as one line of tab-separated cells: frame, time (s since frame 1), conversation index,
 * stream, source, destination, from (shown), step name, step (shown), notation, ack mark, client
 * state before, after, server state before, after, anomaly names, problem titles (shown), flags,
 * seq, ack, len, whether an anomaly is a problem (1/0).
 */
const char *tw_row(uint32_t i, int lang)
{
    const tt_wording *w = &tt_wordings[lang];
    const tt_session_conv *c;
    tt_verdict v;
    uint32_t ci;
    uint64_t t;
    char *buf = NULL, notation[64] = "", a[80], b[80];
    size_t size;
    FILE *out;
    bool problem = false;

    if (i >= tt_session_segments(session))
        return hand_out(NULL);
    tt_session_segment(session, i, &v, &ci, &t);
    c = tt_session_conv_at(session, ci);
    out = open_memstream(&buf, &size);
    if (!out)
        return hand_out(NULL);
    if (v.label != TL_NONE)
        tt_notation(&v, notation, sizeof notation);
    tt_session_endpoint(c, true, a, sizeof a);
    tt_session_endpoint(c, false, b, sizeof b);
    bool from_a = (v.from == c->conv.role_of_a);
    fprintf(out, "%u\t%.6f\t%u\t%u\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t", v.frame,
            t >= first_us ? (double)(t - first_us) / 1e6 : 0.0, ci, c->stream, from_a ? a : b,
            from_a ? b : a, w->role[v.from], v.label != TL_NONE ? tt_label_name[v.label] : "",
            v.label != TL_NONE ? w->label[v.label] : "", notation,
            v.ack_check == TT_ACK_OK      ? "\u2713"
            : v.ack_check == TT_ACK_WRONG ? "\u2717"
                                          : "");
    fprintf(out, "%s\t%s\t%s\t%s\t", tt_state_name[v.client_before], tt_state_name[v.client_after],
            tt_state_name[v.server_before], tt_state_name[v.server_after]);
    put_anomalies(out, &v, (tt_lang)lang, false);
    fputc('\t', out);
    put_anomalies(out, &v, (tt_lang)lang, true);
    fputc('\t', out);
    put_flags(out, v.flags);
    for (int k = 0; k < TA_COUNT; k++)
        if ((v.anomalies & TT_BIT(k)) && tt_anomaly_info[k].problem)
            problem = true;
    fprintf(out, "\t%u\t%u\t%u\t%d", v.seq, v.ack, v.len, problem);
    fclose(out);
    return hand_out(buf);
}

/* The explanation of segment i in lang, one fact per line. */
const char *tw_explain(uint32_t i, int lang)
{
    tt_verdict v;
    char *buf = (char *)malloc(8192);

    if (!buf || i >= tt_session_segments(session))
        return hand_out(buf);
    tt_session_segment(session, i, &v, NULL, NULL);
    tt_explain_lines(&v, (tt_lang)lang, 400, buf, 8192);
    return hand_out(buf);
}

/*
 * Conversation k as tab-separated cells: stream, client, server, handshake, close, closer (the
 * report's names), conn_state, history, problems, then handshake, close and closer as shown in
 * lang, and the number of segments.
 */
const char *tw_conv(uint32_t k, int lang)
{
    const tt_wording *w = &tt_wordings[lang];
    const tt_session_conv *c;
    tt_summary sum;
    char client[80], server[80], *buf = NULL;
    size_t size;
    FILE *out;

    if (k >= tt_session_conv_count(session) || !(out = open_memstream(&buf, &size)))
        return hand_out(NULL);
    c = tt_session_conv_at(session, k);
    tt_conv_summarize(&c->conv, true, tt_session_end_us(session), &sum);
    tt_session_roles(c, client, server, sizeof client);
    fprintf(out, "%u\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%u\t%s\t%s\t%s\t%u", c->stream, client, server,
            tt_handshake_name[sum.handshake], tt_close_name[sum.close],
            sum.has_closer ? tt_role_name[sum.closer] : "-", tt_zeek_conn_state(&c->conv.zeek),
            tt_zeek_history(&c->conv.zeek), sum.problems, w->handshake[sum.handshake],
            w->close[sum.close], sum.has_closer ? w->role[sum.closer] : "-", c->segments);
    fclose(out);
    return hand_out(buf);
}

/* The segments of conversation k (indices for tw_row), in capture order; *count set to how many.
 * Valid until the next call. */
const uint32_t *tw_conv_rows(uint32_t k, uint32_t *count)
{
    uint32_t want;

    free(conv_rows);
    conv_rows = NULL;
    *count = 0;
    if (k >= tt_session_conv_count(session))
        return NULL;
    want = tt_session_conv_at(session, k)->segments;
    conv_rows = (uint32_t *)malloc((size_t)(want ? want : 1) * sizeof *conv_rows);
    if (!conv_rows)
        return NULL;
    *count = tt_session_conv_segments(session, k, conv_rows, want);
    return conv_rows;
}

/* The ladder (-z tcpteach,ladder) of conversation k in lang. */
const char *tw_ladder(uint32_t k, int lang)
{
    const tt_session_conv *c;
    tt_summary sum;
    tt_ladder_head head;
    tt_ladder ladder;
    tt_verdict v;
    char client[80], server[80], *buf = NULL;
    uint32_t n;
    const uint32_t *rows = tw_conv_rows(k, &n);
    size_t size;
    FILE *out;

    if (!rows || n == 0 || !(out = open_memstream(&buf, &size)))
        return hand_out(NULL);
    c = tt_session_conv_at(session, k);
    tt_session_roles(c, client, server, sizeof client);
    tt_ladder_head_fill(&head, &sum, &c->conv, c->stream, client, server,
                        tt_session_end_us(session));
    tt_session_segment(session, rows[0], &v, NULL, NULL);
    tt_ladder_begin(&ladder, out, (tt_lang)lang, &head, &v);
    for (uint32_t i = 0; i < n; i++) {
        tt_session_segment(session, rows[i], &v, NULL, NULL);
        tt_ladder_add(&ladder, &v);
    }
    tt_ladder_end(&ladder);
    fclose(out);
    return hand_out(buf);
}

/* The textbook figure (-z tcpteach,svg) of conversation k in lang as an SVG document, each arrow
 * with its time since frame 1; "" when the page was built without the figure drawer. */
const char *tw_svg(uint32_t k, int lang)
{
#ifdef TT_WEB_SVG
    const tt_session_conv *c;
    tt_summary sum;
    tt_ladder_head head;
    tt_svg_fig fig;
    tt_verdict first, v;
    char client[80], server[80], *buf = NULL;
    uint32_t n;
    const uint32_t *rows = tw_conv_rows(k, &n);
    uint64_t t;
    size_t size;
    FILE *out;
    int height;

    if (!rows || n == 0 || !(out = open_memstream(&buf, &size)))
        return hand_out(NULL);
    c = tt_session_conv_at(session, k);
    tt_session_roles(c, client, server, sizeof client);
    tt_ladder_head_fill(&head, &sum, &c->conv, c->stream, client, server,
                        tt_session_end_us(session));
    tt_session_segment(session, rows[0], &first, NULL, NULL);
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1)
            tt_svg_doc_begin(out, (tt_lang)lang, height);
        tt_svg_fig_begin(&fig, pass ? out : NULL, (tt_lang)lang, true, 0, &head, &first);
        for (uint32_t i = 0; i < n; i++) {
            tt_session_segment(session, rows[i], &v, NULL, &t);
            tt_svg_fig_add(&fig, &v, t >= first_us ? (int64_t)(t - first_us) : 0);
        }
        height = tt_svg_fig_end(&fig);
    }
    tt_svg_doc_end(out);
    fclose(out);
    return hand_out(buf);
#else
    (void)k;
    (void)lang;
    return hand_out(NULL);
#endif
}

/* The rows of -z tcpteach,conv,csv, the same columns and values. */
const char *tw_conv_csv(void)
{
    char *buf = NULL;
    size_t size;
    FILE *out = open_memstream(&buf, &size);

    if (!out)
        return hand_out(NULL);
    tt_session_write_conv_csv(session, out);
    fclose(out);
    return hand_out(buf);
}

/* Label i (tt_tree) of the packet details in lang: the page's column and panel titles. */
const char *tw_tree(int lang, int i)
{
    return i >= 0 && i < TT_TREE_COUNT ? tt_wordings[lang].tree[i] : "";
}

/* The short name of step l (tt_label) in lang. */
const char *tw_label(int lang, int l)
{
    return l >= 0 && l < TL_COUNT ? tt_wordings[lang].label[l] : "";
}

/* The index of the segment of frame number frame, or -1. */
int tw_find_frame(uint32_t frame)
{
    return (int)tt_session_find_frame(session, frame);
}
