/* rstan-points-index.c
 *
 * Capture points, association: which views at other points are the same
 * connection, found through a bounded table of packet identities that need no
 * addresses or ports (a NAT may change them), and what each view remembers.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-points-internal.h"

#include <string.h>

/* Packets whose identity needs neither addresses, ports nor (where they may
 * be shifted) sequence numbers. Resets do not tie connections together. */
bool rstan_pt_index_key(const rstan_pt_entry_t *e, uint32_t *key)
{
    bool syn = (e->flags & RSTAN_TCP_SYN) != 0, ts = (e->info & INFO_TS) != 0;
    if (e->flags & RSTAN_TCP_RST)
        return false;
    if (!syn && !ts && !(e->len > 0 && ((e->info & INFO_HASH) || e->ip_id)))
        return false;
    uint32_t h = fnv_mix(FNV32_BASIS, (uint32_t)(e->flags & ID_FLAGS));
    h = fnv_mix(h, e->len);
    if (e->info & INFO_HASH)
        h = fnv_mix(h, e->hash);
    if (ts) {
        h = fnv_mix(h, e->tsval);
        h = fnv_mix(h, e->tsecr);
    } else {
        h = fnv_mix(h, e->ip_id);
        /* Nothing else tells one SYN or one IP-ID-less segment from another. */
        if (syn || e->ip_id == 0)
            h = fnv_mix(h, e->seq);
    }
    if (syn)
        h = fnv_mix(h, e->optsig);
    *key = h;
    return true;
}

/* A view puts its first RSTAN_PT_PIN packets of each direction in the table;
 * while it lacks a tie to some point, also the rest of its first
 * RSTAN_PT_ASSOC_TRIES, and RSTAN_PT_ASSOC_TRIES more each time a new point
 * starts (a point that started late finds them). Otherwise it stays out:
 * each insert touches a random bucket. */
bool rstan_pt_want_index(const rstan_pt_ctx_t *ctx, rstan_pt_conn_t *conn, unsigned d)
{
    /* The handshake always: a point whose packets come later finds it. */
    if (conn->n_pin[d] < RSTAN_PT_PIN)
        return true;
    if (conn->n_links >= RSTAN_PT_MAX_LINKS || (ctx->n_points > 1 && conn->n_links + 1u >= ctx->n_points))
        return false;
    if (conn->packets <= RSTAN_PT_ASSOC_TRIES)
        return true;
    if (conn->index_points != ctx->n_points) {
        conn->index_points = (uint8_t)ctx->n_points;
        conn->index_left = RSTAN_PT_ASSOC_TRIES;
    }
    if (conn->index_left == 0)
        return false;
    conn->index_left--;
    return true;
}

/* A view that so far holds resets only: a packet of no connection this point
 * saw (a scanner's SYN+RST, a blind reset), its identity its own header. */
bool rstan_pt_stray(const rstan_pt_conn_t *conn)
{
    if (conn->packets == 0 || conn->packets > 2 * RSTAN_PT_PIN || conn->n_pin[0] + conn->n_pin[1] != conn->packets)
        return false;
    for (unsigned d = 0; d < 2; d++) {
        for (unsigned k = 0; k < conn->n_pin[d]; k++) {
            if (!(conn->pin[d][k].flags & RSTAN_TCP_RST))
                return false;
        }
    }
    return true;
}

/* The identity of a reset that belongs to no connection: what a router, a
 * NAT (it rewrites addresses and ports only) or a stateless translator
 * leaves alone, that is the whole TCP header but the ports and checksum
 * (flags, seq, ack, the options' kinds and window scale) with the IPv4 ID
 * and the payload. The time and the TTL's order pick among equal ones. */
bool rstan_pt_stray_key(const rstan_pt_entry_t *e, uint32_t *key)
{
    if (!(e->flags & RSTAN_TCP_RST))
        return false;
    uint32_t h = fnv_mix(FNV32_BASIS ^ UINT32_C(0x5f5f), (uint32_t)(e->flags & (ID_FLAGS | RSTAN_TCP_FIN)));
    h = fnv_mix(h, e->seq);
    h = fnv_mix(h, (e->flags & RSTAN_TCP_ACK) ? e->ack : 0);
    h = fnv_mix(h, e->ip_id);
    h = fnv_mix(h, e->optsig);
    h = fnv_mix(h, e->len);
    if (e->info & INFO_HASH)
        h = fnv_mix(h, e->hash);
    *key = h;
    return true;
}

/* The TTL of a stray view's packet (they are all pinned), -1 if gone. */
static int stray_ttl(const rstan_pt_conn_t *v, uint32_t frame)
{
    for (unsigned d = 0; d < 2; d++) {
        for (unsigned k = 0; k < v->n_pin[d]; k++) {
            if (v->pin[d][k].frame == frame)
                return v->pin[d][k].ttl;
        }
    }
    return -1;
}

/* Ties a stray reset's view to the stray views at other points that hold
 * the same packet: per point the one nearest in time (clocks corrected),
 * among those not yet tied to a view at this point (each copy of the packet
 * is one view per point). */
void rstan_pt_associate_stray(rstan_pt_ctx_t *ctx, rstan_pt_conn_t *conn, const rstan_pt_entry_t *e,
                              unsigned d, uint32_t key)
{
    rstan_pt_slot_t *b = &ctx->slots[(size_t)(key & ctx->bucket_mask) * RSTAN_PT_WAYS];
    rstan_pt_slot_t *best[RSTAN_PT_MAX_POINTS] = { 0 };
    int64_t dist[RSTAN_PT_MAX_POINTS];

    for (int w = 0; w < RSTAN_PT_WAYS; w++) {
        rstan_pt_slot_t *s = &b[w];
        rstan_pt_conn_t *other = s->conn;
        if (other == NULL || s->key != key || s->point == conn->point || s->point >= RSTAN_PT_MAX_POINTS ||
            s->flags != (e->flags & ID_FLAGS) || s->seq != e->seq ||
            ((e->flags & RSTAN_TCP_ACK) && s->ack != e->ack) || !rstan_pt_stray(other) ||
            rstan_pt_link_to(other, conn->point) || rstan_pt_link_to(conn, s->point) ||
            other->n_links >= RSTAN_PT_MAX_LINKS)
            continue;
        rstan_pt_window_t win = rstan_pt_window_of(ctx, conn->point, s->point);
        if (!rstan_pt_window_ok(&win, e->ts_ns, s->ts_ns))
            continue;
        /* Where the copy should be: a higher TTL there is upstream, so
         * earlier by the transit; a lower one later. */
        int64_t off, tr, expect = 0;
        if (rstan_pt_clock_offset(ctx, conn->point, s->point, &off, &tr) != RSTAN_PT_CLOCK_UNKNOWN) {
            int ttl = stray_ttl(other, s->frame);
            expect = off + (tr < 0 || ttl < 0 || ttl == e->ttl ? 0 : ttl > e->ttl ? -tr : tr);
        }
        int64_t dt = abs64(s->ts_ns - e->ts_ns - expect);
        if (best[s->point] == NULL || dt < dist[s->point]) {
            best[s->point] = s;
            dist[s->point] = dt;
        }
    }
    for (unsigned q = 0; q < RSTAN_PT_MAX_POINTS && rstan_pt_can_link(ctx, conn); q++) {
        rstan_pt_slot_t *s = best[q];
        if (s == NULL)
            continue;
        rstan_pt_link_t *l = rstan_pt_link_create(conn, s->conn, (uint8_t)(d ^ s->dir));
        if (l == NULL)
            continue;
        rstan_pt_link_t *back = rstan_pt_link_back(l, conn);
        rstan_pt_link_learn_shift(l, back, d, 0);
        if (e->flags & RSTAN_TCP_ACK)
            rstan_pt_link_learn_shift(l, back, d ^ 1, 0);
    }
}

bool rstan_pt_can_link(const rstan_pt_ctx_t *ctx, const rstan_pt_conn_t *conn)
{
    return conn->n_links < RSTAN_PT_MAX_LINKS && conn->n_links + 1u < ctx->n_points &&
           conn->packets <= RSTAN_PT_ASSOC_TRIES;
}

void rstan_pt_associate(rstan_pt_ctx_t *ctx, rstan_pt_conn_t *conn, const rstan_pt_entry_t *e,
                      unsigned d, uint32_t key)
{
    rstan_pt_slot_t *b = &ctx->slots[(size_t)(key & ctx->bucket_mask) * RSTAN_PT_WAYS];
    for (int w = 0; w < RSTAN_PT_WAYS && rstan_pt_can_link(ctx, conn); w++) {
        rstan_pt_slot_t *s = &b[w];
        rstan_pt_conn_t *other = s->conn;
        if (other == NULL || s->key != key || s->point == conn->point || s->flags != (e->flags & ID_FLAGS))
            continue;
        if (rstan_pt_link_to(conn, s->point) || !rstan_pt_make_room(other, conn->point, conn) || other->n_links >= RSTAN_PT_MAX_LINKS)
            continue;
        rstan_pt_window_t win = rstan_pt_window_of(ctx, conn->point, s->point);
        if (!rstan_pt_window_ok(&win, e->ts_ns, s->ts_ns))
            continue;
        rstan_pt_link_t *l = rstan_pt_link_create(conn, other, (uint8_t)(d ^ s->dir));
        if (l == NULL)
            continue;
        rstan_pt_link_t *back = rstan_pt_link_back(l, conn);
        rstan_pt_link_learn_shift(l, back, d, s->seq - e->seq);
        if (e->flags & RSTAN_TCP_ACK)
            rstan_pt_link_learn_shift(l, back, d ^ 1, s->ack - e->ack);
    }
}

void rstan_pt_index_insert(rstan_pt_ctx_t *ctx, rstan_pt_conn_t *conn, const rstan_pt_entry_t *e,
                         unsigned d, uint32_t key)
{
    rstan_pt_slot_t *b = &ctx->slots[(size_t)(key & ctx->bucket_mask) * RSTAN_PT_WAYS];
    rstan_pt_slot_t *victim = NULL;
    bool syn = (e->flags & RSTAN_TCP_SYN) != 0;

    /* An empty way, else the oldest non-SYN, else the oldest: handshakes are
     * what a lagging point most needs to find. */
    for (int w = 0; w < RSTAN_PT_WAYS; w++) {
        rstan_pt_slot_t *s = &b[w];
        if (s->conn == NULL) {
            victim = s;
            break;
        }
        if (victim == NULL)
            victim = s;
        else if (!s->syn && victim->syn)
            victim = s;
        else if (s->syn == victim->syn && s->frame < victim->frame)
            victim = s;
    }
    victim->ts_ns = e->ts_ns;
    victim->conn = conn;
    victim->key = key;
    victim->frame = e->frame;
    victim->seq = e->seq;
    victim->ack = e->ack;
    victim->dir = (uint8_t)d;
    victim->flags = (uint8_t)(e->flags & ID_FLAGS);
    victim->point = conn->point;
    victim->syn = syn;
}

/* The same packet already in the view with another TTL (see rstan_pt_folded). */
bool rstan_pt_repeats_with_other_ttl(const rstan_pt_conn_t *conn, const rstan_pt_entry_t *e, unsigned d)
{
    for (unsigned k = 0; k < RSTAN_PT_PIN + RSTAN_PT_RING; k++) {
        const rstan_pt_entry_t *c = rstan_pt_entry_at(conn, d, k);
        if (c == NULL || c->ttl == e->ttl || c->flags != e->flags || c->seq != e->seq || c->len != e->len ||
            ((e->flags & RSTAN_TCP_ACK) && c->ack != e->ack) || ((c->info ^ e->info) & (INFO_TS | INFO_HASH)))
            continue;
        if ((e->info & INFO_TS) && (c->tsval != e->tsval || c->tsecr != e->tsecr))
            continue;
        if ((e->info & INFO_HASH) && c->hash != e->hash)
            continue;
        if (c->ip_id != e->ip_id)
            continue;
        return true;
    }
    return false;
}

uint32_t rstan_pt_folded(const rstan_pt_ctx_t *ctx, unsigned point, uint32_t *first_frame)
{
    if (first_frame)
        *first_frame = point < RSTAN_PT_MAX_POINTS ? ctx->point[point].folded_frame : 0;
    return point < RSTAN_PT_MAX_POINTS ? ctx->point[point].folded : 0;
}

/* What a view remembers of one packet (INFO_* says which optional parts). */
void rstan_pt_make_entry(rstan_pt_entry_t *e, const rstan_pt_packet_t *pkt, int64_t ts)
{
    memset(e, 0, sizeof(*e));
    e->ts_ns = ts;
    e->frame = pkt->frame;
    e->seq = pkt->seq;
    e->ack = pkt->ack;
    e->len = pkt->payload_len;
    e->ip_id = pkt->ip_id;
    e->optsig = pkt->optsig;
    e->flags = pkt->flags;
    e->ttl = pkt->ttl;
    e->info = INFO_VALID;
    if (pkt->has_ts) {
        e->info |= INFO_TS;
        e->tsval = pkt->tsval;
        e->tsecr = pkt->tsecr;
    }
    if (pkt->has_sack) {
        e->info |= INFO_SACK;
        e->sack_left = pkt->sack_left;
    }
    if (pkt->hash_valid && pkt->payload_len > 0) {
        e->info |= INFO_HASH;
        e->hash = pkt->payload_hash;
    }
}

void rstan_pt_remember(rstan_pt_conn_t *conn, const rstan_pt_entry_t *e, unsigned d)
{
    if (conn->n_pin[d] < RSTAN_PT_PIN) {
        conn->pin[d][conn->n_pin[d]++] = *e;
        return;
    }
    conn->ring[d][conn->ring_head[d]] = *e;
    conn->ring_head[d] = (uint8_t)((conn->ring_head[d] + 1) % RSTAN_PT_RING);
    if (conn->ring_n[d] < RSTAN_PT_RING)
        conn->ring_n[d]++;
}

/* The k-th remembered packet of direction d (first the pinned ones, then
 * the ring), or NULL past what the view holds. */
rstan_pt_entry_t *rstan_pt_entry_at(const rstan_pt_conn_t *conn, unsigned d, unsigned k)
{
    if (k < RSTAN_PT_PIN)
        return k < conn->n_pin[d] ? (rstan_pt_entry_t *)&conn->pin[d][k] : NULL;
    k -= RSTAN_PT_PIN;
    return k < conn->ring_n[d] ? (rstan_pt_entry_t *)&conn->ring[d][k] : NULL;
}
