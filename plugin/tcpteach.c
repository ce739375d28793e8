/* The tcpteach postdissector: registration, field/expert/preference tables, and first-pass
 * analysis. */
#include <stdlib.h>
#include <string.h>

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

/* The address/port pair of a segment, the same for both directions: the lower endpoint (address,
 * then port) first. Kept as raw bytes rather than text, so that making one costs no formatting and
 * little memory; the flow's own addresses point into it. */
typedef struct tuple_key {
    guint16 port[2];
    guint8 type[2]; /* address_type */
    guint16 len[2];
    guint8 bytes[]; /* len[0] bytes of the first address, then len[1] of the second */
} tuple_key;

static size_t tuple_key_size(const tuple_key *k)
{
    return sizeof *k + k->len[0] + k->len[1];
}

/* FNV-1a over the whole key. */
static guint tuple_key_hash(gconstpointer key)
{
    const guint8 *b = (const guint8 *)key;
    size_t n = tuple_key_size((const tuple_key *)key);
    guint h = 2166136261u;

    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 16777619u;
    return h;
}

static gboolean tuple_key_equal(gconstpointer a, gconstpointer b)
{
    size_t n = tuple_key_size((const tuple_key *)a);
    return n == tuple_key_size((const tuple_key *)b) && memcmp(a, b, n) == 0;
}

/* Makes the key of a segment in file scope; *src_first says whether its source is the lower end. */
static tuple_key *make_tuple_key(packet_info *pinfo, const tt_packet *p, gboolean *src_first)
{
    int order = cmp_address(&pinfo->net_src, &pinfo->net_dst);
    gboolean first = order < 0 || (order == 0 && p->sport <= p->dport);
    const address *lo = first ? &pinfo->net_src : &pinfo->net_dst;
    const address *hi = first ? &pinfo->net_dst : &pinfo->net_src;
    tuple_key *k =
        (tuple_key *)wmem_alloc(wmem_file_scope(), sizeof *k + (size_t)lo->len + (size_t)hi->len);

    k->port[0] = first ? p->sport : p->dport;
    k->port[1] = first ? p->dport : p->sport;
    k->type[0] = (guint8)lo->type;
    k->type[1] = (guint8)hi->type;
    k->len[0] = (guint16)lo->len;
    k->len[1] = (guint16)hi->len;
    if (lo->len > 0)
        memcpy(k->bytes, lo->data, (size_t)lo->len);
    if (hi->len > 0)
        memcpy(k->bytes + lo->len, hi->data, (size_t)hi->len);
    *src_first = first;
    return k;
}

/* The conversation of tcp.stream p->stream, created (with its port-reuse note) on first sight. */
static tt_flow *flow_for(packet_info *pinfo, const tt_packet *p)
{
    tt_flow *flow = (tt_flow *)wmem_map_lookup(flows_by_stream, GUINT_TO_POINTER(p->stream));
    tuple_key *key;
    gboolean reused, src_first;
    const guint8 *lo, *hi;

    if (flow)
        return flow;
    key = make_tuple_key(pinfo, p, &src_first);
    reused = wmem_map_contains(streams_by_tuple, key);
    if (!reused)
        wmem_map_insert(streams_by_tuple, key, GUINT_TO_POINTER(p->stream + 1));

    flow = wmem_new0(wmem_file_scope(), tt_flow);
    tt_conv_init(&flow->conv, p->sport, p->dport, reused);
    /* The key holds both addresses for the life of the file: the flow points into it. */
    lo = key->len[0] > 0 ? key->bytes : NULL;
    hi = key->len[1] > 0 ? key->bytes + key->len[0] : NULL;
    set_address(&flow->addr_a, pinfo->net_src.type, pinfo->net_src.len, src_first ? lo : hi);
    set_address(&flow->addr_b, pinfo->net_dst.type, pinfo->net_dst.len, src_first ? hi : lo);
    flow->port_a = p->sport;
    flow->stream = p->stream;
    wmem_map_insert(flows_by_stream, GUINT_TO_POINTER(p->stream), flow);
    return flow;
}

/*
 * Per-frame results, by frame number, in chunks of FRAME_CHUNK slots allocated from file scope as
 * the capture grows. A slot costs no allocation of its own and no entry in the frame's proto-data
 * list (both cost more than the slot itself), and never moves: the reports keep pointers to slots.
 * A slot whose flow is NULL belongs to a frame that was not analysed.
 */
#define FRAME_CHUNK 4096
static tt_frame **frame_chunks; /* in file scope: forgotten by frames_cleanup when it is freed */
static guint32 frame_chunk_count;

/* Called when a capture file is closed, just before wmem frees the file scope. */
static void frames_cleanup(void)
{
    frame_chunks = NULL;
    frame_chunk_count = 0;
}

/* The slot of frame num, created (zeroed) if create is set; NULL if it does not exist. */
static tt_frame *frame_slot(guint32 num, gboolean create)
{
    guint32 c = num / FRAME_CHUNK;

    if (c >= frame_chunk_count) {
        guint32 n = MAX(c + 1, 2 * frame_chunk_count);
        if (!create)
            return NULL;
        frame_chunks =
            (tt_frame **)wmem_realloc(wmem_file_scope(), frame_chunks, n * sizeof *frame_chunks);
        memset(frame_chunks + frame_chunk_count, 0, (n - frame_chunk_count) * sizeof *frame_chunks);
        frame_chunk_count = n;
    }
    if (!frame_chunks[c]) {
        if (!create)
            return NULL;
        frame_chunks[c] = wmem_alloc0_array(wmem_file_scope(), tt_frame, FRAME_CHUNK);
    }
    return &frame_chunks[c][num % FRAME_CHUNK];
}

/* First pass: feeds the segment to its conversation and stores the verdict with the frame. */
static tt_frame *analyse(packet_info *pinfo, const tt_packet *p)
{
    tt_flow *flow = flow_for(pinfo, p);
    tt_frame *f = frame_slot(pinfo->num, TRUE);
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
    return f;
}

/* True when the frame's verdict (completed on a final pass) has an anomaly, hence expert infos. */
static gboolean has_anomalies(const tt_frame *f, gboolean final)
{
    tt_verdict v = f->verdict;

    if (final)
        tt_verdict_complete(&f->flow->conv, &v);
    return v.anomalies != 0;
}

/* Analyses on the first pass only; every pass renders from what the first one stored. */
static int dissect_tcpteach(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    gboolean final = PINFO_FD_VISITED(pinfo);
    tt_frame *f;

    if (!final) {
        tt_packet p;
        if (!tt_extract(pinfo, tree, &p))
            return 0;
        f = analyse(pinfo, &p);
    } else {
        f = frame_slot(pinfo->num, FALSE);
        if (!f || !f->flow)
            return 0;
    }
    /* Rendering formats text for every field. When the tree is only there for others (tshark builds
     * one for our wanted fields, for a filter or a field output that is not ours), only two parts
     * of it are seen: the protocol item (protocol statistics count it) and the expert infos (taps
     * and columns use them). So render in full only frames with expert infos then. */
    if (tree && (proto_field_is_referenced(tree, proto_tcpteach) || has_anomalies(f, final)))
        tt_render(tree, tvb, pinfo, f, final);
    else if (tree)
        proto_item_set_generated(proto_tree_add_item(tree, proto_tcpteach, tvb, 0, 0, ENC_NA));
    if (have_tap_listener(tt_tap)) {
        tt_tap_data *td = wmem_new(pinfo->pool, tt_tap_data);
        td->frame = f;
        td->final = final;
        tap_queue_packet(tt_tap, pinfo, td);
    }
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
    register_cleanup_routine(frames_cleanup);

    module = prefs_register_protocol(proto_tcpteach, NULL);
    prefs_register_enum_preference(module, "language", "Language of explanations",
                                   "Language of the explanations (auto follows the locale); "
                                   "field values used in filters never change",
                                   &pref_language, languages, FALSE);

    flows_by_stream =
        wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash, g_direct_equal);
    streams_by_tuple = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), tuple_key_hash,
                                              tuple_key_equal);
}

void proto_reg_handoff_tcpteach(void)
{
    dissector_handle_t handle = create_dissector_handle(dissect_tcpteach, proto_tcpteach);

    register_postdissector(handle);
    set_postdissector_wanted_hfids(handle, tt_extract_wanted_fields());
}
