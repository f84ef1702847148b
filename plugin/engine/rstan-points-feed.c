/* rstan-points-feed.c
 *
 * Capture points, the entry: one TCP segment of one point fed in, its view
 * tied to the other points' views, matched, remembered, and for a reset a
 * result judged at once (and judged again as its copies turn up). See
 * rstan-points.h for the API contract and the sources of the method.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-points-internal.h"

#include <string.h>

static void result_init(rstan_pt_result_t *r, const rstan_pt_conn_t *conn, const rstan_pt_entry_t *e, unsigned d)
{
    memset(r, 0, sizeof(*r));
    r->conn = conn;
    r->ts_ns = e->ts_ns;
    r->frame = e->frame;
    r->point = conn->point;
    r->dir = (uint8_t)d;
    r->ttl = e->ttl;
    r->reset_flags = e->flags;
    r->transit_ns = -1;
    r->hops_between = -1;
    r->hops_from_point = -1;
    r->seen[r->point].ts_ns = e->ts_ns;
    r->seen[r->point].frame = e->frame;
    r->seen[r->point].ttl = e->ttl;
}

void rstan_pt_note(rstan_pt_ctx_t *ctx, unsigned point, int64_t ts_ns)
{
    if (ctx == NULL || point >= RSTAN_PT_MAX_POINTS)
        return;
    rstan_pt_point_t *pt = &ctx->point[point];
    int64_t ts = clamp_ts(ts_ns);
    if (pt->frames == 0)
        pt->first_ts = pt->last_ts = ts;
    if (ts < pt->first_ts)
        pt->first_ts = ts;
    if (ts > pt->last_ts)
        pt->last_ts = ts;
    if (pt->frames < UINT32_MAX)
        pt->frames++;
    pt->declared = true;
}

void rstan_pt_declare(rstan_pt_ctx_t *ctx, unsigned point)
{
    if (ctx != NULL && point < RSTAN_PT_MAX_POINTS)
        ctx->point[point].declared = true;
}

bool rstan_pt_feed(rstan_pt_ctx_t *ctx, rstan_pt_conn_t *conn,
                   const rstan_pt_packet_t *pkt, rstan_pt_result_t *out)
{
    rstan_pt_entry_t e;
    uint32_t key = 0;

    if (ctx == NULL || conn == NULL || pkt == NULL || ctx->slots == NULL || pkt->dir > 1 ||
        pkt->frame == 0 || conn->point >= RSTAN_PT_MAX_POINTS)
        return false;
    unsigned d = pkt->dir;
    int64_t ts = clamp_ts(pkt->ts_ns);
    rstan_pt_make_entry(&e, pkt, ts);

    rstan_pt_point_t *pt = &ctx->point[conn->point];
    if (pt->packets == 0)
        ctx->n_points++;
    rstan_pt_note(ctx, conn->point, ts);
    if (pt->packets < UINT32_MAX)
        pt->packets++;
    /* Resets only so far, this one included: a packet of no connection. */
    bool stray = (pkt->flags & RSTAN_TCP_RST) && (conn->packets == 0 || rstan_pt_stray(conn));
    if (conn->packets == 0) {
        conn->first_ts = ts;
        conn->index_points = (uint8_t)ctx->n_points;
        conn->index_left = RSTAN_PT_ASSOC_TRIES;
    }
    conn->last_ts = ts;
    if (conn->packets < UINT32_MAX)
        conn->packets++;
    /* The client sent the first SYN (docs/fields.md); else the caller's guess. */
    if ((pkt->flags & (RSTAN_TCP_SYN | RSTAN_TCP_ACK)) == RSTAN_TCP_SYN)
        conn->client_dir = (int8_t)d;
    else if (conn->client_dir < 0 && (pkt->client_dir == 0 || pkt->client_dir == 1))
        conn->client_dir = pkt->client_dir;

    bool keyed;
    if (stray) {
        keyed = rstan_pt_stray_key(&e, &key);
        if (keyed && rstan_pt_can_link(ctx, conn))
            rstan_pt_associate_stray(ctx, conn, &e, d, key);
    } else {
        keyed = rstan_pt_index_key(&e, &key);
        if (keyed && rstan_pt_can_link(ctx, conn))
            rstan_pt_associate(ctx, conn, &e, d, key);
    }

    rstan_pt_result_t *res = (pkt->flags & RSTAN_TCP_RST) ? out : NULL;
    if (res) {
        result_init(res, conn, &e, d);
        conn->rst[conn->rst_next] = res;
        conn->rst_next = (uint8_t)((conn->rst_next + 1) % RSTAN_PT_RST_KEEP);
        conn->last_rst[d] = res;
    }
    for (unsigned i = 0; i < conn->n_links; i++)
        rstan_pt_match_in_link(ctx, conn, &conn->link[i], &e, d, res);
    if (keyed && rstan_pt_want_index(ctx, conn, d))
        rstan_pt_index_insert(ctx, conn, &e, d, key);
    if (ctx->n_points == 1 && rstan_pt_repeats_with_other_ttl(conn, &e, d)) {
        if (pt->folded == 0)
            pt->folded_frame = e.frame;
        if (pt->folded < UINT32_MAX)
            pt->folded++;
    }
    rstan_pt_remember(conn, &e, d);
    if (res)
        rstan_pt_settle(ctx, res);
    return res != NULL;
}
