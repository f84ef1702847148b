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

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "rstan-engine.h"
#include "rstan-internal.h"

#define F RSTAN_TCP_FIN
#define S RSTAN_TCP_SYN
#define R RSTAN_TCP_RST
#define P RSTAN_TCP_PSH
#define A RSTAN_TCP_ACK
#define U RSTAN_TCP_URG

#define NO_ID 65535
#define C2S 0   /* client to server */
#define S2C 1

#define MAX_SEGS 20
#define NONE (-1)

typedef struct {
    bool     used;      /* set by SEG() */
    int      conv;      /* 0 or 1 */
    int      dir;
    uint8_t  flags;
    uint32_t seq, ack;
    uint32_t len;
    uint8_t  ttl;       /* 0: the side's usual TTL (client 64, server 63) */
    uint16_t ipid;      /* 0: the side's next IP ID; NO_ID: 0 on the wire */
    uint16_t win;       /* 0 on a RST means 0; elsewhere 0 means 64240 */
    int      dt_ms;     /* time since the previous segment; 0 means 1 ms */
    uint8_t  reason_cause;
    uint8_t  tos;
    bool     bare;      /* a SYN with no TCP option (a crafted one) */
    uint16_t mss_only;  /* a SYN whose only option is this MSS */
    bool     no_df;     /* DF clear (it is set otherwise) */
    uint8_t  link;      /* the station that put it on the link, 0 unknown */
    bool     v6;        /* IPv6 (no IP ID) */
    uint32_t flow;      /* its IPv6 flow label */
} seg_spec_t;

#define SEG(...) { .used = true, __VA_ARGS__ }

/* Connection identity (rstan_conn.*): the connection segment `seg` belongs
 * to reports `first_reset` (a segment index, NONE for no reset) and `resets`. */
typedef struct {
    bool     used;
    int      seg;
    int      first_reset;
    uint32_t resets;
} conn_check_t;

#define CONN(...) { .used = true, __VA_ARGS__ }

typedef struct {
    const char  *name;
    const char  *rule;            /* the rule and its source */
    seg_spec_t   segs[MAX_SEGS];
    int          check;           /* index of the reset to check */
    const char  *phase, *cause, *origin, *verdict;
    const char  *phase1, *cause1, *origin1, *verdict1; /* single pass, NULL = same */
    uint64_t     need_evidence;   /* bits that must be set after all segments */
    const char  *seq_status;      /* expected rstan.seq_status, NULL = not checked */
    conn_check_t conn[4];
} case_t;

/* A handshake on conv c: client ISN 1000, server ISN 5000. */
#define HS(c) \
    SEG(.conv = c, .dir = C2S, .flags = S, .seq = 1000), \
    SEG(.conv = c, .dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001), \
    SEG(.conv = c, .dir = C2S, .flags = A, .seq = 1001, .ack = 5001)
/* Request of 100 bytes, response of 200 bytes, client ack. */
#define REQRESP(c) \
    SEG(.conv = c, .dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100), \
    SEG(.conv = c, .dir = S2C, .flags = P | A, .seq = 5001, .ack = 1101, .len = 200), \
    SEG(.conv = c, .dir = C2S, .flags = A, .seq = 1101, .ack = 5201)

static const case_t cases[] = {
    { .name = "closed port, server known from another connection", .rule = "RFC 9293 3.10.7.1",
      .segs = { HS(1), SEG(.dir = C2S, .flags = S, .seq = 7000), SEG(.dir = S2C, .flags = R | A, .ack = 7001) },
      .check = 4, .phase = "handshake", .cause = "port-closed", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_HOPS_MATCH | RSTAN_EV_SHAPE_FIT },
    { .name = "closed port, nothing else from the server", .rule = "no baseline: unverified",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 7000), SEG(.dir = S2C, .flags = R | A, .ack = 7001) },
      .check = 1, .phase = "handshake", .cause = "port-closed", .origin = "server", .verdict = "unverified",
      .need_evidence = RSTAN_EV_NO_BASELINE },
    { .name = "SYN rejected by a firewall next to the client", .rule = "hop distance, RST-KNOWLEDGE",
      .segs = { HS(1), SEG(.dir = C2S, .flags = S, .seq = 7000), SEG(.dir = S2C, .flags = R | A, .ack = 7001, .ttl = 64) },
      .check = 4, .phase = "handshake", .cause = "firewall-reject", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_HOPS_CLOSER },
    { .name = "SYN+FIN to a closed port", .rule = "Linux answers ack = seq + 2",
      .segs = { HS(1), SEG(.dir = C2S, .flags = S | F, .seq = 7000), SEG(.dir = S2C, .flags = R | A, .ack = 7002) },
      .check = 4, .phase = "handshake", .cause = "malformed-syn", .origin = "server", .verdict = "genuine" },
    { .name = "SYN+URG to a closed port", .rule = "SPEC malformed-syn",
      .segs = { HS(1), SEG(.dir = C2S, .flags = S | U, .seq = 7000), SEG(.dir = S2C, .flags = R | A, .ack = 7001) },
      .check = 4, .phase = "handshake", .cause = "malformed-syn", .origin = "server", .verdict = "genuine" },
    { .name = "SYN+RST sent by the client", .rule = "SPEC malformed-syn: is itself a SYN",
      .segs = { HS(1), SEG(.dir = C2S, .flags = S | R, .seq = 7000) },
      .check = 3, .phase = "handshake", .cause = "malformed-syn", .origin = "client", .verdict = "genuine" },
    { .name = "half-open scan: the client kernel resets the SYN-ACK", .rule = "RFC 9293 3.10.7.1, Linux",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001),
        SEG(.dir = C2S, .flags = R, .seq = 1001) },
      .check = 2, .phase = "handshake", .cause = "half-open-scan", .origin = "client", .verdict = "genuine",
      .need_evidence = RSTAN_EV_HOPS_MATCH },
    { .name = "a socket's own TTL (GTSM 255) and the kernel's 64 at one distance", .rule = "RFC 5082; rstan_judge_hops",
      .segs = { SEG(.conv = 1, .dir = C2S, .flags = S, .seq = 1000),
        SEG(.conv = 1, .dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001, .ttl = 254),
        SEG(.conv = 1, .dir = C2S, .flags = A, .seq = 1001, .ack = 5001),
        SEG(.conv = 1, .dir = S2C, .flags = P | A, .seq = 5001, .ack = 1001, .len = 19, .ttl = 254),
        SEG(.dir = C2S, .flags = S, .seq = 7000), SEG(.dir = S2C, .flags = R | A, .ack = 7001, .ipid = NO_ID) },
      .check = 5, .phase = "handshake", .cause = "port-closed", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_SOCKET_TTL | RSTAN_EV_HOPS_MATCH },
    { .name = "a scanner's probes at random TTLs leave no distance, and its kernel resets their SYN-ACKs",
      .rule = "learn_host, judge_own_probe; nmap -sS, RFC 9293 3.10.7.1",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 50), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001),
        SEG(.dir = C2S, .flags = R, .seq = 1001, .ipid = NO_ID),
        SEG(.conv = 1, .dir = C2S, .flags = S, .seq = 3000, .ttl = 54),
        SEG(.conv = 1, .dir = S2C, .flags = S | A, .seq = 6000, .ack = 3001),
        SEG(.conv = 1, .dir = C2S, .flags = R, .seq = 3001, .ipid = NO_ID) },
      .check = 2, .phase = "handshake", .cause = "half-open-scan", .origin = "client", .verdict = "genuine",
      .verdict1 = "unverified", .need_evidence = RSTAN_EV_TTL_VARIES | RSTAN_EV_PROBE_RESET },
    { .name = "nmap's first probe: its SYN is p0f's NMap SYN scan, so its kernel's reset is the scan's at once",
      .rule = "nmap_syn (p0f v3 s:!:NMap:SYN scan), judge_own_probe",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 50, .win = 1024, .mss_only = 1460, .no_df = true),
        SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001),
        SEG(.dir = C2S, .flags = R, .seq = 1001, .ipid = NO_ID) },
      .check = 2, .phase = "handshake", .cause = "half-open-scan", .origin = "client", .verdict = "genuine",
      .need_evidence = RSTAN_EV_PROBE_RESET },
    { .name = "the same SYN with DF set is a stack's: its distance stands, the reset stays unverified",
      .rule = "nmap_syn needs DF clear",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 50, .win = 1024, .mss_only = 1460),
        SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001),
        SEG(.dir = C2S, .flags = R, .seq = 1001, .ipid = NO_ID) },
      .check = 2, .phase = "handshake", .cause = "half-open-scan", .origin = "client", .verdict = "unverified" },
    { .name = "a forged-source flood's SYN is no baseline: the address's owner resets the SYN-ACK",
      .rule = "rstan_crafted_syn, judge_own_probe; Moore et al. 2001 backscatter, RFC 9293 3.10.7.1",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 40, .bare = true),
        SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001),
        SEG(.conv = 1, .dir = C2S, .flags = S, .seq = 3000, .ttl = 40, .bare = true),
        SEG(.conv = 1, .dir = S2C, .flags = S | A, .seq = 6000, .ack = 3001),
        SEG(.conv = 1, .dir = C2S, .flags = R, .seq = 3001, .ipid = NO_ID) },
      .check = 4, .phase = "handshake", .cause = "half-open-scan", .origin = "client", .verdict = "genuine",
      .need_evidence = RSTAN_EV_PROBE_RESET | RSTAN_EV_NO_BASELINE },
    { .name = "masscan resets its own crafted probe with its own window", .rule = "rstan_rule_window after judge_own_probe; masscan",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 255, .win = 1024, .bare = true),
        SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001),
        SEG(.dir = C2S, .flags = R, .seq = 1001, .ipid = NO_ID),
        SEG(.dir = C2S, .flags = R, .seq = 1001, .ttl = 255, .win = 1200) },
      .check = 3, .phase = "handshake", .cause = "half-open-scan", .origin = "client", .verdict = "genuine",
      .need_evidence = RSTAN_EV_PROBE_RESET },
    { .name = "a stack's SYN (with options) far away is a baseline: a reset much closer in its name is not its",
      .rule = "rstan_crafted_syn (the counterpart), rstan_judge_hops",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 40),
        SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001),
        SEG(.dir = C2S, .flags = R, .seq = 1001, .ipid = NO_ID) },
      .check = 2, .phase = "handshake", .cause = "half-open-scan", .origin = "client", .verdict = "unverified" },
    { .name = "a no-connection reset behind data its sender went on to send answers nothing",
      .rule = "rstan_rule_template, RFC 9293 3.10.7.1; an IPS resetting both ends",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 72),
        SEG(.dir = C2S, .flags = R | A, .seq = 1101, .ack = 5201, .ipid = NO_ID) },
      .check = 7, .phase = "established", .cause = "app-abort", .origin = "client", .verdict = "unverified",
      .need_evidence = RSTAN_EV_SHAPE_NONE },
    { .name = "a probe sent at the scanner's own TTL is no baseline for its kernel's reset",
      .rule = "rstan_rule_hops answers_own_probe, nmap -sS",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 40), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001),
        SEG(.dir = C2S, .flags = R, .seq = 1001, .ipid = NO_ID) },
      .check = 2, .phase = "handshake", .cause = "half-open-scan", .origin = "client", .verdict = "unverified",
      .need_evidence = RSTAN_EV_NO_BASELINE },
    { .name = "two stacks of one host reset the same SYN-ACK", .rule = "masscan; rstan_rule_burst, rstan_rule_window",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 255, .win = 1024),
        SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001),
        SEG(.dir = C2S, .flags = R, .seq = 1001, .ipid = NO_ID),
        SEG(.dir = C2S, .flags = R, .seq = 1001, .ttl = 255, .win = 1200) },
      .check = 3, .phase = "handshake", .cause = "half-open-scan", .origin = "client", .verdict = "genuine",
      .need_evidence = RSTAN_EV_HOPS_MATCH | RSTAN_EV_IPID_CONT },
    { .name = "TIME_WAIT answers a reused SYN with an ACK", .rule = "RFC 9293 3.10.7.3",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = F | A, .seq = 1101, .ack = 5201),
        SEG(.dir = S2C, .flags = F | A, .seq = 5201, .ack = 1102), SEG(.dir = C2S, .flags = A, .seq = 1102, .ack = 5202),
        SEG(.dir = C2S, .flags = S, .seq = 900, .dt_ms = 1000), SEG(.dir = S2C, .flags = A, .seq = 5202, .ack = 1102),
        SEG(.dir = C2S, .flags = R, .seq = 1102) },
      .check = 11, .phase = "handshake", .cause = "time-wait-reuse", .origin = "client", .verdict = "genuine",
      .conn = { CONN(.seg = 8, .first_reset = NONE), CONN(.seg = 9, .first_reset = 11, .resets = 1) } },
    { .name = "clean close after a reset on the same 4-tuple", .rule = "connection identity, RFC 9293 3.10.7.4",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101),
        SEG(.dir = C2S, .flags = S, .seq = 9000, .dt_ms = 2000), SEG(.dir = S2C, .flags = S | A, .seq = 9500, .ack = 9001),
        SEG(.dir = C2S, .flags = A, .seq = 9001, .ack = 9501), SEG(.dir = C2S, .flags = F | A, .seq = 9001, .ack = 9501),
        SEG(.dir = S2C, .flags = F | A, .seq = 9501, .ack = 9002), SEG(.dir = C2S, .flags = A, .seq = 9002, .ack = 9502) },
      .check = 6, .phase = "established", .cause = "app-abort", .origin = "server", .verdict = "genuine",
      .conn = { CONN(.seg = 3, .first_reset = 6, .resets = 1), CONN(.seg = 7, .first_reset = NONE),
                CONN(.seg = 12, .first_reset = NONE) } },
    { .name = "a reset connection after a clean close on the same 4-tuple", .rule = "connection identity",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = F | A, .seq = 1101, .ack = 5201),
        SEG(.dir = S2C, .flags = F | A, .seq = 5201, .ack = 1102), SEG(.dir = C2S, .flags = A, .seq = 1102, .ack = 5202),
        SEG(.dir = C2S, .flags = S, .seq = 9000, .dt_ms = 2000), SEG(.dir = S2C, .flags = S | A, .seq = 9500, .ack = 9001),
        SEG(.dir = C2S, .flags = A, .seq = 9001, .ack = 9501), SEG(.dir = S2C, .flags = R | A, .seq = 9501, .ack = 9001) },
      .check = 12, .phase = "established", .cause = "app-abort", .origin = "server", .verdict = "genuine",
      .conn = { CONN(.seg = 3, .first_reset = NONE), CONN(.seg = 8, .first_reset = NONE),
                CONN(.seg = 9, .first_reset = 12, .resets = 1), CONN(.seg = 12, .first_reset = 12, .resets = 1) } },
    { .name = "a Linux stack copies the TOS of the SYN it resets", .rule = "Linux tcp_v4_send_reset",
      .segs = { HS(1), SEG(.dir = C2S, .flags = S, .seq = 7000, .tos = 0x10),
        SEG(.dir = S2C, .flags = R | A, .ack = 7001, .tos = 0x10, .ipid = NO_ID) },
      .check = 4, .phase = "handshake", .cause = "port-closed", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_TOS_COPIED },
    { .name = "a netfilter reject clears the TOS", .rule = "netfilter nf_send_reset",
      .segs = { HS(1), SEG(.dir = C2S, .flags = S, .seq = 7000, .tos = 0x10),
        SEG(.dir = S2C, .flags = R | A, .ack = 7001, .ttl = 64, .ipid = NO_ID) },
      .check = 4, .phase = "handshake", .cause = "firewall-reject", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_TOS_ZEROED | RSTAN_EV_HOPS_CLOSER },
    { .name = "a reset sooner than the far end could answer", .rule = "half a round trip, RST-KNOWLEDGE timing",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001, .dt_ms = 20),
        SEG(.dir = C2S, .flags = A, .seq = 1001, .ack = 5001, .dt_ms = 20),
        SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100),
        SEG(.dir = S2C, .flags = R | A, .seq = 5001, .ack = 1101, .ttl = 64, .ipid = NO_ID) },
      /* a device near the client stopping the request: firewall-reject (see the next rows) */
      .check = 4, .phase = "established", .cause = "firewall-reject", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_TOO_FAST },
    { .name = "a slow client's pause before its handshake ACK is no part of the server's round trip",
      .rule = "quickest answer per side, RFC 6298 3 and Karn; issue 13 pattern 6",
      /* the server answers the SYN in 20 ms; the client waits 1 s before its ACK; the
       * server's own reset answers the request one round trip later: not too fast */
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001, .dt_ms = 20),
        SEG(.dir = C2S, .flags = A, .seq = 1001, .ack = 5001, .dt_ms = 1000),
        SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100),
        SEG(.dir = S2C, .flags = R | A, .seq = 5001, .ack = 1101, .ipid = NO_ID, .dt_ms = 20) },
      .check = 4, .phase = "established", .cause = "unread-data-close", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_HOPS_MATCH },
    /* IPv6 at the server (64 unrouted, the client two hops off), each socket with its flow label */
#define C6(...) SEG(.dir = C2S, .v6 = true, .flow = 0xe4f9b, .ttl = 62, __VA_ARGS__)
#define S6(...) SEG(.dir = S2C, .v6 = true, .flow = 0x72298, .ttl = 64, __VA_ARGS__)
#define EXCHANGE6 C6(.flags = S, .seq = 1000), S6(.flags = S | A, .seq = 5000, .ack = 1001), \
        C6(.flags = A, .seq = 1001, .ack = 5001), C6(.flags = P | A, .seq = 1001, .ack = 5001, .len = 100), \
        S6(.flags = A, .seq = 5001, .ack = 1101), S6(.flags = P | A, .seq = 5001, .ack = 1101, .len = 200), \
        C6(.flags = A, .seq = 1101, .ack = 5201)
    { .name = "an IPv6 abort carries its socket's flow label", .rule = "RFC 6437 3; Linux ip6_make_flowlabel",
      .segs = { EXCHANGE6, C6(.flags = R | A, .seq = 1101, .ack = 5201) },
      .check = 7, .phase = "established", .cause = "app-abort", .origin = "client", .verdict = "genuine",
      .need_evidence = RSTAN_EV_FLOW_SAME | RSTAN_EV_HOPS_MATCH },
    { .name = "an IPv6 abort one hop closer without its socket's flow label",
      .rule = "RFC 6437 3; issue 13 device-resets-both over IPv6",
      .segs = { EXCHANGE6, SEG(.dir = C2S, .v6 = true, .flags = R | A, .seq = 1101, .ack = 5201, .ttl = 63) },
      .check = 7, .phase = "established", .cause = "injected", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_FLOW_OTHER | RSTAN_EV_HOPS_CLOSER1 },
    { .name = "a slow client's handshake ACK alone is no measure of its round trip",
      .rule = "RFC 9293 3.10.7.2 vs a held ACK; issue 13 pattern 6",
      /* at the server (TTL 64 unrouted, the client two hops off): the client waits 0.9 s
       * before its ACK, then resets the response one 0.3 s round trip after it came */
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 62), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001, .ttl = 64),
        SEG(.dir = C2S, .flags = A, .seq = 1001, .ack = 5001, .ttl = 62, .dt_ms = 900),
        SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100, .ttl = 62, .dt_ms = 150),
        SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1101, .len = 200, .ttl = 64),
        SEG(.dir = C2S, .flags = R | A, .seq = 1101, .ack = 5201, .ttl = 62, .dt_ms = 300) },
      .check = 5, .phase = "established", .cause = "app-abort", .origin = "client", .verdict = "genuine",
      .need_evidence = RSTAN_EV_HOPS_MATCH },
    { .name = "a SYN sent again is no measure of the server's round trip", .rule = "Karn's rule, RFC 6298 3",
      /* the first SYN was lost: timed from it, the SYN-ACK would make a 1 s round trip and
       * the server's own reset 100 ms after the request too fast for it */
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000), SEG(.dir = C2S, .flags = S, .seq = 1000, .dt_ms = 980),
        SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001, .dt_ms = 20),
        SEG(.dir = C2S, .flags = A, .seq = 1001, .ack = 5001),
        SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100, .dt_ms = 10),
        SEG(.dir = S2C, .flags = R | A, .seq = 5001, .ack = 1101, .ipid = NO_ID, .dt_ms = 100) },
      .check = 5, .phase = "established", .cause = "unread-data-close", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_HOPS_MATCH },
    { .name = "both endpoints reset at once", .rule = "Great Firewall pattern, RST-KNOWLEDGE",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101, .ttl = 64, .ipid = NO_ID),
        SEG(.dir = C2S, .flags = R | A, .seq = 1101, .ack = 5201, .ttl = 62, .ipid = NO_ID) },
      .check = 6, .phase = "established", .cause = "injected", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_BOTH_SIDES },
    { .name = "both sides of a router in one file: its reset-both after dropping a request",
      .rule = "RFC 791 3.2 TTL; Palo Alto reset-both, RST-KNOWLEDGE",
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
      .check = 8, .phase = "established", .cause = "firewall-reject", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_HOPS_CLOSER | RSTAN_EV_BOTH_SIDES, .seq_status = "exact" },
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
    { .name = "firewall reset one hop closer than a steady two-hop server", .rule = "stable baseline + forgot",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001, .ttl = 62),
        SEG(.dir = C2S, .flags = A, .seq = 1001, .ack = 5001), SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100),
        SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1101, .len = 200, .ttl = 62), SEG(.dir = C2S, .flags = A, .seq = 1101, .ack = 5201),
        SEG(.dir = S2C, .flags = P | A, .seq = 5201, .ack = 1101, .len = 20, .ttl = 62), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5221, .len = 10),
        SEG(.dir = S2C, .flags = R, .seq = 5221, .ttl = 63, .ipid = NO_ID) },
      .check = 8, .phase = "established", .cause = "firewall-reject", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_FORGOT | RSTAN_EV_HOPS_CLOSER1 },
    { .name = "an abort with IP ID 0 from a client whose packets count, one hop closer",
      .rule = "Linux ip_select_ident_segs: a connected socket numbers its abort from its counter",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 62), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001, .ttl = 64),
        SEG(.dir = C2S, .flags = A, .seq = 1001, .ack = 5001, .ttl = 62),
        SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100, .ttl = 62),
        SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1101, .len = 200, .ttl = 64),
        SEG(.dir = C2S, .flags = A, .seq = 1101, .ack = 5201, .ttl = 62),
        SEG(.dir = C2S, .flags = R | A, .seq = 1101, .ack = 5201, .ttl = 63, .ipid = NO_ID, .dt_ms = 400) },
      .check = 6, .phase = "established", .cause = "injected", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_HOPS_CLOSER1 | RSTAN_EV_IPID_JUMP },
    { .name = "the same abort numbered by the client's socket", .rule = "Linux ip_select_ident_segs",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 62), SEG(.dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001, .ttl = 64),
        SEG(.dir = C2S, .flags = A, .seq = 1001, .ack = 5001, .ttl = 62),
        SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100, .ttl = 62),
        SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1101, .len = 200, .ttl = 64),
        SEG(.dir = C2S, .flags = A, .seq = 1101, .ack = 5201, .ttl = 62),
        SEG(.dir = C2S, .flags = R | A, .seq = 1101, .ack = 5201, .ttl = 62, .win = 64240, .dt_ms = 400) },
      .check = 6, .phase = "established", .cause = "app-abort", .origin = "client", .verdict = "genuine",
      .need_evidence = RSTAN_EV_IPID_CONT },
    { .name = "masscan ends the probe a closed port answered", .rule = "no stack answers a reset (RFC 9293 3.10.7.1)",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 1000, .ttl = 255, .bare = true),
        SEG(.dir = S2C, .flags = R | A, .ack = 1001, .ipid = NO_ID),
        SEG(.dir = C2S, .flags = R, .seq = 1001, .ttl = 255, .win = 1200, .dt_ms = 50) },
      .check = 2, .phase = "handshake", .cause = "half-open-scan", .origin = "client", .verdict = "genuine",
      .need_evidence = RSTAN_EV_PROBE_RESET },
    { .name = "type-1 injection: no ACK, window 16384, TTL class 128", .rule = "Weaver et al. 2009",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R, .seq = 5201, .ttl = 120, .ipid = 7777, .win = 16384) },
      .check = 6, .phase = "established", .cause = "injected", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_TYPE1_WINDOW },
    { .name = "exact RST+ACK with wrong TTL and IP ID", .rule = "hop distance, IP ID continuity",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101, .ttl = 58, .ipid = 40000) },
      .check = 6, .phase = "established", .cause = "injected", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_IPID_JUMP },
    { .name = "a device stops a request with the endpoint's own abort", .rule = "Palo Alto reset-both, Suricata rejectboth",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 50),
        SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1151, .ttl = 64, .ipid = NO_ID) },
      .check = 7, .phase = "established", .cause = "firewall-reject", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_HOPS_CLOSER },
    { .name = "burst of three walking the window", .rule = "Weaver et al. 2009, Zeek",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R, .seq = 5201, .ipid = 9), SEG(.dir = S2C, .flags = R, .seq = 25201, .ipid = 9),
        SEG(.dir = S2C, .flags = R, .seq = 45201, .ipid = 9) },
      .check = 6, .phase = "established", .cause = "injected", .origin = "middlebox", .verdict = "spoofed",
      .phase1 = "closed", .cause1 = "data-after-close", .origin1 = "server", .verdict1 = "unverified",
      .need_evidence = RSTAN_EV_BURST },
    { .name = "race: the real server answers after the forged reset", .rule = "Weaver et al. 2009, Suricata",
      .segs = { HS(0), SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100), SEG(.dir = S2C, .flags = R | A, .seq = 5001, .ack = 1101, .ipid = 9),
        SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1101, .len = 200), SEG(.dir = C2S, .flags = R, .seq = 1101) },
      .check = 4, .phase = "established", .cause = "injected", .origin = "middlebox", .verdict = "spoofed",
      .phase1 = "established", .cause1 = "unread-data-close", .origin1 = "server", .verdict1 = "genuine",
      .need_evidence = RSTAN_EV_RACE },
    { .name = "race: the client's own answer to the late data", .rule = "closed after accepting a reset",
      .segs = { HS(0), SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100), SEG(.dir = S2C, .flags = R | A, .seq = 5001, .ack = 1101, .ipid = 9),
        SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1101, .len = 200), SEG(.dir = C2S, .flags = R, .seq = 1101) },
      .check = 6, .phase = "closed", .cause = "data-after-close", .origin = "client", .verdict = "genuine" },
    { .name = "a genuine reset that looks forgetful from the far side", .rule = "hop match outweighs a forgotten flow",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = P | A, .seq = 5201, .ack = 1101, .len = 30),
        SEG(.dir = C2S, .flags = R, .seq = 1101, .ipid = NO_ID) },
      .check = 7, .phase = "closed", .cause = "data-after-close", .origin = "client", .verdict = "genuine",
      .need_evidence = RSTAN_EV_FORGOT },
    { .name = "blind out-of-window reset, the connection carries on", .rule = "RFC 5961 3.2",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R, .seq = 905201, .ipid = 9),
        SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 10, .dt_ms = 5) },
      .check = 6, .phase = "established", .cause = "injected", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_IGNORED },
    { .name = "in-window inexact reset draws a challenge ACK", .rule = "RFC 5961 3.2",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R, .seq = 5301, .ipid = 9),
        SEG(.dir = C2S, .flags = A, .seq = 1101, .ack = 5201) },
      .check = 6, .phase = "established", .cause = "injected", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_CHALLENGED },
    { .name = "a retransmitted reset is not a burst", .rule = "duplicate RST, false-positive guard",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101),
        SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101) },
      .check = 7, .phase = "established", .cause = "app-abort", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_DUPLICATE },
    { .name = "a lone reset", .rule = "no evidence: unknown",
      .segs = { SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101) },
      .check = 0, .phase = "unknown", .cause = "unknown", .origin = "unknown", .verdict = "unverified",
      .need_evidence = RSTAN_EV_NO_BASELINE },
    { .name = "abort across the sequence wrap", .rule = "RFC 9293 3.4 arithmetic",
      .segs = { SEG(.dir = C2S, .flags = S, .seq = 4294967000u), SEG(.dir = S2C, .flags = S | A, .seq = 4294967200u, .ack = 4294967001u),
        SEG(.dir = C2S, .flags = A, .seq = 4294967001u, .ack = 4294967201u),
        SEG(.dir = C2S, .flags = P | A, .seq = 4294967001u, .ack = 4294967201u, .len = 10),
        SEG(.dir = S2C, .flags = P | A, .seq = 4294967201u, .ack = 4294967011u, .len = 200),
        SEG(.dir = S2C, .flags = R | A, .seq = 105, .ack = 4294967011u, .win = 64240) },
      .check = 5, .phase = "established", .cause = "app-abort", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_SHAPE_FIT },
    { .name = "abort right after data the receiver has not acked yet", .rule = "RFC 5961 RCV.NXT includes in-flight data",
      .segs = { HS(0), SEG(.dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100), SEG(.dir = S2C, .flags = P | A, .seq = 5001, .ack = 1101, .len = 200),
        SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101, .win = 64240), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 10) },
      .check = 5, .phase = "established", .cause = "app-abort", .origin = "server", .verdict = "genuine",
      .seq_status = "exact" },
    { .name = "explicit reason weighs over inference", .rule = "SPEC rstan.reason",
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
    { .name = "a device resets the client's FIN", .rule = "RST-KNOWLEDGE device patterns",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = F | A, .seq = 1101, .ack = 5201),
        SEG(.dir = S2C, .flags = R, .seq = 5201, .ttl = 64, .ipid = NO_ID) },
      .check = 7, .phase = "teardown", .cause = "lb-fast-close", .origin = "middlebox", .verdict = "spoofed" },
    { .name = "conntrack INVALID: a reject answers a segment beyond the window", .rule = "netfilter tcp_in_window",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 30001101, .ack = 5201, .len = 100),
        SEG(.dir = S2C, .flags = R, .seq = 5201, .ttl = 64, .ipid = NO_ID) },
      .check = 7, .phase = "established", .cause = "conntrack-invalid", .origin = "middlebox", .verdict = "spoofed" },
    { .name = "a reject answers an in-window segment", .rule = "netfilter reject, RST-KNOWLEDGE",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 100),
        SEG(.dir = S2C, .flags = R, .seq = 5201, .ttl = 64, .ipid = NO_ID) },
      .check = 7, .phase = "established", .cause = "firewall-reject", .origin = "middlebox", .verdict = "spoofed" },
    { .name = "identical triplet in a foreign TTL class at an impossible distance", .rule = "Weaver et al. 2009, issue 13",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 50),
        SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1151, .ttl = 171, .ipid = 31337),
        SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1151, .ttl = 171, .ipid = 31337),
        SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1151, .ttl = 171, .ipid = 31337) },
      .check = 7, .phase = "established", .cause = "injected", .origin = "middlebox", .verdict = "spoofed",
      .need_evidence = RSTAN_EV_TTL_CLASS | RSTAN_EV_BURST },
    { .name = "the same reset captured again behind a router is judged as the first", .rule = "rstan_capture_copy, issue 13 pattern 4",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101, .ipid = 2222),
        SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101, .ipid = 2222, .ttl = 62) },
      .check = 7, .phase = "established", .cause = "app-abort", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_HOPS_MATCH },
    { .name = "a retransmitted reset of the sender's own class stays a duplicate", .rule = "Zeek: identical repeat",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101),
        SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101) },
      .check = 7, .phase = "established", .cause = "app-abort", .origin = "server", .verdict = "genuine",
      .need_evidence = RSTAN_EV_DUPLICATE },
    { .name = "a quiet keep-alive connection aborted after a short timer", .rule = "keep-alive timers",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101, .dt_ms = 3000) },
      .check = 6, .phase = "established", .cause = "idle-timeout", .origin = "server", .verdict = "genuine" },
    { .name = "an abort in the middle of a response stays app-abort", .rule = "RFC 9293 3.10.5 ABORT",
      .segs = { HS(0), REQRESP(0), SEG(.dir = C2S, .flags = P | A, .seq = 1101, .ack = 5201, .len = 50),
        SEG(.dir = S2C, .flags = A, .seq = 5201, .ack = 1151, .len = 1000),
        SEG(.dir = S2C, .flags = R | A, .seq = 6201, .ack = 1151, .dt_ms = 3000) },
      .check = 8, .phase = "established", .cause = "app-abort", .origin = "server", .verdict = "genuine" },
    { .name = "timestamps going backwards give no idle gap", .rule = "hostile input",
      .segs = { HS(0), REQRESP(0), SEG(.dir = S2C, .flags = R | A, .seq = 5201, .ack = 1101, .dt_ms = -50000) },
      .check = 6, .phase = "established", .cause = "app-abort", .origin = "server", .verdict = "genuine" },
};

typedef struct {
    rstan_verdict_t v;
    rstan_verdict_t first_pass;
    bool filled;
    int conn;          /* which end record the segment's connection had */
} slot_t;

static int check_str(const char *what, const char *got, const char *want, const char *name)
{
    if (strcmp(got, want) != 0) {
        printf("FAIL %s: %s is %s, want %s\n", name, what, got, want);
        return 1;
    }
    return 0;
}

/* How the connection of segment cc->seg ended, against cc. */
static int check_conn(const case_t *tc, const conn_check_t *cc, const slot_t *slots,
                      const rstan_conn_end_t *ends)
{
    const rstan_conn_end_t *end = &ends[slots[cc->seg].conn];
    const rstan_verdict_t *want = cc->first_reset == NONE ? NULL : &slots[cc->first_reset].v;
    if (end->first_reset != want || end->resets != cc->resets) {
        printf("FAIL %s: segment %d's connection reports reset %u (%u resets), want %u (%u)\n",
               tc->name, cc->seg, end->first_reset ? end->first_reset->frame : 0, end->resets,
               want ? want->frame : 0, cc->resets);
        return 1;
    }
    return 0;
}

static int run_case(const case_t *tc)
{
    static slot_t slots[MAX_SEGS];
    static rstan_conn_end_t ends[MAX_SEGS];
    rstan_conv_t conv[2];
    rstan_host_t hosts[2];
    rstan_config_t cfg;
    uint16_t ipid[2] = { 100, 2000 };
    int64_t ts = 1000000000000LL;
    int failures = 0, n_ends = 0, cur_end[2] = { 0, 0 };

    memset(slots, 0, sizeof(slots));
    memset(ends, 0, sizeof(ends));
    rstan_config_default(&cfg);
    rstan_conv_init(&conv[0]);
    rstan_conv_init(&conv[1]);
    rstan_host_init(&hosts[0]);
    rstan_host_init(&hosts[1]);

    for (int i = 0; i < MAX_SEGS && tc->segs[i].used; i++) {
        const seg_spec_t *sp = &tc->segs[i];
        rstan_segment_t seg;
        rstan_note_t note;
        memset(&seg, 0, sizeof(seg));
        ts += (int64_t)(sp->dt_ms ? sp->dt_ms : 1) * 1000000;
        seg.frame = (uint32_t)i + 1;
        seg.ts_ns = ts;
        seg.dir = (uint8_t)sp->dir;
        seg.sport = sp->dir == C2S ? (sp->conv ? 40001 : 40000) : 80;
        seg.dport = sp->dir == C2S ? 80 : (sp->conv ? 40001 : 40000);
        seg.flags = sp->flags;
        seg.seq = sp->seq;
        seg.ack = sp->ack;
        seg.payload_len = sp->len;
        seg.ip_version = sp->v6 ? 6 : 4;
        seg.ttl = sp->ttl ? sp->ttl : (sp->dir == C2S ? 64 : 63);
        if (sp->v6)
            seg.flow_label = sp->flow;
        else
            seg.ip_id = sp->ipid == NO_ID ? 0 : sp->ipid ? sp->ipid : ipid[sp->dir]++;
        seg.win = (sp->flags & RSTAN_TCP_RST) ? sp->win : (sp->win ? sp->win : 64240);
        seg.wscale = (sp->flags & RSTAN_TCP_SYN) ? 7 : -1;
        seg.df = !sp->no_df;
        seg.mss_only = sp->mss_only;
        seg.tos = sp->tos;
        seg.no_options = sp->bare;
        seg.link_src = sp->link ? RSTAN_LINK_KNOWN | sp->link : 0;
        seg.reason_cause = sp->reason_cause;
        if (sp->reason_cause)
            seg.reason_kind = RSTAN_REASON_TEXT;
        /* As the adapter does: a new connection gets its own end record. */
        if (rstan_begin(&conv[sp->conv], &seg)) {
            cur_end[sp->conv] = n_ends;
            ends[n_ends].first_frame = seg.frame;
            rstan_conv_attach_end(&conv[sp->conv], &ends[n_ends++]);
        }
        slots[i].conn = cur_end[sp->conv];
        rstan_host_t *src = &hosts[sp->dir], *dst = &hosts[sp->dir ^ 1];
        slots[i].filled = rstan_feed(&conv[sp->conv], src, dst, &seg, &cfg, &slots[i].v, &note);
        if (slots[i].filled)
            slots[i].first_pass = slots[i].v;
        /* As the adapter does: resets judged before their sender's baseline
         * settled are judged again when it changes (idempotent otherwise). */
        for (int j = 0; j < i; j++)
            if (slots[j].filled && rstan_wants_rejudge(&slots[j].v))
                rstan_rejudge_hops(&slots[j].v, &hosts[tc->segs[j].dir], &cfg);
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
        printf("FAIL %s: evidence 0x%" PRIx64 " lacks 0x%" PRIx64 "\n", tc->name, s->v.evidence, tc->need_evidence);
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
    /* The same evidence gives the same answer, however the reset got it. */
    rstan_verdict_t again = s->v;
    rstan_decide(&again);
    if (again.origin != s->v.origin || again.verdict != s->v.verdict || again.cause != s->v.cause ||
        again.phase != s->v.phase || again.confidence != s->v.confidence) {
        printf("FAIL %s: deciding its evidence again changes the verdict\n", tc->name);
        failures++;
    }
    for (int i = 0; i < 4 && tc->conn[i].used; i++)
        failures += check_conn(tc, &tc->conn[i], slots, ends);
    if (failures == 0)
        printf("ok   %s (%s)\n", tc->name, tc->rule);
    return failures ? 1 : 0;
}

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

/* Every cause rule has a name and a source; each table ends in a rule that
 * always holds, so reading it top to bottom always gives an answer. */
static int test_cause_rules(void)
{
    int bad = 0;
    for (unsigned t = 0; t < 2; t++) {
        const char *name = NULL, *source = NULL;
        unsigned n = rstan_cause_rules(t, &name, &source, 0);
        for (unsigned i = 0; i < n; i++) {
            rstan_cause_rules(t, &name, &source, i);
            if (name == NULL || name[0] == '\0' || source == NULL || strlen(source) < 8) {
                printf("FAIL cause table %u rule %u has no name or source\n", t, i);
                bad++;
            }
        }
        bad += n < 2;
    }
    printf("%s cause rules name their sources\n", bad ? "FAIL" : "ok  ");
    return bad ? 1 : 0;
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

/* Capture points (rstan_judge_points): what comparing points says joins the
 * evidence and goes through the one decision. Rows: the engine's verdict on
 * the copy at its own point, what the points say, what the decision must be. */
static int test_points_decision(void)
{
    const uint64_t for_sender = RSTAN_EV_HOPS_MATCH | RSTAN_EV_IPID_CONT | RSTAN_EV_SHAPE_FIT |
                                RSTAN_EV_TOS_COPIED | RSTAN_EV_LOCAL;
    static const struct {
        const char *name;
        uint64_t    evidence;     /* 0: use for_sender */
        bool        between, crossed, lost;
        uint8_t     origin, verdict, cause, min_conf;
    } rows[] = {
        { "made between points outweighs everything for the sender", 0, true, false, false,
          RSTAN_ORIGIN_MIDDLEBOX, RSTAN_VERDICT_SPOOFED, RSTAN_CAUSE_FIREWALL_REJECT, 90 },
        { "made between points with nothing else", RSTAN_EV_NO_BASELINE, true, false, false,
          RSTAN_ORIGIN_MIDDLEBOX, RSTAN_VERDICT_SPOOFED, RSTAN_CAUSE_FIREWALL_REJECT, 90 },
        { "crossed the points: genuine despite a closer hop and an IP ID jump",
          RSTAN_EV_HOPS_CLOSER | RSTAN_EV_IPID_JUMP, false, true, false,
          RSTAN_ORIGIN_SERVER, RSTAN_VERDICT_GENUINE, RSTAN_CAUSE_APP_ABORT, 90 },
        { "between wins over crossed (seen downstream at two points)", 0, true, true, false,
          RSTAN_ORIGIN_MIDDLEBOX, RSTAN_VERDICT_SPOOFED, RSTAN_CAUSE_FIREWALL_REJECT, 90 },
        { "lost between points is a note, not an injection", RSTAN_EV_NO_BASELINE, false, false, true,
          RSTAN_ORIGIN_SERVER, RSTAN_VERDICT_UNVERIFIED, RSTAN_CAUSE_APP_ABORT, 0 },
        { "lost and crossed: genuine", RSTAN_EV_NO_BASELINE, false, true, true,
          RSTAN_ORIGIN_SERVER, RSTAN_VERDICT_GENUINE, RSTAN_CAUSE_APP_ABORT, 90 },
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
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
                  v.confidence >= rows[i].min_conf;
        if (!ok)
            printf("FAIL points %s: origin %s verdict %s cause %s confidence %u\n", rows[i].name,
                   rstan_origin_name(v.origin), rstan_verdict_name(v.verdict), rstan_cause_name(v.cause),
                   v.confidence);
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

/* The one TCP-option walk (rstan-options.c), on option bytes as RFC 9293
 * §3.1, RFC 7323 §2.2/§3.2, RFC 2018 §3 and RFC 8684 §3.6 lay them out. */
static int test_options(void)
{
    static const struct {
        const char *name;
        const char *bytes;
        size_t      n;
        int8_t      wscale;
        uint16_t    mss;
        uint8_t     mptcp;      /* reason + 1 */
        bool        ts, sack;
        uint32_t    tsval, tsecr, left, right;
    } rows[] = {
        { "a Linux SYN: MSS, SACK permitted, timestamps, NOP, window scale 7",
          "\x02\x04\x05\xb4\x04\x02\x08\x0a\x01\x02\x03\x04\x00\x00\x00\x09\x01\x03\x03\x07", 20,
          .wscale = 7, .mss = 1460, .ts = true, .tsval = 0x01020304, .tsecr = 9 },
        { "window scale 15 is read as 14 (RFC 7323 §2.3)", "\x01\x03\x03\x0f", 4, .wscale = 14 },
        { "MP_TCPRST with reason 3", "\x1e\x04\x80\x03", 4, .wscale = -1, .mptcp = 4 },
        { "another MPTCP subtype carries no reason", "\x1e\x04\x70\x03", 4, .wscale = -1 },
        { "the first SACK block", "\x01\x01\x05\x0a\x00\x00\x00\x10\x00\x00\x00\x20", 12,
          .wscale = -1, .sack = true, .left = 16, .right = 32 },
        { "a length under 2 ends the walk", "\x08\x01\x03\x03\x07", 5, .wscale = -1 },
        { "EOL ends the walk", "\x00\x03\x03\x07", 4, .wscale = -1 },
        { "an option past the bytes is not read", "\x01\x03\x03", 3, .wscale = -1 },
        { "no bytes", "", 0, .wscale = -1 },
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        rstan_tcp_options_t o;
        rstan_tcp_options_read(&o, (const uint8_t *)rows[i].bytes, rows[i].n);
        bool ok = o.wscale == rows[i].wscale && o.mss == rows[i].mss && o.mptcp_reason == rows[i].mptcp &&
                  o.has_ts == rows[i].ts && o.has_sack == rows[i].sack &&
                  (!o.has_ts || (o.tsval == rows[i].tsval && o.tsecr == rows[i].tsecr)) &&
                  (!o.has_sack || (o.sack_left == rows[i].left && o.sack_right == rows[i].right));
        if (!ok) {
            printf("FAIL options: %s (wscale %d mss %u mptcp %u ts %d sack %d)\n", rows[i].name, o.wscale, o.mss,
                   o.mptcp_reason, o.has_ts, o.has_sack);
            bad = 1;
        }
    }
    /* The signature: the kinds in order and the window scale, not the values. */
    rstan_tcp_options_t a, b, c, d;
    rstan_tcp_options_read(&a, (const uint8_t *)"\x01\x01\x08\x0a\x00\x00\x00\x01\x00\x00\x00\x02", 12);
    rstan_tcp_options_read(&b, (const uint8_t *)"\x01\x01\x08\x0a\x00\x00\x00\x05\x00\x00\x00\x06", 12);
    rstan_tcp_options_read(&c, (const uint8_t *)"\x01\x03\x03\x07", 4);
    rstan_tcp_options_read(&d, (const uint8_t *)"\x01\x03\x03\x08", 4);
    if (a.sig != b.sig || c.sig == d.sig || a.sig == c.sig) {
        printf("FAIL options: signature\n");
        bad = 1;
    }
    printf("%s TCP options\n", bad ? "FAIL" : "ok  ");
    return bad;
}

int main(void)
{
    int failed = 0, total = 0;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++, total++)
        failed += run_case(&cases[i]);
    failed += test_helpers();
    failed += test_challenge_note();
    failed += test_reasons();
    failed += test_cause_rules();
    failed += test_points_decision();
    failed += test_options();
    total += 6;
    printf("%d passed, %d failed\n", total - failed, failed);
    return failed ? 1 : 0;
}
