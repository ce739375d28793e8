/* fuzz_read: a libFuzzer harness for the Wireshark-free capture reader and session: reads bytes as
 * a capture file in chunks, analyses every frame and aborts when an invariant breaks (the same
 * frames and verdicts whatever the chunk size, counts that add up, verdicts that explain). */
/* Built with -DTT_FUZZ_STANDALONE it has its own main(): replays files, and with --mutate N also N
 * deterministic mutations of each (bit flips, cuts, inserted and deleted bytes), with no libFuzzer.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcpteach/capture.h"
#include "tcpteach/session.h"
#include "tcpteach/text.h"

/* What one reading gave: the session, and a digest of every verdict. */
typedef struct reading {
    tt_session *s;
    tt_cap_status status;
    uint64_t digest;
} reading;

static void fail(const char *what)
{
    fprintf(stderr, "fuzz_read: invariant broken: %s\n", what);
    abort();
}

static bool on_frame(void *ctx, const tt_cap_frame *f)
{
    bool segment;
    int64_t stream = tt_session_frame((tt_session *)ctx, f, &segment);

    if (segment && stream < 0)
        fail("a segment without a stream");
    if (f->caplen > f->origlen)
        fail("more bytes captured than on the wire");
    return true;
}

/* Reads data in chunks of `chunk` bytes and checks the session's own invariants. */
static reading read_in_chunks(const uint8_t *data, size_t size, size_t chunk)
{
    reading r = {tt_session_new(), TT_CAP_OK, 1469598103934665603u};
    tt_cap_reader reader;
    uint32_t total = 0;

    if (!r.s)
        fail("no memory for a session");
    tt_cap_init(&reader);
    for (size_t at = 0; at < size && r.status == TT_CAP_OK; at += chunk)
        r.status =
            tt_cap_feed(&reader, data + at, at + chunk > size ? size - at : chunk, on_frame, r.s);
    if (r.status == TT_CAP_OK)
        r.status = tt_cap_end(&reader);
    if (r.status != TT_CAP_OK && reader.error[0] == '\0')
        fail("a failed reading without a message");
    if (reader.frames != tt_session_frames(r.s))
        fail("the session missed frames");
    tt_cap_free(&reader);
    for (int d = 0; d < TT_DEC_COUNT; d++)
        total += tt_session_decoded(r.s, (tt_decoded)d);
    if (total != tt_session_frames(r.s) || tt_session_segments(r.s) > total)
        fail("decoding outcomes do not add up to the frames");
    for (uint32_t i = 0; i < tt_session_segments(r.s); i++) {
        tt_verdict v;
        uint32_t conv;
        uint64_t t;
        char text[4096];
        tt_session_segment(r.s, i, &v, &conv, &t);
        if (conv >= tt_session_conv_count(r.s))
            fail("a segment of no conversation");
        if (tt_session_find_frame(r.s, v.frame) != (int64_t)i)
            fail("a segment not found by its frame number");
        if (v.label >= TL_COUNT || v.client_after >= TS_COUNT || v.server_after >= TS_COUNT)
            fail("a verdict out of range");
        for (int lang = 0; lang < TT_LANG_COUNT; lang++)
            if (tt_explain(&v, (tt_lang)lang, text, sizeof text) == 0)
                fail("a segment without an explanation");
        r.digest = (r.digest ^ v.frame ^ (uint64_t)v.label << 8 ^ (uint64_t)v.anomalies << 16 ^
                    (uint64_t)v.client_after << 48 ^ (uint64_t)v.server_after << 52 ^
                    (uint64_t)conv << 56) *
                   1099511628211u;
    }
    for (uint32_t k = 0; k < tt_session_conv_count(r.s); k++) {
        char client[80], server[80];
        tt_session_roles(tt_session_conv_at(r.s, k), client, server, sizeof client);
    }
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reading whole, parts;
    size_t chunk;

    if (size < 1)
        return 0;
    chunk = 1 + data[0] % 61; /* the first byte chooses a chunk size */
    whole = read_in_chunks(data + 1, size - 1, size);
    parts = read_in_chunks(data + 1, size - 1, chunk);
    if (whole.status != parts.status || whole.digest != parts.digest ||
        tt_session_segments(whole.s) != tt_session_segments(parts.s))
        fail("reading in chunks gave other frames or verdicts than reading at once");
    tt_session_free(whole.s);
    tt_session_free(parts.s);
    return 0;
}

#ifdef TT_FUZZ_STANDALONE
/* A small deterministic generator for the mutations. */
static uint64_t rng = 88172645463325252u;
static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)rng;
}

int main(int argc, char **argv)
{
    int mutations = 0, first = 1, inputs = 0;
    static uint8_t buf[1 << 22], mut[(1 << 22) + 64];

    if (argc > 2 && strcmp(argv[1], "--mutate") == 0) {
        mutations = atoi(argv[2]);
        first = 3;
    }
    for (int i = first; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        size_t n;

        if (!f) {
            fprintf(stderr, "fuzz_read: cannot open %s\n", argv[i]);
            return 2;
        }
        buf[0] = (uint8_t)i;
        n = 1 + fread(buf + 1, 1, sizeof buf - 1, f);
        fclose(f);
        LLVMFuzzerTestOneInput(buf, n);
        inputs++;
        for (int m = 0; m < mutations; m++) {
            size_t len = n, at;
            memcpy(mut, buf, n);
            mut[0] = (uint8_t)next();
            for (int k = 1 + (int)(next() % 4); k > 0 && len > 2; k--) {
                at = 1 + next() % (len - 1); /* 1 .. len - 1: inside the file */
                switch (next() % 4) {
                case 0: /* flip a bit */ mut[at] ^= (uint8_t)(1u << (next() % 8)); break;
                case 1: /* cut the file */ len = at; break;
                case 2: /* insert a byte */
                    memmove(mut + at + 1, mut + at, len - at);
                    mut[at] = (uint8_t)next();
                    len++;
                    break;
                default: /* delete a byte */ memmove(mut + at, mut + at + 1, len - at - 1); len--;
                }
            }
            LLVMFuzzerTestOneInput(mut, len);
            inputs++;
        }
    }
    printf("fuzz_read: %d input(s) read, every invariant held\n", inputs);
    return 0;
}
#endif
