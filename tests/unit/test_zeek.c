/* Unit tests of zeek.c: Zeek's conn_state and history for crafted conversations, exact strings. */

/* cmocka.h needs these first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "tcpteach/zeek.h"

/* Initial sequence numbers: x for the client, y for the server. */
enum { X = 1000, Y = 5000 };

/* Flag combinations, as on the wire. */
enum {
    SYN = TT_SYN,
    SA = TT_SYN | TT_ACK,
    ACK = TT_ACK,
    PA = TT_PSH | TT_ACK,
    FIN = TT_FIN,
    FA = TT_FIN | TT_ACK,
    RST = TT_RST,
    RA = TT_RST | TT_ACK,
};

/* One conversation under test: the Zeek view and the number of frames fed so far. */
typedef struct zrun {
    tt_zeek z;
    uint32_t frames;
} zrun;

/* Starts a conversation; flipped as tt_zeek_init() takes it. */
static void zr_init(zrun *r, bool flipped)
{
    memset(r, 0, sizeof *r);
    tt_zeek_init(&r->z, flipped);
}

/* Feeds the next frame: from our client (c2s) or from our server. */
static void zr_seg(zrun *r, bool c2s, uint8_t flags, uint32_t seq, uint32_t ack, uint32_t len)
{
    tt_segment s = {
        .frame = ++r->frames, .from_a = c2s, .flags = flags, .seq = seq, .ack = ack, .len = len};
    tt_zeek_segment(&r->z, c2s, &s);
}
#define C(flags, seq, ack, len) zr_seg(&r, true, flags, seq, ack, len)
#define S(flags, seq, ack, len) zr_seg(&r, false, flags, seq, ack, len)

/* conn_state and history, both exact. */
static void expect_zeek_at(const zrun *r, const char *state, const char *history, const char *file,
                           int line)
{
    _assert_string_equal(tt_zeek_conn_state(&r->z), state, file, line);
    _assert_string_equal(tt_zeek_history(&r->z), history, file, line);
}
#define expect_zeek(state, history) expect_zeek_at(&r, state, history, __FILE__, __LINE__)

/* The three-way handshake: S h A. */
static void handshake(zrun *r)
{
    zr_seg(r, true, SYN, X, 0, 0);
    zr_seg(r, false, SA, Y, X + 1, 0);
    zr_seg(r, true, ACK, X + 1, Y + 1, 0);
}

/* ------------------------------------------------------------------------------------------------
 */
/* The 13 conn_state codes */

/* S0: orig SYN_SENT, resp INACTIVE (nothing ever came back). */
static void test_state_s0(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    C(SYN, X, 0, 0);
    expect_zeek("S0", "S");
    assert_int_equal(tt_zeek_conn_count(&r.z), 1);
}

/* S1: the SYN+ACK moves both endpoints to ESTABLISHED (UpdateInactiveState) and nothing closes. */
static void test_state_s1(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    handshake(&r);
    expect_zeek("S1", "ShA");
}

/* SF: both endpoints CLOSED by their FINs. The repeated ACKs and the last ACK add no letter ('A'
 * and 'a' are recorded once per direction), each FIN adds one. Bytes come from sequence numbers
 * with the SYN and FIN octets left out (TCP_Endpoint::Size). */
static void test_state_sf_normal_exchange(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    handshake(&r);
    C(PA, X + 1, Y + 1, 10);
    S(ACK, Y + 1, X + 11, 0);
    S(PA, Y + 1, X + 11, 20);
    C(ACK, X + 11, Y + 21, 0);
    C(FA, X + 11, Y + 21, 0);
    S(ACK, Y + 21, X + 12, 0);
    S(FA, Y + 21, X + 12, 0);
    C(ACK, X + 12, Y + 22, 0);
    expect_zeek("SF", "ShADadFf");
    assert_int_equal(tt_zeek_bytes(&r.z, true), 10);
    assert_int_equal(tt_zeek_bytes(&r.z, false), 20);
    assert_true(tt_zeek_orig_is_client(&r.z));
}

/* REJ: the responder's RST while the originator is still SYN_SENT. */
static void test_state_rej(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    C(SYN, X, 0, 0);
    S(RA, 0, X + 1, 0);
    expect_zeek("REJ", "Sr");
    assert_int_equal(tt_zeek_bytes(&r.z, true), 0);
    assert_int_equal(tt_zeek_bytes(&r.z, false), 0);
}

/* REJ, second rule: both endpoints RESET and neither has any payload bytes. */
static void test_state_rej_both_reset(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    C(SYN, X, 0, 0);
    C(RST, X + 1, 0, 0);
    S(RST, Y, 0, 0);
    expect_zeek("REJ", "SRr");
}

/* S2: established, the originator CLOSED by its FIN, the responder still ESTABLISHED. */
static void test_state_s2(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    handshake(&r);
    C(FA, X + 1, Y + 1, 0);
    expect_zeek("S2", "ShAF");
}

/* S3: established, the responder CLOSED by its FIN, the originator still ESTABLISHED. */
static void test_state_s3(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    handshake(&r);
    S(FA, Y + 1, X + 1, 0);
    expect_zeek("S3", "ShAf");
}

/* RSTO: the originator RESET, the responder ESTABLISHED (not inactive). */
static void test_state_rsto(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    handshake(&r);
    C(RST, X + 1, 0, 0);
    expect_zeek("RSTO", "ShAR");
}

/* RSTR: the responder RESET after the originator got ESTABLISHED. */
static void test_state_rstr(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    handshake(&r);
    C(PA, X + 1, Y + 1, 10);
    S(RA, Y + 1, X + 11, 0);
    expect_zeek("RSTR", "ShADr");
}

/* RSTR, not REJ, when both reset but the originator had sent payload (its size is not 0). */
static void test_state_rstr_both_reset_with_data(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    handshake(&r);
    C(PA, X + 1, Y + 1, 10);
    C(RST, X + 11, 0, 0);
    S(RST, Y + 1, 0, 0);
    expect_zeek("RSTR", "ShADRr");
    assert_int_equal(tt_zeek_bytes(&r.z, true), 10);
}

/* RSTOS0: the originator RESET, the responder inactive, and the history matches
 * /\^?S[^HAFGIQ]*R.* / (Zeek's btest conn_state-RST-behavior: "SR, RSTOS0"). */
static void test_state_rstos0(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    C(SYN, X, 0, 0);
    C(RST, X + 1, 0, 0);
    expect_zeek("RSTOS0", "SR");
}

/* RSTRH: the responder sent SYN+ACK then RST, the originator sent nothing (INACTIVE). The caller
 * flipped the roles because the first packet is a SYN+ACK, hence '^'. */
static void test_state_rstrh(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, true);
    S(SA, Y, X + 1, 0);
    S(RST, Y + 1, 0, 0);
    expect_zeek("RSTRH", "^hr");
}

/* SH: the originator sent a SYN then a FIN (SYN_SENT to CLOSED); the responder inactive. */
static void test_state_sh(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    C(SYN, X, 0, 0);
    C(FIN, X + 1, 0, 0);
    expect_zeek("SH", "SF");
}

/* SHR: the responder sent SYN+ACK then FIN (CLOSED); the originator inactive. */
static void test_state_shr(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, true);
    S(SA, Y, X + 1, 0);
    S(FA, Y + 1, X + 1, 0);
    expect_zeek("SHR", "^hf");
}

/* OTH: mid-stream traffic, both endpoints PARTIAL; no rule above applies. */
static void test_state_oth(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    C(PA, X + 1, Y + 1, 10);
    S(ACK, Y + 1, X + 11, 0);
    expect_zeek("OTH", "Da");
}

/* ------------------------------------------------------------------------------------------------
 */
/* Zeek's own btest baseline: testing/btest/Baseline/scripts.base.protocols.conn.conn_state-RST-...
 */

/* A single RST: the originator RESET but the history has no leading S, so OTH, not RSTOS0. */
static void test_btest_single_rst(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    C(RST, X, 0, 0);
    expect_zeek("OTH", "R");
}

/* SYN, a bare ack from the responder (it stays INACTIVE), RST: lower-case 'a' is allowed. */
static void test_btest_syn_ack_rst(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    C(SYN, X, 0, 0);
    S(ACK, Y, X + 1, 0);
    C(RST, X + 1, 0, 0);
    expect_zeek("RSTOS0", "SaR");
}

/* SYN, ack, FIN, RST: the 'F' breaks the RSTOS0 pattern, so OTH. */
static void test_btest_syn_stuff_rst(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    C(SYN, X, 0, 0);
    S(ACK, Y, X + 1, 0);
    C(FIN, X + 1, 0, 0);
    C(RST, X + 2, 0, 0);
    expect_zeek("OTH", "SaFR");
}

/* ------------------------------------------------------------------------------------------------
 */
/* History */

/* A SYN retransmitted with the same seq: same relative seq, so one 'S'. */
static void test_history_syn_retransmission(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    C(SYN, X, 0, 0);
    C(SYN, X, 0, 0);
    S(SA, Y, X + 1, 0);
    C(ACK, X + 1, Y + 1, 0);
    expect_zeek("S1", "ShA");
    assert_int_equal(tt_zeek_conn_count(&r.z), 1);
}

/* A SYN with a new ISN: TCPSessionAdapter::IsReuse() is true (seq differs from the first SYN's), so
 * Zeek logs the first attempt ("S", S0) and starts a second connection at frame 2: no "SS". */
static void test_history_syn_new_isn(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    C(SYN, X, 0, 0);
    C(SYN, X + 100000, 0, 0);
    expect_zeek("S0", "S");
    assert_int_equal(tt_zeek_conn_count(&r.z), 2);
    assert_int_equal(tt_zeek_first_frame(&r.z), 2);
    S(SA, Y, X + 100001, 0);
    C(ACK, X + 100001, Y + 1, 0);
    expect_zeek("S1", "ShA");
    assert_int_equal(tt_zeek_conn_count(&r.z), 2);
}

/* A SYN after a REJ, even with the same seq: the connection is closed (IsClosed), so a new one. */
static void test_history_syn_after_rej(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    C(SYN, X, 0, 0);
    S(RA, 0, X + 1, 0);
    C(SYN, X, 0, 0);
    expect_zeek("S0", "S");
    assert_int_equal(tt_zeek_conn_count(&r.z), 2);
    assert_int_equal(tt_zeek_first_frame(&r.z), 3);
}

/* 'R' repeats only when the relative seq differs from the last RST's. */
static void test_history_rst_repeats(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    handshake(&r);
    C(RST, X + 1, 0, 0);
    C(RST, X + 1, 0, 0);
    expect_zeek("RSTO", "ShAR");
    C(RST, X + 2, 0, 0);
    expect_zeek("RSTO", "ShARR");
}

/* A FIN retransmitted at the same seq: one 'F', and no 'T' (no payload). */
static void test_history_fin_retransmission(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    handshake(&r);
    C(FA, X + 1, Y + 1, 0);
    C(FA, X + 1, Y + 1, 0);
    expect_zeek("S2", "ShAF");
}

/* Payload that does not move last_seq forward is a retransmission: 'T' at the 1st and 10th. */
static void test_history_data_retransmission(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    handshake(&r);
    C(PA, X + 1, Y + 1, 10);
    C(PA, X + 1, Y + 1, 10);
    expect_zeek("S1", "ShADT");
    for (int i = 2; i <= 9; i++)
        C(PA, X + 1, Y + 1, 10);
    expect_zeek("S1", "ShADT");
    C(PA, X + 1, Y + 1, 10);
    expect_zeek("S1", "ShADTT");
}

/* The responder's retransmission is a lower-case 't'. */
static void test_history_responder_retransmission(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    handshake(&r);
    S(PA, Y + 1, X + 1, 20);
    S(PA, Y + 1, X + 1, 20);
    expect_zeek("S1", "ShAdt");
}

/* Mid-stream start whose first packet came from the server: the caller flipped, so '^' first. */
static void test_history_midstream_flipped(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, true);
    S(PA, Y + 1, X + 1, 5);
    C(ACK, X + 1, Y + 6, 0);
    C(PA, X + 1, Y + 6, 10);
    expect_zeek("OTH", "^dAD");
    assert_true(tt_zeek_orig_is_client(&r.z));
}

/* SYN+ACK captured before its SYN, roles flipped by the caller: the client's SYN (seq matching the
 * SYN+ACK's ack) is no reuse, but the client stays SYN_SENT; both FINs still give SF. */
static void test_history_synack_before_syn(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, true);
    S(SA, Y, X + 1, 0);
    C(SYN, X, 0, 0);
    C(ACK, X + 1, Y + 1, 0);
    expect_zeek("OTH", "^hSA");
    C(PA, X + 1, Y + 1, 10);
    S(ACK, Y + 1, X + 11, 0);
    S(PA, Y + 1, X + 11, 20);
    C(FA, X + 11, Y + 21, 0);
    S(FA, Y + 21, X + 12, 0);
    C(ACK, X + 12, Y + 22, 0);
    expect_zeek("SF", "^hSADadFf");
    assert_int_equal(tt_zeek_conn_count(&r.z), 1);
}

/* Zeek's own flip (UpdateInactiveState): the originator sent a SYN+ACK, then the responder the
 * matching SYN. Zeek swaps the roles and appends '^'; later letters of our client are lower case.
 */
static void test_history_zeek_flips_reversal(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    C(SA, X, Y + 1, 0);
    S(SYN, Y, 0, 0);
    C(ACK, X + 1, Y + 1, 0);
    expect_zeek("S1", "Hs^a");
    assert_false(tt_zeek_orig_is_client(&r.z));
}

/* SYN+FIN is a multi-flag packet ('Q'), FIN+RST an inconsistent one ('I'). */
static void test_history_multi_flag(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    C(SYN | FIN, X, 0, 0);
    expect_zeek("SH", "Q");

    zr_init(&r, false);
    handshake(&r);
    C(FIN | RST | ACK, X + 1, Y + 1, 0);
    expect_zeek("RSTO", "ShAI");
}

/* The history keeps TT_ZEEK_HISTORY_MAX letters and says when it dropped more. */
static void test_history_truncated(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    handshake(&r);
    assert_false(tt_zeek_history_truncated(&r.z));
    for (uint32_t i = 1; i <= 45; i++)
        C(RST, X + i, 0, 0);
    char want[TT_ZEEK_HISTORY_MAX + 1];
    memset(want, 'R', sizeof want);
    memcpy(want, "ShA", 3);
    want[TT_ZEEK_HISTORY_MAX] = '\0';
    expect_zeek("RSTO", want);
    assert_true(tt_zeek_history_truncated(&r.z));
}

/* ------------------------------------------------------------------------------------------------
 */
/* Names and meanings */

/* Every code has its name and Zeek's documented meaning; lookups by text work. */
static void test_meanings(void **state)
{
    (void)state;
    for (int i = 0; i < TZ_STATE_COUNT; i++) {
        assert_non_null(tt_zeek_state_name[i]);
        assert_non_null(tt_zeek_state_meaning[i]);
        assert_ptr_equal(tt_zeek_meaning(tt_zeek_state_name[i]), tt_zeek_state_meaning[i]);
    }
    assert_string_equal(tt_zeek_meaning("REJ"), "Connection attempt rejected.");
    assert_string_equal(tt_zeek_meaning("S0"), "Connection attempt seen, no reply.");
    assert_null(tt_zeek_meaning("XX"));
    assert_null(tt_zeek_meaning(NULL));
}

/* Before any segment: no connection, OTH (both endpoints inactive), empty history. */
static void test_empty(void **state)
{
    (void)state;
    zrun r;
    zr_init(&r, false);
    expect_zeek("OTH", "");
    assert_int_equal(tt_zeek_conn_count(&r.z), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_state_s0),
        cmocka_unit_test(test_state_s1),
        cmocka_unit_test(test_state_sf_normal_exchange),
        cmocka_unit_test(test_state_rej),
        cmocka_unit_test(test_state_rej_both_reset),
        cmocka_unit_test(test_state_s2),
        cmocka_unit_test(test_state_s3),
        cmocka_unit_test(test_state_rsto),
        cmocka_unit_test(test_state_rstr),
        cmocka_unit_test(test_state_rstr_both_reset_with_data),
        cmocka_unit_test(test_state_rstos0),
        cmocka_unit_test(test_state_rstrh),
        cmocka_unit_test(test_state_sh),
        cmocka_unit_test(test_state_shr),
        cmocka_unit_test(test_state_oth),
        cmocka_unit_test(test_btest_single_rst),
        cmocka_unit_test(test_btest_syn_ack_rst),
        cmocka_unit_test(test_btest_syn_stuff_rst),
        cmocka_unit_test(test_history_syn_retransmission),
        cmocka_unit_test(test_history_syn_new_isn),
        cmocka_unit_test(test_history_syn_after_rej),
        cmocka_unit_test(test_history_rst_repeats),
        cmocka_unit_test(test_history_fin_retransmission),
        cmocka_unit_test(test_history_data_retransmission),
        cmocka_unit_test(test_history_responder_retransmission),
        cmocka_unit_test(test_history_midstream_flipped),
        cmocka_unit_test(test_history_synack_before_syn),
        cmocka_unit_test(test_history_zeek_flips_reversal),
        cmocka_unit_test(test_history_multi_flag),
        cmocka_unit_test(test_history_truncated),
        cmocka_unit_test(test_meanings),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
