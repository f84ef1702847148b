/* rstan-draw.c
 *
 * Drawing: what a packet shows of rstan's results, on every pass alike. A
 * reset gets its Info-column text, the "rstan" tree (verdict, reason,
 * capture points, evidence) and its expert infos; a packet that points at a
 * reset (challenge ACK, carrying on after it) its note; any packet of a
 * connection that ended in a reset the "rstan_conn" tree, when asked for;
 * the first repeated packet of two points folded into one interface its
 * warning. It reads results only (rstan_shown_t, the engine's notes and end
 * records): nothing here judges. Drawing is NULL-safe, so expert infos
 * reach the expert tap also without a tree (tshark -q -z expert).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-draw.h"

#include <epan/expert.h>

#include "rstan-register.h"

static proto_item *add_gen_string(proto_tree *tree, tvbuff_t *tvb, int hf, const char *s)
{
    proto_item *it = proto_tree_add_string(tree, hf, tvb, 0, 0, s);
    proto_item_set_generated(it);
    return it;
}

static proto_item *add_gen_uint(proto_tree *tree, tvbuff_t *tvb, int hf, guint32 val)
{
    proto_item *it = proto_tree_add_uint(tree, hf, tvb, 0, 0, val);
    proto_item_set_generated(it);
    return it;
}

static void add_gen_ns(proto_tree *tree, tvbuff_t *tvb, int hf, gint64 ns)
{
    nstime_t t;
    t.secs = (time_t)(ns / 1000000000);
    t.nsecs = (int)(ns % 1000000000);
    proto_item_set_generated(proto_tree_add_time(tree, hf, tvb, 0, 0, &t));
}

static void draw_evidence(tvbuff_t *tvb, proto_tree *tree, const rstan_verdict_t *v, const rstan_frame_t *fr)
{
    proto_item *it;
    proto_tree *et = proto_tree_add_subtree(tree, tvb, 0, 0, ett_rstan_evidence, &it, "Evidence");
    proto_item_set_generated(it);

    it = add_gen_uint(et, tvb, hf_rstan_ttl, v->ttl);
    proto_item_append_text(it, " (initial-TTL class %u, %d hop%s away)", v->ttl_class, v->hops,
                           v->hops == 1 ? "" : "s");
    add_gen_uint(et, tvb, hf_rstan_ttl_class, v->ttl_class);
    add_gen_uint(et, tvb, hf_rstan_hops, (guint32)(v->hops < 0 ? 0 : v->hops));
    if (v->hops_expected >= 0) {
        it = add_gen_uint(et, tvb, hf_rstan_hops_expected, (guint32)v->hops_expected);
        proto_item_append_text(it, " (the sender's other packets)");
    }
    if (v->has_ipid_step) {
        it = add_gen_uint(et, tvb, hf_rstan_ipid_step, (guint32)v->ipid_step);
        proto_item_append_text(it, " (from the sender's previous packet)");
    }
    it = add_gen_string(et, tvb, hf_rstan_seq_status, rstan_seq_status_name(v->seq_status));
    proto_item_append_text(it, " (against the receiver's expected sequence, RFC 5961)");
    it = add_gen_string(et, tvb, hf_rstan_shape, rstan_shape_name(v->shape));
    proto_item_append_text(it, " (genuine template it fits, RFC 9293)");
    it = proto_tree_add_boolean(et, hf_rstan_ack_fits, tvb, 0, 0, rstan_ack_fits(v));
    proto_item_set_generated(it);
    if (v->idle_ns >= 0)
        add_gen_ns(et, tvb, hf_rstan_idle_time, v->idle_ns);
    if (v->rtt_ns >= 0)
        add_gen_ns(et, tvb, hf_rstan_rtt, v->rtt_ns);
    add_gen_uint(et, tvb, hf_rstan_retransmissions, v->retransmissions);
    if (v->answers_frame)
        add_gen_uint(et, tvb, hf_rstan_answers, v->answers_frame);
    if (v->challenge_frame)
        add_gen_uint(et, tvb, hf_rstan_challenge_frame, v->challenge_frame);
    if (v->after_frame)
        add_gen_uint(et, tvb, hf_rstan_after_frame, v->after_frame);
    if (v->copy_of)
        add_gen_uint(et, tvb, hf_rstan_capture_copy_of, v->copy_of);
    if (v->burst_count)
        add_gen_uint(et, tvb, hf_rstan_burst, v->burst_count);
    add_gen_uint(et, tvb, hf_rstan_stream, fr->stream);
    for (unsigned i = 0; i < RSTAN_EV_COUNT; i++) {
        if (!(v->evidence & (UINT64_C(1) << i)))
            continue;
        it = proto_tree_add_boolean_format_value(et, hf_rstan_evidence[i], tvb, 0, 0, TRUE,
                                                 "%s", rstan_evidence_text(i));
        proto_item_set_generated(it);
    }
}

static void draw_points(tvbuff_t *tvb, packet_info *pinfo, proto_tree *rt, proto_item *ti, const rstan_pt_result_t *r,
                        const rstan_shown_t *shown)
{
    const rstan_point_names_t *names = &shown->names;
    gboolean final = shown->final;
    /* A single pass meets a copy at a point nearer the receiver after this
     * one, so only the whole file says it was lost between points. */
    gboolean lost = final && (r->flags & RSTAN_PT_LOST) != 0;
    add_gen_string(rt, tvb, hf_rstan_point, names->point);
    add_gen_string(rt, tvb, hf_rstan_seen_at, names->seen_at);
    if (r->copy_frame)
        add_gen_uint(rt, tvb, hf_rstan_copy, r->copy_frame);
    proto_item *it = proto_tree_add_boolean(rt, hf_rstan_between_points, tvb, 0, 0, (r->flags & RSTAN_PT_BETWEEN) != 0);
    proto_item_set_generated(it);
    it = proto_tree_add_boolean(rt, hf_rstan_lost_between_points, tvb, 0, 0, lost);
    proto_item_set_generated(it);
    if (r->copy_frame) {
        if (r->transit_ns >= 0)
            add_gen_ns(rt, tvb, hf_rstan_transit, r->transit_ns);
        if (r->hops_between >= 0)
            add_gen_uint(rt, tvb, hf_rstan_hops_between, (guint32)r->hops_between);
        if (r->clock != RSTAN_PT_CLOCK_UNKNOWN)
            add_gen_ns(rt, tvb, hf_rstan_clock_offset, r->clock_offset_ns);
    }
    if (r->flags & RSTAN_PT_BETWEEN)
        expert_add_info_format(pinfo, ti, &ei_rstan_between_points, "RST created between capture points %s and %s",
                               names->between_from, names->between_to);
    if (lost)
        expert_add_info_format(pinfo, ti, &ei_rstan_lost_between_points,
                               "RST lost between capture points %s and %s: its receiver never got it",
                               names->lost_from, names->lost_to);
    if (r->flags & RSTAN_PT_GAP)
        expert_add_info(pinfo, ti, &ei_rstan_point_gap);
    if (!final)
        add_gen_string(rt, tvb, hf_rstan_points_note,
                       "single pass: copies at points later in the file, and whether a point was still "
                       "capturing, are not known yet (read with -2 to compare all points)");
}

/* Evidence against the claimed sender that is not enough for a spoofed
 * verdict is said at Note level, with the kinds of evidence it rests on. */
static void draw_possibly_forged(packet_info *pinfo, proto_item *ti, const rstan_verdict_t *v)
{
    char kinds[96] = "";
    size_t used = 0;
    for (unsigned f = 0; f < RSTAN_FAMILY_COUNT; f++) {
        if (!(v->families_against & (1u << f)))
            continue;
        int n = snprintf(kinds + used, sizeof(kinds) - used, "%s%s", used ? ", " : "", rstan_family_name(f));
        if (n < 0 || (size_t)n >= sizeof(kinds) - used)
            break;
        used += (size_t)n;
    }
    expert_add_info_format(pinfo, ti, &ei_rstan_possibly_forged,
                           "RST possibly forged: only %s evidence speaks against the %s; not enough to call it spoofed",
                           used ? kinds : "weak", rstan_origin_name(v->claimed));
}

static void draw_reset(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const rstan_frame_t *fr,
                       const rstan_shown_t *shown)
{
    const rstan_verdict_t *v = shown->res.v;
    const rstan_periodic_finding_t *pf = shown->res.has_periodic ? &shown->res.periodic : NULL;
    col_append_fstr(pinfo->cinfo, COL_INFO, " [RST %s, %s, %s]", rstan_cause_name(v->cause),
                    rstan_origin_name(v->origin), rstan_verdict_name(v->verdict));
    proto_item *ti = proto_tree_add_item(tree, proto_rstan, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(ti);
    proto_item_append_text(ti, ": %s, %s, from %s (%s, %u%%)", rstan_phase_name(v->phase),
                           rstan_cause_name(v->cause), rstan_origin_name(v->origin),
                           rstan_verdict_name(v->verdict), v->confidence);
    proto_tree *rt = proto_item_add_subtree(ti, ett_rstan);

    add_gen_string(rt, tvb, hf_rstan_phase, rstan_phase_name(v->phase));
    add_gen_string(rt, tvb, hf_rstan_cause, rstan_cause_name(v->cause));
    add_gen_string(rt, tvb, hf_rstan_origin, rstan_origin_name(v->origin));
    add_gen_string(rt, tvb, hf_rstan_verdict, rstan_verdict_name(v->verdict));
    add_gen_uint(rt, tvb, hf_rstan_confidence, v->confidence);
    proto_item *gi = add_gen_string(rt, tvb, hf_rstan_grounds, rstan_grounds_name(v->grounds));
    proto_item_append_text(gi, " (%s)", rstan_grounds_text(v->grounds));
    add_gen_string(rt, tvb, hf_rstan_claimed, rstan_origin_name(v->claimed));
    add_gen_string(rt, tvb, hf_rstan_hint, rstan_cause_hint(v->cause));
    if (fr->reason || v->reason_kind != RSTAN_REASON_NONE) {
        proto_item *ri = add_gen_string(rt, tvb, hf_rstan_reason, fr->reason ? fr->reason : "");
        add_gen_string(rt, tvb, hf_rstan_reason_kind, rstan_reason_kind_name(v->reason_kind));
        if (v->reason_kind == RSTAN_REASON_DIAG || v->reason_kind == RSTAN_REASON_MPTCP ||
            v->reason_kind == RSTAN_REASON_WINDOW_CODE)
            add_gen_uint(rt, tvb, hf_rstan_reason_code, v->reason_code);
        expert_add_info_format(pinfo, ri, &ei_rstan_reason, "RST carries a reason: %s",
                               fr->reason ? fr->reason : "(empty)");
    }
    if (fr->pt)
        draw_points(tvb, pinfo, rt, ti, fr->pt, shown);
    draw_evidence(tvb, rt, v, fr);

    expert_add_info_format(pinfo, ti, &ei_rstan_summary, "RST in phase %s, cause %s, from %s (%s)",
                           rstan_phase_name(v->phase), rstan_cause_name(v->cause),
                           rstan_origin_name(v->origin), rstan_verdict_name(v->verdict));
    if (v->verdict == RSTAN_VERDICT_SPOOFED)
        expert_add_info_format(pinfo, ti, &ei_rstan_spoof_suspected,
                               "RST is probably not from the %s whose address it carries (%s)",
                               rstan_origin_name(v->claimed), rstan_cause_name(v->cause));
    if (v->grounds == RSTAN_GROUNDS_SUSPECT)
        draw_possibly_forged(pinfo, ti, v);
    if (v->challenge_frame)
        expert_add_info_format(pinfo, ti, &ei_rstan_challenged,
                               "The receiver challenged this RST (challenge ACK in frame %u)",
                               v->challenge_frame);
    if (v->evidence & RSTAN_EV_IGNORED)
        expert_add_info(pinfo, ti, &ei_rstan_ignored);
    if (pf) {
        char silence[64], device[48];
        rstan_periodic_text(pf, silence, sizeof(silence), device, sizeof(device));
        proto_item *pi = add_gen_string(rt, tvb, hf_rstan_periodic,
            wmem_strdup_printf(pinfo->pool, "%u resets %s, %s", pf->count, silence, device));
        expert_add_info_format(pinfo, pi, &ei_rstan_periodic,
            "Periodic resets: %u %s from a %s: it forgets idle flows after at most %.1f s; keepalives more "
            "often than that, or a longer idle timeout on the device, avoid them",
            pf->count, silence, device, (double)pf->lo_ns / 1e9);
    }
}

static void draw_note(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const rstan_note_t *n)
{
    proto_item *ti = proto_tree_add_item(tree, proto_rstan, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(ti);
    proto_tree *rt = proto_item_add_subtree(ti, ett_rstan);
    proto_item *it;
    switch (n->kind) {
    case RSTAN_NOTE_CHALLENGE_ACK:
        proto_item_append_text(ti, ": challenge ACK for the RST in frame %u", n->reset_frame);
        it = add_gen_uint(rt, tvb, hf_rstan_challenge_ack_for, n->reset_frame);
        expert_add_info_format(pinfo, it, &ei_rstan_challenge_ack,
                               "Challenge ACK (RFC 5961) for the RST in frame %u", n->reset_frame);
        break;
    case RSTAN_NOTE_AFTER_RESET:
        proto_item_append_text(ti, ": sent after this side's RST in frame %u", n->reset_frame);
        it = add_gen_uint(rt, tvb, hf_rstan_after_reset_of, n->reset_frame);
        expert_add_info_format(pinfo, it, &ei_rstan_sender_carried_on,
                               "This side carried on after the RST in frame %u: that RST was probably not its own",
                               n->reset_frame);
        break;
    case RSTAN_NOTE_IGNORED:
        proto_item_append_text(ti, ": the receiver carried on after the RST in frame %u", n->reset_frame);
        add_gen_uint(rt, tvb, hf_rstan_ignored_reset, n->reset_frame);
        break;
    default:
        break;
    }
}

/* In a pruned tree (-T fields, -Y) the protocol item always counts as
 * referenced; draw the connection fields only when something asks for them. */
gboolean rstan_draw_conn_wanted(proto_tree *tree)
{
    const int fields[] = { hf_rstan_conn_ended_by, hf_rstan_conn_end_cause, hf_rstan_conn_end_verdict,
                           hf_rstan_conn_reset_frame, hf_rstan_conn_resets };
    if (PTREE_DATA(tree)->visible || proto_registrar_get_nth(proto_rstan_conn)->ref_type != HF_REF_TYPE_NONE)
        return TRUE;
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
        if (proto_registrar_get_nth(fields[i])->ref_type != HF_REF_TYPE_NONE)
            return TRUE;
    }
    return FALSE;
}

static void draw_conn(tvbuff_t *tvb, proto_tree *tree, const rstan_verdict_t *v, const rstan_conn_end_t *end)
{
    proto_item *ti = proto_tree_add_item(tree, proto_rstan_conn, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(ti);
    proto_item_append_text(ti, ": ended by %s (%s)", rstan_origin_name(v->origin), rstan_cause_name(v->cause));
    proto_tree *ct = proto_item_add_subtree(ti, ett_rstan_conn);
    add_gen_string(ct, tvb, hf_rstan_conn_ended_by, rstan_origin_name(v->origin));
    add_gen_string(ct, tvb, hf_rstan_conn_end_cause, rstan_cause_name(v->cause));
    add_gen_string(ct, tvb, hf_rstan_conn_end_verdict, rstan_verdict_name(v->verdict));
    add_gen_uint(ct, tvb, hf_rstan_conn_reset_frame, v->frame);
    add_gen_uint(ct, tvb, hf_rstan_conn_resets, end->resets);
}

static void draw_folded(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    proto_item *ti = proto_tree_add_item(tree, proto_rstan, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(ti);
    expert_add_info(pinfo, ti, &ei_rstan_points_folded);
}

void rstan_draw(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const rstan_view_t *view)
{
    if (view->folded)
        draw_folded(tvb, pinfo, tree);
    if (view->reset)
        draw_reset(tvb, pinfo, tree, view->reset, view->shown);
    else if (view->note)
        draw_note(tvb, pinfo, tree, view->note);
    if (view->conn_end)
        draw_conn(tvb, tree, view->conn_v, view->conn_end);
}
