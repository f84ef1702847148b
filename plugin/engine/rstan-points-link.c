/* rstan-points-link.c
 *
 * Capture points, the ties: the context and its configuration, one view of a
 * connection per point, and the links between views of the same connection
 * at two points (the sequence-number shift each way, which view is upstream).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-points-internal.h"

#include <string.h>

void rstan_pt_config_default(rstan_pt_config_t *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->one_path = true;
    cfg->ttl_tolerance = 1;
}

bool rstan_pt_init(rstan_pt_ctx_t *ctx, const rstan_pt_config_t *cfg,
                   rstan_pt_slot_t *slots, size_t n_slots)
{
    memset(ctx, 0, sizeof(*ctx));
    if (cfg != NULL)
        ctx->cfg = *cfg;
    else
        rstan_pt_config_default(&ctx->cfg);
    for (int p = 0; p < RSTAN_PT_MAX_POINTS; p++) {
        for (int q = 0; q < RSTAN_PT_MAX_POINTS; q++) {
            ctx->pair[p][q].up_min = INT64_MAX;
            ctx->pair[p][q].down_max = INT64_MIN;
        }
        int64_t off = ctx->cfg.offset_ns[p];
        if (off > RSTAN_PT_MAX_OFFSET_NS)
            off = RSTAN_PT_MAX_OFFSET_NS;
        if (off < -RSTAN_PT_MAX_OFFSET_NS)
            off = -RSTAN_PT_MAX_OFFSET_NS;
        ctx->cfg.offset_ns[p] = off;
    }
    if (slots == NULL || n_slots < RSTAN_PT_WAYS || n_slots % RSTAN_PT_WAYS != 0 ||
        (n_slots & (n_slots - 1)) != 0 || n_slots / RSTAN_PT_WAYS > UINT32_MAX)
        return false;
    memset(slots, 0, n_slots * sizeof(*slots));
    ctx->slots = slots;
    ctx->bucket_mask = (uint32_t)(n_slots / RSTAN_PT_WAYS - 1);
    return true;
}

void rstan_pt_conn_init(rstan_pt_conn_t *conn, unsigned point)
{
    memset(conn, 0, sizeof(*conn));
    conn->point = (uint8_t)(point < RSTAN_PT_MAX_POINTS ? point : 0xff);
    conn->client_dir = -1;
}

rstan_pt_link_t *rstan_pt_link_to(const rstan_pt_conn_t *conn, unsigned point)
{
    for (unsigned i = 0; i < conn->n_links; i++) {
        if (conn->link[i].peer->point == point)
            return (rstan_pt_link_t *)&conn->link[i];
    }
    return NULL;
}

rstan_pt_link_t *rstan_pt_link_back(const rstan_pt_link_t *l, const rstan_pt_conn_t *here)
{
    for (unsigned i = 0; i < l->peer->n_links; i++) {
        if (l->peer->link[i].peer == here)
            return &l->peer->link[i];
    }
    return NULL;
}

static void link_clear(rstan_pt_link_t *l, rstan_pt_conn_t *peer, uint8_t flip)
{
    memset(l, 0, sizeof(*l));
    l->peer = peer;
    l->flip = flip;
    for (int d = 0; d < 2; d++) {
        l->dmin[d] = INT64_MAX;
        l->dmax[d] = INT64_MIN;
        l->ttl_min[d] = INT16_MAX;
        l->ttl_max[d] = INT16_MIN;
    }
}

/* Records shift[d] (seq at the peer minus seq here) on both sides. */
void rstan_pt_link_learn_shift(rstan_pt_link_t *l, rstan_pt_link_t *back, unsigned d, uint32_t shift)
{
    if (l->shift_known & (1u << d))
        return;
    l->shift[d] = shift;
    l->shift_known |= (uint8_t)(1u << d);
    unsigned pd = d ^ l->flip;
    back->shift[pd] = (uint32_t)0 - shift;
    back->shift_known |= (uint8_t)(1u << pd);
}

rstan_pt_link_t *rstan_pt_link_create(rstan_pt_conn_t *a, rstan_pt_conn_t *b, uint8_t flip)
{
    if (a->n_links >= RSTAN_PT_MAX_LINKS || b->n_links >= RSTAN_PT_MAX_LINKS)
        return NULL;
    rstan_pt_link_t *la = &a->link[a->n_links++], *lb = &b->link[b->n_links++];
    link_clear(la, b, flip);
    link_clear(lb, a, flip);
    return la;
}

static void link_drop_one(rstan_pt_conn_t *a, const rstan_pt_conn_t *b)
{
    for (unsigned i = 0; i < a->n_links; i++) {
        if (a->link[i].peer == b) {
            a->link[i] = a->link[--a->n_links];
            return;
        }
    }
}

/* A view that holds no more than the start of a handshake (a SYN and its
 * retransmission) and ended before newcomer began gives way to it: Wireshark starts
 * a new TCP stream when a SYN with another ISN arrives on the same addresses
 * and ports, so behind a sequence-shifting firewall without a NAT the SYNs of
 * the other points end up alone in one stream and the rest in the next. */
bool rstan_pt_make_room(rstan_pt_conn_t *v, unsigned point, const rstan_pt_conn_t *newcomer)
{
    rstan_pt_link_t *l = rstan_pt_link_to(v, point);
    if (l == NULL)
        return true;
    rstan_pt_conn_t *old = l->peer;
    if (old == newcomer || old->packets > RSTAN_PT_PIN || old->last_ts > newcomer->first_ts)
        return false;
    link_drop_one(v, old);
    link_drop_one(old, v);
    return true;
}

/* Which view is upstream for direction d: 1 here, 0 the peer, -1 unknown.
 * TTL first (a copy that crossed routers has a lower TTL), then timing: a
 * packet going here->peer has t_peer - t_here = offset + transit + queueing,
 * one going back at most offset - transit, so the direction whose delays are
 * all larger runs here->peer. */
int rstan_pt_link_up(const rstan_pt_link_t *l, unsigned d)
{
    unsigned o = d ^ 1;
    if (l->ttl_n[d] && l->ttl_min[d] > 0)
        return 1;
    if (l->ttl_n[d] && l->ttl_max[d] < 0)
        return 0;
    if (l->ttl_n[o] && l->ttl_min[o] > 0)
        return 0;
    if (l->ttl_n[o] && l->ttl_max[o] < 0)
        return 1;
    if (l->samples[d] && l->samples[o]) {
        if (l->dmin[d] > l->dmax[o])
            return 1;
        if (l->dmin[o] > l->dmax[d])
            return 0;
    }
    return -1;
}
