/* rstan-flow.c
 *
 * Per-direction flow tracking: what each side of a connection has sent
 * (sequence edges, acks, flags, windows, hop distances, IP IDs, timing),
 * who is client and server, and connection identity on a reused 4-tuple.
 * Rules read this state; only this file writes it, one segment at a time.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-internal.h"

#include <string.h>

/* The parts of rstan_flow_update, each run for most packets: inlined into it
 * (GCC and Clang), which -O3 alone leaves as calls. */
#if defined(__GNUC__)
#define FLOW_PART static inline __attribute__((always_inline))
#else
#define FLOW_PART static inline
#endif

void rstan_conv_init(rstan_conv_t *conv)
{
    memset(conv, 0, sizeof(*conv));
    conv->client_dir = -1;
    conv->flow[0].wscale = -1;
    conv->flow[1].wscale = -1;
}

void rstan_host_init(rstan_host_t *host)
{
    memset(host, 0, sizeof(*host));
}

bool rstan_host_known(const rstan_host_t *host)
{
    return host != NULL && host->packets > 0;
}

/* Initial TTLs in use are 32, 64, 128 and 255 (docs/decisions.md, Hop distance). */
uint8_t rstan_ttl_class(uint8_t ttl)
{
    if (ttl <= RSTAN_TTL_CLASS_32)
        return RSTAN_TTL_CLASS_32;
    if (ttl <= RSTAN_TTL_CLASS_64)
        return RSTAN_TTL_CLASS_64;
    if (ttl <= RSTAN_TTL_CLASS_128)
        return RSTAN_TTL_CLASS_128;
    return RSTAN_TTL_CLASS_255;
}

static uint8_t class_bit(uint8_t cls)
{
    return cls == RSTAN_TTL_CLASS_32 ? 1 : cls == RSTAN_TTL_CLASS_64 ? 2 : cls == RSTAN_TTL_CLASS_128 ? 4 : 8;
}

uint8_t rstan_ttl_class_bit(uint8_t ttl)
{
    return class_bit(rstan_ttl_class(ttl));
}

uint8_t rstan_hops(uint8_t ttl)
{
    return (uint8_t)(rstan_ttl_class(ttl) - ttl);
}

/* A packet's TTL read once: its class, its distance, and whether that
 * distance tells anything (not beyond any believable path, not set to 1 by
 * its socket). */
typedef struct {
    uint8_t cls, hops;
    bool    tells;
} ttl_read_t;

static ttl_read_t ttl_read(uint8_t ttl)
{
    ttl_read_t t;
    t.cls = rstan_ttl_class(ttl);
    t.hops = (uint8_t)(t.cls - ttl);
    t.tells = t.hops <= RSTAN_MAX_HOPS && ttl > RSTAN_SOCKET_TTL_MAX;
    return t;
}

/* Learns a distance that tells one (t->tells). */
static void learn_hops(uint8_t *hmin, uint8_t *hmax, uint8_t *cls, uint32_t *n, const ttl_read_t *t)
{
    if (*n == 0 || t->cls != *cls) {
        /* A new class replaces the old one only when nothing was learned yet. */
        if (*n != 0)
            return;
        *cls = t->cls;
        *hmin = *hmax = t->hops;
    } else {
        if (t->hops < *hmin)
            *hmin = t->hops;
        if (t->hops > *hmax)
            *hmax = t->hops;
    }
    (*n)++;
}

/* A host's packets all travel one path from one stack, so they arrive at one
 * distance (within the tolerance) in one initial-TTL class, or at the same
 * distance in another class when a socket sets its own TTL (RFC 5082 GTSM
 * sends 255 while the kernel's own resets keep the default 64). Distances
 * beyond that come from packets whose TTL was set per packet — a scanner's
 * raw probes (nmap randomises each probe's TTL; captures/wild pattern 2, seen in
 * captures/wild/nmap-syn) —
 * or from several hosts behind one address: the host has no distance of
 * its own to judge a reset by. */
static void learn_host(rstan_host_t *h, const ttl_read_t *t, uint32_t tol)
{
    uint8_t hops = t->hops;
    if (h->packets > 0 && !h->ttl_varies) {
        bool within = t->cls == h->ttl_class
                          ? hops + tol >= h->hops_min && hops <= h->hops_max + tol
                          : hops >= h->hops_min && hops <= h->hops_max;
        if (!within) {
            h->ttl_varies = 1;
            h->changes++;
        }
    }
    if (h->packets == 0)
        h->changes++;
    learn_hops(&h->hops_min, &h->hops_max, &h->ttl_class, &h->packets, t);
}

/* The station that relays second sightings of the sender's packets (a
 * router's side facing the receiver, in a capture of both its sides) and
 * the distances it relays them at, for a reset that comes from that station
 * (rstan-origin.c, judge_by_relay). */
void rstan_note_copy(rstan_flow_t *s, const rstan_segment_t *seg)
{
    if (seg->link_src == 0 || (seg->flags & RSTAN_TCP_RST))
        return;
    if (seg->link_src != s->copy_link) {
        s->copy_link = seg->link_src;
        s->copy_n = 0;
    }
    ttl_read_t t = ttl_read(seg->ttl);
    if (t.tells)
        learn_hops(&s->copy_hops_min, &s->copy_hops_max, &s->copy_ttl_class, &s->copy_n, &t);
}

void rstan_wants_hosts(const rstan_conv_t *conv, const rstan_segment_t *seg,
                       bool *want_src, bool *want_dst)
{
    bool reset = (seg->flags & RSTAN_TCP_RST) != 0;
    const rstan_flow_t *s = &conv->flow[seg->dir & 1];
    /* A reset's sender needs a baseline; a few packets per connection and
     * direction build one. A reset's receiver may be the claimed sender of a
     * reset a later segment shows was spoofed. */
    *want_src = reset || s->ttl_n < RSTAN_HOST_SAMPLES;
    *want_dst = reset || conv->flow[0].rst_count > 0 || conv->flow[1].rst_count > 0;
}

uint32_t rstan_answered_end(const rstan_flow_t *r)
{
    uint32_t end = r->last_seq + r->last_len;
    if (r->last_flags & RSTAN_TCP_SYN)
        end++;
    if (r->last_flags & RSTAN_TCP_FIN)
        end++;
    return end;
}

/* nmap's raw SYN probe (-sS, and -PS host discovery): MSS 1460 as its only
 * option, a window of 1024, 2048, 3072 or 4096, DF clear (IPv6 has none),
 * the TTL nmap picks: p0f v3's signature "s:!:NMap:SYN scan"
 * (*:64-:0:1460:1024,0:mss::0 and its 2048, 3072 and 4096 twins), no
 * operating system's. */
static bool nmap_syn(const rstan_segment_t *seg)
{
    return seg->mss_only == 1460 && (seg->ip_version == 6 || !seg->df) &&
           (seg->win == 1024 || seg->win == 2048 || seg->win == 3072 || seg->win == 4096);
}

static bool plain_syn(const rstan_segment_t *seg)
{
    return (seg->flags & RSTAN_TCP_SYN) && !(seg->flags & (RSTAN_TCP_ACK | RSTAN_TCP_RST));
}

/* A SYN some program crafted (no option at all, or nmap's raw probe): the
 * reset of its SYN-ACK at ISN+1 is then its host's own stack answering a
 * connection it never opened (judge_own_probe). */
bool rstan_probe_syn(const rstan_segment_t *seg)
{
    return plain_syn(seg) && (seg->no_options || nmap_syn(seg));
}

/* A SYN no stack sends: one without any TCP option. Every operating
 * system's stack announces at least its MSS in a SYN (RFC 9293 §3.7.1,
 * SHLD-5/MAY-3; every SYN signature of p0f v3 carries one), while packet
 * crafters leave them out by default (hping3, masscan; scapy's TCP()).
 * Forged-source floods (Moore, Voelker, Savage, "Inferring Internet
 * Denial-of-Service Activity", USENIX Security 2001: the real owner of a
 * forged address answers the victim's SYN-ACK with a reset, "backscatter")
 * and scanners send such SYNs in other hosts' names or their own. */
bool rstan_crafted_syn(const rstan_segment_t *seg)
{
    return seg->no_options && plain_syn(seg);   /* no_options is set on SYNs alone */
}

bool rstan_is_malformed_syn(uint8_t flags)
{
    return (flags & RSTAN_TCP_SYN) && (flags & (RSTAN_TCP_FIN | RSTAN_TCP_RST | RSTAN_TCP_URG));
}

uint8_t rstan_synchronised_phase(const rstan_conv_t *conv)
{
    if (conv->flow[0].fin || conv->flow[1].fin)
        return RSTAN_PHASE_TEARDOWN;
    return RSTAN_PHASE_ESTABLISHED;
}

FLOW_PART void learn_handshake(rstan_flow_t *s, const rstan_segment_t *seg)
{
    uint8_t fl = seg->flags;
    if (!(fl & RSTAN_TCP_ACK)) {
        if (!s->syn)
            s->syn_flags = fl;
        s->syn = true;
        if (rstan_probe_syn(seg))
            s->syn_crafted = true;
    } else {
        s->synack = true;
    }
    s->isn = seg->seq;
    if (seg->wscale >= 0)
        s->wscale = seg->wscale;
}

/* The bytes s had offered r past its previous ack: its last window field,
 * scaled when both sides announced scaling (RFC 7323 §2.2). */
static bool ack_beyond_window(const rstan_flow_t *s, const rstan_flow_t *r, const rstan_segment_t *seg)
{
    if (!s->ack_valid || !r->seen || s->win == 0)
        return false;
    uint64_t wnd = s->win;
    if (s->wscale > 0 && r->wscale >= 0)
        wnd <<= (s->wscale > RSTAN_MAX_WSCALE ? RSTAN_MAX_WSCALE : s->wscale);
    uint32_t beyond = seg->ack - s->max_ack;
    return seq_gt(seg->ack, s->max_ack) && (uint64_t)beyond > wnd;
}

FLOW_PART void learn_ack(rstan_conv_t *conv, rstan_flow_t *s, rstan_flow_t *r, const rstan_segment_t *seg)
{
    if (!s->ack_valid || seq_gt(seg->ack, s->max_ack)) {
        bool bogus = ack_beyond_window(s, r, seg);
        s->max_ack = seg->ack;
        s->ack_valid = true;
        /* The peer's ack revives a retransmitting sender only if the
         * sender is heard from again: a stack that gave up stays dead. */
        if (r->retx_streak)
            r->retx_acked = true;
        /* The peer acks data the capture never saw: move its edge on --
         * unless no sender could have sent that much: beyond the window
         * this side had offered past its previous ack (RFC 9293 §3.8.6), the
         * ack is of data never sent (a crafted or corrupt segment; netfilter
         * tcp_in_window finds it INVALID). */
        if (r->seen && seq_gt(seg->ack, r->nxt)) {
            if (bogus)
                s->bogus_ack_frame = seg->frame;
            else
                r->nxt = seg->ack;
        }
    }
    /* The handshake completes when the client acks the server's SYN. */
    if (!conv->synchronised && r->synack && !(seg->flags & RSTAN_TCP_SYN) && seg->ack == r->isn + 1)
        conv->synchronised = true;
}

/* How long each side takes to answer, timed at the capture point the way
 * a sender times its own round trip (RFC 6298 §3, with Karn's rule: a
 * segment sent again is not timed). An application's delay only lengthens
 * an answer, never shortens it, so the quickest answer is the path's
 * (captures/wild pattern 6: a scripted client that waits a second before the
 * handshake's ACK is no part of the server's round trip). s sent seg, whose
 * sequence space ends at end and moved s->nxt on when advanced. */
FLOW_PART void learn_trip(rstan_flow_t *s, rstan_flow_t *r, const rstan_segment_t *seg, uint32_t end,
                       bool advanced)
{
    if ((seg->flags & RSTAN_TCP_ACK) && r->sent_waits && seq_geq(seg->ack, r->sent_end)) {
        int64_t t = seg->ts_ns - r->sent_ts;
        r->sent_waits = false;
        if (t >= 0) {
            if (s->trip_n == 0 || t < s->trip_ns)
                s->trip_ns = t;
            s->trip_n++;
            if ((r->syn || r->synack) && r->sent_end == r->isn + 1)
                s->trip_handshake = true;
            /* A listener's kernel answers a SYN at once (RFC 9293 §3.10.7.2);
             * the handshake's ACK can be held (Linux holds it to carry data,
             * tcp_rcv_synsent_state_process; a scripted client as long as it
             * likes: captures/wild pattern 6), so it counts once another answer
             * bounds it. */
            if (s->trip_handshake && ((seg->flags & RSTAN_TCP_SYN) || s->trip_n >= 2))
                s->trip_sure = true;
        }
    }
    if (end == seg->seq)
        return;
    if (advanced) {
        s->sent_ts = seg->ts_ns;
        s->sent_end = end;
        s->sent_waits = true;
    } else {
        s->sent_waits = false;
    }
}

void rstan_flow_update(rstan_conv_t *conv, rstan_flow_t *s, rstan_flow_t *r, uint32_t ttl_tolerance,
                       rstan_host_t *src, const rstan_segment_t *seg)
{
    uint8_t fl = seg->flags;
    uint32_t end = seg->seq + seg->payload_len + ((fl & RSTAN_TCP_SYN) ? 1 : 0) + ((fl & RSTAN_TCP_FIN) ? 1 : 0);

    if (s->retx_acked) {
        s->retx_streak = 0;
        s->retx_acked = false;
    }
    if (fl & RSTAN_TCP_SYN)
        learn_handshake(s, seg);
    else
        s->post_handshake++;

    /* A FIN sent again is a retransmission like data sent again (RFC 9293
     * §3.8.1: FIN occupies sequence space and is retransmitted alike). */
    bool advanced = !s->seen || seq_gt(end, s->nxt);
    learn_trip(s, r, seg, end, advanced);
    if (advanced)
        s->nxt = end;
    else if (seg->payload_len > 0 || (fl & RSTAN_TCP_FIN))
        s->retx_streak++;
    if (fl & RSTAN_TCP_ACK)
        learn_ack(conv, s, r, seg);
    if (conv->midstream && !conv->synchronised && s->post_handshake > 0 && r->post_handshake > 0)
        conv->synchronised = true;
    if (fl & RSTAN_TCP_FIN) {
        s->fin = true;
        s->fin_seq = seg->seq + seg->payload_len;
    }

    s->seen = true;
    s->packets++;
    if (seg->payload_len > 0) {
        s->data_packets++;
        s->last_data_frame = seg->frame;
        s->last_data_ts = seg->ts_ns;
    }
    s->win = seg->win;
    if (!(fl & RSTAN_TCP_SYN) && seg->win > s->win_max)
        s->win_max = seg->win;
    s->last_frame = seg->frame;
    s->last_ts = seg->ts_ns;
    s->last_flags = fl;
    s->last_seq = seg->seq;
    s->last_ack = seg->ack;
    s->last_len = seg->payload_len;
    s->last_tos = seg->tos;
    s->last_ttl = seg->ttl;
    s->last_ip_version = seg->ip_version;

    /* An option-less SYN's TTL is its crafter's, not the claimed host's (a
     * forged flood's SYN carries another host's address): no baseline for
     * that host's own packets (captures/wild patterns 1 and 2). nmap's probes
     * carry the scanner's own address; their per-probe TTLs make the host
     * vary (ttl_varies) instead. */
    ttl_read_t t = ttl_read(seg->ttl);
    if (t.tells && !rstan_crafted_syn(seg)) {
        learn_hops(&s->hops_min, &s->hops_max, &s->ttl_class, &s->ttl_n, &t);
        s->ttl_classes |= class_bit(t.cls);
        if (src)
            learn_host(src, &t, ttl_tolerance);
    }
    if (seg->ip_version == 4) {
        s->ipid_valid = true;
        s->ipid_last = seg->ip_id;
    } else if (!s->label_known) {
        s->label_known = true;
        s->label = seg->flow_label;
        s->label_steady = seg->flow_label != 0;
    } else if (seg->flow_label != s->label) {
        s->label_steady = false;
    }
}

void rstan_assign_roles(rstan_conv_t *conv, const rstan_segment_t *seg)
{
    if (conv->client_dir >= 0)
        return;
    if ((seg->flags & RSTAN_TCP_SYN) && !(seg->flags & RSTAN_TCP_RST)) {
        /* The first SYN's sender is the client; a SYN-ACK's receiver is. */
        conv->client_dir = (seg->flags & RSTAN_TCP_ACK) ? (int8_t)(seg->dir ^ 1) : (int8_t)seg->dir;
        return;
    }
    /* No SYN: the well-known (lower) port is the server's (docs/fields.md). */
    conv->midstream = conv->packets == 0 && !(seg->flags & RSTAN_TCP_SYN);
    if (seg->sport > seg->dport)
        conv->client_dir = (int8_t)seg->dir;
    else if (seg->sport < seg->dport)
        conv->client_dir = (int8_t)(seg->dir ^ 1);
    else
        conv->client_dir = 0;
}

/* A connection has ended when both sides sent FIN, or either side a reset. */
static bool conv_ended(const rstan_conv_t *conv)
{
    const rstan_flow_t *a = &conv->flow[0], *b = &conv->flow[1];
    return (a->fin && b->fin) || a->rst || b->rst;
}

/* A new SYN after the connection was closed or reset starts a new
 * connection on the same 4-tuple (TIME_WAIT reuse, RFC 9293 §3.10.7.4).
 * The new connection starts empty, with its own end record to come; the
 * hop baselines of the endpoints stay valid, and prior_close says that a
 * connection ended here before (time-wait-reuse is judged from that). */
bool rstan_begin(rstan_conv_t *conv, const rstan_segment_t *seg)
{
    bool new_syn = (seg->flags & RSTAN_TCP_SYN) && !(seg->flags & (RSTAN_TCP_ACK | RSTAN_TCP_RST));
    /* A second sighting of the SYN a reset answered (a SPAN session's copy
     * of the other router port) is no new connection on the 4-tuple. */
    if (conv->packets == 0 || !new_syn || !conv_ended(conv) || rstan_capture_copy(&conv->flow[seg->dir & 1], seg))
        return conv->end == NULL;
    int64_t last_ts = conv->last_ts;
    uint32_t packets = conv->packets;
    rstan_flow_t keep[2];
    memcpy(keep, conv->flow, sizeof(keep));
    rstan_conv_init(conv);
    conv->prior_close = true;
    conv->last_ts = last_ts;
    conv->packets = packets;
    for (int i = 0; i < 2; i++) {
        conv->flow[i].hops_min = keep[i].hops_min;
        conv->flow[i].hops_max = keep[i].hops_max;
        conv->flow[i].ttl_class = keep[i].ttl_class;
        conv->flow[i].ttl_n = keep[i].ttl_n;
    }
    return true;
}

void rstan_conv_attach_end(rstan_conv_t *conv, rstan_conn_end_t *end)
{
    conv->end = end;
}
