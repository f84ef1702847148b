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

#define RSTAN_WEIGHT_OF(id, name, weight, family, proof, text) weight,
static const int16_t rstan_weights[RSTAN_EV_COUNT] = { RSTAN_EVIDENCE_LIST(RSTAN_WEIGHT_OF) };

int rstan_evidence_weight(unsigned bit_index)
{
    return bit_index < RSTAN_EV_COUNT ? rstan_weights[bit_index] : 0;
}

/* The hop count alone proves another device when the sender cannot have it:
 * another initial-TTL class than the sender's own packets of this very
 * connection, at a distance they do not come from (a socket that sets its
 * own TTL keeps its distance: socket_ttl), or a reset that arrived unrouted
 * from a sender whose packets all cross routers (a router decrements every
 * packet it forwards, RFC 791 §3.2, RFC 8200 §3; only a station on the
 * capture's own link puts a packet there at its initial TTL). */
static bool path_proof(const rstan_verdict_t *v)
{
    bool own_conn = v->hops_basis == RSTAN_BASIS_CONN || v->hops_basis == RSTAN_BASIS_CONN_ONE;
    if ((v->evidence & RSTAN_EV_TTL_CLASS) && own_conn)
        return true;
    return (v->evidence & RSTAN_EV_HOPS_CLOSER) && v->hops == 0 && v->hops_expected >= 1;
}

/* The weighing of rstan_decide: the sums for and against the claimed sender,
 * the families each side draws on, and whether any evidence is proof. */
typedef struct {
    int against, for_sender;
    unsigned families_against, families_for;
    bool proof;
} rstan_tally_t;

static unsigned popcount8(unsigned x)
{
    unsigned n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

static rstan_tally_t tally(const rstan_verdict_t *v)
{
    rstan_tally_t t = { 0, 0, 0, 0, false };
    for (unsigned i = 0; i < RSTAN_EV_COUNT; i++) {
        if (!(v->evidence & (UINT64_C(1) << i)))
            continue;
        unsigned family = rstan_evidence_family(i);
        /* Context only informs: other resets nearby, a reason, no baseline. */
        unsigned fbit = family == RSTAN_FAMILY_CONTEXT ? 0 : 1u << family;
        if (rstan_weights[i] > 0) {
            t.against += rstan_weights[i];
            t.families_against |= fbit;
            t.proof |= rstan_evidence_proof(i);
        } else if (rstan_weights[i] < 0) {
            t.for_sender -= rstan_weights[i];
            t.families_for |= fbit;
        }
    }
    t.proof |= path_proof(v);
    return t;
}

/* Grounds against the claimed sender that may carry a spoofed verdict:
 * proof, or two families agreeing (an IP ID off its series with an exact
 * TTL is one family, the sender's own; Linux's resets of no socket take
 * their ID from another generator, ip_send_unicast_reply). */
static uint8_t grounds_against(const rstan_tally_t *t)
{
    if (t->proof)
        return RSTAN_GROUNDS_PROOF;
    return popcount8(t->families_against) >= 2 ? RSTAN_GROUNDS_FAMILIES : RSTAN_GROUNDS_SUSPECT;
}

static void settle(rstan_verdict_t *v, uint8_t grounds)
{
    v->grounds = grounds;
    v->confidence = (uint8_t)rstan_grounds_confidence(grounds);
}

void rstan_decide(rstan_verdict_t *v)
{
    rstan_tally_t t = tally(v);
    int against = t.against, for_sender = t.for_sender;
    v->families_against = (uint8_t)t.families_against;

    bool outweighs = against >= RSTAN_SPOOF_MIN_AGAINST && against >= for_sender + RSTAN_SPOOF_MARGIN;
    uint8_t grounds = grounds_against(&t);
    if (outweighs && rstan_grounds_confidence(grounds) >= RSTAN_SPOOF_MIN_CONFIDENCE) {
        /* A device that chose its TTLs to give the sender's own hop count
         * (judge_third_class) hides, as injectors do; a filter does not. */
        uint64_t signs = RSTAN_EV_INJECTION;
        /* A reject of a segment conntrack found INVALID answers it with
         * <SEQ=SEG.ACK><CTL=RST>, an ack of data never sent: outside the
         * receiver's window, so ignored or challenged (RFC 5961 §3.2) as
         * a matter of course. */
        if (v->policy_cause == RSTAN_CAUSE_CONNTRACK_INVALID)
            signs &= ~(uint64_t)(RSTAN_EV_IGNORED | RSTAN_EV_CHALLENGED);
        bool injected = (v->evidence & signs) != 0 || v->third_class;
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
        settle(v, grounds);
        return;
    }

    /* A reset is its claimed sender's until proven otherwise. */
    v->origin = v->claimed;
    v->phase = v->genuine_phase;
    v->cause = v->genuine_cause;
    /* A copy seen crossing two capture points with the flow's TTL change
     * passed where the claimed sender's packets pass: weaker signs against
     * it (a hop or an IP ID off) do not leave it unverified. */
    bool crossed = (v->evidence & RSTAN_EV_CROSSED_POINTS) != 0;
    if (for_sender >= RSTAN_GENUINE_MIN_FOR && (against < RSTAN_GENUINE_MAX_AGAINST || crossed)) {
        v->verdict = RSTAN_VERDICT_GENUINE;
        settle(v, crossed ? RSTAN_GROUNDS_SEEN_CROSSING
                  : popcount8(t.families_for) >= 2 ? RSTAN_GROUNDS_FOR_MANY : RSTAN_GROUNDS_FOR_ONE);
        return;
    }
    v->verdict = RSTAN_VERDICT_UNVERIFIED;
    /* Evidence against the sender that is not enough to call it forged is
     * said as such (possibly forged), never as a spoofed verdict. */
    settle(v, outweighs ? RSTAN_GROUNDS_SUSPECT : RSTAN_GROUNDS_UNSURE);
    /* A lone reset with nothing to confirm it names no origin: the address
     * it carries is all there is (docs/fields.md: origin unknown). */
    if (v->lone) {
        v->origin = RSTAN_ORIGIN_UNKNOWN;
        settle(v, RSTAN_GROUNDS_NOTHING);
    }
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
