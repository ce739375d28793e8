/* tcpteach-wire: a slow wire that relays Ethernet frames after a delay, optionally with a TAP. */
#define _GNU_SOURCE
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The lab's kernel may lack tc netem; this program stands in for "tc qdisc ... netem delay".
 * It runs in a namespace of its own between the two hosts' veth ends, like a cable. With --tap
 * it is also a network TAP with one output per direction, merged onto one interface: each
 * relayed frame is copied out of the tap interface after its direction's own delay, so a
 * capture there can record a frame before one that went the other way earlier. */

#define SLOT_BYTES  2048 /* larger frames (none in the lab) are dropped */
#define QUEUE_SLOTS 1024 /* frames in flight at once */

/* One frame waiting for its departure time. */
struct frame {
    long long due_ms; /* CLOCK_MONOTONIC milliseconds when it may leave */
    int out_fd;       /* socket of the interface it leaves by */
    size_t len;
    unsigned char data[SLOT_BYTES];
};

/* Frames in due order: a ring buffer, as every frame of one queue waits the same delay. */
struct queue {
    struct frame slot[QUEUE_SLOTS];
    size_t head, count;
};

/* The tap: its socket and, per direction (0: IFACE1 -> IFACE2, 1: IFACE2 -> IFACE1), the delay
 * of its copies. */
struct tap {
    int fd; /* -1 without --tap */
    unsigned long delay[2];
};

static struct queue relay_queue;  /* both directions, one delay */
static struct queue tap_queue[2]; /* the tap's copies, one queue per direction */
static volatile sig_atomic_t stop_requested;

/* Signal handler for SIGINT/SIGTERM: asks the main loop to end. */
static void request_stop(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* Returns the current CLOCK_MONOTONIC time in milliseconds. */
static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Prints the --help text on stdout. */
static void print_help(void)
{
    printf("usage: tcpteach-wire --delay MS [--tap IFACE [--tap-delay-12 MS] [--tap-delay-21 MS]]\n"
           "                     IFACE1 IFACE2\n"
           "Relays every Ethernet frame that arrives on IFACE1 out of IFACE2 and back, each\n"
           "after MS milliseconds: a cable with a one-way delay, for kernels without tc netem.\n"
           "TCP checksums left to offload by the sending veth are filled in on the way.\n"
           "With --tap it is also a network TAP with one output per direction, both merged onto\n"
           "IFACE: a copy of every relayed frame leaves by IFACE (nothing is read from it) a\n"
           "delay after the frame arrived, its direction's own: the two outputs' buffering.\n"
           "Runs until SIGINT or SIGTERM. Needs CAP_NET_RAW.\n"
           "\n"
           "  -d, --delay MS         one-way delay in milliseconds (required, 0-10000)\n"
           "  -T, --tap IFACE        copy every relayed frame out of IFACE, like a TAP\n"
           "      --tap-delay-12 MS  delay of the tap's copies of IFACE1 -> IFACE2 frames\n"
           "                         (0-10000, default 0; needs --tap)\n"
           "      --tap-delay-21 MS  the same for IFACE2 -> IFACE1 frames\n"
           "  -q, --quiet            print nothing but errors\n"
           "  -h, --help             show this help and exit\n"
           "\n"
           "Exit status: 0 stopped by a signal, 1 a socket error, 2 a bad command line.\n"
           "Example: tcpteach-wire --delay 0 --tap tap0 --tap-delay-12 50 veth-c veth-s\n");
}

/* Fills in the TCP checksum of SEG (LEN bytes of TCP header and data), given the partial sum
 * PSEUDO of the pseudo-header (addresses, protocol, length). */
static void set_tcp_checksum(unsigned char *seg, size_t len, unsigned long pseudo)
{
    unsigned long sum;

    if (len < 20)
        return;
    seg[16] = seg[17] = 0;
    sum = sum_words(seg, len, pseudo);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    sum = ~sum & 0xffff;
    seg[16] = (unsigned char)(sum >> 8);
    seg[17] = (unsigned char)(sum & 0xff);
}

/* Recomputes the TCP checksum of an Ethernet FRAME of LEN bytes carrying IPv4 or IPv6
 * (without extension headers); other frames are left alone. */
static void fix_tcp_checksum(unsigned char *frame, size_t len)
{
    unsigned char *ip = frame + ETH_HLEN;
    unsigned type;

    if (len < ETH_HLEN + 40)
        return;
    type = (unsigned)(frame[12] << 8 | frame[13]);
    if (type == ETHERTYPE_IP && ip[9] == IPPROTO_TCP) {
        size_t ihl = (size_t)(ip[0] & 0x0f) * 4, total = (size_t)(ip[2] << 8 | ip[3]);
        if (total > len - ETH_HLEN || total < ihl + 20)
            return;
        set_tcp_checksum(ip + ihl, total - ihl,
                         sum_words(ip + 12, 8, IPPROTO_TCP + (unsigned long)(total - ihl)));
    } else if (type == ETHERTYPE_IPV6 && ip[6] == IPPROTO_TCP) {
        size_t payload = (size_t)(ip[4] << 8 | ip[5]);
        if (payload + 40 > len - ETH_HLEN || payload < 20)
            return;
        set_tcp_checksum(ip + 40, payload,
                         sum_words(ip + 8, 32, IPPROTO_TCP + (unsigned long)payload));
    }
}

/* Appends a copy of FRAME to Q, due at DUE_MS and to leave by OUT_FD; returns false (nothing
 * queued) when Q is full. */
static bool enqueue(struct queue *q, const struct frame *frame, long long due_ms, int out_fd)
{
    struct frame *f;

    if (q->count == QUEUE_SLOTS)
        return false;
    f = &q->slot[(q->head + q->count) % QUEUE_SLOTS];
    memcpy(f->data, frame->data, frame->len);
    f->len = frame->len;
    f->due_ms = due_ms;
    f->out_fd = out_fd;
    q->count++;
    return true;
}

/* Reads one frame from IN_FD and queues it to leave by OUT_FD DELAY ms from now (dropped when
 * the queue is full or the frame too long); with a tap (TAP->fd != -1), a copy of each relayed
 * frame is also queued to leave by the tap TAP->delay[DIRECTION] ms from now. */
static void take_frame(int in_fd, int out_fd, unsigned long delay, const struct tap *tap,
                       int direction)
{
    static struct frame in; /* the frame read, before it is queued */
    struct sockaddr_ll from;
    socklen_t from_len = sizeof(from);
    ssize_t n =
        recvfrom(in_fd, in.data, SLOT_BYTES, MSG_TRUNC, (struct sockaddr *)&from, &from_len);
    long long now = now_ms();

    if (n <= 0 || from.sll_pkttype == PACKET_OUTGOING || n > SLOT_BYTES)
        return;
    in.len = (size_t)n;
    fix_tcp_checksum(in.data, in.len);
    if (!enqueue(&relay_queue, &in, now + (long long)delay, out_fd))
        return;
    if (tap->fd != -1)
        enqueue(&tap_queue[direction], &in, now + (long long)tap->delay[direction], tap->fd);
}

/* Sends every queued frame whose time has come, the earliest due first across the relay queue
 * and the tap's; returns ms until the next one is due, or -1 when every queue is empty. */
static int send_due_frames(void)
{
    struct queue *queues[] = {&relay_queue, &tap_queue[0], &tap_queue[1]};

    for (;;) {
        struct queue *first = NULL;
        struct frame *f = NULL;
        long long wait;
        size_t i;

        for (i = 0; i < sizeof(queues) / sizeof(queues[0]); i++) {
            struct queue *q = queues[i];
            if (q->count > 0 && (f == NULL || q->slot[q->head].due_ms < f->due_ms)) {
                first = q;
                f = &q->slot[q->head];
            }
        }
        if (first == NULL)
            return -1;
        wait = f->due_ms - now_ms();
        if (wait > 0)
            return (int)wait;
        if (send(f->out_fd, f->data, f->len, 0) == -1)
            complain("send frame");
        first->head = (first->head + 1) % QUEUE_SLOTS;
        first->count--;
    }
}

/* Opens a packet socket that sends on interface NAME and receives nothing (protocol 0): the
 * tap's output. Returns the socket, or -1 after printing why (it needs CAP_NET_RAW). */
static int open_tap_socket(const char *name)
{
    struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_protocol = 0};
    int fd;

    sll.sll_ifindex = (int)if_nametoindex(name);
    if (sll.sll_ifindex == 0) {
        complain("interface %s", name);
        return -1;
    }
    fd = socket(AF_PACKET, SOCK_RAW, 0);
    if (fd == -1) {
        complain("packet socket (needs CAP_NET_RAW)");
        return -1;
    }
    if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) == -1) {
        complain("bind packet socket to %s", name);
        close(fd);
        return -1;
    }
    return fd;
}

/* Parses the options, then relays frames between the two interfaces until a signal. */
int main(int argc, char **argv)
{
    enum { OPT_TAP_DELAY_12 = 1000, OPT_TAP_DELAY_21 };
    static const struct option longs[] = {
        {"delay", required_argument, NULL, 'd'},
        {"tap", required_argument, NULL, 'T'},
        {"tap-delay-12", required_argument, NULL, OPT_TAP_DELAY_12},
        {"tap-delay-21", required_argument, NULL, OPT_TAP_DELAY_21},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct pollfd fds[2];
    struct sigaction sa;
    struct tap tap = {.fd = -1};
    const char *tap_name = NULL;
    unsigned long delay = 0;
    bool have_delay = false, have_tap_delay = false;
    int c;

    peer_name = "tcpteach-wire";
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:T:qh", longs, NULL)) != -1) {
        switch (c) {
        case 'd':
            delay = parse_number("--delay", optarg, 10000);
            have_delay = true;
            break;
        case 'T': tap_name = optarg; break;
        case OPT_TAP_DELAY_12:
            tap.delay[0] = parse_number("--tap-delay-12", optarg, 10000);
            have_tap_delay = true;
            break;
        case OPT_TAP_DELAY_21:
            tap.delay[1] = parse_number("--tap-delay-21", optarg, 10000);
            have_tap_delay = true;
            break;
        case 'q': peer_quiet = true; break;
        case 'h': print_help(); return EXIT_OK;
        default: usage_bad_option(c, optopt, argv[optind - 1]);
        }
    }
    if (!have_delay)
        usage_error("--delay MS is required");
    if (argc - optind != 2)
        usage_error("needs exactly two interface names");
    if (have_tap_delay && tap_name == NULL)
        usage_error("--tap-delay-12 and --tap-delay-21 need --tap IFACE");
    if (tap_name != NULL && (strlen(tap_name) == 0 || strlen(tap_name) >= IFNAMSIZ))
        usage_error("--tap: '%s' is not an interface name", tap_name);
    if (tap_name != NULL &&
        (strcmp(tap_name, argv[optind]) == 0 || strcmp(tap_name, argv[optind + 1]) == 0))
        usage_error("--tap: %s is one of the two relayed interfaces", tap_name);

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = request_stop;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    fds[0] = (struct pollfd){.fd = open_packet_socket(argv[optind], NULL), .events = POLLIN};
    fds[1] = (struct pollfd){.fd = open_packet_socket(argv[optind + 1], NULL), .events = POLLIN};
    if (fds[0].fd == -1 || fds[1].fd == -1)
        return EXIT_RUNTIME;
    if (tap_name != NULL && (tap.fd = open_tap_socket(tap_name)) == -1)
        return EXIT_RUNTIME;
    say("relaying %s <-> %s with %lu ms one-way delay", argv[optind], argv[optind + 1], delay);
    if (tap_name != NULL)
        say("tapping to %s: %s -> %s copies %lu ms late, %s -> %s copies %lu ms late", tap_name,
            argv[optind], argv[optind + 1], tap.delay[0], argv[optind + 1], argv[optind],
            tap.delay[1]);

    while (!stop_requested) {
        int timeout = send_due_frames();
        if (poll(fds, 2, timeout) == -1) {
            if (errno == EINTR)
                continue;
            complain("poll");
            return EXIT_RUNTIME;
        }
        if (fds[0].revents & POLLIN)
            take_frame(fds[0].fd, fds[1].fd, delay, &tap, 0);
        if (fds[1].revents & POLLIN)
            take_frame(fds[1].fd, fds[0].fd, delay, &tap, 1);
    }
    say("stopped");
    return EXIT_OK;
}
