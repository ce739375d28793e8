/* Helpers shared by the reference peers: argument parsing, addresses, timing and narration. */
#ifndef TCPTEACH_PEERS_COMMON_H
#define TCPTEACH_PEERS_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* Exit statuses of both peers. */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

/* Longest text of an address with its port: "[v6-address]:65535". */
#define ADDR_TEXT_LEN 64

/* The program name printed in front of every message; set once by main(). */
extern const char *peer_name;

/* When true, say() prints nothing (errors are still printed). */
extern bool peer_quiet;

/* Prints "NAME: MESSAGE (see --help)" on one line of stderr and exits with status 2. */
void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Reports a getopt_long failure as a usage error and never returns. RESULT is what getopt_long
 * returned (':' missing value, '?' unknown option), OPTOPT_VALUE its optopt, WORD argv[optind - 1].
 */
void usage_bad_option(int result, int optopt_value, const char *word) __attribute__((noreturn));

/* Returns the decimal TCP port 1..65535 written in TEXT; usage error naming OPTION otherwise. */
uint16_t parse_port(const char *option, const char *text);

/* Returns the decimal whole number 0..MAX written in TEXT; usage error naming OPTION otherwise. */
unsigned long parse_number(const char *option, const char *text, unsigned long max);

/* Fills *SS and *LEN from a numeric IPv4 or IPv6 address and a port; usage error naming OPTION
 * if TEXT is neither. */
void parse_address(const char *option, const char *text, uint16_t port, struct sockaddr_storage *ss,
                   socklen_t *len);

/* Writes "a.b.c.d:port" or "[v6]:port" for SA into BUF (ADDR_TEXT_LEN bytes) and returns BUF. */
const char *addr_text(const struct sockaddr *sa, char *buf);

/* Prints one narration line "NAME[pid]: MESSAGE" on stdout (unless quiet), flushed at once. */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints "NAME[pid]: MESSAGE: strerror(errno)" on stderr, like perror() with a format. */
void complain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Sleeps for MS milliseconds (nothing when MS is 0), resuming after signals. */
void sleep_ms(unsigned long ms);

/* Sets SO_RCVTIMEO and SO_SNDTIMEO of FD to MS milliseconds (0 = wait forever), so that
 * connect(), accept() and recv() give up with EAGAIN/EINPROGRESS instead of hanging.
 * Returns 0, or -1 with errno set. */
int set_timeouts(int fd, unsigned long ms);

/* Adds the 16-bit big-endian words of LEN bytes at P to SUM (ones' complement arithmetic, for
 * IP and TCP checksums). */
unsigned long sum_words(const unsigned char *p, size_t len, unsigned long sum);

/* Opens a raw packet socket bound to interface NAME in promiscuous mode, ignoring the frames it
 * sends itself; copies the interface's MAC address into MAC (6 bytes) unless MAC is NULL. Returns
 * the socket, or -1 after printing why (it needs CAP_NET_RAW). */
int open_packet_socket(const char *name, unsigned char *mac);

/* Sends all LEN bytes of BUF on FD (one send() in the normal case).
 * Returns 0, or -1 with errno set. */
int send_all(int fd, const void *buf, size_t len);

/* Prints a received chunk as narration: its size and its text with unprintable bytes as '.'. */
void say_received(const char *who, const char *buf, size_t len);

#endif
