/* The ladder diagram: a conversation drawn as the textbook draws it, client left, server right. */
#include <string.h>

#include "draw.h"

enum { MARGIN = 8, SPAN = 56 }; /* arrows run from column MARGIN over SPAN columns */

size_t tt_display_width(const char *s)
{
    size_t width = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) == 0x80)
            continue;                                /* continuation byte */
        width += (*p >= 0xE3 && *p <= 0xED) ? 2 : 1; /* U+3000..U+DFFF: CJK, two columns */
    }
    return width;
}

/* Writes left text at the client column and right text ending at the server column. */
static void two_columns(const tt_ladder *l, const char *left, const char *right)
{
    size_t lw = tt_display_width(left), rw = tt_display_width(right);
    size_t gap = MARGIN + SPAN > MARGIN + lw + rw ? SPAN - lw - rw : 1;
    if (*right)
        fprintf(l->out, "%*s%s%*s%s\n", MARGIN, "", left, (int)gap, "", right);
    else
        fprintf(l->out, "%*s%s\n", MARGIN, "", left);
}

/* Writes the states that changed since they were last written. */
static void state_line(tt_ladder *l)
{
    bool c = l->after[TR_CLIENT] != l->shown[TR_CLIENT];
    bool s = l->after[TR_SERVER] != l->shown[TR_SERVER];
    if (!c && !s)
        return;
    two_columns(l, c ? tt_state_name[l->after[TR_CLIENT]] : "",
                s ? tt_state_name[l->after[TR_SERVER]] : "");
    memcpy(l->shown, l->after, sizeof l->shown);
}

/* Appends "[title, title]" for the anomalies in set to buf in language w, after a space unless at
 * is 0. */
static size_t put_anomalies(char *buf, size_t size, size_t at, tt_anomaly_set set,
                            const tt_wording *w)
{
    const char *sep = at ? " [" : "[";
    for (int a = 0; a < TA_COUNT; a++) {
        if (!(set & TT_BIT(a)))
            continue;
        at = tt_put(buf, size, at, sep, strlen(sep));
        at = tt_put(buf, size, at, w->problem[a], strlen(w->problem[a]));
        sep = w->list_join;
    }
    return set ? tt_put(buf, size, at, "]", 1) : at;
}

/* Writes the summary of the segments counted since the last arrow, then the states they left. */
static void flush(tt_ladder *l)
{
    const tt_wording *w = &tt_wordings[l->lang];
    char line[256];

    for (int r = 0; r < TR_COUNT; r++) {
        size_t at;
        if (l->segments[r] == 0)
            continue;
        at = tt_draw_data(w, (tt_role)r, l->segments[r], l->bytes[r], line, sizeof line);
        put_anomalies(line, sizeof line, at, l->pending[r], w);
        fprintf(l->out, "%*s:  %s\n", MARGIN, "", line);
        l->segments[r] = l->bytes[r] = 0;
        l->pending[r] = 0;
    }
    state_line(l);
}

/* Writes one arrow with its frame number, step, ack mark and anomalies, in the ladder's language.
 */
static void arrow_line(tt_ladder *l, const tt_verdict *v)
{
    const tt_wording *w = &tt_wordings[l->lang];
    char text[80], arrow[SPAN + 80], marks[256], frame[16];
    size_t tlen, inner = SPAN - 3, left, right, at = 0, mk = 0;
    bool to_server = v->from == TR_CLIENT;

    tt_draw_arrow_text(v, text, sizeof text);
    tlen = strlen(text) + 2;
    left = tlen < inner ? (inner - tlen) / 2 : 0;
    right = tlen < inner ? inner - tlen - left : 0;
    at = tt_put(arrow, sizeof arrow, at, to_server ? "|" : "|<", to_server ? 1 : 2);
    for (size_t i = 0; i < left; i++)
        at = tt_put(arrow, sizeof arrow, at, "-", 1);
    at = tt_put(arrow, sizeof arrow, at, " ", 1);
    at = tt_put(arrow, sizeof arrow, at, text, strlen(text));
    at = tt_put(arrow, sizeof arrow, at, " ", 1);
    for (size_t i = 0; i < right; i++)
        at = tt_put(arrow, sizeof arrow, at, "-", 1);
    tt_put(arrow, sizeof arrow, at, to_server ? ">|" : "|", to_server ? 2 : 1);

    marks[0] = '\0';
    if (v->label != TL_NONE)
        mk = tt_put(marks, sizeof marks, mk, w->label[v->label], strlen(w->label[v->label]));
    if (v->ack_check != TT_ACK_UNCHECKED) {
        char exp[16];
        const char *t = w->msg[v->ack_check == TT_ACK_OK ? TM_LADDER_ACK_OK : TM_LADDER_ACK_WRONG];
        const char *p = strstr(t, "{exp}");
        snprintf(exp, sizeof exp, "%u", (unsigned)v->ack_expected);
        mk = tt_put(marks, sizeof marks, mk, "  ", 2);
        mk = tt_put(marks, sizeof marks, mk, t, p ? (size_t)(p - t) : strlen(t));
        if (p) {
            mk = tt_put(marks, sizeof marks, mk, exp, strlen(exp));
            mk = tt_put(marks, sizeof marks, mk, p + 5, strlen(p + 5));
        }
    }
    put_anomalies(marks, sizeof marks, mk, v->anomalies, w);
    snprintf(frame, sizeof frame, "#%u", (unsigned)v->frame);
    fprintf(l->out, "%*s  %s  %s\n", MARGIN - 2, frame, arrow, marks);
}

void tt_ladder_begin(tt_ladder *l, FILE *out, tt_lang lang, const tt_ladder_head *h,
                     const tt_verdict *first)
{
    const tt_wording *w;
    char line[512];

    memset(l, 0, sizeof *l);
    l->out = out;
    l->lang = lang < TT_LANG_COUNT ? lang : TT_LANG_EN;
    w = &tt_wordings[l->lang];
    tt_draw_head(h, w, TM_LADDER_TITLE, line, sizeof line);
    fprintf(out, "%s\n", line);
    tt_draw_head(h, w, TM_LADDER_SUMMARY, line, sizeof line);
    fprintf(out, "%s\n\n", line);
    two_columns(l, w->msg[TM_CLIENT], w->msg[TM_SERVER]);
    l->after[TR_CLIENT] = first->client_before;
    l->after[TR_SERVER] = first->server_before;
    l->shown[TR_CLIENT] = l->shown[TR_SERVER] = TS_COUNT; /* nothing written yet */
    state_line(l);
}

void tt_ladder_add(tt_ladder *l, const tt_verdict *v)
{
    bool drawn = v->label != TL_NONE || (v->flags & (TT_RST | TT_SYN | TT_FIN));

    if (!drawn) {
        l->segments[v->from]++;
        l->bytes[v->from] += v->len;
        l->pending[v->from] |= v->anomalies;
    } else {
        flush(l);
        arrow_line(l, v);
    }
    tt_draw_states_after(v, l->after);
    if (drawn)
        state_line(l);
}

void tt_ladder_end(tt_ladder *l)
{
    flush(l);
    fputc('\n', l->out);
}
