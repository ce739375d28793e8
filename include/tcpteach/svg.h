/* The textbook figure of conversations as one self-contained SVG document (plain C, no Wireshark).
 */
#ifndef TCPTEACH_SVG_H
#define TCPTEACH_SVG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tcpteach/core.h"
#include "tcpteach/report.h"
#include "tcpteach/text.h"

/* Width of the document in SVG user units (a viewBox scales it to the page or slide). */
#define TT_SVG_WIDTH 720

/* One conversation's figure being measured (out NULL) or drawn: client timeline left, server right,
 * one arrow per step, data segments summarised per direction between arrows as the ladder does.
 * Coordinates are whole user units, so the output is the same on every run. */
typedef struct tt_svg_fig {
    FILE *out; /* NULL: only measures */
    tt_lang lang;
    bool times;                         /* write each arrow's time (given to tt_svg_fig_add) */
    int top, y;                         /* the figure's top, and where the next row goes */
    uint8_t shown[TR_COUNT];            /* the states last written, per role */
    uint8_t after[TR_COUNT];            /* the states after the last segment added */
    uint32_t segments[TR_COUNT];        /* segments summarised since the last arrow */
    uint64_t bytes[TR_COUNT];           /* their bytes */
    tt_anomaly_set pending[TR_COUNT];   /* anomalies on those segments, per sender */
    uint32_t pending_ignored[TR_COUNT]; /* how many of them a real stack ignored */
    uint32_t first_frame[TR_COUNT], last_frame[TR_COUNT]; /* the frames they span */
} tt_svg_fig;

/* Starts the figure of the conversation headed h at height top: writes (unless measuring) its
 * heading (stream, client and server address:port, the verdict line), both timelines' titles and
 * the starting states (those before verdict `first`, the conversation's first, completed). */
void tt_svg_fig_begin(tt_svg_fig *f, FILE *out, tt_lang lang, bool times, int top,
                      const tt_ladder_head *h, const tt_verdict *first);

/* Adds the next verdict (completed, in capture order): steps and RST, SYN and FIN segments get an
 * arrow, the others are counted into the next data line. time_us is written beside the arrow when
 * f->times is set (microseconds, e.g. since the capture's first frame; ignored otherwise). */
void tt_svg_fig_add(tt_svg_fig *f, const tt_verdict *v, int64_t time_us);

/* Finishes the figure (what is still summarised, the timelines' ends) and returns its bottom: the
 * top of the next figure. Measuring and drawing the same verdicts give the same bottom. */
int tt_svg_fig_end(tt_svg_fig *f);

/* Writes the document's start: the XML declaration, an <svg> of TT_SVG_WIDTH by height with its
 * viewBox, styles and a title in language lang. height is the last figure's bottom (measure every
 * figure first, with out NULL, from top 0). */
void tt_svg_doc_begin(FILE *out, tt_lang lang, int height);

/* Writes the document's end. */
void tt_svg_doc_end(FILE *out);

/* Writes a whole document saying that no conversation was selected; filter (may be NULL or "") is
 * the display filter that selected nothing, quoted in it. */
void tt_svg_doc_empty(FILE *out, tt_lang lang, const char *filter);

/* Writes s to out with &, <, >, " and ' escaped for XML text and attributes, and any byte that XML
 * forbids (control characters) left out. */
void tt_svg_escape(FILE *out, const char *s);

#endif
