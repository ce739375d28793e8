/* gencap: writes large deterministic pcaps of classroom-shaped TCP connections (open, request,
 * response, close), K open at a time, for the performance benchmark; documentation addresses only.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire.h"

#define BASE_SEC  1767225600u /* 2026-01-01 00:00:00 UTC */
#define MAX_FRAME 1600
#define MAX_STEPS 24
#define MSS       1448 /* Linux's payload per segment with the timestamp option on a 1500 MTU */
#define HTTP_HEAD 42   /* length of the response head below, with its 5-digit Content-Length */

enum { FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10 };

/* Which TCP options a segment carries, as Linux sends them. */
typedef enum opts { OPT_NONE, OPT_SYN, OPT_TS } opts;

/* One segment of a connection's script, with its final sequence numbers. */
typedef struct step {
    uint8_t dir; /* 0: client to server, 1: server to client */
    uint8_t flags;
    uint8_t opts; /* opts */
    uint16_t plen;
    uint32_t seq, ack;
} step;

/* One generated connection: its endpoints and the segments it still has to send. */
typedef struct conn {
    int v6;
    uint8_t addr[2][16];
    uint16_t port[2];
    uint32_t ts[2];              /* next TSval of each side */
    uint16_t ip_id[2];           /* next IPv4 identification of each side */
    uint32_t number;             /* the connection's index, used to vary the request text */
    uint32_t resp_seq, resp_len; /* the response's first seq and its length, header included */
    step steps[MAX_STEPS];
    int nsteps, next;
} conn;

/* What to generate; rates are per connection, in per mille. */
typedef struct config {
    uint64_t packets, conns; /* stop after this many packets, or once this many connections end */
    uint32_t open;           /* connections open at a time */
    uint32_t v6_pm;          /* share of IPv6 connections */
    uint32_t syn_rtx_pm, data_rtx_pm, fin_rtx_pm, refused_pm, abort_pm;
    int http; /* HTTP text on port 80 rather than opaque bytes on port 9000 */
    uint64_t seed;
} config;

/* The generator's running state: random stream, clock, per-client-host port counters. */
typedef struct gen {
    const config *cfg;
    uint64_t rng;
    uint64_t usec;
    uint64_t started;
    uint16_t next_port[256];
    uint8_t filler[MAX_FRAME]; /* opaque payload bytes */
} gen;

/* Prints msg and exits with status 2 (bad usage or an I/O failure). */
static void die(const char *msg)
{
    fprintf(stderr, "gencap: %s\n", msg);
    exit(2);
}

/* True with probability pm per mille. */
static int chance(gen *g, uint32_t pm)
{
    return below(&g->rng, 1000) < pm;
}

/* Writes the pcap file header (microseconds, Ethernet, snaplen 262144). */
static void write_header(FILE *f)
{
    uint8_t h[24];

    pcap_file_header(h, 262144);
    if (fwrite(h, sizeof h, 1, f) != 1)
        die("write failed");
}

/* Writes one record of len bytes stamped BASE_SEC plus usec microseconds. */
static void write_record(FILE *f, const uint8_t *data, uint32_t len, uint64_t usec)
{
    uint8_t h[16];

    pcap_record_header(h, BASE_SEC * 1000000ull + usec, len, len);
    if (fwrite(h, sizeof h, 1, f) != 1 || fwrite(data, len, 1, f) != 1)
        die("write failed");
}

/* Writes the payload of step s of connection c at p: HTTP text, or opaque filler bytes. */
static void payload(const gen *g, const conn *c, const step *s, uint8_t *p)
{
    char text[MAX_FRAME + 1];
    int n;

    if (!g->cfg->http) {
        memcpy(p, g->filler + (c->number % 64), s->plen);
        return;
    }
    if (s->dir == 0)
        n = snprintf(text, sizeof text,
                     "GET /lesson/%u HTTP/1.1\r\nHost: tcp.example\r\n"
                     "User-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n",
                     c->number);
    else if (s->seq == c->resp_seq) /* the response's first segment (or its retransmission) */
        n = snprintf(text, sizeof text, "HTTP/1.1 200 OK\r\nContent-Length: %05u\r\n\r\n",
                     c->resp_len - HTTP_HEAD);
    else
        n = 0;
    if (n < 0)
        n = 0;
    memset(text + n, 'a' + (int)(c->number % 26), sizeof text - (size_t)n);
    memcpy(p, text, s->plen);
}

/* Builds the Ethernet frame of step s of connection c, with valid IP and TCP checksums and Linux's
 * options, windows and TTL; returns its length. */
static uint32_t build(const gen *g, conn *c, const step *s, uint8_t *out)
{
    int d = s->dir;
    uint8_t *ip = out + 14, *tcp, *o;
    uint32_t iphl = c->v6 ? 40 : 20, alen = c->v6 ? 16 : 4, optlen, tcplen, sum;
    static const uint8_t mac[2][6] = {{0x02, 0, 0, 0, 0, 0x01}, {0x02, 0, 0, 0, 0, 0x02}};

    optlen = s->opts == OPT_SYN ? 20 : s->opts == OPT_TS ? 12 : 0;
    tcplen = 20 + optlen + s->plen;
    memcpy(out, mac[!d], 6);
    memcpy(out + 6, mac[d], 6);
    put16(out + 12, c->v6 ? 0x86dd : 0x0800);
    memset(ip, 0, iphl);
    if (c->v6) {
        ip[0] = 0x60;
        put16(ip + 4, tcplen);
        ip[6] = 6;
        ip[7] = 64;
        memcpy(ip + 8, c->addr[d], 16);
        memcpy(ip + 24, c->addr[!d], 16);
    } else {
        ip[0] = 0x45;
        put16(ip + 2, iphl + tcplen);
        put16(ip + 4, c->ip_id[d]++);
        ip[6] = 0x40; /* DF */
        ip[8] = 64;
        ip[9] = 6;
        memcpy(ip + 12, c->addr[d], 4);
        memcpy(ip + 16, c->addr[!d], 4);
        put16(ip + 10, fold(sum16(0, ip, 20)));
    }
    tcp = ip + iphl;
    put16(tcp, c->port[d]);
    put16(tcp + 2, c->port[!d]);
    put32(tcp + 4, s->seq);
    put32(tcp + 8, s->ack);
    tcp[12] = (uint8_t)((20 + optlen) / 4 << 4);
    tcp[13] = s->flags;
    if (s->flags & RST)
        put16(tcp + 14, 0);
    else if (s->flags & SYN) /* unscaled in a SYN */
        put16(tcp + 14, d == 0 ? (c->v6 ? 64800 : 64240) : (c->v6 ? 64260 : 65160));
    else
        put16(tcp + 14, d == 0 ? 502 : 509); /* scaled by 2^7 */
    put16(tcp + 16, 0);
    put16(tcp + 18, 0);
    o = tcp + 20;
    if (s->opts == OPT_SYN) {
        static const uint8_t head[] = {2, 4, 0x05, 0xb4, 4, 2, 8, 10};
        memcpy(o, head, sizeof head);
        if (c->v6)
            put16(o + 2, 1440);
        put32(o + 8, c->ts[d]++);
        put32(o + 12, d == 0 ? 0 : c->ts[0] - 1);
        memcpy(o + 16, (const uint8_t[]){1, 3, 3, 7}, 4);
    } else if (s->opts == OPT_TS) {
        memcpy(o, (const uint8_t[]){1, 1, 8, 10}, 4);
        put32(o + 4, c->ts[d]++);
        put32(o + 8, c->ts[!d] - 1);
    }
    payload(g, c, s, tcp + 20 + optlen);
    sum = sum16(0, c->v6 ? ip + 8 : ip + 12, 2 * alen) + 6 + tcplen;
    put16(tcp + 16, fold(sum16(sum, tcp, tcplen)));
    return 14 + iphl + tcplen;
}

/* Appends a segment to c's script. */
static void add(conn *c, int dir, uint8_t flags, opts o, uint32_t plen, uint32_t seq, uint32_t ack)
{
    if (c->nsteps == MAX_STEPS)
        die("internal error: script too long");
    c->steps[c->nsteps++] = (step){(uint8_t)dir, flags, (uint8_t)o, (uint16_t)plen, seq, ack};
}

/* Appends again the last segment sent by dir: a retransmission. */
static void again(conn *c, int dir)
{
    for (int i = c->nsteps - 1; i >= 0; i--) {
        if (c->steps[i].dir == dir) {
            step s = c->steps[i];
            add(c, s.dir, s.flags, (opts)s.opts, s.plen, s.seq, s.ack);
            return;
        }
    }
}

/* Starts connection number n in c: picks its endpoints and writes its whole script. A client host
 * hands out ephemeral ports in turn from 32768-60999, as Linux does, so no 4-tuple repeats. */
static void start(gen *g, conn *c)
{
    const config *cfg = g->cfg;
    uint32_t host = below(&g->rng, 254), server = below(&g->rng, 8);
    uint32_t x = (uint32_t)rnd(&g->rng), y = (uint32_t)rnd(&g->rng), cs, ss, q;
    int closer, nseg;

    memset(c, 0, sizeof *c);
    c->number = (uint32_t)g->started++;
    c->v6 = chance(g, cfg->v6_pm);
    if (c->v6) {
        static const uint8_t client6[] = {0x20, 0x01, 0x0d, 0xb8, 0, 0x64, 0, 0,
                                          0,    0,    0,    0,    0, 0,    0};
        static const uint8_t server6[] = {0x20, 0x01, 0x0d, 0xb8, 0, 0xc8, 0, 0,
                                          0,    0,    0,    0,    0, 0,    0};
        memcpy(c->addr[0], client6, 15); /* 2001:db8:64::N */
        memcpy(c->addr[1], server6, 15); /* 2001:db8:c8::N */
        c->addr[0][15] = (uint8_t)(1 + host);
        c->addr[1][15] = (uint8_t)(10 + server);
    } else {
        memcpy(c->addr[0], (const uint8_t[]){198, 51, 100, (uint8_t)(1 + host)}, 4);
        memcpy(c->addr[1], (const uint8_t[]){203, 0, 113, (uint8_t)(10 + server)}, 4);
    }
    if (g->next_port[host] < 32768 || g->next_port[host] > 60999)
        g->next_port[host] = (uint16_t)(32768 + below(&g->rng, 28232));
    c->port[0] = g->next_port[host]++;
    c->port[1] = cfg->http ? 80 : 9000;
    c->ts[0] = (uint32_t)rnd(&g->rng);
    c->ts[1] = (uint32_t)rnd(&g->rng);
    c->ip_id[0] = (uint16_t)rnd(&g->rng);
    c->ip_id[1] = (uint16_t)rnd(&g->rng);

    add(c, 0, SYN, OPT_SYN, 0, x, 0);
    if (chance(g, cfg->syn_rtx_pm))
        again(c, 0);
    if (chance(g, cfg->refused_pm)) {
        add(c, 1, RST | ACK, OPT_NONE, 0, 0, x + 1); /* nothing listens: connection refused */
        return;
    }
    add(c, 1, SYN | ACK, OPT_SYN, 0, y, x + 1);
    cs = x + 1, ss = y + 1;
    add(c, 0, ACK, OPT_TS, 0, cs, ss);
    q = 70 + below(&g->rng, 120);
    add(c, 0, PSH | ACK, OPT_TS, q, cs, ss);
    cs += q;
    nseg = chance(g, 50) ? 2 : 1;
    c->resp_seq = ss;
    for (int i = 0; i < nseg; i++) {
        uint32_t len = i + 1 < nseg ? MSS : 200 + below(&g->rng, 1000);
        add(c, 1, (uint8_t)(i + 1 < nseg ? ACK : PSH | ACK), OPT_TS, len, ss, cs);
        ss += len;
        c->resp_len += len;
    }
    if (chance(g, cfg->data_rtx_pm))
        again(c, 1);
    add(c, 0, ACK, OPT_TS, 0, cs, ss);
    if (chance(g, cfg->abort_pm)) {
        add(c, 0, RST | ACK, OPT_NONE, 0, cs, ss); /* the client gives up: abort */
        return;
    }
    /* The close: usually the client's FIN first, answered by FIN+ACK (3 segments) or by ACK then
     * FIN+ACK (4 segments). */
    closer = chance(g, 700) ? 0 : 1;
    {
        uint32_t cseq = closer == 0 ? cs : ss, oseq = closer == 0 ? ss : cs;
        add(c, closer, FIN | ACK, OPT_TS, 0, cseq, oseq);
        if (chance(g, cfg->fin_rtx_pm))
            again(c, closer);
        if (chance(g, 50))
            add(c, !closer, ACK, OPT_TS, 0, oseq, cseq + 1);
        add(c, !closer, FIN | ACK, OPT_TS, 0, oseq, cseq + 1);
        add(c, closer, ACK, OPT_TS, 0, cseq + 1, oseq + 1);
    }
}

/* Generates the capture into f; returns the number of packets written. */
static uint64_t generate(gen *g, FILE *f)
{
    const config *cfg = g->cfg;
    conn *slots = calloc(cfg->open, sizeof *slots);
    uint32_t active = 0;
    uint64_t written = 0, ended = 0;
    uint8_t frame[MAX_FRAME + 200];

    if (!slots)
        die("out of memory");
    for (size_t i = 0; i < sizeof g->filler; i++)
        g->filler[i] = (uint8_t)(0x80 | rnd(&g->rng)); /* high bit: no protocol reads it as text */
    write_header(f);
    while (active < cfg->open && (cfg->conns == 0 || g->started < cfg->conns))
        start(g, &slots[active++]);
    while (active > 0 && (cfg->packets == 0 || written < cfg->packets)) {
        uint32_t k = below(&g->rng, active);
        conn *c = &slots[k];

        g->usec += 1 + below(&g->rng, 20);
        write_record(f, frame, build(g, c, &c->steps[c->next++], frame), g->usec);
        written++;
        if (c->next < c->nsteps)
            continue;
        ended++;
        if (cfg->conns == 0 || g->started < cfg->conns)
            start(g, c);
        else
            slots[k] = slots[--active];
    }
    free(slots);
    (void)ended;
    return written;
}

/* Prints the usage and exits with status 2. */
static void usage(void)
{
    fprintf(stderr,
            "usage: gencap (-n PACKETS | -c CONNECTIONS) [-k OPEN] [-v plain|retrans|reset|mixed]\n"
            "              [-6 PERMILLE] [-a raw|http] [-s SEED] -o FILE.pcap ('-': stdout)\n");
    exit(2);
}

/* Parses a decimal number (with an optional k/M suffix), exiting on garbage. */
static uint64_t number(const char *s)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);

    if (end == s)
        usage();
    if (*end == 'k')
        v *= 1000, end++;
    else if (*end == 'M')
        v *= 1000000, end++;
    if (*end != '\0')
        usage();
    return v;
}

int main(int argc, char **argv)
{
    config cfg = {.open = 100, .v6_pm = 100, .seed = 1};
    static gen g;
    const char *out = NULL, *variant = "plain";
    FILE *f;
    uint64_t n;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            usage();
        i++;
        if (strcmp(a, "-n") == 0)
            cfg.packets = number(v);
        else if (strcmp(a, "-c") == 0)
            cfg.conns = number(v);
        else if (strcmp(a, "-k") == 0)
            cfg.open = (uint32_t)number(v);
        else if (strcmp(a, "-6") == 0)
            cfg.v6_pm = (uint32_t)number(v);
        else if (strcmp(a, "-s") == 0)
            cfg.seed = number(v);
        else if (strcmp(a, "-v") == 0)
            variant = v;
        else if (strcmp(a, "-a") == 0 && (strcmp(v, "raw") == 0 || strcmp(v, "http") == 0))
            cfg.http = strcmp(v, "http") == 0;
        else if (strcmp(a, "-o") == 0)
            out = v;
        else
            usage();
    }
    if (!out || (cfg.packets == 0) == (cfg.conns == 0) || cfg.open == 0 || cfg.v6_pm > 1000)
        usage();
    if (strcmp(variant, "retrans") == 0 || strcmp(variant, "mixed") == 0)
        cfg.syn_rtx_pm = 30, cfg.data_rtx_pm = 30, cfg.fin_rtx_pm = 20;
    if (strcmp(variant, "reset") == 0 || strcmp(variant, "mixed") == 0)
        cfg.refused_pm = 30, cfg.abort_pm = 30;
    if (strcmp(variant, "plain") != 0 && strcmp(variant, "retrans") != 0 &&
        strcmp(variant, "reset") != 0 && strcmp(variant, "mixed") != 0)
        usage();

    g.cfg = &cfg;
    g.rng = cfg.seed;
    f = strcmp(out, "-") == 0 ? stdout : fopen(out, "wb");
    if (!f)
        die("cannot create the output file");
    setvbuf(f, NULL, _IOFBF, 1 << 20); /* streamed: only this buffer is held, never the file */
    n = generate(&g, f);
    if (fclose(f) != 0)
        die("write failed");
    fprintf(stderr, "gencap: %llu packets, %llu connections\n", (unsigned long long)n,
            (unsigned long long)g.started);
    return 0;
}
