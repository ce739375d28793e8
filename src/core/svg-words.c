/* The SVG figure's own wording, per language (the rest comes from tt_wordings). */
#include "svg-shared.h"

const svg_wording tt_svg_words[TT_LANG_COUNT] = {
    [TT_LANG_EN] =
        {
            .title = "TCP conversations drawn as in the textbook (tcpteach)",
            .empty = "No conversation selected",
            .empty_filter =
                "The display filter \u201c{filter}\u201d matches no TCP conversation of "
                "the capture.",
            .empty_all = "The capture holds no TCP conversation.",
            .ignored_by = "ignored by the {to}: {why}",
            .why =
                {
                    [TI_NONE] = "",
                    [TI_OUT_OF_WINDOW] = "out of its window",
                    [TI_BEYOND_ANY_WINDOW] = "beyond any window",
                    [TI_BAD_ACK] = "unacceptable ack",
                    [TI_NO_ACK] = "no ACK bit",
                    [TI_RST_NOT_MATCHING] = "RST seq not the one expected",
                    [TI_RST_BAD_ACK] = "RST does not acknowledge the SYN",
                    [TI_SYN_SYNCHRONIZED] = "SYN on an open connection",
                    [TI_NO_CONNECTION] = "no connection any more",
                },
            .inferred =
                {
                    [TN_NONE] = "",
                    [TN_SYNACK] = "SYN+ACK: not captured, inferred",
                    [TN_THIRD_ACK] = "ACK (handshake 3): not captured, inferred",
                    [TN_PEER_DATA] = "data or FIN: not captured, inferred",
                },
            .lost = "lost",
        },
    [TT_LANG_ZH] =
        {
            .title = "TCP 连接时序图（tcpteach）",
            .empty = "没有选中任何连接",
            .empty_filter = "显示过滤器\u201c{filter}\u201d没有匹配抓包中的任何 TCP 连接。",
            .empty_all = "抓包中没有 TCP 连接。",
            .ignored_by = "{to}忽略了它：{why}",
            .why =
                {
                    [TI_NONE] = "",
                    [TI_OUT_OF_WINDOW] = "超出接收窗口",
                    [TI_BEYOND_ANY_WINDOW] = "超出任何可能的窗口",
                    [TI_BAD_ACK] = "确认号不可接受",
                    [TI_NO_ACK] = "没有 ACK 标志",
                    [TI_RST_NOT_MATCHING] = "RST 的序号不是期望的序号",
                    [TI_RST_BAD_ACK] = "RST 没有确认 SYN",
                    [TI_SYN_SYNCHRONIZED] = "已建立的连接收到 SYN",
                    [TI_NO_CONNECTION] = "连接已不存在",
                },
            .inferred =
                {
                    [TN_NONE] = "",
                    [TN_SYNACK] = "SYN+ACK：未抓到，由后续报文推断",
                    [TN_THIRD_ACK] = "ACK（第三次握手）：未抓到，由后续报文推断",
                    [TN_PEER_DATA] = "数据或 FIN：未抓到，由确认号推断",
                },
            .lost = "丢失",
        },
};
