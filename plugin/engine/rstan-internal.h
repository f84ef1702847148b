/* rstan-internal.h
 *
 * What the engine's files share and nobody else sees: the context a rule
 * reads, the named thresholds and constants every rule uses (kept here so
 * that no number in a rule goes unnamed), and the functions one file offers
 * the others. The files, by job:
 *   rstan-engine.c  feeding a segment: the order in which rules run
 *   rstan-flow.c    per-direction flow tracking and connection identity
 *   rstan-copies.c  second sightings of one packet in one capture
 *   rstan-origin.c  origin evidence on the reset itself
 *   rstan-hops.c    origin evidence from the path: TTL class and hop distance
 *   rstan-after.c   origin evidence from segments after a reset
 *   rstan-cause.c   cause rules: the two ordered tables and how they are read
 *   rstan-conditions.c the conditions those rules test
 *   rstan-decide.c  the decision: evidence -> origin, verdict, confidence
 *   rstan-reason.c  explicit reasons on the wire
 *   rstan-options.c a TCP header's options, read once for the engine and the matcher
 *   rstan-names.c   names, texts, weights and hints (from rstan-table.h)
 *   rstan-session.c the way in for a packet and out for a reset, each one call
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef RSTAN_INTERNAL_H
#define RSTAN_INTERNAL_H

#include "rstan-engine.h"

/* Taken by few packets (resets, the segments after one, copies, several
 * capture points): kept out of the path every packet takes, so that the
 * compiler spends its inlining there (GCC and Clang). */
#if defined(__GNUC__)
#define RSTAN_COLD __attribute__((cold))
#else
#define RSTAN_COLD
#endif

/* FNV-1a (Fowler, Noll, Vo; IETF draft-eastlake-fnv): offset basis and prime. */
#define FNV32_BASIS UINT32_C(2166136261)
#define FNV32_PRIME UINT32_C(16777619)

/* One FNV-1a step per byte of v, low byte first. */
static inline uint32_t fnv_mix(uint32_t h, uint32_t v)
{
    for (unsigned i = 0; i < sizeof(v); i++) {
        h ^= (v >> (8 * i)) & 0xffu;
        h *= FNV32_PRIME;
    }
    return h;
}

#define NS_PER_MS INT64_C(1000000)
#define NS_PER_US INT64_C(1000)

/* Defaults of rstan_config_t (preferences of the same names). */
#define RSTAN_DEFAULT_TTL_TOLERANCE     1
#define RSTAN_DEFAULT_IDLE_MS           10000   /* idle threshold */
#define RSTAN_DEFAULT_RETX              3       /* retransmissions that mean giving up */
#define RSTAN_DEFAULT_BURST_MS          2000    /* Weaver et al. 2009: ~2 s */
#define RSTAN_DEFAULT_MIN_RTT_US        1000
#define RSTAN_DEFAULT_IPID_STEP         1024
#define RSTAN_DEFAULT_BOTH_SIDES_MS     10      /* resets to both ends "at once" */
#define RSTAN_DEFAULT_AFTER_SPOOF_MS    90000   /* docs/decisions.md, Both sides at once */

/* Hop distance (docs/decisions.md, Hop distance). */
#define RSTAN_TTL_CLASS_32   32
#define RSTAN_TTL_CLASS_64   64
#define RSTAN_TTL_CLASS_128  128
#define RSTAN_TTL_CLASS_255  255
#define RSTAN_REASON_SCAN    256     /* bytes of a reason text searched for its words */
#define RSTAN_STABLE_BASELINE 3      /* packets at one distance that make it stable */

/* IP ID: steps within this distance below 2^16 are a counter gone backwards
 * by reordering, not a jump. */
#define RSTAN_IPID_SPACE     65536
#define RSTAN_IPID_BACKWARDS 64

/* The receiver's window when its packets advertised none (RFC 9293 §3.8.6:
 * unscaled maximum) and the largest shift RFC 7323 §2.3 allows. */
#define RSTAN_MAX_UNSCALED_WINDOW 65535u
#define RSTAN_MAX_WSCALE          14

/* Explicit reasons (rstan-reason.c). The RST diagnostic payload starts
 * with this magic, then a 16-bit reason code (docs/decisions.md, Reasons
 * on the wire); a payload is text when this share of its bytes is printable. */
#define RSTAN_DIAG_MAGIC_0         0x33
#define RSTAN_DIAG_MAGIC_1         0xAA
#define RSTAN_DIAG_HEADER          4
#define RSTAN_TEXT_PRINTABLE_TENTHS 9
#define RSTAN_TENTHS               10
/* ASCII printable range. */
#define RSTAN_ASCII_FIRST_PRINTABLE 0x20
#define RSTAN_ASCII_LAST_PRINTABLE  0x7e

/* The shortest keep-alive timer counted as one: timers are set in whole
 * seconds (nginx keepalive_timeout, HAProxy timeout http-keep-alive). */
#define RSTAN_KEEPALIVE_MIN_MS INT64_C(1000)
/* A device that rejects the first segment after this much silence had
 * forgotten the flow: NAT and conntrack idle timers are set from seconds
 * (aggressive CGNAT and lab settings) to days (docs/decisions.md, Device
 * patterns); a rule rejecting a request mid-exchange follows no silence. */
#define RSTAN_STATE_SILENCE_MIN_MS INT64_C(2000)

/* Packets per connection and direction that feed the per-host baseline. */
#define RSTAN_HOST_SAMPLES 3
/* A TTL this low was set by the socket, not worn down by a path: single-hop
 * eBGP sends TTL 1 (RFC 5082 §1), as do traceroute's first probes. */
#define RSTAN_SOCKET_TTL_MAX 1
/* Packets of one connection that make its own baseline trusted when the
 * host's packets vary (hosts behind one NAT address, a scanner's probes). */
#define RSTAN_CONN_BASELINE_MIN 2
/* Two sightings of one packet in one capture (a router captured on both its
 * sides, a SPAN session mirroring two router ports) come within this time:
 * microseconds on one host, tens of milliseconds where the mirror session
 * queues one of them. What tells them from a stack's own retransmission is
 * not the time but the datagram: the same IPv4 ID (a stack numbers a
 * retransmission anew, Linux ip_select_ident_segs) or, over IPv6, a TTL
 * another router made (a retransmission leaves its sender at the same hop
 * limit). */
#define RSTAN_COPY_WINDOW_NS INT64_C(500000000)
/* Without a link-layer source to tell the stations apart, only copies this
 * close (one host's capture of both sides of a router; a stack's own
 * retransmission waits an RTO of at least 200 ms, Linux TCP_RTO_MIN). */
#define RSTAN_COPY_NEAR_NS INT64_C(2000000)

/* A burst: a later reset whose sequence lies more than this beyond the
 * earlier one's (Weaver et al. 2009: seq2 > seq1 + 2). */
#define RSTAN_BURST_SEQ_SLACK 2

/* The decision (rstan-decide.c). A reset is a middlebox's when the evidence
 * against its claimed sender reaches SPOOF_MIN_AGAINST and beats the evidence
 * for it by SPOOF_MARGIN; genuine when the evidence for it reaches
 * GENUINE_MIN_FOR with less than GENUINE_MAX_AGAINST against. */
#define RSTAN_SPOOF_MIN_AGAINST   40
#define RSTAN_SPOOF_MARGIN        15
#define RSTAN_GENUINE_MIN_FOR     20
#define RSTAN_GENUINE_MAX_AGAINST 30
/* A verdict against the claimed sender needs grounds (rstan-table.h
 * RSTAN_GROUNDS_LIST) whose calls are right at least nine times in ten. */
#define RSTAN_SPOOF_MIN_CONFIDENCE 90

/* Sequence arithmetic modulo 2^32 (RFC 9293 §3.4). */
static inline bool seq_gt(uint32_t a, uint32_t b) { return (int32_t)(a - b) > 0; }
static inline bool seq_geq(uint32_t a, uint32_t b) { return (int32_t)(a - b) >= 0; }

/* What a rule on a reset reads. */
typedef struct {
    rstan_conv_t          *conv;
    rstan_flow_t          *s;      /* the reset's claimed sender */
    rstan_flow_t          *r;      /* its receiver */
    rstan_host_t          *src;
    const rstan_segment_t *seg;
    const rstan_config_t  *cfg;
    bool                   answers; /* the receiver's last segment is the newest */
    const rstan_sighting_t *crossed; /* the receiver's earlier segment a bare reset answers
                                      * (answered_segment), NULL: its last one */
    bool                   answers_last; /* ... and came after every other packet, after a gap
                                          * (conv->last_gap_ns) */
} rstan_ctx_t;

/* rstan-copies.c */
bool rstan_capture_copy(const rstan_flow_t *s, const rstan_segment_t *seg);
void rstan_note_sighting(rstan_flow_t *s, const rstan_segment_t *seg);

/* rstan-flow.c */
RSTAN_COLD void rstan_note_copy(rstan_flow_t *s, const rstan_segment_t *seg);
void rstan_flow_update(rstan_conv_t *conv, rstan_flow_t *s, rstan_flow_t *r, uint32_t ttl_tolerance,
                       rstan_host_t *src, const rstan_segment_t *seg);
void rstan_assign_roles(rstan_conv_t *conv, const rstan_segment_t *seg);
uint32_t rstan_answered_end(const rstan_flow_t *r);
uint8_t rstan_synchronised_phase(const rstan_conv_t *conv);
bool rstan_is_malformed_syn(uint8_t flags);
bool rstan_crafted_syn(const rstan_segment_t *seg);
bool rstan_probe_syn(const rstan_segment_t *seg);

/* rstan-hops.c: evidence from the path. */
void rstan_rule_hops(const rstan_ctx_t *c, rstan_verdict_t *v);
void rstan_judge_hops(rstan_verdict_t *v, uint8_t hmin, uint8_t hmax, uint8_t cls, uint32_t n,
                      uint32_t tol);

/* rstan-origin.c: evidence on the reset itself. */
uint8_t rstan_rule_template(const rstan_ctx_t *c);
uint8_t rstan_rule_seq_status(const rstan_ctx_t *c, uint8_t shape);
void rstan_rule_ipid(const rstan_ctx_t *c, rstan_verdict_t *v);
void rstan_rule_flow_label(const rstan_ctx_t *c, rstan_verdict_t *v);
void rstan_rule_tos(const rstan_ctx_t *c, rstan_verdict_t *v);
void rstan_rule_timing(const rstan_ctx_t *c, rstan_verdict_t *v);
void rstan_rule_window(const rstan_ctx_t *c, rstan_verdict_t *v);
void rstan_rule_forgot(const rstan_ctx_t *c, rstan_verdict_t *v);
void rstan_rule_burst(rstan_ctx_t *c, rstan_verdict_t *v);
void rstan_rule_both_sides(rstan_ctx_t *c, rstan_verdict_t *v);
void rstan_rule_after_spoof(const rstan_ctx_t *c, rstan_verdict_t *v);

/* rstan-after.c: evidence from segments after a reset. */
RSTAN_COLD bool rstan_rule_sender_carried_on(rstan_flow_t *s, const rstan_segment_t *seg, rstan_host_t *src,
                                             rstan_note_t *note);
RSTAN_COLD bool rstan_rule_receiver_reaction(rstan_flow_t *sender_of_rst, rstan_flow_t *p,
                                             const rstan_segment_t *seg, const rstan_config_t *cfg,
                                             rstan_host_t *claimed_host, rstan_note_t *note);

/* rstan-conditions.c: what the cause rules of rstan-cause.c test, each
 * true when the connection at the reset is in the state its rule names.
 * rstan_conn_live: past the handshake, or seen mid-stream. rstan_synrecv_bad_ack
 * also tells the engine that the connection goes on after the reset. */
bool rstan_conn_live(const rstan_ctx_t *c);
/* ... of an endpoint's own resets */
bool rstan_reset_is_syn(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_lone_reset(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_answers_syn(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_answers_malformed_syn(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_answers_probe(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_synrecv_bad_ack(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_scanner_ends_probe(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_after_earlier_reset(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_resets_synack(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_resets_synack_of_malformed_syn(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_syn_answered_by_ack(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_listener_resets_last_ack(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_gave_up(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_gave_up_silently(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_both_closed(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_sender_closed(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_answers_fin(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_half_closed_idle_abort(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_lost_connection(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_idle_abort(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_quiet_keepalive_abort(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_abort_after_handshake(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_abort_with_unread_data(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_abort_live(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_in_handshake(const rstan_ctx_t *c, const rstan_verdict_t *v);
/* ... of a device's resets */
bool rstan_state_forgotten(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_state_forgotten_short(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_device_idle_timer(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_device_answers_fin(const rstan_ctx_t *c, const rstan_verdict_t *v);
bool rstan_rejects_out_of_window(const rstan_ctx_t *c, const rstan_verdict_t *v);

/* rstan-cause.c: the two ordered tables of cause rules. */
void rstan_rule_genuine_cause(const rstan_ctx_t *c, rstan_verdict_t *v);
void rstan_rule_policy_cause(const rstan_ctx_t *c, rstan_verdict_t *v);
/* A cause rule as the tests and tools/ see it. */
typedef struct {
    const char *id;      /* stable snake_case identifier, unique across both tables */
    const char *name;    /* what the rule says, in words */
    const char *source;  /* where the behaviour it reads is documented */
    uint8_t     cause;   /* rstan_cause_t it gives */
} rstan_rule_info_t;
/* The rules of table 0 (genuine) or 1 (policy): returns how many there are
 * and, when i is below that, fills info with rule i (for tests and
 * tests/unit/list-table.c). v->genuine_rule / v->policy_rule index them. */
unsigned rstan_cause_rules(unsigned table, unsigned i, rstan_rule_info_t *info);

/* rstan-engine.c: rstan_feed once rstan_begin has run for seg (the
 * session runs it first, to attach the new connection's end record). */
bool rstan_feed_begun(rstan_conv_t *conv, rstan_host_t *src, rstan_host_t *dst,
                      const rstan_segment_t *seg, const rstan_config_t *cfg,
                      rstan_verdict_t *out, rstan_note_t *note);

/* rstan-decide.c: every judgement goes through rstan_decide(); a reset whose
 * verdict may have turned spoofed then marks its claimed host. */
void rstan_mark_spoof(rstan_host_t *host, const rstan_verdict_t *v, int64_t ts);

#endif /* RSTAN_INTERNAL_H */
