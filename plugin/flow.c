/* The "TCP Teaching" flow graph (Statistics > Flow Graph; tshark -z flow,tcpteach,standard). */
#include <epan/tap.h>

#include "tcpteach-plugin.h"

/*
 * Debian's wireshark-dev does not install epan/sequence_analysis.h (4.0 to 4.6), although
 * libwireshark exports its functions. These are the parts of its seq_analysis_item_t and
 * seq_analysis_info_t this file uses, in their declared order; 4.4 made the two booleans C99 bool
 * (tt_ws_seq_bool). Items are always allocated by the library, so only this prefix must match, and
 * layout_verified() checks it against the running library before the flow graph is registered.
 */
typedef struct tt_seq_item {
    guint32 frame_number;
    address src_addr;
    guint16 port_src;
    address dst_addr;
    guint16 port_dst;
    gchar *frame_label; /* above the arrow */
    /* cppcheck-suppress unusedStructMember ; ABI layout, filled by the library */
    gchar *time_str;
    gchar *comment; /* right of the graph */
    guint16 conv_num;
    /* cppcheck-suppress unusedStructMember ; ABI layout, filled by the library */
    unsigned fg_color, bg_color;
    /* cppcheck-suppress unusedStructMember ; ABI layout, filled by the library */
    tt_ws_seq_bool has_color_filter;
    tt_ws_seq_bool display;
    guint src_node, dst_node;
    guint16 line_style;
} tt_seq_item;

typedef struct tt_seq_info {
    /* cppcheck-suppress unusedStructMember ; ABI layout, filled by the library */
    const char *name;
    /* cppcheck-suppress unusedStructMember ; ABI layout, filled by the library */
    tt_ws_seq_bool any_addr;
    /* cppcheck-suppress unusedStructMember ; ABI layout, filled by the library */
    int nconv;
    GQueue *items; /* of tt_seq_item */
} tt_seq_info;

WS_DLL_PUBLIC void register_seq_analysis(const char *name, const char *ui_name, const int proto_id,
                                         const char *tap_listener, guint tap_flags,
                                         tap_packet_cb tap_func);
WS_DLL_PUBLIC tt_seq_item *sequence_analysis_create_sai_with_addresses(packet_info *pinfo,
                                                                       tt_seq_info *sainfo);
WS_DLL_PUBLIC void sequence_analysis_use_color_filter(packet_info *pinfo, tt_seq_item *sai);
WS_DLL_PUBLIC tt_seq_info *sequence_analysis_info_new(void);
WS_DLL_PUBLIC void sequence_analysis_info_free(tt_seq_info *sainfo);
WS_DLL_PUBLIC int sequence_analysis_get_nodes(tt_seq_info *sainfo);

/* Room for one probe item: more than any version's seq_analysis_item_t (0x90 bytes in 4.0). */
#define PROBE_ITEM_SIZE 512

/* Whether the running library agrees with tt_seq_item and tt_seq_info: a new info must hold an
 * empty queue where `items` is declared, and sequence_analysis_get_nodes must count exactly the
 * probe items marked `display` and number their two addresses where src_node and dst_node are
 * declared. The probe items are the plugin's own zeroed buffers, large enough for any layout, so a
 * wrong layout makes the check fail without touching memory the plugin does not own. */
static gboolean layout_verified(void)
{
    static const guint8 ip_a[4] = {198, 51, 100, 1}, ip_b[4] = {198, 51, 100, 2};
    tt_seq_info *info = sequence_analysis_info_new();
    tt_seq_item *shown = (tt_seq_item *)g_malloc0(PROBE_ITEM_SIZE);
    tt_seq_item *hidden = (tt_seq_item *)g_malloc0(PROBE_ITEM_SIZE);
    gboolean ok = info && info->items && g_queue_is_empty(info->items) &&
                  info->items->head == NULL && info->items->tail == NULL;

    if (ok) {
        set_address(&shown->src_addr, AT_IPv4, 4, ip_a);
        set_address(&shown->dst_addr, AT_IPv4, 4, ip_b);
        shown->display = TRUE;
        shown->src_node = shown->dst_node = 77;
        hidden->src_node = hidden->dst_node = 77;
        g_queue_push_tail(info->items, shown);
        g_queue_push_tail(info->items, hidden);
        ok = sequence_analysis_get_nodes(info) == 1 && shown->src_node == 0 &&
             shown->dst_node == 1 && hidden->src_node == 77 && hidden->dst_node == 77;
        g_queue_clear(info->items); /* the probe items are ours: the library must not free them */
    }
    if (info)
        sequence_analysis_info_free(info);
    g_free(shown);
    g_free(hidden);
    return ok;
}

/* The text above an arrow, in language w: the step's notation, as on the board, or what a segment
 * that is no step carries. */
static gchar *arrow_label(const tt_verdict *v, const tt_wording *w)
{
    if (v->label != TL_NONE) {
        char notation[64];
        tt_notation(v, notation, sizeof notation);
        return g_strdup(notation);
    }
    if (v->flags & TT_RST)
        return g_strdup((v->flags & TT_ACK) ? "RST+ACK" : "RST");
    if (v->len > 0) {
        char text[64], len[16];
        const char *at = strstr(w->msg[TM_FLOW_DATA], "{len}");
        snprintf(len, sizeof len, "%u", v->len);
        snprintf(text, sizeof text, "%.*s%s%s", at ? (int)(at - w->msg[TM_FLOW_DATA]) : 0,
                 w->msg[TM_FLOW_DATA], len, at ? at + 5 : "");
        return g_strdup(text);
    }
    return g_strdup((v->flags & TT_ACK) ? "ACK" : w->msg[TM_FLOW_SEGMENT]);
}

/* The comment right of the graph, in language w: the step, both states after the segment, the ack
 * check and the anomalies (steps and anomalies as w names them, states by their RFC names). */
static gchar *state_comment(const tt_verdict *v, const tt_wording *w)
{
    GString *s = g_string_new(NULL);

    if (v->label != TL_NONE)
        g_string_append_printf(s, "%s | ", w->label[v->label]);
    g_string_append_printf(s, "%s %s | %s %s", w->role[TR_CLIENT], tt_state_name[v->client_after],
                           w->role[TR_SERVER], tt_state_name[v->server_after]);
    if (v->ack_check != TT_ACK_UNCHECKED)
        g_string_append(s, v->ack_check == TT_ACK_OK ? " | ack \u2713" : " | ack \u2717");
    for (int a = 0; a < TA_COUNT; a++)
        if (v->anomalies & TT_BIT(a))
            g_string_append_printf(s, " | %s", w->problem[a]);
    return g_string_free(s, FALSE);
}

/* Adds one arrow per analysed segment; verdicts are final when the frame was dissected again. */
static tap_packet_status flow_packet(void *ptr, packet_info *pinfo, epan_dissect_t *edt _U_,
                                     const void *data, tap_flags_t flags _U_)
{
    const tt_tap_data *td = (const tt_tap_data *)data;
    tt_seq_info *sainfo = (tt_seq_info *)ptr;
    tt_seq_item *sai = sequence_analysis_create_sai_with_addresses(pinfo, sainfo);
    const tt_verdict v = td->verdict; /* completed by the dissector on a final pass */
    const tt_wording *w = &tt_wordings[td->view->lang];

    if (!sai)
        return TAP_PACKET_DONT_REDRAW;
    sai->frame_number = pinfo->num;
    sai->port_src = pinfo->srcport;
    sai->port_dst = pinfo->destport;
    sai->frame_label = arrow_label(&v, w);
    sai->comment = state_comment(&v, w);
    sai->conv_num = (guint16)td->flow->stream;
    sai->line_style = v.label != TL_NONE ? 2 : 1;
    sai->display = TRUE;
    sequence_analysis_use_color_filter(pinfo, sai);
    g_queue_push_tail(sainfo->items, sai);
    return TAP_PACKET_REDRAW;
}

void tt_register_flow(int proto)
{
    if (!layout_verified()) {
        ws_warning("tcpteach: the \"TCP Teaching\" flow graph is off: this Wireshark's "
                   "seq_analysis_item_t is not the layout tcpteach was built for "
                   "(plugin/flow.c)");
        return;
    }
    register_seq_analysis("tcpteach", "TCP Teaching", proto, "tcpteach", TL_REQUIRES_NOTHING,
                          flow_packet);
}
