/* Byte order, the Internet checksum and a seeded random stream, shared by the test-capture writers
 * (ttcraft, ttgen, gencap). */
#ifndef TT_TEST_WIRE_H
#define TT_TEST_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Stores v big-endian in the 2 bytes at p. */
static inline void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

/* Stores v big-endian in the 4 bytes at p. */
static inline void put32(uint8_t *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p + 2, v & 0xffff);
}

/* Stores v little-endian in the 4 bytes at p (pcap headers). */
static inline void put32le(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Adds n bytes at p, as big-endian 16-bit words, to a running ones'-complement sum (an odd tail is
 * padded with zero). RFC 1071. */
static inline uint32_t sum16(uint32_t sum, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i + 1 < n; i += 2)
        sum += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (n & 1)
        sum += (uint32_t)p[n - 1] << 8;
    return sum;
}

/* Folds a running sum into the final 16-bit Internet checksum. */
static inline uint16_t fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/* Fills the 24-byte header of a classic little-endian pcap file: microsecond stamps, Ethernet
 * (LINKTYPE 1), at most snaplen bytes per record. */
static inline void pcap_file_header(uint8_t h[24], uint32_t snaplen)
{
    static const uint8_t start[8] = {0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0}; /* magic, version 2.4 */

    memcpy(h, start, sizeof start);
    put32le(h + 8, 0);  /* thiszone */
    put32le(h + 12, 0); /* sigfigs */
    put32le(h + 16, snaplen);
    put32le(h + 20, 1); /* LINKTYPE_ETHERNET */
}

/* Fills the 16-byte header of a pcap record: its time (microseconds since the epoch), the bytes
 * captured and the bytes the frame had on the wire. */
static inline void pcap_record_header(uint8_t h[16], uint64_t usec, uint32_t caplen, uint32_t len)
{
    put32le(h, (uint32_t)(usec / 1000000u));
    put32le(h + 4, (uint32_t)(usec % 1000000u));
    put32le(h + 8, caplen);
    put32le(h + 12, len);
}

/* splitmix64: the next pseudo-random number of the stream in *state (same seed, same stream). */
static inline uint64_t rnd(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* A pseudo-random number below n (n > 0). */
static inline uint32_t below(uint64_t *state, uint32_t n)
{
    return (uint32_t)(rnd(state) % n);
}

#endif
