/* Zeek's conn_state and history for one conversation: a port of Zeek's TCP analyzer state. */
#include "tcpteach/zeek.h"

#include <string.h>

#include "tcpteach/seq.h"
#include "zeek-view.h"

/*
 * Sources (repository zeek/zeek), named in each function below:
 *   src/packet_analysis/protocol/tcp/TCPSessionAdapter.cc: Process(), update_history(),
 *     init_endpoint(), get_relative_seq(), init_peer(), update_ack_seq(), update_last_seq(),
 *     UpdateStateMachine() and the Update*State() it calls, ConnectionClosed(), IsReuse(),
 *     FlipRoles(); get_segment_len()
 *   src/analyzer/protocol/tcp/TCP_Endpoint.cc: SetState(), Size(), CheckHistory(),
 *     AddHistory(), DidRxmit(); TCP_Endpoint.h: NoDataAcked(), UpdateLastSeq(), UpdateAckSeq()
 *   src/Conn.h, src/Conn.cc: Connection::CheckHistory(), ScaledHistoryEntry(), FlipRoles()
 *   scripts/base/protocols/conn/main.zeek: conn_state(), the Conn::Info documentation
 */

/* TOO_LARGE_SEQ_DELTA of TCPSessionAdapter.cc. */
#define TOO_LARGE_SEQ_DELTA 1048576

/* The HIST_* masks of TCP_Endpoint.h; the responder's are shifted left by 16. */
enum {
    HIST_SYN_PKT = 0x1,
    HIST_FIN_PKT = 0x2,
    HIST_RST_PKT = 0x4,
    HIST_FIN_RST_PKT = 0x8,
    HIST_DATA_PKT = 0x10,
    HIST_ACK_PKT = 0x20,
    HIST_MULTI_FLAG_PKT = 0x40
};

/* True when endpoint e is Zeek's originator (TCP_Endpoint::IsOrig()). */
static bool is_orig_ep(const tt_zeek *z, const tt_zeek_endpoint *e)
{
    return e == &z->ep[orig_index(z)];
}

/* Appends one letter: Connection::AddHistory(). Past TT_ZEEK_HISTORY_MAX the letter is only
 * counted as dropped, but still moves the RSTOS0 pattern, so conn_state sees the whole history. */
static void add_letter(tt_zeek *z, char code)
{
    switch (z->rstos0) {
    case RM_START: z->rstos0 = code == '^' ? RM_CARET : code == 'S' ? RM_AFTER_S : RM_FAIL; break;
    case RM_CARET: z->rstos0 = code == 'S' ? RM_AFTER_S : RM_FAIL; break;
    case RM_AFTER_S:
        if (code == 'R')
            z->rstos0 = RM_MATCH;
        else if (strchr("HAFGIQ", code) != NULL)
            z->rstos0 = RM_FAIL;
        break;
    default: break;
    }
    if (z->hist_len < TT_ZEEK_HISTORY_MAX) {
        z->history[z->hist_len++] = code;
        z->history[z->hist_len] = '\0';
    } else {
        z->truncated = true;
    }
}

/* A letter in the endpoint's case: TCP_Endpoint::AddHistory() (lower case for the responder). */
static void ep_add_history(tt_zeek *z, const tt_zeek_endpoint *e, char code)
{
    add_letter(z, is_orig_ep(z, e) ? code : (char)(code - 'A' + 'a'));
}

/* Records code unless this endpoint already has it; true when it had. TCP_Endpoint::CheckHistory()
 * and Connection::CheckHistory(). */
static bool ep_check_history(tt_zeek *z, const tt_zeek_endpoint *e, uint32_t mask, char code)
{
    if (!is_orig_ep(z, e))
        mask <<= 16;
    if ((z->hist_seen & mask) == 0) {
        z->hist_seen |= mask;
        ep_add_history(z, e, code);
        return false;
    }
    return true;
}

/* Counts a retransmission and adds 'T' at the 1st, 10th, 100th ...: TCP_Endpoint::DidRxmit() and
 * Connection::ScaledHistoryEntry() with base 10. */
static void did_rxmit(tt_zeek *z, tt_zeek_endpoint *e)
{
    if (++e->rxmt_cnt == e->rxmt_thresh) {
        ep_add_history(z, e, 'T');
        uint32_t next = e->rxmt_thresh * 10u;
        if (next <= e->rxmt_thresh)
            e->rxmt_cnt = 0; /* wrapped: keep the threshold */
        else
            e->rxmt_thresh = next;
    }
}

/* Moves an endpoint to a state, remembering the one it leaves: TCP_Endpoint::SetState(). */
static void set_state(tt_zeek_endpoint *e, tt_zeek_ep_state s)
{
    if (e->state != s) {
        e->prev_state = e->state;
        e->state = (uint8_t)s;
    }
}

/* A fresh endpoint: the TCP_Endpoint constructor. */
static void endpoint_init(tt_zeek_endpoint *e)
{
    memset(e, 0, sizeof *e);
    e->state = e->prev_state = TZE_INACTIVE;
    e->rxmt_thresh = 1;
}

/* Empties the current Zeek connection: history, hist_seen and both endpoints start over (the
 * Connection and TCPSessionAdapter constructors). */
static void reset_connection(tt_zeek *z)
{
    endpoint_init(&z->ep[0]);
    endpoint_init(&z->ep[1]);
    z->swapped = false;
    z->truncated = false;
    z->rstos0 = RM_START;
    z->hist_len = 0;
    z->history[0] = '\0';
    z->hist_seen = 0;
}

/* An empty view; a flipped start gets its '^' at once, as Zeek's FlipRoles() on a new connection.
 */
void tt_zeek_init(tt_zeek *z, bool flipped)
{
    memset(z, 0, sizeof *z);
    reset_connection(z);
    if (flipped)
        add_letter(z, '^'); /* Connection::FlipRoles() on the new connection */
}

/* cur relative to the endpoint's start, in 64 bits; sets *underflow when it lies before the start:
 * get_relative_seq() of TCPSessionAdapter.cc. */
static uint64_t relative_seq(const tt_zeek_endpoint *e, uint32_t cur, uint32_t last, uint32_t wraps,
                             bool *underflow)
{
    int32_t delta = seq_diff(cur, last);
    if (delta < 0) {
        if (wraps && cur > last)
            --wraps; /* part of a previous 32-bit sequence space */
    } else if (delta > 0) {
        if (cur < last)
            ++wraps; /* the sequence space wrapped around */
    }
    if (wraps == 0) {
        delta = seq_diff(cur, e->start_seq);
        if (underflow && delta < 0)
            *underflow = true;
        return (uint64_t)(int64_t)delta;
    }
    return full_seq(cur, wraps) - e->start_seq;
}

/* TCP_Endpoint::UpdateLastSeq() and UpdateAckSeq(): count a wrap when the number goes down. */
static void update_last(tt_zeek_endpoint *e, uint32_t seq)
{
    if (seq < e->last_seq)
        ++e->seq_wraps;
    e->last_seq = seq;
}

static void update_ack(tt_zeek_endpoint *e, uint32_t seq)
{
    if (seq < e->ack_seq)
        ++e->ack_wraps;
    e->ack_seq = seq;
}

/* Sets the endpoint's start, ack and last sequence numbers: InitStartSeq/InitAckSeq/InitLastSeq. */
static void init_seqs(tt_zeek_endpoint *e, uint32_t start, uint32_t ack, uint32_t last)
{
    e->start_seq = start;
    e->ack_seq = ack;
    e->last_seq = last;
}

/* Sequence space the segment takes: get_segment_len() (a RST's payload is not stream data). */
static uint32_t segment_len(const tt_segment *s)
{
    uint32_t n = s->len;
    if (s->flags & TT_SYN)
        ++n;
    if (s->flags & TT_FIN)
        ++n;
    if (s->flags & TT_RST)
        n -= s->len;
    return n;
}

/* Sets up or re-sets the sender's sequence numbers before the segment is used: init_endpoint() of
 * TCPSessionAdapter.cc. */
static void init_endpoint(tt_zeek_endpoint *e, const tt_segment *s, uint32_t last_seq)
{
    bool syn = (s->flags & TT_SYN) != 0;
    switch (e->state) {
    case TZE_INACTIVE:
        if (syn) {
            init_seqs(e, s->seq, s->seq, last_seq);
        } else {
            /* partial connection: number as though a SYN came just before, and do not take the
             * first packet for a duplicate */
            init_seqs(e, s->seq - 1, s->seq - 1, s->seq);
        }
        break;
    case TZE_SYN_SENT:
    case TZE_SYN_ACK_SENT:
        if (syn && s->seq != e->start_seq)
            init_seqs(e, s->seq, s->seq, last_seq); /* Weird SYN_seq_jump */
        break;
    case TZE_ESTABLISHED:
    case TZE_PARTIAL:
        if (syn)
            init_seqs(e, s->seq, s->seq, last_seq); /* this SYN may be the real start */
        break;
    case TZE_RESET:
        if (syn && e->prev_state == TZE_INACTIVE)
            init_seqs(e, s->seq, s->seq, last_seq); /* the earlier RST may have been injected */
        break;
    default: break;
    }
}

/* The history letter(s) of one segment: update_history() of TCPSessionAdapter.cc. S/H, F and R
 * repeat only when their relative seq differs from the last one of the same kind (for F, the seq
 * after the payload); A, D, I and Q are recorded once per direction. */
static void update_history(tt_zeek *z, tt_zeek_endpoint *e, const tt_segment *s, uint64_t rel_seq)
{
    bool syn = (s->flags & TT_SYN) != 0, fin = (s->flags & TT_FIN) != 0;
    bool rst = (s->flags & TT_RST) != 0, ack = (s->flags & TT_ACK) != 0;
    int bits_set = (int)syn + (int)fin + (int)rst;
    if (bits_set > 1) {
        if (fin && rst)
            ep_check_history(z, e, HIST_FIN_RST_PKT, 'I');
        else
            ep_check_history(z, e, HIST_MULTI_FLAG_PKT, 'Q');
    } else if (bits_set == 1) {
        if (syn) {
            char code = ack ? 'H' : 'S';
            if (ep_check_history(z, e, HIST_SYN_PKT, code) && rel_seq != e->hist_last_syn)
                ep_add_history(z, e, code);
            e->hist_last_syn = rel_seq;
        }
        if (fin) {
            if (ep_check_history(z, e, HIST_FIN_PKT, 'F') && rel_seq + s->len != e->hist_last_fin)
                ep_add_history(z, e, 'F');
            e->hist_last_fin = rel_seq + s->len;
        }
        if (rst) {
            if (ep_check_history(z, e, HIST_RST_PKT, 'R') && rel_seq != e->hist_last_rst)
                ep_add_history(z, e, 'R');
            e->hist_last_rst = rel_seq;
        }
    } else if (s->len) {
        ep_check_history(z, e, HIST_DATA_PKT, 'D');
    } else if (ack) {
        ep_check_history(z, e, HIST_ACK_PKT, 'A');
    }
}

/* Moves the sender's last_seq forward, or counts a retransmission ('T') when a segment with
 * payload does not advance it: update_last_seq() of TCPSessionAdapter.cc. */
static void update_last_seq(tt_zeek *z, tt_zeek_endpoint *e, const tt_segment *s, uint32_t last_seq)
{
    int32_t delta_last = seq_diff(last_seq, e->last_seq);
    if ((s->flags & (TT_SYN | TT_RST)) &&
        (delta_last > TOO_LARGE_SEQ_DELTA || delta_last < -TOO_LARGE_SEQ_DELTA))
        return; /* an outlandish SYN or RST sequence number is not trusted */
    if ((s->flags & TT_FIN) && e->last_seq == e->start_seq + 1)
        update_last(e, last_seq); /* only SYN and FIN seen: a possibly > 2 GB connection */
    else if (e->state == TZE_RESET)
        return; /* nothing after a RST is trusted */
    else if (delta_last > 0)
        update_last(e, last_seq);
    else if (s->len > 0)
        did_rxmit(z, e);
}

/* Zeek swaps originator and responder: TCPSessionAdapter::FlipRoles() and Connection::FlipRoles(),
 * which appends '^'. The endpoints keep their records; only which one is the originator changes. */
static void flip_roles(tt_zeek *z)
{
    z->swapped = !z->swapped;
    add_letter(z, '^');
}

/* The first segment from an endpoint that is still inactive: UpdateInactiveState() of
 * TCPSessionAdapter.cc (events and weirds left out). Returns do_close. */
static bool update_inactive(tt_zeek *z, tt_zeek_endpoint *e, tt_zeek_endpoint *peer, bool is_orig,
                            const tt_segment *s)
{
    bool do_close = false;
    bool ack = (s->flags & TT_ACK) != 0;
    if (s->flags & TT_SYN) {
        if (is_orig) {
            set_state(e, ack ? TZE_SYN_ACK_SENT : TZE_SYN_SENT);
        } else {
            if (!ack && peer->state == TZE_SYN_ACK_SENT && s->seq == e->start_seq) {
                /* SYN/SYN-ACK reversal: flip the endpoints and establish the connection */
                flip_roles(z);
                set_state(peer, TZE_ESTABLISHED);
            }
            if (peer->state == TZE_SYN_SENT)
                set_state(peer, TZE_ESTABLISHED);
            set_state(e, TZE_ESTABLISHED);
        }
    }
    if (s->flags & TT_FIN) {
        set_state(e, TZE_CLOSED);
        do_close = true;
    }
    if (s->flags & TT_RST) {
        set_state(e, TZE_RESET);
        do_close = true;
    }
    if (e->state == TZE_INACTIVE) { /* no control flag changed the state */
        const tt_zeek_endpoint *orig = &z->ep[orig_index(z)];
        /* a bare ack of the SYN before the SYN+ACK does not make a partial connection */
        bool early_ack = !is_orig && s->len == 0 && orig->state == TZE_SYN_SENT;
        if (!early_ack && ack && peer->state == TZE_ESTABLISHED)
            set_state(e, TZE_ESTABLISHED); /* the SYN was missed, the SYN+ACK was not */
        else if (!early_ack)
            set_state(e, TZE_PARTIAL);
    }
    return do_close;
}

/* A segment from an endpoint that sent a SYN or SYN+ACK: UpdateSYN_SentState(). Returns do_close.
 */
static bool update_syn_sent(tt_zeek_endpoint *e, const tt_segment *s)
{
    bool do_close = false;
    if (s->flags & TT_FIN) {
        set_state(e, TZE_CLOSED);
        do_close = true;
    }
    if (s->flags & TT_RST) {
        set_state(e, TZE_RESET);
        do_close = true;
    }
    return do_close;
}

/* A segment from an established or partial endpoint: UpdateEstablishedState(). Returns do_close. */
static bool update_established(tt_zeek_endpoint *e, tt_zeek_endpoint *peer, const tt_segment *s)
{
    bool do_close = false;
    if ((s->flags & TT_SYN) && e->state == TZE_PARTIAL && peer->state == TZE_INACTIVE &&
        !(s->flags & TT_ACK))
        set_state(e, TZE_SYN_SENT); /* Weird SYN_after_partial */
    if ((s->flags & TT_FIN) && !(s->flags & TT_RST)) {
        set_state(e, TZE_CLOSED);
        if (peer->state == TZE_RESET && peer->prev_state == TZE_CLOSED)
            set_state(peer, TZE_CLOSED); /* the peer's FIN then RST was a normal close */
        do_close = true;
    }
    if (s->flags & TT_RST) {
        set_state(e, TZE_RESET);
        do_close = true;
    }
    return do_close;
}

/* A segment from an endpoint that sent a FIN: UpdateClosedState(). A RST counts only while the
 * peer has not closed too. Returns do_close. */
static bool update_closed(tt_zeek_endpoint *e, const tt_zeek_endpoint *peer, const tt_segment *s)
{
    if ((s->flags & TT_RST) && peer->state != TZE_CLOSED) {
        set_state(e, TZE_RESET);
        return !e->did_close;
    }
    return false;
}

/* The endpoint state machine: UpdateStateMachine() of TCPSessionAdapter.cc. A RESET endpoint
 * (UpdateResetState) only raises weirds. Returns do_close. */
static bool update_state_machine(tt_zeek *z, tt_zeek_endpoint *e, tt_zeek_endpoint *peer,
                                 bool is_orig, const tt_segment *s)
{
    switch (e->state) {
    case TZE_INACTIVE: return update_inactive(z, e, peer, is_orig, s);
    case TZE_SYN_SENT:
    case TZE_SYN_ACK_SENT: return update_syn_sent(e, s);
    case TZE_ESTABLISHED:
    case TZE_PARTIAL: return update_established(e, peer, s);
    case TZE_CLOSED: return update_closed(e, peer, s);
    default: return false;
    }
}

/* True when Zeek ends the current connection and starts a new one at this segment:
 * TCPSessionAdapter::IsReuse() and IsClosed(). Only a SYN can do that; a SYN+ACK only while the
 * originator has sent nothing. */
static bool is_reuse(const tt_zeek *z, const tt_segment *s)
{
    const tt_zeek_endpoint *orig = &z->ep[orig_index(z)];
    const tt_zeek_endpoint *resp = &z->ep[1 - orig_index(z)];
    const tt_zeek_endpoint *conn_orig = orig;
    if (!(s->flags & TT_SYN))
        return false;
    if (s->flags & TT_ACK) {
        if (orig->state != TZE_INACTIVE)
            return false; /* not a half connection */
        conn_orig = resp;
    }
    if (orig->did_close || resp->did_close)
        return true; /* closed in some sense: any new SYN starts over */
    if (s->seq == conn_orig->start_seq)
        return false;
    if (!(s->flags & TT_ACK) && conn_orig->state == TZE_SYN_ACK_SENT &&
        resp->state == TZE_INACTIVE && s->seq == resp->start_seq)
        return false; /* SYN and SYN+ACK seen in reverse order */
    return true;
}

/* Feeds one segment as TCPSessionAdapter::Process() handles a packet, after the session manager's
 * IsReuse() check (IPBasedAnalyzer::ProcessConnection()) may have started a new connection. */
void tt_zeek_segment(tt_zeek *z, bool from_orig, const tt_segment *s)
{
    int sender = from_orig ? 0 : 1;
    if (!z->started) {
        z->started = true;
        z->conn_count = 1;
        z->first_frame = s->frame;
    } else if (is_reuse(z, s)) {
        /* A new Zeek connection. Its originator is the SYN's sender; for a SYN+ACK, its receiver
         * and a '^', as the caller does for a first SYN+ACK (Zeek: TCPAnalyzer::WantConnection()
         * with the sender on a likely server port). */
        bool synack = (s->flags & TT_ACK) != 0;
        reset_connection(z);
        z->conn_count++;
        z->first_frame = s->frame;
        if (synack)
            add_letter(z, '^');
        z->swapped = (synack ? 1 - sender : sender) == 1;
    }

    /* TCPSessionAdapter::Process(), in its order */
    tt_zeek_endpoint *e = &z->ep[sender];
    tt_zeek_endpoint *peer = &z->ep[1 - sender];
    bool is_orig = is_orig_ep(z, e);
    uint32_t seq_one_past_segment = s->seq + segment_len(s);

    init_endpoint(e, s, seq_one_past_segment);
    uint64_t rel_seq = relative_seq(e, s->seq, e->last_seq, e->seq_wraps, NULL);
    update_history(z, e, s, rel_seq);

    if (s->flags & TT_FIN)
        ++e->fin_cnt;

    if (s->flags & TT_ACK) {
        if (peer->state == TZE_INACTIVE) {
            init_seqs(peer, s->ack - 1, s->ack - 1, s->ack - 1); /* init_peer() */
        } else {
            bool ack_underflow = false;
            (void)relative_seq(peer, s->ack, peer->ack_seq, peer->ack_wraps, &ack_underflow);
            if (!ack_underflow && !(s->flags & TT_RST)) { /* acks in RSTs are not trusted */
                /* update_ack_seq() */
                int32_t delta_ack = seq_diff(s->ack, peer->ack_seq);
                bool broken = s->ack == 0 && delta_ack > TOO_LARGE_SEQ_DELTA; /* not a wrap to 0 */
                if (!broken && delta_ack > 0)
                    update_ack(peer, s->ack);
            }
        }
    }

    update_last_seq(z, e, s, seq_one_past_segment);

    if (update_state_machine(z, e, peer, is_orig, s))
        e->did_close = true; /* ConnectionClosed(), with no data pending */
}
