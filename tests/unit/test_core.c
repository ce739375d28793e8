/* Unit tests of the analysis core (conv.c, names.c, seq.h): steps, acks, notation, states. */
#include "scenario.h"

#include "tcpteach/seq.h"
#include "tcpteach/text.h"

/* Initial sequence numbers of the ordinary scenarios: x for the client, y for the server. */
enum { X = 1000, Y = 5000 };
#define NONE ((tt_anomaly_set)0)
#define A(a) TT_BIT(TA_##a)

static const char *ack_check_name(unsigned c)
{
    return c == TT_ACK_UNCHECKED ? "unchecked"
           : c == TT_ACK_OK      ? "ok"
           : c == TT_ACK_WRONG   ? "wrong"
                                 : "?";
}

/* The ack check; ack_expected is compared only when the ack was checked. */
static void expect_ack_at(const tt_verdict *v, tt_ack_check check, uint32_t expected,
                          const char *file, int line)
{
    _assert_string_equal(ack_check_name(v->ack_check), ack_check_name(check), file, line);
    if (check != TT_ACK_UNCHECKED)
        _assert_int_equal(v->ack_expected, expected, file, line);
}
#define expect_ack(v, check, expected) expect_ack_at(&(v), check, expected, __FILE__, __LINE__)
#define expect_unchecked(v)            expect_ack_at(&(v), TT_ACK_UNCHECKED, 0, __FILE__, __LINE__)

static void expect_notation_at(const tt_verdict *v, const char *want, const char *file, int line)
{
    char buf[128];
    size_t n = tt_notation(v, buf, sizeof buf);
    _assert_string_equal(buf, want, file, line);
    _assert_int_equal(n, strlen(want), file, line);
}
#define expect_notation(v, want) expect_notation_at(&(v), want, __FILE__, __LINE__)

/* Both endpoints' states after the segment. */
static void expect_states_at(const tt_verdict *v, tt_state client, tt_state server,
                             const char *file, int line)
{
    _assert_int_equal(v->client_after < TS_COUNT && v->server_after < TS_COUNT, 1, file, line);
    _assert_string_equal(tt_state_name[v->client_after], tt_state_name[client], file, line);
    _assert_string_equal(tt_state_name[v->server_after], tt_state_name[server], file, line);
}
#define expect_states(v, c, s) expect_states_at(&(v), c, s, __FILE__, __LINE__)

static void expect_from_at(const tt_verdict *v, tt_role role, const char *file, int line)
{
    _assert_string_equal(tt_role_name[v->from], tt_role_name[role], file, line);
}
#define expect_from(v, role) expect_from_at(&(v), role, __FILE__, __LINE__)

/* ---- Sequence arithmetic ---- */

/* seq_diff is the signed distance modulo 2^32, also across the wrap. */
static void test_seq_diff_edges(void **state)
{
    (void)state;
    assert_int_equal(seq_diff(0, 0), 0);
    assert_int_equal(seq_diff(0, 0xFFFFFFFFu), 1);
    assert_int_equal(seq_diff(0xFFFFFFFFu, 0), -1);
    assert_int_equal(seq_diff(5, 0xFFFFFFFBu), 10);
    assert_int_equal(seq_diff(0x7FFFFFFFu, 0), INT32_MAX);
    assert_int_equal(seq_diff(0x80000001u, 0), -INT32_MAX);
    /* exactly 2^31 apart: the one int32 of that magnitude */
    assert_int_equal(seq_diff(0x80000000u, 0), INT32_MIN);
    assert_int_equal(seq_diff(0, 0x80000000u), INT32_MIN);
}

/* seq_after / seq_after_eq order numbers across the wrap and at 2^31 - 1, 2^31, 2^31 + 1. */
static void test_seq_after_edges(void **state)
{
    (void)state;
    assert_true(seq_after(0, 0xFFFFFFFFu));
    assert_false(seq_after(0xFFFFFFFFu, 0));
    assert_false(seq_after(7, 7));
    assert_true(seq_after_eq(7, 7));
    assert_true(seq_after_eq(0, 0xFFFFFFFFu));
    assert_false(seq_after_eq(0xFFFFFFFFu, 0));
    assert_true(seq_after(0x7FFFFFFFu, 0));
    assert_false(seq_after(0, 0x7FFFFFFFu));
    assert_false(seq_after(0x80000001u, 0));
    assert_true(seq_after(0, 0x80000001u));
    /* 2^31 apart the order is undefined (RFC 1982): neither comes after the other */
    assert_false(seq_after(0x80000000u, 0));
    assert_false(seq_after(0, 0x80000000u));
    assert_false(seq_after_eq(0x80000000u, 0));
    assert_false(seq_after_eq(0, 0x80000000u));
}

/* ---- tt_next_state: every state's handler against the events of RFC 9293 section 3.3.2 ---- */

#define EV_COUNT (EV_RCV_RST + 1)

/* Checks tt_next_state(s, ev) for all events; want[] is indexed by tt_event. */
static void expect_row(tt_state s, const tt_state want[EV_COUNT])
{
    static const char *const ev_name[EV_COUNT] = {
        "SEND_SYN",   "SEND_SYNACK",    "SEND_FIN",       "SEND_RST", "RCV_SYN",
        "RCV_SYNACK", "RCV_ACK_OF_SYN", "RCV_ACK_OF_FIN", "RCV_FIN",  "RCV_RST"};
    for (int ev = 0; ev < EV_COUNT; ev++) {
        tt_state got = tt_next_state(s, (tt_event)ev);
        if (got != want[ev])
            fail_msg("%s on %s: got %s, want %s", tt_state_name[s], ev_name[ev],
                     got < TS_COUNT ? tt_state_name[got] : "?", tt_state_name[want[ev]]);
    }
}

/* Fills a row with `stay` and the two reset events with CLOSED. */
static void row_default(tt_state row[EV_COUNT], tt_state stay)
{
    for (int ev = 0; ev < EV_COUNT; ev++)
        row[ev] = stay;
    row[EV_SEND_RST] = TS_CLOSED;
    row[EV_RCV_RST] = TS_CLOSED;
}

/* CLOSED: an active open (SYN sent) leads to SYN_SENT, nothing else leaves CLOSED. */
static void test_next_state_closed(void **state)
{
    tt_state r[EV_COUNT];
    (void)state;
    row_default(r, TS_CLOSED);
    r[EV_SEND_SYN] = TS_SYN_SENT;
    expect_row(TS_CLOSED, r);
}

/* LISTEN: rcv SYN / snd SYN+ACK -> SYN_RCVD, send SYN -> SYN_SENT, an RST received is ignored. */
static void test_next_state_listen(void **state)
{
    tt_state r[EV_COUNT];
    (void)state;
    row_default(r, TS_LISTEN);
    r[EV_RCV_SYN] = TS_SYN_RCVD;
    r[EV_SEND_SYNACK] = TS_SYN_RCVD;
    r[EV_SEND_SYN] = TS_SYN_SENT;
    r[EV_RCV_RST] = TS_LISTEN; /* section 3.10.7.1 */
    expect_row(TS_LISTEN, r);
}

/* SYN_SENT: rcv SYN+ACK -> ESTABLISHED, rcv SYN (simultaneous open) -> SYN_RCVD. */
static void test_next_state_syn_sent(void **state)
{
    tt_state r[EV_COUNT];
    (void)state;
    row_default(r, TS_SYN_SENT);
    r[EV_RCV_SYNACK] = TS_ESTABLISHED;
    r[EV_RCV_SYN] = TS_SYN_RCVD;
    expect_row(TS_SYN_SENT, r);
}

/* SYN_RCVD: ACK of SYN -> ESTABLISHED, close -> FIN_WAIT_1, rcv FIN -> CLOSE_WAIT (3.10.7.4). */
static void test_next_state_syn_rcvd(void **state)
{
    tt_state r[EV_COUNT];
    (void)state;
    row_default(r, TS_SYN_RCVD);
    r[EV_RCV_ACK_OF_SYN] = TS_ESTABLISHED;
    r[EV_RCV_SYNACK] = TS_ESTABLISHED; /* simultaneous open: the peer's SYN+ACK acks our SYN */
    r[EV_SEND_FIN] = TS_FIN_WAIT_1;
    r[EV_RCV_FIN] = TS_CLOSE_WAIT;
    expect_row(TS_SYN_RCVD, r);
}

/* ESTABLISHED: close -> FIN_WAIT_1, rcv FIN -> CLOSE_WAIT. */
static void test_next_state_established(void **state)
{
    tt_state r[EV_COUNT];
    (void)state;
    row_default(r, TS_ESTABLISHED);
    r[EV_SEND_FIN] = TS_FIN_WAIT_1;
    r[EV_RCV_FIN] = TS_CLOSE_WAIT;
    expect_row(TS_ESTABLISHED, r);
}

/* FIN_WAIT_1: ACK of FIN -> FIN_WAIT_2, rcv FIN -> CLOSING. */
static void test_next_state_fin_wait_1(void **state)
{
    tt_state r[EV_COUNT];
    (void)state;
    row_default(r, TS_FIN_WAIT_1);
    r[EV_RCV_ACK_OF_FIN] = TS_FIN_WAIT_2;
    r[EV_RCV_FIN] = TS_CLOSING;
    expect_row(TS_FIN_WAIT_1, r);
}

/* FIN_WAIT_2: rcv FIN -> TIME_WAIT. */
static void test_next_state_fin_wait_2(void **state)
{
    tt_state r[EV_COUNT];
    (void)state;
    row_default(r, TS_FIN_WAIT_2);
    r[EV_RCV_FIN] = TS_TIME_WAIT;
    expect_row(TS_FIN_WAIT_2, r);
}

/* CLOSE_WAIT: close (snd FIN) -> LAST_ACK. */
static void test_next_state_close_wait(void **state)
{
    tt_state r[EV_COUNT];
    (void)state;
    row_default(r, TS_CLOSE_WAIT);
    r[EV_SEND_FIN] = TS_LAST_ACK;
    expect_row(TS_CLOSE_WAIT, r);
}

/* CLOSING: ACK of FIN -> TIME_WAIT. */
static void test_next_state_closing(void **state)
{
    tt_state r[EV_COUNT];
    (void)state;
    row_default(r, TS_CLOSING);
    r[EV_RCV_ACK_OF_FIN] = TS_TIME_WAIT;
    expect_row(TS_CLOSING, r);
}

/* LAST_ACK: ACK of FIN -> CLOSED. */
static void test_next_state_last_ack(void **state)
{
    tt_state r[EV_COUNT];
    (void)state;
    row_default(r, TS_LAST_ACK);
    r[EV_RCV_ACK_OF_FIN] = TS_CLOSED;
    expect_row(TS_LAST_ACK, r);
}

/* TIME_WAIT: stays (a FIN again restarts 2MSL) until reset; the timeout is no event. */
static void test_next_state_time_wait(void **state)
{
    tt_state r[EV_COUNT];
    (void)state;
    row_default(r, TS_TIME_WAIT);
    expect_row(TS_TIME_WAIT, r);
}

/* ---- Opening and closing scenarios ---- */

/* Textbook: 3-way handshake, data, 4-way close by the client; labels, checks, notation, states. */
static void test_textbook_client_close(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);

    v = feed(&r, "c>s", TT_SYN, X, 0, 0);
    assert_int_equal(v.frame, 1);
    assert_int_equal(v.seq, X);
    assert_int_equal(v.flags, TT_SYN);
    expect_from(v, TR_CLIENT);
    expect_step(v, TL_HANDSHAKE_1, NONE);
    expect_unchecked(v);
    expect_notation(v, "SYN seq=x");
    assert_string_equal(tt_state_name[v.client_before], "CLOSED");
    assert_string_equal(tt_state_name[v.server_before], "LISTEN");
    expect_states(v, TS_SYN_SENT, TS_SYN_RCVD);

    v = feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    assert_int_equal(v.frame, 2);
    expect_from(v, TR_SERVER);
    expect_step(v, TL_HANDSHAKE_2, NONE);
    expect_ack(v, TT_ACK_OK, X + 1);
    expect_notation(v, "SYN+ACK seq=y ack=x+1");
    expect_states(v, TS_ESTABLISHED, TS_SYN_RCVD);

    v = feed(&r, "c>s", TT_ACK, X + 1, Y + 1, 0);
    expect_step(v, TL_HANDSHAKE_3, NONE);
    expect_ack(v, TT_ACK_OK, Y + 1);
    expect_notation(v, "ACK seq=x+1 ack=y+1");
    expect_states(v, TS_ESTABLISHED, TS_ESTABLISHED);

    v = feed(&r, "c>s", TT_ACK | TT_PSH, X + 1, Y + 1, 100);
    expect_step(v, TL_NONE, NONE);
    expect_unchecked(v);
    expect_notation(v, "");
    expect_states(v, TS_ESTABLISHED, TS_ESTABLISHED);

    v = feed(&r, "s>c", TT_ACK, Y + 1, X + 101, 0);
    expect_step(v, TL_NONE, NONE);
    expect_notation(v, "");

    v = feed(&r, "c>s", TT_FIN | TT_ACK, X + 101, Y + 1, 0);
    expect_step(v, TL_WAVE_1, NONE);
    expect_unchecked(v);
    expect_notation(v, "FIN seq=u");
    assert_string_equal(tt_state_name[v.client_before], "ESTABLISHED");
    expect_states(v, TS_FIN_WAIT_1, TS_CLOSE_WAIT);

    v = feed(&r, "s>c", TT_ACK, Y + 1, X + 102, 0);
    expect_step(v, TL_WAVE_2, NONE);
    expect_ack(v, TT_ACK_OK, X + 102);
    expect_notation(v, "ACK seq=v ack=u+1");
    expect_states(v, TS_FIN_WAIT_2, TS_CLOSE_WAIT);

    v = feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 102, 0);
    expect_step(v, TL_WAVE_3, NONE);
    expect_unchecked(v);
    expect_notation(v, "FIN+ACK seq=w ack=u+1");
    expect_states(v, TS_TIME_WAIT, TS_LAST_ACK);

    v = feed(&r, "c>s", TT_ACK, X + 102, Y + 2, 0);
    assert_int_equal(v.frame, 9);
    expect_step(v, TL_WAVE_4, NONE);
    expect_ack(v, TT_ACK_OK, Y + 2);
    expect_notation(v, "ACK seq=u+1 ack=w+1");
    expect_states(v, TS_TIME_WAIT, TS_CLOSED);

    /* nothing needs the future here */
    run_complete(&r);
    for (uint32_t f = 1; f <= r.frames; f++)
        expect_step(r.v[f], (tt_label)r.v[f].label, NONE);
}

/* Three-segment close: the passive FIN also acknowledges wave 1, so it is wave 2+3. */
static void test_three_segment_close(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);

    v = feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    expect_step(v, TL_WAVE_1, NONE);
    expect_states(v, TS_FIN_WAIT_1, TS_CLOSE_WAIT);

    v = feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 2, 0);
    expect_step(v, TL_WAVE_2_3, NONE);
    expect_ack(v, TT_ACK_OK, X + 2);
    expect_notation(v, "FIN+ACK seq=w ack=u+1");
    expect_states(v, TS_TIME_WAIT, TS_LAST_ACK);

    v = feed(&r, "c>s", TT_ACK, X + 2, Y + 2, 0);
    expect_step(v, TL_WAVE_4, NONE);
    expect_ack(v, TT_ACK_OK, Y + 2);
    expect_notation(v, "ACK seq=u+1 ack=w+1");
    expect_states(v, TS_TIME_WAIT, TS_CLOSED);
}

/* The server closes first: it is the closer, the client the passive side. */
static void test_server_closes_first(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);

    v = feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 1, 0);
    expect_from(v, TR_SERVER);
    expect_step(v, TL_WAVE_1, NONE);
    expect_notation(v, "FIN seq=u");
    expect_states(v, TS_CLOSE_WAIT, TS_FIN_WAIT_1);

    v = feed(&r, "c>s", TT_ACK, X + 1, Y + 2, 0);
    expect_step(v, TL_WAVE_2, NONE);
    expect_ack(v, TT_ACK_OK, Y + 2);
    expect_notation(v, "ACK seq=v ack=u+1");
    expect_states(v, TS_CLOSE_WAIT, TS_FIN_WAIT_2);

    v = feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 2, 0);
    expect_step(v, TL_WAVE_3, NONE);
    expect_notation(v, "FIN+ACK seq=w ack=u+1");
    expect_states(v, TS_LAST_ACK, TS_TIME_WAIT);

    v = feed(&r, "s>c", TT_ACK, Y + 2, X + 2, 0);
    expect_step(v, TL_WAVE_4, NONE);
    expect_ack(v, TT_ACK_OK, X + 2);
    expect_notation(v, "ACK seq=u+1 ack=w+1");
    expect_states(v, TS_CLOSED, TS_TIME_WAIT);
}

/* Half-close: the passive side sends after wave 2 (noted once), then waves 3 and 4 follow. */
static void test_half_close(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);

    feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    v = feed(&r, "s>c", TT_ACK, Y + 1, X + 2, 0);
    expect_step(v, TL_WAVE_2, NONE);

    v = feed(&r, "s>c", TT_ACK | TT_PSH, Y + 1, X + 2, 200);
    expect_step(v, TL_NONE, A(HALF_CLOSE));
    expect_notation(v, "");
    expect_states(v, TS_FIN_WAIT_2, TS_CLOSE_WAIT);

    v = feed(&r, "c>s", TT_ACK, X + 2, Y + 201, 0);
    expect_step(v, TL_NONE, NONE);
    expect_states(v, TS_FIN_WAIT_2, TS_CLOSE_WAIT);

    v = feed(&r, "s>c", TT_ACK | TT_PSH, Y + 201, X + 2, 50);
    expect_step(v, TL_NONE, NONE); /* the note is given once */

    v = feed(&r, "s>c", TT_FIN | TT_ACK, Y + 251, X + 2, 0);
    expect_step(v, TL_WAVE_3, NONE);
    expect_notation(v, "FIN+ACK seq=w ack=u+1");
    expect_states(v, TS_TIME_WAIT, TS_LAST_ACK);

    v = feed(&r, "c>s", TT_ACK, X + 2, Y + 252, 0);
    expect_step(v, TL_WAVE_4, NONE);
    expect_ack(v, TT_ACK_OK, Y + 252);
    expect_notation(v, "ACK seq=u+1 ack=w+1");
    expect_states(v, TS_TIME_WAIT, TS_CLOSED);
}

/* An RST in an open connection is an abort from either side, and closes both endpoints. */
static void test_rst_abort(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    v = feed(&r, "c>s", TT_RST | TT_ACK, X + 1, Y + 1, 0);
    expect_step(v, TL_NONE, A(RST_ABORT));
    expect_unchecked(v);
    expect_notation(v, "");
    expect_states(v, TS_CLOSED, TS_CLOSED);

    run_client_server(&r);
    handshake(&r, X, Y);
    v = feed(&r, "s>c", TT_RST, Y + 1, 0, 0);
    expect_step(v, TL_NONE, A(RST_ABORT));
    expect_states(v, TS_CLOSED, TS_CLOSED);

    /* the client refusing the SYN+ACK is an abort, not a refused connection */
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    v = feed(&r, "c>s", TT_RST, X + 1, 0, 0);
    expect_step(v, TL_NONE, A(RST_ABORT));
    expect_states(v, TS_CLOSED, TS_CLOSED);
}

/* Refused: the server's RST answers the SYN (not "unanswered"); the client's RST is an abort. */
static void test_connection_refused(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    v = feed(&r, "s>c", TT_RST | TT_ACK, 0, X + 1, 0);
    expect_from(v, TR_SERVER);
    expect_step(v, TL_NONE, A(CONNECTION_REFUSED));
    expect_unchecked(v);
    expect_states(v, TS_CLOSED, TS_CLOSED);

    run_complete(&r);
    expect_step(r.v[1], TL_HANDSHAKE_1, NONE);
    expect_step(r.v[2], TL_NONE, A(CONNECTION_REFUSED));

    /* the client resetting its own SYN is an abort, not a refusal */
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    v = feed(&r, "c>s", TT_RST, X + 1, 0, 0);
    expect_step(v, TL_NONE, A(RST_ABORT));
    expect_states(v, TS_CLOSED, TS_CLOSED);
}

/* Lost SYN: the retransmitted SYN keeps label handshake 1; the handshake then completes. */
static void test_lost_syn(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    v = feed(&r, "c>s", TT_SYN, X, 0, 0);
    expect_step(v, TL_HANDSHAKE_1, A(SYN_RETRANSMISSION));
    expect_unchecked(v);
    expect_notation(v, "SYN seq=x");
    expect_states(v, TS_SYN_SENT, TS_SYN_RCVD);

    v = feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    expect_step(v, TL_HANDSHAKE_2, NONE);
    expect_ack(v, TT_ACK_OK, X + 1);
    v = feed(&r, "c>s", TT_ACK, X + 1, Y + 1, 0);
    expect_step(v, TL_HANDSHAKE_3, NONE);
    expect_states(v, TS_ESTABLISHED, TS_ESTABLISHED);

    run_complete(&r);
    expect_step(r.v[1], TL_HANDSHAKE_1, NONE);
    expect_step(r.v[2], TL_HANDSHAKE_1, A(SYN_RETRANSMISSION));
    expect_step(r.v[3], TL_HANDSHAKE_2, NONE);
}

/* SYN never answered: syn_unanswered only after tt_verdict_complete, on the first SYN only. */
static void test_syn_unanswered(void **state)
{
    run r;
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    expect_step(r.v[1], TL_HANDSHAKE_1, NONE);
    expect_step(r.v[2], TL_HANDSHAKE_1, A(SYN_RETRANSMISSION));
    expect_step(r.v[3], TL_HANDSHAKE_1, A(SYN_RETRANSMISSION));

    run_complete(&r);
    expect_step(r.v[1], TL_HANDSHAKE_1, A(SYN_UNANSWERED));
    expect_step(r.v[2], TL_HANDSHAKE_1, A(SYN_RETRANSMISSION));
    expect_step(r.v[3], TL_HANDSHAKE_1, A(SYN_RETRANSMISSION));
}

/* Lost third ACK seen at the client: SYN+ACK again, the client's next ACK is handshake 3 again. */
static void test_lost_third_ack_repeated(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    v = feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    expect_step(v, TL_HANDSHAKE_2, A(SYNACK_RETRANSMISSION));
    expect_ack(v, TT_ACK_OK, X + 1);
    expect_notation(v, "SYN+ACK seq=y ack=x+1");

    v = feed(&r, "c>s", TT_ACK, X + 1, Y + 1, 0);
    expect_step(v, TL_HANDSHAKE_3, NONE);
    expect_ack(v, TT_ACK_OK, Y + 1);
    expect_notation(v, "ACK seq=x+1 ack=y+1");
    expect_states(v, TS_ESTABLISHED, TS_ESTABLISHED);

    /* once answered, further client segments are no step */
    v = feed(&r, "c>s", TT_ACK | TT_PSH, X + 1, Y + 1, 10);
    expect_step(v, TL_NONE, NONE);

    run_complete(&r);
    expect_step(r.v[2], TL_HANDSHAKE_2, NONE);
    /* final view: the SYN+ACK again shows the first third ACK never reached the server */
    expect_step(r.v[3], TL_HANDSHAKE_3, A(SEGMENT_LOST));
    expect_states(r.v[3], TS_ESTABLISHED, TS_SYN_RCVD);
    expect_step(r.v[4], TL_HANDSHAKE_2, A(SYNACK_RETRANSMISSION));
    assert_int_equal(r.v[4].server_before, TS_SYN_RCVD);
    expect_states(r.v[5], TS_ESTABLISHED, TS_ESTABLISHED);
}

/* Lost third ACK seen at the server: two SYN+ACKs, then the one handshake 3. */
static void test_synack_retransmitted_before_third_ack(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    v = feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    expect_step(v, TL_HANDSHAKE_2, A(SYNACK_RETRANSMISSION));
    v = feed(&r, "c>s", TT_ACK, X + 1, Y + 1, 0);
    expect_step(v, TL_HANDSHAKE_3, NONE);
    expect_ack(v, TT_ACK_OK, Y + 1);
    expect_states(v, TS_ESTABLISHED, TS_ESTABLISHED);

    run_complete(&r);
    expect_step(r.v[2], TL_HANDSHAKE_2, NONE);
    expect_step(r.v[3], TL_HANDSHAKE_2, A(SYNACK_RETRANSMISSION));
}

/* Third ACK never comes: missing_third_ack only after tt_verdict_complete, on the first SYN+ACK. */
static void test_third_ack_never(void **state)
{
    run r;
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    expect_step(r.v[2], TL_HANDSHAKE_2, NONE);
    expect_step(r.v[3], TL_HANDSHAKE_2, A(SYNACK_RETRANSMISSION));

    run_complete(&r);
    expect_step(r.v[1], TL_HANDSHAKE_1, NONE);
    expect_step(r.v[2], TL_HANDSHAKE_2, A(MISSING_THIRD_ACK));
    expect_step(r.v[3], TL_HANDSHAKE_2, A(SYNACK_RETRANSMISSION));
}

/* Lost FIN: the retransmitted FIN keeps label wave 1; the ACK that finally comes is wave 2. */
static void test_lost_fin(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    v = feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    expect_step(v, TL_WAVE_1, A(FIN_RETRANSMISSION));
    expect_unchecked(v);
    expect_notation(v, "FIN seq=u");
    expect_states(v, TS_FIN_WAIT_1, TS_CLOSE_WAIT);

    v = feed(&r, "s>c", TT_ACK, Y + 1, X + 2, 0);
    expect_step(v, TL_WAVE_2, NONE);
    expect_ack(v, TT_ACK_OK, X + 2);
    expect_states(v, TS_FIN_WAIT_2, TS_CLOSE_WAIT);
}

/* A FIN at the same position (seq + len) but re-packetised with data is still a retransmission. */
static void test_fin_retransmission_same_position(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    feed(&r, "c>s", TT_FIN | TT_ACK, X + 11, Y + 1, 0);
    v = feed(&r, "c>s", TT_FIN | TT_ACK | TT_PSH, X + 1, Y + 1, 10);
    expect_step(v, TL_WAVE_1, A(FIN_RETRANSMISSION));
    expect_notation(v, "FIN seq=u-10 len=10");
}

/* Lost wave 2: the closer's FIN comes again, and the passive side's next ACK is wave 2 again. */
static void test_lost_wave_2_repeated(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    feed(&r, "s>c", TT_ACK, Y + 1, X + 2, 0);
    v = feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    expect_step(v, TL_WAVE_1, A(FIN_RETRANSMISSION));

    v = feed(&r, "s>c", TT_ACK, Y + 1, X + 2, 0);
    expect_step(v, TL_WAVE_2, NONE);
    expect_ack(v, TT_ACK_OK, X + 2);
    expect_notation(v, "ACK seq=v ack=u+1");

    v = feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 2, 0);
    expect_step(v, TL_WAVE_3, NONE);
    v = feed(&r, "c>s", TT_ACK, X + 2, Y + 2, 0);
    expect_step(v, TL_WAVE_4, NONE);
}

/* Lost final ACK: the passive FIN comes again (wave 3, retransmission), then wave 4 again. */
static void test_lost_final_ack(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    feed(&r, "s>c", TT_ACK, Y + 1, X + 2, 0);
    feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 2, 0);
    v = feed(&r, "c>s", TT_ACK, X + 2, Y + 2, 0);
    expect_step(v, TL_WAVE_4, NONE);

    v = feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 2, 0);
    expect_step(v, TL_WAVE_3, A(FIN_RETRANSMISSION));
    expect_unchecked(v);
    expect_notation(v, "FIN+ACK seq=w ack=u+1");

    v = feed(&r, "c>s", TT_ACK, X + 2, Y + 2, 0);
    expect_step(v, TL_WAVE_4, NONE);
    expect_ack(v, TT_ACK_OK, Y + 2);
    expect_notation(v, "ACK seq=u+1 ack=w+1");

    /* a duplicate ACK with no retransmission before it repeats no step; the CLOSED server has no
     * connection to take it (it answers RST) */
    v = feed(&r, "c>s", TT_ACK, X + 2, Y + 2, 0);
    expect_step(v, TL_NONE, A(SEGMENT_IGNORED));
}

/* Lost final ACK after a 3-segment close: wave 2+3 again (re-checked), then wave 4 again. */
static void test_lost_final_ack_after_wave_2_3(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 2, 0);
    feed(&r, "c>s", TT_ACK, X + 2, Y + 2, 0);
    v = feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 2, 0);
    expect_step(v, TL_WAVE_2_3, A(FIN_RETRANSMISSION));
    expect_ack(v, TT_ACK_OK, X + 2);
    v = feed(&r, "c>s", TT_ACK, X + 2, Y + 2, 0);
    expect_step(v, TL_WAVE_4, NONE);
    expect_ack(v, TT_ACK_OK, Y + 2);
}

/* Simultaneous close: the crossing FIN is wave 3 (noted); the two ACKs are wave 4 and wave 2. */
static void test_simultaneous_close_labels(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    v = feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    expect_step(v, TL_WAVE_1, NONE);

    v = feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 1, 0); /* does not acknowledge wave 1 */
    expect_step(v, TL_WAVE_3, A(SIMULTANEOUS_CLOSE));
    expect_unchecked(v);
    expect_notation(v, "FIN+ACK seq=w ack=u");

    v = feed(&r, "c>s", TT_ACK, X + 2, Y + 2, 0);
    expect_step(v, TL_WAVE_4, NONE);
    expect_ack(v, TT_ACK_OK, Y + 2);
    expect_notation(v, "ACK seq=u+1 ack=w+1");

    v = feed(&r, "s>c", TT_ACK, Y + 2, X + 2, 0);
    expect_step(v, TL_WAVE_2, NONE);
    expect_ack(v, TT_ACK_OK, X + 2);
    expect_notation(v, "ACK seq=v ack=u+1");
}

/* Simultaneous close: both endpoints go through CLOSING, then TIME_WAIT. */
static void test_simultaneous_close_states(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    v = feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 1, 0);
    expect_states(v, TS_CLOSING, TS_CLOSING);
    v = feed(&r, "c>s", TT_ACK, X + 2, Y + 2, 0);
    expect_states(v, TS_CLOSING, TS_TIME_WAIT);
    v = feed(&r, "s>c", TT_ACK, Y + 2, X + 2, 0);
    expect_states(v, TS_TIME_WAIT, TS_TIME_WAIT);
}

/* Simultaneous open: the second SYN is handshake 1 with the note; both SYN+ACKs are handshake 2.
 * The server's SYN and SYN+ACK crossed the client's in flight (RFC 9293 section 3.5, figure 8): the
 * SYN was sent from LISTEN, not the SYN_RCVD the client's SYN later made it, the SYN+ACK from
 * SYN_RCVD, not the ESTABLISHED the client's SYN+ACK later made it. */
static void test_simultaneous_open(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_init(&r, 50000, 50001, true, false);
    v = feed(&r, "a>b", TT_SYN, X, 0, 0);
    expect_from(v, TR_CLIENT);
    expect_step(v, TL_HANDSHAKE_1, NONE);

    /* sent before the client's SYN reached the server: from LISTEN, not SYN_RCVD */
    v = feed(&r, "b>a", TT_SYN, Y, 0, 0);
    expect_from(v, TR_SERVER);
    expect_step(v, TL_HANDSHAKE_1, A(SIMULTANEOUS_OPEN) | A(CROSSED_IN_FLIGHT));
    expect_unchecked(v);
    expect_notation(v, "SYN seq=y"); /* the ISN letter follows the sender */
    assert_string_equal(tt_state_name[v.client_before], "SYN_SENT");
    assert_string_equal(tt_state_name[v.server_before], "LISTEN");
    expect_states(v, TS_SYN_RCVD, TS_SYN_SENT);

    v = feed(&r, "a>b", TT_SYN | TT_ACK, X, Y + 1, 0);
    expect_step(v, TL_HANDSHAKE_2, NONE);
    expect_ack(v, TT_ACK_OK, Y + 1);
    expect_notation(v, "SYN+ACK seq=x ack=y+1");

    v = feed(&r, "b>a", TT_SYN | TT_ACK, Y, X + 1, 0);
    expect_step(v, TL_HANDSHAKE_2, A(CROSSED_IN_FLIGHT));
    expect_ack(v, TT_ACK_OK, X + 1);
    expect_notation(v, "SYN+ACK seq=y ack=x+1");
    assert_string_equal(tt_state_name[v.client_before], "SYN_RCVD");
    assert_string_equal(tt_state_name[v.server_before], "SYN_RCVD");
    expect_states(v, TS_ESTABLISHED, TS_SYN_RCVD);

    /* the model goes on from the ESTABLISHED the client's SYN+ACK made the server */
    v = feed(&r, "a>b", TT_ACK | TT_PSH, X + 1, Y + 1, 12);
    expect_step(v, TL_NONE, NONE);
    expect_states(v, TS_ESTABLISHED, TS_ESTABLISHED);
}

/* Simultaneous open, the client then acks the server's SYN+ACK: no missing_third_ack. */
static void test_simultaneous_open_no_missing_third_ack(void **state)
{
    run r;
    (void)state;
    run_init(&r, 50000, 50001, true, false);
    simultaneous_open(&r, X, Y);
    feed(&r, "a>b", TT_ACK, X + 1, Y + 1, 0);
    run_complete(&r);
    expect_step(r.v[1], TL_HANDSHAKE_1, NONE);
    expect_step(r.v[2], TL_HANDSHAKE_1, A(SIMULTANEOUS_OPEN) | A(CROSSED_IN_FLIGHT));
    expect_step(r.v[3], TL_HANDSHAKE_2, NONE);
    expect_step(r.v[4], TL_HANDSHAKE_2, A(CROSSED_IN_FLIGHT));
}

/* TCP Fast Open accepted: the SYN carries data, the SYN+ACK acknowledges it (x+len+1). */
static void test_fast_open_accepted(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    v = feed(&r, "c>s", TT_SYN, X, 0, 10);
    expect_step(v, TL_HANDSHAKE_1, A(FAST_OPEN));
    expect_unchecked(v);
    expect_notation(v, "SYN seq=x len=10");

    v = feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 11, 0);
    expect_step(v, TL_HANDSHAKE_2, NONE);
    expect_ack(v, TT_ACK_OK, X + 11);
    expect_notation(v, "SYN+ACK seq=y ack=x+11");
    expect_states(v, TS_ESTABLISHED, TS_SYN_RCVD);

    v = feed(&r, "c>s", TT_ACK, X + 11, Y + 1, 0);
    expect_step(v, TL_HANDSHAKE_3, NONE);
    expect_ack(v, TT_ACK_OK, Y + 1);
    expect_notation(v, "ACK seq=x+11 ack=y+1");
    expect_states(v, TS_ESTABLISHED, TS_ESTABLISHED);
}

/* Fast Open cookie rejected: SYN+ACK acks x+1 (right), handshake 3 resends the data. */
static void test_fast_open_cookie_rejected(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 10);
    v = feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    expect_step(v, TL_HANDSHAKE_2, NONE);
    expect_ack(v, TT_ACK_OK, X + 1);
    expect_notation(v, "SYN+ACK seq=y ack=x+1");
    expect_states(v, TS_ESTABLISHED, TS_SYN_RCVD);

    v = feed(&r, "c>s", TT_ACK | TT_PSH, X + 1, Y + 1, 10);
    expect_step(v, TL_HANDSHAKE_3, A(THIRD_ACK_WITH_DATA));
    expect_ack(v, TT_ACK_OK, Y + 1);
    expect_notation(v, "ACK seq=x+1 ack=y+1 len=10");
    expect_states(v, TS_ESTABLISHED, TS_ESTABLISHED);
}

/* TCP Fast Open: an ack neither x+1 nor x+len+1 is wrong; x+len+1 is the expected value. */
static void test_fast_open_wrong_ack(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 10);
    v = feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 5, 0);
    expect_step(v, TL_HANDSHAKE_2, A(ACK_MISMATCH));
    expect_ack(v, TT_ACK_WRONG, X + 11);
    expect_notation(v, "SYN+ACK seq=y ack=x+5");
}

/* A FIN carrying data: ack u+len+1 is wave 2; u+1 and u+len ack only data: no step. */
static void test_fin_with_data(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    v = feed(&r, "c>s", TT_FIN | TT_ACK | TT_PSH, X + 1, Y + 1, 5);
    expect_step(v, TL_WAVE_1, NONE);
    expect_notation(v, "FIN seq=u len=5");

    v = feed(&r, "s>c", TT_ACK, Y + 1, X + 2, 0); /* u+1 */
    expect_step(v, TL_NONE, NONE);
    expect_states(v, TS_FIN_WAIT_1, TS_CLOSE_WAIT);
    v = feed(&r, "s>c", TT_ACK, Y + 1, X + 6, 0); /* u+len */
    expect_step(v, TL_NONE, NONE);
    expect_states(v, TS_FIN_WAIT_1, TS_CLOSE_WAIT);

    v = feed(&r, "s>c", TT_ACK, Y + 1, X + 7, 0); /* u+len+1 */
    expect_step(v, TL_WAVE_2, NONE);
    expect_ack(v, TT_ACK_OK, X + 7);
    expect_notation(v, "ACK seq=v ack=u+6");
    expect_states(v, TS_FIN_WAIT_2, TS_CLOSE_WAIT);

    v = feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 7, 0);
    expect_step(v, TL_WAVE_3, NONE);
    expect_notation(v, "FIN+ACK seq=w ack=u+6");

    v = feed(&r, "c>s", TT_ACK, X + 7, Y + 2, 0);
    expect_step(v, TL_WAVE_4, NONE);
    expect_notation(v, "ACK seq=u+6 ack=w+1");
    expect_states(v, TS_TIME_WAIT, TS_CLOSED);
}

/* A FIN carrying data answered by a 3-segment close: wave 2+3 must ack u+len+1. */
static void test_fin_with_data_wave_2_3(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    feed(&r, "c>s", TT_FIN | TT_ACK | TT_PSH, X + 1, Y + 1, 5);
    v = feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 7, 0);
    expect_step(v, TL_WAVE_2_3, NONE);
    expect_ack(v, TT_ACK_OK, X + 7);
    expect_notation(v, "FIN+ACK seq=w ack=u+6");
}

/* ---- ack_mismatch on each checked step ---- */

/* Handshake 2 acking x+5 (or x) is wrong: expected x+1. */
static void test_ack_mismatch_handshake_2(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    v = feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 5, 0);
    expect_step(v, TL_HANDSHAKE_2, A(ACK_MISMATCH) | A(SEGMENT_IGNORED));
    expect_ack(v, TT_ACK_WRONG, X + 1);
    expect_notation(v, "SYN+ACK seq=y ack=x+5");

    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    v = feed(&r, "s>c", TT_SYN | TT_ACK, Y, X, 0);
    expect_step(v, TL_HANDSHAKE_2, A(ACK_MISMATCH) | A(SEGMENT_IGNORED));
    expect_ack(v, TT_ACK_WRONG, X + 1);
    expect_notation(v, "SYN+ACK seq=y ack=x");
}

/* Handshake 3 acking y+5 is wrong: expected y+1. */
static void test_ack_mismatch_handshake_3(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    v = feed(&r, "c>s", TT_ACK, X + 1, Y + 5, 0);
    expect_step(v, TL_HANDSHAKE_3, A(ACK_MISMATCH) | A(SEGMENT_IGNORED));
    expect_ack(v, TT_ACK_WRONG, Y + 1);
    expect_notation(v, "ACK seq=x+1 ack=y+5");
}

/* Wave 2 acking u+5 is wrong: expected u+1. */
static void test_ack_mismatch_wave_2(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    v = feed(&r, "s>c", TT_ACK, Y + 1, X + 6, 0);
    expect_step(v, TL_WAVE_2, A(ACK_MISMATCH) | A(SEGMENT_IGNORED));
    expect_ack(v, TT_ACK_WRONG, X + 2);
    expect_notation(v, "ACK seq=v ack=u+5");
}

/* Wave 2+3 acking u+3 is wrong: expected u+1. */
static void test_ack_mismatch_wave_2_3(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    v = feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 4, 0);
    expect_step(v, TL_WAVE_2_3, A(ACK_MISMATCH) | A(SEGMENT_IGNORED));
    expect_ack(v, TT_ACK_WRONG, X + 2);
    expect_notation(v, "FIN+ACK seq=w ack=u+3");
}

/* Wave 4 acking w+3 is wrong: expected w+1. */
static void test_ack_mismatch_wave_4(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    feed(&r, "s>c", TT_ACK, Y + 1, X + 2, 0);
    feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 2, 0);
    v = feed(&r, "c>s", TT_ACK, X + 2, Y + 4, 0);
    expect_step(v, TL_WAVE_4, A(ACK_MISMATCH) | A(SEGMENT_IGNORED));
    expect_ack(v, TT_ACK_WRONG, Y + 2);
    expect_notation(v, "ACK seq=u+1 ack=w+3");
}

/* An ack one above the right value is wrong on every checked step (no tolerance either way). */
static void test_ack_off_by_one_is_wrong(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    v = feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 2, 0);
    expect_step(v, TL_HANDSHAKE_2, A(ACK_MISMATCH) | A(SEGMENT_IGNORED));
    expect_ack(v, TT_ACK_WRONG, X + 1);
    v = feed(&r, "c>s", TT_ACK, X + 1, Y + 2, 0);
    expect_step(v, TL_HANDSHAKE_3, A(ACK_MISMATCH) | A(SEGMENT_IGNORED));
    expect_ack(v, TT_ACK_WRONG, Y + 1);

    run_client_server(&r);
    handshake(&r, X, Y);
    feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    v = feed(&r, "s>c", TT_ACK, Y + 1, X + 3, 0);
    expect_step(v, TL_WAVE_2, A(ACK_MISMATCH) | A(SEGMENT_IGNORED));
    expect_ack(v, TT_ACK_WRONG, X + 2);
    feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 2, 0);
    v = feed(&r, "c>s", TT_ACK, X + 2, Y + 3, 0);
    expect_step(v, TL_WAVE_4, A(ACK_MISMATCH) | A(SEGMENT_IGNORED));
    expect_ack(v, TT_ACK_WRONG, Y + 2);

    run_client_server(&r);
    handshake(&r, X, Y);
    feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    v = feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 3, 0);
    expect_step(v, TL_WAVE_2_3, A(ACK_MISMATCH) | A(SEGMENT_IGNORED));
    expect_ack(v, TT_ACK_WRONG, X + 2);
}

/* Wave 3's ack is not checked, even when it is odd. */
static void test_wave_3_ack_unchecked(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    feed(&r, "s>c", TT_ACK, Y + 1, X + 2, 0);
    v = feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 9, 0);
    expect_step(v, TL_WAVE_3, A(SEGMENT_IGNORED)); /* X + 9 was never sent: the client drops it */
    assert_int_equal(v.ignored, TI_BAD_ACK);
    assert_int_equal(v.client_after, TS_FIN_WAIT_2);
    expect_unchecked(v);
    expect_notation(v, "FIN+ACK seq=w ack=u+8");
}

/* ---- Starting without the handshake ---- */

/* Mid-stream start: handshake_not_captured on frame 1 (kept), both ESTABLISHED, close labelled. */
static void test_mid_stream_start(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    v = feed(&r, "c>s", TT_ACK | TT_PSH, 7000, 9000, 100);
    expect_from(v, TR_CLIENT);
    expect_step(v, TL_NONE, A(HANDSHAKE_NOT_CAPTURED));
    assert_string_equal(tt_state_name[v.client_before], "ESTABLISHED");
    assert_string_equal(tt_state_name[v.server_before], "ESTABLISHED");
    expect_states(v, TS_ESTABLISHED, TS_ESTABLISHED);

    v = feed(&r, "s>c", TT_ACK, 9000, 7100, 0);
    expect_step(v, TL_NONE, NONE);
    v = feed(&r, "c>s", TT_FIN | TT_ACK, 7100, 9000, 0);
    expect_step(v, TL_WAVE_1, NONE);
    expect_states(v, TS_FIN_WAIT_1, TS_CLOSE_WAIT);
    v = feed(&r, "s>c", TT_FIN | TT_ACK, 9000, 7101, 0);
    expect_step(v, TL_WAVE_2_3, NONE);
    expect_ack(v, TT_ACK_OK, 7101);
    expect_states(v, TS_TIME_WAIT, TS_LAST_ACK);
    v = feed(&r, "c>s", TT_ACK, 7101, 9001, 0);
    expect_step(v, TL_WAVE_4, NONE);
    expect_ack(v, TT_ACK_OK, 9001);
    expect_states(v, TS_TIME_WAIT, TS_CLOSED);

    run_complete(&r);
    expect_step(r.v[1], TL_NONE, A(HANDSHAKE_NOT_CAPTURED));
    expect_step(r.v[2], TL_NONE, NONE);
}

/* Roles without a SYN: port < 1024, else the lower port, is the server; equal: A is client. */
static void test_roles_by_port(void **state)
{
    static const struct {
        uint16_t port_a, port_b;
        uint8_t flags;
        tt_role role_a;
    } cases[] = {
        {50000, 80, TT_ACK, TR_CLIENT},
        {80, 50000, TT_ACK, TR_SERVER},
        {443, 22, TT_ACK, TR_CLIENT}, /* both well-known: the lower port is the server's */
        {22, 443, TT_ACK, TR_SERVER},
        {8080, 50000, TT_ACK, TR_SERVER}, /* neither well-known: the lower port */
        {50000, 8080, TT_ACK, TR_CLIENT},
        {1023, 1024, TT_ACK, TR_SERVER}, /* 1023 is well-known, 1024 is not */
        {1024, 1023, TT_ACK, TR_CLIENT},
        {5000, 5000, TT_ACK, TR_CLIENT}, /* equal ports: the first sender is the client */
        {80, 50000, TT_RST, TR_SERVER},
        {80, 50000, TT_FIN | TT_ACK, TR_SERVER},
        {80, 50000, TT_SYN, TR_CLIENT},          /* a SYN names the client whatever the ports */
        {50000, 80, TT_SYN | TT_ACK, TR_SERVER}, /* a SYN+ACK names the server */
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run r;
        tt_verdict va, vb;
        tt_role role_b = cases[i].role_a == TR_CLIENT ? TR_SERVER : TR_CLIENT;
        run_init(&r, cases[i].port_a, cases[i].port_b, true, false);
        va = feed(&r, "a>b", cases[i].flags, 100, 200, 0);
        vb = feed(&r, "b>a", TT_ACK, 200, 101, 0);
        if (va.from != cases[i].role_a || vb.from != role_b)
            fail_msg("case %zu (%u -> %u): A is %s, want %s", i, cases[i].port_a, cases[i].port_b,
                     tt_role_name[va.from], tt_role_name[cases[i].role_a]);
        assert_int_equal(tt_conv_endpoint(&r.conv, cases[i].role_a)->port, cases[i].port_a);
        assert_int_equal(tt_conv_endpoint(&r.conv, role_b)->port, cases[i].port_b);
    }
}

/* Capture starting at the SYN+ACK: handshake 2 (handshake_not_captured kept), then handshake 3. */
static void test_synack_first(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_init(&r, PORT_SERVER, PORT_CLIENT, false, false);
    v = feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    expect_from(v, TR_SERVER);
    expect_step(v, TL_HANDSHAKE_2, A(HANDSHAKE_NOT_CAPTURED));
    expect_notation(v, "SYN+ACK seq=y ack=x+1");

    v = feed(&r, "c>s", TT_ACK, X + 1, Y + 1, 0);
    expect_step(v, TL_HANDSHAKE_3, NONE);
    expect_ack(v, TT_ACK_OK, Y + 1);
    expect_notation(v, "ACK seq=x+1 ack=y+1");

    run_complete(&r);
    expect_step(r.v[1], TL_HANDSHAKE_2, A(HANDSHAKE_NOT_CAPTURED));
    expect_step(r.v[2], TL_HANDSHAKE_3, NONE);
}

/* Capture starting at the SYN+ACK: client ESTABLISHED after it, both after handshake 3. */
static void test_synack_first_states(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_init(&r, PORT_SERVER, PORT_CLIENT, false, false);
    v = feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    expect_states(v, TS_ESTABLISHED, TS_SYN_RCVD);
    v = feed(&r, "c>s", TT_ACK, X + 1, Y + 1, 0);
    expect_states(v, TS_ESTABLISHED, TS_ESTABLISHED);
}

/* Reordered SYN+ACK before SYN: labels as usual, the SYN captured_out_of_order,
 * handshake_not_captured dropped by complete. */
static void test_reordered_synack_before_syn(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_init(&r, PORT_SERVER, PORT_CLIENT, false, false);
    v = feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    expect_step(v, TL_HANDSHAKE_2, A(HANDSHAKE_NOT_CAPTURED));
    v = feed(&r, "c>s", TT_SYN, X, 0, 0);
    expect_from(v, TR_CLIENT);
    expect_step(v, TL_HANDSHAKE_1, A(CAPTURED_OUT_OF_ORDER));
    expect_notation(v, "SYN seq=x");
    v = feed(&r, "c>s", TT_ACK, X + 1, Y + 1, 0);
    expect_step(v, TL_HANDSHAKE_3, NONE);
    expect_ack(v, TT_ACK_OK, Y + 1);

    run_complete(&r);
    expect_step(r.v[1], TL_HANDSHAKE_2, NONE);
    expect_step(r.v[2], TL_HANDSHAKE_1, A(CAPTURED_OUT_OF_ORDER));
    expect_step(r.v[3], TL_HANDSHAKE_3, NONE);
}

/* Reordered SYN+ACK before SYN: after handshake 3 both endpoints are ESTABLISHED. */
static void test_reordered_synack_before_syn_states(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_init(&r, PORT_SERVER, PORT_CLIENT, false, false);
    v = feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    expect_states(v, TS_ESTABLISHED, TS_SYN_RCVD);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    v = feed(&r, "c>s", TT_ACK, X + 1, Y + 1, 0);
    expect_states(v, TS_ESTABLISHED, TS_ESTABLISHED);
}

/* ---- Data checks, wrap-around, independence, port reuse ---- */

/* New data beyond the sender's own FIN is data_after_fin; old data again is not, nor the peer's. */
static void test_data_after_fin(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    feed(&r, "c>s", TT_ACK | TT_PSH, X + 1, Y + 1, 10);
    v = feed(&r, "c>s", TT_FIN | TT_ACK, X + 11, Y + 1, 0);
    expect_step(v, TL_WAVE_1, NONE);

    v = feed(&r, "c>s", TT_ACK | TT_PSH, X + 1, Y + 1, 10); /* retransmission of old data */
    expect_step(v, TL_NONE, NONE);
    v = feed(&r, "c>s", TT_ACK | TT_PSH, X + 12, Y + 1, 10);
    expect_step(v, TL_NONE, A(DATA_AFTER_FIN));
    v = feed(&r, "s>c", TT_ACK | TT_PSH, Y + 1, X + 11, 20); /* passive side, no wave 2 yet */
    expect_step(v, TL_NONE, NONE);
}

/* The same conversation with given ISNs: handshake, data both ways, 4-way close by the client. */
static void wrap_scenario(run *r, uint32_t x, uint32_t y)
{
    run_client_server(r);
    handshake(r, x, y);
    feed(r, "c>s", TT_ACK | TT_PSH, x + 1, y + 1, 20);
    feed(r, "s>c", TT_ACK | TT_PSH, y + 1, x + 21, 30);
    feed(r, "c>s", TT_FIN | TT_ACK, x + 21, y + 31, 0);
    feed(r, "s>c", TT_ACK, y + 31, x + 22, 0);
    feed(r, "s>c", TT_FIN | TT_ACK, y + 31, x + 22, 0);
    feed(r, "c>s", TT_ACK, x + 22, y + 32, 0);
    run_complete(r);
}

/* ISNs near 2^32 give the same labels, checks, notation, states as small ISNs; raw values wrap. */
static void test_isn_wraparound(void **state)
{
    static run small, wrap;
    const uint32_t wx = 4294967290u, wy = 4294967295u;
    (void)state;
    wrap_scenario(&small, X, Y);
    wrap_scenario(&wrap, wx, wy);
    assert_int_equal(small.frames, 9);
    assert_int_equal(wrap.frames, 9);
    for (uint32_t f = 1; f <= 9; f++) {
        const tt_verdict *a = &small.v[f], *b = &wrap.v[f];
        char na[128], nb[128];
        tt_notation(a, na, sizeof na);
        tt_notation(b, nb, sizeof nb);
        assert_string_equal(tt_label_name[b->label], tt_label_name[a->label]);
        expect_step(*b, (tt_label)a->label, a->anomalies);
        assert_string_equal(ack_check_name(b->ack_check), ack_check_name(a->ack_check));
        assert_string_equal(nb, na);
        assert_string_equal(tt_state_name[b->client_after], tt_state_name[a->client_after]);
        assert_string_equal(tt_state_name[b->server_after], tt_state_name[a->server_after]);
    }
    /* and the small run itself is the textbook one */
    expect_step(small.v[3], TL_HANDSHAKE_3, NONE);
    expect_step(small.v[6], TL_WAVE_1, NONE);
    expect_step(small.v[9], TL_WAVE_4, NONE);
    /* raw expected acks, modulo 2^32 */
    expect_ack(wrap.v[2], TT_ACK_OK, 4294967291u);
    expect_ack(wrap.v[3], TT_ACK_OK, 0);
    expect_ack(wrap.v[7], TT_ACK_OK, 16); /* u = x+21 = 15 */
    expect_ack(wrap.v[9], TT_ACK_OK, 31); /* w = y+31 = 30 */
    expect_notation(wrap.v[9], "ACK seq=u+1 ack=w+1");
}

/* An ISN of 0xFFFFFFFF: the right ack is 0, a wrong one is still caught with the offset shown. */
static void test_isn_wraparound_mismatch(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, 0xFFFFFFFFu, 0, 0);
    v = feed(&r, "s>c", TT_SYN | TT_ACK, 0xFFFFFFFEu, 0, 0);
    expect_step(v, TL_HANDSHAKE_2, NONE);
    expect_ack(v, TT_ACK_OK, 0);
    expect_notation(v, "SYN+ACK seq=y ack=x+1");

    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, 0xFFFFFFFFu, 0, 0);
    v = feed(&r, "s>c", TT_SYN | TT_ACK, 0xFFFFFFFEu, 4, 0);
    expect_step(v, TL_HANDSHAKE_2, A(ACK_MISMATCH) | A(SEGMENT_IGNORED));
    expect_ack(v, TT_ACK_WRONG, 0);
    expect_notation(v, "SYN+ACK seq=y ack=x+5");
    v = feed(&r, "c>s", TT_ACK, 0, 0xFFFFFFFFu, 0); /* the client dropped that SYN+ACK */
    expect_step(v, TL_HANDSHAKE_3, A(UNEXPECTED_SEGMENT));
    expect_ack(v, TT_ACK_OK, 0xFFFFFFFFu);
    expect_notation(v, "ACK seq=x+1 ack=y+1");
}

static void expect_same_verdict(const tt_verdict *a, const tt_verdict *b)
{
    assert_int_equal(a->frame, b->frame);
    assert_int_equal(a->label, b->label);
    assert_int_equal(a->anomalies, b->anomalies);
    assert_int_equal(a->ack_check, b->ack_check);
    assert_int_equal(a->ack_expected, b->ack_expected);
    assert_int_equal(a->seq_off, b->seq_off);
    assert_int_equal(a->ack_off, b->ack_off);
    assert_int_equal(a->from, b->from);
    assert_int_equal(a->client_after, b->client_after);
    assert_int_equal(a->server_after, b->server_after);
}

/* Two conversations fed alternately give exactly the verdicts they give alone. */
static void test_interleaved_conversations(void **state)
{
    static run alone1, alone2, mix1, mix2;
    (void)state;
    wrap_scenario(&alone1, X, Y);
    run_init(&alone2, 40000, 443, true, false);
    handshake(&alone2, 77, 99);
    feed(&alone2, "s>c", TT_FIN | TT_ACK, 100, 78, 0);
    feed(&alone2, "c>s", TT_FIN | TT_ACK, 78, 101, 0);
    feed(&alone2, "s>c", TT_ACK, 101, 79, 0);
    run_complete(&alone2);

    /* the same segments, one of each in turn */
    run_client_server(&mix1);
    run_init(&mix2, 40000, 443, true, false);
    feed(&mix1, "c>s", TT_SYN, X, 0, 0);
    feed(&mix2, "c>s", TT_SYN, 77, 0, 0);
    feed(&mix1, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    feed(&mix2, "s>c", TT_SYN | TT_ACK, 99, 78, 0);
    feed(&mix1, "c>s", TT_ACK, X + 1, Y + 1, 0);
    feed(&mix2, "c>s", TT_ACK, 78, 100, 0);
    feed(&mix1, "c>s", TT_ACK | TT_PSH, X + 1, Y + 1, 20);
    feed(&mix2, "s>c", TT_FIN | TT_ACK, 100, 78, 0);
    feed(&mix1, "s>c", TT_ACK | TT_PSH, Y + 1, X + 21, 30);
    feed(&mix2, "c>s", TT_FIN | TT_ACK, 78, 101, 0);
    feed(&mix1, "c>s", TT_FIN | TT_ACK, X + 21, Y + 31, 0);
    feed(&mix2, "s>c", TT_ACK, 101, 79, 0);
    feed(&mix1, "s>c", TT_ACK, Y + 31, X + 22, 0);
    feed(&mix1, "s>c", TT_FIN | TT_ACK, Y + 31, X + 22, 0);
    feed(&mix1, "c>s", TT_ACK, X + 22, Y + 32, 0);
    run_complete(&mix1);
    run_complete(&mix2);

    assert_int_equal(mix1.frames, alone1.frames);
    assert_int_equal(mix2.frames, alone2.frames);
    for (uint32_t f = 1; f <= alone1.frames; f++)
        expect_same_verdict(&mix1.v[f], &alone1.v[f]);
    for (uint32_t f = 1; f <= alone2.frames; f++)
        expect_same_verdict(&mix2.v[f], &alone2.v[f]);
    /* and the second one is what it should be: server closes, client answers with wave 2+3 */
    expect_step(mix2.v[4], TL_WAVE_1, NONE);
    expect_step(mix2.v[5], TL_WAVE_2_3, NONE);
    expect_step(mix2.v[6], TL_WAVE_4, NONE);
    expect_step(mix1.v[9], TL_WAVE_4, NONE);
}

/* port_reused=true: the first segment carries the port_reuse note, later ones do not. */
static void test_port_reuse(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_init(&r, PORT_CLIENT, PORT_SERVER, true, true);
    v = feed(&r, "c>s", TT_SYN, X, 0, 0);
    expect_step(v, TL_HANDSHAKE_1, A(PORT_REUSE));
    v = feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    expect_step(v, TL_HANDSHAKE_2, NONE);
    run_complete(&r);
    expect_step(r.v[1], TL_HANDSHAKE_1, A(PORT_REUSE));

    /* mid-stream on a reused port: both notes on the first segment */
    run_init(&r, PORT_CLIENT, PORT_SERVER, true, true);
    v = feed(&r, "c>s", TT_ACK, X, Y, 0);
    expect_step(v, TL_NONE, A(HANDSHAKE_NOT_CAPTURED) | A(PORT_REUSE));
}

/* ---- Notation edge cases and name tables ---- */

/* tt_notation: empty for no step, a NUL-terminated prefix when short, untouched with size 0. */
static void test_notation_buffer(void **state)
{
    run r;
    tt_verdict v;
    char buf[32];
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    v = feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);

    memset(buf, '#', sizeof buf);
    assert_int_equal(tt_notation(&v, buf, 8), 7);
    assert_string_equal(buf, "SYN+ACK");
    assert_int_equal(buf[8], '#');

    memset(buf, '#', sizeof buf);
    assert_int_equal(tt_notation(&v, buf, 1), 0);
    assert_string_equal(buf, "");

    memset(buf, '#', sizeof buf);
    assert_int_equal(tt_notation(&v, buf, 0), 0);
    assert_int_equal(buf[0], '#');

    v = feed(&r, "c>s", TT_RST, X + 1, 0, 0);
    memset(buf, '#', sizeof buf);
    assert_int_equal(tt_notation(&v, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
}

/* A bare FIN (no ACK) is no step: no TCP sends one, a real receiver drops it, nothing moves. */
static void test_notation_fin_without_ack(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    v = feed(&r, "c>s", TT_FIN, X + 1, 0, 0);
    expect_step(v, TL_NONE, A(SEGMENT_IGNORED));
    assert_int_equal(v.ignored, TI_NO_ACK);
    expect_states(v, TS_ESTABLISHED, TS_ESTABLISHED);
    v = feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    expect_step(v, TL_WAVE_1, NONE);
    expect_notation(v, "FIN seq=u");
}

/* Name tables: no NULL or empty entries (TL_NONE's is ""), anomaly names unique and snake_case. */
static void test_name_tables(void **state)
{
    (void)state;
    for (int s = 0; s < TS_COUNT; s++) {
        assert_non_null(tt_state_name[s]);
        assert_true(tt_state_name[s][0] != '\0');
    }
    assert_non_null(tt_label_name[TL_NONE]);
    assert_string_equal(tt_label_name[TL_NONE], "");
    for (int l = TL_NONE + 1; l < TL_COUNT; l++) {
        assert_non_null(tt_label_name[l]);
        assert_true(tt_label_name[l][0] != '\0');
        assert_non_null(tt_step_forms[l].flags);
        assert_true(strchr("xyuvw", tt_step_forms[l].seq_var) != NULL && tt_step_forms[l].seq_var);
    }
    for (int r = 0; r < TR_COUNT; r++) {
        assert_non_null(tt_role_name[r]);
        assert_true(tt_role_name[r][0] != '\0');
    }
    for (int a = 0; a < TA_COUNT; a++) {
        const char *n = tt_anomaly_info[a].name;
        assert_non_null(n);
        for (int l = 0; l < TT_LANG_COUNT; l++) {
            assert_non_null(tt_wordings[l].summary[a]);
            assert_true(tt_wordings[l].summary[a][0] != '\0');
        }
        assert_true(n[0] >= 'a' && n[0] <= 'z');
        for (const char *p = n; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
                fail_msg("anomaly %d name \"%s\" is not snake_case", a, n);
        assert_true(n[strlen(n) - 1] != '_');
        assert_null(strstr(n, "__"));
        for (int b = 0; b < a; b++)
            if (strcmp(n, tt_anomaly_info[b].name) == 0)
                fail_msg("anomaly name \"%s\" used twice", n);
    }
}

/* A retransmission shows the sender never got the ACK the capture saw: its state goes back to the
 * one that waits for it (SYN_RCVD for a SYN+ACK, LAST_ACK for a passive FIN, FIN_WAIT_1 for wave
 * 1). */
static void test_retransmission_restores_waiting_state(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    v = feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0); /* the third ACK was lost after the tap */
    assert_int_equal(v.server_before, TS_SYN_RCVD);    /* the state it really sent it from */
    assert_int_equal(v.server_after, TS_SYN_RCVD);
    v = feed(&r, "c>s", TT_ACK, X + 1, Y + 1, 0);
    expect_step(v, TL_HANDSHAKE_3, NONE);
    assert_int_equal(v.server_after, TS_ESTABLISHED);

    feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    v = feed(&r, "s>c", TT_ACK, Y + 1, X + 2, 0);
    assert_int_equal(v.client_after, TS_FIN_WAIT_2);
    v = feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0); /* wave 1 again: its ACK never arrived */
    expect_step(v, TL_WAVE_1, A(FIN_RETRANSMISSION));
    assert_int_equal(v.client_after, TS_FIN_WAIT_1);
    feed(&r, "s>c", TT_ACK, Y + 1, X + 2, 0);
    feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 2, 0);
    v = feed(&r, "c>s", TT_ACK, X + 2, Y + 2, 0);
    assert_int_equal(v.server_after, TS_CLOSED);
    v = feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 2, 0); /* wave 3 again from LAST_ACK */
    assert_int_equal(v.server_after, TS_LAST_ACK);
    v = feed(&r, "c>s", TT_ACK, X + 2, Y + 2, 0);
    expect_step(v, TL_WAVE_4, NONE);
    assert_int_equal(v.server_after, TS_CLOSED);
}

/* A refused connection: once the capture is complete, the server never was LISTEN or SYN_RCVD. */
static void test_refused_server_closed_when_complete(void **state)
{
    run r;
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    feed(&r, "s>c", TT_RST | TT_ACK, 0, X + 1, 0);
    assert_int_equal(r.v[1].server_after, TS_SYN_RCVD); /* as far as the first segment tells */
    run_complete(&r);
    assert_int_equal(r.v[1].server_before, TS_CLOSED);
    assert_int_equal(r.v[1].server_after, TS_CLOSED);
    assert_int_equal(r.v[1].client_after, TS_SYN_SENT);
    expect_step(r.v[2], TL_NONE, A(CONNECTION_REFUSED));
}

/* A SYN+ACK captured before its SYN cannot be checked at first; it is once the capture is complete.
 */
static void test_reordered_synack_checked_when_complete(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_init(&r, PORT_SERVER, PORT_CLIENT, false, false);
    v = feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    expect_unchecked(v);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    feed(&r, "c>s", TT_ACK, X + 1, Y + 1, 0);
    run_complete(&r);
    expect_ack(r.v[1], TT_ACK_OK, X + 1);
    expect_notation(r.v[1], "SYN+ACK seq=y ack=x+1");
    expect_step(r.v[1], TL_HANDSHAKE_2, NONE);
}

/* ---- The endpoint model (issue 12): evidence, dropped segments, duplicates ---- */

/* Feeds a segment with a capture time and an advertised window (the fields feed leaves unset). */
static tt_verdict feed_full(run *r, bool c2s, uint8_t flags, uint32_t seq, uint32_t ack,
                            uint32_t len, uint64_t time_us, int win)
{
    tt_segment s = {.flags = flags, .seq = seq, .ack = ack, .len = len};

    s.from_a = c2s == r->a_is_client;
    s.frame = ++r->frames;
    s.timed = true;
    s.time_us = time_us;
    s.win_known = win >= 0;
    s.win = (uint16_t)(win >= 0 ? win : 0);
    s.wscale = TT_WSCALE_NONE;
    tt_conv_segment(&r->conv, &s, &r->v[s.frame]);
    run_amend_at(r, &r->v[s.frame], __FILE__, __LINE__);
    return r->v[s.frame];
}

/* The client's FIN captured 1 ms after the server's ACK of it (issue 25): the ACK, first read as
 * acknowledging an uncaptured segment, is amended to wave 2 with the states of the moment it was
 * handled; the FIN keeps wave 1, captured_out_of_order, shown from ESTABLISHED; the server's FIN is
 * then wave 3, not wave 2+3. The kept verdict amends as the whole one does. */
static void test_fin_captured_after_its_ack(void **state)
{
    run r;
    tt_verdict v, ack, kept_way;
    tt_verdict_kept kept;
    tt_segment ack_seg = {.frame = 4, .flags = TT_ACK, .seq = Y + 1, .ack = X + 2};
    tt_summary sum;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    ack = feed(&r, "s>c", TT_ACK, Y + 1, X + 2, 0);
    expect_step(ack, TL_NONE, A(SEGMENT_NOT_CAPTURED));
    assert_true(tt_verdict_keep(&ack, &kept));
    v = feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    expect_step(v, TL_WAVE_1, A(CAPTURED_OUT_OF_ORDER));
    assert_string_equal(tt_state_name[v.client_before], "ESTABLISHED");
    assert_string_equal(tt_state_name[v.server_before], "ESTABLISHED");
    expect_states(v, TS_FIN_WAIT_1, TS_CLOSE_WAIT);
    assert_int_equal(v.amend.frame, 4);
    expect_step(r.v[4], TL_WAVE_2, NONE);
    assert_int_equal(r.v[4].inferred, TN_NONE);
    expect_notation(r.v[4], "ACK seq=v ack=u+1");
    expect_ack(r.v[4], TT_ACK_OK, X + 2);
    assert_string_equal(tt_state_name[r.v[4].client_before], "FIN_WAIT_1");
    assert_string_equal(tt_state_name[r.v[4].server_before], "CLOSE_WAIT");
    expect_states(r.v[4], TS_FIN_WAIT_2, TS_CLOSE_WAIT);
    assert_true(tt_verdict_kept_amend(&kept, &v.amend));
    tt_verdict_restore(&kept, &ack_seg, &kept_way);
    assert_memory_equal(&kept_way, &r.v[4], offsetof(tt_verdict, amend));
    v = feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 2, 0);
    expect_step(v, TL_WAVE_3, NONE);
    assert_string_equal(tt_state_name[v.client_before], "FIN_WAIT_2");
    v = feed(&r, "c>s", TT_ACK, X + 2, Y + 2, 0);
    expect_step(v, TL_WAVE_4, NONE);
    tt_conv_summarize(&r.conv, true, 0, &sum);
    assert_int_equal(sum.close, TC_FOUR_WAY);
    assert_int_equal(sum.problems, 0);
}

/* Data captured after the ACK that covers it: the ACK loses segment_not_captured and keeps no
 * step; the data is captured_out_of_order; a copy of it shows the same. */
static void test_data_captured_after_its_ack(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    v = feed(&r, "s>c", TT_ACK, Y + 1, X + 11, 0);
    expect_step(v, TL_NONE, A(SEGMENT_NOT_CAPTURED));
    v = feed_full(&r, true, TT_ACK | TT_PSH, X + 1, Y + 1, 10, 0, -1);
    expect_step(v, TL_NONE, A(CAPTURED_OUT_OF_ORDER));
    expect_states(v, TS_ESTABLISHED, TS_ESTABLISHED);
    expect_step(r.v[4], TL_NONE, NONE);
    assert_int_equal(r.v[4].inferred, TN_NONE);
    expect_states(r.v[4], TS_ESTABLISHED, TS_ESTABLISHED);
    v = feed_full(&r, true, TT_ACK | TT_PSH, X + 1, Y + 1, 10, 100, -1); /* the frame twice */
    expect_step(v, TL_NONE, A(DUPLICATE_FRAME) | A(CAPTURED_OUT_OF_ORDER));
}

/* The closer's last ACK captured before the FIN it acknowledges: the FIN keeps wave 3,
 * captured_out_of_order, and the ACK becomes wave 4, the server moving to CLOSED on it. */
static void test_last_ack_captured_before_fin(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    feed(&r, "s>c", TT_ACK, Y + 1, X + 2, 0);
    v = feed(&r, "c>s", TT_ACK, X + 2, Y + 2, 0);
    expect_step(v, TL_NONE, A(SEGMENT_NOT_CAPTURED));
    v = feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 2, 0);
    expect_step(v, TL_WAVE_3, A(CAPTURED_OUT_OF_ORDER));
    expect_states(v, TS_TIME_WAIT, TS_LAST_ACK);
    expect_step(r.v[6], TL_WAVE_4, NONE);
    expect_notation(r.v[6], "ACK seq=u+1 ack=w+1");
    assert_string_equal(tt_state_name[r.v[6].server_before], "LAST_ACK");
    expect_states(r.v[6], TS_TIME_WAIT, TS_CLOSED);
    assert_string_equal(tt_state_name[r.conv.server.state], "CLOSED");
}

/* A FIN 1 s after the ACK that covers it is no reordering (no capture point holds a segment that
 * long): the ACK keeps segment_not_captured and nothing is amended. */
static void test_fin_long_after_its_ack(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    feed_full(&r, true, TT_SYN, X, 0, 0, 0, -1);
    feed_full(&r, false, TT_SYN | TT_ACK, Y, X + 1, 0, 1000, -1);
    feed_full(&r, true, TT_ACK, X + 1, Y + 1, 0, 2000, -1);
    feed_full(&r, false, TT_ACK, Y + 1, X + 2, 0, 3000, -1);
    v = feed_full(&r, true, TT_FIN | TT_ACK, X + 1, Y + 1, 0, 1003000, -1);
    assert_false(v.anomalies & A(CAPTURED_OUT_OF_ORDER));
    assert_int_equal(v.amend.frame, 0);
    expect_step(r.v[4], TL_NONE, A(SEGMENT_NOT_CAPTURED));
}

/* A capture that holds the client's direction late from the start (issue 25): the server's ACK of
 * the client's data comes before the client's SYN, third ACK and data. The SYN is no segment its
 * receiver drops; the third ACK keeps handshake 3, captured_out_of_order, the server shown
 * SYN_RCVD -> ESTABLISHED; the server's ACK is amended: no uncaptured third ACK, both sides
 * ESTABLISHED when it was sent; the data is captured_out_of_order. */
static void test_handshake_captured_after_ack_of_data(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_init(&r, PORT_SERVER, PORT_CLIENT, false, false);
    feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    v = feed(&r, "s>c", TT_ACK, Y + 1, X + 6, 0);
    expect_step(v, TL_NONE, A(SEGMENT_NOT_CAPTURED));
    assert_int_equal(v.inferred, TN_THIRD_ACK);
    v = feed(&r, "c>s", TT_SYN, X, 0, 0);
    expect_step(v, TL_HANDSHAKE_1, A(CAPTURED_OUT_OF_ORDER));
    v = feed(&r, "c>s", TT_ACK, X + 1, Y + 1, 0);
    expect_step(v, TL_HANDSHAKE_3, A(CAPTURED_OUT_OF_ORDER));
    assert_string_equal(tt_state_name[v.server_before], "SYN_RCVD");
    expect_states(v, TS_ESTABLISHED, TS_ESTABLISHED);
    expect_notation(v, "ACK seq=x+1 ack=y+1");
    expect_step(r.v[2], TL_NONE, NONE);
    assert_int_equal(r.v[2].inferred, TN_NONE);
    assert_string_equal(tt_state_name[r.v[2].server_before], "ESTABLISHED");
    assert_string_equal(tt_state_name[r.v[2].client_before], "ESTABLISHED");
    v = feed(&r, "c>s", TT_ACK | TT_PSH, X + 1, Y + 1, 5);
    expect_step(v, TL_NONE, A(CAPTURED_OUT_OF_ORDER));
    v = feed(&r, "c>s", TT_FIN | TT_ACK, X + 6, Y + 1, 0);
    expect_step(v, TL_WAVE_1, NONE);
}

/* A FIN from the side whose RST the server took (issue 25): no close step; segment_after_rst, the
 * client shown in the state it had before that RST (it was not its own), the server CLOSED and
 * dropping it (no connection); the server's RST then resets the client. */
static void test_segment_after_own_rst(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    v = feed(&r, "c>s", TT_RST, X + 1, 0, 0);
    expect_step(v, TL_NONE, A(RST_ABORT));
    expect_states(v, TS_CLOSED, TS_CLOSED);
    v = feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    expect_step(v, TL_NONE, A(SEGMENT_AFTER_RST) | A(SEGMENT_IGNORED));
    assert_int_equal(v.ignored, TI_NO_CONNECTION);
    assert_string_equal(tt_state_name[v.client_before], "ESTABLISHED");
    assert_string_equal(tt_state_name[v.server_before], "CLOSED");
    expect_states(v, TS_FIN_WAIT_1, TS_CLOSED);
    v = feed(&r, "s>c", TT_RST, Y + 1, 0, 0);
    expect_step(v, TL_NONE, A(RST_ABORT));
    expect_states(v, TS_CLOSED, TS_CLOSED);
    assert_false(r.conv.client.fin_sent);
}

/* The RST's receiver going on still shows the RST did not take (rst_ignored), as before. */
static void test_rst_receiver_goes_on(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    feed(&r, "c>s", TT_RST, X + 1, 0, 0);
    v = feed(&r, "s>c", TT_ACK | TT_PSH, Y + 1, X + 1, 5);
    assert_true(v.anomalies & A(RST_IGNORED));
    assert_false(v.anomalies & A(SEGMENT_AFTER_RST));
    expect_states(v, TS_ESTABLISHED, TS_ESTABLISHED);
}

/* A SYN captured 30 us after the SYN+ACK that acknowledges it (issue 25): handshake 1 and
 * captured_out_of_order, shown where the endpoints handled it (CLOSED -> SYN_SENT, LISTEN ->
 * SYN_RCVD), its copy likewise; the third ACK then goes on from the model's ESTABLISHED client. */
static void test_captured_out_of_order_syn(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_init(&r, PORT_SERVER, PORT_CLIENT, false, false);
    feed_full(&r, false, TT_SYN | TT_ACK, Y, X + 1, 0, 1000000, -1);
    v = feed_full(&r, true, TT_SYN, X, 0, 0, 1000030, -1);
    expect_step(v, TL_HANDSHAKE_1, A(CAPTURED_OUT_OF_ORDER));
    assert_string_equal(tt_state_name[v.client_before], "CLOSED");
    assert_string_equal(tt_state_name[v.server_before], "LISTEN");
    expect_states(v, TS_SYN_SENT, TS_SYN_RCVD);
    v = feed_full(&r, true, TT_SYN, X, 0, 0, 1000040, -1); /* the same frame captured twice */
    assert_true(v.anomalies & A(DUPLICATE_FRAME));
    assert_true(v.anomalies & A(CAPTURED_OUT_OF_ORDER));
    expect_states(v, TS_SYN_SENT, TS_SYN_RCVD);
    v = feed_full(&r, true, TT_ACK, X + 1, Y + 1, 0, 1000060, -1);
    expect_step(v, TL_HANDSHAKE_3, NONE);
    assert_string_equal(tt_state_name[v.client_before], "ESTABLISHED");
    expect_states(v, TS_ESTABLISHED, TS_ESTABLISHED);
}

/* The same SYN 1 s after that SYN+ACK is no reordering but the client sending it again
 * (syn_retransmission): the SYN+ACK never reached it (segment_lost in the final view), so it sends
 * from SYN_SENT. */
static void test_syn_long_after_its_synack(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_init(&r, PORT_SERVER, PORT_CLIENT, false, false);
    feed_full(&r, false, TT_SYN | TT_ACK, Y, X + 1, 0, 1000000, -1);
    v = feed_full(&r, true, TT_SYN, X, 0, 0, 2000000, -1);
    expect_step(v, TL_HANDSHAKE_1, A(SYN_RETRANSMISSION));
    assert_string_equal(tt_state_name[v.client_before], "SYN_SENT");
    run_complete(&r);
    assert_true(r.v[1].anomalies & A(SEGMENT_LOST));
}

/* A SYN repeating the opening SYN while the client still waits is the same attempt; another ISN,
 * or a SYN once the client got its answer, is not. */
static void test_same_attempt(void **state)
{
    run r;
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    assert_true(tt_conv_same_attempt(&r.conv, TT_SYN, X));
    assert_false(tt_conv_same_attempt(&r.conv, TT_SYN, X + 1000));
    assert_false(tt_conv_same_attempt(&r.conv, TT_SYN | TT_ACK, X));
    feed(&r, "s>c", TT_RST | TT_ACK, 0, X + 1001, 0); /* not acknowledging the SYN: ignored */
    assert_true(tt_conv_same_attempt(&r.conv, TT_SYN, X));
    feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    assert_false(tt_conv_same_attempt(&r.conv, TT_SYN, X));
}

/* The time rule (RFC 6298 section 2.1): an unanswered SYN or unacknowledged SYN+ACK is claimed only
 * once the capture went on 1 s after it; before that the final view says capture_ends. */
static void test_absence_needs_time(void **state)
{
    const uint64_t t0 = 5000000;
    tt_summary sum;
    run r;
    (void)state;

    run_client_server(&r);
    feed_full(&r, true, TT_SYN, X, 0, 0, t0, 64240);
    run_complete_until(&r, t0 + 999999);
    expect_step(r.v[1], TL_HANDSHAKE_1, A(CAPTURE_ENDS));
    tt_conv_summarize(&r.conv, true, t0 + 999999, &sum);
    assert_int_equal(sum.handshake, TH_CAPTURE_ENDS);
    assert_int_equal(sum.problems, 0);
    r.v[1].anomalies = 0; /* as kept by the first pass */
    run_complete_until(&r, t0 + 1000000);
    expect_step(r.v[1], TL_HANDSHAKE_1, A(SYN_UNANSWERED));
    tt_conv_summarize(&r.conv, true, t0 + 1000000, &sum);
    assert_int_equal(sum.handshake, TH_UNANSWERED);
    assert_int_equal(sum.problems, 1);

    run_client_server(&r);
    feed_full(&r, true, TT_SYN, X, 0, 0, t0, 64240);
    feed_full(&r, false, TT_SYN | TT_ACK, Y, X + 1, 0, t0 + 30, 65160);
    run_complete_until(&r, t0 + 30);
    expect_step(r.v[1], TL_HANDSHAKE_1, NONE);
    expect_step(r.v[2], TL_HANDSHAKE_2, A(CAPTURE_ENDS));
    r.v[2].anomalies = 0;
    run_complete_until(&r, t0 + 2000000);
    expect_step(r.v[2], TL_HANDSHAKE_2, A(MISSING_THIRD_ACK));
}

/* Only the client's side captured: its ACK of y+1 proves the SYN+ACK arrived, so it is ESTABLISHED
 * when it sends data and FIN; the SYN is not syn_unanswered; one_sided in the final view. */
static void test_one_sided_client(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    v = feed(&r, "c>s", TT_ACK, X + 1, Y + 1, 0);
    expect_step(v, TL_HANDSHAKE_3, A(SEGMENT_NOT_CAPTURED));
    assert_int_equal(v.inferred, TN_SYNACK);
    assert_int_equal(v.client_before, TS_ESTABLISHED); /* it got the SYN+ACK before sending this */
    expect_states(v, TS_ESTABLISHED, TS_ESTABLISHED);
    expect_ack(v, TT_ACK_OK, Y + 1);
    v = feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    expect_step(v, TL_WAVE_1, NONE);
    expect_states(v, TS_FIN_WAIT_1, TS_CLOSE_WAIT);
    run_complete(&r);
    expect_step(r.v[1], TL_HANDSHAKE_1, A(ONE_SIDED));
}

/* A capture that starts mid-stream and so far holds one side's segments with one unchanging ack:
 * that ack may cover bytes sent before the capture began, so one_sided is not claimed (the live
 * GUI showed it on the first row of mid_stream). Once that side's ack moves, the other side
 * evidently sent while the capture ran, unseen: one_sided. */
static void test_one_sided_needs_live_ack(void **state)
{
    run r;
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_ACK | TT_PSH, 7000, 9000, 100);
    run_complete(&r);
    expect_step(r.v[1], TL_NONE, A(HANDSHAKE_NOT_CAPTURED));
    feed(&r, "c>s", TT_ACK | TT_PSH, 7100, 9000, 100);
    run_complete(&r);
    expect_step(r.v[1], TL_NONE, A(HANDSHAKE_NOT_CAPTURED));
    feed(&r, "c>s", TT_ACK | TT_PSH, 7200, 9050, 100);
    run_complete(&r);
    expect_step(r.v[1], TL_NONE, A(HANDSHAKE_NOT_CAPTURED) | A(ONE_SIDED));
}

/* Only the server's side captured: its data acknowledging client bytes proves the third ACK, so
 * it is ESTABLISHED when it sends, and missing_third_ack is not raised. */
static void test_one_sided_server(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_init(&r, PORT_SERVER, PORT_CLIENT, false, false);
    feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    v = feed(&r, "s>c", TT_ACK | TT_PSH, Y + 1, X + 31, 100);
    expect_step(v, TL_NONE, A(SEGMENT_NOT_CAPTURED));
    assert_int_equal(v.inferred, TN_THIRD_ACK);
    assert_int_equal(v.server_before, TS_ESTABLISHED);
    run_complete(&r);
    expect_step(r.v[1], TL_HANDSHAKE_2, A(HANDSHAKE_NOT_CAPTURED) | A(ONE_SIDED));
}

/* A SYN re-sent after the captured SYN+ACK: the client never got it, so it is SYN_SENT again. */
static void test_syn_resent_after_synack(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    v = feed(&r, "c>s", TT_SYN, X, 0, 0);
    expect_step(v, TL_HANDSHAKE_1, A(SYN_RETRANSMISSION));
    assert_int_equal(v.client_before, TS_SYN_SENT);
    expect_states(v, TS_SYN_SENT, TS_SYN_RCVD);
}

/* An RST in SYN_SENT whose ack is not x+1 is dropped (section 3.10.7.3): no refusal, no state. */
static void test_rst_bad_ack_in_syn_sent(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    v = feed(&r, "s>c", TT_RST | TT_ACK, 0, X + 5, 0);
    expect_step(v, TL_NONE, A(SEGMENT_IGNORED));
    assert_int_equal(v.ignored, TI_RST_BAD_ACK);
    expect_states(v, TS_SYN_SENT, TS_SYN_RCVD);
    v = feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    expect_step(v, TL_HANDSHAKE_2, NONE);
    expect_states(v, TS_ESTABLISHED, TS_SYN_RCVD);
}

/* A FIN without ACK from SYN_SENT is no wave 1 and moves nothing; a segment without ACK does not
 * complete the handshake. */
static void test_segments_without_ack(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    v = feed(&r, "c>s", TT_FIN, X + 1, 0, 0);
    expect_step(v, TL_NONE, A(SEGMENT_IGNORED));
    expect_states(v, TS_SYN_SENT, TS_SYN_RCVD);

    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    v = feed(&r, "c>s", TT_PSH, X + 1, 0, 10);
    expect_step(v, TL_NONE, A(SEGMENT_IGNORED));
    assert_int_equal(v.ignored, TI_NO_ACK);
    expect_states(v, TS_ESTABLISHED, TS_SYN_RCVD);
}

/* A third ACK whose seq lies outside the server's window (256 bytes, known) is dropped. */
static void test_third_ack_out_of_window(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    feed_full(&r, true, TT_SYN, X, 0, 0, 0, 64240);
    feed_full(&r, false, TT_SYN | TT_ACK, Y, X + 1, 0, 100, 256);
    v = feed_full(&r, true, TT_ACK, X + 100001, Y + 1, 0, 200, 502);
    expect_step(v, TL_HANDSHAKE_3, A(SEGMENT_IGNORED));
    assert_int_equal(v.ignored, TI_OUT_OF_WINDOW);
    expect_states(v, TS_ESTABLISHED, TS_SYN_RCVD);
    v = feed_full(&r, true, TT_ACK, X + 1, Y + 1, 0, 300, 502);
    expect_step(v, TL_HANDSHAKE_3, NONE);
    expect_states(v, TS_ESTABLISHED, TS_ESTABLISHED);
}

/* RFC 5961: in ESTABLISHED only an RST at exactly RCV.NXT resets; an exact one the conversation
 * survives is rst_ignored on the first segment that shows it, and both states come back. */
static void test_rst_checks_and_survival(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    v = feed(&r, "s>c", TT_RST | TT_ACK, Y + 1000, X + 1, 0);
    expect_step(v, TL_NONE, A(SEGMENT_IGNORED));
    assert_int_equal(v.ignored, TI_RST_NOT_MATCHING);
    expect_states(v, TS_ESTABLISHED, TS_ESTABLISHED);
    v = feed(&r, "s>c", TT_RST, Y + 1, 0, 0);
    expect_step(v, TL_NONE, A(RST_ABORT));
    expect_states(v, TS_CLOSED, TS_CLOSED);
    v = feed(&r, "c>s", TT_ACK | TT_PSH, X + 1, Y + 1, 20);
    expect_step(v, TL_NONE, A(RST_IGNORED));
    assert_int_equal(v.client_before, TS_ESTABLISHED);
    expect_states(v, TS_ESTABLISHED, TS_ESTABLISHED);
    run_complete(&r); /* final view: that RST ended nothing */
    expect_step(r.v[5], TL_NONE, A(RST_IGNORED));
    expect_states(r.v[5], TS_ESTABLISHED, TS_ESTABLISHED);
    {
        tt_summary sum;
        tt_conv_summarize(&r.conv, true, 0, &sum);
        assert_int_equal(sum.problems, 3); /* segment_ignored, rst_ignored twice */
    }
}

/* A second SYN+ACK with another ISN, after the client accepted the first, is dropped (RFC 5961
 * section 4): y stays, and the third ACK checks against the first. */
static void test_synack_new_isn_ignored(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    v = feed(&r, "s>c", TT_SYN | TT_ACK, Y + 5000, X + 1, 0);
    expect_step(v, TL_HANDSHAKE_2, A(SEGMENT_IGNORED));
    assert_int_equal(v.ignored, TI_SYN_SYNCHRONIZED);
    v = feed(&r, "c>s", TT_ACK, X + 1, Y + 1, 0);
    expect_step(v, TL_HANDSHAKE_3, NONE);
    expect_ack(v, TT_ACK_OK, Y + 1);
}

/* After crossing FINs, the closer's FIN re-sent with ack w+1 is wave 4, not wave 1 again. */
static void test_refin_acking_crossing_fin(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    v = feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 1, 0);
    expect_step(v, TL_WAVE_3, A(SIMULTANEOUS_CLOSE));
    v = feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 2, 0);
    expect_step(v, TL_WAVE_4, A(FIN_RETRANSMISSION));
    expect_ack(v, TT_ACK_OK, Y + 2);
    expect_notation(v, "FIN+ACK seq=u ack=w+1");
    expect_states(v, TS_CLOSING, TS_TIME_WAIT);
}

/* Old bytes re-sent with the passive FIN after wave 2 are no half-close; new ones are. */
static void test_half_close_needs_new_data(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    feed(&r, "s>c", TT_ACK | TT_PSH, Y + 1, X + 1, 10);
    feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    feed(&r, "s>c", TT_ACK, Y + 11, X + 2, 0);
    v = feed(&r, "s>c", TT_FIN | TT_ACK | TT_PSH, Y + 1, X + 2, 10);
    expect_step(v, TL_WAVE_3, NONE);
}

/* A SYN again after an RST refused the first is a new attempt, not a retransmission. */
static void test_syn_after_refusal_is_new_attempt(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    feed(&r, "s>c", TT_RST | TT_ACK, 0, X + 1, 0);
    v = feed(&r, "c>s", TT_SYN, X, 0, 0);
    expect_step(v, TL_HANDSHAKE_1, NONE);
    assert_int_equal(v.client_before, TS_CLOSED);
}

/* An exact copy of the previous segment 15 us later is duplicate_frame and moves nothing; the same
 * copy 1 s later is a real retransmission. */
static void test_duplicate_frame(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    feed_full(&r, true, TT_SYN, X, 0, 0, 1000000, -1);
    v = feed_full(&r, true, TT_SYN, X, 0, 0, 1000015, -1);
    expect_step(v, TL_NONE, A(DUPLICATE_FRAME));
    expect_states(v, TS_SYN_SENT, TS_SYN_RCVD);
    v = feed_full(&r, true, TT_SYN, X, 0, 0, 2000015, -1);
    expect_step(v, TL_HANDSHAKE_1, A(SYN_RETRANSMISSION));
}

/* The frame codec keeps an ack up to 127 from the expected one, and offsets up to 16 bits; beyond
 * that it refuses, and the plugin keeps the verdict whole. */
static void test_kept_verdict_limits(void **state)
{
    tt_segment s = {.frame = 7, .seq = 4000000000u, .ack = 100, .len = 0, .flags = TT_SYN | TT_ACK};
    tt_verdict v = {.frame = 7,
                    .seq = s.seq,
                    .ack = s.ack,
                    .flags = s.flags,
                    .seq_off = -32768,
                    .ack_off = 32767,
                    .anomalies = TT_BIT(TA_COUNT - 1) | A(ACK_MISMATCH),
                    .label = TL_HANDSHAKE_2,
                    .from = TR_SERVER,
                    .ack_check = TT_ACK_WRONG,
                    .client_before = TS_SYN_SENT,
                    .server_before = TS_LISTEN,
                    .client_after = TS_TIME_WAIT,
                    .server_after = TS_SYN_RCVD,
                    .ignored = TI_COUNT - 1,
                    .inferred = TN_COUNT - 1};
    tt_verdict_kept k;
    (void)state;
    for (int32_t delta = -129; delta <= 129; delta++) {
        v.ack_expected = s.ack + (uint32_t)delta;
        if (delta < -128 || delta > 127) {
            assert_false(tt_verdict_keep(&v, &k));
            continue;
        }
        assert_true(tt_verdict_keep(&v, &k));
        expect_kept_at(&v, &s, __FILE__, __LINE__);
    }
    v.ack_expected = s.ack;
    v.seq_off = -32769;
    assert_false(tt_verdict_keep(&v, &k));
    v.seq_off = 0;
    v.ack_off = 32768;
    assert_false(tt_verdict_keep(&v, &k));
}

/* A wave 4 lost after the capture point: the passive FIN again is sent from LAST_ACK, not from
 * CLOSED (the state before it is the corrected one). */
static void test_lost_wave_4_state_before(void **state)
{
    run r;
    tt_verdict v;
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 2, 0);
    v = feed(&r, "c>s", TT_ACK, X + 2, Y + 2, 0);
    assert_int_equal(v.server_after, TS_CLOSED);
    v = feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 2, 0);
    assert_int_equal(v.server_before, TS_LAST_ACK);
    assert_int_equal(v.server_after, TS_LAST_ACK);
    v = feed(&r, "c>s", TT_ACK, X + 2, Y + 2, 0);
    expect_step(v, TL_WAVE_4, NONE);
    run_complete(&r);
    expect_step(r.v[6], TL_WAVE_4, A(SEGMENT_LOST)); /* the server never got it: stays LAST_ACK */
    expect_states(r.v[6], TS_TIME_WAIT, TS_LAST_ACK);
    expect_step(r.v[8], TL_WAVE_4, NONE);
    expect_states(r.v[8], TS_TIME_WAIT, TS_CLOSED);
}

/* A SYN+ACK lost after the capture point: in the final view the client stays SYN_SENT on it. */
static void test_lost_synack_final_view(void **state)
{
    run r;
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    feed(&r, "c>s", TT_ACK, X + 1, Y + 1, 0);
    run_complete(&r);
    expect_step(r.v[2], TL_HANDSHAKE_2, A(SEGMENT_LOST));
    expect_states(r.v[2], TS_SYN_SENT, TS_SYN_RCVD);
    expect_step(r.v[3], TL_HANDSHAKE_1, A(SYN_RETRANSMISSION));
    expect_step(r.v[4], TL_HANDSHAKE_2, A(SYNACK_RETRANSMISSION));
    expect_states(r.v[4], TS_ESTABLISHED, TS_SYN_RCVD);
    {
        tt_summary sum;
        tt_conv_summarize(&r.conv, true, 0, &sum);
        assert_int_equal(sum.problems, 3); /* two retransmissions, one lost segment */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seq_diff_edges),
        cmocka_unit_test(test_seq_after_edges),
        cmocka_unit_test(test_next_state_closed),
        cmocka_unit_test(test_next_state_listen),
        cmocka_unit_test(test_next_state_syn_sent),
        cmocka_unit_test(test_next_state_syn_rcvd),
        cmocka_unit_test(test_next_state_established),
        cmocka_unit_test(test_next_state_fin_wait_1),
        cmocka_unit_test(test_next_state_fin_wait_2),
        cmocka_unit_test(test_next_state_close_wait),
        cmocka_unit_test(test_next_state_closing),
        cmocka_unit_test(test_next_state_last_ack),
        cmocka_unit_test(test_next_state_time_wait),
        cmocka_unit_test(test_textbook_client_close),
        cmocka_unit_test(test_three_segment_close),
        cmocka_unit_test(test_server_closes_first),
        cmocka_unit_test(test_half_close),
        cmocka_unit_test(test_rst_abort),
        cmocka_unit_test(test_connection_refused),
        cmocka_unit_test(test_lost_syn),
        cmocka_unit_test(test_syn_unanswered),
        cmocka_unit_test(test_lost_third_ack_repeated),
        cmocka_unit_test(test_synack_retransmitted_before_third_ack),
        cmocka_unit_test(test_third_ack_never),
        cmocka_unit_test(test_absence_needs_time),
        cmocka_unit_test(test_one_sided_needs_live_ack),
        cmocka_unit_test(test_same_attempt),
        cmocka_unit_test(test_captured_out_of_order_syn),
        cmocka_unit_test(test_syn_long_after_its_synack),
        cmocka_unit_test(test_lost_fin),
        cmocka_unit_test(test_fin_retransmission_same_position),
        cmocka_unit_test(test_lost_wave_2_repeated),
        cmocka_unit_test(test_lost_final_ack),
        cmocka_unit_test(test_lost_final_ack_after_wave_2_3),
        cmocka_unit_test(test_simultaneous_close_labels),
        cmocka_unit_test(test_simultaneous_close_states),
        cmocka_unit_test(test_fin_captured_after_its_ack),
        cmocka_unit_test(test_data_captured_after_its_ack),
        cmocka_unit_test(test_last_ack_captured_before_fin),
        cmocka_unit_test(test_fin_long_after_its_ack),
        cmocka_unit_test(test_handshake_captured_after_ack_of_data),
        cmocka_unit_test(test_segment_after_own_rst),
        cmocka_unit_test(test_rst_receiver_goes_on),
        cmocka_unit_test(test_simultaneous_open),
        cmocka_unit_test(test_simultaneous_open_no_missing_third_ack),
        cmocka_unit_test(test_fast_open_accepted),
        cmocka_unit_test(test_fast_open_cookie_rejected),
        cmocka_unit_test(test_fast_open_wrong_ack),
        cmocka_unit_test(test_fin_with_data),
        cmocka_unit_test(test_fin_with_data_wave_2_3),
        cmocka_unit_test(test_ack_mismatch_handshake_2),
        cmocka_unit_test(test_ack_mismatch_handshake_3),
        cmocka_unit_test(test_ack_mismatch_wave_2),
        cmocka_unit_test(test_ack_mismatch_wave_2_3),
        cmocka_unit_test(test_ack_mismatch_wave_4),
        cmocka_unit_test(test_ack_off_by_one_is_wrong),
        cmocka_unit_test(test_wave_3_ack_unchecked),
        cmocka_unit_test(test_mid_stream_start),
        cmocka_unit_test(test_roles_by_port),
        cmocka_unit_test(test_synack_first),
        cmocka_unit_test(test_synack_first_states),
        cmocka_unit_test(test_reordered_synack_before_syn),
        cmocka_unit_test(test_reordered_synack_before_syn_states),
        cmocka_unit_test(test_data_after_fin),
        cmocka_unit_test(test_isn_wraparound),
        cmocka_unit_test(test_isn_wraparound_mismatch),
        cmocka_unit_test(test_interleaved_conversations),
        cmocka_unit_test(test_port_reuse),
        cmocka_unit_test(test_notation_buffer),
        cmocka_unit_test(test_notation_fin_without_ack),
        cmocka_unit_test(test_name_tables),
        cmocka_unit_test(test_retransmission_restores_waiting_state),
        cmocka_unit_test(test_refused_server_closed_when_complete),
        cmocka_unit_test(test_reordered_synack_checked_when_complete),
        cmocka_unit_test(test_one_sided_client),
        cmocka_unit_test(test_one_sided_server),
        cmocka_unit_test(test_syn_resent_after_synack),
        cmocka_unit_test(test_rst_bad_ack_in_syn_sent),
        cmocka_unit_test(test_segments_without_ack),
        cmocka_unit_test(test_third_ack_out_of_window),
        cmocka_unit_test(test_rst_checks_and_survival),
        cmocka_unit_test(test_synack_new_isn_ignored),
        cmocka_unit_test(test_refin_acking_crossing_fin),
        cmocka_unit_test(test_half_close_needs_new_data),
        cmocka_unit_test(test_syn_after_refusal_is_new_attempt),
        cmocka_unit_test(test_duplicate_frame),
        cmocka_unit_test(test_kept_verdict_limits),
        cmocka_unit_test(test_lost_wave_4_state_before),
        cmocka_unit_test(test_lost_synack_final_view),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
