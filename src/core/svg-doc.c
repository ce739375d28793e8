/* The SVG document: its start (size, styles, arrowheads, title), its end, the empty one, and text
 * written into it (escaped, templates filled). */
#include <string.h>

#include "svg-shared.h"

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

void tt_svg_text(const tt_svg_fig *f, int x, int y, const char *cls, const char *anchor,
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

void tt_svg_fill(const char *t, const char *const *kv, char *buf, size_t size)
{
    buf[0] = '\0';
    tt_fill(t, pair_value, kv, buf, size, 0);
}

void tt_svg_doc_begin(FILE *out, tt_lang lang, int height)
{
    const svg_wording *sw = &tt_svg_words[lang < TT_LANG_COUNT ? lang : TT_LANG_EN];

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
    const svg_wording *sw = &tt_svg_words[lang < TT_LANG_COUNT ? lang : TT_LANG_EN];
    tt_svg_fig f = {.out = out};
    char line[512];

    if (filter && *filter) {
        const char *kv[] = {"filter", filter, NULL};
        tt_svg_fill(sw->empty_filter, kv, line, sizeof line);
    } else {
        snprintf(line, sizeof line, "%s", sw->empty_all);
    }
    tt_svg_doc_begin(out, lang, 80);
    tt_svg_text(&f, LEFT, 30, "title", "start", sw->empty);
    tt_svg_text(&f, LEFT, 54, "summary", "start", line);
    tt_svg_doc_end(out);
}
