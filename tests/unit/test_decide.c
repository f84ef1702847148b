/* test_decide.c
 *
 * Unit tests of the decision (rstan-decide.c): families of evidence, proof,
 * what a spoofed verdict needs and which cause it takes, and capture-point
 * evidence going through the one decision. One row per case
 * (engine_harness.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "engine_harness.h"

static const case_t cases[] = {
    { .name = "SYN rejected by a firewall next to the client", .source = "docs/decisions.md, Hop distance",
      .segs = { HS(1), SEG(.dir = C2S, .flags = S, .seq = 7000), SEG(.dir = S2C, .flags = R | A, .ack = 7001, .ttl = 64) },
      .rules = "rejects_syn",
      .check = 4, .phase = "handshake", .cause = "firewall-reject", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_HOPS_CLOSER },
    { .name = "two hops closer than a routed server and nothing else against it: possibly forged, not spoofed",
      .source = "docs/decisions.md, Verdicts and confidence: one family alone",
      .segs = { SEG(.conv = 1, .dir = C2S, .flags = S, .seq = 1000),
        SEG(.conv = 1, .dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001, .ttl = 60),
        SEG(.conv = 1, .dir = C2S, .flags = A, .seq = 1001, .ack = 5001),
        SEG(.dir = C2S, .flags = S, .seq = 7000), SEG(.dir = S2C, .flags = R | A, .ack = 7001, .ttl = 62) },
      .rules = "answers_syn",
      .check = 4, .phase = "handshake", .cause = "port-closed", .origin = "server", .verdict = "unverified",
      .need_evidence = RSTAN_EV_HOPS_CLOSER },
    { .name = "both sides of a router in one file: its reset-both after dropping a request",
      .source = "RFC 791 3.2 TTL; Palo Alto reset-both, docs/decisions.md, Device patterns",
      /* client 64 (station 1, relayed by station 2 at 63), server 63 (station 3,
       * relayed by station 4 at 62); the request never crosses the router */
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .link = 1, .ipid = 100),
        SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 63, .link = 2, .ipid = 100),
        SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001, .link = 3, .ipid = 2000),
        SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001, .ttl = 62, .link = 4, .ipid = 2000),
        SEG(.dir = C2S, .flags = A, .seq = 1001, .ack = 5001, .link = 1, .ipid = 101),
        SEG(.dir = C2S, .flags = A, .seq = 1001, .ack = 5001, .ttl = 63, .link = 2, .ipid = 101),
        SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100, .link = 1, .ipid = 102),
        SEG(.dir = S2C, .flags = R | A, .seq = 5001, .ack = 1101, .ttl = 64, .link = 4, .ipid = NO_ID),
        SEG(.dir = C2S, .flags = R | A, .seq = 1001, .ack = 5001, .link = 2, .ipid = NO_ID) },
      .rules = "rejects_segment",
      .check = 8, .phase = "established", .cause = "firewall-reject", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_HOPS_CLOSER | RSTAN_EV_BOTH_SIDES, .seq_status = "exact" },
    { .name = "exact RST+ACK with wrong TTL and IP ID", .source = "hop distance, IP ID continuity",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101, .ttl = 58, .ipid = 40000) },
      .rules = "rejects_segment",
      .check = 6, .phase = "established", .cause = "injected", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_IPID_JUMP | RSTAN_EV_HOPS_FARTHER },
    { .name = "a device stops a request with the endpoint's own abort", .source = "Palo Alto reset-both, Suricata rejectboth",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 50),
        SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1151, .ttl = 64, .ipid = NO_ID) },
      .rules = "rejects_segment",
      .check = 7, .phase = "established", .cause = "firewall-reject", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_HOPS_CLOSER },
    { .name = "a genuine reset that looks forgetful from the far side", .source = "hop match outweighs a forgotten flow",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = P | A, .seq = 5201, .ack = 1101, .len = 30),
        SEG(.dir = C2S, .flags = R, .seq = 1101, .ipid = NO_ID) },
      .rules = "lost_connection",
      .check = 7, .phase = "closed", .cause = "data-after-close", .origin = "client", .verdict = "genuine",
      .need_evidence = RSTAN_EV_FORGOT },
};

/* Capture points (rstan_judge_points): what comparing points says joins the
 * evidence and goes through the one decision. Rows: the engine's verdict on
 * the copy at its own point, what the points say, what the decision must be. */
static const points_row_t points_rows[] = {
    { "made between points outweighs everything for the sender", 0, true, false, false,
      RSTAN_ORIGIN_MIDDLEBOX, RSTAN_VERDICT_SPOOFED, RSTAN_CAUSE_FIREWALL_REJECT, 90, RSTAN_EV_BETWEEN_POINTS },
    { "made between points with nothing else", RSTAN_EV_NO_BASELINE, true, false, false,
      RSTAN_ORIGIN_MIDDLEBOX, RSTAN_VERDICT_SPOOFED, RSTAN_CAUSE_FIREWALL_REJECT, 90, RSTAN_EV_BETWEEN_POINTS },
    { "crossed the points: genuine despite a closer hop and an IP ID jump",
      RSTAN_EV_HOPS_CLOSER | RSTAN_EV_IPID_JUMP, false, true, false,
      RSTAN_ORIGIN_SERVER, RSTAN_VERDICT_GENUINE, RSTAN_CAUSE_APP_ABORT, 90, RSTAN_EV_CROSSED_POINTS },
    { "between wins over crossed (seen downstream at two points)", 0, true, true, false,
      RSTAN_ORIGIN_MIDDLEBOX, RSTAN_VERDICT_SPOOFED, RSTAN_CAUSE_FIREWALL_REJECT, 90, RSTAN_EV_BETWEEN_POINTS },
    { "lost between points is a note, not an injection", RSTAN_EV_NO_BASELINE, false, false, true,
      RSTAN_ORIGIN_SERVER, RSTAN_VERDICT_UNVERIFIED, RSTAN_CAUSE_APP_ABORT, 0, RSTAN_EV_LOST_BETWEEN },
    { "lost and crossed: genuine", RSTAN_EV_NO_BASELINE, false, true, true,
      RSTAN_ORIGIN_SERVER, RSTAN_VERDICT_GENUINE, RSTAN_CAUSE_APP_ABORT, 90,
      RSTAN_EV_CROSSED_POINTS | RSTAN_EV_LOST_BETWEEN },
};

const case_set_t DECIDE_CASES = CASE_SET_WITH_POINTS("test_decide.c", cases, points_rows);

#ifndef RSTAN_CASES_ONLY

static int test_points_decision(void)
{
    const uint64_t for_sender = RSTAN_EV_HOPS_MATCH | RSTAN_EV_IPID_CONT | RSTAN_EV_SHAPE_FIT |
                                RSTAN_EV_TOS_COPIED | RSTAN_EV_LOCAL;
    const points_row_t *rows = points_rows;
    int bad = 0;
    for (size_t i = 0; i < N_ROWS(points_rows); i++) {
        rstan_verdict_t v;
        memset(&v, 0, sizeof(v));
        v.evidence = rows[i].evidence ? rows[i].evidence : for_sender;
        v.claimed = RSTAN_ORIGIN_SERVER;
        v.genuine_cause = RSTAN_CAUSE_APP_ABORT;
        v.genuine_phase = RSTAN_PHASE_ESTABLISHED;
        v.policy_cause = RSTAN_CAUSE_FIREWALL_REJECT;
        v.policy_phase = RSTAN_PHASE_ESTABLISHED;
        v.shape = RSTAN_SHAPE_NO_CONN_ACK;
        rstan_decide(&v);
        rstan_verdict_t before = v;
        rstan_judge_points(&v, rows[i].between, rows[i].crossed, rows[i].lost);
        bool ok = v.origin == rows[i].origin && v.verdict == rows[i].verdict && v.cause == rows[i].cause &&
                  v.confidence >= rows[i].min_conf &&
                  (v.evidence & rows[i].need_evidence) == rows[i].need_evidence;
        if (!ok)
            printf("FAIL points %s: origin %s verdict %s cause %s confidence %u evidence 0x%" PRIx64 "\n",
                   rows[i].name, rstan_origin_name(v.origin), rstan_verdict_name(v.verdict),
                   rstan_cause_name(v.cause), v.confidence, v.evidence);
        /* The points evidence is replaced, never accumulated: judging again
         * with nothing from the points gives the point's own verdict back. */
        rstan_judge_points(&v, false, false, false);
        bool back = v.origin == before.origin && v.verdict == before.verdict && v.cause == before.cause &&
             v.confidence == before.confidence && v.evidence == before.evidence;
        if (ok && !back)
            printf("FAIL points %s: judged again without the points, not the point's own verdict\n",
                   rows[i].name);
        bad += !(ok && back);
    }
    printf("%s capture-point evidence in the decision\n", bad ? "FAIL" : "ok  ");
    return bad ? 1 : 0;
}

int main(void)
{
    int failed = 0, total = 0;
    failed += run_set(&DECIDE_CASES, &total);
    failed += test_points_decision();
    total += 1;
    return report(total, failed);
}

#endif /* RSTAN_CASES_ONLY */
