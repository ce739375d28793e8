/* Unit tests of the SVG figure drawer (svg.c): content, escaping, measuring, collapsed data rows.
 */
#include "scenario.h"

#include <stdlib.h>

#include "tcpteach/svg.h"

enum { X = 1000, Y = 5000 };

/* The handshake, one data segment each way, and the four waves: frames 1 to 9. */
static void four_way(run *r)
{
    run_client_server(r);
    handshake(r, X, Y);
    feed(r, "c>s", TT_ACK | TT_PSH, X + 1, Y + 1, 5);
    feed(r, "s>c", TT_ACK, Y + 1, X + 6, 0);
    feed(r, "c>s", TT_FIN | TT_ACK, X + 6, Y + 1, 0);
    feed(r, "s>c", TT_ACK, Y + 1, X + 7, 0);
    feed(r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 7, 0);
    feed(r, "c>s", TT_ACK, X + 7, Y + 2, 0);
    run_complete(r);
}

/* A summary as the plugin gives it for the four-way close. */
static const tt_summary four_way_summary = {TH_COMPLETE, TC_FOUR_WAY, true, TR_CLIENT, 0};

/* Draws one document of the verdicts v[1..n] (a single figure, client named client) into a
 * malloc'd string; *height gets the measured height. */
static char *draw(const tt_verdict *v, uint32_t n, tt_lang lang, bool times, const char *client,
                  int *height)
{
    tt_ladder_head h = {7, client, "10.0.0.2:80", &four_way_summary, "SF", "ShADadFf"};
    tt_svg_fig f;
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    int measured, drawn;

    assert_non_null(out);
    tt_svg_fig_begin(&f, NULL, lang, times, 0, &h, &v[1]);
    for (uint32_t i = 1; i <= n; i++)
        tt_svg_fig_add(&f, &v[i], (int64_t)i * 1500);
    measured = tt_svg_fig_end(&f);
    tt_svg_doc_begin(out, lang, measured);
    tt_svg_fig_begin(&f, out, lang, times, 0, &h, &v[1]);
    for (uint32_t i = 1; i <= n; i++)
        tt_svg_fig_add(&f, &v[i], (int64_t)i * 1500);
    drawn = tt_svg_fig_end(&f);
    tt_svg_doc_end(out);
    fclose(out);
    assert_int_equal(measured, drawn);
    *height = measured;
    return buf;
}

static void expect_contains_at(const char *text, const char *part, const char *file, int line)
{
    if (strstr(text, part) == NULL) {
        print_error("the SVG does not contain \"%s\"\n", part);
        _fail(file, line);
    }
}
#define expect_contains(text, part) expect_contains_at(text, part, __FILE__, __LINE__)

/* How often part occurs in text. */
static int count(const char *text, const char *part)
{
    int n = 0;
    for (const char *p = strstr(text, part); p; p = strstr(p + 1, part))
        n++;
    return n;
}

/* Every step, notation and state of the four-way close is drawn, one arrow per step. */
static void test_four_way_en(void **state)
{
    run r;
    int height;
    char *svg;
    static const char *const parts[] = {"handshake 1",
                                        "handshake 2",
                                        "handshake 3",
                                        "wave 1",
                                        "wave 2",
                                        "wave 3",
                                        "wave 4",
                                        ">SYN seq=x<",
                                        "SYN+ACK seq=y ack=x+1",
                                        "FIN seq=u",
                                        "CLOSED",
                                        "LISTEN",
                                        "SYN_SENT",
                                        "SYN_RCVD",
                                        "ESTABLISHED",
                                        "FIN_WAIT_1",
                                        "FIN_WAIT_2",
                                        "CLOSE_WAIT",
                                        "LAST_ACK",
                                        "TIME_WAIT",
                                        ">client<",
                                        ">server<",
                                        "Stream 7: client 10.0.0.1:50000",
                                        "Zeek: SF ShADadFf"};
    (void)state;

    four_way(&r);
    svg = draw(r.v, r.frames, TT_LANG_EN, false, "10.0.0.1:50000", &height);
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        expect_contains(svg, parts[i]);
    assert_int_equal(count(svg, "marker-end=\"url(#arrow)\""), 7);
    assert_int_equal(count(svg, "<text"), count(svg, "</text>"));
    assert_int_equal(count(svg, "class=\"dotted\""), 2); /* one data line per direction */
    assert_null(strstr(svg, " s</text>"));               /* no times unless asked */
    assert_true(height > 300 && height < 720);           /* fits a slide */
    free(svg);
}

/* In Chinese the steps are the classroom's words. */
static void test_four_way_zh(void **state)
{
    run r;
    int height;
    char *svg;
    static const char *const parts[] = {"第一次握手", "第二次握手", "第三次握手", "第一次挥手",
                                        "第二次挥手", "第三次挥手", "第四次挥手", ">客户端<",
                                        ">服务器<",   "流 7",       "lang=\"zh\""};
    (void)state;

    four_way(&r);
    svg = draw(r.v, r.frames, TT_LANG_ZH, false, "10.0.0.1:50000", &height);
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        expect_contains(svg, parts[i]);
    free(svg);
}

/* Text from outside (an address, a filter) is escaped; times are written when asked. */
static void test_escaping_and_times(void **state)
{
    run r;
    int height;
    char *svg, *buf = NULL;
    size_t size = 0;
    FILE *out;
    (void)state;

    four_way(&r);
    svg = draw(r.v, r.frames, TT_LANG_EN, true, "<a&b>'\"\x01", &height);
    expect_contains(svg, "&lt;a&amp;b&gt;&apos;&quot;<");
    assert_null(strstr(svg, "<a&b>"));
    assert_null(strchr(svg, '\x01'));
    expect_contains(svg, ">0.001500 s<"); /* frame 1 at 1500 us */
    expect_contains(svg, ">0.013500 s<"); /* frame 9 */
    free(svg);

    out = open_memstream(&buf, &size);
    tt_svg_doc_empty(out, TT_LANG_EN, "ip.addr==1.2.3.4 && tcp.port<80");
    fclose(out);
    expect_contains(buf, "No conversation selected");
    expect_contains(buf, "ip.addr==1.2.3.4 &amp;&amp; tcp.port&lt;80");
    expect_contains(buf, "</svg>");
    free(buf);
}

/* Ten thousand data segments are one line per direction: the figure is as tall as with one. */
static void test_data_collapsed(void **state)
{
    run r;
    tt_verdict *v = calloc(10010, sizeof *v);
    int small, big;
    char *svg;
    uint32_t n = 0;
    (void)state;

    assert_non_null(v);
    four_way(&r);
    for (uint32_t i = 1; i <= 3; i++)
        v[++n] = r.v[i];
    for (uint32_t i = 0; i < 10000; i++) {
        v[++n] = r.v[i % 2 ? 5 : 4];
        v[n].frame = n;
    }
    for (uint32_t i = 6; i <= 9; i++)
        v[++n] = r.v[i];
    svg = draw(r.v, r.frames, TT_LANG_EN, false, "c", &small);
    free(svg);
    svg = draw(v, n, TT_LANG_EN, false, "c", &big);
    assert_int_equal(small, big);
    expect_contains(svg, "5000 segment(s) client \u2192 server, 25000 bytes of data");
    expect_contains(svg, "5000 segment(s) server \u2192 client, 0 bytes of data");
    assert_true(strlen(svg) < 20000);
    free(svg);
    free(v);
}

/* A wrong ack shows the expected value; problems get their colour and title; a segment a real
 * stack ignored is dashed and says why; an inferred segment is a dashed arrow of its own. */
static void test_marks(void **state)
{
    run r;
    int height;
    char *svg;
    tt_verdict v[3];
    (void)state;

    four_way(&r);
    v[1] = r.v[1];
    v[2] = r.v[2];
    v[2].ack_check = TT_ACK_WRONG;
    v[2].ack_expected = 1001;
    v[2].anomalies = TT_BIT(TA_ACK_MISMATCH);
    v[2].ignored = TI_BAD_ACK;
    v[2].inferred = TN_PEER_DATA;
    svg = draw(v, 2, TT_LANG_EN, false, "c", &height);
    expect_contains(svg, "ack \u2717 (expected 1001)");
    expect_contains(svg, "class=\"problem\" text-anchor=\"middle\">ack_mismatch<");
    expect_contains(svg, "ignored by the client: unacceptable ack");
    expect_contains(svg, "data or FIN: not captured, inferred");
    assert_int_equal(count(svg, "class=\"dashed\""), 2);
    free(svg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_four_way_en),
        cmocka_unit_test(test_four_way_zh),
        cmocka_unit_test(test_escaping_and_times),
        cmocka_unit_test(test_data_collapsed),
        cmocka_unit_test(test_marks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
