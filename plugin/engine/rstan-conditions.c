/* rstan-conditions.c
 *
 * The conditions the cause rules test: each a predicate on what the reset's
 * context shows of the connection (rstan_ctx_t) and on the verdict so far
 * (its template shape, idle time, evidence), true when the connection is in
 * the state its rule names. First those that say why the endpoint whose
 * address the reset carries would have sent it, then those that say why a
 * filtering or stateful device would have. Each states the behaviour it
 * recognises and where that is documented; rstan-cause.c orders them into
 * the two tables, where each row also carries its source. A condition knows
 * nothing of the tables: which one is asked first is the table's affair.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-internal.h"

/* What several conditions read. */

static bool sender_is_client(const rstan_ctx_t *c)
{
    return c->conv->client_dir == (int8_t)c->seg->dir;
}

static bool bare_no_conn_reply(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    return v->shape == RSTAN_SHAPE_NO_CONN_ACK && !(c->seg->flags & RSTAN_TCP_ACK);
}

/* Past the handshake: synchronised, or seen first without a SYN (the
 * capture began mid-stream). */
bool rstan_conn_live(const rstan_ctx_t *c)
{
    return c->conv->synchronised || c->conv->midstream;
}

static bool idle(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    return v->idle_ns >= (int64_t)c->cfg->idle_threshold_ms * NS_PER_MS;
}

/* An endpoint's own resets (GENUINE_RULES), from the connection state at
 * the endpoint whose address the reset carries. */

bool rstan_reset_is_syn(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return (c->seg->flags & RSTAN_TCP_SYN) != 0;
}

bool rstan_lone_reset(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return !c->s->seen && !c->r->seen;
}

bool rstan_answers_syn(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return c->answers && (c->r->last_flags & RSTAN_TCP_SYN) && !(c->r->last_flags & RSTAN_TCP_ACK);
}

bool rstan_answers_malformed_syn(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    return rstan_answers_syn(c, v) && rstan_is_malformed_syn(c->r->last_flags);
}

/* A scanner's probe to a port without listener: the receiver sent one
 * segment that is no SYN (nmap -sF/-sX/-sN/-sA/-PA), the sender nothing
 * before. RFC 9293 §3.10.7.1, state CLOSED: without ACK the answer is
 * <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, with ACK <SEQ=SEG.ACK><CTL=RST>;
 * no connection ever existed, the same state as a SYN to a closed port. */
bool rstan_answers_probe(const rstan_ctx_t *c, const rstan_verdict_t *v)
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
bool rstan_scanner_ends_probe(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    return v->own_probe && c->r->rst && !c->r->seen;
}

bool rstan_after_earlier_reset(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return c->s->rst || c->r->rst_count > 0;
}

bool rstan_resets_synack(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return sender_is_client(c) && c->s->syn && !c->conv->synchronised && c->answers &&
           (c->r->last_flags & RSTAN_TCP_SYN);
}

bool rstan_resets_synack_of_malformed_syn(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    return rstan_resets_synack(c, v) && rstan_is_malformed_syn(c->s->syn_flags);
}

bool rstan_syn_answered_by_ack(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return sender_is_client(c) && c->s->syn && !c->r->synack && c->answers &&
           (c->r->last_flags & RSTAN_TCP_ACK) && !c->conv->synchronised;
}

bool rstan_listener_resets_last_ack(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return !sender_is_client(c) && c->s->synack && c->s->data_packets == 0 &&
           c->s->post_handshake == 0 && !(c->seg->flags & RSTAN_TCP_ACK);
}

bool rstan_gave_up(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return c->s->retx_streak >= c->cfg->retx_threshold;
}

bool rstan_gave_up_silently(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    return rstan_gave_up(c, v) && bare_no_conn_reply(c, v);
}

bool rstan_both_closed(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return c->s->fin && c->r->fin;
}

bool rstan_sender_closed(const rstan_ctx_t *c, const rstan_verdict_t *v)
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

bool rstan_answers_fin(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return c->r->fin && !fin_acked(c);
}

/* A half-closed connection (the peer's FIN acknowledged) aborted after a
 * silence: the sender's idle timer, not an answer to the FIN. */
bool rstan_half_closed_idle_abort(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    return fin_acked(c) && !c->s->fin && idle(c, v);
}

bool rstan_lost_connection(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    return bare_no_conn_reply(c, v) && c->conv->synchronised;
}

bool rstan_idle_abort(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    return rstan_conn_live(c) && idle(c, v);
}

/* A keep-alive connection aborted after it sat quiet with nothing
 * outstanding either way: an idle timer, however short (nginx
 * keepalive_timeout, HAProxy timeout http-keep-alive and cloud load
 * balancers are set from seconds to hours; docs/decisions.md, Device
 * patterns). A reset with an explicit reason says why it was sent. */
bool rstan_quiet_keepalive_abort(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    const rstan_flow_t *s = c->s, *r = c->r;
    return rstan_conn_live(c) && c->seg->reason_kind == RSTAN_REASON_NONE && !s->fin && !r->fin &&
           s->data_packets > 0 && r->data_packets > 0 && r->last_len == 0 &&
           r->ack_valid && r->max_ack == s->nxt && s->ack_valid && s->max_ack == r->nxt &&
           v->idle_ns >= RSTAN_KEEPALIVE_MIN_MS * NS_PER_MS;
}

bool rstan_abort_after_handshake(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return rstan_conn_live(c) && sender_is_client(c) && c->s->data_packets == 0 &&
           c->r->data_packets == 0 && !c->conv->midstream;
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
bool rstan_abort_with_unread_data(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    const rstan_flow_t *s = c->s, *r = c->r;
    return rstan_conn_live(c) && r->last_data_frame > s->last_data_frame &&
           r->last_data_frame != 0 && (!sender_is_client(c) || window_left_unread(s));
}

bool rstan_abort_live(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return rstan_conn_live(c);
}

bool rstan_in_handshake(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return c->s->syn || c->r->syn || c->s->synack || c->r->synack;
}

/* A device's resets (POLICY_RULES, which also ask rstan_answers_syn and
 * rstan_answers_probe): what a filter, NAT or load balancer on the path
 * would have answered. */

/* The reset answers the first segment after a silence of at least min_ms:
 * the answered segment was the connection's last packet and came after the
 * gap. */
static bool answers_after_silence(const rstan_ctx_t *c, int64_t min_ms)
{
    return c->answers_last && c->conv->last_gap_ns >= min_ms * NS_PER_MS;
}

bool rstan_state_forgotten(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return answers_after_silence(c, (int64_t)c->cfg->idle_threshold_ms);
}

/* After a shorter silence, only a reset in the "no connection" template
 * (RFC 9293 §3.10.7.1) says the device no longer knew the flow: a rule
 * rejecting a request builds its reset from the connection it sees, or
 * from the segment it drops (copying its IP ID). */
bool rstan_state_forgotten_short(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    bool no_conn = v->shape == RSTAN_SHAPE_NO_CONN_ACK || v->shape == RSTAN_SHAPE_NO_CONN_SYN;
    return no_conn && !(v->evidence & RSTAN_EV_IPID_COPIED) && answers_after_silence(c, RSTAN_STATE_SILENCE_MIN_MS);
}

bool rstan_device_idle_timer(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    return !c->answers && idle(c, v);
}

/* A device answering the peer's FIN itself: load balancers and security
 * devices "accelerating closure" (docs/decisions.md, Device patterns). */
bool rstan_device_answers_fin(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    return c->answers && (c->r->last_flags & RSTAN_TCP_FIN);
}

/* netfilter conntrack (nf_conntrack_proto_tcp.c, tcp_in_window) marks a
 * segment of a live connection INVALID when it lies outside the window the
 * other side advertised, or acknowledges data the other side never sent; a REJECT rule without an INVALID drop before it
 * then answers it with a reset. The claimed sender's ack is its RCV.NXT. */
bool rstan_rejects_out_of_window(const rstan_ctx_t *c, const rstan_verdict_t *v)
{
    (void)v;
    const rstan_flow_t *s = c->s, *r = c->r;
    if (!c->answers || !rstan_conn_live(c) || !s->ack_valid || (r->last_flags & RSTAN_TCP_SYN))
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