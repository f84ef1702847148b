/* rstan-after.c
 *
 * Origin evidence from segments after a reset: the reset's claimed sender
 * carrying on, or its receiver challenging or ignoring it. Each amends the
 * earlier reset's verdict through the one decision (rstan_decide) and leaves
 * a note on the later segment pointing back at the reset.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-internal.h"

/* A later segment adds evidence to an earlier reset: re-decide it, remember
 * a spoof against the claimed host, and point the segment back at the reset. */
static void amend_reset(rstan_verdict_t *v, uint32_t bit, rstan_host_t *claimed_host,
                        const rstan_segment_t *seg, rstan_note_t *note, uint8_t note_kind,
                        uint32_t reset_frame)
{
    v->evidence |= bit;
    rstan_decide(v);
    rstan_mark_spoof(claimed_host, v, seg->ts_ns);
    if (note) {
        note->kind = note_kind;
        note->reset_frame = reset_frame;
    }
}

/* The reset's claimed sender went on sending: it cannot have sent the reset
 * (Weaver et al. 2009; Suricata suspected_rst_inject). When its segment
 * acknowledges what the reset answered, the segment got through, so the
 * device raced the endpoints instead of filtering. */
bool rstan_rule_sender_carried_on(rstan_flow_t *s, const rstan_segment_t *seg, rstan_host_t *src,
                                  rstan_note_t *note)
{
    rstan_verdict_t *v = s->rst_verdict;
    if (v == NULL || v->after_frame != 0 || seg->flags & (RSTAN_TCP_SYN | RSTAN_TCP_RST))
        return false;
    if (v->evidence & RSTAN_EV_TTL_CLASS)
        return false;   /* the reset was not of this host's shape anyway */
    if (v->conn_goes_on)
        return false;   /* SYN-RECEIVED stays after answering a bad ACK (RFC 9293 §3.10.7.4) */
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
bool rstan_rule_receiver_reaction(rstan_flow_t *sender_of_rst, rstan_flow_t *p,
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
