/* list-table.c
 *
 * Prints every value the engine defines (rstan-table.h), one per line:
 *   kind <TAB> number <TAB> name <TAB> weight <TAB> text
 * kind is phase, cause, origin, verdict, seq_status, shape, reason_kind,
 * evidence, family, evidence_family or grounds; text is a cause's hint, an
 * evidence bit's one-line text, a family's or grounds' meaning, or (for
 * evidence_family) the bit's family, with 1 in the weight column for proof;
 * a grounds' weight column is its calibrated confidence. The
 * tests hold docs/fields.md, tools/rstan-report and their own value sets
 * against this listing instead of keeping copies by hand.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdio.h>

#include "rstan-engine.h"

static void list(const char *kind, unsigned count, const char *(*name)(unsigned))
{
    for (unsigned i = 0; i < count; i++)
        printf("%s\t%u\t%s\t0\t\n", kind, i, name(i));
}

int main(void)
{
    list("phase", RSTAN_PHASE_COUNT, rstan_phase_name);
    for (unsigned i = 0; i < RSTAN_CAUSE_COUNT; i++)
        printf("cause\t%u\t%s\t0\t%s\n", i, rstan_cause_name(i), rstan_cause_hint(i));
    list("origin", RSTAN_ORIGIN_COUNT, rstan_origin_name);
    list("verdict", RSTAN_VERDICT_COUNT, rstan_verdict_name);
    list("seq_status", RSTAN_SEQ_COUNT, rstan_seq_status_name);
    list("shape", RSTAN_SHAPE_COUNT, rstan_shape_name);
    list("reason_kind", RSTAN_REASON_COUNT, rstan_reason_kind_name);
    for (unsigned i = 0; i < RSTAN_EV_COUNT; i++)
        printf("evidence\t%u\t%s\t%d\t%s\n", i, rstan_evidence_name(i), rstan_evidence_weight(i),
               rstan_evidence_text(i));
    for (unsigned i = 0; i < RSTAN_FAMILY_COUNT; i++)
        printf("family\t%u\t%s\t0\t%s\n", i, rstan_family_name(i), rstan_family_text(i));
    /* An evidence bit's family; the weight column says whether it is proof on its own. */
    for (unsigned i = 0; i < RSTAN_EV_COUNT; i++)
        printf("evidence_family\t%u\t%s\t%d\t%s\n", i, rstan_evidence_name(i), rstan_evidence_proof(i),
               rstan_family_name(rstan_evidence_family(i)));
    /* What a verdict rests on; the weight column is its calibrated confidence. */
    for (unsigned i = 0; i < RSTAN_GROUNDS_COUNT; i++)
        printf("grounds\t%u\t%s\t%u\t%s\n", i, rstan_grounds_name(i), rstan_grounds_confidence(i),
               rstan_grounds_text(i));
    return 0;
}
