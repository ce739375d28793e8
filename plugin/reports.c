/* Reports: -z tcpteach,conv[,csv|,tsv], -z tcpteach,ladder[,STREAM] and the tcpteach stats tree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <epan/tap.h>
#include <epan/stat_tap_ui.h>
#include <epan/stats_tree.h>
#include <wsutil/report_message.h>

#include "tcpteach-plugin.h"
#include "tcpteach/report.h"

static gint by_stream(gconstpointer a, gconstpointer b)
{
    const tt_flow *fa = *(const tt_flow *const *)a, *fb = *(const tt_flow *const *)b;
    return fa->stream < fb->stream ? -1 : fa->stream > fb->stream;
}

/* ---- -z tcpteach,conv: one row per conversation ---- */

typedef enum { OUT_TABLE, OUT_CSV, OUT_TSV } conv_format;

typedef struct conv_report {
    conv_format format;
    const tt_view *view;
    GPtrArray *flows; /* tt_flow *, each once */
    GHashTable *seen; /* the same flows, for the once */
} conv_report;

static void conv_reset(void *ctx)
{
    conv_report *r = (conv_report *)ctx;
    g_ptr_array_set_size(r->flows, 0);
    g_hash_table_remove_all(r->seen);
}

static tap_packet_status conv_packet(void *ctx, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                                     const void *data, tap_flags_t flags _U_)
{
    conv_report *r = (conv_report *)ctx;
    const tt_flow *flow = ((const tt_tap_data *)data)->flow;

    if (g_hash_table_add(r->seen, (gpointer)flow))
        g_ptr_array_add(r->flows, (gpointer)flow);
    return TAP_PACKET_DONT_REDRAW;
}

/* The cells of one row as text, in the column order of tt_conv_columns (and of TM_CONV_COLUMNS):
 * the final row of flow as w words it, or by language-independent names when w is NULL (CSV and
 * TSV, for scripts); g_strfreev the result. */
static char **conv_row_text(const tt_flow *flow, const tt_wording *w, guint64 capture_end_us)
{
    stat_tap_table_item_type cells[TT_CONV_COLUMNS];
    char **text = g_new0(char *, TT_CONV_COLUMNS + 1);

    tt_conv_row(flow, w, TRUE, capture_end_us, cells);
    for (int c = 0; c < TT_CONV_COLUMNS; c++)
        text[c] = cells[c].type == TABLE_ITEM_UINT
                      ? g_strdup_printf("%u", cells[c].value.uint_value)
                      : g_strdup(cells[c].value.string_value);
    tt_conv_row_free(cells);
    return text;
}

/* Prints cells padded to widths (display columns), two spaces apart. */
static void print_padded(char **cells, const size_t *widths)
{
    for (int c = 0; cells[c]; c++) {
        size_t w = tt_display_width(cells[c]);
        printf("%s%*s", cells[c], cells[c + 1] ? (int)(widths[c] - w + 2) : 0, "");
    }
    printf("\n");
}

static void conv_draw(void *ctx)
{
    conv_report *r = (conv_report *)ctx;
    const tt_wording *w = &tt_wordings[r->view->lang];
    GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
    char **header;

    if (r->format == OUT_TABLE)
        header = g_strsplit(w->msg[TM_CONV_COLUMNS], "|", -1);
    else {
        header = g_new0(char *, TT_CONV_COLUMNS + 1);
        for (int c = 0; c < TT_CONV_COLUMNS; c++)
            header[c] = g_strdup(tt_conv_columns[c].column_name);
    }
    g_ptr_array_sort(r->flows, by_stream);
    for (guint i = 0; i < r->flows->len; i++)
        g_ptr_array_add(rows,
                        conv_row_text((const tt_flow *)g_ptr_array_index(r->flows, i),
                                      r->format == OUT_TABLE ? w : NULL, r->view->capture_end_us));
    if (r->format != OUT_TABLE) {
        const char *sep = r->format == OUT_CSV ? "," : "\t";
        char *line = g_strjoinv(sep, header);
        printf("%s\n", line);
        g_free(line);
        for (guint i = 0; i < rows->len; i++) {
            line = g_strjoinv(sep, (char **)g_ptr_array_index(rows, i));
            printf("%s\n", line);
            g_free(line);
        }
    } else {
        size_t widths[TT_CONV_COLUMNS] = {0};
        for (int c = 0; c < TT_CONV_COLUMNS && header[c]; c++)
            widths[c] = tt_display_width(header[c]);
        for (guint i = 0; i < rows->len; i++) {
            char **cells = (char **)g_ptr_array_index(rows, i);
            for (int c = 0; cells[c]; c++)
                widths[c] = MAX(widths[c], tt_display_width(cells[c]));
        }
        printf("%s\n", w->msg[TM_CONV_TITLE]);
        print_padded(header, widths);
        for (guint i = 0; i < rows->len; i++)
            print_padded((char **)g_ptr_array_index(rows, i), widths);
    }
    g_strfreev(header);
    g_ptr_array_free(rows, TRUE);
}

static void conv_finish(void *ctx)
{
    conv_report *r = (conv_report *)ctx;
    g_ptr_array_free(r->flows, TRUE);
    g_hash_table_destroy(r->seen);
    g_free(r);
}

/* True in tshark. The Wireshark GUI accepts -z for every report, but a text report there has no
 * terminal to go to: says so in a message and returns FALSE. */
static gboolean text_report_here(const char *opt)
{
    const char *program = g_get_prgname(); /* set by Wireshark's ws_log_init */

    if (!program || strcmp(program, "wireshark") != 0)
        return TRUE;
    report_failure("-z %s writes a text report to a terminal, so Wireshark shows nothing: run "
                   "tshark -r FILE -z %s instead. In Wireshark, see Statistics > TCP Teaching "
                   "Conversations, Statistics > TCP Teaching, and Statistics > Flow Graph.",
                   opt, opt);
    return FALSE;
}

/* Starts -z tcpteach,conv[,csv|,tsv]. */
/* cppcheck-suppress constParameterCallback ; the signature is stat_tap_init_cb */
static TT_STAT_TAP_INIT_RESULT conv_init(const char *opt, void *view)
{
    conv_report *r;
    const char *rest = opt + strlen("tcpteach,conv");
    GString *err;

    if (!text_report_here(opt))
        TT_STAT_TAP_INIT_FAILED;
    r = g_new0(conv_report, 1);
    r->view = (const tt_view *)view;
    if (g_str_equal(rest, ",csv"))
        r->format = OUT_CSV;
    else if (g_str_equal(rest, ",tsv"))
        r->format = OUT_TSV;
    else if (*rest != '\0') {
        fprintf(stderr, "tshark: invalid -z %s: use tcpteach,conv or tcpteach,conv,csv or ,tsv\n",
                opt);
        exit(2);
    }
    r->flows = g_ptr_array_new();
    r->seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    err = register_tap_listener("tcpteach", r, NULL, TL_REQUIRES_NOTHING, conv_reset, conv_packet,
                                conv_draw, conv_finish);
    if (err) {
        fprintf(stderr, "tshark: cannot start tcpteach,conv: %s\n", err->str);
        g_string_free(err, TRUE);
        exit(1);
    }
    TT_STAT_TAP_INIT_DONE;
}

/* ---- -z tcpteach,ladder[,STREAM]: the textbook diagram ---- */

/* One segment of the ladder: its conversation and its first-pass verdict. */
typedef struct ladder_row {
    const tt_flow *flow;
    tt_verdict verdict;
} ladder_row;

typedef struct ladder_report {
    const tt_view *view;
    gboolean all;
    guint32 stream;
    GArray *rows; /* ladder_row, in capture order */
} ladder_report;

static void ladder_reset(void *ctx)
{
    g_array_set_size(((ladder_report *)ctx)->rows, 0);
}

static tap_packet_status ladder_packet(void *ctx, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                                       const void *data, tap_flags_t flags _U_)
{
    ladder_report *r = (ladder_report *)ctx;
    const tt_tap_data *td = (const tt_tap_data *)data;
    ladder_row row = {td->flow, td->verdict};

    if (!r->all && td->flow->stream != r->stream)
        return TAP_PACKET_DONT_REDRAW;
    g_array_append_val(r->rows, row);
    for (guint i = r->rows->len; td->verdict.amend.frame != 0 && i-- > 0;) {
        ladder_row *earlier = &g_array_index(r->rows, ladder_row, i);
        if (earlier->flow == td->flow && (earlier->verdict.frame == td->verdict.amend.frame ||
                                          earlier->verdict.frame == td->verdict.amend.copy))
            tt_verdict_amend(&earlier->verdict, &td->verdict.amend); /* as the frame's own */
        if (earlier->flow == td->flow && earlier->verdict.frame == td->verdict.amend.frame)
            break;
    }
    return TAP_PACKET_DONT_REDRAW;
}

static gint by_stream_then_frame(gconstpointer a, gconstpointer b)
{
    const ladder_row *ra = (const ladder_row *)a, *rb = (const ladder_row *)b;
    if (ra->flow->stream != rb->flow->stream)
        return ra->flow->stream < rb->flow->stream ? -1 : 1;
    return ra->verdict.frame < rb->verdict.frame ? -1 : ra->verdict.frame > rb->verdict.frame;
}

/* Draws one conversation from rows[from, to), as view shows it. */
static void draw_one(const ladder_row *rows, guint from, guint to, const tt_view *view)
{
    const tt_flow *flow = rows[from].flow;
    tt_summary sum;
    tt_ladder ladder;
    tt_verdict v = rows[from].verdict;
    char *client, *server;

    tt_conv_summarize(&flow->conv, TRUE, view->capture_end_us, &sum);
    tt_flow_endpoints(flow, &client, &server);
    tt_ladder_head head = {flow->stream,
                           client,
                           server,
                           &sum,
                           tt_zeek_conn_state(&flow->conv.zeek),
                           tt_zeek_history(&flow->conv.zeek)};
    tt_verdict_complete(&flow->conv, view->capture_end_us, &v);
    tt_ladder_begin(&ladder, stdout, view->lang, &head, &v);
    for (guint i = from; i < to; i++) {
        v = rows[i].verdict;
        tt_verdict_complete(&flow->conv, view->capture_end_us, &v);
        tt_ladder_add(&ladder, &v);
    }
    tt_ladder_end(&ladder);
    g_free(client);
    g_free(server);
}

static void ladder_draw(void *ctx)
{
    ladder_report *r = (ladder_report *)ctx;
    const ladder_row *rows = (const ladder_row *)(void *)r->rows->data;
    guint start = 0;

    g_array_sort(r->rows, by_stream_then_frame);
    for (guint i = 1; i <= r->rows->len; i++) {
        if (i == r->rows->len || rows[i].flow != rows[start].flow) {
            draw_one(rows, start, i, r->view);
            start = i;
        }
    }
}

static void ladder_finish(void *ctx)
{
    ladder_report *r = (ladder_report *)ctx;
    g_array_free(r->rows, TRUE);
    g_free(r);
}

/* Starts -z tcpteach,ladder[,STREAM]. */
/* cppcheck-suppress constParameterCallback ; the signature is stat_tap_init_cb */
static TT_STAT_TAP_INIT_RESULT ladder_init(const char *opt, void *view)
{
    ladder_report *r;
    const char *rest = opt + strlen("tcpteach,ladder");
    GString *err;

    if (!text_report_here(opt))
        TT_STAT_TAP_INIT_FAILED;
    r = g_new0(ladder_report, 1);
    r->view = (const tt_view *)view;
    r->all = TRUE;
    if (*rest == ',') {
        char *end;
        unsigned long n = strtoul(rest + 1, &end, 10);
        if (rest[1] == '\0' || *end != '\0' || n > G_MAXUINT32) {
            fprintf(stderr,
                    "tshark: invalid -z %s: use tcpteach,ladder or tcpteach,ladder,STREAM\n", opt);
            exit(2);
        }
        r->all = FALSE;
        r->stream = (guint32)n;
    } else if (*rest != '\0') {
        fprintf(stderr, "tshark: invalid -z %s: use tcpteach,ladder or tcpteach,ladder,STREAM\n",
                opt);
        exit(2);
    }
    r->rows = g_array_new(FALSE, FALSE, sizeof(ladder_row));
    err = register_tap_listener("tcpteach", r, NULL, TL_REQUIRES_NOTHING, ladder_reset,
                                ladder_packet, ladder_draw, ladder_finish);
    if (err) {
        fprintf(stderr, "tshark: cannot start tcpteach,ladder: %s\n", err->str);
        g_string_free(err, TRUE);
        exit(1);
    }
    TT_STAT_TAP_INIT_DONE;
}

/* ---- The stats tree (-z tcpteach,tree; Statistics menu in the GUI) ---- */

static int st_steps = -1, st_anomalies = -1, st_segments = -1;
static const tt_view *st_view;           /* the view given at registration: its language */
static const tt_wording *st_words;       /* the language the tree was started in */
static unsigned st_top_steps;            /* the steps already kept on top, one bit per tt_label */
static char st_step_names[TL_COUNT][96]; /* each step's node name in st_words */

/* The steps kept on top when sorting: by name they then read handshake 1, 2, 3, wave 1, 2, 3, and
 * the rest follow, wave 2+3 then wave 4, which is the lesson's order. (Names that do not sort so by
 * themselves, as Chinese ones, carry the step's number: TT_TREE_STATS_STEP.) */
static bool step_on_top(tt_label label)
{
    return label >= TL_HANDSHAKE_1 && label <= TL_WAVE_3;
}

/* The lesson's order of each step, 1-8: wave 2+3 comes before wave 4. */
static const unsigned step_order[TL_COUNT] = {
    [TL_HANDSHAKE_1] = 1, [TL_HANDSHAKE_2] = 2, [TL_HANDSHAKE_3] = 3, [TL_WAVE_1] = 4,
    [TL_WAVE_2] = 5,      [TL_WAVE_3] = 6,      [TL_WAVE_2_3] = 7,    [TL_WAVE_4] = 8,
};

/* Looks up {n} (the step's order) and {label} (its name in st_words) for a step node's name. */
static const char *step_value(const void *ctx, const char *name, size_t len, char *tmp,
                              size_t tmpsize)
{
    tt_label label = *(const tt_label *)ctx;
    if (len == 1 && name[0] == 'n')
        return snprintf(tmp, tmpsize, "%u", step_order[label]) >= 0 ? tmp : "";
    if (len == 5 && memcmp(name, "label", 5) == 0)
        return st_words->label[label];
    return NULL;
}

static void tree_init(stats_tree *st)
{
    st_words = &tt_wordings[st_view->lang];
    st_top_steps = 0;
    for (tt_label l = TL_NONE + 1; l < TL_COUNT; l++)
        tt_fill(st_words->tree[TT_TREE_STATS_STEP], step_value, &l, st_step_names[l],
                sizeof st_step_names[l], 0);
    st_segments =
        stats_tree_create_node(st, st_words->tree[TT_TREE_STATS_SEGMENTS], 0, STAT_DT_INT, FALSE);
    st_steps =
        stats_tree_create_node(st, st_words->tree[TT_TREE_STATS_STEPS], 0, STAT_DT_INT, TRUE);
    st_anomalies =
        stats_tree_create_node(st, st_words->tree[TT_TREE_STATS_ANOMALIES], 0, STAT_DT_INT, TRUE);
}

/* Counts each segment, its step label and its anomalies (final ones too on a second pass). */
static tap_packet_status tree_packet(stats_tree *st, packet_info *pinfo _U_,
                                     epan_dissect_t *edt _U_, const void *data,
                                     tap_flags_t flags _U_)
{
    const tt_tap_data *td = (const tt_tap_data *)data;
    const tt_verdict v = td->verdict; /* completed by the dissector on a final pass */

    tick_stat_node(st, st_words->tree[TT_TREE_STATS_SEGMENTS], 0, FALSE);
    if (v.label != TL_NONE) {
        tick_stat_node(st, st_words->tree[TT_TREE_STATS_STEPS], 0, TRUE);
        tick_stat_node(st, st_step_names[v.label], st_steps, FALSE);
        if (step_on_top(v.label) && !(st_top_steps & (1u << v.label))) {
            stat_node_set_flags(st, st_step_names[v.label], st_steps, FALSE, ST_FLG_SORT_TOP);
            st_top_steps |= 1u << v.label;
        }
    }
    for (int a = 0; a < TA_COUNT; a++) {
        if (!(v.anomalies & TT_BIT(a)))
            continue;
        tick_stat_node(st, st_words->tree[TT_TREE_STATS_ANOMALIES], 0, TRUE);
        tick_stat_node(st, st_words->problem[a], st_anomalies, FALSE);
    }
    return TAP_PACKET_REDRAW;
}

void tt_register_reports(const tt_view *view)
{
    static stat_tap_ui conv_ui = {REGISTER_PACKET_STAT_GROUP_UNSORTED,
                                  "TCP Teaching conversations",
                                  "tcpteach,conv",
                                  conv_init,
                                  0,
                                  NULL};
    static stat_tap_ui ladder_ui = {REGISTER_PACKET_STAT_GROUP_UNSORTED,
                                    "TCP Teaching ladder",
                                    "tcpteach,ladder",
                                    ladder_init,
                                    0,
                                    NULL};

    st_view = view;
    register_stat_tap_ui(&conv_ui, (void *)view);
    register_stat_tap_ui(&ladder_ui, (void *)view);
    /* Steps and anomalies by name, ascending, the first six steps on top (step_on_top): the steps
     * then read in the lesson's order; the three top lines keep their order. */
    stats_tree_register_plugin(
        "tcpteach", "tcpteach", "TCP Teaching" TT_STATS_TREE_MENU_SEPARATOR "Steps and anomalies",
        ST_SORT_COL_NAME << ST_FLG_SRTCOL_SHIFT, tree_packet, tree_init, NULL);
}
