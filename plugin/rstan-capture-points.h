/* rstan-capture-points.h
 *
 * Where a frame was captured, and the capture-point matcher's orchestration
 * on the first pass. See rstan-capture-points.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef RSTAN_CAPTURE_POINTS_H
#define RSTAN_CAPTURE_POINTS_H

#include <epan/packet.h>

#include "rstan-headers.h"
#include "rstan-state.h"

/* File open and close. */
void rstan_points_init(void);
void rstan_points_cleanup(void);

/* First pass: the capture point the packet belongs to (0 while the file has
 * one point), starting the matcher when a second point appears; FALSE when
 * the file has more points than the matcher holds (the packet is not
 * analysed). */
/* A frame of another protocol (first pass): its point was capturing then
 * (rstan_pt_note), so a reset seen elsewhere at that time was not missed
 * there for want of a capture. */
void rstan_points_note_frame(tvbuff_t *tvb, packet_info *pinfo);

gboolean rstan_points_of_packet(packet_info *pinfo, const rstan_packet_t *pkt, guint *point);

/* First pass, one packet of stream st (pkt->seg.dir set), before the
 * engine's session has it: the checks of a file with one point so far (two
 * points folded into one interface; the first packets kept for the matcher,
 * fr with them: a reset's record, else NULL). Returns what the matcher needs
 * of the packet, made in *snap, or NULL while the file has one point. */
const rstan_pt_packet_t *rstan_points_take(packet_info *pinfo, rstan_packet_t *pkt, rstan_stream_t *st,
                                           rstan_frame_t *fr, rstan_pt_packet_t *snap);

/* Any pass: the point of a frame already analysed, from where pkt says it
 * was captured (rstan_read_where); 0 with one point. */
guint rstan_points_point_of(const rstan_packet_t *pkt);

/* The points a reset copy's result names, by name (made in scope). */
void rstan_points_names(const rstan_pt_result_t *r, wmem_allocator_t *scope, rstan_point_names_t *names);

/* The frame where two points folded into one interface were first seen, 0
 * while none. */
guint32 rstan_points_folded_frame(void);

#endif /* RSTAN_CAPTURE_POINTS_H */
