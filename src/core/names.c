/* Name tables of the core: states, steps, roles, the one table of anomalies (forms: steps.c). */
#include "tcpteach/core.h"

const char *const tt_state_name[TS_COUNT] = {
    [TS_CLOSED] = "CLOSED",           [TS_LISTEN] = "LISTEN",
    [TS_SYN_SENT] = "SYN_SENT",       [TS_SYN_RCVD] = "SYN_RCVD",
    [TS_ESTABLISHED] = "ESTABLISHED", [TS_FIN_WAIT_1] = "FIN_WAIT_1",
    [TS_FIN_WAIT_2] = "FIN_WAIT_2",   [TS_CLOSE_WAIT] = "CLOSE_WAIT",
    [TS_CLOSING] = "CLOSING",         [TS_LAST_ACK] = "LAST_ACK",
    [TS_TIME_WAIT] = "TIME_WAIT",
};

const char *const tt_label_name[TL_COUNT] = {
    [TL_NONE] = "",
    [TL_HANDSHAKE_1] = "handshake 1",
    [TL_HANDSHAKE_2] = "handshake 2",
    [TL_HANDSHAKE_3] = "handshake 3",
    [TL_WAVE_1] = "wave 1",
    [TL_WAVE_2] = "wave 2",
    [TL_WAVE_3] = "wave 3",
    [TL_WAVE_2_3] = "wave 2+3",
    [TL_WAVE_4] = "wave 4",
};

const char *const tt_role_name[TR_COUNT] = {[TR_CLIENT] = "client", [TR_SERVER] = "server"};

const tt_anomaly_desc tt_anomaly_info[TA_COUNT] = {
    [TA_SYN_RETRANSMISSION] = {"syn_retransmission", true, TT_SEV_WARN},
    [TA_SYNACK_RETRANSMISSION] = {"synack_retransmission", true, TT_SEV_WARN},
    [TA_MISSING_THIRD_ACK] = {"missing_third_ack", true, TT_SEV_WARN},
    [TA_SYN_UNANSWERED] = {"syn_unanswered", true, TT_SEV_WARN},
    [TA_FIN_RETRANSMISSION] = {"fin_retransmission", true, TT_SEV_WARN},
    [TA_ACK_MISMATCH] = {"ack_mismatch", true, TT_SEV_ERROR},
    [TA_CONNECTION_REFUSED] = {"connection_refused", true, TT_SEV_WARN},
    [TA_RST_ABORT] = {"rst_abort", true, TT_SEV_WARN},
    [TA_HANDSHAKE_NOT_CAPTURED] = {"handshake_not_captured", true, TT_SEV_WARN},
    [TA_DATA_AFTER_FIN] = {"data_after_fin", true, TT_SEV_ERROR},
    [TA_SIMULTANEOUS_OPEN] = {"simultaneous_open", false, TT_SEV_NOTE},
    [TA_SIMULTANEOUS_CLOSE] = {"simultaneous_close", false, TT_SEV_NOTE},
    [TA_FAST_OPEN] = {"fast_open", false, TT_SEV_NOTE},
    [TA_THIRD_ACK_WITH_DATA] = {"third_ack_with_data", false, TT_SEV_NOTE},
    [TA_HALF_CLOSE] = {"half_close", false, TT_SEV_NOTE},
    [TA_PORT_REUSE] = {"port_reuse", false, TT_SEV_NOTE},
    [TA_SEGMENT_IGNORED] = {"segment_ignored", true, TT_SEV_WARN},
    [TA_RST_IGNORED] = {"rst_ignored", true, TT_SEV_WARN},
    [TA_UNEXPECTED_SEGMENT] = {"unexpected_segment", true, TT_SEV_WARN},
    [TA_SEGMENT_NOT_CAPTURED] = {"segment_not_captured", false, TT_SEV_NOTE},
    [TA_ONE_SIDED] = {"one_sided", false, TT_SEV_NOTE},
    [TA_SEGMENT_LOST] = {"segment_lost", true, TT_SEV_WARN},
    [TA_DUPLICATE_FRAME] = {"duplicate_frame", false, TT_SEV_NOTE},
    [TA_CAPTURE_ENDS] = {"capture_ends", false, TT_SEV_NOTE},
    [TA_CAPTURED_OUT_OF_ORDER] = {"captured_out_of_order", false, TT_SEV_NOTE},
    [TA_CROSSED_IN_FLIGHT] = {"crossed_in_flight", false, TT_SEV_NOTE},
    [TA_SEGMENT_AFTER_RST] = {"segment_after_rst", true, TT_SEV_WARN},
};

const char *const tt_handshake_name[TH_COUNT] = {
    [TH_COMPLETE] = "complete",         [TH_MISSING_THIRD_ACK] = "missing_third_ack",
    [TH_UNANSWERED] = "unanswered",     [TH_REFUSED] = "refused",
    [TH_NOT_CAPTURED] = "not_captured", [TH_SIMULTANEOUS_OPEN] = "simultaneous_open",
    [TH_CAPTURE_ENDS] = "capture_ends",
};

const char *const tt_close_name[TC_COUNT] = {
    [TC_FOUR_WAY] = "4-way", [TC_THREE_WAY] = "3-way",         [TC_SIMULTANEOUS] = "simultaneous",
    [TC_RESET] = "reset",    [TC_HALF_CLOSED] = "half-closed", [TC_OPEN] = "open",
};
