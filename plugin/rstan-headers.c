/* rstan-headers.c
 *
 * Reads each packet once, into one record (rstan_packet_t): IP and TCP
 * header values straight from the frame bytes, the TCP options (walked by
 * the engine's rstan-options.c), where the frame was captured, and for a
 * reset its tcp.stream and the reason it carries. Reading the bytes is the
 * cheapest method measured (docs/performance.md), since it forces no protocol tree on
 * packets that are not resets. Wireshark has already decoded the frame and
 * left the innermost IP addresses in pinfo->net_src/net_dst and the TCP
 * ports in pinfo->srcport/destport; the reader finds the IP header carrying
 * exactly those addresses followed by a TCP header with those ports. That
 * works for any link layer and tunnel (Ethernet, VLAN, SLL, raw IP, GRE,
 * IP-in-IP, VXLAN, MPLS) without decoding them again.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-headers.h"

#include <string.h>

#include <epan/conversation.h>
#include <epan/epan.h>
#include <epan/proto.h>
#include <wiretap/wtap.h>
#include "rstan-compat.h"
#include "rstan-prefs.h"
#include <epan/dissectors/packet-tcp.h>

static int proto_icmp = -1;
static int proto_icmpv6 = -1;
static int proto_tcp = -1;

/* Offsets where the IP header usually starts: Ethernet, 802.1Q, QinQ,
 * Linux SLL, SLL2, raw IP, BSD loopback. Others are found by a scan. */
#define RSTAN_COMMON_OFFSETS(X) X(14) X(18) X(22) X(16) X(20) X(0) X(4)
#define RSTAN_OFFSET_ELEMENT(off) off,
static const guint rstan_common_offsets[] = { RSTAN_COMMON_OFFSETS(RSTAN_OFFSET_ELEMENT) };
#define RSTAN_SCAN_LIMIT 512
/* An IPv4 header (20 bytes at least) and the ICMP header (8) before any
 * header an ICMP error quotes: see rstan_read_packet. Every common offset
 * lies below it. */
#define RSTAN_QUOTE_MIN 28
#define RSTAN_OFFSET_BELOW_QUOTE(off) && (off) < RSTAN_QUOTE_MIN
G_STATIC_ASSERT(1 RSTAN_COMMON_OFFSETS(RSTAN_OFFSET_BELOW_QUOTE));

void rstan_headers_init(void)
{
    proto_icmp = proto_get_id_by_filter_name("icmp");
    proto_icmpv6 = proto_get_id_by_filter_name("icmpv6");
    proto_tcp = proto_get_id_by_filter_name("tcp");
}

/* A TCP header quoted in an ICMP error (the invoking packet's header, RFC 792
 * and RFC 4443 §2.4) is not a segment of its own: rstan skips it. */
static gboolean in_icmp_error(packet_info *pinfo)
{
    wmem_list_frame_t *f;
    for (f = wmem_list_head(pinfo->layers); f; f = wmem_list_frame_next(f)) {
        int id = GPOINTER_TO_INT(wmem_list_frame_data(f));
        if (id == proto_icmp || id == proto_icmpv6)
            return TRUE;
    }
    return FALSE;
}

/* What the reader looks for, as the bytes sit in the frame: the packet's
 * addresses and its two ports (source first), each compared as one word. */
typedef struct {
    const guint8 *src, *dst;
    guint32 src4, dst4;     /* IPv4 addresses, in network order */
    guint32 ports;          /* both ports, in network order */
} rstan_wanted_t;

static guint32 word_at(const guint8 *p)
{
    guint32 w;
    memcpy(&w, p, sizeof(w));
    return w;
}

static gboolean ports_match(const guint8 *p, guint len, guint off, const rstan_wanted_t *want)
{
    return off + 20 <= len && word_at(p + off) == want->ports;
}

/* IPv4 header at off with the packet's addresses, protocol TCP, first
 * fragment; returns the TCP offset or 0. */
RSTAN_INLINE guint try_ipv4(const guint8 *p, guint len, guint off, const rstan_wanted_t *want, rstan_segment_t *seg)
{
    if (off + 20 > len)
        return 0;
    const guint8 *h = p + off;
    guint ihl = (guint)(h[0] & 0x0f) * 4;
    if ((h[0] >> 4) != 4 || ihl < 20 || h[9] != 6 || ((h[6] & 0x1f) | h[7]) != 0)
        return 0;   /* not IPv4 carrying TCP, or not the first fragment: no TCP header here */
    if (word_at(h + 12) != want->src4 || word_at(h + 16) != want->dst4 || !ports_match(p, len, off + ihl, want))
        return 0;
    guint total = (guint)((h[2] << 8) | h[3]);
    seg->ip_version = 4;
    seg->tos = h[1];
    seg->ip_id = (guint16)((h[4] << 8) | h[5]);
    seg->flow_label = 0;
    seg->df = (h[6] & 0x40) != 0;
    seg->ttl = h[8];
    /* Lengths come from the IP header, never from the captured size. */
    seg->payload_len = total > ihl ? total - ihl : 0;
    return off + ihl;
}

/* IPv6 header at off; walks extension headers to TCP. */
static guint try_ipv6(const guint8 *p, guint len, guint off, const rstan_wanted_t *want, rstan_segment_t *seg)
{
    if (off + 40 > len || (p[off] >> 4) != 6)
        return 0;
    if (!rstan_same16(p + off + 8, want->src) || !rstan_same16(p + off + 24, want->dst))
        return 0;
    guint8 nh = p[off + 6];
    guint plen = (guint)((p[off + 4] << 8) | p[off + 5]);
    guint cur = off + 40, ext = 0;
    /* Long extension-header chains are an evasion trick: follow them as
     * far as the captured bytes go (bounded by the length checks below). */
    for (int i = 0; i < 64 && nh != 6; i++) {
        if (cur + 8 > len)
            return 0;
        guint hl;
        switch (nh) {
        case 0: case 43: case 60: case 135: case 139: case 140:
            hl = ((guint)p[cur + 1] + 1) * 8;
            break;
        case 44:
            if (((p[cur + 2] << 8 | p[cur + 3]) & 0xfff8) != 0)
                return 0;   /* not the first fragment */
            hl = 8;
            break;
        case 51:
            hl = ((guint)p[cur + 1] + 2) * 4;
            break;
        default:
            return 0;
        }
        nh = p[cur];
        cur += hl;
        ext += hl;
    }
    if (nh != 6 || !ports_match(p, len, cur, want))
        return 0;
    seg->ip_version = 6;
    seg->tos = (guint8)(((p[off] & 0x0f) << 4) | (p[off + 1] >> 4));
    seg->ip_id = 0;
    seg->flow_label = ((guint32)(p[off + 1] & 0x0f) << 16) | ((guint32)p[off + 2] << 8) | p[off + 3];
    seg->df = TRUE;
    seg->ttl = p[off + 7];
    seg->payload_len = plen > ext ? plen - ext : 0;
    return cur;
}

/* The TCP header's offset, 0 when none; *scanned when it was not at a
 * common offset. */
RSTAN_INLINE guint find_tcp(const guint8 *p, guint len, packet_info *pinfo, rstan_segment_t *seg, gboolean *scanned)
{
    rstan_wanted_t want;
    gboolean v4;
    guint tcp = 0, last = 0;

    want.src = (const guint8 *)pinfo->net_src.data;
    want.dst = (const guint8 *)pinfo->net_dst.data;
    if (pinfo->net_src.type == AT_IPv4 && pinfo->net_dst.type == AT_IPv4 && pinfo->net_src.len == 4 &&
        pinfo->net_dst.len == 4) {
        v4 = TRUE;
        want.src4 = word_at(want.src);
        want.dst4 = word_at(want.dst);
    } else if (pinfo->net_src.type == AT_IPv6 && pinfo->net_dst.type == AT_IPv6 && pinfo->net_src.len == 16 &&
               pinfo->net_dst.len == 16) {
        v4 = FALSE;
    } else {
        return 0;
    }
    want.ports = g_htonl((pinfo->srcport & 0xffff) << 16 | (pinfo->destport & 0xffff));

    /* Unrolled, each offset a constant in its own try. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 8
#endif
    for (size_t i = 0; i < G_N_ELEMENTS(rstan_common_offsets); i++) {
        guint off = rstan_common_offsets[i];
        tcp = v4 ? try_ipv4(p, len, off, &want, seg) : try_ipv6(p, len, off, &want, seg);
        if (tcp)
            break;
    }
    *scanned = !tcp;
    if (!tcp) {
        /* Tunnels and unusual link layers: scan, keeping the innermost match. */
        guint limit = len < RSTAN_SCAN_LIMIT ? len : RSTAN_SCAN_LIMIT;
        rstan_segment_t tmp;
        for (guint off = 0; off < limit; off++) {
            memset(&tmp, 0, sizeof(tmp));
            guint t = v4 ? try_ipv4(p, len, off, &want, &tmp) : try_ipv6(p, len, off, &want, &tmp);
            if (t) {
                last = t;
                *seg = tmp;
            }
        }
        tcp = last;
    }
    return tcp;
}

void rstan_read_where(tvbuff_t *tvb, packet_info *pinfo, rstan_packet_t *pkt)
{
    const wtap_rec *rec = pinfo->rec;
    pkt->section = 0;
    pkt->iface = 0;
    pkt->sll_ifindex = 0;
    if (rec == NULL || rec->rec_type != REC_TYPE_PACKET)
        return;
    pkt->section = rec->section_number;
    if (rec->presence_flags & WTAP_HAS_INTERFACE_ID)
        pkt->iface = rec->rec_header.packet_header.interface_id;
    /* SLL2: protocol (2), reserved (2), interface index (4), big-endian. */
    if (G_UNLIKELY(rec->rec_header.packet_header.pkt_encap == WTAP_ENCAP_SLL2) && tvb_bytes_exist(tvb, 4, 4))
        pkt->sll_ifindex = tvb_get_ntohl(tvb, 4);
}

static guint32 tcp_stream(packet_info *pinfo)
{
    conversation_t *conv = find_conversation_pinfo(pinfo, 0);
    struct tcp_analysis *ta = conv ? (struct tcp_analysis *)conversation_get_proto_data(conv, proto_tcp) : NULL;
    return ta ? ta->stream : 0;
}

const rstan_tcp_options_t *rstan_packet_options(rstan_packet_t *pkt)
{
    if (pkt->opt_len == 0)
        return NULL;
    if (!pkt->opts_read) {
        rstan_tcp_options_read(&pkt->opts, pkt->opt_bytes, pkt->opt_len);
        pkt->opts_read = TRUE;
    }
    return &pkt->opts;
}

gint64 rstan_frame_time_ns(packet_info *pinfo)
{
    gint64 secs = (gint64)pinfo->abs_ts.secs;
    if (secs > RSTAN_TS_MAX_SECS)
        return RSTAN_TS_MAX_NS;
    if (secs < -RSTAN_TS_MAX_SECS)
        return -RSTAN_TS_MAX_NS;
    return secs * 1000000000 + pinfo->abs_ts.nsecs;
}

gboolean rstan_read_packet(tvbuff_t *tvb, packet_info *pinfo, rstan_packet_t *pkt)
{
    if (pinfo->ptype != PT_TCP)
        return FALSE;
    guint len = tvb_captured_length(tvb);
    if (len < 40)
        return FALSE;
    const guint8 *p = tvb_get_ptr(tvb, 0, len);
    if (p == NULL)
        return FALSE;
    pkt->frame_len = len;

    rstan_segment_t *seg = &pkt->seg;
    memset(seg, 0, sizeof(*seg));
    gboolean scanned;
    guint tcp = find_tcp(p, len, pinfo, seg, &scanned);
    if (tcp == 0 || tcp + 20 > len)
        return FALSE;
    seg->wscale = -1;
    /* A header quoted in an ICMP error comes after the error's own IP
     * header and at least 8 bytes of ICMP, RSTAN_QUOTE_MIN bytes past where
     * that IP header starts: never at one of the common offsets, all below
     * it, so only a header found by the scan can be one. */
    if (scanned && in_icmp_error(pinfo))
        return FALSE;

    guint thl = (guint)(p[tcp + 12] >> 4) * 4;
    seg->sport = (guint16)pinfo->srcport;
    seg->dport = (guint16)pinfo->destport;
    seg->seq = rstan_be32(p + tcp + 4);
    seg->ack = rstan_be32(p + tcp + 8);
    seg->flags = p[tcp + 13];
    seg->win = rstan_be16(p + tcp + 14);
    /* A SYN with a bare 20-byte header: no option at all (rstan_crafted_syn). */
    seg->no_options = (seg->flags & RSTAN_TCP_SYN) && thl == 20;
    /* One option, a whole MSS (kind 2, length 4), in a 24-byte header. */
    if ((seg->flags & RSTAN_TCP_SYN) && thl == 24 && tcp + 24 <= len && p[tcp + 20] == 2 && p[tcp + 21] == 4)
        seg->mss_only = (guint16)((p[tcp + 22] << 8) | p[tcp + 23]);
    if (thl < 20) {
        /* A nonsense header length: keep the fixed fields, no payload. */
        thl = 20;
        seg->payload_len = 0;
    } else {
        seg->payload_len = seg->payload_len > thl ? seg->payload_len - thl : 0;
    }
    guint opt_end = tcp + thl < len ? tcp + thl : len;
    pkt->opt_bytes = p + tcp + 20;
    pkt->opt_len = opt_end > tcp + 20 ? opt_end - (tcp + 20) : 0;
    pkt->opts_read = FALSE;
    /* The engine reads a SYN's window scale and a reset's MP_TCPRST reason;
     * other segments' options are read only if the matcher asks. */
    if (seg->flags & (RSTAN_TCP_SYN | RSTAN_TCP_RST)) {
        const rstan_tcp_options_t *o = rstan_packet_options(pkt);
        if (o)
            seg->wscale = o->wscale;
    }
    guint payload_offset = tcp + thl;
    guint captured = payload_offset < len ? len - payload_offset : 0;
    if (captured > seg->payload_len)
        captured = seg->payload_len;   /* Ethernet padding */
    /* No payload: an empty one, whose bytes are all there. */
    static const guint8 none[1];
    pkt->payload = captured > 0 ? p + payload_offset : none;
    pkt->payload_captured = captured;
    seg->frame = pinfo->num;
    /* The station that sent the frame on the captured link, where the link
     * layer names one (Ethernet, the innermost one in a tunnel). */
    if (pinfo->dl_src.type == AT_ETHER && pinfo->dl_src.len == 6) {
        /* The six bytes as one number (an identity, whatever the byte order). */
        guint32 hi;
        guint16 lo;
        memcpy(&hi, pinfo->dl_src.data, 4);
        memcpy(&lo, (const guint8 *)pinfo->dl_src.data + 4, 2);
        seg->link_src = RSTAN_LINK_KNOWN | (guint64)hi << 16 | lo;
    }
    /* pcapng stores 64-bit times: saturate far past and future so that
     * differences of two timestamps cannot overflow in the engine. */
    seg->ts_ns = rstan_frame_time_ns(pinfo);
    rstan_read_where(tvb, pinfo, pkt);
    if (rstan_is_reset(pkt)) {
        pkt->stream = tcp_stream(pinfo);
        /* The reason it carries: rstan-reason.c says what the bytes mean. */
        const rstan_tcp_options_t *o = rstan_packet_options(pkt);
        rstan_reason_decode(pkt->payload, captured, o ? o->mptcp_reason : 0, rstan_prefs_window_codes() != FALSE,
                            seg, pkt->reason, sizeof(pkt->reason));
    }
    return TRUE;
}

/* The file readers answer "unknown" for an interface without a name. */
static gboolean usable_name(const char *s)
{
    return s != NULL && s[0] != '\0' && strcmp(s, "unknown") != 0;
}

const char *rstan_interface_name(packet_info *pinfo, guint section, guint32 interface_id)
{
    if (pinfo->epan == NULL)
        return NULL;
    const char *s = rstan_epan_if_name(pinfo->epan, interface_id, section, FALSE);
    if (usable_name(s))
        return s;
    s = rstan_epan_if_name(pinfo->epan, interface_id, section, TRUE);
    return usable_name(s) ? s : NULL;
}
