/* plugin.c
 *
 * The plugin's entry point: the symbols every Wireshark plugin exports (and,
 * from 4.4 on, plugin_describe(): see rstan-compat.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <epan/packet.h>
#include <epan/proto.h>
#include <ws_symbol_export.h>

#include "packet-rstan.h"
#include "rstan-register.h"
#include "rstan-compat.h"

#ifndef RSTAN_VERSION
#define RSTAN_VERSION "0.0.0"
#endif

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = RSTAN_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = RSTAN_WS_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = RSTAN_WS_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

RSTAN_PLUGIN_DESCRIBE_DISSECTOR

void plugin_register(void)
{
    static proto_plugin plug;

    plug.register_protoinfo = proto_register_rstan;
    plug.register_handoff = proto_reg_handoff_rstan;
    proto_register_plugin(&plug);
}
