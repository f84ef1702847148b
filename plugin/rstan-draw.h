/* rstan-draw.h
 *
 * Drawing rstan's results: tree, columns, expert infos (rstan-draw.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef RSTAN_DRAW_H
#define RSTAN_DRAW_H

#include <epan/packet.h>

#include "rstan-state.h"

/* Everything one packet shows, gathered before drawing. */
typedef struct {
    gboolean                folded;    /* the first packet seen twice with different TTLs on one
                                          interface: two capture points folded into one */
    const rstan_frame_t    *reset;     /* a reset's record, and what it shows */
    const rstan_shown_t    *shown;
    const rstan_note_t     *note;      /* else a note about an earlier reset, or NULL */
    const rstan_conn_end_t *conn_end;  /* how the packet's connection ended, when asked for */
    const rstan_verdict_t  *conn_v;    /* its first reset, as that reset's frame shows it */
} rstan_view_t;

/* Draw it: Info column, trees and expert infos. NULL-safe without a tree. */
void rstan_draw(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const rstan_view_t *view);

/* In a pruned tree (-T fields, -Y) the protocol item always counts as
 * referenced: whether anything asks for the connection fields. */
gboolean rstan_draw_conn_wanted(proto_tree *tree);

#endif /* RSTAN_DRAW_H */
