/* rstan-points-verdict.c
 *
 * Capture points, the verdict on a reset copy: where it was seen and where a
 * covering point did not see it. Seen upstream and downstream: it crossed
 * the path; seen only downstream of a point that saw the flow: made between
 * the points; seen only near its sender: lost on the way; resets both ways
 * made between at once: one injector resetting both ends.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-points-internal.h"

#include <string.h>

/* Is point q upstream (1) or downstream (0) of r's point for r's direction,
 * or unknown (-1)? From the connection's tie to q, else from how
 * client-to-server traffic runs between the two points in other connections. */
static int rel_of(const rstan_pt_ctx_t *ctx, const rstan_pt_result_t *r, unsigned q)
{
    const rstan_pt_conn_t *conn = r->conn;
    const rstan_pt_link_t *l = rstan_pt_link_to(conn, q);
    if (l) {
        int up = rstan_pt_link_up(l, r->dir);
        if (up >= 0)
            return up ? 0 : 1;
    }
    if (conn->client_dir < 0)
        return -1;
    unsigned p = r->point, lo = p < q ? p : q, hi = p < q ? q : p;
    const rstan_pt_pair_t *pr = &ctx->pair[lo][hi];
    if (pr->c2s_up == pr->c2s_down)
        return -1;
    bool c2s = r->dir == (unsigned)conn->client_dir;
    bool lo_to_hi = (pr->c2s_up > pr->c2s_down) == c2s;
    /* The packet runs lo->hi: lo is upstream. */
    return (q == lo) == lo_to_hi ? 1 : 0;
}

/* Did point q capture at the time r's copy would have passed it? From its
 * first packet on, and until RSTAN_PT_TAIL_NS after its last: a capture
 * file does not say when capturing stopped, and a quiet point after a reject
 * (nothing more came its way) is the usual case, not a stopped one. */
static bool covers(const rstan_pt_ctx_t *ctx, unsigned q, int64_t t_q, int rel, int64_t tr)
{
    const rstan_pt_point_t *pt = &ctx->point[q];
    int64_t t = rel == 1 ? t_q - (tr > 0 ? tr : 0) : t_q + (tr > 0 ? tr : 0);
    return pt->frames > 0 && pt->first_ts <= t && t - pt->last_ts <= RSTAN_PT_TAIL_NS;
}

/* Corrected time, on r's clock, of the copy at point q. */
static bool copy_time(const rstan_pt_ctx_t *ctx, const rstan_pt_result_t *r, unsigned q, int64_t ts,
                      int64_t *t)
{
    int64_t off;
    if (rstan_pt_clock_offset(ctx, r->point, q, &off, NULL) == RSTAN_PT_CLOCK_UNKNOWN)
        return false;
    *t = ts - off;
    return true;
}

/* Order of copies along the path: a higher TTL is nearer the sender; with
 * equal TTLs, the earlier corrected time. */
static bool before(const rstan_pt_ctx_t *ctx, const rstan_pt_result_t *r, unsigned a, unsigned b)
{
    const rstan_pt_copy_t *ca = &r->seen[a], *cb = &r->seen[b];
    int64_t ta, tb;
    if (ca->ttl != cb->ttl)
        return ca->ttl > cb->ttl;
    if (copy_time(ctx, r, a, ca->ts_ns, &ta) && copy_time(ctx, r, b, cb->ts_ns, &tb) && ta != tb)
        return ta < tb;
    return a < b;
}

static void settle_core(const rstan_pt_ctx_t *ctx, rstan_pt_result_t *r)
{
    unsigned seen[RSTAN_PT_MAX_POINTS];
    unsigned n = 0, P = r->point;
    bool linked_between = false, unjudged = false;
    /* A connection that never got going at this point (a SYN and its
     * reject) may never have reached a point it is not tied to. */
    bool small = r->conn != NULL && r->conn->packets <= RSTAN_PT_UNTIED_MAX;
    bool stray = r->conn != NULL && rstan_pt_stray(r->conn);

    r->flags = 0;
    r->n_seen = 0;
    r->copy_frame = 0;
    r->transit_ns = -1;
    r->clock_offset_ns = 0;
    r->clock = RSTAN_PT_CLOCK_UNKNOWN;
    r->hops_between = -1;
    r->hops_from_point = -1;
    r->confidence = 0;
    r->between_from = r->between_to = r->lost_from = r->lost_to = 0;
    r->both_peer = NULL;
    memset(r->seen_at, 0, sizeof(r->seen_at));
    memset(r->at, 0, sizeof(r->at));
    if (P >= RSTAN_PT_MAX_POINTS || r->conn == NULL)
        return;
    r->at[P] = RSTAN_PT_AT_SELF;

    for (unsigned q = 0; q < RSTAN_PT_MAX_POINTS; q++) {
        int64_t off, tr;
        if (q == P)
            continue;
        if (r->seen[q].frame) {
            r->at[q] = RSTAN_PT_AT_SEEN;
            continue;
        }
        bool linked = rstan_pt_link_to(r->conn, q) != NULL;
        bool judged = linked || (ctx->cfg.one_path && small);
        if (ctx->point[q].packets == 0) {
            /* A point of the file with no TCP yet (its first may come after
             * this reset): nothing tells where it lies, so it may lie on the
             * sender's side of every copy. */
            if ((ctx->point[q].declared || ctx->point[q].frames) && judged && !stray)
                unjudged = true;
            continue;
        }
        int rel = rel_of(ctx, r, q);
        if (rel < 0 && judged && !stray)
            unjudged = true;
        /* Not matched is no proof for a packet of no connection: a copy
         * rewritten past recognition looks the same as no copy. */
        if (rel < 0 || !judged || (!linked && stray))
            continue;
        if (rstan_pt_clock_offset(ctx, P, q, &off, &tr) == RSTAN_PT_CLOCK_UNKNOWN) {
            r->at[q] = RSTAN_PT_AT_NO_CLOCK;
            r->flags |= RSTAN_PT_NO_CLOCK;
            unjudged |= rel == 1;
            continue;
        }
        if (!covers(ctx, q, r->ts_ns + off, rel, tr)) {
            r->at[q] = RSTAN_PT_AT_GAP;
            r->flags |= RSTAN_PT_GAP;
            unjudged |= rel == 1;
            continue;
        }
        if (r->odd_frame[q]) {
            r->at[q] = RSTAN_PT_AT_ODD_TTL;
            r->flags |= RSTAN_PT_FORGED_COPY;
        } else {
            r->at[q] = rel ? RSTAN_PT_AT_MISSING_UP : RSTAN_PT_AT_MISSING_DOWN;
        }
        if (rel) {
            if (!(r->flags & RSTAN_PT_BETWEEN) || linked) {
                r->between_from = (uint8_t)q;
                linked_between = linked;
            }
            r->flags |= RSTAN_PT_BETWEEN;
        } else {
            r->flags |= RSTAN_PT_LOST;
            r->lost_to = (uint8_t)q;
        }
    }

    /* The copies, nearest the sender first (insertion sort, at most 8). */
    for (unsigned q = 0; q < RSTAN_PT_MAX_POINTS; q++) {
        if (q == P || r->seen[q].frame)
            seen[n++] = q;
    }
    for (unsigned i = 1; i < n; i++) {
        unsigned x = seen[i], j = i;
        while (j > 0 && before(ctx, r, x, seen[j - 1])) {
            seen[j] = seen[j - 1];
            j--;
        }
        seen[j] = x;
    }
    unsigned self = 0;
    for (unsigned i = 0; i < n; i++) {
        r->seen_at[i] = (uint8_t)seen[i];
        if (seen[i] == P)
            self = i;
    }
    r->n_seen = (uint8_t)n;
    if (n >= 2) {
        unsigned q = seen[self + 1 < n ? self + 1 : self - 1];
        const rstan_pt_copy_t *c = &r->seen[q];
        int64_t off, tr;
        /* Crossing the points says something for the sender only when no
         * point on its side of them went unjudged: a reset made past the
         * last point that saw it crosses the rest just the same. */
        r->flags |= unjudged && !(r->flags & RSTAN_PT_BETWEEN) ? RSTAN_PT_UNPLACED : RSTAN_PT_CROSSED;
        r->copy_frame = c->frame;
        r->hops_between = (int16_t)(r->ttl > c->ttl ? r->ttl - c->ttl : c->ttl - r->ttl);
        r->clock = (uint8_t)rstan_pt_clock_offset(ctx, P, q, &off, &tr);
        if (r->clock != RSTAN_PT_CLOCK_UNKNOWN) {
            r->clock_offset_ns = off;
            r->transit_ns = abs64(c->ts_ns - off - r->ts_ns);
        }
    }
    if (r->flags & RSTAN_PT_BETWEEN) {
        /* Made between the last point that did not see it and the first that did. */
        r->between_to = r->seen_at[0];
        r->hops_from_point = rstan_hops(r->ttl);
        r->confidence = linked_between ? RSTAN_PT_CONF_TIED : RSTAN_PT_CONF_SEEN_ONE_SIDE;
    }
    if (r->flags & RSTAN_PT_LOST) {
        r->lost_from = r->seen_at[n - 1];
        if (r->confidence < RSTAN_PT_CONF_SEEN_ONE_SIDE)
            r->confidence = RSTAN_PT_CONF_SEEN_ONE_SIDE;
    }
}

/* Resets both ways at once, each seen only at its receiver's side: one
 * injector between the points resetting both ends (the pattern of Weaver,
 * Sommer, Paxson, NDSS 2009, seen from two points). */
static void check_both_ways(const rstan_pt_ctx_t *ctx, rstan_pt_result_t *r)
{
    const rstan_pt_conn_t *conn = r->conn;
    unsigned o = r->dir ^ 1u;
    rstan_pt_result_t *cand[1 + RSTAN_PT_MAX_LINKS];
    unsigned n = 0;

    cand[n++] = conn->last_rst[o];
    for (unsigned i = 0; i < conn->n_links; i++)
        cand[n++] = conn->link[i].peer->last_rst[o ^ conn->link[i].flip];
    for (unsigned i = 0; i < n; i++) {
        rstan_pt_result_t *x = cand[i];
        int64_t t;
        if (x == NULL || x == r)
            continue;
        settle_core(ctx, x);
        if (!(x->flags & RSTAN_PT_BETWEEN) || !copy_time(ctx, r, x->point, x->ts_ns, &t))
            continue;
        if (abs64(t - r->ts_ns) <= RSTAN_PT_BOTH_NS) {
            r->flags |= RSTAN_PT_BOTH_WAYS;
            x->flags |= RSTAN_PT_BOTH_WAYS;
            r->both_peer = x;
            x->both_peer = r;
        }
    }
}

void rstan_pt_settle(const rstan_pt_ctx_t *ctx, rstan_pt_result_t *r)
{
    if (ctx == NULL || r == NULL)
        return;
    settle_core(ctx, r);
    if (r->flags & RSTAN_PT_BETWEEN)
        check_both_ways(ctx, r);
}
