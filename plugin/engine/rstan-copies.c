/* rstan-copies.c
 *
 * Second sightings of one packet in one capture: a router captured on both
 * its sides, or a SPAN session mirroring two router ports into one. Each
 * sender's last packets are kept (rstan_note_sighting), and a packet that is
 * one of them seen again (rstan_capture_copy) adds nothing to the
 * connection's state (docs/decisions.md, Capture copies).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-internal.h"

/* A link-layer source (48-bit MAC) folded to 32 bits: enough to tell two
 * stations on one link apart. */
static uint32_t link_fold(uint64_t link_src)
{
    uint32_t f = (uint32_t)(link_src ^ (link_src >> 32));
    return link_src != 0 && f == 0 ? 1 : f;
}

static uint32_t ident_of(const rstan_segment_t *seg)
{
    return seg->ip_version == 4 ? seg->ip_id : seg->flow_label;
}

void rstan_note_sighting(rstan_flow_t *s, const rstan_segment_t *seg)
{
    rstan_sighting_t *k = &s->sighting[s->sighting_next % RSTAN_SIGHTINGS];
    if (s->sighting_next == 0 && k->frame == 0)
        s->sighting_ttl = seg->ttl;
    else if (seg->ttl != s->sighting_ttl)
        s->sighting_mixed = true;
    k->ts_ns = seg->ts_ns;
    k->link = link_fold(seg->link_src);
    k->frame = seg->frame;
    k->seq = seg->seq;
    k->ack = seg->ack;
    k->ident = ident_of(seg);
    k->len = (uint16_t)seg->payload_len;
    k->flags = seg->flags;
    k->ttl = seg->ttl;
    s->sighting_next = (uint8_t)((s->sighting_next + 1) % RSTAN_SIGHTINGS);
}

/* One datagram seen twice: the same TCP header and IPv4 ID (IPv6 flow
 * label), at another TTL (one sighting is from the far side of a router,
 * RFC 791 §3.2, RFC 8200 §3), and put on the link by another station where
 * the link layer names one. Either sighting may come first: a mirror
 * session queues whichever port it likes. */
static bool same_datagram(const rstan_sighting_t *k, const rstan_segment_t *seg)
{
    int64_t dt = seg->ts_ns - k->ts_ns;
    if (k->ts_ns == 0 || dt < 0 || dt > RSTAN_COPY_WINDOW_NS)
        return false;
    if (k->seq != seg->seq || k->ack != seg->ack || k->flags != seg->flags ||
        k->len != (uint16_t)seg->payload_len || k->ident != ident_of(seg) || k->ttl == seg->ttl)
        return false;
    uint32_t link = link_fold(seg->link_src);
    if (k->link != 0 && link != 0 && k->link == link)
        return false;
    /* Within a host a copy is microseconds behind (both sides of a router on
     * one interface); only a second station's copy may lag further. */
    return dt <= RSTAN_COPY_NEAR_NS || (k->link != 0 && link != 0);
}

/* A packet of the sender captured again (captures/wild pattern 4): such
 * copies are recognised before any evidence is drawn from them. Identical
 * copies at the same TTL are left to the duplicate and burst rules (a
 * censor repeats its reset verbatim). */
bool rstan_capture_copy(const rstan_flow_t *s, const rstan_segment_t *seg)
{
    /* A copy comes at another TTL than its first sighting: while every
     * sighting shares this packet's TTL there is nothing to look for (the
     * common case, one capture point on one side of every router). */
    if (!s->sighting_mixed && seg->ttl == s->sighting_ttl)
        return false;
    if (s->sighting[0].frame == 0)
        return false;   /* nothing seen from the sender yet: the first sighting fills slot 0 */
    for (unsigned i = 0; i < RSTAN_SIGHTINGS; i++)
        if (same_datagram(&s->sighting[i], seg))
            return true;
    return false;
}

