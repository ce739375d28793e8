/* The conversation table in the GUI (Statistics > TCP Teaching Conversations; -z tcpteach,table).
 */
#include <string.h>

#include <epan/tap.h>
#include <epan/stat_tap_ui.h>

#include "tcpteach-plugin.h"

#define TABLE_TITLE "TCP Teaching conversations"

/* Makes the table once per UI; a new run starts from no rows. */
static void table_init(stat_tap_table_ui *ui)
{
    stat_tap_table *table = stat_tap_find_table(ui, TABLE_TITLE);

    if (table) {
        if (ui->stat_tap_reset_table_cb)
            ui->stat_tap_reset_table_cb(table);
        return;
    }
    table = stat_tap_init_table(TABLE_TITLE, TT_CONV_COLUMNS, 0, "tcp.stream");
    stat_tap_add_table(ui, table);
}

/* Writes the row of a conversation (row = its tcp.stream) as its summary says now; on a later pass
 * the summary is final. */
/* cppcheck-suppress constParameterCallback ; the signature is tap_packet_cb */
static tap_packet_status table_packet(void *ptr, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                                      const void *data, tap_flags_t flags _U_)
{
    const stat_data_t *sd = (const stat_data_t *)ptr;
    const tt_tap_data *td = (const tt_tap_data *)data;
    const tt_flow *flow = td->flow;
    stat_tap_table *table = g_array_index(sd->stat_tap_data->tables, stat_tap_table *, 0);
    stat_tap_table_item_type cells[TT_CONV_COLUMNS];

    tt_conv_row(flow, &tt_wordings[td->view->lang], td->final, td->view->capture_end_us, cells);
    if (flow->stream < table->num_elements) /* the row exists: free its old strings */
        tt_conv_row_free(stat_tap_get_field_data(table, flow->stream, 0));
    stat_tap_init_table_row(table, flow->stream, TT_CONV_COLUMNS, cells);
    return TAP_PACKET_REDRAW;
}

/* Empties a table's strings (its rows stay, zeroed, until the next run writes them). */
static void table_reset(stat_tap_table *table)
{
    for (guint row = 0; row < table->num_elements; row++) {
        stat_tap_table_item_type *cells = stat_tap_get_field_data(table, row, 0);
        for (guint c = 0; c < table->num_fields; c++) {
            if (cells[c].type == TABLE_ITEM_STRING)
                g_free((char *)cells[c].value.string_value);
            memset(&cells[c], 0, sizeof cells[c]);
        }
    }
}

/* Frees one cell when Wireshark frees the table. */
static void table_free_item(stat_tap_table *table _U_, guint row _U_, guint column _U_,
                            stat_tap_table_item_type *cell)
{
    if (cell->type == TABLE_ITEM_STRING)
        g_free((char *)cell->value.string_value);
}

void tt_register_table(void)
{
    static stat_tap_table_ui ui = {
        REGISTER_PACKET_STAT_GROUP_UNSORTED,
        "TCP Teaching Conversations",
        "tcpteach",
        "tcpteach,table",
        table_init,
        table_packet,
        table_reset,
        table_free_item,
        NULL,
        TT_CONV_COLUMNS,
        tt_conv_columns,
        0,
        NULL,
        NULL,
        0,
    };

    register_stat_tap_table_ui(&ui);
}
