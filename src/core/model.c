/* The model: both endpoints as small TCPs (RFC 9293), and the only writer of tt_endpoint. */
#include <string.h>

#include "stages.h"

tt_role tt_other(tt_role r)
{
    return r == TR_CLIENT ? TR_SERVER : TR_CLIENT;
}

tt_endpoint *tt_conv_endpoint(tt_conv *c, tt_role r)
{
    return r == TR_CLIENT ? &c->client : &c->server;
}

/* Events that undo one: an RST the conversation evidently survived (back to the state before it),
 * and an acknowledgement the endpoint evidently never got (back to the state before the frame that
 * carried it). */
enum { EV_RST_SURVIVED = TT_EVENT_COUNT, EV_ACK_LOST };

/* The one place an endpoint's state changes after the start: a diagram event, or the undoing of an
 * RST or an acknowledgement that the rest of the capture shows did not take effect. Like Zeek's
 * TCP_Endpoint::SetState, it keeps the state before the move and the frame of the move. */
static void move(tt_endpoint *e, int ev, uint32_t frame)
{
    tt_state next;

    if (ev == EV_RST_SURVIVED || ev == EV_ACK_LOST)
        next = (tt_state)(ev == EV_RST_SURVIVED ? e->state_before_rst : e->before_moved);
    else
        next = tt_next_state((tt_state)e->state, (tt_event)ev);
    TT_ASSERT("a move reaches a state", next < TS_COUNT);
    if (next == e->state)
        return;
    e->prev_state = e->state;
    e->moved_at = frame;
    e->state = (uint8_t)next;
}

/* Moves receiver e on an acknowledgement of its SYN or FIN carried by frame, remembering the frame
 * in case e later shows it never got it. */
static void move_acked(tt_endpoint *e, tt_event ev, uint32_t frame)
{
    tt_state before = (tt_state)e->state;

    move(e, ev, frame);
    if (e->state != before) {
        e->moved_by = frame;
        e->before_moved = (uint8_t)before;
    }
}

/* The sender re-sends what frame e->moved_by acknowledged: that frame never reached it. Back to
 * the state before it (the diagram's event ev when the frame is unknown), noted for the final
 * view. */
static void ack_lost(tt_conv *c, tt_endpoint *e, tt_role role, tt_event ev, uint32_t frame)
{
    if (e->moved_by == 0) {
        move(e, ev, frame);
        return;
    }
    if (c->lost_count < TT_MAX_LOST)
        c->lost[c->lost_count++] =
            (tt_lost){e->moved_by, frame, (uint8_t)role, (uint8_t)e->before_moved};
    move(e, EV_ACK_LOST, frame);
    e->moved_by = 0;
}

/* ---- Conversation start: who is the client ---- */

void tt_conv_init(tt_conv *c, uint16_t port_a, uint16_t port_b, bool port_reused)
{
    memset(c, 0, sizeof *c);
    c->client.port = port_a; /* provisional: roles are fixed by the first segment */
    c->server.port = port_b;
    c->client.wscale = c->server.wscale = TT_WSCALE_UNKNOWN;
    c->role_of_a = TR_CLIENT;
    c->port_reused = port_reused;
}

/* Zeek's rule when no SYN tells the roles: the well-known port (below 1024), else the lower port,
 * is the server's; equal ports leave the first sender as the client. */
static tt_role sender_role_by_ports(uint16_t sport, uint16_t dport)
{
    bool s_known = sport < 1024, d_known = dport < 1024;
    if (s_known != d_known)
        return s_known ? TR_SERVER : TR_CLIENT;
    if (sport != dport)
        return sport < dport ? TR_SERVER : TR_CLIENT;
    return TR_CLIENT;
}

void tt_model_start(tt_conv *c, const tt_segment *s)
{
    uint16_t port_a = c->client.port, port_b = c->server.port;
    uint8_t kind = s->flags & (TT_SYN | TT_ACK | TT_RST);
    tt_role sender;

    if (kind == TT_SYN)
        sender = TR_CLIENT;
    else if (kind == (TT_SYN | TT_ACK))
        sender = TR_SERVER;
    else
        sender = sender_role_by_ports(port_a, port_b);
    c->role_of_a = (uint8_t)sender;
    c->client.port = sender == TR_CLIENT ? port_a : port_b;
    c->server.port = sender == TR_CLIENT ? port_b : port_a;

    c->started = true;
    c->first_frame = s->frame;
    tt_zeek_init(&c->zeek, sender != TR_CLIENT); /* Zeek's originator is our client */
    if (kind == TT_SYN) {
        c->client.state = TS_CLOSED;
        c->server.state = TS_LISTEN;
    } else if (kind == (TT_SYN | TT_ACK)) {
        c->client.state = TS_SYN_SENT; /* its SYN was not captured (yet) */
        c->server.state = TS_LISTEN;
    } else {
        c->client.state = TS_ESTABLISHED; /* mid-stream: assume an open connection */
        c->server.state = TS_ESTABLISHED;
    }
    c->client.prev_state = c->client.state;
    c->server.prev_state = c->server.state;
}

void tt_model_note_sender(tt_conv *c, const tt_seg_ctx *x, bool live)
{
    x->snd->captured = true;
    if (!(x->s->flags & TT_RST))
        x->snd->spoke = true; /* a later RST from it is no refusal */
    c->peer_sent_live |= live;
    if ((x->s->flags & TT_ACK) && !x->snd->acked_any) {
        x->snd->acked_any = true;
        x->snd->first_ack = x->s->ack;
    }
}

/* ---- Applying the evidence about the sender ---- */

/* The SYN+ACK the sender (in SYN_SENT) acknowledges was not captured but arrived: both endpoints
 * go through it. */
static void infer_synack(const tt_seg_ctx *x)
{
    tt_endpoint *snd = x->snd, *rcv = x->rcv;
    uint32_t f = x->s->frame;

    if (!rcv->isn_known) {
        rcv->isn = x->s->ack - 1; /* y: what this ack implies */
        rcv->isn_known = true;
        rcv->next_seq = x->s->ack;
        rcv->sent_any = true;
    }
    if (rcv->state == TS_LISTEN)
        move(rcv, EV_RCV_SYN, f);
    move(rcv, EV_SEND_SYNACK, f);
    move(snd, EV_RCV_SYNACK, f);
    snd->rcv_nxt = x->s->ack;
    snd->rcv_known = true;
}

/* The server acknowledges client data past the SYN while the capture holds nothing the client sent
 * after its SYN: a gap opens after the SYN, up to that ack, where the third ACK and the data may
 * still be captured (tt_evidence_third_ack_late, tt_evidence_fills_gap). */
static void open_gap_after_syn(tt_conv *c, const tt_seg_ctx *x)
{
    const tt_segment *s = x->s;

    if (x->from != TR_SERVER || c->gap.frame != 0 || c->first_synack_frame == 0 ||
        (c->client.sent_any && c->client.next_seq != c->first_synack_ack) ||
        !seq_after(s->ack, c->first_synack_ack))
        return;
    c->gap = (tt_gap){s->frame, {.end = s->ack}, c->first_synack_ack, (uint32_t)s->time_us};
    c->gap_role = false; /* the client */
    c->gap_timed = s->timed;
    c->gap_peer_spoke = false;
    c->gap_after_syn = true;
    c->gap_third_seen = false;
    c->gap_copy = 0;
}

void tt_model_apply_evidence(tt_conv *c, const tt_seg_ctx *x, const tt_evidence *e)
{
    uint32_t f = x->s->frame;

    if (e->rst_survived) { /* the RST was not accepted, or not its own */
        move(&c->client, EV_RST_SURVIVED, f);
        move(&c->server, EV_RST_SURVIVED, f);
        c->survived.frame = c->rst_frame;
        c->survived.until = f;
        c->survived.client = c->client.state;
        c->survived.server = c->server.state;
        c->rst_open = c->refused = false;
    }
    if (e->after_own_rst) /* that RST was not its own; its receiver stays CLOSED */
        move(x->snd, EV_RST_SURVIVED, f);
    switch (e->finding) {
    case TF_NONE: break;
    case TF_SYNACK_LOST: ack_lost(c, x->snd, x->from, EV_RESEND_SYN, f); break;
    case TF_SYN_UNCAPTURED: move(x->snd, EV_RCV_SYN, f); break;
    case TF_THIRD_ACK_LOST: ack_lost(c, x->snd, x->from, EV_RESEND_SYNACK, f); break;
    case TF_SYNACK_UNCAPTURED: infer_synack(x); break;
    case TF_THIRD_ACK_UNCAPTURED: /* the third ACK is not in the capture, but it arrived */
        if (x->rcv->state == TS_SYN_SENT)
            move(x->rcv, EV_RCV_SYNACK, f);
        move(x->snd, EV_RCV_ACK_OF_SYN, f);
        c->third_ack_done = true;
        open_gap_after_syn(c, x);
        break;
    case TF_FIN_ACK_LOST: ack_lost(c, x->snd, x->from, EV_RESEND_FIN, f); break;
    }
}

/* ---- Recording a step ---- */

/* Records a SYN or SYN+ACK: its count, the sender's ISN (unless a receiver that drops it keeps
 * its idea of it), the first SYN and SYN+ACK, a simultaneous open. */
static void record_syn(tt_conv *c, const tt_seg_ctx *x, const tt_step *st, bool ignored)
{
    const tt_segment *s = x->s;
    tt_endpoint *snd = x->snd, *rcv = x->rcv;
    bool synack = (s->flags & TT_ACK) != 0;

    (*(synack ? &snd->synack_count : &snd->syn_count))++;
    if (!st->repeat && (!ignored || !snd->isn_known)) {
        snd->isn = s->seq;
        snd->isn_known = true;
        snd->syn_len = s->len;
    }
    if (!synack) {
        if (x->from == TR_CLIENT && c->first_syn_frame == 0) {
            c->first_syn_frame = s->frame;
            c->syn_timed = s->timed;
            c->first_syn_us = s->time_us;
        } else if (x->from == TR_SERVER) {
            c->simultaneous_open = true;
        }
        return;
    }
    if (x->from == TR_SERVER && c->first_synack_frame == 0) {
        c->first_synack_frame = s->frame;
        c->first_synack_ack = s->ack;
        c->synack_timed = s->timed;
        c->first_synack_us = s->time_us;
    }
    if (!rcv->isn_known) { /* the SYN comes later, or never: its ack says what x is */
        c->first_synack_unchecked |= x->from == TR_SERVER && s->frame == c->first_synack_frame;
        rcv->isn = s->ack - 1; /* x for the notation; isn_known stays false (not captured) */
    }
}

/* Records the sender's first FIN (RFC 9293 section 3.6): its position, its label, the closer. */
static void record_fin(tt_conv *c, const tt_seg_ctx *x, const tt_step *st)
{
    tt_endpoint *snd = x->snd;

    if (!c->client.fin_sent && !c->server.fin_sent)
        c->closer = (uint8_t)x->from;
    snd->fin_sent = true;
    snd->fin_seq = x->s->seq;
    snd->fin_pos = x->s->seq + x->s->len;
    snd->fin_label = st->label;
    c->simultaneous_close |= (st->anomalies & TT_BIT(TA_SIMULTANEOUS_CLOSE)) != 0;
}

void tt_model_record(tt_conv *c, const tt_seg_ctx *x, const tt_step *st, tt_ignored ignored)
{
    uint8_t f = x->s->flags;

    if (f & TT_RST) {
        c->refused |= st->refused;
        if (ignored == TI_NONE)
            c->rst_anomaly = st->refused ? TA_CONNECTION_REFUSED : TA_RST_ABORT;
    } else if (f & TT_SYN) {
        record_syn(c, x, st, ignored != TI_NONE);
    } else if (st->fin_first) {
        record_fin(c, x, st);
    } else if (st->third_ack) {
        c->third_ack_done = true;
    }
}

/* ---- The moves of a segment ---- */

/* The sequence number just past segment s: its payload, SYN and FIN each count. */
static uint32_t seg_end(const tt_segment *s)
{
    return s->seq + s->len + ((s->flags & TT_SYN) ? 1 : 0) + ((s->flags & TT_FIN) ? 1 : 0);
}

/* The sender's event: it sent a SYN, SYN+ACK, FIN (a crossing one when it does not acknowledge the
 * FIN the capture already delivered to it) or RST. */
static void sender_moves(const tt_segment *s, tt_endpoint *snd, const tt_endpoint *rcv)
{
    uint8_t f = s->flags;

    if (f & TT_RST)
        move(snd, EV_SEND_RST, s->frame);
    else if ((f & (TT_SYN | TT_ACK)) == (TT_SYN | TT_ACK))
        move(snd, EV_SEND_SYNACK, s->frame);
    else if (f & TT_SYN)
        move(snd, EV_SEND_SYN, s->frame);
    else if ((f & TT_FIN) && (f & TT_ACK))
        move(snd, rcv->fin_sent && !tt_acks(s, rcv->fin_pos) ? EV_SEND_CROSSING_FIN : EV_SEND_FIN,
             s->frame);
}

/* The receiver's events for an accepted segment, in the order of section 3.10.7.4 (RST, SYN, ACK,
 * FIN), and its RCV.NXT. */
static void receiver_moves(tt_conv *c, const tt_segment *s, tt_endpoint *rcv)
{
    uint8_t f = s->flags;
    uint32_t end = seg_end(s);

    if (f & TT_RST) {
        bool was_open = rcv->state != TS_CLOSED && rcv->state != TS_LISTEN;
        move(rcv, EV_RCV_RST, s->frame);
        c->rst_open = was_open;
        return;
    }
    if ((f & (TT_SYN | TT_ACK)) == (TT_SYN | TT_ACK))
        move_acked(rcv, EV_RCV_SYNACK, s->frame);
    else if (f & TT_SYN)
        move(rcv, EV_RCV_SYN, s->frame);
    else if ((f & TT_ACK) && rcv->isn_known && rcv->state == TS_SYN_RCVD &&
             tt_acceptable(rcv, s, rcv->isn)) {
        move_acked(rcv, EV_RCV_ACK_OF_SYN, s->frame);
        c->third_ack_done |= rcv == &c->server; /* any segment can be the third ACK */
    }
    if (rcv->fin_sent && tt_acceptable(rcv, s, rcv->fin_pos))
        move_acked(rcv, EV_RCV_ACK_OF_FIN, s->frame);
    if ((f & (TT_FIN | TT_ACK | TT_SYN)) == (TT_FIN | TT_ACK)) /* a SYN's FIN is not modelled */
        move(rcv, EV_RCV_FIN, s->frame);
    if (!rcv->rcv_known || seq_after(end, rcv->rcv_nxt))
        rcv->rcv_nxt = end;
    rcv->rcv_known = true;
}

/* Advances the sender's SND.NXT (SYN and FIN included) and records the window it offers: scaled
 * when both SYNs offered a shift (RFC 7323 section 2.2, at most 14), unknown while a SYN was not
 * captured (the scale could be anything, so no segment is judged by that window). */
static void sender_sent(tt_endpoint *snd, const tt_endpoint *rcv, const tt_segment *s)
{
    uint32_t end = seg_end(s);
    bool syn = (s->flags & TT_SYN) != 0, scaled;

    if (!snd->sent_any || seq_after(end, snd->next_seq))
        snd->next_seq = end;
    snd->sent_any = true;
    if (syn && s->win_known)
        snd->wscale = s->wscale;
    if (!s->win_known)
        return;
    if (!syn && (snd->wscale == TT_WSCALE_UNKNOWN || rcv->wscale == TT_WSCALE_UNKNOWN)) {
        snd->win_known = false;
        return;
    }
    scaled = !syn && snd->wscale != TT_WSCALE_NONE && rcv->wscale != TT_WSCALE_NONE;
    snd->wnd = (uint32_t)s->win << (scaled ? (snd->wscale > 14 ? 14 : snd->wscale) : 0);
    snd->win_known = true; /* a SYN's own window is never scaled */
}

/* An ack (x.s, v) covering data or a FIN of the receiver the capture never showed: a gap opens
 * from the receiver's SND.NXT when x.s is a plain ACK (with or without data) and none is open; a
 * second one from the same side while a gap is open closes it (one gap at a time is followed). */
static void open_gap(tt_conv *c, const tt_seg_ctx *x, const tt_verdict *v)
{
    const tt_segment *s = x->s;

    if (c->gap.frame != 0) {
        if (x->from != (tt_role)c->gap_role)
            c->gap.frame = 0; /* a second ack covering more: one gap at a time */
        return;               /* from the late side: tt_model_gap decides */
    }
    if (v->inferred != TN_PEER_DATA || (s->flags & (TT_SYN | TT_FIN | TT_RST)) != 0)
        return;
    c->gap = (tt_gap){s->frame, {.seq = s->seq}, x->rcv->next_seq, (uint32_t)s->time_us};
    c->gap_role = tt_other(x->from) == TR_SERVER;
    c->gap_timed = s->timed;
    c->gap_peer_spoke = false;
    c->gap_after_syn = false;
    c->gap_copy = 0;
}

bool tt_model_gap(tt_conv *c, const tt_seg_ctx *x, bool fills, bool third_ack)
{
    const tt_segment *s = x->s;

    if (c->gap.frame == 0)
        return false;
    if (x->from != (tt_role)c->gap_role) {
        c->gap_peer_spoke |= s->frame != c->gap.frame;
        return false;
    }
    if (third_ack || (c->gap_after_syn && (s->flags & TT_SYN) && s->seq + 1 == c->gap.next)) {
        c->gap_third_seen |= third_ack; /* the SYN or the third ACK before the gap's data */
        return false;
    }
    if (!fills) {
        c->gap.frame = 0;
        return false;
    }
    c->gap.next = seg_end(s);
    return c->gap.next == (c->gap_after_syn ? c->gap.u.end : x->snd->next_seq);
}

bool tt_model_gap_close(tt_conv *c, const tt_seg_ctx *x)
{
    tt_segment ack = {.frame = c->gap.frame, .flags = TT_ACK, .ack = x->snd->next_seq};
    uint8_t before = x->snd->state;

    if ((x->s->flags & TT_FIN) && x->snd->fin_sent && tt_acceptable(x->snd, &ack, x->snd->fin_pos))
        move_acked(x->snd, EV_RCV_ACK_OF_FIN, c->gap.frame);
    c->gap.frame = 0;
    c->gap_copy = 0;
    return x->snd->state != before;
}

void tt_model_gap_copy(tt_conv *c, uint32_t frame)
{
    if (frame - c->gap.frame < 16u)
        c->gap_copy = (uint8_t)(frame - c->gap.frame);
}

void tt_model_segment(tt_conv *c, const tt_seg_ctx *x, tt_ignored ignored, bool peer_data,
                      const tt_verdict *v)
{
    const tt_segment *s = x->s;
    bool rst = (s->flags & TT_RST) != 0;

    if (v->anomalies & TT_BIT(TA_HALF_CLOSE))
        x->snd->half_close_noted = true;
    if (peer_data && ignored == TI_NONE) {
        open_gap(c, x, v);
        x->rcv->next_seq = s->ack; /* it sent what the capture never showed */
    }
    if (!(ignored != TI_NONE && rst))
        sender_moves(s, x->snd, x->rcv);
    if (rst && ignored == TI_NONE) { /* kept in case the conversation survives */
        c->rst_frame = s->frame;
        c->rst_from = x->from == TR_SERVER;
        c->client.state_before_rst = v->client_before;
        c->server.state_before_rst = v->server_before;
    }
    if (ignored == TI_NONE)
        receiver_moves(c, s, x->rcv);
    /* Something moved since the RST: what follows is no longer the RST's plain aftermath. */
    if (c->rst_open && (c->client.state != TS_CLOSED || c->server.state != TS_CLOSED))
        c->rst_open = false;
    sender_sent(x->snd, x->rcv, s);
}

/* The invariants of one endpoint once a segment was fed (docs/architecture.md). */
static void check_endpoint(const tt_endpoint *e)
{
    TT_ASSERT("a state is a state", e->state < TS_COUNT && e->prev_state < TS_COUNT);
    TT_ASSERT("a known ISN was sent", !e->isn_known || e->sent_any);
    TT_ASSERT("a FIN sent was captured and labelled",
              !e->fin_sent ||
                  (e->sent_any && (e->fin_label == TL_WAVE_1 || e->fin_label == TL_WAVE_3 ||
                                   e->fin_label == TL_WAVE_2_3)));
    TT_ASSERT("a spoken side was captured", !e->spoke || e->captured);
}

void tt_model_check(const tt_conv *c)
{
    bool closer_fin =
        c->closer == TR_CLIENT ? c->client.fin_sent : c->closer == TR_SERVER && c->server.fin_sent;

    check_endpoint(&c->client);
    check_endpoint(&c->server);
    TT_ASSERT("the closer sent a FIN", !(c->client.fin_sent || c->server.fin_sent) || closer_fin);
    TT_ASSERT("an RST's aftermath has both sides CLOSED",
              !c->rst_open || (c->client.state == TS_CLOSED && c->server.state == TS_CLOSED));
    TT_ASSERT("at most TT_MAX_LOST lost segments", c->lost_count <= TT_MAX_LOST);
    TT_ASSERT("an accepted RST raised rst_abort or connection_refused",
              c->rst_frame == 0 || c->rst_anomaly == TA_RST_ABORT ||
                  c->rst_anomaly == TA_CONNECTION_REFUSED);
}
