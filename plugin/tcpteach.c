/* The tcpteach postdissector: registers the protocol, its preferences and tap, analyses each
 * segment on the first pass (its records are kept by store.c) and has render.c show it on every
 * pass. */
#include <stdlib.h>

#include <epan/prefs.h>
#include <epan/tap.h>

#include "tcpteach-plugin.h"

static int proto_tcpteach = -1;
static int tap = -1; /* the "tcpteach" tap: data is a tt_tap_data */

/* tcpteach.language: 0 follows the locale, otherwise 1 + tt_lang. */
enum { LANG_AUTO = 0 };
static gint pref_language = LANG_AUTO;

/* What verdicts are shown with; the rest of the plugin reads it through the pointers it is given.
 * Its svg_times is the tcpteach.svg_times preference itself. */
static tt_view view = {TT_LANG_EN, 0, FALSE};

/* The rare verdicts too big to keep compactly, by frame number; emptied when a file is closed. */
static wmem_map_t *whole_verdicts;

/* Wireshark's expert tap ("expert"), looked up when a file is opened (Wireshark registers it after
 * the hand-offs); 0: not found. */
static int expert_tap;

/* The capture time of pinfo's frame in microseconds since the epoch. */
static guint64 time_us(const packet_info *pinfo)
{
    if (pinfo->abs_ts.secs < 0)
        return 0;
    return (guint64)pinfo->abs_ts.secs * 1000000u + (guint64)(pinfo->abs_ts.nsecs / 1000);
}

/* Works out view.lang, the language of the learner-facing texts, from the tcpteach.language
 * preference, or the locale when it is auto (when a file is opened or the preference changes, so
 * that no packet looks it up). */
static void choose_language(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};

    view.lang = TT_LANG_EN;
    if (pref_language != LANG_AUTO) {
        view.lang = (tt_lang)(pref_language - 1);
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(vars); i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) {
            view.lang = tt_lang_from_locale(v);
            return;
        }
    }
}

/* Called when a capture file is opened (and before every redissection): finds the expert tap and
 * the language. */
static void at_file_open(void)
{
    expert_tap = find_tap_id("expert");
    choose_language();
}

/* Called when a capture file is closed, just before wmem frees the file scope. */
static void tables_cleanup(void)
{
    tt_store_reset();
    view.capture_end_us = 0;
    tt_extract_reset();
}

/* The conversation a stream's slot stands for: its own, or the earlier one it continues. */
static tt_flow *followed(tt_flow *flow)
{
    return flow->continues ? tt_flow_slot(flow->stream, FALSE) : flow;
}

/* The conversation of tcp.stream p->stream, created (with its port-reuse note) on first sight. A
 * stream Wireshark starts at a SYN that repeats the unanswered opening SYN of the address/port
 * pair's previous conversation (Wireshark 4.4 and later do so after an RST) continues that one:
 * the same attempt, not a new connection. The previous conversation is the one TCP had for the
 * segment just before, so that conversations told apart by VLAN or MAC are no reuse. */
static tt_flow *flow_for(const packet_info *pinfo, const tt_packet *p)
{
    tt_flow *flow = tt_flow_slot(p->stream, TRUE), *earlier = NULL;
    gboolean src_first, had_pair;
    guint32 previous;

    if (flow->key)
        return followed(flow);
    had_pair = tt_latest_stream(p, &previous);
    src_first = tt_flow_set_pair(flow, p);
    /* Only a pair seen before can have a previous conversation; which one, TCP says. */
    if (had_pair && tt_previous_stream(pinfo, p, &previous)) {
        earlier = tt_flow_slot(previous, FALSE);
        earlier = earlier && earlier->key ? followed(earlier) : NULL;
    }
    if (earlier && tt_conv_same_attempt(&earlier->conv, p->flags, p->seq)) {
        flow->stream = earlier->stream;
        flow->continues = TRUE;
        return earlier;
    }
    flow->a_first = src_first;
    flow->stream = p->stream;
    tt_conv_init(&flow->conv, p->sport, p->dport, earlier != NULL);
    return flow;
}

/* The segment of p as the core sees it, for a conversation (A sent its first segment). */
static tt_segment segment_of(const tt_flow *flow, const packet_info *pinfo, const tt_packet *p)
{
    return (tt_segment){
        .frame = pinfo->num,
        .from_a = tt_flow_from_a(flow, p),
        .flags = p->flags,
        .seq = p->seq,
        .ack = p->ack,
        .len = p->len,
        .timed = TRUE,
        .time_us = time_us(pinfo),
        .win_known = p->win_known,
        .win = p->win,
        .wscale = p->wscale,
    };
}

/* Applies amendment a to the verdict the first pass kept for the earlier frame num (tt_amend). */
static void amend_frame(guint32 num, const tt_amend *a)
{
    tt_frame *f = tt_frame_slot(num, FALSE);
    tt_verdict *whole;

    if (!f || f->flow_id == 0)
        return;
    if (!f->kept.elsewhere) {
        tt_verdict_kept_amend(&f->kept, a);
        return;
    }
    whole = (tt_verdict *)wmem_map_lookup(whole_verdicts, GUINT_TO_POINTER(num));
    if (whole)
        tt_verdict_amend(whole, a);
}

/* First pass: feeds the segment to its conversation, keeps the verdict with the frame, returns
 * the conversation and the verdict. */
static tt_flow *analyse(packet_info *pinfo, const tt_packet *p, tt_verdict *v)
{
    tt_flow *flow = flow_for(pinfo, p);
    tt_frame *f = tt_frame_slot(pinfo->num, TRUE);
    tt_segment seg = segment_of(flow, pinfo, p);

    tt_conv_segment(&flow->conv, &seg, v);
    f->flow_id = flow->stream + 1;
    if (!tt_verdict_keep(v, &f->kept)) {
        f->kept.elsewhere = 1;
        wmem_map_insert(whole_verdicts, GUINT_TO_POINTER(pinfo->num),
                        wmem_memdup(wmem_file_scope(), v, sizeof *v));
    }
    if (v->amend.frame != 0)
        amend_frame(v->amend.frame, &v->amend);
    if (v->amend.copy != 0)
        amend_frame(v->amend.copy, &v->amend);
    return flow;
}

/* Later passes: the conversation and the verdict the first pass kept for this frame, or NULL. */
static tt_flow *recall(packet_info *pinfo, const tt_packet *p, tt_verdict *v)
{
    const tt_frame *f = tt_frame_slot(pinfo->num, FALSE);
    tt_flow *flow;
    tt_segment seg;

    if (!f || f->flow_id == 0)
        return NULL;
    flow = tt_flow_slot(f->flow_id - 1, FALSE);
    seg = segment_of(flow, pinfo, p);
    if (f->kept.elsewhere)
        *v = *(const tt_verdict *)wmem_map_lookup(whole_verdicts, GUINT_TO_POINTER(pinfo->num));
    else
        tt_verdict_restore(&f->kept, &seg, v);
    return flow;
}

/* Analyses on the first pass only; every pass renders from what the first one kept. */
static int dissect_tcpteach(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    gboolean final = PINFO_FD_VISITED(pinfo);
    tt_packet p;
    tt_verdict v, shown;
    tt_flow *flow;

    if (!final && time_us(pinfo) > view.capture_end_us)
        view.capture_end_us = time_us(pinfo); /* every frame, TCP or not, tells how far it goes */
    if (!tt_extract(pinfo, &p))
        return 0;
    flow = final ? recall(pinfo, &p, &v) : analyse(pinfo, &p, &v);
    if (!flow)
        return 0;
    shown = v; /* on a final pass, with the verdicts that need the whole capture */
    if (final)
        tt_verdict_complete(&flow->conv, view.capture_end_us, &shown);
    /* Rendering adds items and makes text (sentences, labels). When the tree is only there for
     * others (a filter or a field output that is not ours), only two parts of it are seen: the
     * protocol item (protocol statistics count it) and the expert infos (taps and columns use
     * them). So render in full only frames with expert infos then. */
    if (tree) {
        proto_item *top = proto_tree_add_item(tree, proto_tcpteach, tvb, 0, 0, ENC_NA);
        proto_item_set_generated(top);
        if (proto_field_is_referenced(tree, proto_tcpteach) || shown.anomalies != 0)
            tt_render(tree, top, tvb, pinfo, flow, &shown, &view, final);
    } else if (shown.anomalies != 0 && expert_tap > 0 && have_tap_listener(expert_tap))
        tt_render_experts(pinfo, &shown, view.lang); /* no tree, yet the expert tap listens */
    if (have_tap_listener(tap)) {
        tt_tap_data *td = wmem_new(pinfo->pool, tt_tap_data);
        td->flow = flow;
        td->verdict = shown; /* completed once here when final; completing again changes nothing */
        td->final = final;
        td->view = &view;
        tap_queue_packet(tap, pinfo, td);
    }
    return tvb_captured_length(tvb);
}

void proto_register_tcpteach(void);
void proto_reg_handoff_tcpteach(void);

void proto_register_tcpteach(void)
{
    static const enum_val_t languages[] = {
        {"auto", "Follow the locale", LANG_AUTO},
        {"en", "English", 1 + TT_LANG_EN},
        {"zh", "Chinese (中文)", 1 + TT_LANG_ZH},
        {NULL, NULL, 0},
    };
    module_t *module;

    proto_tcpteach =
        proto_register_protocol("TCP Teaching Annotations", "TCP Teaching", "tcpteach");
    tt_render_register(proto_tcpteach);
    tap = register_tap("tcpteach");
    tt_register_reports(&view);
    tt_register_table();
    tt_register_flow(proto_tcpteach);
    tt_register_figure(&view);
    register_init_routine(at_file_open);
    register_cleanup_routine(tables_cleanup);

    module = prefs_register_protocol(proto_tcpteach, choose_language);
    prefs_register_enum_preference(module, "language", "Language of explanations",
                                   "Language of the explanations (auto follows the locale); "
                                   "field values used in filters never change",
                                   &pref_language, languages, FALSE);
    prefs_register_bool_preference(module, "svg_times", "Times in the SVG figure",
                                   "-z tcpteach,svg writes the time of each arrow (seconds since "
                                   "the capture's first frame)",
                                   &view.svg_times);
    choose_language(); /* the locale's, until preferences are read */

    whole_verdicts =
        wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash, g_direct_equal);
}

void proto_reg_handoff_tcpteach(void)
{
    dissector_handle_t handle = create_dissector_handle(dissect_tcpteach, proto_tcpteach);

    register_postdissector(handle);
    tt_extract_register(proto_tcpteach);
}
