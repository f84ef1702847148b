/* rstan-options.c
 *
 * A TCP header's options, walked once per packet: what the engine needs of
 * them (the window scale of a SYN, the MP_TCPRST reason of a reset) and what
 * the capture-point matcher compares (timestamps, the first SACK block, the
 * kinds in order). Both read the result of this one walk.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-internal.h"

/* TCP options: RFC 9293 §3.1 (at most 40 bytes, the data offset's 15 words
 * less the fixed header; EOL 0, NOP 1, MSS 2), RFC 7323 §2.2 and §3.2
 * (window scale 3, timestamps 8), RFC 2018 §2 and §3 (SACK permitted 4,
 * SACK 5), RFC 8684 §3.6 (MPTCP 30, whose subtype 8 is MP_TCPRST with its
 * reason in byte 3). */
#define TCP_OPTIONS_MAX   40
#define TCPOPT_EOL        0
#define TCPOPT_NOP        1
#define TCPOPT_MSS        2
#define TCPOLEN_MSS       4
#define TCPOPT_WSCALE     3
#define TCPOLEN_WSCALE    3
#define TCPOPT_SACK_PERM  4
#define TCPOLEN_SACK_PERM 2
#define TCPOPT_SACK       5
#define TCPOLEN_SACK_MIN  10 /* kind, length and one block of two edges */
#define TCPOPT_TIMESTAMP  8
#define TCPOLEN_TIMESTAMP 10
#define TCPOPT_MPTCP      30
#define TCPOLEN_MP_TCPRST 4
#define MPTCP_SUB_TCPRST  8

/* The window scale in the signature, marked apart from the kinds (0..255). */
#define SIG_WSCALE 0x100u

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* One FNV-1a step for a kind (a byte) or the marked window scale. */
static uint32_t sig_step(uint32_t sig, uint32_t v)
{
    return (sig ^ v) * FNV32_PRIME;
}

/* The signature's steps, folded to 16 bits. */
static uint16_t sig_fold(uint32_t sig)
{
    return (uint16_t)(sig ^ (sig >> 16));
}

/* Linux's SYN and SYN-ACK options, exactly 20 bytes: MSS, SACK permitted
 * with timestamps, NOP, window scale (tcp_options_write and
 * tcp_syn_options in net/ipv4/tcp_output.c). Most connections open with
 * it, so it is read at once; the walk below gives the same result, which
 * test_options checks. */
#define LINUX_SYN_LEN 20

static bool linux_syn(rstan_tcp_options_t *o, const uint8_t *p)
{
    if (p[0] != TCPOPT_MSS || p[1] != TCPOLEN_MSS || p[4] != TCPOPT_SACK_PERM || p[5] != TCPOLEN_SACK_PERM ||
        p[6] != TCPOPT_TIMESTAMP || p[7] != TCPOLEN_TIMESTAMP || p[16] != TCPOPT_NOP || p[17] != TCPOPT_WSCALE ||
        p[18] != TCPOLEN_WSCALE)
        return false;
    o->mss = (uint16_t)(p[2] << 8 | p[3]);
    o->has_ts = true;
    o->tsval = be32(p + 8);
    o->tsecr = be32(p + 12);
    o->has_sack = false;
    o->mptcp_reason = 0;
    o->wscale = (int8_t)(p[19] > RSTAN_MAX_WSCALE ? RSTAN_MAX_WSCALE : p[19]);
    /* The walk's steps over the layout's kinds, folded to a constant. */
    uint32_t kinds = sig_step(sig_step(sig_step(sig_step(sig_step(FNV32_BASIS, TCPOPT_MSS), TCPOPT_SACK_PERM),
                                                TCPOPT_TIMESTAMP),
                                       TCPOPT_NOP),
                              TCPOPT_WSCALE);
    o->sig = sig_fold(sig_step(kinds, SIG_WSCALE | p[19]));
    return true;
}

/* The signature keeps the kinds in order and the window scale: stacks differ
 * in both and middleboxes rarely touch them, while MSS is often clamped. */
void rstan_tcp_options_read(rstan_tcp_options_t *o, const uint8_t *opts, size_t len)
{
    uint32_t sig = FNV32_BASIS;
    size_t i = 0;

    if (len == LINUX_SYN_LEN && opts != NULL && linux_syn(o, opts))
        return;
    o->has_ts = false;
    o->has_sack = false;
    o->mss = 0;
    o->wscale = -1;
    o->mptcp_reason = 0;
    if (len > TCP_OPTIONS_MAX)
        len = TCP_OPTIONS_MAX;
    while (opts != NULL && i < len) {
        uint8_t kind = opts[i];
        if (kind == TCPOPT_EOL)
            break;
        sig = sig_step(sig, kind);
        if (kind == TCPOPT_NOP) {
            i++;
            continue;
        }
        if (i + 1 >= len || opts[i + 1] < 2 || i + opts[i + 1] > len)
            break;
        uint8_t olen = opts[i + 1];
        const uint8_t *v = opts + i + 2;
        if (kind == TCPOPT_MSS && olen == TCPOLEN_MSS) {
            o->mss = (uint16_t)(v[0] << 8 | v[1]);
        } else if (kind == TCPOPT_WSCALE && olen == TCPOLEN_WSCALE) {
            o->wscale = (int8_t)(v[0] > RSTAN_MAX_WSCALE ? RSTAN_MAX_WSCALE : v[0]);
            sig = sig_step(sig, SIG_WSCALE | v[0]);
        } else if (kind == TCPOPT_TIMESTAMP && olen == TCPOLEN_TIMESTAMP) {
            o->has_ts = true;
            o->tsval = be32(v);
            o->tsecr = be32(v + 4);
        } else if (kind == TCPOPT_SACK && olen >= TCPOLEN_SACK_MIN && !o->has_sack) {
            o->has_sack = true;
            o->sack_left = be32(v);
            o->sack_right = be32(v + 4);
        } else if (kind == TCPOPT_MPTCP && olen >= TCPOLEN_MP_TCPRST && (v[0] >> 4) == MPTCP_SUB_TCPRST) {
            o->mptcp_reason = (uint8_t)(v[1] + 1);
        }
        i += olen;
    }
    o->sig = sig_fold(sig);
}
