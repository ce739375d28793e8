/* Unit tests of the Wireshark-free capture reader: pcap and pcapng in both byte orders, chunked
 * input, link types, IP layers, tunnels, ICMP quotes, cut and malformed files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tcpteach/capture.h"
#include "tcpteach/segment.h"

/* ---- Building files ---- */

typedef struct bytes {
    uint8_t d[8192];
    size_t n;
    int be; /* numbers written big-endian */
} bytes;

static void put(bytes *b, const void *p, size_t n)
{
    memcpy(b->d + b->n, p, n);
    b->n += n;
}

static void u8(bytes *b, uint8_t v)
{
    put(b, &v, 1);
}

static void u16(bytes *b, uint16_t v)
{
    uint8_t x[2] = {(uint8_t)(b->be ? v >> 8 : v), (uint8_t)(b->be ? v : v >> 8)};
    put(b, x, 2);
}

static void u32(bytes *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        u8(b, (uint8_t)(b->be ? v >> (24 - 8 * i) : v >> (8 * i)));
}

static void n16(bytes *b, uint16_t v) /* network order, whatever the file's */
{
    u8(b, (uint8_t)(v >> 8));
    u8(b, (uint8_t)v);
}

static void n32(bytes *b, uint32_t v)
{
    n16(b, (uint16_t)(v >> 16));
    n16(b, (uint16_t)v);
}

/* A TCP SYN from port 40000 to 80, seq 1000, with MSS and window scale 7. */
static void tcp_syn(bytes *b)
{
    n16(b, 40000);
    n16(b, 80);
    n32(b, 1000);
    n32(b, 0);
    u8(b, 0x80); /* 32 bytes: 12 of options */
    u8(b, TT_SYN);
    n16(b, 64240);
    n16(b, 0);
    n16(b, 0);
    static const uint8_t opts[12] = {2, 4, 0x05, 0xb4, 1, 3, 3, 7, 4, 2, 0, 0};
    put(b, opts, sizeof opts);
}

/* An IPv4 header of protocol proto carrying payload bytes, 10.0.0.1 to 10.0.0.2 (a, b last bytes).
 */
static void ipv4(bytes *b, uint8_t proto, size_t payload, uint8_t a, uint8_t z, uint16_t frag)
{
    static const uint8_t head[2] = {0x45, 0};
    put(b, head, 2);
    n16(b, (uint16_t)(20 + payload));
    n16(b, 1);
    n16(b, frag);
    u8(b, 64);
    u8(b, proto);
    n16(b, 0);
    n32(b, 0x0a000000u | a);
    n32(b, 0x0a000000u | z);
}

static void ipv6(bytes *b, uint8_t next, size_t payload)
{
    n32(b, 0x60000000u);
    n16(b, (uint16_t)payload);
    u8(b, next);
    u8(b, 64);
    for (int i = 0; i < 2; i++) {
        n32(b, 0x20010db8u);
        n32(b, 0);
        n32(b, 0);
        n32(b, (uint32_t)i + 1);
    }
}

static void ether(bytes *b, uint16_t type)
{
    static const uint8_t macs[12] = {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2};
    put(b, macs, 12);
    n16(b, type);
}

/* Frame: Ethernet, IPv4, the SYN. */
static void eth_ipv4_syn(bytes *b)
{
    ether(b, 0x0800);
    ipv4(b, 6, 32, 1, 2, 0x4000);
    tcp_syn(b);
}

static void pcap_header(bytes *b, int nano, uint32_t linktype)
{
    u32(b, nano ? 0xa1b23c4du : 0xa1b2c3d4u);
    u16(b, 2);
    u16(b, 4);
    u32(b, 0);
    u32(b, 0);
    u32(b, 65535);
    u32(b, linktype);
}

static void pcap_record(bytes *b, uint32_t sec, uint32_t frac, const bytes *frame, uint32_t caplen)
{
    u32(b, sec);
    u32(b, frac);
    u32(b, caplen);
    u32(b, (uint32_t)frame->n);
    put(b, frame->d, caplen);
}

/* ---- Reading ---- */

typedef struct got {
    int n;
    tt_cap_frame f[16];
    tt_decoded d[16];
    tt_tcp_header h[16];
} got;

static bool collect(void *ctx, const tt_cap_frame *f)
{
    got *g = (got *)ctx;
    if (g->n < 16) {
        g->f[g->n] = *f;
        g->f[g->n].data = NULL;
        g->d[g->n] = tt_decode_frame(f, &g->h[g->n]);
        g->n++;
    }
    return true;
}

/* Reads b in chunks of `chunk` bytes; returns tt_cap_end's status (or the first failure). */
static tt_cap_status read_all(const bytes *b, size_t chunk, got *g, tt_cap_reader *r)
{
    tt_cap_status s = TT_CAP_OK;

    memset(g, 0, sizeof *g);
    tt_cap_init(r);
    for (size_t at = 0; at < b->n && s == TT_CAP_OK; at += chunk)
        s = tt_cap_feed(r, b->d + at, at + chunk > b->n ? b->n - at : chunk, collect, g);
    if (s == TT_CAP_OK)
        s = tt_cap_end(r);
    tt_cap_free(r);
    return s;
}

static void assert_syn(const got *g, int i)
{
    const tt_tcp_header *h = &g->h[i];
    assert_int_equal(g->d[i], TT_DEC_TCP);
    assert_int_equal(h->sport, 40000);
    assert_int_equal(h->dport, 80);
    assert_int_equal(h->seq, 1000);
    assert_int_equal(h->flags, TT_SYN);
    assert_int_equal(h->hlen, 32);
    assert_int_equal(h->reported, 32);
    assert_int_equal(h->win, 64240);
    assert_int_equal(h->wscale, 7);
}

static void test_pcap_both_orders(void **state)
{
    (void)state;
    for (int be = 0; be < 2; be++) {
        bytes frame = {.n = 0}, file = {.n = 0, .be = be};
        tt_cap_reader r;
        got g;
        eth_ipv4_syn(&frame);
        pcap_header(&file, be, TT_LINK_ETHERNET);
        pcap_record(&file, 1700000000u, be ? 123456789u : 123456u, &frame, (uint32_t)frame.n);
        pcap_record(&file, 1700000001u, be ? 5000u : 5u, &frame, 30); /* cut inside IPv4 */
        assert_int_equal(read_all(&file, file.n, &g, &r), TT_CAP_OK);
        assert_int_equal(g.n, 2);
        assert_int_equal(g.f[0].number, 1);
        assert_int_equal(g.f[0].time_us, 1700000000123456ull);
        assert_int_equal(g.f[1].time_us, 1700000001000005ull);
        assert_syn(&g, 0);
        assert_int_equal(g.h[0].addr_len, 4);
        assert_int_equal(g.h[0].src[3], 1);
        assert_int_equal(g.h[0].dst[3], 2);
        assert_int_equal(g.d[1], TT_DEC_CUT);
    }
}

/* Byte by byte, a record cut by every chunk boundary, gives the same frames. */
static void test_chunks(void **state)
{
    bytes frame = {.n = 0}, file = {.n = 0};
    tt_cap_reader r;
    got g;

    (void)state;
    eth_ipv4_syn(&frame);
    pcap_header(&file, 0, TT_LINK_ETHERNET);
    for (uint32_t i = 0; i < 3; i++)
        pcap_record(&file, i, 0, &frame, (uint32_t)frame.n);
    for (size_t chunk = 1; chunk < 40; chunk += 3) {
        assert_int_equal(read_all(&file, chunk, &g, &r), TT_CAP_OK);
        assert_int_equal(g.n, 3);
        assert_syn(&g, 2);
        assert_int_equal(g.f[2].number, 3);
    }
}

static void pcapng_block(bytes *b, uint32_t type, const bytes *body)
{
    uint32_t total = 12 + (uint32_t)((body->n + 3) & ~(size_t)3);
    static const uint8_t pad[4] = {0};
    u32(b, type);
    u32(b, total);
    put(b, body->d, body->n);
    put(b, pad, (4 - body->n % 4) % 4);
    u32(b, total);
}

/* A pcapng file: an Ethernet interface (microseconds), a raw IPv6 one (nanoseconds), packets on
 * both, a simple packet block and an unknown block. */
static void make_pcapng(bytes *file, int be)
{
    bytes shb = {.n = 0, .be = be}, idb = {.n = 0, .be = be}, epb = {.n = 0, .be = be};
    bytes frame = {.n = 0}, frame6 = {.n = 0};

    u32(&shb, 0x1A2B3C4Du);
    u16(&shb, 1);
    u16(&shb, 0);
    u32(&shb, 0xffffffffu);
    u32(&shb, 0xffffffffu);
    pcapng_block(file, 0x0A0D0D0Au, &shb);
    u16(&idb, TT_LINK_ETHERNET);
    u16(&idb, 0);
    u32(&idb, 0);
    pcapng_block(file, 1, &idb);
    idb.n = 0;
    u16(&idb, TT_LINK_RAW);
    u16(&idb, 0);
    u32(&idb, 0);
    u16(&idb, 9); /* if_tsresol: nanoseconds */
    u16(&idb, 1);
    u8(&idb, 9);
    u8(&idb, 0);
    u16(&idb, 0);
    u16(&idb, 0); /* opt_endofopt */
    u16(&idb, 0);
    pcapng_block(file, 1, &idb);

    eth_ipv4_syn(&frame);
    ipv6(&frame6, 6, 32);
    tcp_syn(&frame6);
    u32(&epb, 1); /* interface 1, time 1.5 s in ns */
    u32(&epb, 0);
    u32(&epb, 1500000000u);
    u32(&epb, (uint32_t)frame6.n);
    u32(&epb, (uint32_t)frame6.n);
    put(&epb, frame6.d, frame6.n);
    pcapng_block(file, 6, &epb);
    epb.n = 0;
    u32(&epb, 0); /* interface 0, time 2 s in us */
    u32(&epb, 0);
    u32(&epb, 2000000u);
    u32(&epb, (uint32_t)frame.n);
    u32(&epb, (uint32_t)frame.n);
    put(&epb, frame.d, frame.n);
    pcapng_block(file, 6, &epb);
    epb.n = 0;
    u32(&epb, 0x12345678u); /* an unknown block type: skipped */
    pcapng_block(file, 0x40000BADu, &epb);
    epb.n = 0;
    u32(&epb, (uint32_t)frame.n); /* simple packet block: interface 0 */
    put(&epb, frame.d, frame.n);
    pcapng_block(file, 3, &epb);
}

static void test_pcapng_both_orders(void **state)
{
    (void)state;
    for (int be = 0; be < 2; be++) {
        bytes file = {.n = 0, .be = be};
        tt_cap_reader r;
        got g;
        make_pcapng(&file, be);
        for (size_t chunk = 7; chunk <= file.n; chunk += file.n - 7) {
            assert_int_equal(read_all(&file, chunk, &g, &r), TT_CAP_OK);
            assert_int_equal(g.n, 3);
            assert_int_equal(g.f[0].linktype, TT_LINK_RAW);
            assert_int_equal(g.f[0].time_us, 1500000u);
            assert_syn(&g, 0);
            assert_int_equal(g.h[0].addr_len, 16);
            assert_int_equal(g.h[0].dst[15], 2);
            assert_int_equal(g.f[1].linktype, TT_LINK_ETHERNET);
            assert_int_equal(g.f[1].time_us, 2000000u);
            assert_syn(&g, 1);
            assert_int_equal(g.f[2].number, 3);
            assert_syn(&g, 2);
        }
    }
}

/* Decodes frame bytes b on link type lt. */
static tt_decoded decode(const bytes *b, uint32_t lt, tt_tcp_header *h)
{
    tt_cap_frame f = {1, 0, (uint32_t)b->n, (uint32_t)b->n, lt, b->d};
    return tt_decode_frame(&f, h);
}

static void test_link_types(void **state)
{
    tt_tcp_header h;
    bytes b;

    (void)state;
    b = (bytes){.n = 0}; /* QinQ: 802.1ad then 802.1Q */
    static const uint8_t macs[12] = {0};
    put(&b, macs, 12);
    n16(&b, 0x88a8);
    n16(&b, 100);
    n16(&b, 0x8100);
    n16(&b, 200);
    n16(&b, 0x0800);
    ipv4(&b, 6, 32, 1, 2, 0);
    tcp_syn(&b);
    assert_int_equal(decode(&b, TT_LINK_ETHERNET, &h), TT_DEC_TCP);
    assert_int_equal(h.sport, 40000);

    b = (bytes){.n = 0}; /* Linux cooked v1: protocol at 14 */
    for (int i = 0; i < 14; i++)
        u8(&b, 0);
    n16(&b, 0x86DD);
    ipv6(&b, 6, 32);
    tcp_syn(&b);
    assert_int_equal(decode(&b, TT_LINK_SLL, &h), TT_DEC_TCP);
    assert_int_equal(h.addr_len, 16);

    b = (bytes){.n = 0}; /* Linux cooked v2: protocol first, 20 bytes */
    n16(&b, 0x0800);
    for (int i = 0; i < 18; i++)
        u8(&b, 0);
    ipv4(&b, 6, 32, 1, 2, 0);
    tcp_syn(&b);
    assert_int_equal(decode(&b, TT_LINK_SLL2, &h), TT_DEC_TCP);

    for (int order = 0; order < 2; order++) { /* BSD loopback in either byte order */
        b = (bytes){.n = 0, .be = order};
        u32(&b, 2);
        ipv4(&b, 6, 32, 1, 2, 0);
        tcp_syn(&b);
        assert_int_equal(decode(&b, TT_LINK_NULL, &h), TT_DEC_TCP);
        b.d[0] = b.be ? 0 : 24; /* AF_INET6 (BSD): the IPv4 header is then wrong */
        b.d[3] = b.be ? 24 : 0;
        assert_int_equal(decode(&b, TT_LINK_NULL, &h), TT_DEC_MALFORMED);
    }
    b = (bytes){.n = 0, .be = 1};
    u32(&b, 30); /* DLT_LOOP: network order; 30 is AF_INET6 on Darwin */
    ipv6(&b, 6, 32);
    tcp_syn(&b);
    assert_int_equal(decode(&b, TT_LINK_LOOP, &h), TT_DEC_TCP);

    b = (bytes){.n = 0};
    ipv4(&b, 6, 32, 1, 2, 0);
    tcp_syn(&b);
    assert_int_equal(decode(&b, TT_LINK_RAW4, &h), TT_DEC_TCP);
    assert_int_equal(decode(&b, 147, &h), TT_DEC_LINK_UNSUPPORTED);

    b = (bytes){.n = 0};
    ether(&b, 0x0806); /* ARP */
    for (int i = 0; i < 28; i++)
        u8(&b, 0);
    assert_int_equal(decode(&b, TT_LINK_ETHERNET, &h), TT_DEC_NOT_IP);
}

static void test_ip_layers(void **state)
{
    tt_tcp_header h;
    bytes b;

    (void)state;
    b = (bytes){.n = 0}; /* IPv6 hop-by-hop, then destination options, then TCP */
    ipv6(&b, 0, 8 + 16 + 32);
    u8(&b, 60);
    u8(&b, 0);
    for (int i = 0; i < 6; i++)
        u8(&b, 0);
    u8(&b, 6);
    u8(&b, 1);
    for (int i = 0; i < 14; i++)
        u8(&b, 0);
    tcp_syn(&b);
    assert_int_equal(decode(&b, TT_LINK_RAW, &h), TT_DEC_TCP);
    assert_int_equal(h.reported, 32);
    assert_int_equal(h.wscale, 7);

    b = (bytes){.n = 0}; /* IPv6 fragment with more fragments */
    ipv6(&b, 44, 8 + 32);
    u8(&b, 6);
    u8(&b, 0);
    n16(&b, 1);
    n32(&b, 7);
    tcp_syn(&b);
    assert_int_equal(decode(&b, TT_LINK_RAW, &h), TT_DEC_FRAGMENT);

    b = (bytes){.n = 0}; /* IPv4 fragment (more fragments) */
    ipv4(&b, 6, 32, 1, 2, 0x2000);
    tcp_syn(&b);
    assert_int_equal(decode(&b, TT_LINK_RAW, &h), TT_DEC_FRAGMENT);

    b = (bytes){.n = 0}; /* IPv4 in IPv4: the inner addresses are the segment's */
    ipv4(&b, 4, 20 + 32, 8, 9, 0);
    ipv4(&b, 6, 32, 1, 2, 0);
    tcp_syn(&b);
    assert_int_equal(decode(&b, TT_LINK_RAW, &h), TT_DEC_TCP);
    assert_int_equal(h.src[3], 1);

    b = (bytes){.n = 0}; /* GRE with a key, carrying IPv4 */
    ipv4(&b, 47, 8 + 20 + 32, 8, 9, 0);
    n16(&b, 0x2000);
    n16(&b, 0x0800);
    n32(&b, 42);
    ipv4(&b, 6, 32, 3, 4, 0);
    tcp_syn(&b);
    assert_int_equal(decode(&b, TT_LINK_RAW, &h), TT_DEC_TCP);
    assert_int_equal(h.src[3], 3);
    assert_int_equal(h.dst[3], 4);

    b = (bytes){.n = 0}; /* UDP */
    ipv4(&b, 17, 8, 1, 2, 0);
    n32(&b, 0);
    n32(&b, 0);
    assert_int_equal(decode(&b, TT_LINK_RAW, &h), TT_DEC_NOT_TCP);

    b = (bytes){.n = 0}; /* IPv4 total length beyond the payload: the frame's length counts */
    ipv4(&b, 6, 32 + 100, 1, 2, 0);
    tcp_syn(&b);
    assert_int_equal(decode(&b, TT_LINK_RAW, &h), TT_DEC_TCP);
    assert_int_equal(h.reported, 32);

    b = (bytes){.n = 0}; /* an Ethernet trailer after the IP datagram is not TCP payload */
    eth_ipv4_syn(&b);
    for (int i = 0; i < 6; i++)
        u8(&b, 0xee);
    assert_int_equal(decode(&b, TT_LINK_ETHERNET, &h), TT_DEC_TCP);
    assert_int_equal(h.reported, 32);

    b = (bytes){.n = 0}; /* version 5 in an IPv4 ethertype */
    ipv4(&b, 6, 32, 1, 2, 0);
    b.d[0] = 0x55;
    tcp_syn(&b);
    assert_int_equal(decode(&b, TT_LINK_RAW4, &h), TT_DEC_MALFORMED);
}

static void test_icmp_quotes(void **state)
{
    tt_tcp_header h;
    bytes b;

    (void)state;
    b = (bytes){.n = 0}; /* port unreachable quoting the whole SYN */
    ipv4(&b, 1, 8 + 20 + 32, 2, 1, 0);
    n32(&b, 0x03030000u);
    n32(&b, 0);
    ipv4(&b, 6, 32, 1, 2, 0);
    tcp_syn(&b);
    assert_int_equal(decode(&b, TT_LINK_RAW, &h), TT_DEC_TCP_QUOTED);
    assert_int_equal(h.src[3], 1); /* the quoted datagram's addresses */
    assert_int_equal(h.sport, 40000);

    b.n = 20 + 8 + 20 + 8; /* RFC 792: the quote ends 8 bytes into TCP */
    b.d[3] = (uint8_t)b.n;
    assert_int_equal(decode(&b, TT_LINK_RAW, &h), TT_DEC_NOT_TCP);

    b = (bytes){.n = 0}; /* an echo request is no quote */
    ipv4(&b, 1, 8, 1, 2, 0);
    n32(&b, 0x08000000u);
    n32(&b, 0);
    assert_int_equal(decode(&b, TT_LINK_RAW, &h), TT_DEC_NOT_TCP);
}

static void test_bad_files(void **state)
{
    bytes frame = {.n = 0}, file = {.n = 0};
    tt_cap_reader r;
    got g;

    (void)state;
    eth_ipv4_syn(&frame);
    pcap_header(&file, 0, TT_LINK_ETHERNET);
    pcap_record(&file, 1, 0, &frame, (uint32_t)frame.n);
    pcap_record(&file, 2, 0, &frame, (uint32_t)frame.n);
    file.n -= 5; /* cut inside the second record */
    assert_int_equal(read_all(&file, 9, &g, &r), TT_CAP_TRUNCATED);
    assert_int_equal(g.n, 1);
    assert_non_null(strstr(r.error, "ends inside a record"));

    file = (bytes){.n = 0};
    put(&file, "hello, this is text and no capture", 34);
    assert_int_equal(read_all(&file, 5, &g, &r), TT_CAP_NOT_CAPTURE);
    assert_int_equal(g.n, 0);

    file = (bytes){.n = 0};
    make_pcapng(&file, 0);
    file.d[file.n - 1] ^= 0x40; /* the last block's trailing length differs */
    assert_int_equal(read_all(&file, file.n, &g, &r), TT_CAP_MALFORMED);
    assert_int_equal(g.n, 2);
    assert_non_null(strstr(r.error, "two lengths differ"));

    file = (bytes){.n = 0};
    pcap_header(&file, 0, TT_LINK_ETHERNET);
    u32(&file, 1);
    u32(&file, 0);
    u32(&file, 0x7fffffffu); /* an impossible record length */
    u32(&file, 60);
    assert_int_equal(read_all(&file, file.n, &g, &r), TT_CAP_MALFORMED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pcap_both_orders),   cmocka_unit_test(test_chunks),
        cmocka_unit_test(test_pcapng_both_orders), cmocka_unit_test(test_link_types),
        cmocka_unit_test(test_ip_layers),          cmocka_unit_test(test_icmp_quotes),
        cmocka_unit_test(test_bad_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
