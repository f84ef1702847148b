/* rstan-cause.c
 *
 * Cause rules: why the reset was sent. Two ordered tables, read top to
 * bottom; the first rule whose predicate holds gives the cause and phase.
 * GENUINE_RULES say why the endpoint whose address the reset carries would
 * have sent it, from the connection state at that endpoint; POLICY_RULES
 * why a filtering or stateful device would have. rstan-decide.c picks one of
 * the two once the origin evidence is weighed. Add a cause by adding a
 * predicate and a row where its precedence belongs, with its identifier
 * (snake_case, unique across both tables, never reused: the unit tests name
 * the rule by it, docs/testing.md) and its source.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-internal.h"

/* Phases a row may name besides the fixed ones. */
#define PHASE_SYNCHRONISED (RSTAN_PHASE_COUNT + 0) /* established, or teardown after a FIN */
#define PHASE_OF_CONN      (RSTAN_PHASE_COUNT + 1) /* as synchronised; handshake before that */

typedef bool (*rstan_pred_t)(const rstan_ctx_t *c, const rstan_verdict_t *v);

typedef struct {
    const char  *id;      /* stable identifier the tests name the rule by */
    const char  *name;
    rstan_pred_t when;
    uint8_t      cause;
    uint8_t      phase;
    const char  *source;
} rstan_cause_rule_t;

static bool sender_is_client(const rstan_ctx_t *c)
{
    return c->conv->client_dir == (int8_t)c->seg->dir;
}

static bool bare_no_conn_reply(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    return v->shape == RSTAN_SHAPE_NO_CONN_ACK && !(c->seg->flags & RSTAN_TCP_ACK);
}

static bool live(const rstan_ctx_t *c)
{
    return c->conv->synchronised || c->conv->midstream;
}

static bool idle(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    return v->idle_ns >= (int64_t)c->cfg->idle_threshold_ms * NS_PER_MS;
}

static bool reset_is_syn(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return (c->seg->flags & RSTAN_TCP_SYN) != 0;
}

static bool lone_reset(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return !c->s->seen && !c->r->seen;
}

static bool answers_syn(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return c->answers && (c->r->last_flags & RSTAN_TCP_SYN) && !(c->r->last_flags & RSTAN_TCP_ACK);
}

static bool answers_malformed_syn(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    return answers_syn(c, v) && rstan_is_malformed_syn(c->r->last_flags);
}

/* A scanner's probe to a port without listener: the receiver sent one
 * segment that is no SYN (nmap -sF/-sX/-sN/-sA/-PA), the sender nothing
 * before. RFC 9293 §3.10.7.1, state CLOSED: without ACK the answer is
 * <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, with ACK <SEQ=SEG.ACK><CTL=RST>;
 * no connection ever existed, the same state as a SYN to a closed port. */
static bool answers_probe(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    return c->answers && !c->s->seen && c->r->packets == 1 && !(c->r->last_flags & RSTAN_TCP_SYN) &&
           (v->shape == RSTAN_SHAPE_NO_CONN_SYN || v->shape == RSTAN_SHAPE_NO_CONN_ACK);
}

/* RFC 9293 §3.10.7.4, SYN-RECEIVED: an ACK that does not acknowledge the
 * SYN draws <SEQ=SEG.ACK><CTL=RST> and the connection stays as it was. */
bool rstan_synrecv_bad_ack(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    const rstan_flow_t *s = c->s, *r = c->r;
    return !sender_is_client(c) && s->synack && s->post_handshake == 0 && !c->conv->synchronised &&
           c->answers && (r->last_flags & RSTAN_TCP_ACK) && !(r->last_flags & RSTAN_TCP_SYN) &&
           r->last_ack != s->isn + 1 && v->shape == RSTAN_SHAPE_NO_CONN_ACK;
}

/* The prober's reset at ISN+1 after the closed port's RST+ACK
 * (rstan-origin.c, answers_own_probe): it ends a probe, not a connection. */
static bool scanner_ends_probe(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    return v->own_probe && c->r->rst && !c->r->seen;
}

static bool after_earlier_reset(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return c->s->rst || c->r->rst_count > 0;
}

static bool resets_synack(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return sender_is_client(c) && c->s->syn && !c->conv->synchronised && c->answers &&
           (c->r->last_flags & RSTAN_TCP_SYN);
}

static bool resets_synack_of_malformed_syn(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    return resets_synack(c, v) && rstan_is_malformed_syn(c->s->syn_flags);
}

static bool syn_answered_by_ack(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return sender_is_client(c) && c->s->syn && !c->r->synack && c->answers &&
           (c->r->last_flags & RSTAN_TCP_ACK) && !c->conv->synchronised;
}

static bool listener_resets_last_ack(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return !sender_is_client(c) && c->s->synack && c->s->data_packets == 0 &&
           c->s->post_handshake == 0 && !(c->seg->flags & RSTAN_TCP_ACK);
}

static bool gave_up(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return c->s->retx_streak >= c->cfg->retx_threshold;
}

static bool gave_up_silently(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    return gave_up(c, v) && bare_no_conn_reply(c, v);
}

static bool both_closed(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return c->s->fin && c->r->fin;
}

static bool sender_closed(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return c->s->fin;
}

/* The peer's FIN already acknowledged by the sender: a reset after that
 * does not answer the FIN; the sender held a half-closed connection. */
static bool fin_acked(const rstan_ctx_t *c)
{
    return c->r->fin && c->s->ack_valid && seq_gt(c->s->max_ack, c->r->fin_seq);
}

static bool answers_fin(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return c->r->fin && !fin_acked(c);
}

/* A half-closed connection (the peer's FIN acknowledged) aborted after a
 * silence: the sender's idle timer, not an answer to the FIN. */
static bool half_closed_idle_abort(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    return fin_acked(c) && !c->s->fin && idle(c, v);
}

static bool lost_connection(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    return bare_no_conn_reply(c, v) && c->conv->synchronised;
}

static bool idle_abort(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    return live(c) && idle(c, v);
}

/* A keep-alive connection aborted after it sat quiet with nothing
 * outstanding either way: an idle timer, however short (nginx
 * keepalive_timeout, HAProxy timeout http-keep-alive and cloud load
 * balancers are set from seconds to hours; docs/decisions.md, Device
 * patterns). A reset with an explicit reason says why it was sent. */
static bool quiet_keepalive_abort(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    const rstan_flow_t *s = c->s, *r = c->r;
    return live(c) && c->seg->reason_kind == RSTAN_REASON_NONE && !s->fin && !r->fin &&
           s->data_packets > 0 && r->data_packets > 0 && r->last_len == 0 &&
           r->ack_valid && r->max_ack == s->nxt && s->ack_valid && s->max_ack == r->nxt &&
           v->idle_ns >= RSTAN_KEEPALIVE_MIN_MS * NS_PER_MS;
}

static bool abort_after_handshake(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return live(c) && sender_is_client(c) && c->s->data_packets == 0 && c->r->data_packets == 0 &&
           !c->conv->midstream;
}

/* The sender's window still shrunk by data it had not read: its last
 * segment before the reset offered half its largest window or less. A
 * stack whose application reads announces the window it regains once it
 * has doubled (Linux tcp_cleanup_rbuf: an ACK when the new window is at
 * least twice the one the peer knows), so a window left at half or less was
 * never read down; a smaller shortfall may be read data whose update was
 * not yet due. The reset's own window says nothing: Linux frees the unread
 * data before it sends the reset (__tcp_close), and the BSDs advertise a
 * window of zero on every reset (FreeBSD tcp_output). */
static bool window_left_unread(const rstan_flow_t *s)
{
    return s->win_max != 0 && 2u * s->win <= s->win_max;
}

/* A server that aborts after the client's data without ever answering it
 * did not read it; from a client, only a window still shrunk by the data
 * says so (a client aborting after a response read it). */
static bool abort_with_unread_data(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    const rstan_flow_t *s = c->s, *r = c->r;
    return live(c) && r->last_data_frame > s->last_data_frame && r->last_data_frame != 0 &&
           (!sender_is_client(c) || window_left_unread(s));
}

static bool abort_live(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return live(c);
}

static bool in_handshake(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return c->s->syn || c->r->syn || c->s->synack || c->r->synack;
}

static bool always(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)c;
    (void)v;
    return true;
}

static const rstan_cause_rule_t GENUINE_RULES[] = {
    { "reset_is_syn", "reset is itself a SYN", reset_is_syn, RSTAN_CAUSE_MALFORMED_SYN, RSTAN_PHASE_HANDSHAKE,
      "docs/fields.md malformed-syn: SYN+RST is an invalid flag mix (RFC 9293 §3.1)" },
    { "lone_reset", "lone reset", lone_reset, RSTAN_CAUSE_UNKNOWN, RSTAN_PHASE_UNKNOWN,
      "nothing of the connection to judge by" },
    { "answers_malformed_syn", "answers a malformed SYN",
      answers_malformed_syn, RSTAN_CAUSE_MALFORMED_SYN, RSTAN_PHASE_HANDSHAKE,
      "Linux answers SYN+FIN to a closed port with RST+ACK, ack = seq + 2 (tcp_v4_send_reset)" },
    { "answers_syn", "answers a SYN", answers_syn, RSTAN_CAUSE_PORT_CLOSED, RSTAN_PHASE_HANDSHAKE,
      "RFC 9293 §3.10.7.1: no listener, RST+ACK with ack = SEG.SEQ+SEG.LEN" },
    { "answers_probe", "answers a FIN/Xmas/NULL/ACK probe",
      answers_probe, RSTAN_CAUSE_PORT_CLOSED, RSTAN_PHASE_HANDSHAKE,
      "RFC 9293 §3.10.7.1: state CLOSED answers any segment, by its ACK bit" },
    { "synrecv_bad_ack", "SYN-RECEIVED answers an unacceptable ACK",
      rstan_synrecv_bad_ack, RSTAN_CAUSE_UNKNOWN, RSTAN_PHASE_HANDSHAKE,
      "RFC 9293 §3.10.7.4: <SEQ=SEG.ACK><CTL=RST>, the connection goes on" },
    { "scanner_ends_probe", "scanner ends its probe after the closed port's reset",
      scanner_ends_probe, RSTAN_CAUSE_HALF_OPEN_SCAN, RSTAN_PHASE_HANDSHAKE,
      "masscan resets its probe whatever the answer; no stack answers a reset (RFC 9293 §3.10.7.1)" },
    { "after_earlier_reset", "after an earlier reset",
      after_earlier_reset, RSTAN_CAUSE_DATA_AFTER_CLOSE, RSTAN_PHASE_CLOSED,
      "RFC 9293 §3.10.7.1: the sender's connection is CLOSED after a reset" },
    { "resets_synack_of_malformed_syn", "half-open scan with a malformed SYN",
      resets_synack_of_malformed_syn, RSTAN_CAUSE_MALFORMED_SYN, RSTAN_PHASE_HANDSHAKE,
      "docs/fields.md malformed-syn: the scanner's SYN had an invalid flag mix" },
    { "resets_synack", "initiator resets the SYN-ACK",
      resets_synack, RSTAN_CAUSE_HALF_OPEN_SCAN, RSTAN_PHASE_HANDSHAKE,
      "Linux: the raw-socket SYN has no socket, the kernel resets the SYN-ACK (docs/decisions.md, Half-open scans)" },
    { "syn_answered_by_ack", "SYN answered by a bare ACK",
      syn_answered_by_ack, RSTAN_CAUSE_TIME_WAIT_REUSE, RSTAN_PHASE_HANDSHAKE,
      "RFC 9293 §3.10.7.4 TIME_WAIT answers an old SYN with an ACK; Linux tcp_timewait_state_process" },
    { "listener_resets_last_ack", "listener resets the last ACK",
      listener_resets_last_ack, RSTAN_CAUSE_BACKLOG_OVERFLOW, RSTAN_PHASE_HANDSHAKE,
      "Linux net.ipv4.tcp_abort_on_overflow=1 (tcp_check_req)" },
    { "gave_up_silently", "gave up, then answered the peer",
      gave_up_silently, RSTAN_CAUSE_RETRANSMISSION_TIMEOUT, RSTAN_PHASE_CLOSED,
      "Linux gives up silently (tcp_write_timeout) and resets the peer's next segment" },
    { "gave_up", "gave up after retransmissions",
      gave_up, RSTAN_CAUSE_RETRANSMISSION_TIMEOUT, PHASE_SYNCHRONISED,
      "Windows sends RST+ACK after TcpMaxDataRetransmissions (docs/decisions.md)" },
    { "both_closed", "both sides had closed", both_closed, RSTAN_CAUSE_DATA_AFTER_CLOSE, RSTAN_PHASE_CLOSED,
      "RFC 9293 §3.10.7.4: data in TIME_WAIT / after close is answered by a reset" },
    { "sender_closed", "sender had closed its side",
      sender_closed, RSTAN_CAUSE_DATA_AFTER_CLOSE, RSTAN_PHASE_TEARDOWN,
      "Linux: an orphaned FIN_WAIT2 socket answers new data with a reset (tcp_rcv_state_process)" },
    { "half_closed_idle_abort", "half-closed connection aborted after silence",
      half_closed_idle_abort, RSTAN_CAUSE_IDLE_TIMEOUT, RSTAN_PHASE_TEARDOWN,
      "RFC 9293 §3.10.5 ABORT in CLOSE-WAIT: an application idle timer on a half-closed connection" },
    { "answers_fin", "answers the peer's FIN", answers_fin, RSTAN_CAUSE_LB_FAST_CLOSE, RSTAN_PHASE_TEARDOWN,
      "load balancers and proxies reset a FIN instead of closing (docs/decisions.md, Device patterns)" },
    { "lost_connection", "no-connection reply on a live connection",
      lost_connection, RSTAN_CAUSE_DATA_AFTER_CLOSE, RSTAN_PHASE_CLOSED,
      "RFC 9293 §3.10.7.1: the template of an endpoint with no connection" },
    { "idle_abort", "abort after silence", idle_abort, RSTAN_CAUSE_IDLE_TIMEOUT, RSTAN_PHASE_ESTABLISHED,
      "application and load-balancer idle timers (AWS NLB 350 s, Azure LB 4 min; docs/decisions.md)" },
    { "quiet_keepalive_abort", "abort of a quiet keep-alive connection",
      quiet_keepalive_abort, RSTAN_CAUSE_IDLE_TIMEOUT, RSTAN_PHASE_ESTABLISHED,
      "keep-alive timers of seconds and up, nothing outstanding (docs/decisions.md)" },
    { "abort_after_handshake", "abort right after the handshake",
      abort_after_handshake, RSTAN_CAUSE_CONNECT_ABORT, RSTAN_PHASE_ESTABLISHED,
      "connect() scan (nmap -sT) aborts with SO_LINGER 0 once connected" },
    { "abort_with_unread_data", "abort with the peer's data unread",
      abort_with_unread_data, RSTAN_CAUSE_UNREAD_DATA_CLOSE, RSTAN_PHASE_ESTABLISHED,
      "Linux tcp_close sends RST when received data is unread (RFC 2525 §2.17)" },
    { "abort_live", "abort", abort_live, RSTAN_CAUSE_APP_ABORT, RSTAN_PHASE_ESTABLISHED,
      "RFC 9293 §3.10.5 ABORT: SO_LINGER {1,0} or a killed process" },
    { "in_handshake", "during the handshake", in_handshake, RSTAN_CAUSE_UNKNOWN, RSTAN_PHASE_HANDSHAKE,
      "docs/fields.md phase handshake: not yet synchronised" },
    { "nothing_fits", "nothing fits", always, RSTAN_CAUSE_UNKNOWN, RSTAN_PHASE_UNKNOWN,
      "docs/fields.md cause unknown" },
};

/* The reset answers the first segment after a silence of at least min_ms:
 * the answered segment was the connection's last packet and came after the
 * gap. */
static bool answers_after_silence(const rstan_ctx_t *c, int64_t min_ms)
{
    return c->answers_last && c->conv->last_gap_ns >= min_ms * NS_PER_MS;
}

static bool state_forgotten(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return answers_after_silence(c, (int64_t)c->cfg->idle_threshold_ms);
}

/* After a shorter silence, only a reset in the "no connection" template
 * (RFC 9293 §3.10.7.1) says the device no longer knew the flow: a rule
 * rejecting a request builds its reset from the connection it sees, or
 * from the segment it drops (copying its IP ID). */
static bool state_forgotten_short(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    bool no_conn = v->shape == RSTAN_SHAPE_NO_CONN_ACK || v->shape == RSTAN_SHAPE_NO_CONN_SYN;
    return no_conn && !(v->evidence & RSTAN_EV_IPID_COPIED) && answers_after_silence(c, RSTAN_STATE_SILENCE_MIN_MS);
}

static bool device_idle_timer(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    return !c->answers && idle(c, v);
}

/* A device answering the peer's FIN itself: load balancers and security
 * devices "accelerating closure" (docs/decisions.md, Device patterns). */
static bool device_answers_fin(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return c->answers && (c->r->last_flags & RSTAN_TCP_FIN);
}

/* netfilter conntrack (nf_conntrack_proto_tcp.c, tcp_in_window) marks a
 * segment of a live connection INVALID when it lies outside the window the
 * other side advertised, or acknowledges data the other side never sent; a REJECT rule without an INVALID drop before it
 * then answers it with a reset. The claimed sender's ack is its RCV.NXT. */
static bool rejects_out_of_window(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    const rstan_flow_t *s = c->s, *r = c->r;
    if (!c->answers || !live(c) || !s->ack_valid || (r->last_flags & RSTAN_TCP_SYN))
        return false;
    uint32_t wnd = s->win ? s->win : RSTAN_MAX_UNSCALED_WINDOW;
    if (s->wscale > 0 && r->wscale >= 0)
        wnd <<= (s->wscale > RSTAN_MAX_WSCALE ? RSTAN_MAX_WSCALE : s->wscale);
    uint32_t end = r->last_seq + r->last_len;
    if (seq_gt(r->last_seq, s->max_ack + wnd) || seq_gt(s->max_ack - wnd, end))
        return true;
    /* An ACK of data the claimed sender never sent is beyond the window's
     * upper bound (tcp_in_window's check of the ack against the other
     * side's td_end): INVALID too. The reset carries it as its sequence
     * number, <SEQ=SEG.ACK><CTL=RST>. */
    return r->bogus_ack_frame != 0 && r->bogus_ack_frame == r->last_frame;
}

static const rstan_cause_rule_t POLICY_RULES[] = {
    { "rejects_syn", "rejects a SYN", answers_syn, RSTAN_CAUSE_FIREWALL_REJECT, RSTAN_PHASE_HANDSHAKE,
      "netfilter reject with tcp reset answers a SYN with RST+ACK, seq 0 (nf_send_reset)" },
    { "state_forgotten", "answers the first segment after silence",
      state_forgotten, RSTAN_CAUSE_STATE_EXPIRED, PHASE_OF_CONN,
      "a NAT or firewall drops idle state, then rejects the next segment (docs/decisions.md)" },
    { "device_idle_timer", "cuts a silent connection",
      device_idle_timer, RSTAN_CAUSE_IDLE_TIMEOUT, PHASE_OF_CONN,
      "load balancers' idle timeouts, Azure \"TCP reset on idle\" (docs/decisions.md, Device patterns)" },
    { "rejects_probe", "rejects a probe", answers_probe, RSTAN_CAUSE_FIREWALL_REJECT, RSTAN_PHASE_HANDSHAKE,
      "netfilter reject answers any segment of no connection (nf_send_reset)" },
    { "device_answers_fin", "answers a FIN", device_answers_fin, RSTAN_CAUSE_LB_FAST_CLOSE, PHASE_OF_CONN,
      "load balancers and security devices reset a FIN to close fast (docs/decisions.md, Device patterns)" },
    { "rejects_invalid", "rejects a segment conntrack found invalid",
      rejects_out_of_window, RSTAN_CAUSE_CONNTRACK_INVALID, PHASE_OF_CONN,
      "netfilter tcp_in_window: outside the window is INVALID; REJECT without an INVALID drop" },
    { "state_forgotten_short", "answers as if there were no connection after a short silence",
      state_forgotten_short, RSTAN_CAUSE_STATE_EXPIRED, PHASE_OF_CONN,
      "NAT and conntrack timers of seconds (docs/decisions.md, Device patterns); nf_send_reset's bare RST" },
    { "rejects_segment", "rejects a segment", always, RSTAN_CAUSE_FIREWALL_REJECT, PHASE_OF_CONN,
      "netfilter reject: a bare RST with seq = the rejected segment's ack (docs/decisions.md)" },
};

#define N_RULES(t) (sizeof(t) / sizeof((t)[0]))

static uint8_t resolve_phase(const rstan_ctx_t *c, uint8_t phase)
{
    const rstan_conv_t *conv = c->conv;
    if (phase == PHASE_SYNCHRONISED)
        return rstan_synchronised_phase(conv);
    if (phase == PHASE_OF_CONN) {
        if (live(c))
            return rstan_synchronised_phase(conv);
        return conv->packets > 0 ? RSTAN_PHASE_HANDSHAKE : RSTAN_PHASE_UNKNOWN;
    }
    return phase;
}

static const rstan_cause_rule_t *first_match(const rstan_cause_rule_t *rules, size_t n,
                                             const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    for (size_t i = 0; i < n; i++) {
        if (rules[i].when(c, v))
            return &rules[i];
    }
    return &rules[n - 1];
}

void rstan_rule_genuine_cause(const rstan_ctx_t *c, rstan_verdict_t *v)
{
    const rstan_cause_rule_t *rule = first_match(GENUINE_RULES, N_RULES(GENUINE_RULES), c, v);
    v->genuine_rule = (uint8_t)(rule - GENUINE_RULES);
    v->genuine_cause = rule->cause;
    v->genuine_phase = resolve_phase(c, rule->phase);
    /* An explicit reason on the wire names the cause (docs/fields.md, rstan.reason). */
    if (c->seg->reason_cause != RSTAN_CAUSE_UNKNOWN && c->seg->reason_cause < RSTAN_CAUSE_COUNT)
        v->genuine_cause = c->seg->reason_cause;
}

void rstan_rule_policy_cause(const rstan_ctx_t *c, rstan_verdict_t *v)
{
    const rstan_cause_rule_t *rule = first_match(POLICY_RULES, N_RULES(POLICY_RULES), c, v);
    v->policy_rule = (uint8_t)(rule - POLICY_RULES);
    v->policy_cause = rule->cause;
    v->policy_phase = resolve_phase(c, rule->phase);
}

unsigned rstan_cause_rules(unsigned table, unsigned i, rstan_rule_info_t *info)
{
    const rstan_cause_rule_t *rules = table ? POLICY_RULES : GENUINE_RULES;
    size_t n = table ? N_RULES(POLICY_RULES) : N_RULES(GENUINE_RULES);
    if (i < n && info) {
        info->id = rules[i].id;
        info->name = rules[i].name;
        info->source = rules[i].source;
        info->cause = rules[i].cause;
    }
    return (unsigned)n;
}
