/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * fuzz_engine.c: libFuzzer target for the rstan classifier.
 *
 * The input is a 16-byte header followed by fixed 25-byte segment records.
 * Each record becomes one rstan_segment_t of one of two connections that
 * share a host (A<->B and A<->C), fed in order through rstan_feed(). Every
 * reset gets its own heap-allocated verdict that stays put until the input
 * is done, because the engine may amend earlier verdicts through pointers.
 * After every feed the target checks the invariants of every verdict so far,
 * and at the end it replays the same input into fresh state and requires the
 * same verdicts (a cheap check against reads of uninitialised state).
 *
 * Header:
 *   0      mode: bit0 custom config, bit1 second connection in use,
 *                bit2 records may pass NULL hosts, bit3 pass a NULL note,
 *                bits4-5 start time (0: 1.7e18 ns, 1: 0, 2: -2^61, 3: 2^61)
 *   1      ttl_tolerance
 *   2..3   idle_threshold_ms / 10
 *   4      retx_threshold
 *   5..6   burst_window_ms
 *   7..8   min_rtt_us / 16
 *   9..10  ipid_max_step
 *   11..12 client port, 13..14 server port (the second connection swaps
 *          them round), 15 unused
 *
 * Record (big-endian multi-byte fields):
 *   0      bit0 dir, bit1 connection, bits2-3 seq mode, bits4-5 ack mode,
 *          bit6 IPv6, bit7 DF
 *   1      TCP flags (all eight bits)
 *   2..5   seq: mode 0 absolute, 1 sender's next seq + d, 2 receiver's
 *          highest ack + d, 3 sender's last seq + d (d signed)
 *   6..9   ack: mode 0 absolute, 1 receiver's next seq + d, 2 end of the
 *          receiver's last segment + d, 3 sender's last ack + d
 *   10..11 window, 12..13 payload length, 14 TTL, 15..16 IP ID, 17 TOS
 *   18..19 time step (signed), 20 bits0-1 its unit (1 us, 1 ms, 1 s, 2^46 ns),
 *          bits2-4 reason kind, bit5 NULL hosts (if the header allows),
 *          bit6 window scale present, bit7 out-of-range direction (dir 2)
 *   21     reason cause (raw), 22..23 reason code, 24 window scale (raw),
 *          without bit6 of 20: bit0 a header without any option
 *
 * Timestamps are kept within [-2^61, 2^62] ns (years 1897 to 2116), so any
 * difference of two fits in int64_t: every pcap timestamp (unsigned 32-bit
 * seconds, up to 2106) is in that range. Wider values are the adapter's
 * problem (see docs/robustness.md, open findings).
 */

#include <stddef.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rstan-engine.h"
#include "rstan-periodic.h"

#define HDR_LEN    16
#define REC_LEN    25
#define MAX_RECS   512
#define TS_MAX     (INT64_C(1) << 62)
#define TS_MIN     (-(INT64_C(1) << 61))

#define FAIL(...)                                                            \
    do {                                                                     \
        fprintf(stderr, "fuzz_engine: invariant violated: " __VA_ARGS__);    \
        fprintf(stderr, "\n");                                               \
        abort();                                                             \
    } while (0)

typedef struct {
    uint32_t nxt, last_seq, last_end, max_ack, last_ack;
    int      seen;
} mirror_t;

typedef struct {
    rstan_verdict_t *v;        /* heap, stable for the whole run */
    uint32_t         frame;
    int              conv;
} slot_t;

typedef struct {
    rstan_conv_t  conv[2];
    rstan_host_t  host[3];     /* A, B, C */
    mirror_t      m[2][2];
    slot_t        slots[MAX_RECS];
    size_t        nslots;
} state_t;

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void check_names(unsigned x)
{
    if (!rstan_phase_name(x) || !rstan_cause_name(x) || !rstan_origin_name(x) ||
        !rstan_verdict_name(x) || !rstan_seq_status_name(x) || !rstan_shape_name(x) ||
        !rstan_evidence_name(x) || !rstan_evidence_text(x) || !rstan_cause_hint(x))
        FAIL("a names function returned NULL for %u", x);
}

static void check_verdict(const rstan_verdict_t *v, uint32_t frame, uint32_t last_frame)
{
    if (v->frame != frame)
        FAIL("verdict of frame %u says frame %u", frame, v->frame);
    if (v->phase >= RSTAN_PHASE_COUNT)
        FAIL("frame %u: phase %u out of range", frame, v->phase);
    if (v->cause >= RSTAN_CAUSE_COUNT)
        FAIL("frame %u: cause %u out of range", frame, v->cause);
    if (v->origin >= RSTAN_ORIGIN_COUNT)
        FAIL("frame %u: origin %u out of range", frame, v->origin);
    if (v->verdict >= RSTAN_VERDICT_COUNT)
        FAIL("frame %u: verdict %u out of range", frame, v->verdict);
    if (v->confidence > 100)
        FAIL("frame %u: confidence %u > 100", frame, v->confidence);
    if (v->seq_status >= RSTAN_SEQ_COUNT)
        FAIL("frame %u: seq_status %u out of range", frame, v->seq_status);
    if (v->shape >= RSTAN_SHAPE_COUNT)
        FAIL("frame %u: shape %u out of range", frame, v->shape);
    if (v->claimed > RSTAN_ORIGIN_MIDDLEBOX || v->claimed == RSTAN_ORIGIN_MIDDLEBOX)
        FAIL("frame %u: claimed sender %u is not client, server or unknown", frame, v->claimed);
    if (v->genuine_cause >= RSTAN_CAUSE_COUNT || v->policy_cause >= RSTAN_CAUSE_COUNT)
        FAIL("frame %u: genuine/policy cause out of range", frame);
    if (v->genuine_phase >= RSTAN_PHASE_COUNT || v->policy_phase >= RSTAN_PHASE_COUNT)
        FAIL("frame %u: genuine/policy phase out of range", frame);
    if (RSTAN_EV_COUNT < 64 && v->evidence >> (RSTAN_EV_COUNT % 64))
        FAIL("frame %u: evidence bits 0x%" PRIx64 " beyond RSTAN_EV_COUNT", frame, v->evidence);
    if (v->origin == RSTAN_ORIGIN_MIDDLEBOX && v->verdict != RSTAN_VERDICT_SPOOFED)
        FAIL("frame %u: origin middlebox but verdict %s", frame, rstan_verdict_name(v->verdict));
    if (v->verdict == RSTAN_VERDICT_SPOOFED && v->origin != RSTAN_ORIGIN_MIDDLEBOX)
        FAIL("frame %u: verdict spoofed but origin %s", frame, rstan_origin_name(v->origin));
    if (v->verdict == RSTAN_VERDICT_GENUINE &&
        v->origin != RSTAN_ORIGIN_CLIENT && v->origin != RSTAN_ORIGIN_SERVER)
        FAIL("frame %u: verdict genuine but origin %s", frame, rstan_origin_name(v->origin));
    /* A second capture of a reset says what the first says: the frames it
     * points at are placed around the first capture's frame. */
    if (v->copy_of && v->copy_of >= frame)
        FAIL("frame %u: copy of a later frame %u", frame, v->copy_of);
    uint32_t at = v->copy_of ? v->copy_of : frame;
    if (v->answers_frame && v->answers_frame >= at)
        FAIL("frame %u answers a later frame %u", at, v->answers_frame);
    if (v->challenge_frame && (v->challenge_frame <= at || v->challenge_frame > last_frame))
        FAIL("frame %u: challenge frame %u not after it", at, v->challenge_frame);
    if (v->after_frame && (v->after_frame <= at || v->after_frame > last_frame))
        FAIL("frame %u: after frame %u not after it", at, v->after_frame);
    if (v->hops < 0 || v->hops > 255 || v->hops_expected < -1 || v->hops_expected > 255)
        FAIL("frame %u: hops %d / expected %d out of range", frame, v->hops, v->hops_expected);
    if (v->idle_ns < -1)
        FAIL("frame %u: idle %lld negative", frame, (long long)v->idle_ns);
    if (v->ttl_class != 32 && v->ttl_class != 64 && v->ttl_class != 128 && v->ttl_class != 255)
        FAIL("frame %u: ttl class %u", frame, v->ttl_class);
}

static int64_t clamp_ts(int64_t t)
{
    if (t > TS_MAX)
        return TS_MAX;
    if (t < TS_MIN)
        return TS_MIN;
    return t;
}

/* Feeds the whole input into st. Returns the number of records used. */
static size_t run(state_t *st, const uint8_t *data, size_t size)
{
    rstan_config_t cfg;
    uint8_t mode = data[0];
    int64_t ts;
    uint16_t cport = be16(data + 11), sport = be16(data + 13);

    rstan_config_default(&cfg);
    if (mode & 1) {
        cfg.ttl_tolerance = data[1];
        cfg.idle_threshold_ms = (uint32_t)be16(data + 2) * 10u;
        cfg.retx_threshold = data[4] ? data[4] : 1;   /* the prefs code never passes 0 */
        cfg.burst_window_ms = be16(data + 5);
        cfg.min_rtt_us = (uint32_t)be16(data + 7) * 16u;
        cfg.ipid_max_step = be16(data + 9);
    }
    switch ((mode >> 4) & 3) {
    case 0: ts = INT64_C(1700000000000000000); break;
    case 1: ts = 0; break;
    case 2: ts = -(INT64_C(1) << 61); break;
    default: ts = INT64_C(1) << 61; break;
    }

    memset(st, 0, sizeof(*st));
    rstan_conv_init(&st->conv[0]);
    rstan_conv_init(&st->conv[1]);
    for (int i = 0; i < 3; i++)
        rstan_host_init(&st->host[i]);

    size_t nrec = (size - HDR_LEN) / REC_LEN;
    if (nrec > MAX_RECS)
        nrec = MAX_RECS;

    for (size_t i = 0; i < nrec; i++) {
        const uint8_t *r = data + HDR_LEN + i * REC_LEN;
        uint8_t ctl = r[0], ext = r[20];
        int c = (mode & 2) ? (ctl >> 1) & 1 : 0;
        int dir = ctl & 1;
        mirror_t *snd = &st->m[c][dir], *rcv = &st->m[c][dir ^ 1];
        rstan_segment_t seg;
        uint32_t dseq = be32(r + 2), dack = be32(r + 6);

        memset(&seg, 0, sizeof(seg));
        seg.frame = (uint32_t)i + 1;
        seg.dir = (ext & 0x80) ? 2 : (uint8_t)dir;
        seg.flags = r[1];
        switch ((ctl >> 2) & 3) {
        case 0: seg.seq = dseq; break;
        case 1: seg.seq = snd->nxt + dseq; break;
        case 2: seg.seq = rcv->max_ack + dseq; break;
        default: seg.seq = snd->last_seq + dseq; break;
        }
        switch ((ctl >> 4) & 3) {
        case 0: seg.ack = dack; break;
        case 1: seg.ack = rcv->nxt + dack; break;
        case 2: seg.ack = rcv->last_end + dack; break;
        default: seg.ack = snd->last_ack + dack; break;
        }
        seg.win = be16(r + 10);
        seg.payload_len = be16(r + 12);
        seg.ip_version = (ctl & 0x40) ? 6 : 4;
        seg.ttl = r[14];
        seg.ip_id = seg.ip_version == 4 ? be16(r + 15) : 0;
        /* IPv6 uses those bytes for one of four flow labels, so that labels match and differ. */
        seg.flow_label = seg.ip_version == 6 ? be16(r + 15) & 3 : 0;
        seg.tos = r[17];
        seg.df = (ctl & 0x80) != 0;
        seg.reason_kind = (ext >> 2) & 7;
        seg.reason_cause = r[21];
        seg.reason_code = be16(r + 22);
        seg.wscale = (ext & 0x40) ? (int8_t)r[24] : -1;
        seg.no_options = !(ext & 0x40) && (r[24] & 1);   /* no option at all (a crafted SYN) */
        seg.mss_only = !(ext & 0x40) && (r[24] & 2) ? 1460 : 0; /* nmap's SYN shape with a window of 1024 */
        /* One of three stations on the link, or none named (rstan_segment_t.link_src). */
        seg.link_src = (r[24] & 0x0c) ? RSTAN_LINK_KNOWN | ((r[24] >> 2) & 3) : 0;
        /* Port numbers of the connection, as the sender sees them. */
        uint16_t a_port = c ? sport : cport, b_port = c ? cport : sport;
        seg.sport = dir ? b_port : a_port;
        seg.dport = dir ? a_port : b_port;

        static const int64_t unit[4] = { 1000, 1000000, 1000000000, INT64_C(1) << 46 };
        int16_t step = (int16_t)be16(r + 18);
        ts = clamp_ts(ts + (int64_t)step * unit[ext & 3]);
        seg.ts_ns = ts;

        /* Host A is direction 0 of both connections. */
        rstan_host_t *ha = &st->host[0], *hb = &st->host[1 + c];
        rstan_host_t *src = dir ? hb : ha, *dst = dir ? ha : hb;
        if ((mode & 4) && (ext & 0x20)) {
            src = NULL;
            dst = NULL;
        }

        int is_rst = (seg.flags & RSTAN_TCP_RST) != 0;
        int lone = is_rst && st->conv[c].packets == 0 && src != NULL && src->packets == 0 &&
                   !src->spoofed_recent && seg.dir <= 1;
        rstan_verdict_t *out = NULL;
        if (is_rst) {
            out = (rstan_verdict_t *)malloc(sizeof(*out));
            if (out == NULL)
                abort();
            memset(out, 0xa5, sizeof(*out));   /* the engine must fill it all */
        }
        rstan_note_t note;
        memset(&note, 0xa5, sizeof(note));
        rstan_note_t *np = (mode & 8) ? NULL : &note;
        bool filled = rstan_feed(&st->conv[c], src, dst, &seg, &cfg, out, np);

        if (filled != (is_rst && seg.dir <= 1))
            FAIL("record %zu: rstan_feed returned %d for flags 0x%02x dir %u", i, filled, seg.flags, seg.dir);
        if (np) {
            if (note.kind > RSTAN_NOTE_IGNORED)
                FAIL("record %zu: note kind %u out of range", i, note.kind);
            if (note.kind != RSTAN_NOTE_NONE && is_rst)
                FAIL("record %zu: a reset carries a note", i);
            if (note.kind != RSTAN_NOTE_NONE && (note.reset_frame == 0 || note.reset_frame >= seg.frame))
                FAIL("record %zu: note points at frame %u", i, note.reset_frame);
        }
        if (out) {
            if (filled) {
                if (lone && (out->origin != RSTAN_ORIGIN_UNKNOWN || out->verdict != RSTAN_VERDICT_UNVERIFIED))
                    FAIL("frame %u: a lone reset with no baseline judged %s/%s", seg.frame,
                         rstan_origin_name(out->origin), rstan_verdict_name(out->verdict));
                st->slots[st->nslots].v = out;
                st->slots[st->nslots].frame = seg.frame;
                st->slots[st->nslots].conv = c;
                st->nslots++;
            } else {
                free(out);
            }
        }
        /* The engine amends earlier verdicts only through the flows' last
         * reset; every verdict is checked again once the input is done. */
        for (int d = 0; d < 2; d++) {
            const rstan_verdict_t *lv = st->conv[c].flow[d].rst_verdict;
            if (lv)
                check_verdict(lv, lv->frame, seg.frame);
        }

        /* Mirror what the sender has sent and acked, for the relative modes. */
        if (seg.dir <= 1) {
            uint32_t end = seg.seq + seg.payload_len + ((seg.flags & RSTAN_TCP_SYN) ? 1 : 0) +
                           ((seg.flags & RSTAN_TCP_FIN) ? 1 : 0);
            if (!snd->seen || (int32_t)(end - snd->nxt) > 0)
                snd->nxt = end;
            snd->last_seq = seg.seq;
            snd->last_end = end;
            if ((seg.flags & RSTAN_TCP_ACK) && (!snd->seen || (int32_t)(seg.ack - snd->max_ack) > 0))
                snd->max_ack = seg.ack;
            snd->last_ack = seg.ack;
            snd->seen = 1;
        }
    }
    rstan_periodic_t per;
    rstan_periodic_init(&per);
    for (size_t k = 0; k < st->nslots; k++) {
        rstan_follow_copy(st->slots[k].v);   /* as the dissector does when it shows one */
        check_verdict(st->slots[k].v, st->slots[k].frame, (uint32_t)nrec);
        rstan_periodic_add(&per, st->slots[k].v);
    }
    for (size_t k = 0; k < st->nslots; k++) {
        const rstan_verdict_t *v = st->slots[k].v;
        rstan_periodic_finding_t f;
        if (!rstan_periodic_of(&per, v, &f))
            continue;
        if (f.count < RSTAN_PERIODIC_MIN || f.count > RSTAN_PERIODIC_CAP || f.lo_ns > v->silence_ns ||
            v->silence_ns > f.hi_ns || f.hops != v->hops || v->origin != RSTAN_ORIGIN_MIDDLEBOX)
            FAIL("frame %u: periodic run of %u, %lld-%lld ns, silence %lld", v->frame, f.count,
                 (long long)f.lo_ns, (long long)f.hi_ns, (long long)v->silence_ns);
    }
    rstan_periodic_free(&per);
    return nrec;
}

static void free_state(state_t *st)
{
    for (size_t k = 0; k < st->nslots; k++)
        free(st->slots[k].v);
    st->nslots = 0;
}

static int same_verdict(const rstan_verdict_t *a, const rstan_verdict_t *b)
{
    return a->frame == b->frame && a->phase == b->phase && a->cause == b->cause &&
           a->origin == b->origin && a->verdict == b->verdict && a->confidence == b->confidence &&
           a->seq_status == b->seq_status && a->shape == b->shape && a->claimed == b->claimed &&
           a->evidence == b->evidence && a->hops_expected == b->hops_expected &&
           a->has_ipid_step == b->has_ipid_step && (!a->has_ipid_step || a->ipid_step == b->ipid_step) &&
           a->idle_ns == b->idle_ns && a->silence_ns == b->silence_ns && a->rtt_ns == b->rtt_ns && a->answers_frame == b->answers_frame &&
           a->challenge_frame == b->challenge_frame && a->after_frame == b->after_frame &&
           a->burst_count == b->burst_count && a->retransmissions == b->retransmissions;
}

static state_t st1, st2;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < HDR_LEN)
        return 0;
    static int names_checked;
    if (!names_checked) {
        for (unsigned x = 0; x < 300; x++)
            check_names(x);
        check_names(~0u);
        names_checked = 1;
    }
    run(&st1, data, size);
    run(&st2, data, size);
    if (st1.nslots != st2.nslots)
        FAIL("replay gave %zu verdicts, first run %zu", st2.nslots, st1.nslots);
    for (size_t k = 0; k < st1.nslots; k++) {
        if (!same_verdict(st1.slots[k].v, st2.slots[k].v))
            FAIL("replay of the same input gave a different verdict for frame %u", st1.slots[k].frame);
    }
    free_state(&st1);
    free_state(&st2);
    return 0;
}
