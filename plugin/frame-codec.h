/* The per-frame codec of the plugin's frame table: a verdict in 16 bytes between passes (plain C,
 * no Wireshark headers, so the unit tests check it too). */
#ifndef TCPTEACH_FRAME_CODEC_H
#define TCPTEACH_FRAME_CODEC_H

#include "tcpteach/core.h"

/* The anomaly and note bits a kept verdict holds: 32 in anomalies, 24 in anomalies_high. */
#define TT_KEPT_ANOMALY_BITS 56

/* A verdict as kept between passes: what tt_verdict says beyond its segment (frame, seq, ack, len
 * and flags are read again from the packet), in 16 bytes instead of 44. Offsets and the expected
 * ack are kept as small differences; a verdict whose differences do not fit is not kept. */
typedef struct tt_verdict_kept {
    uint32_t anomalies;           /* tt_anomaly_set, bits 0-31 */
    uint32_t anomalies_high : 24; /* tt_anomaly_set, bits 32-55 */
    uint32_t why : 8;             /* ignored (bits 0-3), inferred (bits 4-7) */
    int16_t seq_off, ack_off;     /* as in tt_verdict */
    uint16_t states;              /* client_before, server_before, client_after, server_after */
    uint8_t step : 7;             /* label (bits 0-3), from (bit 4), ack_check (bits 5-6) */
    uint8_t elsewhere : 1;        /* the caller's: e.g. "kept in full elsewhere" when keep failed */
    int8_t ack_delta;             /* ack_expected - ack, when the ack was checked */
} tt_verdict_kept;

/* Keeps v compactly; false (k unusable) when a difference does not fit: an offset beyond 16 bits
 * (a step carrying more than 32 KiB) or an ack more than 127 from the expected one. With v's own
 * segment s, tt_verdict_restore(k, s, out) gives v back exactly. */
bool tt_verdict_keep(const tt_verdict *v, tt_verdict_kept *k);
void tt_verdict_restore(const tt_verdict_kept *k, const tt_segment *s, tt_verdict *out);

/* Applies amendment a (tt_verdict_amend) to the kept verdict k of frame a->frame, without its
 * segment; false (k unchanged) when the amended verdict no longer fits. */
bool tt_verdict_kept_amend(tt_verdict_kept *k, const tt_amend *a);

#endif
