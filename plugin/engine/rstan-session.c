/* rstan-session.c
 *
 * What a reset shows, in the order its parts build on one another: a second
 * capture takes its first capture's verdict as later segments left it
 * (rstan_follow_copy); with several capture points the copy's result is
 * settled (rstan_pt_settle) and the verdict judged again with where the
 * copy was and was not seen (rstan_judge_points), a reset made the other way
 * at once counting when it stopped a request (rstan_answers_data); last, the
 * periodic run of the verdict shown (rstan_periodic_of). The adapter calls
 * this one function instead of the five in their order.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-session.h"

void rstan_session_result(const rstan_periodic_t *periodic, const rstan_pt_ctx_t *ctx, rstan_verdict_t *v,
                          rstan_pt_result_t *r, bool final, rstan_verdict_t *judged, rstan_result_t *out)
{
    rstan_follow_copy(v);
    out->v = v;
    if (r != NULL && judged != NULL) {
        if (final)
            rstan_pt_settle(ctx, r);
        *judged = *v;
        bool between = (r->flags & RSTAN_PT_BETWEEN) != 0;
        bool crossed = (r->flags & RSTAN_PT_CROSSED) && !(r->flags & RSTAN_PT_FORGED_COPY);
        bool lost = final && (r->flags & RSTAN_PT_LOST) != 0;
        const rstan_verdict_t *pair = r->both_peer ? (const rstan_verdict_t *)r->both_peer->owner : NULL;
        if (pair != NULL && rstan_answers_data(pair))
            judged->pair_stops_request = true;
        rstan_judge_points(judged, between, crossed, lost);
        out->v = judged;
    }
    out->has_periodic = rstan_periodic_of(periodic, out->v, &out->periodic);
}
