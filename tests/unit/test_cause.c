/* test_cause.c
 *
 * Unit tests of the cause rules (rstan-cause.c, the genuine and the policy
 * table read top to bottom, and the conditions of rstan-conditions.c they
 * test) and of explicit reasons on the wire (rstan-reason.c). One row per
 * case (engine_harness.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "engine_harness.h"

static const case_t cases[] = {
    { .name = "closed port, server known from another connection", .source = "RFC 9293 3.10.7.1",
      .segs = { HS(1), SEG(.dir = C2S, .flags = S, .seq = 7000), SEG(.dir = S2C, .flags = R | A, .ack = 7001) },
      .rules = "answers_syn",
      .check = 4, .phase = "handshake", .cause = "port-closed", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_HOPS_MATCH | RSTAN_EV_SHAPE_FIT },
    { .name = "SYN+FIN to a closed port", .source = "Linux answers ack = seq + 2",
      .segs = { HS(1), SEG(.dir = C2S, .flags = S | F, .seq = 7000), SEG(.dir = S2C, .flags = R | A, .ack = 7002) },
      .rules = "answers_malformed_syn",
      .check = 4, .phase = "handshake", .cause = "malformed-syn", .origin = "server", .verdict = "genuine" },
    { .name = "SYN+URG to a closed port", .source = "docs/fields.md malformed-syn",
      .segs = { HS(1), SEG(.dir = C2S, .flags = S | U, .seq = 7000), SEG(.dir = S2C, .flags = R | A, .ack = 7001) },
      .rules = "answers_malformed_syn",
      .check = 4, .phase = "handshake", .cause = "malformed-syn", .origin = "server", .verdict = "genuine" },
    { .name = "SYN+RST sent by the client", .source = "docs/fields.md malformed-syn: is itself a SYN",
      .segs = { HS(1), SEG(.dir = C2S, .flags = S | R, .seq = 7000) },
      .rules = "reset_is_syn",
      .check = 3, .phase = "handshake", .cause = "malformed-syn", .origin = "client", .verdict = "genuine" },
    { .name = "half-open scan: the client kernel resets the SYN-ACK", .source = "RFC 9293 3.10.7.1, Linux",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001),
        SEG(.dir = C2S, .flags = R, .seq = 1001) },
      .rules = "resets_synack",
      .check = 2, .phase = "handshake", .cause = "half-open-scan", .origin = "client", .verdict = "genuine",
      .need_evidence = RSTAN_EV_HOPS_MATCH | RSTAN_EV_LOCAL },
    { .name = "accept queue overflow: bare RST to the last ACK", .source = "Linux tcp_abort_on_overflow",
      .segs = { HS(0), SEG(.dir = S2C, .flags = R, .seq = 5001) },
      .rules = "listener_resets_last_ack",
      .check = 3, .phase = "handshake", .cause = "backlog-overflow", .origin = "server", .verdict = "genuine" },
    { .name = "connect scan: abort right after the handshake", .source = "RFC 9293 3.10.5 ABORT",
      .segs = { HS(0), SEG(.dir = C2S, .flags = R | A, .seq = 1001, .ack = 5001) },
      .rules = "abort_after_handshake",
      .check = 3, .phase = "established", .cause = "connect-abort", .origin = "client", .verdict = "genuine" },
    { .name = "server aborts with SO_LINGER 0 after answering", .source = "RFC 9293 3.10.5 ABORT",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101) },
      .rules = "abort_live",
      .check = 6, .phase = "established", .cause = "app-abort", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_IPID_CONT },
    { .name = "server closes with the request unread", .source = "Linux tcp_close with unread data",
      .segs = { HS(0), SEG(.dir = S2C, .flags = A, .seq = 5001, .ack = 1001, .win = 5000), SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100),
        SEG(.dir = S2C, .flags = R | A, .seq = 5001, .ack = 1101, .win = 4900) },
      .rules = "abort_with_unread_data",
      .check = 5, .phase = "established", .cause = "unread-data-close", .origin = "server", .verdict = "genuine" },
    { .name = "client closes with the push unread: its last ACK closed the window", .source = "Linux tcp_cleanup_rbuf",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = A, .seq = 5201, .ack = 1101, .len = 1400),
        SEG(.dir = C2S, .flags = A, .seq = 1101, .ack = 6601, .win = 20000), SEG(.dir = S2C, .flags = A, .seq = 6601, .ack = 1101, .len = 1400),
        SEG(.dir = C2S, .flags = A, .seq = 1101, .ack = 8001, .win = 9000),
        SEG(.dir = C2S, .flags = R | A, .seq = 1101, .ack = 8001, .win = 64240, .dt_ms = 300) },
      .rules = "abort_with_unread_data",
      .check = 10, .phase = "established", .cause = "unread-data-close", .origin = "client", .verdict = "genuine" },
    { .name = "client aborts after reading: less than half its window gone", .source = "Linux tcp_cleanup_rbuf",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = A, .seq = 5201, .ack = 1101, .len = 1400),
        SEG(.dir = C2S, .flags = A, .seq = 1101, .ack = 6601, .win = 62840),
        SEG(.dir = C2S, .flags = R | A, .seq = 1101, .ack = 6601, .win = 64240, .dt_ms = 300) },
      .rules = "abort_live",
      .check = 8, .phase = "established", .cause = "app-abort", .origin = "client", .verdict = "genuine" },
    { .name = "a BSD client aborts after reading: every BSD reset advertises window 0", .source = "FreeBSD tcp_output",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = R | A, .seq = 1101, .ack = 5201, .dt_ms = 300) },
      .rules = "abort_live",
      .check = 6, .phase = "established", .cause = "app-abort", .origin = "client", .verdict = "genuine" },
    { .name = "server aborts after 12 s of silence", .source = "idle threshold 10 s",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101, .dt_ms = 12000) },
      .rules = "idle_abort",
      .check = 6, .phase = "established", .cause = "idle-timeout", .origin = "server", .verdict = "genuine" },
    { .name = "server resets the client's FIN", .source = "reset instead of FIN: fast close",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = F | A, .seq = 1101, .ack = 5201),
        SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1102) },
      .rules = "answers_fin",
      .check = 7, .phase = "teardown", .cause = "lb-fast-close", .origin = "server", .verdict = "genuine" },
    { .name = "data reaches a server that already closed", .source = "orphaned FIN_WAIT2 answers with bare RST",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = F | A, .seq = 5201, .ack = 1101), SEG(.dir = C2S, .flags = A, .seq = 1101, .ack = 5202),
        SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5202, .len = 50), SEG(.dir = S2C, .flags = R, .seq = 5202) },
      .rules = "sender_closed",
      .check = 9, .phase = "teardown", .cause = "data-after-close", .origin = "server", .verdict = "genuine" },
    { .name = "Linux client gave up after retransmissions", .source = "Linux gives up silently",
      .segs = { HS(0), SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100), SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100, .dt_ms = 200),
        SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100, .dt_ms = 400), SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100, .dt_ms = 800),
        SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1101, .len = 10, .dt_ms = 5000), SEG(.dir = C2S, .flags = R, .seq = 1101) },
      .rules = "gave_up_silently",
      .check = 8, .phase = "closed", .cause = "retransmission-timeout", .origin = "client", .verdict = "genuine" },
    { .name = "Windows-style RST+ACK after five retransmissions", .source = "Windows TcpMaxDataRetransmissions",
      .segs = { HS(0), SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1001, .len = 100), SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1001, .len = 100, .dt_ms = 300),
        SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1001, .len = 100, .dt_ms = 600), SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1001, .len = 100, .dt_ms = 1200),
        SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1001, .len = 100, .dt_ms = 2400), SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1001, .len = 100, .dt_ms = 4800),
        SEG(.dir = S2C, .flags = R | A, .seq = 5101, .ack = 1001) },
      .rules = "gave_up",
      .check = 9, .phase = "established", .cause = "retransmission-timeout", .origin = "server", .verdict = "genuine" },
    { .name = "expired NAT entry rejects data after 12 s idle", .source = "stateful device forgot the flow",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 10, .dt_ms = 12000),
        SEG(.dir = S2C, .flags = R, .seq = 5201, .ttl = 64) },
      .rules = "state_forgotten",
      .check = 7, .phase = "established", .cause = "state-expired", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_HOPS_CLOSER | RSTAN_EV_FORGOT },
    { .name = "a NAT with a short timer rejects data after 5 s of silence", .source = "RSTAN_STATE_SILENCE_MIN_MS",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 10, .dt_ms = 5000),
        SEG(.dir = S2C, .flags = R, .seq = 5201, .ttl = 64) },
      .rules = "state_forgotten_short",
      .check = 7, .phase = "established", .cause = "state-expired", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_HOPS_CLOSER | RSTAN_EV_FORGOT },
    { .name = "firewall rejects mid-connection data", .source = "netfilter reject: bare RST seq = SEG.ACK",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 10),
        SEG(.dir = S2C, .flags = R, .seq = 5201, .ttl = 64) },
      .rules = "rejects_segment",
      .check = 7, .phase = "established", .cause = "firewall-reject", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_FORGOT },
    { .name = "masscan ends the probe a closed port answered", .source = "no stack answers a reset (RFC 9293 3.10.7.1)",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 255, .bare = true),
        SEG(.dir = S2C, .flags = R | A, .ack = 1001, .ipid = NO_ID),
        SEG(.dir = C2S, .flags = R, .seq = 1001, .ttl = 255, .win = 1200, .dt_ms = 50) },
      .rules = "scanner_ends_probe",
      .check = 2, .phase = "handshake", .cause = "half-open-scan", .origin = "client", .verdict = "genuine",
      .need_evidence = RSTAN_EV_PROBE_RESET },
    { .name = "a lone reset", .source = "no evidence: unknown",
      .segs = { SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101) },
      .rules = "lone_reset",
      .check = 0, .phase = "unknown", .cause = "unknown", .origin = "unknown", .verdict = "unverified",
      .need_evidence = RSTAN_EV_NO_BASELINE },
    { .name = "explicit reason weighs over inference", .source = "docs/decisions.md, Reasons on the wire",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101, .reason_cause = RSTAN_CAUSE_IDLE_TIMEOUT) },
      .rules = "abort_live",
      .check = 6, .phase = "established", .cause = "idle-timeout", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_REASON },
    { .name = "closed port answers a FIN probe", .source = "RFC 9293 3.10.7.1, state CLOSED",
      .segs = { HS(1), SEG(.dir = C2S, .flags = F, .seq = 7000), SEG(.dir = S2C, .flags = R | A, .ack = 7001) },
      .rules = "answers_probe",
      .check = 4, .phase = "handshake", .cause = "port-closed", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_HOPS_MATCH | RSTAN_EV_SHAPE_FIT },
    { .name = "closed port answers a NULL probe", .source = "RFC 9293 3.10.7.1, state CLOSED",
      .segs = { HS(1), SEG(.dir = C2S, .flags = 0, .seq = 7000), SEG(.dir = S2C, .flags = R | A, .ack = 7000) },
      .rules = "answers_probe",
      .check = 4, .phase = "handshake", .cause = "port-closed", .origin = "server", .verdict = "genuine" },
    { .name = "closed port answers an ACK probe", .source = "RFC 9293 3.10.7.1, <SEQ=SEG.ACK><CTL=RST>",
      .segs = { HS(1), SEG(.dir = C2S, .flags = A, .seq = 0, .ack = 7777), SEG(.dir = S2C, .flags = R, .seq = 7777) },
      .rules = "answers_probe",
      .check = 4, .phase = "handshake", .cause = "port-closed", .origin = "server", .verdict = "genuine" },
    { .name = "a firewall rejects a FIN probe", .source = "netfilter nf_send_reset",
      .segs = { HS(1), SEG(.dir = C2S, .flags = F, .seq = 7000), SEG(.dir = S2C, .flags = R | A, .ack = 7001, .ttl = 64) },
      .rules = "rejects_probe",
      .check = 4, .phase = "handshake", .cause = "firewall-reject", .origin = "middlebox", .verdict = "spoofed" },
    { .name = "SYN-RECEIVED resets an unacceptable ACK and goes on", .source = "RFC 9293 3.10.7.4",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001),
        SEG(.dir = C2S, .flags = A, .seq = 1001, .ack = 9999), SEG(.dir = S2C, .flags = R, .seq = 9999, .ipid = NO_ID),
        SEG(.dir = C2S, .flags = A, .seq = 1001, .ack = 5001), REQRESP(0) },
      .rules = "synrecv_bad_ack",
      .check = 3, .phase = "handshake", .cause = "unknown", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_HOPS_MATCH },
    { .name = "give-up after FIN retransmissions, then the peer's data", .source = "RFC 9293 3.8.1, Linux orphan retries",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = F | A, .seq = 5201, .ack = 1101),
        SEG(.dir = S2C, .flags = F | A, .seq = 5201, .ack = 1101, .dt_ms = 200),
        SEG(.dir = S2C, .flags = F | A, .seq = 5201, .ack = 1101, .dt_ms = 400),
        SEG(.dir = S2C, .flags = F | A, .seq = 5201, .ack = 1101, .dt_ms = 800),
        SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 10, .dt_ms = 5000),
        SEG(.dir = S2C, .flags = R, .seq = 5201, .ipid = NO_ID) },
      .rules = "gave_up_silently",
      .check = 11, .phase = "closed", .cause = "retransmission-timeout", .origin = "server", .verdict = "genuine" },
    { .name = "a device resets the client's FIN", .source = "docs/decisions.md, Device patterns",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = F | A, .seq = 1101, .ack = 5201),
        SEG(.dir = S2C, .flags = R, .seq = 5201, .ttl = 64, .ipid = NO_ID) },
      .rules = "device_answers_fin",
      .check = 7, .phase = "teardown", .cause = "lb-fast-close", .origin = "middlebox", .verdict = "spoofed" },
    { .name = "conntrack INVALID: a reject answers a segment beyond the window", .source = "netfilter tcp_in_window",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 30001101, .ack = 5201, .len = 100),
        SEG(.dir = S2C, .flags = R, .seq = 5201, .ttl = 64, .ipid = NO_ID) },
      .rules = "rejects_invalid",
      .check = 7, .phase = "established", .cause = "conntrack-invalid", .origin = "middlebox", .verdict = "spoofed" },
    { .name = "a reject answers an in-window segment", .source = "netfilter reject, docs/decisions.md, What real stacks send",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 100),
        SEG(.dir = S2C, .flags = R, .seq = 5201, .ttl = 64, .ipid = NO_ID) },
      .rules = "rejects_segment",
      .check = 7, .phase = "established", .cause = "firewall-reject", .origin = "middlebox", .verdict = "spoofed" },
    { .name = "a reject of a segment acking data never sent carries that ack", .source = "rejects_out_of_window: tcp_in_window's ack bound",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 500005201, .len = 10),
        SEG(.dir = S2C, .flags = R, .seq = 500005201, .ttl = 64, .ipid = NO_ID) },
      .rules = "rejects_invalid",
      .check = 7, .phase = "established", .cause = "conntrack-invalid", .origin = "middlebox", .verdict = "spoofed",
      .seq_status = "out-of-window" },
    { .name = "a half-closed connection aborted by an idle timer after the FIN was acked", .source = "half_closed_idle_abort",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = F | A, .seq = 1101, .ack = 5201),
        SEG(.dir = S2C, .flags = A, .seq = 5201, .ack = 1102),
        SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1102, .dt_ms = 20000) },
      .rules = "half_closed_idle_abort",
      .check = 8, .phase = "teardown", .cause = "idle-timeout", .origin = "server", .verdict = "genuine" },
    { .name = "a quiet keep-alive connection aborted after a short timer", .source = "keep-alive timers",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101, .dt_ms = 3000) },
      .rules = "quiet_keepalive_abort",
      .check = 6, .phase = "established", .cause = "idle-timeout", .origin = "server", .verdict = "genuine" },
    { .name = "an abort in the middle of a response stays app-abort", .source = "RFC 9293 3.10.5 ABORT",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 50),
        SEG(.dir = S2C, .flags = A, .seq = 5201, .ack = 1151, .len = 1000),
        SEG(.dir = S2C, .flags = R | A, .seq = 6201, .ack = 1151, .dt_ms = 3000) },
      .rules = "abort_live",
      .check = 8, .phase = "established", .cause = "app-abort", .origin = "server", .verdict = "genuine" },
    { .name = "data reaches a server in TIME_WAIT after both sides closed",
      .source = "RFC 9293 3.10.7.4: data in TIME_WAIT / after close is answered by a reset",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = F | A, .seq = 5201, .ack = 1101),
        SEG(.dir = C2S, .flags = F | A, .seq = 1101, .ack = 5202), SEG(.dir = S2C, .flags = A, .seq = 5202, .ack = 1102),
        SEG(.dir = C2S, .flags = P | A, .seq = 1102, .ack = 5202, .len = 20),
        SEG(.dir = S2C, .flags = R, .seq = 5202, .ipid = NO_ID) },
      .rules = "both_closed",
      .check = 10, .phase = "closed", .cause = "data-after-close", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_HOPS_MATCH | RSTAN_EV_SHAPE_FIT },
    { .name = "a load balancer's idle timer resets the server in the client's name after 12 s",
      .source = "device_idle_timer: load balancers' idle timeouts, docs/decisions.md, Device patterns",
      /* at the server (TTL 64 unrouted, the client two hops off): the balancer one hop
       * away resets the server's side at the client's next sequence number */
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 62), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001, .ttl = 64),
        SEG(.dir = C2S, .flags = A, .seq = 1001, .ack = 5001, .ttl = 62),
        SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100, .ttl = 62),
        SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1101, .len = 200, .ttl = 64),
        SEG(.dir = C2S, .flags = A, .seq = 1101, .ack = 5201, .ttl = 62),
        SEG(.dir = C2S, .flags = R | A, .seq = 1101, .ack = 5201, .ttl = 63, .ipid = NO_ID, .dt_ms = 12000) },
      .rules = "device_idle_timer",
      .check = 6, .phase = "established", .cause = "idle-timeout", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_HOPS_CLOSER1 },
    { .name = "a server resets its own SYN-ACK before the handshake's ACK: nothing says why",
      .source = "docs/fields.md phase handshake, cause unknown",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001),
        SEG(.dir = S2C, .flags = R | A, .seq = 5001, .ack = 1001, .dt_ms = 50) },
      .rules = "in_handshake",
      .check = 2, .phase = "handshake", .cause = "unknown", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_HOPS_MATCH | RSTAN_EV_IPID_CONT },
    { .name = "a SYN+FIN scan: the scanner's kernel resets the SYN-ACK a stack gave it",
      .source = "nmap --scanflags SYNFIN; docs/fields.md malformed-syn",
      .segs = { SEG(.dir = C2S, .flags = S | F, .seq = 1000), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001),
        SEG(.dir = C2S, .flags = R, .seq = 1001, .ipid = NO_ID) },
      .rules = "resets_synack_of_malformed_syn",
      .check = 2, .phase = "handshake", .cause = "malformed-syn", .origin = "client", .verdict = "genuine",
      .need_evidence = RSTAN_EV_HOPS_MATCH },
    { .name = "server aborts 12 s after a response the client never acknowledged", .source = "idle threshold 10 s",
      .segs = { HS(0), SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100),
        SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1101, .len = 200),
        SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101, .dt_ms = 12000) },
      .rules = "idle_abort",
      .check = 5, .phase = "established", .cause = "idle-timeout", .origin = "server", .verdict = "genuine" },
    { .name = "an expired NAT entry answers the first segment after 12 s with a RST+ACK built from it",
      .source = "stateful device forgot the flow, docs/decisions.md, Device patterns",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 10, .dt_ms = 12000),
        SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1111, .ttl = 64, .ipid = NO_ID) },
      .rules = "state_forgotten",
      .check = 7, .phase = "established", .cause = "state-expired", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_HOPS_CLOSER },
    { .name = "a firewall rejects a SYN on the 4-tuple of a connection still open: the new handshake is refused",
      .source = "netfilter reject with tcp reset answers a SYN with RST+ACK (nf_send_reset)",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = S, .seq = 90000, .dt_ms = 500),
        SEG(.dir = S2C, .flags = R | A, .ack = 90001, .ttl = 64, .ipid = NO_ID) },
      .rules = "rejects_syn",
      .check = 7, .phase = "handshake", .cause = "firewall-reject", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_HOPS_CLOSER },
};

const case_set_t CAUSE_CASES = CASE_SET("test_cause.c", cases);

#ifndef RSTAN_CASES_ONLY

/* Explicit reasons: what each carrier means (rstan-reason.c). */
static int test_reasons(void)
{
    static const struct {
        const char *name;
        const char *bytes;
        uint32_t    n;
        uint8_t     mptcp;       /* code + 1, 0 absent */
        bool        window_codes;
        uint16_t    win;
        uint8_t     kind, cause;
        uint16_t    code;
        const char *text;
    } rows[] = {
        { .name = "payload text naming idleness", .bytes = "Idle Timeout", .n = 12,
          .kind = RSTAN_REASON_TEXT, .cause = RSTAN_CAUSE_IDLE_TIMEOUT, .text = "Idle Timeout" },
        { .name = "payload text in capitals, shown as sent", .bytes = "ACCESS DENIED BY POLICY", .n = 23,
          .kind = RSTAN_REASON_TEXT, .cause = RSTAN_CAUSE_FIREWALL_REJECT, .text = "ACCESS DENIED BY POLICY" },
        { .name = "payload text naming nothing known", .bytes = "bye now", .n = 7,
          .kind = RSTAN_REASON_TEXT, .cause = RSTAN_CAUSE_UNKNOWN, .text = "bye now" },
        { .name = "binary payload is no reason", .bytes = "\x01\x02\x03\x04", .n = 4,
          .kind = RSTAN_REASON_NONE, .text = "" },
        { .name = "diagnostic payload with code and text", .bytes = "\x33\xaa\x00\x07policy", .n = 10,
          .kind = RSTAN_REASON_DIAG, .code = 7, .cause = RSTAN_CAUSE_FIREWALL_REJECT, .text = "policy" },
        { .name = "MP_TCPRST administratively prohibited", .mptcp = 4,
          .kind = RSTAN_REASON_MPTCP, .code = 3, .cause = RSTAN_CAUSE_FIREWALL_REJECT,
          .text = "administratively prohibited" },
        { .name = "MP_TCPRST lack of resources", .mptcp = 3,
          .kind = RSTAN_REASON_MPTCP, .code = 2, .text = "lack of resources" },
        { .name = "MP_TCPRST unassigned code", .mptcp = 200,
          .kind = RSTAN_REASON_MPTCP, .code = 199, .text = "unassigned reason" },
        { .name = "window code when asked for", .window_codes = true, .win = 9300,
          .kind = RSTAN_REASON_WINDOW_CODE, .code = 9300, .text = "load balancer reset code 9300" },
        { .name = "window is no code unless asked", .win = 9300, .kind = RSTAN_REASON_NONE, .text = "" },
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        rstan_segment_t seg;
        char buf[64];
        memset(&seg, 0, sizeof(seg));
        seg.win = rows[i].win;
        rstan_reason_decode((const uint8_t *)rows[i].bytes, rows[i].n, rows[i].mptcp, rows[i].window_codes,
                            &seg, buf, sizeof(buf));
        if (seg.reason_kind != rows[i].kind || seg.reason_cause != rows[i].cause ||
            seg.reason_code != rows[i].code || strcmp(buf, rows[i].text) != 0) {
            printf("FAIL reason %s: kind %u cause %u code %u text \"%s\"\n", rows[i].name, seg.reason_kind,
                   seg.reason_cause, seg.reason_code, buf);
            bad++;
        }
    }
    printf("%s reasons on the wire\n", bad ? "FAIL" : "ok  ");
    return bad ? 1 : 0;
}

/* Every cause rule has an identifier, a name and a source; identifiers are
 * snake_case and unique across both tables; each table ends in a rule that
 * always holds, so reading it top to bottom always gives an answer. */
static int test_cause_rules(void)
{
    int bad = 0;
    const char *seen[128];
    unsigned n_seen = 0;
    for (unsigned t = 0; t < 2; t++) {
        unsigned n = rstan_cause_rules(t, 0, NULL);
        for (unsigned i = 0; i < n; i++) {
            rstan_rule_info_t r = { NULL, NULL, NULL, 0 };
            rstan_cause_rules(t, i, &r);
            if (r.id == NULL || r.id[0] == '\0' || strspn(r.id, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(r.id) ||
                r.name == NULL || r.name[0] == '\0' || r.source == NULL || strlen(r.source) < 8 ||
                r.cause >= RSTAN_CAUSE_COUNT) {
                printf("FAIL cause table %u rule %u has no snake_case id, name, source or cause\n", t, i);
                bad++;
                continue;
            }
            for (unsigned j = 0; j < n_seen; j++) {
                if (strcmp(seen[j], r.id) == 0) {
                    printf("FAIL cause rule id %s is used twice\n", r.id);
                    bad++;
                }
            }
            if (n_seen < sizeof(seen) / sizeof(seen[0]))
                seen[n_seen++] = r.id;
        }
        bad += n < 2;
    }
    printf("%s cause rules have identifiers and name their sources\n", bad ? "FAIL" : "ok  ");
    return bad ? 1 : 0;
}

int main(void)
{
    int failed = 0, total = 0;
    failed += run_set(&CAUSE_CASES, &total);
    failed += test_reasons();
    failed += test_cause_rules();
    total += 2;
    return report(total, failed);
}

#endif /* RSTAN_CASES_ONLY */
