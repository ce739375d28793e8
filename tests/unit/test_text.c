/* Unit tests of the wording (text.c) and the explanations built from it (explain.c), en and zh. */
#include <ctype.h>

#include "scenario.h"

#include "tcpteach/text.h"

enum { X = 1000, Y = 5000 };
#define CHECK_OK    "\u2713"
#define CHECK_WRONG "\u2717"

/* True when s is well-formed UTF-8 made of complete characters. */
static bool utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80             ? 0
                : (*p & 0xE0) == 0xC0 ? 1
                : (*p & 0xF0) == 0xE0 ? 2
                : (*p & 0xF8) == 0xF0 ? 3
                                      : -1;
        if (n < 0)
            return false;
        p++;
        for (int i = 0; i < n; i++, p++)
            if ((*p & 0xC0) != 0x80)
                return false;
    }
    return true;
}

/* The explanation of v in lang, checked for the properties every explanation has. */
static const char *explain_at(const tt_verdict *v, tt_lang lang, char *buf, size_t size,
                              const char *file, int line)
{
    size_t n = tt_explain(v, lang, buf, size);
    _assert_int_equal(n, strlen(buf), file, line);
    _assert_true(n > 0, "non-empty", file, line);
    _assert_true(n + 1 < size, "fits the test buffer", file, line);
    _assert_true(strchr(buf, '{') == NULL && strchr(buf, '}') == NULL, "no placeholder left", file,
                 line);
    _assert_true(utf8_valid(buf), "valid UTF-8", file, line);
    return buf;
}
#define explain(v, lang, buf) explain_at(&(v), lang, buf, sizeof buf, __FILE__, __LINE__)

static void expect_contains_at(const char *text, const char *part, const char *file, int line)
{
    if (strstr(text, part) == NULL) {
        print_error("\"%s\"\n  does not contain \"%s\"\n", text, part);
        _fail(file, line);
    }
}
#define expect_contains(text, part) expect_contains_at(text, part, __FILE__, __LINE__)

static void expect_lacks_at(const char *text, const char *part, const char *file, int line)
{
    if (strstr(text, part) != NULL) {
        print_error("\"%s\"\n  contains \"%s\"\n", text, part);
        _fail(file, line);
    }
}
#define expect_lacks(text, part) expect_lacks_at(text, part, __FILE__, __LINE__)

static void expect_prefix_at(const char *text, const char *prefix, const char *file, int line)
{
    if (strncmp(text, prefix, strlen(prefix)) != 0) {
        print_error("\"%s\"\n  does not start with \"%s\"\n", text, prefix);
        _fail(file, line);
    }
}
#define expect_prefix(text, prefix) expect_prefix_at(text, prefix, __FILE__, __LINE__)

/* Textbook conversation giving every label but wave 2+3: frames 1-3 handshake, 4-7 waves 1-4. */
static void textbook(run *r)
{
    run_client_server(r);
    handshake(r, X, Y);
    feed(r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    feed(r, "s>c", TT_ACK, Y + 1, X + 2, 0);
    feed(r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 2, 0);
    feed(r, "c>s", TT_ACK, X + 2, Y + 2, 0);
    run_complete(r);
}

/* Every checked ack off by 4 (frames 2, 3, 5, 7 of r), and a wrong wave 2+3 (frame 5 of r23). */
static void textbook_wrong(run r[4], run *r23)
{
    run_client_server(&r[0]); /* frame 2: handshake 2 acks x+5 */
    feed(&r[0], "c>s", TT_SYN, X, 0, 0);
    feed(&r[0], "s>c", TT_SYN | TT_ACK, Y, X + 5, 0);

    run_client_server(&r[1]); /* frame 3: handshake 3 acks y+5 */
    feed(&r[1], "c>s", TT_SYN, X, 0, 0);
    feed(&r[1], "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    feed(&r[1], "c>s", TT_ACK, X + 1, Y + 5, 0);

    run_client_server(&r[2]); /* frame 5: wave 2 acks u+5 */
    handshake(&r[2], X, Y);
    feed(&r[2], "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    feed(&r[2], "s>c", TT_ACK, Y + 1, X + 6, 0);

    run_client_server(&r[3]); /* frame 7: wave 4 acks w+5 */
    handshake(&r[3], X, Y);
    feed(&r[3], "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    feed(&r[3], "s>c", TT_ACK, Y + 1, X + 2, 0);
    feed(&r[3], "s>c", TT_FIN | TT_ACK, Y + 1, X + 2, 0);
    feed(&r[3], "c>s", TT_ACK, X + 2, Y + 6, 0);

    run_client_server(r23);
    handshake(r23, X, Y);
    feed(r23, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    feed(r23, "s>c", TT_FIN | TT_ACK, Y + 1, X + 6, 0);
}

/* Three-segment close: frame 5 is wave 2+3. */
static void three_segment(run *r)
{
    run_client_server(r);
    handshake(r, X, Y);
    feed(r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    feed(r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 2, 0);
    feed(r, "c>s", TT_ACK, X + 2, Y + 2, 0);
}

/* Every wording entry exists in both languages; templates use only tt_explain's placeholders. */
static void test_wording_tables_complete(void **state)
{
    static const char *const known[] = {"from",   "to",      "isn",     "seq",   "ack",
                                        "len",    "exp",     "expr",    "check", "state",
                                        "before", "ignored", "inferred"};
    (void)state;
    for (int l = 0; l < TT_LANG_COUNT; l++) {
        const tt_wording *w = &tt_wordings[l];
        const char *all[TL_COUNT + TM_COUNT + TA_COUNT];
        size_t n = 0;
        assert_non_null(w->code);
        assert_non_null(w->separator);
        assert_null(w->step[TL_NONE]);
        for (int s = TL_NONE + 1; s < TL_COUNT; s++) {
            if (!w->step[s] || !w->step[s][0])
                fail_msg("%s: step %s missing", w->code, tt_label_name[s]);
            all[n++] = w->step[s];
        }
        for (int m = 0; m < TM_COUNT; m++) {
            if (!w->msg[m] || !w->msg[m][0])
                fail_msg("%s: msg %d missing", w->code, m);
            if (m <= TM_OTHER) /* the messages tt_explain fills */
                all[n++] = w->msg[m];
        }
        for (int a = 0; a < TA_COUNT; a++) {
            if (!w->anomaly[a])
                fail_msg("%s: anomaly %s is NULL", w->code, tt_anomaly_info[a].name);
            if (!w->anomaly[a][0] && a != TA_ACK_MISMATCH)
                fail_msg("%s: anomaly %s has no sentence", w->code, tt_anomaly_info[a].name);
            all[n++] = w->anomaly[a];
            if (!w->summary[a] || !w->summary[a][0] || !utf8_valid(w->summary[a]))
                fail_msg("%s: anomaly %s has no summary", w->code, tt_anomaly_info[a].name);
        }
        for (int t = 0; t < TT_TREE_COUNT; t++)
            if (!w->tree[t] || !w->tree[t][0] || !utf8_valid(w->tree[t]))
                fail_msg("%s: subtree label %d missing", w->code, t);
        for (int h = 0; h < TH_COUNT; h++)
            if (!w->handshake[h] || !w->handshake[h][0] || !utf8_valid(w->handshake[h]))
                fail_msg("%s: handshake %s has no wording", w->code, tt_handshake_name[h]);
        for (int c = 0; c < TC_COUNT; c++)
            if (!w->close[c] || !w->close[c][0] || !utf8_valid(w->close[c]))
                fail_msg("%s: close %s has no wording", w->code, tt_close_name[c]);
        for (int r = 0; r < TR_COUNT; r++)
            if (!w->role[r] || !w->role[r][0] || !utf8_valid(w->role[r]))
                fail_msg("%s: role %s has no wording", w->code, tt_role_name[r]);
        for (size_t i = 0; i < n; i++) {
            assert_true(utf8_valid(all[i]));
            for (const char *p = strchr(all[i], '{'); p; p = strchr(p + 1, '{')) {
                const char *q = strchr(p, '}');
                bool ok = false;
                assert_non_null(q);
                for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
                    ok |= strlen(known[k]) == (size_t)(q - p - 1) &&
                          strncmp(p + 1, known[k], (size_t)(q - p - 1)) == 0;
                if (!ok)
                    fail_msg("%s: unknown placeholder in \"%s\"", w->code, all[i]);
            }
        }
    }
    assert_string_equal(tt_wordings[TT_LANG_EN].code, "en");
    assert_string_equal(tt_wordings[TT_LANG_ZH].code, "zh");
}

/* tt_lang_from_locale: Chinese for zh_* locales, English for the rest, NULL and "C" included. */
/* True when s holds an ASCII snake_case word (a lower-case letter, '_', a lower-case letter). */
static bool has_snake_case(const char *s)
{
    for (size_t i = 0; s[0] && s[i] && s[i + 1]; i++)
        if (i > 0 && s[i] == '_' && islower((unsigned char)s[i - 1]) &&
            islower((unsigned char)s[i + 1]))
            return true;
    return false;
}

/* The short words shown in columns, the ladder, the flow graph and the stats tree: every step name,
 * problem title and role is there in every language; English ones are the filter values; Chinese
 * ones hold no English word, and use the classroom's 握手/挥手, 客户端/服务器. */
static void test_shown_words(void **state)
{
    (void)state;
    for (int l = 0; l < TT_LANG_COUNT; l++) {
        const tt_wording *w = &tt_wordings[l];
        const char *all[TL_COUNT + TA_COUNT + TR_COUNT];
        size_t n = 0;
        assert_non_null(w->problem_join);
        assert_non_null(w->list_join);
        assert_string_equal(w->label[TL_NONE], "");
        for (int s = TL_NONE + 1; s < TL_COUNT; s++)
            all[n++] = w->label[s];
        for (int a = 0; a < TA_COUNT; a++)
            all[n++] = w->problem[a];
        for (int r = 0; r < TR_COUNT; r++)
            all[n++] = w->role[r];
        for (size_t i = 0; i < n; i++) {
            if (!all[i] || !all[i][0] || !utf8_valid(all[i]))
                fail_msg("%s: shown word %zu is missing", w->code, i);
            if (l == TT_LANG_ZH && has_snake_case(all[i]))
                fail_msg("zh: \"%s\" is a snake_case name", all[i]);
            for (const char *p = all[i]; l == TT_LANG_ZH && *p; p++)
                if (islower((unsigned char)*p))
                    fail_msg("zh: \"%s\" holds an English word", all[i]);
        }
    }
    for (int s = TL_NONE + 1; s < TL_COUNT; s++) {
        assert_string_equal(tt_wordings[TT_LANG_EN].label[s], tt_label_name[s]);
        assert_non_null(strstr(tt_wordings[TT_LANG_ZH].label[s],
                               s <= TL_HANDSHAKE_3 ? "\u63e1\u624b" : "\u6325\u624b"));
    }
    for (int a = 0; a < TA_COUNT; a++)
        assert_string_equal(tt_wordings[TT_LANG_EN].problem[a], tt_anomaly_info[a].name);
    for (int r = 0; r < TR_COUNT; r++)
        assert_string_equal(tt_wordings[TT_LANG_EN].role[r], tt_role_name[r]);
    assert_string_equal(tt_wordings[TT_LANG_ZH].role[TR_CLIENT], "\u5ba2\u6237\u7aef");
    assert_string_equal(tt_wordings[TT_LANG_ZH].role[TR_SERVER], "\u670d\u52a1\u5668");
    for (int h = 0; h < TH_COUNT; h++) /* the English conversation table reads as the CSV */
        assert_string_equal(tt_wordings[TT_LANG_EN].handshake[h], tt_handshake_name[h]);
    for (int c = 0; c < TC_COUNT; c++)
        assert_string_equal(tt_wordings[TT_LANG_EN].close[c], tt_close_name[c]);
    assert_string_equal(tt_wordings[TT_LANG_EN].problem_join, ",");
    assert_false(has_snake_case("SYN \u91cd\u4f20"));
    assert_true(has_snake_case("x syn_retransmission"));
}

static void test_lang_from_locale(void **state)
{
    (void)state;
    assert_int_equal(tt_lang_from_locale("zh_CN.UTF-8"), TT_LANG_ZH);
    assert_int_equal(tt_lang_from_locale("zh_CN"), TT_LANG_ZH);
    assert_int_equal(tt_lang_from_locale("en_US.UTF-8"), TT_LANG_EN);
    assert_int_equal(tt_lang_from_locale(NULL), TT_LANG_EN);
    assert_int_equal(tt_lang_from_locale("C"), TT_LANG_EN);
    assert_int_equal(tt_lang_from_locale(""), TT_LANG_EN);
}

/* English: each label's sentence names its step, its numbers and the ✓ arithmetic. */
static void test_explain_labels_en(void **state)
{
    run r, r23;
    char b[1024];
    (void)state;
    textbook(&r);
    three_segment(&r23);

    explain(r.v[1], TT_LANG_EN, b);
    expect_prefix(b, "Handshake 1:");
    expect_contains(b, "the client asks");
    expect_contains(b, "x = 1000");
    expect_contains(b, "SYN_SENT");

    explain(r.v[2], TT_LANG_EN, b);
    expect_prefix(b, "Handshake 2:");
    expect_contains(b, "the server answers");
    expect_contains(b, "y = 5000");
    expect_contains(b, "ack = x+1 = 1001 " CHECK_OK);

    explain(r.v[3], TT_LANG_EN, b);
    expect_prefix(b, "Handshake 3:");
    expect_contains(b, "the client acknowledges the server's SYN");
    expect_contains(b, "ack = y+1 = 5001 " CHECK_OK);

    explain(r.v[4], TT_LANG_EN, b);
    expect_prefix(b, "Wave 1:");
    expect_contains(b, "u = 1001");
    expect_contains(b, "FIN_WAIT_1");

    explain(r.v[5], TT_LANG_EN, b);
    expect_prefix(b, "Wave 2:");
    expect_contains(b, "the server acknowledges");
    expect_contains(b, "ack = u+1 = 1002 " CHECK_OK);
    expect_contains(b, "CLOSE_WAIT");

    explain(r.v[6], TT_LANG_EN, b);
    expect_prefix(b, "Wave 3:");
    expect_contains(b, "w = 5001");
    expect_contains(b, "LAST_ACK");

    explain(r.v[7], TT_LANG_EN, b);
    expect_prefix(b, "Wave 4:");
    expect_contains(b, "the client acknowledges the last FIN");
    expect_contains(b, "ack = w+1 = 5002 " CHECK_OK);
    expect_contains(b, "TIME_WAIT");

    explain(r23.v[5], TT_LANG_EN, b);
    expect_prefix(b, "Waves 2 and 3");
    expect_contains(b, "ack = u+1 = 1002 " CHECK_OK);
    expect_contains(b, "w = 5001");
    expect_contains(b, "LAST_ACK");

    for (uint32_t f = 1; f <= 7; f++) {
        explain(r.v[f], TT_LANG_EN, b);
        expect_lacks(b, CHECK_WRONG);
    }
}

/* Chinese: each label's sentence has its 第…次握手/挥手 name, numbers and ✓ arithmetic. */
static void test_explain_labels_zh(void **state)
{
    run r, r23;
    char b[1024];
    (void)state;
    textbook(&r);
    three_segment(&r23);

    explain(r.v[1], TT_LANG_ZH, b);
    expect_prefix(b, "第一次握手");
    expect_contains(b, "客户端发送 SYN");
    expect_contains(b, "x = 1000");
    expect_contains(b, "SYN_SENT");

    explain(r.v[2], TT_LANG_ZH, b);
    expect_prefix(b, "第二次握手");
    expect_contains(b, "服务器回复 SYN+ACK");
    expect_contains(b, "y = 5000");
    expect_contains(b, "ack = x+1 = 1001 " CHECK_OK);

    explain(r.v[3], TT_LANG_ZH, b);
    expect_prefix(b, "第三次握手");
    expect_contains(b, "客户端确认服务器的 SYN");
    expect_contains(b, "ack = y+1 = 5001 " CHECK_OK);

    explain(r.v[4], TT_LANG_ZH, b);
    expect_prefix(b, "第一次挥手");
    expect_contains(b, "u = 1001");
    expect_contains(b, "FIN_WAIT_1");

    explain(r.v[5], TT_LANG_ZH, b);
    expect_prefix(b, "第二次挥手");
    expect_contains(b, "ack = u+1 = 1002 " CHECK_OK);
    expect_contains(b, "CLOSE_WAIT");

    explain(r.v[6], TT_LANG_ZH, b);
    expect_prefix(b, "第三次挥手");
    expect_contains(b, "w = 5001");
    expect_contains(b, "LAST_ACK");

    explain(r.v[7], TT_LANG_ZH, b);
    expect_prefix(b, "第四次挥手");
    expect_contains(b, "ack = w+1 = 5002 " CHECK_OK);
    expect_contains(b, "TIME_WAIT");

    explain(r23.v[5], TT_LANG_ZH, b);
    expect_prefix(b, "第二、三次挥手");
    expect_contains(b, "ack = u+1 = 1002 " CHECK_OK);
    expect_contains(b, "w = 5001");
    expect_contains(b, "LAST_ACK");
}

/* A wrong ack shows ✗, the ack sent and the right value with its arithmetic, in en and zh. */
static void test_explain_wrong_ack(void **state)
{
    static const struct {
        uint32_t frame;
        bool wave23;
        const char *en, *zh;
    } cases[] = {
        {2, false, "ack = 1005 " CHECK_WRONG " (it should be x+1 = 1001)",
         "ack = 1005 " CHECK_WRONG "（应为 x+1 = 1001）"},
        {3, false, "ack = 5005 " CHECK_WRONG " (it should be y+1 = 5001)",
         "ack = 5005 " CHECK_WRONG "（应为 y+1 = 5001）"},
        {5, false, "ack = 1006 " CHECK_WRONG " (it should be u+1 = 1002)",
         "ack = 1006 " CHECK_WRONG "（应为 u+1 = 1002）"},
        {7, false, "ack = 5006 " CHECK_WRONG " (it should be w+1 = 5002)",
         "ack = 5006 " CHECK_WRONG "（应为 w+1 = 5002）"},
        {5, true, "ack = 1006 " CHECK_WRONG " (it should be u+1 = 1002)",
         "ack = 1006 " CHECK_WRONG "（应为 u+1 = 1002）"},
    };
    static const tt_label labels[] = {TL_HANDSHAKE_2, TL_HANDSHAKE_3, TL_WAVE_2, TL_WAVE_4,
                                      TL_WAVE_2_3};
    run r[4], r23;
    char b[1024];
    (void)state;
    textbook_wrong(r, &r23);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const tt_verdict *v = cases[i].wave23 ? &r23.v[cases[i].frame] : &r[i].v[cases[i].frame];
        expect_step(*v, labels[i], TT_BIT(TA_ACK_MISMATCH) | TT_BIT(TA_SEGMENT_IGNORED));
        explain(*v, TT_LANG_EN, b);
        expect_contains(b, cases[i].en);
        expect_lacks(b, CHECK_OK);
        explain(*v, TT_LANG_ZH, b);
        expect_contains(b, cases[i].zh);
        expect_lacks(b, CHECK_OK);
    }
}

/* The arithmetic uses the real offset: x+11 for an accepted Fast Open; wraps to 0 near 2^32. */
static void test_explain_arithmetic_offsets(void **state)
{
    run r;
    char b[1024];
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 10);
    feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 11, 0);
    explain(r.v[2], TT_LANG_EN, b);
    expect_contains(b, "ack = x+11 = 1011 " CHECK_OK);

    run_client_server(&r);
    handshake(&r, 4294967290u, 4294967295u);
    explain(r.v[2], TT_LANG_EN, b);
    expect_contains(b, "y = 4294967295");
    expect_contains(b, "ack = x+1 = 4294967291 " CHECK_OK);
    explain(r.v[3], TT_LANG_ZH, b);
    expect_contains(b, "ack = y+1 = 0 " CHECK_OK);
}

/* Fills {from} {to} {len} of an anomaly sentence as the explanation must, for the client. */
static void fill_sentence(const tt_wording *w, const char *t, uint32_t len, char *out, size_t size)
{
    size_t at = 0;
    out[0] = '\0';
    while (*t && at + 1 < size) {
        const char *val = NULL;
        size_t skip = 0;
        char num[16];
        snprintf(num, sizeof num, "%u", (unsigned)len);
        if (strncmp(t, "{from}", 6) == 0) {
            val = w->msg[TM_CLIENT];
            skip = 6;
        } else if (strncmp(t, "{to}", 4) == 0) {
            val = w->msg[TM_SERVER];
            skip = 4;
        } else if (strncmp(t, "{len}", 5) == 0) {
            val = num;
            skip = 5;
        } else if (strncmp(t, "{before}", 8) == 0) {
            val = tt_state_name[TS_CLOSED]; /* the verdict's client_before */
            skip = 8;
        } else if (strncmp(t, "{ignored}", 9) == 0 || strncmp(t, "{inferred}", 10) == 0) {
            val = ""; /* no reason set on the verdict */
            skip = t[2] == 'g' ? 9 : 10;
        } else if (*t == '{') {
            fail_msg("anomaly sentence uses an unexpected placeholder: %s", t);
        }
        if (val) {
            at += (size_t)snprintf(out + at, size - at, "%s", val);
            t += skip;
        } else {
            out[at++] = *t++;
            out[at] = '\0';
        }
    }
}

/* Each anomaly's sentence appears, filled, exactly when the anomaly is set, after the separator. */
static void test_explain_anomaly_sentences(void **state)
{
    (void)state;
    for (int l = 0; l < TT_LANG_COUNT; l++) {
        const tt_wording *w = &tt_wordings[l];
        tt_verdict v = {
            .frame = 4, .flags = TT_ACK, .seq = X, .ack = Y, .len = 7, .from = TR_CLIENT};
        char base[1024], b[4096], sentence[512], joined[600]; /* b: as plugin/render.c's */
        explain(v, (tt_lang)l, base);
        for (int a = 0; a < TA_COUNT; a++) {
            if (a ==
                TA_DUPLICATE_FRAME) /* replaces the segment's sentence: test_explain_new_cases */
                continue;
            v.anomalies = TT_BIT(a);
            explain(v, (tt_lang)l, b);
            if (!w->anomaly[a][0]) {
                assert_string_equal(b, base); /* no sentence: nothing added */
                continue;
            }
            fill_sentence(w, w->anomaly[a], v.len, sentence, sizeof sentence);
            snprintf(joined, sizeof joined, "%s%s", w->separator, sentence);
            expect_prefix(b, base);
            assert_string_equal(b + strlen(base), joined);
            /* and the other sentences are absent */
            for (int o = 0; o < TA_COUNT; o++) {
                char other[512];
                if (o == a || !w->anomaly[o][0])
                    continue;
                fill_sentence(w, w->anomaly[o], v.len, other, sizeof other);
                if (other[0]) /* {inferred} alone is empty without a reason */
                    expect_lacks(b, other);
            }
        }
        /* all at once: every sentence, in table order */
        v.anomalies = (tt_anomaly_set)((1u << TA_COUNT) - 1) & ~TT_BIT(TA_DUPLICATE_FRAME);
        explain(v, (tt_lang)l, b);
        {
            const char *p = b + strlen(base);
            for (int a = 0; a < TA_COUNT; a++) {
                if (!w->anomaly[a][0] || a == TA_DUPLICATE_FRAME)
                    continue;
                fill_sentence(w, w->anomaly[a], v.len, sentence, sizeof sentence);
                p = strstr(p, sentence);
                if (!p)
                    fail_msg("%s: sentence of %s missing or out of order", w->code,
                             tt_anomaly_info[a].name);
                p += strlen(sentence);
            }
        }
    }
}

/* Anomaly sentences of real verdicts: Fast Open, retransmission, refused, half-close, no ACK 3. */
static void test_explain_real_anomalies(void **state)
{
    run r;
    char b[1024];
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 10);
    feed(&r, "c>s", TT_SYN, X, 0, 10);
    explain(r.v[1], TT_LANG_EN, b);
    expect_contains(b, "Handshake 1:");
    expect_contains(b, " The SYN already carries 10 bytes of data (TCP Fast Open).");
    expect_lacks(b, "retransmission");
    explain(r.v[2], TT_LANG_EN, b);
    expect_contains(b, "This SYN is a retransmission");
    explain(r.v[1], TT_LANG_ZH, b);
    expect_contains(b, "这个 SYN 已经携带了 10 字节数据（TCP Fast Open）。");

    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    feed(&r, "s>c", TT_RST | TT_ACK, 0, X + 1, 0);
    explain(r.v[2], TT_LANG_EN, b);
    expect_contains(b, "The server resets the connection with RST");
    expect_contains(b, "Connection refused: nothing listens on this port, so the server answers "
                       "the SYN with RST.");
    explain(r.v[2], TT_LANG_ZH, b);
    expect_contains(b, "连接被拒绝：这个端口上没有程序在监听，服务器用 RST 回应 SYN。");

    run_client_server(&r);
    handshake(&r, X, Y);
    feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    feed(&r, "s>c", TT_ACK, Y + 1, X + 2, 0);
    feed(&r, "s>c", TT_ACK | TT_PSH, Y + 1, X + 2, 200);
    explain(r.v[6], TT_LANG_EN, b);
    expect_prefix(b, "The server sends 200 bytes of data.");
    expect_contains(b,
                    "Half-close: the server still sends data after acknowledging the client's FIN");
    explain(r.v[6], TT_LANG_ZH, b);
    expect_contains(b, "半关闭：服务器确认了客户端的 FIN 之后仍在发送数据");

    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    run_complete(&r);
    explain(r.v[2], TT_LANG_EN, b);
    expect_contains(b, "The client never acknowledged this SYN+ACK");
}

/* Segments that are no step: RST, data, pure ACK and anything else each get their sentence. */
static void test_explain_non_step(void **state)
{
    run r;
    tt_verdict other = {.frame = 9, .flags = TT_FIN, .seq = X, .from = TR_SERVER};
    char b[1024];
    (void)state;
    run_client_server(&r);
    handshake(&r, X, Y);
    feed(&r, "c>s", TT_ACK | TT_PSH, X + 1, Y + 1, 100);
    feed(&r, "s>c", TT_ACK, Y + 1, X + 101, 0);
    feed(&r, "s>c", TT_RST, Y + 1, 0, 0);

    assert_string_equal(explain(r.v[4], TT_LANG_EN, b), "The client sends 100 bytes of data.");
    assert_string_equal(explain(r.v[4], TT_LANG_ZH, b), "客户端发送 100 字节数据。");
    assert_string_equal(explain(r.v[5], TT_LANG_EN, b),
                        "The server acknowledges every byte before sequence number 1101.");
    assert_string_equal(explain(r.v[5], TT_LANG_ZH, b), "服务器确认序号 1101 之前的全部字节。");
    explain(r.v[6], TT_LANG_EN, b);
    expect_prefix(b, "The server resets the connection with RST");
    expect_contains(b, "The connection is aborted, not closed");
    explain(r.v[6], TT_LANG_ZH, b);
    expect_prefix(b, "服务器发送 RST 重置连接");
    expect_contains(b, "连接被异常终止");
    assert_string_equal(
        explain(other, TT_LANG_EN, b),
        "The server sends a segment that is no step of the handshake or the close.");
    assert_string_equal(explain(other, TT_LANG_ZH, b),
                        "服务器发送的这个报文段不属于握手或挥手的任何一步。");
}

/* A SYN+ACK whose SYN was never captured: no ✓/✗, the ack is shown as not checkable. */
static void test_explain_unchecked_ack(void **state)
{
    run r;
    char b[1024];
    (void)state;
    run_init(&r, PORT_SERVER, PORT_CLIENT, false, false);
    feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    explain(r.v[1], TT_LANG_EN, b);
    expect_prefix(b, "Handshake 2:");
    expect_contains(b, "ack = 1001 (what it acknowledges was not captured)");
    expect_lacks(b, CHECK_OK);
    expect_lacks(b, CHECK_WRONG);
    expect_contains(b, "The capture starts at this SYN+ACK: the client's SYN is not in it");
    expect_lacks(b, "initial sequence numbers are unknown"); /* y is right there */
}

/* Simultaneous open: each side's ISN keeps its letter in the explanation, as in the notation (the
 * server's SYN picks y, the client's SYN+ACK carries x), and the crossing SYN+ACK says it crossed.
 */
static void test_explain_simultaneous_open_letters(void **state)
{
    run r;
    char b[1024];
    (void)state;
    run_init(&r, 50000, 50001, true, false);
    simultaneous_open(&r, X, Y);
    expect_contains(explain(r.v[2], TT_LANG_EN, b), "initial sequence number y = ");
    expect_contains(explain(r.v[3], TT_LANG_EN, b), "initial sequence number x = ");
    expect_contains(explain(r.v[2], TT_LANG_ZH, b), "选定初始序号 y = ");
    expect_contains(explain(r.v[4], TT_LANG_EN, b), "the two crossed in flight");
    expect_contains(explain(r.v[4], TT_LANG_ZH, b), "两者在途中交错");
}

/* A handshake 1 verdict with fast_open and port_reuse: a long explanation of three sentences. */
static tt_verdict long_verdict(void)
{
    run r;
    run_init(&r, PORT_CLIENT, PORT_SERVER, true, true);
    feed(&r, "c>s", TT_SYN, X, 0, 10);
    return r.v[1];
}

/* Truncated: NUL-terminated, nothing past size, whole UTF-8 characters, its length returned. */
static void test_explain_truncation_utf8(void **state)
{
    tt_verdict v = long_verdict();
    (void)state;
    for (int l = 0; l < TT_LANG_COUNT; l++) {
        char full[1024], buf[1100];
        size_t n = tt_explain(&v, (tt_lang)l, full, sizeof full);
        assert_true(n > 0 && n < sizeof full - 1);
        for (size_t size = 1; size <= n + 1; size++) {
            size_t got;
            memset(buf, 0x7F, sizeof buf);
            got = tt_explain(&v, (tt_lang)l, buf, size);
            for (size_t k = size; k < sizeof buf; k++)
                if (buf[k] != 0x7F)
                    fail_msg("%s, size %zu: wrote byte %zu", tt_wordings[l].code, size, k);
            if (memchr(buf, '\0', size) == NULL)
                fail_msg("%s, size %zu: not NUL-terminated", tt_wordings[l].code, size);
            if (got != strlen(buf))
                fail_msg("%s, size %zu: returned %zu for %zu bytes", tt_wordings[l].code, size, got,
                         strlen(buf));
            if (!utf8_valid(buf))
                fail_msg("%s, size %zu: split a UTF-8 character: \"%s\"", tt_wordings[l].code, size,
                         buf);
        }
        assert_int_equal(tt_explain(&v, (tt_lang)l, buf, n + 1), n);
        assert_string_equal(buf, full);
    }
}

/* Copies s without its spaces into out. */
static void without_spaces(const char *s, char *out)
{
    for (; *s; s++)
        if (*s != ' ')
            *out++ = *s;
    *out = '\0';
}

/* Explanation lines: none empty or longer than the width, whole UTF-8 characters, nothing lost or
 * added but the spaces lines break at; a width that fits everything gives one line per fact. */
static void test_explain_lines(void **state)
{
    tt_verdict v = long_verdict();
    (void)state;
    for (int l = 0; l < TT_LANG_COUNT; l++) {
        char full[1024], lines[1200], joined[1200], a[1200], b[1200];
        size_t n = tt_explain(&v, (tt_lang)l, full, sizeof full);
        for (size_t width = 8; width <= n + 8; width += 3) {
            char *p = lines, *end;
            size_t count = 0;
            tt_explain_lines(&v, (tt_lang)l, width, lines, sizeof lines);
            assert_int_equal(tt_explain_both(&v, (tt_lang)l, width, a, sizeof a, b, sizeof b), n);
            assert_string_equal(a, full); /* the same text and lines as the two calls give */
            assert_string_equal(b, lines);
            joined[0] = '\0';
            for (; (end = strchr(p, '\n')) != NULL; p = end + 1, count++) {
                *end = '\0';
                if (strlen(p) > width || strlen(p) == 0 || !utf8_valid(p))
                    fail_msg("%s, width %zu: bad line \"%s\"", tt_wordings[l].code, width, p);
                strcat(joined, p);
            }
            assert_true(*p == '\0');
            without_spaces(joined, a);
            without_spaces(full, b);
            if (strcmp(a, b) != 0)
                fail_msg("%s, width %zu: lines give \"%s\", not \"%s\"", tt_wordings[l].code, width,
                         joined, full);
            if (width > n)
                assert_int_equal(count, 3); /* step, fast_open, port_reuse */
        }
    }
}

/* Truncated text is the beginning of the full text: nothing is skipped and later text appended. */
static void test_explain_truncation_prefix(void **state)
{
    tt_verdict v = long_verdict();
    (void)state;
    for (int l = 0; l < TT_LANG_COUNT; l++) {
        char full[1024], buf[1100];
        size_t n = tt_explain(&v, (tt_lang)l, full, sizeof full);
        for (size_t size = 1; size <= n + 1; size++) {
            tt_explain(&v, (tt_lang)l, buf, size);
            if (strncmp(buf, full, strlen(buf)) != 0)
                fail_msg("%s, size %zu: \"%s\" is not a prefix of \"%s\"", tt_wordings[l].code,
                         size, buf, full);
        }
    }
}

/* Size 0: nothing written, 0 returned. */
static void test_explain_size_zero(void **state)
{
    run r;
    char buf[4] = "abc";
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    assert_int_equal(tt_explain(&r.v[1], TT_LANG_ZH, buf, 0), 0);
    assert_string_equal(buf, "abc");
}

/* The new cases of the endpoint model each have their own sentence in both languages: why a
 * segment is dropped, which uncaptured segment is proven, a duplicated frame (its sentence alone),
 * wave 2 from a side that already sent its FIN, and an RST its receiver drops (no "both sides drop
 * it"). */
static void test_explain_new_cases(void **state)
{
    run r;
    char b[2048];
    (void)state;
    for (int l = 0; l < TT_LANG_COUNT; l++) {
        const tt_wording *w = &tt_wordings[l];
        for (int i = TI_NONE + 1; i < TI_COUNT; i++)
            assert_true(w->ignored[i] && w->ignored[i][0]);
        for (int i = TN_NONE + 1; i < TN_COUNT; i++)
            assert_true(w->inferred[i] && w->inferred[i][0]);
    }

    run_client_server(&r); /* an RST in SYN_SENT that does not acknowledge the SYN */
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    feed(&r, "s>c", TT_RST | TT_ACK, 0, X + 5, 0);
    explain(r.v[2], TT_LANG_EN, b);
    assert_string_equal(b, "The server sends an RST. A real TCP client drops this segment: in "
                           "SYN_SENT an RST counts only when it acknowledges the SYN, with ack = "
                           "x+1 (RFC 9293 section 3.10.7.3); its state does not change.");
    explain(r.v[2], TT_LANG_ZH, b);
    expect_prefix(b, "服务器发送了一个 RST。真实的客户端会丢弃这个报文段：在 SYN_SENT 状态下");
    expect_lacks(b, "双方立即丢弃");

    run_client_server(&r); /* only the client's side: the SYN+ACK is inferred */
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    feed(&r, "c>s", TT_ACK, X + 1, Y + 1, 0);
    explain(r.v[2], TT_LANG_EN, b);
    expect_contains(b, "The server's SYN+ACK is not in the capture; this segment acknowledges it, "
                       "so it arrived");
    explain(r.v[2], TT_LANG_ZH, b);
    expect_contains(b, "抓包中没有服务器的 SYN+ACK；这个报文段确认了它");

    run_init(&r, PORT_SERVER, PORT_CLIENT, false, false); /* only the server's side */
    feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    feed(&r, "s>c", TT_ACK | TT_PSH, Y + 1, X + 31, 100);
    explain(r.v[2], TT_LANG_EN, b);
    expect_contains(b, "The client's third ACK is not in the capture; the server sends this only "
                       "on an open connection");
    explain(r.v[2], TT_LANG_ZH, b);
    expect_contains(b, "抓包中没有客户端的第三次握手 ACK");

    run_client_server(&r); /* crossing FINs: wave 2 from a side that already sent its FIN */
    handshake(&r, X, Y);
    feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 1, 0);
    feed(&r, "s>c", TT_ACK, Y + 2, X + 2, 0);
    explain(r.v[6], TT_LANG_EN, b);
    expect_step(r.v[6], TL_WAVE_2, 0);
    expect_contains(b, "it has already sent its own FIN");
    expect_lacks(b, "may still send data");
    explain(r.v[6], TT_LANG_ZH, b);
    expect_contains(b, "它已经发送过自己的 FIN");
    expect_lacks(b, "仍可以继续发送");

    {
        tt_verdict v = {.frame = 2,
                        .flags = TT_SYN,
                        .seq = X,
                        .from = TR_CLIENT,
                        .anomalies = TT_BIT(TA_DUPLICATE_FRAME)};
        explain(v, TT_LANG_EN, b);
        assert_string_equal(b, tt_wordings[TT_LANG_EN].anomaly[TA_DUPLICATE_FRAME]);
        expect_lacks(b, "retransmission: the first one");
        explain(v, TT_LANG_ZH, b);
        assert_string_equal(b, tt_wordings[TT_LANG_ZH].anomaly[TA_DUPLICATE_FRAME]);
    }
}

/* Crossing FINs: the wave 4 of a side still in CLOSING promises no 2MSL wait (it failed before: the
 * sentence said "waits 2MSL" in CLOSING); an ordinary wave 4 into TIME_WAIT still does. */
static void test_explain_wave4_crossing_fins(void **state)
{
    run r;
    char b[2048];
    (void)state;
    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    feed(&r, "c>s", TT_ACK, X + 1, Y + 1, 0);
    feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0); /* wave 1 */
    feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 1, 0); /* crosses it */
    feed(&r, "c>s", TT_ACK, X + 2, Y + 2, 0);          /* wave 4, client in CLOSING */
    feed(&r, "s>c", TT_ACK, Y + 2, X + 2, 0);          /* the server's ACK of the first FIN */
    assert_int_equal(r.v[6].label, TL_WAVE_4);
    assert_int_equal(r.v[6].client_after, TS_CLOSING);
    explain(r.v[6], TT_LANG_EN, b);
    expect_lacks(b, "waits 2MSL");
    expect_prefix(b, "Wave 4: the client acknowledges the last FIN");
    assert_non_null(strstr(b, "it is now CLOSING"));
    explain(r.v[6], TT_LANG_ZH, b);
    expect_lacks(b, "并等待 2MSL");
    assert_non_null(strstr(b, "进入 CLOSING 状态"));

    run_client_server(&r);
    feed(&r, "c>s", TT_SYN, X, 0, 0);
    feed(&r, "s>c", TT_SYN | TT_ACK, Y, X + 1, 0);
    feed(&r, "c>s", TT_ACK, X + 1, Y + 1, 0);
    feed(&r, "c>s", TT_FIN | TT_ACK, X + 1, Y + 1, 0);
    feed(&r, "s>c", TT_FIN | TT_ACK, Y + 1, X + 2, 0);
    feed(&r, "c>s", TT_ACK, X + 2, Y + 2, 0);
    assert_int_equal(r.v[6].label, TL_WAVE_4);
    assert_int_equal(r.v[6].client_after, TS_TIME_WAIT);
    explain(r.v[6], TT_LANG_EN, b);
    assert_non_null(strstr(b, "it is now TIME_WAIT and waits 2MSL"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wording_tables_complete),
        cmocka_unit_test(test_lang_from_locale),
        cmocka_unit_test(test_shown_words),
        cmocka_unit_test(test_explain_labels_en),
        cmocka_unit_test(test_explain_labels_zh),
        cmocka_unit_test(test_explain_wrong_ack),
        cmocka_unit_test(test_explain_arithmetic_offsets),
        cmocka_unit_test(test_explain_anomaly_sentences),
        cmocka_unit_test(test_explain_real_anomalies),
        cmocka_unit_test(test_explain_non_step),
        cmocka_unit_test(test_explain_unchecked_ack),
        cmocka_unit_test(test_explain_new_cases),
        cmocka_unit_test(test_explain_wave4_crossing_fins),
        cmocka_unit_test(test_explain_truncation_utf8),
        cmocka_unit_test(test_explain_truncation_prefix),
        cmocka_unit_test(test_explain_lines),
        cmocka_unit_test(test_explain_size_zero),
        cmocka_unit_test(test_explain_simultaneous_open_letters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
