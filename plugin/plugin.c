/* Wireshark plugin entry point: tells Wireshark which version it was built for and what it
 * registers. */
#include <wireshark.h>
#include <epan/proto.h>

#include "ws-compat.h"

void proto_register_tcpteach(void);
void proto_reg_handoff_tcpteach(void);

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = PLUGIN_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

/* Tells Wireshark's About > Plugins (4.4 and later) what kind of plugin this is: a dissector with
 * taps. */
TT_WS_PLUGIN_DESCRIBE(WS_PLUGIN_DESC_DISSECTOR | WS_PLUGIN_DESC_TAP_LISTENER)

/* Called by Wireshark when it loads the plugin. */
void plugin_register(void)
{
    static proto_plugin plug;

    plug.register_protoinfo = proto_register_tcpteach;
    plug.register_handoff = proto_reg_handoff_tcpteach;
    proto_register_plugin(&plug);
}
