/* tcpteach-wire: a slow wire, relays Ethernet frames between two interfaces after a delay. */
#define _GNU_SOURCE
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The lab's kernel may lack tc netem; this program stands in for "tc qdisc ... netem delay".
 * It runs in a namespace of its own between the two hosts' veth ends, like a cable. */

#define SLOT_BYTES  2048 /* larger frames (none in the lab) are dropped */
#define QUEUE_SLOTS 1024 /* frames in flight at once */

/* One frame waiting for its departure time. */
struct frame {
    long long due_ms; /* CLOCK_MONOTONIC milliseconds when it may leave */
    int out_fd;       /* socket of the interface it leaves by */
    size_t len;
    unsigned char data[SLOT_BYTES];
};

static struct frame queue[QUEUE_SLOTS]; /* ring buffer; constant delay keeps it in due order */
static size_t queue_head, queue_count;
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
    printf("usage: tcpteach-wire --delay MS IFACE1 IFACE2\n"
           "Relays every Ethernet frame that arrives on IFACE1 out of IFACE2 and back, each\n"
           "after MS milliseconds: a cable with a one-way delay, for kernels without tc netem.\n"
           "TCP checksums left to offload by the sending veth are filled in on the way.\n"
           "Runs until SIGINT or SIGTERM. Needs CAP_NET_RAW.\n"
           "\n"
           "  -d, --delay MS    one-way delay in milliseconds (required, at most 10000)\n"
           "  -q, --quiet       print nothing but errors\n"
           "  -h, --help        show this help and exit\n");
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

/* Reads one frame from IN_FD and queues it to leave by OUT_FD DELAY ms from now
 * (dropped when the queue is full or the frame too long). */
static void take_frame(int in_fd, int out_fd, unsigned long delay)
{
    static unsigned char overflow[SLOT_BYTES]; /* where a frame goes when the queue is full */
    struct frame *f = &queue[(queue_head + queue_count) % QUEUE_SLOTS];
    unsigned char *into = queue_count < QUEUE_SLOTS ? f->data : overflow;
    struct sockaddr_ll from;
    socklen_t from_len = sizeof(from);
    ssize_t n = recvfrom(in_fd, into, SLOT_BYTES, MSG_TRUNC, (struct sockaddr *)&from, &from_len);

    if (n <= 0 || into == overflow || from.sll_pkttype == PACKET_OUTGOING || n > SLOT_BYTES)
        return;
    f->len = (size_t)n;
    f->out_fd = out_fd;
    f->due_ms = now_ms() + (long long)delay;
    fix_tcp_checksum(f->data, f->len);
    queue_count++;
}

/* Sends every queued frame whose time has come; returns ms until the next one is due,
 * or -1 when the queue is empty. */
static int send_due_frames(void)
{
    while (queue_count > 0) {
        struct frame *f = &queue[queue_head];
        long long wait = f->due_ms - now_ms();
        if (wait > 0)
            return (int)wait;
        if (send(f->out_fd, f->data, f->len, 0) == -1)
            complain("send frame");
        queue_head = (queue_head + 1) % QUEUE_SLOTS;
        queue_count--;
    }
    return -1;
}

/* Parses the options, then relays frames between the two interfaces until a signal. */
int main(int argc, char **argv)
{
    static const struct option longs[] = {
        {"delay", required_argument, NULL, 'd'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct pollfd fds[2];
    struct sigaction sa;
    unsigned long delay = 0;
    bool have_delay = false;
    int c;

    peer_name = "tcpteach-wire";
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:qh", longs, NULL)) != -1) {
        switch (c) {
        case 'd':
            delay = parse_number("--delay", optarg, 10000);
            have_delay = true;
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

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = request_stop;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    fds[0] = (struct pollfd){.fd = open_packet_socket(argv[optind], NULL), .events = POLLIN};
    fds[1] = (struct pollfd){.fd = open_packet_socket(argv[optind + 1], NULL), .events = POLLIN};
    if (fds[0].fd == -1 || fds[1].fd == -1)
        return EXIT_RUNTIME;
    say("relaying %s <-> %s with %lu ms one-way delay", argv[optind], argv[optind + 1], delay);

    while (!stop_requested) {
        int timeout = send_due_frames();
        if (poll(fds, 2, timeout) == -1) {
            if (errno == EINTR)
                continue;
            complain("poll");
            return EXIT_RUNTIME;
        }
        if (fds[0].revents & POLLIN)
            take_frame(fds[0].fd, fds[1].fd, delay);
        if (fds[1].revents & POLLIN)
            take_frame(fds[1].fd, fds[0].fd, delay);
    }
    say("stopped");
    return EXIT_OK;
}
