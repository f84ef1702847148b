/* rstan-engine.c
 *
 * The TCP reset classifier. Each rule is a small named function that says
 * which standard or observed stack behaviour it relies on; rstan_decide()
 * weighs the evidence bits into origin, verdict and confidence. See
 * rstan-engine.h for the API contract.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-engine.h"

#include <stddef.h>
#include <string.h>

#define NS_PER_MS 1000000LL

/* Sequence arithmetic modulo 2^32 (RFC 9293 §3.4). */
static bool seq_gt(uint32_t a, uint32_t b) { return (int32_t)(a - b) > 0; }
static bool seq_geq(uint32_t a, uint32_t b) { return (int32_t)(a - b) >= 0; }

void rstan_config_default(rstan_config_t *cfg)
{
    cfg->ttl_tolerance = 1;
    cfg->idle_threshold_ms = 10000;
    cfg->retx_threshold = 3;
    cfg->burst_window_ms = 2000;
    cfg->min_rtt_us = 1000;
    cfg->ipid_max_step = 1024;
}

void rstan_conv_init(rstan_conv_t *conv)
{
    memset(conv, 0, sizeof(*conv));
    conv->client_dir = -1;
    conv->rtt_ns = -1;
    conv->syn_ts = -1;
    conv->synack_ts = -1;
    conv->flow[0].wscale = -1;
    conv->flow[1].wscale = -1;
}

void rstan_host_init(rstan_host_t *host)
{
    memset(host, 0, sizeof(*host));
}

/* Initial TTLs in use are 32, 64, 128 and 255 (RST-KNOWLEDGE, "Hop distance"). */
uint8_t rstan_ttl_class(uint8_t ttl)
{
    if (ttl <= 32)
        return 32;
    if (ttl <= 64)
        return 64;
    if (ttl <= 128)
        return 128;
    return 255;
}

uint8_t rstan_hops(uint8_t ttl)
{
    return (uint8_t)(rstan_ttl_class(ttl) - ttl);
}

/* Distances over 35 hops are not believable paths: ignore them. */
#define RSTAN_MAX_HOPS 35

static void learn_hops(uint8_t *hmin, uint8_t *hmax, uint8_t *cls, uint32_t *n, uint8_t ttl)
{
    uint8_t h = rstan_hops(ttl);
    if (h > RSTAN_MAX_HOPS)
        return;
    if (*n == 0 || rstan_ttl_class(ttl) != *cls) {
        /* A new class replaces the old one only when nothing was learned yet. */
        if (*n != 0)
            return;
        *cls = rstan_ttl_class(ttl);
        *hmin = *hmax = h;
    } else {
        if (h < *hmin)
            *hmin = h;
        if (h > *hmax)
            *hmax = h;
    }
    (*n)++;
}

/* ------------------------------------------------------------------------ */
/* Weighing                                                                  */

typedef struct {
    uint32_t bit;
    int8_t   weight;   /* > 0: against the claimed sender; < 0: for it */
} rstan_weight_t;

/* Weights follow the strength the sources give each observation:
 * TTL class and distance (RST-KNOWLEDGE "Origin evidence"), template fit
 * (RFC 9293 §3.10.7), race and challenge evidence (Weaver, Sommer, Paxson,
 * NDSS 2009; RFC 5961 §3.2), IP ID and TOS as weak hints. */
static const rstan_weight_t rstan_weights[] = {
    { RSTAN_EV_TTL_CLASS,     60 },
    { RSTAN_EV_HOPS_CLOSER,   50 },
    { RSTAN_EV_HOPS_FARTHER,  45 },
    { RSTAN_EV_HOPS_CLOSER1,  25 },
    { RSTAN_EV_HOPS_MATCH,   -30 },
    { RSTAN_EV_IPID_CONT,    -25 },
    { RSTAN_EV_IPID_JUMP,     20 },
    { RSTAN_EV_SHAPE_FIT,    -10 },
    { RSTAN_EV_SHAPE_NONE,    50 },
    { RSTAN_EV_FORGOT,        20 },
    { RSTAN_EV_RACE,         100 },
    { RSTAN_EV_CARRIED_ON,    90 },
    { RSTAN_EV_CHALLENGED,    30 },
    { RSTAN_EV_IGNORED,       20 },
    { RSTAN_EV_BURST,         60 },
    { RSTAN_EV_TYPE1_WINDOW,  30 },
    { RSTAN_EV_TOO_FAST,      50 },
    { RSTAN_EV_TOS_COPIED,   -10 },
    { RSTAN_EV_TOS_ZEROED,    10 },
    { RSTAN_EV_BOTH_SIDES,    15 },
    { RSTAN_EV_LOCAL,        -30 },
    { RSTAN_EV_AFTER_SPOOF,   10 },
};

/* Signs of a device racing the endpoints rather than enforcing a policy:
 * a shape no stack makes, the real sender carrying on with what the reset
 * answered, a challenge ACK or a receiver ignoring it, a burst walking the
 * window, the type-1 censor shape (Weaver et al. 2009). */
#define RSTAN_EV_INJECTION (RSTAN_EV_SHAPE_NONE | RSTAN_EV_RACE | RSTAN_EV_CHALLENGED | \
                            RSTAN_EV_IGNORED | RSTAN_EV_BURST | RSTAN_EV_TYPE1_WINDOW)

void rstan_decide(rstan_verdict_t *v)
{
    int against = 0, for_sender = 0;
    for (size_t i = 0; i < sizeof(rstan_weights) / sizeof(rstan_weights[0]); i++) {
        if (!(v->evidence & rstan_weights[i].bit))
            continue;
        if (rstan_weights[i].weight > 0)
            against += rstan_weights[i].weight;
        else
            for_sender -= rstan_weights[i].weight;
    }

    if (against >= 40 && against >= for_sender + 15) {
        bool injected = (v->evidence & RSTAN_EV_INJECTION) != 0;
        /* A device that mimics the endpoint's own abort (RST+ACK at the
         * sender's next sequence number) on a live, non-idle connection is
         * not a filter rejecting a segment: filters answer with the
         * no-connection template (netfilter nf_reject, RST-KNOWLEDGE). */
        if (v->shape == RSTAN_SHAPE_ABORT && v->policy_cause == RSTAN_CAUSE_FIREWALL_REJECT)
            injected = true;
        v->origin = RSTAN_ORIGIN_MIDDLEBOX;
        v->verdict = RSTAN_VERDICT_SPOOFED;
        v->cause = injected ? RSTAN_CAUSE_INJECTED : v->policy_cause;
        v->phase = v->policy_phase;
        v->confidence = (uint8_t)(against - for_sender >= 90 ? 95 : 50 + (against - for_sender) / 2);
        return;
    }

    v->origin = v->claimed;
    v->phase = v->genuine_phase;
    v->cause = v->genuine_cause;
    if (for_sender >= 20 && against < 30) {
        v->verdict = RSTAN_VERDICT_GENUINE;
        int margin = for_sender - against;
        v->confidence = (uint8_t)(margin >= 90 ? 95 : 50 + margin / 2);
    } else {
        v->verdict = RSTAN_VERDICT_UNVERIFIED;
        int gap = for_sender > against ? for_sender - against : against - for_sender;
        v->confidence = (uint8_t)(gap >= 60 ? 10 : 40 - gap / 2);
    }
}

/* ------------------------------------------------------------------------ */
/* Rules on the reset itself                                                  */

typedef struct {
    rstan_conv_t          *conv;
    rstan_flow_t          *s;      /* the reset's claimed sender */
    rstan_flow_t          *r;      /* its receiver */
    rstan_host_t          *src;
    const rstan_segment_t *seg;
    const rstan_config_t  *cfg;
    bool                   answers; /* the receiver's last segment is the newest */
} rstan_ctx_t;

static uint32_t answered_end(const rstan_flow_t *r)
{
    uint32_t end = r->last_seq + r->last_len;
    if (r->last_flags & RSTAN_TCP_SYN)
        end++;
    if (r->last_flags & RSTAN_TCP_FIN)
        end++;
    return end;
}

/* RFC 9293 §3.10.7.1: with no connection, a segment without ACK gets
 * <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, a segment with ACK gets
 * <SEQ=SEG.ACK><CTL=RST>; a synchronised endpoint aborting sends RST at
 * SND.NXT (§3.10.4, ABORT call). */
static uint8_t rule_template(const rstan_ctx_t *c)
{
    const rstan_segment_t *seg = c->seg;
    const rstan_flow_t *s = c->s, *r = c->r;
    bool rst_ack = (seg->flags & RSTAN_TCP_ACK) != 0;

    if (c->answers && !rst_ack && (r->last_flags & RSTAN_TCP_ACK) && seg->seq == r->last_ack)
        return RSTAN_SHAPE_NO_CONN_ACK;
    if (s->seen && seg->seq == s->nxt)
        return RSTAN_SHAPE_ABORT;
    if (c->answers && !(r->last_flags & RSTAN_TCP_ACK) && rst_ack && seg->ack == answered_end(r))
        return RSTAN_SHAPE_NO_CONN_SYN;
    if (c->answers && (r->last_flags & RSTAN_TCP_ACK) && seg->seq == r->last_ack)
        return RSTAN_SHAPE_NO_CONN_ACK;
    /* Answering an earlier segment of the receiver (its acks only grow). */
    if (r->ack_valid && seg->seq == r->max_ack)
        return RSTAN_SHAPE_NO_CONN_ACK;
    if (!s->seen && !r->ack_valid)
        return RSTAN_SHAPE_NOT_CHECKABLE;
    return RSTAN_SHAPE_NONE;
}

/* RFC 5961 §3.2: a reset is accepted only at exactly RCV.NXT; in the window
 * it draws a challenge ACK; outside it is dropped. */
static uint8_t rule_seq_status(const rstan_ctx_t *c, uint8_t shape)
{
    const rstan_flow_t *s = c->s, *r = c->r;
    uint32_t rcv_nxt;

    if (shape == RSTAN_SHAPE_NO_CONN_SYN)
        return RSTAN_SEQ_EXACT;     /* SYN-SENT checks the ACK field instead */
    if (r->ack_valid)
        rcv_nxt = r->max_ack;
    else if (s->seen)
        rcv_nxt = s->nxt;
    else
        return RSTAN_SEQ_NOT_CHECKABLE;

    int32_t diff = (int32_t)(c->seg->seq - rcv_nxt);
    if (diff == 0)
        return RSTAN_SEQ_EXACT;
    /* An abort right after data the receiver has not acked yet: RCV.NXT
     * lies between its last ACK and the sender's next sequence number, and
     * is the latter once that data arrived. */
    if (s->seen && c->seg->seq == s->nxt && diff > 0)
        return RSTAN_SEQ_EXACT;
    uint32_t wnd = r->win ? r->win : 65535;
    if (r->wscale > 0 && c->s->wscale >= 0)
        wnd <<= (r->wscale > 14 ? 14 : r->wscale);
    if (diff > 0 && (uint32_t)diff < wnd)
        return RSTAN_SEQ_IN_WINDOW;
    return RSTAN_SEQ_OUT_OF_WINDOW;
}

/* Hop distance against the sender's other packets: in this connection
 * first, else anywhere in the capture (RST-KNOWLEDGE "Origin evidence").
 * A packet that arrives unrouted (distance 0) cannot come from a host whose
 * packets are routed, so that one-hop difference is not noise. */
static void judge_hops(rstan_verdict_t *v, uint8_t hmin, uint8_t hmax, uint8_t cls, uint32_t n,
                       uint32_t tol)
{
    v->evidence &= ~RSTAN_EV_NO_BASELINE;
    v->hops_expected = hmin;
    if (v->hops > RSTAN_MAX_HOPS)
        return;
    if (v->ttl_class != cls) {
        v->evidence |= RSTAN_EV_TTL_CLASS;
        return;
    }
    if (v->hops < hmin) {
        uint32_t closer = (uint32_t)(hmin - v->hops);
        if (closer > tol || v->hops == 0)
            v->evidence |= RSTAN_EV_HOPS_CLOSER;
        else if (closer == 1 && hmin == hmax && n >= 3)
            v->evidence |= RSTAN_EV_HOPS_CLOSER1;
    } else if (v->hops > hmax) {
        if ((uint32_t)(v->hops - hmax) > tol)
            v->evidence |= RSTAN_EV_HOPS_FARTHER;
    } else {
        v->evidence |= RSTAN_EV_HOPS_MATCH;
        if (hmax == 0)
            v->evidence |= RSTAN_EV_LOCAL;
    }
}

static void rule_hops(const rstan_ctx_t *c, rstan_verdict_t *v)
{
    if (c->s->ttl_n > 0)
        judge_hops(v, c->s->hops_min, c->s->hops_max, c->s->ttl_class, c->s->ttl_n, c->cfg->ttl_tolerance);
    else if (c->src && c->src->packets > 0)
        judge_hops(v, c->src->hops_min, c->src->hops_max, c->src->ttl_class, c->src->packets,
                   c->cfg->ttl_tolerance);
    else
        v->evidence |= RSTAN_EV_NO_BASELINE;
}

bool rstan_rejudge_hops(rstan_verdict_t *v, const rstan_host_t *host, const rstan_config_t *cfg)
{
    if (!(v->evidence & RSTAN_EV_NO_BASELINE) || host == NULL || host->packets == 0)
        return false;
    judge_hops(v, host->hops_min, host->hops_max, host->ttl_class, host->packets, cfg->ttl_tolerance);
    uint8_t origin = v->origin;
    rstan_decide(v);
    if (origin == RSTAN_ORIGIN_UNKNOWN && v->verdict == RSTAN_VERDICT_UNVERIFIED)
        v->origin = RSTAN_ORIGIN_UNKNOWN;
    return true;
}

/* IPv4 ID continuity: a host's IDs move forward in small steps. Linux sends
 * ID 0 with DF from no-socket resets and netfilter does too: no evidence
 * either way (RST-KNOWLEDGE). */
static void rule_ipid(const rstan_ctx_t *c, rstan_verdict_t *v)
{
    const rstan_segment_t *seg = c->seg;
    if (seg->ip_version != 4 || seg->ip_id == 0 || !c->s->ipid_valid || c->s->ipid_last == 0)
        return;
    uint16_t step = (uint16_t)(seg->ip_id - c->s->ipid_last);
    v->has_ipid_step = true;
    v->ipid_step = step;
    if (step >= 1 && step <= c->cfg->ipid_max_step)
        v->evidence |= RSTAN_EV_IPID_CONT;
    else if (step > c->cfg->ipid_max_step && step < 65536 - 64)
        v->evidence |= RSTAN_EV_IPID_JUMP;
}

/* Linux copies the TOS of the segment it answers into a no-socket reset;
 * netfilter's reject sets 0 (RST-KNOWLEDGE). */
static void rule_tos(const rstan_ctx_t *c, rstan_verdict_t *v)
{
    if (!c->answers || c->r->last_tos == 0)
        return;
    if (c->seg->tos == c->r->last_tos)
        v->evidence |= RSTAN_EV_TOS_COPIED;
    else if (c->seg->tos == 0)
        v->evidence |= RSTAN_EV_TOS_ZEROED;
}

/* A reset towards a capture point at the receiver that arrives sooner than
 * half a round trip after what it answers cannot be the far end's. */
static void rule_timing(const rstan_ctx_t *c, rstan_verdict_t *v)
{
    const rstan_conv_t *conv = c->conv;
    if (!c->answers || conv->rtt_ns < (int64_t)c->cfg->min_rtt_us * 1000)
        return;
    bool receiver_local = c->r->ttl_n > 0 && c->r->hops_max == 0;
    bool sender_far = c->s->ttl_n > 0 && c->s->hops_min > 0;
    int64_t dt = c->seg->ts_ns - c->r->last_ts;
    if (receiver_local && sender_far && dt >= 0 && dt < conv->rtt_ns / 2)
        v->evidence |= RSTAN_EV_TOO_FAST;
}

/* Type-1 censor resets carry no ACK and a non-zero window; stacks send
 * window 0 on such resets (Weaver et al. 2009; RST-KNOWLEDGE). */
static void rule_window(const rstan_ctx_t *c, rstan_verdict_t *v)
{
    if (!(c->seg->flags & (RSTAN_TCP_ACK | RSTAN_TCP_SYN)) && c->seg->win != 0 &&
        c->seg->reason_kind != RSTAN_REASON_WINDOW_CODE)
        v->evidence |= RSTAN_EV_TYPE1_WINDOW;
}

/* An endpoint that sent a live segment moments ago does not answer the
 * peer with the "no connection" template unless it closed, reset or gave
 * up first (RFC 9293 §3.10.7.1 applies only to CLOSED). */
static void rule_forgot(const rstan_ctx_t *c, rstan_verdict_t *v)
{
    const rstan_flow_t *s = c->s, *r = c->r;
    if (v->shape != RSTAN_SHAPE_NO_CONN_ACK || c->seg->flags & RSTAN_TCP_ACK)
        return;
    if (!c->conv->synchronised || s->post_handshake == 0)
        return;
    if (s->fin || s->rst || r->rst_count > 0 || s->retx_streak >= c->cfg->retx_threshold)
        return;
    v->evidence |= RSTAN_EV_FORGOT;
}

static bool is_malformed_syn(uint8_t flags)
{
    return (flags & RSTAN_TCP_SYN) && (flags & (RSTAN_TCP_FIN | RSTAN_TCP_RST | RSTAN_TCP_URG));
}

static uint8_t synchronised_phase(const rstan_conv_t *conv)
{
    if (conv->flow[0].fin || conv->flow[1].fin)
        return RSTAN_PHASE_TEARDOWN;
    return RSTAN_PHASE_ESTABLISHED;
}

/* The cause and phase if the endpoint whose address the reset carries sent
 * it, from the connection state at that endpoint. */
static void rule_genuine_cause(const rstan_ctx_t *c, rstan_verdict_t *v)
{
    const rstan_conv_t *conv = c->conv;
    const rstan_flow_t *s = c->s, *r = c->r;
    const rstan_segment_t *seg = c->seg;
    const rstan_config_t *cfg = c->cfg;
    bool sender_is_client = conv->client_dir == (int8_t)seg->dir;
    int64_t idle_ns = (int64_t)cfg->idle_threshold_ms * NS_PER_MS;
    uint8_t cause = RSTAN_CAUSE_UNKNOWN, phase = RSTAN_PHASE_UNKNOWN;

    if (seg->flags & RSTAN_TCP_SYN) {
        /* The reset is itself a SYN with an invalid flag mix. */
        cause = RSTAN_CAUSE_MALFORMED_SYN;
        phase = RSTAN_PHASE_HANDSHAKE;
    } else if (!s->seen && !r->seen) {
        /* A lone reset: nothing to judge it by. */
    } else if (c->answers && (r->last_flags & RSTAN_TCP_SYN) && !(r->last_flags & RSTAN_TCP_ACK)) {
        /* Answers a SYN: no listener, or a malformed SYN (RFC 9293 §3.10.7.1). */
        phase = RSTAN_PHASE_HANDSHAKE;
        cause = is_malformed_syn(r->last_flags) ? RSTAN_CAUSE_MALFORMED_SYN : RSTAN_CAUSE_PORT_CLOSED;
    } else if (s->rst || r->rst_count > 0) {
        /* The sender no longer had the connection after an earlier reset. */
        phase = RSTAN_PHASE_CLOSED;
        cause = RSTAN_CAUSE_DATA_AFTER_CLOSE;
    } else if (sender_is_client && s->syn && !conv->synchronised && c->answers &&
               (r->last_flags & RSTAN_TCP_SYN)) {
        /* The initiator's kernel has no socket for the SYN-ACK: its SYN came
         * from a raw socket (half-open scan; RST-KNOWLEDGE, Linux). */
        phase = RSTAN_PHASE_HANDSHAKE;
        cause = is_malformed_syn(s->syn_flags) ? RSTAN_CAUSE_MALFORMED_SYN : RSTAN_CAUSE_HALF_OPEN_SCAN;
    } else if (sender_is_client && s->syn && !r->synack && c->answers &&
               (r->last_flags & RSTAN_TCP_ACK) && !conv->synchronised) {
        /* SYN answered by a bare ACK: the 4-tuple is in TIME_WAIT at the peer,
         * whose ACK the initiator resets (RFC 9293 §3.10.7.3; RST-KNOWLEDGE). */
        phase = RSTAN_PHASE_HANDSHAKE;
        cause = RSTAN_CAUSE_TIME_WAIT_REUSE;
    } else if (!sender_is_client && s->synack && s->data_packets == 0 && s->post_handshake == 0 &&
               !(seg->flags & RSTAN_TCP_ACK)) {
        /* The listener resets the handshake's last ACK before ever sending:
         * accept queue full with tcp_abort_on_overflow (Linux). */
        phase = RSTAN_PHASE_HANDSHAKE;
        cause = RSTAN_CAUSE_BACKLOG_OVERFLOW;
    } else if (s->retx_streak >= cfg->retx_threshold) {
        /* Linux gives up silently and resets the next segment from the peer;
         * Windows sends RST+ACK when it gives up (RST-KNOWLEDGE). */
        if (v->shape == RSTAN_SHAPE_NO_CONN_ACK && !(seg->flags & RSTAN_TCP_ACK))
            phase = RSTAN_PHASE_CLOSED;
        else
            phase = synchronised_phase(conv);
        cause = RSTAN_CAUSE_RETRANSMISSION_TIMEOUT;
    } else if (s->fin) {
        /* Data reached an endpoint that had already closed its side. */
        phase = r->fin ? RSTAN_PHASE_CLOSED : RSTAN_PHASE_TEARDOWN;
        cause = RSTAN_CAUSE_DATA_AFTER_CLOSE;
    } else if (r->fin) {
        /* A reset answers the peer's FIN instead of completing the close. */
        phase = RSTAN_PHASE_TEARDOWN;
        cause = RSTAN_CAUSE_LB_FAST_CLOSE;
    } else if (v->shape == RSTAN_SHAPE_NO_CONN_ACK && !(seg->flags & RSTAN_TCP_ACK) &&
               conv->synchronised) {
        /* A "no connection" reply: the sender had lost the connection. */
        phase = RSTAN_PHASE_CLOSED;
        cause = RSTAN_CAUSE_DATA_AFTER_CLOSE;
    } else if (conv->synchronised || conv->midstream) {
        phase = RSTAN_PHASE_ESTABLISHED;
        if (v->idle_ns >= idle_ns) {
            cause = RSTAN_CAUSE_IDLE_TIMEOUT;
        } else if (sender_is_client && s->data_packets == 0 && r->data_packets == 0 && !conv->midstream) {
            /* Handshake, then straight away a reset: connect() scan. */
            cause = RSTAN_CAUSE_CONNECT_ABORT;
        } else if (r->last_data_frame > s->last_data_frame && r->last_data_frame != 0 &&
                   (!sender_is_client || (s->win_max != 0 && seg->win < s->win_max))) {
            /* Linux resets instead of sending FIN when the application
             * closes with received data unread. A server that aborts after
             * the client's data without ever answering it did not read it;
             * from a client, only a reset advertising a window still shrunk
             * by the data says so (a client aborting after a response has
             * read it). */
            cause = RSTAN_CAUSE_UNREAD_DATA_CLOSE;
        } else {
            cause = RSTAN_CAUSE_APP_ABORT;
        }
    } else if (s->syn || r->syn || s->synack || r->synack) {
        phase = RSTAN_PHASE_HANDSHAKE;
    }
    if (seg->reason_cause != RSTAN_CAUSE_UNKNOWN && seg->reason_cause <= RSTAN_CAUSE_INJECTED)
        cause = seg->reason_cause;
    v->genuine_cause = cause;
    v->genuine_phase = phase;
}

/* The cause if a filtering or stateful device sent it as policy: a rejected
 * SYN, a segment of a connection it had forgotten after an idle gap, a
 * connection it timed out itself, or a rejected segment. */
static void rule_policy_cause(const rstan_ctx_t *c, rstan_verdict_t *v)
{
    const rstan_conv_t *conv = c->conv;
    const rstan_flow_t *r = c->r;
    int64_t idle_ns = (int64_t)c->cfg->idle_threshold_ms * NS_PER_MS;

    if (c->answers && (r->last_flags & RSTAN_TCP_SYN) && !(r->last_flags & RSTAN_TCP_ACK)) {
        v->policy_cause = RSTAN_CAUSE_FIREWALL_REJECT;
        v->policy_phase = RSTAN_PHASE_HANDSHAKE;
        return;
    }
    v->policy_phase = conv->synchronised || conv->midstream ? synchronised_phase(conv)
                      : (conv->packets > 0 ? RSTAN_PHASE_HANDSHAKE : RSTAN_PHASE_UNKNOWN);
    if (c->answers && r->last_frame != 0 && conv->last_gap_ns >= idle_ns &&
        r->last_ts == conv->last_ts)
        v->policy_cause = RSTAN_CAUSE_STATE_EXPIRED;
    else if (!c->answers && v->idle_ns >= idle_ns)
        v->policy_cause = RSTAN_CAUSE_IDLE_TIMEOUT;
    else
        v->policy_cause = RSTAN_CAUSE_FIREWALL_REJECT;
}

/* Several resets from one side within a short time with changing sequence
 * beyond anything it sent, changing ack, or changing TTL: an injector
 * covering the window (Weaver et al. 2009; Zeek repeats 'R' only when the
 * sequence changes). An identical repeat is a retransmitted reset. */
static void rule_burst(rstan_ctx_t *c, rstan_verdict_t *v)
{
    rstan_flow_t *s = c->s;
    const rstan_segment_t *seg = c->seg;
    if (s->rst_count == 0 || s->rst_verdict == NULL)
        return;
    if (seg->seq == s->rst_seq && seg->ack == s->rst_ack && seg->ttl == s->rst_ttl) {
        v->evidence |= RSTAN_EV_DUPLICATE;
        return;
    }
    if (seg->ts_ns - s->rst_ts > (int64_t)c->cfg->burst_window_ms * NS_PER_MS)
        return;
    bool seq_jump = seq_gt(seg->seq, s->rst_seq + 2) && s->seen && seq_gt(seg->seq, s->nxt);
    bool ack_change = (seg->flags & RSTAN_TCP_ACK) && seg->ack != s->rst_ack;
    bool ttl_change = seg->ttl != s->rst_ttl;
    if (!(seq_jump || ack_change || ttl_change))
        return;
    rstan_verdict_t *prev = s->rst_verdict;
    v->evidence |= RSTAN_EV_BURST;
    v->burst_count = (prev->burst_count ? prev->burst_count : 1) + 1;
    prev->evidence |= RSTAN_EV_BURST;
    prev->burst_count = v->burst_count;
    rstan_decide(prev);
}

/* Resets towards both endpoints at once (Great Firewall pattern). */
static void rule_both_sides(rstan_ctx_t *c, rstan_verdict_t *v)
{
    rstan_flow_t *r = c->r;
    if (r->rst_count == 0 || r->rst_verdict == NULL)
        return;
    int64_t dt = c->seg->ts_ns - r->rst_ts;
    if (dt < 0 || dt > 10 * NS_PER_MS)
        return;
    v->evidence |= RSTAN_EV_BOTH_SIDES;
    r->rst_verdict->evidence |= RSTAN_EV_BOTH_SIDES;
    rstan_decide(r->rst_verdict);
}

static void mark_spoof(rstan_host_t *host, const rstan_verdict_t *v, int64_t ts)
{
    if (host && v->verdict == RSTAN_VERDICT_SPOOFED) {
        host->spoofed_recent = 1;
        host->spoofed_ts_ns = ts;
    }
}

static void classify_reset(rstan_ctx_t *c, rstan_verdict_t *v)
{
    rstan_conv_t *conv = c->conv;
    const rstan_segment_t *seg = c->seg;
    rstan_flow_t *s = c->s, *r = c->r;

    memset(v, 0, sizeof(*v));
    v->frame = seg->frame;
    v->dir = seg->dir;
    v->seq = seg->seq;
    v->ack = seg->ack;
    v->ttl = seg->ttl;
    v->ttl_class = rstan_ttl_class(seg->ttl);
    v->hops = rstan_hops(seg->ttl);
    v->hops_expected = -1;
    v->idle_ns = conv->packets > 0 ? seg->ts_ns - conv->last_ts : -1;
    if (v->idle_ns < -1)
        v->idle_ns = 0;
    v->rtt_ns = conv->rtt_ns;
    v->retransmissions = s->retx_streak;
    v->reason_kind = seg->reason_kind;
    v->reason_code = seg->reason_code;
    if (seg->reason_kind != RSTAN_REASON_NONE)
        v->evidence |= RSTAN_EV_REASON;
    if (conv->client_dir >= 0)
        v->claimed = conv->client_dir == (int8_t)seg->dir ? RSTAN_ORIGIN_CLIENT : RSTAN_ORIGIN_SERVER;

    c->answers = r->seen && r->last_frame != 0 && r->last_frame > s->last_frame;
    if (c->answers) {
        v->answers_frame = r->last_frame;
        v->answered_flags = r->last_flags;
        v->answered_end = answered_end(r);
        v->answered_len = r->last_len;
    }

    if (seg->flags & RSTAN_TCP_SYN)
        v->shape = RSTAN_SHAPE_NOT_CHECKABLE;
    else
        v->shape = rule_template(c);
    if (v->shape == RSTAN_SHAPE_NONE)
        v->evidence |= RSTAN_EV_SHAPE_NONE;
    else if (v->shape != RSTAN_SHAPE_NOT_CHECKABLE)
        v->evidence |= RSTAN_EV_SHAPE_FIT;
    v->seq_status = rule_seq_status(c, v->shape);

    rule_hops(c, v);
    rule_ipid(c, v);
    rule_tos(c, v);
    rule_timing(c, v);
    rule_window(c, v);
    rule_forgot(c, v);
    rule_genuine_cause(c, v);
    rule_policy_cause(c, v);
    rule_burst(c, v);
    rule_both_sides(c, v);
    if (c->src && c->src->spoofed_recent && seg->ts_ns - c->src->spoofed_ts_ns < 90000 * NS_PER_MS &&
        s->rst_count == 0)
        v->evidence |= RSTAN_EV_AFTER_SPOOF;

    if (v->evidence & RSTAN_EV_DUPLICATE && s->rst_verdict) {
        /* A retransmitted reset says what the first one said. */
        v->genuine_cause = s->rst_verdict->genuine_cause;
        v->genuine_phase = s->rst_verdict->genuine_phase;
        v->policy_cause = s->rst_verdict->policy_cause;
        v->policy_phase = s->rst_verdict->policy_phase;
        v->evidence |= s->rst_verdict->evidence & ~(RSTAN_EV_SHAPE_FIT | RSTAN_EV_SHAPE_NONE);
    }
    rstan_decide(v);
    if (v->claimed == RSTAN_ORIGIN_UNKNOWN && v->origin != RSTAN_ORIGIN_MIDDLEBOX)
        v->origin = RSTAN_ORIGIN_UNKNOWN;
    if (!s->seen && !r->seen && v->verdict == RSTAN_VERDICT_UNVERIFIED)
        v->origin = RSTAN_ORIGIN_UNKNOWN;
    mark_spoof(c->src, v, seg->ts_ns);
}

/* ------------------------------------------------------------------------ */
/* Rules on segments after a reset                                            */

/* A later segment adds evidence to an earlier reset: re-decide it, remember
 * a spoof against the claimed host, and point the segment back at the reset. */
static void amend_reset(rstan_verdict_t *v, uint32_t bit, rstan_host_t *claimed_host,
                        const rstan_segment_t *seg, rstan_note_t *note, uint8_t note_kind,
                        uint32_t reset_frame)
{
    v->evidence |= bit;
    rstan_decide(v);
    mark_spoof(claimed_host, v, seg->ts_ns);
    if (note) {
        note->kind = note_kind;
        note->reset_frame = reset_frame;
    }
}

/* The reset's claimed sender went on sending: it cannot have sent the reset
 * (Weaver et al. 2009; Suricata suspected_rst_inject). When its segment
 * acknowledges what the reset answered, the segment got through, so the
 * device raced the endpoints instead of filtering. */
static bool rule_sender_carried_on(rstan_flow_t *s, const rstan_segment_t *seg, rstan_host_t *src,
                                   rstan_note_t *note)
{
    rstan_verdict_t *v = s->rst_verdict;
    if (v == NULL || v->after_frame != 0 || seg->flags & (RSTAN_TCP_SYN | RSTAN_TCP_RST))
        return false;
    if (v->evidence & RSTAN_EV_TTL_CLASS)
        return false;   /* the reset was not of this host's shape anyway */
    /* Old data arriving late (reordering) was sent before the reset. */
    if (seg->payload_len > 0 && !seq_gt(seg->seq + seg->payload_len, v->seq))
        return false;
    v->after_frame = seg->frame;
    bool acked_answered = (seg->flags & RSTAN_TCP_ACK) && v->answered_len > 0 &&
                          seq_geq(seg->ack, v->answered_end);
    amend_reset(v, acked_answered ? RSTAN_EV_RACE : RSTAN_EV_CARRIED_ON, src, seg, note,
                RSTAN_NOTE_AFTER_RESET, s->rst_frame);
    return true;
}

/* RFC 5961 §3.2: an in-window inexact reset draws a challenge ACK (a pure
 * ACK repeating the receiver's current seq/ack); out of window the receiver
 * ignores it and carries on. */
static bool rule_receiver_reaction(rstan_flow_t *sender_of_rst, rstan_flow_t *p,
                                   const rstan_segment_t *seg, const rstan_config_t *cfg,
                                   rstan_host_t *claimed_host, rstan_note_t *note)
{
    rstan_verdict_t *v = sender_of_rst->rst_verdict;
    if (v == NULL || v->seq_status == RSTAN_SEQ_EXACT || v->seq_status == RSTAN_SEQ_NOT_CHECKABLE)
        return false;
    if (seg->flags & (RSTAN_TCP_SYN | RSTAN_TCP_RST))
        return false;
    bool pure_ack = (seg->flags & RSTAN_TCP_ACK) && seg->payload_len == 0 && !(seg->flags & RSTAN_TCP_FIN);
    int64_t dt = seg->ts_ns - sender_of_rst->rst_ts;
    if (pure_ack && v->challenge_frame == 0 && v->seq_status == RSTAN_SEQ_IN_WINDOW &&
        dt >= 0 && dt <= (int64_t)cfg->burst_window_ms * NS_PER_MS &&
        (!p->ack_valid || seg->ack == p->max_ack)) {
        v->challenge_frame = seg->frame;
        amend_reset(v, RSTAN_EV_CHALLENGED, claimed_host, seg, note, RSTAN_NOTE_CHALLENGE_ACK,
                    sender_of_rst->rst_frame);
        return true;
    }
    if (seg->payload_len > 0 && !(v->evidence & RSTAN_EV_IGNORED)) {
        amend_reset(v, RSTAN_EV_IGNORED, claimed_host, seg, note, RSTAN_NOTE_IGNORED,
                    sender_of_rst->rst_frame);
        return true;
    }
    return false;
}

/* ------------------------------------------------------------------------ */
/* State update                                                               */

static void update_flow(rstan_conv_t *conv, rstan_flow_t *s, rstan_flow_t *r,
                        rstan_host_t *src, const rstan_segment_t *seg)
{
    uint8_t fl = seg->flags;
    uint32_t end = seg->seq + seg->payload_len + ((fl & RSTAN_TCP_SYN) ? 1 : 0) + ((fl & RSTAN_TCP_FIN) ? 1 : 0);

    if (s->retx_acked) {
        s->retx_streak = 0;
        s->retx_acked = false;
    }
    if (fl & RSTAN_TCP_SYN) {
        if (!(fl & RSTAN_TCP_ACK)) {
            if (!s->syn) {
                s->syn_flags = fl;
                if (conv->syn_ts < 0)
                    conv->syn_ts = seg->ts_ns;
            }
            s->syn = true;
        } else {
            s->synack = true;
            if (conv->synack_ts < 0)
                conv->synack_ts = seg->ts_ns;
        }
        s->isn = seg->seq;
        if (seg->wscale >= 0)
            s->wscale = seg->wscale;
    } else {
        s->post_handshake++;
    }

    if (!s->seen || seq_gt(end, s->nxt)) {
        s->nxt = end;
    } else if (seg->payload_len > 0 && !seq_gt(end, s->nxt)) {
        s->retx_streak++;
    }
    if (fl & RSTAN_TCP_ACK) {
        if (!s->ack_valid || seq_gt(seg->ack, s->max_ack)) {
            s->max_ack = seg->ack;
            s->ack_valid = true;
            /* The peer's ack revives a retransmitting sender only if the
             * sender is heard from again: a stack that gave up stays dead. */
            if (r->retx_streak)
                r->retx_acked = true;
            /* The peer acks data the capture never saw: move its edge on. */
            if (r->seen && seq_gt(seg->ack, r->nxt))
                r->nxt = seg->ack;
        }
        /* The handshake completes when the client acks the server's SYN. */
        if (!conv->synchronised && r->synack && !(fl & RSTAN_TCP_SYN) && seg->ack == r->isn + 1) {
            conv->synchronised = true;
            if (conv->syn_ts >= 0 && seg->ts_ns >= conv->syn_ts)
                conv->rtt_ns = seg->ts_ns - conv->syn_ts;
        }
    }
    if (conv->midstream && !conv->synchronised && s->post_handshake > 0 && r->post_handshake > 0)
        conv->synchronised = true;
    if (fl & RSTAN_TCP_FIN) {
        s->fin = true;
        s->fin_seq = seg->seq + seg->payload_len;
    }

    s->seen = true;
    s->packets++;
    if (seg->payload_len > 0) {
        s->data_packets++;
        s->last_data_frame = seg->frame;
        s->last_data_ts = seg->ts_ns;
    }
    s->win = seg->win;
    if (!(fl & RSTAN_TCP_SYN) && seg->win > s->win_max)
        s->win_max = seg->win;
    s->last_frame = seg->frame;
    s->last_ts = seg->ts_ns;
    s->last_flags = fl;
    s->last_seq = seg->seq;
    s->last_ack = seg->ack;
    s->last_len = seg->payload_len;
    s->last_tos = seg->tos;

    learn_hops(&s->hops_min, &s->hops_max, &s->ttl_class, &s->ttl_n, seg->ttl);
    if (src)
        learn_hops(&src->hops_min, &src->hops_max, &src->ttl_class, &src->packets, seg->ttl);
    if (seg->ip_version == 4) {
        s->ipid_valid = true;
        s->ipid_last = seg->ip_id;
    }
}

static void assign_roles(rstan_conv_t *conv, const rstan_segment_t *seg)
{
    if (conv->client_dir >= 0)
        return;
    if ((seg->flags & RSTAN_TCP_SYN) && !(seg->flags & RSTAN_TCP_RST)) {
        /* The first SYN's sender is the client; a SYN-ACK's receiver is. */
        conv->client_dir = (seg->flags & RSTAN_TCP_ACK) ? (int8_t)(seg->dir ^ 1) : (int8_t)seg->dir;
        return;
    }
    /* No SYN: the well-known (lower) port is the server's (SPEC). */
    conv->midstream = conv->packets == 0 && !(seg->flags & RSTAN_TCP_SYN);
    if (seg->sport > seg->dport)
        conv->client_dir = (int8_t)seg->dir;
    else if (seg->sport < seg->dport)
        conv->client_dir = (int8_t)(seg->dir ^ 1);
    else
        conv->client_dir = 0;
}

/* A new SYN after the connection was closed or reset starts a new
 * connection on the same 4-tuple (TIME_WAIT reuse, RFC 9293 §3.10.7.4). */
static void maybe_restart(rstan_conv_t *conv, const rstan_segment_t *seg)
{
    if (!((seg->flags & RSTAN_TCP_SYN) && !(seg->flags & (RSTAN_TCP_ACK | RSTAN_TCP_RST))))
        return;
    const rstan_flow_t *a = &conv->flow[0], *b = &conv->flow[1];
    bool closed = (a->fin && b->fin) || a->rst || b->rst;
    if (!closed)
        return;
    int64_t last_ts = conv->last_ts;
    uint32_t packets = conv->packets, resets = conv->resets;
    rstan_verdict_t *first = conv->first_reset;
    rstan_flow_t keep[2];
    memcpy(keep, conv->flow, sizeof(keep));
    rstan_conv_init(conv);
    conv->prior_close = true;
    conv->last_ts = last_ts;
    conv->packets = packets;
    conv->resets = resets;
    conv->first_reset = first;
    /* Hop baselines of the endpoints stay valid across connections. */
    for (int i = 0; i < 2; i++) {
        conv->flow[i].hops_min = keep[i].hops_min;
        conv->flow[i].hops_max = keep[i].hops_max;
        conv->flow[i].ttl_class = keep[i].ttl_class;
        conv->flow[i].ttl_n = keep[i].ttl_n;
    }
}

bool rstan_feed(rstan_conv_t *conv, rstan_host_t *src, rstan_host_t *dst,
                const rstan_segment_t *seg, const rstan_config_t *cfg,
                rstan_verdict_t *out, rstan_note_t *note)
{
    rstan_ctx_t c;
    bool filled = false;

    if (note)
        note->kind = RSTAN_NOTE_NONE;
    if (seg->dir > 1)
        return false;
    maybe_restart(conv, seg);
    assign_roles(conv, seg);

    memset(&c, 0, sizeof(c));
    c.conv = conv;
    c.s = &conv->flow[seg->dir];
    c.r = &conv->flow[seg->dir ^ 1];
    c.src = src;
    c.seg = seg;
    c.cfg = cfg;

    int64_t gap = conv->packets > 0 ? seg->ts_ns - conv->last_ts : 0;
    if (gap < 0)
        gap = 0;   /* timestamps going backwards: no silence */

    if (seg->flags & RSTAN_TCP_RST) {
        if (out) {
            classify_reset(&c, out);
            if (conv->first_reset == NULL)
                conv->first_reset = out;
            c.s->rst_verdict = out;
            filled = true;
        }
        c.s->rst = true;
        c.s->rst_count++;
        c.s->rst_ts = seg->ts_ns;
        c.s->rst_seq = seg->seq;
        c.s->rst_ack = seg->ack;
        c.s->rst_ttl = seg->ttl;
        c.s->rst_frame = seg->frame;
        conv->resets++;
    } else {
        if (!rule_sender_carried_on(c.s, seg, src, note))
            rule_receiver_reaction(c.r, c.s, seg, cfg, dst, note);
        update_flow(conv, c.s, c.r, src, seg);
    }
    conv->last_gap_ns = gap;
    if (conv->packets == 0 || seg->ts_ns > conv->last_ts)
        conv->last_ts = seg->ts_ns;
    conv->packets++;
    return filled;
}

/* ------------------------------------------------------------------------ */
/* Names                                                                      */

static const char *const phase_names[] = {
    "unknown", "handshake", "established", "teardown", "closed"
};
static const char *const cause_names[] = {
    "unknown", "port-closed", "firewall-reject", "backlog-overflow", "time-wait-reuse",
    "malformed-syn", "half-open-scan", "connect-abort", "retransmission-timeout",
    "idle-timeout", "state-expired", "app-abort", "unread-data-close",
    "data-after-close", "lb-fast-close", "injected"
};
static const char *const origin_names[] = { "unknown", "client", "server", "middlebox" };
static const char *const verdict_names[] = { "unverified", "genuine", "spoofed" };
static const char *const seq_names[] = { "not-checkable", "exact", "in-window", "out-of-window" };
static const char *const shape_names[] = {
    "not-checkable", "no-connection-syn", "no-connection-ack", "abort", "none"
};

static const char *const evidence_names[RSTAN_EV_COUNT] = {
    "ttl_class", "hops_closer", "hops_farther", "hops_closer_one", "hops_match",
    "ipid_continuous", "ipid_jump", "shape_fit", "shape_none", "forgot_connection",
    "race", "carried_on", "challenged", "ignored", "burst", "type1_window", "too_fast",
    "tos_copied", "tos_zeroed", "both_sides", "reason_on_wire", "duplicate",
    "no_baseline", "local_sender", "after_spoof"
};

static const char *const evidence_texts[RSTAN_EV_COUNT] = {
    "Initial-TTL class differs from the sender's other packets",
    "Arrived two or more hops closer than the sender's other packets (or unrouted)",
    "Arrived two or more hops farther than the sender's other packets",
    "Arrived one hop closer than the sender's otherwise constant distance",
    "Hop distance matches the sender's other packets",
    "IP ID continues the sender's sequence",
    "IP ID is far off the sender's sequence",
    "Sequence, ack and flags fit what a real stack sends here (RFC 9293)",
    "Fits no template a real stack uses (RFC 9293): crafted",
    "A \"no connection\" reset from an endpoint that was still live",
    "The sender went on after its reset and acknowledged what the reset answered",
    "The sender went on sending after its reset",
    "The receiver answered with a challenge ACK (RFC 5961)",
    "The receiver carried on as if the reset had not arrived",
    "One of several resets with changing sequence, ack or TTL",
    "No ACK flag and a non-zero window: the type-1 injector shape",
    "Arrived sooner than half a round trip after what it answers",
    "TOS copied from the segment it answers, as Linux does",
    "TOS cleared although the answered segment had one set",
    "Both endpoints received a reset at once",
    "Carries an explicit reason",
    "Repeats an earlier reset of the same sender",
    "No other packet of the sender to compare hop distance with",
    "Sent from the capture host, like the sender's other packets",
    "Follows a spoofed reset between the same hosts"
};

static const char *const cause_hints[] = {
    "Look at the packets before the reset in this stream and at the endpoints' logs",
    "Check that the service listens on this port (ss -ltn) and that the address is right",
    "Check firewall and security-group rules on the path for this port or flow",
    "Raise the listen backlog or fix a slow accept() loop; see ListenOverflows in netstat -s",
    "Client port reuse hit TIME_WAIT: widen the ephemeral port range or enable timestamps",
    "A SYN with an invalid flag mix: a scanner, fuzzer or broken stack sent it",
    "A SYN scan: check the source address against expected scanners",
    "A connect() scan or health check that aborts after the handshake",
    "The sender gave up after retransmissions: check the path for loss or a black hole",
    "Compare the silence before the reset with the idle timeouts of load balancers and apps",
    "A NAT or firewall forgot the idle connection: raise its timeout or enable keepalives",
    "The application aborted (SO_LINGER 0, crash or kill): check its logs",
    "The application closed with unread data: check its request handling",
    "Data arrived after the sender had closed: check for late writes or half-closed sockets",
    "A reset answered a FIN: typical of load balancers and proxies closing fast",
    "Forged by a device on the path: check for IPS, censorship or an attacker"
};

#define NAME_OF(table, i) ((i) < sizeof(table) / sizeof((table)[0]) ? (table)[i] : (table)[0])

const char *rstan_phase_name(unsigned phase) { return NAME_OF(phase_names, phase); }
const char *rstan_cause_name(unsigned cause) { return NAME_OF(cause_names, cause); }
const char *rstan_origin_name(unsigned origin) { return NAME_OF(origin_names, origin); }
const char *rstan_verdict_name(unsigned verdict) { return NAME_OF(verdict_names, verdict); }
const char *rstan_seq_status_name(unsigned status) { return NAME_OF(seq_names, status); }
const char *rstan_shape_name(unsigned shape) { return NAME_OF(shape_names, shape); }
const char *rstan_cause_hint(unsigned cause) { return NAME_OF(cause_hints, cause); }

const char *rstan_evidence_name(unsigned bit_index)
{
    return bit_index < RSTAN_EV_COUNT ? evidence_names[bit_index] : "unknown";
}

const char *rstan_evidence_text(unsigned bit_index)
{
    return bit_index < RSTAN_EV_COUNT ? evidence_texts[bit_index] : "";
}
