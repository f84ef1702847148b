/* rstan-session.c
 *
 * The engine's way in and way out, each one call with its steps in their
 * order.
 *
 * In (rstan_session_feed), per packet: whether it starts a new connection
 * on its 4-tuple (rstan_begin), which then gets an end record of its own;
 * the baselines of the hosts the engine asks for (rstan_wants_hosts: a few
 * packets per connection), each asked of the keeper once per connection;
 * the engine (rstan_feed_begun); for a reset, its place among the file's
 * periodic runs and, when its sender had no settled baseline, a place on
 * that host's waiting list; for any other packet, the resets waiting on its
 * sender judged again once the baseline changed (docs/decisions.md, Hop
 * distance); last, with several capture points, the matcher.
 *
 * Out (rstan_session_result), per reset copy: a second capture takes its
 * first capture's verdict as later segments left it (rstan_follow_copy);
 * with several capture points the copy's result is settled (rstan_pt_settle)
 * and the verdict judged again with where the copy was and was not seen
 * (rstan_judge_points), a reset made the other way at once counting when it
 * stopped a request (rstan_answers_data); last, the periodic run of the
 * verdict shown (rstan_periodic_of).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-session.h"

#include <string.h>

#include "rstan-internal.h"

/* A reset on its sender's waiting list. */
typedef struct rstan_pending {
    rstan_verdict_t      *v;
    struct rstan_pending *next;
} rstan_pending_t;

void rstan_session_init(rstan_session_t *s, const rstan_config_t *cfg, const rstan_keeper_t *keep)
{
    memset(s, 0, sizeof(*s));
    s->cfg = cfg;
    s->keep = *keep;
    rstan_periodic_init(&s->periodic);
}

void rstan_session_free(rstan_session_t *s)
{
    rstan_periodic_free(&s->periodic);
    s->points = NULL;
}

void rstan_session_conn_init(rstan_session_conn_t *c, uint16_t point)
{
    rstan_conv_init(&c->conv);
    c->ends = NULL;
    c->view = NULL;
    c->host[0] = c->host[1] = NULL;
    c->point = point;
}

static void *keep_alloc(const rstan_session_t *s, size_t size)
{
    return s->keep.alloc(s->keep.keeper, size);
}

/* The baseline of the endpoint that sends in direction dir, asked of the
 * keeper the first time only. */
static rstan_host_t *host_of(const rstan_session_t *s, rstan_session_conn_t *c, unsigned dir, const void *address)
{
    if (c->host[dir] == NULL)
        c->host[dir] = s->keep.host(s->keep.keeper, address);
    return c->host[dir];
}

/* A reset judged before its sender's baseline settled (none yet, or one its
 * later packets show to vary) is judged again when the baseline changes; a
 * host's baseline changes at most twice, so each reset at most twice. */
RSTAN_COLD static void pend(const rstan_session_t *s, rstan_host_t *host, rstan_verdict_t *v)
{
    rstan_pending_t *p = (rstan_pending_t *)keep_alloc(s, sizeof(*p));
    p->v = v;
    p->next = host->pending;
    host->pending = p;
}

static void settle(const rstan_session_t *s, rstan_host_t *host)
{
    if (host == NULL || host->pending == NULL || host->settled == host->changes)
        return;
    host->settled = host->changes;
    for (rstan_pending_t **at = &host->pending; *at != NULL;) {
        rstan_verdict_t *v = (*at)->v;
        rstan_rejudge_hops(v, host, s->cfg);
        if (rstan_wants_rejudge(v))
            at = &(*at)->next;
        else
            *at = (*at)->next;   /* its memory stays with the file's records */
    }
}

RSTAN_COLD void rstan_session_feed_points(rstan_session_t *s, rstan_session_conn_t *c,
                                          const rstan_pt_packet_t *snap, rstan_verdict_t *v,
                                          rstan_pt_result_t **pt)
{
    *pt = NULL;
    if (s->points == NULL)
        return;
    if (c->view == NULL) {
        c->view = (rstan_pt_conn_t *)keep_alloc(s, sizeof(*c->view));
        rstan_pt_conn_init(c->view, c->point);
    }
    rstan_pt_result_t *res = v ? (rstan_pt_result_t *)keep_alloc(s, sizeof(*res)) : NULL;
    if (rstan_pt_feed(s->points, c->view, snap, res) && v) {
        res->owner = v;
        *pt = res;
    }
}

void rstan_session_feed(rstan_session_t *s, rstan_session_conn_t *c, const rstan_session_packet_t *p,
                        rstan_verdict_t *v, rstan_fed_t *out)
{
    const rstan_segment_t *seg = p->seg;
    rstan_conv_t *conv = &c->conv;
    out->pt = NULL;
    if (seg->dir <= 1 && rstan_begin(conv, seg)) {
        rstan_conn_end_t *end = (rstan_conn_end_t *)keep_alloc(s, sizeof(*end));
        end->first_frame = seg->frame;
        end->prev = c->ends;
        c->ends = end;
        rstan_conv_attach_end(conv, end);
    }
    bool want_src, want_dst;
    rstan_wants_hosts(conv, seg, &want_src, &want_dst);
    rstan_host_t *src = NULL, *dst = NULL;
    if (seg->dir <= 1) {
        if (want_src)
            src = host_of(s, c, seg->dir, p->src);
        if (want_dst)
            dst = host_of(s, c, seg->dir ^ 1, p->dst);
    }

    bool reset = (seg->flags & RSTAN_TCP_RST) != 0;
    out->filled = rstan_feed_begun(conv, src, dst, seg, s->cfg, reset ? v : NULL, &out->note);
    if (reset && v != NULL) {
        if (v->copy_of == 0)
            rstan_periodic_add(&s->periodic, v);
        if (src && rstan_wants_rejudge(v))
            pend(s, src, v);
    } else if (!reset) {
        settle(s, src);
    }
    if (p->snap != NULL)
        rstan_session_feed_points(s, c, p->snap, reset ? v : NULL, &out->pt);
}

const rstan_conn_end_t *rstan_session_conn_of_frame(const rstan_session_conn_t *c, uint32_t frame)
{
    for (const rstan_conn_end_t *end = c->ends; end != NULL; end = end->prev)
        if (end->first_frame <= frame)
            return end;
    return NULL;
}

void rstan_session_result(const rstan_session_t *s, rstan_verdict_t *v, rstan_pt_result_t *r, bool final,
                          rstan_verdict_t *judged, rstan_result_t *out)
{
    rstan_follow_copy(v);
    out->v = v;
    if (r != NULL && judged != NULL) {
        if (final)
            rstan_pt_settle(s->points, r);
        *judged = *v;
        bool between = (r->flags & RSTAN_PT_BETWEEN) != 0;
        bool crossed = (r->flags & RSTAN_PT_CROSSED) && !(r->flags & RSTAN_PT_FORGED_COPY);
        bool lost = final && (r->flags & RSTAN_PT_LOST) != 0;
        const rstan_verdict_t *pair = r->both_peer ? (const rstan_verdict_t *)r->both_peer->owner : NULL;
        if (pair != NULL && rstan_answers_data(pair))
            judged->pair_stops_request = true;
        rstan_judge_points(judged, between, crossed, lost);
        out->v = judged;
    }
    out->has_periodic = rstan_periodic_of(&s->periodic, out->v, &out->periodic);
}
