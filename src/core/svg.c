/* The textbook figure as SVG: client and server timelines, one labelled arrow per step, both
 * states. */
#include <inttypes.h>
#include <string.h>

#include "tcpteach/svg.h"

/* Where things go, in user units: the timelines, the columns beside them, the rows' spacing. */
enum {
    CX = 200,        /* the client's timeline */
    SX = 560,        /* the server's timeline */
    LEFT = 12,       /* frame numbers and times */
    LINE = 14,       /* one line of small text */
    SLOPE = 12,      /* how far an arrow falls from sender to receiver */
    GAP = 28,        /* below a figure */
    TEXT_SPAN = 340, /* the widest text between the timelines */
    FONT_SMALL = 11, /* labels, states, data lines */
};

/* The figure's own wording, per language (the rest comes from tt_wordings). */
typedef struct svg_wording {
    const char *title;              /* the document's <title> */
    const char *empty;              /* the empty document's heading */
    const char *empty_filter;       /* its explanation with a filter: {filter} */
    const char *empty_all;          /* its explanation without one */
    const char *ignored_by;         /* a segment a real stack ignores: {to} {why} */
    const char *why[TI_COUNT];      /* why, in a few words */
    const char *inferred[TN_COUNT]; /* the dashed arrow of a segment inferred, not captured */
    const char *lost;               /* beside an arrow that never arrived */
} svg_wording;

static const svg_wording svg_words[TT_LANG_COUNT] = {
    [TT_LANG_EN] =
        {
            .title = "TCP conversations drawn as in the textbook (tcpteach)",
            .empty = "No conversation selected",
            .empty_filter =
                "The display filter \u201c{filter}\u201d matches no TCP conversation of "
                "the capture.",
            .empty_all = "The capture holds no TCP conversation.",
            .ignored_by = "ignored by the {to}: {why}",
            .why =
                {
                    [TI_NONE] = "",
                    [TI_OUT_OF_WINDOW] = "out of its window",
                    [TI_BEYOND_ANY_WINDOW] = "beyond any window",
                    [TI_BAD_ACK] = "unacceptable ack",
                    [TI_NO_ACK] = "no ACK bit",
                    [TI_RST_NOT_MATCHING] = "RST seq not the one expected",
                    [TI_RST_BAD_ACK] = "RST does not acknowledge the SYN",
                    [TI_SYN_SYNCHRONIZED] = "SYN on an open connection",
                    [TI_NO_CONNECTION] = "no connection any more",
                },
            .inferred =
                {
                    [TN_NONE] = "",
                    [TN_SYNACK] = "SYN+ACK: not captured, inferred",
                    [TN_THIRD_ACK] = "ACK (handshake 3): not captured, inferred",
                    [TN_PEER_DATA] = "data or FIN: not captured, inferred",
                },
            .lost = "lost",
        },
    [TT_LANG_ZH] =
        {
            .title = "TCP 连接时序图（tcpteach）",
            .empty = "没有选中任何连接",
            .empty_filter = "显示过滤器\u201c{filter}\u201d没有匹配抓包中的任何 TCP 连接。",
            .empty_all = "抓包中没有 TCP 连接。",
            .ignored_by = "{to}忽略了它：{why}",
            .why =
                {
                    [TI_NONE] = "",
                    [TI_OUT_OF_WINDOW] = "超出接收窗口",
                    [TI_BEYOND_ANY_WINDOW] = "超出任何可能的窗口",
                    [TI_BAD_ACK] = "确认号不可接受",
                    [TI_NO_ACK] = "没有 ACK 标志",
                    [TI_RST_NOT_MATCHING] = "RST 的序号不是期望的序号",
                    [TI_RST_BAD_ACK] = "RST 没有确认 SYN",
                    [TI_SYN_SYNCHRONIZED] = "已建立的连接收到 SYN",
                    [TI_NO_CONNECTION] = "连接已不存在",
                },
            .inferred =
                {
                    [TN_NONE] = "",
                    [TN_SYNACK] = "SYN+ACK：未抓到，由后续报文推断",
                    [TN_THIRD_ACK] = "ACK（第三次握手）：未抓到，由后续报文推断",
                    [TN_PEER_DATA] = "数据或 FIN：未抓到，由确认号推断",
                },
            .lost = "丢失",
        },
};

static const char FONTS[] = "'Noto Sans','DejaVu Sans',Arial,'Noto Sans CJK SC','Source Han Sans "
                            "SC','Microsoft YaHei','PingFang SC',sans-serif";

void tt_svg_escape(FILE *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&apos;", out); break;
        default:
            if (*p >= 0x20 || *p == '\t' || *p == '\n')
                fputc(*p, out);
        }
    }
}

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

/* Writes s as a <text> at (x, y) with class cls and anchor ("start", "middle", "end"). */
static void text(const tt_svg_fig *f, int x, int y, const char *cls, const char *anchor,
                 const char *s)
{
    if (!f->out || !*s)
        return;
    fprintf(f->out, "<text x=\"%d\" y=\"%d\" class=\"%s\" text-anchor=\"%s\">", x, y, cls, anchor);
    tt_svg_escape(f->out, s);
    fputs("</text>\n", f->out);
}

/* Looks a placeholder up in ctx: name/value pairs (const char *const *, NULL-terminated). */
static const char *pair_value(const void *ctx, const char *name, size_t len, char *tmp,
                              size_t tmpsize)
{
    (void)tmp;
    (void)tmpsize;
    for (const char *const *p = (const char *const *)ctx; *p; p += 2)
        if (strlen(p[0]) == len && memcmp(p[0], name, len) == 0)
            return p[1];
    return NULL;
}

/* Fills template t from the pairs kv into buf. */
static void fill(const char *t, const char *const *kv, char *buf, size_t size)
{
    buf[0] = '\0';
    tt_fill(t, pair_value, kv, buf, size, 0);
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
            text(f, (CX + SX) / 2, y + lines * LINE, cls, "middle", line);
            lines++;
            at = tt_put(line, sizeof line, 0, items[i], strlen(items[i]));
        } else {
            memcpy(line, next, nat + 1);
            at = nat;
        }
    }
    if (at) {
        text(f, (CX + SX) / 2, y + lines * LINE, cls, "middle", line);
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
        text(f, CX - 8, yc, "state", "end", tt_state_name[f->after[TR_CLIENT]]);
    if (f->after[TR_SERVER] != f->shown[TR_SERVER])
        text(f, SX + 8, ys, "state", "start", tt_state_name[f->after[TR_SERVER]]);
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

/* The text an arrow carries: the step's notation, or the flags of a segment that is no step. */
static void arrow_text(const tt_verdict *v, char *buf, size_t size)
{
    if (v->label != TL_NONE) {
        tt_notation(v, buf, size);
        return;
    }
    snprintf(buf, size, "%s%s%s",
             (v->flags & TT_RST)   ? "RST"
             : (v->flags & TT_SYN) ? "SYN"
                                   : "FIN",
             (v->flags & TT_ACK) ? "+ACK" : "", v->len ? " +data" : "");
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
    const char *name = svg_words[f->lang].inferred[v->inferred];

    text(f, (CX + SX) / 2, f->y + 12, "inferred", "middle", name);
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
    const tt_wording *w = &tt_wordings[f->lang];
    char segs[16], bytes[24], line[256];
    const char *kv[] = {"from",     w->msg[r == TR_CLIENT ? TM_CLIENT : TM_SERVER],
                        "to",       w->msg[r == TR_CLIENT ? TM_SERVER : TM_CLIENT],
                        "segments", segs,
                        "bytes",    bytes,
                        NULL};
    int x1 = r == TR_CLIENT ? CX + 40 : SX - 40, x2 = r == TR_CLIENT ? SX - 40 : CX + 40;
    int lines;

    snprintf(segs, sizeof segs, "%" PRIu32, f->segments[r]);
    snprintf(bytes, sizeof bytes, "%" PRIu64, f->bytes[r]);
    fill(w->msg[TM_LADDER_DATA], kv, line, sizeof line);
    text(f, (CX + SX) / 2, f->y + 12, "data", "middle", line);
    if (f->first_frame[r] == f->last_frame[r])
        snprintf(line, sizeof line, "#%" PRIu32, f->first_frame[r]);
    else
        snprintf(line, sizeof line, "#%" PRIu32 "\u2013#%" PRIu32, f->first_frame[r],
                 f->last_frame[r]);
    text(f, LEFT, f->y + 16, "frame", "start", line);
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
    const svg_wording *sw = &svg_words[f->lang];
    tt_role from = (tt_role)v->from;
    bool problem = false, lost = (v->anomalies & TT_BIT(TA_SEGMENT_LOST)) != 0;
    char notation[96], frame[16], mark[96], buf[256];
    const char *cls;
    int lines = 0, y = f->y;

    for (int a = 0; a < TA_COUNT; a++)
        problem |= (v->anomalies & TT_BIT(a)) && tt_anomaly_info[a].problem;
    cls = v->ignored != TI_NONE ? "dashed" : problem ? "problem-arrow" : "arrow";

    arrow_text(v, notation, sizeof notation);
    text(f, (CX + SX) / 2, y + 12, problem ? "notation problem-text" : "notation", "middle",
         notation);
    arrow(f, from, y + 18, cls, lost);
    if (lost)
        text(f, from == TR_CLIENT ? CX + (SX - CX) * 2 / 3 + 10 : SX - (SX - CX) * 2 / 3 - 10,
             y + 18 + SLOPE * 2 / 3 + 4, "problem", from == TR_CLIENT ? "start" : "end", sw->lost);
    snprintf(frame, sizeof frame, "#%" PRIu32, v->frame);
    text(f, LEFT, y + 22, "frame", "start", frame);
    if (f->times) {
        format_time(time_us, buf, sizeof buf);
        text(f, LEFT, y + 22 + 12, "frame", "start", buf);
    }

    mark[0] = '\0';
    if (v->ack_check != TT_ACK_UNCHECKED) {
        char exp[16];
        const char *kv[] = {"exp", exp, NULL};
        snprintf(exp, sizeof exp, "%" PRIu32, v->ack_expected);
        fill(w->msg[v->ack_check == TT_ACK_OK ? TM_LADDER_ACK_OK : TM_LADDER_ACK_WRONG], kv, mark,
             sizeof mark);
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
        fill(sw->ignored_by, kv, buf, sizeof buf);
        text(f, (CX + SX) / 2, y + 30 + LINE * (lines + 1), "inferred", "middle", buf);
        lines++;
    }
    f->after[TR_CLIENT] = v->client_after;
    f->after[TR_SERVER] = v->server_after;
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
    char stream[16], problems[16];

    memset(f, 0, sizeof *f);
    f->out = out;
    f->lang = lang < TT_LANG_COUNT ? lang : TT_LANG_EN;
    f->times = times;
    f->top = top;
    w = &tt_wordings[f->lang];
    snprintf(stream, sizeof stream, "%" PRIu32, h->stream);
    snprintf(problems, sizeof problems, "%" PRIu32, h->summary->problems);
    {
        const char *kv[] = {"stream",    stream,
                            "client",    h->client,
                            "server",    h->server,
                            "handshake", w->handshake[h->summary->handshake],
                            "close",     w->close[h->summary->close],
                            "closer",    h->summary->has_closer ? w->role[h->summary->closer] : "-",
                            "problems",  problems,
                            "state",     h->conn_state,
                            "history",   h->history,
                            NULL};
        char line[512];
        if (out)
            fprintf(out, "<g class=\"figure\" id=\"stream-%s\">\n", stream);
        fill(w->msg[TM_LADDER_TITLE], kv, line, sizeof line);
        text(f, LEFT, top + 22, "title", "start", line);
        fill(w->msg[TM_LADDER_SUMMARY], kv, line, sizeof line);
        text(f, LEFT, top + 40, h->summary->problems ? "summary problem" : "summary", "start",
             line);
    }
    text(f, CX, top + 66, "role", "middle", w->msg[TM_CLIENT]);
    text(f, CX, top + 81, "address", "middle", h->client);
    text(f, SX, top + 66, "role", "middle", w->msg[TM_SERVER]);
    text(f, SX, top + 81, "address", "middle", h->server);
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
        f->after[TR_CLIENT] = v->client_after;
        f->after[TR_SERVER] = v->server_after;
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

void tt_svg_doc_begin(FILE *out, tt_lang lang, int height)
{
    const svg_wording *sw = &svg_words[lang < TT_LANG_COUNT ? lang : TT_LANG_EN];

    fprintf(out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\" font-family=\"%s\" lang=\"%s\">\n",
            TT_SVG_WIDTH, height, TT_SVG_WIDTH, height, FONTS,
            tt_wordings[lang < TT_LANG_COUNT ? lang : TT_LANG_EN].code);
    fputs("<title>", out);
    tt_svg_escape(out, sw->title);
    fputs("</title>\n", out);
    fputs("<style>\n"
          "text { fill: #1a1a1a; font-size: 11px; }\n"
          ".title { font-size: 15px; font-weight: bold; }\n"
          ".summary { font-size: 12px; fill: #444; }\n"
          ".role { font-size: 14px; font-weight: bold; }\n"
          ".address { fill: #444; }\n"
          ".state { font-weight: bold; fill: #1f4e9c; }\n"
          ".notation { font-size: 13px; font-weight: bold; }\n"
          ".label { fill: #333; }\n"
          ".frame { font-size: 10px; fill: #777; }\n"
          ".data { fill: #555; font-style: italic; }\n"
          ".note { fill: #777; }\n"
          ".inferred { fill: #777; font-style: italic; }\n"
          ".problem, .problem-text, .wrong { fill: #c62828; }\n"
          ".ok { fill: #2e7d32; }\n"
          ".summary.problem { fill: #c62828; }\n"
          "line { stroke-width: 1.4; }\n"
          ".timeline { stroke: #1a1a1a; stroke-width: 2; }\n"
          ".arrow { stroke: #1a1a1a; }\n"
          ".problem-arrow { stroke: #c62828; }\n"
          ".dashed { stroke: #777; stroke-dasharray: 6 4; }\n"
          ".dotted { stroke: #999; stroke-dasharray: 2 3; }\n"
          ".cross { stroke: #c62828; stroke-width: 2; fill: none; }\n"
          ".rule { stroke: #ccc; stroke-width: 1; }\n"
          "</style>\n"
          "<defs>\n",
          out);
    {
        static const char *const heads[][2] = {{"arrow", "#1a1a1a"},
                                               {"problem-arrow", "#c62828"},
                                               {"dashed", "#777"},
                                               {"dotted", "#999"},
                                               {"time", "#1a1a1a"}};
        for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
            fprintf(out,
                    "<marker id=\"%s\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
                    "markerWidth=\"8\" markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" "
                    "orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"%s\"/></marker>\n",
                    heads[i][0], heads[i][1]);
    }
    fputs("</defs>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n", out);
}

void tt_svg_doc_end(FILE *out)
{
    fputs("</svg>\n", out);
}

void tt_svg_doc_empty(FILE *out, tt_lang lang, const char *filter)
{
    const svg_wording *sw = &svg_words[lang < TT_LANG_COUNT ? lang : TT_LANG_EN];
    tt_svg_fig f = {.out = out};
    char line[512];

    if (filter && *filter) {
        const char *kv[] = {"filter", filter, NULL};
        fill(sw->empty_filter, kv, line, sizeof line);
    } else {
        snprintf(line, sizeof line, "%s", sw->empty_all);
    }
    tt_svg_doc_begin(out, lang, 80);
    text(&f, LEFT, 30, "title", "start", sw->empty);
    text(&f, LEFT, 54, "summary", "start", line);
    tt_svg_doc_end(out);
}
