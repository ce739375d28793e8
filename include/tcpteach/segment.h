/* One captured TCP segment, as the core sees it: the input of every analysis. */
#ifndef TCPTEACH_SEGMENT_H
#define TCPTEACH_SEGMENT_H

#include <stdbool.h>
#include <stdint.h>

/* TCP header flag bits, as on the wire. */
enum { TT_FIN = 0x01, TT_SYN = 0x02, TT_RST = 0x04, TT_PSH = 0x08, TT_ACK = 0x10 };

/* One captured segment, in the terms the core needs; endpoint A sent the conversation's first one.
 */
typedef struct tt_segment {
    uint32_t frame;
    bool from_a;
    uint8_t flags;
    uint32_t seq, ack, len; /* raw numbers; len is the payload length */
    bool timed;             /* time_us is the capture time (duplicate frames are told by it) */
    uint64_t time_us;
    bool win_known; /* win is the advertised window (and wscale the SYN's shift, 0xff: none) */
    uint16_t win;
    uint8_t wscale;
} tt_segment;

#endif
