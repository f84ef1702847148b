/* rstan-register.c
 *
 * Registration: the "rstan" and "rstan_conn" protocols, their fields (the
 * names and values users filter and script against, docs/fields.md), one
 * boolean field per evidence bit, the subtrees and the expert infos, with
 * the preferences (rstan-prefs.c) and the statistics tap (rstan-stats.c).
 * The ids are defined here and read by the drawing (rstan-draw.c) and the
 * entry (packet-rstan.c), which hooks the per-file state in at handoff.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-register.h"

#include "rstan-prefs.h"
#include "rstan-stats.h"

int proto_rstan = -1;
int proto_rstan_conn = -1;
int proto_rstan_post = -1;

int hf_rstan_phase = -1;
int hf_rstan_cause = -1;
int hf_rstan_origin = -1;
int hf_rstan_verdict = -1;
int hf_rstan_confidence = -1;
int hf_rstan_grounds = -1;
int hf_rstan_claimed = -1;
int hf_rstan_hint = -1;
int hf_rstan_reason = -1;
int hf_rstan_reason_kind = -1;
int hf_rstan_reason_code = -1;
int hf_rstan_ttl = -1;
int hf_rstan_ttl_class = -1;
int hf_rstan_hops = -1;
int hf_rstan_hops_expected = -1;
int hf_rstan_ipid_step = -1;
int hf_rstan_seq_status = -1;
int hf_rstan_shape = -1;
int hf_rstan_ack_fits = -1;
int hf_rstan_idle_time = -1;
int hf_rstan_rtt = -1;
int hf_rstan_retransmissions = -1;
int hf_rstan_answers = -1;
int hf_rstan_challenge_frame = -1;
int hf_rstan_after_frame = -1;
int hf_rstan_periodic = -1;
int hf_rstan_capture_copy_of = -1;
int hf_rstan_burst = -1;
int hf_rstan_stream = -1;
int hf_rstan_evidence[RSTAN_EV_COUNT];
int hf_rstan_challenge_ack_for = -1;
int hf_rstan_after_reset_of = -1;
int hf_rstan_ignored_reset = -1;
int hf_rstan_conn_ended_by = -1;
int hf_rstan_conn_end_cause = -1;
int hf_rstan_conn_end_verdict = -1;
int hf_rstan_conn_reset_frame = -1;
int hf_rstan_conn_resets = -1;
int hf_rstan_point = -1;
int hf_rstan_seen_at = -1;
int hf_rstan_copy = -1;
int hf_rstan_between_points = -1;
int hf_rstan_lost_between_points = -1;
int hf_rstan_transit = -1;
int hf_rstan_hops_between = -1;
int hf_rstan_clock_offset = -1;
int hf_rstan_points_note = -1;

gint ett_rstan = -1;
gint ett_rstan_evidence = -1;
gint ett_rstan_conn = -1;

expert_field ei_rstan_summary = EI_INIT;
expert_field ei_rstan_spoof_suspected = EI_INIT;
expert_field ei_rstan_possibly_forged = EI_INIT;
expert_field ei_rstan_challenged = EI_INIT;
expert_field ei_rstan_ignored = EI_INIT;
expert_field ei_rstan_reason = EI_INIT;
expert_field ei_rstan_challenge_ack = EI_INIT;
expert_field ei_rstan_sender_carried_on = EI_INIT;
expert_field ei_rstan_between_points = EI_INIT;
expert_field ei_rstan_lost_between_points = EI_INIT;
expert_field ei_rstan_point_gap = EI_INIT;
expert_field ei_rstan_points_folded = EI_INIT;
expert_field ei_rstan_periodic = EI_INIT;

/* The fields of the reset analysis (docs/fields.md). */
static hf_register_info rstan_hf[] = {
    { &hf_rstan_phase, { "Phase", "rstan.phase", FT_STRING, BASE_NONE, NULL, 0,
        "Connection phase as the reset's sender saw it.", HFILL } },
    { &hf_rstan_cause, { "Cause", "rstan.cause", FT_STRING, BASE_NONE, NULL, 0,
        "The likely cause of the reset.", HFILL } },
    { &hf_rstan_origin, { "Origin", "rstan.origin", FT_STRING, BASE_NONE, NULL, 0,
        "Who generated the reset: client, server, middlebox or unknown.", HFILL } },
    { &hf_rstan_verdict, { "Verdict", "rstan.verdict", FT_STRING, BASE_NONE, NULL, 0,
        "Whether the endpoint whose address the reset carries sent it.", HFILL } },
    { &hf_rstan_confidence, { "Confidence", "rstan.confidence", FT_UINT8, BASE_DEC, NULL, 0,
        "Calibrated: of the calls made at this confidence, about this many in 100 are right.", HFILL } },
    { &hf_rstan_grounds, { "Grounds", "rstan.grounds", FT_STRING, BASE_NONE, NULL, 0,
        "What the verdict rests on; the confidence is the share of calls on such grounds that were right.", HFILL } },
    { &hf_rstan_claimed, { "Claimed sender", "rstan.claimed", FT_STRING, BASE_NONE, NULL, 0,
        "The endpoint whose address the reset carries.", HFILL } },
    { &hf_rstan_hint, { "Hint", "rstan.hint", FT_STRING, BASE_NONE, NULL, 0,
        "What to check next for this cause.", HFILL } },
    { &hf_rstan_reason, { "Reason on the wire", "rstan.reason", FT_STRING, BASE_NONE, NULL, 0,
        "An explicit reason the reset carries (payload text, diagnostic payload, MP_TCPRST, window code).", HFILL } },
    { &hf_rstan_reason_kind, { "Reason carried in", "rstan.reason_kind", FT_STRING, BASE_NONE, NULL, 0,
        "Where the reset carries its reason.", HFILL } },
    { &hf_rstan_reason_code, { "Reason code", "rstan.reason_code", FT_UINT16, BASE_DEC, NULL, 0,
        "The numeric reason code the reset carries.", HFILL } },
    { &hf_rstan_ttl, { "TTL / hop limit", "rstan.ttl", FT_UINT8, BASE_DEC, NULL, 0,
        "The reset's IPv4 TTL or IPv6 hop limit.", HFILL } },
    { &hf_rstan_ttl_class, { "Initial-TTL class", "rstan.ttl_class", FT_UINT8, BASE_DEC, NULL, 0,
        "The initial TTL the reset's TTL was most likely sent with: 32, 64, 128 or 255.", HFILL } },
    { &hf_rstan_hops, { "Hop distance", "rstan.hops", FT_UINT8, BASE_DEC, NULL, 0,
        "Hops between the reset's sender and the capture point.", HFILL } },
    { &hf_rstan_hops_expected, { "Expected hop distance", "rstan.hops_expected", FT_UINT8, BASE_DEC, NULL, 0,
        "Hop distance of the claimed sender's other packets.", HFILL } },
    { &hf_rstan_ipid_step, { "IP ID step", "rstan.ipid_step", FT_UINT16, BASE_DEC, NULL, 0,
        "The reset's IP ID minus the sender's previous IP ID, modulo 65536.", HFILL } },
    { &hf_rstan_seq_status, { "Sequence status", "rstan.seq_status", FT_STRING, BASE_NONE, NULL, 0,
        "The reset's sequence number against what its receiver expects: exact, in-window, out-of-window or not-checkable.", HFILL } },
    { &hf_rstan_shape, { "Template", "rstan.shape", FT_STRING, BASE_NONE, NULL, 0,
        "Which genuine reset template the flags, sequence and ack numbers fit.", HFILL } },
    { &hf_rstan_ack_fits, { "ACK fits a genuine template", "rstan.ack_fits", FT_BOOLEAN, BASE_NONE, NULL, 0,
        "Whether the ACK flag and number are what a real stack would send here.", HFILL } },
    { &hf_rstan_idle_time, { "Idle before reset", "rstan.idle_time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0,
        "Silence in the connection before the reset.", HFILL } },
    { &hf_rstan_periodic, { "Periodic resets", "rstan.periodic", FT_STRING, BASE_NONE, NULL, 0,
        "This device reset belongs to a run of resets after the same silence from a device at the same "
        "distance: its idle timeout.", HFILL } },
    { &hf_rstan_rtt, { "Round trip to the sender", "rstan.rtt", FT_RELATIVE_TIME, BASE_NONE, NULL, 0,
        "The quickest answer its sender gave at the capture point: from a segment sent once to the first ACK covering it (SYN to SYN-ACK, SYN-ACK to the handshake's ACK, data to its ACK).", HFILL } },
    { &hf_rstan_retransmissions, { "Retransmissions before", "rstan.retransmissions", FT_UINT32, BASE_DEC, NULL, 0,
        "The sender's retransmissions without progress just before the reset.", HFILL } },
    { &hf_rstan_answers, { "Answers frame", "rstan.answers", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0,
        "The segment this reset answers.", HFILL } },
    { &hf_rstan_challenge_frame, { "Challenge ACK in frame", "rstan.challenge_frame", FT_FRAMENUM, BASE_NONE, NULL, 0,
        "The receiver's RFC 5961 challenge ACK for this reset.", HFILL } },
    { &hf_rstan_after_frame, { "Sender carried on in frame", "rstan.after_frame", FT_FRAMENUM, BASE_NONE, NULL, 0,
        "The first segment from the reset's claimed sender after the reset.", HFILL } },
    { &hf_rstan_capture_copy_of, { "Second capture of frame", "rstan.capture_copy_of", FT_FRAMENUM, BASE_NONE, NULL, 0,
        "The same reset captured again moments later (both sides of a router, a SPAN port): judged as that frame.", HFILL } },
    { &hf_rstan_burst, { "Resets in burst", "rstan.burst", FT_UINT32, BASE_DEC, NULL, 0,
        "Number of resets in this sender's burst with changing sequence, ack or TTL.", HFILL } },
    { &hf_rstan_stream, { "TCP stream", "rstan.stream", FT_UINT32, BASE_DEC, NULL, 0,
        "The tcp.stream this reset belongs to.", HFILL } },
    { &hf_rstan_challenge_ack_for, { "Challenge ACK for reset in frame", "rstan.challenge_ack_for", FT_FRAMENUM, BASE_NONE, NULL, 0,
        "This ACK is the RFC 5961 challenge ACK for the reset in that frame.", HFILL } },
    { &hf_rstan_after_reset_of, { "Sent after own reset in frame", "rstan.after_reset_of", FT_FRAMENUM, BASE_NONE, NULL, 0,
        "This side sent this segment after the reset in that frame claimed to come from it.", HFILL } },
    { &hf_rstan_point, { "Capture point", "rstan.point", FT_STRING, BASE_NONE, NULL, 0,
        "The capture point (interface of the file) where this copy was captured.", HFILL } },
    { &hf_rstan_seen_at, { "Seen at", "rstan.seen_at", FT_STRING, BASE_NONE, NULL, 0,
        "The capture points where this reset was seen, comma-separated, nearest the sender first.", HFILL } },
    { &hf_rstan_copy, { "Copy at next point", "rstan.copy", FT_FRAMENUM, BASE_NONE, NULL, 0,
        "The same reset at the next capture point along its path.", HFILL } },
    { &hf_rstan_between_points, { "Created between points", "rstan.between_points", FT_BOOLEAN, BASE_NONE, NULL, 0,
        "Created between two capture points: seen downstream, never upstream.", HFILL } },
    { &hf_rstan_lost_between_points, { "Lost between points", "rstan.lost_between_points", FT_BOOLEAN, BASE_NONE, NULL, 0,
        "Seen near its sender, never at the capture point nearer the receiver.", HFILL } },
    { &hf_rstan_transit, { "Transit to copy", "rstan.transit", FT_RELATIVE_TIME, BASE_NONE, NULL, 0,
        "Time from this copy to the next, clocks corrected.", HFILL } },
    { &hf_rstan_hops_between, { "Hops between copies", "rstan.hops_between", FT_UINT8, BASE_DEC, NULL, 0,
        "TTL / hop-limit difference between the copies.", HFILL } },
    { &hf_rstan_clock_offset, { "Clock offset", "rstan.clock_offset", FT_RELATIVE_TIME, BASE_NONE, NULL, 0,
        "The other point's clock minus this point's, as estimated (or as the preference sets it).", HFILL } },
    { &hf_rstan_points_note, { "Capture points, single pass", "rstan.points_note", FT_STRING, BASE_NONE, NULL, 0,
        "What a single pass over the file can tell about the other points.", HFILL } },
    { &hf_rstan_ignored_reset, { "Receiver ignored reset in frame", "rstan.ignored_reset", FT_FRAMENUM, BASE_NONE, NULL, 0,
        "The receiver of the reset in that frame carried on with this segment.", HFILL } },
};

/* The connection-level fields. */
static hf_register_info rstan_hf_conn[] = {
    { &hf_rstan_conn_ended_by, { "Ended by", "rstan_conn.ended_by", FT_STRING, BASE_NONE, NULL, 0,
        "Origin of the first reset of this connection.", HFILL } },
    { &hf_rstan_conn_end_cause, { "End cause", "rstan_conn.end_cause", FT_STRING, BASE_NONE, NULL, 0,
        "Cause of the first reset of this connection.", HFILL } },
    { &hf_rstan_conn_end_verdict, { "End verdict", "rstan_conn.end_verdict", FT_STRING, BASE_NONE, NULL, 0,
        "Verdict on the first reset of this connection.", HFILL } },
    { &hf_rstan_conn_reset_frame, { "First reset in frame", "rstan_conn.reset_frame", FT_FRAMENUM, BASE_NONE, NULL, 0,
        "The frame of the first reset of this connection.", HFILL } },
    { &hf_rstan_conn_resets, { "Resets", "rstan_conn.resets", FT_UINT32, BASE_DEC, NULL, 0,
        "Number of resets in this connection.", HFILL } },
};

static gint *rstan_ett[] = { &ett_rstan, &ett_rstan_evidence, &ett_rstan_conn };

static ei_register_info rstan_ei[] = {
    { &ei_rstan_summary, { "rstan.expert.summary", PI_SEQUENCE, PI_NOTE,
        "RST phase and cause", EXPFILL } },
    { &ei_rstan_spoof_suspected, { "rstan.expert.spoof_suspected", PI_SECURITY, PI_WARN,
        "RST is probably not from the endpoint whose address it carries", EXPFILL } },
    { &ei_rstan_possibly_forged, { "rstan.expert.possibly_forged", PI_SEQUENCE, PI_NOTE,
        "RST possibly forged: some evidence against its claimed sender, not enough to call it spoofed", EXPFILL } },
    { &ei_rstan_challenged, { "rstan.expert.challenged", PI_SEQUENCE, PI_WARN,
        "The receiver challenged this RST (RFC 5961)", EXPFILL } },
    { &ei_rstan_ignored, { "rstan.expert.ignored", PI_SEQUENCE, PI_WARN,
        "The receiver carried on after this RST: it was probably not accepted", EXPFILL } },
    { &ei_rstan_reason, { "rstan.expert.reason", PI_RESPONSE_CODE, PI_NOTE,
        "RST carries a reason", EXPFILL } },
    { &ei_rstan_challenge_ack, { "rstan.expert.challenge_ack", PI_SEQUENCE, PI_NOTE,
        "Challenge ACK for an earlier RST (RFC 5961)", EXPFILL } },
    { &ei_rstan_between_points, { "rstan.expert.between_points", PI_SECURITY, PI_WARN,
        "RST created between capture points", EXPFILL } },
    { &ei_rstan_lost_between_points, { "rstan.expert.lost_between_points", PI_SEQUENCE, PI_NOTE,
        "RST lost between capture points", EXPFILL } },
    { &ei_rstan_point_gap, { "rstan.expert.point_gap", PI_SEQUENCE, PI_NOTE,
        "A capture point did not cover the time of this RST", EXPFILL } },
    { &ei_rstan_periodic, { "rstan.expert.periodic", PI_SEQUENCE, PI_NOTE,
        "Periodic resets: a device forgets idle flows after a fixed time", EXPFILL } },
    { &ei_rstan_points_folded, { "rstan.expert.points_folded", PI_SEQUENCE, PI_WARN,
        "The same packets appear twice on one interface with different TTLs: merge with one interface per point "
        "(mergecap -I none, tools/rstan-merge)", EXPFILL } },
    { &ei_rstan_sender_carried_on, { "rstan.expert.sender_carried_on", PI_SECURITY, PI_WARN,
        "This side carried on after a RST claiming to be its own", EXPFILL } },
};

/* One boolean field per evidence bit: rstan.evidence.<name> == 1. */
static void register_evidence_fields(void)
{
    static hf_register_info hf_ev[RSTAN_EV_COUNT];
    static char ev_names[RSTAN_EV_COUNT][48];
    static char ev_abbrevs[RSTAN_EV_COUNT][48];
    for (unsigned i = 0; i < RSTAN_EV_COUNT; i++) {
        hf_rstan_evidence[i] = -1;
        g_snprintf(ev_names[i], sizeof(ev_names[i]), "Evidence: %s", rstan_evidence_name(i));
        g_snprintf(ev_abbrevs[i], sizeof(ev_abbrevs[i]), "rstan.evidence.%s", rstan_evidence_name(i));
        hf_ev[i].p_id = &hf_rstan_evidence[i];
        hf_ev[i].hfinfo.name = ev_names[i];
        hf_ev[i].hfinfo.abbrev = ev_abbrevs[i];
        hf_ev[i].hfinfo.type = FT_BOOLEAN;
        hf_ev[i].hfinfo.display = BASE_NONE;
        hf_ev[i].hfinfo.blurb = rstan_evidence_text(i);
        hf_ev[i].hfinfo.id = -1;
        hf_ev[i].hfinfo.parent = 0;
        hf_ev[i].hfinfo.ref_type = HF_REF_TYPE_NONE;
        hf_ev[i].hfinfo.same_name_prev_id = -1;
        hf_ev[i].hfinfo.same_name_next = NULL;
    }
    proto_register_field_array(proto_rstan, hf_ev, RSTAN_EV_COUNT);
}

void proto_register_rstan(void)
{
    proto_rstan = proto_register_protocol("RST analysis", "RSTAN", "rstan");
    proto_rstan_conn = proto_register_protocol("RST analysis: connection", "RSTAN-CONN", "rstan_conn");
    /* A dissector handle of a protocol in name only is called like any
     * other, but call_dissector_work (epan/packet.c) records no protocol
     * layer for it (pinfo->layers, the per-protocol layer count, the
     * current protocol's name): a postdissector runs for every frame, and
     * that record cost as much as a third of rstan's own work per packet
     * (docs/performance.md). Such a protocol is enabled when its parent is
     * (proto_is_protocol_enabled), so disabling RSTAN still turns it off. */
    proto_rstan_post = proto_register_protocol_in_name_only("RST analysis: postdissector", "RSTAN-POST",
                                                            "rstan_postdissector", proto_rstan, FT_PROTOCOL);
    proto_register_field_array(proto_rstan, rstan_hf, array_length(rstan_hf));
    proto_register_field_array(proto_rstan_conn, rstan_hf_conn, array_length(rstan_hf_conn));

    register_evidence_fields();

    proto_register_subtree_array(rstan_ett, array_length(rstan_ett));
    expert_module_t *em = expert_register_protocol(proto_rstan);
    expert_register_field_array(em, rstan_ei, array_length(rstan_ei));

    rstan_prefs_register(proto_rstan);
    rstan_stats_register();
}
