/* rstan-engine.c
 *
 * Feeding the engine one segment: connection identity, then for a reset
 * every rule in the order its evidence builds on (rstan-origin.c), the cause
 * candidates (rstan-cause.c) and the decision (rstan-decide.c); for any other
 * segment the rules on what follows a reset (rstan-after.c) and the flow
 * update (rstan-flow.c). See rstan-engine.h for the API contract and
 * rstan-internal.h for which file holds which job.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-internal.h"

#include <string.h>

void rstan_config_default(rstan_config_t *cfg)
{
    cfg->ttl_tolerance = RSTAN_DEFAULT_TTL_TOLERANCE;
    cfg->idle_threshold_ms = RSTAN_DEFAULT_IDLE_MS;
    cfg->retx_threshold = RSTAN_DEFAULT_RETX;
    cfg->burst_window_ms = RSTAN_DEFAULT_BURST_MS;
    cfg->min_rtt_us = RSTAN_DEFAULT_MIN_RTT_US;
    cfg->ipid_max_step = RSTAN_DEFAULT_IPID_STEP;
    cfg->both_sides_window_ms = RSTAN_DEFAULT_BOTH_SIDES_MS;
    cfg->after_spoof_window_ms = RSTAN_DEFAULT_AFTER_SPOOF_MS;
}

/* Segments cross: after a close, the receiver's last few segments reach the
 * sender one by one, and a stack with no socket answers each with
 * <SEQ=SEG.ACK><CTL=RST> (RFC 9293 §3.10.7.1), so a bare reset answers the
 * segment whose ACK it carries, not necessarily the receiver's newest: the
 * oldest such segment after the one the sender's previous reset answered. */
static const rstan_sighting_t *answered_segment(const rstan_flow_t *s, const rstan_flow_t *r,
                                                const rstan_segment_t *seg)
{
    /* Only a sender that closed or reset has segments of the receiver's left
     * to answer from no socket; they were sent before its FIN arrived. */
    if ((seg->flags & (RSTAN_TCP_ACK | RSTAN_TCP_SYN)) || !(r->last_flags & RSTAN_TCP_ACK) ||
        seg->seq == r->last_ack || !(s->fin || s->rst_count > 0))
        return NULL;
    const rstan_sighting_t *best = NULL;
    for (unsigned i = 0; i < RSTAN_SIGHTINGS; i++) {
        const rstan_sighting_t *k = &r->sighting[i];
        if (k->frame == 0 || !(k->flags & RSTAN_TCP_ACK) || (k->flags & RSTAN_TCP_RST) || k->ack != seg->seq ||
            k->frame <= s->rst_answers)
            continue;
        if (best == NULL || k->frame < best->frame)
            best = k;
    }
    return best;
}

/* What the reset is and what it answers, before any rule runs. */
static void describe_reset(rstan_ctx_t *c, rstan_verdict_t *v)
{
    const rstan_conv_t *conv = c->conv;
    const rstan_segment_t *seg = c->seg;
    const rstan_flow_t *s = c->s, *r = c->r;

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
    v->rtt_ns = s->trip_n ? s->trip_ns : -1;
    v->retransmissions = s->retx_streak;
    v->reason_kind = seg->reason_kind;
    v->reason_code = seg->reason_code;
    v->lone = !s->seen && !r->seen;
    if (seg->reason_kind != RSTAN_REASON_NONE)
        v->evidence |= RSTAN_EV_REASON;
    if (conv->client_dir >= 0)
        v->claimed = conv->client_dir == (int8_t)seg->dir ? RSTAN_ORIGIN_CLIENT : RSTAN_ORIGIN_SERVER;

    c->answers = r->seen && r->last_frame != 0 && r->last_frame > s->last_frame;
    c->crossed = c->answers ? answered_segment(s, r, seg) : NULL;
    if (c->crossed) {
        v->answers_frame = c->crossed->frame;
        v->answered_flags = c->crossed->flags;
        v->answered_end = c->crossed->seq + c->crossed->len;
        v->answered_len = c->crossed->len;
    } else if (c->answers) {
        v->answers_frame = r->last_frame;
        v->answered_flags = r->last_flags;
        v->answered_end = rstan_answered_end(r);
        v->answered_len = r->last_len;
    }
    /* A device that forgot the flow answers the first segment after the
     * silence: that silence is the one it timed out on. */
    c->answers_last = c->answers && r->last_ts == conv->last_ts && conv->packets > 1;
    v->silence_ns = c->answers_last ? conv->last_gap_ns : v->idle_ns;
}

RSTAN_COLD static void classify_reset(rstan_ctx_t *c, rstan_verdict_t *v)
{
    rstan_flow_t *s = c->s;

    describe_reset(c, v);
    v->shape = rstan_rule_template(c);
    if (v->shape == RSTAN_SHAPE_NONE)
        v->evidence |= RSTAN_EV_SHAPE_NONE;
    else if (v->shape != RSTAN_SHAPE_NOT_CHECKABLE)
        v->evidence |= RSTAN_EV_SHAPE_FIT;
    v->seq_status = rstan_rule_seq_status(c, v->shape);
    v->conn_goes_on = rstan_synrecv_bad_ack(c, v);

    rstan_rule_hops(c, v);
    rstan_rule_ipid(c, v);
    rstan_rule_flow_label(c, v);
    rstan_rule_tos(c, v);
    rstan_rule_timing(c, v);
    rstan_rule_window(c, v);
    rstan_rule_forgot(c, v);
    rstan_rule_genuine_cause(c, v);
    rstan_rule_policy_cause(c, v);
    rstan_rule_burst(c, v);
    rstan_rule_both_sides(c, v);
    rstan_rule_after_spoof(c, v);

    /* A retransmitted reset says what the first one said; so does a second
     * reset of the same segment at the same sequence number (nothing came
     * from the receiver in between), e.g. from a second stack on the host. */
    bool same_answer = s->rst_verdict && c->answers && c->r->last_frame < s->rst_frame &&
                       c->seg->seq == s->rst_seq && v->answers_frame == s->rst_verdict->answers_frame;
    if ((v->evidence & RSTAN_EV_DUPLICATE || same_answer) && s->rst_verdict) {
        v->genuine_cause = s->rst_verdict->genuine_cause;
        v->genuine_phase = s->rst_verdict->genuine_phase;
        v->policy_cause = s->rst_verdict->policy_cause;
        v->policy_phase = s->rst_verdict->policy_phase;
        v->genuine_rule = s->rst_verdict->genuine_rule;
        v->policy_rule = s->rst_verdict->policy_rule;
    }
    if (v->evidence & RSTAN_EV_DUPLICATE && s->rst_verdict)
        v->evidence |= s->rst_verdict->evidence & ~(uint64_t)(RSTAN_EV_SHAPE_FIT | RSTAN_EV_SHAPE_NONE);
    rstan_decide(v);
    rstan_mark_spoof(c->src, v, c->seg->ts_ns);
}

RSTAN_COLD static void note_reset(rstan_conv_t *conv, rstan_flow_t *s, const rstan_segment_t *seg,
                                  rstan_verdict_t *out)
{
    if (out) {
        if (conv->end) {
            if (conv->end->first_reset == NULL)
                conv->end->first_reset = out;
            conv->end->resets++;
        }
        s->rst_verdict = out;
    }
    s->rst = true;
    s->rst_count++;
    s->rst_ts = seg->ts_ns;
    s->rst_seq = seg->seq;
    s->rst_ack = seg->ack;
    s->rst_answers = out ? out->answers_frame : 0;
    s->rst_ttl = seg->ttl;
    s->rst_flags = seg->flags;
    s->rst_ipid = seg->ip_id;
    s->rst_frame = seg->frame;
}

RSTAN_COLD void rstan_follow_copy(rstan_verdict_t *copy)
{
    const rstan_verdict_t *src = copy->copy_src;
    if (src == NULL)
        return;
    uint32_t frame = copy->frame, copy_of = copy->copy_of;
    uint8_t ttl = copy->ttl;
    int16_t hops = copy->hops;
    *copy = *src;
    copy->copy_src = src;
    copy->frame = frame;
    copy->copy_of = copy_of;
    copy->ttl = ttl;
    copy->hops = hops;
}

bool rstan_feed(rstan_conv_t *conv, rstan_host_t *src, rstan_host_t *dst,
                const rstan_segment_t *seg, const rstan_config_t *cfg,
                rstan_verdict_t *out, rstan_note_t *note)
{
    if (seg->dir <= 1)
        rstan_begin(conv, seg);
    return rstan_feed_begun(conv, src, dst, seg, cfg, out, note);
}

bool rstan_feed_begun(rstan_conv_t *conv, rstan_host_t *src, rstan_host_t *dst,
                      const rstan_segment_t *seg, const rstan_config_t *cfg,
                      rstan_verdict_t *out, rstan_note_t *note)
{
    rstan_ctx_t c;
    bool filled = false;

    if (note)
        note->kind = RSTAN_NOTE_NONE;
    if (seg->dir > 1)
        return false;
    /* After rstan_begin: a copy of the SYN a reset answered started nothing. */
    bool copy = rstan_capture_copy(&conv->flow[seg->dir], seg);
    if (!copy)
        rstan_assign_roles(conv, seg);

    memset(&c, 0, sizeof(c));
    c.conv = conv;
    c.s = &conv->flow[seg->dir];
    c.r = &conv->flow[seg->dir ^ 1];
    c.src = src;
    c.seg = seg;
    c.cfg = cfg;

    /* A second sighting of one of the sender's recent packets adds nothing;
     * a reset's copy says what its first copy says. */
    if (copy) {
        rstan_note_copy(c.s, seg);
        if (!(seg->flags & RSTAN_TCP_RST) || out == NULL || c.s->rst_verdict == NULL)
            return false;
        out->copy_src = c.s->rst_verdict;
        out->frame = seg->frame;
        out->ttl = seg->ttl;
        out->hops = (int16_t)rstan_hops(seg->ttl);
        out->copy_of = c.s->rst_frame;
        rstan_follow_copy(out);
        return true;
    }

    int64_t gap = conv->packets > 0 ? seg->ts_ns - conv->last_ts : 0;
    if (gap < 0)
        gap = 0;   /* timestamps going backwards: no silence */

    if (seg->flags & RSTAN_TCP_RST) {
        if (out) {
            classify_reset(&c, out);
            filled = true;
        }
        note_reset(conv, c.s, seg, out);
    } else {
        /* The rules after a reset (rstan-after.c) read a reset either side sent. */
        if (c.s->rst_verdict != NULL || c.r->rst_verdict != NULL) {
            if (!rstan_rule_sender_carried_on(c.s, seg, src, note))
                rstan_rule_receiver_reaction(c.r, c.s, seg, cfg, dst, note);
        }
        rstan_flow_update(conv, c.s, c.r, cfg->ttl_tolerance, src, seg);
    }
    rstan_note_sighting(c.s, seg);
    conv->last_gap_ns = gap;
    if (conv->packets == 0 || seg->ts_ns > conv->last_ts)
        conv->last_ts = seg->ts_ns;
    conv->packets++;
    return filled;
}
