/* fuzz_conv: a libFuzzer harness for the analysis core: decodes bytes into segments of two
 * conversations and aborts when a verdict breaks one of the core's invariants. */
/* Built with -DTT_FUZZ_STANDALONE it has its own main() that replays files (corpus, crashers). */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcpteach/core.h"
#include "tcpteach/seq.h"
#include "tcpteach/text.h"
#include "frame-codec.h"

#define NCONV      2
#define HEADER     9  /* port_a0 port_b0 port_a1 port_b1 (big-endian), reuse bits */
#define RECORD     15 /* see decode() */
#define MAX_SEGS   128
#define EXPLAIN_SZ 4096

static bool trace; /* standalone replay with FUZZ_CONV_TRACE set: print every segment and verdict */
static uint64_t clock_us; /* the capture time of the latest segment decoded: the capture's end */

/* One fuzzed conversation: the core's record, the segments fed to it and the verdicts it gave. */
typedef struct conv_run {
    tt_conv conv;
    uint16_t port_a, port_b;
    bool reused;
    uint32_t next[2];      /* the harness's own SND.NXT of endpoints A [0] and B [1] */
    uint32_t first_seq[2]; /* first seq each endpoint sent */
    bool sent[2];
    size_t n;
    tt_segment segs[MAX_SEGS];
    tt_verdict verdicts[MAX_SEGS];
    bool amended[MAX_SEGS]; /* a later segment amended this verdict with a step (tt_amend) */
} conv_run;

/* Reports a broken invariant about verdict v (may be NULL) and aborts, so libFuzzer keeps the
 * input as a crash. */
static void fail(const tt_verdict *v, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "fuzz_conv: invariant broken: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (v)
        fprintf(stderr,
                "\n  frame %u flags 0x%02x seq %u ack %u len %u | label %u from %u ack_check %u "
                "ack_expected %u anomalies 0x%x states c %u->%u s %u->%u",
                v->frame, v->flags, v->seq, v->ack, v->len, v->label, v->from, v->ack_check,
                v->ack_expected, v->anomalies, v->client_before, v->client_after, v->server_before,
                v->server_after);
    fputc('\n', stderr);
    abort();
}

/* Reads a big-endian 32-bit number at p. */
static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The states tt_next_state reaches from s when each event of evs[0..n) is applied or skipped, in
 * order; as a bit set over tt_state. */
static uint32_t reachable(tt_state s, const tt_event *evs, size_t n)
{
    uint32_t set = 1u << s;

    for (size_t i = 0; i < n; i++)
        for (int t = 0; t < TS_COUNT; t++)
            if (set & (1u << t))
                set |= 1u << tt_next_state((tt_state)t, evs[i]);
    return set;
}

/* True when an endpoint may legally go from `before` to `after` on a segment with these flags and
 * anomalies, as sender (`sends`) or receiver: after must be reachable through the events the
 * segment can imply, in the order the core applies them. Allowed besides: the core's shortcut from
 * CLOSE_WAIT to CLOSING when a FIN crosses the peer's (RFC 9293 section 3.6), and a retransmitted
 * SYN+ACK or FIN putting its sender back in the state that waits for the ACK it did not get. */
static bool legal_move(tt_state before, tt_state after, uint8_t flags, bool sends,
                       tt_anomaly_set anomalies)
{
    tt_event evs[5];
    size_t n = 0;
    uint32_t from = 1u << before;

    if (flags & TT_RST) {
        evs[n++] = sends ? EV_SEND_RST : EV_RCV_RST;
    } else if (sends) {
        if ((flags & TT_FIN) && (anomalies & TT_BIT(TA_FIN_RETRANSMISSION)) &&
            (before == TS_FIN_WAIT_2 || before == TS_TIME_WAIT || before == TS_CLOSED))
            /* its FIN's ACK evidently got lost: back to the state that waits for it */
            return after == TS_FIN_WAIT_1 || after == TS_CLOSING || after == TS_LAST_ACK;
        if ((flags & TT_FIN) && before == TS_CLOSE_WAIT && after == TS_CLOSING)
            return true;
        if ((flags & TT_SYN) && (anomalies & TT_BIT(TA_SYNACK_RETRANSMISSION)))
            from |= 1u << TS_SYN_RCVD;
        if (flags & TT_SYN)
            evs[n++] = (flags & TT_ACK) ? EV_SEND_SYNACK : EV_SEND_SYN;
        if (flags & TT_FIN) {
            evs[n++] = EV_SEND_FIN;
            evs[n++] = EV_SEND_CROSSING_FIN;
        }
    } else {
        if (flags & TT_SYN)
            evs[n++] = (flags & TT_ACK) ? EV_RCV_SYNACK : EV_RCV_SYN;
        else if (flags & TT_ACK)
            evs[n++] = EV_RCV_ACK_OF_SYN;
        if (flags & TT_ACK)
            evs[n++] = EV_RCV_ACK_OF_FIN;
        if (flags & TT_FIN)
            evs[n++] = EV_RCV_FIN;
    }
    for (int s = 0; s < TS_COUNT; s++)
        if (((from >> s) & 1u) && ((reachable((tt_state)s, evs, n) >> after) & 1u))
            return true;
    return false;
}

/* Checks tt_next_state over its whole domain once: results are states, and neither CLOSED nor
 * TIME_WAIT leads to ESTABLISHED in one step. */
static void check_state_table(void)
{
    for (int s = 0; s < TS_COUNT; s++)
        for (int ev = EV_SEND_SYN; ev <= EV_RCV_RST; ev++) {
            tt_state t = tt_next_state((tt_state)s, (tt_event)ev);
            if ((unsigned)t >= TS_COUNT)
                fail(NULL, "tt_next_state(%d, %d) = %d is no state", s, ev, (int)t);
            if ((s == TS_CLOSED || s == TS_TIME_WAIT) && t == TS_ESTABLISHED)
                fail(NULL, "tt_next_state(%d, %d) reopens a closed endpoint", s, ev);
        }
}

/* Checks one verdict on its own: value ranges, echoed input, ack check consistency, the flags a
 * label needs, and legal state moves for both endpoints. */
static void check_verdict(const tt_segment *s, const tt_verdict *v)
{
    bool client_sends = v->from == TR_CLIENT;

    if (v->label >= TL_COUNT || v->from >= TR_COUNT || v->ack_check > TT_ACK_WRONG)
        fail(v, "label, role or ack check out of range");
    if (v->client_before >= TS_COUNT || v->client_after >= TS_COUNT ||
        v->server_before >= TS_COUNT || v->server_after >= TS_COUNT)
        fail(v, "state out of range");
    if (v->anomalies >> TA_COUNT)
        fail(v, "anomaly bit at or above TA_COUNT");
    if (v->frame != s->frame || v->seq != s->seq || v->ack != s->ack || v->len != s->len ||
        v->flags != s->flags)
        fail(v, "the verdict does not echo its segment");
    if (v->ack_check == TT_ACK_OK && v->ack != v->ack_expected)
        fail(v, "ack_check OK but ack != ack_expected");
    if (v->ack_check == TT_ACK_WRONG && v->ack == v->ack_expected)
        fail(v, "ack_check WRONG but ack == ack_expected");
    if ((v->ack_check == TT_ACK_WRONG) != ((v->anomalies & TT_BIT(TA_ACK_MISMATCH)) != 0))
        fail(v, "ack_mismatch set without a wrong ack check, or the reverse");
    if (v->ack_check != TT_ACK_UNCHECKED && !(v->flags & TT_ACK))
        fail(v, "an ack was checked on a segment without ACK");
    switch (v->label) {
    case TL_HANDSHAKE_1:
        if ((v->flags & (TT_SYN | TT_ACK | TT_RST)) != TT_SYN)
            fail(v, "handshake 1 without a bare SYN");
        break;
    case TL_HANDSHAKE_2:
        if ((v->flags & (TT_SYN | TT_ACK | TT_RST)) != (TT_SYN | TT_ACK))
            fail(v, "handshake 2 without SYN+ACK");
        break;
    case TL_WAVE_1:
    case TL_WAVE_3:
    case TL_WAVE_2_3:
        if ((v->flags & (TT_FIN | TT_SYN | TT_RST)) != TT_FIN)
            fail(v, "FIN step without a FIN");
        break;
    case TL_HANDSHAKE_3:
    case TL_WAVE_2:
    case TL_WAVE_4:
        if ((v->flags & (TT_ACK | TT_SYN | TT_FIN | TT_RST)) != TT_ACK &&
            ((v->flags & (TT_ACK | TT_SYN | TT_FIN | TT_RST)) != (TT_ACK | TT_FIN) ||
             !(v->anomalies & TT_BIT(TA_FIN_RETRANSMISSION)) || v->label == TL_HANDSHAKE_3))
            fail(v, "acknowledging step that is not a plain ACK (or a re-sent FIN that is one)");
        break;
    default: break;
    }
    if (!legal_move(v->client_before, v->client_after, v->flags, client_sends, v->anomalies) ||
        !legal_move(v->server_before, v->server_after, v->flags, !client_sends, v->anomalies))
        fail(v, "illegal state transition");
    if ((v->client_before == TS_CLOSED || v->client_before == TS_TIME_WAIT) &&
        v->client_after == TS_ESTABLISHED && !(v->flags & TT_SYN))
        fail(v, "client back to ESTABLISHED without a SYN");
    if ((v->server_before == TS_CLOSED || v->server_before == TS_TIME_WAIT) &&
        v->server_after == TS_ESTABLISHED && !(v->flags & TT_SYN))
        fail(v, "server back to ESTABLISHED without a SYN");
}

/* Checks that out is a well-formed cut of full for a buffer of `size` bytes: NUL-terminated at
 * the returned length, a prefix of full, and never ending inside a UTF-8 character. */
static void check_cut(const tt_verdict *v, const char *what, const char *full, const char *out,
                      size_t size, size_t ret)
{
    if (ret >= size || out[ret] != '\0' || strlen(out) != ret)
        fail(v, "%s with size %zu: returned %zu, not the NUL-terminated length", what, size, ret);
    if (strncmp(out, full, ret) != 0)
        fail(v, "%s with size %zu: \"%s\" is not a prefix of \"%s\"", what, size, out, full);
    if (((unsigned char)full[ret] & 0xC0) == 0x80)
        fail(v, "%s with size %zu: cut inside a UTF-8 character", what, size);
}

/* Runs tt_notation or tt_explain (lang < 0: notation) into an exact-size heap buffer, so that
 * AddressSanitizer sees any write past it; returns the length, the text is left in *out. */
static size_t render(const tt_verdict *v, int lang, size_t size, char **out)
{
    char *buf = malloc(size ? size : 1);
    size_t ret;

    if (!buf)
        abort();
    buf[0] = 'Z';
    ret = lang < 0 ? tt_notation(v, buf, size) : tt_explain(v, (tt_lang)lang, buf, size);
    if (size == 0 && (ret != 0 || buf[0] != 'Z'))
        fail(v, "size 0 must write nothing and return 0");
    *out = buf;
    return ret;
}

/* Checks the notation and the explanations of v: every language (and an unknown one, which must
 * read as English) at full size, and one language, chosen by salt, cut at many sizes. */
/* Checks tt_explain_lines at one width: every line non-empty, within the width and whole UTF-8
 * characters, and the lines hold the explanation's bytes but for spaces. */
static void check_lines(const tt_verdict *v, tt_lang lang, size_t width)
{
    char full[EXPLAIN_SZ], lines[EXPLAIN_SZ + 256], a[EXPLAIN_SZ + 256], b[EXPLAIN_SZ];
    size_t na = 0, nb = 0, at = 0;

    tt_explain(v, lang, full, sizeof full);
    tt_explain_lines(v, lang, width, lines, sizeof lines);
    for (const char *p = lines; *p; p++) {
        if (*p == '\n') {
            if (at == 0 || at > width)
                fail(v, "explanation line of %zu bytes at width %zu", at, width);
            at = 0;
            continue;
        }
        if (at == 0 && ((unsigned char)*p & 0xC0) == 0x80)
            fail(v, "explanation line starts inside a UTF-8 character");
        at++;
        if (*p != ' ')
            a[na++] = *p;
    }
    for (const char *p = full; *p; p++)
        if (*p != ' ')
            b[nb++] = *p;
    a[na] = b[nb] = '\0';
    if (at != 0 || strcmp(a, b) != 0)
        fail(v, "explanation lines at width %zu lose or add text", width);
}

static void check_text(const tt_verdict *v, unsigned salt)
{
    static const size_t sizes[] = {0, 1, 2, 3, 7, 16, 64};
    const size_t nsizes = sizeof sizes / sizeof sizes[0];

    for (int lang = -1; lang <= TT_LANG_COUNT; lang++) {
        char *full;
        size_t len = render(v, lang, EXPLAIN_SZ, &full);
        const char *what = lang < 0 ? "tt_notation" : "tt_explain";

        check_cut(v, what, full, full, EXPLAIN_SZ, len);
        if (len + 1 >= EXPLAIN_SZ)
            fail(v, "%s filled the whole %d-byte buffer", what, EXPLAIN_SZ);
        if (lang < 0 && (len == 0) != (v->label == TL_NONE))
            fail(v, "notation empty for a step, or present for no step");
        if (lang >= 0 && len == 0)
            fail(v, "empty explanation");
        if (lang >= 0 && lang < TT_LANG_COUNT)
            check_lines(v, (tt_lang)lang, 8 + salt % 200);
        if (lang == TT_LANG_COUNT) { /* an unknown language falls back to English */
            char *en;
            render(v, TT_LANG_EN, EXPLAIN_SZ, &en);
            if (strcmp(en, full) != 0)
                fail(v, "unknown language does not give the English text");
            free(en);
        }
        for (size_t i = 0; lang == (int)(salt % 3) - 1 && i < nsizes + 4; i++) {
            size_t size = i < nsizes ? sizes[i] : i == nsizes ? len : (len + salt * i) % (len + 2);
            char *cut;
            size_t ret = render(v, lang, size, &cut);
            if (size > 0)
                check_cut(v, what, full, cut, size, ret);
            free(cut);
        }
        free(full);
    }
}

/* The property every shown state must have (issue 12): the sender's state before segment i allows
 * sending it, as RFC 9293 section 3.10 lets a real TCP, unless the verdict flags the segment.
 * Written apart from the core's own rule, from the states and flags alone. */
static void check_may_send(const conv_run *r, size_t i)
{
    const tt_verdict *v = &r->verdicts[i];
    const tt_anomaly_set flagged = TT_BIT(TA_SEGMENT_IGNORED) | TT_BIT(TA_UNEXPECTED_SEGMENT) |
                                   TT_BIT(TA_DATA_AFTER_FIN) | TT_BIT(TA_DUPLICATE_FRAME);
    tt_state st = v->from == TR_CLIENT ? v->client_before : v->server_before;
    uint8_t f = v->flags;
    bool ok;

    if (f & TT_RST)
        ok = true;
    else if ((f & (TT_SYN | TT_ACK)) == TT_SYN)
        ok = st == TS_CLOSED || st == TS_LISTEN || st == TS_SYN_SENT || st == TS_TIME_WAIT;
    else if (f & TT_SYN)
        ok = st == TS_SYN_SENT || st == TS_SYN_RCVD;
    else if (!(f & TT_ACK) || st == TS_CLOSED || st == TS_LISTEN || st == TS_SYN_SENT)
        ok = false;
    else if (st == TS_SYN_RCVD)
        ok = v->len == 0 && !(f & TT_FIN);
    else if (f & TT_FIN)
        ok = st == TS_ESTABLISHED || st == TS_CLOSE_WAIT ||
             ((v->anomalies & TT_BIT(TA_FIN_RETRANSMISSION)) &&
              (st == TS_FIN_WAIT_1 || st == TS_CLOSING || st == TS_LAST_ACK));
    else
        ok = true; /* data after the sender's FIN is data_after_fin's business */
    if (!ok && !(v->anomalies & flagged))
        fail(v, "the sender's state before (%s) does not allow sending this, and it is not flagged",
             tt_state_name[st]);
}

/* True when crossing segment v shows its sender as a simultaneous open sends (RFC 9293 section
 * 3.5): a SYN+ACK from SYN_RCVD, which it keeps; a SYN from LISTEN or CLOSED, for SYN_SENT. */
static bool crossed_shown(const tt_verdict *v)
{
    tt_state before = v->from == TR_CLIENT ? v->client_before : v->server_before;
    tt_state after = v->from == TR_CLIENT ? v->client_after : v->server_after;

    if (v->flags & TT_ACK)
        return before == TS_SYN_RCVD && after == TS_SYN_RCVD;
    return (before == TS_LISTEN || before == TS_CLOSED) && after == TS_SYN_SENT;
}

/* Checks the verdicts of one conversation as a sequence: state continuity (or evidence for a
 * jump; a captured_out_of_order row shows the states of its own moment and is skipped, an ack
 * amended with the step of a FIN captured after it shows the moment it was handled, a
 * crossed_in_flight row continues the receiver's states only), step order,
 * the roles of the close, the sender's right to send, the problem count, and tt_verdict_complete
 * (idempotent, changes only what needs the whole capture: five anomalies, a late SYN+ACK ack check,
 * a refused server's states to CLOSED, a lost segment's receiver kept still). */
static void check_sequence(conv_run *r)
{
    bool seen[TL_COUNT] = {false};
    int new_w1 = 0, new_w3 = 0, closer = -1;
    bool synack_inferred = false;
    uint32_t problems = 0, final_problems = 0;
    tt_summary sum;
    const tt_verdict *prev = NULL; /* the last row shown in capture order */
    tt_verdict joined[2]; /* crossed rows, their senders' states left as they were (two, as prev
                             may point at the last one) */

    for (size_t i = 0; i < r->n; i++) {
        const tt_verdict *v = &r->verdicts[i];
        bool retrans = (v->anomalies & TT_BIT(TA_FIN_RETRANSMISSION)) != 0;
        tt_verdict once = *v, twice;
        const tt_anomaly_set may = TT_BIT(TA_MISSING_THIRD_ACK) | TT_BIT(TA_SYN_UNANSWERED) |
                                   TT_BIT(TA_HANDSHAKE_NOT_CAPTURED) | TT_BIT(TA_ONE_SIDED) |
                                   TT_BIT(TA_SEGMENT_LOST) | TT_BIT(TA_RST_IGNORED) |
                                   TT_BIT(TA_RST_ABORT) | TT_BIT(TA_CONNECTION_REFUSED) |
                                   TT_BIT(TA_CAPTURE_ENDS);
        /* what the capture reveals later: an uncaptured segment, a lost ACK, a surviving RST */
        const tt_anomaly_set evidence =
            TT_BIT(TA_SEGMENT_NOT_CAPTURED) | TT_BIT(TA_RST_IGNORED) |
            TT_BIT(TA_SEGMENT_AFTER_RST) | TT_BIT(TA_SYN_RETRANSMISSION) |
            TT_BIT(TA_SYNACK_RETRANSMISSION) | TT_BIT(TA_FIN_RETRANSMISSION);

        bool causal = (v->anomalies & TT_BIT(TA_CAPTURED_OUT_OF_ORDER)) != 0;
        bool crossed = (v->anomalies & TT_BIT(TA_CROSSED_IN_FLIGHT)) != 0;
        bool client_sent = v->from == TR_CLIENT;
        const tt_verdict *shown = v; /* the row as continuity sees it */

        if (crossed && prev) { /* compared as if the sender's states had not been shown */
            uint8_t kept = client_sent ? prev->client_after : prev->server_after;
            tt_verdict *j = &joined[prev == &joined[0]];
            *j = *v;
            *(client_sent ? &j->client_before : &j->server_before) = kept;
            *(client_sent ? &j->client_after : &j->server_after) = kept;
            shown = j;
        }
        if (prev && !causal && !r->amended[i] &&
            (shown->client_before != prev->client_after ||
             shown->server_before != prev->server_after) &&
            !(v->anomalies & evidence))
            fail(v, "states before differ from the previous segment's states after, unexplained");
        if (causal && (v->flags & TT_SYN) &&
            (v->client_before != TS_CLOSED || v->client_after != TS_SYN_SENT))
            fail(v, "a SYN captured out of order is not shown leaving CLOSED for SYN_SENT");
        if (crossed && !crossed_shown(v))
            fail(v, "a crossing SYN or SYN+ACK is not shown leaving the state it was sent from");
        if (!causal)
            prev = shown;
        check_may_send(r, i);
        synack_inferred |= v->inferred == TN_SYNACK;
        if (v->label == TL_HANDSHAKE_3 && !seen[TL_HANDSHAKE_2] && !synack_inferred)
            fail(v, "handshake 3 before any handshake 2, captured or inferred");
        /* an amended ack comes before the FIN it acknowledges, captured after it */
        if (v->label >= TL_WAVE_2 && !seen[TL_WAVE_1] && !r->amended[i])
            fail(v, "a later wave before wave 1");
        if (v->label == TL_WAVE_4 && !seen[TL_WAVE_3] && !seen[TL_WAVE_2_3] && !r->amended[i])
            fail(v, "wave 4 before the passive side's FIN");
        if (v->label == TL_WAVE_1 && !retrans && ++new_w1 > 1)
            fail(v, "a second new wave 1");
        if ((v->label == TL_WAVE_3 || v->label == TL_WAVE_2_3) && !retrans && ++new_w3 > 1)
            fail(v, "a second new wave 3");
        if (v->label == TL_WAVE_1 && closer < 0)
            closer = v->from;
        if ((v->label == TL_WAVE_1 || v->label == TL_WAVE_4) && v->from != closer)
            fail(v, "wave 1 or 4 not from the closer");
        if ((v->label == TL_WAVE_2 || v->label == TL_WAVE_3 || v->label == TL_WAVE_2_3) &&
            v->from == closer)
            fail(v, "wave 2 or 3 from the closer");
        seen[v->label] = true;
        for (int a = 0; a < TA_COUNT; a++)
            if ((v->anomalies & TT_BIT(a)) && tt_anomaly_info[a].problem)
                problems++;

        tt_verdict_complete(&r->conv, clock_us, &once);
        twice = once;
        tt_verdict_complete(&r->conv, clock_us, &twice);
        if (memcmp(&once, &twice, sizeof once) != 0)
            fail(v, "tt_verdict_complete is not idempotent");
        twice = once;
        twice.anomalies = v->anomalies;
        if (v->label == TL_HANDSHAKE_2 && v->ack_check == TT_ACK_UNCHECKED) {
            twice.ack_check = v->ack_check; /* a SYN+ACK checked once its SYN turned up */
            twice.ack_expected = v->ack_expected;
            twice.ack_off = v->ack_off;
        } else if ((once.anomalies ^ v->anomalies) & TT_BIT(TA_ACK_MISMATCH)) {
            fail(v, "tt_verdict_complete changed ack_mismatch of a checked ack");
        }
        if (r->conv.lost_count > 0 || r->conv.survived.frame != 0) { /* segment_lost, rst_ignored */
            twice.client_before = v->client_before;
            twice.client_after = v->client_after;
            twice.server_before = v->server_before;
            twice.server_after = v->server_after;
        } else if (once.server_before != v->server_before || once.server_after != v->server_after) {
            if ((once.server_before != v->server_before && once.server_before != TS_CLOSED) ||
                (once.server_after != v->server_after && once.server_after != TS_CLOSED))
                fail(v, "tt_verdict_complete moved the server to a state other than CLOSED");
            twice.server_before = v->server_before; /* a refused connection: nothing listened */
            twice.server_after = v->server_after;
        }
        if (memcmp(&twice, v, sizeof twice) != 0 ||
            ((once.anomalies ^ v->anomalies) & ~(may | TT_BIT(TA_ACK_MISMATCH))))
            fail(v, "tt_verdict_complete changed more than it may");
        if (trace)
            fprintf(stderr, "final frame %u anomalies 0x%x states c %u->%u s %u->%u\n", once.frame,
                    once.anomalies, once.client_before, once.client_after, once.server_before,
                    once.server_after);
        check_verdict(&r->segs[i], &once);
        for (int a = 0; a < TA_COUNT; a++)
            final_problems += (once.anomalies & TT_BIT(a)) && tt_anomaly_info[a].problem;
        check_text(v, (unsigned)i);
        if (memcmp(&once, v, sizeof once) != 0)
            check_text(&once, (unsigned)i + 1);
    }
    if (problems != r->conv.problems)
        fail(NULL, "conv.problems = %u but the verdicts carry %u problems", r->conv.problems,
             problems);
    tt_conv_summarize(&r->conv, true, clock_us, &sum);
    if (sum.problems != final_problems)
        fail(NULL, "the final summary counts %u problems but the final verdicts carry %u",
             sum.problems, final_problems);
}

/* The index in r of the segment of frame `frame`, or r->n. */
static size_t index_of(const conv_run *r, uint32_t frame)
{
    size_t i = 0;

    while (i < r->n && r->segs[i].frame != frame)
        i++;
    return i;
}

/* Replays conversation r's segments into a fresh tt_conv, applying amendments as the plugin does,
 * and demands byte-identical verdicts: no state is shared between conversations or left
 * uninitialised. */
static void check_replay(const conv_run *r)
{
    static tt_conv c;
    static tt_verdict v[MAX_SEGS];

    tt_conv_init(&c, r->port_a, r->port_b, r->reused);
    for (size_t i = 0; i < r->n; i++) {
        tt_conv_segment(&c, &r->segs[i], &v[i]);
        if (v[i].amend.frame != 0 && index_of(r, v[i].amend.frame) < i)
            tt_verdict_amend(&v[index_of(r, v[i].amend.frame)], &v[i].amend);
        if (v[i].amend.copy != 0 && index_of(r, v[i].amend.copy) < i)
            tt_verdict_amend(&v[index_of(r, v[i].amend.copy)], &v[i].amend);
    }
    for (size_t i = 0; i < r->n; i++)
        if (memcmp(&v[i], &r->verdicts[i], sizeof v[i]) != 0)
            fail(&v[i], "the same segments alone give a different verdict");
}

/* Applies the amendment verdict v (segment i of r) makes to an earlier frame, as the plugin does,
 * after checking it: the frame is an earlier ack of the other side that inferred the data, FIN or
 * third ACK v's segment is, v is captured_out_of_order, a new step is wave 2 or wave 4 with a right
 * ack, and the kept form of the verdict amends the same way. */
static void apply_amend(conv_run *r, size_t i)
{
    const tt_verdict *v = &r->verdicts[i];
    const tt_amend *a = &v->amend;
    size_t k = index_of(r, a->frame);
    tt_verdict *w, kept_way;
    tt_verdict_kept kept;
    bool fits;

    if (a->frame == 0)
        return;
    if (k >= i)
        fail(v, "an amendment of frame %u, no earlier frame of this conversation", a->frame);
    w = &r->verdicts[k];
    if (w->from == v->from || (w->inferred != TN_PEER_DATA && w->inferred != TN_THIRD_ACK) ||
        !(w->anomalies & TT_BIT(TA_SEGMENT_NOT_CAPTURED)) ||
        !(v->anomalies & TT_BIT(TA_CAPTURED_OUT_OF_ORDER)) ||
        seq_after(v->seq + v->len + ((v->flags & TT_FIN) ? 1 : 0), w->ack))
        fail(v, "an amendment of frame %u, which did not infer this segment", a->frame);
    if (a->label != TL_NONE &&
        ((a->label != TL_WAVE_2 && a->label != TL_WAVE_4) || !(v->flags & TT_FIN)))
        fail(v, "an amendment gives frame %u a step other than the ack of this FIN", a->frame);
    fits = tt_verdict_keep(w, &kept) && tt_verdict_kept_amend(&kept, a);
    tt_verdict_amend(w, a);
    if (a->label != TL_NONE && (w->ack_check != TT_ACK_OK || w->ack != w->ack_expected))
        fail(w, "an amended ack of a FIN is not checked right");
    if (fits) { /* field by field: a restored verdict's padding is not the original's */
        tt_verdict_restore(&kept, &r->segs[k], &kept_way);
        if (kept_way.ack_expected != w->ack_expected || kept_way.seq_off != w->seq_off ||
            kept_way.ack_off != w->ack_off || kept_way.anomalies != w->anomalies ||
            kept_way.label != w->label || kept_way.from != w->from ||
            kept_way.ack_check != w->ack_check || kept_way.client_before != w->client_before ||
            kept_way.server_before != w->server_before ||
            kept_way.client_after != w->client_after || kept_way.server_after != w->server_after ||
            kept_way.ignored != w->ignored || kept_way.inferred != w->inferred)
            fail(w, "the kept verdict amends differently from the whole one");
    }
    r->amended[k] |= a->label != TL_NONE || a->states;
    if (a->copy != 0) { /* its duplicate_frame copy, amended alike */
        size_t d = index_of(r, a->copy);
        if (d <= k || d >= i || !(r->verdicts[d].anomalies & TT_BIT(TA_DUPLICATE_FRAME)))
            fail(v, "an amendment of frame %u's copy %u, no later copy of it", a->frame, a->copy);
        tt_verdict_amend(&r->verdicts[d], a);
        r->amended[d] |= a->label != TL_NONE || a->states;
    }
}

/* Decodes one 15-byte record into a segment of its conversation, the numbers following what the
 * harness saw each side send:
 *   b0  bit0 from A, bit1 conversation, bits2-4 seq mode, bits5-6 ack mode, bit7 raw length
 *   b1  TCP flags; b2 small length (b2 - 128 when >= 128, else 0 and b2 * 20 ms since the previous
 *       segment, 100 ms otherwise); b3-6 X; b7-10 Y; b11-14 Z
 *   seq: 0,5-7 next, 1 next+(int8)X, 2 next-1, 3 X, 4 first seq sent
 *   ack: 0 peer's next, 1 peer's next+(int8)Y, 2 Y, 3 peer's next+1; length Z when bit7 is set */
static void decode(const uint8_t *p, conv_run *runs, uint32_t frame)
{
    conv_run *r = &runs[(p[0] >> 1) & 1];
    int dir = (p[0] & 1) ? 0 : 1; /* 0: A sends */
    uint32_t x = be32(p + 3), y = be32(p + 7), z = be32(p + 11), seq, ack;
    tt_segment *s;

    if (r->n >= MAX_SEGS)
        return;
    s = &r->segs[r->n];
    s->frame = frame;
    clock_us += p[2] >= 128 ? 100000u : p[2] * 20000u;
    s->timed = true;
    s->time_us = clock_us;
    s->from_a = dir == 0 || r->n == 0; /* endpoint A is the sender of the first segment */
    dir = s->from_a ? 0 : 1;
    s->flags = p[1];
    s->len = (p[0] & 0x80) ? z : (p[2] >= 128 ? p[2] - 128u : 0);
    switch ((p[0] >> 2) & 7) {
    case 1: seq = r->next[dir] + (uint32_t)(int8_t)x; break;
    case 2: seq = r->next[dir] - 1; break;
    case 3: seq = x; break;
    case 4: seq = r->first_seq[dir]; break;
    default: seq = r->next[dir]; break;
    }
    switch ((p[0] >> 5) & 3) {
    case 1: ack = r->next[!dir] + (uint32_t)(int8_t)y; break;
    case 2: ack = y; break;
    case 3: ack = r->next[!dir] + 1; break;
    default: ack = r->next[!dir]; break;
    }
    if (!r->sent[dir]) { /* a side's first segment picks its numbers */
        if (((p[0] >> 2) & 7) != 3)
            seq = x;
        r->first_seq[dir] = seq;
        r->sent[dir] = true;
        r->next[dir] = seq;
    }
    s->seq = seq;
    s->ack = (s->flags & TT_ACK) ? ack : 0;
    {
        uint32_t end = seq + s->len + ((s->flags & TT_SYN) ? 1 : 0) + ((s->flags & TT_FIN) ? 1 : 0);
        if (seq_after(end, r->next[dir]))
            r->next[dir] = end;
    }
    tt_conv_segment(&r->conv, s, &r->verdicts[r->n]);
    if (trace) {
        const tt_verdict *v = &r->verdicts[r->n];
        fprintf(stderr,
                "conv %d frame %u %s flags 0x%02x seq %u ack %u len %u -> label %s from %s "
                "ack_check %u exp %u anomalies 0x%x client %s server %s\n",
                (int)(r - runs), s->frame, s->from_a ? "A>B" : "B>A", s->flags, s->seq, s->ack,
                s->len, v->label < TL_COUNT ? tt_label_name[v->label] : "?",
                v->from < TR_COUNT ? tt_role_name[v->from] : "?", v->ack_check, v->ack_expected,
                v->anomalies, v->client_after < TS_COUNT ? tt_state_name[v->client_after] : "?",
                v->server_after < TS_COUNT ? tt_state_name[v->server_after] : "?");
    }
    check_verdict(s, &r->verdicts[r->n]);
    r->amended[r->n] = false;
    r->n++;
    apply_amend(r, r->n - 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* libFuzzer's entry point: decodes data into up to MAX_SEGS segments per conversation, checking
 * each verdict as it comes and every conversation as a whole at the end. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static conv_run runs[NCONV];
    static bool table_checked;
    uint32_t frame = 1;

    if (!table_checked) {
        check_state_table();
        table_checked = true;
    }
    if (size < HEADER)
        return 0;
    clock_us = 1000000u;
    for (int k = 0; k < NCONV; k++) {
        conv_run *r = &runs[k];
        r->n = 0;
        r->sent[0] = r->sent[1] = false;
        r->port_a = (uint16_t)(data[4 * k] << 8 | data[4 * k + 1]);
        r->port_b = (uint16_t)(data[4 * k + 2] << 8 | data[4 * k + 3]);
        r->reused = (data[8] >> k) & 1;
        tt_conv_init(&r->conv, r->port_a, r->port_b, r->reused);
    }
    for (size_t at = HEADER; at + RECORD <= size; at += RECORD)
        decode(data + at, runs, frame++);
    for (int k = 0; k < NCONV; k++) {
        check_sequence(&runs[k]);
        check_replay(&runs[k]);
    }
    return 0;
}

#ifdef TT_FUZZ_STANDALONE
/* Replays each file named on the command line through the harness (no libFuzzer needed); exits 0
 * when every input passes, and aborts on the first broken invariant. */
int main(int argc, char **argv)
{
    trace = getenv("FUZZ_CONV_TRACE") != NULL;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        static uint8_t buf[1 << 20];
        size_t n;

        if (!f) {
            fprintf(stderr, "fuzz_conv: cannot open %s\n", argv[i]);
            return 2;
        }
        n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        LLVMFuzzerTestOneInput(buf, n);
    }
    printf("fuzz_conv: %d input(s) replayed, every invariant held\n", argc - 1);
    return 0;
}
#endif
