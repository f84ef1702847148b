/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * fuzz_points.c: fuzz target for the capture-point matcher (rstan-points).
 *
 * Built two ways: as a libFuzzer target (cmake -DRSTAN_FUZZ=ON, target
 * fuzz_points), and as a standalone program (target fuzz_points_smoke, run by
 * ctest) that feeds pseudo-random inputs from a fixed seed, or the files
 * given on its command line, through the same checks.
 *
 * The input is an 8-byte header followed by fixed 24-byte packet records.
 * Each record is one packet of one of four connections, seen at one of up to
 * eight points; each (connection, point) has its own view. Sequence and
 * acknowledgement numbers are small steps from a per-connection mirror kept
 * at each point, optionally shifted per point, so that the same records at
 * two points make the same packets there. After every feed the target
 * checks the invariants of every result so far and of the views' links; at
 * the end it settles every result twice (settling is idempotent) and replays
 * the input into fresh state (the same results).
 *
 * Header:
 *   0      bit0 one_path, bit1 user offsets, bit2 NULL results allowed,
 *          bits3-5 number of points - 1
 *   1      ttl_tolerance
 *   2..7   per-point clock offsets in minutes (int8, points 0..5)
 * Record:
 *   0      bits0-2 point, bit3 dir, bits4-5 connection, bit6 timestamps,
 *          bit7 SACK
 *   1      TCP flags
 *   2      seq step (int8) from the mirror, 3 ack step (int8)
 *   4      bit0 shift this point's seq, bit1 NULL result (if allowed),
 *          bits2-3 time unit (1 us, 1 ms, 1 s, 1 min), bit4 hash invalid,
 *          bit5 client hint, bit6 hint value, bit7 a frame of another
 *          protocol at this point instead (rstan_pt_note), or with
 *          TCP flags 0 the point declared (rstan_pt_declare)
 *   5..6   payload length, 7 TTL, 8..9 IP ID, 10..11 TSval step
 *   12..13 time step (int16), 14 payload hash byte
 *   15     SACK left step (int8)
 *   16..23 raw TCP options (parsed into a scratch packet)
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rstan-points.h"
#include "rstan-engine.h"

#define HDR_LEN  8
#define REC_LEN  24
#define MAX_RECS 400
#define N_CONNS  4
#define N_SLOTS  64

#define FAIL(...)                                                            \
    do {                                                                     \
        fprintf(stderr, "fuzz_points: invariant violated: " __VA_ARGS__);    \
        fprintf(stderr, "\n");                                               \
        abort();                                                             \
    } while (0)

typedef struct {
    rstan_pt_ctx_t    ctx;
    rstan_pt_slot_t   slots[N_SLOTS];
    rstan_pt_conn_t   views[N_CONNS][RSTAN_PT_MAX_POINTS];
    rstan_pt_result_t res[MAX_RECS];
    uint32_t          res_frame[MAX_RECS];
    size_t            nres;
} state_t;

static state_t st1, st2;
/* How many results carried each flag, to show the inputs reach the rules. */
static unsigned long flag_count[8], result_count;

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

static void check_result(const rstan_pt_result_t *r, uint32_t frame, uint32_t last_frame)
{
    const uint32_t all = RSTAN_PT_CROSSED | RSTAN_PT_BETWEEN | RSTAN_PT_LOST | RSTAN_PT_GAP |
                         RSTAN_PT_BOTH_WAYS | RSTAN_PT_FORGED_COPY | RSTAN_PT_NO_CLOCK | RSTAN_PT_UNPLACED;
    const uint32_t two = RSTAN_PT_CROSSED | RSTAN_PT_UNPLACED;
    uint8_t points = 0;

    if (r->frame != frame)
        FAIL("result of frame %u says frame %u", frame, r->frame);
    if (r->flags & ~all)
        FAIL("frame %u: unknown flags 0x%x", frame, r->flags);
    if (r->point >= RSTAN_PT_MAX_POINTS || r->at[r->point] != RSTAN_PT_AT_SELF)
        FAIL("frame %u: own point %u not marked", frame, r->point);
    if (r->n_seen < 1 || r->n_seen > RSTAN_PT_MAX_POINTS)
        FAIL("frame %u: seen at %u points", frame, r->n_seen);
    for (unsigned i = 0; i < r->n_seen; i++) {
        unsigned p = r->seen_at[i];
        if (p >= RSTAN_PT_MAX_POINTS || (points >> p) & 1)
            FAIL("frame %u: seen_at[%u] = %u repeated or out of range", frame, i, p);
        points |= (uint8_t)(1u << p);
        if (r->seen[p].frame == 0 || r->seen[p].frame > last_frame)
            FAIL("frame %u: seen at point %u with frame %u", frame, p, r->seen[p].frame);
    }
    if (!((points >> r->point) & 1))
        FAIL("frame %u: not seen at its own point", frame);
    /* Seen at two points or more: crossed, or unplaced (a point on the
     * sender's side went unjudged), never both. */
    if (((r->flags & two) != 0) != (r->n_seen >= 2) || (r->flags & two) == two)
        FAIL("frame %u: crossed/unplaced flags 0x%x and %u points disagree", frame, r->flags, r->n_seen);
    if (((r->flags & two) != 0) != (r->copy_frame != 0))
        FAIL("frame %u: crossed/unplaced flags and copy frame %u disagree", frame, r->copy_frame);
    if ((r->flags & RSTAN_PT_UNPLACED) && (r->flags & RSTAN_PT_BETWEEN))
        FAIL("frame %u: unplaced and made between", frame);
    if (r->copy_frame == frame)
        FAIL("frame %u is its own copy", frame);
    if ((r->flags & (RSTAN_PT_BETWEEN | RSTAN_PT_LOST)) && (r->confidence < 90 || r->confidence > 100))
        FAIL("frame %u: between/lost with confidence %u", frame, r->confidence);
    if ((r->flags & RSTAN_PT_BOTH_WAYS) && !(r->flags & RSTAN_PT_BETWEEN))
        FAIL("frame %u: both ways without between", frame);
    if (r->transit_ns < -1 || r->hops_between < -1 || r->hops_between > 255 || r->hops_from_point < -1)
        FAIL("frame %u: transit %lld hops %d/%d", frame, (long long)r->transit_ns, r->hops_between,
             r->hops_from_point);
    for (unsigned p = 0; p < RSTAN_PT_MAX_POINTS; p++) {
        if (r->at[p] > RSTAN_PT_AT_NO_CLOCK)
            FAIL("frame %u: at[%u] = %u", frame, p, r->at[p]);
        if ((r->at[p] == RSTAN_PT_AT_SEEN) != (p != r->point && r->seen[p].frame != 0))
            FAIL("frame %u: at[%u] = %u but seen frame %u", frame, p, r->at[p], r->seen[p].frame);
    }
    if (r->clock > RSTAN_PT_CLOCK_USER)
        FAIL("frame %u: clock source %u", frame, r->clock);
}

static void check_views(const state_t *st)
{
    for (int c = 0; c < N_CONNS; c++) {
        for (int p = 0; p < RSTAN_PT_MAX_POINTS; p++) {
            const rstan_pt_conn_t *v = &st->views[c][p];
            if (v->n_links > RSTAN_PT_MAX_LINKS || v->ring_n[0] > RSTAN_PT_RING || v->ring_n[1] > RSTAN_PT_RING ||
                v->n_pin[0] > RSTAN_PT_PIN || v->n_pin[1] > RSTAN_PT_PIN)
                FAIL("view %d/%d: counts out of bounds", c, p);
            for (unsigned i = 0; i < v->n_links; i++) {
                const rstan_pt_link_t *l = &v->link[i];
                const rstan_pt_conn_t *peer = l->peer;
                int back = 0;
                if (peer == NULL || peer->point == v->point)
                    FAIL("view %d/%d: link %u to its own point", c, p, i);
                for (unsigned j = 0; j < peer->n_links; j++) {
                    if (peer->link[j].peer == v) {
                        back++;
                        if (peer->link[j].flip != l->flip)
                            FAIL("view %d/%d: link flips disagree", c, p);
                        for (unsigned d = 0; d < 2; d++) {
                            unsigned pd = d ^ l->flip;
                            if (((l->shift_known >> d) & 1) != ((peer->link[j].shift_known >> pd) & 1) ||
                                (((l->shift_known >> d) & 1) && l->shift[d] + peer->link[j].shift[pd] != 0))
                                FAIL("view %d/%d: shifts disagree", c, p);
                        }
                    }
                }
                if (back != 1)
                    FAIL("view %d/%d: link without exactly one way back (%d)", c, p, back);
            }
        }
    }
}

/* Feeds the whole input into st. Returns the number of records used. */
static size_t run(state_t *st, const uint8_t *data, size_t size)
{
    rstan_pt_config_t cfg;
    uint8_t mode = data[0];
    unsigned npoints = ((mode >> 3) & 7) + 1;
    uint32_t nxt[N_CONNS][RSTAN_PT_MAX_POINTS][2];
    int64_t ts = INT64_C(1700000000) * 1000000000;

    memset(st, 0, sizeof(*st));
    rstan_pt_config_default(&cfg);
    cfg.one_path = mode & 1;
    cfg.ttl_tolerance = data[1];
    for (unsigned p = 0; p < 6; p++)
        cfg.offset_ns[p] = (int64_t)(int8_t)data[2 + p] * 60 * 1000000000;
    if (mode & 2) {
        for (unsigned p = 0; p < RSTAN_PT_MAX_POINTS; p++)
            cfg.offset_set[p] = true;
    }
    if (!rstan_pt_init(&st->ctx, &cfg, st->slots, N_SLOTS))
        FAIL("init refused %d slots", N_SLOTS);
    for (int c = 0; c < N_CONNS; c++) {
        for (unsigned p = 0; p < RSTAN_PT_MAX_POINTS; p++) {
            nxt[c][p][0] = 1000000u * (uint32_t)(c + 1);
            nxt[c][p][1] = 3000000u * (uint32_t)(c + 1);
            rstan_pt_conn_init(&st->views[c][p], p);
        }
    }

    size_t nrec = (size - HDR_LEN) / REC_LEN;
    if (nrec > MAX_RECS)
        nrec = MAX_RECS;
    for (size_t i = 0; i < nrec; i++) {
        const uint8_t *r = data + HDR_LEN + i * REC_LEN;
        unsigned point = (r[0] & 7) % npoints, dir = (r[0] >> 3) & 1, c = (r[0] >> 4) & 3;
        uint8_t ctl = r[4];
        rstan_pt_packet_t pkt, scratch;
        uint8_t payload[RSTAN_PT_HASH_BYTES];
        static const int64_t unit[4] = { 1000, 1000000, 1000000000, INT64_C(60000000000) };

        memset(&pkt, 0, sizeof(pkt));
        pkt.frame = (uint32_t)i + 1;
        ts += (int64_t)(int16_t)be16(r + 12) * unit[(ctl >> 2) & 3];
        /* Each point's clock is off by the header's minutes. */
        pkt.ts_ns = ts + (point < 6 ? (int64_t)(int8_t)data[2 + point] * 60 * 1000000000 : 0);
        pkt.dir = (uint8_t)dir;
        pkt.flags = r[1];
        uint32_t shift = (ctl & 1) ? 0x10000000u * point : 0;
        pkt.seq = nxt[c][point][dir] + (uint32_t)(int8_t)r[2] + shift;
        pkt.ack = nxt[c][point][dir ^ 1] + (uint32_t)(int8_t)r[3] + shift;
        pkt.payload_len = be16(r + 5);
        pkt.ttl = r[7];
        pkt.ip_id = be16(r + 8);
        pkt.has_ts = (r[0] & 0x40) != 0;
        pkt.tsval = 5000u * (c + 1) + be16(r + 10);
        pkt.tsecr = 7000u * (c + 1);
        pkt.has_sack = (r[0] & 0x80) != 0;
        pkt.sack_left = nxt[c][point][dir ^ 1] + (uint32_t)(int8_t)r[15] + shift;
        pkt.sack_right = pkt.sack_left + 100;
        pkt.wscale = -1;
        pkt.client_dir = (ctl & 0x20) ? (int8_t)((ctl >> 6) & 1) : -1;
        memset(payload, r[14], sizeof(payload));
        rstan_pt_set_payload(&pkt, payload, (ctl & 0x10) ? 0 : sizeof(payload));
        if (pkt.flags & RSTAN_TCP_SYN)
            pkt.optsig = r[16];

        if (ctl & 0x80) {
            if (pkt.flags == 0)
                rstan_pt_declare(&st->ctx, point);
            else
                rstan_pt_note(&st->ctx, point, pkt.ts_ns);
            continue;
        }

        memset(&scratch, 0xa5, sizeof(scratch));
        rstan_pt_parse_options(&scratch, r + 16, 8);
        if (scratch.wscale > 14 || scratch.wscale < -1)
            FAIL("record %zu: parsed window scale %d", i, scratch.wscale);

        bool want = (pkt.flags & RSTAN_TCP_RST) && !((mode & 4) && (ctl & 2));
        rstan_pt_result_t *out = want ? &st->res[st->nres] : NULL;
        if (out)
            memset(out, 0xa5, sizeof(*out));
        bool filled = rstan_pt_feed(&st->ctx, &st->views[c][point], &pkt, out);
        if (filled != want)
            FAIL("record %zu: feed returned %d for flags 0x%02x", i, filled, pkt.flags);
        if (filled) {
            st->res_frame[st->nres] = pkt.frame;
            st->nres++;
        }
        for (size_t k = 0; k < st->nres; k++)
            check_result(&st->res[k], st->res_frame[k], pkt.frame);
        check_views(st);

        /* The point's mirror moves on with what the sender sent. */
        uint32_t end = pkt.seq - shift + pkt.payload_len + ((pkt.flags & RSTAN_TCP_SYN) ? 1 : 0) +
                       ((pkt.flags & RSTAN_TCP_FIN) ? 1 : 0);
        if ((int32_t)(end - nxt[c][point][dir]) > 0)
            nxt[c][point][dir] = end;
    }

    for (int round = 0; round < 2; round++) {
        uint32_t flags[MAX_RECS];
        for (size_t k = 0; k < st->nres; k++)
            rstan_pt_settle(&st->ctx, &st->res[k]);
        for (size_t k = 0; k < st->nres; k++) {
            check_result(&st->res[k], st->res_frame[k], (uint32_t)nrec);
            flags[k] = st->res[k].flags;
        }
        for (size_t k = 0; k < st->nres; k++)
            rstan_pt_settle(&st->ctx, &st->res[k]);
        for (size_t k = 0; k < st->nres; k++) {
            if (st->res[k].flags != flags[k])
                FAIL("settling frame %u again changed its flags 0x%x -> 0x%x", st->res_frame[k], flags[k],
                     st->res[k].flags);
        }
    }
    for (unsigned p = 0; p < RSTAN_PT_MAX_POINTS; p++) {
        for (unsigned q = 0; q < RSTAN_PT_MAX_POINTS; q++) {
            int64_t off, tr;
            rstan_pt_clock_t src = rstan_pt_clock_offset(&st->ctx, p, q, &off, &tr);
            if (src > RSTAN_PT_CLOCK_USER || tr < -1)
                FAIL("clock %u->%u: source %d transit %lld", p, q, (int)src, (long long)tr);
        }
    }
    return nrec;
}

static int same_result(const rstan_pt_result_t *a, const rstan_pt_result_t *b)
{
    return a->frame == b->frame && a->flags == b->flags && a->n_seen == b->n_seen &&
           memcmp(a->seen_at, b->seen_at, sizeof(a->seen_at)) == 0 && a->copy_frame == b->copy_frame &&
           a->transit_ns == b->transit_ns && a->hops_between == b->hops_between &&
           a->clock_offset_ns == b->clock_offset_ns && a->confidence == b->confidence;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < HDR_LEN)
        return 0;
    static int names_checked;
    if (!names_checked) {
        for (unsigned x = 0; x < 300; x++) {
            if (rstan_pt_at_name(x) == NULL)
                FAIL("rstan_pt_at_name(%u) is NULL", x);
        }
        names_checked = 1;
    }
    run(&st1, data, size);
    run(&st2, data, size);
    if (st1.nres != st2.nres)
        FAIL("replay gave %zu results, first run %zu", st2.nres, st1.nres);
    for (size_t k = 0; k < st1.nres; k++) {
        if (!same_result(&st1.res[k], &st2.res[k]))
            FAIL("replay of the same input gave another result for frame %u", st1.res_frame[k]);
        result_count++;
        for (unsigned b = 0; b < 8; b++)
            flag_count[b] += (st1.res[k].flags >> b) & 1;
    }
    return 0;
}

#ifdef RSTAN_FUZZ_STANDALONE
/* Without libFuzzer: the files named on the command line, or a fixed number
 * of inputs from a fixed-seed generator biased towards the same packet at
 * several points (records copied with another point). */
static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

int main(int argc, char **argv)
{
    static uint8_t buf[HDR_LEN + MAX_RECS * REC_LEN];
    if (argc > 1) {
        for (int i = 1; i < argc; i++) {
            FILE *f = fopen(argv[i], "rb");
            if (f == NULL) {
                perror(argv[i]);
                return 2;
            }
            size_t n = fread(buf, 1, sizeof(buf), f);
            fclose(f);
            LLVMFuzzerTestOneInput(buf, n);
        }
        printf("fuzz_points: %d inputs pass\n", argc - 1);
        return 0;
    }
    const int runs = 3000;
    for (int i = 0; i < runs; i++) {
        size_t nrec = 1 + next_rand() % 120;
        for (size_t k = 0; k < HDR_LEN; k++)
            buf[k] = (uint8_t)next_rand();
        if (i % 3 == 0)
            memset(buf + 2, 0, 6);   /* synchronised clocks */
        for (size_t r = 0; r < nrec; r++) {
            uint8_t *rec = buf + HDR_LEN + r * REC_LEN;
            if (r > 0 && next_rand() % 2) {
                /* The same packet at another point, a bit later. */
                memcpy(rec, rec - REC_LEN * (1 + next_rand() % (r < 4 ? r : 4)), REC_LEN);
                rec[0] = (uint8_t)((rec[0] & ~7u) | (next_rand() & 7));
                rec[12] = 0;
                rec[13] = (uint8_t)(next_rand() % 8);
                rec[4] = (uint8_t)(rec[4] & ~0x0cu);
                if (next_rand() % 4 == 0)
                    rec[7] = (uint8_t)(rec[7] - 1 - next_rand() % 3);
                continue;
            }
            for (size_t k = 0; k < REC_LEN; k++)
                rec[k] = (uint8_t)next_rand();
            static const uint8_t flag_pick[] = { 0x02, 0x12, 0x10, 0x18, 0x04, 0x14, 0x11 };
            if (next_rand() % 4)
                rec[1] = flag_pick[next_rand() % sizeof(flag_pick)];
            rec[2] = (uint8_t)(next_rand() % 3);
            rec[3] = (uint8_t)(next_rand() % 3);
            if (next_rand() % 2)
                rec[5] = 0;
        }
        LLVMFuzzerTestOneInput(buf, HDR_LEN + nrec * REC_LEN);
    }
    printf("fuzz_points: %d generated inputs pass; %lu results: crossed %lu, between %lu, lost %lu, "
           "gap %lu, both ways %lu, forged copy %lu, no clock %lu\n", runs, result_count, flag_count[0],
           flag_count[1], flag_count[2], flag_count[3], flag_count[4], flag_count[5], flag_count[6]);
    return 0;
}
#endif
