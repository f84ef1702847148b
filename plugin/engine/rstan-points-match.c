/* rstan-points-match.c
 *
 * Capture points, matching: the same packet at two points of a connection,
 * on what routers, NATs and sequence-shifting firewalls leave alone (see
 * rstan-points.h); a match teaches the link its shifts and delays, and ties
 * the copies of a reset together.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-points-internal.h"

#include <string.h>

/* The expected TTL change here minus peer for direction d: learnt from the
 * flow's packets that way, else from the other way (the same routers). */
static bool ttl_range(const rstan_pt_link_t *l, unsigned d, int *lo, int *hi)
{
    if (l->ttl_n[d]) {
        *lo = l->ttl_min[d];
        *hi = l->ttl_max[d];
        return true;
    }
    if (l->ttl_n[d ^ 1]) {
        *lo = -l->ttl_max[d ^ 1];
        *hi = -l->ttl_min[d ^ 1];
        return true;
    }
    return false;
}

static bool ttl_consistent(const rstan_pt_ctx_t *ctx, const rstan_pt_link_t *l, unsigned d, int diff)
{
    int lo, hi, tol = ctx->cfg.ttl_tolerance;
    if (!ttl_range(l, d, &lo, &hi))
        return true;
    return diff >= lo - tol && diff <= hi + tol;
}

/* Does cand (at the peer) look like e (here, direction d)? Returns a score,
 * 0 for no match. *exact_out tells an exact copy from a super-segment. */
static int match_score(const rstan_pt_ctx_t *ctx, const rstan_pt_conn_t *here, const rstan_pt_link_t *l,
                       const rstan_pt_window_t *win, const rstan_pt_entry_t *e, unsigned d,
                       const rstan_pt_entry_t *c, bool *exact_out)
{
    unsigned o = d ^ 1;
    bool seq_known = (l->shift_known >> d) & 1, ack_known = (l->shift_known >> o) & 1;
    bool has_ack = (e->flags & RSTAN_TCP_ACK) != 0;
    int strength = 0;
    bool exact;

    if (!(c->info & INFO_VALID) || ((c->flags ^ e->flags) & ID_FLAGS) != 0)
        return 0;
    if (!rstan_pt_window_ok(win, e->ts_ns, c->ts_ns))
        return 0;
    /* RFC 7323 §3: TSval and TSecr travel unchanged; TSO/GRO keep them equal. */
    if ((e->info & c->info & INFO_TS)) {
        if (e->tsval != c->tsval || e->tsecr != c->tsecr)
            return 0;
        strength++;
    }
    if (has_ack && ack_known) {
        if (c->ack != e->ack + l->shift[o])
            return 0;
        strength++;
    }
    /* RFC 2018 §3: SACK edges are sequence numbers of the other direction. */
    if ((e->info & c->info & INFO_SACK) && ack_known && c->sack_left != e->sack_left + l->shift[o])
        return 0;
    if (e->flags & RSTAN_TCP_SYN) {
        if (e->optsig != c->optsig)
            return 0;
        strength++;
    }

    if (seq_known) {
        uint32_t s = e->seq + l->shift[d];
        exact = c->seq == s && c->len == e->len && ((c->flags ^ e->flags) & RSTAN_TCP_FIN) == 0;
        if (!exact) {
            /* A super-segment at one point covers several segments at the other. */
            if (e->len == 0 || c->len == 0 || (e->flags & RSTAN_TCP_RST))
                return 0;
            bool c_in_e = seq_geq(c->seq, s) && seq_geq(s + e->len, c->seq + c->len);
            bool e_in_c = seq_geq(s, c->seq) && seq_geq(c->seq + c->len, s + e->len);
            if (!c_in_e && !e_in_c)
                return 0;
        }
    } else {
        if (c->len != e->len)
            return 0;
        exact = true;
        if (c->seq == e->seq)
            strength++;
    }
    if (exact) {
        if (e->ip_id && c->ip_id) {
            if (e->ip_id != c->ip_id)
                return 0;
            strength++;
        }
        if (e->info & c->info & INFO_HASH) {
            if (e->hash != c->hash)
                return 0;
            strength++;
        }
    }
    /* Unknown shifts are learnt from this match: it must stand on more than
     * the numbers it teaches (pure ACKs without timestamps all look alike). */
    if (!seq_known && strength < 2)
        return 0;
    if (seq_known && has_ack && !ack_known && strength < 1)
        return 0;

    int score = exact ? SCORE_EXACT : SCORE_CONTAINED;
    if (!(c->matched & (1u << here->point)))
        score += SCORE_FRESH;
    if ((e->flags & RSTAN_TCP_RST) && ttl_consistent(ctx, l, d, (int)e->ttl - (int)c->ttl))
        score += SCORE_TTL_OK;
    *exact_out = exact;
    return score;
}

static rstan_pt_result_t *find_result(const rstan_pt_conn_t *conn, uint32_t frame)
{
    for (int i = 0; i < RSTAN_PT_RST_KEEP; i++) {
        if (conn->rst[i] && conn->rst[i]->frame == frame)
            return conn->rst[i];
    }
    return NULL;
}

/* Ties the copies of one reset together: every result learns every copy.
 * c is the copy at the peer, for when its result is gone or was never kept. */
static void join_results(const rstan_pt_ctx_t *ctx, rstan_pt_result_t *a, rstan_pt_result_t *b,
                         unsigned c_point, const rstan_pt_entry_t *c)
{
    rstan_pt_result_t *by_point[RSTAN_PT_MAX_POINTS] = { 0 };
    rstan_pt_result_t *two[2] = { a, b };
    rstan_pt_copy_t seen[RSTAN_PT_MAX_POINTS];

    memset(seen, 0, sizeof(seen));
    seen[c_point].ts_ns = c->ts_ns;
    seen[c_point].frame = c->frame;
    seen[c_point].ttl = c->ttl;
    for (int k = 0; k < 2; k++) {
        rstan_pt_result_t *r = two[k];
        if (r == NULL)
            continue;
        if (!by_point[r->point])
            by_point[r->point] = r;
        for (int p = 0; p < RSTAN_PT_MAX_POINTS; p++) {
            if (r->copy[p] && !by_point[p])
                by_point[p] = r->copy[p];
            if (r->seen[p].frame && !seen[p].frame)
                seen[p] = r->seen[p];
        }
    }
    for (int p = 0; p < RSTAN_PT_MAX_POINTS; p++) {
        rstan_pt_result_t *r = by_point[p];
        if (r == NULL)
            continue;
        for (int q = 0; q < RSTAN_PT_MAX_POINTS; q++) {
            r->copy[q] = q == p ? NULL : by_point[q];
            if (q != p && !r->seen[q].frame)
                r->seen[q] = seen[q];
        }
    }
    for (int p = 0; p < RSTAN_PT_MAX_POINTS; p++) {
        if (by_point[p])
            rstan_pt_settle(ctx, by_point[p]);
    }
}

static void learn_sample(rstan_pt_link_t *l, unsigned d, int64_t delta, int ttl_diff)
{
    /* Matching keeps delays near the offset; this bound keeps every sum of
     * two of them far from overflow whatever a hostile file does. */
    if (abs64(delta) > 2 * RSTAN_PT_MAX_OFFSET_NS)
        return;
    if (delta < l->dmin[d])
        l->dmin[d] = delta;
    if (delta > l->dmax[d])
        l->dmax[d] = delta;
    l->samples[d]++;
    if (ttl_diff < l->ttl_min[d])
        l->ttl_min[d] = (int16_t)ttl_diff;
    if (ttl_diff > l->ttl_max[d])
        l->ttl_max[d] = (int16_t)ttl_diff;
    l->ttl_n[d]++;
}

static void on_match(rstan_pt_ctx_t *ctx, rstan_pt_conn_t *here, rstan_pt_link_t *l,
                     rstan_pt_entry_t *e, unsigned d, rstan_pt_entry_t *c, bool exact,
                     rstan_pt_result_t *res)
{
    rstan_pt_conn_t *peer = l->peer;
    rstan_pt_link_t *back = rstan_pt_link_back(l, here);
    bool fresh = !(c->matched & (1u << here->point));

    if (back == NULL)
        return;
    if (exact)
        rstan_pt_link_learn_shift(l, back, d, c->seq - e->seq);
    if (e->flags & RSTAN_TCP_ACK)
        rstan_pt_link_learn_shift(l, back, d ^ 1, c->ack - e->ack);
    c->matched |= (uint8_t)(1u << here->point);
    e->matched |= (uint8_t)(1u << peer->point);

    if (!(e->flags & RSTAN_TCP_RST)) {
        /* A duplicate or a super-segment may pair copies sent at different
         * times; only a first exact pairing is a delay sample. */
        if (!exact || !fresh)
            return;
        int ttl_diff = (int)e->ttl - (int)c->ttl;
        learn_sample(l, d, c->ts_ns - e->ts_ns, ttl_diff);
        learn_sample(back, d ^ l->flip, e->ts_ns - c->ts_ns, -ttl_diff);
        rstan_pt_pair_update(ctx, here, l);
        return;
    }
    rstan_pt_result_t *cres = find_result(peer, c->frame);
    if (ttl_consistent(ctx, l, d, (int)e->ttl - (int)c->ttl)) {
        join_results(ctx, res, cres, peer->point, c);
        return;
    }
    /* Same identity, another TTL change: two packets, one of them forged. */
    if (res)
        res->odd_frame[peer->point] = c->frame;
    if (cres) {
        cres->odd_frame[here->point] = e->frame;
        rstan_pt_settle(ctx, cres);
    }
}

void rstan_pt_match_in_link(rstan_pt_ctx_t *ctx, rstan_pt_conn_t *here, rstan_pt_link_t *l,
                          rstan_pt_entry_t *e, unsigned d, rstan_pt_result_t *res)
{
    rstan_pt_conn_t *peer = l->peer;
    unsigned pd = d ^ l->flip;
    rstan_pt_entry_t *best = NULL;
    int best_score = 0;
    bool best_exact = false;
    rstan_pt_window_t win = rstan_pt_window_of(ctx, here->point, peer->point);

    for (unsigned k = 0; k < RSTAN_PT_PIN + RSTAN_PT_RING; k++) {
        rstan_pt_entry_t *c = rstan_pt_entry_at(peer, pd, k);
        if (c == NULL)
            continue;
        bool exact = false;
        int s = match_score(ctx, here, l, &win, e, d, c, &exact);
        /* A super-segment here stands for every segment it covers there. */
        if (s > 0 && !exact && e->len > c->len)
            c->matched |= (uint8_t)(1u << here->point);
        /* Equal scores: the earlier copy (first copies pair with first copies). */
        if (s > best_score || (s > 0 && s == best_score && c->frame < best->frame)) {
            best = c;
            best_score = s;
            best_exact = exact;
        }
    }
    if (best)
        on_match(ctx, here, l, e, d, best, best_exact, res);
}
