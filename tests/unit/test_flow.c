/* test_flow.c
 *
 * Unit tests of flow tracking (rstan-flow.c): connection identity on a reused
 * 4-tuple, sequence arithmetic, capture copies of one packet, segments
 * crossing a close, hostile timestamps. One row per case (engine_harness.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "engine_harness.h"

static const case_t cases[] = {
    { .name = "TIME_WAIT answers a reused SYN with an ACK", .source = "RFC 9293 3.10.7.3",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = F | A, .seq = 1101, .ack = 5201),
        SEG(.dir = S2C, .flags = F | A, .seq = 5201, .ack = 1102), SEG(.dir = C2S, .flags = A, .seq = 1102, .ack = 5202),
        SEG(.dir = C2S, .flags = S, .seq = 900, .dt_ms = 1000), SEG(.dir = S2C, .flags = A, .seq = 5202, .ack = 1102),
        SEG(.dir = C2S, .flags = R, .seq = 1102) },
      .rules = "syn_answered_by_ack",
      .check = 11, .phase = "handshake", .cause = "time-wait-reuse", .origin = "client", .verdict = "genuine",
      .conn = { CONN(.seg = 8, .first_reset = NONE), CONN(.seg = 9, .first_reset = 11, .resets = 1) } },
    { .name = "clean close after a reset on the same 4-tuple", .source = "connection identity, RFC 9293 3.10.7.4",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101),
        SEG(.dir = C2S, .flags = S, .seq = 9000, .dt_ms = 2000), SEG(.dir = S2C, .flags = S | A, .seq = 9500, .ack = 9001),
        SEG(.dir = C2S, .flags = A, .seq = 9001, .ack = 9501), SEG(.dir = C2S, .flags = F | A, .seq = 9001, .ack = 9501),
        SEG(.dir = S2C, .flags = F | A, .seq = 9501, .ack = 9002), SEG(.dir = C2S, .flags = A, .seq = 9002, .ack = 9502) },
      .rules = "abort_live",
      .check = 6, .phase = "established", .cause = "app-abort", .origin = "server", .verdict = "genuine",
      .conn = { CONN(.seg = 3, .first_reset = 6, .resets = 1), CONN(.seg = 7, .first_reset = NONE),
                CONN(.seg = 12, .first_reset = NONE) } },
    { .name = "a reset connection after a clean close on the same 4-tuple", .source = "connection identity",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = F | A, .seq = 1101, .ack = 5201),
        SEG(.dir = S2C, .flags = F | A, .seq = 5201, .ack = 1102), SEG(.dir = C2S, .flags = A, .seq = 1102, .ack = 5202),
        SEG(.dir = C2S, .flags = S, .seq = 9000, .dt_ms = 2000), SEG(.dir = S2C, .flags = S | A, .seq = 9500, .ack = 9001),
        SEG(.dir = C2S, .flags = A, .seq = 9001, .ack = 9501), SEG(.dir = S2C, .flags = R | A, .seq = 9501, .ack = 9001) },
      .rules = "abort_live",
      .check = 12, .phase = "established", .cause = "app-abort", .origin = "server", .verdict = "genuine",
      .conn = { CONN(.seg = 3, .first_reset = NONE), CONN(.seg = 8, .first_reset = NONE),
                CONN(.seg = 9, .first_reset = 12, .resets = 1), CONN(.seg = 12, .first_reset = 12, .resets = 1) } },
    { .name = "abort across the sequence wrap", .source = "RFC 9293 3.4 arithmetic",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 4294967000u), SEG(.dir = S2C, .flags = S | A, .seq = 4294967200u, .ack = 4294967001u),
        SEG(.dir = C2S, .flags = A, .seq = 4294967001u, .ack = 4294967201u),
        SEG(.dir = C2S, .flags = P | A, .seq = 4294967001u, .ack = 4294967201u, .len = 10),
        SEG(.dir = S2C, .flags = P | A, .seq = 4294967201u, .ack = 4294967011u, .len = 200),
        SEG(.dir = S2C, .flags = R | A, .seq = 105, .ack = 4294967011u, .win = 64240) },
      .rules = "abort_live",
      .check = 5, .phase = "established", .cause = "app-abort", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_SHAPE_FIT },
    { .name = "abort right after data the receiver has not acked yet", .source = "RFC 5961 RCV.NXT includes in-flight data",
      .segs = { HS(0), SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100), SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1101, .len = 200),
        SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101, .win = 64240), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 10) },
      .rules = "abort_live",
      .check = 5, .phase = "established", .cause = "app-abort", .origin = "server", .verdict = "genuine",
      .seq_status = "exact" },
    { .name = "segments crossing a close: each bare reset answers the one whose ACK it carries", .source = "answered_segment, RFC 9293 3.10.7.1",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 10, .dt_ms = 100),
        SEG(.dir = C2S, .flags = P | A, .seq = 1111, .ack = 5201, .len = 10),
        SEG(.dir = S2C, .flags = F | A, .seq = 5201, .ack = 1101, .dt_ms = 50),
        SEG(.dir = C2S, .flags = A, .seq = 1121, .ack = 5202),
        SEG(.dir = S2C, .flags = R, .seq = 5201, .ipid = NO_ID, .dt_ms = 60),
        SEG(.dir = S2C, .flags = R, .seq = 5201, .ipid = NO_ID) },
      .rules = "after_earlier_reset",
      .check = 11, .phase = "closed", .cause = "data-after-close", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_SHAPE_FIT },
    { .name = "the same reset captured again behind a router is judged as the first", .source = "rstan_capture_copy, captures/wild pattern 4",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101, .ipid = 2222),
        SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101, .ipid = 2222, .ttl = 62) },
      .rules = "abort_live",
      .check = 7, .phase = "established", .cause = "app-abort", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_HOPS_MATCH },
    { .name = "timestamps going backwards give no idle gap", .source = "hostile input",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101, .dt_ms = -50000) },
      .rules = "abort_live",
      .check = 6, .phase = "established", .cause = "app-abort", .origin = "server", .verdict = "genuine" },
};

const case_set_t FLOW_CASES = CASE_SET("test_flow.c", cases);

#ifndef RSTAN_CASES_ONLY

int main(void)
{
    int failed = 0, total = 0;
    failed += run_set(&FLOW_CASES, &total);
    return report(total, failed);
}

#endif /* RSTAN_CASES_ONLY */
