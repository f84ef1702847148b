/* rstan-cause.c
 *
 * Cause rules: why the reset was sent. Two ordered tables, read top to
 * bottom; the first rule whose condition holds gives the cause and phase.
 * GENUINE_RULES say why the endpoint whose address the reset carries would
 * have sent it, from the connection state at that endpoint; POLICY_RULES
 * why a filtering or stateful device would have. Each row names its
 * condition (a predicate of rstan-conditions.c), the cause and phase it
 * gives and the public source of the behaviour. rstan-decide.c picks one of
 * the two once the origin evidence is weighed. Add a cause by adding a
 * condition there and a row here where its precedence belongs, with its
 * identifier (snake_case, unique across both tables, never reused: the unit
 * tests name the rule by it, docs/testing.md) and its source.
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

/* The last row of each table: what holds when no other row does. */
static bool always(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)c;
    (void)v;
    return true;
}

static const rstan_cause_rule_t GENUINE_RULES[] = {
    { "reset_is_syn", "reset is itself a SYN",
      rstan_reset_is_syn, RSTAN_CAUSE_MALFORMED_SYN, RSTAN_PHASE_HANDSHAKE,
      "docs/fields.md malformed-syn: SYN+RST is an invalid flag mix (RFC 9293 §3.1)" },
    { "lone_reset", "lone reset", rstan_lone_reset, RSTAN_CAUSE_UNKNOWN, RSTAN_PHASE_UNKNOWN,
      "nothing of the connection to judge by" },
    { "answers_malformed_syn", "answers a malformed SYN",
      rstan_answers_malformed_syn, RSTAN_CAUSE_MALFORMED_SYN, RSTAN_PHASE_HANDSHAKE,
      "Linux answers SYN+FIN to a closed port with RST+ACK, ack = seq + 2 (tcp_v4_send_reset)" },
    { "answers_syn", "answers a SYN", rstan_answers_syn, RSTAN_CAUSE_PORT_CLOSED, RSTAN_PHASE_HANDSHAKE,
      "RFC 9293 §3.10.7.1: no listener, RST+ACK with ack = SEG.SEQ+SEG.LEN" },
    { "answers_probe", "answers a FIN/Xmas/NULL/ACK probe",
      rstan_answers_probe, RSTAN_CAUSE_PORT_CLOSED, RSTAN_PHASE_HANDSHAKE,
      "RFC 9293 §3.10.7.1: state CLOSED answers any segment, by its ACK bit" },
    { "synrecv_bad_ack", "SYN-RECEIVED answers an unacceptable ACK",
      rstan_synrecv_bad_ack, RSTAN_CAUSE_UNKNOWN, RSTAN_PHASE_HANDSHAKE,
      "RFC 9293 §3.10.7.4: <SEQ=SEG.ACK><CTL=RST>, the connection goes on" },
    { "scanner_ends_probe", "scanner ends its probe after the closed port's reset",
      rstan_scanner_ends_probe, RSTAN_CAUSE_HALF_OPEN_SCAN, RSTAN_PHASE_HANDSHAKE,
      "masscan resets its probe whatever the answer; no stack answers a reset (RFC 9293 §3.10.7.1)" },
    { "after_earlier_reset", "after an earlier reset",
      rstan_after_earlier_reset, RSTAN_CAUSE_DATA_AFTER_CLOSE, RSTAN_PHASE_CLOSED,
      "RFC 9293 §3.10.7.1: the sender's connection is CLOSED after a reset" },
    { "resets_synack_of_malformed_syn", "half-open scan with a malformed SYN",
      rstan_resets_synack_of_malformed_syn, RSTAN_CAUSE_MALFORMED_SYN, RSTAN_PHASE_HANDSHAKE,
      "docs/fields.md malformed-syn: the scanner's SYN had an invalid flag mix" },
    { "resets_synack", "initiator resets the SYN-ACK",
      rstan_resets_synack, RSTAN_CAUSE_HALF_OPEN_SCAN, RSTAN_PHASE_HANDSHAKE,
      "Linux: the raw-socket SYN has no socket, the kernel resets the SYN-ACK (docs/decisions.md, Half-open scans)" },
    { "syn_answered_by_ack", "SYN answered by a bare ACK",
      rstan_syn_answered_by_ack, RSTAN_CAUSE_TIME_WAIT_REUSE, RSTAN_PHASE_HANDSHAKE,
      "RFC 9293 §3.10.7.4 TIME_WAIT answers an old SYN with an ACK; Linux tcp_timewait_state_process" },
    { "listener_resets_last_ack", "listener resets the last ACK",
      rstan_listener_resets_last_ack, RSTAN_CAUSE_BACKLOG_OVERFLOW, RSTAN_PHASE_HANDSHAKE,
      "Linux net.ipv4.tcp_abort_on_overflow=1 (tcp_check_req)" },
    { "gave_up_silently", "gave up, then answered the peer",
      rstan_gave_up_silently, RSTAN_CAUSE_RETRANSMISSION_TIMEOUT, RSTAN_PHASE_CLOSED,
      "Linux gives up silently (tcp_write_timeout) and resets the peer's next segment" },
    { "gave_up", "gave up after retransmissions",
      rstan_gave_up, RSTAN_CAUSE_RETRANSMISSION_TIMEOUT, PHASE_SYNCHRONISED,
      "Windows sends RST+ACK after TcpMaxDataRetransmissions (docs/decisions.md)" },
    { "both_closed", "both sides had closed",
      rstan_both_closed, RSTAN_CAUSE_DATA_AFTER_CLOSE, RSTAN_PHASE_CLOSED,
      "RFC 9293 §3.10.7.4: data in TIME_WAIT / after close is answered by a reset" },
    { "sender_closed", "sender had closed its side",
      rstan_sender_closed, RSTAN_CAUSE_DATA_AFTER_CLOSE, RSTAN_PHASE_TEARDOWN,
      "Linux: an orphaned FIN_WAIT2 socket answers new data with a reset (tcp_rcv_state_process)" },
    { "half_closed_idle_abort", "half-closed connection aborted after silence",
      rstan_half_closed_idle_abort, RSTAN_CAUSE_IDLE_TIMEOUT, RSTAN_PHASE_TEARDOWN,
      "RFC 9293 §3.10.5 ABORT in CLOSE-WAIT: an application idle timer on a half-closed connection" },
    { "answers_fin", "answers the peer's FIN",
      rstan_answers_fin, RSTAN_CAUSE_LB_FAST_CLOSE, RSTAN_PHASE_TEARDOWN,
      "load balancers and proxies reset a FIN instead of closing (docs/decisions.md, Device patterns)" },
    { "lost_connection", "no-connection reply on a live connection",
      rstan_lost_connection, RSTAN_CAUSE_DATA_AFTER_CLOSE, RSTAN_PHASE_CLOSED,
      "RFC 9293 §3.10.7.1: the template of an endpoint with no connection" },
    { "idle_abort", "abort after silence",
      rstan_idle_abort, RSTAN_CAUSE_IDLE_TIMEOUT, RSTAN_PHASE_ESTABLISHED,
      "application and load-balancer idle timers (AWS NLB 350 s, Azure LB 4 min; docs/decisions.md)" },
    { "quiet_keepalive_abort", "abort of a quiet keep-alive connection",
      rstan_quiet_keepalive_abort, RSTAN_CAUSE_IDLE_TIMEOUT, RSTAN_PHASE_ESTABLISHED,
      "keep-alive timers of seconds and up, nothing outstanding (docs/decisions.md)" },
    { "abort_after_handshake", "abort right after the handshake",
      rstan_abort_after_handshake, RSTAN_CAUSE_CONNECT_ABORT, RSTAN_PHASE_ESTABLISHED,
      "connect() scan (nmap -sT) aborts with SO_LINGER 0 once connected" },
    { "abort_with_unread_data", "abort with the peer's data unread",
      rstan_abort_with_unread_data, RSTAN_CAUSE_UNREAD_DATA_CLOSE, RSTAN_PHASE_ESTABLISHED,
      "Linux tcp_close sends RST when received data is unread (RFC 2525 §2.17)" },
    { "abort_live", "abort", rstan_abort_live, RSTAN_CAUSE_APP_ABORT, RSTAN_PHASE_ESTABLISHED,
      "RFC 9293 §3.10.5 ABORT: SO_LINGER {1,0} or a killed process" },
    { "in_handshake", "during the handshake", rstan_in_handshake, RSTAN_CAUSE_UNKNOWN, RSTAN_PHASE_HANDSHAKE,
      "docs/fields.md phase handshake: not yet synchronised" },
    { "nothing_fits", "nothing fits", always, RSTAN_CAUSE_UNKNOWN, RSTAN_PHASE_UNKNOWN,
      "docs/fields.md cause unknown" },
};

static const rstan_cause_rule_t POLICY_RULES[] = {
    { "rejects_syn", "rejects a SYN", rstan_answers_syn, RSTAN_CAUSE_FIREWALL_REJECT, RSTAN_PHASE_HANDSHAKE,
      "netfilter reject with tcp reset answers a SYN with RST+ACK, seq 0 (nf_send_reset)" },
    { "state_forgotten", "answers the first segment after silence",
      rstan_state_forgotten, RSTAN_CAUSE_STATE_EXPIRED, PHASE_OF_CONN,
      "a NAT or firewall drops idle state, then rejects the next segment (docs/decisions.md)" },
    { "device_idle_timer", "cuts a silent connection",
      rstan_device_idle_timer, RSTAN_CAUSE_IDLE_TIMEOUT, PHASE_OF_CONN,
      "load balancers' idle timeouts, Azure \"TCP reset on idle\" (docs/decisions.md, Device patterns)" },
    { "rejects_probe", "rejects a probe",
      rstan_answers_probe, RSTAN_CAUSE_FIREWALL_REJECT, RSTAN_PHASE_HANDSHAKE,
      "netfilter reject answers any segment of no connection (nf_send_reset)" },
    { "device_answers_fin", "answers a FIN",
      rstan_device_answers_fin, RSTAN_CAUSE_LB_FAST_CLOSE, PHASE_OF_CONN,
      "load balancers and security devices reset a FIN to close fast (docs/decisions.md, Device patterns)" },
    { "rejects_invalid", "rejects a segment conntrack found invalid",
      rstan_rejects_out_of_window, RSTAN_CAUSE_CONNTRACK_INVALID, PHASE_OF_CONN,
      "netfilter tcp_in_window: outside the window is INVALID; REJECT without an INVALID drop" },
    { "state_forgotten_short", "answers as if there were no connection after a short silence",
      rstan_state_forgotten_short, RSTAN_CAUSE_STATE_EXPIRED, PHASE_OF_CONN,
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
        if (rstan_conn_live(c))
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
