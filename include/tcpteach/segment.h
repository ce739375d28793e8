/* One captured TCP segment, as the core sees it: the input of every analysis. */
#ifndef TCPTEACH_SEGMENT_H
#define TCPTEACH_SEGMENT_H

#include <stdbool.h>
#include <stdint.h>

/* TCP header flag bits, as on the wire. */
enum { TT_FIN = 0x01, TT_SYN = 0x02, TT_RST = 0x04, TT_PSH = 0x08, TT_ACK = 0x10 };

/* A window scale that is not a shift: a SYN without the option, or an endpoint whose SYN was not
 * captured. */
enum { TT_WSCALE_UNKNOWN = 0xfe, TT_WSCALE_NONE = 0xff };

/* One captured segment, in the terms the core needs; endpoint A sent the conversation's first one.
 * (Widest members first: conversations keep one, so padding costs memory per conversation.) */
typedef struct tt_segment {
    uint64_t time_us; /* when timed: the capture time in microseconds */
    uint32_t frame;
    uint32_t seq, ack, len; /* raw numbers; len is the payload length */
    uint16_t win;           /* when win_known: the advertised window, unscaled */
    bool from_a;
    uint8_t flags;
    bool timed;     /* time_us is the capture time (duplicate frames are told by it) */
    bool win_known; /* win is the advertised window (and wscale a SYN's shift option) */
    uint8_t wscale; /* the shift a SYN offers (RFC 7323 section 2), or TT_WSCALE_NONE */
} tt_segment;

#endif
