/* ttgen: writes deterministic hostile pcaps for the robustness and fuzz tests (SYN floods, random
 * conversations, every frame twice); documentation addresses only. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire.h"

#define BASE_SEC  1767225600u /* 2026-01-01 00:00:00 UTC */
#define MAX_FRAME 2048
#define NCONV     6

/* A pcap being written: the file and the number of records so far. */
typedef struct writer {
    FILE *f;
    uint64_t records;
} writer;

/* One side of a generated conversation: address, port, and the next sequence number it sends. */
typedef struct side {
    uint8_t addr[16];
    uint16_t port;
    uint32_t next;
    uint32_t isn;
} side;

/* A generated conversation: IPv4 or IPv6, its two sides. */
typedef struct gconv {
    int v6;
    side s[2];
} gconv;

/* Prints msg and exits with status 2 (bad usage or an I/O failure). */
static void die(const char *msg)
{
    fprintf(stderr, "ttgen: %s\n", msg);
    exit(2);
}

/* Opens path and writes a pcap header (microseconds, Ethernet, snaplen 65535). */
static void open_pcap(writer *w, const char *path)
{
    uint8_t h[24];

    pcap_file_header(h, 65535);
    w->f = fopen(path, "wb");
    if (!w->f)
        die("cannot create the output file");
    if (fwrite(h, sizeof h, 1, w->f) != 1)
        die("write failed");
    w->records = 0;
}

/* Writes one record of len bytes, stamped BASE_SEC plus usec microseconds. */
static void put_record(writer *w, const uint8_t *data, uint32_t len, uint64_t usec)
{
    uint8_t h[16];

    pcap_record_header(h, BASE_SEC * 1000000ull + usec, len, len);
    if (fwrite(h, sizeof h, 1, w->f) != 1 || fwrite(data, len, 1, w->f) != 1)
        die("write failed");
    w->records++;
}

/* Closes the pcap, exiting on a write error. */
static void close_pcap(writer *w)
{
    if (fclose(w->f) != 0)
        die("write failed");
}

/* Builds an Ethernet frame carrying one TCP segment from c->s[dir] to the other side, with valid
 * IP and TCP checksums and plen zero bytes of payload; returns the frame length. */
static uint32_t build(uint8_t *out, const gconv *c, int dir, uint8_t flags, uint32_t seq,
                      uint32_t ack, uint32_t plen, uint16_t ip_id)
{
    const side *src = &c->s[dir], *dst = &c->s[!dir];
    uint8_t *ip = out + 14, *tcp;
    uint32_t iphl = c->v6 ? 40 : 20, alen = c->v6 ? 16 : 4, sum;

    memset(out, 0, 14 + iphl + 20 + plen);
    out[0] = 0x02, out[5] = (uint8_t)(dir ? 1 : 2); /* locally administered MACs */
    out[6] = 0x02, out[11] = (uint8_t)(dir ? 2 : 1);
    put16(out + 12, c->v6 ? 0x86dd : 0x0800);
    tcp = ip + iphl;
    if (c->v6) {
        ip[0] = 0x60;
        put16(ip + 4, 20 + plen);
        ip[6] = 6;
        ip[7] = 64;
        memcpy(ip + 8, src->addr, 16);
        memcpy(ip + 24, dst->addr, 16);
    } else {
        ip[0] = 0x45;
        put16(ip + 2, 20 + 20 + plen);
        put16(ip + 4, ip_id);
        ip[6] = 0x40; /* DF */
        ip[8] = 64;
        ip[9] = 6;
        memcpy(ip + 12, src->addr, 4);
        memcpy(ip + 16, dst->addr, 4);
        put16(ip + 10, fold(sum16(0, ip, 20)));
    }
    put16(tcp, src->port);
    put16(tcp + 2, dst->port);
    put32(tcp + 4, seq);
    put32(tcp + 8, ack);
    tcp[12] = 5 << 4;
    tcp[13] = flags;
    put16(tcp + 14, 64240);
    sum = sum16(0, c->v6 ? ip + 8 : ip + 12, 2 * alen) + 6 + 20 + plen;
    put16(tcp + 16, fold(sum16(sum, tcp, 20 + plen)));
    return 14 + iphl + 20 + plen;
}

/* `synflood N FILE`: N SYNs, each opening a different connection from 198.51.100.1-254 (ports
 * from 1024 up) to 203.0.113.80:80, one microsecond apart; nothing ever answers. */
static void synflood(uint64_t n, const char *path)
{
    gconv c = {0};
    uint8_t frame[MAX_FRAME];
    uint64_t state = 1;
    writer w;

    if (n > 254ull * 64512ull)
        die("synflood: at most 16386048 distinct connections");
    memcpy(c.s[0].addr, (const uint8_t[]){198, 51, 100, 0}, 4);
    memcpy(c.s[1].addr, (const uint8_t[]){203, 0, 113, 80}, 4);
    c.s[1].port = 80;
    open_pcap(&w, path);
    for (uint64_t i = 0; i < n; i++) {
        c.s[0].addr[3] = (uint8_t)(1 + i % 254);
        c.s[0].port = (uint16_t)(1024 + i / 254);
        uint32_t len = build(frame, &c, 0, 0x02, (uint32_t)rnd(&state), 0, 0, (uint16_t)i);
        put_record(&w, frame, len, i);
    }
    close_pcap(&w);
}

/* Sets up conversation k of the random mode: a few share a 4-tuple (port reuse), one is IPv6
 * (2001:db8::/32), the others IPv4 between 198.51.100.0/24 and 203.0.113.0/24. */
static void setup_conv(gconv *c, int k, uint64_t *state)
{
    memset(c, 0, sizeof *c);
    c->v6 = k == NCONV - 1;
    if (c->v6) {
        static const uint8_t a[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x10};
        static const uint8_t b[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0x20};
        memcpy(c->s[0].addr, a, 16);
        memcpy(c->s[1].addr, b, 16);
    } else {
        memcpy(c->s[0].addr, (const uint8_t[]){198, 51, 100, (uint8_t)(10 + k / 2)}, 4);
        memcpy(c->s[1].addr, (const uint8_t[]){203, 0, 113, 20}, 4);
    }
    c->s[0].port = (uint16_t)(40000 + k / 2); /* conversations 0-1 and 2-3 share a 4-tuple */
    c->s[1].port = k < 4 ? 80 : 443;
    for (int d = 0; d < 2; d++) {
        c->s[d].isn = (uint32_t)rnd(state);
        c->s[d].next = c->s[d].isn;
    }
}

/* The flags of a random segment: mostly the handshake/close/data shapes, sometimes any byte. */
static uint8_t random_flags(uint64_t *state)
{
    static const uint8_t common[] = {0x02, 0x12, 0x10, 0x18, 0x11, 0x10, 0x18, 0x01,
                                     0x04, 0x14, 0x19, 0x10, 0x12, 0x02, 0x11, 0x03};
    uint32_t r = below(state, 100);
    return r < 90 ? common[below(state, sizeof common)] : (uint8_t)below(state, 256);
}

/* A sequence or ack number near `base`: usually exact, sometimes off by a little or anywhere. */
static uint32_t near(uint64_t *state, uint32_t base)
{
    uint32_t r = below(state, 100);
    if (r < 70)
        return base;
    if (r < 90)
        return base + below(state, 9) - 4;
    if (r < 95)
        return base - 1;
    return (uint32_t)rnd(state);
}

/* `random SEED N FILE`: N segments over a few conversations whose numbers mostly follow what each
 * side sent, so that the plugin meets plausible but hostile sequences (same seed, same file). */
static void random_capture(uint64_t seed, uint64_t n, const char *path)
{
    gconv convs[NCONV];
    uint8_t frame[MAX_FRAME];
    uint64_t state = seed * 0x2545f4914f6cdd1dull + 1, t = 0;
    writer w;

    for (int k = 0; k < NCONV; k++)
        setup_conv(&convs[k], k, &state);
    open_pcap(&w, path);
    for (uint64_t i = 0; i < n; i++) {
        gconv *c = &convs[below(&state, NCONV)];
        int dir = (int)below(&state, 2);
        side *s = &c->s[dir];
        const side *peer = &c->s[!dir];
        uint8_t flags = random_flags(&state);
        uint32_t plen = below(&state, 4) == 0 ? below(&state, 200) : 0;
        uint32_t seq, ack;

        if ((flags & 0x02) && below(&state, 4) == 0)
            s->next = s->isn = (uint32_t)rnd(&state); /* a new ISN: a new incarnation */
        seq = (flags & 0x02) ? s->isn : near(&state, s->next);
        ack = (flags & 0x10) ? near(&state, peer->next) : 0;
        if (seq == s->next || (flags & 0x02))
            s->next = seq + plen + ((flags & 0x02) ? 1 : 0) + ((flags & 0x01) ? 1 : 0);
        t += below(&state, 5000);
        uint32_t len = build(frame, c, dir, flags, seq, ack, plen, (uint16_t)i);
        put_record(&w, frame, len, t);
    }
    close_pcap(&w);
}

/* `double IN OUT`: copies pcap IN with every record written twice in a row, as two merged taps
 * of the same link would show it. */
static void double_records(const char *in, const char *out)
{
    FILE *f = fopen(in, "rb"), *o = fopen(out, "wb");
    uint8_t h[24], rec[16], *buf = malloc(1u << 18);

    if (!f || !o || !buf)
        die("cannot open the files");
    if (fread(h, sizeof h, 1, f) != 1 || fwrite(h, sizeof h, 1, o) != 1)
        die("not a pcap file");
    if (!(h[0] == 0xd4 && h[1] == 0xc3) && !(h[0] == 0x4d && h[1] == 0x3c))
        die("only little-endian pcap files are supported");
    while (fread(rec, sizeof rec, 1, f) == 1) {
        uint32_t len = (uint32_t)rec[8] | (uint32_t)rec[9] << 8 | (uint32_t)rec[10] << 16 |
                       (uint32_t)rec[11] << 24;
        if (len > (1u << 18) || (len && fread(buf, len, 1, f) != 1))
            die("truncated or oversized record");
        for (int copy = 0; copy < 2; copy++)
            if (fwrite(rec, sizeof rec, 1, o) != 1 || (len && fwrite(buf, len, 1, o) != 1))
                die("write failed");
    }
    free(buf);
    fclose(f);
    if (fclose(o) != 0)
        die("write failed");
}

/* Parses a decimal count, exiting on anything else. */
static uint64_t number(const char *s)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (*s == '\0' || *end != '\0')
        die("expected a decimal number");
    return v;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "synflood") == 0)
        synflood(number(argv[2]), argv[3]);
    else if (argc == 5 && strcmp(argv[1], "random") == 0)
        random_capture(number(argv[2]), number(argv[3]), argv[4]);
    else if (argc == 4 && strcmp(argv[1], "double") == 0)
        double_records(argv[2], argv[3]);
    else {
        fprintf(stderr, "usage: ttgen synflood N OUT.pcap | random SEED N OUT.pcap | "
                        "double IN.pcap OUT.pcap\n");
        return 2;
    }
    return 0;
}
