/* Declarations shared by the plugin's glue files, by layer: extraction and storage at the bottom,
 * then the conversation row, then rendering and the reports, which the dissector registers. */
#ifndef TCPTEACH_PLUGIN_H
#define TCPTEACH_PLUGIN_H

#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/stat_tap_ui.h>

#include "tcpteach/core.h"
#include "tcpteach/text.h"
#include "frame-codec.h"
#include "ws-compat.h"

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

/* What verdicts are shown with: the dissector's settings and what it knows of the capture. The
 * dissector owns it and keeps it current; the rest of the plugin is given a pointer to it. */
typedef struct tt_view {
    tt_lang lang;              /* the tcpteach.language preference, or the locale's */
    guint64 capture_end_us;    /* capture time of the latest frame dissected so far (us) */
    tt_ws_pref_bool svg_times; /* the tcpteach.svg_times preference: the figure times arrows */
} tt_view;

/* What the tcpteach tap carries for one frame: final says every frame had been analysed when it was
 * dissected (a second pass), so verdicts that need the whole capture may be given. */
typedef struct tt_tap_data {
    const tt_flow *flow;
    tt_verdict verdict; /* already completed with tt_verdict_complete when final (idempotent) */
    gboolean final;
    const tt_view *view;
} tt_tap_data;

/* ---- extract.c: reading segments from TCP ---- */

/* Puts the extraction handle in front of TCP in the ip.proto table (at hand-off); it reads
 * segments only while protocol proto (tcpteach) is enabled. */
void tt_extract_register(int proto);

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

/* ---- store.c: frames and conversations of the file ---- */

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

/* The client's and the server's "address:port" strings of a conversation; g_free both. */
void tt_flow_endpoints(const tt_flow *flow, char **client, char **server);

/* ---- conv-row.c: the conversation row of -z tcpteach,conv and the conversation table ---- */

#define TT_CONV_COLUMNS 9

/* The row's columns: their stable names (the CSV header, like the filter values) and kinds. */
extern stat_tap_table_item tt_conv_columns[TT_CONV_COLUMNS];

/* Fills cells with the row of conversation flow as tt_conv_summarize(final, capture_end_us) sees
 * it: the opening, the close and the closer as w words them, or by their language-independent
 * names when w is NULL. Its strings are new: free them with tt_conv_row_free. */
void tt_conv_row(const tt_flow *flow, const tt_wording *w, gboolean final, guint64 capture_end_us,
                 stat_tap_table_item_type cells[TT_CONV_COLUMNS]);

/* Frees the strings of a row made by tt_conv_row. */
void tt_conv_row_free(stat_tap_table_item_type cells[TT_CONV_COLUMNS]);

/* ---- render.c, reports.c, table.c, figure.c, flow.c: what the dissector registers ---- */

/* Registers the fields, subtrees and expert infos that tt_render adds, for protocol proto
 * (tcpteach). */
void tt_render_register(int proto);

/* Fills top, the tcpteach item just added to tree, with the TCP Teaching subtree for verdict v of
 * conversation flow, as view shows it; final says every frame of the capture was analysed (v is
 * then already completed with tt_verdict_complete). */
void tt_render(proto_tree *tree, proto_item *top, tvbuff_t *tvb, packet_info *pinfo,
               const tt_flow *flow, const tt_verdict *v, const tt_view *view, gboolean final);

/* Adds the expert infos of verdict v in language lang without a tree, for the expert tap (Expert
 * Information without a display filter, tshark -z expert). */
void tt_render_experts(packet_info *pinfo, const tt_verdict *v, tt_lang lang);

/* Registers the reports on the tcpteach tap, shown as view says: -z tcpteach,conv /
 * tcpteach,ladder and the stats tree. */
void tt_register_reports(const tt_view *view);

/* Registers the conversation table (the Statistics menu; -z tcpteach,table). */
void tt_register_table(void);

/* Registers -z tcpteach,svg[,FILTER], the textbook figure as SVG, drawn as view says. */
void tt_register_figure(const tt_view *view);

/* Registers the "TCP Teaching" flow graph of protocol proto, fed by the tcpteach tap. */
void tt_register_flow(int proto);

#endif
