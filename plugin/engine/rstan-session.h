/* rstan-session.h
 *
 * The engine's one way in for a packet and one way out for a reset: a
 * session holds what the engine keeps of one capture file besides each
 * connection's state, takes every packet in capture order in one call
 * (rstan_session_feed) and makes what a reset shows in another
 * (rstan_session_result), running its own steps in their order
 * (rstan-session.c). Whoever reads the file keeps the records: it hands the
 * session an allocator and the per-address baselines (rstan_keeper_t), and a
 * place for each connection (rstan_session_conn_t) in its own table. Plain
 * C99 like the rest of the engine.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef RSTAN_SESSION_H
#define RSTAN_SESSION_H

#include "rstan-engine.h"
#include "rstan-periodic.h"
#include "rstan-points.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What the session asks of whoever keeps the file's records. */
typedef struct {
    void *keeper;
    /* Zeroed memory that lives as long as the file's records; never NULL. */
    void *(*alloc)(void *keeper, size_t size);
    /* The baseline of an address, as the packet names it
     * (rstan_session_packet_t.src/dst), made zeroed on first use. A
     * connection keeps the two it was given, so this is asked at most twice
     * per 4-tuple and point. */
    rstan_host_t *(*host)(void *keeper, const void *address);
} rstan_keeper_t;

/* One 4-tuple at one capture point: the engine's state of the connection
 * on it now, how each connection on it ended, and the matcher's view of it.
 * The caller keeps it in its connection table, zeroed, then
 * rstan_session_conn_init. */
typedef struct {
    rstan_conv_t      conv;
    rstan_conn_end_t *ends;       /* newest first (rstan_conn_end_t.prev) */
    rstan_pt_conn_t  *view;       /* NULL until the matcher needs it */
    rstan_host_t     *host[2];    /* the endpoints' baselines, by the direction each sends in;
                                   * NULL until the engine first wants one */
    uint16_t          point;      /* the capture point, 0 while the file has one */
} rstan_session_conn_t;

typedef struct {
    const rstan_config_t *cfg;        /* the thresholds, read at every packet */
    rstan_keeper_t        keep;
    rstan_periodic_t      periodic;   /* the file's periodic-reset runs */
    rstan_pt_ctx_t       *points;     /* the matcher, NULL while the file has one point */
} rstan_session_t;

/* One packet, as read. */
typedef struct {
    const rstan_segment_t   *seg;     /* its segment, dir set */
    const rstan_pt_packet_t *snap;    /* what the matcher needs of it, NULL while one point */
    const void              *src, *dst;   /* its addresses, handed to keep.host as they are */
} rstan_session_packet_t;

/* What feeding one packet left. */
typedef struct {
    bool               filled;    /* the reset's verdict was made */
    rstan_pt_result_t *pt;        /* a reset copy's capture-point result, NULL with one point */
    rstan_note_t       note;      /* what another packet says about an earlier reset */
} rstan_fed_t;

void rstan_session_init(rstan_session_t *s, const rstan_config_t *cfg, const rstan_keeper_t *keep);
void rstan_session_free(rstan_session_t *s);
void rstan_session_conn_init(rstan_session_conn_t *c, uint16_t point);

/* Feed one packet of connection c, in capture order: connection identity,
 * the hosts' baselines, the engine, the periodic runs, resets judged again
 * as their senders' baselines settle, and the matcher. v is the caller's
 * room for a reset's verdict (NULL for any other packet); it must stay at
 * its address while the file is open, since later packets amend it. */
void rstan_session_feed(rstan_session_t *s, rstan_session_conn_t *c, const rstan_session_packet_t *p,
                        rstan_verdict_t *v, rstan_fed_t *out);

/* Feed the matcher alone a packet the engine already had: the packets of a
 * file's first point kept until a second point appeared. v as above; the
 * result, if any, in *pt. */
void rstan_session_feed_points(rstan_session_t *s, rstan_session_conn_t *c, const rstan_pt_packet_t *snap,
                               rstan_verdict_t *v, rstan_pt_result_t **pt);

/* How the connection frame belongs to ended, as the first pass saw it; NULL
 * before its first packet. */
const rstan_conn_end_t *rstan_session_conn_of_frame(const rstan_session_conn_t *c, uint32_t frame);

/* What a reset shows. */
typedef struct {
    const rstan_verdict_t   *v;          /* the verdict to show */
    rstan_periodic_finding_t periodic;   /* the periodic run it belongs to, if has_periodic */
    bool                     has_periodic;
} rstan_result_t;

/* The result of one reset copy.
 *   v:      the engine's verdict of the reset, kept where feeding filled it
 *           (a second capture of a reset is refreshed from its first here);
 *   r:      its capture-point result (rstan_fed_t.pt), NULL with one point;
 *   final:  every packet of the file was fed: r is settled with all of them
 *           first, and a copy lost between points is known;
 *   judged: the caller's room for v judged again with the points, used when
 *           r is not NULL (out->v then points at it).
 * The same inputs give the same result, whenever and how often it is made. */
void rstan_session_result(const rstan_session_t *s, rstan_verdict_t *v, rstan_pt_result_t *r, bool final,
                          rstan_verdict_t *judged, rstan_result_t *out);

#ifdef __cplusplus
}
#endif

#endif /* RSTAN_SESSION_H */
