/* Declarations shared by the plugin's glue files (registration, extraction, rendering). */
#ifndef TCPTEACH_PLUGIN_H
#define TCPTEACH_PLUGIN_H

#include <epan/packet.h>
#include <epan/expert.h>

#include "tcpteach/core.h"
#include "tcpteach/text.h"

/* What the TCP dissector said about one segment, read back from the tree. */
typedef struct tt_packet {
    uint32_t stream; /* tcp.stream */
    uint16_t sport, dport;
    uint8_t flags;
    uint32_t seq, ack, len;
} tt_packet;

/* One tracked conversation: the core's record plus what identifies endpoint A. */
typedef struct tt_flow {
    tt_conv conv;
    address addr_a, addr_b; /* A sent the first segment */
    uint16_t port_a;
    uint32_t stream;
} tt_flow;

/* What is kept per analysed frame, for rendering on later passes. */
typedef struct tt_frame {
    tt_flow *flow;
    tt_verdict verdict;
} tt_frame;

/* What the tcpteach tap carries for one frame: final says every frame had been analysed when it was
 * dissected (a second pass), so verdicts that need the whole capture may be given. */
typedef struct tt_tap_data {
    const tt_frame *frame;
    gboolean final;
} tt_tap_data;

/* Registered ids, named after their filter names (tcpteach.label ...). */
extern int proto_tcpteach;
extern int hf_tcpteach_label, hf_tcpteach_from, hf_tcpteach_ack_ok, hf_tcpteach_ack_expected;
extern int hf_tcpteach_notation, hf_tcpteach_client_state, hf_tcpteach_server_state;
extern int hf_tcpteach_anomaly, hf_tcpteach_explain;
extern int hf_tcpteach_conv_handshake, hf_tcpteach_conv_close, hf_tcpteach_conv_closer;
extern int hf_tcpteach_conv_state, hf_tcpteach_conv_history, hf_tcpteach_conv_anomalies;
extern gint ett_tcpteach, ett_tcpteach_conv;
extern int tt_tap;                         /* the "tcpteach" tap: data is the frame's tt_frame */
extern expert_field ei_tcpteach[TA_COUNT]; /* ei_tcpteach[TA_X] is tcpteach.expert.<x> */

/* Looks up the TCP fields the plugin reads; returns them for set_postdissector_wanted_hfids. */
GArray *tt_extract_wanted_fields(void);

/* Reads the innermost TCP segment of the frame from the tree; false when there is none to analyse
 * (no TCP, a TCP header quoted inside an ICMP error, or a header too short to have all fields). */
gboolean tt_extract(packet_info *pinfo, proto_tree *tree, tt_packet *out);

/* The language learner-facing text is written in, from the tcpteach.language preference. */
tt_lang tt_current_lang(void);

/* Registers the tap and the reports: -z tcpteach,conv / tcpteach,ladder and the stats tree. */
void tt_register_reports(void);

/* Registers the "TCP Teaching" flow graph (sequence analysis), fed by the tcpteach tap. */
void tt_register_flow(void);

/* Adds the TCP Teaching subtree for frame f; final says every frame of the capture was analysed. */
void tt_render(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const tt_frame *f,
               gboolean final);

#endif
