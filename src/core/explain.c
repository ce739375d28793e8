/* A verdict in words: its explanation, filled from the wording tables (its notation: steps.c). */
#include <stdio.h>
#include <string.h>

#include "tcpteach/seq.h"
#include "tcpteach/text.h"

/* Everything a template can name, prepared once per explanation. */
typedef struct fill {
    const tt_wording *w;
    const tt_verdict *v;
    char expr[32];   /* the expected ack in textbook terms, e.g. "x+1" */
    char check[256]; /* the filled ack clause */
    char why[512];   /* the filled {ignored} or {inferred} sentence part */
} fill;

size_t tt_put(char *buf, size_t size, size_t at, const char *s, size_t n)
{
    if (size == 0 || at + 1 >= size)
        return at;
    if (n > size - 1 - at) { /* cut: keep whole characters, then report the buffer full */
        n = size - 1 - at;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
        memcpy(buf + at, s, n);
        buf[at + n] = '\0';
        return size - 1;
    }
    memcpy(buf + at, s, n);
    buf[at + n] = '\0';
    return at + n;
}

/* The text of placeholder `name` (len bytes) of an explanation, using tmp for numbers. */
static const char *value(const void *ctx, const char *name, size_t len, char *tmp, size_t tmpsize)
{
    const fill *f = (const fill *)ctx;
    const tt_verdict *v = f->v;
    tt_msg sender = v->from == TR_CLIENT ? TM_CLIENT : TM_SERVER;
    tt_msg peer = v->from == TR_CLIENT ? TM_SERVER : TM_CLIENT;
    uint32_t number;

#define IS(lit) (len == sizeof(lit) - 1 && memcmp(name, lit, len) == 0)
    if (IS("from"))
        return f->w->msg[sender];
    if (IS("to"))
        return f->w->msg[peer];
    if (IS("expr"))
        return f->expr;
    if (IS("check"))
        return f->check;
    if (IS("state"))
        return tt_state_name[v->from == TR_CLIENT ? v->client_after : v->server_after];
    if (IS("before"))
        return tt_state_name[v->from == TR_CLIENT ? v->client_before : v->server_before];
    if (IS("ignored") || IS("inferred"))
        return f->why;
    if (IS("isn")) { /* the sender's ISN letter, as the notation writes it */
        char ack_var;
        tt_step_vars(v, &tmp[0], &ack_var);
        tmp[1] = '\0';
        return tmp;
    }
    if (IS("seq"))
        number = v->seq;
    else if (IS("ack"))
        number = v->ack;
    else if (IS("len"))
        number = v->len;
    else if (IS("exp"))
        number = v->ack_expected;
    else
        return "";
#undef IS
    snprintf(tmp, tmpsize, "%u", (unsigned)number);
    return tmp;
}

size_t tt_fill(const char *t, tt_lookup lookup, const void *ctx, char *buf, size_t size, size_t at)
{
    char tmp[24];
    while (*t) {
        const char *open = strchr(t, '{');
        const char *close = open ? strchr(open, '}') : NULL;
        const char *val;
        if (!open || !close) {
            at = tt_put(buf, size, at, t, strlen(t));
            break;
        }
        at = tt_put(buf, size, at, t, (size_t)(open - t));
        val = lookup(ctx, open + 1, (size_t)(close - open - 1), tmp, sizeof tmp);
        if (val)
            at = tt_put(buf, size, at, val, strlen(val));
        t = close + 1;
    }
    return at;
}

/* Prepares {expr} and {check}: the expected ack counted from the step's ack variable. */
static void prepare(fill *f)
{
    const tt_verdict *v = f->v;
    char seq_var, var;
    uint32_t base = v->ack - (uint32_t)v->ack_off; /* raw value of the variable */
    int32_t off = seq_diff(v->ack_expected, base);
    tt_msg clause;

    tt_step_vars(v, &seq_var, &var);
    f->expr[0] = f->check[0] = f->why[0] = '\0';
    if (v->ignored != TI_NONE && v->ignored < TI_COUNT)
        tt_fill(f->w->ignored[v->ignored], value, f, f->why, sizeof f->why, 0);
    else if (v->inferred != TN_NONE && v->inferred < TN_COUNT)
        tt_fill(f->w->inferred[v->inferred], value, f, f->why, sizeof f->why, 0);
    if (var == 0)
        return;
    if (off == 0)
        snprintf(f->expr, sizeof f->expr, "%c", var);
    else
        snprintf(f->expr, sizeof f->expr, "%c%c%lld", var, off > 0 ? '+' : '-',
                 off > 0 ? (long long)off : -(long long)off);
    clause = v->ack_check == TT_ACK_OK      ? TM_CHECK_OK
             : v->ack_check == TT_ACK_WRONG ? TM_CHECK_WRONG
                                            : TM_CHECK_UNKNOWN;
    tt_fill(f->w->msg[clause], value, f, f->check, sizeof f->check, 0);
}

size_t tt_check_clause(const tt_verdict *v, tt_lang lang, char *buf, size_t size)
{
    fill f = {.w = &tt_wordings[lang < TT_LANG_COUNT ? lang : TT_LANG_EN], .v = v};

    if (size == 0)
        return 0;
    buf[0] = '\0';
    if (v->ack_check == TT_ACK_UNCHECKED)
        return 0;
    prepare(&f);
    return tt_put(buf, size, 0, f.check, strlen(f.check)) < size ? strlen(buf) : 0;
}

/* True when the sender of v had already sent its own FIN (its state before says so). */
static bool sender_before_has_fin(const tt_verdict *v)
{
    uint8_t st = v->from == TR_CLIENT ? v->client_before : v->server_before;
    return st == TS_CLOSING || st == TS_LAST_ACK || st == TS_TIME_WAIT || st == TS_FIN_WAIT_1 ||
           st == TS_FIN_WAIT_2;
}

/* tt_explain with `sep` between the facts (the step's sentence, then each anomaly's). */
static size_t explain_facts(const tt_verdict *v, tt_lang lang, const char *sep, char *buf,
                            size_t size)
{
    fill f = {.w = &tt_wordings[lang < TT_LANG_COUNT ? lang : TT_LANG_EN], .v = v};
    const char *main;
    size_t at = 0;

    if (size == 0)
        return 0;
    buf[0] = '\0';
    prepare(&f);
    if (v->anomalies & TT_BIT(TA_DUPLICATE_FRAME))
        main = ""; /* a copy: its own sentence says all */
    else if ((v->flags & TT_RST) &&
             (v->anomalies & (TT_BIT(TA_SEGMENT_IGNORED) | TT_BIT(TA_RST_IGNORED))))
        main = f.w->msg[TM_RST_SENT];
    else if (v->label == TL_HANDSHAKE_3 &&
             (v->anomalies & (TT_BIT(TA_SEGMENT_IGNORED) | TT_BIT(TA_SEGMENT_LOST))))
        main = f.w->msg[TM_HANDSHAKE_3_IGNORED];
    else if (v->label == TL_WAVE_2 && sender_before_has_fin(v))
        main = f.w->msg[TM_WAVE_2_AFTER_FIN];
    else if (v->label == TL_WAVE_4 &&
             (v->from == TR_CLIENT ? v->client_after : v->server_after) == TS_CLOSING)
        main = f.w->msg[TM_WAVE_4_CLOSING];
    else if (v->label != TL_NONE && v->label < TL_COUNT)
        main = f.w->step[v->label];
    else if (v->flags & TT_RST)
        main = f.w->msg[TM_RST];
    else if (v->len > 0)
        main = f.w->msg[TM_DATA];
    else if ((v->flags & (TT_ACK | TT_SYN | TT_FIN)) == TT_ACK)
        main = f.w->msg[TM_ACK];
    else
        main = f.w->msg[TM_OTHER];
    at = tt_fill(main, value, &f, buf, size, at);
    for (int a = 0; a < TA_COUNT; a++) {
        const char *sentence = f.w->anomaly[a];
        if (a == TA_HANDSHAKE_NOT_CAPTURED && (v->flags & TT_SYN))
            sentence = f.w->msg[TM_NOT_CAPTURED_SYNACK];
        if (!(v->anomalies & TT_BIT(a)) || !sentence || !*sentence)
            continue;
        if (at > 0)
            at = tt_put(buf, size, at, sep, strlen(sep));
        at = tt_fill(sentence, value, &f, buf, size, at);
    }
    return strlen(buf);
}

size_t tt_explain(const tt_verdict *v, tt_lang lang, char *buf, size_t size)
{
    return explain_facts(v, lang, tt_wordings[lang < TT_LANG_COUNT ? lang : TT_LANG_EN].separator,
                         buf, size);
}

/* Where a line of at most width bytes of s (n bytes left) may end: after the last space or CJK
 * comma, semicolon or colon that fits, else at the last whole character that fits. */
static size_t line_break(const char *s, size_t n, size_t width)
{
    static const char *const marks[] = {"\uff0c", "\uff1b", "\uff1a", "\u3001"}; /* ，；：、 */
    size_t last_char = 0;

    if (n <= width)
        return n;
    for (size_t i = width; i > 0; i--) {
        if (((unsigned char)s[i] & 0xC0) == 0x80)
            continue; /* inside a character: s[0..i) would cut it */
        if (last_char == 0)
            last_char = i;
        if (s[i - 1] == ' ')
            return i;
        for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++)
            if (i >= 3 && memcmp(s + i - 3, marks[m], 3) == 0)
                return i;
    }
    return last_char > 0 ? last_char : n;
}

/* The lines of facts (separated by '\n') at most width bytes long, each ending with '\n'. */
static size_t facts_to_lines(const char *facts, size_t width, char *buf, size_t size)
{
    const char *p = facts;
    size_t at = 0;

    if (size == 0)
        return 0;
    buf[0] = '\0';
    while (*p) {
        size_t n, cut, len;
        while (*p == ' ' || *p == '\n')
            p++; /* a line never starts with the space it broke at */
        n = strcspn(p, "\n");
        cut = line_break(p, n, width);
        len = cut;
        while (len > 0 && p[len - 1] == ' ')
            len--; /* nor ends with it */
        if (len > 0) {
            at = tt_put(buf, size, at, p, len);
            at = tt_put(buf, size, at, "\n", 1);
        }
        p += cut;
    }
    return strlen(buf);
}

size_t tt_explain_lines(const tt_verdict *v, tt_lang lang, size_t width, char *buf, size_t size)
{
    char facts[4096]; /* as large as any explanation: the lines hold all of it */

    explain_facts(v, lang, "\n", facts, sizeof facts);
    return facts_to_lines(facts, width, buf, size);
}

size_t tt_explain_both(const tt_verdict *v, tt_lang lang, size_t width, char *whole, size_t wsize,
                       char *lines, size_t lsize)
{
    char facts[4096];
    const char *sep = tt_wordings[lang < TT_LANG_COUNT ? lang : TT_LANG_EN].separator;
    const char *p = facts;
    size_t at = 0;

    explain_facts(v, lang, "\n", facts, sizeof facts);
    facts_to_lines(facts, width, lines, lsize);
    if (wsize == 0)
        return 0;
    whole[0] = '\0';
    for (;;) {
        size_t n = strcspn(p, "\n");
        at = tt_put(whole, wsize, at, p, n);
        if (p[n] == '\0')
            break;
        at = tt_put(whole, wsize, at, sep, strlen(sep));
        p += n + 1;
    }
    return strlen(whole);
}
