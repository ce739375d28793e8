/* Rendering: turns a stored verdict into the TCP Teaching subtree, its fields and expert infos. */
#include <string.h>

#include "tcpteach-plugin.h"

/* Adds generated string field hf shown as "<label>: <shown>" (the filter value stays `value`). */
static proto_item *add_text(proto_tree *t, int hf, tvbuff_t *tvb, const char *label,
                            const char *value, const char *shown)
{
    proto_item *it = proto_tree_add_string_format(t, hf, tvb, 0, 0, value, "%s: %s", label, shown);
    proto_item_set_generated(it);
    return it;
}

/* Adds a state field: its value is the state after the segment, shown as "before → after". */
static void add_state(proto_tree *t, int hf, tvbuff_t *tvb, const char *label, uint8_t before,
                      uint8_t after)
{
    char shown[64];

    if (before == after)
        snprintf(shown, sizeof shown, "%s", tt_state_name[after]);
    else
        snprintf(shown, sizeof shown, "%s \u2192 %s", tt_state_name[before], tt_state_name[after]);
    add_text(t, hf, tvb, label, tt_state_name[after], shown);
}

/* Looks up the {handshake} and {close} placeholders of the Conversation heading. */
/* cppcheck-suppress constParameterCallback ; the signature is tt_fill's callback type */
static const char *conv_value(const void *ctx, const char *name, size_t len, char *tmp _U_,
                              size_t tmpsize _U_)
{
    const tt_summary *sum = (const tt_summary *)ctx;
    if (len == 9 && memcmp(name, "handshake", 9) == 0)
        return tt_handshake_name[sum->handshake];
    if (len == 5 && memcmp(name, "close", 5) == 0)
        return tt_close_name[sum->close];
    return NULL;
}

/* Adds the Conversation subtree: the summary of the whole conversation as known now. */
static void render_conv(proto_tree *parent, tvbuff_t *tvb, const tt_conv *c, gboolean final,
                        const tt_wording *w)
{
    tt_summary sum;
    proto_item *it;
    proto_tree *t;
    char heading[160];
    const char *name;

    tt_conv_summarize(c, final, tt_capture_end_us(), &sum);
    tt_fill(w->tree[TT_TREE_CONV], conv_value, &sum, heading, sizeof heading, 0);
    t = proto_tree_add_subtree(parent, tvb, 0, 0, ett_tcpteach_conv, &it, heading);
    proto_item_set_generated(it);
    name = tt_handshake_name[sum.handshake];
    add_text(t, hf_tcpteach_conv_handshake, tvb, w->tree[TT_TREE_HANDSHAKE], name, name);
    name = tt_close_name[sum.close];
    add_text(t, hf_tcpteach_conv_close, tvb, w->tree[TT_TREE_CLOSE], name, name);
    if (sum.has_closer) {
        name = tt_role_name[sum.closer];
        add_text(t, hf_tcpteach_conv_closer, tvb, w->tree[TT_TREE_CLOSER], name, name);
    }
    name = tt_zeek_conn_state(&c->zeek);
    add_text(t, hf_tcpteach_conv_state, tvb, w->tree[TT_TREE_ZEEK_STATE], name, name);
    name = tt_zeek_history(&c->zeek);
    add_text(t, hf_tcpteach_conv_history, tvb, w->tree[TT_TREE_ZEEK_HISTORY], name, name);
    it = proto_tree_add_uint_format(t, hf_tcpteach_conv_anomalies, tvb, 0, 0, sum.problems,
                                    "%s: %u", w->tree[TT_TREE_PROBLEMS], sum.problems);
    proto_item_set_generated(it);
}

void tt_render(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const tt_flow *flow,
               const tt_verdict *verdict, gboolean final)
{
    tt_lang lang = tt_current_lang();
    const tt_wording *w = &tt_wordings[lang];
    const tt_verdict v = *verdict;
    proto_item *top, *it;
    proto_tree *t;
    const char *name;

    top = proto_tree_add_item(tree, proto_tcpteach, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(top);
    t = proto_item_add_subtree(top, ett_tcpteach);
    proto_item_append_text(top, ": %s", v.label != TL_NONE ? tt_label_name[v.label] : "segment");

    if (v.label != TL_NONE) {
        name = tt_label_name[v.label];
        add_text(t, hf_tcpteach_label, tvb, w->tree[TT_TREE_STEP], name, name);
    }
    name = tt_role_name[v.from];
    add_text(t, hf_tcpteach_from, tvb, w->tree[TT_TREE_FROM], name, name);
    if (v.label != TL_NONE && proto_field_is_referenced(tree, hf_tcpteach_notation)) {
        char notation[64];
        tt_notation(&v, notation, sizeof notation);
        add_text(t, hf_tcpteach_notation, tvb, w->tree[TT_TREE_NOTATION], notation, notation);
    }
    if (v.ack_check != TT_ACK_UNCHECKED) {
        char clause[256];
        tt_check_clause(&v, lang, clause, sizeof clause);
        it = proto_tree_add_boolean_format(t, hf_tcpteach_ack_ok, tvb, 0, 0,
                                           v.ack_check == TT_ACK_OK, "%s: %s",
                                           w->tree[TT_TREE_ACK_CHECK], clause);
        proto_item_set_generated(it);
        it = proto_tree_add_uint_format(t, hf_tcpteach_ack_expected, tvb, 0, 0, v.ack_expected,
                                        "%s: %u", w->tree[TT_TREE_ACK_EXPECTED], v.ack_expected);
        proto_item_set_generated(it);
    }
    add_state(t, hf_tcpteach_client_state, tvb, w->tree[TT_TREE_CLIENT_STATE], v.client_before,
              v.client_after);
    add_state(t, hf_tcpteach_server_state, tvb, w->tree[TT_TREE_SERVER_STATE], v.server_before,
              v.server_after);
    for (int a = 0; a < TA_COUNT; a++) {
        if (!(v.anomalies & TT_BIT(a)))
            continue;
        name = tt_anomaly_info[a].name;
        it = add_text(t, hf_tcpteach_anomaly, tvb, w->tree[TT_TREE_ANOMALY], name, name);
        expert_add_info_format(pinfo, it, &ei_tcpteach[a], "%s", w->summary[a]);
    }
    if (proto_field_is_referenced(tree, hf_tcpteach_explain)) {
        char explain[1024];
        tt_explain(&v, lang, explain, sizeof explain);
        add_text(t, hf_tcpteach_explain, tvb, w->tree[TT_TREE_EXPLAIN], explain, explain);
    }
    render_conv(t, tvb, &flow->conv, final, w);
}

void tt_render_experts(packet_info *pinfo, const tt_verdict *v)
{
    const tt_wording *w = &tt_wordings[tt_current_lang()];

    for (int a = 0; a < TA_COUNT; a++)
        if (v->anomalies & TT_BIT(a))
            expert_add_info_format(pinfo, NULL, &ei_tcpteach[a], "%s", w->summary[a]);
}
