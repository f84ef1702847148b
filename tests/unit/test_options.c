/* test_options.c
 *
 * Unit tests of the one TCP-option walk the engine and the capture-point
 * matcher share (plugin/engine/rstan-options.c), on option bytes laid out
 * as the RFCs give them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "rstan-engine.h"
#include "rstan-internal.h"

/* The one TCP-option walk (rstan-options.c), on option bytes as RFC 9293
 * §3.1, RFC 7323 §2.2/§3.2, RFC 2018 §3 and RFC 8684 §3.6 lay them out. */
static int test_options(void)
{
    static const struct {
        const char *name;
        const char *bytes;
        size_t      n;
        int8_t      wscale;
        uint16_t    mss;
        uint8_t     mptcp;      /* reason + 1 */
        bool        ts, sack;
        uint32_t    tsval, tsecr, left, right;
    } rows[] = {
        { "a Linux SYN: MSS, SACK permitted, timestamps, NOP, window scale 7",
          "\x02\x04\x05\xb4\x04\x02\x08\x0a\x01\x02\x03\x04\x00\x00\x00\x09\x01\x03\x03\x07", 20,
          .wscale = 7, .mss = 1460, .ts = true, .tsval = 0x01020304, .tsecr = 9 },
        { "window scale 15 is read as 14 (RFC 7323 §2.3)", "\x01\x03\x03\x0f", 4, .wscale = 14 },
        { "MP_TCPRST with reason 3", "\x1e\x04\x80\x03", 4, .wscale = -1, .mptcp = 4 },
        { "another MPTCP subtype carries no reason", "\x1e\x04\x70\x03", 4, .wscale = -1 },
        { "the first SACK block", "\x01\x01\x05\x0a\x00\x00\x00\x10\x00\x00\x00\x20", 12,
          .wscale = -1, .sack = true, .left = 16, .right = 32 },
        { "a length under 2 ends the walk", "\x08\x01\x03\x03\x07", 5, .wscale = -1 },
        { "EOL ends the walk", "\x00\x03\x03\x07", 4, .wscale = -1 },
        { "an option past the bytes is not read", "\x01\x03\x03", 3, .wscale = -1 },
        { "no bytes", "", 0, .wscale = -1 },
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        rstan_tcp_options_t o;
        rstan_tcp_options_read(&o, (const uint8_t *)rows[i].bytes, rows[i].n);
        bool ok = o.wscale == rows[i].wscale && o.mss == rows[i].mss && o.mptcp_reason == rows[i].mptcp &&
                  o.has_ts == rows[i].ts && o.has_sack == rows[i].sack &&
                  (!o.has_ts || (o.tsval == rows[i].tsval && o.tsecr == rows[i].tsecr)) &&
                  (!o.has_sack || (o.sack_left == rows[i].left && o.sack_right == rows[i].right));
        if (!ok) {
            printf("FAIL options: %s (wscale %d mss %u mptcp %u ts %d sack %d)\n", rows[i].name, o.wscale, o.mss,
                   o.mptcp_reason, o.has_ts, o.has_sack);
            bad = 1;
        }
    }
    /* The signature: the kinds in order and the window scale, not the values. */
    rstan_tcp_options_t a, b, c, d;
    rstan_tcp_options_read(&a, (const uint8_t *)"\x01\x01\x08\x0a\x00\x00\x00\x01\x00\x00\x00\x02", 12);
    rstan_tcp_options_read(&b, (const uint8_t *)"\x01\x01\x08\x0a\x00\x00\x00\x05\x00\x00\x00\x06", 12);
    rstan_tcp_options_read(&c, (const uint8_t *)"\x01\x03\x03\x07", 4);
    rstan_tcp_options_read(&d, (const uint8_t *)"\x01\x03\x03\x08", 4);
    if (a.sig != b.sig || c.sig == d.sig || a.sig == c.sig) {
        printf("FAIL options: signature\n");
        bad = 1;
    }
    printf("%s TCP options\n", bad ? "FAIL" : "ok  ");
    return bad;
}

static bool same_options(const rstan_tcp_options_t *a, const rstan_tcp_options_t *b)
{
    return a->wscale == b->wscale && a->mss == b->mss && a->mptcp_reason == b->mptcp_reason &&
           a->has_ts == b->has_ts && a->has_sack == b->has_sack && a->sig == b->sig &&
           (!a->has_ts || (a->tsval == b->tsval && a->tsecr == b->tsecr)) &&
           (!a->has_sack || (a->sack_left == b->sack_left && a->sack_right == b->sack_right));
}

/* Linux's 20-byte SYN layout is read at once (rstan-options.c, linux_syn):
 * it must say what the walk says. The same bytes followed by EOL are 24
 * bytes, which the walk reads; every byte of the layout is also changed in
 * turn, to each value that matters, so that a layout that only looks like
 * Linux's goes to the walk. */
static int test_linux_syn(void)
{
    static const uint8_t linux_syn[20] = { 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0x8a, 0x01,
                                           0x33, 0x07, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07 };
    static const uint8_t values[] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x08, 0x0a, 0x0e, 0x0f, 0x1e, 0xff };
    int bad = 0;
    for (size_t at = 0; at <= sizeof(linux_syn); at++) {
        for (size_t v = 0; v < sizeof(values); v++) {
            uint8_t opts[24] = { 0 };
            memcpy(opts, linux_syn, sizeof(linux_syn));
            if (at < sizeof(linux_syn))
                opts[at] = values[v];
            else if (v > 0)
                break;   /* the layout itself, once */
            rstan_tcp_options_t fast, walked;
            rstan_tcp_options_read(&fast, opts, 20);
            rstan_tcp_options_read(&walked, opts, 24);   /* 20 bytes, then EOL */
            if (!same_options(&fast, &walked)) {
                printf("FAIL linux syn: byte %zu set to 0x%02x reads differently at 20 bytes\n", at, values[v]);
                bad = 1;
            }
        }
    }
    printf("%s Linux SYN layout read as the walk reads it\n", bad ? "FAIL" : "ok  ");
    return bad;
}

int main(void)
{
    int bad = test_options();
    bad |= test_linux_syn();
    return bad ? 1 : 0;
}
