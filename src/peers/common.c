/* Helpers shared by the reference peers: argument parsing, addresses, timing and narration. */
#define _GNU_SOURCE
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

const char *peer_name = "tcpteach-peer";
bool peer_quiet = false;

/* Prints "NAME: MESSAGE (see --help)" on one line of stderr and exits with status 2. */
void usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", peer_name);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (see %s --help)\n", peer_name);
    va_end(ap);
    exit(EXIT_USAGE);
}

/* Reports a getopt_long failure as a usage error. RESULT is what getopt_long returned (':' for
 * a missing value, '?' for an unknown option), OPTOPT_VALUE its optopt, WORD argv[optind - 1]. */
void usage_bad_option(int result, int optopt_value, const char *word)
{
    char short_name[3] = {'-', (char)optopt_value, '\0'};
    const char *name = (strncmp(word, "--", 2) == 0 || optopt_value == 0) ? word : short_name;

    if (result == ':')
        usage_error("option '%s' needs a value", name);
    usage_error("unknown option '%s'", name);
}

/* Returns the decimal whole number 0..MAX written in TEXT; usage error naming OPTION otherwise. */
unsigned long parse_number(const char *option, const char *text, unsigned long max)
{
    char *end = NULL;
    unsigned long value;

    if (text[0] < '0' || text[0] > '9')
        usage_error("%s: '%s' is not a whole number", option, text);
    errno = 0;
    value = strtoul(text, &end, 10);
    if (errno != 0 || *end != '\0')
        usage_error("%s: '%s' is not a whole number", option, text);
    if (value > max)
        usage_error("%s: %s is too large (at most %lu)", option, text, max);
    return value;
}

/* Returns the decimal TCP port 1..65535 written in TEXT; usage error naming OPTION otherwise. */
uint16_t parse_port(const char *option, const char *text)
{
    char *end = NULL;
    unsigned long value;

    errno = 0;
    value = (text[0] >= '0' && text[0] <= '9') ? strtoul(text, &end, 10) : 0;
    if (errno != 0 || end == NULL || *end != '\0' || value < 1 || value > 65535)
        usage_error("%s: '%s' is not a port number (1-65535)", option, text);
    return (uint16_t)value;
}

/* Fills *SS and *LEN from a numeric IPv4 or IPv6 address and a port; usage error naming OPTION
 * if TEXT is neither. */
void parse_address(const char *option, const char *text, uint16_t port, struct sockaddr_storage *ss,
                   socklen_t *len)
{
    struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;

    memset(ss, 0, sizeof(*ss));
    if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        *len = sizeof(*v4);
    } else if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        *len = sizeof(*v6);
    } else {
        usage_error("%s: '%s' is not a numeric IPv4 or IPv6 address", option, text);
    }
}

/* Writes "a.b.c.d:port" or "[v6]:port" for SA into BUF (ADDR_TEXT_LEN bytes) and returns BUF. */
const char *addr_text(const struct sockaddr *sa, char *buf)
{
    char host[INET6_ADDRSTRLEN] = "?";

    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *v4 = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &v4->sin_addr, host, sizeof(host));
        snprintf(buf, ADDR_TEXT_LEN, "%s:%u", host, ntohs(v4->sin_port));
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)sa;
        inet_ntop(AF_INET6, &v6->sin6_addr, host, sizeof(host));
        snprintf(buf, ADDR_TEXT_LEN, "[%s]:%u", host, ntohs(v6->sin6_port));
    } else {
        snprintf(buf, ADDR_TEXT_LEN, "(family %d)", sa->sa_family);
    }
    return buf;
}

/* Prints one narration line "NAME[pid]: MESSAGE" on stdout (unless quiet), flushed at once. */
void say(const char *fmt, ...)
{
    va_list ap;

    if (peer_quiet)
        return;
    va_start(ap, fmt);
    printf("%s[%ld]: ", peer_name, (long)getpid());
    vprintf(fmt, ap);
    printf("\n");
    fflush(stdout);
    va_end(ap);
}

/* Prints "NAME[pid]: MESSAGE: strerror(errno)" on stderr, like perror() with a format. */
void complain(const char *fmt, ...)
{
    int saved = errno;
    va_list ap;

    va_start(ap, fmt);
    fprintf(stderr, "%s[%ld]: ", peer_name, (long)getpid());
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, ": %s\n", strerror(saved));
    va_end(ap);
    errno = saved;
}

/* Sleeps for MS milliseconds (nothing when MS is 0), resuming after signals. */
void sleep_ms(unsigned long ms)
{
    struct timespec left = {.tv_sec = (time_t)(ms / 1000), .tv_nsec = (long)(ms % 1000) * 1000000L};

    int rc;

    do {
        rc = nanosleep(&left, &left);
    } while (rc == -1 && errno == EINTR);
}

/* Sets SO_RCVTIMEO and SO_SNDTIMEO of FD to MS milliseconds (0 = wait forever). */
int set_timeouts(int fd, unsigned long ms)
{
    struct timeval tv = {.tv_sec = (time_t)(ms / 1000), .tv_usec = (suseconds_t)(ms % 1000) * 1000};

    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == -1)
        return -1;
    return setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

/* Sends all LEN bytes of BUF on FD. MSG_NOSIGNAL turns a write to a reset connection into
 * an EPIPE error instead of a deadly SIGPIPE. */
int send_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;

    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n == -1) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Prints a received chunk as narration: its size and its text with unprintable bytes as '.'. */
void say_received(const char *who, const char *buf, size_t len)
{
    enum { SHOWN_MAX = 79 };
    char shown[SHOWN_MAX + 1];
    size_t i;

    for (i = 0; i < len && i < SHOWN_MAX; i++)
        shown[i] = (buf[i] >= 32 && buf[i] < 127) ? buf[i] : '.';
    shown[i] = '\0';
    say("received %zu bytes from %s: \"%s%s\"", len, who, shown, len > SHOWN_MAX ? "..." : "");
}

int open_packet_socket(const char *name, unsigned char *mac)
{
    struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL)};
    struct packet_mreq promisc = {.mr_type = PACKET_MR_PROMISC};
    struct ifreq ifr;
    int one = 1, fd;

    sll.sll_ifindex = (int)if_nametoindex(name);
    if (sll.sll_ifindex == 0) {
        complain("interface %s", name);
        return -1;
    }
    promisc.mr_ifindex = sll.sll_ifindex;
    fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
    if (fd == -1) {
        complain("packet socket (needs CAP_NET_RAW)");
        return -1;
    }
    memset(&ifr, 0, sizeof(ifr));
    memcpy(ifr.ifr_name, name, strnlen(name, sizeof(ifr.ifr_name) - 1));
    if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) == -1 ||
        setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &promisc, sizeof(promisc)) == -1 ||
        setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one)) == -1 ||
        (mac && ioctl(fd, SIOCGIFHWADDR, &ifr) == -1)) {
        complain("set up packet socket on %s", name);
        close(fd);
        return -1;
    }
    if (mac)
        memcpy(mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
    return fd;
}

unsigned long sum_words(const unsigned char *p, size_t len, unsigned long sum)
{
    size_t i;

    for (i = 0; i + 1 < len; i += 2)
        sum += (unsigned long)(p[i] << 8 | p[i + 1]);
    if (len & 1)
        sum += (unsigned long)(p[len - 1] << 8);
    return sum;
}
