/* What the SVG figure (svg.c) and its document (svg-doc.c) share: layout, wording, text. */
#ifndef TT_SVG_SHARED_H
#define TT_SVG_SHARED_H

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

/* The figure's own wording, per language (svg-words.c). */
extern const svg_wording tt_svg_words[TT_LANG_COUNT];

/* Writes s as a <text> of figure f at (x, y) with class cls and anchor ("start", "middle", "end");
 * nothing while f only measures or when s is empty. */
void tt_svg_text(const tt_svg_fig *f, int x, int y, const char *cls, const char *anchor,
                 const char *s);

/* Fills template t from the name/value pairs kv (NULL-terminated) into buf. */
void tt_svg_fill(const char *t, const char *const *kv, char *buf, size_t size);

#endif
