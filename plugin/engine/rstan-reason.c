/* rstan-reason.c
 *
 * Explicit reasons a reset carries on the wire, and the cause each names:
 * printable payload text (RFC 9293 §3.10.7 allows data in a reset), the RST
 * diagnostic payload (magic 0x33AA, a reason code, optional text), the
 * MP_TCPRST option's reason (RFC 8684 §3.6) and a load balancer's code in the
 * window field (Citrix NetScaler). The header reader hands over the bytes;
 * what they mean is decided here.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-internal.h"

#include <stdio.h>
#include <string.h>

/* Reason codes of MP_TCPRST (RFC 8684 §3.6), and the cause each names:
 * "administratively prohibited" is a policy reject. */
static const struct { const char *text; uint8_t cause; } mptcp_reasons[] = {
    { "unspecified error", RSTAN_CAUSE_UNKNOWN },
    { "MPTCP-specific error", RSTAN_CAUSE_UNKNOWN },
    { "lack of resources", RSTAN_CAUSE_UNKNOWN },
    { "administratively prohibited", RSTAN_CAUSE_FIREWALL_REJECT },
    { "too much outstanding data", RSTAN_CAUSE_UNKNOWN },
    { "unacceptable performance", RSTAN_CAUSE_UNKNOWN },
    { "middlebox interference", RSTAN_CAUSE_UNKNOWN },
};

/* A few words in a reason text say which cause the sender meant. */
static const struct { const char *word; uint8_t cause; } reason_words[] = {
    { "idle", RSTAN_CAUSE_IDLE_TIMEOUT },
    { "expired", RSTAN_CAUSE_STATE_EXPIRED },
    { "prohibit", RSTAN_CAUSE_FIREWALL_REJECT },
    { "policy", RSTAN_CAUSE_FIREWALL_REJECT },
    { "denied", RSTAN_CAUSE_FIREWALL_REJECT },
    { "blocked", RSTAN_CAUSE_FIREWALL_REJECT },
    { "abort", RSTAN_CAUSE_APP_ABORT },
    { "retransmi", RSTAN_CAUSE_RETRANSMISSION_TIMEOUT },
    { "overflow", RSTAN_CAUSE_BACKLOG_OVERFLOW },
};

#define N_OF(t) (sizeof(t) / sizeof((t)[0]))

/* The words are matched whatever their case; the text is shown as sent. */
static uint8_t cause_from_text(const char *text)
{
    char lower[RSTAN_REASON_SCAN];
    size_t i;
    for (i = 0; text[i] != '\0' && i + 1 < sizeof(lower); i++)
        lower[i] = text[i] >= 'A' && text[i] <= 'Z' ? (char)(text[i] - 'A' + 'a') : text[i];
    lower[i] = '\0';
    for (i = 0; i < N_OF(reason_words); i++) {
        if (strstr(lower, reason_words[i].word))
            return reason_words[i].cause;
    }
    return RSTAN_CAUSE_UNKNOWN;
}

static bool printable(uint8_t b)
{
    return b >= RSTAN_ASCII_FIRST_PRINTABLE && b <= RSTAN_ASCII_LAST_PRINTABLE;
}

static void copy_printable(char *buf, size_t buflen, const uint8_t *p, uint32_t n)
{
    size_t o = 0;
    for (uint32_t i = 0; i < n && o + 1 < buflen; i++) {
        uint8_t b = p[i];
        buf[o++] = printable(b) ? (char)b : '.';
    }
    buf[o] = '\0';
}

static bool is_text(const uint8_t *p, uint32_t n)
{
    uint32_t count = 0;
    for (uint32_t i = 0; i < n; i++)
        count += printable(p[i]) || p[i] == '\n' || p[i] == '\r';
    return (uint64_t)count * RSTAN_TENTHS >= (uint64_t)n * RSTAN_TEXT_PRINTABLE_TENTHS;
}

void rstan_reason_decode(const uint8_t *p, uint32_t n, uint8_t mptcp_reason, bool window_codes,
                         rstan_segment_t *seg, char *buf, size_t buflen)
{
    if (buflen == 0)
        return;
    buf[0] = '\0';
    if (p != NULL && n >= RSTAN_DIAG_HEADER && p[0] == RSTAN_DIAG_MAGIC_0 && p[1] == RSTAN_DIAG_MAGIC_1) {
        seg->reason_kind = RSTAN_REASON_DIAG;
        seg->reason_code = (uint16_t)((p[2] << 8) | p[3]);
        copy_printable(buf, buflen, p + RSTAN_DIAG_HEADER, n - RSTAN_DIAG_HEADER);
        seg->reason_cause = cause_from_text(buf);
        return;
    }
    if (p != NULL && n > 0 && is_text(p, n)) {
        seg->reason_kind = RSTAN_REASON_TEXT;
        copy_printable(buf, buflen, p, n);
        seg->reason_cause = cause_from_text(buf);
        return;
    }
    if (mptcp_reason) {
        unsigned code = mptcp_reason - 1u;
        seg->reason_kind = RSTAN_REASON_MPTCP;
        seg->reason_code = (uint16_t)code;
        snprintf(buf, buflen, "%s", code < N_OF(mptcp_reasons) ? mptcp_reasons[code].text : "unassigned reason");
        if (code < N_OF(mptcp_reasons))
            seg->reason_cause = mptcp_reasons[code].cause;
        return;
    }
    if (window_codes && seg->win != 0) {
        seg->reason_kind = RSTAN_REASON_WINDOW_CODE;
        seg->reason_code = seg->win;
        snprintf(buf, buflen, "load balancer reset code %u", seg->win);
    }
}
