/* Rendering: turns a stored verdict into the TCP Teaching subtree, its fields and expert infos. */
#include <string.h>

#include "tcpteach-plugin.h"

/* The fields, subtrees and expert infos this file registers and adds, named after their filter
 * names (tcpteach.label ...). */
static int hf_tcpteach_label = -1;
static int hf_tcpteach_from = -1;
static int hf_tcpteach_ack_ok = -1;
static int hf_tcpteach_ack_mark = -1;
static int hf_tcpteach_ack_expected = -1;
static int hf_tcpteach_notation = -1;
static int hf_tcpteach_client_state = -1;
static int hf_tcpteach_server_state = -1;
static int hf_tcpteach_anomaly = -1;
static int hf_tcpteach_explain = -1;
static int hf_tcpteach_step = -1;
static int hf_tcpteach_role = -1;
static int hf_tcpteach_problem = -1;
static int hf_tcpteach_conv_handshake = -1;
static int hf_tcpteach_conv_close = -1;
static int hf_tcpteach_conv_closer = -1;
static int hf_tcpteach_conv_state = -1;
static int hf_tcpteach_conv_history = -1;
static int hf_tcpteach_conv_anomalies = -1;
static gint ett_tcpteach = -1;
static gint ett_tcpteach_conv = -1;
static gint ett_tcpteach_explain = -1;
static expert_field ei_tcpteach[TA_COUNT]; /* ei_tcpteach[TA_X] is tcpteach.expert.<x> */

/* True when "<label>: <shown>" is the label Wireshark makes itself for field hf with value
 * `value`: the field's own name, and the value as it is. */
static gboolean label_is_own(int hf, const char *label, const char *value, const char *shown)
{
    return (shown == value || strcmp(shown, value) == 0) &&
           strcmp(label, proto_registrar_get_name(hf)) == 0;
}

/* Adds generated string field hf shown as "<label>: <shown>" (the filter value stays `value`).
 * A label Wireshark would make the same way is left to it: it makes it only where it is shown
 * (tshark 4.0's -T fields has a visible tree but prints no label). */
static proto_item *add_text(proto_tree *t, int hf, tvbuff_t *tvb, const char *label,
                            const char *value, const char *shown)
{
    proto_item *it;

    if (!PTREE_DATA(t)->visible || label_is_own(hf, label, value, shown))
        it = proto_tree_add_string(t, hf, tvb, 0, 0, value);
    else
        it = proto_tree_add_string_format(t, hf, tvb, 0, 0, value, "%s: %s", label, shown);
    proto_item_set_generated(it);
    return it;
}

/* Adds generated unsigned field hf (BASE_DEC) shown as "<label>: <value>", as add_text does. */
static proto_item *add_number(proto_tree *t, int hf, tvbuff_t *tvb, const char *label,
                              guint32 value)
{
    proto_item *it;

    if (!PTREE_DATA(t)->visible || strcmp(label, proto_registrar_get_name(hf)) == 0)
        it = proto_tree_add_uint(t, hf, tvb, 0, 0, value);
    else
        it = proto_tree_add_uint_format(t, hf, tvb, 0, 0, value, "%s: %u", label, value);
    proto_item_set_generated(it);
    return it;
}

/* Adds a state field: its value is the state after the segment, shown as "before → after" (the
 * label is formatted only where it is seen). */
static void add_state(proto_tree *t, int hf, tvbuff_t *tvb, const char *label, uint8_t before,
                      uint8_t after, gboolean visible)
{
    if (!visible || before == after)
        add_text(t, hf, tvb, label, tt_state_name[after], tt_state_name[after]);
    else
        proto_item_set_generated(
            proto_tree_add_string_format(t, hf, tvb, 0, 0, tt_state_name[after], "%s: %s \u2192 %s",
                                         label, tt_state_name[before], tt_state_name[after]));
}

/* Longest line of an explanation in the tree: Wireshark cuts an item's label at 240 bytes
 * (ITEM_LABEL_LENGTH), and the first line shares its label with the heading. */
#define EXPLAIN_LINE 200

/* Adds tcpteach.explain: the whole explanation is the field's value; the label shows its first
 * line, and the item's subtree the further ones, so that no label is cut. */
static void add_explanation(proto_tree *t, tvbuff_t *tvb, const tt_verdict *v, tt_lang lang)
{
    char explain[4096], lines[4608];
    char *line = lines, *end;
    proto_item *it;
    proto_tree *more;

    tt_explain_both(v, lang, EXPLAIN_LINE, explain, sizeof explain, lines, sizeof lines);
    end = strchr(lines, '\n');
    if (end)
        *end = '\0';
    it = add_text(t, hf_tcpteach_explain, tvb, tt_wordings[lang].tree[TT_TREE_EXPLAIN], explain,
                  line);
    if (!end || end[1] == '\0')
        return;
    more = proto_item_add_subtree(it, ett_tcpteach_explain);
    for (line = end + 1; (end = strchr(line, '\n')) != NULL; line = end + 1) {
        *end = '\0';
        proto_item_set_generated(
            proto_tree_add_subtree(more, tvb, 0, 0, ett_tcpteach_explain, NULL, line));
    }
}

/* A conversation summary and the language it is shown in. */
typedef struct conv_words {
    const tt_summary *sum;
    const tt_wording *w;
} conv_words;

/* Looks up the {handshake} and {close} placeholders of the Conversation heading. */
/* cppcheck-suppress constParameterCallback ; the signature is tt_fill's callback type */
static const char *conv_value(const void *ctx, const char *name, size_t len, char *tmp _U_,
                              size_t tmpsize _U_)
{
    const conv_words *cw = (const conv_words *)ctx;
    if (len == 9 && memcmp(name, "handshake", 9) == 0)
        return cw->w->handshake[cw->sum->handshake];
    if (len == 5 && memcmp(name, "close", 5) == 0)
        return cw->w->close[cw->sum->close];
    return NULL;
}

/* The conversation's fields, for render_conv's check that one of them is wanted. */
static int *const conv_fields[] = {&hf_tcpteach_conv_handshake, &hf_tcpteach_conv_close,
                                   &hf_tcpteach_conv_closer,    &hf_tcpteach_conv_state,
                                   &hf_tcpteach_conv_history,   &hf_tcpteach_conv_anomalies};

/* Adds the Conversation subtree: the summary of the whole conversation as known now (the capture
 * going up to capture_end_us). Nothing is computed when the tree is not seen and none of its fields
 * is wanted. */
static void render_conv(proto_tree *parent, tvbuff_t *tvb, const tt_conv *c, gboolean final,
                        guint64 capture_end_us, const tt_wording *w, gboolean visible)
{
    tt_summary sum;
    proto_item *it;
    proto_tree *t;
    char heading[160] = "";
    const char *name;
    gboolean wanted = visible;

    conv_words cw = {&sum, w};

    for (size_t i = 0; !wanted && i < G_N_ELEMENTS(conv_fields); i++)
        wanted = proto_field_is_referenced(parent, *conv_fields[i]);
    if (!wanted)
        return;
    tt_conv_summarize(c, final, capture_end_us, &sum);
    if (visible)
        tt_fill(w->tree[TT_TREE_CONV], conv_value, &cw, heading, sizeof heading, 0);
    t = proto_tree_add_subtree(parent, tvb, 0, 0, ett_tcpteach_conv, &it, heading);
    proto_item_set_generated(it);
    add_text(t, hf_tcpteach_conv_handshake, tvb, w->tree[TT_TREE_HANDSHAKE],
             tt_handshake_name[sum.handshake], w->handshake[sum.handshake]);
    add_text(t, hf_tcpteach_conv_close, tvb, w->tree[TT_TREE_CLOSE], tt_close_name[sum.close],
             w->close[sum.close]);
    if (sum.has_closer)
        add_text(t, hf_tcpteach_conv_closer, tvb, w->tree[TT_TREE_CLOSER], tt_role_name[sum.closer],
                 w->role[sum.closer]);
    name = tt_zeek_conn_state(&c->zeek);
    add_text(t, hf_tcpteach_conv_state, tvb, w->tree[TT_TREE_ZEEK_STATE], name, name);
    name = tt_zeek_history(&c->zeek);
    add_text(t, hf_tcpteach_conv_history, tvb, w->tree[TT_TREE_ZEEK_HISTORY], name, name);
    add_number(t, hf_tcpteach_conv_anomalies, tvb, w->tree[TT_TREE_PROBLEMS], sum.problems);
}

/* Adds the ack check's three fields: the boolean (labelled with the check's clause where the tree
 * is seen), the ✓/✗ mark for columns, and the expected value. */
static void render_ack(proto_tree *t, tvbuff_t *tvb, const tt_verdict *v, tt_lang lang,
                       gboolean visible)
{
    const tt_wording *w = &tt_wordings[lang];
    gboolean ok = v->ack_check == TT_ACK_OK;
    proto_item *it;

    if (visible) {
        char clause[256];
        tt_check_clause(v, lang, clause, sizeof clause);
        it = proto_tree_add_boolean_format(t, hf_tcpteach_ack_ok, tvb, 0, 0, ok, "%s: %s",
                                           w->tree[TT_TREE_ACK_CHECK], clause);
        proto_item_set_generated(it);
    } else if (proto_field_is_referenced(t, hf_tcpteach_ack_ok))
        proto_tree_add_boolean(t, hf_tcpteach_ack_ok, tvb, 0, 0, ok);
    if (proto_field_is_referenced(t, hf_tcpteach_ack_mark)) {
        it = proto_tree_add_string(t, hf_tcpteach_ack_mark, tvb, 0, 0, ok ? "\u2713" : "\u2717");
        proto_item_set_hidden(it); /* for columns: the ack check above says it already */
    }
    if (proto_field_is_referenced(t, hf_tcpteach_ack_expected))
        add_number(t, hf_tcpteach_ack_expected, tvb, w->tree[TT_TREE_ACK_EXPECTED],
                   v->ack_expected);
}

/* Adds hidden display field hf with value `shown` (the words of the chosen language) when a column,
 * a filter or a field output asks for it; the tree shows these words on the filter fields. */
static void add_shown(proto_tree *t, int hf, tvbuff_t *tvb, const char *shown)
{
    proto_item *it;

    if (!proto_field_is_referenced(t, hf))
        return;
    it = proto_tree_add_string(t, hf, tvb, 0, 0, shown);
    proto_item_set_hidden(it);
    proto_item_set_generated(it);
}

/* Adds tcpteach.problem, the short titles of the anomalies in set joined, when something asks
 * for it. */
static void add_problems(proto_tree *t, tvbuff_t *tvb, tt_anomaly_set set, const tt_wording *w)
{
    char titles[1024];
    size_t at = 0;

    if (set == 0 || !proto_field_is_referenced(t, hf_tcpteach_problem))
        return;
    titles[0] = '\0';
    for (int a = 0; a < TA_COUNT; a++) {
        if (!(set & TT_BIT(a)))
            continue;
        if (at)
            at = tt_put(titles, sizeof titles, at, w->problem_join, strlen(w->problem_join));
        at = tt_put(titles, sizeof titles, at, w->problem[a], strlen(w->problem[a]));
    }
    add_shown(t, hf_tcpteach_problem, tvb, titles);
}

void tt_render(proto_tree *tree, proto_item *top, tvbuff_t *tvb, packet_info *pinfo,
               const tt_flow *flow, const tt_verdict *verdict, const tt_view *view, gboolean final)
{
    tt_lang lang = view->lang;
    const tt_wording *w = &tt_wordings[lang];
    const tt_verdict v = *verdict;
    /* Where the tree is not seen (the packet list's columns and colours, a display filter), only
     * the fields something asks for are added, without their labels: the output is the same, the
     * work is less. (tshark -T fields, -V and the details pane make the tree visible.) */
    const gboolean visible = PTREE_DATA(tree)->visible;
    proto_tree *t = proto_item_add_subtree(top, ett_tcpteach);
    proto_item *it;

    if (visible)
        proto_item_append_text(top, ": %s",
                               v.label != TL_NONE ? w->label[v.label] : w->msg[TM_FLOW_SEGMENT]);

    /* The filter fields label and from only when asked for (always in a visible tree), so that a
     * profile showing and colouring by the display fields step and role pays for those alone. */
    if (v.label != TL_NONE) {
        if (proto_field_is_referenced(tree, hf_tcpteach_label))
            add_text(t, hf_tcpteach_label, tvb, w->tree[TT_TREE_STEP], tt_label_name[v.label],
                     w->label[v.label]);
        add_shown(t, hf_tcpteach_step, tvb, w->label[v.label]);
    }
    if (proto_field_is_referenced(tree, hf_tcpteach_from))
        add_text(t, hf_tcpteach_from, tvb, w->tree[TT_TREE_FROM], tt_role_name[v.from],
                 w->role[v.from]);
    add_shown(t, hf_tcpteach_role, tvb, w->role[v.from]);
    if (v.label != TL_NONE && proto_field_is_referenced(tree, hf_tcpteach_notation)) {
        char notation[64];
        tt_notation(&v, notation, sizeof notation);
        add_text(t, hf_tcpteach_notation, tvb, w->tree[TT_TREE_NOTATION], notation, notation);
    }
    if (v.ack_check != TT_ACK_UNCHECKED)
        render_ack(t, tvb, &v, lang, visible);
    if (proto_field_is_referenced(tree, hf_tcpteach_client_state))
        add_state(t, hf_tcpteach_client_state, tvb, w->tree[TT_TREE_CLIENT_STATE], v.client_before,
                  v.client_after, visible);
    if (proto_field_is_referenced(tree, hf_tcpteach_server_state))
        add_state(t, hf_tcpteach_server_state, tvb, w->tree[TT_TREE_SERVER_STATE], v.server_before,
                  v.server_after, visible);
    for (int a = 0; a < TA_COUNT; a++) {
        if (!(v.anomalies & TT_BIT(a)))
            continue;
        it = add_text(t, hf_tcpteach_anomaly, tvb, w->tree[TT_TREE_ANOMALY],
                      tt_anomaly_info[a].name, w->problem[a]);
        expert_add_info_format(pinfo, it, &ei_tcpteach[a], "%s", w->summary[a]);
    }
    add_problems(t, tvb, v.anomalies, w);
    if (proto_field_is_referenced(tree, hf_tcpteach_explain))
        add_explanation(t, tvb, &v, lang);
    render_conv(t, tvb, &flow->conv, final, view->capture_end_us, w, visible);
}

void tt_render_experts(packet_info *pinfo, const tt_verdict *v, tt_lang lang)
{
    const tt_wording *w = &tt_wordings[lang];

    for (int a = 0; a < TA_COUNT; a++)
        if (v->anomalies & TT_BIT(a))
            expert_add_info_format(pinfo, NULL, &ei_tcpteach[a], "%s", w->summary[a]);
}

static const int expert_severity[] = {
    [TT_SEV_NOTE] = PI_NOTE, [TT_SEV_WARN] = PI_WARN, [TT_SEV_ERROR] = PI_ERROR};

/* Registers one expert entry per row of the core's anomaly table: tcpteach.expert.<name>. */
static void register_experts(int proto)
{
    static ei_register_info ei[TA_COUNT];
    expert_module_t *module = expert_register_protocol(proto);

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

void tt_render_register(int proto)
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
        {&hf_tcpteach_step,
         {"Step (shown)", "tcpteach.step", FT_STRING, BASE_NONE, NULL, 0x0,
          "tcpteach.label in the chosen language, for columns (e.g. 第一次握手); filter on "
          "tcpteach.label",
          HFILL}},
        {&hf_tcpteach_role,
         {"Role (shown)", "tcpteach.role", FT_STRING, BASE_NONE, NULL, 0x0,
          "tcpteach.from in the chosen language, for columns (客户端/服务器); filter on "
          "tcpteach.from",
          HFILL}},
        {&hf_tcpteach_problem,
         {"Problems (shown)", "tcpteach.problem", FT_STRING, BASE_NONE, NULL, 0x0,
          "Short titles of the anomalies and notes in the chosen language, joined, for columns "
          "(e.g. SYN 重传); filter on tcpteach.anomaly",
          HFILL}},
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

    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    register_experts(proto);
}
