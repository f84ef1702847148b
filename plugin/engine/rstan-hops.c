/* rstan-hops.c
 *
 * Origin evidence from the path: the reset's initial-TTL class and hop
 * distance against the claimed sender's other packets, in this connection
 * first, else anywhere in the capture, and judged again once the sender's
 * host has a baseline (docs/decisions.md, Hop distance).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-internal.h"

/* Hop distance against the sender's other packets: in this connection
 * first, else anywhere in the capture (docs/decisions.md, Hop distance).
 * A packet that arrives unrouted (distance 0) cannot come from a host whose
 * packets are routed, so that one-hop difference is not noise. */
void rstan_judge_hops(rstan_verdict_t *v, uint8_t hmin, uint8_t hmax, uint8_t cls, uint32_t n,
                      uint32_t tol)
{
    v->evidence &= ~(uint64_t)RSTAN_EV_NO_BASELINE;
    v->hops_expected = hmin;
    /* A class the sender never uses is foreign at any distance; an
     * implausible distance (beyond RSTAN_MAX_HOPS) only says so, no more:
     * the censor's triplets of captures/wild came with class 255 at 84 hops
     * from a server 19 hops away. */
    if (v->ttl_class != cls) {
        /* Another class at the sender's own distance is the same host with
         * a socket that sets its TTL (RFC 5082 GTSM 255, masscan's 255)
         * and the kernel's default on its own resets. */
        if (v->hops >= hmin && v->hops <= hmax && v->hops <= RSTAN_MAX_HOPS) {
            v->evidence |= RSTAN_EV_SOCKET_TTL | RSTAN_EV_HOPS_MATCH;
            if (hmax == 0)
                v->evidence |= RSTAN_EV_LOCAL;
            return;
        }
        v->evidence |= RSTAN_EV_TTL_CLASS;
        return;
    }
    if (v->hops > RSTAN_MAX_HOPS)
        return;
    if (v->hops < hmin) {
        uint32_t closer = (uint32_t)(hmin - v->hops);
        if (closer > tol || v->hops == 0)
            v->evidence |= RSTAN_EV_HOPS_CLOSER;
        else if (closer == 1 && hmin == hmax && n >= RSTAN_STABLE_BASELINE)
            v->evidence |= RSTAN_EV_HOPS_CLOSER1;
    } else if (v->hops > hmax) {
        if ((uint32_t)(v->hops - hmax) > tol)
            v->evidence |= RSTAN_EV_HOPS_FARTHER;
    } else {
        v->evidence |= RSTAN_EV_HOPS_MATCH;
        if (hmax == 0)
            v->evidence |= RSTAN_EV_LOCAL;
    }
}

/* The receiver answered the sender's SYN as a closed port does (RFC 9293
 * §3.10.7.1: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>). No stack answers
 * that reset (§3.10.7.1: an incoming RST is discarded); a scanner with a
 * stack of its own (masscan) ends its probe with a reset at ISN+1 all the
 * same, so such a reset belongs to a crafted probe. */
static bool closed_port_answered(const rstan_ctx_t *c)
{
    const rstan_flow_t *s = c->s, *r = c->r;
    return s->syn_crafted && !r->seen && r->rst_count == 1 && r->rst_frame > s->last_frame &&
           (r->rst_flags & RSTAN_TCP_ACK) && r->rst_ack == s->isn + 1;
}

/* The half-open scan (docs/decisions.md, Half-open scans): the sender's
 * kernel, which has no socket for the SYN-ACK, resets it with seq ISN+1. Its
 * SYN came from a raw socket with a TTL of the scanner's choosing (nmap picks
 * one per probe: captures/wild pattern 2), so that SYN is no baseline for the
 * kernel's reset. */
static bool answers_own_probe(const rstan_ctx_t *c)
{
    const rstan_flow_t *s = c->s, *r = c->r;
    return s->syn && !s->synack && s->post_handshake == 0 && (r->synack || closed_port_answered(c)) &&
           !(c->seg->flags & RSTAN_TCP_ACK) && c->seg->seq == s->isn + 1;
}

#define RSTAN_EV_HOPS_AWAY (RSTAN_EV_TTL_CLASS | RSTAN_EV_HOPS_CLOSER | RSTAN_EV_HOPS_FARTHER | \
                            RSTAN_EV_HOPS_CLOSER1)

/* The sender's host, from the packets it sent anywhere in the capture, or
 * (others_only) in other connections than this one. */
static void judge_by_host(const rstan_ctx_t *c, rstan_verdict_t *v, bool others_only)
{
    const rstan_host_t *h = c->src;
    if (h && h->packets > (others_only ? c->s->packets : 0)) {
        v->hops_basis = RSTAN_BASIS_HOST;
        rstan_judge_hops(v, h->hops_min, h->hops_max, h->ttl_class, h->packets, c->cfg->ttl_tolerance);
    } else {
        v->hops_basis = RSTAN_BASIS_NONE;
        v->hops_expected = -1;
        v->evidence |= RSTAN_EV_NO_BASELINE;
    }
}

/* The kernel behind a crafted probe: a SYN went out in the sender's name
 * from a raw socket (no TCP option, or a TTL chosen per packet), and the
 * sender's address answers the SYN-ACK with RFC 9293 §3.10.7.1's reset for
 * a segment its stack has no connection for, <SEQ=SEG.ACK><CTL=RST>. That is
 * what the scanning host's kernel does under a half-open scan (nmap's
 * documentation of -sS) and what the real owner of a forged address does
 * under a flood (Moore et al. 2001, backscatter): the address's own stack.
 * A device cutting the connection would have no reason to answer a
 * connection nobody's stack opened. */
static void judge_own_probe(const rstan_ctx_t *c, rstan_verdict_t *v, bool varies)
{
    v->own_probe = answers_own_probe(c);
    if (v->own_probe && (c->s->syn_crafted || varies))
        v->evidence |= RSTAN_EV_PROBE_RESET;
}

/* A capture holding the sender's packets twice, as they entered and left a
 * router (captures/wild pattern 4: a SPAN port on both sides, interfaces merged
 * into one file), mixes two distances in the connection's baseline. A reset
 * put on the link by the station that relays the second sightings is judged
 * against what that station relays: a router forwards with its TTL one lower
 * (RFC 791 §3.2, RFC 8200 §3), so a reset it sends unrouted in the sender's
 * name is its own, though the first sightings come at that distance. */
static bool judge_by_relay(const rstan_ctx_t *c, rstan_verdict_t *v)
{
    const rstan_flow_t *s = c->s;
    if (c->seg->link_src == 0 || c->seg->link_src != s->copy_link || s->copy_n == 0)
        return false;
    rstan_judge_hops(v, s->copy_hops_min, s->copy_hops_max, s->copy_ttl_class, s->copy_n,
                     c->cfg->ttl_tolerance);
    return true;
}

/* A socket that sets its own TTL and its kernel's resets give a sender two
 * initial-TTL classes (socket_ttl). A third class from one sender within one
 * connection is a third device: an injector that chose TTLs to give the
 * sender's own hop count from other classes (a censor's page and resets,
 * each from a class of their own, as the wild traces of Weaver et al. 2009
 * and Aryan et al., FOCI 2013, show the Great Firewall's do). */
static void judge_third_class(const rstan_ctx_t *c, rstan_verdict_t *v)
{
    uint8_t classes = c->s->ttl_classes, mine = rstan_ttl_class_bit(c->seg->ttl);
    if (!(v->evidence & RSTAN_EV_SOCKET_TTL) || (classes & mine) || rstan_hops(c->seg->ttl) > RSTAN_MAX_HOPS)
        return;
    unsigned n = 0;
    for (uint8_t x = classes | mine; x; x &= (uint8_t)(x - 1))
        n++;
    if (n < 3)
        return;
    v->evidence &= ~(uint64_t)(RSTAN_EV_SOCKET_TTL | RSTAN_EV_HOPS_MATCH | RSTAN_EV_LOCAL);
    v->evidence |= RSTAN_EV_TTL_CLASS;
    v->third_class = true;
}

/* A connection's own packets first; when the sender's host varies, only a
 * connection baseline of several packets counts (docs/decisions.md, Hop
 * distance: the distance is a property of one path from one stack). */
void rstan_rule_hops(const rstan_ctx_t *c, rstan_verdict_t *v)
{
    const rstan_flow_t *s = c->s;
    bool varies = c->src && c->src->ttl_varies;
    judge_own_probe(c, v, varies);
    if (s->ttl_n >= (varies ? RSTAN_CONN_BASELINE_MIN : 1)) {
        v->hops_basis = s->ttl_n >= RSTAN_CONN_BASELINE_MIN ? RSTAN_BASIS_CONN : RSTAN_BASIS_CONN_ONE;
        if (!judge_by_relay(c, v))
            rstan_judge_hops(v, s->hops_min, s->hops_max, s->ttl_class, s->ttl_n, c->cfg->ttl_tolerance);
        judge_third_class(c, v);
        /* A reset at its own probe's distance is the prober's; one elsewhere
         * says nothing against it: the scanner chose the probe's TTL. */
        if (!(v->evidence & RSTAN_EV_HOPS_AWAY) || !v->own_probe)
            return;
        v->evidence &= ~(uint64_t)RSTAN_EV_HOPS_AWAY;
        judge_by_host(c, v, true);
    } else if (varies) {
        v->hops_basis = RSTAN_BASIS_VARIES;
        v->evidence |= RSTAN_EV_TTL_VARIES;
    } else {
        judge_by_host(c, v, false);
    }
}

/* A reset judged before its sender had a baseline is judged again, through
 * the one decision, once the sender's host has one; one judged against the
 * host's distance or a single packet's is judged again if the host turns
 * out to vary. */
bool rstan_wants_rejudge(const rstan_verdict_t *v)
{
    return v->hops_basis == RSTAN_BASIS_NONE || v->hops_basis == RSTAN_BASIS_HOST ||
           v->hops_basis == RSTAN_BASIS_CONN_ONE;
}

#define RSTAN_EV_HOP_EVIDENCE (RSTAN_EV_TTL_CLASS | RSTAN_EV_HOPS_CLOSER | RSTAN_EV_HOPS_FARTHER | \
                               RSTAN_EV_HOPS_CLOSER1 | RSTAN_EV_HOPS_MATCH | RSTAN_EV_LOCAL | \
                               RSTAN_EV_SOCKET_TTL | RSTAN_EV_NO_BASELINE)

bool rstan_rejudge_hops(rstan_verdict_t *v, const rstan_host_t *host, const rstan_config_t *cfg)
{
    if (!rstan_wants_rejudge(v) || !rstan_host_known(host))
        return false;
    if (host->ttl_varies) {
        v->evidence &= ~(uint64_t)RSTAN_EV_HOP_EVIDENCE;
        v->evidence |= RSTAN_EV_TTL_VARIES;
        if (v->own_probe)
            v->evidence |= RSTAN_EV_PROBE_RESET;
        v->hops_basis = RSTAN_BASIS_VARIES;
        v->hops_expected = -1;
    } else if (v->hops_basis == RSTAN_BASIS_NONE) {
        v->hops_basis = RSTAN_BASIS_HOST;
        rstan_judge_hops(v, host->hops_min, host->hops_max, host->ttl_class, host->packets, cfg->ttl_tolerance);
    } else {
        return false;
    }
    rstan_decide(v);
    return true;
}
