/* rstan-stats.h
 *
 * The "rstan" tap and the statistics tree fed by it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef RSTAN_STATS_H
#define RSTAN_STATS_H

#include <epan/packet.h>

#include "engine/rstan-engine.h"
#include "engine/rstan-periodic.h"

/* Register the tap and the stats tree; call once from protocol registration. */
void rstan_stats_register(void);

/* What the tap carries for one analysed reset. */
typedef struct {
    const rstan_verdict_t *v;
    const char *point;            /* capture point name; NULL with one point */
    const rstan_periodic_finding_t *periodic;  /* the periodic run it belongs to, or NULL */
} rstan_tap_data_t;

/* Queue one analysed reset for the tap's listeners; v, point and periodic
 * must outlive the packet. */
void rstan_stats_queue(packet_info *pinfo, const rstan_verdict_t *v, const char *point,
                       const rstan_periodic_finding_t *periodic);

#endif /* RSTAN_STATS_H */
