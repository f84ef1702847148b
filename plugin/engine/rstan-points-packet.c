/* rstan-points-packet.c
 *
 * Capture points, the packet: what the adapter fills in for each TCP
 * segment before feeding it (the payload's hash, the options the matcher
 * compares), and the names of where a copy was or was not seen.
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

/* The window scale in the options' signature, marked apart from the kinds (0..255). */
#define SIG_WSCALE 0x100u

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

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* TCP options (RFC 9293 §3.1; MSS kind 2, window scale kind 3 and timestamps
 * kind 8 from RFC 7323 §2.2 and §3.2; SACK kind 5 from RFC 2018 §3). The
 * signature keeps the kinds in order and the window scale: stacks differ in
 * both and middleboxes rarely touch them, while MSS is often clamped. */
void rstan_pt_parse_options(rstan_pt_packet_t *pkt, const uint8_t *opts, size_t len)
{
    uint32_t sig = FNV32_BASIS;
    size_t i = 0;

    pkt->has_ts = false;
    pkt->has_sack = false;
    pkt->mss = 0;
    pkt->wscale = -1;
    if (len > TCP_OPTIONS_MAX)
        len = TCP_OPTIONS_MAX;
    while (opts != NULL && i < len) {
        uint8_t kind = opts[i];
        if (kind == TCPOPT_EOL)
            break;
        sig = fnv_mix(sig, kind);
        if (kind == TCPOPT_NOP) {
            i++;
            continue;
        }
        if (i + 1 >= len || opts[i + 1] < 2 || i + opts[i + 1] > len)
            break;
        uint8_t olen = opts[i + 1];
        const uint8_t *v = opts + i + 2;
        if (kind == TCPOPT_MSS && olen == TCPOLEN_MSS) {
            pkt->mss = (uint16_t)(v[0] << 8 | v[1]);
        } else if (kind == TCPOPT_WSCALE && olen == TCPOLEN_WSCALE) {
            pkt->wscale = (int8_t)(v[0] > RSTAN_MAX_WSCALE ? RSTAN_MAX_WSCALE : v[0]);
            sig = fnv_mix(sig, SIG_WSCALE | v[0]);
        } else if (kind == TCPOPT_TIMESTAMP && olen == TCPOLEN_TIMESTAMP) {
            pkt->has_ts = true;
            pkt->tsval = be32(v);
            pkt->tsecr = be32(v + 4);
        } else if (kind == TCPOPT_SACK && olen >= TCPOLEN_SACK_MIN && !pkt->has_sack) {
            pkt->has_sack = true;
            pkt->sack_left = be32(v);
            pkt->sack_right = be32(v + 4);
        }
        i += olen;
    }
    pkt->optsig = (uint16_t)(sig ^ (sig >> 16));
}

const char *rstan_pt_at_name(unsigned at)
{
    static const char *const names[] = {
        "unknown", "this copy", "seen", "not seen upstream", "not seen downstream",
        "not covered", "odd TTL change", "no clock offset"
    };
    return at < sizeof(names) / sizeof(names[0]) ? names[at] : "unknown";
}
