/* The per-frame codec: a verdict kept in 16 bytes between passes, and given back exactly. */
#include <limits.h>

#include "frame-codec.h"
#include "tcpteach/seq.h"

_Static_assert(TA_COUNT <= TT_KEPT_ANOMALY_BITS, "every anomaly has a bit in a kept verdict");
_Static_assert(TA_COUNT <= sizeof(tt_anomaly_set) * CHAR_BIT, "every anomaly has a bit in a set");
_Static_assert(sizeof(tt_verdict_kept) == 16, "a kept verdict takes 16 bytes");
_Static_assert(TS_COUNT <= 16 && TL_COUNT <= 16, "states and labels are kept in 4 bits");
_Static_assert(TI_COUNT <= 16 && TN_COUNT <= 16, "ignored and inferred are kept in 4 bits");
_Static_assert(TR_COUNT <= 2 && TT_ACK_WRONG <= 3, "from in 1 bit, ack_check in 2");

/* True when d fits an int16_t. */
static bool fits16(int64_t d)
{
    return d >= INT16_MIN && d <= INT16_MAX;
}

/* True when d fits an int8_t. */
static bool fits8(int64_t d)
{
    return d >= INT8_MIN && d <= INT8_MAX;
}

bool tt_verdict_keep(const tt_verdict *v, tt_verdict_kept *k)
{
    int32_t delta = v->ack_check == TT_ACK_UNCHECKED ? 0 : seq_diff(v->ack_expected, v->ack);

    if (!fits16(v->seq_off) || !fits16(v->ack_off) || !fits8(delta) ||
        (v->ack_check == TT_ACK_UNCHECKED && v->ack_expected != 0))
        return false;
    *k = (tt_verdict_kept){
        .anomalies = (uint32_t)v->anomalies,
        .anomalies_high = (uint32_t)((uint64_t)v->anomalies >> 32),
        .seq_off = (int16_t)v->seq_off,
        .ack_off = (int16_t)v->ack_off,
        .ack_delta = (int8_t)delta,
        .states = (uint16_t)(v->client_before | v->server_before << 4 | v->client_after << 8 |
                             v->server_after << 12),
        .step = (uint8_t)(v->label | v->from << 4 | v->ack_check << 5),
        .why = (uint8_t)(v->ignored | v->inferred << 4),
    };
    return true;
}

void tt_verdict_restore(const tt_verdict_kept *k, const tt_segment *s, tt_verdict *out)
{
    uint8_t check = (k->step >> 5) & 0x03;

    *out = (tt_verdict){
        .frame = s->frame,
        .seq = s->seq,
        .ack = s->ack,
        .len = s->len,
        .flags = s->flags,
        .ack_expected = check == TT_ACK_UNCHECKED ? 0 : s->ack + (uint32_t)(int32_t)k->ack_delta,
        .seq_off = k->seq_off,
        .ack_off = k->ack_off,
        .anomalies = (tt_anomaly_set)(k->anomalies | (uint64_t)k->anomalies_high << 32),
        .label = k->step & 0x0f,
        .from = (k->step >> 4) & 0x01,
        .ack_check = check,
        .client_before = k->states & 0x0f,
        .server_before = (k->states >> 4) & 0x0f,
        .client_after = (k->states >> 8) & 0x0f,
        .server_after = (k->states >> 12) & 0x0f,
        .ignored = k->why & 0x0f,
        .inferred = (k->why >> 4) & 0x0f,
    };
}

bool tt_verdict_kept_amend(tt_verdict_kept *k, const tt_amend *a)
{
    tt_segment none = {.frame = a->frame}; /* the amendment needs nothing of the segment */
    tt_verdict v;
    tt_verdict_kept back;

    tt_verdict_restore(k, &none, &v);
    tt_verdict_amend(&v, a);
    if (!tt_verdict_keep(&v, &back))
        return false;
    back.elsewhere = k->elsewhere;
    *k = back;
    return true;
}
