/* The conversation row: one builder and one column table for -z tcpteach,conv and the GUI table. */
#include <string.h>

#include "tcpteach-plugin.h"

stat_tap_table_item tt_conv_columns[] = {
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "stream", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "client", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "server", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "handshake", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "close", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "closer", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "conn_state", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "history", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "problems", "%u"},
};
G_STATIC_ASSERT(G_N_ELEMENTS(tt_conv_columns) == TT_CONV_COLUMNS);

void tt_conv_row(const tt_flow *flow, const tt_wording *w, gboolean final, guint64 capture_end_us,
                 stat_tap_table_item_type cells[TT_CONV_COLUMNS])
{
    tt_summary sum;
    char *client, *server;

    tt_conv_summarize(&flow->conv, final, capture_end_us, &sum);
    tt_flow_endpoints(flow, &client, &server);
    memset(cells, 0, TT_CONV_COLUMNS * sizeof *cells);
    for (int c = 0; c < TT_CONV_COLUMNS; c++)
        cells[c].type = tt_conv_columns[c].type;
    cells[0].value.uint_value = flow->stream;
    cells[1].value.string_value = client;
    cells[2].value.string_value = server;
    cells[3].value.string_value =
        g_strdup(w ? w->handshake[sum.handshake] : tt_handshake_name[sum.handshake]);
    cells[4].value.string_value = g_strdup(w ? w->close[sum.close] : tt_close_name[sum.close]);
    cells[5].value.string_value = g_strdup(!sum.has_closer ? "-"
                                           : w             ? w->role[sum.closer]
                                                           : tt_role_name[sum.closer]);
    cells[6].value.string_value = g_strdup(tt_zeek_conn_state(&flow->conv.zeek));
    cells[7].value.string_value = g_strdup(tt_zeek_history(&flow->conv.zeek));
    cells[8].value.uint_value = sum.problems;
}

void tt_conv_row_free(stat_tap_table_item_type cells[TT_CONV_COLUMNS])
{
    for (int c = 0; c < TT_CONV_COLUMNS; c++)
        if (cells[c].type == TABLE_ITEM_STRING)
            g_free((char *)cells[c].value.string_value);
}
