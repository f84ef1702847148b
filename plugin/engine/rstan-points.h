/* rstan-points.h
 *
 * Capture points: the same TCP connection seen at several points of its path
 * (a pcapng with one interface per point). This module finds the same packet
 * at two points, estimates each pair of points' clock offset, and tells for
 * every reset copy where it was seen, so that a reset made by a device
 * between two points (seen downstream, never upstream) can be told from one
 * that crossed the path, and from one lost on the way.
 *
 * Plain C99 like the classifier: no GLib, no epan, no globals and no
 * allocation. The caller owns every piece of state:
 *   - one rstan_pt_ctx_t per file, with a slot table of its chosen size;
 *   - one rstan_pt_conn_t per TCP connection per point (a connection seen at
 *     two points is two rstan_pt_conn_t, whatever its addresses there);
 *   - one rstan_pt_result_t per reset copy, at a stable address.
 * All of them must live until the file is closed, since the context keeps
 * pointers to connections and connections keep pointers to results.
 *
 * Method. Multi-segment analysers (Viavi Observer MultiHop, LiveAction
 * Omnipeek MSA, Riverbed) align a flow across points by packet identity, and
 * estimate clock offsets from the minimum one-way delay in each direction
 * (the method of Paxson, "On calibrating measurements of packet transit
 * times", SIGMETRICS 1998; also Moon, Skelly, Towsley, INFOCOM 1999): a
 * packet going a->b has t_b - t_a = offset + transit + queueing >= offset +
 * transit, one going b->a has t_b - t_a <= offset - transit, so with
 * d_ab = min(t_b - t_a) and d_ba = min(t_a - t_b):
 *     offset(b - a) = (d_ab - d_ba) / 2,  transit = (d_ab + d_ba) / 2.
 * Identity uses what routers, NATs and sequence-shifting firewalls leave
 * alone: direction relative to the connection (not addresses or ports),
 * flags, payload length and a hash of the payload's first bytes, the TCP
 * timestamp option (RFC 7323 §3: a middlebox does not change TSval/TSecr),
 * the options' kinds in order and the window scale, the IPv4 ID where it is
 * not zero, and seq/ack through a per-connection shift learnt from the
 * handshake (or the first strong match, when a point started late), which
 * also maps SACK blocks (RFC 2018 §3: they carry sequence numbers of the
 * same space, so a firewall that shifts sequence numbers shifts them too).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef RSTAN_POINTS_H
#define RSTAN_POINTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rstan-engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bounds. Each is a compile-time constant so that memory is fixed:
 *   RSTAN_PT_MAX_POINTS  points per file (0..7); packets of other points are
 *                        not fed (the caller gives them no point).
 *   RSTAN_PT_MAX_LINKS   other points one connection view can be tied to
 *                        (client, both sides of a router, server: 3).
 *   RSTAN_PT_PIN         first packets kept per direction (the handshake),
 *                        so a point whose clock lags by minutes still finds
 *                        them, and the clock offset can be learnt from them.
 *   RSTAN_PT_RING        latest packets kept per direction: the matching
 *                        window. A packet's copy at another point is found
 *                        while the packet is among the last RSTAN_PT_RING of
 *                        its direction at its point, or among its first
 *                        RSTAN_PT_PIN. Beyond that it counts as unmatched,
 *                        which is never an error (loss looks the same).
 *   RSTAN_PT_RST_KEEP    latest resets per connection view whose results a
 *                        later copy can still amend.
 * sizeof(rstan_pt_conn_t) is the memory per connection per point (1,280
 * bytes on 64-bit hosts); it does not grow with the connection. */
#define RSTAN_PT_MAX_POINTS 8
#define RSTAN_PT_MAX_LINKS  3
#define RSTAN_PT_PIN        2
#define RSTAN_PT_RING       8
#define RSTAN_PT_RST_KEEP   4
/* Payload bytes hashed: enough to tell requests apart, few enough that
 * different snap lengths at two points rarely matter. */
#define RSTAN_PT_HASH_BYTES 64
/* Ways of each slot-table bucket. */
#define RSTAN_PT_WAYS       4

/* Time windows. Before a pair of points has a clock offset (its own, or one
 * composed through a third point), two copies may be up to RSTAN_PT_WIDE_NS
 * apart (each point's clock off by up to +-15 minutes, so two points up to 30
 * minutes apart, plus transit); after, within RSTAN_PT_NARROW_NS of the
 * offset. Two resets in opposite directions within RSTAN_PT_BOTH_NS (clocks
 * corrected) are "at once". Override offsets are clamped to
 * +-RSTAN_PT_MAX_OFFSET_NS. */
#define RSTAN_PT_WIDE_NS       (INT64_C(1900) * 1000000000)
#define RSTAN_PT_NARROW_NS     (INT64_C(10) * 1000000000)
#define RSTAN_PT_BOTH_NS       (INT64_C(2) * 1000000000)
#define RSTAN_PT_MAX_OFFSET_NS (INT64_C(86400) * 1000000000)
/* A point counts as capturing from its first packet until RSTAN_PT_TAIL_NS
 * after its last (its time, clocks corrected). */
#define RSTAN_PT_TAIL_NS       (INT64_C(10) * 1000000000)
/* Connection views stop looking for their copy at other points after this
 * many packets without finding it. A view's first RSTAN_PT_PIN packets each
 * way always go into the slot table; its other packets only while it lacks a
 * tie (this many, and as many again when a new point starts). */
#define RSTAN_PT_ASSOC_TRIES 64
/* A view with more packets than this and no tie to a point is not judged
 * against that point: the connection got going, so that point either is not
 * on its path or saw it and the tie was missed (a table too small, a
 * middlebox that rewrote timestamps). With fewer (a SYN and its reset) the
 * connection may well never have reached it. */
#define RSTAN_PT_UNTIED_MAX 4

/* Result flags. */
#define RSTAN_PT_CROSSED      (1u << 0) /* seen at two or more points */
#define RSTAN_PT_BETWEEN      (1u << 1) /* not seen at a covering point nearer its sender: made between */
#define RSTAN_PT_LOST         (1u << 2) /* not seen at a covering point nearer its receiver */
#define RSTAN_PT_GAP          (1u << 3) /* a point did not cover the time of this reset */
#define RSTAN_PT_BOTH_WAYS    (1u << 4) /* made between, and so was a reset the other way at once */
#define RSTAN_PT_FORGED_COPY  (1u << 5) /* a copy at another point has an odd TTL change: two packets */
#define RSTAN_PT_NO_CLOCK     (1u << 6) /* a point without a clock offset could not be judged */
#define RSTAN_PT_UNPLACED     (1u << 7) /* seen at two or more points, but a point on its sender's
                                           side of them could not be judged (not capturing then, no
                                           clock, order unknown): it may have been made there, so
                                           the crossing says nothing for its sender (CROSSED unset) */

/* Clock offset sources. */
typedef enum {
    RSTAN_PT_CLOCK_UNKNOWN = 0,
    RSTAN_PT_CLOCK_ESTIMATED,
    RSTAN_PT_CLOCK_USER
} rstan_pt_clock_t;

/* What is known about a reset copy at one point. */
typedef enum {
    RSTAN_PT_AT_UNKNOWN = 0,   /* point not on this path, or its order unknown */
    RSTAN_PT_AT_SELF,          /* the copy this result is for */
    RSTAN_PT_AT_SEEN,          /* the same reset was seen there */
    RSTAN_PT_AT_MISSING_UP,    /* covering point nearer the sender: not seen */
    RSTAN_PT_AT_MISSING_DOWN,  /* covering point nearer the receiver: not seen */
    RSTAN_PT_AT_GAP,           /* the point did not cover the time */
    RSTAN_PT_AT_ODD_TTL,       /* same identity, but a TTL change unlike the flow's */
    RSTAN_PT_AT_NO_CLOCK       /* no clock offset to tell whether it covered the time */
} rstan_pt_at_t;

/* One packet of one connection at one point, as the caller read it. */
typedef struct {
    int64_t  ts_ns;          /* capture time at the point's clock, within +-2^62 ns */
    uint32_t frame;          /* frame number, > 0 */
    uint32_t seq, ack;       /* raw */
    uint32_t payload_len;    /* TCP payload length (a super-segment's whole length) */
    uint32_t payload_hash;   /* rstan_pt_hash() of the payload, see hash_valid */
    uint32_t tsval, tsecr;   /* TCP timestamp option, if has_ts */
    uint32_t sack_left, sack_right; /* first SACK block, if has_sack */
    uint16_t ip_id;          /* IPv4 ID; 0 for IPv6 or when zero */
    uint16_t optsig;         /* options signature (rstan_pt_parse_options) */
    uint16_t mss;            /* MSS option, 0 if absent (not part of identity: clamped) */
    uint8_t  dir;            /* 0 or 1: which side sent it, consistent within the view */
    uint8_t  flags;          /* TCP flags as on the wire */
    uint8_t  ttl;            /* TTL or hop limit */
    int8_t   wscale;         /* window scale, -1 if absent */
    int8_t   client_dir;     /* the caller's idea of the client's dir, -1 unknown;
                                a SYN without ACK overrides it */
    bool     has_ts, has_sack;
    bool     hash_valid;     /* payload_hash covers min(payload_len, RSTAN_PT_HASH_BYTES) bytes */
} rstan_pt_packet_t;

/* One remembered packet (internal, in rstan_pt_conn_t). */
typedef struct {
    int64_t  ts_ns;
    uint32_t frame, seq, ack, len, hash, tsval, tsecr, sack_left;
    uint16_t ip_id, optsig;
    uint8_t  flags, ttl;
    uint8_t  info;           /* internal bits */
    uint8_t  matched;        /* bit per point that matched it */
} rstan_pt_entry_t;

struct rstan_pt_conn;
struct rstan_pt_result;

/* A tie between two views of the same connection (internal). Kept on both
 * sides, each in its own direction numbering: for direction d here, the
 * other view's direction is d ^ flip, its seq is seq + shift[d], and
 * delay samples are t_other - t_here. */
typedef struct {
    struct rstan_pt_conn *peer;
    int64_t  dmin[2], dmax[2];   /* t_peer - t_here of exact non-reset matches */
    uint32_t shift[2];
    uint32_t samples[2];
    uint32_t ttl_n[2];
    int16_t  ttl_min[2], ttl_max[2]; /* ttl_here - ttl_peer */
    uint8_t  flip;
    uint8_t  shift_known;        /* bit d: shift[d] learnt */
    uint8_t  counted;            /* internal */
} rstan_pt_link_t;

/* The view of one connection at one point. */
typedef struct rstan_pt_conn {
    /* What every packet reads first, together. */
    int64_t  first_ts, last_ts;
    uint32_t packets;
    uint8_t  point;
    uint8_t  n_links;
    uint8_t  n_pin[2], ring_n[2], ring_head[2];
    uint8_t  rst_next;
    uint8_t  index_points, index_left; /* internal: table inserts left */
    int8_t   client_dir;         /* -1 unknown */
    struct rstan_pt_result *rst[RSTAN_PT_RST_KEEP];  /* latest resets, oldest replaced */
    struct rstan_pt_result *last_rst[2];             /* latest reset per direction */
    rstan_pt_link_t  link[RSTAN_PT_MAX_LINKS];
    rstan_pt_entry_t pin[2][RSTAN_PT_PIN];
    rstan_pt_entry_t ring[2][RSTAN_PT_RING];
} rstan_pt_conn_t;

/* The same reset seen at one point (frame 0: not seen there). */
typedef struct {
    int64_t  ts_ns;
    uint32_t frame;
    uint8_t  ttl;
} rstan_pt_copy_t;

/* A reset copy's analysis. The caller passes it to rstan_pt_feed() with the
 * reset and keeps it at the same address: copies met later amend it. */
typedef struct rstan_pt_result {
    const rstan_pt_conn_t *conn;               /* view where this copy was seen */
    struct rstan_pt_result *copy[RSTAN_PT_MAX_POINTS]; /* results of the copies, to amend them */
    rstan_pt_copy_t seen[RSTAN_PT_MAX_POINTS]; /* the copies at each point, this one included */
    int64_t  ts_ns;
    int64_t  transit_ns;      /* to copy_frame, clocks corrected, >= 0; -1 unknown */
    int64_t  clock_offset_ns; /* copy_frame's point's clock minus this point's */
    uint32_t frame;
    uint32_t copy_frame;      /* next copy along the path (the previous one for the last); 0 none */
    uint32_t odd_frame[RSTAN_PT_MAX_POINTS]; /* a same-identity reset with an odd TTL change */
    uint32_t flags;           /* RSTAN_PT_* */
    int16_t  hops_between;    /* TTL difference to copy_frame, -1 unknown */
    int16_t  hops_from_point; /* made between: hops from its maker to this point, -1 unknown */
    uint8_t  point, dir, ttl, reset_flags;
    uint8_t  n_seen;
    uint8_t  seen_at[RSTAN_PT_MAX_POINTS];     /* points, nearest the sender first */
    uint8_t  at[RSTAN_PT_MAX_POINTS];          /* rstan_pt_at_t per point */
    uint8_t  between_from, between_to;         /* made between these points (BETWEEN) */
    uint8_t  lost_from, lost_to;               /* lost between these points (LOST) */
    uint8_t  confidence;      /* 0..100, for the BETWEEN/LOST finding */
    uint8_t  clock;           /* rstan_pt_clock_t of clock_offset_ns */
    struct rstan_pt_result *both_peer; /* BOTH_WAYS: the reset made the other way at once */
    void    *owner;           /* the caller's: the copy's rstan_verdict_t, which rstan_session_result
                                 reads for a reset made the other way at once; never read here */
} rstan_pt_result_t;

/* Per-point bookkeeping (internal but for folded/folded_frame). */
typedef struct {
    int64_t  first_ts, last_ts;  /* first and last frame of any kind (rstan_pt_note) */
    uint32_t packets;            /* TCP segments fed */
    uint32_t frames;             /* frames of any kind, TCP included */
    bool     declared;           /* the file has this point (rstan_pt_declare) */
    uint32_t folded;         /* packets that repeat one of the same view with another TTL */
    uint32_t folded_frame;   /* the first of them, 0 none */
} rstan_pt_point_t;

/* Per pair of points lo < hi (internal): t_hi - t_lo over packets going
 * lo->hi (its minimum) and hi->lo (its maximum), and how client->server
 * traffic runs between them. */
typedef struct {
    int64_t  up_min, down_max;
    uint32_t n_up, n_down;
    uint32_t c2s_up, c2s_down;
} rstan_pt_pair_t;

/* One slot of the association table: a recent packet with an identity that
 * does not depend on addresses, ports or sequence shifts (internal). */
typedef struct {
    int64_t  ts_ns;
    rstan_pt_conn_t *conn;
    uint32_t key, frame, seq, ack;
    uint8_t  dir, flags, point, syn;
} rstan_pt_slot_t;

typedef struct {
    int64_t  offset_ns[RSTAN_PT_MAX_POINTS]; /* user: point clock minus the reference clock */
    bool     offset_set[RSTAN_PT_MAX_POINTS];
    bool     one_path;        /* all points lie on every connection's path (two-point
                                 merges); false for a device with several interfaces */
    uint8_t  ttl_tolerance;   /* TTL-change difference still the same path */
} rstan_pt_config_t;

typedef struct {
    rstan_pt_config_t cfg;
    rstan_pt_point_t  point[RSTAN_PT_MAX_POINTS];
    rstan_pt_pair_t   pair[RSTAN_PT_MAX_POINTS][RSTAN_PT_MAX_POINTS];
    rstan_pt_slot_t  *slots;
    uint32_t          bucket_mask;
    uint32_t          n_points;   /* points that had packets */
} rstan_pt_ctx_t;

/* Fill cfg with the defaults: no override, one path, TTL tolerance 1. */
void rstan_pt_config_default(rstan_pt_config_t *cfg);

/* Prepare ctx for a new file.
 *   cfg:     copied (NULL: defaults).
 *   slots:   caller-owned table of n_slots entries, n_slots a power of two and a
 *            multiple of RSTAN_PT_WAYS (at least RSTAN_PT_WAYS); it is cleared.
 *            Its size bounds how far back a connection can find its copy at
 *            another point by identity (a few thousand slots for usual files).
 * Returns false (and leaves ctx unusable) if n_slots is not acceptable. */
bool rstan_pt_init(rstan_pt_ctx_t *ctx, const rstan_pt_config_t *cfg,
                   rstan_pt_slot_t *slots, size_t n_slots);

/* Prepare the view of a new connection at point (< RSTAN_PT_MAX_POINTS). */
void rstan_pt_conn_init(rstan_pt_conn_t *conn, unsigned point);

/* Feed one packet of conn, in file order across all points (every packet of
 * every point goes through here, resets or not).
 *   out: for a reset (RST set), filled and kept by address: a copy met later
 *        amends it and its copies' results. May be NULL (then the reset is
 *        matched but has no result). Ignored for other packets.
 * Returns true when out was filled. Packets with dir > 1, frame 0 or a view
 * with an invalid point are ignored (false). O(1): a fixed number of compares,
 * no allocation. */
bool rstan_pt_feed(rstan_pt_ctx_t *ctx, rstan_pt_conn_t *conn,
                   const rstan_pt_packet_t *pkt, rstan_pt_result_t *out);

/* Judge r again with everything fed so far: flags, seen_at, copy, transit,
 * hops and clock offset. rstan_pt_feed() does it when a result is made or
 * amended; call it on the second pass to draw the final state (after the
 * whole file, coverage and clock offsets are final). May set
 * RSTAN_PT_BOTH_WAYS on the opposite reset's result too. */
void rstan_pt_settle(const rstan_pt_ctx_t *ctx, rstan_pt_result_t *r);

/* A frame of any kind (a ping, ARP, UDP) captured at point at ts_ns (its
 * clock): the point was capturing then. TCP segments fed count already; the
 * caller passes the others so that a point whose first TCP comes after a
 * reset still shows it covered the reset's time. */
void rstan_pt_note(rstan_pt_ctx_t *ctx, unsigned point, int64_t ts_ns);

/* The file has this point (an interface description), whether or not any of
 * its packets came yet: a single pass then knows that a point exists that
 * has not shown it was capturing, and a reset's crossing of the others is
 * not taken as reaching its sender. */
void rstan_pt_declare(rstan_pt_ctx_t *ctx, unsigned point);

/* Clock offset of point q relative to point p (q's clock minus p's) and the
 * transit between them, from the user's override or the estimate. transit may
 * be NULL; it is -1 when unknown. Returns the source (UNKNOWN: *offset 0). */
rstan_pt_clock_t rstan_pt_clock_offset(const rstan_pt_ctx_t *ctx, unsigned p, unsigned q,
                                       int64_t *offset_ns, int64_t *transit_ns);

/* A 32-bit hash (FNV-1a steps over 64-bit words) of the first
 * RSTAN_PT_HASH_BYTES of data[0..len). */
uint32_t rstan_pt_hash(const uint8_t *data, size_t len);

/* Set pkt->payload_hash and hash_valid from the captured payload bytes
 * (captured may be shorter than pkt->payload_len; set payload_len first). */
void rstan_pt_set_payload(rstan_pt_packet_t *pkt, const uint8_t *data, size_t captured);

/* Read raw TCP options (the bytes after the fixed 20-byte header) into pkt
 * with rstan_tcp_options_read: optsig (kinds in order and the window scale),
 * mss, wscale, timestamps and the first SACK block. */
void rstan_pt_parse_options(rstan_pt_packet_t *pkt, const uint8_t *opts, size_t len);

/* The one snapshot of a segment for the matcher: seg's numbers, flags, TTL,
 * IPv4 ID, time, frame and dir; opts as read (NULL when the header holds no
 * option bytes: optsig 0); the payload's hash from payload (captured bytes,
 * NULL when they are not all in the frame); client_dir the caller's guess. */
void rstan_pt_packet_make(rstan_pt_packet_t *pkt, const rstan_segment_t *seg, const rstan_tcp_options_t *opts,
                          const uint8_t *payload, size_t captured, int8_t client_dir);

/* Several points folded into one: while the file has a single point, a
 * packet that repeats one already in its view (same direction, flags, seq,
 * ack, length, timestamps, IP ID and payload hash) with another TTL is the
 * same packet captured further along its path, as when captures are merged
 * into one interface (mergecap's default). Returns how many such packets
 * point has had so far and sets *first_frame to the first (0 if none). A
 * route change during a retransmission can make one; warn from two. */
uint32_t rstan_pt_folded(const rstan_pt_ctx_t *ctx, unsigned point, uint32_t *first_frame);

/* Name of an rstan_pt_at_t value, for evidence text. */
const char *rstan_pt_at_name(unsigned at);

#ifdef __cplusplus
}
#endif

#endif /* RSTAN_POINTS_H */
