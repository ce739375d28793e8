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
int hf_tcpteach_ack_mark = -1;
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
gint ett_tcpteach_explain = -1;
expert_field ei_tcpteach[TA_COUNT];

/* tcpteach.language: 0 follows the locale, otherwise 1 + tt_lang. */
enum { LANG_AUTO = 0 };
static gint pref_language = LANG_AUTO;

/* The rare verdicts too big to keep compactly, by frame number; emptied when a file is closed. */
static wmem_map_t *whole_verdicts;

/* Wireshark's expert tap ("expert"), looked up when a file is opened (Wireshark registers it after
 * the hand-offs); 0: not found. */
static int expert_tap;

/* The capture time of the latest frame of the file dissected so far; 0 when a file is closed. */
static guint64 capture_end_us;

guint64 tt_capture_end_us(void)
{
    return capture_end_us;
}

/* The capture time of pinfo's frame in microseconds since the epoch. */
static guint64 time_us(const packet_info *pinfo)
{
    if (pinfo->abs_ts.secs < 0)
        return 0;
    return (guint64)pinfo->abs_ts.secs * 1000000u + (guint64)(pinfo->abs_ts.nsecs / 1000);
}

/* The language of the learner-facing texts, worked out when a file is opened or the preference
 * changes, so that no packet looks it up. */
static tt_lang current_lang = TT_LANG_EN;

/* Works out current_lang from the tcpteach.language preference, or the locale when it is auto. */
static void choose_language(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};

    current_lang = TT_LANG_EN;
    if (pref_language != LANG_AUTO) {
        current_lang = (tt_lang)(pref_language - 1);
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(vars); i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) {
            current_lang = tt_lang_from_locale(v);
            return;
        }
    }
}

tt_lang tt_current_lang(void)
{
    return current_lang;
}

/* The address/port pair of a segment, the same for both directions: the lower endpoint (address,
 * then port) first. Kept as raw bytes rather than text, so that making one costs no formatting and
 * little memory; the flow keeps it and reads its endpoints' addresses from it. */
struct tuple_key {
    guint16 port[2];
    guint8 type[2]; /* address_type */
    guint16 len[2];
    guint8 bytes[]; /* len[0] bytes of the first address, then len[1] of the second */
};

/* Keys are laid one after another in file-scope chunks of KEY_CHUNK bytes, so that a key costs its
 * own bytes, with no allocator header or rounding (none is freed before the file is closed). */
#define KEY_CHUNK 65536
static struct {
    guint8 *next;
    size_t left;
} keys;

/* n bytes for a key in the current chunk (or a new one), at an even address (for its guint16s). */
static tuple_key *key_alloc(size_t n)
{
    tuple_key *k;

    n = (n + 1) & ~(size_t)1;
    if (n > keys.left) {
        keys.left = MAX(n, KEY_CHUNK);
        keys.next = (guint8 *)wmem_alloc(wmem_file_scope(), keys.left);
    }
    k = (tuple_key *)keys.next;
    keys.next += n;
    keys.left -= n;
    return k;
}

/* Makes the key of a segment in file scope; *src_first says whether its source is the lower end. */
static tuple_key *make_tuple_key(const tt_packet *p, gboolean *src_first)
{
    int order = cmp_address(&p->src, &p->dst);
    gboolean first = order < 0 || (order == 0 && p->sport <= p->dport);
    const address *lo = first ? &p->src : &p->dst;
    const address *hi = first ? &p->dst : &p->src;
    tuple_key *k = key_alloc(sizeof *k + (size_t)lo->len + (size_t)hi->len);

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

/* True when end (0 or 1) of key k is address a, port port. */
static gboolean key_end_is(const tuple_key *k, int end, const address *a, guint16 port)
{
    const guint8 *bytes = k->bytes + (end ? k->len[0] : 0);

    return k->port[end] == port && k->type[end] == (guint8)a->type && k->len[end] == a->len &&
           (a->len == 0 || memcmp(bytes, a->data, (size_t)a->len) == 0);
}

/* True when k is the address/port pair of segment p, in either direction. */
static gboolean key_is_pair_of(const tuple_key *k, const tt_packet *p)
{
    return (key_end_is(k, 0, &p->src, p->sport) && key_end_is(k, 1, &p->dst, p->dport)) ||
           (key_end_is(k, 0, &p->dst, p->dport) && key_end_is(k, 1, &p->src, p->sport));
}

/* A multiplicative hash of one end of a segment: its address and port. */
static guint64 end_hash(const address *a, guint16 port)
{
    const guint64 mul = 0x9e3779b97f4a7c15u;
    const guint8 *b = (const guint8 *)a->data;
    guint64 h = ((guint64)a->type << 16 | port) * mul;
    guint32 w;
    int i = 0;

    for (; i + (int)sizeof w <= a->len; i += (int)sizeof w) {
        memcpy(&w, b + i, sizeof w);
        h = (h ^ w) * mul;
        h ^= h >> 29;
    }
    for (; i < a->len; i++)
        h = (h ^ b[i]) * mul;
    return h;
}

/* A hash of segment p's address/port pair, the same in both directions. */
static guint32 packet_pair_hash(const tt_packet *p)
{
    guint64 h = end_hash(&p->src, p->sport) + end_hash(&p->dst, p->dport);

    return (guint32)(h ^ (h >> 32));
}

/* The same hash of the pair of key k. */
static guint32 key_pair_hash(const tuple_key *k)
{
    address lo, hi;
    guint64 h;

    set_address(&lo, k->type[0], k->len[0], k->len[0] > 0 ? k->bytes : NULL);
    set_address(&hi, k->type[1], k->len[1], k->len[1] > 0 ? k->bytes + k->len[0] : NULL);
    h = end_hash(&lo, k->port[0]) + end_hash(&hi, k->port[1]);
    return (guint32)(h ^ (h >> 32));
}

/*
 * Tables indexed by a dense number (frame number, tcp.stream), in chunks of TABLE_CHUNK slots
 * allocated from file scope as the capture grows. A slot costs no allocation of its own and no
 * hash-map entry (both cost more than a frame's slot itself), and never moves: the reports keep
 * pointers to flows. Slots start zeroed.
 */
#define TABLE_CHUNK 4096
typedef struct slot_table {
    size_t slot_size;
    guint8 **chunks; /* in file scope: forgotten by tables_cleanup when it is freed */
    guint32 chunk_count;
} slot_table;

static slot_table frames = {sizeof(tt_frame), NULL, 0}; /* by frame number */
static slot_table flows = {sizeof(tt_flow), NULL, 0};   /* by tcp.stream */

/*
 * The latest stream analysed on each address/port pair (the first pass reads most segments' streams
 * from it): open addressing, a slot holding tcp.stream + 1 (0: free) and belonging to the pair of
 * that stream's key, probed linearly from the pair's hash. At most half full, so that a search
 * meets a free slot soon; 4 bytes a slot, in file scope.
 */
static struct {
    guint32 *slots;
    guint32 mask; /* the number of slots (a power of two) - 1 */
    guint32 used;
} pairs;

#define PAIRS_MIN 4096

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
    frames.chunks = flows.chunks = NULL;
    pairs.slots = NULL;
    pairs.mask = pairs.used = 0;
    keys.next = NULL;
    keys.left = 0;
    frames.chunk_count = flows.chunk_count = 0;
    capture_end_us = 0;
    tt_extract_reset();
}

/* Slot i of table t, created if create is set; NULL if it does not exist. */
static void *slot(slot_table *t, guint32 i, gboolean create)
{
    guint32 c = i / TABLE_CHUNK;

    if (c >= t->chunk_count) {
        guint32 n = MAX(c + 1, 2 * t->chunk_count);
        if (!create)
            return NULL;
        t->chunks = (guint8 **)wmem_realloc(wmem_file_scope(), t->chunks, n * sizeof *t->chunks);
        memset(t->chunks + t->chunk_count, 0, (n - t->chunk_count) * sizeof *t->chunks);
        t->chunk_count = n;
    }
    if (!t->chunks[c]) {
        if (!create)
            return NULL;
        t->chunks[c] = (guint8 *)wmem_alloc0(wmem_file_scope(), TABLE_CHUNK * t->slot_size);
    }
    return t->chunks[c] + (size_t)(i % TABLE_CHUNK) * t->slot_size;
}

/* The conversation a stream's slot stands for: its own, or the earlier one it continues. */
static tt_flow *followed(tt_flow *flow)
{
    return flow->continues ? (tt_flow *)slot(&flows, flow->stream, FALSE) : flow;
}

/* The slot of p's pair: the one holding its latest stream, or the free one where it would go. */
static guint32 *pair_slot(const tt_packet *p)
{
    guint32 i = packet_pair_hash(p) & pairs.mask;

    while (pairs.slots[i] != 0 &&
           !key_is_pair_of(((const tt_flow *)slot(&flows, pairs.slots[i] - 1, FALSE))->key, p))
        i = (i + 1) & pairs.mask;
    return &pairs.slots[i];
}

/* Doubles the pair table (or makes it), moving every pair to its slot in the new one. */
static void pairs_grow(void)
{
    guint32 old_count = pairs.slots ? pairs.mask + 1 : 0, *old = pairs.slots;
    guint32 count = old_count ? 2 * old_count : PAIRS_MIN;

    pairs.slots = (guint32 *)wmem_alloc0(wmem_file_scope(), count * sizeof *pairs.slots);
    pairs.mask = count - 1;
    for (guint32 o = 0; o < old_count; o++) {
        const tt_flow *flow;
        guint32 i;
        if (old[o] == 0)
            continue;
        flow = (const tt_flow *)slot(&flows, old[o] - 1, FALSE);
        i = key_pair_hash(flow->key) & pairs.mask;
        while (pairs.slots[i] != 0)
            i = (i + 1) & pairs.mask;
        pairs.slots[i] = old[o];
    }
    wmem_free(wmem_file_scope(), old);
}

/* Records stream as the latest of p's pair; the stream's slot has its key already. */
static void pair_set_latest(const tt_packet *p, guint32 stream)
{
    guint32 *s;

    if (!pairs.slots || 2 * (pairs.used + 1) > pairs.mask + 1)
        pairs_grow();
    s = pair_slot(p);
    if (*s == 0)
        pairs.used++;
    *s = stream + 1;
}

gboolean tt_latest_stream(const tt_packet *p, guint32 *stream)
{
    guint32 latest = pairs.slots ? *pair_slot(p) : 0;

    if (latest == 0)
        return FALSE;
    *stream = latest - 1;
    return TRUE;
}

/* The conversation of tcp.stream p->stream, created (with its port-reuse note) on first sight. A
 * stream Wireshark starts at a SYN that repeats the unanswered opening SYN of the address/port
 * pair's previous conversation (Wireshark 4.4 and later do so after an RST) continues that one:
 * the same attempt, not a new connection. The previous conversation is the one TCP had for the
 * segment just before, so that conversations told apart by VLAN or MAC are no reuse. */
static tt_flow *flow_for(const packet_info *pinfo, const tt_packet *p)
{
    tt_flow *flow = (tt_flow *)slot(&flows, p->stream, TRUE), *earlier = NULL;
    gboolean src_first, had_pair;
    guint32 previous;

    if (flow->key)
        return followed(flow);
    had_pair = tt_latest_stream(p, &previous);
    flow->key = make_tuple_key(p, &src_first);
    pair_set_latest(p, p->stream);
    /* Only a pair seen before can have a previous conversation; which one, TCP says. */
    if (had_pair && tt_previous_stream(pinfo, p, &previous)) {
        earlier = (tt_flow *)slot(&flows, previous, FALSE);
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

void tt_flow_address(const tt_flow *flow, gboolean a, address *out)
{
    const tuple_key *k = flow->key;
    int end = (a == flow->a_first) ? 0 : 1;

    set_address(out, k->type[end], k->len[end],
                k->len[end] > 0 ? k->bytes + (end ? k->len[0] : 0) : NULL);
}

/* The segment of p as the core sees it, for a conversation (A sent its first segment). */
static tt_segment segment_of(const tt_flow *flow, const packet_info *pinfo, const tt_packet *p)
{
    address a;
    int end = flow->a_first ? 0 : 1;

    tt_flow_address(flow, TRUE, &a);
    return (tt_segment){
        .frame = pinfo->num,
        .from_a = p->sport == flow->key->port[end] && addresses_equal(&p->src, &a),
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

/* First pass: feeds the segment to its conversation, keeps the verdict with the frame, returns
 * the conversation and the verdict. */
static tt_flow *analyse(packet_info *pinfo, const tt_packet *p, tt_verdict *v)
{
    tt_flow *flow = flow_for(pinfo, p);
    tt_frame *f = (tt_frame *)slot(&frames, pinfo->num, TRUE);
    tt_segment seg = segment_of(flow, pinfo, p);

    tt_conv_segment(&flow->conv, &seg, v);
    f->flow_id = flow->stream + 1;
    if (!tt_verdict_keep(v, &f->kept)) {
        f->kept.elsewhere = 1;
        wmem_map_insert(whole_verdicts, GUINT_TO_POINTER(pinfo->num),
                        wmem_memdup(wmem_file_scope(), v, sizeof *v));
    }
    return flow;
}

/* Later passes: the conversation and the verdict the first pass kept for this frame, or NULL. */
static tt_flow *recall(packet_info *pinfo, const tt_packet *p, tt_verdict *v)
{
    const tt_frame *f = (const tt_frame *)slot(&frames, pinfo->num, FALSE);
    tt_flow *flow;
    tt_segment seg;

    if (!f || f->flow_id == 0)
        return NULL;
    flow = (tt_flow *)slot(&flows, f->flow_id - 1, FALSE);
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

    if (!final && time_us(pinfo) > capture_end_us)
        capture_end_us =
            time_us(pinfo); /* every frame, TCP or not, tells how far the capture goes */
    if (!tt_extract(pinfo, &p))
        return 0;
    flow = final ? recall(pinfo, &p, &v) : analyse(pinfo, &p, &v);
    if (!flow)
        return 0;
    shown = v; /* on a final pass, with the verdicts that need the whole capture */
    if (final)
        tt_verdict_complete(&flow->conv, capture_end_us, &shown);
    /* Rendering adds items and makes text (sentences, labels). When the tree is only there for
     * others (a filter or a field output that is not ours), only two parts of it are seen: the
     * protocol item (protocol statistics count it) and the expert infos (taps and columns use
     * them). So render in full only frames with expert infos then. */
    if (tree && (proto_field_is_referenced(tree, proto_tcpteach) || shown.anomalies != 0))
        tt_render(tree, tvb, pinfo, flow, &shown, final);
    else if (tree)
        proto_item_set_generated(proto_tree_add_item(tree, proto_tcpteach, tvb, 0, 0, ENC_NA));
    else if (shown.anomalies != 0 && expert_tap > 0 && have_tap_listener(expert_tap))
        tt_render_experts(pinfo, &shown); /* no tree, yet the expert tap listens */
    if (have_tap_listener(tt_tap)) {
        tt_tap_data *td = wmem_new(pinfo->pool, tt_tap_data);
        td->flow = flow;
        td->verdict = shown; /* completed once here when final; completing again changes nothing */
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
        {&hf_tcpteach_ack_mark,
         {"Ack mark", "tcpteach.ack_mark", FT_STRING, BASE_NONE, NULL, 0x0,
          "tcpteach.ack_ok as the lesson writes it: \u2713 right, \u2717 wrong (for columns)",
          HFILL}},
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
    static gint *ett[] = {&ett_tcpteach, &ett_tcpteach_conv, &ett_tcpteach_explain};
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
    tt_register_table();
    tt_register_flow();
    register_init_routine(at_file_open);
    register_cleanup_routine(tables_cleanup);

    module = prefs_register_protocol(proto_tcpteach, choose_language);
    prefs_register_enum_preference(module, "language", "Language of explanations",
                                   "Language of the explanations (auto follows the locale); "
                                   "field values used in filters never change",
                                   &pref_language, languages, FALSE);
    choose_language(); /* the locale's, until preferences are read */

    whole_verdicts =
        wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash, g_direct_equal);
}

void proto_reg_handoff_tcpteach(void)
{
    dissector_handle_t handle = create_dissector_handle(dissect_tcpteach, proto_tcpteach);

    register_postdissector(handle);
    tt_extract_register();
}
