/* rstan-state.h
 *
 * rstan's state of one capture file: per connection, per address and per
 * reset frame. See rstan-state.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef RSTAN_STATE_H
#define RSTAN_STATE_H

#include <epan/packet.h>

#include "engine/rstan-engine.h"
#include "engine/rstan-points.h"
#include "engine/rstan-session.h"
#include "rstan-headers.h"

/* A TCP connection's two endpoints in a fixed order: the lower address (and
 * port) first, so both directions find the same entry. `point` is where a
 * capture-point id joins the key, so that copies of one connection seen at
 * several points keep separate state; 0 while there is one point. */
typedef struct {
    guint8  a[16], b[16];
    guint16 pa, pb;
    guint8  len;
    guint8  pad;
    guint16 point;
} rstan_key_t;

/* Key and state in one block: one allocation per 4-tuple at a point. */
typedef struct {
    rstan_key_t          key;
    guint32              hash;    /* the key's hash (the connection table's own) */
    rstan_session_conn_t c;       /* the engine's state of it (engine/rstan-session.h) */
} rstan_stream_t;

/* The capture points a reset copy's result names, by name. */
typedef struct {
    const char *point;            /* where this copy was captured */
    const char *seen_at;          /* where it was seen, comma-separated, nearest the sender first */
    const char *between_from, *between_to;   /* made between these (RSTAN_PT_BETWEEN) */
    const char *lost_from, *lost_to;         /* lost between these (RSTAN_PT_LOST) */
} rstan_point_names_t;

/* What a reset frame shows: its verdict with what the other points say,
 * and the periodic run it belongs to. Made once, after the first pass. */
typedef struct {
    rstan_result_t       res;      /* the verdict and periodic run to show (engine/rstan-session.h) */
    rstan_verdict_t     *judged;   /* room for the verdict judged with the other points */
    rstan_point_names_t  names;    /* with several points */
    gboolean             final;    /* the whole file was read: copies lost between points are known */
} rstan_shown_t;

/* Per reset frame. The verdict comes first: the engine's pointer to it
 * (rstan_conn_end_t.first_reset) is also the record's. */
typedef struct {
    rstan_verdict_t    v;
    guint32            stream;   /* tcp.stream */
    char              *reason;
    rstan_pt_result_t *pt;       /* the other points' view of this copy; NULL with one point */
    rstan_shown_t     *shown;    /* what later passes draw; NULL until made */
} rstan_frame_t;

/* File open and close (register_init_routine, register_cleanup_routine). */
void rstan_state_init(void);
void rstan_state_cleanup(void);

/* rstan's state of the packet's 4-tuple at a capture point (0 with one
 * point), made if create; *dir is 0 when the source is the key's first
 * endpoint. NULL for anything but IPv4/IPv6 with matching address types. */
rstan_stream_t *rstan_stream_of(packet_info *pinfo, guint point, gboolean create, guint8 *dir);

/* The engine's session of the file (engine/rstan-session.h): it keeps its
 * records in the file scope and its host baselines in rstan-state.c's
 * address table. */
rstan_session_t *rstan_state_session(void);

/* A new record for the reset read into pkt (its tcp.stream and reason
 * kept), in frame order (rstan_state_resets). */
rstan_frame_t *rstan_state_new_reset(const rstan_packet_t *pkt);
wmem_array_t *rstan_state_resets(void);

/* The first pass counts the packets it analyses; the records' shown
 * results are made once all of them were read, and made again only if
 * packets were analysed since (a file still loading). */
void rstan_state_count_fed(void);
gboolean rstan_state_shown_current(void);
void rstan_state_shown_made(void);

#endif /* RSTAN_STATE_H */
