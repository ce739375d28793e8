/* The capture reader: pcap and pcapng records from pushed chunks, handed on frame by frame (the
 * decoder, decode.c, finds their TCP headers). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "tcpteach/capture.h"
#include "tcpteach/segment.h"

#define PCAP_HEADER 24
#define PCAP_RECORD 16
#define MAX_RECORD  (64u << 20) /* a record or block bigger than this is taken as corrupt */
#define PCAPNG_SHB  0x0A0D0D0Au
#define PCAPNG_BOM  0x1A2B3C4Du

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
