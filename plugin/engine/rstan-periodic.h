/* rstan-periodic.h
 *
 * Periodic resets: runs of resets after the same silence from a device at
 * one distance, found over a file's resets (rstan-periodic.c). Plain C99
 * like the rest of the engine.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef RSTAN_PERIODIC_H
#define RSTAN_PERIODIC_H

#include "rstan-engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Periodic resets (rstan-periodic.c): a device that forgets idle flows
 * after a fixed time resets connections after the same silence. Resets are
 * grouped by the device's hop distance; a group's finding is its densest
 * run of silences (within RSTAN_PERIODIC_SPREAD_PCT percent or one second)
 * holding at least RSTAN_PERIODIC_MIN resets, judged on the verdicts as
 * they stand when asked. Memory: one pointer per reset, at most
 * RSTAN_PERIODIC_CAP per distance (later ones are matched, not stored). */
#define RSTAN_PERIODIC_MIN       3
#define RSTAN_PERIODIC_CAP       256
#define RSTAN_PERIODIC_SPREAD_PCT 5
#define RSTAN_PERIODIC_SPREAD_MIN_NS  INT64_C(1000000000)  /* the spread is at least a second */
#define RSTAN_PERIODIC_MIN_SILENCE_NS INT64_C(1000000000)  /* shorter silences time nothing out */

typedef struct {
    const rstan_verdict_t **v[RSTAN_MAX_HOPS + 1];  /* allocated on first use */
    uint32_t n[RSTAN_MAX_HOPS + 1];
} rstan_periodic_t;

typedef struct {
    int64_t  lo_ns, hi_ns;   /* shortest and longest silence in the run */
    uint32_t count;          /* resets in the run */
    int16_t  hops;           /* the device's distance from the capture point */
} rstan_periodic_finding_t;

void rstan_periodic_init(rstan_periodic_t *p);
void rstan_periodic_free(rstan_periodic_t *p);
/* Remember a reset (kept by pointer; amended verdicts count as amended). */
void rstan_periodic_add(rstan_periodic_t *p, const rstan_verdict_t *v);
/* Whether v belongs to a periodic run of its distance; fills f if so. */
bool rstan_periodic_of(const rstan_periodic_t *p, const rstan_verdict_t *v, rstan_periodic_finding_t *f);
/* The two halves every text about a run is made of (field, expert info,
 * statistics): "after 6.0-6.1 s of silence" and "device 0 hops away". */
void rstan_periodic_text(const rstan_periodic_finding_t *f, char *silence, size_t silence_len, char *device,
                         size_t device_len);

#ifdef __cplusplus
}
#endif

#endif /* RSTAN_PERIODIC_H */
