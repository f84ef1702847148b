/* rstan-points-internal.h
 *
 * What the capture-point files share and the adapter never sees: what a
 * remembered packet holds, the matcher's scores and protocol constants, small
 * arithmetic helpers (the classifier's, rstan-internal.h, for sequence space
 * and window scale), and the functions one file of the module calls in
 * another. The API is rstan-points.h.
 *
 *   rstan-points-feed.c     feeding a segment (the entry)
 *   rstan-points-match.c    the same packet at two points
 *   rstan-points-verdict.c  where a reset copy was and was not seen
 *   rstan-points-index.c    which views are the same connection, what each remembers
 *   rstan-points-clock.c    clock offsets and time windows between points
 *   rstan-points-link.c     context, views, links between views
 *   rstan-points-packet.c   the packet's snapshot for the matcher and its payload hash
 *
 * From the top down: each file calls only files below it (matching has a
 * result judged again when it ties a copy to it; judging never matches).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef RSTAN_POINTS_INTERNAL_H
#define RSTAN_POINTS_INTERNAL_H

#include "rstan-points.h"
#include "rstan-internal.h"   /* seq_geq, RSTAN_MAX_WSCALE */

/* What a remembered packet (rstan_pt_entry_t.info) holds. */
#define INFO_VALID 0x01
#define INFO_TS    0x02
#define INFO_SACK  0x04
#define INFO_HASH  0x08

/* Flags a middlebox leaves alone. PSH is not among them: TSO and GRO move it. */
#define ID_FLAGS (RSTAN_TCP_SYN | RSTAN_TCP_RST | RSTAN_TCP_ACK)

/* Timestamps are clamped to +-2^62 ns so that differences never overflow. */
#define TS_LIMIT ((INT64_C(1) << 62) - 1)

/* Match scores: an exact copy beats a super-segment that covers it, a copy
 * not yet matched from this point beats a duplicate that was, and for a
 * reset a copy with the flow's TTL change beats one without. */
#define SCORE_CONTAINED 2
#define SCORE_EXACT     4
#define SCORE_FRESH     1
#define SCORE_TTL_OK    8

/* Confidence in a verdict drawn from the points: made between them or lost
 * between them (at least 90, docs/fields.md), more when this very connection's
 * view at the point that missed the reset is tied to it. */
#define RSTAN_PT_CONF_SEEN_ONE_SIDE 90
#define RSTAN_PT_CONF_TIED          95

/* FNV-1a 64-bit (the 32-bit one and fnv_mix are in rstan-internal.h). */
#define FNV64_BASIS UINT64_C(14695981039346656037)
#define FNV64_PRIME UINT64_C(1099511628211)

static inline int64_t clamp_ts(int64_t t)
{
    if (t > TS_LIMIT)
        return TS_LIMIT;
    if (t < -TS_LIMIT)
        return -TS_LIMIT;
    return t;
}

static inline int64_t abs64(int64_t v) { return v < 0 ? -v : v; }

/* How far apart two copies at two points may be: around the pair's clock
 * offset, span either way. */
typedef struct {
    int64_t off, span;
} rstan_pt_window_t;

static inline bool rstan_pt_window_ok(const rstan_pt_window_t *w, int64_t tp, int64_t tq)
{
    return abs64(tq - tp - w->off) <= w->span;
}

/* rstan-points-link.c */
rstan_pt_link_t *rstan_pt_link_to(const rstan_pt_conn_t *conn, unsigned point);
rstan_pt_link_t *rstan_pt_link_back(const rstan_pt_link_t *l, const rstan_pt_conn_t *here);
void rstan_pt_link_learn_shift(rstan_pt_link_t *l, rstan_pt_link_t *back, unsigned d, uint32_t shift);
rstan_pt_link_t *rstan_pt_link_create(rstan_pt_conn_t *a, rstan_pt_conn_t *b, uint8_t flip);
bool rstan_pt_make_room(rstan_pt_conn_t *v, unsigned point, const rstan_pt_conn_t *newcomer);
int rstan_pt_link_up(const rstan_pt_link_t *l, unsigned d);

/* rstan-points-clock.c */
rstan_pt_window_t rstan_pt_window_of(const rstan_pt_ctx_t *ctx, unsigned p, unsigned q);
void rstan_pt_pair_update(rstan_pt_ctx_t *ctx, const rstan_pt_conn_t *here, rstan_pt_link_t *l);

/* rstan-points-index.c */
bool rstan_pt_index_key(const rstan_pt_entry_t *e, uint32_t *key);
bool rstan_pt_can_link(const rstan_pt_ctx_t *ctx, const rstan_pt_conn_t *conn);
bool rstan_pt_stray(const rstan_pt_conn_t *conn);
bool rstan_pt_stray_key(const rstan_pt_entry_t *e, uint32_t *key);
void rstan_pt_associate_stray(rstan_pt_ctx_t *ctx, rstan_pt_conn_t *conn, const rstan_pt_entry_t *e,
                              unsigned d, uint32_t key);
void rstan_pt_associate(rstan_pt_ctx_t *ctx, rstan_pt_conn_t *conn, const rstan_pt_entry_t *e,
                        unsigned d, uint32_t key);
bool rstan_pt_want_index(const rstan_pt_ctx_t *ctx, rstan_pt_conn_t *conn, unsigned d);
void rstan_pt_index_insert(rstan_pt_ctx_t *ctx, rstan_pt_conn_t *conn, const rstan_pt_entry_t *e,
                           unsigned d, uint32_t key);
bool rstan_pt_repeats_with_other_ttl(const rstan_pt_conn_t *conn, const rstan_pt_entry_t *e, unsigned d);
void rstan_pt_make_entry(rstan_pt_entry_t *e, const rstan_pt_packet_t *pkt, int64_t ts);
void rstan_pt_remember(rstan_pt_conn_t *conn, const rstan_pt_entry_t *e, unsigned d);
rstan_pt_entry_t *rstan_pt_entry_at(const rstan_pt_conn_t *conn, unsigned d, unsigned k);

/* rstan-points-verdict.c: rstan_pt_settle, in rstan-points.h */

/* rstan-points-match.c */
void rstan_pt_match_in_link(rstan_pt_ctx_t *ctx, rstan_pt_conn_t *here, rstan_pt_link_t *l,
                            rstan_pt_entry_t *e, unsigned d, rstan_pt_result_t *res);

#endif /* RSTAN_POINTS_INTERNAL_H */
