/* The wording tables: every learner-facing sentence, in English and in Chinese. */
#include <string.h>

#include "tcpteach/text.h"

const tt_wording tt_wordings[TT_LANG_COUNT] = {
    [TT_LANG_EN] =
        {
            .code = "en",
            .separator = " ",
            .step =
                {
                    [TL_HANDSHAKE_1] = "Handshake 1: the {from} asks to open a connection with SYN "
                                       "and picks its initial sequence number x = {seq}; it is "
                                       "now {state}.",
                    [TL_HANDSHAKE_2] = "Handshake 2: the {from} answers with SYN+ACK, picking its "
                                       "own initial sequence number y = {seq}, and {check}.",
                    [TL_HANDSHAKE_3] = "Handshake 3: the {from} acknowledges the {to}'s SYN, "
                                       "{check}; the connection is now open both ways.",
                    [TL_WAVE_1] = "Wave 1: the {from} has no more data to send and closes its "
                                  "direction with FIN, seq = u = {seq}; it is now {state}.",
                    [TL_WAVE_2] = "Wave 2: the {from} acknowledges that FIN, {check}, but may "
                                  "still send data of its own; it is now {state}.",
                    [TL_WAVE_3] = "Wave 3: the {from} has finished sending too and sends its own "
                                  "FIN, seq = w = {seq}; it is now {state}.",
                    [TL_WAVE_2_3] = "Waves 2 and 3 in one segment: the {from} acknowledges the "
                                    "FIN, {check}, and sends its own FIN at once, seq = w = {seq}; "
                                    "it is now {state}.",
                    [TL_WAVE_4] = "Wave 4: the {from} acknowledges the last FIN, {check}; it is "
                                  "now {state} and waits 2MSL, in case this ACK is lost and the "
                                  "FIN comes again.",
                },
            .msg =
                {
                    [TM_CLIENT] = "client",
                    [TM_SERVER] = "server",
                    [TM_CHECK_OK] = "ack = {expr} = {exp} \u2713",
                    [TM_CHECK_WRONG] = "ack = {ack} \u2717 (it should be {expr} = {exp})",
                    [TM_CHECK_UNKNOWN] = "ack = {ack} (what it acknowledges was not captured)",
                    [TM_DATA] = "The {from} sends {len} bytes of data.",
                    [TM_ACK] = "The {from} acknowledges every byte before sequence number {ack}.",
                    [TM_RST] = "The {from} resets the connection with RST: both sides drop it at "
                               "once.",
                    [TM_OTHER] = "The {from} sends a segment that is no step of the handshake or "
                                 "the close.",
                    [TM_LADDER_TITLE] = "Stream {stream}: client {client}, server {server}",
                    [TM_LADDER_SUMMARY] = "handshake {handshake}, close {close}, closer {closer}, "
                                          "{problems} problem(s); Zeek: {state} {history}",
                    [TM_LADDER_DATA] = "{segments} segment(s) {from} \u2192 {to}, {bytes} bytes of "
                                       "data",
                    [TM_LADDER_ACK_OK] = "ack \u2713",
                    [TM_LADDER_ACK_WRONG] = "ack \u2717 (expected {exp})",
                    [TM_CONV_TITLE] = "TCP conversations (tcpteach)",
                    [TM_CONV_COLUMNS] = "stream|client|server|handshake|close|closer|conn_state|"
                                        "history|problems",
                },
            .anomaly =
                {
                    [TA_SYN_RETRANSMISSION] = "This SYN is a retransmission: the first one got no "
                                              "answer in time.",
                    [TA_SYNACK_RETRANSMISSION] = "This SYN+ACK is a retransmission: the {from} "
                                                 "got no ACK for the first one in time.",
                    [TA_MISSING_THIRD_ACK] = "The client never acknowledged this SYN+ACK: the "
                                             "handshake did not complete.",
                    [TA_SYN_UNANSWERED] = "Nothing ever answered this SYN.",
                    [TA_FIN_RETRANSMISSION] = "This FIN is a retransmission: the first one was not "
                                              "acknowledged in time.",
                    [TA_ACK_MISMATCH] = "",
                    [TA_CONNECTION_REFUSED] = "Connection refused: nothing listens on this port, "
                                              "so the {from} answers the SYN with RST.",
                    [TA_RST_ABORT] = "The connection is aborted, not closed: data not yet "
                                     "delivered is lost.",
                    [TA_HANDSHAKE_NOT_CAPTURED] = "The capture starts after this connection's "
                                                  "handshake, so its initial sequence numbers "
                                                  "are unknown.",
                    [TA_DATA_AFTER_FIN] = "Error: the {from} sends new data after its own FIN.",
                    [TA_SIMULTANEOUS_OPEN] = "Both sides sent a SYN at the same time "
                                             "(simultaneous open).",
                    [TA_SIMULTANEOUS_CLOSE] = "The two FINs crossed: both sides closed at the same "
                                              "time (simultaneous close).",
                    [TA_FAST_OPEN] = "The SYN already carries {len} bytes of data (TCP Fast "
                                     "Open).",
                    [TA_THIRD_ACK_WITH_DATA] = "The third segment of the handshake already "
                                               "carries {len} bytes of data.",
                    [TA_HALF_CLOSE] = "Half-close: the {from} still sends data after "
                                      "acknowledging the {to}'s FIN, because each direction "
                                      "closes separately.",
                    [TA_PORT_REUSE] = "This is a new connection on the same addresses and ports "
                                      "as an earlier one.",
                },
            .summary =
                {
                    [TA_SYN_RETRANSMISSION] = "SYN retransmitted",
                    [TA_SYNACK_RETRANSMISSION] = "SYN+ACK retransmitted",
                    [TA_MISSING_THIRD_ACK] = "The client never acknowledged this SYN+ACK",
                    [TA_SYN_UNANSWERED] = "Nothing ever answered this SYN",
                    [TA_FIN_RETRANSMISSION] = "FIN retransmitted",
                    [TA_ACK_MISMATCH] = "Acknowledgement number is not the expected one",
                    [TA_CONNECTION_REFUSED] = "Connection refused: RST answers the SYN",
                    [TA_RST_ABORT] = "Connection aborted by RST",
                    [TA_HANDSHAKE_NOT_CAPTURED] = "The capture starts after this connection's "
                                                  "handshake",
                    [TA_DATA_AFTER_FIN] = "New data sent after this side's own FIN",
                    [TA_SIMULTANEOUS_OPEN] = "Simultaneous open: both sides sent a SYN",
                    [TA_SIMULTANEOUS_CLOSE] = "Simultaneous close: the two FINs crossed",
                    [TA_FAST_OPEN] = "TCP Fast Open: the SYN carries data",
                    [TA_THIRD_ACK_WITH_DATA] = "The third handshake segment carries data",
                    [TA_HALF_CLOSE] = "Half-close: data still flows towards the side that sent FIN",
                    [TA_PORT_REUSE] = "New connection on the same addresses and ports as an "
                                      "earlier one",
                },
            .tree =
                {
                    [TT_TREE_STEP] = "Step",
                    [TT_TREE_FROM] = "From",
                    [TT_TREE_NOTATION] = "Notation",
                    [TT_TREE_ACK_CHECK] = "Ack check",
                    [TT_TREE_ACK_EXPECTED] = "Expected ack",
                    [TT_TREE_CLIENT_STATE] = "Client state",
                    [TT_TREE_SERVER_STATE] = "Server state",
                    [TT_TREE_ANOMALY] = "Anomaly",
                    [TT_TREE_EXPLAIN] = "Explanation",
                    [TT_TREE_CONV] = "Conversation: handshake {handshake}, close {close}",
                    [TT_TREE_HANDSHAKE] = "Handshake",
                    [TT_TREE_CLOSE] = "Close",
                    [TT_TREE_CLOSER] = "Closer (ends in TIME_WAIT)",
                    [TT_TREE_ZEEK_STATE] = "Zeek conn_state",
                    [TT_TREE_ZEEK_HISTORY] = "Zeek history",
                    [TT_TREE_PROBLEMS] = "Problems",
                },
        },
    [TT_LANG_ZH] =
        {
            .code = "zh",
            .separator = "",
            .step =
                {
                    [TL_HANDSHAKE_1] = "第一次握手：{from}发送 SYN 请求建立连接，选定初始序号 "
                                       "x = {seq}；{from}进入 {state} 状态。",
                    [TL_HANDSHAKE_2] = "第二次握手：{from}回复 SYN+ACK，选定自己的初始序号 "
                                       "y = {seq}，并且 {check}。",
                    [TL_HANDSHAKE_3] = "第三次握手：{from}确认{to}的 SYN，{check}；连接在两个"
                                       "方向上都已建立。",
                    [TL_WAVE_1] = "第一次挥手：{from}没有数据要发送了，用 FIN 关闭自己这个方向，"
                                  "seq = u = {seq}；{from}进入 {state} 状态。",
                    [TL_WAVE_2] = "第二次挥手：{from}确认收到这个 FIN，{check}，但它仍可以继续"
                                  "发送自己的数据；{from}进入 {state} 状态。",
                    [TL_WAVE_3] = "第三次挥手：{from}的数据也发送完了，发送自己的 FIN，"
                                  "seq = w = {seq}；{from}进入 {state} 状态。",
                    [TL_WAVE_2_3] = "第二、三次挥手合并在一个报文段里：{from}确认 FIN，{check}，"
                                    "同时发送自己的 FIN，seq = w = {seq}；{from}进入 {state} "
                                    "状态。",
                    [TL_WAVE_4] = "第四次挥手：{from}确认最后一个 FIN，{check}；{from}进入 "
                                  "{state} 状态并等待 2MSL，以防这个 ACK 丢失、FIN 再次到来。",
                },
            .msg =
                {
                    [TM_CLIENT] = "客户端",
                    [TM_SERVER] = "服务器",
                    [TM_CHECK_OK] = "ack = {expr} = {exp} \u2713",
                    [TM_CHECK_WRONG] = "ack = {ack} \u2717（应为 {expr} = {exp}）",
                    [TM_CHECK_UNKNOWN] = "ack = {ack}（它所确认的报文段没有被抓到）",
                    [TM_DATA] = "{from}发送 {len} 字节数据。",
                    [TM_ACK] = "{from}确认序号 {ack} 之前的全部字节。",
                    [TM_RST] = "{from}发送 RST 重置连接：双方立即丢弃这个连接。",
                    [TM_OTHER] = "{from}发送的这个报文段不属于握手或挥手的任何一步。",
                    [TM_LADDER_TITLE] = "流 {stream}：客户端 {client}，服务器 {server}",
                    [TM_LADDER_SUMMARY] = "握手 {handshake}，关闭 {close}，主动关闭方 {closer}，"
                                          "问题 {problems} 个；Zeek：{state} {history}",
                    [TM_LADDER_DATA] = "{from} \u2192 {to}：{segments} 个报文段，{bytes} 字节数据",
                    [TM_LADDER_ACK_OK] = "ack \u2713",
                    [TM_LADDER_ACK_WRONG] = "ack \u2717（应为 {exp}）",
                    [TM_CONV_TITLE] = "TCP 连接一览（tcpteach）",
                    [TM_CONV_COLUMNS] =
                        "流|客户端|服务器|握手|关闭|主动关闭方|conn_state|history|问题",
                },
            .anomaly =
                {
                    [TA_SYN_RETRANSMISSION] = "这是重传的 SYN：第一个 SYN 没有及时得到应答。",
                    [TA_SYNACK_RETRANSMISSION] = "这是重传的 SYN+ACK：{from}没有及时收到对第一个 "
                                                 "SYN+ACK 的确认。",
                    [TA_MISSING_THIRD_ACK] = "客户端始终没有确认这个 SYN+ACK：三次握手没有完成。",
                    [TA_SYN_UNANSWERED] = "这个 SYN 始终没有得到任何应答。",
                    [TA_FIN_RETRANSMISSION] = "这是重传的 FIN：第一个 FIN 没有及时得到确认。",
                    [TA_ACK_MISMATCH] = "",
                    [TA_CONNECTION_REFUSED] = "连接被拒绝：这个端口上没有程序在监听，{from}用 "
                                              "RST 回应 SYN。",
                    [TA_RST_ABORT] = "连接被异常终止而不是正常关闭：尚未送达的数据都会丢失。",
                    [TA_HANDSHAKE_NOT_CAPTURED] = "抓包开始于这个连接的握手之后，所以不知道它的"
                                                  "初始序号。",
                    [TA_DATA_AFTER_FIN] = "错误：{from}在自己的 FIN 之后又发送了新数据。",
                    [TA_SIMULTANEOUS_OPEN] = "双方同时发送了 SYN（同时打开）。",
                    [TA_SIMULTANEOUS_CLOSE] = "两个 FIN 交叉而过：双方同时关闭（同时关闭）。",
                    [TA_FAST_OPEN] = "这个 SYN 已经携带了 {len} 字节数据（TCP Fast Open）。",
                    [TA_THIRD_ACK_WITH_DATA] = "第三次握手的报文段已经携带了 {len} 字节数据。",
                    [TA_HALF_CLOSE] = "半关闭：{from}确认了{to}的 FIN 之后仍在发送数据，因为两个"
                                      "方向是分别关闭的。",
                    [TA_PORT_REUSE] = "这是一个新连接，使用了与之前某个连接相同的地址和端口。",
                },
            .summary =
                {
                    [TA_SYN_RETRANSMISSION] = "SYN 重传",
                    [TA_SYNACK_RETRANSMISSION] = "SYN+ACK 重传",
                    [TA_MISSING_THIRD_ACK] = "客户端始终没有确认这个 SYN+ACK",
                    [TA_SYN_UNANSWERED] = "这个 SYN 始终没有得到应答",
                    [TA_FIN_RETRANSMISSION] = "FIN 重传",
                    [TA_ACK_MISMATCH] = "确认号不是期望的值",
                    [TA_CONNECTION_REFUSED] = "连接被拒绝：RST 回应了 SYN",
                    [TA_RST_ABORT] = "连接被 RST 异常终止",
                    [TA_HANDSHAKE_NOT_CAPTURED] = "抓包开始于这个连接的握手之后",
                    [TA_DATA_AFTER_FIN] = "在自己的 FIN 之后又发送了新数据",
                    [TA_SIMULTANEOUS_OPEN] = "同时打开：双方都发送了 SYN",
                    [TA_SIMULTANEOUS_CLOSE] = "同时关闭：两个 FIN 交叉而过",
                    [TA_FAST_OPEN] = "TCP Fast Open：SYN 携带了数据",
                    [TA_THIRD_ACK_WITH_DATA] = "第三次握手的报文段携带了数据",
                    [TA_HALF_CLOSE] = "半关闭：数据仍流向已发送 FIN 的一方",
                    [TA_PORT_REUSE] = "与之前某个连接使用相同地址和端口的新连接",
                },
            .tree =
                {
                    [TT_TREE_STEP] = "步骤",
                    [TT_TREE_FROM] = "发送方",
                    [TT_TREE_NOTATION] = "课本记法",
                    [TT_TREE_ACK_CHECK] = "确认号检查",
                    [TT_TREE_ACK_EXPECTED] = "期望的确认号",
                    [TT_TREE_CLIENT_STATE] = "客户端状态",
                    [TT_TREE_SERVER_STATE] = "服务器状态",
                    [TT_TREE_ANOMALY] = "异常",
                    [TT_TREE_EXPLAIN] = "解释",
                    [TT_TREE_CONV] = "连接：握手 {handshake}，关闭 {close}",
                    [TT_TREE_HANDSHAKE] = "握手",
                    [TT_TREE_CLOSE] = "关闭",
                    [TT_TREE_CLOSER] = "主动关闭方（最后进入 TIME_WAIT）",
                    [TT_TREE_ZEEK_STATE] = "Zeek conn_state",
                    [TT_TREE_ZEEK_HISTORY] = "Zeek history",
                    [TT_TREE_PROBLEMS] = "问题数",
                },
        },
};

tt_lang tt_lang_from_locale(const char *locale)
{
    return (locale && strncmp(locale, "zh", 2) == 0) ? TT_LANG_ZH : TT_LANG_EN;
}
