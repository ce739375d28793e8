/* The textbook figure as SVG: client and server timelines, one labelled arrow per step, both
 * states. */
#include <inttypes.h>
#include <string.h>

#include "draw.h"
#include "svg-shared.h"

/* Roughly how wide s is at font size px: CJK characters are square, the others about 0.6 of it. */
static int text_width(const char *s, int px)
{
    int tenths = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) == 0x80)
            continue;
        tenths += (*p >= 0xE3 && *p <= 0xED) ? 10 : (*p >= 0xC0 ? 8 : 6);
    }
    return (tenths * px + 9) / 10;
}

/* Writes the items one after the other, ", " apart, on as many lines (from baseline y, LINE apart)
 * as keep each within width px, centred between the timelines; returns the lines used. */
static int wrapped(const tt_svg_fig *f, int y, const char *cls, const char *const *items, int n)
{
    char line[512];
    size_t at = 0;
    int lines = 0;

    line[0] = '\0';
    for (int i = 0; i < n; i++) {
        char next[512];
        size_t nat = tt_put(next, sizeof next, 0, line, at);
        if (at)
            nat = tt_put(next, sizeof next, nat, ", ", 2);
        nat = tt_put(next, sizeof next, nat, items[i], strlen(items[i]));
        if (at && text_width(next, FONT_SMALL) > TEXT_SPAN) {
            tt_svg_text(f, (CX + SX) / 2, y + lines * LINE, cls, "middle", line);
            lines++;
            at = tt_put(line, sizeof line, 0, items[i], strlen(items[i]));
        } else {
            memcpy(line, next, nat + 1);
            at = nat;
        }
    }
    if (at) {
        tt_svg_text(f, (CX + SX) / 2, y + lines * LINE, cls, "middle", line);
        lines++;
    }
    return lines;
}

/* Writes the anomalies of set, problems then notes, each group in its colour; returns the lines. */
static int anomaly_lines(const tt_svg_fig *f, int y, tt_anomaly_set set)
{
    const tt_wording *w = &tt_wordings[f->lang];
    const char *items[TA_COUNT] = {NULL};
    int lines = 0;

    for (int problem = 1; problem >= 0; problem--) {
        int n = 0;
        for (int a = 0; a < TA_COUNT; a++)
            if ((set & TT_BIT(a)) && tt_anomaly_info[a].problem == (problem == 1))
                items[n++] = w->problem[a];
        lines += wrapped(f, y + lines * LINE, problem ? "problem" : "note", items, n);
    }
    return lines;
}

/* Writes the states that changed since they were last written, beside the timelines: the
 * client's at baseline yc, the server's at ys. */
static void state_marks(tt_svg_fig *f, int yc, int ys)
{
    if (f->after[TR_CLIENT] != f->shown[TR_CLIENT])
        tt_svg_text(f, CX - 8, yc, "state", "end", tt_state_name[f->after[TR_CLIENT]]);
    if (f->after[TR_SERVER] != f->shown[TR_SERVER])
        tt_svg_text(f, SX + 8, ys, "state", "start", tt_state_name[f->after[TR_SERVER]]);
    memcpy(f->shown, f->after, sizeof f->shown);
}

/* Draws an arrow from the sender's timeline to the receiver's, falling SLOPE from y; cls gives its
 * stroke and head; a lost arrow stops two thirds of the way with a cross. */
static void arrow(const tt_svg_fig *f, tt_role from, int y, const char *cls, bool lost)
{
    int x1 = from == TR_CLIENT ? CX : SX, x2 = from == TR_CLIENT ? SX : CX;
    int y2 = y + SLOPE;

    if (!f->out)
        return;
    if (lost) {
        int xe = x1 + (x2 - x1) * 2 / 3, ye = y + SLOPE * 2 / 3;
        fprintf(f->out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"%s\"/>\n", x1, y, xe,
                ye, cls);
        fprintf(f->out, "<path d=\"M%d,%d l10,10 m0,-10 l-10,10\" class=\"cross\"/>\n", xe - 5,
                ye - 5);
        return;
    }
    fprintf(
        f->out,
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"%s\" marker-end=\"url(#%s)\"/>\n",
        x1, y, x2, y2, cls, cls);
}

/* The role that receives what role r sends. */
static tt_role peer(tt_role r)
{
    return r == TR_CLIENT ? TR_SERVER : TR_CLIENT;
}

/* Draws the dashed arrow of the segment verdict v proves though it was not captured, and the states
 * it left both sides in (those before v). */
static void inferred_row(tt_svg_fig *f, const tt_verdict *v)
{
    const char *name = tt_svg_words[f->lang].inferred[v->inferred];

    tt_svg_text(f, (CX + SX) / 2, f->y + 12, "inferred", "middle", name);
    arrow(f, peer((tt_role)v->from), f->y + 18, "dashed", false);
    f->after[TR_CLIENT] = v->client_before; /* where the inferred segment left both */
    f->after[TR_SERVER] = v->server_before;
    state_marks(f, f->y + 22 + (v->from == TR_CLIENT ? SLOPE : 0),
                f->y + 22 + (v->from == TR_CLIENT ? 0 : SLOPE));
    f->y += 18 + SLOPE + 14;
}

/* Writes one direction's summary of the segments counted since the last arrow. */
static void data_row(tt_svg_fig *f, tt_role r)
{
    char line[256];
    int x1 = r == TR_CLIENT ? CX + 40 : SX - 40, x2 = r == TR_CLIENT ? SX - 40 : CX + 40;
    int lines;

    tt_draw_data(&tt_wordings[f->lang], r, f->segments[r], f->bytes[r], line, sizeof line);
    tt_svg_text(f, (CX + SX) / 2, f->y + 12, "data", "middle", line);
    if (f->first_frame[r] == f->last_frame[r])
        snprintf(line, sizeof line, "#%" PRIu32, f->first_frame[r]);
    else
        snprintf(line, sizeof line, "#%" PRIu32 "\u2013#%" PRIu32, f->first_frame[r],
                 f->last_frame[r]);
    tt_svg_text(f, LEFT, f->y + 16, "frame", "start", line);
    if (f->out)
        fprintf(f->out,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"%s\" "
                "marker-end=\"url(#%s)\"/>\n",
                x1, f->y + 19, x2, f->y + 19,
                f->pending_ignored[r] == f->segments[r] ? "dashed" : "dotted",
                f->pending_ignored[r] == f->segments[r] ? "dashed" : "dotted");
    lines = anomaly_lines(f, f->y + 19 + LINE, f->pending[r]);
    state_marks(f, f->y + 23, f->y + 23);
    f->y += 26 + lines * LINE;
    f->segments[r] = f->pending_ignored[r] = 0;
    f->bytes[r] = 0;
    f->pending[r] = 0;
}

/* Writes what is summarised since the last arrow, one line per direction. */
static void flush(tt_svg_fig *f)
{
    for (int r = 0; r < TR_COUNT; r++)
        if (f->segments[r])
            data_row(f, (tt_role)r);
}

/* Writes time_us as seconds with six decimals into buf. */
static void format_time(int64_t time_us, char *buf, size_t size)
{
    uint64_t mag = time_us < 0 ? (uint64_t)(-(time_us + 1)) + 1 : (uint64_t)time_us;
    snprintf(buf, size, "%s%" PRIu64 ".%06" PRIu64 " s", time_us < 0 ? "-" : "", mag / 1000000u,
             mag % 1000000u);
}

/* Draws one segment's arrow with its notation, step label, ack mark, problems and ignored note. */
static void arrow_row(tt_svg_fig *f, const tt_verdict *v, int64_t time_us)
{
    const tt_wording *w = &tt_wordings[f->lang];
    const svg_wording *sw = &tt_svg_words[f->lang];
    tt_role from = (tt_role)v->from;
    bool problem = false, lost = (v->anomalies & TT_BIT(TA_SEGMENT_LOST)) != 0;
    char notation[96], frame[16], mark[96], buf[256];
    const char *cls;
    int lines = 0, y = f->y;

    for (int a = 0; a < TA_COUNT; a++)
        problem |= (v->anomalies & TT_BIT(a)) && tt_anomaly_info[a].problem;
    cls = v->ignored != TI_NONE ? "dashed" : problem ? "problem-arrow" : "arrow";

    tt_draw_arrow_text(v, notation, sizeof notation);
    tt_svg_text(f, (CX + SX) / 2, y + 12, problem ? "notation problem-text" : "notation", "middle",
                notation);
    arrow(f, from, y + 18, cls, lost);
    if (lost)
        tt_svg_text(
            f, from == TR_CLIENT ? CX + (SX - CX) * 2 / 3 + 10 : SX - (SX - CX) * 2 / 3 - 10,
            y + 18 + SLOPE * 2 / 3 + 4, "problem", from == TR_CLIENT ? "start" : "end", sw->lost);
    snprintf(frame, sizeof frame, "#%" PRIu32, v->frame);
    tt_svg_text(f, LEFT, y + 22, "frame", "start", frame);
    if (f->times) {
        format_time(time_us, buf, sizeof buf);
        tt_svg_text(f, LEFT, y + 22 + 12, "frame", "start", buf);
    }

    mark[0] = '\0';
    if (v->ack_check != TT_ACK_UNCHECKED) {
        char exp[16];
        const char *kv[] = {"exp", exp, NULL};
        snprintf(exp, sizeof exp, "%" PRIu32, v->ack_expected);
        tt_svg_fill(w->msg[v->ack_check == TT_ACK_OK ? TM_LADDER_ACK_OK : TM_LADDER_ACK_WRONG], kv,
                    mark, sizeof mark);
    }
    if (v->label != TL_NONE || *mark) {
        if (f->out) {
            fprintf(f->out, "<text x=\"%d\" y=\"%d\" class=\"label\" text-anchor=\"middle\">",
                    (CX + SX) / 2, y + 44);
            tt_svg_escape(f->out, w->label[v->label]);
            if (*mark) {
                fprintf(f->out, "<tspan dx=\"%d\" class=\"%s\">", v->label != TL_NONE ? 8 : 0,
                        v->ack_check == TT_ACK_OK ? "ok" : "wrong");
                tt_svg_escape(f->out, mark);
                fputs("</tspan>", f->out);
            }
            fputs("</text>\n", f->out);
        }
        lines++;
    }
    lines += anomaly_lines(f, y + 30 + LINE * (lines + 1), v->anomalies);
    if (v->ignored != TI_NONE && v->ignored < TI_COUNT) {
        const char *kv[] = {"to", w->msg[from == TR_CLIENT ? TM_SERVER : TM_CLIENT], "why",
                            sw->why[v->ignored], NULL};
        tt_svg_fill(sw->ignored_by, kv, buf, sizeof buf);
        tt_svg_text(f, (CX + SX) / 2, y + 30 + LINE * (lines + 1), "inferred", "middle", buf);
        lines++;
    }
    tt_draw_states_after(v, f->after);
    /* the sender's state where the arrow leaves, the receiver's where it arrives */
    state_marks(f, y + 22 + (from == TR_CLIENT ? 0 : SLOPE),
                y + 22 + (from == TR_CLIENT ? SLOPE : 0));
    f->y += 18 + SLOPE + LINE * lines + 12;
    if (f->times && f->y < y + 44)
        f->y = y + 44;
}

void tt_svg_fig_begin(tt_svg_fig *f, FILE *out, tt_lang lang, bool times, int top,
                      const tt_ladder_head *h, const tt_verdict *first)
{
    const tt_wording *w;
    char line[512];

    memset(f, 0, sizeof *f);
    f->out = out;
    f->lang = lang < TT_LANG_COUNT ? lang : TT_LANG_EN;
    f->times = times;
    f->top = top;
    w = &tt_wordings[f->lang];
    if (out)
        fprintf(out, "<g class=\"figure\" id=\"stream-%" PRIu32 "\">\n", h->stream);
    tt_draw_head(h, w, TM_LADDER_TITLE, line, sizeof line);
    tt_svg_text(f, LEFT, top + 22, "title", "start", line);
    tt_draw_head(h, w, TM_LADDER_SUMMARY, line, sizeof line);
    tt_svg_text(f, LEFT, top + 40, h->summary->problems ? "summary problem" : "summary", "start",
                line);
    tt_svg_text(f, CX, top + 66, "role", "middle", w->msg[TM_CLIENT]);
    tt_svg_text(f, CX, top + 81, "address", "middle", h->client);
    tt_svg_text(f, SX, top + 66, "role", "middle", w->msg[TM_SERVER]);
    tt_svg_text(f, SX, top + 81, "address", "middle", h->server);
    f->after[TR_CLIENT] = first->client_before;
    f->after[TR_SERVER] = first->server_before;
    f->shown[TR_CLIENT] = f->shown[TR_SERVER] = TS_COUNT; /* nothing written yet */
    state_marks(f, top + 104, top + 104);
    f->y = top + 114;
}

void tt_svg_fig_add(tt_svg_fig *f, const tt_verdict *v, int64_t time_us)
{
    bool drawn = v->label != TL_NONE || (v->flags & (TT_RST | TT_SYN | TT_FIN));
    tt_role from = v->from < TR_COUNT ? (tt_role)v->from : TR_CLIENT;

    if (v->inferred != TN_NONE && v->inferred < TN_COUNT) {
        flush(f);
        inferred_row(f, v);
    }
    if (!drawn) {
        if (f->segments[from]++ == 0)
            f->first_frame[from] = v->frame;
        f->last_frame[from] = v->frame;
        f->bytes[from] += v->len;
        f->pending[from] |= v->anomalies;
        if (v->ignored != TI_NONE)
            f->pending_ignored[from]++;
        tt_draw_states_after(v, f->after);
        return;
    }
    flush(f);
    arrow_row(f, v, time_us);
}

int tt_svg_fig_end(tt_svg_fig *f)
{
    int bottom;

    flush(f);
    bottom = f->y + 10;
    if (f->out) {
        fprintf(f->out,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"timeline\" "
                "marker-end=\"url(#time)\"/>\n",
                CX, f->top + 88, CX, bottom);
        fprintf(f->out,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"timeline\" "
                "marker-end=\"url(#time)\"/>\n",
                SX, f->top + 88, SX, bottom);
        fputs("</g>\n", f->out);
    }
    return bottom + GAP;
}
