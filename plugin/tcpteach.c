/* The tcpteach postdissector: registration, field/expert/preference tables, and first-pass
 * analysis. */
#include <stdlib.h>

#include <epan/prefs.h>
#include <epan/address.h>
#include <epan/to_str.h>
#include <epan/proto_data.h>
#include <epan/tap.h>

#include "tcpteach-plugin.h"

int proto_tcpteach = -1;
int hf_tcpteach_label = -1;
int hf_tcpteach_from = -1;
int hf_tcpteach_ack_ok = -1;
int hf_tcpteach_ack_expected = -1;
int hf_tcpteach_notation = -1;
int hf_tcpteach_client_state = -1;
int hf_tcpteach_server_state = -1;
int hf_tcpteach_anomaly = -1;
int hf_tcpteach_explain = -1;
int hf_tcpteach_conv_handshake = -1;
int hf_tcpteach_conv_close = -1;
int hf_tcpteach_conv_closer = -1;
int hf_tcpteach_conv_state = -1;
int hf_tcpteach_conv_history = -1;
int hf_tcpteach_conv_anomalies = -1;
gint ett_tcpteach = -1;
gint ett_tcpteach_conv = -1;
expert_field ei_tcpteach[TA_COUNT];

/* tcpteach.language: 0 follows the locale, otherwise 1 + tt_lang. */
enum { LANG_AUTO = 0 };
static gint pref_language = LANG_AUTO;

/* Conversations by tcp.stream, and the first stream seen on each address/port pair. Both are
 * emptied automatically when a capture file is closed. */
static wmem_map_t *flows_by_stream;
static wmem_map_t *streams_by_tuple;

tt_lang tt_current_lang(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};

    if (pref_language != LANG_AUTO)
        return (tt_lang)(pref_language - 1);
    for (size_t i = 0; i < G_N_ELEMENTS(vars); i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return tt_lang_from_locale(v);
    }
    return TT_LANG_EN;
}

/* The address/port pair of a segment, written the same way for both directions. */
static const char *tuple_key(packet_info *pinfo, const tt_packet *p)
{
    int order = cmp_address(&pinfo->net_src, &pinfo->net_dst);
    gboolean src_first = order < 0 || (order == 0 && p->sport <= p->dport);
    const address *lo = src_first ? &pinfo->net_src : &pinfo->net_dst;
    const address *hi = src_first ? &pinfo->net_dst : &pinfo->net_src;

    return wmem_strdup_printf(wmem_file_scope(), "%s %u %s %u", address_to_str(pinfo->pool, lo),
                              src_first ? p->sport : p->dport, address_to_str(pinfo->pool, hi),
                              src_first ? p->dport : p->sport);
}

/* The conversation of tcp.stream p->stream, created (with its port-reuse note) on first sight. */
static tt_flow *flow_for(packet_info *pinfo, const tt_packet *p)
{
    tt_flow *flow = (tt_flow *)wmem_map_lookup(flows_by_stream, GUINT_TO_POINTER(p->stream));
    const char *key;
    gboolean reused;

    if (flow)
        return flow;
    key = tuple_key(pinfo, p);
    reused = wmem_map_contains(streams_by_tuple, key);
    if (!reused)
        wmem_map_insert(streams_by_tuple, key, GUINT_TO_POINTER(p->stream + 1));

    flow = wmem_new0(wmem_file_scope(), tt_flow);
    tt_conv_init(&flow->conv, p->sport, p->dport, reused);
    copy_address_wmem(wmem_file_scope(), &flow->addr_a, &pinfo->net_src);
    copy_address_wmem(wmem_file_scope(), &flow->addr_b, &pinfo->net_dst);
    flow->port_a = p->sport;
    flow->stream = p->stream;
    wmem_map_insert(flows_by_stream, GUINT_TO_POINTER(p->stream), flow);
    return flow;
}

/* First pass: feeds the segment to its conversation and stores the verdict with the frame. */
static tt_frame *analyse(packet_info *pinfo, const tt_packet *p)
{
    tt_flow *flow = flow_for(pinfo, p);
    tt_frame *f = wmem_new(wmem_file_scope(), tt_frame);
    tt_segment seg = {
        .frame = pinfo->num,
        .from_a = p->sport == flow->port_a && addresses_equal(&pinfo->net_src, &flow->addr_a),
        .flags = p->flags,
        .seq = p->seq,
        .ack = p->ack,
        .len = p->len,
    };

    f->flow = flow;
    tt_conv_segment(&flow->conv, &seg, &f->verdict);
    p_add_proto_data(wmem_file_scope(), pinfo, proto_tcpteach, 0, f);
    return f;
}

/* Analyses on the first pass only; every pass renders from what the first one stored. */
static int dissect_tcpteach(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    gboolean final = PINFO_FD_VISITED(pinfo);
    tt_tap_data *td;
    tt_frame *f;

    if (!final) {
        tt_packet p;
        if (!tt_extract(pinfo, tree, &p))
            return 0;
        f = analyse(pinfo, &p);
    } else {
        f = (tt_frame *)p_get_proto_data(wmem_file_scope(), pinfo, proto_tcpteach, 0);
        if (!f)
            return 0;
    }
    if (tree)
        tt_render(tree, tvb, pinfo, f, final);
    td = wmem_new(pinfo->pool, tt_tap_data);
    td->frame = f;
    td->final = final;
    tap_queue_packet(tt_tap, pinfo, td);
    return tvb_captured_length(tvb);
}

static const int expert_severity[] = {
    [TT_SEV_NOTE] = PI_NOTE, [TT_SEV_WARN] = PI_WARN, [TT_SEV_ERROR] = PI_ERROR};

/* Registers one expert entry per row of the core's anomaly table: tcpteach.expert.<name>. */
static void register_experts(void)
{
    static ei_register_info ei[TA_COUNT];
    expert_module_t *module = expert_register_protocol(proto_tcpteach);

    for (int a = 0; a < TA_COUNT; a++) {
        const tt_anomaly_desc *d = &tt_anomaly_info[a];
        ei[a] = (ei_register_info){
            &ei_tcpteach[a],
            {g_strdup_printf("tcpteach.expert.%s", d->name), PI_SEQUENCE,
             expert_severity[d->severity], tt_wordings[TT_LANG_EN].summary[a], EXPFILL},
        };
    }
    expert_register_field_array(module, ei, TA_COUNT);
}

void proto_register_tcpteach(void);
void proto_reg_handoff_tcpteach(void);

void proto_register_tcpteach(void)
{
    static hf_register_info hf[] = {
        {&hf_tcpteach_label,
         {"Step", "tcpteach.label", FT_STRING, BASE_NONE, NULL, 0x0,
          "Step of the opening or the close: handshake 1/2/3, wave 1/2/3/2+3/4", HFILL}},
        {&hf_tcpteach_from,
         {"From", "tcpteach.from", FT_STRING, BASE_NONE, NULL, 0x0,
          "Role of the sender: client or server", HFILL}},
        {&hf_tcpteach_ack_ok,
         {"Ack is right", "tcpteach.ack_ok", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
          "Whether the ack is the acknowledged SYN's or FIN's seq + its length + 1", HFILL}},
        {&hf_tcpteach_ack_expected,
         {"Expected ack", "tcpteach.ack_expected", FT_UINT32, BASE_DEC, NULL, 0x0,
          "The value the ack should have had (raw)", HFILL}},
        {&hf_tcpteach_notation,
         {"Notation", "tcpteach.notation", FT_STRING, BASE_NONE, NULL, 0x0,
          "The step in textbook notation (x, y: ISNs; u, w: the FINs' seq; v: wave 2's seq)",
          HFILL}},
        {&hf_tcpteach_client_state,
         {"Client state", "tcpteach.client_state", FT_STRING, BASE_NONE, NULL, 0x0,
          "The client's state once this segment is sent and received", HFILL}},
        {&hf_tcpteach_server_state,
         {"Server state", "tcpteach.server_state", FT_STRING, BASE_NONE, NULL, 0x0,
          "The server's state once this segment is sent and received", HFILL}},
        {&hf_tcpteach_anomaly,
         {"Anomaly", "tcpteach.anomaly", FT_STRING, BASE_NONE, NULL, 0x0,
          "What went wrong or is worth noting (stable snake_case names)", HFILL}},
        {&hf_tcpteach_explain,
         {"Explanation", "tcpteach.explain", FT_STRING, BASE_NONE, NULL, 0x0,
          "What this segment does, for a learner", HFILL}},
        {&hf_tcpteach_conv_handshake,
         {"Handshake", "tcpteach.conv.handshake", FT_STRING, BASE_NONE, NULL, 0x0,
          "How the opening went: complete, missing_third_ack, unanswered, refused, "
          "not_captured, simultaneous_open",
          HFILL}},
        {&hf_tcpteach_conv_close,
         {"Close", "tcpteach.conv.close", FT_STRING, BASE_NONE, NULL, 0x0,
          "How the close went: 4-way, 3-way, simultaneous, reset, half-closed, open", HFILL}},
        {&hf_tcpteach_conv_closer,
         {"Closer", "tcpteach.conv.closer", FT_STRING, BASE_NONE, NULL, 0x0,
          "Who sent wave 1 (and so ends in TIME_WAIT): client or server", HFILL}},
        {&hf_tcpteach_conv_state,
         {"Zeek conn_state", "tcpteach.conv.state", FT_STRING, BASE_NONE, NULL, 0x0,
          "Zeek's conn_state code: S0 S1 SF REJ S2 S3 RSTO RSTR RSTOS0 RSTRH SH SHR OTH", HFILL}},
        {&hf_tcpteach_conv_history,
         {"Zeek history", "tcpteach.conv.history", FT_STRING, BASE_NONE, NULL, 0x0,
          "Zeek's history string (upper case: the client)", HFILL}},
        {&hf_tcpteach_conv_anomalies,
         {"Problems", "tcpteach.conv.anomalies", FT_UINT32, BASE_DEC, NULL, 0x0,
          "Number of problems found in this conversation", HFILL}},
    };
    static gint *ett[] = {&ett_tcpteach, &ett_tcpteach_conv};
    static const enum_val_t languages[] = {
        {"auto", "Follow the locale", LANG_AUTO},
        {"en", "English", 1 + TT_LANG_EN},
        {"zh", "Chinese (中文)", 1 + TT_LANG_ZH},
        {NULL, NULL, 0},
    };
    module_t *module;

    proto_tcpteach =
        proto_register_protocol("TCP Teaching Annotations", "TCP Teaching", "tcpteach");
    proto_register_field_array(proto_tcpteach, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    register_experts();
    tt_register_reports();
    tt_register_flow();

    module = prefs_register_protocol(proto_tcpteach, NULL);
    prefs_register_enum_preference(module, "language", "Language of explanations",
                                   "Language of the explanations (auto follows the locale); "
                                   "field values used in filters never change",
                                   &pref_language, languages, FALSE);

    flows_by_stream =
        wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash, g_direct_equal);
    streams_by_tuple =
        wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_str_hash, g_str_equal);
}

void proto_reg_handoff_tcpteach(void)
{
    dissector_handle_t handle = create_dissector_handle(dissect_tcpteach, proto_tcpteach);

    register_postdissector(handle);
    set_postdissector_wanted_hfids(handle, tt_extract_wanted_fields());
}
