/* Declarations shared by the plugin's glue files (registration, storage, extraction, rendering). */
#ifndef TCPTEACH_PLUGIN_H
#define TCPTEACH_PLUGIN_H

#include <epan/packet.h>
#include <epan/expert.h>

#include "tcpteach/core.h"
#include "tcpteach/text.h"
#include "frame-codec.h"

/* One TCP segment as the core needs it: read from TCP's header, with TCP's stream number. */
typedef struct tt_packet {
    uint32_t stream; /* tcp.stream */
    uint16_t sport, dport;
    uint8_t flags;
    uint32_t seq, ack, len; /* raw seq and ack (ack 0 without ACK); len = tcp.len */
    gboolean win_known;     /* the window field was captured (and a SYN's options, if any) */
    uint16_t win;           /* tcp.window_size_value, unscaled */
    uint8_t wscale;         /* a SYN's window scale option (tcp.options.wscale.shift) */
    address src, dst;       /* the addresses TCP saw (valid while the frame is dissected) */
} tt_packet;

/* The address/port pair of a conversation, lower end first (private to store.c). */
typedef struct tuple_key tuple_key;

/* One tracked conversation: the core's record plus who endpoint A (the first sender) is. */
typedef struct tt_flow {
    tt_conv conv;
    const tuple_key *key; /* NULL: no such conversation */
    uint32_t stream;      /* tcp.stream of the conversation: the slot's, or the one it continues */
    bool continues;       /* the slot's stream continues conversation `stream` (conv unused) */
    bool a_first;         /* A is the key's first (lower) end */
} tt_flow;

/* What is kept per analysed frame, for rendering on later passes (20 bytes; kept.elsewhere: the
 * verdict did not fit and is kept whole in a map). */
typedef struct tt_frame {
    uint32_t flow_id; /* tcp.stream + 1; 0: the frame was not analysed */
    tt_verdict_kept kept;
} tt_frame;

/* What the tcpteach tap carries for one frame: final says every frame had been analysed when it was
 * dissected (a second pass), so verdicts that need the whole capture may be given. */
typedef struct tt_tap_data {
    const tt_flow *flow;
    tt_verdict verdict; /* already completed with tt_verdict_complete when final (idempotent) */
    gboolean final;
} tt_tap_data;

/* Registered ids, named after their filter names (tcpteach.label ...). */
extern int proto_tcpteach;
extern int hf_tcpteach_label, hf_tcpteach_from, hf_tcpteach_ack_ok, hf_tcpteach_ack_mark;
extern int hf_tcpteach_ack_expected;
extern int hf_tcpteach_notation, hf_tcpteach_client_state, hf_tcpteach_server_state;
extern int hf_tcpteach_anomaly, hf_tcpteach_explain;
extern int hf_tcpteach_step, hf_tcpteach_role, hf_tcpteach_problem;
extern int hf_tcpteach_conv_handshake, hf_tcpteach_conv_close, hf_tcpteach_conv_closer;
extern int hf_tcpteach_conv_state, hf_tcpteach_conv_history, hf_tcpteach_conv_anomalies;
extern gint ett_tcpteach, ett_tcpteach_conv, ett_tcpteach_explain;
extern int tt_tap;                         /* the "tcpteach" tap: data is a tt_tap_data */
extern expert_field ei_tcpteach[TA_COUNT]; /* ei_tcpteach[TA_X] is tcpteach.expert.<x> */

/* Puts the extraction handle in front of TCP in the ip.proto table (at hand-off). */
void tt_extract_register(void);

/* The stream TCP had filed p's conversation under just before p's frame (first pass), in *stream:
 * the previous conversation on the same addresses and ports (and, from 4.4, the same
 * deinterlacing key); false when there was none, or it was p's own. */
gboolean tt_previous_stream(const packet_info *pinfo, const tt_packet *p, guint32 *stream);

/* Forgets any segment noted but not taken (when a capture file is closed). */
void tt_extract_reset(void);

/* Takes the innermost TCP segment noted in the frame on its first pass; false when there is none
 * to analyse (no TCP, a header quoted in an ICMP error, or one too short for tcp.stream/tcp.len).
 */
gboolean tt_extract(const packet_info *pinfo, tt_packet *out);

/* The kept record of frame num, created (zeroed) if create is set; NULL if it does not exist. */
tt_frame *tt_frame_slot(guint32 num, gboolean create);

/* The slot of tcp.stream stream, created (zeroed) if create is set; NULL if it does not exist. */
tt_flow *tt_flow_slot(guint32 stream, gboolean create);

/* Gives a new flow the key of p's address/port pair and records p's stream as the pair's latest;
 * returns whether p's source is the key's first (lower) end. */
gboolean tt_flow_set_pair(tt_flow *flow, const tt_packet *p);

/* The latest tcp.stream analysed on the address/port pair of p (its addresses and ports), in
 * *stream; false when none was. */
gboolean tt_latest_stream(const tt_packet *p, guint32 *stream);

/* True when p was sent by endpoint A of flow (its source address and port are A's). */
gboolean tt_flow_from_a(const tt_flow *flow, const tt_packet *p);

/* Forgets every frame, flow, key and pair (when a capture file is closed, as wmem frees them). */
void tt_store_reset(void);

/* The language learner-facing text is written in, from the tcpteach.language preference. */
tt_lang tt_current_lang(void);

/* The capture time of the latest frame dissected so far (microseconds since the epoch): how far
 * the capture goes, for the verdicts that rest on an answer never coming. */
guint64 tt_capture_end_us(void);

/* Registers the tap and the reports: -z tcpteach,conv / tcpteach,ladder and the stats tree. */
void tt_register_reports(void);

/* Registers the conversation table (the Statistics menu; -z tcpteach,table). */
void tt_register_table(void);

/* Registers -z tcpteach,svg[,FILTER], the textbook figure as SVG (figure.c). */
void tt_register_figure(void);

/* The tcpteach.svg_times preference: the figure writes each arrow's time. */
gboolean tt_svg_times(void);

/* Registers the "TCP Teaching" flow graph (sequence analysis), fed by the tcpteach tap. */
void tt_register_flow(void);

/* The address of endpoint A (a) or B (!a) of a conversation. */
void tt_flow_address(const tt_flow *flow, gboolean a, address *out);

/* The client's and the server's "address:port" strings of a conversation; g_free both. */
void tt_flow_endpoints(const tt_flow *flow, char **client, char **server);

/* Adds the TCP Teaching subtree for verdict v of conversation flow; final says every frame of the
 * capture was analysed (v is then already completed with tt_verdict_complete). */
void tt_render(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const tt_flow *flow,
               const tt_verdict *v, gboolean final);

/* Adds the expert infos of verdict v without a tree, for the expert tap (Expert Information
 * without a display filter, tshark -z expert). */
void tt_render_experts(packet_info *pinfo, const tt_verdict *v);

#endif
