/* The differences between the Wireshark versions tcpteach supports (4.0 to 4.6), in one place. */
#ifndef TCPTEACH_WS_COMPAT_H
#define TCPTEACH_WS_COMPAT_H

#include <ws_version.h>
#include <epan/conversation.h>
#include <epan/prefs.h>
#include <wsutil/pint.h>
#include <epan/dissectors/packet-tcp.h>

/* True when building against Wireshark major.minor or later. */
#define TT_WS_AT_LEAST(major, minor)                                                               \
    (WIRESHARK_VERSION_MAJOR > (major) ||                                                          \
     (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

/* 4.4 deprecates tvb_get_guint8 for tvb_get_uint8, which older versions lack. */
#if !TT_WS_AT_LEAST(4, 4)
#define tvb_get_uint8 tvb_get_guint8
#endif

/* 4.6 renames pntoh16/pntoh32 (big-endian reads from a byte pointer) to pntohu16/pntohu32. */
#if TT_WS_AT_LEAST(4, 6)
#define tt_ws_pntoh16 pntohu16
#define tt_ws_pntoh32 pntohu32
#else
#define tt_ws_pntoh16 pntoh16
#define tt_ws_pntoh32 pntoh32
#endif

/* 4.4: a boolean preference is a C99 bool (gboolean before): prefs_register_bool_preference's
 * variable has this type. */
#if TT_WS_AT_LEAST(4, 4)
typedef bool tt_ws_pref_bool;
#else
typedef gboolean tt_ws_pref_bool;
#endif

/* 4.6: a stat_tap_ui init callback returns whether it started (void before). */
#if TT_WS_AT_LEAST(4, 6)
#define TT_STAT_TAP_INIT_RESULT bool
#define TT_STAT_TAP_INIT_DONE   return true
#define TT_STAT_TAP_INIT_FAILED return false
#else
#define TT_STAT_TAP_INIT_RESULT void
#define TT_STAT_TAP_INIT_DONE   return
#define TT_STAT_TAP_INIT_FAILED return
#endif

/* 4.4: stats-tree menu paths separate their levels with STATS_TREE_MENU_SEPARATOR ("//"). */
#if TT_WS_AT_LEAST(4, 4)
#define TT_STATS_TREE_MENU_SEPARATOR STATS_TREE_MENU_SEPARATOR
#else
#define TT_STATS_TREE_MENU_SEPARATOR "/"
#endif

/* 4.4: plugins describe what they register (About > Plugins shows it). TT_WS_PLUGIN_DESCRIBE(flags)
 * defines plugin_describe, returning flags (WS_PLUGIN_DESC_*), from 4.4; nothing before. */
#if TT_WS_AT_LEAST(4, 4)
#include <wsutil/plugins.h>
#define TT_WS_PLUGIN_DESCRIBE(flags)                                                               \
    WS_DLL_PUBLIC uint32_t plugin_describe(void);                                                  \
    uint32_t plugin_describe(void)                                                                 \
    {                                                                                              \
        return (flags);                                                                            \
    }
#else
#define TT_WS_PLUGIN_DESCRIBE(flags)
#endif

/* How many bytes of a TCP header must be captured for TCP to number the stream and give tcp.len:
 * up to 4.4 it reads ports to window (16 bytes) first, from 4.6 ports to flags (14 bytes). */
#if TT_WS_AT_LEAST(4, 6)
#define TT_WS_TCP_BYTES_BEFORE_STREAM 14
#else
#define TT_WS_TCP_BYTES_BEFORE_STREAM 16
#endif

/* The conversation TCP keeps a segment's analysis in as of frame (pinfo's, or an earlier one),
 * found from the addresses and ports TCP saw (pinfo's may have been changed since by what TCP
 * carried). From 4.4, with the conversation_deinterlacing_key preference set, TCP files
 * conversations under keys that include the interface, MAC or VLAN, which find_conversation_strat
 * applies (4.6 adds a direction). */
static inline conversation_t *tt_ws_tcp_conversation(const packet_info *pinfo, guint32 frame,
                                                     const address *src, const address *dst,
                                                     guint16 sport, guint16 dport)
{
#if TT_WS_AT_LEAST(4, 4)
    packet_info as_tcp = *pinfo; /* a copy: pinfo itself is left as it is */

    as_tcp.num = frame;
    copy_address_shallow(&as_tcp.src, src);
    copy_address_shallow(&as_tcp.dst, dst);
    as_tcp.srcport = sport;
    as_tcp.destport = dport;
    as_tcp.ptype = PT_TCP;
#if TT_WS_AT_LEAST(4, 6)
    return find_conversation_strat(&as_tcp, CONVERSATION_TCP, 0, false);
#else
    return find_conversation_strat(&as_tcp, CONVERSATION_TCP, 0);
#endif
#else
    (void)pinfo;
    return find_conversation(frame, src, dst, CONVERSATION_TCP, sport, dport, 0);
#endif
}

/* True when TCP files its conversations under their addresses and ports alone, so that on the first
 * pass the conversation of an address/port pair changes only when TCP numbers a new stream. From
 * 4.4, the conversation_deinterlacing_key preference adds the interface, MAC or VLAN to the key. */
static inline gboolean tt_ws_tcp_conversations_by_tuple(void)
{
#if TT_WS_AT_LEAST(4, 4)
    return prefs.conversation_deinterlacing_key == 0;
#else
    return TRUE;
#endif
}

/* TCP's analysis of a conversation (its stream number), read without changing it: from 4.4 through
 * TCP's own get_tcp_conversation_data_idempotent, before as the conversation's data of protocol
 * tcp_id. */
static inline const struct tcp_analysis *tt_ws_tcp_analysis(conversation_t *conv, int tcp_id)
{
#if TT_WS_AT_LEAST(4, 4)
    (void)tcp_id;
    return get_tcp_conversation_data_idempotent(conv);
#else
    return (const struct tcp_analysis *)conversation_get_proto_data(conv, tcp_id);
#endif
}

/* 4.4: the two boolean members of seq_analysis_item_t (sequence_analysis.h, which Debian's
 * wireshark-dev does not install) became C99 bool. The test build tcpteach_wrong_layout defines
 * TCPTEACH_TEST_WRONG_SEQ_LAYOUT to get the other version's layout and see the check refuse it. */
#if TT_WS_AT_LEAST(4, 4) != defined(TCPTEACH_TEST_WRONG_SEQ_LAYOUT)
typedef bool tt_ws_seq_bool;
#else
typedef gboolean tt_ws_seq_bool;
#endif

#endif
