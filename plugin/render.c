/* Rendering: turns a stored verdict into the TCP Teaching subtree, its fields and expert infos. */
#include "tcpteach-plugin.h"

/* Adds a generated string field; returns the item (NULL on a NULL tree). */
static proto_item *add_text(proto_tree *t, int hf, tvbuff_t *tvb, const char *text)
{
    proto_item *it = proto_tree_add_string(t, hf, tvb, 0, 0, text);
    proto_item_set_generated(it);
    return it;
}

/* Adds the Conversation subtree: the summary of the whole conversation as known now. */
static void render_conv(proto_tree *parent, tvbuff_t *tvb, const tt_conv *c, gboolean final)
{
    tt_summary sum;
    proto_item *it;
    proto_tree *t;

    tt_conv_summarize(c, final, &sum);
    t = proto_tree_add_subtree_format(parent, tvb, 0, 0, ett_tcpteach_conv, &it,
                                      "Conversation: handshake %s, close %s",
                                      tt_handshake_name[sum.handshake], tt_close_name[sum.close]);
    proto_item_set_generated(it);
    add_text(t, hf_tcpteach_conv_handshake, tvb, tt_handshake_name[sum.handshake]);
    add_text(t, hf_tcpteach_conv_close, tvb, tt_close_name[sum.close]);
    if (sum.has_closer)
        add_text(t, hf_tcpteach_conv_closer, tvb, tt_role_name[sum.closer]);
    add_text(t, hf_tcpteach_conv_state, tvb, tt_zeek_conn_state(&c->zeek));
    add_text(t, hf_tcpteach_conv_history, tvb, tt_zeek_history(&c->zeek));
    it = proto_tree_add_uint(t, hf_tcpteach_conv_anomalies, tvb, 0, 0, sum.problems);
    proto_item_set_generated(it);
}

void tt_render(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const tt_frame *f,
               gboolean final)
{
    tt_verdict v = f->verdict;
    proto_item *top, *it;
    proto_tree *t;

    if (final)
        tt_verdict_complete(&f->flow->conv, &v);

    top = proto_tree_add_item(tree, proto_tcpteach, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(top);
    t = proto_item_add_subtree(top, ett_tcpteach);
    proto_item_append_text(top, ": %s", v.label != TL_NONE ? tt_label_name[v.label] : "segment");

    if (v.label != TL_NONE)
        add_text(t, hf_tcpteach_label, tvb, tt_label_name[v.label]);
    add_text(t, hf_tcpteach_from, tvb, tt_role_name[v.from]);
    if (v.ack_check != TT_ACK_UNCHECKED) {
        it = proto_tree_add_boolean(t, hf_tcpteach_ack_ok, tvb, 0, 0, v.ack_check == TT_ACK_OK);
        proto_item_set_generated(it);
        it = proto_tree_add_uint(t, hf_tcpteach_ack_expected, tvb, 0, 0, v.ack_expected);
        proto_item_set_generated(it);
    }
    if (v.label != TL_NONE && proto_field_is_referenced(tree, hf_tcpteach_notation)) {
        char notation[64];
        tt_notation(&v, notation, sizeof notation);
        add_text(t, hf_tcpteach_notation, tvb, notation);
    }
    add_text(t, hf_tcpteach_client_state, tvb, tt_state_name[v.client_after]);
    add_text(t, hf_tcpteach_server_state, tvb, tt_state_name[v.server_after]);
    for (int a = 0; a < TA_COUNT; a++) {
        if (!(v.anomalies & TT_BIT(a)))
            continue;
        it = add_text(t, hf_tcpteach_anomaly, tvb, tt_anomaly_info[a].name);
        expert_add_info(pinfo, it, &ei_tcpteach[a]);
    }
    if (proto_field_is_referenced(tree, hf_tcpteach_explain)) {
        char explain[1024];
        tt_explain(&v, tt_current_lang(), explain, sizeof explain);
        add_text(t, hf_tcpteach_explain, tvb, explain);
    }
    render_conv(t, tvb, &f->flow->conv, final);
}
