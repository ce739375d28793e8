/* Segment extraction: a thin handle in front of the TCP dissector reads the header values the core
 * needs from TCP's own buffer, so analysing a capture needs no protocol tree. */
#include <epan/conversation.h>
#include <epan/exceptions.h>
#include <epan/ipproto.h>
#include <epan/dissectors/packet-tcp.h>

#include "tcpteach-plugin.h"

#define TCP_MIN_HEADER 20 /* RFC 9293 §3.1: data offset of at least five 32-bit words */
#define TCP_WINDOW_END 16 /* the window field ends here */
enum { OPT_END = 0, OPT_NOP = 1, OPT_WSCALE = 3, OPT_WSCALE_LEN = 3 }; /* RFC 9293, RFC 7323 */

static dissector_handle_t tcp_handle;
static int proto_tcp = -1;
static protocol_t *tcpteach_protocol; /* looked up once: its enabled flag is read per packet */

/* The segment noted in the frame now being dissected, until the postdissector takes it. A frame
 * has at most one: the innermost TCP header (it is the first to finish). */
static struct {
    gboolean valid;
    guint32 frame;
    tt_packet p;
} pending;

/* The shift of the window scale option among the options of a SYN with header length hlen, or
 * TT_WSCALE_NONE; options cut by the snapshot length or malformed end the search. */
static guint8 wscale_option(tvbuff_t *tvb, guint hlen)
{
    guint at = TCP_MIN_HEADER, end = MIN(hlen, tvb_captured_length(tvb));
    const guint8 *h = end > at ? tvb_get_ptr(tvb, 0, (gint)end) : NULL;

    while (at < end) {
        guint8 kind = h[at], len;
        if (kind == OPT_END)
            break;
        if (kind == OPT_NOP) {
            at++;
            continue;
        }
        if (at + 1 >= end || (len = h[at + 1]) < 2 || at + len > end)
            break;
        if (kind == OPT_WSCALE && len == OPT_WSCALE_LEN)
            return h[at + 2];
        at += len;
    }
    return TT_WSCALE_NONE;
}

/* TCP's analysis of the conversation of the given addresses and ports as of frame, or NULL. */
static const struct tcp_analysis *tcp_analysis_at(const packet_info *pinfo, guint32 frame,
                                                  const address *src, const address *dst,
                                                  guint16 sport, guint16 dport)
{
    conversation_t *conv = tt_ws_tcp_conversation(pinfo, frame, src, dst, sport, dport);
    return conv ? tt_ws_tcp_analysis(conv, proto_tcp) : NULL;
}

/* Notes the segment TCP has just dissected (completely or up to an exception), if TCP got as far
 * as giving it a stream number and a segment length, which is when tcp.stream and tcp.len exist.
 * The stream is found on the first pass only (later passes find the frame's own record); numbered
 * says TCP numbered a new stream while dissecting the frame. */
static void note_segment(tvbuff_t *tvb, packet_info *pinfo, const address *src, const address *dst,
                         gboolean numbered)
{
    const struct tcp_analysis *tcpd;
    tt_packet *p = &pending.p;
    guint captured = tvb_captured_length(tvb), reported = tvb_reported_length(tvb), hlen;
    const guint8 *h; /* the header's first bytes, up to the window's end when it was captured */

    if ((pending.valid && pending.frame == pinfo->num) || captured < TT_WS_TCP_BYTES_BEFORE_STREAM)
        return;
    h = tvb_get_ptr(tvb, 0, MIN(captured, TCP_WINDOW_END));
    hlen = (guint)(h[12] >> 4) * 4;
    if (hlen < TCP_MIN_HEADER || reported < hlen)
        return;
    p->sport = tt_ws_pntoh16(h);
    p->dport = tt_ws_pntoh16(h + 2);
    p->src = *src;
    p->dst = *dst;
    /* On the first pass the conversation of a pair changes only when TCP numbers a new stream, so
     * the pair's latest stream is the segment's unless TCP just numbered one: then ask TCP. */
    if (!PINFO_FD_VISITED(pinfo) &&
        (numbered || !tt_ws_tcp_conversations_by_tuple() || !tt_latest_stream(p, &p->stream))) {
        tcpd = tcp_analysis_at(pinfo, pinfo->num, src, dst, p->sport, p->dport);
        if (!tcpd)
            return;
        p->stream = tcpd->stream;
    }
    p->seq = tt_ws_pntoh32(h + 4);
    p->flags = h[13];
    p->ack = (p->flags & TT_ACK) ? tt_ws_pntoh32(h + 8) : 0;
    p->len = reported - hlen;
    p->win_known = captured >= ((p->flags & TT_SYN) ? hlen : TCP_WINDOW_END);
    p->win = p->win_known ? tt_ws_pntoh16(h + 14) : 0;
    p->wscale = (p->win_known && (p->flags & TT_SYN)) ? wscale_option(tvb, hlen) : TT_WSCALE_NONE;
    pending.frame = pinfo->num;
    pending.valid = TRUE;
}

/* Stands in for TCP in the ip.proto table: calls TCP exactly as IP would have (same buffer, data
 * and return value; exceptions pass through) and notes the segment. */
static int dissect_tcp_front(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    volatile int ret = 0;
    address src, dst;
    guint32 streams;

    /* A TCP header quoted in an ICMP error, or a fragment TCP cannot measure, is not a segment. */
    if (pinfo->flags.in_error_pkt || pinfo->fragmented ||
        !proto_is_protocol_enabled(tcpteach_protocol))
        return call_dissector_only(tcp_handle, tvb, pinfo, tree, data);
    copy_address_shallow(&src, &pinfo->src);
    copy_address_shallow(&dst, &pinfo->dst);
    streams = get_tcp_stream_count();
    TRY
    {
        ret = call_dissector_only(tcp_handle, tvb, pinfo, tree, data);
    }
    CATCH_ALL
    {
        note_segment(tvb, pinfo, &src, &dst, get_tcp_stream_count() != streams);
        RETHROW;
    }
    ENDTRY;
    if (ret > 0)
        note_segment(tvb, pinfo, &src, &dst, get_tcp_stream_count() != streams);
    return ret;
}

void tt_extract_register(int proto)
{
    tcp_handle = find_dissector("tcp");
    proto_tcp = proto_get_id_by_filter_name("tcp");
    tcpteach_protocol = find_protocol_by_id(proto);
    if (!tcp_handle || proto_tcp < 0)
        return;
    dissector_add_uint("ip.proto", IP_PROTO_TCP,
                       create_dissector_handle_with_name_and_description(
                           dissect_tcp_front, -1, "tcpteach_tcp", "TCP (read by TCP Teaching)"));
}

gboolean tt_previous_stream(const packet_info *pinfo, const tt_packet *p, guint32 *stream)
{
    const struct tcp_analysis *tcpd;

    if (pinfo->num < 2)
        return FALSE;
    tcpd = tcp_analysis_at(pinfo, pinfo->num - 1, &p->src, &p->dst, p->sport, p->dport);
    if (!tcpd || tcpd->stream == p->stream)
        return FALSE;
    *stream = tcpd->stream;
    return TRUE;
}

void tt_extract_reset(void)
{
    pending.valid = FALSE;
}

gboolean tt_extract(const packet_info *pinfo, tt_packet *out)
{
    if (!pending.valid || pending.frame != pinfo->num)
        return FALSE;
    *out = pending.p;
    pending.valid = FALSE;
    return TRUE;
}
