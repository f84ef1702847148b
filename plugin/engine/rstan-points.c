/* rstan-points.c
 *
 * Capture points: ties the views of one TCP connection at several capture
 * points together, matches the same packet at two points, estimates the
 * clock offset of each pair of points from the minimum one-way delay in each
 * direction, and judges every reset copy by where it was and was not seen.
 * See rstan-points.h for the API contract and the sources of the method.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-points.h"
#include "rstan-engine.h"

#include <string.h>

#define INFO_VALID 0x01
#define INFO_TS    0x02
#define INFO_SACK  0x04
#define INFO_HASH  0x08

/* Flags a middlebox leaves alone. PSH is not among them: TSO and GRO move it. */
#define ID_FLAGS (RSTAN_TCP_SYN | RSTAN_TCP_RST | RSTAN_TCP_ACK)

#define TS_LIMIT ((INT64_C(1) << 62) - 1)

/* Match scores: an exact copy beats a super-segment that covers it, a copy
 * not yet matched from this point beats a duplicate that was, and for a
 * reset a copy with the flow's TTL change beats one without. */
#define SCORE_CONTAINED 2
#define SCORE_EXACT     4
#define SCORE_FRESH     1
#define SCORE_TTL_OK    8

static bool seq_geq(uint32_t a, uint32_t b) { return (int32_t)(a - b) >= 0; }

static int64_t clamp_ts(int64_t t)
{
    if (t > TS_LIMIT)
        return TS_LIMIT;
    if (t < -TS_LIMIT)
        return -TS_LIMIT;
    return t;
}

static int64_t abs64(int64_t v) { return v < 0 ? -v : v; }

static uint32_t fnv_mix(uint32_t h, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        h ^= (v >> (8 * i)) & 0xffu;
        h *= 16777619u;
    }
    return h;
}

/* ------------------------------------------------------------------------ */
/* Helpers the adapter uses to fill a packet                                 */

/* FNV-1a's xor-then-multiply step over 64-bit little-endian words (eight
 * multiplies for 64 bytes instead of 64), folded to 32 bits. The same bytes
 * give the same value on every host. */
uint32_t rstan_pt_hash(const uint8_t *data, size_t len)
{
    uint64_t h = UINT64_C(14695981039346656037);
    const uint64_t prime = UINT64_C(1099511628211);
    size_t i = 0;

    if (data == NULL)
        len = 0;
    if (len > RSTAN_PT_HASH_BYTES)
        len = RSTAN_PT_HASH_BYTES;
    for (; i + 8 <= len; i += 8) {
        uint64_t w = 0;
        for (int k = 7; k >= 0; k--)
            w = w << 8 | data[i + (size_t)k];
        h = (h ^ w) * prime;
    }
    for (; i < len; i++)
        h = (h ^ data[i]) * prime;
    h ^= h >> 29;
    h *= UINT64_C(0xbf58476d1ce4e5b9);
    h ^= h >> 32;
    return (uint32_t)h;
}

void rstan_pt_set_payload(rstan_pt_packet_t *pkt, const uint8_t *data, size_t captured)
{
    size_t want = pkt->payload_len < RSTAN_PT_HASH_BYTES ? pkt->payload_len : RSTAN_PT_HASH_BYTES;
    pkt->hash_valid = data != NULL && captured >= want;
    pkt->payload_hash = pkt->hash_valid ? rstan_pt_hash(data, want) : 0;
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* TCP options (RFC 9293 §3.1; MSS kind 2, window scale kind 3 and timestamps
 * kind 8 from RFC 7323 §2.2 and §3.2; SACK kind 5 from RFC 2018 §3). The
 * signature keeps the kinds in order and the window scale: stacks differ in
 * both and middleboxes rarely touch them, while MSS is often clamped. */
void rstan_pt_parse_options(rstan_pt_packet_t *pkt, const uint8_t *opts, size_t len)
{
    uint32_t sig = 2166136261u;
    size_t i = 0;

    pkt->has_ts = false;
    pkt->has_sack = false;
    pkt->mss = 0;
    pkt->wscale = -1;
    if (len > 40)
        len = 40;
    while (opts != NULL && i < len) {
        uint8_t kind = opts[i];
        if (kind == 0)
            break;
        sig = fnv_mix(sig, kind);
        if (kind == 1) {
            i++;
            continue;
        }
        if (i + 1 >= len || opts[i + 1] < 2 || i + opts[i + 1] > len)
            break;
        uint8_t olen = opts[i + 1];
        const uint8_t *v = opts + i + 2;
        if (kind == 2 && olen == 4) {
            pkt->mss = (uint16_t)(v[0] << 8 | v[1]);
        } else if (kind == 3 && olen == 3) {
            pkt->wscale = (int8_t)(v[0] > 14 ? 14 : v[0]);
            sig = fnv_mix(sig, 0x100u | v[0]);
        } else if (kind == 8 && olen == 10) {
            pkt->has_ts = true;
            pkt->tsval = be32(v);
            pkt->tsecr = be32(v + 4);
        } else if (kind == 5 && olen >= 10 && !pkt->has_sack) {
            pkt->has_sack = true;
            pkt->sack_left = be32(v);
            pkt->sack_right = be32(v + 4);
        }
        i += olen;
    }
    pkt->optsig = (uint16_t)(sig ^ (sig >> 16));
}

const char *rstan_pt_at_name(unsigned at)
{
    static const char *const names[] = {
        "unknown", "this copy", "seen", "not seen upstream", "not seen downstream",
        "not covered", "odd TTL change", "no clock offset"
    };
    return at < sizeof(names) / sizeof(names[0]) ? names[at] : "unknown";
}

/* ------------------------------------------------------------------------ */
/* Context, views, links                                                     */

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

static rstan_pt_link_t *link_to(const rstan_pt_conn_t *conn, unsigned point)
{
    for (unsigned i = 0; i < conn->n_links; i++) {
        if (conn->link[i].peer->point == point)
            return (rstan_pt_link_t *)&conn->link[i];
    }
    return NULL;
}

static rstan_pt_link_t *link_back(const rstan_pt_link_t *l, const rstan_pt_conn_t *here)
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
static void link_learn_shift(rstan_pt_link_t *l, rstan_pt_link_t *back, unsigned d, uint32_t shift)
{
    if (l->shift_known & (1u << d))
        return;
    l->shift[d] = shift;
    l->shift_known |= (uint8_t)(1u << d);
    unsigned pd = d ^ l->flip;
    back->shift[pd] = (uint32_t)0 - shift;
    back->shift_known |= (uint8_t)(1u << pd);
}

static rstan_pt_link_t *link_create(rstan_pt_conn_t *a, rstan_pt_conn_t *b, uint8_t flip)
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
static bool make_room(rstan_pt_conn_t *v, unsigned point, const rstan_pt_conn_t *newcomer)
{
    rstan_pt_link_t *l = link_to(v, point);
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
static int link_up(const rstan_pt_link_t *l, unsigned d)
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

/* ------------------------------------------------------------------------ */
/* Clocks                                                                    */

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
typedef struct {
    int64_t off, span;
} rstan_window_t;

static rstan_window_t window_of(const rstan_pt_ctx_t *ctx, unsigned p, unsigned q)
{
    rstan_window_t w;
    int64_t tr;
    if (rstan_pt_clock_offset(ctx, p, q, &w.off, &tr) == RSTAN_PT_CLOCK_UNKNOWN) {
        w.off = 0;
        w.span = RSTAN_PT_WIDE_NS;
    } else {
        w.span = RSTAN_PT_NARROW_NS + (tr > 0 ? tr : 0);
    }
    return w;
}

static bool window_ok(const rstan_window_t *w, int64_t tp, int64_t tq)
{
    return abs64(tq - tp - w->off) <= w->span;
}

/* Feeds a link's delay samples into its pair of points, once its orientation
 * is known. Min and max only move one way, so feeding again is harmless. */
static void pair_update(rstan_pt_ctx_t *ctx, const rstan_pt_conn_t *here, rstan_pt_link_t *l)
{
    unsigned p = here->point, q = l->peer->point;
    unsigned lo = p < q ? p : q;
    rstan_pt_pair_t *pr = &ctx->pair[lo][p < q ? q : p];
    int up0 = link_up(l, 0);
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
    rstan_pt_link_t *back = link_back(l, here);
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

/* ------------------------------------------------------------------------ */
/* Identity and matching                                                     */

static void make_entry(rstan_pt_entry_t *e, const rstan_pt_packet_t *pkt, int64_t ts)
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
                       const rstan_window_t *win, const rstan_pt_entry_t *e, unsigned d,
                       const rstan_pt_entry_t *c, bool *exact_out)
{
    unsigned o = d ^ 1;
    bool seq_known = (l->shift_known >> d) & 1, ack_known = (l->shift_known >> o) & 1;
    bool has_ack = (e->flags & RSTAN_TCP_ACK) != 0;
    int strength = 0;
    bool exact;

    if (!(c->info & INFO_VALID) || ((c->flags ^ e->flags) & ID_FLAGS) != 0)
        return 0;
    if (!window_ok(win, e->ts_ns, c->ts_ns))
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

/* The k-th remembered packet of direction d (first the pinned ones, then
 * the ring), or NULL past what the view holds. */
static rstan_pt_entry_t *entry_at(const rstan_pt_conn_t *conn, unsigned d, unsigned k)
{
    if (k < RSTAN_PT_PIN)
        return k < conn->n_pin[d] ? (rstan_pt_entry_t *)&conn->pin[d][k] : NULL;
    k -= RSTAN_PT_PIN;
    return k < conn->ring_n[d] ? (rstan_pt_entry_t *)&conn->ring[d][k] : NULL;
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
    rstan_pt_link_t *back = link_back(l, here);
    bool fresh = !(c->matched & (1u << here->point));

    if (back == NULL)
        return;
    if (exact)
        link_learn_shift(l, back, d, c->seq - e->seq);
    if (e->flags & RSTAN_TCP_ACK)
        link_learn_shift(l, back, d ^ 1, c->ack - e->ack);
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
        pair_update(ctx, here, l);
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

static void match_in_link(rstan_pt_ctx_t *ctx, rstan_pt_conn_t *here, rstan_pt_link_t *l,
                          rstan_pt_entry_t *e, unsigned d, rstan_pt_result_t *res)
{
    rstan_pt_conn_t *peer = l->peer;
    unsigned pd = d ^ l->flip;
    rstan_pt_entry_t *best = NULL;
    int best_score = 0;
    bool best_exact = false;
    rstan_window_t win = window_of(ctx, here->point, peer->point);

    for (unsigned k = 0; k < RSTAN_PT_PIN + RSTAN_PT_RING; k++) {
        rstan_pt_entry_t *c = entry_at(peer, pd, k);
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

/* ------------------------------------------------------------------------ */
/* Association: which views at other points are this connection              */

/* Packets whose identity needs neither addresses, ports nor (where they may
 * be shifted) sequence numbers. Resets do not tie connections together. */
static bool index_key(const rstan_pt_entry_t *e, uint32_t *key)
{
    bool syn = (e->flags & RSTAN_TCP_SYN) != 0, ts = (e->info & INFO_TS) != 0;
    if (e->flags & RSTAN_TCP_RST)
        return false;
    if (!syn && !ts && !(e->len > 0 && ((e->info & INFO_HASH) || e->ip_id)))
        return false;
    uint32_t h = fnv_mix(2166136261u, (uint32_t)(e->flags & ID_FLAGS));
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
static bool want_index(const rstan_pt_ctx_t *ctx, rstan_pt_conn_t *conn, unsigned d)
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

static bool can_link(const rstan_pt_ctx_t *ctx, const rstan_pt_conn_t *conn)
{
    return conn->n_links < RSTAN_PT_MAX_LINKS && conn->n_links + 1u < ctx->n_points &&
           conn->packets <= RSTAN_PT_ASSOC_TRIES;
}

static void associate(rstan_pt_ctx_t *ctx, rstan_pt_conn_t *conn, const rstan_pt_entry_t *e,
                      unsigned d, uint32_t key)
{
    rstan_pt_slot_t *b = &ctx->slots[(size_t)(key & ctx->bucket_mask) * RSTAN_PT_WAYS];
    for (int w = 0; w < RSTAN_PT_WAYS && can_link(ctx, conn); w++) {
        rstan_pt_slot_t *s = &b[w];
        rstan_pt_conn_t *other = s->conn;
        if (other == NULL || s->key != key || s->point == conn->point || s->flags != (e->flags & ID_FLAGS))
            continue;
        if (link_to(conn, s->point) || !make_room(other, conn->point, conn) || other->n_links >= RSTAN_PT_MAX_LINKS)
            continue;
        rstan_window_t win = window_of(ctx, conn->point, s->point);
        if (!window_ok(&win, e->ts_ns, s->ts_ns))
            continue;
        rstan_pt_link_t *l = link_create(conn, other, (uint8_t)(d ^ s->dir));
        if (l == NULL)
            continue;
        rstan_pt_link_t *back = link_back(l, conn);
        link_learn_shift(l, back, d, s->seq - e->seq);
        if (e->flags & RSTAN_TCP_ACK)
            link_learn_shift(l, back, d ^ 1, s->ack - e->ack);
    }
}

static void index_insert(rstan_pt_ctx_t *ctx, rstan_pt_conn_t *conn, const rstan_pt_entry_t *e,
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
static bool repeats_with_other_ttl(const rstan_pt_conn_t *conn, const rstan_pt_entry_t *e, unsigned d)
{
    for (unsigned k = 0; k < RSTAN_PT_PIN + RSTAN_PT_RING; k++) {
        const rstan_pt_entry_t *c = entry_at(conn, d, k);
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

static void remember(rstan_pt_conn_t *conn, const rstan_pt_entry_t *e, unsigned d)
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

/* ------------------------------------------------------------------------ */
/* Feeding                                                                   */

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
    make_entry(&e, pkt, ts);

    rstan_pt_point_t *pt = &ctx->point[conn->point];
    if (pt->packets == 0) {
        pt->first_ts = pt->last_ts = ts;
        ctx->n_points++;
    }
    if (ts < pt->first_ts)
        pt->first_ts = ts;
    if (ts > pt->last_ts)
        pt->last_ts = ts;
    if (pt->packets < UINT32_MAX)
        pt->packets++;
    if (conn->packets == 0) {
        conn->first_ts = ts;
        conn->index_points = (uint8_t)ctx->n_points;
        conn->index_left = RSTAN_PT_ASSOC_TRIES;
    }
    conn->last_ts = ts;
    if (conn->packets < UINT32_MAX)
        conn->packets++;
    /* The client sent the first SYN (SPEC); else the caller's guess. */
    if ((pkt->flags & (RSTAN_TCP_SYN | RSTAN_TCP_ACK)) == RSTAN_TCP_SYN)
        conn->client_dir = (int8_t)d;
    else if (conn->client_dir < 0 && (pkt->client_dir == 0 || pkt->client_dir == 1))
        conn->client_dir = pkt->client_dir;

    bool keyed = index_key(&e, &key);
    if (keyed && can_link(ctx, conn))
        associate(ctx, conn, &e, d, key);

    rstan_pt_result_t *res = (pkt->flags & RSTAN_TCP_RST) ? out : NULL;
    if (res) {
        result_init(res, conn, &e, d);
        conn->rst[conn->rst_next] = res;
        conn->rst_next = (uint8_t)((conn->rst_next + 1) % RSTAN_PT_RST_KEEP);
        conn->last_rst[d] = res;
    }
    for (unsigned i = 0; i < conn->n_links; i++)
        match_in_link(ctx, conn, &conn->link[i], &e, d, res);
    if (keyed && want_index(ctx, conn, d))
        index_insert(ctx, conn, &e, d, key);
    if (ctx->n_points == 1 && repeats_with_other_ttl(conn, &e, d)) {
        if (pt->folded == 0)
            pt->folded_frame = e.frame;
        if (pt->folded < UINT32_MAX)
            pt->folded++;
    }
    remember(conn, &e, d);
    if (res)
        rstan_pt_settle(ctx, res);
    return res != NULL;
}

/* ------------------------------------------------------------------------ */
/* Judging a reset copy                                                      */

/* Is point q upstream (1) or downstream (0) of r's point for r's direction,
 * or unknown (-1)? From the connection's tie to q, else from how
 * client-to-server traffic runs between the two points in other connections. */
static int rel_of(const rstan_pt_ctx_t *ctx, const rstan_pt_result_t *r, unsigned q)
{
    const rstan_pt_conn_t *conn = r->conn;
    const rstan_pt_link_t *l = link_to(conn, q);
    if (l) {
        int up = link_up(l, r->dir);
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
    return pt->packets > 0 && pt->first_ts <= t && t - pt->last_ts <= RSTAN_PT_TAIL_NS;
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
    bool linked_between = false;

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
        if (ctx->point[q].packets == 0)
            continue;
        bool linked = link_to(r->conn, q) != NULL;
        int rel = rel_of(ctx, r, q);
        if (rel < 0 || (!linked && (!ctx->cfg.one_path || r->conn->packets > RSTAN_PT_UNTIED_MAX)))
            continue;
        if (rstan_pt_clock_offset(ctx, P, q, &off, &tr) == RSTAN_PT_CLOCK_UNKNOWN) {
            r->at[q] = RSTAN_PT_AT_NO_CLOCK;
            r->flags |= RSTAN_PT_NO_CLOCK;
            continue;
        }
        if (!covers(ctx, q, r->ts_ns + off, rel, tr)) {
            r->at[q] = RSTAN_PT_AT_GAP;
            r->flags |= RSTAN_PT_GAP;
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
        r->flags |= RSTAN_PT_CROSSED;
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
        r->confidence = linked_between ? 95 : 90;
    }
    if (r->flags & RSTAN_PT_LOST) {
        r->lost_from = r->seen_at[n - 1];
        if (r->confidence < 90)
            r->confidence = 90;
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
