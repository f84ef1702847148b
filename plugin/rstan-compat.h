/* rstan-compat.h
 *
 * Everything that differs between the Wireshark releases rstan builds
 * against (4.0, 4.2, 4.4, 4.6), in one place. The other files use the names
 * below and never test the version themselves. The version is the one of the
 * headers being compiled against (ws_version.h); a plugin only loads into the
 * MAJOR.MINOR release it was built for.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef RSTAN_COMPAT_H
#define RSTAN_COMPAT_H

#include <glib.h>
#include <ws_symbol_export.h>
#include <ws_version.h>

#define RSTAN_WS_AT_LEAST(major, minor) \
    (WIRESHARK_VERSION_MAJOR > (major) || \
     (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

#if RSTAN_WS_AT_LEAST(4, 4)
#include <stdbool.h>
#include <stdint.h>
#include <wsutil/plugins.h>

/* prefs_register_bool_preference() writes a C bool from 4.4 on. A cast
 * would not do: a one-byte bool would be written into a four-byte gboolean. */
typedef bool rstan_pref_bool_t;

/* From 4.4 on a plugin says what it is; without this `tshark -G plugins`
 * lists it as "unknown". Used once, in plugin.c. */
#define RSTAN_PLUGIN_DESCRIBE_DISSECTOR \
    WS_DLL_PUBLIC uint32_t plugin_describe(void); \
    uint32_t plugin_describe(void) { return WS_PLUGIN_DESC_DISSECTOR; }

#else

typedef gboolean rstan_pref_bool_t;

/* 4.0 and 4.2 have no plugin_describe(): every plugin is just a plugin. */
#define RSTAN_PLUGIN_DESCRIBE_DISSECTOR

#endif

/* Wireshark 4.4 added the pcapng section to the interface look-ups (epan.h;
 * 4.2.2 still takes the interface id alone). */
#include <epan/epan.h>
static inline const char *rstan_epan_if_name(const epan_t *e, guint32 id, guint section, gboolean description)
{
#if RSTAN_WS_AT_LEAST(4, 4)
    return description ? epan_get_interface_description(e, id, section) : epan_get_interface_name(e, id, section);
#else
    (void)section;
    return description ? epan_get_interface_description(e, id) : epan_get_interface_name(e, id);
#endif
}

#endif /* RSTAN_COMPAT_H */
