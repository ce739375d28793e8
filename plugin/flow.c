/* The "TCP Teaching" flow graph (Statistics > Flow Graph; tshark -z flow,tcpteach,standard). */
#include <stddef.h>

#include <epan/tap.h>

#include "tcpteach-plugin.h"

/*
 * Debian's wireshark-dev 4.0 does not install epan/sequence_analysis.h, although libwireshark
 * exports its functions. These are the parts of its 4.0 ABI this file uses, checked against
 * the 4.0.17 library: offsets read off the machine code of
 * sequence_analysis_create_sai_with_addresses, sequence_analysis_use_color_filter and
 * sequence_analysis_get_nodes. Items are always allocated by the library (sizeof is 0x90 there), so
 * only this prefix must match.
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
    gboolean has_color_filter;
    gboolean display;
    guint src_node, dst_node;
    guint16 line_style;
} tt_seq_item;

typedef struct tt_seq_info {
    const char *name;
    gboolean any_addr;
    int nconv;
    GQueue *items; /* of tt_seq_item */
} tt_seq_info;

_Static_assert(offsetof(tt_seq_item, frame_label) == 0x48, "Wireshark 4.0 seq_analysis_item_t");
_Static_assert(offsetof(tt_seq_item, comment) == 0x58, "Wireshark 4.0 seq_analysis_item_t");
_Static_assert(offsetof(tt_seq_item, fg_color) == 0x64, "Wireshark 4.0 seq_analysis_item_t");
_Static_assert(offsetof(tt_seq_item, display) == 0x70, "Wireshark 4.0 seq_analysis_item_t");
_Static_assert(offsetof(tt_seq_item, line_style) == 0x7c, "Wireshark 4.0 seq_analysis_item_t");
_Static_assert(offsetof(tt_seq_info, items) == 0x10, "Wireshark 4.0 seq_analysis_info_t");

WS_DLL_PUBLIC void register_seq_analysis(const char *name, const char *ui_name, const int proto_id,
                                         const char *tap_listener, guint tap_flags,
                                         tap_packet_cb tap_func);
WS_DLL_PUBLIC tt_seq_item *sequence_analysis_create_sai_with_addresses(packet_info *pinfo,
                                                                       tt_seq_info *sainfo);
WS_DLL_PUBLIC void sequence_analysis_use_color_filter(packet_info *pinfo, tt_seq_item *sai);

/* The text above an arrow: the step's notation, as on the board, or what a segment that is no step
 * carries. */
static gchar *arrow_label(const tt_verdict *v)
{
    if (v->label != TL_NONE) {
        char notation[64];
        tt_notation(v, notation, sizeof notation);
        return g_strdup(notation);
    }
    if (v->flags & TT_RST)
        return g_strdup((v->flags & TT_ACK) ? "RST+ACK" : "RST");
    if (v->len > 0)
        return g_strdup_printf("data, %u bytes", v->len);
    return g_strdup((v->flags & TT_ACK) ? "ACK" : "segment");
}

/* The comment right of the graph: the step, both states after the segment, the ack check and the
 * anomalies. */
static gchar *state_comment(const tt_verdict *v)
{
    GString *s = g_string_new(NULL);

    if (v->label != TL_NONE)
        g_string_append_printf(s, "%s | ", tt_label_name[v->label]);
    g_string_append_printf(s, "client %s | server %s", tt_state_name[v->client_after],
                           tt_state_name[v->server_after]);
    if (v->ack_check != TT_ACK_UNCHECKED)
        g_string_append(s, v->ack_check == TT_ACK_OK ? " | ack \u2713" : " | ack \u2717");
    for (int a = 0; a < TA_COUNT; a++)
        if (v->anomalies & TT_BIT(a))
            g_string_append_printf(s, " | %s", tt_anomaly_info[a].name);
    return g_string_free(s, FALSE);
}

/* Adds one arrow per analysed segment; verdicts are final when the frame was dissected again. */
static tap_packet_status flow_packet(void *ptr, packet_info *pinfo, epan_dissect_t *edt _U_,
                                     const void *data, tap_flags_t flags _U_)
{
    const tt_tap_data *td = (const tt_tap_data *)data;
    tt_seq_info *sainfo = (tt_seq_info *)ptr;
    tt_seq_item *sai = sequence_analysis_create_sai_with_addresses(pinfo, sainfo);
    tt_verdict v = td->verdict;

    if (!sai)
        return TAP_PACKET_DONT_REDRAW;
    if (td->final)
        tt_verdict_complete(&td->flow->conv, &v);
    sai->frame_number = pinfo->num;
    sai->port_src = pinfo->srcport;
    sai->port_dst = pinfo->destport;
    sai->frame_label = arrow_label(&v);
    sai->comment = state_comment(&v);
    sai->conv_num = (guint16)td->flow->stream;
    sai->line_style = v.label != TL_NONE ? 2 : 1;
    sai->display = TRUE;
    sequence_analysis_use_color_filter(pinfo, sai);
    g_queue_push_tail(sainfo->items, sai);
    return TAP_PACKET_REDRAW;
}

void tt_register_flow(void)
{
    register_seq_analysis("tcpteach", "TCP Teaching", proto_tcpteach, "tcpteach",
                          TL_REQUIRES_NOTHING, flow_packet);
}
