/* rstan-prefs.c
 *
 * Registers rstan's preferences (-o rstan.<name>:<value>, Edit › Preferences
 * › Protocols › RSTAN) and copies them into the engine's rstan_config_t.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-prefs.h"

#include <epan/prefs.h>

static rstan_config_t rstan_config;
static rstan_pref_bool_t rstan_pref_window_codes = FALSE;
static rstan_pref_bool_t rstan_pref_conn_fields = TRUE;

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

/* The thresholds are registered straight on rstan_config's fields; the
 * apply callback only keeps them sane. */
static void rstan_prefs_apply(void)
{
    if (rstan_config.retx_threshold == 0)
        rstan_config.retx_threshold = 1;
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
        "Timing evidence is used only when the handshake round trip is at least this long.",
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
}
