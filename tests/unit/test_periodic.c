/* test_periodic.c
 *
 * Unit tests of the periodic-resets finding (rstan-periodic.c). Each row is a
 * set of resets as a capture would hold them: the device's distance, the
 * silence before each, who sent it and why. The finding expected follows from
 * the device the row describes: a NAT or firewall forgetting flows after a
 * fixed time resets after the same silence, at one distance.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rstan-periodic.h"

#define MAXR 8
#define S    1000000000.0

typedef struct {
    int16_t hops;
    double  silence_s;
    uint8_t origin, cause;
} r_t;

typedef struct {
    const char *name;
    r_t         r[MAXR];
    int         n;
    int         ask;          /* index of the reset asked about */
    int         want_count;   /* 0: no finding for it */
    double      want_lo, want_hi;
} row_t;

#define DEV(h, s)  { h, s, RSTAN_ORIGIN_MIDDLEBOX, RSTAN_CAUSE_STATE_EXPIRED }
#define IDLE(h, s) { h, s, RSTAN_ORIGIN_MIDDLEBOX, RSTAN_CAUSE_IDLE_TIMEOUT }

static const row_t rows[] = {
    { "a NAT forgetting flows after 300 s", { DEV(2, 295), DEV(2, 300), DEV(2, 305) }, 3, 1, 3, 295, 305 },
    { "two resets are no period yet", { DEV(2, 300), DEV(2, 301) }, 2, 0, 0, 0, 0 },
    { "scattered silences are no period", { DEV(2, 10), DEV(2, 100), DEV(2, 1000) }, 3, 2, 0, 0, 0 },
    { "three devices at three distances", { DEV(2, 300), DEV(3, 300), DEV(4, 300) }, 3, 0, 0, 0, 0 },
    { "an endpoint's idle timeout is not a device's",
      { { 2, 300, RSTAN_ORIGIN_SERVER, RSTAN_CAUSE_IDLE_TIMEOUT }, { 2, 300, RSTAN_ORIGIN_SERVER, RSTAN_CAUSE_IDLE_TIMEOUT },
        { 2, 300, RSTAN_ORIGIN_SERVER, RSTAN_CAUSE_IDLE_TIMEOUT } }, 3, 0, 0, 0, 0 },
    { "a device's unsolicited idle-timer resets and answers to late segments are one timer",
      { IDLE(0, 6.0), DEV(0, 6.1), DEV(0, 6.05) }, 3, 0, 3, 6.0, 6.1 },
    { "a short timer's spread is a second (the endpoints' own timers)",
      { DEV(0, 10.0), DEV(0, 10.6), DEV(0, 10.9) }, 3, 2, 3, 10.0, 10.9 },
    { "the run among outliers: only its members are told",
      { DEV(1, 60), DEV(1, 300), DEV(1, 301), DEV(1, 302), DEV(1, 900) }, 5, 2, 3, 300, 302 },
    { "an outlier of a periodic device is not part of the run",
      { DEV(1, 60), DEV(1, 300), DEV(1, 301), DEV(1, 302), DEV(1, 900) }, 5, 0, 0, 0, 0 },
    { "a device's other causes are no timer", { { 1, 300, RSTAN_ORIGIN_MIDDLEBOX, RSTAN_CAUSE_INJECTED },
      { 1, 300, RSTAN_ORIGIN_MIDDLEBOX, RSTAN_CAUSE_INJECTED }, { 1, 300, RSTAN_ORIGIN_MIDDLEBOX, RSTAN_CAUSE_INJECTED } },
      3, 0, 0, 0, 0 },
    { "silences under a second are no timeout", { DEV(1, 0.2), DEV(1, 0.2), DEV(1, 0.2) }, 3, 0, 0, 0, 0 },
    { "a distance beyond belief has no device", { DEV(80, 300), DEV(80, 300), DEV(80, 300) }, 3, 0, 0, 0, 0 },
};

static int failures;

static void fill(rstan_verdict_t *v, const r_t *r)
{
    memset(v, 0, sizeof(*v));
    v->hops = r->hops;
    v->silence_ns = (int64_t)(r->silence_s * S);
    v->idle_ns = v->silence_ns;
    v->origin = r->origin;
    v->cause = r->cause;
}

static void run_row(const row_t *row)
{
    rstan_verdict_t v[MAXR];
    rstan_periodic_t p;
    rstan_periodic_finding_t f;

    rstan_periodic_init(&p);
    for (int i = 0; i < row->n; i++) {
        fill(&v[i], &row->r[i]);
        rstan_periodic_add(&p, &v[i]);
    }
    bool got = rstan_periodic_of(&p, &v[row->ask], &f);
    if (got != (row->want_count > 0)) {
        printf("FAIL %s: finding %s, want %s\n", row->name, got ? "made" : "none", row->want_count ? "one" : "none");
        failures++;
    } else if (got && (f.count != (uint32_t)row->want_count || f.lo_ns != (int64_t)(row->want_lo * S) ||
                       f.hi_ns != (int64_t)(row->want_hi * S) || f.hops != row->r[row->ask].hops)) {
        printf("FAIL %s: %u resets %.3f-%.3f s at %d hops, want %d %.3f-%.3f s\n", row->name, f.count,
               (double)f.lo_ns / S, (double)f.hi_ns / S, f.hops, row->want_count, row->want_lo, row->want_hi);
        failures++;
    }
    rstan_periodic_free(&p);
}

/* Verdicts are kept by pointer: one judged again as a device's after it was
 * remembered counts as a device's. */
static void amended_verdicts_count(void)
{
    rstan_verdict_t v[3];
    rstan_periodic_t p;
    rstan_periodic_finding_t f;
    rstan_periodic_init(&p);
    for (int i = 0; i < 3; i++) {
        r_t r = { 3, 120.0 + i, RSTAN_ORIGIN_SERVER, RSTAN_CAUSE_APP_ABORT };
        fill(&v[i], &r);
        rstan_periodic_add(&p, &v[i]);
    }
    if (rstan_periodic_of(&p, &v[0], &f)) {
        printf("FAIL amended: a finding before the resets are a device's\n");
        failures++;
    }
    for (int i = 0; i < 3; i++) {
        v[i].origin = RSTAN_ORIGIN_MIDDLEBOX;
        v[i].cause = RSTAN_CAUSE_STATE_EXPIRED;
    }
    if (!rstan_periodic_of(&p, &v[0], &f) || f.count != 3) {
        printf("FAIL amended: no finding once the resets are judged a device's\n");
        failures++;
    }
    rstan_periodic_free(&p);
}

/* Memory stays bounded: past RSTAN_PERIODIC_CAP resets at one distance the
 * rest are matched against the run, not stored. */
static void bounded(void)
{
    enum { N = RSTAN_PERIODIC_CAP + 100 };
    rstan_verdict_t *v = calloc(N, sizeof(*v));
    rstan_periodic_t p;
    rstan_periodic_finding_t f;
    if (v == NULL)
        abort();
    rstan_periodic_init(&p);
    for (int i = 0; i < N; i++) {
        r_t r = DEV(5, 3600.0 + (i % 10));
        fill(&v[i], &r);
        rstan_periodic_add(&p, &v[i]);
    }
    if (!rstan_periodic_of(&p, &v[N - 1], &f) || f.count != RSTAN_PERIODIC_CAP) {
        printf("FAIL bounded: the last of %d resets not matched against a run of %d\n", N, RSTAN_PERIODIC_CAP);
        failures++;
    }
    rstan_periodic_free(&p);
    free(v);
}

int main(void)
{
    size_t n = sizeof(rows) / sizeof(rows[0]);
    for (size_t i = 0; i < n; i++)
        run_row(&rows[i]);
    amended_verdicts_count();
    bounded();
    printf("%zu rows and 2 checks, %d failed\n", n, failures);
    return failures ? 1 : 0;
}
