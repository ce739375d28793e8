/* Shared unit-test helpers: feed a conversation segment by segment, check verdicts by name. */
#ifndef TT_UNIT_SCENARIO_H
#define TT_UNIT_SCENARIO_H

/* cmocka.h needs these first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "tcpteach/core.h"
#include "frame-codec.h"

#define MAX_FRAMES 32

enum { PORT_CLIENT = 50000, PORT_SERVER = 80 };

/* One conversation under test and every verdict it gave, indexed by frame number (v[0] unused). */
typedef struct run {
    tt_conv conv;
    bool a_is_client; /* how "c>s" and "s>c" map onto endpoint A (the first segment's sender) */
    uint32_t frames;  /* frames fed so far: frame numbers start at 1 */
    tt_verdict v[MAX_FRAMES + 1];
} run;

/* Starts a conversation between ports port_a (endpoint A) and port_b. */
static inline void run_init(run *r, uint16_t port_a, uint16_t port_b, bool a_is_client, bool reused)
{
    memset(r, 0, sizeof *r);
    r->a_is_client = a_is_client;
    tt_conv_init(&r->conv, port_a, port_b, reused);
}

/* The usual conversation: A is the client on port 50000, the server is on port 80. */
static inline void run_client_server(run *r)
{
    run_init(r, PORT_CLIENT, PORT_SERVER, true, false);
}

/* Checks that v, kept compactly as the plugin keeps it between passes, comes back unchanged. */
static inline void expect_kept_at(const tt_verdict *v, const tt_segment *s, const char *file,
                                  int line)
{
    tt_verdict_kept k;
    tt_verdict back;

    if (!tt_verdict_keep(v, &k)) {
        /* Allowed only when an offset is too big for 16 bits or the ack's difference for 8 (the
         * plugin keeps the verdict whole). */
        int64_t delta = v->ack_check == TT_ACK_UNCHECKED ? 0 : (int32_t)(v->ack_expected - v->ack);
        if (v->seq_off < INT16_MIN || v->seq_off > INT16_MAX || v->ack_off < INT16_MIN ||
            v->ack_off > INT16_MAX || delta < INT8_MIN || delta > INT8_MAX)
            return;
        print_error("verdict of frame %u was not kept compactly\n", (unsigned)v->frame);
        _fail(file, line);
    }
    tt_verdict_restore(&k, s, &back);
    if (back.frame != v->frame || back.seq != v->seq || back.ack != v->ack || back.len != v->len ||
        back.flags != v->flags || back.ack_expected != v->ack_expected ||
        back.seq_off != v->seq_off || back.ack_off != v->ack_off ||
        back.anomalies != v->anomalies || back.label != v->label || back.from != v->from ||
        back.ack_check != v->ack_check || back.client_before != v->client_before ||
        back.server_before != v->server_before || back.client_after != v->client_after ||
        back.server_after != v->server_after || back.ignored != v->ignored ||
        back.inferred != v->inferred) {
        print_error("verdict of frame %u changed when kept and restored\n", (unsigned)v->frame);
        _fail(file, line);
    }
}

/* Applies the amendment verdict v makes to an earlier frame of r, as the plugin does. */
static inline void run_amend_at(run *r, const tt_verdict *v, const char *file, int line)
{
    if (v->amend.frame == 0)
        return;
    if (v->amend.frame >= v->frame)
        _fail(file, line);
    tt_verdict_amend(&r->v[v->amend.frame], &v->amend);
    if (v->amend.copy != 0)
        tt_verdict_amend(&r->v[v->amend.copy], &v->amend);
}

/* Feeds the next segment; dir is "c>s", "s>c" (by role) or "a>b", "b>a" (by endpoint). */
static inline tt_verdict feed_at(run *r, const char *dir, uint8_t flags, uint32_t seq, uint32_t ack,
                                 uint32_t len, const char *file, int line)
{
    tt_segment s = {.flags = flags, .seq = seq, .ack = ack, .len = len};

    if (strcmp(dir, "a>b") == 0)
        s.from_a = true;
    else if (strcmp(dir, "b>a") == 0)
        s.from_a = false;
    else if (strcmp(dir, "c>s") == 0)
        s.from_a = r->a_is_client;
    else if (strcmp(dir, "s>c") == 0)
        s.from_a = !r->a_is_client;
    else
        _fail(file, line);
    if (r->frames >= MAX_FRAMES)
        _fail(file, line);
    s.frame = ++r->frames;
    tt_conv_segment(&r->conv, &s, &r->v[s.frame]);
    expect_kept_at(&r->v[s.frame], &s, file, line);
    run_amend_at(r, &r->v[s.frame], file, line);
    return r->v[s.frame];
}
#define feed(r, dir, flags, seq, ack, len) feed_at(r, dir, flags, seq, ack, len, __FILE__, __LINE__)

/* Runs tt_verdict_complete on every verdict, as a dissector does once the capture is read, the
 * capture ending at end_us. */
static inline void run_complete_until(run *r, uint64_t end_us)
{
    for (uint32_t f = 1; f <= r->frames; f++)
        tt_verdict_complete(&r->conv, end_us, &r->v[f]);
}

/* run_complete_until for segments without capture times (nothing to wait for). */
static inline void run_complete(run *r)
{
    run_complete_until(r, 0);
}

/* Frames 1-3: SYN seq=x, SYN+ACK seq=y ack=x+1, ACK seq=x+1 ack=y+1. */
static inline void handshake(run *r, uint32_t x, uint32_t y)
{
    feed(r, "c>s", TT_SYN, x, 0, 0);
    feed(r, "s>c", TT_SYN | TT_ACK, y, x + 1, 0);
    feed(r, "c>s", TT_ACK, x + 1, y + 1, 0);
}

/* Frames 1-4 of a simultaneous open (RFC 9293 section 3.5, figure 8), a being the client: SYN
 * seq=x, SYN seq=y, SYN+ACK seq=x ack=y+1, SYN+ACK seq=y ack=x+1. */
static inline void simultaneous_open(run *r, uint32_t x, uint32_t y)
{
    feed(r, "a>b", TT_SYN, x, 0, 0);
    feed(r, "b>a", TT_SYN, y, 0, 0);
    feed(r, "a>b", TT_SYN | TT_ACK, x, y + 1, 0);
    feed(r, "b>a", TT_SYN | TT_ACK, y, x + 1, 0);
}

/* The names of the anomalies in set, comma-separated in enum order, so failures read well. */
static inline const char *anomaly_names(tt_anomaly_set set, char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = '\0';
    for (int a = 0; a < TA_COUNT; a++)
        if ((set & TT_BIT(a)) && at < size)
            at += (size_t)snprintf(buf + at, size - at, "%s%s", at ? "," : "",
                                   tt_anomaly_info[a].name);
    if (set >> TA_COUNT && at < size)
        snprintf(buf + at, size - at, "%sUNKNOWN_BITS", at ? "," : "");
    return buf;
}

/* The label and the exact set of anomalies of one verdict. */
static inline void expect_step_at(const tt_verdict *v, tt_label label, tt_anomaly_set anomalies,
                                  const char *file, int line)
{
    char got[512], want[512];
    _assert_int_equal(v->label < TL_COUNT, 1, file, line);
    _assert_string_equal(tt_label_name[v->label], tt_label_name[label], file, line);
    _assert_string_equal(anomaly_names(v->anomalies, got, sizeof got),
                         anomaly_names(anomalies, want, sizeof want), file, line);
}
#define expect_step(v, label, anomalies) expect_step_at(&(v), label, anomalies, __FILE__, __LINE__)

#endif
