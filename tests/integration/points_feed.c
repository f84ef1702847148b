/* points_feed.c
 *
 * Feeds the capture-point matcher (rstan-points) from tshark's field output,
 * without the plugin: it checks the matcher alone against the multi-point
 * corpus, so that a difference there is the matcher's and not the
 * dissector's. Input on stdin, one TCP packet per line, tab-separated, in
 * this order (what test_points_matcher.py asks tshark for):
 *
 *   frame.number frame.interface_id frame.interface_name frame.time_epoch
 *   tcp.stream ip.src ipv6.src tcp.srcport ip.ttl ipv6.hlim ip.id
 *   tcp.seq_raw tcp.ack_raw tcp.flags tcp.len tcp.options tcp.payload
 *
 * Frames without a TCP stream (a ping, ARP) only tell that their point was
 * capturing (rstan_pt_note), and every interface of the input is declared
 * before the first frame is fed (rstan_pt_declare), as a pcapng's interface
 * descriptions come before its packets.
 *
 * One view per (tcp.stream, interface), as the dissector keys them. Output,
 * one line per reset copy after the whole file, settled as a second pass
 * draws it: frame, point, seen_at, seen_at right after the copy was fed (a
 * single pass), between (0/1), lost (0/1), hops_between, flags; then one line
 * "folded", count, first frame (rstan_pt_folded() of interface 0).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rstan-points.h"

#define MAX_VIEWS  4096
#define MAX_RESETS 65536
#define N_SLOTS    16384
#define N_FIELDS   17

typedef struct {
    unsigned        stream, point;
    char            src[64];
    unsigned        sport;
    rstan_pt_conn_t v;
} view_t;

static view_t views[MAX_VIEWS];
static rstan_pt_slot_t slots[N_SLOTS];
static rstan_pt_result_t res[MAX_RESETS], first[MAX_RESETS];
static char names[RSTAN_PT_MAX_POINTS][64];
static char line[1 << 20];
static char *input;
static size_t input_len;

/* The whole input, so that the interfaces can be declared first. */
static bool read_all(void)
{
    size_t cap = 1 << 20;
    input = malloc(cap);
    if (input == NULL)
        return false;
    size_t got;
    while ((got = fread(input + input_len, 1, cap - input_len - 1, stdin)) > 0) {
        input_len += got;
        if (cap - input_len - 1 == 0) {
            char *more = realloc(input, cap * 2);
            if (more == NULL)
                return false;
            input = more;
            cap *= 2;
        }
    }
    input[input_len] = 0;
    return true;
}

/* The next line of the input into line, false at its end. */
static bool next_line(size_t *pos)
{
    if (*pos >= input_len)
        return false;
    const char *start = input + *pos, *nl = strchr(start, '\n');
    size_t len = nl ? (size_t)(nl - start) : strlen(start);
    if (len >= sizeof(line))
        len = sizeof(line) - 1;
    memcpy(line, start, len);
    line[len] = 0;
    *pos += (nl ? (size_t)(nl - start) + 1 : strlen(start));
    return true;
}

/* Hex bytes, with or without ':' separators. */
static size_t hex_bytes(const char *h, uint8_t *out, size_t max)
{
    size_t n = 0;
    while (h[0] && h[1] && n < max) {
        if (h[0] == ':' || h[0] == ',') {
            h++;
            continue;
        }
        char two[3] = { h[0], h[1], 0 };
        out[n++] = (uint8_t)strtoul(two, NULL, 16);
        h += 2;
    }
    return n;
}

/* "seconds.fraction" to ns, without floating point. */
static int64_t parse_ns(const char *s)
{
    int64_t sec = 0, frac = 0;
    int digits = 0;
    while (*s >= '0' && *s <= '9')
        sec = sec * 10 + (*s++ - '0');
    if (*s == '.')
        s++;
    while (*s >= '0' && *s <= '9' && digits < 9) {
        frac = frac * 10 + (*s++ - '0');
        digits++;
    }
    while (digits++ < 9)
        frac *= 10;
    return sec * 1000000000 + frac;
}

static void print_seen(const rstan_pt_result_t *r)
{
    for (unsigned i = 0; i < r->n_seen; i++)
        printf("%s%s", i ? "," : "", names[r->seen_at[i]]);
}

int main(void)
{
    rstan_pt_ctx_t ctx;
    size_t nviews = 0, nres = 0;

    if (!rstan_pt_init(&ctx, NULL, slots, N_SLOTS) || !read_all())
        return 2;
    for (size_t pos = 0; next_line(&pos);) {
        char *end;
        unsigned long point = strtoul(strchr(line, '\t') ? strchr(line, '\t') + 1 : "", &end, 10);
        if (end && *end == '\t' && point < RSTAN_PT_MAX_POINTS)
            rstan_pt_declare(&ctx, (unsigned)point);
    }
    for (size_t pos = 0; next_line(&pos);) {
        char *f[N_FIELDS], *p = line;
        int nf = 0;
        while (nf < N_FIELDS) {
            f[nf++] = p;
            p = strchr(p, '\t');
            if (p == NULL)
                break;
            *p++ = 0;
        }
        if (nf < N_FIELDS)
            continue;
        unsigned point = (unsigned)atoi(f[1]), stream = (unsigned)atoi(f[4]), sport = (unsigned)atoi(f[7]);
        const char *src = f[5][0] ? f[5] : f[6];
        /* Tunnelled packets list several addresses: not in this corpus. */
        if (point >= RSTAN_PT_MAX_POINTS || strchr(src, ','))
            continue;
        if (f[2][0])
            snprintf(names[point], sizeof(names[point]), "%s", f[2]);
        if (f[4][0] == 0) {
            rstan_pt_note(&ctx, point, parse_ns(f[3]));
            continue;
        }
        view_t *vw = NULL;
        for (size_t i = 0; i < nviews && vw == NULL; i++) {
            if (views[i].stream == stream && views[i].point == point)
                vw = &views[i];
        }
        if (vw == NULL) {
            if (nviews == MAX_VIEWS)
                continue;
            vw = &views[nviews++];
            vw->stream = stream;
            vw->point = point;
            snprintf(vw->src, sizeof(vw->src), "%s", src);
            vw->sport = sport;
            rstan_pt_conn_init(&vw->v, point);
        }

        rstan_pt_packet_t pk;
        uint8_t opts[40], pay[RSTAN_PT_HASH_BYTES];
        memset(&pk, 0, sizeof(pk));
        pk.frame = (uint32_t)strtoul(f[0], NULL, 10);
        pk.ts_ns = parse_ns(f[3]);
        /* Direction 0: whoever sent the view's first packet. */
        pk.dir = !(strcmp(src, vw->src) == 0 && sport == vw->sport);
        pk.seq = (uint32_t)strtoul(f[11], NULL, 10);
        pk.ack = (uint32_t)strtoul(f[12], NULL, 10);
        pk.flags = (uint8_t)strtoul(f[13], NULL, 16);
        pk.payload_len = (uint32_t)strtoul(f[14], NULL, 10);
        pk.ttl = (uint8_t)atoi(f[8][0] ? f[8] : f[9]);
        pk.ip_id = f[10][0] ? (uint16_t)strtoul(f[10], NULL, 16) : 0;
        pk.client_dir = -1;
        rstan_pt_parse_options(&pk, opts, hex_bytes(f[15], opts, sizeof(opts)));
        rstan_pt_set_payload(&pk, pay, hex_bytes(f[16], pay, sizeof(pay)));
        rstan_pt_result_t *out = (pk.flags & 0x04) && nres < MAX_RESETS ? &res[nres] : NULL;
        if (rstan_pt_feed(&ctx, &vw->v, &pk, out)) {
            first[nres] = res[nres];
            nres++;
        }
    }
    for (size_t k = 0; k < nres; k++)
        rstan_pt_settle(&ctx, &res[k]);
    for (size_t k = 0; k < nres; k++) {
        const rstan_pt_result_t *r = &res[k];
        printf("%u\t%s\t", r->frame, names[r->point]);
        print_seen(r);
        printf("\t");
        print_seen(&first[k]);
        printf("\t%d\t%d\t%d\t0x%x\n", (r->flags & RSTAN_PT_BETWEEN) != 0, (r->flags & RSTAN_PT_LOST) != 0,
               r->hops_between, r->flags);
    }
    uint32_t folded_frame = 0, folded = rstan_pt_folded(&ctx, 0, &folded_frame);
    printf("folded\t%u\t%u\n", folded, folded_frame);
    return 0;
}
