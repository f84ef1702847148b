/* list-table.c
 *
 * Prints every value the engine defines (rstan-table.h), one per line:
 *   kind <TAB> number <TAB> name <TAB> weight <TAB> text
 * kind is phase, cause, origin, verdict, seq_status, shape, reason_kind,
 * evidence, family, evidence_family, grounds, rule, rule_cause or
 * rule_source; text is a cause's hint, an evidence bit's one-line text, a
 * family's or grounds' meaning, or (for evidence_family) the bit's family,
 * with 1 in the weight column for proof; a grounds' weight column is its
 * calibrated confidence. A cause rule (rstan-cause.c) is listed three times
 * under its identifier, its number its place in its table and the weight
 * column its table (0 genuine, 1 policy): rule with what it says in words,
 * rule_cause with the cause it gives, rule_source with its source. The
 * tests hold docs/fields.md, tools/rstan-report and their own value sets
 * against this listing instead of keeping copies by hand.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdio.h>

#include "rstan-engine.h"
#include "rstan-internal.h"

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
    /* Cause rules, the genuine table then the policy table, in the order they are read. */
    static const char *const rule_kinds[3] = { "rule", "rule_cause", "rule_source" };
    for (unsigned k = 0; k < 3; k++) {
        for (unsigned t = 0; t < 2; t++) {
            rstan_rule_info_t r;
            unsigned n = rstan_cause_rules(t, 0, NULL);
            for (unsigned i = 0; i < n; i++) {
                rstan_cause_rules(t, i, &r);
                const char *text = k == 0 ? r.name : k == 1 ? rstan_cause_name(r.cause) : r.source;
                printf("%s\t%u\t%s\t%u\t%s\n", rule_kinds[k], i, r.id, t, text);
            }
        }
    }
    return 0;
}
