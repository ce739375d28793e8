/* A benchmark probe: a postdissector that returns at once, asking (PROBE_WANTS_FIELDS=1) or not for
 * the TCP fields tcpteach reads, to measure what Wireshark spends before tcpteach's own code runs.
 */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/proto.h>

#ifndef PROBE_WANTS_FIELDS
#define PROBE_WANTS_FIELDS 0
#endif

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = "0.0.0";
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

static int proto_probe = -1;

/* Does nothing: the cost measured is Wireshark's calling it, and building what it asked for. */
static int dissect_probe(tvbuff_t *tvb _U_, packet_info *pinfo _U_, proto_tree *tree _U_,
                         void *data _U_)
{
    return 0;
}

/* Registers the probe protocol (a name no real plugin uses). */
static void register_probe(void)
{
    proto_probe = proto_register_protocol("tcpteach benchmark probe", "TTProbe", "tcpteach_probe");
}

/* Registers the postdissector, with the same wanted fields as plugin/extract.c when asked. */
static void handoff_probe(void)
{
    static const char *const fields[] = {"tcp.srcport", "tcp.dstport", "tcp.stream", "tcp.seq_raw",
                                         "tcp.ack_raw", "tcp.flags",   "tcp.len"};
    dissector_handle_t handle = create_dissector_handle(dissect_probe, proto_probe);

    register_postdissector(handle);
    if (PROBE_WANTS_FIELDS) {
        GArray *wanted = g_array_new(FALSE, FALSE, (guint)sizeof(int));
        for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
            int id = proto_registrar_get_id_byname(fields[i]);
            if (id > 0)
                g_array_append_val(wanted, id);
        }
        set_postdissector_wanted_hfids(handle, wanted);
    }
}

/* Called by Wireshark when it loads the plugin. */
void plugin_register(void)
{
    static proto_plugin plug;

    plug.register_protoinfo = register_probe;
    plug.register_handoff = handoff_probe;
    proto_register_plugin(&plug);
}
