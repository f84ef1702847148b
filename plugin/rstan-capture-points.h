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

/* A frame of another protocol (first pass): its point was capturing then
 * (rstan_pt_note), so a reset seen elsewhere at that time was not missed
 * there for want of a capture. */
void rstan_points_note_frame(tvbuff_t *tvb, packet_info *pinfo);

/* First pass, a TCP packet read into pkt: where it belongs. Its capture
 * point (0 while the file has one; a second point starts the matcher), its
 * connection at that point (rstan-state.c; pkt->seg.dir set) and, for a
 * reset, its record (*fr; NULL for other packets); and what the matcher
 * needs of it, made in *snap (*snap_out: NULL while the file has one
 * point), after the checks of a file with one point so far (two points
 * folded into one interface; its first packets kept for the matcher). NULL
 * when the packet is not analysed: more points than the matcher holds, or
 * addresses that are not IP. */
rstan_stream_t *rstan_points_place(packet_info *pinfo, rstan_packet_t *pkt, rstan_frame_t **fr,
                                   rstan_pt_packet_t *snap, const rstan_pt_packet_t **snap_out);

/* Any pass: the point of a frame already analysed, from where pkt says it
 * was captured (rstan_read_where); 0 with one point. */
guint rstan_points_point_of(const rstan_packet_t *pkt);

/* The points a reset copy's result names, by name (made in scope). */
void rstan_points_names(const rstan_pt_result_t *r, wmem_allocator_t *scope, rstan_point_names_t *names);

/* The frame where two points folded into one interface were first seen, 0
 * while none. */
guint32 rstan_points_folded_frame(void);

#endif /* RSTAN_CAPTURE_POINTS_H */
