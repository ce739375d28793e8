/* tcpteach-server: the lab's reference TCP server (accept, read until the peer closes, close). */
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

/* Everything the command line can choose. */
struct server_options {
    struct sockaddr_storage local; /* address and port to listen on */
    socklen_t local_len;
    unsigned long clients;     /* clients to serve before exiting; 0 = forever */
    bool concurrent;           /* serve clients at the same time, one child process each */
    bool echo;                 /* send back every chunk received */
    const char *reply;         /* text sent once, after the first chunk received */
    unsigned long eof_delay;   /* ms to wait after the client's FIN before going on */
    const char *after_eof;     /* text sent after the client's FIN (half-close) */
    unsigned long close_delay; /* ms to wait before close() */
    bool close_first;          /* close after the first chunk, without waiting for the FIN */
    bool fastopen;             /* accept data carried by the SYN (TCP Fast Open) */
    unsigned long timeout;     /* ms to wait for a client or for data; 0 = forever */
};

/* Prints the --help text on stdout. */
static void print_help(void)
{
    printf(
        "usage: tcpteach-server [OPTION]...\n"
        "The reference TCP server of the tcpteach lab. By default it does what the classroom\n"
        "server does: bind, listen, accept one client, read until the client closes its side\n"
        "(recv() returns 0 when the client's FIN arrives), then close.\n"
        "\n"
        "Where to listen:\n"
        "  -a, --address ADDR        numeric IPv4 or IPv6 address (default 0.0.0.0; :: for IPv6)\n"
        "  -p, --port PORT           TCP port (default 5000; 0 = any free port, printed)\n"
        "Which clients:\n"
        "  -n, --clients N           serve N clients, then exit (default 1; 0 = forever)\n"
        "  -C, --concurrent          serve the clients at the same time (one process each)\n"
        "  -F, --fastopen            accept data inside the SYN (TCP Fast Open, TCP_FASTOPEN)\n"
        "What to answer:\n"
        "  -e, --echo                send back every chunk that arrives\n"
        "  -r, --reply TEXT          send TEXT once, after the first chunk that arrives\n"
        "  -s, --send-after-eof TEXT after the client's FIN, still send TEXT, then close\n"
        "                            (the client must have half-closed: shutdown(SHUT_WR))\n"
        "How to close:\n"
        "  -E, --eof-delay MS        after the client's FIN, wait MS milliseconds before\n"
        "                            going on, so that our ACK of it leaves on its own\n"
        "  -d, --close-delay MS      wait MS milliseconds before close(); with the client\n"
        "                            closing first, our ACK and our FIN then leave apart:\n"
        "                            a four-segment close instead of a merged FIN+ACK\n"
        "  -f, --close-first         close right after the first chunk (and reply), without\n"
        "                            waiting for the client's FIN: the server closes first\n"
        "Other:\n"
        "  -t, --timeout MS          give up when no client or no data comes for MS\n"
        "                            milliseconds (default 0 = wait forever)\n"
        "  -q, --quiet               print nothing but errors\n"
        "  -h, --help                show this help and exit\n"
        "\n"
        "Exit status: 0 when all clients were served (a client's RST counts as served),\n"
        "1 on a network error or timeout, 2 on a bad command line.\n"
        "Example: tcpteach-server -a 198.51.100.2 -p 5000 --close-delay 200\n");
}

/* Parses ARGC/ARGV into *O; exits with status 0 after --help and 2 on any bad argument. */
static void parse_options(int argc, char **argv, struct server_options *o)
{
    static const struct option longs[] = {
        {"address", required_argument, NULL, 'a'},
        {"port", required_argument, NULL, 'p'},
        {"clients", required_argument, NULL, 'n'},
        {"concurrent", no_argument, NULL, 'C'},
        {"fastopen", no_argument, NULL, 'F'},
        {"echo", no_argument, NULL, 'e'},
        {"reply", required_argument, NULL, 'r'},
        {"send-after-eof", required_argument, NULL, 's'},
        {"eof-delay", required_argument, NULL, 'E'},
        {"close-delay", required_argument, NULL, 'd'},
        {"close-first", no_argument, NULL, 'f'},
        {"timeout", required_argument, NULL, 't'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *address = "0.0.0.0", *port_text = "5000";
    int c;

    *o = (struct server_options){.clients = 1};
    opterr = 0; /* we print our own one-line messages */
    while ((c = getopt_long(argc, argv, ":a:p:n:CFer:s:E:d:ft:qh", longs, NULL)) != -1) {
        switch (c) {
        case 'a': address = optarg; break;
        case 'p': port_text = optarg; break;
        case 'n': o->clients = parse_number("--clients", optarg, 100000); break;
        case 'C': o->concurrent = true; break;
        case 'F': o->fastopen = true; break;
        case 'e': o->echo = true; break;
        case 'r': o->reply = optarg; break;
        case 's': o->after_eof = optarg; break;
        case 'E': o->eof_delay = parse_number("--eof-delay", optarg, 600000); break;
        case 'd': o->close_delay = parse_number("--close-delay", optarg, 600000); break;
        case 'f': o->close_first = true; break;
        case 't': o->timeout = parse_number("--timeout", optarg, 3600000); break;
        case 'q': peer_quiet = true; break;
        case 'h': print_help(); exit(EXIT_OK);
        default: usage_bad_option(c, optopt, argv[optind - 1]);
        }
    }
    if (optind < argc)
        usage_error("unexpected argument '%s'", argv[optind]);
    parse_address("--address", address,
                  strcmp(port_text, "0") == 0 ? 0 : parse_port("--port", port_text), &o->local,
                  &o->local_len);
    if (o->close_first && (o->after_eof != NULL || o->eof_delay > 0))
        usage_error("--close-first excludes --send-after-eof and --eof-delay");
}

/* Creates the listening socket for O (SO_REUSEADDR, optional TCP_FASTOPEN) and returns it,
 * or returns -1 after printing why. */
static int open_listener(const struct server_options *o)
{
    struct sockaddr_storage bound;
    socklen_t bound_len = sizeof(bound);
    const struct sockaddr *local = (const struct sockaddr *)&o->local;
    char text[ADDR_TEXT_LEN];
    int one = 1, fastopen_queue = 16, fd;

    fd = socket(local->sa_family, SOCK_STREAM, 0);
    if (fd == -1) {
        complain("socket");
        return -1;
    }
    /* Lets the server restart at once although old connections sit in TIME_WAIT. */
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1)
        complain("setsockopt(SO_REUSEADDR)");
    if (bind(fd, local, o->local_len) == -1) {
        complain("bind %s", addr_text(local, text));
        close(fd);
        return -1;
    }
    if (o->fastopen &&
        setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &fastopen_queue, sizeof(fastopen_queue)) == -1) {
        complain("setsockopt(TCP_FASTOPEN)");
        close(fd);
        return -1;
    }
    if (listen(fd, 16) == -1 || set_timeouts(fd, o->timeout) == -1) {
        complain("listen");
        close(fd);
        return -1;
    }
    /* With --port 0 the kernel chose the port: ask which. */
    if (getsockname(fd, (struct sockaddr *)&bound, &bound_len) == 0)
        local = (const struct sockaddr *)&bound;
    say("listening on %s%s", addr_text(local, text), o->fastopen ? " (TCP Fast Open on)" : "");
    return fd;
}

/* Talks with one connected client on FD (WHO names it) as O says, then closes FD.
 * Returns 0 when the conversation ended normally or by the client's RST, 1 on an error. */
static int serve_client(int fd, const char *who, const struct server_options *o)
{
    char buf[4096];
    bool replied = false, peer_closed = false;

    set_timeouts(fd, o->timeout);
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof(buf), 0);
        if (n > 0) {
            say_received(who, buf, (size_t)n);
            if (o->echo && send_all(fd, buf, (size_t)n) == 0)
                say("echoed %zd bytes", n);
            if (o->reply != NULL && !replied && send_all(fd, o->reply, strlen(o->reply)) == 0)
                say("replied \"%s\"", o->reply);
            replied = true;
            if (o->close_first)
                break;
        } else if (n == 0) {
            say("%s closed its side: FIN received (recv() returned 0)", who);
            peer_closed = true;
            break;
        } else if (errno == EINTR) {
            continue;
        } else if (errno == ECONNRESET) {
            say("%s reset the connection: RST received", who);
            close(fd);
            return 0;
        } else {
            if (errno == EAGAIN)
                errno = ETIMEDOUT; /* SO_RCVTIMEO expired: say so plainly */
            complain("recv from %s", who);
            close(fd);
            return 1;
        }
    }
    if (peer_closed && o->eof_delay > 0) {
        say("waiting %lu ms after the client's FIN", o->eof_delay);
        sleep_ms(o->eof_delay);
    }
    if (peer_closed && o->after_eof != NULL) {
        if (send_all(fd, o->after_eof, strlen(o->after_eof)) == -1) {
            complain("send after the client's FIN");
            close(fd);
            return 1;
        }
        say("sent \"%s\" after the client's FIN: half-close, we may still talk", o->after_eof);
    }
    if (o->close_delay > 0) {
        say("waiting %lu ms before closing", o->close_delay);
        sleep_ms(o->close_delay);
    }
    say(peer_closed ? "closing: our FIN answers the client's FIN"
                    : "closing first: our FIN starts the close");
    close(fd);
    return 0;
}

/* Waits for every child process started for --concurrent; returns 1 if one failed, else 0. */
static int wait_children(void)
{
    int status, result = 0;

    while (wait(&status) > 0)
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            result = 1;
    return result;
}

/* Serves clients as the options say; returns the exit status (0, 1 or 2). */
int main(int argc, char **argv)
{
    struct server_options o;
    unsigned long served;
    int listener, result = 0;

    peer_name = "tcpteach-server";
    parse_options(argc, argv, &o);
    listener = open_listener(&o);
    if (listener == -1)
        return EXIT_RUNTIME;

    served = 0;
    while (o.clients == 0 || served < o.clients) {
        struct sockaddr_storage peer;
        socklen_t len = sizeof(peer);
        char who[ADDR_TEXT_LEN];
        int fd = accept(listener, (struct sockaddr *)&peer, &len);

        if (fd == -1 && errno == EINTR)
            continue;
        if (fd == -1) {
            if (errno == EAGAIN)
                errno = ETIMEDOUT; /* SO_RCVTIMEO expired: say so plainly */
            complain("accept (waited up to %lu ms)", o.timeout);
            result = 1;
            break;
        }
        served++;
        addr_text((struct sockaddr *)&peer, who);
        say("accepted %s: handshake complete", who);
        if (!o.concurrent) {
            result |= serve_client(fd, who, &o);
            continue;
        }
        switch (fork()) {
        case -1:
            complain("fork");
            result = 1;
            close(fd);
            break;
        case 0: close(listener); exit(serve_client(fd, who, &o));
        default: close(fd); /* the child owns the connection now */
        }
    }
    close(listener);
    result |= wait_children();
    return result;
}
