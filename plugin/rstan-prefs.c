/* rstan-prefs.c
 *
 * Registers rstan's preferences (-o rstan.<name>:<value>, Edit › Preferences
 * › Protocols › RSTAN) and copies them into the engine's rstan_config_t.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-prefs.h"

#include <string.h>

#include <epan/prefs.h>

#include "engine/rstan-points.h"

static rstan_config_t rstan_config;
static rstan_pref_bool_t rstan_pref_window_codes = FALSE;
static rstan_pref_bool_t rstan_pref_conn_fields = TRUE;
static const char *rstan_pref_point_names = "";
static const char *rstan_pref_point_offsets = "";
/* Parsed from the two strings above by the apply callback: entries by the
 * number the user gave, a file's interface number or a Linux interface
 * index (cooked v2 captures), so any 32-bit number. */
#define RSTAN_PREF_POINTS (RSTAN_PT_MAX_POINTS * 4)
typedef struct {
    guint32 key;
    char   *name;
    gint64  offset_ns;
    bool    offset_set;
} rstan_point_pref_t;
static rstan_point_pref_t rstan_point_prefs[RSTAN_PREF_POINTS];
static guint rstan_point_prefs_n;

static rstan_point_pref_t *point_pref(guint32 key, bool add)
{
    for (guint i = 0; i < rstan_point_prefs_n; i++) {
        if (rstan_point_prefs[i].key == key)
            return &rstan_point_prefs[i];
    }
    if (!add || rstan_point_prefs_n == RSTAN_PREF_POINTS)
        return NULL;
    rstan_point_pref_t *p = &rstan_point_prefs[rstan_point_prefs_n++];
    p->key = key;
    return p;
}

const rstan_config_t *rstan_prefs_config(void)
{
    return &rstan_config;
}

gboolean rstan_prefs_window_codes(void)
{
    return rstan_pref_window_codes != 0;
}

gboolean rstan_prefs_conn_fields(void)
{
    return rstan_pref_conn_fields != 0;
}

const char *rstan_prefs_point_name(guint32 iface)
{
    const rstan_point_pref_t *p = point_pref(iface, false);
    return p ? p->name : NULL;
}

bool rstan_prefs_point_offset(guint32 iface, gint64 *offset_ns)
{
    const rstan_point_pref_t *p = point_pref(iface, false);
    if (p == NULL || !p->offset_set)
        return false;
    *offset_ns = p->offset_ns;
    return true;
}

/* "N:value,N:value": each value handed to take() for number N (32 bits);
 * malformed entries, and entries past the table's size, are skipped. */
static void parse_point_list(const char *text, void (*take)(guint32, const char *))
{
    gchar **items = g_strsplit(text ? text : "", ",", RSTAN_PREF_POINTS);
    for (gchar **it = items; *it; it++) {
        gchar *colon = strchr(*it, ':');
        if (colon == NULL)
            continue;
        *colon = '\0';
        gchar *end = NULL;
        guint64 idx = g_ascii_strtoull(g_strstrip(*it), &end, 10);
        if (end == *it || *end != '\0' || idx > G_MAXUINT32)
            continue;
        take((guint32)idx, g_strstrip(colon + 1));
    }
    g_strfreev(items);
}

static void take_name(guint32 key, const char *v)
{
    rstan_point_pref_t *p = v[0] ? point_pref(key, true) : NULL;
    if (p) {
        g_free(p->name);
        p->name = g_strdup(v);
    }
}

static void take_offset(guint32 key, const char *v)
{
    gchar *end = NULL;
    gdouble secs = g_ascii_strtod(v, &end);
    if (end == v || *end != '\0' || !(secs > -86400.0 && secs < 86400.0))
        return;
    rstan_point_pref_t *p = point_pref(key, true);
    if (p) {
        p->offset_ns = (gint64)(secs * 1e9);
        p->offset_set = true;
    }
}

/* The thresholds are registered straight on rstan_config's fields; the
 * apply callback keeps them sane and parses the capture-point lists. */
static void rstan_prefs_apply(void)
{
    if (rstan_config.retx_threshold == 0)
        rstan_config.retx_threshold = 1;
    for (guint i = 0; i < rstan_point_prefs_n; i++)
        g_free(rstan_point_prefs[i].name);
    memset(rstan_point_prefs, 0, sizeof(rstan_point_prefs));
    rstan_point_prefs_n = 0;
    parse_point_list(rstan_pref_point_names, take_name);
    parse_point_list(rstan_pref_point_offsets, take_offset);
}

void rstan_prefs_register(int proto)
{
    rstan_config_default(&rstan_config);

    module_t *m = prefs_register_protocol(proto, rstan_prefs_apply);
    prefs_register_uint_preference(m, "ttl_tolerance", "TTL tolerance (hops)",
        "Hop-distance difference still treated as noise when comparing a reset with its "
        "sender's other packets.", 10, &rstan_config.ttl_tolerance);
    prefs_register_uint_preference(m, "idle_threshold", "Idle threshold (ms)",
        "Silence before a reset, in milliseconds, that counts as an idle timeout.",
        10, &rstan_config.idle_threshold_ms);
    prefs_register_uint_preference(m, "retx_threshold", "Retransmissions before giving up",
        "Retransmissions without progress after which a sender is taken to have given up.",
        10, &rstan_config.retx_threshold);
    prefs_register_uint_preference(m, "burst_window", "Burst window (ms)",
        "Resets from one side within this many milliseconds form a burst.",
        10, &rstan_config.burst_window_ms);
    prefs_register_uint_preference(m, "min_rtt", "Minimum round trip for timing (us)",
        "Timing evidence is used only when the round trip to the reset's sender (its quickest answer at the capture point) is at least this long.",
        10, &rstan_config.min_rtt_us);
    prefs_register_uint_preference(m, "ipid_max_step", "IP ID continuity step",
        "Largest IP ID step from the sender's previous packet still counted as continuous.",
        10, &rstan_config.ipid_max_step);
    prefs_register_uint_preference(m, "both_sides_window", "Both-sides window (ms)",
        "Resets towards both endpoints within this many milliseconds count as one device cutting "
        "the connection both ways.", 10, &rstan_config.both_sides_window_ms);
    prefs_register_uint_preference(m, "after_spoof_window", "After-spoof window (ms)",
        "For this many milliseconds after a spoofed reset, a reset between the same hosts is "
        "suspect too.", 10, &rstan_config.after_spoof_window_ms);
    prefs_register_bool_preference(m, "window_codes", "Read reason codes from the window field",
        "Treat a non-zero window on a reset as a load balancer's reason code (Citrix NetScaler).",
        &rstan_pref_window_codes);
    prefs_register_bool_preference(m, "conn_fields", "Connection-level fields",
        "Add how the connection ended (rstan_conn.*) to every packet of a connection with a reset.",
        &rstan_pref_conn_fields);
    prefs_register_string_preference(m, "point_names", "Capture point names",
        "Names for the capture points (interfaces) of a file holding several, as interface:name pairs, "
        "e.g. 0:client-side,1:server-side; in a Linux cooked v2 capture (tcpdump -i any) by the device's "
        "interface index, e.g. 2:inside,3:outside. Unnamed points take the interface's name or description, else if<N>.",
        &rstan_pref_point_names);
    prefs_register_string_preference(m, "point_offsets", "Capture point clock offsets (s)",
        "Override the estimated clock offsets: interface:seconds pairs, each that interface's clock minus "
        "interface 0's, e.g. 1:-900.25. Empty: estimated from packets seen at two points.",
        &rstan_pref_point_offsets);
}
