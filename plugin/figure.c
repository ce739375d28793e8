/* -z tcpteach,svg[,FILTER]: the textbook figure of the selected conversations as one SVG document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <epan/tap.h>
#include <epan/stat_tap_ui.h>
#include <wsutil/report_message.h>

#include "tcpteach-plugin.h"
#include "tcpteach/svg.h"

/* One segment of a figure: its conversation and its first-pass verdict, as the ladder keeps them;
 * with tcpteach.svg_times the row also holds the frame's time (figure_row_timed). */
typedef struct figure_row {
    const tt_flow *flow;
    tt_verdict verdict;
} figure_row;

typedef struct figure_row_timed {
    figure_row row;
    gint64 time_us; /* since the capture's first frame */
} figure_row_timed;

/* The streams the display filter selected: the second listener's data. */
typedef struct figure_marks {
    GHashTable *flows; /* tt_flow * with a packet matching the filter */
} figure_marks;

typedef struct figure_report {
    const tt_view *view;
    char *filter;   /* NULL: every conversation */
    gboolean times; /* tcpteach.svg_times when the report started */
    GArray *rows;   /* figure_row or figure_row_timed, in capture order */
    figure_marks marks;
} figure_report;

static void figure_reset(void *ctx)
{
    figure_report *r = (figure_report *)ctx;
    g_array_set_size(r->rows, 0);
    g_hash_table_remove_all(r->marks.flows);
}

static tap_packet_status figure_packet(void *ctx, packet_info *pinfo, epan_dissect_t *edt _U_,
                                       const void *data, tap_flags_t flags _U_)
{
    figure_report *r = (figure_report *)ctx;
    const tt_tap_data *td = (const tt_tap_data *)data;
    figure_row_timed row = {{td->flow, td->verdict}, 0};

    if (r->times)
        row.time_us = (gint64)pinfo->rel_ts.secs * 1000000 + pinfo->rel_ts.nsecs / 1000;
    g_array_append_vals(r->rows, &row, 1);
    for (guint i = r->rows->len; td->verdict.amend.frame != 0 && i-- > 0;) {
        figure_row *earlier =
            (figure_row *)(void *)(r->rows->data + (gsize)i * g_array_get_element_size(r->rows));
        if (earlier->flow == td->flow && (earlier->verdict.frame == td->verdict.amend.frame ||
                                          earlier->verdict.frame == td->verdict.amend.copy))
            tt_verdict_amend(&earlier->verdict, &td->verdict.amend); /* as the frame's own */
        if (earlier->flow == td->flow && earlier->verdict.frame == td->verdict.amend.frame)
            break;
    }
    return TAP_PACKET_DONT_REDRAW;
}

static tap_packet_status figure_mark(void *ctx, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                                     const void *data, tap_flags_t flags _U_)
{
    g_hash_table_add(((figure_marks *)ctx)->flows, (gpointer)((const tt_tap_data *)data)->flow);
    return TAP_PACKET_DONT_REDRAW;
}

static gint by_stream_then_frame(gconstpointer a, gconstpointer b)
{
    const figure_row *ra = (const figure_row *)a, *rb = (const figure_row *)b;
    if (ra->flow->stream != rb->flow->stream)
        return ra->flow->stream < rb->flow->stream ? -1 : 1;
    return ra->verdict.frame < rb->verdict.frame ? -1 : ra->verdict.frame > rb->verdict.frame;
}

/* Row i of r. */
static const figure_row *row_at(const figure_report *r, guint i)
{
    return (const figure_row *)(const void *)(r->rows->data +
                                              (gsize)i * g_array_get_element_size(r->rows));
}

/* Measures (out NULL) or draws the figure of rows [from, to) at top; returns its bottom. */
static int one_figure(const figure_report *r, FILE *out, guint from, guint to, int top)
{
    const tt_flow *flow = row_at(r, from)->flow;
    tt_summary sum;
    tt_svg_fig fig;
    tt_verdict v = row_at(r, from)->verdict;
    char *client, *server;

    tt_conv_summarize(&flow->conv, TRUE, r->view->capture_end_us, &sum);
    tt_flow_endpoints(flow, &client, &server);
    tt_ladder_head head = {flow->stream,
                           client,
                           server,
                           &sum,
                           tt_zeek_conn_state(&flow->conv.zeek),
                           tt_zeek_history(&flow->conv.zeek)};
    tt_verdict_complete(&flow->conv, r->view->capture_end_us, &v);
    tt_svg_fig_begin(&fig, out, r->view->lang, r->times, top, &head, &v);
    for (guint i = from; i < to; i++) {
        const figure_row *row = row_at(r, i);
        v = row->verdict;
        tt_verdict_complete(&flow->conv, r->view->capture_end_us, &v);
        tt_svg_fig_add(&fig, &v, r->times ? ((const figure_row_timed *)row)->time_us : 0);
    }
    g_free(client);
    g_free(server);
    return tt_svg_fig_end(&fig);
}

/* Measures (out NULL) or draws every selected conversation from top 0; returns the bottom. */
static int all_figures(const figure_report *r, FILE *out)
{
    guint start = 0;
    int top = 0;

    for (guint i = 1; i <= r->rows->len; i++) {
        if (i < r->rows->len && row_at(r, i)->flow == row_at(r, start)->flow)
            continue;
        if (!r->filter || g_hash_table_contains(r->marks.flows, row_at(r, start)->flow))
            top = one_figure(r, out, start, i, top);
        start = i;
    }
    return top;
}

static void figure_draw(void *ctx)
{
    figure_report *r = (figure_report *)ctx;
    int height;

    g_array_sort(r->rows, by_stream_then_frame);
    height = all_figures(r, NULL);
    if (height == 0) {
        tt_svg_doc_empty(stdout, r->view->lang, r->filter);
        return;
    }
    tt_svg_doc_begin(stdout, r->view->lang, height);
    all_figures(r, stdout);
    tt_svg_doc_end(stdout);
}

static void figure_finish(void *ctx)
{
    figure_report *r = (figure_report *)ctx;
    g_array_free(r->rows, TRUE);
    g_hash_table_destroy(r->marks.flows);
    g_free(r->filter);
    g_free(r);
}

/* Starts -z tcpteach,svg[,FILTER]: one unfiltered listener keeps the rows, a second one with the
 * display filter marks the conversations it selects. */
/* cppcheck-suppress constParameterCallback ; the signature is stat_tap_init_cb */
static TT_STAT_TAP_INIT_RESULT figure_init(const char *opt, void *view)
{
    const char *rest = opt + strlen("tcpteach,svg");
    const char *program = g_get_prgname(); /* set by Wireshark's ws_log_init */
    figure_report *r;
    GString *err;

    if (program && strcmp(program, "wireshark") == 0) {
        report_failure("-z %s writes an SVG document to standard output, so Wireshark shows "
                       "nothing: run tshark -q -r FILE -z %s > figure.svg instead.",
                       opt, opt);
        TT_STAT_TAP_INIT_FAILED;
    }
    if (*rest != '\0' && (*rest != ',' || rest[1] == '\0')) {
        fprintf(stderr, "tshark: invalid -z %s: use tcpteach,svg or tcpteach,svg,FILTER\n", opt);
        exit(2);
    }
    r = g_new0(figure_report, 1);
    r->view = (const tt_view *)view;
    r->filter = *rest ? g_strdup(rest + 1) : NULL;
    r->times = r->view->svg_times;
    r->rows = g_array_new(FALSE, FALSE, r->times ? sizeof(figure_row_timed) : sizeof(figure_row));
    r->marks.flows = g_hash_table_new(g_direct_hash, g_direct_equal);
    if (r->filter) {
        err = register_tap_listener("tcpteach", &r->marks, r->filter, TL_REQUIRES_NOTHING, NULL,
                                    figure_mark, NULL, NULL);
        if (err) {
            fprintf(stderr, "tshark: Couldn't register tcpteach,svg tap: %s\n", err->str);
            g_string_free(err, TRUE);
            exit(2);
        }
    }
    err = register_tap_listener("tcpteach", r, NULL, TL_REQUIRES_NOTHING, figure_reset,
                                figure_packet, figure_draw, figure_finish);
    if (err) {
        fprintf(stderr, "tshark: cannot start tcpteach,svg: %s\n", err->str);
        g_string_free(err, TRUE);
        exit(1);
    }
    TT_STAT_TAP_INIT_DONE;
}

void tt_register_figure(const tt_view *view)
{
    static stat_tap_ui figure_ui = {REGISTER_PACKET_STAT_GROUP_UNSORTED,
                                    "TCP Teaching figure (SVG)",
                                    "tcpteach,svg",
                                    figure_init,
                                    0,
                                    NULL};

    register_stat_tap_ui(&figure_ui, (void *)view);
}
