/* engine_harness.h
 *
 * What the engine's unit tests share: a case is a named sequence of segments
 * (one or two connections between a client at 0 hops and a server at 1 hop)
 * and the verdict expected for one reset, both after the whole sequence (what
 * a second pass shows) and, where it differs, at the moment the reset was fed
 * (what a single pass shows). engine_harness.c feeds the segments to the
 * engine as the dissector does and checks the verdict. The cases live in one
 * file per part of the engine (test_origin.c, test_cause.c, test_decide.c,
 * test_after.c, test_flow.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef ENGINE_HARNESS_H
#define ENGINE_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rstan-engine.h"
#include "rstan-internal.h"

#define F RSTAN_TCP_FIN
#define S RSTAN_TCP_SYN
#define R RSTAN_TCP_RST
#define P RSTAN_TCP_PSH
#define A RSTAN_TCP_ACK
#define U RSTAN_TCP_URG

#define NO_ID 65535
#define C2S 0   /* client to server */
#define S2C 1

#define MAX_SEGS 20
#define NONE (-1)

typedef struct {
    bool     used;      /* set by SEG() */
    int      conv;      /* 0 or 1 */
    int      dir;
    uint8_t  flags;
    uint32_t seq, ack;
    uint32_t len;
    uint8_t  ttl;       /* 0: the side's usual TTL (client 64, server 63) */
    uint16_t ipid;      /* 0: the side's next IP ID; NO_ID: 0 on the wire */
    uint16_t win;       /* 0 on a RST means 0; elsewhere 0 means 64240 */
    int      dt_ms;     /* time since the previous segment; 0 means 1 ms */
    uint8_t  reason_cause;
    uint8_t  tos;
    bool     bare;      /* a SYN with no TCP option (a crafted one) */
    uint16_t mss_only;  /* a SYN whose only option is this MSS */
    bool     no_df;     /* DF clear (it is set otherwise) */
    uint8_t  link;      /* the station that put it on the link, 0 unknown */
    bool     v6;        /* IPv6 (no IP ID) */
    uint32_t flow;      /* its IPv6 flow label */
} seg_spec_t;

#define SEG(...) { .used = true, __VA_ARGS__ }

/* Connection identity (rstan_conn.*): the connection segment `seg` belongs
 * to reports `first_reset` (a segment index, NONE for no reset) and `resets`. */
typedef struct {
    bool     used;
    int      seg;
    int      first_reset;
    uint32_t resets;
} conn_check_t;

#define CONN(...) { .used = true, __VA_ARGS__ }

typedef struct {
    const char  *name;
    const char  *rules;           /* identifiers of the cause rules it exercises, space-separated
                                   * (rstan-cause.c): each must be the rule of its table that
                                   * gave the verdict shown, in either pass */
    const char  *source;          /* the public source of the behaviour it checks */
    seg_spec_t   segs[MAX_SEGS];
    int          check;           /* index of the reset to check */
    const char  *phase, *cause, *origin, *verdict;
    const char  *phase1, *cause1, *origin1, *verdict1; /* single pass, NULL = same */
    uint64_t     need_evidence;   /* bits that must be set after all segments */
    const char  *seq_status;      /* expected rstan.seq_status, NULL = not checked */
    conn_check_t conn[4];
} case_t;

/* A handshake on conv c: client ISN 1000, server ISN 5000. */
#define HS(c) \
    SEG(.conv = c, .dir = C2S, .flags = S, .seq = 1000), \
    SEG(.conv = c, .dir = S2C, .flags = S | A, .seq = 5000, .ack = 1001), \
    SEG(.conv = c, .dir = C2S, .flags = A, .seq = 1001, .ack = 5001)
/* Request of 100 bytes, response of 200 bytes, client ack. */
#define REQRESP(c) \
    SEG(.conv = c, .dir = C2S, .flags = P | A, .seq = 1001, .ack = 5001, .len = 100), \
    SEG(.conv = c, .dir = S2C, .flags = P | A, .seq = 5001, .ack = 1101, .len = 200), \
    SEG(.conv = c, .dir = C2S, .flags = A, .seq = 1101, .ack = 5201)

/* A capture-point row (test_decide.c): the engine's verdict on a reset copy
 * at its own point (evidence, 0: the usual evidence for the sender), what
 * comparing the points says, and what the one decision must make of it. */
typedef struct {
    const char *name;
    uint64_t    evidence;
    bool        between, crossed, lost;
    uint8_t     origin, verdict, cause, min_conf;
    uint64_t    need_evidence;   /* bits that must be set after rstan_judge_points */
} points_row_t;

/* The rows of one test file: its cases and any capture-point rows. */
typedef struct {
    const char         *file;
    const case_t       *cases;
    size_t              n;
    const points_row_t *points;
    size_t              n_points;
} case_set_t;

#define N_ROWS(rows) (sizeof(rows) / sizeof((rows)[0]))
#define CASE_SET(file, cases) { file, cases, N_ROWS(cases), NULL, 0 }
#define CASE_SET_WITH_POINTS(file, cases, points) { file, cases, N_ROWS(cases), points, N_ROWS(points) }

/* Every test file's rows, for test_rules_covered.c, which builds them all
 * with RSTAN_CASES_ONLY (no main, no other checks). */
extern const case_set_t ORIGIN_CASES, CAUSE_CASES, DECIDE_CASES, AFTER_CASES, FLOW_CASES;

/* The cause rule with this identifier: its table (0 genuine, 1 policy) and
 * index; false when no rule has it. */
bool find_rule(const char *id, size_t len, unsigned *table, unsigned *index);
/* Feeds one case and checks its reset: 0 when it passes, 1 (after printing
 * why) when it does not. */
int run_case(const case_t *tc);
/* Runs every case of a set; adds them to *total and returns how many failed. */
int run_set(const case_set_t *set, int *total);
/* Prints the summary line; the exit status of a test's main. */
int report(int total, int failed);

#endif /* ENGINE_HARNESS_H */
