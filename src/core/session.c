/* The session: the plugin's first pass (tcpteach.c, extract.c, store.c) over frames from the
 * capture reader, with Wireshark 4.0's TCP stream numbering in place of Wireshark's conversation
 * table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session-store.h"
#include "tcpteach/zeek.h"

/* Makes room for element n of the chunked array *chunks (of *nchunks chunks) of elements of size
 * sz; false without memory. */
static bool chunk_room(void ***chunks, uint32_t *nchunks, uint32_t n, size_t sz)
{
    uint32_t c = n >> CHUNK_BITS;
    void **grown;

    if (c < *nchunks)
        return true;
    grown = (void **)realloc(*chunks, (size_t)(c + 1) * sizeof *grown);
    if (!grown)
        return false;
    *chunks = grown;
    grown[c] = malloc(CHUNK * sz);
    if (!grown[c])
        return false;
    *nchunks = c + 1;
    return true;
}

/* Makes room for one more element in *arr (of *cap elements of size sz); false without memory. */
static bool grow(void **arr, uint32_t *cap, uint32_t n, size_t sz)
{
    void *p;
    uint32_t c;

    if (n < *cap)
        return true;
    c = *cap ? 2 * *cap : 64;
    p = realloc(*arr, (size_t)c * sz);
    if (!p)
        return false;
    *arr = p;
    *cap = c;
    return true;
}

tt_session *tt_session_new(void)
{
    tt_session *s = (tt_session *)calloc(1, sizeof *s);

    if (!s)
        return NULL;
    s->mask = 4095;
    s->slots = (uint32_t *)calloc(s->mask + 1, sizeof *s->slots);
    if (!s->slots) {
        free(s);
        return NULL;
    }
    return s;
}

void tt_session_free(tt_session *s)
{
    if (!s)
        return;
    free(s->pairs);
    free(s->slots);
    free(s->ws);
    free(s->flows);
    for (uint32_t c = 0; c < s->convs_chunks; c++)
        free(s->convs[c]);
    free(s->convs);
    free(s->order);
    free(s->place);
    for (uint32_t c = 0; c < s->recs_chunks; c++)
        free(s->recs[c]);
    free(s->recs);
    free(s->whole);
    free(s);
}

/* Orders two ends as Wireshark's cmp_address then the ports do: < 0 when (a, ap) is lower. */
static int cmp_end(const uint8_t *a, uint16_t ap, const uint8_t *b, uint16_t bp, size_t len)
{
    int c = memcmp(a, b, len);
    return c != 0 ? c : (ap > bp) - (ap < bp);
}

/* A hash of pair p's addresses and ports. */
static uint32_t pair_hash(const pair *p)
{
    uint64_t h = 0x9e3779b97f4a7c15u ^ ((uint64_t)p->port[0] << 16 | p->port[1]);

    for (size_t i = 0; i < p->addr_len; i++)
        h = (h ^ p->addr[0][i] ^ (uint64_t)p->addr[1][i] << 8) * 0x100000001b3u;
    h ^= h >> 31;
    return (uint32_t)(h ^ (h >> 32));
}

/* True when a and b are the same pair. */
static bool pair_equal(const pair *a, const pair *b)
{
    return a->addr_len == b->addr_len && a->port[0] == b->port[0] && a->port[1] == b->port[1] &&
           memcmp(a->addr, b->addr, sizeof a->addr) == 0;
}

/* Doubles the slot table, placing every pair again. */
static bool slots_grow(tt_session *s)
{
    uint32_t count = 2 * (s->mask + 1), *slots = (uint32_t *)calloc(count, sizeof *slots);

    if (!slots)
        return false;
    for (uint32_t i = 0; i < s->npairs; i++) {
        uint32_t at = pair_hash(&s->pairs[i]) & (count - 1);
        while (slots[at])
            at = (at + 1) & (count - 1);
        slots[at] = i + 1;
    }
    free(s->slots);
    s->slots = slots;
    s->mask = count - 1;
    return true;
}

/* The pair of header h (made on first sight), or -1 without memory; *src_low says whether the
 * header's source is the pair's lower end. */
static int32_t find_pair(tt_session *s, const tt_tcp_header *h, bool *src_low)
{
    pair key;
    uint32_t at;

    memset(&key, 0, sizeof key);
    *src_low = cmp_end(h->src, h->sport, h->dst, h->dport, h->addr_len) <= 0;
    key.addr_len = h->addr_len;
    memcpy(key.addr[0], *src_low ? h->src : h->dst, h->addr_len);
    memcpy(key.addr[1], *src_low ? h->dst : h->src, h->addr_len);
    key.port[0] = *src_low ? h->sport : h->dport;
    key.port[1] = *src_low ? h->dport : h->sport;
    for (at = pair_hash(&key) & s->mask; s->slots[at]; at = (at + 1) & s->mask)
        if (pair_equal(&s->pairs[s->slots[at] - 1], &key))
            return (int32_t)(s->slots[at] - 1);
    if (2 * (s->npairs + 1) > s->mask + 1) {
        if (!slots_grow(s))
            return -1;
        for (at = pair_hash(&key) & s->mask; s->slots[at]; at = (at + 1) & s->mask)
            ;
    }
    if (!grow((void **)&s->pairs, &s->pairs_cap, s->npairs, sizeof *s->pairs))
        return -1;
    key.ws_latest = -1;
    s->pairs[s->npairs] = key;
    s->slots[at] = ++s->npairs;
    return (int32_t)(s->npairs - 1);
}

/* Wireshark numbers a new TCP conversation (stream) of pair p at frame; -1 without memory. */
static int32_t new_ws_conv(tt_session *s, pair *p, uint32_t frame)
{
    if (!grow((void **)&s->ws, &s->ws_cap, s->nws, sizeof *s->ws))
        return -1;
    s->flows = (flow *)realloc(s->flows, (size_t)s->ws_cap * sizeof *s->flows);
    if (!s->flows)
        return -1;
    memset(&s->ws[s->nws], 0, sizeof s->ws[s->nws]);
    memset(&s->flows[s->nws], 0, sizeof s->flows[s->nws]);
    s->ws[s->nws].setup_frame = frame;
    s->ws[s->nws].prev = p->ws_latest;
    p->ws_latest = (int32_t)s->nws;
    return (int32_t)s->nws++;
}

/* Wireshark's conversation of pair p as of frame: the latest set up by then, or -1. */
static int32_t ws_conv_at(const tt_session *s, const pair *p, uint32_t frame)
{
    int32_t i = p->ws_latest;

    while (i >= 0 && s->ws[i].setup_frame > frame)
        i = s->ws[i].prev;
    return i;
}

/* The conversation a stream's flow stands for (its own or the one it continues). */
static int32_t followed(const tt_session *s, uint32_t stream)
{
    const flow *f = &s->flows[stream];
    return f->continues ? s->flows[f->leader].conv : f->conv;
}

/* The conversation of stream `stream` for the segment of header h (tcpteach.c's flow_for): made on
 * first sight with its port-reuse note, or the earlier one whose opening SYN it repeats. */
static int32_t flow_for(tt_session *s, int32_t pi, uint32_t stream, const tt_tcp_header *h,
                        uint32_t frame)
{
    flow *f = &s->flows[stream];
    pair *p = &s->pairs[pi];
    bool had_pair = p->flow_latest != 0;
    int32_t earlier = -1;
    tt_session_conv *c;

    if (f->has_key)
        return followed(s, stream);
    f->has_key = true;
    p->flow_latest = stream + 1;
    if (had_pair && frame >= 2) {
        int32_t prev = ws_conv_at(s, p, frame - 1);
        if (prev >= 0 && (uint32_t)prev != stream && s->flows[prev].has_key)
            earlier = followed(s, (uint32_t)prev);
    }
    if (earlier >= 0 &&
        tt_conv_same_attempt(&AT(s->convs, (uint32_t)earlier)->conv, h->flags, h->seq)) {
        f->continues = true;
        f->leader = AT(s->convs, (uint32_t)earlier)->stream;
        return earlier;
    }
    if (!chunk_room((void ***)&s->convs, &s->convs_chunks, s->nconvs, sizeof **s->convs))
        return -1;
    c = AT(s->convs, s->nconvs);
    memset(c, 0, sizeof *c);
    c->stream = stream;
    c->addr_len = h->addr_len;
    memcpy(c->addr[0], h->src, h->addr_len);
    memcpy(c->addr[1], h->dst, h->addr_len);
    c->port[0] = h->sport;
    c->port[1] = h->dport;
    tt_conv_init(&c->conv, h->sport, h->dport, earlier >= 0);
    f->conv = (int32_t)s->nconvs;
    return (int32_t)s->nconvs++;
}

/* Applies amendment a to the kept verdict of the earlier frame `frame` (tt_amend). */
static void amend(tt_session *s, uint32_t frame, const tt_amend *a)
{
    int64_t i = tt_session_find_frame(s, frame);
    record *r;

    if (i < 0)
        return;
    r = AT(s->recs, (uint32_t)i);
    if (!r->kept.elsewhere) {
        tt_verdict_kept_amend(&r->kept, a);
        return;
    }
    for (uint32_t w = 0; w < s->nwhole; w++)
        if (s->whole[w].record == (uint32_t)i)
            tt_verdict_amend(&s->whole[w].v, a);
}

/* Feeds the segment of header h to conversation ci and keeps its verdict. */
static bool analyse(tt_session *s, int32_t ci, const tt_tcp_header *h, const tt_cap_frame *fr)
{
    tt_session_conv *c = AT(s->convs, (uint32_t)ci);
    bool win_known = h->captured >= ((h->flags & TT_SYN) ? h->hlen : 16u);
    tt_segment seg = {
        .frame = fr->number,
        .from_a = memcmp(h->src, c->addr[0], h->addr_len) == 0 && h->sport == c->port[0],
        .flags = h->flags,
        .seq = h->seq,
        .ack = (h->flags & TT_ACK) ? h->ack : 0,
        .len = h->reported - h->hlen,
        .timed = true,
        .time_us = fr->time_us,
        .win_known = win_known,
        .win = win_known ? h->win : 0,
        .wscale = (win_known && (h->flags & TT_SYN)) ? h->wscale : TT_WSCALE_NONE,
    };
    tt_verdict v;
    record *r;

    if (!chunk_room((void ***)&s->recs, &s->recs_chunks, s->nrecs, sizeof **s->recs))
        return false;
    tt_conv_segment(&c->conv, &seg, &v);
    c->segments++;
    r = AT(s->recs, s->nrecs);
    memset(r, 0, sizeof *r);
    r->time_us = fr->time_us;
    r->frame = fr->number;
    r->seq = seg.seq;
    r->ack = seg.ack;
    r->len = seg.len;
    r->flags = seg.flags;
    r->conv = (uint32_t)ci;
    if (!tt_verdict_keep(&v, &r->kept)) {
        if (!grow((void **)&s->whole, &s->whole_cap, s->nwhole, sizeof *s->whole))
            return false;
        r->kept.elsewhere = 1;
        s->whole[s->nwhole].record = s->nrecs;
        s->whole[s->nwhole++].v = v;
    }
    s->nrecs++;
    if (v.amend.frame != 0)
        amend(s, v.amend.frame, &v.amend);
    if (v.amend.copy != 0)
        amend(s, v.amend.copy, &v.amend);
    return true;
}

int64_t tt_session_frame(tt_session *s, const tt_cap_frame *fr, bool *segment)
{
    tt_tcp_header h;
    tt_decoded d;
    bool src_low, numbered = false;
    int32_t pi, wi, ci;
    uint32_t stream;
    int dir;
    pair *p;
    ws_conv *w;

    *segment = false;
    s->frames++;
    if (fr->time_us > s->end_us)
        s->end_us = fr->time_us; /* every frame tells how far the capture goes */
    d = tt_decode_frame(fr, &h);
    s->decoded[d]++;
    if (s->failed || (d != TT_DEC_TCP && d != TT_DEC_TCP_QUOTED))
        return -1;
    pi = find_pair(s, &h, &src_low);
    if (pi < 0) {
        s->failed = true;
        return -1;
    }
    p = &s->pairs[pi];
    dir = src_low ? 0 : 1;
    wi = p->ws_latest;
    /* Wireshark 4.0's TCP: a new conversation for a pair never seen, or for a SYN whose seq is not
     * the first seq that direction of the pair's conversation had. */
    if (wi < 0 || ((h.flags & (TT_SYN | TT_ACK)) == TT_SYN && s->ws[wi].base_set[dir] &&
                   h.seq != s->ws[wi].base_seq[dir])) {
        wi = new_ws_conv(s, p, fr->number);
        numbered = true;
        if (wi < 0) {
            s->failed = true;
            return -1;
        }
    }
    w = &s->ws[wi];
    if (d == TT_DEC_TCP && h.reported >= h.hlen) { /* TCP's sequence analysis sets base_seq */
        if (!w->base_set[dir]) {
            w->base_seq[dir] = (h.flags & TT_SYN) ? h.seq : h.seq - 1;
            w->base_set[dir] = true;
        }
        if (!w->base_set[1 - dir] && (h.flags & TT_ACK)) {
            w->base_seq[1 - dir] = h.ack - 1;
            w->base_set[1 - dir] = true;
        }
    }
    /* extract.c: a quoted header, a bogus header length or a short segment is no segment. */
    if (d == TT_DEC_TCP_QUOTED || h.hlen < 20 || h.reported < h.hlen)
        return wi;
    stream = (numbered || p->flow_latest == 0) ? (uint32_t)wi : p->flow_latest - 1;
    ci = flow_for(s, pi, stream, &h, fr->number);
    if (ci < 0 || !analyse(s, ci, &h, fr)) {
        s->failed = true;
        return wi;
    }
    *segment = true;
    return wi;
}
