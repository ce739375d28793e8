/* Field extraction: reads the few TCP fields the core needs back from the protocol tree. */
#include "tcpteach-plugin.h"

/* The TCP fields read, in the order of tt_field. */
typedef enum tt_field {
    F_SRCPORT,
    F_DSTPORT,
    F_STREAM,
    F_SEQ,
    F_ACK,
    F_FLAGS,
    F_LEN,
    F_COUNT
} tt_field;

static const char *const field_name[F_COUNT] = {
    [F_SRCPORT] = "tcp.srcport", [F_DSTPORT] = "tcp.dstport", [F_STREAM] = "tcp.stream",
    [F_SEQ] = "tcp.seq_raw",     [F_ACK] = "tcp.ack_raw",     [F_FLAGS] = "tcp.flags",
    [F_LEN] = "tcp.len",
};

static int field_id[F_COUNT];
static int proto_icmp = -1, proto_icmpv6 = -1;

GArray *tt_extract_wanted_fields(void)
{
    GArray *wanted = g_array_new(FALSE, FALSE, (guint)sizeof(int));

    proto_icmp = proto_get_id_by_filter_name("icmp");
    proto_icmpv6 = proto_get_id_by_filter_name("icmpv6");

    for (int f = 0; f < F_COUNT; f++) {
        field_id[f] = proto_registrar_get_id_byname(field_name[f]);
        if (field_id[f] > 0)
            g_array_append_val(wanted, field_id[f]);
    }
    return wanted;
}

/* The value of field f in TCP layer `layer` of the frame (the last such occurrence). */
static gboolean get(proto_tree *tree, tt_field f, int layer, guint32 *out)
{
    GPtrArray *found = field_id[f] > 0 ? proto_get_finfo_ptr_array(tree, field_id[f]) : NULL;

    for (guint i = found ? found->len : 0; i > 0; i--) {
        field_info *fi = (field_info *)g_ptr_array_index(found, i - 1);
        if (layer == 0 || fi->proto_layer_num == layer) {
            *out = fvalue_get_uinteger(&fi->value);
            return TRUE;
        }
    }
    return FALSE;
}

/* True when the frame carries an ICMP error: any TCP header in it is a quoted copy. One walk over
 * the frame's layers comparing ids (proto_is_frame_protocol compares names, once per protocol). */
static gboolean in_icmp_error(packet_info *pinfo)
{
    for (wmem_list_frame_t *l = wmem_list_head(pinfo->layers); l; l = wmem_list_frame_next(l)) {
        int id = GPOINTER_TO_INT(wmem_list_frame_data(l));
        if (id == proto_icmp || id == proto_icmpv6)
            return TRUE;
    }
    return FALSE;
}

gboolean tt_extract(packet_info *pinfo, proto_tree *tree, tt_packet *out)
{
    GPtrArray *ports;
    field_info *last;
    guint32 sport, dport, flags, ack = 0;
    int layer;

    if (!tree || field_id[F_SRCPORT] <= 0 || in_icmp_error(pinfo))
        return FALSE;
    ports = proto_get_finfo_ptr_array(tree, field_id[F_SRCPORT]);
    if (!ports || ports->len == 0)
        return FALSE;
    last = (field_info *)g_ptr_array_index(ports, ports->len - 1);
    layer = last->proto_layer_num; /* the innermost TCP header (tunnels) */
    sport = fvalue_get_uinteger(&last->value);
    if (!get(tree, F_DSTPORT, layer, &dport) || !get(tree, F_STREAM, layer, &out->stream) ||
        !get(tree, F_SEQ, layer, &out->seq) || !get(tree, F_FLAGS, layer, &flags) ||
        !get(tree, F_LEN, layer, &out->len))
        return FALSE;
    if ((flags & TT_ACK) && !get(tree, F_ACK, layer, &ack))
        return FALSE;
    out->sport = (uint16_t)sport;
    out->dport = (uint16_t)dport;
    out->flags = (uint8_t)(flags & 0xff);
    out->ack = ack;
    return TRUE;
}
