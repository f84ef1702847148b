/* rstan-register.h
 *
 * The protocol, field, subtree and expert-info ids rstan registers
 * (rstan-register.c), for the drawing and the entry.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef RSTAN_REGISTER_H
#define RSTAN_REGISTER_H

#include <epan/expert.h>
#include <epan/packet.h>

#include "engine/rstan-engine.h"

extern int proto_rstan;
extern int proto_rstan_conn;
/* The postdissector's handle belongs to this helper of proto_rstan, a
 * protocol in name only: Wireshark then calls it without recording a layer
 * for it, and it is enabled and disabled with RSTAN (rstan-register.c). */
extern int proto_rstan_post;

extern int hf_rstan_phase;
extern int hf_rstan_cause;
extern int hf_rstan_origin;
extern int hf_rstan_verdict;
extern int hf_rstan_confidence;
extern int hf_rstan_grounds;
extern int hf_rstan_claimed;
extern int hf_rstan_hint;
extern int hf_rstan_reason;
extern int hf_rstan_reason_kind;
extern int hf_rstan_reason_code;
extern int hf_rstan_ttl;
extern int hf_rstan_ttl_class;
extern int hf_rstan_hops;
extern int hf_rstan_hops_expected;
extern int hf_rstan_ipid_step;
extern int hf_rstan_seq_status;
extern int hf_rstan_shape;
extern int hf_rstan_ack_fits;
extern int hf_rstan_idle_time;
extern int hf_rstan_rtt;
extern int hf_rstan_retransmissions;
extern int hf_rstan_answers;
extern int hf_rstan_challenge_frame;
extern int hf_rstan_after_frame;
extern int hf_rstan_periodic;
extern int hf_rstan_capture_copy_of;
extern int hf_rstan_burst;
extern int hf_rstan_stream;
extern int hf_rstan_evidence[RSTAN_EV_COUNT];
extern int hf_rstan_challenge_ack_for;
extern int hf_rstan_after_reset_of;
extern int hf_rstan_ignored_reset;
extern int hf_rstan_conn_ended_by;
extern int hf_rstan_conn_end_cause;
extern int hf_rstan_conn_end_verdict;
extern int hf_rstan_conn_reset_frame;
extern int hf_rstan_conn_resets;
extern int hf_rstan_point;
extern int hf_rstan_seen_at;
extern int hf_rstan_copy;
extern int hf_rstan_between_points;
extern int hf_rstan_lost_between_points;
extern int hf_rstan_transit;
extern int hf_rstan_hops_between;
extern int hf_rstan_clock_offset;
extern int hf_rstan_points_note;

extern gint ett_rstan;
extern gint ett_rstan_evidence;
extern gint ett_rstan_conn;

extern expert_field ei_rstan_summary;
extern expert_field ei_rstan_spoof_suspected;
extern expert_field ei_rstan_possibly_forged;
extern expert_field ei_rstan_challenged;
extern expert_field ei_rstan_ignored;
extern expert_field ei_rstan_reason;
extern expert_field ei_rstan_challenge_ack;
extern expert_field ei_rstan_sender_carried_on;
extern expert_field ei_rstan_between_points;
extern expert_field ei_rstan_lost_between_points;
extern expert_field ei_rstan_point_gap;
extern expert_field ei_rstan_points_folded;
extern expert_field ei_rstan_periodic;

/* Register the protocols, fields, subtrees, expert infos, preferences, the
 * per-file hooks and the tap (the plugin's register_protoinfo). */
void proto_register_rstan(void);

#endif /* RSTAN_REGISTER_H */
