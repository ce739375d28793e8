/* Reading capture files without Wireshark: pcap and pcapng records pushed in chunks, and the TCP
 * header each frame carries (link layer, IPv4/IPv6, tunnels), decoded as Wireshark's TCP sees it.
 */
#ifndef TCPTEACH_CAPTURE_H
#define TCPTEACH_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One frame of a capture file, valid during the callback only. */
typedef struct tt_cap_frame {
    uint32_t number;  /* 1 for the file's first frame, as Wireshark counts */
    uint64_t time_us; /* capture time in microseconds since the epoch (0 before 1970) */
    uint32_t caplen;  /* bytes captured: data holds them */
    uint32_t origlen; /* bytes on the wire (>= caplen) */
    uint32_t linktype;
    const uint8_t *data;
} tt_cap_frame;

/* Called once per frame in file order; returning false stops the reading (tt_cap_feed says so). */
typedef bool (*tt_cap_frame_cb)(void *ctx, const tt_cap_frame *f);

typedef enum tt_cap_status {
    TT_CAP_OK,          /* more data welcome */
    TT_CAP_STOPPED,     /* the callback asked to stop */
    TT_CAP_NOT_CAPTURE, /* neither pcap nor pcapng */
    TT_CAP_MALFORMED,   /* a record or block that cannot be right: reading stops there */
    TT_CAP_TRUNCATED,   /* the file ends inside a record (tt_cap_end only) */
    TT_CAP_NO_MEMORY
} tt_cap_status;

#define TT_CAP_MAX_IFACES 64 /* pcapng interfaces per section; more are malformed for us */

/* A capture file being read: feed it bytes as they come. Zero it, then call tt_cap_init. */
typedef struct tt_cap_reader {
    uint8_t *buf; /* bytes received but not yet read (a record cut by a chunk's end) */
    size_t len, size;
    int format;   /* 0: not yet known, 1: pcap, 2: pcapng */
    bool swapped; /* the file (or section) is big-endian */
    bool nano;    /* pcap: nanosecond timestamps */
    uint32_t pcap_linktype, pcap_snaplen;
    uint32_t frames; /* frames delivered so far */
    uint32_t nifaces;
    struct {
        uint32_t linktype, snaplen;
        uint64_t units; /* timestamp units per second */
        int64_t offset; /* seconds added to every timestamp (if_tsoffset) */
    } ifaces[TT_CAP_MAX_IFACES];
    uint64_t consumed; /* file offset of buf[0] */
    char error[160];   /* what went wrong, for TT_CAP_NOT_CAPTURE / _MALFORMED / _TRUNCATED */
} tt_cap_reader;

/* Starts reading a new file. */
void tt_cap_init(tt_cap_reader *r);

/* Reads the next n bytes of the file, calling cb for every frame completed; keeps a cut record for
 * the next call. After anything but TT_CAP_OK, r->error says what (and further calls do nothing).
 */
tt_cap_status tt_cap_feed(tt_cap_reader *r, const uint8_t *data, size_t n, tt_cap_frame_cb cb,
                          void *ctx);

/* The file has ended: TT_CAP_TRUNCATED when it ended inside a header or a record (r->error says
 * where; the frames before it were delivered), else TT_CAP_OK. */
tt_cap_status tt_cap_end(tt_cap_reader *r);

/* Frees what the reader holds; it can be initialised again. */
void tt_cap_free(tt_cap_reader *r);

/* Link types (LINKTYPE_* of the pcap and pcapng specifications) the decoder reads. */
enum {
    TT_LINK_NULL = 0,
    TT_LINK_ETHERNET = 1,
    TT_LINK_RAW = 101,
    TT_LINK_LOOP = 108,
    TT_LINK_SLL = 113,
    TT_LINK_RAW4 = 228,
    TT_LINK_RAW6 = 229,
    TT_LINK_SLL2 = 276
};

/* What a frame is, as far as the lesson goes: a TCP segment, a TCP header quoted by an ICMP error
 * (it still finds or makes Wireshark's conversation, so it can number a stream), or something
 * skipped for a reason. */
typedef enum tt_decoded {
    TT_DEC_TCP,
    TT_DEC_TCP_QUOTED,
    TT_DEC_LINK_UNSUPPORTED,   /* a link type the decoder does not read */
    TT_DEC_NOT_IP,             /* ARP, LLC, other ethertypes or address families */
    TT_DEC_NOT_TCP,            /* UDP, ICMP (not an error quoting TCP), other IP protocols */
    TT_DEC_FRAGMENT,           /* an IP fragment: not reassembled */
    TT_DEC_TUNNEL_UNSUPPORTED, /* ESP, GRE versions or payloads the decoder does not read */
    TT_DEC_CUT,                /* cut before TCP's first 16 bytes: Wireshark numbers no stream */
    TT_DEC_MALFORMED,          /* a header that cannot be right (bad version, lengths) */
    TT_DEC_COUNT
} tt_decoded;

extern const char *const tt_decoded_name[TT_DEC_COUNT];

/* One TCP header of a frame (the innermost), with the addresses of the IP header carrying it. */
typedef struct tt_tcp_header {
    uint8_t addr_len; /* 4 (IPv4) or 16 (IPv6) */
    uint8_t src[16], dst[16];
    uint16_t sport, dport;
    uint32_t seq, ack;
    uint8_t flags;
    uint16_t win;
    uint32_t hlen;     /* data offset * 4 */
    uint32_t captured; /* TCP bytes captured (header and payload) */
    uint32_t reported; /* TCP bytes on the wire: IP's length less its headers */
    uint8_t wscale;    /* a SYN's window scale option as fully captured, or TT_WSCALE_NONE */
} tt_tcp_header;

/* Finds the TCP header frame f carries; fills h unless the result is a skip reason. */
tt_decoded tt_decode_frame(const tt_cap_frame *f, tt_tcp_header *h);

#endif
