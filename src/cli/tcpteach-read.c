/* tcpteach-read: the core run on a capture by the Wireshark-free reader, printing what the plugin's
 * `tshark -2` prints (the parity test compares the two) or the conversation report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcpteach/capture.h"
#include "tcpteach/report.h"
#include "tcpteach/session.h"
#include "tcpteach/text.h"

/* What the reading keeps beyond the session: each frame's tcp.stream, for the fields mode. */
typedef struct run {
    tt_session *session;
    int32_t *streams;
    uint32_t nframes, cap;
} run;

/* Analyses one frame and notes its tcp.stream. */
static bool on_frame(void *ctx, const tt_cap_frame *f)
{
    run *r = (run *)ctx;
    bool segment;
    int64_t stream = tt_session_frame(r->session, f, &segment);

    if (r->nframes == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 1024;
        r->streams = (int32_t *)realloc(r->streams, r->cap * sizeof *r->streams);
        if (!r->streams) {
            fprintf(stderr, "tcpteach-read: out of memory\n");
            exit(1);
        }
    }
    r->streams[r->nframes++] = (int32_t)stream;
    return true;
}

/* Prints one frame's fields as tshark -T fields does with the golden tests' options. */
static void print_fields(const run *r, uint32_t frame, bool states_before)
{
    int64_t i = tt_session_find_frame(r->session, frame);
    int32_t stream = r->streams[frame - 1];
    tt_verdict v;
    char notation[64], explain[4096];
    const char *sep = "";

    printf("%u\t", frame);
    if (stream >= 0)
        printf("%d", stream);
    if (i < 0) {
        printf(states_before ? "\t\t\t\t\t\t\t\t\t\t\t\t\n" : "\t\t\t\t\t\t\t\t\t\n");
        return;
    }
    tt_session_segment(r->session, (uint32_t)i, &v, NULL, NULL);
    printf("\t%s\t%s\t", v.label != TL_NONE ? tt_label_name[v.label] : "", tt_role_name[v.from]);
    if (v.ack_check != TT_ACK_UNCHECKED)
        printf("%d\t%u\t", v.ack_check == TT_ACK_OK, v.ack_expected);
    else
        printf("\t\t");
    notation[0] = '\0';
    if (v.label != TL_NONE)
        tt_notation(&v, notation, sizeof notation);
    printf("%s\t%s\t%s\t", notation, tt_state_name[v.client_after], tt_state_name[v.server_after]);
    for (int a = 0; a < TA_COUNT; a++)
        if (v.anomalies & TT_BIT(a)) {
            printf("%s%s", sep, tt_anomaly_info[a].name);
            sep = ",";
        }
    tt_explain(&v, TT_LANG_EN, explain, sizeof explain);
    printf("\t%s", explain);
    if (states_before)
        printf("\t%s\t%s", tt_state_name[v.client_before], tt_state_name[v.server_before]);
    printf("\n");
}

/* Says how to call the program; exit status 2. */
static int usage(void)
{
    fprintf(stderr,
            "usage: tcpteach-read [--fields|--fields-before|--conv-csv|--stats] FILE\n"
            "  --fields         what tshark -2 -T fields prints (the golden tests' columns)\n"
            "  --fields-before  the same, then the client's and server's states before\n"
            "  --conv-csv       what -z tcpteach,conv,csv prints\n"
            "  --stats          frames read, segments analysed, frames skipped and why\n");
    return 2;
}

int main(int argc, char **argv)
{
    const char *mode = argc == 3 ? argv[1] : "--fields", *path = argv[argc - 1];
    run r = {0};
    tt_cap_reader reader;
    tt_cap_status st = TT_CAP_OK;
    uint8_t chunk[65536];
    size_t n;
    FILE *in;
    int status = 0;

    if (argc < 2 || argc > 3 ||
        (strcmp(mode, "--fields") && strcmp(mode, "--fields-before") &&
         strcmp(mode, "--conv-csv") && strcmp(mode, "--stats")))
        return usage();
    in = fopen(path, "rb");
    if (!in) {
        fprintf(stderr, "tcpteach-read: cannot open %s\n", path);
        return 2;
    }
    r.session = tt_session_new();
    tt_cap_init(&reader);
    while (st == TT_CAP_OK && (n = fread(chunk, 1, sizeof chunk, in)) > 0)
        st = tt_cap_feed(&reader, chunk, n, on_frame, &r);
    fclose(in);
    if (st == TT_CAP_OK)
        st = tt_cap_end(&reader);
    if (st != TT_CAP_OK) {
        fprintf(stderr, "tcpteach-read: %s: %s\n", path, reader.error);
        status = 2;
    }
    if (!strcmp(mode, "--fields") || !strcmp(mode, "--fields-before"))
        for (uint32_t f = 1; f <= r.nframes; f++)
            print_fields(&r, f, !strcmp(mode, "--fields-before"));
    else if (!strcmp(mode, "--conv-csv"))
        tt_session_write_conv_csv(r.session, stdout);
    else {
        printf("frames %u\nsegments %u\nconversations %u\n", tt_session_frames(r.session),
               tt_session_segments(r.session), tt_session_conv_count(r.session));
        for (int d = 0; d < TT_DEC_COUNT; d++)
            printf("%s %u\n", tt_decoded_name[d], tt_session_decoded(r.session, (tt_decoded)d));
        printf("memory %zu\n", tt_session_memory(r.session));
    }
    tt_cap_free(&reader);
    tt_session_free(r.session);
    free(r.streams);
    return status;
}
