/* rstan-session.h
 *
 * One way out of the engine for a reset: what a reset copy shows, made in
 * one call from what feeding the engine and the capture-point matcher left
 * (rstan-session.c). Plain C99 like the rest of the engine.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef RSTAN_SESSION_H
#define RSTAN_SESSION_H

#include "rstan-engine.h"
#include "rstan-points.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a reset shows. */
typedef struct {
    const rstan_verdict_t   *v;          /* the verdict to show */
    rstan_periodic_finding_t periodic;   /* the periodic run it belongs to, if has_periodic */
    bool                     has_periodic;
} rstan_result_t;

/* The result of one reset copy.
 *   v:      the engine's verdict of the reset, kept where rstan_feed filled it
 *           (a second capture of a reset is refreshed from its first here);
 *   r:      its capture-point result (rstan_pt_feed), NULL with one point;
 *           the owner of every result is its copy's rstan_verdict_t;
 *   ctx:    the matcher, when r is not NULL;
 *   final:  every packet of the file was fed: r is settled with all of them
 *           first, and a copy lost between points is known;
 *   judged: the caller's room for v judged again with the points, used when
 *           r is not NULL (out->v then points at it).
 * The same inputs give the same result, whenever and how often it is made. */
void rstan_session_result(const rstan_periodic_t *periodic, const rstan_pt_ctx_t *ctx, rstan_verdict_t *v,
                          rstan_pt_result_t *r, bool final, rstan_verdict_t *judged, rstan_result_t *out);

#ifdef __cplusplus
}
#endif

#endif /* RSTAN_SESSION_H */
