/* Per-file storage of the first pass: frames and conversations by number, their pairs' keys, and
 * the latest stream of each address/port pair. */
#include <string.h>

#include <epan/address.h>
#include <epan/to_str.h>

#include "tcpteach-plugin.h"

/* The address/port pair of a segment, the same for both directions: the lower endpoint (address,
 * then port) first. Kept as raw bytes rather than text, so that making one costs no formatting and
 * little memory; the flow keeps it and reads its endpoints' addresses from it. */
struct tuple_key {
    guint16 port[2];
    guint8 type[2]; /* address_type */
    guint16 len[2];
    guint8 bytes[]; /* len[0] bytes of the first address, then len[1] of the second */
};

/* Keys are laid one after another in file-scope chunks of KEY_CHUNK bytes, so that a key costs its
 * own bytes, with no allocator header or rounding (none is freed before the file is closed). */
#define KEY_CHUNK 65536
static struct {
    guint8 *next;
    size_t left;
} keys;

/*
 * Tables indexed by a dense number (frame number, tcp.stream), in chunks of TABLE_CHUNK slots
 * allocated from file scope as the capture grows. A slot costs no allocation of its own and no
 * hash-map entry (both cost more than a frame's slot itself), and never moves: the reports keep
 * pointers to flows. Slots start zeroed.
 */
#define TABLE_CHUNK 4096
typedef struct slot_table {
    size_t slot_size;
    guint8 **chunks; /* in file scope: forgotten by tt_store_reset when it is freed */
    guint32 chunk_count;
} slot_table;

static slot_table frames = {sizeof(tt_frame), NULL, 0}; /* by frame number */
G_STATIC_ASSERT(sizeof(tt_frame) == 20); /* a frame's slot: its flow and its kept verdict */
static slot_table flows = {sizeof(tt_flow), NULL, 0}; /* by tcp.stream */

/*
 * The latest stream analysed on each address/port pair (the first pass reads most segments' streams
 * from it): open addressing, a slot holding tcp.stream + 1 (0: free) and belonging to the pair of
 * that stream's key, probed linearly from the pair's hash. At most half full, so that a search
 * meets a free slot soon; 4 bytes a slot, in file scope.
 */
static struct {
    guint32 *slots;
    guint32 mask; /* the number of slots (a power of two) - 1 */
    guint32 used;
} pairs;

#define PAIRS_MIN 4096

void tt_store_reset(void)
{
    frames.chunks = flows.chunks = NULL;
    frames.chunk_count = flows.chunk_count = 0;
    pairs.slots = NULL;
    pairs.mask = pairs.used = 0;
    keys.next = NULL;
    keys.left = 0;
}

/* Slot i of table t, created if create is set; NULL if it does not exist. */
static void *slot(slot_table *t, guint32 i, gboolean create)
{
    guint32 c = i / TABLE_CHUNK;

    if (c >= t->chunk_count) {
        guint32 n = MAX(c + 1, 2 * t->chunk_count);
        if (!create)
            return NULL;
        t->chunks = (guint8 **)wmem_realloc(wmem_file_scope(), t->chunks, n * sizeof *t->chunks);
        memset(t->chunks + t->chunk_count, 0, (n - t->chunk_count) * sizeof *t->chunks);
        t->chunk_count = n;
    }
    if (!t->chunks[c]) {
        if (!create)
            return NULL;
        t->chunks[c] = (guint8 *)wmem_alloc0(wmem_file_scope(), TABLE_CHUNK * t->slot_size);
    }
    return t->chunks[c] + (size_t)(i % TABLE_CHUNK) * t->slot_size;
}

tt_frame *tt_frame_slot(guint32 num, gboolean create)
{
    return (tt_frame *)slot(&frames, num, create);
}

tt_flow *tt_flow_slot(guint32 stream, gboolean create)
{
    return (tt_flow *)slot(&flows, stream, create);
}

/* n bytes for a key in the current chunk (or a new one), at an even address (for its guint16s). */
static tuple_key *key_alloc(size_t n)
{
    tuple_key *k;

    n = (n + 1) & ~(size_t)1;
    if (n > keys.left) {
        keys.left = MAX(n, KEY_CHUNK);
        keys.next = (guint8 *)wmem_alloc(wmem_file_scope(), keys.left);
    }
    k = (tuple_key *)keys.next;
    keys.next += n;
    keys.left -= n;
    return k;
}

/* Makes the key of a segment in file scope; *src_first says whether its source is the lower end. */
static tuple_key *make_tuple_key(const tt_packet *p, gboolean *src_first)
{
    int order = cmp_address(&p->src, &p->dst);
    gboolean first = order < 0 || (order == 0 && p->sport <= p->dport);
    const address *lo = first ? &p->src : &p->dst;
    const address *hi = first ? &p->dst : &p->src;
    tuple_key *k = key_alloc(sizeof *k + (size_t)lo->len + (size_t)hi->len);

    k->port[0] = first ? p->sport : p->dport;
    k->port[1] = first ? p->dport : p->sport;
    k->type[0] = (guint8)lo->type;
    k->type[1] = (guint8)hi->type;
    k->len[0] = (guint16)lo->len;
    k->len[1] = (guint16)hi->len;
    if (lo->len > 0)
        memcpy(k->bytes, lo->data, (size_t)lo->len);
    if (hi->len > 0)
        memcpy(k->bytes + lo->len, hi->data, (size_t)hi->len);
    *src_first = first;
    return k;
}

/* End (0 or 1) of key k as an address that points into the key. */
static inline address key_end(const tuple_key *k, int end)
{
    address a;

    set_address(&a, k->type[end], k->len[end],
                k->len[end] > 0 ? k->bytes + (end ? k->len[0] : 0) : NULL);
    return a;
}

/* True when end (0 or 1) of key k is address a, port port. */
static gboolean key_end_is(const tuple_key *k, int end, const address *a, guint16 port)
{
    address e;

    if (k->port[end] != port)
        return FALSE;
    e = key_end(k, end);
    return addresses_equal(&e, a);
}

/* True when k is the address/port pair of segment p, in either direction. */
static gboolean key_is_pair_of(const tuple_key *k, const tt_packet *p)
{
    return (key_end_is(k, 0, &p->src, p->sport) && key_end_is(k, 1, &p->dst, p->dport)) ||
           (key_end_is(k, 0, &p->dst, p->dport) && key_end_is(k, 1, &p->src, p->sport));
}

/* A multiplicative hash of one end of a segment: its address and port. */
static guint64 end_hash(const address *a, guint16 port)
{
    const guint64 mul = 0x9e3779b97f4a7c15u;
    const guint8 *b = (const guint8 *)a->data;
    guint64 h = ((guint64)a->type << 16 | port) * mul;
    guint32 w;
    int i = 0;

    for (; i + (int)sizeof w <= a->len; i += (int)sizeof w) {
        memcpy(&w, b + i, sizeof w);
        h = (h ^ w) * mul;
        h ^= h >> 29;
    }
    for (; i < a->len; i++)
        h = (h ^ b[i]) * mul;
    return h;
}

/* A hash of the pair of two ends, the same whichever is given first. */
static guint32 pair_hash(const address *a, guint16 a_port, const address *b, guint16 b_port)
{
    guint64 h = end_hash(a, a_port) + end_hash(b, b_port);

    return (guint32)(h ^ (h >> 32));
}

/* The same hash of the pair of key k. */
static guint32 key_pair_hash(const tuple_key *k)
{
    address lo = key_end(k, 0), hi = key_end(k, 1);

    return pair_hash(&lo, k->port[0], &hi, k->port[1]);
}

/* The slot of p's pair: the one holding its latest stream, or the free one where it would go. */
static guint32 *pair_slot(const tt_packet *p)
{
    guint32 i = pair_hash(&p->src, p->sport, &p->dst, p->dport) & pairs.mask;

    while (pairs.slots[i] != 0 && !key_is_pair_of(tt_flow_slot(pairs.slots[i] - 1, FALSE)->key, p))
        i = (i + 1) & pairs.mask;
    return &pairs.slots[i];
}

/* Doubles the pair table (or makes it), moving every pair to its slot in the new one. */
static void pairs_grow(void)
{
    guint32 old_count = pairs.slots ? pairs.mask + 1 : 0, *old = pairs.slots;
    guint32 count = old_count ? 2 * old_count : PAIRS_MIN;

    pairs.slots = (guint32 *)wmem_alloc0(wmem_file_scope(), count * sizeof *pairs.slots);
    pairs.mask = count - 1;
    for (guint32 o = 0; o < old_count; o++) {
        guint32 i;
        if (old[o] == 0)
            continue;
        i = key_pair_hash(tt_flow_slot(old[o] - 1, FALSE)->key) & pairs.mask;
        while (pairs.slots[i] != 0)
            i = (i + 1) & pairs.mask;
        pairs.slots[i] = old[o];
    }
    wmem_free(wmem_file_scope(), old);
}

gboolean tt_latest_stream(const tt_packet *p, guint32 *stream)
{
    guint32 latest = pairs.slots ? *pair_slot(p) : 0;

    if (latest == 0)
        return FALSE;
    *stream = latest - 1;
    return TRUE;
}

gboolean tt_flow_set_pair(tt_flow *flow, const tt_packet *p)
{
    gboolean src_first;
    guint32 *s;

    flow->key = make_tuple_key(p, &src_first);
    if (!pairs.slots || 2 * (pairs.used + 1) > pairs.mask + 1)
        pairs_grow();
    s = pair_slot(p);
    if (*s == 0)
        pairs.used++;
    *s = p->stream + 1;
    return src_first;
}

/* The address of endpoint A (a) or B (!a) of a conversation, pointing into its key. */
static address flow_address(const tt_flow *flow, gboolean a)
{
    return key_end(flow->key, (a == flow->a_first) ? 0 : 1);
}

/* "address:port", with IPv6 addresses in brackets; g_free the result. */
static char *endpoint_str(const address *addr, uint16_t port)
{
    char *a = address_to_str(NULL, addr);
    char *s = addr->type == AT_IPv6 ? g_strdup_printf("[%s]:%u", a, port)
                                    : g_strdup_printf("%s:%u", a, port);
    wmem_free(NULL, a);
    return s;
}

void tt_flow_endpoints(const tt_flow *flow, char **client, char **server)
{
    gboolean a_is_client = flow->conv.role_of_a == TR_CLIENT;
    address a = flow_address(flow, TRUE), b = flow_address(flow, FALSE);

    *client = endpoint_str(a_is_client ? &a : &b, flow->conv.client.port);
    *server = endpoint_str(a_is_client ? &b : &a, flow->conv.server.port);
}

gboolean tt_flow_from_a(const tt_flow *flow, const tt_packet *p)
{
    int end = flow->a_first ? 0 : 1;

    return key_end_is(flow->key, end, &p->src, p->sport);
}
