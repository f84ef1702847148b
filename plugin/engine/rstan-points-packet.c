/* rstan-points-packet.c
 *
 * Capture points, the packet: the matcher's snapshot of one TCP segment,
 * made in one place from what the adapter read (the segment, its options as
 * rstan-options.c read them, the payload's hash), and the names of where a
 * copy was or was not seen.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-points-internal.h"

#include <string.h>

/* Folding 64 bits to 32: one xorshift-multiply step (the multiplier of
 * splitmix64's finaliser, Steele, Lea, Flood, OOPSLA 2014) moves the high
 * half's bits into the low half that is kept. */
#define FOLD_SHIFT 29
#define FOLD_MULT  UINT64_C(0xbf58476d1ce4e5b9)
#define HALF_BITS  32

/* FNV-1a's xor-then-multiply step over 64-bit little-endian words (eight
 * multiplies for 64 bytes instead of 64), folded to 32 bits. The same bytes
 * give the same value on every host. */
uint32_t rstan_pt_hash(const uint8_t *data, size_t len)
{
    uint64_t h = FNV64_BASIS;
    size_t i = 0;

    if (data == NULL)
        len = 0;
    if (len > RSTAN_PT_HASH_BYTES)
        len = RSTAN_PT_HASH_BYTES;
    for (; i + 8 <= len; i += 8) {
        uint64_t w = 0;
        for (int k = 7; k >= 0; k--)
            w = w << 8 | data[i + (size_t)k];
        h = (h ^ w) * FNV64_PRIME;
    }
    for (; i < len; i++)
        h = (h ^ data[i]) * FNV64_PRIME;
    h ^= h >> FOLD_SHIFT;
    h *= FOLD_MULT;
    h ^= h >> HALF_BITS;
    return (uint32_t)h;
}

void rstan_pt_set_payload(rstan_pt_packet_t *pkt, const uint8_t *data, size_t captured)
{
    size_t want = pkt->payload_len < RSTAN_PT_HASH_BYTES ? pkt->payload_len : RSTAN_PT_HASH_BYTES;
    pkt->hash_valid = data != NULL && captured >= want;
    pkt->payload_hash = pkt->hash_valid ? rstan_pt_hash(data, want) : 0;
}

/* The options' part of the snapshot (no option bytes at all: o is NULL). */
static void set_options(rstan_pt_packet_t *pkt, const rstan_tcp_options_t *o)
{
    pkt->has_ts = o && o->has_ts;
    pkt->has_sack = o && o->has_sack;
    pkt->tsval = pkt->has_ts ? o->tsval : 0;
    pkt->tsecr = pkt->has_ts ? o->tsecr : 0;
    pkt->sack_left = pkt->has_sack ? o->sack_left : 0;
    pkt->sack_right = pkt->has_sack ? o->sack_right : 0;
    pkt->mss = o ? o->mss : 0;
    pkt->wscale = o ? o->wscale : -1;
    pkt->optsig = o ? o->sig : 0;
}

void rstan_pt_parse_options(rstan_pt_packet_t *pkt, const uint8_t *opts, size_t len)
{
    rstan_tcp_options_t o;
    rstan_tcp_options_read(&o, opts, len);
    set_options(pkt, &o);
}

void rstan_pt_packet_make(rstan_pt_packet_t *pkt, const rstan_segment_t *seg, const rstan_tcp_options_t *opts,
                          const uint8_t *payload, size_t captured, int8_t client_dir)
{
    memset(pkt, 0, sizeof(*pkt));
    pkt->ts_ns = seg->ts_ns;
    pkt->frame = seg->frame;
    pkt->seq = seg->seq;
    pkt->ack = seg->ack;
    pkt->payload_len = seg->payload_len;
    pkt->ip_id = seg->ip_version == 4 ? seg->ip_id : 0;
    pkt->dir = seg->dir;
    pkt->flags = seg->flags;
    pkt->ttl = seg->ttl;
    pkt->client_dir = client_dir;
    set_options(pkt, opts);
    rstan_pt_set_payload(pkt, payload, captured);
}

const char *rstan_pt_at_name(unsigned at)
{
    static const char *const names[] = {
        "unknown", "this copy", "seen", "not seen upstream", "not seen downstream",
        "not covered", "odd TTL change", "no clock offset"
    };
    return at < sizeof(names) / sizeof(names[0]) ? names[at] : "unknown";
}
