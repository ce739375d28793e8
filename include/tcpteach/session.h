/* A whole capture analysed without Wireshark: frames from the capture reader go to the core's
 * conversations, numbered and split the way the plugin on Wireshark's TCP does. */
#ifndef TCPTEACH_SESSION_H
#define TCPTEACH_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tcpteach/capture.h"
#include "tcpteach/core.h"

typedef struct tt_session tt_session;

/* One conversation of a session: the core's record and its two ends (A sent its first segment). */
typedef struct tt_session_conv {
    tt_conv conv;
    uint32_t stream; /* tcp.stream: the conversation's first, when later streams continue it */
    uint16_t port[2];
    uint8_t addr_len; /* 4 or 16 */
    uint8_t addr[2][16];
    uint32_t segments; /* segments analysed */
} tt_session_conv;

/* A new, empty session; NULL without memory. */
tt_session *tt_session_new(void);
void tt_session_free(tt_session *s);

/* Analyses frame f (frames in file order, as the reader gives them). Returns the tcp.stream
 * Wireshark gives the frame's TCP header (also a header quoted by ICMP or too short to be a
 * segment), or -1 without one; false in *segment unless the frame was analysed as a segment. */
int64_t tt_session_frame(tt_session *s, const tt_cap_frame *f, bool *segment);

/* Segments analysed, frames seen, and frames per decoding outcome. */
uint32_t tt_session_segments(const tt_session *s);
uint32_t tt_session_frames(const tt_session *s);
uint32_t tt_session_decoded(const tt_session *s, tt_decoded d);

/* The capture time of the latest frame (the capture's end, as the final verdicts need it). */
uint64_t tt_session_end_us(const tt_session *s);

/* Segment i (0 = the first analysed) in the final view: its verdict completed with the whole
 * capture, its conversation's index (for tt_session_conv_at) and its capture time. */
void tt_session_segment(const tt_session *s, uint32_t i, tt_verdict *v, uint32_t *conv,
                        uint64_t *time_us);

/* Writes the indices (for tt_session_segment) of conversation k's segments, in capture order, into
 * out (room for max); returns how many there are (at most max written). */
uint32_t tt_session_conv_segments(const tt_session *s, uint32_t k, uint32_t *out, uint32_t max);

/* The index of the segment of frame number frame, or -1 when that frame is no segment. */
int64_t tt_session_find_frame(const tt_session *s, uint32_t frame);

/* Conversations with at least one segment, in tcp.stream order. */
uint32_t tt_session_conv_count(const tt_session *s);
const tt_session_conv *tt_session_conv_at(const tt_session *s, uint32_t i);

/* "address:port" of end A (a true) or B of c, IPv6 in brackets, as Wireshark writes it with -n. */
void tt_session_endpoint(const tt_session_conv *c, bool a, char *buf, size_t size);

/* The conversation's client and server ends as tt_session_endpoint writes them. */
void tt_session_roles(const tt_session_conv *c, char *client, char *server, size_t size);

/* Writes what -z tcpteach,conv,csv writes: a header line, then one row per conversation in
 * tcp.stream order with its final summary. */
void tt_session_write_conv_csv(const tt_session *s, FILE *out);

/* Bytes the session holds (tables, records), for the scale measurements. */
size_t tt_session_memory(const tt_session *s);

#endif
