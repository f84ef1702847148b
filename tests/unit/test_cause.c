/* test_cause.c
 *
 * Unit tests of the cause rules (rstan-cause.c, the genuine and the policy
 * table read top to bottom) and of explicit reasons on the wire
 * (rstan-reason.c). One row per case (engine_harness.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "engine_harness.h"

static const case_t cases[] = {
    { .name = "closed port, server known from another connection", .rule = "RFC 9293 3.10.7.1",
      .segs = { HS(1), SEG(.dir = C2S, .flags = S, .seq = 7000), SEG(.dir = S2C, .flags = R | A, .ack = 7001) },
      .check = 4, .phase = "handshake", .cause = "port-closed", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_HOPS_MATCH | RSTAN_EV_SHAPE_FIT },
    { .name = "SYN+FIN to a closed port", .rule = "Linux answers ack = seq + 2",
      .segs = { HS(1), SEG(.dir = C2S, .flags = S | F, .seq = 7000), SEG(.dir = S2C, .flags = R | A, .ack = 7002) },
      .check = 4, .phase = "handshake", .cause = "malformed-syn", .origin = "server", .verdict = "genuine" },
    { .name = "SYN+URG to a closed port", .rule = "docs/fields.md malformed-syn",
      .segs = { HS(1), SEG(.dir = C2S, .flags = S | U, .seq = 7000), SEG(.dir = S2C, .flags = R | A, .ack = 7001) },
      .check = 4, .phase = "handshake", .cause = "malformed-syn", .origin = "server", .verdict = "genuine" },
    { .name = "SYN+RST sent by the client", .rule = "docs/fields.md malformed-syn: is itself a SYN",
      .segs = { HS(1), SEG(.dir = C2S, .flags = S | R, .seq = 7000) },
      .check = 3, .phase = "handshake", .cause = "malformed-syn", .origin = "client", .verdict = "genuine" },
    { .name = "half-open scan: the client kernel resets the SYN-ACK", .rule = "RFC 9293 3.10.7.1, Linux",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001),
        SEG(.dir = C2S, .flags = R, .seq = 1001) },
      .check = 2, .phase = "handshake", .cause = "half-open-scan", .origin = "client", .verdict = "genuine",
      .need_evidence = RSTAN_EV_HOPS_MATCH },
    { .name = "accept queue overflow: bare RST to the last ACK", .rule = "Linux tcp_abort_on_overflow",
      .segs = { HS(0), SEG(.dir = S2C, .flags = R, .seq = 5001) },
      .check = 3, .phase = "handshake", .cause = "backlog-overflow", .origin = "server", .verdict = "genuine" },
    { .name = "connect scan: abort right after the handshake", .rule = "RFC 9293 3.10.5 ABORT",
      .segs = { HS(0), SEG(.dir = C2S, .flags = R | A, .seq = 1001, .ack = 5001) },
      .check = 3, .phase = "established", .cause = "connect-abort", .origin = "client", .verdict = "genuine" },
    { .name = "server aborts with SO_LINGER 0 after answering", .rule = "RFC 9293 3.10.5 ABORT",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101) },
      .check = 6, .phase = "established", .cause = "app-abort", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_IPID_CONT },
    { .name = "server closes with the request unread", .rule = "Linux tcp_close with unread data",
      .segs = { HS(0), SEG(.dir = S2C, .flags = A, .seq = 5001, .ack = 1001, .win = 5000), SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100),
        SEG(.dir = S2C, .flags = R | A, .seq = 5001, .ack = 1101, .win = 4900) },
      .check = 5, .phase = "established", .cause = "unread-data-close", .origin = "server", .verdict = "genuine" },
    { .name = "client closes with the push unread: its last ACK closed the window", .rule = "Linux tcp_cleanup_rbuf",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = A, .seq = 5201, .ack = 1101, .len = 1400),
        SEG(.dir = C2S, .flags = A, .seq = 1101, .ack = 6601, .win = 20000), SEG(.dir = S2C, .flags = A, .seq = 6601, .ack = 1101, .len = 1400),
        SEG(.dir = C2S, .flags = A, .seq = 1101, .ack = 8001, .win = 9000),
        SEG(.dir = C2S, .flags = R | A, .seq = 1101, .ack = 8001, .win = 64240, .dt_ms = 300) },
      .check = 10, .phase = "established", .cause = "unread-data-close", .origin = "client", .verdict = "genuine" },
    { .name = "client aborts after reading: less than half its window gone", .rule = "Linux tcp_cleanup_rbuf",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = A, .seq = 5201, .ack = 1101, .len = 1400),
        SEG(.dir = C2S, .flags = A, .seq = 1101, .ack = 6601, .win = 62840),
        SEG(.dir = C2S, .flags = R | A, .seq = 1101, .ack = 6601, .win = 64240, .dt_ms = 300) },
      .check = 8, .phase = "established", .cause = "app-abort", .origin = "client", .verdict = "genuine" },
    { .name = "a BSD client aborts after reading: every BSD reset advertises window 0", .rule = "FreeBSD tcp_output",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = R | A, .seq = 1101, .ack = 5201, .dt_ms = 300) },
      .check = 6, .phase = "established", .cause = "app-abort", .origin = "client", .verdict = "genuine" },
    { .name = "server aborts after 12 s of silence", .rule = "idle threshold 10 s",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101, .dt_ms = 12000) },
      .check = 6, .phase = "established", .cause = "idle-timeout", .origin = "server", .verdict = "genuine" },
    { .name = "server resets the client's FIN", .rule = "reset instead of FIN: fast close",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = F | A, .seq = 1101, .ack = 5201),
        SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1102) },
      .check = 7, .phase = "teardown", .cause = "lb-fast-close", .origin = "server", .verdict = "genuine" },
    { .name = "data reaches a server that already closed", .rule = "orphaned FIN_WAIT2 answers with bare RST",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = F | A, .seq = 5201, .ack = 1101), SEG(.dir = C2S, .flags = A, .seq = 1101, .ack = 5202),
        SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5202, .len = 50), SEG(.dir = S2C, .flags = R, .seq = 5202) },
      .check = 9, .phase = "teardown", .cause = "data-after-close", .origin = "server", .verdict = "genuine" },
    { .name = "Linux client gave up after retransmissions", .rule = "Linux gives up silently",
      .segs = { HS(0), SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100), SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100, .dt_ms = 200),
        SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100, .dt_ms = 400), SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100, .dt_ms = 800),
        SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1101, .len = 10, .dt_ms = 5000), SEG(.dir = C2S, .flags = R, .seq = 1101) },
      .check = 8, .phase = "closed", .cause = "retransmission-timeout", .origin = "client", .verdict = "genuine" },
    { .name = "Windows-style RST+ACK after five retransmissions", .rule = "Windows TcpMaxDataRetransmissions",
      .segs = { HS(0), SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1001, .len = 100), SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1001, .len = 100, .dt_ms = 300),
        SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1001, .len = 100, .dt_ms = 600), SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1001, .len = 100, .dt_ms = 1200),
        SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1001, .len = 100, .dt_ms = 2400), SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1001, .len = 100, .dt_ms = 4800),
        SEG(.dir = S2C, .flags = R | A, .seq = 5101, .ack = 1001) },
      .check = 9, .phase = "established", .cause = "retransmission-timeout", .origin = "server", .verdict = "genuine" },
    { .name = "expired NAT entry rejects data after 12 s idle", .rule = "stateful device forgot the flow",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 10, .dt_ms = 12000),
        SEG(.dir = S2C, .flags = R, .seq = 5201, .ttl = 64) },
      .check = 7, .phase = "established", .cause = "state-expired", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_HOPS_CLOSER | RSTAN_EV_FORGOT },
    { .name = "a NAT with a short timer rejects data after 5 s of silence", .rule = "RSTAN_STATE_SILENCE_MIN_MS",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 10, .dt_ms = 5000),
        SEG(.dir = S2C, .flags = R, .seq = 5201, .ttl = 64) },
      .check = 7, .phase = "established", .cause = "state-expired", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_HOPS_CLOSER | RSTAN_EV_FORGOT },
    { .name = "firewall rejects mid-connection data", .rule = "netfilter reject: bare RST seq = SEG.ACK",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 10),
        SEG(.dir = S2C, .flags = R, .seq = 5201, .ttl = 64) },
      .check = 7, .phase = "established", .cause = "firewall-reject", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_FORGOT },
    { .name = "masscan ends the probe a closed port answered", .rule = "no stack answers a reset (RFC 9293 3.10.7.1)",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 255, .bare = true),
        SEG(.dir = S2C, .flags = R | A, .ack = 1001, .ipid = NO_ID),
        SEG(.dir = C2S, .flags = R, .seq = 1001, .ttl = 255, .win = 1200, .dt_ms = 50) },
      .check = 2, .phase = "handshake", .cause = "half-open-scan", .origin = "client", .verdict = "genuine",
      .need_evidence = RSTAN_EV_PROBE_RESET },
    { .name = "a lone reset", .rule = "no evidence: unknown",
      .segs = { SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101) },
      .check = 0, .phase = "unknown", .cause = "unknown", .origin = "unknown", .verdict = "unverified",
      .need_evidence = RSTAN_EV_NO_BASELINE },
    { .name = "explicit reason weighs over inference", .rule = "docs/decisions.md, Reasons on the wire",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101, .reason_cause = RSTAN_CAUSE_IDLE_TIMEOUT) },
      .check = 6, .phase = "established", .cause = "idle-timeout", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_REASON },
    { .name = "closed port answers a FIN probe", .rule = "RFC 9293 3.10.7.1, state CLOSED",
      .segs = { HS(1), SEG(.dir = C2S, .flags = F, .seq = 7000), SEG(.dir = S2C, .flags = R | A, .ack = 7001) },
      .check = 4, .phase = "handshake", .cause = "port-closed", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_HOPS_MATCH | RSTAN_EV_SHAPE_FIT },
    { .name = "closed port answers a NULL probe", .rule = "RFC 9293 3.10.7.1, state CLOSED",
      .segs = { HS(1), SEG(.dir = C2S, .flags = 0, .seq = 7000), SEG(.dir = S2C, .flags = R | A, .ack = 7000) },
      .check = 4, .phase = "handshake", .cause = "port-closed", .origin = "server", .verdict = "genuine" },
    { .name = "closed port answers an ACK probe", .rule = "RFC 9293 3.10.7.1, <SEQ=SEG.ACK><CTL=RST>",
      .segs = { HS(1), SEG(.dir = C2S, .flags = A, .seq = 0, .ack = 7777), SEG(.dir = S2C, .flags = R, .seq = 7777) },
      .check = 4, .phase = "handshake", .cause = "port-closed", .origin = "server", .verdict = "genuine" },
    { .name = "a firewall rejects a FIN probe", .rule = "netfilter nf_send_reset",
      .segs = { HS(1), SEG(.dir = C2S, .flags = F, .seq = 7000), SEG(.dir = S2C, .flags = R | A, .ack = 7001, .ttl = 64) },
      .check = 4, .phase = "handshake", .cause = "firewall-reject", .origin = "middlebox", .verdict = "spoofed" },
    { .name = "SYN-RECEIVED resets an unacceptable ACK and goes on", .rule = "RFC 9293 3.10.7.4",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001),
        SEG(.dir = C2S, .flags = A, .seq = 1001, .ack = 9999), SEG(.dir = S2C, .flags = R, .seq = 9999, .ipid = NO_ID),
        SEG(.dir = C2S, .flags = A, .seq = 1001, .ack = 5001), REQRESP(0) },
      .check = 3, .phase = "handshake", .cause = "unknown", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_HOPS_MATCH },
    { .name = "give-up after FIN retransmissions, then the peer's data", .rule = "RFC 9293 3.8.1, Linux orphan retries",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = F | A, .seq = 5201, .ack = 1101),
        SEG(.dir = S2C, .flags = F | A, .seq = 5201, .ack = 1101, .dt_ms = 200),
        SEG(.dir = S2C, .flags = F | A, .seq = 5201, .ack = 1101, .dt_ms = 400),
        SEG(.dir = S2C, .flags = F | A, .seq = 5201, .ack = 1101, .dt_ms = 800),
        SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 10, .dt_ms = 5000),
        SEG(.dir = S2C, .flags = R, .seq = 5201, .ipid = NO_ID) },
      .check = 11, .phase = "closed", .cause = "retransmission-timeout", .origin = "server", .verdict = "genuine" },
    { .name = "a device resets the client's FIN", .rule = "docs/decisions.md, Device patterns",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = F | A, .seq = 1101, .ack = 5201),
        SEG(.dir = S2C, .flags = R, .seq = 5201, .ttl = 64, .ipid = NO_ID) },
      .check = 7, .phase = "teardown", .cause = "lb-fast-close", .origin = "middlebox", .verdict = "spoofed" },
    { .name = "conntrack INVALID: a reject answers a segment beyond the window", .rule = "netfilter tcp_in_window",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 30001101, .ack = 5201, .len = 100),
        SEG(.dir = S2C, .flags = R, .seq = 5201, .ttl = 64, .ipid = NO_ID) },
      .check = 7, .phase = "established", .cause = "conntrack-invalid", .origin = "middlebox", .verdict = "spoofed" },
    { .name = "a reject answers an in-window segment", .rule = "netfilter reject, docs/decisions.md, What real stacks send",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 100),
        SEG(.dir = S2C, .flags = R, .seq = 5201, .ttl = 64, .ipid = NO_ID) },
      .check = 7, .phase = "established", .cause = "firewall-reject", .origin = "middlebox", .verdict = "spoofed" },
    { .name = "a reject of a segment acking data never sent carries that ack", .rule = "rejects_out_of_window: tcp_in_window's ack bound",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 500005201, .len = 10),
        SEG(.dir = S2C, .flags = R, .seq = 500005201, .ttl = 64, .ipid = NO_ID) },
      .check = 7, .phase = "established", .cause = "conntrack-invalid", .origin = "middlebox", .verdict = "spoofed",
      .seq_status = "out-of-window" },
    { .name = "a half-closed connection aborted by an idle timer after the FIN was acked", .rule = "half_closed_idle_abort",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = F | A, .seq = 1101, .ack = 5201),
        SEG(.dir = S2C, .flags = A, .seq = 5201, .ack = 1102),
        SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1102, .dt_ms = 20000) },
      .check = 8, .phase = "teardown", .cause = "idle-timeout", .origin = "server", .verdict = "genuine" },
    { .name = "a quiet keep-alive connection aborted after a short timer", .rule = "keep-alive timers",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101, .dt_ms = 3000) },
      .check = 6, .phase = "established", .cause = "idle-timeout", .origin = "server", .verdict = "genuine" },
    { .name = "an abort in the middle of a response stays app-abort", .rule = "RFC 9293 3.10.5 ABORT",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 50),
        SEG(.dir = S2C, .flags = A, .seq = 5201, .ack = 1151, .len = 1000),
        SEG(.dir = S2C, .flags = R | A, .seq = 6201, .ack = 1151, .dt_ms = 3000) },
      .check = 8, .phase = "established", .cause = "app-abort", .origin = "server", .verdict = "genuine" },
};

static const case_set_t CAUSE_CASES = CASE_SET("test_cause.c", cases);

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
