/* rstan-stats.c
 *
 * The "rstan" tap and its statistics tree: counts of analysed resets by
 * origin, verdict, phase and cause, by host pair, the estimated distance
 * of middleboxes from the capture point, and periodic resets (a device's
 * idle timeout). `tshark -q -z rstan,tree` and
 * Statistics › RST Analysis in the GUI both use it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-stats.h"

#include <epan/stats_tree.h>
#include <epan/tap.h>
#include <epan/to_str.h>

static int rstan_tap = -1;

static int st_total = -1;
static int st_origin = -1;
static int st_verdict = -1;
static int st_phase = -1;
static int st_cause = -1;
static int st_pairs = -1;
static int st_distance = -1;
static int st_point = -1;
static int st_periodic = -1;

static const char st_total_name[] = "TCP resets analysed";
static const char st_periodic_name[] = "Periodic resets (a device forgetting idle flows)";

static void rstan_stats_init(stats_tree *st)
{
    st_total = stats_tree_create_node(st, st_total_name, 0, STAT_DT_INT, TRUE);
    st_origin = stats_tree_create_pivot(st, "By origin", st_total);
    st_verdict = stats_tree_create_pivot(st, "By verdict", st_total);
    st_phase = stats_tree_create_pivot(st, "By phase", st_total);
    st_cause = stats_tree_create_pivot(st, "By cause", st_total);
    st_pairs = stats_tree_create_node(st, "By host pair (sender -> receiver)", st_total, STAT_DT_INT, TRUE);
    st_distance = stats_tree_create_node(st, "Middlebox distance from capture point", st_total,
                                         STAT_DT_INT, TRUE);
    st_point = stats_tree_create_pivot(st, "By capture point", st_total);
    st_periodic = stats_tree_create_node(st, st_periodic_name, st_total, STAT_DT_INT, TRUE);
}

static tap_packet_status rstan_stats_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_,
                                            const void *data, tap_flags_t flags _U_)
{
    const rstan_tap_data_t *td = (const rstan_tap_data_t *)data;
    if (td == NULL || td->v == NULL)
        return TAP_PACKET_DONT_REDRAW;
    const rstan_verdict_t *v = td->v;

    tick_stat_node(st, st_total_name, 0, FALSE);
    stats_tree_tick_pivot(st, st_origin, rstan_origin_name(v->origin));
    stats_tree_tick_pivot(st, st_verdict, rstan_verdict_name(v->verdict));
    stats_tree_tick_pivot(st, st_phase, rstan_phase_name(v->phase));
    stats_tree_tick_pivot(st, st_cause, rstan_cause_name(v->cause));

    char *pair = wmem_strdup_printf(pinfo->pool, "%s -> %s",
                                    address_to_str(pinfo->pool, &pinfo->net_src),
                                    address_to_str(pinfo->pool, &pinfo->net_dst));
    tick_stat_node(st, "By host pair (sender -> receiver)", st_total, TRUE);
    int pair_id = tick_stat_node(st, pair, st_pairs, TRUE);
    tick_stat_node(st, rstan_origin_name(v->origin), pair_id, FALSE);

    if (v->origin == RSTAN_ORIGIN_MIDDLEBOX && v->hops >= 0) {
        /* The reset's own hop count says how far the device is from here,
         * unless its TTL was set, not worn down (an injector's random TTL). */
        char *d = v->hops <= RSTAN_MAX_HOPS
            ? wmem_strdup_printf(pinfo->pool, "%s: %d hop%s", pair, v->hops, v->hops == 1 ? "" : "s")
            : wmem_strdup_printf(pinfo->pool, "%s: unknown (TTL set by the sender, %d hops would be beyond belief)",
                                 pair, v->hops);
        tick_stat_node(st, "Middlebox distance from capture point", st_total, TRUE);
        tick_stat_node(st, d, st_distance, FALSE);
    }
    if (td->point)
        stats_tree_tick_pivot(st, st_point, td->point);
    if (td->periodic) {
        /* With -2 and in the GUI the runs are the whole capture's; a single
         * pass counts a reset once its run has formed. */
        const rstan_periodic_finding_t *f = td->periodic;
        char silence[64], device[48];
        rstan_periodic_text(f, silence, sizeof(silence), device, sizeof(device));
        char *run = wmem_strdup_printf(pinfo->pool, "%s: %s", device, silence);
        tick_stat_node(st, st_periodic_name, st_total, TRUE);
        tick_stat_node(st, run, st_periodic, FALSE);
    }
    return TAP_PACKET_REDRAW;
}

void rstan_stats_register(void)
{
    rstan_tap = register_tap("rstan");
    stats_tree_register_plugin("rstan", "rstan", "RST Analysis", 0,
                               rstan_stats_packet, rstan_stats_init, NULL);
}

void rstan_stats_queue(packet_info *pinfo, const rstan_verdict_t *v, const char *point,
                       const rstan_periodic_finding_t *periodic)
{
    if (rstan_tap < 0)
        return;
    rstan_tap_data_t *td = wmem_new(pinfo->pool, rstan_tap_data_t);
    td->v = v;
    td->point = point;
    td->periodic = periodic;
    tap_queue_packet(rstan_tap, pinfo, td);
}
