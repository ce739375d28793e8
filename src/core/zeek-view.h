/* What zeek.c (the segments fed in) and zeek-state.c (the verdict read out) share of Zeek's view.
 */
#ifndef TT_ZEEK_VIEW_H
#define TT_ZEEK_VIEW_H

#include <stdint.h>

#include "tcpteach/zeek.h"

/* Progress of conn_state()'s pattern /\^?S[^HAFGIQ]*R.* / over the history. */
enum { RM_START, RM_CARET, RM_AFTER_S, RM_MATCH, RM_FAIL };

/* The endpoint index (0: our client, 1: our server) that is Zeek's originator. */
static inline int orig_index(const tt_zeek *z)
{
    return z->swapped ? 1 : 0;
}

/* Sequence numbers with wraps counted, 64 bits: TCP_Endpoint::ToFullSeqSpace(). */
static inline uint64_t full_seq(uint32_t seq, uint32_t wraps)
{
    return ((uint64_t)wraps << 32) + seq;
}

/* Payload bytes counted from sequence numbers, SYN and FIN octets left out: TCP_Endpoint::Size()
 * with NoDataAcked(). */
uint64_t tt_zeek_endpoint_size(const tt_zeek_endpoint *e, const tt_zeek_endpoint *peer);

#endif
