/* test_engine.c
 *
 * Table-driven unit tests of the reset classifier: each row is a named
 * sequence of segments (one or two connections between a client at 0 hops
 * and a server at 1 hop) and the verdict expected for one reset, both after
 * the whole sequence (what a second pass shows) and, where it differs, at the
 * moment the reset was fed (what a single pass shows).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdio.h>
#include <string.h>

#include "rstan-engine.h"

#define F RSTAN_TCP_FIN
#define S RSTAN_TCP_SYN
#define R RSTAN_TCP_RST
#define P RSTAN_TCP_PSH
#define A RSTAN_TCP_ACK
#define U RSTAN_TCP_URG

#define NO_ID 65535
#define C2S 0   /* client to server */
#define S2C 1

typedef struct {
    int      conv;      /* 0 or 1 */
    int      dir;
    uint8_t  flags;
    uint32_t seq, ack;
    uint32_t len;
    uint8_t  ttl;       /* 0: the side's usual TTL (client 64, server 63) */
    uint16_t ipid;      /* 0: the side's next IP ID; NO_ID: 0 on the wire */
    uint16_t win;       /* 0 on a RST means 0; elsewhere 0 means 64240 */
    int      dt_ms;     /* time since the previous segment */
    uint8_t  reason_cause;
} seg_spec_t;

typedef struct {
    const char *name;
    const char *rule;            /* the rule and its source */
    seg_spec_t  segs[16];
    int         check;           /* index of the reset to check */
    const char *phase, *cause, *origin, *verdict;
    const char *phase1, *cause1, *origin1, *verdict1; /* single pass, NULL = same */
    uint32_t    need_evidence;   /* bits that must be set after all segments */
    const char *seq_status;      /* expected rstan.seq_status, NULL = not checked */
} case_t;

#define END { -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

/* A handshake on conv c: client ISN 1000, server ISN 5000. */
#define HS(c) \
    { c, C2S, S, 1000, 0, 0, 0, 0, 0, 1, 0 }, \
    { c, S2C, S | A, 5000, 1001, 0, 0, 0, 0, 1, 0 }, \
    { c, C2S, A, 1001, 5001, 0, 0, 0, 0, 1, 0 }
/* Request of 100 bytes, response of 200 bytes, client ack. */
#define REQRESP(c) \
    { c, C2S, P | A, 1001, 5001, 100, 0, 0, 0, 1, 0 }, \
    { c, S2C, P | A, 5001, 1101, 200, 0, 0, 0, 1, 0 }, \
    { c, C2S, A, 1101, 5201, 0, 0, 0, 0, 1, 0 }

static const case_t cases[] = {
    { "closed port, server known from another connection", "RFC 9293 3.10.7.1",
      { HS(1), { 0, C2S, S, 7000, 0, 0, 0, 0, 0, 1, 0 }, { 0, S2C, R | A, 0, 7001, 0, 0, 0, 0, 1, 0 }, END },
      4, "handshake", "port-closed", "server", "genuine", NULL, NULL, NULL, NULL,
      RSTAN_EV_HOPS_MATCH | RSTAN_EV_SHAPE_FIT },
    { "closed port, nothing else from the server", "no baseline: unverified",
      { { 0, C2S, S, 7000, 0, 0, 0, 0, 0, 1, 0 }, { 0, S2C, R | A, 0, 7001, 0, 0, 0, 0, 1, 0 }, END },
      1, "handshake", "port-closed", "server", "unverified", NULL, NULL, NULL, NULL, RSTAN_EV_NO_BASELINE },
    { "SYN rejected by a firewall next to the client", "hop distance, RST-KNOWLEDGE",
      { HS(1), { 0, C2S, S, 7000, 0, 0, 0, 0, 0, 1, 0 }, { 0, S2C, R | A, 0, 7001, 0, 64, 0, 0, 1, 0 }, END },
      4, "handshake", "firewall-reject", "middlebox", "spoofed", NULL, NULL, NULL, NULL, RSTAN_EV_HOPS_CLOSER },
    { "SYN+FIN to a closed port", "Linux answers ack = seq + 2",
      { HS(1), { 0, C2S, S | F, 7000, 0, 0, 0, 0, 0, 1, 0 }, { 0, S2C, R | A, 0, 7002, 0, 0, 0, 0, 1, 0 }, END },
      4, "handshake", "malformed-syn", "server", "genuine", NULL, NULL, NULL, NULL, 0 },
    { "SYN+URG to a closed port", "SPEC malformed-syn",
      { HS(1), { 0, C2S, S | U, 7000, 0, 0, 0, 0, 0, 1, 0 }, { 0, S2C, R | A, 0, 7001, 0, 0, 0, 0, 1, 0 }, END },
      4, "handshake", "malformed-syn", "server", "genuine", NULL, NULL, NULL, NULL, 0 },
    { "SYN+RST sent by the client", "SPEC malformed-syn: is itself a SYN",
      { HS(1), { 0, C2S, S | R, 7000, 0, 0, 0, 0, 0, 1, 0 }, END },
      3, "handshake", "malformed-syn", "client", "genuine", NULL, NULL, NULL, NULL, 0 },
    { "half-open scan: the client kernel resets the SYN-ACK", "RFC 9293 3.10.7.1, Linux",
      { { 0, C2S, S, 1000, 0, 0, 0, 0, 0, 1, 0 }, { 0, S2C, S | A, 5000, 1001, 0, 0, 0, 0, 1, 0 },
        { 0, C2S, R, 1001, 0, 0, 0, 0, 0, 1, 0 }, END },
      2, "handshake", "half-open-scan", "client", "genuine", NULL, NULL, NULL, NULL, RSTAN_EV_HOPS_MATCH },
    { "TIME_WAIT answers a reused SYN with an ACK", "RFC 9293 3.10.7.3",
      { HS(0), REQRESP(0), { 0, C2S, F | A, 1101, 5201, 0, 0, 0, 0, 1, 0 },
        { 0, S2C, F | A, 5201, 1102, 0, 0, 0, 0, 1, 0 }, { 0, C2S, A, 1102, 5202, 0, 0, 0, 0, 1, 0 },
        { 0, C2S, S, 900, 0, 0, 0, 0, 0, 1000, 0 }, { 0, S2C, A, 5202, 1102, 0, 0, 0, 0, 1, 0 },
        { 0, C2S, R, 1102, 0, 0, 0, 0, 0, 1, 0 }, END },
      11, "handshake", "time-wait-reuse", "client", "genuine", NULL, NULL, NULL, NULL, 0 },
    { "accept queue overflow: bare RST to the last ACK", "Linux tcp_abort_on_overflow",
      { HS(0), { 0, S2C, R, 5001, 0, 0, 0, 0, 0, 1, 0 }, END },
      3, "handshake", "backlog-overflow", "server", "genuine", NULL, NULL, NULL, NULL, 0 },
    { "connect scan: abort right after the handshake", "RFC 9293 3.10.4 ABORT",
      { HS(0), { 0, C2S, R | A, 1001, 5001, 0, 0, 0, 0, 1, 0 }, END },
      3, "established", "connect-abort", "client", "genuine", NULL, NULL, NULL, NULL, 0 },
    { "server aborts with SO_LINGER 0 after answering", "RFC 9293 3.10.4 ABORT",
      { HS(0), REQRESP(0), { 0, S2C, R | A, 5201, 1101, 0, 0, 0, 0, 1, 0 }, END },
      6, "established", "app-abort", "server", "genuine", NULL, NULL, NULL, NULL, RSTAN_EV_IPID_CONT },
    { "server closes with the request unread", "Linux tcp_close with unread data",
      { HS(0), { 0, S2C, A, 5001, 1001, 0, 0, 0, 5000, 1, 0 }, { 0, C2S, P | A, 1001, 5001, 100, 0, 0, 0, 1, 0 },
        { 0, S2C, R | A, 5001, 1101, 0, 0, 0, 4900, 1, 0 }, END },
      5, "established", "unread-data-close", "server", "genuine", NULL, NULL, NULL, NULL, 0 },
    { "server aborts after 12 s of silence", "idle threshold 10 s",
      { HS(0), REQRESP(0), { 0, S2C, R | A, 5201, 1101, 0, 0, 0, 0, 12000, 0 }, END },
      6, "established", "idle-timeout", "server", "genuine", NULL, NULL, NULL, NULL, 0 },
    { "server resets the client's FIN", "reset instead of FIN: fast close",
      { HS(0), REQRESP(0), { 0, C2S, F | A, 1101, 5201, 0, 0, 0, 0, 1, 0 },
        { 0, S2C, R | A, 5201, 1102, 0, 0, 0, 0, 1, 0 }, END },
      7, "teardown", "lb-fast-close", "server", "genuine", NULL, NULL, NULL, NULL, 0 },
    { "data reaches a server that already closed", "orphaned FIN_WAIT2 answers with bare RST",
      { HS(0), REQRESP(0), { 0, S2C, F | A, 5201, 1101, 0, 0, 0, 0, 1, 0 }, { 0, C2S, A, 1101, 5202, 0, 0, 0, 0, 1, 0 },
        { 0, C2S, P | A, 1101, 5202, 50, 0, 0, 0, 1, 0 }, { 0, S2C, R, 5202, 0, 0, 0, 0, 0, 1, 0 }, END },
      9, "teardown", "data-after-close", "server", "genuine", NULL, NULL, NULL, NULL, 0 },
    { "Linux client gave up after retransmissions", "Linux gives up silently",
      { HS(0), { 0, C2S, P | A, 1001, 5001, 100, 0, 0, 0, 1, 0 }, { 0, C2S, P | A, 1001, 5001, 100, 0, 0, 0, 200, 0 },
        { 0, C2S, P | A, 1001, 5001, 100, 0, 0, 0, 400, 0 }, { 0, C2S, P | A, 1001, 5001, 100, 0, 0, 0, 800, 0 },
        { 0, S2C, P | A, 5001, 1101, 10, 0, 0, 0, 5000, 0 }, { 0, C2S, R, 1101, 0, 0, 0, 0, 0, 1, 0 }, END },
      8, "closed", "retransmission-timeout", "client", "genuine", NULL, NULL, NULL, NULL, 0 },
    { "Windows-style RST+ACK after five retransmissions", "Windows TcpMaxDataRetransmissions",
      { HS(0), { 0, S2C, P | A, 5001, 1001, 100, 0, 0, 0, 1, 0 }, { 0, S2C, P | A, 5001, 1001, 100, 0, 0, 0, 300, 0 },
        { 0, S2C, P | A, 5001, 1001, 100, 0, 0, 0, 600, 0 }, { 0, S2C, P | A, 5001, 1001, 100, 0, 0, 0, 1200, 0 },
        { 0, S2C, P | A, 5001, 1001, 100, 0, 0, 0, 2400, 0 }, { 0, S2C, P | A, 5001, 1001, 100, 0, 0, 0, 4800, 0 },
        { 0, S2C, R | A, 5101, 1001, 0, 0, 0, 0, 1, 0 }, END },
      9, "established", "retransmission-timeout", "server", "genuine", NULL, NULL, NULL, NULL, 0 },
    { "expired NAT entry rejects data after 12 s idle", "stateful device forgot the flow",
      { HS(0), REQRESP(0), { 0, C2S, P | A, 1101, 5201, 10, 0, 0, 0, 12000, 0 },
        { 0, S2C, R, 5201, 0, 0, 64, 0, 0, 1, 0 }, END },
      7, "established", "state-expired", "middlebox", "spoofed", NULL, NULL, NULL, NULL,
      RSTAN_EV_HOPS_CLOSER | RSTAN_EV_FORGOT },
    { "firewall rejects mid-connection data", "netfilter reject: bare RST seq = SEG.ACK",
      { HS(0), REQRESP(0), { 0, C2S, P | A, 1101, 5201, 10, 0, 0, 0, 1, 0 },
        { 0, S2C, R, 5201, 0, 0, 64, 0, 0, 1, 0 }, END },
      7, "established", "firewall-reject", "middlebox", "spoofed", NULL, NULL, NULL, NULL, RSTAN_EV_FORGOT },
    { "firewall reset one hop closer than a steady two-hop server", "stable baseline + forgot",
      { { 0, C2S, S, 1000, 0, 0, 0, 0, 0, 1, 0 }, { 0, S2C, S | A, 5000, 1001, 0, 62, 0, 0, 1, 0 },
        { 0, C2S, A, 1001, 5001, 0, 0, 0, 0, 1, 0 }, { 0, C2S, P | A, 1001, 5001, 100, 0, 0, 0, 1, 0 },
        { 0, S2C, P | A, 5001, 1101, 200, 62, 0, 0, 1, 0 }, { 0, C2S, A, 1101, 5201, 0, 0, 0, 0, 1, 0 },
        { 0, S2C, P | A, 5201, 1101, 20, 62, 0, 0, 1, 0 }, { 0, C2S, P | A, 1101, 5221, 10, 0, 0, 0, 1, 0 },
        { 0, S2C, R, 5221, 0, 0, 63, NO_ID, 0, 1, 0 }, END },
      8, "established", "firewall-reject", "middlebox", "spoofed", NULL, NULL, NULL, NULL,
      RSTAN_EV_FORGOT | RSTAN_EV_HOPS_CLOSER1 },
    { "type-1 injection: no ACK, window 16384, TTL class 128", "Weaver et al. 2009",
      { HS(0), REQRESP(0), { 0, S2C, R, 5201, 0, 0, 120, 7777, 16384, 1, 0 }, END },
      6, "established", "injected", "middlebox", "spoofed", NULL, NULL, NULL, NULL, RSTAN_EV_TYPE1_WINDOW },
    { "exact RST+ACK with wrong TTL and IP ID", "hop distance, IP ID continuity",
      { HS(0), REQRESP(0), { 0, S2C, R | A, 5201, 1101, 0, 58, 40000, 0, 1, 0 }, END },
      6, "established", "injected", "middlebox", "spoofed", NULL, NULL, NULL, NULL, RSTAN_EV_IPID_JUMP },
    { "burst of three walking the window", "Weaver et al. 2009, Zeek",
      { HS(0), REQRESP(0), { 0, S2C, R, 5201, 0, 0, 0, 9, 0, 1, 0 }, { 0, S2C, R, 25201, 0, 0, 0, 9, 0, 1, 0 },
        { 0, S2C, R, 45201, 0, 0, 0, 9, 0, 1, 0 }, END },
      6, "established", "injected", "middlebox", "spoofed", "closed", "data-after-close", "server", "unverified",
      RSTAN_EV_BURST },
    { "race: the real server answers after the forged reset", "Weaver et al. 2009, Suricata",
      { HS(0), { 0, C2S, P | A, 1001, 5001, 100, 0, 0, 0, 1, 0 }, { 0, S2C, R | A, 5001, 1101, 0, 0, 9, 0, 1, 0 },
        { 0, S2C, P | A, 5001, 1101, 200, 0, 0, 0, 1, 0 }, { 0, C2S, R, 1101, 0, 0, 0, 0, 0, 1, 0 }, END },
      4, "established", "injected", "middlebox", "spoofed", "established", "unread-data-close", "server", "genuine",
      RSTAN_EV_RACE },
    { "race: the client's own answer to the late data", "closed after accepting a reset",
      { HS(0), { 0, C2S, P | A, 1001, 5001, 100, 0, 0, 0, 1, 0 }, { 0, S2C, R | A, 5001, 1101, 0, 0, 9, 0, 1, 0 },
        { 0, S2C, P | A, 5001, 1101, 200, 0, 0, 0, 1, 0 }, { 0, C2S, R, 1101, 0, 0, 0, 0, 0, 1, 0 }, END },
      6, "closed", "data-after-close", "client", "genuine", NULL, NULL, NULL, NULL, 0 },
    { "a genuine reset that looks forgetful from the far side", "hop match outweighs a forgotten flow",
      { HS(0), REQRESP(0), { 0, S2C, P | A, 5201, 1101, 30, 0, 0, 0, 1, 0 },
        { 0, C2S, R, 1101, 0, 0, 0, NO_ID, 0, 1, 0 }, END },
      7, "closed", "data-after-close", "client", "genuine", NULL, NULL, NULL, NULL, RSTAN_EV_FORGOT },
    { "blind out-of-window reset, the connection carries on", "RFC 5961 3.2",
      { HS(0), REQRESP(0), { 0, S2C, R, 905201, 0, 0, 0, 9, 0, 1, 0 },
        { 0, C2S, P | A, 1101, 5201, 10, 0, 0, 0, 5, 0 }, END },
      6, "established", "injected", "middlebox", "spoofed", NULL, NULL, NULL, NULL, RSTAN_EV_IGNORED },
    { "in-window inexact reset draws a challenge ACK", "RFC 5961 3.2",
      { HS(0), REQRESP(0), { 0, S2C, R, 5301, 0, 0, 0, 9, 0, 1, 0 },
        { 0, C2S, A, 1101, 5201, 0, 0, 0, 0, 1, 0 }, END },
      6, "established", "injected", "middlebox", "spoofed", NULL, NULL, NULL, NULL, RSTAN_EV_CHALLENGED },
    { "a retransmitted reset is not a burst", "duplicate RST, false-positive guard",
      { HS(0), REQRESP(0), { 0, S2C, R | A, 5201, 1101, 0, 0, 0, 0, 1, 0 },
        { 0, S2C, R | A, 5201, 1101, 0, 0, 0, 0, 1, 0 }, END },
      7, "established", "app-abort", "server", "genuine", NULL, NULL, NULL, NULL, RSTAN_EV_DUPLICATE },
    { "a lone reset", "no evidence: unknown",
      { { 0, S2C, R | A, 5201, 1101, 0, 0, 0, 0, 1, 0 }, END },
      0, "unknown", "unknown", "unknown", "unverified", NULL, NULL, NULL, NULL, RSTAN_EV_NO_BASELINE },
    { "abort across the sequence wrap", "RFC 9293 3.4 arithmetic",
      { { 0, C2S, S, 4294967000u, 0, 0, 0, 0, 0, 1, 0 }, { 0, S2C, S | A, 4294967200u, 4294967001u, 0, 0, 0, 0, 1, 0 },
        { 0, C2S, A, 4294967001u, 4294967201u, 0, 0, 0, 0, 1, 0 },
        { 0, C2S, P | A, 4294967001u, 4294967201u, 10, 0, 0, 0, 1, 0 },
        { 0, S2C, P | A, 4294967201u, 4294967011u, 200, 0, 0, 0, 1, 0 },
        { 0, S2C, R | A, 105, 4294967011u, 0, 0, 0, 64240, 1, 0 }, END },
      5, "established", "app-abort", "server", "genuine", NULL, NULL, NULL, NULL, RSTAN_EV_SHAPE_FIT },
    { "abort right after data the receiver has not acked yet", "RFC 5961 RCV.NXT includes in-flight data",
      { HS(0), { 0, C2S, P | A, 1001, 5001, 100, 0, 0, 0, 1, 0 }, { 0, S2C, P | A, 5001, 1101, 200, 0, 0, 0, 1, 0 },
        { 0, S2C, R | A, 5201, 1101, 0, 0, 0, 64240, 1, 0 }, { 0, C2S, P | A, 1101, 5201, 10, 0, 0, 0, 1, 0 }, END },
      5, "established", "app-abort", "server", "genuine", NULL, NULL, NULL, NULL, 0, "exact" },
    { "explicit reason weighs over inference", "SPEC rstan.reason",
      { HS(0), REQRESP(0), { 0, S2C, R | A, 5201, 1101, 0, 0, 0, 0, 1, RSTAN_CAUSE_IDLE_TIMEOUT }, END },
      6, "established", "idle-timeout", "server", "genuine", NULL, NULL, NULL, NULL, RSTAN_EV_REASON },
    { "timestamps going backwards give no idle gap", "hostile input",
      { HS(0), REQRESP(0), { 0, S2C, R | A, 5201, 1101, 0, 0, 0, 0, -50000, 0 }, END },
      6, "established", "app-abort", "server", "genuine", NULL, NULL, NULL, NULL, 0 },
};

typedef struct {
    rstan_verdict_t v;
    rstan_verdict_t first_pass;
    bool filled;
} slot_t;

static int check_str(const char *what, const char *got, const char *want, const char *name)
{
    if (strcmp(got, want) != 0) {
        printf("FAIL %s: %s is %s, want %s\n", name, what, got, want);
        return 1;
    }
    return 0;
}

static int run_case(const case_t *tc)
{
    static slot_t slots[16];
    rstan_conv_t conv[2];
    rstan_host_t hosts[2];
    rstan_config_t cfg;
    uint16_t ipid[2] = { 100, 2000 };
    int64_t ts = 1000000000000LL;
    int failures = 0;

    memset(slots, 0, sizeof(slots));
    rstan_config_default(&cfg);
    rstan_conv_init(&conv[0]);
    rstan_conv_init(&conv[1]);
    rstan_host_init(&hosts[0]);
    rstan_host_init(&hosts[1]);

    for (int i = 0; i < 16 && tc->segs[i].conv >= 0; i++) {
        const seg_spec_t *sp = &tc->segs[i];
        rstan_segment_t seg;
        rstan_note_t note;
        memset(&seg, 0, sizeof(seg));
        ts += (int64_t)sp->dt_ms * 1000000;
        seg.frame = (uint32_t)i + 1;
        seg.ts_ns = ts;
        seg.dir = (uint8_t)sp->dir;
        seg.sport = sp->dir == C2S ? (sp->conv ? 40001 : 40000) : 80;
        seg.dport = sp->dir == C2S ? 80 : (sp->conv ? 40001 : 40000);
        seg.flags = sp->flags;
        seg.seq = sp->seq;
        seg.ack = sp->ack;
        seg.payload_len = sp->len;
        seg.ip_version = 4;
        seg.ttl = sp->ttl ? sp->ttl : (sp->dir == C2S ? 64 : 63);
        seg.ip_id = sp->ipid == NO_ID ? 0 : sp->ipid ? sp->ipid : ipid[sp->dir]++;
        seg.win = (sp->flags & RSTAN_TCP_RST) ? sp->win : (sp->win ? sp->win : 64240);
        seg.wscale = (sp->flags & RSTAN_TCP_SYN) ? 7 : -1;
        seg.df = true;
        seg.reason_cause = sp->reason_cause;
        if (sp->reason_cause)
            seg.reason_kind = RSTAN_REASON_TEXT;
        rstan_host_t *src = &hosts[sp->dir], *dst = &hosts[sp->dir ^ 1];
        slots[i].filled = rstan_feed(&conv[sp->conv], src, dst, &seg, &cfg, &slots[i].v, &note);
        if (slots[i].filled)
            slots[i].first_pass = slots[i].v;
    }

    const slot_t *s = &slots[tc->check];
    if (!s->filled) {
        printf("FAIL %s: segment %d gave no verdict\n", tc->name, tc->check);
        return 1;
    }
    failures += check_str("phase", rstan_phase_name(s->v.phase), tc->phase, tc->name);
    failures += check_str("cause", rstan_cause_name(s->v.cause), tc->cause, tc->name);
    failures += check_str("origin", rstan_origin_name(s->v.origin), tc->origin, tc->name);
    failures += check_str("verdict", rstan_verdict_name(s->v.verdict), tc->verdict, tc->name);
    const rstan_verdict_t *f = &s->first_pass;
    failures += check_str("single-pass phase", rstan_phase_name(f->phase), tc->phase1 ? tc->phase1 : tc->phase, tc->name);
    failures += check_str("single-pass cause", rstan_cause_name(f->cause), tc->cause1 ? tc->cause1 : tc->cause, tc->name);
    failures += check_str("single-pass origin", rstan_origin_name(f->origin), tc->origin1 ? tc->origin1 : tc->origin, tc->name);
    failures += check_str("single-pass verdict", rstan_verdict_name(f->verdict), tc->verdict1 ? tc->verdict1 : tc->verdict, tc->name);
    if ((s->v.evidence & tc->need_evidence) != tc->need_evidence) {
        printf("FAIL %s: evidence 0x%x lacks 0x%x\n", tc->name, s->v.evidence, tc->need_evidence);
        failures++;
    }
    if (tc->seq_status && strcmp(rstan_seq_status_name(s->v.seq_status), tc->seq_status) != 0) {
        printf("FAIL %s: seq_status %s, want %s\n", tc->name, rstan_seq_status_name(s->v.seq_status), tc->seq_status);
        failures++;
    }
    if (s->v.confidence > 100) {
        printf("FAIL %s: confidence %u\n", tc->name, s->v.confidence);
        failures++;
    }
    if (s->v.origin == RSTAN_ORIGIN_MIDDLEBOX && s->v.verdict != RSTAN_VERDICT_SPOOFED) {
        printf("FAIL %s: middlebox origin without spoofed verdict\n", tc->name);
        failures++;
    }
    if (failures == 0)
        printf("ok   %s (%s)\n", tc->name, tc->rule);
    return failures ? 1 : 0;
}

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
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++, total++)
        failed += run_case(&cases[i]);
    failed += test_helpers();
    failed += test_challenge_note();
    total += 2;
    printf("%d passed, %d failed\n", total - failed, failed);
    return failed ? 1 : 0;
}
