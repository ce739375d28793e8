/* ttcraft: turns a line-based text scenario into a deterministic pcap of crafted TCP edge cases. */
/* Script syntax: see tests/craft/README.md. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire.h"

#define BASE_TIME_US (1767225600ull * 1000000ull) /* 2026-01-01 00:00:00 UTC */
#define MAX_LINE     1024
#define MAX_TOKENS   32
#define MAX_CONNS    64
#define MAX_PAYLOAD  9000
#define MAX_FRAME    (MAX_PAYLOAD + 200)

enum tunnel { TUN_NONE, TUN_IPIP, TUN_GRE };

/* Option keys a command line may carry; each command allows a subset. */
enum {
    K_SEQ = 1 << 0,
    K_ACK = 1 << 1,
    K_WIN = 1 << 2,
    K_URG = 1 << 3,
    K_LEN = 1 << 4,
    K_DATA = 1 << 5,
    K_MSS = 1 << 6,
    K_WS = 1 << 7,
    K_SACKOK = 1 << 8,
    K_TFO = 1 << 9,
    K_DT = 1 << 10,
    K_SNAP = 1 << 11,
    K_QUOTE = 1 << 12,
    K_ENCAP = 1 << 13,
    K_SEGMENT = K_SEQ | K_ACK | K_WIN | K_URG | K_LEN | K_DATA | K_MSS | K_WS | K_SACKOK | K_TFO |
                K_DT | K_SNAP | K_ENCAP
};

struct endpoint {
    int v6;
    uint8_t addr[16];
    uint16_t port;
};

struct encap {
    int vlan;            /* 802.1Q VLAN id, or -1 for none */
    enum tunnel tun;     /* outer IPv4 tunnel, if any */
    uint8_t outer[2][4]; /* tunnel end on the client side [0] and on the server side [1] */
};

struct conn {
    char name[32];
    struct endpoint ep[2]; /* [0] = client, [1] = server */
    struct encap enc;
};

/* One written frame; ip_off/ip_len locate the innermost IP packet for ICMP quoting. */
struct frame {
    uint8_t *data;
    size_t len, caplen, ip_off, ip_len;
    uint64_t ts;
    int conn, dir; /* conn = -1 for frames that carry no TCP segment */
    struct encap enc;
};

/* Everything a seg/icmp/dup line can say; dir 0 = client to server, 1 = server to client. */
struct seg {
    int conn, dir, has_seq, has_ack, has_win, sackok, ws, tfo_len;
    uint8_t flags, tfo[16];
    uint32_t seq, ack;
    uint16_t win, urg, mss;
    uint8_t payload[MAX_PAYLOAD];
    size_t plen;
    int64_t dt;  /* -1 = default step */
    size_t snap; /* 0 = whole frame */
    long quote;  /* -1 = as much as fits */
    int has_len, has_data;
    struct encap enc;
};

struct ctx {
    const char *file;
    int line;
    struct conn conns[MAX_CONNS];
    int nconns;
    struct frame *frames;
    size_t nframes, cap;
    uint64_t now, step;
    uint16_t ipid;
};

static const uint8_t mac[2][6] = {{2, 0, 0, 0xc1, 0, 1}, {2, 0, 0, 0x5e, 0, 2}};

/* Reports a script error as FILE:LINE: message and exits with status 2. */
static void fail(const struct ctx *c, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%d: error: ", c->file, c->line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(2);
}

/* Returns the partial sum of the IPv4 or IPv6 pseudo-header for a transport body of len bytes. */
static uint32_t pseudo_sum(const struct endpoint *src, const struct endpoint *dst, uint8_t proto,
                           size_t len)
{
    size_t alen = src->v6 ? 16 : 4;
    uint32_t sum = sum16(sum16(0, src->addr, alen), dst->addr, alen);
    return sum + proto + (uint32_t)(len & 0xffff) + (uint32_t)(len >> 16);
}

/* Parses a decimal number no larger than max; a malformed or too large value is a script error. */
static uint64_t parse_num(const struct ctx *c, const char *s, uint64_t max, const char *what)
{
    char *end;
    if (*s < '0' || *s > '9')
        fail(c, "%s: expected a number, got '%s'", what, s);
    unsigned long long v = strtoull(s, &end, 10);
    if (*end != '\0' || v > max)
        fail(c, "%s: '%s' is not a number in 0..%llu", what, s, (unsigned long long)max);
    return v;
}

/* Parses a duration such as 250us, 3ms or 2s into microseconds. */
static uint64_t parse_duration(const struct ctx *c, const char *s)
{
    size_t n = strspn(s, "0123456789");
    char digits[24];
    uint64_t mult = 0;
    if (strcmp(s + n, "us") == 0)
        mult = 1;
    else if (strcmp(s + n, "ms") == 0)
        mult = 1000;
    else if (strcmp(s + n, "s") == 0)
        mult = 1000000;
    if (n == 0 || n >= sizeof digits || mult == 0)
        fail(c, "bad duration '%s' (use e.g. 500us, 3ms, 2s)", s);
    memcpy(digits, s, n);
    digits[n] = '\0';
    return parse_num(c, digits, 3600000000ull, "duration") * mult;
}

/* Parses an address into ep (IPv4, or IPv6 when v6); only documentation ranges are accepted. */
static void parse_addr(const struct ctx *c, const char *s, int v6, struct endpoint *ep)
{
    const uint8_t *a = ep->addr;
    ep->v6 = v6;
    if (inet_pton(v6 ? AF_INET6 : AF_INET, s, ep->addr) != 1)
        fail(c, "bad IPv%d address '%s'", v6 ? 6 : 4, s);
    if (v6 ? !(a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8)
           : !((a[0] == 198 && a[1] == 51 && a[2] == 100) ||
               (a[0] == 203 && a[1] == 0 && a[2] == 113) ||
               (a[0] == 192 && a[1] == 0 && a[2] == 2)))
        fail(c,
             "address '%s' is outside the documentation ranges "
             "(198.51.100.0/24, 203.0.113.0/24, 192.0.2.0/24, 2001:db8::/32)",
             s);
}

/* Parses ADDR:PORT or [V6ADDR]:PORT into ep. */
static void parse_endpoint(const struct ctx *c, const char *s, struct endpoint *ep)
{
    char buf[64];
    const char *colon = strrchr(s, ':');
    size_t alen = colon ? (size_t)(colon - s) : 0;
    int v6 = s[0] == '[';
    if (!colon || alen >= sizeof buf || (v6 && (alen < 2 || s[alen - 1] != ']')))
        fail(c, "bad endpoint '%s' (use 198.51.100.1:40000 or [2001:db8::1]:40000)", s);
    memcpy(buf, s + v6, alen - 2 * v6);
    buf[alen - 2 * v6] = '\0';
    parse_addr(c, buf, v6, ep);
    ep->port = (uint16_t)parse_num(c, colon + 1, 65535, "port");
    if (ep->port == 0)
        fail(c, "port 0 is not allowed");
}

/* Parses a tunnel value A,B (two IPv4 addresses: client-side end, server-side end) into e. */
static void parse_tunnel(const struct ctx *c, const char *s, enum tunnel tun, struct encap *e)
{
    char buf[64];
    struct endpoint ep = {0};
    const char *comma = strchr(s, ',');
    if (!comma || strlen(s) >= sizeof buf)
        fail(c, "tunnel needs two IPv4 addresses A,B: '%s'", s);
    memcpy(buf, s, (size_t)(comma - s));
    buf[comma - s] = '\0';
    parse_addr(c, buf, 0, &ep);
    memcpy(e->outer[0], ep.addr, 4);
    parse_addr(c, comma + 1, 0, &ep);
    memcpy(e->outer[1], ep.addr, 4);
    e->tun = tun;
}

/* Returns the value of hex digit ch, or -1 if it is not one. */
static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if ((ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F'))
        return (ch | 0x20) - 'a' + 10;
    return -1;
}

/* Decodes a quoted data value ("..." with \\ \" \n \r \t \xHH escapes) into the payload of s. */
static void parse_data(const struct ctx *c, const char *v, struct seg *s)
{
    size_t n = strlen(v);
    if (n < 2 || v[0] != '"' || v[n - 1] != '"')
        fail(c, "data must be a quoted string: data=\"...\"");
    s->plen = 0;
    for (size_t i = 1; i + 1 < n; i++) {
        unsigned ch = (unsigned char)v[i];
        if (ch == '\\') {
            char e = v[++i];
            if (e == 'n' || e == 'r' || e == 't')
                ch = e == 'n' ? '\n' : e == 'r' ? '\r' : '\t';
            else if (e == '\\' || e == '"')
                ch = (unsigned char)e;
            else if (e == 'x' && i + 3 < n && hexval(v[i + 1]) >= 0 && hexval(v[i + 2]) >= 0)
                ch = (unsigned)(hexval(v[i + 1]) * 16 + hexval(v[i + 2])), i += 2;
            else
                fail(c, "bad escape in data string");
        }
        if (s->plen == MAX_PAYLOAD)
            fail(c, "data longer than %d bytes", MAX_PAYLOAD);
        s->payload[s->plen++] = (uint8_t)ch;
    }
}

/* Parses a hex TFO cookie (4 to 16 bytes) into s. */
static void parse_cookie(const struct ctx *c, const char *v, struct seg *s)
{
    size_t n = strlen(v);
    if (n % 2 || n < 8 || n > 32 || strspn(v, "0123456789abcdefABCDEF") != n)
        fail(c, "tfo cookie must be 4 to 16 bytes in hex: '%s'", v);
    for (size_t i = 0; i < n / 2; i++)
        s->tfo[i] = (uint8_t)(hexval(v[2 * i]) * 16 + hexval(v[2 * i + 1]));
    s->tfo_len = (int)(n / 2);
}

/* Applies KEY=VALUE (or bare KEY) tokens to s; keys not in allowed (K_* bits) are script errors. */
static void parse_opts(const struct ctx *c, char **tok, int ntok, int allowed, struct seg *s)
{
    static const struct {
        const char *name;
        int bit;
    } keys[] = {{"seq", K_SEQ},       {"ack", K_ACK},    {"win", K_WIN},    {"urg", K_URG},
                {"len", K_LEN},       {"data", K_DATA},  {"mss", K_MSS},    {"ws", K_WS},
                {"sackok", K_SACKOK}, {"tfo", K_TFO},    {"dt", K_DT},      {"snap", K_SNAP},
                {"quote", K_QUOTE},   {"vlan", K_ENCAP}, {"ipip", K_ENCAP}, {"gre", K_ENCAP}};
    for (int t = 0; t < ntok; t++) {
        char *v = strchr(tok[t], '=');
        int bit = 0;
        if (v)
            *v++ = '\0';
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
            if (strcmp(tok[t], keys[k].name) == 0)
                bit = keys[k].bit;
        if (!(bit & allowed))
            fail(c, "unknown or misplaced option '%s'", tok[t]);
        if (!v && bit != K_SACKOK && bit != K_TFO)
            fail(c, "option '%s' needs a value (%s=...)", tok[t], tok[t]);
        if (v && bit == K_SACKOK)
            fail(c, "option 'sackok' takes no value");
        switch (bit) {
        case K_SEQ: s->seq = (uint32_t)parse_num(c, v, UINT32_MAX, "seq"), s->has_seq = 1; break;
        case K_ACK: s->ack = (uint32_t)parse_num(c, v, UINT32_MAX, "ack"), s->has_ack = 1; break;
        case K_WIN: s->win = (uint16_t)parse_num(c, v, 65535, "win"), s->has_win = 1; break;
        case K_URG: s->urg = (uint16_t)parse_num(c, v, 65535, "urg"); break;
        case K_LEN:
            s->plen = (size_t)parse_num(c, v, MAX_PAYLOAD, "len"), s->has_len = 1;
            for (size_t i = 0; i < s->plen; i++)
                s->payload[i] = (uint8_t)('a' + i % 26);
            break;
        case K_DATA: parse_data(c, v, s), s->has_data = 1; break;
        case K_MSS: s->mss = (uint16_t)parse_num(c, v, 65535, "mss"); break;
        case K_WS: s->ws = (int)parse_num(c, v, 14, "ws"); break;
        case K_SACKOK: s->sackok = 1; break;
        case K_TFO:
            if (v)
                parse_cookie(c, v, s);
            else
                s->tfo_len = 0;
            break;
        case K_DT: s->dt = (int64_t)parse_duration(c, v); break;
        case K_SNAP: s->snap = (size_t)parse_num(c, v, MAX_FRAME, "snap"); break;
        case K_QUOTE: s->quote = (long)parse_num(c, v, 1500, "quote"); break;
        default:
            if (tok[t][0] == 'v')
                s->enc.vlan = (int)parse_num(c, v, 4094, "vlan");
            else
                parse_tunnel(c, v, tok[t][0] == 'i' ? TUN_IPIP : TUN_GRE, &s->enc);
        }
        if (bit == K_SNAP && s->snap == 0)
            fail(c, "snap must be at least 1");
    }
    if (s->has_len && s->has_data)
        fail(c, "give either len= or data=, not both");
}

/* Returns the index of the connection called name, or fails. */
static int find_conn(const struct ctx *c, const char *name)
{
    for (int i = 0; i < c->nconns; i++)
        if (strcmp(c->conns[i].name, name) == 0)
            return i;
    fail(c, "unknown connection '%s' (declare it first with 'conn')", name);
    return -1;
}

/* Parses CONN DIR FLAGS plus options (a segment description) from tok into s. */
static void parse_segment(const struct ctx *c, char **tok, int ntok, int allowed, struct seg *s)
{
    static const char letters[] = "FSRPAU"; /* bit order of the TCP flags byte */
    memset(s, 0, sizeof *s);
    s->dt = -1, s->quote = -1, s->ws = -1, s->tfo_len = -1;
    if (ntok < 3)
        fail(c, "expected CONN DIR FLAGS seq=N ...");
    s->conn = find_conn(c, tok[0]);
    s->enc = c->conns[s->conn].enc;
    if (strcmp(tok[1], "c>s") != 0 && strcmp(tok[1], "s>c") != 0)
        fail(c, "direction must be c>s or s>c, got '%s'", tok[1]);
    s->dir = tok[1][0] == 's';
    for (const char *f = tok[2]; strcmp(tok[2], "-") != 0 && *f; f++) {
        const char *p = strchr(letters, *f);
        if (!p || (s->flags & (1 << (p - letters))))
            fail(c, "bad flags '%s' (letters S A F R P U, each once, or - for none)", tok[2]);
        s->flags |= (uint8_t)(1 << (p - letters));
    }
    parse_opts(c, tok + 3, ntok - 3, allowed, s);
    if (!s->has_seq)
        fail(c, "segment needs seq=");
    if ((s->flags & 0x10) && !s->has_ack)
        fail(c, "segment with the A flag needs ack=");
}

/* Builds the TCP header, options and payload of s into out, checksum set; returns the size. */
static size_t build_tcp(const struct seg *s, const struct endpoint *src, const struct endpoint *dst,
                        uint8_t *out)
{
    uint8_t *o = out + 20;
    int syn = s->flags & 0x02, rst = s->flags & 0x04;
    if (s->mss)
        *o++ = 2, *o++ = 4, put16(o, s->mss), o += 2;
    if (s->sackok)
        *o++ = 1, *o++ = 1, *o++ = 4, *o++ = 2;
    if (s->ws >= 0)
        *o++ = 1, *o++ = 3, *o++ = 3, *o++ = (uint8_t)s->ws;
    if (s->tfo_len >= 0) {
        *o++ = 34, *o++ = (uint8_t)(2 + s->tfo_len);
        memcpy(o, s->tfo, (size_t)s->tfo_len), o += s->tfo_len;
    }
    while ((o - out) % 4)
        *o++ = 1;
    size_t hlen = (size_t)(o - out);
    uint16_t win = s->has_win ? s->win
                   : rst      ? 0
                   : syn      ? (s->dir ? 65160 : 64240)
                              : (s->dir ? 509 : 502);
    put16(out, src->port);
    put16(out + 2, dst->port);
    put32(out + 4, s->seq);
    put32(out + 8, s->ack);
    out[12] = (uint8_t)(hlen / 4 << 4);
    out[13] = s->flags;
    put16(out + 14, win);
    put16(out + 16, 0);
    put16(out + 18, s->urg);
    memcpy(out + hlen, s->payload, s->plen);
    put16(out + 16, fold(sum16(pseudo_sum(src, dst, 6, hlen + s->plen), out, hlen + s->plen)));
    return hlen + s->plen;
}

/* Wraps body in an IPv4 (next IP ID, DF unless ICMP) or IPv6 header; returns the packet size. */
static size_t build_ip(struct ctx *c, const struct endpoint *src, const struct endpoint *dst,
                       uint8_t proto, uint8_t tos, const uint8_t *body, size_t blen, uint8_t *out)
{
    size_t hlen = src->v6 ? 40 : 20;
    memmove(out + hlen, body, blen);
    memset(out, 0, hlen);
    if (src->v6) {
        out[0] = (uint8_t)(0x60 | tos >> 4);
        out[1] = (uint8_t)(tos << 4);
        put16(out + 4, (uint32_t)blen);
        out[6] = proto;
        out[7] = 64;
        memcpy(out + 8, src->addr, 16);
        memcpy(out + 24, dst->addr, 16);
    } else {
        out[0] = 0x45;
        out[1] = tos;
        put16(out + 2, (uint32_t)(hlen + blen));
        put16(out + 4, c->ipid++);
        put16(out + 6, proto == 1 ? 0 : 0x4000); /* Linux sends ICMP errors without DF */
        out[8] = 64;
        out[9] = proto;
        memcpy(out + 12, src->addr, 4);
        memcpy(out + 16, dst->addr, 4);
        put16(out + 10, fold(sum16(0, out, 20)));
    }
    return hlen + blen;
}

/* Builds the TCP/IP packet for s (without link layer) into out; returns its size. */
static size_t build_segment_ip(struct ctx *c, const struct seg *s, uint8_t *out)
{
    const struct conn *cn = &c->conns[s->conn];
    const struct endpoint *src = &cn->ep[s->dir], *dst = &cn->ep[!s->dir];
    uint8_t tcp[MAX_FRAME];
    size_t n = build_tcp(s, src, dst, tcp);
    return build_ip(c, src, dst, 6, 0, tcp, n, out);
}

/* Stores a copy of a frame, cut to snap bytes if non-zero, dt (or one step) after the last. */
static struct frame *add_frame(struct ctx *c, const uint8_t *data, size_t len, size_t snap,
                               int64_t dt)
{
    if (c->nframes == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        struct frame *nf = realloc(c->frames, c->cap * sizeof *nf);
        if (!nf)
            fail(c, "out of memory");
        c->frames = nf;
    }
    struct frame *f = &c->frames[c->nframes];
    memset(f, 0, sizeof *f);
    f->data = malloc(len);
    if (!f->data)
        fail(c, "out of memory");
    memcpy(f->data, data, len);
    f->len = len;
    f->caplen = snap && snap < len ? snap : len;
    if (c->nframes == 0)
        c->now = BASE_TIME_US + (dt >= 0 ? (uint64_t)dt : 0);
    else
        c->now += dt >= 0 ? (uint64_t)dt : c->step;
    f->ts = c->now;
    f->conn = -1;
    c->nframes++;
    return f;
}

/* Emits an IP packet sent in direction dir inside Ethernet, an optional VLAN tag and tunnel. */
static struct frame *emit_ip(struct ctx *c, const struct encap *e, int dir, int v6,
                             const uint8_t *ip, size_t iplen, size_t snap, int64_t dt)
{
    uint8_t buf[MAX_FRAME + 64];
    size_t off = 12;
    memcpy(buf, mac[!dir], 6);
    memcpy(buf + 6, mac[dir], 6);
    if (e->vlan >= 0) {
        put16(buf + off, 0x8100);
        put16(buf + off + 2, (uint32_t)e->vlan);
        off += 4;
    }
    put16(buf + off, e->tun != TUN_NONE || !v6 ? 0x0800 : 0x86dd);
    off += 2;
    size_t ip_off = off, total = off + iplen;
    if (e->tun == TUN_NONE) {
        memcpy(buf + off, ip, iplen);
    } else {
        struct endpoint osrc = {0}, odst = {0};
        uint8_t body[MAX_FRAME + 4];
        size_t blen = 0;
        memcpy(osrc.addr, e->outer[dir], 4);
        memcpy(odst.addr, e->outer[!dir], 4);
        if (e->tun == TUN_GRE) {
            put16(body, 0);
            put16(body + 2, v6 ? 0x86dd : 0x0800);
            blen = 4;
        }
        memcpy(body + blen, ip, iplen);
        ip_off = off + 20 + blen;
        uint8_t proto = e->tun == TUN_GRE ? 47 : v6 ? 41 : 4;
        total = off + build_ip(c, &osrc, &odst, proto, 0, body, blen + iplen, buf + off);
    }
    struct frame *f = add_frame(c, buf, total, snap, dt);
    f->ip_off = ip_off;
    f->ip_len = iplen;
    f->enc = *e;
    f->dir = dir;
    return f;
}

/* Emits an ICMP port unreachable (IPv4 3/3, ICMPv6 1/4) from the destination of the quoted packet
 * ip (sent in dir) back to its source; opt->quote = transport bytes kept, -1 = as many as fit. */
static void emit_icmp(struct ctx *c, int conn, int dir, const uint8_t *ip, size_t iplen,
                      const struct seg *opt)
{
    const struct conn *cn = &c->conns[conn];
    const struct endpoint *src = &cn->ep[!dir], *dst = &cn->ep[dir];
    int v6 = src->v6;
    size_t hlen = v6 ? 40 : 20, max = v6 ? 1280 - 48 : 576 - 28;
    size_t qlen = opt->quote >= 0 ? hlen + (size_t)opt->quote : max;
    uint8_t msg[MAX_FRAME], pkt[MAX_FRAME + 64];
    if (qlen > iplen)
        qlen = iplen;
    if (qlen > max)
        qlen = max;
    memset(msg, 0, 8);
    msg[0] = v6 ? 1 : 3;
    msg[1] = v6 ? 4 : 3;
    memcpy(msg + 8, ip, qlen);
    uint32_t sum = v6 ? pseudo_sum(src, dst, 58, 8 + qlen) : 0;
    put16(msg + 2, fold(sum16(sum, msg, 8 + qlen)));
    size_t n = build_ip(c, src, dst, v6 ? 58 : 1, v6 ? 0 : 0xc0, msg, 8 + qlen, pkt);
    emit_ip(c, &opt->enc, !dir, v6, pkt, n, opt->snap, opt->dt);
}

/* Handles: conn NAME CLIENT:PORT SERVER:PORT [vlan=N] [ipip=A,B | gre=A,B]. */
static void cmd_conn(struct ctx *c, char **tok, int ntok)
{
    struct seg opt;
    if (ntok < 3)
        fail(c, "expected: conn NAME CLIENT:PORT SERVER:PORT [vlan=N] [ipip=A,B|gre=A,B]");
    if (c->nconns == MAX_CONNS)
        fail(c, "too many connections (at most %d)", MAX_CONNS);
    if (strlen(tok[0]) >= sizeof c->conns[0].name ||
        strspn(tok[0], "abcdefghijklmnopqrstuvwxyz"
                       "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                       "0123456789_") != strlen(tok[0]))
        fail(c, "connection name '%s' must be up to 31 letters, digits or _", tok[0]);
    if (tok[0][0] >= '0' && tok[0][0] <= '9')
        fail(c, "connection name '%s' must not start with a digit", tok[0]);
    for (int i = 0; i < c->nconns; i++)
        if (strcmp(c->conns[i].name, tok[0]) == 0)
            fail(c, "connection '%s' is already declared", tok[0]);
    struct conn *cn = &c->conns[c->nconns];
    memset(cn, 0, sizeof *cn);
    strcpy(cn->name, tok[0]);
    parse_endpoint(c, tok[1], &cn->ep[0]);
    parse_endpoint(c, tok[2], &cn->ep[1]);
    if (cn->ep[0].v6 != cn->ep[1].v6)
        fail(c, "client and server must both be IPv4 or both IPv6");
    memset(&opt, 0, sizeof opt);
    opt.enc.vlan = -1;
    parse_opts(c, tok + 3, ntok - 3, K_ENCAP, &opt);
    cn->enc = opt.enc;
    c->nconns++;
}

/* Handles: seg CONN DIR FLAGS seq=N [ack=N] [...]: builds and emits one TCP segment. */
static void cmd_seg(struct ctx *c, char **tok, int ntok)
{
    static struct seg s;
    uint8_t ip[MAX_FRAME + 64];
    parse_segment(c, tok, ntok, K_SEGMENT, &s);
    size_t n = build_segment_ip(c, &s, ip);
    struct frame *f = emit_ip(c, &s.enc, s.dir, c->conns[s.conn].ep[0].v6, ip, n, s.snap, s.dt);
    f->conn = s.conn;
}

/* Handles: icmp FRAME [quote=N] [dt=D] [snap=N], or icmp CONN DIR FLAGS seq=N ... [quote=N]. */
static void cmd_icmp(struct ctx *c, char **tok, int ntok)
{
    static struct seg s;
    uint8_t ip[MAX_FRAME + 64];
    if (ntok >= 1 && tok[0][0] >= '0' && tok[0][0] <= '9') {
        size_t k = (size_t)parse_num(c, tok[0], c->nframes, "frame number");
        if (k == 0 || c->frames[k - 1].conn < 0)
            fail(c, "frame %zu is not an earlier TCP frame", k);
        const struct frame *f = &c->frames[k - 1];
        memset(&s, 0, sizeof s);
        s.dt = -1, s.quote = -1;
        s.enc = f->enc;
        parse_opts(c, tok + 1, ntok - 1, K_QUOTE | K_DT | K_SNAP, &s);
        memcpy(ip, f->data + f->ip_off, f->ip_len);
        emit_icmp(c, f->conn, f->dir, ip, f->ip_len, &s);
        return;
    }
    parse_segment(c, tok, ntok, K_SEGMENT | K_QUOTE, &s);
    size_t n = build_segment_ip(c, &s, ip);
    emit_icmp(c, s.conn, s.dir, ip, n, &s);
}

/* Handles: dup FRAME [dt=D]: repeats the stored bytes of an earlier frame with a new timestamp. */
static void cmd_dup(struct ctx *c, char **tok, int ntok)
{
    struct seg opt;
    if (ntok < 1)
        fail(c, "expected: dup FRAME [dt=D]");
    size_t k = (size_t)parse_num(c, tok[0], c->nframes, "frame number");
    if (k == 0)
        fail(c, "frame numbers start at 1");
    memset(&opt, 0, sizeof opt);
    opt.dt = -1;
    parse_opts(c, tok + 1, ntok - 1, K_DT, &opt);
    struct frame old = c->frames[k - 1]; /* copy: add_frame may move the array */
    struct frame *f = add_frame(c, old.data, old.len, old.caplen, opt.dt);
    f->ip_off = old.ip_off, f->ip_len = old.ip_len, f->enc = old.enc;
    f->conn = old.conn, f->dir = old.dir;
}

/* Splits line into words (a "..." keeps spaces, # starts a comment); returns the word count. */
static int tokenize(const struct ctx *c, char *line, char **tok)
{
    int n = 0;
    char *p = line;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        if (*p == '\0' || *p == '#')
            return n;
        if (n == MAX_TOKENS)
            fail(c, "too many words on one line");
        tok[n++] = p;
        int quoted = 0;
        for (; *p && (quoted || !(*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')); p++) {
            if (*p == '"')
                quoted = !quoted;
            else if (*p == '\\' && quoted && p[1])
                p++;
        }
        if (quoted)
            fail(c, "unterminated string");
        if (*p)
            *p++ = '\0';
    }
}

/* Writes all frames as a little-endian classic pcap (Ethernet, microseconds); 0 on success. */
static int write_pcap(const struct ctx *c, const char *path)
{
    uint8_t h[24];
    FILE *out = fopen(path, "wb");
    if (!out)
        return -1;
    pcap_file_header(h, 262144);
    fwrite(h, 1, sizeof h, out);
    for (size_t i = 0; i < c->nframes; i++) {
        const struct frame *f = &c->frames[i];
        pcap_record_header(h, f->ts, (uint32_t)f->caplen, (uint32_t)f->len);
        fwrite(h, 1, 16, out);
        fwrite(f->data, 1, f->caplen, out);
    }
    int bad = ferror(out);
    return fclose(out) == 0 && !bad ? 0 : -1;
}

/* Reads the scenario named on the command line and writes the capture; exit 2 on a bad script. */
int main(int argc, char **argv)
{
    static struct ctx c;
    char line[MAX_LINE + 2], *tok[MAX_TOKENS];
    if (argc != 3) {
        fprintf(stderr, "usage: %s SCRIPT.txt OUT.pcap\n", argv[0]);
        return 2;
    }
    c.file = argv[1];
    c.step = 1000;
    c.ipid = 0x1000;
    FILE *in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 2;
    }
    while (fgets(line, sizeof line, in)) {
        c.line++;
        if (!strchr(line, '\n') && !feof(in))
            fail(&c, "line longer than %d characters", MAX_LINE);
        int n = tokenize(&c, line, tok);
        if (n == 0)
            continue;
        if (strcmp(tok[0], "conn") == 0)
            cmd_conn(&c, tok + 1, n - 1);
        else if (strcmp(tok[0], "seg") == 0)
            cmd_seg(&c, tok + 1, n - 1);
        else if (strcmp(tok[0], "icmp") == 0)
            cmd_icmp(&c, tok + 1, n - 1);
        else if (strcmp(tok[0], "dup") == 0)
            cmd_dup(&c, tok + 1, n - 1);
        else if (strcmp(tok[0], "step") == 0 && n == 2)
            c.step = parse_duration(&c, tok[1]);
        else if (strcmp(tok[0], "step") == 0)
            fail(&c, "expected: step DURATION");
        else
            fail(&c, "unknown command '%s' (conn, seg, icmp, dup, step DURATION)", tok[0]);
    }
    fclose(in);
    if (c.nframes == 0)
        fail(&c, "the script produces no frames");
    if (write_pcap(&c, argv[2]) != 0) {
        perror(argv[2]);
        return 1;
    }
    for (size_t i = 0; i < c.nframes; i++)
        free(c.frames[i].data);
    free(c.frames);
    return 0;
}
