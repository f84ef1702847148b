/* rstan-periodic.c
 *
 * Periodic resets: a NAT or stateful firewall that forgets idle flows after
 * a fixed time resets every connection that speaks again after a longer
 * silence (docs/decisions.md, Periodic resets; captures/wild pattern 12). One device
 * sits at one distance from the capture point, so resets are grouped by
 * their hop distance, and the silences of a group's device resets are
 * searched for the densest run.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rstan-periodic.h"

#include "rstan-internal.h"

void rstan_periodic_init(rstan_periodic_t *p)
{
    memset(p, 0, sizeof(*p));
}

void rstan_periodic_free(rstan_periodic_t *p)
{
    for (size_t i = 0; i <= RSTAN_MAX_HOPS; i++)
        free(p->v[i]);
    rstan_periodic_init(p);
}

/* A device's reset after a silence: the causes a forgotten flow gets. */
static bool timed_out(const rstan_verdict_t *v)
{
    return v->origin == RSTAN_ORIGIN_MIDDLEBOX && v->silence_ns >= RSTAN_PERIODIC_MIN_SILENCE_NS &&
           (v->cause == RSTAN_CAUSE_STATE_EXPIRED || v->cause == RSTAN_CAUSE_IDLE_TIMEOUT);
}

static bool distance_known(const rstan_verdict_t *v)
{
    return v->hops >= 0 && v->hops <= RSTAN_MAX_HOPS;
}

RSTAN_COLD void rstan_periodic_add(rstan_periodic_t *p, const rstan_verdict_t *v)
{
    /* Any reset after a second of silence may turn out a device's: the
     * verdict is read again when the finding is asked for. */
    if (!distance_known(v) || v->silence_ns < RSTAN_PERIODIC_MIN_SILENCE_NS)
        return;
    size_t h = (size_t)v->hops;
    if (p->n[h] >= RSTAN_PERIODIC_CAP)
        return;
    if (p->v[h] == NULL) {
        p->v[h] = calloc(RSTAN_PERIODIC_CAP, sizeof(*p->v[h]));
        if (p->v[h] == NULL)
            return;
    }
    p->v[h][p->n[h]++] = v;
}

static int cmp_ns(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* A run starting at lo reaches this far: the spread a timer shows between
 * the device's sweeps and the endpoints' own timers. */
static int64_t run_end(int64_t lo)
{
    int64_t spread = lo / 100 * RSTAN_PERIODIC_SPREAD_PCT;
    return lo + (spread > RSTAN_PERIODIC_SPREAD_MIN_NS ? spread : RSTAN_PERIODIC_SPREAD_MIN_NS);
}

bool rstan_periodic_of(const rstan_periodic_t *p, const rstan_verdict_t *v, rstan_periodic_finding_t *f)
{
    if (!distance_known(v) || !timed_out(v))
        return false;
    size_t h = (size_t)v->hops;
    int64_t s[RSTAN_PERIODIC_CAP];
    uint32_t n = 0;
    for (uint32_t i = 0; i < p->n[h]; i++) {
        if (timed_out(p->v[h][i]))
            s[n++] = p->v[h][i]->silence_ns;
    }
    if (n < RSTAN_PERIODIC_MIN)
        return false;
    qsort(s, n, sizeof(s[0]), cmp_ns);
    uint32_t best = 0, best_i = 0, j = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (j < i)
            j = i;
        while (j + 1 < n && s[j + 1] <= run_end(s[i]))
            j++;
        if (j - i + 1 > best) {
            best = j - i + 1;
            best_i = i;
        }
    }
    if (best < RSTAN_PERIODIC_MIN)
        return false;
    int64_t lo = s[best_i], hi = s[best_i + best - 1];
    if (v->silence_ns < lo || v->silence_ns > hi)
        return false;
    f->lo_ns = lo;
    f->hi_ns = hi;
    f->count = best;
    f->hops = v->hops;
    return true;
}

void rstan_periodic_text(const rstan_periodic_finding_t *f, char *silence, size_t silence_len, char *device,
                         size_t device_len)
{
    snprintf(silence, silence_len, "after %.1f-%.1f s of silence", (double)f->lo_ns / 1e9, (double)f->hi_ns / 1e9);
    snprintf(device, device_len, "device %d hop%s away", f->hops, f->hops == 1 ? "" : "s");
}
