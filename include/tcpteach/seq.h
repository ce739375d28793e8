/* Wrap-safe TCP sequence number arithmetic modulo 2^32 (RFC 9293 section 3.4). */
#ifndef TCPTEACH_SEQ_H
#define TCPTEACH_SEQ_H

#include <stdbool.h>
#include <stdint.h>

/* Signed distance from b to a, in [-2^31, 2^31): positive when a lies after b. */
static inline int32_t seq_diff(uint32_t a, uint32_t b)
{
    uint32_t d = a - b;
    return d <= (uint32_t)INT32_MAX ? (int32_t)d : -(int32_t)(UINT32_MAX - d) - 1;
}

/* True when sequence number a comes strictly after b. */
static inline bool seq_after(uint32_t a, uint32_t b)
{
    return seq_diff(a, b) > 0;
}

/* True when a is b or comes after it. */
static inline bool seq_after_eq(uint32_t a, uint32_t b)
{
    return seq_diff(a, b) >= 0;
}

#endif
