/* The frame decoder: finds the TCP header of a frame through its link layer, IP headers and
 * tunnels, with no Wireshark code. */
#include <string.h>

#include "bytes.h"
#include "tcpteach/capture.h"
#include "tcpteach/segment.h"

#define MAX_DEPTH 8 /* tunnels inside tunnels */

const char *const tt_decoded_name[TT_DEC_COUNT] = {
    [TT_DEC_TCP] = "tcp",
    [TT_DEC_TCP_QUOTED] = "tcp_quoted_in_icmp",
    [TT_DEC_LINK_UNSUPPORTED] = "link_type_unsupported",
    [TT_DEC_NOT_IP] = "not_ip",
    [TT_DEC_NOT_TCP] = "not_tcp",
    [TT_DEC_FRAGMENT] = "ip_fragment",
    [TT_DEC_TUNNEL_UNSUPPORTED] = "tunnel_unsupported",
    [TT_DEC_CUT] = "cut_before_tcp",
    [TT_DEC_MALFORMED] = "malformed",
};

static tt_decoded ip_layer(const uint8_t *p, size_t cap, size_t rep, int version, bool quoted,
                           int depth, tt_tcp_header *h);
static tt_decoded ethernet(const uint8_t *p, size_t cap, size_t rep, bool quoted, int depth,
                           tt_tcp_header *h);

/* The window scale option among a SYN's options in the header's bytes p[20..end), as the plugin
 * reads it; TT_WSCALE_NONE without it or when the options are malformed. */
static uint8_t wscale_option(const uint8_t *p, size_t end)
{
    size_t at = 20;

    while (at < end) {
        uint8_t kind = p[at], len;
        if (kind == 0)
            break;
        if (kind == 1) {
            at++;
            continue;
        }
        if (at + 1 >= end || (len = p[at + 1]) < 2 || at + len > end)
            break;
        if (kind == 3 && len == 3)
            return p[at + 2];
        at += len;
    }
    return TT_WSCALE_NONE;
}

/* A TCP header at p: cap bytes captured, rep on the wire. */
static tt_decoded tcp(const uint8_t *p, size_t cap, size_t rep, bool quoted, tt_tcp_header *h)
{
    if (cap < 16) /* Wireshark's TCP stops before numbering a stream */
        return TT_DEC_CUT;
    h->sport = be16(p);
    h->dport = be16(p + 2);
    h->seq = be32(p + 4);
    h->ack = be32(p + 8);
    h->hlen = (uint32_t)(p[12] >> 4) * 4;
    h->flags = p[13];
    h->win = be16(p + 14);
    h->captured = (uint32_t)cap;
    h->reported = (uint32_t)rep;
    h->wscale = TT_WSCALE_NONE;
    if ((h->flags & TT_SYN) && h->hlen >= 20 && cap >= h->hlen)
        h->wscale = wscale_option(p, h->hlen);
    return quoted ? TT_DEC_TCP_QUOTED : TT_DEC_TCP;
}

/* An ICMP or ICMPv6 message at p: an error quotes the start of the datagram it is about. */
static tt_decoded icmp(const uint8_t *p, size_t cap, size_t rep, bool v6, bool quoted, int depth,
                       tt_tcp_header *h)
{
    uint8_t type;

    if (quoted || cap < 8)
        return TT_DEC_NOT_TCP;
    type = p[0];
    if (v6 ? (type >= 1 && type <= 4)
           : (type == 3 || type == 4 || type == 5 || type == 11 || type == 12)) {
        tt_decoded d = ip_layer(p + 8, cap - 8, rep - 8, v6 ? 6 : 4, true, depth + 1, h);
        return d == TT_DEC_TCP_QUOTED ? d : TT_DEC_NOT_TCP;
    }
    return TT_DEC_NOT_TCP;
}

/* A GRE header (RFC 2784, 2890) at p and what it carries. */
static tt_decoded gre(const uint8_t *p, size_t cap, size_t rep, bool quoted, int depth,
                      tt_tcp_header *h)
{
    uint16_t flags, proto;
    size_t hl = 4;

    if (cap < 4)
        return TT_DEC_CUT;
    flags = be16(p);
    proto = be16(p + 2);
    if ((flags & 7) != 0 || (flags & 0x4000))
        return TT_DEC_TUNNEL_UNSUPPORTED; /* PPTP's enhanced GRE, source routing */
    hl += (flags & 0x8000) ? 4 : 0;
    hl += (flags & 0x2000) ? 4 : 0;
    hl += (flags & 0x1000) ? 4 : 0;
    if (cap < hl)
        return TT_DEC_CUT;
    if (proto == 0x0800)
        return ip_layer(p + hl, cap - hl, rep - hl, 4, quoted, depth + 1, h);
    if (proto == 0x86DD)
        return ip_layer(p + hl, cap - hl, rep - hl, 6, quoted, depth + 1, h);
    if (proto == 0x6558)
        return ethernet(p + hl, cap - hl, rep - hl, quoted, depth + 1, h);
    return TT_DEC_TUNNEL_UNSUPPORTED;
}

/* What IP protocol proto carries at p. */
static tt_decoded ip_payload(uint8_t proto, const uint8_t *p, size_t cap, size_t rep, bool v6,
                             bool quoted, int depth, tt_tcp_header *h)
{
    switch (proto) {
    case 6: return tcp(p, cap, rep, quoted, h);
    case 4: return ip_layer(p, cap, rep, 4, quoted, depth + 1, h);
    case 41: return ip_layer(p, cap, rep, 6, quoted, depth + 1, h);
    case 47: return gre(p, cap, rep, quoted, depth, h);
    case 1: return v6 ? TT_DEC_NOT_TCP : icmp(p, cap, rep, false, quoted, depth, h);
    case 58: return v6 ? icmp(p, cap, rep, true, quoted, depth, h) : TT_DEC_NOT_TCP;
    case 50: return TT_DEC_TUNNEL_UNSUPPORTED;
    default: return TT_DEC_NOT_TCP;
    }
}

/* An IPv4 header at p; the TCP header it carries gets its addresses unless an inner IP's do. */
static tt_decoded ipv4(const uint8_t *p, size_t cap, size_t rep, bool quoted, int depth,
                       tt_tcp_header *h)
{
    size_t ihl, tot;
    tt_decoded d;

    if (cap < 20)
        return TT_DEC_CUT;
    ihl = (size_t)(p[0] & 0x0f) * 4;
    tot = be16(p + 2);
    if ((p[0] >> 4) != 4 || ihl < 20)
        return TT_DEC_MALFORMED;
    if (tot == 0) /* TCP segmentation offload: the length is the frame's */
        tot = rep;
    if (tot < ihl)
        return TT_DEC_MALFORMED;
    if (cap < ihl)
        return TT_DEC_CUT;
    if (tot < rep)
        rep = tot;
    if (cap > rep)
        cap = rep;
    if ((be16(p + 6) & 0x3fff) != 0)
        return TT_DEC_FRAGMENT; /* more fragments, or an offset */
    d = ip_payload(p[9], p + ihl, cap - ihl, rep - ihl, false, quoted, depth, h);
    if ((d == TT_DEC_TCP || d == TT_DEC_TCP_QUOTED) && h->addr_len == 0) {
        h->addr_len = 4;
        memcpy(h->src, p + 12, 4);
        memcpy(h->dst, p + 16, 4);
    }
    return d;
}

/* An IPv6 header at p with its extension headers. */
static tt_decoded ipv6(const uint8_t *p, size_t cap, size_t rep, bool quoted, int depth,
                       tt_tcp_header *h)
{
    size_t tot, at = 40;
    uint8_t nh;
    tt_decoded d;

    if (cap < 40)
        return TT_DEC_CUT;
    if ((p[0] >> 4) != 6)
        return TT_DEC_MALFORMED;
    tot = 40 + (size_t)be16(p + 4);
    if (tot == 40 && p[6] == 0) /* a jumbogram: the length is the frame's */
        tot = rep;
    if (tot < rep)
        rep = tot;
    if (cap > rep)
        cap = rep;
    nh = p[6];
    for (;;) {
        if (nh == 0 || nh == 43 || nh == 60 || nh == 51) {
            size_t len;
            if (cap < at + 2)
                return TT_DEC_CUT;
            len = nh == 51 ? ((size_t)p[at + 1] + 2) * 4 : ((size_t)p[at + 1] + 1) * 8;
            nh = p[at];
            at += len;
        } else if (nh == 44) {
            if (cap < at + 8)
                return TT_DEC_CUT;
            if ((be16(p + at + 2) & 0xfff9) != 0)
                return TT_DEC_FRAGMENT;
            nh = p[at];
            at += 8;
        } else
            break;
        if (at > rep)
            return TT_DEC_MALFORMED;
    }
    if (at > cap)
        return TT_DEC_CUT;
    d = ip_payload(nh, p + at, cap - at, rep - at, true, quoted, depth, h);
    if ((d == TT_DEC_TCP || d == TT_DEC_TCP_QUOTED) && h->addr_len == 0) {
        h->addr_len = 16;
        memcpy(h->src, p + 8, 16);
        memcpy(h->dst, p + 24, 16);
    }
    return d;
}

/* An IP header of the given version (0: read it from the first nibble) at p. */
static tt_decoded ip_layer(const uint8_t *p, size_t cap, size_t rep, int version, bool quoted,
                           int depth, tt_tcp_header *h)
{
    if (depth > MAX_DEPTH)
        return TT_DEC_TUNNEL_UNSUPPORTED;
    if (cap < 1)
        return TT_DEC_CUT;
    if (version == 0)
        version = p[0] >> 4;
    if (version == 4)
        return ipv4(p, cap, rep, quoted, depth, h);
    if (version == 6)
        return ipv6(p, cap, rep, quoted, depth, h);
    return TT_DEC_NOT_IP;
}

/* An ethertype's payload at p. */
static tt_decoded ethertype(uint16_t type, const uint8_t *p, size_t cap, size_t rep, bool quoted,
                            int depth, tt_tcp_header *h)
{
    if (type == 0x0800)
        return ip_layer(p, cap, rep, 4, quoted, depth, h);
    if (type == 0x86DD)
        return ip_layer(p, cap, rep, 6, quoted, depth, h);
    return TT_DEC_NOT_IP;
}

/* An Ethernet II header at p, with 802.1Q / 802.1ad tags (QinQ) before the ethertype. */
static tt_decoded ethernet(const uint8_t *p, size_t cap, size_t rep, bool quoted, int depth,
                           tt_tcp_header *h)
{
    size_t at = 12;
    uint16_t type;

    for (;;) {
        if (cap < at + 2)
            return TT_DEC_CUT;
        type = be16(p + at);
        if (type != 0x8100 && type != 0x88a8 && type != 0x9100)
            break;
        at += 4;
    }
    at += 2;
    return ethertype(type, p + at, cap - at, rep - at, quoted, depth, h);
}

/* A BSD loopback header's address family (host or network order) at p. */
static tt_decoded null_header(const uint8_t *p, size_t cap, size_t rep, bool network,
                              tt_tcp_header *h)
{
    uint32_t af;

    if (cap < 4)
        return TT_DEC_CUT;
    af = network ? be32(p) : le32(p);
    if ((af & 0xffff0000u) && !(af & 0xffffu)) /* written in the other byte order */
        af = (af >> 24) | ((af >> 8) & 0xff00u);
    if (af == 2)
        return ip_layer(p + 4, cap - 4, rep - 4, 4, false, 0, h);
    if (af == 24 || af == 28 || af == 30)
        return ip_layer(p + 4, cap - 4, rep - 4, 6, false, 0, h);
    return TT_DEC_NOT_IP;
}

tt_decoded tt_decode_frame(const tt_cap_frame *f, tt_tcp_header *h)
{
    const uint8_t *p = f->data;
    size_t cap = f->caplen, rep = f->origlen;

    memset(h, 0, sizeof *h);
    switch (f->linktype) {
    case TT_LINK_ETHERNET: return ethernet(p, cap, rep, false, 0, h);
    case TT_LINK_SLL:
        if (cap < 16)
            return TT_DEC_CUT;
        return ethertype(be16(p + 14), p + 16, cap - 16, rep - 16, false, 0, h);
    case TT_LINK_SLL2:
        if (cap < 20)
            return TT_DEC_CUT;
        return ethertype(be16(p), p + 20, cap - 20, rep - 20, false, 0, h);
    case TT_LINK_RAW: return ip_layer(p, cap, rep, 0, false, 0, h);
    case TT_LINK_RAW4: return ip_layer(p, cap, rep, 4, false, 0, h);
    case TT_LINK_RAW6: return ip_layer(p, cap, rep, 6, false, 0, h);
    case TT_LINK_NULL:
    case TT_LINK_LOOP: return null_header(p, cap, rep, f->linktype == TT_LINK_LOOP, h);
    default: return TT_DEC_LINK_UNSUPPORTED;
    }
}
