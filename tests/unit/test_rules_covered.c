/* test_rules_covered.c
 *
 * Every rule of the engine is keyed to the unit rows that exercise it: each
 * cause rule (rstan-cause.c, by its identifier) is named by at least one case
 * of test_origin.c, test_cause.c, test_decide.c, test_after.c or test_flow.c,
 * and each evidence bit with a weight (rstan-table.h) is required by at least
 * one row's need_evidence. Those files are built into this test without their
 * main (RSTAN_CASES_ONLY); whether each row passes is their own test's job.
 *
 * What no unit row can reach is listed below with the reason, and what only
 * the corpus shows with the capture that fires it; an entry that a row does
 * cover, or that names nothing the engine has, fails too, so that the lists
 * stay true.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdio.h>
#include <string.h>

#include "engine_harness.h"

static const case_set_t *const SETS[] = { &ORIGIN_CASES, &CAUSE_CASES, &DECIDE_CASES, &AFTER_CASES, &FLOW_CASES };

/* Cause rules no sequence of segments reaches, and why. */
static const struct {
    const char *id;
    const char *why;
} RULES_UNREACHED[] = {
    { "nothing_fits",
      "the genuine table's last row, which keeps the table total: a reset that no earlier row takes "
      "would need a connection with no SYN seen (in_handshake takes those with one), yet not begun "
      "mid-stream (a first segment without SYN makes it live: abort_live) and no reset before "
      "(after_earlier_reset; a first SYN+RST is reset_is_syn)" },
};

/* Weighted evidence bits no unit row requires, with the corpus capture that
 * fires them (and the test that reads it). None at present: keep the form. */
static const struct {
    const char *name;
    const char *capture;
} EVIDENCE_IN_CORPUS_ONLY[] = {
    { NULL, NULL },
};

#define N_SETS (sizeof(SETS) / sizeof(SETS[0]))

static bool names_rule(const case_t *tc, const char *id)
{
    size_t len = strlen(id);
    for (const char *p = tc->rules ? tc->rules : ""; *p;) {
        size_t n = strcspn(p, " ");
        if (n == len && strncmp(p, id, len) == 0)
            return true;
        p += n;
        p += strspn(p, " ");
    }
    return false;
}

static unsigned rows_naming(const char *id)
{
    unsigned n = 0;
    for (size_t s = 0; s < N_SETS; s++)
        for (size_t i = 0; i < SETS[s]->n; i++)
            n += names_rule(&SETS[s]->cases[i], id);
    return n;
}

static unsigned rows_requiring(unsigned bit)
{
    uint64_t mask = UINT64_C(1) << bit;
    unsigned n = 0;
    for (size_t s = 0; s < N_SETS; s++) {
        for (size_t i = 0; i < SETS[s]->n; i++)
            n += (SETS[s]->cases[i].need_evidence & mask) != 0;
        for (size_t i = 0; i < SETS[s]->n_points; i++)
            n += (SETS[s]->points[i].need_evidence & mask) != 0;
    }
    return n;
}

static int check_rules(void)
{
    int bad = 0;
    unsigned rules = 0;
    for (unsigned t = 0; t < 2; t++) {
        unsigned n = rstan_cause_rules(t, 0, NULL);
        for (unsigned i = 0; i < n; i++, rules++) {
            rstan_rule_info_t r;
            rstan_cause_rules(t, i, &r);
            bool excepted = false;
            for (size_t e = 0; e < N_ROWS(RULES_UNREACHED); e++)
                excepted |= strcmp(RULES_UNREACHED[e].id, r.id) == 0;
            unsigned named = rows_naming(r.id);
            if (named == 0 && !excepted) {
                printf("FAIL cause rule %s (%s table) has no unit row naming it\n", r.id, t ? "policy" : "genuine");
                bad++;
            } else if (named > 0 && excepted) {
                printf("FAIL cause rule %s is listed as unreached, yet %u rows name it\n", r.id, named);
                bad++;
            }
        }
    }
    for (size_t e = 0; e < N_ROWS(RULES_UNREACHED); e++) {
        unsigned table, index;
        if (!find_rule(RULES_UNREACHED[e].id, strlen(RULES_UNREACHED[e].id), &table, &index)) {
            printf("FAIL RULES_UNREACHED names %s, which is no cause rule\n", RULES_UNREACHED[e].id);
            bad++;
        }
    }
    printf("%s every cause rule (%u) has a unit row naming it, or says why not\n", bad ? "FAIL" : "ok  ", rules);
    return bad ? 1 : 0;
}

static int check_evidence(void)
{
    int bad = 0;
    unsigned weighted = 0;
    for (unsigned b = 0; b < RSTAN_EV_COUNT; b++) {
        if (rstan_evidence_weight(b) == 0)
            continue;
        weighted++;
        const char *name = rstan_evidence_name(b);
        bool excepted = false;
        for (size_t e = 0; e < N_ROWS(EVIDENCE_IN_CORPUS_ONLY); e++)
            excepted |= EVIDENCE_IN_CORPUS_ONLY[e].name && strcmp(EVIDENCE_IN_CORPUS_ONLY[e].name, name) == 0;
        unsigned rows = rows_requiring(b);
        if (rows == 0 && !excepted) {
            printf("FAIL evidence %s (weight %d) has no unit row requiring it (need_evidence)\n", name,
                   rstan_evidence_weight(b));
            bad++;
        } else if (rows > 0 && excepted) {
            printf("FAIL evidence %s is listed as corpus-only, yet %u unit rows require it\n", name, rows);
            bad++;
        }
    }
    for (size_t e = 0; e < N_ROWS(EVIDENCE_IN_CORPUS_ONLY); e++) {
        const char *name = EVIDENCE_IN_CORPUS_ONLY[e].name;
        bool known = name == NULL;
        for (unsigned b = 0; name && b < RSTAN_EV_COUNT; b++)
            known |= strcmp(rstan_evidence_name(b), name) == 0 && rstan_evidence_weight(b) != 0;
        if (!known || (name && !EVIDENCE_IN_CORPUS_ONLY[e].capture)) {
            printf("FAIL EVIDENCE_IN_CORPUS_ONLY: %s is no weighted evidence bit, or names no capture\n", name);
            bad++;
        }
    }
    printf("%s every weighted evidence bit (%u) is required by a unit row, or fires in the corpus\n",
           bad ? "FAIL" : "ok  ", weighted);
    return bad ? 1 : 0;
}

int main(void)
{
    int failed = 0;
    failed += check_rules();
    failed += check_evidence();
    return report(2, failed);
}
