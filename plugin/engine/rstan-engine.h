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
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

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

/* Enum values are filter numbers: never renumber, only append. 0 is unknown. */
typedef enum {
    RSTAN_PHASE_UNKNOWN = 0,
    RSTAN_PHASE_HANDSHAKE,
    RSTAN_PHASE_ESTABLISHED,
    RSTAN_PHASE_TEARDOWN,
    RSTAN_PHASE_CLOSED
} rstan_phase_t;

typedef enum {
    RSTAN_CAUSE_UNKNOWN = 0,
    RSTAN_CAUSE_PORT_CLOSED,
    RSTAN_CAUSE_FIREWALL_REJECT,
    RSTAN_CAUSE_BACKLOG_OVERFLOW,
    RSTAN_CAUSE_TIME_WAIT_REUSE,
    RSTAN_CAUSE_MALFORMED_SYN,
    RSTAN_CAUSE_HALF_OPEN_SCAN,
    RSTAN_CAUSE_CONNECT_ABORT,
    RSTAN_CAUSE_RETRANSMISSION_TIMEOUT,
    RSTAN_CAUSE_IDLE_TIMEOUT,
    RSTAN_CAUSE_STATE_EXPIRED,
    RSTAN_CAUSE_APP_ABORT,
    RSTAN_CAUSE_UNREAD_DATA_CLOSE,
    RSTAN_CAUSE_DATA_AFTER_CLOSE,
    RSTAN_CAUSE_LB_FAST_CLOSE,
    RSTAN_CAUSE_INJECTED
} rstan_cause_t;

typedef enum {
    RSTAN_ORIGIN_UNKNOWN = 0,
    RSTAN_ORIGIN_CLIENT,
    RSTAN_ORIGIN_SERVER,
    RSTAN_ORIGIN_MIDDLEBOX
} rstan_origin_t;

typedef enum {
    RSTAN_VERDICT_UNVERIFIED = 0,
    RSTAN_VERDICT_GENUINE,
    RSTAN_VERDICT_SPOOFED
} rstan_verdict_kind_t;

/* The reset's sequence number against what its receiver expects (RFC 5961 §3.2). */
typedef enum {
    RSTAN_SEQ_NOT_CHECKABLE = 0,
    RSTAN_SEQ_EXACT,
    RSTAN_SEQ_IN_WINDOW,
    RSTAN_SEQ_OUT_OF_WINDOW
} rstan_seq_status_t;

/* Which genuine template the reset fits (RFC 9293 §3.10.7.1, §3.10.7.3, §3.10.4). */
typedef enum {
    RSTAN_SHAPE_NOT_CHECKABLE = 0,
    RSTAN_SHAPE_NO_CONN_SYN,   /* RST+ACK, ack = SEG.SEQ+SEG.LEN, answering a segment without ACK */
    RSTAN_SHAPE_NO_CONN_ACK,   /* RST, seq = SEG.ACK, answering a segment with ACK */
    RSTAN_SHAPE_ABORT,         /* RST(+ACK), seq = the sender's next sequence number */
    RSTAN_SHAPE_NONE           /* fits no genuine template: crafted by something */
} rstan_shape_t;

/* An explicit reason carried on the wire, decoded by the caller. */
typedef enum {
    RSTAN_REASON_NONE = 0,
    RSTAN_REASON_TEXT,         /* printable reset payload */
    RSTAN_REASON_DIAG,         /* RST diagnostic payload, magic 0x33AA */
    RSTAN_REASON_MPTCP,        /* MP_TCPRST option (RFC 8684 §3.6) */
    RSTAN_REASON_WINDOW_CODE   /* a load balancer's code in the window field */
} rstan_reason_kind_t;

/* Evidence bits. Each names one observation; rstan_decide() weighs them. */
#define RSTAN_EV_TTL_CLASS       (1u << 0)  /* initial-TTL class differs from the sender's */
#define RSTAN_EV_HOPS_CLOSER     (1u << 1)  /* two or more hops closer than the sender */
#define RSTAN_EV_HOPS_FARTHER    (1u << 2)  /* two or more hops farther than the sender */
#define RSTAN_EV_HOPS_CLOSER1    (1u << 3)  /* one hop closer than a stable sender baseline */
#define RSTAN_EV_HOPS_MATCH      (1u << 4)  /* hop distance matches the sender's */
#define RSTAN_EV_IPID_CONT       (1u << 5)  /* IP ID continues the sender's sequence */
#define RSTAN_EV_IPID_JUMP       (1u << 6)  /* IP ID far off the sender's sequence */
#define RSTAN_EV_SHAPE_FIT       (1u << 7)  /* fits a genuine stack's template */
#define RSTAN_EV_SHAPE_NONE      (1u << 8)  /* fits no genuine template */
#define RSTAN_EV_FORGOT          (1u << 9)  /* "no connection" reply from an endpoint that had one */
#define RSTAN_EV_RACE            (1u << 10) /* the sender went on after its reset and acked what it answered */
#define RSTAN_EV_CARRIED_ON      (1u << 11) /* the sender went on after its reset */
#define RSTAN_EV_CHALLENGED      (1u << 12) /* the receiver answered with a challenge ACK */
#define RSTAN_EV_IGNORED         (1u << 13) /* the receiver carried on as if nothing happened */
#define RSTAN_EV_BURST           (1u << 14) /* one of several resets with changing seq/ack/TTL */
#define RSTAN_EV_TYPE1_WINDOW    (1u << 15) /* RST without ACK and a non-zero window */
#define RSTAN_EV_TOO_FAST        (1u << 16) /* arrived sooner than half a round trip */
#define RSTAN_EV_TOS_COPIED      (1u << 17) /* TOS copied from the segment answered */
#define RSTAN_EV_TOS_ZEROED      (1u << 18) /* TOS 0 answering a segment with TOS set */
#define RSTAN_EV_BOTH_SIDES      (1u << 19) /* both endpoints got a reset at once */
#define RSTAN_EV_REASON          (1u << 20) /* explicit reason on the wire */
#define RSTAN_EV_DUPLICATE       (1u << 21) /* repeats an earlier reset of the same sender */
#define RSTAN_EV_NO_BASELINE     (1u << 22) /* no other packet of the sender to compare */
#define RSTAN_EV_LOCAL           (1u << 23) /* sent from the capture host, like the sender's packets */
#define RSTAN_EV_AFTER_SPOOF     (1u << 24) /* follows a spoofed reset between these hosts */
#define RSTAN_EV_COUNT           25

/* Per-host baseline, learned from every non-reset packet the host sends. */
typedef struct {
    uint32_t packets;        /* non-reset packets seen from this host */
    uint8_t  hops_min;       /* hop distance range (initial TTL class minus TTL) */
    uint8_t  hops_max;
    uint8_t  ttl_class;      /* initial-TTL class of its packets: 32, 64, 128 or 255 */
    uint8_t  spoofed_recent; /* 1 after a reset claiming this host was called spoofed */
    int64_t  spoofed_ts_ns;
} rstan_host_t;

/* One TCP segment as the caller read it. */
typedef struct {
    uint32_t frame;
    int64_t  ts_ns;          /* capture time in ns, within +-RSTAN_TS_MAX_NS */
    uint8_t  dir;            /* 0 or 1: which side of the connection sent it */
    uint16_t sport, dport;
    uint8_t  flags;          /* RSTAN_TCP_* */
    uint32_t seq, ack;       /* raw, not relative */
    uint16_t win;            /* raw window field */
    int8_t   wscale;         /* window scale option on a SYN, -1 if absent */
    uint32_t payload_len;
    uint8_t  ip_version;     /* 4 or 6 */
    uint8_t  ttl;            /* TTL or hop limit */
    uint16_t ip_id;          /* IPv4 only */
    uint8_t  tos;            /* TOS / traffic class */
    bool     df;
    uint8_t  reason_kind;    /* rstan_reason_kind_t */
    uint16_t reason_code;
    uint8_t  reason_cause;   /* rstan_cause_t the caller read from the reason, or 0 */
} rstan_segment_t;

/* A reset's analysis. Fields with "frame" are 0 when absent. */
typedef struct rstan_verdict {
    int64_t  idle_ns;        /* silence in the connection before the reset, -1 unknown */
    int64_t  rtt_ns;         /* handshake round trip at the capture point, -1 unknown */
    uint32_t frame;          /* the reset's own frame */
    uint32_t seq, ack;
    int32_t  ipid_step;      /* IP ID minus the sender's previous one, mod 2^16 */
    uint32_t retransmissions;/* the sender's retransmissions just before */
    uint32_t answers_frame;  /* the segment it answers */
    uint32_t challenge_frame;/* the receiver's challenge ACK */
    uint32_t after_frame;    /* first segment of the claimed sender after the reset */
    uint32_t burst_count;    /* resets in this sender's burst, 0 if none */
    uint32_t evidence;       /* RSTAN_EV_* */
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
    uint8_t  confidence;     /* 0..100 */
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
    uint8_t  answered_flags; /* TCP flags of the segment it answers */
} rstan_verdict_t;

/* Per direction state (fields ordered by size: one per connection and side). */
typedef struct {
    int64_t  last_ts, last_data_ts;
    int64_t  rst_ts;
    rstan_verdict_t *rst_verdict;   /* last reset of this sender: amended later */
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
    uint16_t win;            /* last window field */
    uint16_t win_max;        /* largest window field sent after the handshake */
    uint16_t ipid_last;
    bool     seen, syn, synack, fin, rst;
    bool     ack_valid;      /* max_ack holds an ack this side sent */
    bool     ipid_valid;
    bool     retx_acked;     /* the peer acked since; cleared streak on our next segment */
    uint8_t  syn_flags;      /* flags of its first SYN (to spot SYN+FIN, SYN+URG) */
    int8_t   wscale;
    uint8_t  last_flags;
    uint8_t  last_tos;
    uint8_t  hops_min, hops_max, ttl_class;
    uint8_t  rst_ttl;
} rstan_flow_t;

typedef struct {
    rstan_flow_t flow[2];
    int64_t  syn_ts, synack_ts;
    int64_t  rtt_ns;         /* -1 unknown */
    int64_t  last_ts;        /* last packet of either side */
    int64_t  last_gap_ns;    /* silence before the last packet */
    /* Summary of how the connection ended, for connection-level fields. */
    rstan_verdict_t *first_reset;
    uint32_t packets;
    uint32_t resets;
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

/* A reset judged with no baseline for its sender (RSTAN_EV_NO_BASELINE) is
 * judged again once host has packets: later packets count on a second pass.
 * Returns true when v was re-judged. */
bool rstan_rejudge_hops(rstan_verdict_t *v, const rstan_host_t *host, const rstan_config_t *cfg);

/* Recompute origin, verdict, cause and confidence from v's evidence.
 * rstan_feed() calls it; exposed for tests. */
void rstan_decide(rstan_verdict_t *v);

/* Initial-TTL class (32, 64, 128, 255) and hop distance of a TTL. */
uint8_t rstan_ttl_class(uint8_t ttl);
uint8_t rstan_hops(uint8_t ttl);

/* Filter strings of the enums (as in SPEC.md) and of the evidence bits. */
const char *rstan_phase_name(unsigned phase);
const char *rstan_cause_name(unsigned cause);
const char *rstan_origin_name(unsigned origin);
const char *rstan_verdict_name(unsigned verdict);
const char *rstan_seq_status_name(unsigned status);
const char *rstan_shape_name(unsigned shape);
const char *rstan_evidence_name(unsigned bit_index);
const char *rstan_evidence_text(unsigned bit_index);
/* A one-line hint for the analyst: what to check next for this cause. */
const char *rstan_cause_hint(unsigned cause);

#ifdef __cplusplus
}
#endif

#endif /* RSTAN_ENGINE_H */
