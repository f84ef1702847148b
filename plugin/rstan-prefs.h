/* rstan-prefs.h
 *
 * The user's preferences, copied into a plain rstan_config_t for the engine.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef RSTAN_PREFS_H
#define RSTAN_PREFS_H

#include <glib.h>

#include "engine/rstan-engine.h"
#include "rstan-compat.h"

/* The engine's thresholds, valid after rstan_prefs_register(). */
extern rstan_config_t rstan_config;
/* Whether to read a load balancer's reason code from a reset's window. */
extern rstan_pref_bool_t rstan_pref_window_codes;
/* Whether to add connection-level fields to every packet of a reset connection. */
extern rstan_pref_bool_t rstan_pref_conn_fields;

void rstan_prefs_register(int proto);

#endif /* RSTAN_PREFS_H */
