/* rstan-points-clock.c
 *
 * Capture points, the clocks: each pair of points' clock offset and transit
 * time from the minimum one-way delay each way (Paxson, SIGMETRICS 1998; see
 * rstan-points.h), a user's offsets before any estimate, and the time window
 * in which two copies of one packet may lie.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-points-internal.h"

#include <string.h>

static bool pair_estimate(const rstan_pt_ctx_t *ctx, unsigned p, unsigned q, int64_t *off, int64_t *tr)
{
    unsigned lo = p < q ? p : q, hi = p < q ? q : p;
    const rstan_pt_pair_t *pr = &ctx->pair[lo][hi];
    if (!pr->n_up || !pr->n_down)
        return false;
    /* offset(hi - lo) = (d_lo_hi - d_hi_lo) / 2 with d_hi_lo = -down_max. */
    int64_t o = pr->down_max + (pr->up_min - pr->down_max) / 2;
    int64_t t = (pr->up_min - pr->down_max) / 2;
    *off = p == lo ? o : -o;
    *tr = t < 0 ? 0 : t;
    return true;
}

rstan_pt_clock_t rstan_pt_clock_offset(const rstan_pt_ctx_t *ctx, unsigned p, unsigned q,
                                       int64_t *offset_ns, int64_t *transit_ns)
{
    int64_t off = 0, tr = -1, o2, t2;
    rstan_pt_clock_t src = RSTAN_PT_CLOCK_UNKNOWN;

    if (p >= RSTAN_PT_MAX_POINTS || q >= RSTAN_PT_MAX_POINTS) {
        /* nothing known */
    } else if (p == q) {
        off = 0;
        tr = 0;
        src = RSTAN_PT_CLOCK_ESTIMATED;
    } else if (ctx->cfg.offset_set[p] || ctx->cfg.offset_set[q]) {
        off = ctx->cfg.offset_ns[q] - ctx->cfg.offset_ns[p];
        if (pair_estimate(ctx, p, q, &o2, &t2))
            tr = t2;
        src = RSTAN_PT_CLOCK_USER;
    } else if (pair_estimate(ctx, p, q, &off, &tr)) {
        src = RSTAN_PT_CLOCK_ESTIMATED;
    } else {
        /* Through a third point both were matched with. */
        for (unsigned r = 0; r < RSTAN_PT_MAX_POINTS; r++) {
            int64_t a, ta, b, tb;
            if (r == p || r == q || !pair_estimate(ctx, p, r, &a, &ta) || !pair_estimate(ctx, r, q, &b, &tb))
                continue;
            off = a + b;
            tr = ta + tb;
            src = RSTAN_PT_CLOCK_ESTIMATED;
            break;
        }
    }
    if (offset_ns)
        *offset_ns = off;
    if (transit_ns)
        *transit_ns = tr;
    return src;
}

/* How far apart two copies at points p and q may be, time-wise: wide while
 * the pair has no clock offset, narrow around it after. */
rstan_pt_window_t rstan_pt_window_of(const rstan_pt_ctx_t *ctx, unsigned p, unsigned q)
{
    rstan_pt_window_t w;
    int64_t tr;
    if (rstan_pt_clock_offset(ctx, p, q, &w.off, &tr) == RSTAN_PT_CLOCK_UNKNOWN) {
        w.off = 0;
        w.span = RSTAN_PT_WIDE_NS;
    } else {
        w.span = RSTAN_PT_NARROW_NS + (tr > 0 ? tr : 0);
    }
    return w;
}

/* Feeds a link's delay samples into its pair of points, once its orientation
 * is known. Min and max only move one way, so feeding again is harmless. */
void rstan_pt_pair_update(rstan_pt_ctx_t *ctx, const rstan_pt_conn_t *here, rstan_pt_link_t *l)
{
    unsigned p = here->point, q = l->peer->point;
    unsigned lo = p < q ? p : q;
    rstan_pt_pair_t *pr = &ctx->pair[lo][p < q ? q : p];
    int up0 = rstan_pt_link_up(l, 0);
    if (up0 < 0)
        return;
    for (unsigned d = 0; d < 2; d++) {
        if (!l->samples[d])
            continue;
        bool here_up = (d == 0) == (up0 == 1);
        /* Samples are t_peer - t_here; the pair keeps t_hi - t_lo. */
        int64_t vmin = p == lo ? l->dmin[d] : -l->dmax[d];
        int64_t vmax = p == lo ? l->dmax[d] : -l->dmin[d];
        bool lo_to_hi = (p == lo) == here_up;
        if (lo_to_hi) {
            if (vmin < pr->up_min)
                pr->up_min = vmin;
            pr->n_up++;
        } else {
            if (vmax > pr->down_max)
                pr->down_max = vmax;
            pr->n_down++;
        }
    }
    rstan_pt_link_t *back = rstan_pt_link_back(l, here);
    if (!(l->counted & 1) && here->client_dir >= 0) {
        bool c2s_here_up = ((unsigned)here->client_dir == 0) == (up0 == 1);
        if ((p == lo) == c2s_here_up)
            pr->c2s_up++;
        else
            pr->c2s_down++;
        l->counted |= 1;
        if (back)
            back->counted |= 1;
    }
}
