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
const rstan_config_t *rstan_prefs_config(void);
/* Whether to read a load balancer's reason code from a reset's window. */
gboolean rstan_prefs_window_codes(void);
/* Whether to add connection-level fields to every packet of a reset connection. */
gboolean rstan_prefs_conn_fields(void);

void rstan_prefs_register(int proto);

#endif /* RSTAN_PREFS_H */
