/* Zeek's verdict on a conversation: conn_state() with its codes' names and meanings, and the
 * history and byte counts read back. */
#include <string.h>

#include "zeek-view.h"

const char *const tt_zeek_state_name[TZ_STATE_COUNT] = {
    [TZ_S0] = "S0",         [TZ_S1] = "S1",       [TZ_SF] = "SF",     [TZ_REJ] = "REJ",
    [TZ_S2] = "S2",         [TZ_S3] = "S3",       [TZ_RSTO] = "RSTO", [TZ_RSTR] = "RSTR",
    [TZ_RSTOS0] = "RSTOS0", [TZ_RSTRH] = "RSTRH", [TZ_SH] = "SH",     [TZ_SHR] = "SHR",
    [TZ_OTH] = "OTH",
};

/* The Conn::Info conn_state documentation of main.zeek (SF: its first sentence). */
const char *const tt_zeek_state_meaning[TZ_STATE_COUNT] = {
    [TZ_S0] = "Connection attempt seen, no reply.",
    [TZ_S1] = "Connection established, not terminated.",
    [TZ_SF] = "Normal establishment and termination.",
    [TZ_REJ] = "Connection attempt rejected.",
    [TZ_S2] = "Connection established and close attempt by originator seen (but no reply from "
              "responder).",
    [TZ_S3] = "Connection established and close attempt by responder seen (but no reply from "
              "originator).",
    [TZ_RSTO] = "Connection established, originator aborted (sent a RST).",
    [TZ_RSTR] = "Responder sent a RST.",
    [TZ_RSTOS0] = "Originator sent a SYN followed by a RST, we never saw a SYN-ACK from the "
                  "responder.",
    [TZ_RSTRH] = "Responder sent a SYN ACK followed by a RST, we never saw a SYN from the "
                 "(purported) originator.",
    [TZ_SH] = "Originator sent a SYN followed by a FIN, we never saw a SYN ACK from the responder "
              "(hence the connection was \"half\" open).",
    [TZ_SHR] = "Responder sent a SYN ACK followed by a FIN, we never saw a SYN from the "
               "originator.",
    [TZ_OTH] = "No SYN seen, just midstream traffic (one example of this is a \"partial "
               "connection\" that was not later closed).",
};

uint64_t tt_zeek_endpoint_size(const tt_zeek_endpoint *e, const tt_zeek_endpoint *peer)
{
    uint64_t last64 = full_seq(e->last_seq, e->seq_wraps);
    uint64_t ack64 = full_seq(e->ack_seq, e->ack_wraps);
    bool no_data_acked = ack64 == e->start_seq || ack64 == (uint64_t)e->start_seq + 1;
    if (e->prev_state == TZE_SYN_SENT && e->state == TZE_RESET && peer->state == TZE_INACTIVE &&
        !no_data_acked)
        return 0; /* a half-open connection discovered and aborted */
    uint64_t size = (last64 > ack64 ? last64 : ack64) - e->start_seq;
    if (size != 0)
        --size; /* the SYN octet */
    if (e->fin_cnt > 0 && size != 0)
        --size; /* the FIN octet */
    return size;
}

/* The conn_state code: conn_state() of scripts/base/protocols/conn/main.zeek, TCP branch, with
 * c$orig$size and c$resp$size from TCP_Endpoint::Size(). */
tt_zeek_state tt_zeek_state_code(const tt_zeek *z)
{
    const tt_zeek_endpoint *o = &z->ep[orig_index(z)];
    const tt_zeek_endpoint *r = &z->ep[1 - orig_index(z)];
    uint8_t os = o->state, rs = r->state;
    bool o_inactive = os == TZE_INACTIVE || os == TZE_PARTIAL;
    bool r_inactive = rs == TZE_INACTIVE || rs == TZE_PARTIAL;

    if (rs == TZE_RESET) {
        if (os == TZE_SYN_SENT || os == TZE_SYN_ACK_SENT ||
            (os == TZE_RESET && tt_zeek_endpoint_size(o, r) == 0 &&
             tt_zeek_endpoint_size(r, o) == 0))
            return TZ_REJ;
        return o_inactive ? TZ_RSTRH : TZ_RSTR;
    }
    if (os == TZE_RESET) {
        if (r_inactive)
            return z->rstos0 == RM_MATCH ? TZ_RSTOS0 : TZ_OTH;
        return TZ_RSTO;
    }
    if (rs == TZE_CLOSED && os == TZE_CLOSED)
        return TZ_SF;
    if (os == TZE_CLOSED)
        return r_inactive ? TZ_SH : TZ_S2;
    if (rs == TZE_CLOSED)
        return o_inactive ? TZ_SHR : TZ_S3;
    if (os == TZE_SYN_SENT && rs == TZE_INACTIVE)
        return TZ_S0;
    if (os == TZE_ESTABLISHED && rs == TZE_ESTABLISHED)
        return TZ_S1;
    return TZ_OTH;
}

const char *tt_zeek_conn_state(const tt_zeek *z)
{
    return tt_zeek_state_name[tt_zeek_state_code(z)];
}

const char *tt_zeek_history(const tt_zeek *z)
{
    return z->history;
}

bool tt_zeek_history_truncated(const tt_zeek *z)
{
    return z->truncated;
}

const char *tt_zeek_meaning(const char *code)
{
    for (int i = 0; i < TZ_STATE_COUNT; i++)
        if (code != NULL && strcmp(code, tt_zeek_state_name[i]) == 0)
            return tt_zeek_state_meaning[i];
    return NULL;
}

bool tt_zeek_orig_is_client(const tt_zeek *z)
{
    return !z->swapped;
}

uint32_t tt_zeek_conn_count(const tt_zeek *z)
{
    return z->conn_count;
}

uint32_t tt_zeek_first_frame(const tt_zeek *z)
{
    return z->first_frame;
}

uint64_t tt_zeek_bytes(const tt_zeek *z, bool orig)
{
    const tt_zeek_endpoint *o = &z->ep[orig_index(z)];
    const tt_zeek_endpoint *r = &z->ep[1 - orig_index(z)];
    return orig ? tt_zeek_endpoint_size(o, r) : tt_zeek_endpoint_size(r, o);
}
