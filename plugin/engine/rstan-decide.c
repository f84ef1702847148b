/* rstan-decide.c
 *
 * The decision: evidence -> origin, verdict, cause, phase and confidence.
 * rstan_decide() is the one place a reset is judged; the first judgement,
 * every amendment by a later segment, a burst, resets to both sides and a
 * re-judgement once the sender's host has a baseline all go through it, so
 * the same evidence always gives the same answer.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-internal.h"

/* Signs of a device racing the endpoints rather than enforcing a policy:
 * a shape no stack makes, the real sender carrying on with what the reset
 * answered, a challenge ACK or a receiver ignoring it, a burst walking the
 * window, the type-1 censor shape (Weaver et al. 2009). */
#define RSTAN_EV_INJECTION (RSTAN_EV_SHAPE_NONE | RSTAN_EV_RACE | RSTAN_EV_CHALLENGED | \
                            RSTAN_EV_IGNORED | RSTAN_EV_BURST | RSTAN_EV_TYPE1_WINDOW)

#define RSTAN_WEIGHT_OF(id, name, weight, text) weight,
static const int16_t rstan_weights[RSTAN_EV_COUNT] = { RSTAN_EVIDENCE_LIST(RSTAN_WEIGHT_OF) };

int rstan_evidence_weight(unsigned bit_index)
{
    return bit_index < RSTAN_EV_COUNT ? rstan_weights[bit_index] : 0;
}

static uint8_t confidence_sure(int margin)
{
    return (uint8_t)(margin >= RSTAN_CONF_SURE_MARGIN ? RSTAN_CONF_MAX : RSTAN_CONF_BASE + margin / 2);
}

void rstan_decide(rstan_verdict_t *v)
{
    int against = 0, for_sender = 0;
    for (unsigned i = 0; i < RSTAN_EV_COUNT; i++) {
        if (!(v->evidence & (UINT64_C(1) << i)))
            continue;
        if (rstan_weights[i] > 0)
            against += rstan_weights[i];
        else
            for_sender -= rstan_weights[i];
    }

    if (against >= RSTAN_SPOOF_MIN_AGAINST && against >= for_sender + RSTAN_SPOOF_MARGIN) {
        bool injected = (v->evidence & RSTAN_EV_INJECTION) != 0;
        /* A device that mimics the endpoint's own abort (RST+ACK at the
         * sender's next sequence number) on a live, non-idle connection is
         * not a filter rejecting a segment: filters answer with the
         * no-connection template (netfilter nf_reject, docs/decisions.md),
         * unless it built the reset from the segment it dropped, copying
         * that segment's IP ID, or the reset answers the receiver's data
         * at once: a firewall or IPS that stops a request resets the
         * session it holds, both ends in each other's name (Palo Alto
         * reset-both after a session exists, docs/decisions.md, Device
         * patterns; Suricata's rejectboth). Such a device is on the path:
         * never farther than the endpoint, at a distance a path has; a
         * reset from farther away has a TTL its maker chose (Weaver et al.
         * 2009). Seen from two capture points, the reset to the other end
         * made at once by the same device (rstan_pt_settle's both ways)
         * stops that request too, though its receiver never saw it. */
        bool beyond_sender = (v->evidence & RSTAN_EV_HOPS_FARTHER) || v->hops > RSTAN_MAX_HOPS ||
                             ((v->evidence & RSTAN_EV_TTL_CLASS) && v->hops > v->hops_expected);
        bool stops_request = (rstan_answers_data(v) || v->pair_stops_request) && !beyond_sender;
        if (v->shape == RSTAN_SHAPE_ABORT && v->policy_cause == RSTAN_CAUSE_FIREWALL_REJECT &&
            !(v->evidence & RSTAN_EV_IPID_COPIED) && !stops_request)
            injected = true;
        /* The reset to the end whose request the device dropped carries the
         * dropped request's own sequence number, the one that end still
         * expects: no stack of the sender's sends it (it had sent beyond;
         * RFC 9293 §3.10.5 ABORT sends SND.NXT), yet nothing raced. Where
         * the capture holds that request (both sides of the device in one
         * file), that shape alone is the device's reject, not injection. */
        if (v->pair_stops_request && stops_request && v->seq_status == RSTAN_SEQ_EXACT &&
            (v->evidence & RSTAN_EV_INJECTION) == RSTAN_EV_SHAPE_NONE)
            injected = false;
        v->origin = RSTAN_ORIGIN_MIDDLEBOX;
        v->verdict = RSTAN_VERDICT_SPOOFED;
        v->cause = injected ? RSTAN_CAUSE_INJECTED : v->policy_cause;
        v->phase = v->policy_phase;
        v->confidence = confidence_sure(against - for_sender);
        return;
    }

    v->origin = v->claimed;
    v->phase = v->genuine_phase;
    v->cause = v->genuine_cause;
    /* A copy seen crossing two capture points with the flow's TTL change
     * passed where the claimed sender's packets pass: weaker signs against
     * it (a hop or an IP ID off) do not leave it unverified. */
    bool crossed = (v->evidence & RSTAN_EV_CROSSED_POINTS) != 0;
    if (for_sender >= RSTAN_GENUINE_MIN_FOR && (against < RSTAN_GENUINE_MAX_AGAINST || crossed)) {
        v->verdict = RSTAN_VERDICT_GENUINE;
        v->confidence = confidence_sure(for_sender - against);
        return;
    }
    v->verdict = RSTAN_VERDICT_UNVERIFIED;
    int gap = for_sender > against ? for_sender - against : against - for_sender;
    v->confidence = (uint8_t)(gap >= RSTAN_CONF_UNSURE_GAP ? RSTAN_CONF_MIN : RSTAN_CONF_UNSURE_BASE - gap / 2);
    /* A lone reset with nothing to confirm it names no origin: the address
     * it carries is all there is (docs/fields.md: origin unknown). */
    if (v->lone)
        v->origin = RSTAN_ORIGIN_UNKNOWN;
}

bool rstan_answers_data(const rstan_verdict_t *v)
{
    return v->answers_frame != 0 && v->answered_len > 0;
}

void rstan_mark_spoof(rstan_host_t *host, const rstan_verdict_t *v, int64_t ts)
{
    if (host && v->verdict == RSTAN_VERDICT_SPOOFED) {
        host->spoofed_recent = 1;
        host->spoofed_ts_ns = ts;
    }
}

bool rstan_ack_fits(const rstan_verdict_t *v)
{
    return v->shape != RSTAN_SHAPE_NONE && v->shape != RSTAN_SHAPE_NOT_CHECKABLE;
}

void rstan_judge_points(rstan_verdict_t *v, bool between, bool crossed, bool lost)
{
    v->evidence &= ~(uint64_t)(RSTAN_EV_BETWEEN_POINTS | RSTAN_EV_CROSSED_POINTS | RSTAN_EV_LOST_BETWEEN);
    if (between)
        v->evidence |= RSTAN_EV_BETWEEN_POINTS;
    else if (crossed)
        v->evidence |= RSTAN_EV_CROSSED_POINTS;
    if (lost)
        v->evidence |= RSTAN_EV_LOST_BETWEEN;
    rstan_decide(v);
}
