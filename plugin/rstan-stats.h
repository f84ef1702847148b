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

/* Register the tap and the stats tree; call once from protocol registration. */
void rstan_stats_register(void);

/* Queue one analysed reset for the tap's listeners; v must outlive the packet. */
void rstan_stats_queue(packet_info *pinfo, const rstan_verdict_t *v);

#endif /* RSTAN_STATS_H */
