/* rstan-origin.c
 *
 * Origin evidence on the reset itself: does it look like the endpoint whose
 * address it carries? Each rule compares one property of the reset (shape,
 * sequence number, IP ID, TOS, timing, window, repeats) with what that
 * endpoint's stack sends, and sets evidence bits that rstan-decide.c weighs;
 * the hop distance has a file of its own (rstan-hops.c). Each rule names its
 * source.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-internal.h"

/* RFC 9293 §3.10.7.1: with no connection, a segment without ACK gets
 * <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, a segment with ACK gets
 * <SEQ=SEG.ACK><CTL=RST>; a synchronised endpoint aborting sends RST at
 * SND.NXT (§3.10.5, ABORT call). */
uint8_t rstan_rule_template(const rstan_ctx_t *c)
{
    const rstan_segment_t *seg = c->seg;
    const rstan_flow_t *s = c->s, *r = c->r;
    bool rst_ack = (seg->flags & RSTAN_TCP_ACK) != 0;

    if (seg->flags & RSTAN_TCP_SYN)
        return RSTAN_SHAPE_NOT_CHECKABLE;
    if (c->answers && !rst_ack && (r->last_flags & RSTAN_TCP_ACK) && seg->seq == r->last_ack)
        return RSTAN_SHAPE_NO_CONN_ACK;
    if (c->crossed)
        return RSTAN_SHAPE_NO_CONN_ACK;   /* answers an earlier segment by its ACK */
    if (s->seen && seg->seq == s->nxt)
        return RSTAN_SHAPE_ABORT;
    if (c->answers && !(r->last_flags & RSTAN_TCP_ACK) && rst_ack && seg->ack == rstan_answered_end(r))
        return RSTAN_SHAPE_NO_CONN_SYN;
    if (c->answers && (r->last_flags & RSTAN_TCP_ACK) && seg->seq == r->last_ack)
        return RSTAN_SHAPE_NO_CONN_ACK;
    /* Answering an earlier segment of the receiver (its acks only grow) --
     * unless the sender has sent data past that point since: a stack's
     * no-connection reset is a reply to a segment (§3.10.7.1), and an
     * endpoint that went on sending has a connection whose abort carries
     * SND.NXT. A device building the reset from the receiver's view (an IPS
     * resetting both ends) sends it. */
    if (r->ack_valid && seg->seq == r->max_ack &&
        (c->answers || s->data_packets == 0 || !seq_gt(s->nxt, seg->seq)))
        return RSTAN_SHAPE_NO_CONN_ACK;
    if (!s->seen && !r->ack_valid)
        return RSTAN_SHAPE_NOT_CHECKABLE;
    return RSTAN_SHAPE_NONE;
}

/* RFC 5961 §3.2: a reset is accepted only at exactly RCV.NXT; in the window
 * it draws a challenge ACK; outside it is dropped. */
uint8_t rstan_rule_seq_status(const rstan_ctx_t *c, uint8_t shape)
{
    const rstan_flow_t *s = c->s, *r = c->r;
    uint32_t rcv_nxt;

    if (shape == RSTAN_SHAPE_NO_CONN_SYN)
        return RSTAN_SEQ_EXACT;     /* SYN-SENT checks the ACK field instead */
    /* The receiver's highest ACK is its RCV.NXT, unless it acknowledged data
     * the sender never sent (a crafted or corrupt segment): then what the
     * sender sent is all the receiver can have. */
    if (r->ack_valid && !(s->seen && seq_gt(r->max_ack, s->nxt)))
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
    uint32_t wnd = r->win ? r->win : RSTAN_MAX_UNSCALED_WINDOW;
    if (r->wscale > 0 && c->s->wscale >= 0)
        wnd <<= (r->wscale > RSTAN_MAX_WSCALE ? RSTAN_MAX_WSCALE : r->wscale);
    if (diff > 0 && (uint32_t)diff < wnd)
        return RSTAN_SEQ_IN_WINDOW;
    return RSTAN_SEQ_OUT_OF_WINDOW;
}

/* IPv4 ID continuity: a host's IDs move forward in small steps. Linux sends
 * ID 0 with DF from no-socket resets and netfilter does too: no evidence
 * either way (docs/decisions.md, IP ID continuity). */
void rstan_rule_ipid(const rstan_ctx_t *c, rstan_verdict_t *v)
{
    const rstan_segment_t *seg = c->seg;
    /* A device that builds its reset from the segment it drops may copy that
     * segment's IP ID; the endpoint's own counter never repeats the peer's
     * (captures/wild pattern 9; docs/decisions.md, IP ID continuity). */
    if (seg->ip_version == 4 && seg->ip_id != 0 && c->answers && c->r->ipid_valid &&
        seg->ip_id == c->r->ipid_last)
        v->evidence |= RSTAN_EV_IPID_COPIED;
    /* ID 0 with DF is what Linux gives a packet of no socket (its own
     * no-connection resets) and what netfilter's reject gives its reset:
     * weak either way. An abort is sent by the connection's socket, which
     * numbers it from the connection's counter like every segment before it
     * (Linux ip_select_ident_segs for a connected socket: the captures'
     * aborts carry the next ID), so an abort with ID 0 from a sender whose
     * packets counted is off its sequence like any other ID. */
    bool sockless_id = seg->ip_id == 0 && v->shape != RSTAN_SHAPE_ABORT;
    if (seg->ip_version != 4 || sockless_id || !c->s->ipid_valid || c->s->ipid_last == 0)
        return;
    uint16_t step = (uint16_t)(seg->ip_id - c->s->ipid_last);
    v->has_ipid_step = true;
    v->ipid_step = step;
    if (step >= 1 && step <= c->cfg->ipid_max_step)
        v->evidence |= RSTAN_EV_IPID_CONT;
    else if (step > c->cfg->ipid_max_step && step < RSTAN_IPID_SPACE - RSTAN_IPID_BACKWARDS)
        v->evidence |= RSTAN_EV_IPID_JUMP;
}

/* IPv6's counterpart: a source gives the packets of one flow one flow label
 * (RFC 6437 §3), Linux from the socket's hash (auto_flowlabels,
 * ip6_make_flowlabel), on its abort too, which the socket sends like any
 * segment (tcp_send_active_reset): the captures' aborts and unread-data
 * resets carry their connection's label. The kernel's resets of no socket
 * take another, so only a reset shaped as the socket's own abort is judged,
 * as with the IP ID. Linux draws a new label when it rethinks the path after
 * a timeout (sk_rethink_txhash), whose retransmissions then show it. */
void rstan_rule_flow_label(const rstan_ctx_t *c, rstan_verdict_t *v)
{
    const rstan_flow_t *s = c->s;
    if (c->seg->ip_version != 6 || v->shape != RSTAN_SHAPE_ABORT || !s->label_steady)
        return;
    v->evidence |= c->seg->flow_label == s->label ? RSTAN_EV_FLOW_SAME : RSTAN_EV_FLOW_OTHER;
}

/* Linux copies the TOS of the segment it answers into a no-socket reset
 * (tcp_v4_send_reset replies with the incoming segment's tos; IPv6 copies
 * the traffic class in tcp_v6_send_response); netfilter's reject
 * (nf_send_reset) builds a fresh IP header with TOS 0 (docs/decisions.md, TOS). */
void rstan_rule_tos(const rstan_ctx_t *c, rstan_verdict_t *v)
{
    if (!c->answers || c->r->last_tos == 0)
        return;
    if (c->seg->tos == c->r->last_tos)
        v->evidence |= RSTAN_EV_TOS_COPIED;
    else if (c->seg->tos == 0)
        v->evidence |= RSTAN_EV_TOS_ZEROED;
}

/* A reset towards a capture point at the receiver that arrives sooner than
 * half a round trip after what it answers cannot be the far end's: the
 * segment needs half a round trip to get there and the answer as long back
 * (docs/decisions.md, Timing; Weaver et al. 2009 use the same arrival bound).
 * The round trip is the claimed sender's own quickest answer at this point,
 * taken only when no application can have held it back (trip_sure): the
 * other side's pace is no part of it, and a scripted client's pause before
 * the handshake's ACK no measure of its own (captures/wild pattern 6). */
void rstan_rule_timing(const rstan_ctx_t *c, rstan_verdict_t *v)
{
    const rstan_flow_t *s = c->s;
    if (!c->answers || !s->trip_sure || s->trip_ns < (int64_t)c->cfg->min_rtt_us * NS_PER_US)
        return;
    bool receiver_local = c->r->ttl_n > 0 && c->r->hops_max == 0;
    bool sender_far = s->ttl_n > 0 && s->hops_min > 0;
    int64_t dt = c->seg->ts_ns - (c->crossed ? c->crossed->ts_ns : c->r->last_ts);
    if (receiver_local && sender_far && dt >= 0 && dt < s->trip_ns / 2)
        v->evidence |= RSTAN_EV_TOO_FAST;
}

/* Type-1 censor resets carry no ACK and a non-zero window; stacks send
 * window 0 on such resets (Weaver et al. 2009; docs/decisions.md, Injector shapes). */
void rstan_rule_window(const rstan_ctx_t *c, rstan_verdict_t *v)
{
    /* A reset at the sender's own distance that continues its IP ID series
     * came from its host, whichever stack there chose the window
     * (masscan's own stack sends 1200). */
    uint64_t own_host = RSTAN_EV_HOPS_MATCH | RSTAN_EV_IPID_CONT;
    if ((v->evidence & own_host) == own_host)
        return;
    /* Nor is it a censor's when it resets a probe whose SYN no stack sent
     * (judge_own_probe): the program that crafted the SYN ends its own
     * half-open connection with its own window; a type-1 injector races a
     * connection a real stack opened. */
    if ((v->evidence & RSTAN_EV_PROBE_RESET) && c->s->syn_crafted)
        return;
    if (!(c->seg->flags & (RSTAN_TCP_ACK | RSTAN_TCP_SYN)) && c->seg->win != 0 &&
        c->seg->reason_kind != RSTAN_REASON_WINDOW_CODE)
        v->evidence |= RSTAN_EV_TYPE1_WINDOW;
}

/* An endpoint that sent a live segment moments ago does not answer the
 * peer with the "no connection" template unless it closed, reset or gave
 * up first (RFC 9293 §3.10.7.1 applies only to CLOSED). */
void rstan_rule_forgot(const rstan_ctx_t *c, rstan_verdict_t *v)
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

/* Several resets from one side within a short time with changing sequence
 * beyond anything it sent, changing ack, or changing TTL: an injector
 * covering the window (Weaver et al. 2009; Zeek repeats 'R' only when the
 * sequence changes). An identical repeat is a retransmitted reset. */
void rstan_rule_burst(rstan_ctx_t *c, rstan_verdict_t *v)
{
    rstan_flow_t *s = c->s;
    const rstan_segment_t *seg = c->seg;
    if (s->rst_count == 0 || s->rst_verdict == NULL)
        return;
    bool identical = seg->seq == s->rst_seq && seg->ack == s->rst_ack && seg->ttl == s->rst_ttl;
    /* Identical copies in a TTL class foreign to the sender are a device
     * repeating its injection (censors send resets in threes, Weaver et al.
     * 2009), not a stack retransmitting its reset. */
    bool foreign = (v->evidence & RSTAN_EV_TTL_CLASS) && (s->rst_verdict->evidence & RSTAN_EV_TTL_CLASS);
    /* The same reset answering another segment of the receiver (a later one,
     * or another of its segments that crossed the sender's close, each with
     * the same ACK) is a stack's answer to that segment, not a repeat. */
    if (identical && v->answers_frame != 0 && s->rst_answers != 0 && v->answers_frame != s->rst_answers)
        return;
    if (identical && !foreign) {
        v->evidence |= RSTAN_EV_DUPLICATE;
        return;
    }
    if (seg->ts_ns - s->rst_ts > (int64_t)c->cfg->burst_window_ms * NS_PER_MS)
        return;
    bool seq_jump = seq_gt(seg->seq, s->rst_seq + RSTAN_BURST_SEQ_SLACK) && s->seen && seq_gt(seg->seq, s->nxt);
    bool ack_change = (seg->flags & RSTAN_TCP_ACK) && seg->ack != s->rst_ack;
    /* A change of distance, not of class alone: two stacks of one host
     * (the kernel's 64 and a user-space scanner's 255, masscan) reset the
     * same segment from the same distance. */
    bool ttl_change = rstan_hops(seg->ttl) != rstan_hops(s->rst_ttl);
    if (!(seq_jump || ack_change || ttl_change || identical))
        return;
    rstan_verdict_t *prev = s->rst_verdict;
    v->evidence |= RSTAN_EV_BURST;
    v->burst_count = (prev->burst_count ? prev->burst_count : 1) + 1;
    prev->evidence |= RSTAN_EV_BURST;
    prev->burst_count = v->burst_count;
    rstan_decide(prev);
}

/* Resets towards both endpoints at once: one device cutting the connection
 * both ways (the Great Firewall's pattern, docs/decisions.md, Both sides
 * at once; Azure's "TCP reset on idle" resets both sides too). */
void rstan_rule_both_sides(rstan_ctx_t *c, rstan_verdict_t *v)
{
    rstan_flow_t *r = c->r;
    if (r->rst_count == 0 || r->rst_verdict == NULL)
        return;
    int64_t dt = c->seg->ts_ns - r->rst_ts;
    if (dt < 0 || dt > (int64_t)c->cfg->both_sides_window_ms * NS_PER_MS)
        return;
    v->evidence |= RSTAN_EV_BOTH_SIDES;
    r->rst_verdict->evidence |= RSTAN_EV_BOTH_SIDES;
    /* One of the two answering the receiver's request at once: the device
     * stopped that request and reset both ends (rstan_decide). */
    if (rstan_answers_data(r->rst_verdict))
        v->pair_stops_request = true;
    if (rstan_answers_data(v))
        r->rst_verdict->pair_stops_request = true;
    rstan_decide(r->rst_verdict);
}

/* Further connections between hosts whose reset was just called spoofed get
 * reset by the same device for a while (docs/decisions.md, Both sides at
 * once: the Great Firewall). The sender's first reset here carries the hint. */
void rstan_rule_after_spoof(const rstan_ctx_t *c, rstan_verdict_t *v)
{
    if (c->src && c->src->spoofed_recent && c->s->rst_count == 0 &&
        c->seg->ts_ns - c->src->spoofed_ts_ns < (int64_t)c->cfg->after_spoof_window_ms * NS_PER_MS)
        v->evidence |= RSTAN_EV_AFTER_SPOOF;
}
