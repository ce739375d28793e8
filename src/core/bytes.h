/* Byte-order reads of capture bytes, shared by the capture reader and the frame decoder. */
#ifndef TT_BYTES_H
#define TT_BYTES_H

#include <stdint.h>

/* Big-endian 16 and 32 bits at p; le32: little-endian. */
static inline uint16_t be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

#endif
