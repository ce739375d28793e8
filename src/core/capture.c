/* The capture reader: pcap and pcapng records from pushed chunks, and the decoder finding the TCP
 * header of a frame through its link layer, IP headers and tunnels, with no Wireshark code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcpteach/capture.h"
#include "tcpteach/segment.h"

#define PCAP_HEADER 24
#define PCAP_RECORD 16
#define MAX_RECORD  (64u << 20) /* a record or block bigger than this is taken as corrupt */
#define PCAPNG_SHB  0x0A0D0D0Au
#define PCAPNG_BOM  0x1A2B3C4Du
#define MAX_DEPTH   8 /* tunnels inside tunnels */

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

/* Big-endian 16 and 32 bits at p; le32: little-endian. */
static uint16_t be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* A 32-bit number of the file in the reader's byte order. */
static uint32_t rd32(const tt_cap_reader *r, const uint8_t *p)
{
    return r->swapped ? be32(p) : le32(p);
}

/* A 16-bit number of the file in the reader's byte order. */
static uint16_t rd16(const tt_cap_reader *r, const uint8_t *p)
{
    return r->swapped ? be16(p) : (uint16_t)(p[1] << 8 | p[0]);
}

void tt_cap_init(tt_cap_reader *r)
{
    memset(r, 0, sizeof *r);
}

void tt_cap_free(tt_cap_reader *r)
{
    free(r->buf);
    r->buf = NULL;
    r->len = r->size = 0;
}

/* Sets the reader's error message and returns status s. */
static tt_cap_status fail(tt_cap_reader *r, tt_cap_status s, const char *what)
{
    snprintf(r->error, sizeof r->error, "%s (at byte %llu, after %u frames)", what,
             (unsigned long long)r->consumed, r->frames);
    r->format = -(int)s;
    return s;
}

/* Delivers one frame; false when the callback stops the reading. */
static bool deliver(tt_cap_reader *r, tt_cap_frame_cb cb, void *ctx, uint64_t time_us,
                    uint32_t caplen, uint32_t origlen, uint32_t linktype, const uint8_t *data)
{
    tt_cap_frame f = {++r->frames, time_us, caplen, origlen < caplen ? caplen : origlen,
                      linktype,    data};
    return cb(ctx, &f);
}

/* Reads pcap's file header from p (24 bytes); false if it is no pcap header. */
static bool pcap_header(tt_cap_reader *r, const uint8_t *p)
{
    uint32_t magic = le32(p);

    if (magic == 0xa1b2c3d4u || magic == 0xa1b23c4du)
        r->swapped = false;
    else if (magic == 0xd4c3b2a1u || magic == 0x4d3cb2a1u)
        r->swapped = true;
    else
        return false;
    r->nano = magic == 0xa1b23c4du || magic == 0x4d3cb2a1u;
    r->pcap_snaplen = rd32(r, p + 16);
    r->pcap_linktype = rd32(r, p + 20) & 0xffffu;
    return true;
}

/* The microseconds since the epoch of a pcapng timestamp of interface i (0 before 1970). */
static uint64_t ng_time(const tt_cap_reader *r, uint32_t i, uint64_t ts)
{
    uint64_t units = r->ifaces[i].units, rem = ts % units, frac;
    int64_t secs = (int64_t)(ts / units) + r->ifaces[i].offset;

    frac = units <= 1000000000000u ? rem * 1000000u / units : rem / (units / 1000000u);
    return secs < 0 ? 0 : (uint64_t)secs * 1000000u + frac;
}

/* Reads an interface description block's body b (n bytes after type and length). */
static tt_cap_status ng_idb(tt_cap_reader *r, const uint8_t *b, size_t n)
{
    size_t at = 8;
    uint32_t i = r->nifaces;

    if (n < 8)
        return fail(r, TT_CAP_MALFORMED, "pcapng interface block too short");
    if (i >= TT_CAP_MAX_IFACES)
        return fail(r, TT_CAP_MALFORMED, "more pcapng interfaces than this reader keeps (64)");
    r->ifaces[i].linktype = rd16(r, b);
    r->ifaces[i].snaplen = rd32(r, b + 4);
    r->ifaces[i].units = 1000000u;
    r->ifaces[i].offset = 0;
    while (at + 4 <= n) {
        uint16_t code = rd16(r, b + at), len = rd16(r, b + at + 2);
        if (code == 0 || at + 4 + len > n)
            break;
        if (code == 9 && len >= 1) { /* if_tsresol */
            uint8_t v = b[at + 4];
            uint64_t u = 1;
            if (v & 0x80) {
                if ((v & 0x7f) > 63)
                    return fail(r, TT_CAP_MALFORMED, "pcapng if_tsresol out of range");
                u = (uint64_t)1 << (v & 0x7f);
            } else {
                if (v > 19)
                    return fail(r, TT_CAP_MALFORMED, "pcapng if_tsresol out of range");
                for (int k = 0; k < v; k++)
                    u *= 10;
            }
            r->ifaces[i].units = u;
        } else if (code == 14 && len >= 8) { /* if_tsoffset */
            uint64_t hi = rd32(r, b + at + 4), lo = rd32(r, b + at + 8);
            r->ifaces[i].offset = (int64_t)(r->swapped ? hi << 32 | lo : lo << 32 | hi);
        }
        at += 4 + (((size_t)len + 3) & ~(size_t)3);
    }
    r->nifaces++;
    return TT_CAP_OK;
}

/* Reads one whole pcapng block at p (total bytes); frames go to cb. */
static tt_cap_status ng_block(tt_cap_reader *r, const uint8_t *p, uint32_t total,
                              tt_cap_frame_cb cb, void *ctx)
{
    uint32_t type = rd32(r, p), iface, caplen, origlen;
    const uint8_t *b = p + 8;
    size_t n = total - 12;
    uint64_t ts;

    switch (type) {
    case 1: return ng_idb(r, b, n);
    case 6: /* enhanced packet block */
    case 2: /* obsolete packet block */
        if (n < 20)
            return fail(r, TT_CAP_MALFORMED, "pcapng packet block too short");
        iface = type == 6 ? rd32(r, b) : rd16(r, b);
        ts = (uint64_t)rd32(r, b + 4) << 32 | rd32(r, b + 8);
        caplen = rd32(r, b + 12);
        origlen = rd32(r, b + 16);
        if (iface >= r->nifaces)
            return fail(r, TT_CAP_MALFORMED, "pcapng packet of an undescribed interface");
        if (caplen > n - 20)
            return fail(r, TT_CAP_MALFORMED, "pcapng packet longer than its block");
        return deliver(r, cb, ctx, ng_time(r, iface, ts), caplen, origlen,
                       r->ifaces[iface].linktype, b + 20)
                   ? TT_CAP_OK
                   : TT_CAP_STOPPED;
    case 3: /* simple packet block: interface 0, no timestamp */
        if (n < 4 || r->nifaces == 0)
            return fail(r, TT_CAP_MALFORMED, "pcapng simple packet block without interface");
        origlen = rd32(r, b);
        caplen = (uint32_t)(n - 4) < origlen ? (uint32_t)(n - 4) : origlen;
        if (r->ifaces[0].snaplen && caplen > r->ifaces[0].snaplen)
            caplen = r->ifaces[0].snaplen;
        return deliver(r, cb, ctx, 0, caplen, origlen, r->ifaces[0].linktype, b + 4)
                   ? TT_CAP_OK
                   : TT_CAP_STOPPED;
    default:
        return TT_CAP_OK; /* statistics, name resolution, custom blocks: nothing for the lesson */
    }
}

/* Reads as many whole records of p (len bytes) as there are; *used says how many bytes they took.
 */
static tt_cap_status parse(tt_cap_reader *r, const uint8_t *p, size_t len, size_t *used,
                           tt_cap_frame_cb cb, void *ctx)
{
    size_t at = 0;
    tt_cap_status s = TT_CAP_OK;

    while (s == TT_CAP_OK) {
        if (r->format == 0) {
            if (len - at < 4)
                break;
            if (le32(p + at) == PCAPNG_SHB)
                r->format = 2;
            else if (len - at < PCAP_HEADER)
                break;
            else if (pcap_header(r, p + at)) {
                r->format = 1;
                at += PCAP_HEADER;
                r->consumed += PCAP_HEADER;
                continue;
            } else {
                s = fail(r, TT_CAP_NOT_CAPTURE,
                         "not a capture file: neither pcap nor pcapng (save it as pcap or pcapng)");
                break;
            }
        }
        if (r->format == 1) {
            uint32_t caplen, origlen, frac;
            uint64_t time_us;
            if (len - at < PCAP_RECORD)
                break;
            caplen = rd32(r, p + at + 8);
            origlen = rd32(r, p + at + 12);
            if (caplen > MAX_RECORD) {
                s = fail(r, TT_CAP_MALFORMED, "pcap record claims an impossible length");
                break;
            }
            if (len - at < PCAP_RECORD + (size_t)caplen)
                break;
            frac = rd32(r, p + at + 4);
            time_us = (uint64_t)rd32(r, p + at) * 1000000u + (r->nano ? frac / 1000u : frac);
            if (!deliver(r, cb, ctx, time_us, caplen, origlen, r->pcap_linktype,
                         p + at + PCAP_RECORD))
                s = TT_CAP_STOPPED;
            at += PCAP_RECORD + caplen;
            r->consumed += PCAP_RECORD + caplen;
        } else {
            uint32_t total;
            if (len - at < 12)
                break;
            if (le32(p + at) == PCAPNG_SHB) {
                uint32_t bom = le32(p + at + 8);
                if (bom == PCAPNG_BOM)
                    r->swapped = false;
                else if (bom == 0x4D3C2B1Au)
                    r->swapped = true;
                else {
                    s = fail(r, TT_CAP_MALFORMED, "pcapng section header with a bad byte order");
                    break;
                }
                r->nifaces = 0;
            }
            total = rd32(r, p + at + 4);
            if (total < 12 || total % 4 != 0 || total > MAX_RECORD) {
                s = fail(r, TT_CAP_MALFORMED, "pcapng block with an impossible length");
                break;
            }
            if (len - at < total)
                break;
            if (rd32(r, p + at + total - 4) != total) {
                s = fail(r, TT_CAP_MALFORMED, "pcapng block whose two lengths differ");
                break;
            }
            s = ng_block(r, p + at, total, cb, ctx);
            if (s == TT_CAP_MALFORMED || s == TT_CAP_NOT_CAPTURE)
                break;
            at += total;
            r->consumed += total;
        }
    }
    *used = at;
    return s;
}

/* Keeps n bytes at data after what the reader holds; false without memory. */
static bool keep(tt_cap_reader *r, const uint8_t *data, size_t n)
{
    if (r->len + n > r->size) {
        size_t size = r->size ? r->size : 65536;
        uint8_t *b;
        while (size < r->len + n)
            size *= 2;
        b = (uint8_t *)realloc(r->buf, size);
        if (!b)
            return false;
        r->buf = b;
        r->size = size;
    }
    if (n)
        memcpy(r->buf + r->len, data, n);
    r->len += n;
    return true;
}

tt_cap_status tt_cap_feed(tt_cap_reader *r, const uint8_t *data, size_t n, tt_cap_frame_cb cb,
                          void *ctx)
{
    size_t used;
    tt_cap_status s;

    if (r->format < 0)
        return (tt_cap_status)(-r->format);
    if (r->len == 0) { /* nothing held: read the chunk where it is, keep only its cut record */
        s = parse(r, data, n, &used, cb, ctx);
        if (!keep(r, data + used, n - used))
            return fail(r, TT_CAP_NO_MEMORY, "out of memory");
        return s;
    }
    if (!keep(r, data, n))
        return fail(r, TT_CAP_NO_MEMORY, "out of memory");
    s = parse(r, r->buf, r->len, &used, cb, ctx);
    memmove(r->buf, r->buf + used, r->len - used);
    r->len -= used;
    return s;
}

tt_cap_status tt_cap_end(tt_cap_reader *r)
{
    if (r->format < 0)
        return (tt_cap_status)(-r->format);
    if (r->format == 0 && r->frames == 0)
        return fail(r, r->len ? TT_CAP_NOT_CAPTURE : TT_CAP_TRUNCATED,
                    r->len ? "not a capture file: too short for a pcap or pcapng header"
                           : "the file is empty");
    if (r->len > 0)
        return fail(r, TT_CAP_TRUNCATED, "the file ends inside a record: it was cut short");
    return TT_CAP_OK;
}

/* ---- Decoding a frame ---- */

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
