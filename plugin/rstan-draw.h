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

/* A reset: Info column, tree and expert infos of fr as shown. */
void rstan_draw_reset(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const rstan_frame_t *fr,
                      const rstan_shown_t *shown);

/* A packet that relates to an earlier reset. */
void rstan_draw_note(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const rstan_note_t *n);

/* In a pruned tree (-T fields, -Y) the protocol item always counts as
 * referenced: whether anything asks for the connection fields. */
gboolean rstan_draw_conn_wanted(proto_tree *tree);

/* The connection fields: how the packet's connection ended (v: its first
 * reset as shown). */
void rstan_draw_conn(tvbuff_t *tvb, proto_tree *tree, const rstan_verdict_t *v, const rstan_conn_end_t *end);

/* The warning on the first packet seen twice with different TTLs on one
 * interface: two capture points folded into one. */
void rstan_draw_folded(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);

#endif /* RSTAN_DRAW_H */
