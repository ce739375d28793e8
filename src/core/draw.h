/* What the ladder (ladder.c) and the SVG figure (svg.c) both write, in one wording's language. */
#ifndef TT_DRAW_H
#define TT_DRAW_H

#include <stddef.h>
#include <stdint.h>

#include "tcpteach/report.h"

/* Writes line m (TM_LADDER_TITLE or TM_LADDER_SUMMARY) of the heading h in wording w into buf,
 * NUL-terminated; returns its length. */
size_t tt_draw_head(const tt_ladder_head *h, const tt_wording *w, tt_msg m, char *buf, size_t size);

/* Writes the text an arrow carries into buf: the step's notation, or the flags of a segment that
 * is no step. */
void tt_draw_arrow_text(const tt_verdict *v, char *buf, size_t size);

/* Writes the summary (TM_LADDER_DATA) of `segments` segments of `bytes` bytes that role `from` sent
 * and that are no step into buf, NUL-terminated; returns its length. */
size_t tt_draw_data(const tt_wording *w, tt_role from, uint32_t segments, uint64_t bytes, char *buf,
                    size_t size);

/* Updates after[TR_CLIENT/TR_SERVER], the states a drawing last reached, with v's states after;
 * a side v shows at an earlier moment (captured_out_of_order: both; crossed_in_flight: the
 * sender) keeps its state, the note saying why. */
void tt_draw_states_after(const tt_verdict *v, uint8_t after[TR_COUNT]);

#endif
