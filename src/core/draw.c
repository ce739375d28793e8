/* What the ladder and the SVG figure share: the heading, an arrow's text, a data summary line. */
#include "draw.h"

#include <inttypes.h>
#include <string.h>

#include "tcpteach/zeek.h"

/* A heading and the language it is written in. */
typedef struct head_words {
    const tt_ladder_head *h;
    const tt_wording *w;
} head_words;

/* Looks up the heading's placeholders ({stream}, {client}, {handshake} ...). */
static const char *head_value(const void *ctx, const char *name, size_t len, char *tmp,
                              size_t tmpsize)
{
    const tt_ladder_head *h = ((const head_words *)ctx)->h;
    const tt_wording *w = ((const head_words *)ctx)->w;
#define IS(lit) (len == sizeof(lit) - 1 && memcmp(name, lit, len) == 0)
    if (IS("stream"))
        return snprintf(tmp, tmpsize, "%u", (unsigned)h->stream) >= 0 ? tmp : "";
    if (IS("client"))
        return h->client;
    if (IS("server"))
        return h->server;
    if (IS("handshake"))
        return w->handshake[h->summary->handshake];
    if (IS("close"))
        return w->close[h->summary->close];
    if (IS("closer"))
        return h->summary->has_closer ? w->role[h->summary->closer] : "-";
    if (IS("problems"))
        return snprintf(tmp, tmpsize, "%u", (unsigned)h->summary->problems) >= 0 ? tmp : "";
    if (IS("state"))
        return h->conn_state;
    if (IS("history"))
        return h->history;
#undef IS
    return NULL;
}

size_t tt_draw_head(const tt_ladder_head *h, const tt_wording *w, tt_msg m, char *buf, size_t size)
{
    head_words hw;

    hw = (head_words){h, w};
    buf[0] = '\0';
    return tt_fill(w->msg[m], head_value, &hw, buf, size, 0);
}

void tt_ladder_head_fill(tt_ladder_head *h, tt_summary *sum, const tt_conv *c, uint32_t stream,
                         const char *client, const char *server, uint64_t end_us)
{
    tt_conv_summarize(c, true, end_us, sum);
    *h = (tt_ladder_head){
        stream, client, server, sum, tt_zeek_conn_state(&c->zeek), tt_zeek_history(&c->zeek)};
}

void tt_draw_arrow_text(const tt_verdict *v, char *buf, size_t size)
{
    if (v->label != TL_NONE) {
        tt_notation(v, buf, size);
        return;
    }
    snprintf(buf, size, "%s%s%s",
             (v->flags & TT_RST)   ? "RST"
             : (v->flags & TT_SYN) ? "SYN"
                                   : "FIN",
             (v->flags & TT_ACK) ? "+ACK" : "", v->len ? " +data" : "");
}

/* Placeholders of a data summary line: the counts of one direction. */
typedef struct data_ctx {
    const tt_wording *w;
    tt_role from;
    uint32_t segments;
    uint64_t bytes;
} data_ctx;

/* Looks up a data summary's placeholders ({from}, {to}, {segments}, {bytes}). */
static const char *data_value(const void *ctx, const char *name, size_t len, char *tmp,
                              size_t tmpsize)
{
    const data_ctx *d = (const data_ctx *)ctx;
    tt_msg from = d->from == TR_CLIENT ? TM_CLIENT : TM_SERVER;
    tt_msg to = d->from == TR_CLIENT ? TM_SERVER : TM_CLIENT;
#define IS(lit) (len == sizeof(lit) - 1 && memcmp(name, lit, len) == 0)
    if (IS("from"))
        return d->w->msg[from];
    if (IS("to"))
        return d->w->msg[to];
    if (IS("segments"))
        return snprintf(tmp, tmpsize, "%" PRIu32, d->segments) >= 0 ? tmp : "";
    if (IS("bytes"))
        return snprintf(tmp, tmpsize, "%" PRIu64, d->bytes) >= 0 ? tmp : "";
#undef IS
    return NULL;
}

size_t tt_draw_data(const tt_wording *w, tt_role from, uint32_t segments, uint64_t bytes, char *buf,
                    size_t size)
{
    data_ctx d = {w, from, segments, bytes};

    buf[0] = '\0';
    return tt_fill(w->msg[TM_LADDER_DATA], data_value, &d, buf, size, 0);
}

void tt_draw_states_after(const tt_verdict *v, uint8_t after[TR_COUNT])
{
    bool late = (v->anomalies & TT_BIT(TA_CAPTURED_OUT_OF_ORDER)) != 0;
    bool crossed = (v->anomalies & TT_BIT(TA_CROSSED_IN_FLIGHT)) != 0;

    if (!late && !(crossed && v->from == TR_CLIENT))
        after[TR_CLIENT] = v->client_after;
    if (!late && !(crossed && v->from == TR_SERVER))
        after[TR_SERVER] = v->server_after;
}
