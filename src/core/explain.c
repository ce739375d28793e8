/* Builds a verdict's explanation by filling the {placeholders} of the wording tables. */
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
    f->expr[0] = f->check[0] = '\0';
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

size_t tt_explain(const tt_verdict *v, tt_lang lang, char *buf, size_t size)
{
    fill f = {.w = &tt_wordings[lang < TT_LANG_COUNT ? lang : TT_LANG_EN], .v = v};
    const char *main;
    size_t at = 0;

    if (size == 0)
        return 0;
    buf[0] = '\0';
    prepare(&f);
    if (v->label != TL_NONE && v->label < TL_COUNT)
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
        if (!(v->anomalies & TT_BIT(a)) || !sentence || !*sentence)
            continue;
        at = tt_put(buf, size, at, f.w->separator, strlen(f.w->separator));
        at = tt_fill(sentence, value, &f, buf, size, at);
    }
    return strlen(buf);
}
