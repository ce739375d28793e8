/* The session read back: the segments' verdicts, the conversations in stream order, their
 * endpoints as text, the conversation table and the memory it holds. */
#include <stdio.h>
#include <stdlib.h>

#include "session-store.h"
#include "tcpteach/zeek.h"

uint32_t tt_session_segments(const tt_session *s)
{
    return s->nrecs;
}

uint32_t tt_session_frames(const tt_session *s)
{
    return s->frames;
}

uint32_t tt_session_decoded(const tt_session *s, tt_decoded d)
{
    return d < TT_DEC_COUNT ? s->decoded[d] : 0;
}

uint64_t tt_session_end_us(const tt_session *s)
{
    return s->end_us;
}

static tt_session *ordering; /* the session qsort's comparison reads */

/* Orders conversation indices by their tcp.stream (qsort's comparison). */
static int by_stream(const void *a, const void *b)
{
    uint32_t sa = AT(ordering->convs, *(const uint32_t *)a)->stream;
    uint32_t sb = AT(ordering->convs, *(const uint32_t *)b)->stream;
    return (sa > sb) - (sa < sb);
}

/* Orders the conversations by stream if new ones came since the last time. */
static void order_convs(const tt_session *cs)
{
    tt_session *s = (tt_session *)cs; /* the order is a cache: asking for it changes nothing */
    uint32_t *order, *place;

    if (s->ordered == s->nconvs)
        return;
    order = (uint32_t *)realloc(s->order, (size_t)(s->nconvs + 1) * sizeof *order);
    if (order)
        s->order = order;
    place = (uint32_t *)realloc(s->place, (size_t)(s->nconvs + 1) * sizeof *place);
    if (place)
        s->place = place;
    if (!order || !place)
        return;
    for (uint32_t i = 0; i < s->nconvs; i++)
        s->order[i] = i;
    ordering = s;
    qsort(s->order, s->nconvs, sizeof *s->order, by_stream);
    for (uint32_t i = 0; i < s->nconvs; i++)
        s->place[s->order[i]] = i;
    s->ordered = s->nconvs;
}

void tt_session_segment(const tt_session *s, uint32_t i, tt_verdict *v, uint32_t *conv,
                        uint64_t *time_us)
{
    const record *r = AT(s->recs, i);
    const tt_session_conv *c = AT(s->convs, r->conv);

    if (r->kept.elsewhere) {
        uint32_t lo = 0, hi = s->nwhole;
        while (hi - lo > 1) {
            uint32_t mid = (lo + hi) / 2;
            if (s->whole[mid].record <= i)
                lo = mid;
            else
                hi = mid;
        }
        *v = s->whole[lo].v;
    } else {
        tt_segment seg = {
            .frame = r->frame, .seq = r->seq, .ack = r->ack, .len = r->len, .flags = r->flags};
        tt_verdict_restore(&r->kept, &seg, v);
    }
    tt_verdict_complete(&c->conv, s->end_us, v);
    order_convs(s);
    if (conv)
        *conv = s->ordered == s->nconvs ? s->place[r->conv] : r->conv;
    if (time_us)
        *time_us = r->time_us;
}

uint32_t tt_session_conv_segments(const tt_session *s, uint32_t k, uint32_t *out, uint32_t max)
{
    uint32_t n = 0, conv;

    if (k >= s->nconvs)
        return 0;
    order_convs(s);
    conv = s->ordered == s->nconvs ? s->order[k] : k;
    for (uint32_t i = 0; i < s->nrecs; i++)
        if (AT(s->recs, i)->conv == conv) {
            if (n < max)
                out[n] = i;
            n++;
        }
    return n;
}

int64_t tt_session_find_frame(const tt_session *s, uint32_t frame)
{
    uint32_t lo = 0, hi = s->nrecs;

    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (AT(s->recs, mid)->frame < frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->nrecs && AT(s->recs, lo)->frame == frame ? (int64_t)lo : -1;
}

uint32_t tt_session_conv_count(const tt_session *s)
{
    return s->nconvs;
}

const tt_session_conv *tt_session_conv_at(const tt_session *s, uint32_t i)
{
    order_convs(s);
    return AT(s->convs, s->ordered == s->nconvs ? s->order[i] : i);
}

/* Writes IPv6 address a as RFC 5952 text (the longest run of zero groups, the first of equal
 * ones, as "::"). */
static void ipv6_str(const uint8_t *a, char *buf, size_t size)
{
    int best = -1, best_len = 0, at = 0;
    size_t n = 0;

    for (int i = 0; i < 8; i++) {
        int run = 0;
        while (i + run < 8 && a[2 * (i + run)] == 0 && a[2 * (i + run) + 1] == 0)
            run++;
        if (run > best_len && run >= 2) {
            best = i;
            best_len = run;
        }
        i += run;
    }
    buf[0] = '\0';
    while (at < 8 && n < size) {
        if (at == best) {
            n += (size_t)snprintf(buf + n, size - n, "::");
            at += best_len;
            continue;
        }
        n += (size_t)snprintf(buf + n, size - n, "%s%x", (n > 0 && buf[n - 1] != ':') ? ":" : "",
                              (unsigned)(a[2 * at] << 8 | a[2 * at + 1]));
        at++;
    }
}

void tt_session_endpoint(const tt_session_conv *c, bool a, char *buf, size_t size)
{
    const uint8_t *x = c->addr[a ? 0 : 1];
    uint16_t port = c->port[a ? 0 : 1];
    char text[64];

    if (c->addr_len == 4) {
        snprintf(buf, size, "%u.%u.%u.%u:%u", x[0], x[1], x[2], x[3], port);
        return;
    }
    ipv6_str(x, text, sizeof text);
    snprintf(buf, size, "[%s]:%u", text, port);
}

void tt_session_roles(const tt_session_conv *c, char *client, char *server, size_t size)
{
    bool a_is_client = c->conv.role_of_a == TR_CLIENT;

    tt_session_endpoint(c, a_is_client, client, size);
    tt_session_endpoint(c, !a_is_client, server, size);
}

void tt_session_write_conv_csv(const tt_session *s, FILE *out)
{
    fprintf(out, "stream,client,server,handshake,close,closer,conn_state,history,problems\n");
    for (uint32_t i = 0; i < tt_session_conv_count(s); i++) {
        const tt_session_conv *c = tt_session_conv_at(s, i);
        char client[80], server[80];
        tt_summary sum;

        tt_conv_summarize(&c->conv, true, s->end_us, &sum);
        tt_session_roles(c, client, server, sizeof client);
        fprintf(out, "%u,%s,%s,%s,%s,%s,%s,%s,%u\n", c->stream, client, server,
                tt_handshake_name[sum.handshake], tt_close_name[sum.close],
                sum.has_closer ? tt_role_name[sum.closer] : "-", tt_zeek_conn_state(&c->conv.zeek),
                tt_zeek_history(&c->conv.zeek), sum.problems);
    }
}

size_t tt_session_memory(const tt_session *s)
{
    return sizeof *s + (size_t)s->pairs_cap * sizeof *s->pairs +
           (size_t)(s->mask + 1) * sizeof *s->slots +
           (size_t)s->ws_cap * (sizeof *s->ws + sizeof *s->flows) +
           (size_t)s->convs_chunks * CHUNK * sizeof **s->convs +
           (size_t)s->recs_chunks * CHUNK * sizeof **s->recs +
           (size_t)s->whole_cap * sizeof *s->whole + 2 * (size_t)s->ordered * sizeof(uint32_t);
}
