/* engine_harness.c
 *
 * Feeds a case's segments to the engine as the dissector does (a new
 * connection gets its own end record, resets judged before their sender's
 * baseline settled are judged again when it changes) and checks the reset the
 * case names (engine_harness.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "engine_harness.h"

typedef struct {
    rstan_verdict_t v;
    rstan_verdict_t first_pass;
    bool filled;
    int conn;          /* which end record the segment's connection had */
} slot_t;

static int check_str(const char *what, const char *got, const char *want, const char *name)
{
    if (strcmp(got, want) != 0) {
        printf("FAIL %s: %s is %s, want %s\n", name, what, got, want);
        return 1;
    }
    return 0;
}

/* How the connection of segment cc->seg ended, against cc. */
static int check_conn(const case_t *tc, const conn_check_t *cc, const slot_t *slots,
                      const rstan_conn_end_t *ends)
{
    const rstan_conn_end_t *end = &ends[slots[cc->seg].conn];
    const rstan_verdict_t *want = cc->first_reset == NONE ? NULL : &slots[cc->first_reset].v;
    if (end->first_reset != want || end->resets != cc->resets) {
        printf("FAIL %s: segment %d's connection reports reset %u (%u resets), want %u (%u)\n",
               tc->name, cc->seg, end->first_reset ? end->first_reset->frame : 0, end->resets,
               want ? want->frame : 0, cc->resets);
        return 1;
    }
    return 0;
}

bool find_rule(const char *id, size_t len, unsigned *table, unsigned *index)
{
    for (unsigned t = 0; t < 2; t++) {
        unsigned n = rstan_cause_rules(t, 0, NULL);
        for (unsigned i = 0; i < n; i++) {
            rstan_rule_info_t r;
            rstan_cause_rules(t, i, &r);
            if (strlen(r.id) == len && strncmp(r.id, id, len) == 0) {
                *table = t;
                *index = i;
                return true;
            }
        }
    }
    return false;
}

static const char *rule_id(unsigned table, unsigned index)
{
    rstan_rule_info_t r;
    return rstan_cause_rules(table, index, &r) > index ? r.id : "?";
}

/* The table whose cause a verdict shows: the policy table's when the
 * decision called the reset a middlebox's, the genuine table's otherwise. */
static unsigned shown_table(const rstan_verdict_t *v)
{
    return v->origin == RSTAN_ORIGIN_MIDDLEBOX ? 1 : 0;
}

/* Each rule the case names is the one of its table that matched the reset,
 * and that table gave the verdict shown after all segments or in the single
 * pass. */
static int check_rules(const case_t *tc, const rstan_verdict_t *v, const rstan_verdict_t *first)
{
    const char *p = tc->rules ? tc->rules : "";
    int bad = 0, named = 0;
    while (*p) {
        size_t len = strcspn(p, " ");
        if (len == 0) {
            p++;
            continue;
        }
        unsigned table, index;
        named++;
        if (!find_rule(p, len, &table, &index)) {
            printf("FAIL %s: no cause rule is called %.*s\n", tc->name, (int)len, p);
            bad++;
        } else {
            unsigned matched = table ? v->policy_rule : v->genuine_rule;
            bool shown = shown_table(v) == table || shown_table(first) == table;
            if (matched != index || !shown) {
                printf("FAIL %s: rule %.*s did not give the verdict (genuine %s, policy %s, shown %s)\n",
                       tc->name, (int)len, p, rule_id(0, v->genuine_rule), rule_id(1, v->policy_rule),
                       shown_table(v) ? "policy" : "genuine");
                bad++;
            }
        }
        p += len;
    }
    if (named == 0) {
        printf("FAIL %s: names no cause rule (genuine %s, policy %s, shown %s)\n", tc->name,
               rule_id(0, v->genuine_rule), rule_id(1, v->policy_rule), shown_table(v) ? "policy" : "genuine");
        bad++;
    }
    return bad;
}

int run_case(const case_t *tc)
{
    static slot_t slots[MAX_SEGS];
    static rstan_conn_end_t ends[MAX_SEGS];
    rstan_conv_t conv[2];
    rstan_host_t hosts[2];
    rstan_config_t cfg;
    uint16_t ipid[2] = { 100, 2000 };
    int64_t ts = 1000000000000LL;
    int failures = 0, n_ends = 0, cur_end[2] = { 0, 0 };

    memset(slots, 0, sizeof(slots));
    memset(ends, 0, sizeof(ends));
    rstan_config_default(&cfg);
    rstan_conv_init(&conv[0]);
    rstan_conv_init(&conv[1]);
    rstan_host_init(&hosts[0]);
    rstan_host_init(&hosts[1]);

    for (int i = 0; i < MAX_SEGS && tc->segs[i].used; i++) {
        const seg_spec_t *sp = &tc->segs[i];
        rstan_segment_t seg;
        rstan_note_t note;
        memset(&seg, 0, sizeof(seg));
        ts += (int64_t)(sp->dt_ms ? sp->dt_ms : 1) * 1000000;
        seg.frame = (uint32_t)i + 1;
        seg.ts_ns = ts;
        seg.dir = (uint8_t)sp->dir;
        seg.sport = sp->dir == C2S ? (sp->conv ? 40001 : 40000) : 80;
        seg.dport = sp->dir == C2S ? 80 : (sp->conv ? 40001 : 40000);
        seg.flags = sp->flags;
        seg.seq = sp->seq;
        seg.ack = sp->ack;
        seg.payload_len = sp->len;
        seg.ip_version = sp->v6 ? 6 : 4;
        seg.ttl = sp->ttl ? sp->ttl : (sp->dir == C2S ? 64 : 63);
        if (sp->v6)
            seg.flow_label = sp->flow;
        else
            seg.ip_id = sp->ipid == NO_ID ? 0 : sp->ipid ? sp->ipid : ipid[sp->dir]++;
        seg.win = (sp->flags & RSTAN_TCP_RST) ? sp->win : (sp->win ? sp->win : 64240);
        seg.wscale = (sp->flags & RSTAN_TCP_SYN) ? 7 : -1;
        seg.df = !sp->no_df;
        seg.mss_only = sp->mss_only;
        seg.tos = sp->tos;
        seg.no_options = sp->bare;
        seg.link_src = sp->link ? RSTAN_LINK_KNOWN | sp->link : 0;
        seg.reason_cause = sp->reason_cause;
        if (sp->reason_cause)
            seg.reason_kind = RSTAN_REASON_TEXT;
        /* As the adapter does: a new connection gets its own end record. */
        if (rstan_begin(&conv[sp->conv], &seg)) {
            cur_end[sp->conv] = n_ends;
            ends[n_ends].first_frame = seg.frame;
            rstan_conv_attach_end(&conv[sp->conv], &ends[n_ends++]);
        }
        slots[i].conn = cur_end[sp->conv];
        rstan_host_t *src = &hosts[sp->dir], *dst = &hosts[sp->dir ^ 1];
        slots[i].filled = rstan_feed(&conv[sp->conv], src, dst, &seg, &cfg, &slots[i].v, &note);
        if (slots[i].filled)
            slots[i].first_pass = slots[i].v;
        /* As the adapter does: resets judged before their sender's baseline
         * settled are judged again when it changes (idempotent otherwise). */
        for (int j = 0; j < i; j++)
            if (slots[j].filled && rstan_wants_rejudge(&slots[j].v))
                rstan_rejudge_hops(&slots[j].v, &hosts[tc->segs[j].dir], &cfg);
    }

    const slot_t *s = &slots[tc->check];
    if (!s->filled) {
        printf("FAIL %s: segment %d gave no verdict\n", tc->name, tc->check);
        return 1;
    }
    failures += check_str("phase", rstan_phase_name(s->v.phase), tc->phase, tc->name);
    failures += check_str("cause", rstan_cause_name(s->v.cause), tc->cause, tc->name);
    failures += check_str("origin", rstan_origin_name(s->v.origin), tc->origin, tc->name);
    failures += check_str("verdict", rstan_verdict_name(s->v.verdict), tc->verdict, tc->name);
    const rstan_verdict_t *f = &s->first_pass;
    failures += check_str("single-pass phase", rstan_phase_name(f->phase), tc->phase1 ? tc->phase1 : tc->phase, tc->name);
    failures += check_str("single-pass cause", rstan_cause_name(f->cause), tc->cause1 ? tc->cause1 : tc->cause, tc->name);
    failures += check_str("single-pass origin", rstan_origin_name(f->origin), tc->origin1 ? tc->origin1 : tc->origin, tc->name);
    failures += check_str("single-pass verdict", rstan_verdict_name(f->verdict), tc->verdict1 ? tc->verdict1 : tc->verdict, tc->name);
    if ((s->v.evidence & tc->need_evidence) != tc->need_evidence) {
        printf("FAIL %s: evidence 0x%" PRIx64 " lacks 0x%" PRIx64 "\n", tc->name, s->v.evidence, tc->need_evidence);
        failures++;
    }
    if (tc->seq_status && strcmp(rstan_seq_status_name(s->v.seq_status), tc->seq_status) != 0) {
        printf("FAIL %s: seq_status %s, want %s\n", tc->name, rstan_seq_status_name(s->v.seq_status), tc->seq_status);
        failures++;
    }
    if (s->v.confidence > 100) {
        printf("FAIL %s: confidence %u\n", tc->name, s->v.confidence);
        failures++;
    }
    if (s->v.origin == RSTAN_ORIGIN_MIDDLEBOX && s->v.verdict != RSTAN_VERDICT_SPOOFED) {
        printf("FAIL %s: middlebox origin without spoofed verdict\n", tc->name);
        failures++;
    }
    /* The same evidence gives the same answer, however the reset got it. */
    rstan_verdict_t again = s->v;
    rstan_decide(&again);
    if (again.origin != s->v.origin || again.verdict != s->v.verdict || again.cause != s->v.cause ||
        again.phase != s->v.phase || again.confidence != s->v.confidence) {
        printf("FAIL %s: deciding its evidence again changes the verdict\n", tc->name);
        failures++;
    }
    failures += check_rules(tc, &s->v, f);
    for (int i = 0; i < 4 && tc->conn[i].used; i++)
        failures += check_conn(tc, &tc->conn[i], slots, ends);
    if (failures == 0)
        printf("ok   %s [%s] (%s)\n", tc->name, tc->rules, tc->source);
    return failures ? 1 : 0;
}

int run_set(const case_set_t *set, int *total)
{
    int failed = 0;
    for (size_t i = 0; i < set->n; i++)
        failed += run_case(&set->cases[i]);
    *total += (int)set->n;
    return failed;
}

int report(int total, int failed)
{
    printf("%d passed, %d failed\n", total - failed, failed);
    return failed ? 1 : 0;
}
