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
                    [TM_FLOW_DATA] = "data, {len} bytes",
                    [TM_FLOW_SEGMENT] = "segment",
                    [TM_CLIENT] = "client",
                    [TM_SERVER] = "server",
                    [TM_CHECK_OK] = "ack = {expr} = {exp} \u2713",
                    [TM_CHECK_WRONG] = "ack = {ack} \u2717 (it should be {expr} = {exp})",
                    [TM_CHECK_UNKNOWN] = "ack = {ack} (what it acknowledges was not captured)",
                    [TM_DATA] = "The {from} sends {len} bytes of data.",
                    [TM_ACK] = "The {from} acknowledges every byte before sequence number {ack}.",
                    [TM_RST] = "The {from} resets the connection with RST: both sides drop it at "
                               "once.",
                    [TM_RST_SENT] = "The {from} sends an RST.",
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
                    [TM_WAVE_2_AFTER_FIN] = "Wave 2: the {from} acknowledges that FIN, {check}; it "
                                            "has already sent its own FIN, so it is now {state}.",
                    [TM_WAVE_4_CLOSING] = "Wave 4: the {from} acknowledges the last FIN, {check}; "
                                          "its own FIN is not acknowledged yet, so it is now "
                                          "{state}: TIME_WAIT and its 2MSL wait begin only when "
                                          "that ACK arrives.",
                    [TM_HANDSHAKE_3_IGNORED] = "Handshake 3: the {from} acknowledges the {to}'s "
                                               "SYN, {check}.",
                    [TM_NOT_CAPTURED_SYNACK] = "The capture starts at this SYN+ACK: the client's "
                                               "SYN is not in it, so x is known only from this "
                                               "ack (x = ack - 1).",
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
                    [TA_SEGMENT_IGNORED] = "A real TCP {to} drops this segment: {ignored}; its "
                                           "state does not change.",
                    [TA_RST_IGNORED] = "The connection goes on after the RST, so that RST was "
                                       "not accepted (or not sent by this endpoint): both sides "
                                       "keep the states they had before it.",
                    [TA_UNEXPECTED_SEGMENT] = "No TCP sends this segment in the state the capture "
                                              "implies ({before}); the capture does not explain "
                                              "it, so the states shown from here on are a guess.",
                    [TA_SEGMENT_NOT_CAPTURED] = "{inferred}",
                    [TA_ONE_SIDED] = "Only one direction of this conversation is in the capture, "
                                     "yet that side acknowledges the other (asymmetric routing, "
                                     "or a tap on one link): the other side's steps are "
                                     "inferred.",
                    [TA_SEGMENT_LOST] = "This segment never reached the {to}: the {to} later sends "
                                        "again what it answers, so the {to}'s state does not "
                                        "change here.",
                    [TA_DUPLICATE_FRAME] = "This frame is an exact copy of the previous one (same "
                                           "direction, seq, ack, length and flags) captured less "
                                           "than 1 ms later: the same packet recorded twice, "
                                           "e.g. by two merged taps, not a retransmission; it "
                                           "changes nothing.",
                    [TA_CAPTURE_ENDS] = "The capture ends less than 1 s after this segment, "
                                        "before its answer had to come (the first retransmission "
                                        "timeout, RFC 6298): whether one came is not known.",
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
                    [TA_SEGMENT_IGNORED] = "A real receiver drops this segment",
                    [TA_RST_IGNORED] = "The connection went on after an RST",
                    [TA_UNEXPECTED_SEGMENT] = "No TCP sends this in the state the capture implies",
                    [TA_SEGMENT_NOT_CAPTURED] = "Proves a segment that is not in the capture",
                    [TA_ONE_SIDED] = "Only one direction of the conversation is captured",
                    [TA_SEGMENT_LOST] = "Lost after the capture point: the receiver never got it",
                    [TA_DUPLICATE_FRAME] = "The same frame captured twice",
                    [TA_CAPTURE_ENDS] = "The capture ends before an answer was due",
                },
            .ignored =
                {
                    [TI_OUT_OF_WINDOW] = "its sequence number lies beyond the window the {to} "
                                         "offers (RFC 9293 section 3.10.7.4), so the {to} only "
                                         "answers with an ACK",
                    [TI_BEYOND_ANY_WINDOW] = "its sequence number lies more than 2^30 bytes, the "
                                             "largest window TCP allows (RFC 7323), past the next "
                                             "one the {to} expects, so the {to} only answers with "
                                             "an ACK (the window field itself is not read here)",
                    [TI_BAD_ACK] = "its ack acknowledges something the {to} never sent or does "
                                   "not expect (RFC 9293 sections 3.10.7.3 and 3.10.7.4), so it "
                                   "answers with an ACK or an RST instead",
                    [TI_NO_ACK] = "it lacks the ACK bit, which every segment but the first SYN "
                                  "carries (RFC 9293 section 3.10.7.4)",
                    [TI_RST_NOT_MATCHING] = "an RST counts only when its seq is exactly the next "
                                            "one the {to} expects (in SYN_RCVD: within its "
                                            "window), RFC 5961 section 3.2; otherwise the {to} "
                                            "answers with a challenge ACK",
                    [TI_RST_BAD_ACK] = "in SYN_SENT an RST counts only when it acknowledges the "
                                       "SYN, with ack = x+1 (RFC 9293 section 3.10.7.3)",
                    [TI_SYN_SYNCHRONIZED] = "a SYN reaching an open connection is answered with a "
                                            "challenge ACK and dropped (RFC 5961 section 4)",
                    [TI_NO_CONNECTION] = "the {to} has no connection that could take it, and "
                                         "answers with RST",
                },
            .inferred =
                {
                    [TN_SYNACK] = "The {to}'s SYN+ACK is not in the capture; this segment "
                                  "acknowledges it, so it arrived: both sides went through "
                                  "handshake 2.",
                    [TN_THIRD_ACK] = "The {to}'s third ACK is not in the capture; the {from} sends "
                                     "this only on an open connection, so that ACK arrived.",
                    [TN_PEER_DATA] = "This ack covers sequence numbers of the {to} that the "
                                     "capture does not show (data, or its FIN; not captured, or "
                                     "cut short): they were sent and arrived.",
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
                    [TT_TREE_STATS_SEGMENTS] = "TCP segments analysed",
                    [TT_TREE_STATS_STEPS] = "Steps",
                    [TT_TREE_STATS_ANOMALIES] = "Anomalies",
                    [TT_TREE_STATS_STEP] = "{label}",
                },
            .handshake =
                {
                    [TH_COMPLETE] = "complete",
                    [TH_MISSING_THIRD_ACK] = "missing_third_ack",
                    [TH_UNANSWERED] = "unanswered",
                    [TH_REFUSED] = "refused",
                    [TH_NOT_CAPTURED] = "not_captured",
                    [TH_SIMULTANEOUS_OPEN] = "simultaneous_open",
                    [TH_CAPTURE_ENDS] = "capture_ends",
                },
            .close =
                {
                    [TC_FOUR_WAY] = "4-way",
                    [TC_THREE_WAY] = "3-way",
                    [TC_SIMULTANEOUS] = "simultaneous",
                    [TC_RESET] = "reset",
                    [TC_HALF_CLOSED] = "half-closed",
                    [TC_OPEN] = "open",
                },
            .role = {[TR_CLIENT] = "client", [TR_SERVER] = "server"},
            .label =
                {
                    [TL_NONE] = "",
                    [TL_HANDSHAKE_1] = "handshake 1",
                    [TL_HANDSHAKE_2] = "handshake 2",
                    [TL_HANDSHAKE_3] = "handshake 3",
                    [TL_WAVE_1] = "wave 1",
                    [TL_WAVE_2] = "wave 2",
                    [TL_WAVE_3] = "wave 3",
                    [TL_WAVE_2_3] = "wave 2+3",
                    [TL_WAVE_4] = "wave 4",
                },
            .problem =
                {
                    [TA_SYN_RETRANSMISSION] = "syn_retransmission",
                    [TA_SYNACK_RETRANSMISSION] = "synack_retransmission",
                    [TA_MISSING_THIRD_ACK] = "missing_third_ack",
                    [TA_SYN_UNANSWERED] = "syn_unanswered",
                    [TA_FIN_RETRANSMISSION] = "fin_retransmission",
                    [TA_ACK_MISMATCH] = "ack_mismatch",
                    [TA_CONNECTION_REFUSED] = "connection_refused",
                    [TA_RST_ABORT] = "rst_abort",
                    [TA_HANDSHAKE_NOT_CAPTURED] = "handshake_not_captured",
                    [TA_DATA_AFTER_FIN] = "data_after_fin",
                    [TA_SIMULTANEOUS_OPEN] = "simultaneous_open",
                    [TA_SIMULTANEOUS_CLOSE] = "simultaneous_close",
                    [TA_FAST_OPEN] = "fast_open",
                    [TA_THIRD_ACK_WITH_DATA] = "third_ack_with_data",
                    [TA_HALF_CLOSE] = "half_close",
                    [TA_PORT_REUSE] = "port_reuse",
                    [TA_SEGMENT_IGNORED] = "segment_ignored",
                    [TA_RST_IGNORED] = "rst_ignored",
                    [TA_UNEXPECTED_SEGMENT] = "unexpected_segment",
                    [TA_SEGMENT_NOT_CAPTURED] = "segment_not_captured",
                    [TA_ONE_SIDED] = "one_sided",
                    [TA_SEGMENT_LOST] = "segment_lost",
                    [TA_DUPLICATE_FRAME] = "duplicate_frame",
                    [TA_CAPTURE_ENDS] = "capture_ends",
                },
            .problem_join = ",",
            .list_join = ", ",
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
                    [TM_FLOW_DATA] = "数据 {len} 字节",
                    [TM_FLOW_SEGMENT] = "报文段",
                    [TM_CLIENT] = "客户端",
                    [TM_SERVER] = "服务器",
                    [TM_CHECK_OK] = "ack = {expr} = {exp} \u2713",
                    [TM_CHECK_WRONG] = "ack = {ack} \u2717（应为 {expr} = {exp}）",
                    [TM_CHECK_UNKNOWN] = "ack = {ack}（它所确认的报文段没有被抓到）",
                    [TM_DATA] = "{from}发送 {len} 字节数据。",
                    [TM_ACK] = "{from}确认序号 {ack} 之前的全部字节。",
                    [TM_RST] = "{from}发送 RST 重置连接：双方立即丢弃这个连接。",
                    [TM_RST_SENT] = "{from}发送了一个 RST。",
                    [TM_OTHER] = "{from}发送的这个报文段不属于握手或挥手的任何一步。",
                    [TM_LADDER_TITLE] = "流 {stream}：客户端 {client}，服务器 {server}",
                    [TM_LADDER_SUMMARY] = "握手{handshake}，{close}，主动关闭方：{closer}，"
                                          "问题 {problems} 个；Zeek：{state} {history}",
                    [TM_LADDER_DATA] = "{from} \u2192 {to}：{segments} 个报文段，{bytes} 字节数据",
                    [TM_LADDER_ACK_OK] = "ack \u2713",
                    [TM_LADDER_ACK_WRONG] = "ack \u2717（应为 {exp}）",
                    [TM_CONV_TITLE] = "TCP 连接一览（tcpteach）",
                    [TM_CONV_COLUMNS] =
                        "流|客户端|服务器|握手|关闭|主动关闭方|conn_state|history|问题",
                    [TM_WAVE_2_AFTER_FIN] = "第二次挥手：{from}确认这个 FIN，{check}；它已经发送过"
                                            "自己的 FIN，{from}进入 {state} 状态。",
                    [TM_HANDSHAKE_3_IGNORED] = "第三次握手：{from}确认{to}的 SYN，{check}。",
                    [TM_WAVE_4_CLOSING] = "第四次挥手：{from}确认最后一个 FIN，{check}；它自己的 "
                                          "FIN 还没有被确认，所以{from}进入 {state} 状态：收到那个 "
                                          "ACK 之后才进入 TIME_WAIT，开始等待 2MSL。",
                    [TM_NOT_CAPTURED_SYNACK] = "抓包从这个 SYN+ACK 开始，其中没有客户端的 SYN，"
                                               "所以 x 只能由这个确认号推出（x = ack - 1）。",
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
                    [TA_SEGMENT_IGNORED] = "真实的{to}会丢弃这个报文段：{ignored}；它的状态不变。",
                    [TA_RST_IGNORED] = "RST 之后连接仍在继续，说明那个 RST 没有被接受（或者并不是"
                                       "这一端发送的）：双方保持 RST 之前的状态。",
                    [TA_UNEXPECTED_SEGMENT] = "在抓包所推断的状态（{before}）下，任何 TCP 都不会"
                                              "发送这个报文段；抓包无法解释它，因此此后显示的"
                                              "状态只是推测。",
                    [TA_SEGMENT_NOT_CAPTURED] = "{inferred}",
                    [TA_ONE_SIDED] = "抓包中只有这个连接一个方向的报文段，但这一方确认了另一方"
                                     "（非对称路由，或只在一条链路上抓包）：另一方的步骤是推断"
                                     "出来的。",
                    [TA_SEGMENT_LOST] = "这个报文段没有到达{to}：{to}后来重传了它所回应的报文段，"
                                        "所以{to}的状态在这里不变。",
                    [TA_DUPLICATE_FRAME] = "这一帧与前一帧完全相同（方向、seq、ack、长度和标志都"
                                           "一样），而且相隔不到 1 毫秒：这是同一个包被记录了两次"
                                           "（例如合并了两个抓包点），不是重传；它不改变任何状态。",
                    [TA_CAPTURE_ENDS] = "抓包在这个报文段之后不到 1 秒就结束了，还没到必须回应的"
                                        "时间（首次重传超时，RFC 6298）：不知道是否有回应。",
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
                    [TA_SEGMENT_IGNORED] = "真实的接收方会丢弃这个报文段",
                    [TA_RST_IGNORED] = "RST 之后连接仍在继续",
                    [TA_UNEXPECTED_SEGMENT] = "在所推断的状态下任何 TCP 都不会发送它",
                    [TA_SEGMENT_NOT_CAPTURED] = "证明有一个报文段没有被抓到",
                    [TA_ONE_SIDED] = "只抓到了连接的一个方向",
                    [TA_SEGMENT_LOST] = "在抓包点之后丢失：接收方从未收到",
                    [TA_DUPLICATE_FRAME] = "同一帧被记录了两次",
                    [TA_CAPTURE_ENDS] = "抓包在应有回应之前就结束了",
                },
            .ignored =
                {
                    [TI_OUT_OF_WINDOW] = "它的序号超出了{to}通告的接收窗口（RFC 9293 第 3.10.7.4 "
                                         "节），{to}只回一个 ACK",
                    [TI_BEYOND_ANY_WINDOW] = "它的序号比{to}期望的下一个序号超前了 2^30 字节以上，"
                                             "超过了 TCP 允许的最大窗口（RFC 7323），{to}只回一个 "
                                             "ACK（这里不读取窗口字段本身）",
                    [TI_BAD_ACK] = "它的确认号确认了{to}从未发送或并不期待的内容（RFC 9293 第 "
                                   "3.10.7.3 和 3.10.7.4 节），{to}会改回一个 ACK 或 RST",
                    [TI_NO_ACK] = "它没有 ACK 标志，而除第一个 SYN 之外的每个报文段都必须带 ACK"
                                  "（RFC 9293 第 3.10.7.4 节）",
                    [TI_RST_NOT_MATCHING] = "只有序号恰好等于{to}期望的下一个序号的 RST 才有效"
                                            "（在 SYN_RCVD 状态下：落在窗口之内），见 RFC 5961 第 "
                                            "3.2 节；否则{to}回一个挑战 ACK",
                    [TI_RST_BAD_ACK] = "在 SYN_SENT 状态下，只有确认了 SYN（ack = x+1）的 RST 才"
                                       "有效（RFC 9293 第 3.10.7.3 节）",
                    [TI_SYN_SYNCHRONIZED] = "已建立的连接收到 SYN 时只回一个挑战 ACK 并丢弃它"
                                            "（RFC 5961 第 4 节）",
                    [TI_NO_CONNECTION] = "{to}已经没有可以接收它的连接，会回一个 RST",
                },
            .inferred =
                {
                    [TN_SYNACK] = "抓包中没有{to}的 SYN+ACK；这个报文段确认了它，说明它已经到达："
                                  "双方都经历了第二次握手。",
                    [TN_THIRD_ACK] = "抓包中没有{to}的第三次握手 ACK；{from}只有在连接已建立时"
                                     "才会发送这样的报文段，说明那个 ACK 已经到达。",
                    [TN_PEER_DATA] = "这个确认号覆盖了抓包中看不到（没有抓到或被截断）的{to}的"
                                     "序号（数据，或它的 FIN）：它们已经发送并且到达。",
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
                    [TT_TREE_CONV] = "连接：握手{handshake}，{close}",
                    [TT_TREE_HANDSHAKE] = "握手",
                    [TT_TREE_CLOSE] = "关闭",
                    [TT_TREE_CLOSER] = "主动关闭方（最后进入 TIME_WAIT）",
                    [TT_TREE_ZEEK_STATE] = "Zeek conn_state",
                    [TT_TREE_ZEEK_HISTORY] = "Zeek history",
                    [TT_TREE_PROBLEMS] = "问题数",
                    [TT_TREE_STATS_SEGMENTS] = "分析的 TCP 报文段",
                    [TT_TREE_STATS_STEPS] = "步骤",
                    [TT_TREE_STATS_ANOMALIES] = "异常",
                    [TT_TREE_STATS_STEP] = "{n} {label}",
                },
            .handshake =
                {
                    [TH_COMPLETE] = "完成",
                    [TH_MISSING_THIRD_ACK] = "缺少第三个 ACK",
                    [TH_UNANSWERED] = "无应答",
                    [TH_REFUSED] = "被拒绝",
                    [TH_NOT_CAPTURED] = "未抓到",
                    [TH_SIMULTANEOUS_OPEN] = "同时打开",
                    [TH_CAPTURE_ENDS] = "未完成（抓包已结束）",
                },
            .close =
                {
                    [TC_FOUR_WAY] = "四次挥手",
                    [TC_THREE_WAY] = "三次挥手",
                    [TC_SIMULTANEOUS] = "同时关闭",
                    [TC_RESET] = "RST 中止",
                    [TC_HALF_CLOSED] = "半关闭",
                    [TC_OPEN] = "未关闭",
                },
            .role = {[TR_CLIENT] = "客户端", [TR_SERVER] = "服务器"},
            .label =
                {
                    [TL_NONE] = "",
                    [TL_HANDSHAKE_1] = "第一次握手",
                    [TL_HANDSHAKE_2] = "第二次握手",
                    [TL_HANDSHAKE_3] = "第三次握手",
                    [TL_WAVE_1] = "第一次挥手",
                    [TL_WAVE_2] = "第二次挥手",
                    [TL_WAVE_3] = "第三次挥手",
                    [TL_WAVE_2_3] = "第二、三次挥手(合并)",
                    [TL_WAVE_4] = "第四次挥手",
                },
            .problem =
                {
                    [TA_SYN_RETRANSMISSION] = "SYN 重传",
                    [TA_SYNACK_RETRANSMISSION] = "SYN+ACK 重传",
                    [TA_MISSING_THIRD_ACK] = "缺少第三次握手",
                    [TA_SYN_UNANSWERED] = "SYN 无应答",
                    [TA_FIN_RETRANSMISSION] = "FIN 重传",
                    [TA_ACK_MISMATCH] = "确认号错误",
                    [TA_CONNECTION_REFUSED] = "连接被拒绝",
                    [TA_RST_ABORT] = "RST 异常终止",
                    [TA_HANDSHAKE_NOT_CAPTURED] = "未抓到握手",
                    [TA_DATA_AFTER_FIN] = "FIN 之后又发数据",
                    [TA_SIMULTANEOUS_OPEN] = "同时打开",
                    [TA_SIMULTANEOUS_CLOSE] = "同时关闭",
                    [TA_FAST_OPEN] = "TCP 快速打开",
                    [TA_THIRD_ACK_WITH_DATA] = "第三次握手携带数据",
                    [TA_HALF_CLOSE] = "半关闭",
                    [TA_PORT_REUSE] = "端口复用",
                    [TA_SEGMENT_IGNORED] = "报文段被丢弃",
                    [TA_RST_IGNORED] = "RST 未生效",
                    [TA_UNEXPECTED_SEGMENT] = "不该出现的报文段",
                    [TA_SEGMENT_NOT_CAPTURED] = "漏抓的报文段",
                    [TA_ONE_SIDED] = "只抓到一个方向",
                    [TA_SEGMENT_LOST] = "报文段丢失",
                    [TA_DUPLICATE_FRAME] = "重复记录的帧",
                    [TA_CAPTURE_ENDS] = "抓包提前结束",
                },
            .problem_join = "、",
            .list_join = "、",
        },
};

tt_lang tt_lang_from_locale(const char *locale)
{
    return (locale && strncmp(locale, "zh", 2) == 0) ? TT_LANG_ZH : TT_LANG_EN;
}
