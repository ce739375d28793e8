/* tcpteach-client: the lab's reference TCP client (connect, send, close in every way). */
#define _GNU_SOURCE
#include "common.h"

#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_MESSAGES 64

/* Everything the command line can choose. */
struct client_options {
    struct sockaddr_storage server; /* server's address and port */
    socklen_t server_len;
    const char *messages[MAX_MESSAGES]; /* texts to send, in order */
    size_t message_count;
    unsigned long send_delay;  /* ms between connect and the first message */
    unsigned long send_gap;    /* ms between two messages */
    unsigned long close_delay; /* ms before close() */
    bool read_reply;           /* read one answer after each message */
    bool half_close;           /* shutdown(SHUT_WR), then read until the server closes */
    bool wait_server_close;    /* read until the server closes first */
    bool abort_close;          /* SO_LINGER 0: close with RST */
    bool fastopen;             /* first message inside the SYN (MSG_FASTOPEN) */
    uint16_t local_port;       /* fixed local port, 0 = any */
    unsigned long clients;     /* clients running at the same time */
    unsigned long timeout;     /* ms before connect() or recv() give up; 0 = never */
};

/* Prints the --help text on stdout. */
static void print_help(void)
{
    printf(
        "usage: tcpteach-client [OPTION]...\n"
        "The reference TCP client of the tcpteach lab. By default it does what the classroom\n"
        "client does: connect (three-way handshake), send its messages, close (FIN).\n"
        "\n"
        "Where to connect:\n"
        "  -a, --address ADDR        server's numeric IPv4 or IPv6 address (default 127.0.0.1)\n"
        "  -p, --port PORT           server's TCP port (default 5000)\n"
        "  -l, --local-port PORT     bind this local port first (SO_REUSEADDR), e.g. to\n"
        "                            reuse the port of an earlier connection\n"
        "  -F, --fastopen            TCP Fast Open: send the first message inside the SYN\n"
        "                            (MSG_FASTOPEN; the first connection only fetches a cookie)\n"
        "What to send:\n"
        "  -m, --message TEXT        send TEXT; repeat the option for several messages\n"
        "  -w, --send-delay MS       wait MS milliseconds after connecting, before sending\n"
        "  -g, --send-gap MS         wait MS milliseconds between two messages\n"
        "  -R, --read-reply          after each message, wait for one answer and print it\n"
        "How to close:\n"
        "  -d, --close-delay MS      wait MS milliseconds before closing\n"
        "  -H, --half-close          shutdown(SHUT_WR): send our FIN, keep reading what the\n"
        "                            server still sends until it closes, then close()\n"
        "  -W, --wait-server-close   read until the server closes first, then close()\n"
        "  -A, --abort               abortive close: SO_LINGER 0, close() sends RST, no FIN\n"
        "Other:\n"
        "  -c, --clients N           run N clients at the same time (default 1)\n"
        "  -t, --timeout MS          give up a connect or a read after MS milliseconds\n"
        "                            (default 10000; 0 = wait forever)\n"
        "  -q, --quiet               print nothing but errors\n"
        "  -h, --help                show this help and exit\n"
        "\n"
        "Exit status: 0 when every client finished its script, 1 on a network error\n"
        "(refused, reset, timeout), 2 on a bad command line.\n"
        "Example: tcpteach-client -a 198.51.100.2 -p 5000 -m hello -m world --half-close\n");
}

/* Parses ARGC/ARGV into *O; exits with status 0 after --help and 2 on any bad argument. */
static void parse_options(int argc, char **argv, struct client_options *o)
{
    static const struct option longs[] = {
        {"address", required_argument, NULL, 'a'},
        {"port", required_argument, NULL, 'p'},
        {"local-port", required_argument, NULL, 'l'},
        {"fastopen", no_argument, NULL, 'F'},
        {"message", required_argument, NULL, 'm'},
        {"send-delay", required_argument, NULL, 'w'},
        {"send-gap", required_argument, NULL, 'g'},
        {"read-reply", no_argument, NULL, 'R'},
        {"close-delay", required_argument, NULL, 'd'},
        {"half-close", no_argument, NULL, 'H'},
        {"wait-server-close", no_argument, NULL, 'W'},
        {"abort", no_argument, NULL, 'A'},
        {"clients", required_argument, NULL, 'c'},
        {"timeout", required_argument, NULL, 't'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *address = "127.0.0.1", *port_text = "5000";
    int c;

    *o = (struct client_options){.clients = 1, .timeout = 10000};
    opterr = 0; /* we print our own one-line messages */
    while ((c = getopt_long(argc, argv, ":a:p:l:Fm:w:g:Rd:HWAc:t:qh", longs, NULL)) != -1) {
        switch (c) {
        case 'a': address = optarg; break;
        case 'p': port_text = optarg; break;
        case 'l': o->local_port = parse_port("--local-port", optarg); break;
        case 'F': o->fastopen = true; break;
        case 'm':
            if (o->message_count == MAX_MESSAGES)
                usage_error("at most %d --message options", MAX_MESSAGES);
            o->messages[o->message_count++] = optarg;
            break;
        case 'w': o->send_delay = parse_number("--send-delay", optarg, 600000); break;
        case 'g': o->send_gap = parse_number("--send-gap", optarg, 600000); break;
        case 'R': o->read_reply = true; break;
        case 'd': o->close_delay = parse_number("--close-delay", optarg, 600000); break;
        case 'H': o->half_close = true; break;
        case 'W': o->wait_server_close = true; break;
        case 'A': o->abort_close = true; break;
        case 'c': o->clients = parse_number("--clients", optarg, 1000); break;
        case 't': o->timeout = parse_number("--timeout", optarg, 3600000); break;
        case 'q': peer_quiet = true; break;
        case 'h': print_help(); exit(EXIT_OK);
        default: usage_bad_option(c, optopt, argv[optind - 1]);
        }
    }
    if (optind < argc)
        usage_error("unexpected argument '%s'", argv[optind]);
    parse_address("--address", address, parse_port("--port", port_text), &o->server,
                  &o->server_len);
    if (o->clients == 0)
        usage_error("--clients: must be at least 1");
    if (o->local_port != 0 && o->clients > 1)
        usage_error("--local-port cannot be shared by --clients %lu", o->clients);
    if (o->fastopen && o->message_count == 0)
        usage_error("--fastopen needs a --message to put inside the SYN");
    if (o->half_close && o->abort_close)
        usage_error("--half-close and --abort exclude each other");
}

/* Binds FD (of FAMILY) to the fixed local port PORT with SO_REUSEADDR.
 * Returns 0, or -1 after printing why. */
static int bind_local_port(int fd, int family, uint16_t port)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int one = 1;

    parse_address("--local-port", family == AF_INET6 ? "::" : "0.0.0.0", port, &ss, &len);
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1 ||
        bind(fd, (struct sockaddr *)&ss, len) == -1) {
        complain("bind local port %u", port);
        return -1;
    }
    say("bound local port %u (SO_REUSEADDR)", port);
    return 0;
}

/* Opens the connection to the server as O says: plain connect(), or with
 * --fastopen a sendto(MSG_FASTOPEN) that puts the first message inside the SYN.
 * Returns the socket, or -1 after printing why. */
static int open_connection(const struct client_options *o)
{
    const struct sockaddr_storage *server = &o->server;
    struct sockaddr_storage local;
    socklen_t local_len = sizeof(local);
    char there[ADDR_TEXT_LEN], here[ADDR_TEXT_LEN];
    int fd = socket(server->ss_family, SOCK_STREAM, 0), ok;

    addr_text((const struct sockaddr *)server, there);
    if (fd == -1) {
        complain("socket");
        return -1;
    }
    if (set_timeouts(fd, o->timeout) == -1 ||
        (o->local_port != 0 && bind_local_port(fd, server->ss_family, o->local_port) == -1)) {
        close(fd);
        return -1;
    }
    if (o->fastopen) {
        /* Without a cookie yet, the kernel sends a SYN asking for one and the data after. */
        ok = sendto(fd, o->messages[0], strlen(o->messages[0]), MSG_FASTOPEN | MSG_NOSIGNAL,
                    (const struct sockaddr *)server, o->server_len) >= 0;
    } else {
        ok = connect(fd, (const struct sockaddr *)server, o->server_len) == 0;
    }
    if (!ok) {
        if (errno == EINPROGRESS || errno == EAGAIN)
            errno = ETIMEDOUT; /* SO_SNDTIMEO expired: say so plainly */
        complain("connect to %s", there);
        if (errno == ECONNREFUSED)
            say("refused: nothing listens on %s, its host answered our SYN with RST", there);
        close(fd);
        return -1;
    }
    getsockname(fd, (struct sockaddr *)&local, &local_len);
    say("connected to %s from %s: handshake complete", there,
        addr_text((struct sockaddr *)&local, here));
    if (o->fastopen)
        say("sent \"%s\" with MSG_FASTOPEN (inside the SYN when a cookie is known)",
            o->messages[0]);
    return fd;
}

/* Reads from FD once (READ_ALL false) or until the server closes (READ_ALL true), printing
 * what arrives. Returns 0 on success (for READ_ALL: the server's FIN arrived), -1 on error. */
static int read_from_server(int fd, bool read_all)
{
    char buf[4096];

    for (;;) {
        ssize_t n = recv(fd, buf, sizeof(buf), 0);
        if (n > 0) {
            say_received("the server", buf, (size_t)n);
            if (!read_all)
                return 0;
        } else if (n == 0) {
            say("the server closed its side: FIN received (recv() returned 0)");
            return 0;
        } else if (errno != EINTR) {
            if (errno == EAGAIN)
                errno = ETIMEDOUT; /* SO_RCVTIMEO expired: say so plainly */
            complain("recv");
            return -1;
        }
    }
}

/* Runs the whole script of one client: connect, send, close as O says.
 * Returns the exit status for it: 0 success, 1 network error. */
static int run_client(const struct client_options *o)
{
    size_t i, first;
    int fd, result = EXIT_OK;

    fd = open_connection(o);
    if (fd == -1)
        return EXIT_RUNTIME;

    sleep_ms(o->send_delay);
    first = o->fastopen ? 1 : 0; /* with Fast Open the first message already left */
    for (i = first; i < o->message_count; i++) {
        if (i > first)
            sleep_ms(o->send_gap);
        if (send_all(fd, o->messages[i], strlen(o->messages[i])) == -1) {
            complain("send");
            close(fd);
            return EXIT_RUNTIME;
        }
        say("sent \"%s\"", o->messages[i]);
        if (o->read_reply && read_from_server(fd, false) == -1)
            result = EXIT_RUNTIME;
    }
    if (o->fastopen && o->read_reply && read_from_server(fd, false) == -1)
        result = EXIT_RUNTIME;

    if (o->half_close) {
        if (shutdown(fd, SHUT_WR) == -1)
            complain("shutdown(SHUT_WR)");
        say("half-closed with shutdown(SHUT_WR): our FIN is sent, we keep reading");
    } else if (o->wait_server_close) {
        say("waiting for the server to close first");
    }
    if ((o->half_close || o->wait_server_close) && read_from_server(fd, true) == -1)
        result = EXIT_RUNTIME;

    if (o->close_delay > 0) {
        say("waiting %lu ms before closing", o->close_delay);
        sleep_ms(o->close_delay);
    }
    if (o->abort_close) {
        struct linger abortive = {.l_onoff = 1, .l_linger = 0};
        if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof(abortive)) == -1)
            complain("setsockopt(SO_LINGER)");
        say("closing abortively: SO_LINGER 0 makes close() send RST instead of FIN");
    } else {
        say(o->half_close || o->wait_server_close ? "closing"
                                                  : "closing: our FIN starts the close");
    }
    close(fd);
    return result;
}

/* Runs O->clients clients at the same time (one child process each) and waits for them.
 * Returns the worst exit status of them. */
static int run_concurrent(const struct client_options *o)
{
    unsigned long i;
    int status, result = EXIT_OK;

    for (i = 0; i < o->clients; i++) {
        pid_t pid = fork();
        if (pid == -1) {
            complain("fork");
            result = EXIT_RUNTIME;
            break;
        }
        if (pid == 0)
            exit(run_client(o));
    }
    while (wait(&status) > 0)
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            result = EXIT_RUNTIME;
    return result;
}

/* Runs the client(s) the options describe; returns the exit status (0, 1 or 2). */
int main(int argc, char **argv)
{
    struct client_options o;

    peer_name = "tcpteach-client";
    parse_options(argc, argv, &o);
    return o.clients > 1 ? run_concurrent(&o) : run_client(&o);
}
