/* The per-frame codec of the plugin's frame table: a verdict in 16 bytes between passes (plain C,
 * no Wireshark headers, so the unit tests check it too). */
#ifndef TCPTEACH_FRAME_CODEC_H
#define TCPTEACH_FRAME_CODEC_H

#include "tcpteach/core.h"

/* A verdict as kept between passes: what tt_verdict says beyond its segment (frame, seq, ack, len
 * and flags are read again from the packet), in 16 bytes instead of 44. Offsets and the expected
 * ack are kept as small differences; a verdict whose differences do not fit is not kept. */
typedef struct tt_verdict_kept {
    uint32_t anomalies;       /* tt_anomaly_set: TA_COUNT <= 32 */
    int16_t seq_off, ack_off; /* as in tt_verdict */
    int16_t ack_delta;        /* ack_expected - ack, when the ack was checked */
    uint16_t states;          /* client_before, server_before, client_after, server_after: 4 bits */
    uint8_t step;             /* label (bits 0-3), from (bit 4), ack_check (bits 5-6) */
    uint8_t why;              /* ignored (bits 0-3), inferred (bits 4-7) */
    uint8_t elsewhere;        /* the caller's: e.g. "kept in full elsewhere" when keep failed */
} tt_verdict_kept;

/* Keeps v compactly; false (k unusable) when a difference does not fit, which takes a wrong ack far
 * from the expected one or a step carrying more than 32 KiB. tt_verdict_restore(k, s, out) with v's
 * own segment s gives v back exactly. */
bool tt_verdict_keep(const tt_verdict *v, tt_verdict_kept *k);
void tt_verdict_restore(const tt_verdict_kept *k, const tt_segment *s, tt_verdict *out);

#endif
