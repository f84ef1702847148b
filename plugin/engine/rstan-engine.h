/* rstan-engine.h
 *
 * The TCP reset classifier: plain C99, no GLib, no epan, no allocation and
 * no globals. The caller owns one rstan_conv_t per TCP connection and one
 * rstan_host_t per IP address, and feeds the connection one rstan_segment_t
 * at a time, in capture order. For every segment with RST set the engine
 * fills a caller-owned rstan_verdict_t (phase, cause, origin, verdict,
 * confidence and the evidence behind them). Later segments of the same
 * connection may amend the verdicts of earlier resets (a challenge ACK, data
 * from the reset's claimed sender), so the caller must keep each verdict at
 * a stable address for as long as its connection lives.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef RSTAN_ENGINE_H
#define RSTAN_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* rstan_segment_t.link_src holds a 48-bit link-layer address with this bit. */
#define RSTAN_LINK_KNOWN (UINT64_C(1) << 48)

/* TCP header flag bits, as on the wire (RFC 9293 §3.1). */
#define RSTAN_TCP_FIN 0x01
#define RSTAN_TCP_SYN 0x02
#define RSTAN_TCP_RST 0x04
#define RSTAN_TCP_PSH 0x08
#define RSTAN_TCP_ACK 0x10
#define RSTAN_TCP_URG 0x20

/* Timestamps lie within +-2^62 ns (about 146 years around 1970), so the
 * difference of any two cannot overflow; callers saturate beyond. */
#define RSTAN_TS_MAX_NS   (INT64_C(1) << 62)
#define RSTAN_TS_MAX_SECS (RSTAN_TS_MAX_NS / 1000000000)

#include "rstan-table.h"

/* Enum values are filter numbers: never renumber, only append (rstan-table.h). */
#define RSTAN_ENUM_PHASE(id, name) RSTAN_PHASE_##id,
#define RSTAN_ENUM_CAUSE(id, name, hint) RSTAN_CAUSE_##id,
#define RSTAN_ENUM_ORIGIN(id, name) RSTAN_ORIGIN_##id,
#define RSTAN_ENUM_VERDICT(id, name) RSTAN_VERDICT_##id,
#define RSTAN_ENUM_SEQ(id, name) RSTAN_SEQ_##id,
#define RSTAN_ENUM_SHAPE(id, name) RSTAN_SHAPE_##id,
#define RSTAN_ENUM_REASON(id, name) RSTAN_REASON_##id,
#define RSTAN_ENUM_FAMILY(id, name, text) RSTAN_FAMILY_##id,
#define RSTAN_ENUM_GROUNDS(id, name, confidence, text) RSTAN_GROUNDS_##id,
#define RSTAN_ENUM_EVI(id, name, weight, family, proof, text) RSTAN_EVI_##id,
#define RSTAN_ENUM_EV(id, name, weight, family, proof, text) RSTAN_EV_##id = (UINT64_C(1) << RSTAN_EVI_##id),

typedef enum { RSTAN_PHASE_LIST(RSTAN_ENUM_PHASE) RSTAN_PHASE_COUNT } rstan_phase_t;
typedef enum { RSTAN_CAUSE_LIST(RSTAN_ENUM_CAUSE) RSTAN_CAUSE_COUNT } rstan_cause_t;
typedef enum { RSTAN_ORIGIN_LIST(RSTAN_ENUM_ORIGIN) RSTAN_ORIGIN_COUNT } rstan_origin_t;
typedef enum { RSTAN_VERDICT_LIST(RSTAN_ENUM_VERDICT) RSTAN_VERDICT_COUNT } rstan_verdict_kind_t;
typedef enum { RSTAN_SEQ_LIST(RSTAN_ENUM_SEQ) RSTAN_SEQ_COUNT } rstan_seq_status_t;
typedef enum { RSTAN_SHAPE_LIST(RSTAN_ENUM_SHAPE) RSTAN_SHAPE_COUNT } rstan_shape_t;
/* An explicit reason carried on the wire (rstan-reason.c decodes it). */
typedef enum { RSTAN_REASON_LIST(RSTAN_ENUM_REASON) RSTAN_REASON_COUNT } rstan_reason_kind_t;
/* Kinds of evidence that can be wrong together (rstan-table.h). */
typedef enum { RSTAN_FAMILY_LIST(RSTAN_ENUM_FAMILY) RSTAN_FAMILY_COUNT } rstan_family_t;
/* What a verdict rests on, each with its calibrated confidence. */
typedef enum { RSTAN_GROUNDS_LIST(RSTAN_ENUM_GROUNDS) RSTAN_GROUNDS_COUNT } rstan_grounds_t;

/* Evidence bits. Each names one observation; rstan_decide() weighs them.
 * RSTAN_EVI_X is the bit's index (field order), RSTAN_EV_X the bit. */
enum { RSTAN_EVIDENCE_LIST(RSTAN_ENUM_EVI) RSTAN_EV_COUNT };
/* Bits past int's range: C23 lets an enumeration's constants take the type
 * that holds them all (N3029), and GCC and Clang do so in C99 as well. */
enum { RSTAN_EVIDENCE_LIST(RSTAN_ENUM_EV) };
/* They live in a verdict's uint64_t evidence: 64 at most. */
typedef char rstan_evidence_fits_64_bits[RSTAN_EV_COUNT <= 64 ? 1 : -1];
#define RSTAN_CHECK_EV(id, name, weight, family, proof, text) \
    typedef char rstan_ev_##id##_is_its_bit[(uint64_t)RSTAN_EV_##id == UINT64_C(1) << RSTAN_EVI_##id ? 1 : -1];
RSTAN_EVIDENCE_LIST(RSTAN_CHECK_EV)

struct rstan_pending;

/* Per-host baseline, learned from every non-reset packet the host sends.
 * All zero is a host with no baseline yet (rstan_host_init). */
typedef struct {
    uint32_t packets;        /* non-reset packets seen from this host */
    uint8_t  hops_min;       /* hop distance range (initial TTL class minus TTL) */
    uint8_t  hops_max;
    uint8_t  ttl_class;      /* initial-TTL class of its packets: 32, 64, 128 or 255 */
    uint8_t  spoofed_recent; /* 1 after a reset claiming this host was called spoofed */
    uint8_t  ttl_varies;     /* 1 once its packets came at distances no one path gives */
    uint16_t changes;        /* counts the baseline's changes: known, then varies */
    int64_t  spoofed_ts_ns;
    struct rstan_pending *pending;  /* resets judged before the baseline settled (rstan-session.c) */
    uint16_t settled;               /* the value of changes they were last judged at */
} rstan_host_t;

/* One TCP segment as the caller read it. */
typedef struct {
    uint32_t frame;
    int64_t  ts_ns;          /* capture time in ns, within +-RSTAN_TS_MAX_NS */
    uint64_t link_src;       /* the station that put it on the captured link: its 48-bit Ethernet
                              * address | RSTAN_LINK_KNOWN, 0 unknown */
    uint8_t  dir;            /* 0 or 1: which side of the connection sent it */
    uint16_t sport, dport;
    uint8_t  flags;          /* RSTAN_TCP_* */
    uint32_t seq, ack;       /* raw, not relative */
    uint16_t win;            /* raw window field */
    int8_t   wscale;         /* window scale option on a SYN, -1 if absent */
    bool     no_options;     /* a SYN whose TCP header holds no option at all */
    uint16_t mss_only;       /* a SYN whose only TCP option is an MSS: that MSS; else 0 */
    uint32_t payload_len;
    uint8_t  ip_version;     /* 4 or 6 */
    uint8_t  ttl;            /* TTL or hop limit */
    uint16_t ip_id;          /* IPv4 only */
    uint32_t flow_label;     /* IPv6 only: the 20-bit flow label */
    uint8_t  tos;            /* TOS / traffic class */
    bool     df;
    uint8_t  reason_kind;    /* rstan_reason_kind_t */
    uint16_t reason_code;
    uint8_t  reason_cause;   /* rstan_cause_t the caller read from the reason, or 0 */
} rstan_segment_t;

/* A TCP header's options, read once (rstan_tcp_options_read) for the
 * engine (window scale, MP_TCPRST reason) and the capture-point matcher. */
typedef struct {
    uint32_t tsval, tsecr;          /* timestamps (kind 8), if has_ts */
    uint32_t sack_left, sack_right; /* first SACK block (kind 5), if has_sack */
    uint16_t mss;                   /* MSS (kind 2), 0 if absent */
    uint16_t sig;                   /* the kinds in order and the window scale, folded */
    int8_t   wscale;                /* window scale (kind 3), at most 14; -1 if absent */
    uint8_t  mptcp_reason;          /* MP_TCPRST (kind 30, subtype 8) reason + 1; 0 if absent */
    bool     has_ts, has_sack;
} rstan_tcp_options_t;

/* Read the options (the bytes after the fixed 20-byte TCP header; len may be
 * 0, opts NULL). Stops at EOL or at a malformed length; never reads past len
 * or past the 40 bytes a header can hold. */
void rstan_tcp_options_read(rstan_tcp_options_t *o, const uint8_t *opts, size_t len);

/* A reset's analysis. Fields with "frame" are 0 when absent. */
typedef struct rstan_verdict {
    int64_t  idle_ns;        /* silence in the connection before the reset, -1 unknown */
    int64_t  rtt_ns;         /* round trip from the capture point to the claimed sender and
                              * back: its quickest answer there (flow trip_ns), -1 unknown */
    int64_t  silence_ns;     /* silence a device may have timed out on: before the segment
                              * the reset answers if that came last, else idle_ns */
    uint32_t frame;          /* the reset's own frame */
    uint32_t seq, ack;
    int32_t  ipid_step;      /* IP ID minus the sender's previous one, mod 2^16 */
    uint32_t retransmissions;/* the sender's retransmissions just before */
    uint32_t answers_frame;  /* the segment it answers */
    uint32_t challenge_frame;/* the receiver's challenge ACK */
    uint32_t after_frame;    /* first segment of the claimed sender after the reset */
    uint32_t copy_of;        /* this is a second capture of that reset's frame, 0 if not */
    const struct rstan_verdict *copy_src; /* that frame's verdict (rstan_follow_copy) */
    uint32_t burst_count;    /* resets in this sender's burst, 0 if none */
    uint64_t evidence;       /* RSTAN_EV_* */
    uint32_t answered_end;   /* seq + len of the segment it answers */
    uint32_t answered_len;
    int16_t  hops;           /* hop distance of the reset, -1 unknown */
    int16_t  hops_expected;  /* sender's usual hop distance, -1 unknown */
    uint16_t reason_code;
    uint8_t  reason_kind;
    uint8_t  phase;          /* rstan_phase_t */
    uint8_t  cause;          /* rstan_cause_t */
    uint8_t  origin;         /* rstan_origin_t */
    uint8_t  verdict;        /* rstan_verdict_kind_t */
    uint8_t  confidence;     /* 0..100: the calibrated share right of calls on these grounds */
    uint8_t  grounds;        /* rstan_grounds_t: what the verdict rests on */
    uint8_t  families_against; /* bit per rstan_family_t with evidence against the sender */
    uint8_t  seq_status;     /* rstan_seq_status_t */
    uint8_t  shape;          /* rstan_shape_t */
    uint8_t  claimed;        /* rstan_origin_t of the address it carries: client or server */
    uint8_t  ttl_class;      /* initial-TTL class of the reset */
    uint8_t  ttl;
    uint8_t  dir;
    bool     has_ipid_step;
    uint8_t  genuine_cause;  /* cause if the endpoint sent it */
    uint8_t  genuine_phase;  /* phase as that endpoint saw the connection */
    uint8_t  policy_cause;   /* cause if a middlebox sent it as policy */
    uint8_t  policy_phase;   /* phase of the connection the middlebox cut */
    uint8_t  genuine_rule;   /* the cause rule that gave genuine_cause: its index in the genuine
                              * table (rstan-cause.c), for the tests */
    uint8_t  policy_rule;    /* the same in the policy table */
    uint8_t  answered_flags; /* TCP flags of the segment it answers */
    bool     lone;           /* nothing else of its connection seen before it */
    uint8_t  hops_basis;     /* what the hop distance was judged against: RSTAN_BASIS_* */
    bool     conn_goes_on;   /* the sender's connection survives it (RFC 9293 §3.10.7.4) */
    bool     own_probe;      /* resets at ISN+1 the SYN-ACK to its sender's SYN, which its kernel never
                              * sent (or a crafted SYN's closed-port RST+ACK): answers_own_probe */
    bool     third_class;    /* a third initial-TTL class of its sender in the connection, at the
                              * sender's own distance: TTLs chosen to mimic it (judge_third_class) */
    bool     pair_stops_request; /* made at once with a reset the other way that stopped a request
                              * (both_sides in one capture; across capture points, set by the
                              * caller before rstan_judge_points) */
} rstan_verdict_t;

/* How one connection on a 4-tuple ended, for the connection-level fields
 * (rstan_conn.*). Caller-owned and attached with rstan_conv_attach_end()
 * when rstan_begin() says a connection starts; the engine fills it while
 * that connection lives and never touches it once a new connection starts
 * on the same 4-tuple, so it keeps what the first pass saw. */
typedef struct rstan_conn_end {
    const rstan_verdict_t *first_reset;  /* NULL while the connection has none */
    const struct rstan_conn_end *prev;   /* the connection before on the 4-tuple (rstan-session.h) */
    uint32_t first_frame;                /* the connection's first packet */
    uint32_t resets;
} rstan_conn_end_t;

/* One recent packet of a sender, kept to recognise a second capture of it
 * (rstan_capture_copy): its TCP header, its IPv4 ID or IPv6 flow label, its
 * TTL and the station that put it on the link. */
typedef struct {
    int64_t  ts_ns;
    uint32_t link;           /* the station, folded to 32 bits (rstan_link_fold), 0 unknown */
    uint32_t frame;
    uint32_t seq, ack;
    uint32_t ident;          /* IPv4 ID, or IPv6 flow label */
    uint16_t len;
    uint8_t  flags, ttl;
} rstan_sighting_t;

/* Packets of one sender kept for that: a SPAN session mirroring two router
 * ports delays one copy by tens of milliseconds, a few packets later. */
#define RSTAN_SIGHTINGS 8

/* Per direction state (fields ordered by size: one per connection and side). */
typedef struct {
    rstan_sighting_t sighting[RSTAN_SIGHTINGS]; /* its last packets, newest at sighting_next - 1 */
    int64_t  last_ts, last_data_ts;
    int64_t  rst_ts;
    int64_t  trip_ns;        /* its quickest answer seen at the capture point: from the peer's
                              * segment, sent once, to this side's first ack covering it (a trip
                              * from the point to this side and back); valid when trip_n > 0 */
    int64_t  sent_ts;        /* when its newest sequence-taking segment was first seen */
    rstan_verdict_t *rst_verdict;   /* last reset of this sender: amended later */
    uint64_t copy_link;      /* station that relayed second sightings of its packets (link_src) */
    uint32_t copy_n;         /* second sightings relayed by it */
    uint32_t isn;
    uint32_t fin_seq;
    uint32_t post_handshake; /* segments sent without SYN */
    uint32_t nxt;            /* highest seq + len (+SYN/FIN) sent */
    uint32_t max_ack;        /* highest ack sent */
    uint32_t packets, data_packets;
    uint32_t last_frame, last_data_frame;
    uint32_t last_seq, last_ack, last_len;
    uint32_t ttl_n;
    uint32_t retx_streak;    /* retransmissions since the peer's ack last moved */
    uint32_t data_since_peer_data; /* bytes sent since the peer last sent data */
    uint32_t rst_count;
    uint32_t rst_seq, rst_ack, rst_frame;
    uint32_t rst_answers;    /* the frame its last reset answered, 0 if none */
    uint32_t bogus_ack_frame;/* its last segment acking data the peer could not have sent, 0 none */
    uint32_t trip_n;         /* answers timed into trip_ns */
    uint32_t label;          /* IPv6 flow label of its first packet */
    uint32_t sent_end;       /* that segment's end, still to be acked; sent_waits says so */
    uint16_t win;            /* last window field */
    uint16_t win_max;        /* largest window field sent after the handshake */
    uint16_t ipid_last;
    uint16_t rst_ipid;
    bool     seen, syn, synack, fin, rst;
    bool     sent_waits;     /* sent_ts/sent_end await their ack (none sent again: Karn) */
    bool     trip_handshake; /* trip_ns includes its answer in the handshake */
    bool     trip_sure;      /* trip_ns rests on an answer no application holds back: its SYN-ACK,
                              * or its handshake ACK and one more answer (learn_trip) */
    bool     ack_valid;      /* max_ack holds an ack this side sent */
    bool     ipid_valid;
    bool     label_known;
    bool     label_steady;   /* every packet of it carried label, and label is not 0 */
    bool     retx_acked;     /* the peer acked since; cleared streak on our next segment */
    uint8_t  syn_flags;      /* flags of its first SYN (to spot SYN+FIN, SYN+URG) */
    bool     syn_crafted;    /* its SYN was crafted: no TCP option, or nmap's (rstan_probe_syn) */
    int8_t   wscale;
    uint8_t  last_flags;
    uint8_t  last_tos;
    uint8_t  hops_min, hops_max, ttl_class;
    uint8_t  sighting_next;  /* where the next sighting goes */
    uint8_t  sighting_ttl;   /* the TTL of its sightings while they all share one */
    bool     sighting_mixed; /* its sightings came at more than one TTL */
    uint8_t  ttl_classes;    /* one bit per initial-TTL class its packets came in (rstan_ttl_class_bit) */
    uint8_t  copy_hops_min, copy_hops_max, copy_ttl_class; /* their hop distances */
    uint8_t  rst_ttl, rst_flags;
    uint8_t  last_ttl;
    uint8_t  last_ip_version;
} rstan_flow_t;

typedef struct {
    rstan_flow_t flow[2];
    int64_t  last_ts;        /* last packet of either side */
    int64_t  last_gap_ns;    /* silence before the last packet */
    /* How this connection ends, caller-owned; NULL until attached. A
     * capture-point matcher keys connections by (point, 4-tuple) outside the
     * engine: nothing here depends on the key. */
    rstan_conn_end_t *end;
    uint32_t packets;
    int8_t   client_dir;     /* -1 unknown */
    bool     synchronised;   /* a handshake completed or data flowed both ways */
    bool     midstream;      /* first packet was not a SYN */
    bool     prior_close;    /* an earlier connection on this 4-tuple was closed */
} rstan_conv_t;

/* Thresholds the user can tune (see rstan-prefs.c). */
typedef struct {
    uint32_t ttl_tolerance;      /* hop difference still treated as noise */
    uint32_t idle_threshold_ms;  /* silence that counts as idle */
    uint32_t retx_threshold;     /* retransmissions that count as giving up */
    uint32_t burst_window_ms;    /* resets this close together form a burst */
    uint32_t min_rtt_us;         /* timing evidence only above this round trip */
    uint32_t ipid_max_step;      /* IP ID step still counted as continuous */
    uint32_t both_sides_window_ms;  /* resets to both endpoints this close are one act */
    uint32_t after_spoof_window_ms; /* a spoofed reset taints these hosts this long */
} rstan_config_t;

/* Notes a non-reset segment may carry about an earlier reset. */
typedef enum {
    RSTAN_NOTE_NONE = 0,
    RSTAN_NOTE_CHALLENGE_ACK,    /* RFC 5961 challenge ACK answering a reset */
    RSTAN_NOTE_AFTER_RESET,      /* the reset's claimed sender carried on */
    RSTAN_NOTE_IGNORED           /* the receiver carried on after a reset */
} rstan_note_kind_t;

typedef struct {
    uint8_t  kind;               /* rstan_note_kind_t */
    uint32_t reset_frame;
} rstan_note_t;

/* Fill cfg with the defaults. */
void rstan_config_default(rstan_config_t *cfg);

/* Prepare a new connection or host record. */
void rstan_conv_init(rstan_conv_t *conv);
void rstan_host_init(rstan_host_t *host);

/* Connection identity, before feeding seg: a SYN after the connection on
 * this 4-tuple ended (both FINs, or a reset) starts a new connection (RFC
 * 9293 §3.10.7.4, TIME_WAIT reuse), as does the first segment. Returns true
 * when seg starts a connection; the caller then attaches a fresh end record.
 * rstan_feed() makes the same check, so calling this is optional. */
bool rstan_begin(rstan_conv_t *conv, const rstan_segment_t *seg);

/* Attach the caller-owned record the engine fills with how this connection
 * ends (first reset, count of resets). end->first_frame is the caller's. */
void rstan_conv_attach_end(rstan_conv_t *conv, rstan_conn_end_t *end);

/* Which host baselines the engine wants for seg (docs/decisions.md, Hop
 * distance: a few packets per connection suffice, so ordinary traffic costs
 * no host lookup). The caller passes NULL for a host it was not asked for. */
void rstan_wants_hosts(const rstan_conv_t *conv, const rstan_segment_t *seg,
                       bool *want_src, bool *want_dst);

/* Feed one segment of conv, in capture order.
 *   src, dst: the hosts of the segment's addresses (may be NULL).
 *   out:      filled when the segment has RST set; must stay at its address
 *             while conv lives, since later segments may amend it.
 *   note:     filled when this non-reset segment relates to an earlier reset
 *             (may be NULL).
 * Returns true when out was filled. Never fails: missing state gives
 * unknown/unverified values. */
bool rstan_feed(rstan_conv_t *conv, rstan_host_t *src, rstan_host_t *dst,
                const rstan_segment_t *seg, const rstan_config_t *cfg,
                rstan_verdict_t *out, rstan_note_t *note);

/* What a reset's hop distance was judged against. */
enum { RSTAN_BASIS_NONE, RSTAN_BASIS_CONN_ONE, RSTAN_BASIS_CONN, RSTAN_BASIS_HOST, RSTAN_BASIS_VARIES };

/* A second capture of a reset says what its first capture says, also after
 * later segments amended that one: refresh copy from copy->copy_src, keeping
 * its own frame, TTL and hop distance. */
void rstan_follow_copy(rstan_verdict_t *copy);

/* Whether v should be judged again when its sender's host baseline changes:
 * it was judged with none (RSTAN_EV_NO_BASELINE), or against the host's or a
 * single packet's distance, which the host's later packets may show to vary. */
bool rstan_wants_rejudge(const rstan_verdict_t *v);

/* Whether host has a baseline yet (any non-reset packet seen). */
bool rstan_host_known(const rstan_host_t *host);

/* A reset judged with no baseline for its sender is judged again once host
 * has packets, and one judged against a baseline the host's packets later
 * show to vary is judged again without it: later packets count on a second
 * pass. Returns true when v was re-judged. */
bool rstan_rejudge_hops(rstan_verdict_t *v, const rstan_host_t *host, const rstan_config_t *cfg);

/* The one decision: origin, verdict, cause, phase and confidence from v's
 * evidence and candidate causes. Every judgement and re-judgement goes
 * through it, so the same evidence always gives the same answer. */
void rstan_decide(rstan_verdict_t *v);

/* Capture points: what comparing the points says about this copy of a reset
 * (made between two points, seen crossing them, lost between them) replaces
 * the points evidence of v, and v is decided again. Phase and cause stay as
 * judged at the copy's own point, except where rstan_decide() takes a
 * middlebox's phase and cause for a reset made between the points. */
void rstan_judge_points(rstan_verdict_t *v, bool between, bool crossed, bool lost);
/* The reset answers, at once, a segment of its receiver that carried data. */
bool rstan_answers_data(const rstan_verdict_t *v);

/* Whether the reset's ACK flag and number fit a genuine template. */
bool rstan_ack_fits(const rstan_verdict_t *v);

/* Initial-TTL class (32, 64, 128, 255) and hop distance of a TTL. */
uint8_t rstan_ttl_class(uint8_t ttl);
uint8_t rstan_hops(uint8_t ttl);
/* One bit per initial-TTL class: 32, 64, 128, 255. */
uint8_t rstan_ttl_class_bit(uint8_t ttl);

/* Longer paths are not believable: a reset "farther" than this carries a TTL
 * its sender chose, not one worn down by routers (docs/decisions.md, Hop
 * distance: no distance over 35). */
#define RSTAN_MAX_HOPS 35

/* Explicit reasons on the wire (rstan-reason.c). Decode the reset's payload
 * bytes (p, n; n may be 0) and its MP_TCPRST reason (mptcp_reason = code + 1,
 * 0 when absent); with window_codes, a non-zero window is a load balancer's
 * code. Fills seg's reason_kind, reason_code and reason_cause and writes the
 * reason text into buf (NUL-ended, as sent with unprintable bytes as '.',
 * "" when none). */
void rstan_reason_decode(const uint8_t *p, uint32_t n, uint8_t mptcp_reason, bool window_codes,
                         rstan_segment_t *seg, char *buf, size_t buflen);

/* The names, texts and weights of the table's entries. */
#include "rstan-names.h"

#ifdef __cplusplus
}
#endif

#endif /* RSTAN_ENGINE_H */
