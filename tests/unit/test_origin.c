/* test_origin.c
 *
 * Unit tests of the origin evidence on the reset itself (rstan-origin.c):
 * hop distance and TTL classes, IP ID, IPv6 flow label, TOS, timing, the
 * genuine templates, the type-1 window, repeats, bursts and resets to both
 * sides at once. One row per case (engine_harness.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "engine_harness.h"

static const case_t cases[] = {
    { .name = "closed port, nothing else from the server", .source = "no baseline: unverified",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 7000), SEG(.dir = S2C, .flags = R | A, .ack = 7001) },
      .rules = "answers_syn",
      .check = 1, .phase = "handshake", .cause = "port-closed", .origin = "server", .verdict = "unverified",
      .need_evidence = RSTAN_EV_NO_BASELINE },
    { .name = "a socket's own TTL (GTSM 255) and the kernel's 64 at one distance", .source = "RFC 5082; rstan_judge_hops",
      .segs = { SEG(.conv = 1, .dir = C2S, .flags = S, .seq = 1000),
        SEG(.conv = 1, .dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001, .ttl = 254),
        SEG(.conv = 1, .dir = C2S, .flags = A, .seq = 1001, .ack = 5001),
        SEG(.conv = 1, .dir = S2C, .flags = P | A, .seq = 5001, .ack = 1001, .len = 19, .ttl = 254),
        SEG(.dir = C2S, .flags = S, .seq = 7000), SEG(.dir = S2C, .flags = R | A, .ack = 7001, .ipid = NO_ID) },
      .rules = "answers_syn",
      .check = 5, .phase = "handshake", .cause = "port-closed", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_SOCKET_TTL | RSTAN_EV_HOPS_MATCH },
    { .name = "a scanner's probes at random TTLs leave no distance, and its kernel resets their SYN-ACKs",
      .source = "learn_host, judge_own_probe; nmap -sS, RFC 9293 3.10.7.1",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 50), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001),
        SEG(.dir = C2S, .flags = R, .seq = 1001, .ipid = NO_ID),
        SEG(.conv = 1, .dir = C2S, .flags = S, .seq = 3000, .ttl = 54),
        SEG(.conv = 1, .dir = S2C, .flags = S | A, .seq = 6000, .ack = 3001),
        SEG(.conv = 1, .dir = C2S, .flags = R, .seq = 3001, .ipid = NO_ID) },
      .rules = "resets_synack",
      .check = 2, .phase = "handshake", .cause = "half-open-scan", .origin = "client", .verdict = "genuine",
      .verdict1 = "unverified", .need_evidence = RSTAN_EV_TTL_VARIES | RSTAN_EV_PROBE_RESET },
    { .name = "nmap's first probe: its SYN is p0f's NMap SYN scan, so its kernel's reset is the scan's at once",
      .source = "nmap_syn (p0f v3 s:!:NMap:SYN scan), judge_own_probe",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 50, .win = 1024, .mss_only = 1460, .no_df = true),
        SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001),
        SEG(.dir = C2S, .flags = R, .seq = 1001, .ipid = NO_ID) },
      .rules = "resets_synack",
      .check = 2, .phase = "handshake", .cause = "half-open-scan", .origin = "client", .verdict = "genuine",
      .need_evidence = RSTAN_EV_PROBE_RESET },
    { .name = "the same SYN with DF set is a stack's: its distance stands, the reset stays unverified",
      .source = "nmap_syn needs DF clear",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 50, .win = 1024, .mss_only = 1460),
        SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001),
        SEG(.dir = C2S, .flags = R, .seq = 1001, .ipid = NO_ID) },
      .rules = "resets_synack",
      .check = 2, .phase = "handshake", .cause = "half-open-scan", .origin = "client", .verdict = "unverified" },
    { .name = "a forged-source flood's SYN is no baseline: the address's owner resets the SYN-ACK",
      .source = "rstan_crafted_syn, judge_own_probe; Moore et al. 2001 backscatter, RFC 9293 3.10.7.1",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 40, .bare = true),
        SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001),
        SEG(.conv = 1, .dir = C2S, .flags = S, .seq = 3000, .ttl = 40, .bare = true),
        SEG(.conv = 1, .dir = S2C, .flags = S | A, .seq = 6000, .ack = 3001),
        SEG(.conv = 1, .dir = C2S, .flags = R, .seq = 3001, .ipid = NO_ID) },
      .rules = "resets_synack",
      .check = 4, .phase = "handshake", .cause = "half-open-scan", .origin = "client", .verdict = "genuine",
      .need_evidence = RSTAN_EV_PROBE_RESET | RSTAN_EV_NO_BASELINE },
    { .name = "masscan resets its own crafted probe with its own window", .source = "rstan_rule_window after judge_own_probe; masscan",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 255, .win = 1024, .bare = true),
        SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001),
        SEG(.dir = C2S, .flags = R, .seq = 1001, .ipid = NO_ID),
        SEG(.dir = C2S, .flags = R, .seq = 1001, .ttl = 255, .win = 1200) },
      .rules = "resets_synack",
      .check = 3, .phase = "handshake", .cause = "half-open-scan", .origin = "client", .verdict = "genuine",
      .need_evidence = RSTAN_EV_PROBE_RESET },
    { .name = "a stack's SYN (with options) far away is a baseline: a reset much closer in its name is not its",
      .source = "rstan_crafted_syn (the counterpart), rstan_judge_hops",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 40),
        SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001),
        SEG(.dir = C2S, .flags = R, .seq = 1001, .ipid = NO_ID) },
      .rules = "resets_synack",
      .check = 2, .phase = "handshake", .cause = "half-open-scan", .origin = "client", .verdict = "unverified" },
    { .name = "a no-connection reset behind data its sender went on to send answers nothing",
      .source = "rstan_rule_template, RFC 9293 3.10.7.1; an IPS resetting both ends",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 72),
        SEG(.dir = C2S, .flags = R | A, .seq = 1101, .ack = 5201, .ipid = NO_ID) },
      .rules = "abort_live",
      .check = 7, .phase = "established", .cause = "app-abort", .origin = "client", .verdict = "unverified",
      .need_evidence = RSTAN_EV_SHAPE_NONE },
    { .name = "a probe sent at the scanner's own TTL is no baseline for its kernel's reset",
      .source = "rstan_rule_hops answers_own_probe, nmap -sS",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 40), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001),
        SEG(.dir = C2S, .flags = R, .seq = 1001, .ipid = NO_ID) },
      .rules = "resets_synack",
      .check = 2, .phase = "handshake", .cause = "half-open-scan", .origin = "client", .verdict = "unverified",
      .need_evidence = RSTAN_EV_NO_BASELINE },
    { .name = "two stacks of one host reset the same SYN-ACK", .source = "masscan; rstan_rule_burst, rstan_rule_window",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 255, .win = 1024),
        SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001),
        SEG(.dir = C2S, .flags = R, .seq = 1001, .ipid = NO_ID),
        SEG(.dir = C2S, .flags = R, .seq = 1001, .ttl = 255, .win = 1200) },
      .rules = "resets_synack",
      .check = 3, .phase = "handshake", .cause = "half-open-scan", .origin = "client", .verdict = "genuine",
      .need_evidence = RSTAN_EV_HOPS_MATCH | RSTAN_EV_IPID_CONT },
    { .name = "a Linux stack copies the TOS of the SYN it resets", .source = "Linux tcp_v4_send_reset",
      .segs = { HS(1), SEG(.dir = C2S, .flags = S, .seq = 7000, .tos = 0x10),
        SEG(.dir = S2C, .flags = R | A, .ack = 7001, .tos = 0x10, .ipid = NO_ID) },
      .rules = "answers_syn",
      .check = 4, .phase = "handshake", .cause = "port-closed", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_TOS_COPIED },
    { .name = "a netfilter reject clears the TOS", .source = "netfilter nf_send_reset",
      .segs = { HS(1), SEG(.dir = C2S, .flags = S, .seq = 7000, .tos = 0x10),
        SEG(.dir = S2C, .flags = R | A, .ack = 7001, .ttl = 64, .ipid = NO_ID) },
      .rules = "rejects_syn",
      .check = 4, .phase = "handshake", .cause = "firewall-reject", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_TOS_ZEROED | RSTAN_EV_HOPS_CLOSER },
    { .name = "a reset sooner than the far end could answer", .source = "half a round trip, docs/decisions.md, Timing",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001, .dt_ms = 20),
        SEG(.dir = C2S, .flags = A, .seq = 1001, .ack = 5001, .dt_ms = 20),
        SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100),
        SEG(.dir = S2C, .flags = R | A, .seq = 5001, .ack = 1101, .ttl = 64, .ipid = NO_ID) },
      /* a device near the client stopping the request: firewall-reject (see the next rows) */
      .rules = "rejects_segment",
      .check = 4, .phase = "established", .cause = "firewall-reject", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_TOO_FAST },
    { .name = "a slow client's pause before its handshake ACK is no part of the server's round trip",
      .source = "quickest answer per side, RFC 6298 3 and Karn; captures/wild pattern 6",
      /* the server answers the SYN in 20 ms; the client waits 1 s before its ACK; the
       * server's own reset answers the request one round trip later: not too fast */
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001, .dt_ms = 20),
        SEG(.dir = C2S, .flags = A, .seq = 1001, .ack = 5001, .dt_ms = 1000),
        SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100),
        SEG(.dir = S2C, .flags = R | A, .seq = 5001, .ack = 1101, .ipid = NO_ID, .dt_ms = 20) },
      .rules = "abort_with_unread_data",
      .check = 4, .phase = "established", .cause = "unread-data-close", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_HOPS_MATCH },
    /* IPv6 at the server (64 unrouted, the client two hops off), each socket with its flow label */
#define C6(...) SEG(.dir = C2S, .v6 = true, .flow = 0xe4f9b, .ttl = 62, __VA_ARGS__)
#define S6(...) SEG(.dir = S2C, .v6 = true, .flow = 0x72298, .ttl = 64, __VA_ARGS__)
#define EXCHANGE6 C6(.flags = S, .seq = 1000), S6(.flags = S | A, .seq = 5000, .ack = 1001), \
        C6(.flags = A, .seq = 1001, .ack = 5001), C6(.flags = P | A, .seq = 1001, .ack = 5001, .len = 100), \
        S6(.flags = A, .seq = 5001, .ack = 1101), S6(.flags = P | A, .seq = 5001, .ack = 1101, .len = 200), \
        C6(.flags = A, .seq = 1101, .ack = 5201)
    { .name = "an IPv6 abort carries its socket's flow label", .source = "RFC 6437 3; Linux ip6_make_flowlabel",
      .segs = { EXCHANGE6, C6(.flags = R | A, .seq = 1101, .ack = 5201) },
      .rules = "abort_live",
      .check = 7, .phase = "established", .cause = "app-abort", .origin = "client", .verdict = "genuine",
      .need_evidence = RSTAN_EV_FLOW_SAME | RSTAN_EV_HOPS_MATCH },
    { .name = "an IPv6 abort one hop closer without its socket's flow label",
      .source = "RFC 6437 3; captures/wild device-resets-both over IPv6",
      .segs = { EXCHANGE6, SEG(.dir = C2S, .v6 = true, .flags = R | A, .seq = 1101, .ack = 5201, .ttl = 63) },
      .rules = "rejects_segment",
      .check = 7, .phase = "established", .cause = "injected", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_FLOW_OTHER | RSTAN_EV_HOPS_CLOSER1 },
    { .name = "a slow client's handshake ACK alone is no measure of its round trip",
      .source = "RFC 9293 3.10.7.2 vs a held ACK; captures/wild pattern 6",
      /* at the server (TTL 64 unrouted, the client two hops off): the client waits 0.9 s
       * before its ACK, then resets the response one 0.3 s round trip after it came */
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 62), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001, .ttl = 64),
        SEG(.dir = C2S, .flags = A, .seq = 1001, .ack = 5001, .ttl = 62, .dt_ms = 900),
        SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100, .ttl = 62, .dt_ms = 150),
        SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1101, .len = 200, .ttl = 64),
        SEG(.dir = C2S, .flags = R | A, .seq = 1101, .ack = 5201, .ttl = 62, .dt_ms = 300) },
      .rules = "abort_live",
      .check = 5, .phase = "established", .cause = "app-abort", .origin = "client", .verdict = "genuine",
      .need_evidence = RSTAN_EV_HOPS_MATCH },
    { .name = "a SYN sent again is no measure of the server's round trip", .source = "Karn's rule, RFC 6298 3",
      /* the first SYN was lost: timed from it, the SYN-ACK would make a 1 s round trip and
       * the server's own reset 100 ms after the request too fast for it */
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000), SEG(.dir = C2S, .flags = S, .seq = 1000, .dt_ms = 980),
        SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001, .dt_ms = 20),
        SEG(.dir = C2S, .flags = A, .seq = 1001, .ack = 5001),
        SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100, .dt_ms = 10),
        SEG(.dir = S2C, .flags = R | A, .seq = 5001, .ack = 1101, .ipid = NO_ID, .dt_ms = 100) },
      .rules = "abort_with_unread_data",
      .check = 5, .phase = "established", .cause = "unread-data-close", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_HOPS_MATCH },
    { .name = "both endpoints reset at once", .source = "Great Firewall pattern, docs/decisions.md, Both sides at once",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101, .ttl = 64, .ipid = NO_ID),
        SEG(.dir = C2S, .flags = R | A, .seq = 1101, .ack = 5201, .ttl = 62, .ipid = NO_ID) },
      .rules = "rejects_segment",
      .check = 6, .phase = "established", .cause = "injected", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_BOTH_SIDES },
    { .name = "firewall reset one hop closer than a steady two-hop server", .source = "stable baseline + forgot",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001, .ttl = 62),
        SEG(.dir = C2S, .flags = A, .seq = 1001, .ack = 5001), SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100),
        SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1101, .len = 200, .ttl = 62), SEG(.dir = C2S, .flags = A, .seq = 1101, .ack = 5201),
        SEG(.dir = S2C, .flags = P | A, .seq = 5201, .ack = 1101, .len = 20, .ttl = 62), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5221, .len = 10),
        SEG(.dir = S2C, .flags = R, .seq = 5221, .ttl = 63, .ipid = NO_ID) },
      .rules = "rejects_segment",
      .check = 8, .phase = "established", .cause = "firewall-reject", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_FORGOT | RSTAN_EV_HOPS_CLOSER1 },
    { .name = "an abort with IP ID 0 from a client whose packets count, one hop closer",
      .source = "Linux ip_select_ident_segs: a connected socket numbers its abort from its counter",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 62), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001, .ttl = 64),
        SEG(.dir = C2S, .flags = A, .seq = 1001, .ack = 5001, .ttl = 62),
        SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100, .ttl = 62),
        SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1101, .len = 200, .ttl = 64),
        SEG(.dir = C2S, .flags = A, .seq = 1101, .ack = 5201, .ttl = 62),
        SEG(.dir = C2S, .flags = R | A, .seq = 1101, .ack = 5201, .ttl = 63, .ipid = NO_ID, .dt_ms = 400) },
      .rules = "rejects_segment",
      .check = 6, .phase = "established", .cause = "injected", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_HOPS_CLOSER1 | RSTAN_EV_IPID_JUMP },
    { .name = "the same abort numbered by the client's socket", .source = "Linux ip_select_ident_segs",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 62), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001, .ttl = 64),
        SEG(.dir = C2S, .flags = A, .seq = 1001, .ack = 5001, .ttl = 62),
        SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100, .ttl = 62),
        SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1101, .len = 200, .ttl = 64),
        SEG(.dir = C2S, .flags = A, .seq = 1101, .ack = 5201, .ttl = 62),
        SEG(.dir = C2S, .flags = R | A, .seq = 1101, .ack = 5201, .ttl = 62, .win = 64240, .dt_ms = 400) },
      .rules = "abort_live",
      .check = 6, .phase = "established", .cause = "app-abort", .origin = "client", .verdict = "genuine",
      .need_evidence = RSTAN_EV_IPID_CONT },
    { .name = "type-1 injection: no ACK, window 16384, TTL class 128", .source = "Weaver et al. 2009",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R, .seq = 5201, .ttl = 120, .ipid = 7777, .win = 16384) },
      .rules = "rejects_segment",
      .check = 6, .phase = "established", .cause = "injected", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_TYPE1_WINDOW },
    { .name = "burst of three walking the window", .source = "Weaver et al. 2009, Zeek",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R, .seq = 5201, .ipid = 9), SEG(.dir = S2C, .flags = R, .seq = 25201, .ipid = 9),
        SEG(.dir = S2C, .flags = R, .seq = 45201, .ipid = 9) },
      .rules = "rejects_segment lost_connection",
      .check = 6, .phase = "established", .cause = "injected", .origin = "middlebox", .verdict = "spoofed",
      .phase1 = "closed", .cause1 = "data-after-close", .origin1 = "server", .verdict1 = "unverified",
      .need_evidence = RSTAN_EV_BURST },
    { .name = "a retransmitted reset is not a burst", .source = "duplicate RST, false-positive guard",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101),
        SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101) },
      .rules = "abort_live",
      .check = 7, .phase = "established", .cause = "app-abort", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_DUPLICATE },
    { .name = "identical triplet in a foreign TTL class at an impossible distance", .source = "Weaver et al. 2009, captures/wild censor-triplet",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 50),
        SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1151, .ttl = 171, .ipid = 31337),
        SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1151, .ttl = 171, .ipid = 31337),
        SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1151, .ttl = 171, .ipid = 31337) },
      .rules = "rejects_segment",
      .check = 7, .phase = "established", .cause = "injected", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_TTL_CLASS | RSTAN_EV_BURST },
    { .name = "a third TTL class at the server's own distance: a censor's page and reset", .source = "judge_third_class",
      .segs = { HS(0), SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100),
        SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1101, .len = 200, .ttl = 127, .ipid = 9000),
        SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101, .ttl = 254, .ipid = 9001) },
      .rules = "rejects_segment",
      .check = 5, .phase = "established", .cause = "injected", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_TTL_CLASS },
    { .name = "a retransmitted reset of the sender's own class stays a duplicate", .source = "Zeek: identical repeat",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101),
        SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101) },
      .rules = "abort_live",
      .check = 7, .phase = "established", .cause = "app-abort", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_DUPLICATE },
    { .name = "a device copies the IP ID of the segment it rejects", .source = "captures/wild pattern 9; docs/decisions.md, IP ID continuity",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 10, .ipid = 4242),
        SEG(.dir = S2C, .flags = R, .seq = 5201, .ttl = 64, .ipid = 4242) },
      .rules = "rejects_segment",
      .check = 7, .phase = "established", .cause = "firewall-reject", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_IPID_COPIED | RSTAN_EV_HOPS_CLOSER },
    { .name = "the next reset between hosts whose reset was forged carries the hint, which alone decides nothing",
      .source = "docs/decisions.md, Both sides at once",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R, .seq = 5201, .ttl = 120, .ipid = 7777, .win = 16384),
        HS(1), SEG(.conv = 1, .dir = S2C, .flags = R | A, .seq = 5001, .ack = 1001, .dt_ms = 1000) },
      .rules = "abort_live",
      .check = 10, .phase = "established", .cause = "app-abort", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_AFTER_SPOOF },
};

const case_set_t ORIGIN_CASES = CASE_SET("test_origin.c", cases);

#ifndef RSTAN_CASES_ONLY

static int test_helpers(void)
{
    int bad = 0;
    bad += rstan_ttl_class(63) != 64 || rstan_hops(63) != 1;
    bad += rstan_ttl_class(120) != 128 || rstan_hops(120) != 8;
    bad += rstan_ttl_class(250) != 255 || rstan_ttl_class(1) != 32;
    bad += strcmp(rstan_cause_name(RSTAN_CAUSE_INJECTED), "injected") != 0;
    bad += strcmp(rstan_cause_name(999), "unknown") != 0;
    bad += strcmp(rstan_verdict_name(RSTAN_VERDICT_UNVERIFIED), "unverified") != 0;
    for (unsigned i = 0; i < RSTAN_EV_COUNT; i++)
        bad += rstan_evidence_name(i) == NULL || rstan_evidence_text(i)[0] == '\0';
    printf("%s helpers (TTL classes, names)\n", bad ? "FAIL" : "ok  ");
    return bad ? 1 : 0;
}

int main(void)
{
    int failed = 0, total = 0;
    failed += run_set(&ORIGIN_CASES, &total);
    failed += test_helpers();
    total += 1;
    return report(total, failed);
}

#endif /* RSTAN_CASES_ONLY */
