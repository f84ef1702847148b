/* test_after.c
 *
 * Unit tests of the evidence segments after a reset give (rstan-after.c):
 * the claimed sender carrying on or racing the reset, the receiver's
 * challenge ACK or ignoring it, and the notes pointing back at the reset.
 * One row per case (engine_harness.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "engine_harness.h"

static const case_t cases[] = {
    { .name = "race: the real server answers after the forged reset", .source = "Weaver et al. 2009, Suricata",
      .segs = { HS(0), SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100), SEG(.dir = S2C, .flags = R | A, .seq = 5001, .ack = 1101, .ipid = 9),
        SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1101, .len = 200), SEG(.dir = C2S, .flags = R, .seq = 1101) },
      .rules = "rejects_segment abort_with_unread_data",
      .check = 4, .phase = "established", .cause = "injected", .origin = "middlebox", .verdict = "spoofed",
      .phase1 = "established", .cause1 = "unread-data-close", .origin1 = "server", .verdict1 = "genuine",
      .need_evidence = RSTAN_EV_RACE },
    { .name = "race: the client's own answer to the late data", .source = "closed after accepting a reset",
      .segs = { HS(0), SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100), SEG(.dir = S2C, .flags = R | A, .seq = 5001, .ack = 1101, .ipid = 9),
        SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1101, .len = 200), SEG(.dir = C2S, .flags = R, .seq = 1101) },
      .rules = "after_earlier_reset",
      .check = 6, .phase = "closed", .cause = "data-after-close", .origin = "client", .verdict = "genuine" },
    { .name = "blind out-of-window reset, the connection carries on", .source = "RFC 5961 3.2",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R, .seq = 905201, .ipid = 9),
        SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 10, .dt_ms = 5) },
      .rules = "rejects_segment",
      .check = 6, .phase = "established", .cause = "injected", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_IGNORED },
    { .name = "in-window inexact reset draws a challenge ACK", .source = "RFC 5961 3.2",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R, .seq = 5301, .ipid = 9),
        SEG(.dir = C2S, .flags = A, .seq = 1101, .ack = 5201) },
      .rules = "rejects_segment",
      .check = 6, .phase = "established", .cause = "injected", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_CHALLENGED },
    { .name = "carried on: the server sends more after a forged abort", .source = "Weaver et al. 2009; Suricata suspected_rst_inject",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101, .ipid = 9),
        SEG(.dir = S2C, .flags = P | A, .seq = 5201, .ack = 1101, .len = 100, .dt_ms = 20) },
      .rules = "rejects_segment abort_live",
      .check = 6, .phase = "established", .cause = "injected", .origin = "middlebox", .verdict = "spoofed",
      .phase1 = "established", .cause1 = "app-abort", .origin1 = "server", .verdict1 = "genuine",
      .need_evidence = RSTAN_EV_CARRIED_ON },
};

const case_set_t AFTER_CASES = CASE_SET("test_after.c", cases);

#ifndef RSTAN_CASES_ONLY

/* A challenge ACK carries a note pointing back at the reset. */
static int test_challenge_note(void)
{
    rstan_conv_t conv;
    rstan_config_t cfg;
    rstan_verdict_t v[4];
    rstan_note_t note;
    rstan_segment_t seg;
    rstan_config_default(&cfg);
    rstan_conv_init(&conv);
    const struct { uint8_t dir, flags; uint32_t seq, ack, len; } segs[] = {
        { 0, S, 1000, 0, 0 }, { 1, S | A, 5000, 1001, 0 }, { 0, A, 1001, 5001, 0 },
        { 1, R, 5100, 0, 0 }, { 0, A, 1001, 5001, 0 },
    };
    for (unsigned i = 0; i < 5; i++) {
        memset(&seg, 0, sizeof(seg));
        seg.frame = i + 1;
        seg.ts_ns = (int64_t)i * 1000000;
        seg.dir = segs[i].dir;
        seg.sport = segs[i].dir ? 80 : 40000;
        seg.dport = segs[i].dir ? 40000 : 80;
        seg.flags = segs[i].flags;
        seg.seq = segs[i].seq;
        seg.ack = segs[i].ack;
        seg.win = 1000;
        seg.wscale = -1;
        seg.ttl = 64;
        seg.ip_version = 6;
        rstan_feed(&conv, NULL, NULL, &seg, &cfg, &v[i < 4 ? i : 3], &note);
    }
    bool ok = note.kind == RSTAN_NOTE_CHALLENGE_ACK && note.reset_frame == 4 && v[3].challenge_frame == 5;
    printf("%s challenge ACK links both ways\n", ok ? "ok  " : "FAIL");
    return ok ? 0 : 1;
}

int main(void)
{
    int failed = 0, total = 0;
    failed += run_set(&AFTER_CASES, &total);
    failed += test_challenge_note();
    total += 1;
    return report(total, failed);
}

#endif /* RSTAN_CASES_ONLY */
