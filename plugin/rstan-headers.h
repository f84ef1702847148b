/* rstan-headers.h
 *
 * The one place that learns the current packet's IP and TCP header values
 * and its TCP stream, whatever the link layer or tunnel.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef RSTAN_HEADERS_H
#define RSTAN_HEADERS_H

#include <epan/packet.h>

#include "engine/rstan-engine.h"
#include "engine/rstan-points.h"

#define RSTAN_MAX_REASON 128

typedef struct {
    rstan_segment_t seg;          /* dir is filled by the caller */
    guint           tcp_offset;   /* of the TCP header in the frame */
    guint           payload_offset;
    guint           payload_captured; /* payload bytes present in the frame */
    guint8          mptcp_reason; /* MP_TCPRST reason + 1, 0 if absent */
} rstan_headers_t;

/* Look up the protocol ids the reader needs; call from handoff. */
void rstan_headers_init(void);

/* Read the innermost IPv4/IPv6 + TCP header of the frame in tvb, the one
 * Wireshark decoded as this packet's TCP segment. Returns FALSE when there
 * is none, when it is quoted inside an ICMP error, or when the frame is cut
 * short before the fixed TCP header. Every read is bounds-checked. */
gboolean rstan_read_headers(tvbuff_t *tvb, packet_info *pinfo, rstan_headers_t *h);

/* TRUE when the frame's TCP header has RST set (h filled by rstan_read_headers). */
static inline gboolean rstan_is_reset(const rstan_headers_t *h)
{
    return (h->seg.flags & RSTAN_TCP_RST) != 0;
}

/* Hand the reset's payload bytes and MP_TCPRST reason to the engine, which
 * decodes the reason they carry (rstan_reason_decode). Fills buf (NUL-ended)
 * and the segment's reason fields. */
void rstan_read_reason(tvbuff_t *tvb, rstan_headers_t *h, gboolean window_codes,
                       char *buf, gsize buflen);

/* The tcp.stream of the packet, as TCP numbered it (0 when unknown). */
guint32 rstan_tcp_stream(packet_info *pinfo);

/* Capture points. The packet's (section, interface) from its record; both 0
 * when the record has no interface id (pcap files). */
/* Where the frame was captured: the file's section and interface, and the
 * interface index a Linux cooked v2 header gives it (tcpdump -i any: the
 * capturing device's own interface; 0 in any other frame). */
void rstan_read_point(tvbuff_t *tvb, packet_info *pinfo, guint *section, guint32 *interface_id,
                      guint32 *sll_ifindex);

/* The interface's name, else its description, else NULL. */
const char *rstan_interface_name(packet_info *pinfo, guint section, guint32 interface_id);

/* Fill what the capture-point matcher needs of the packet read into h:
 * numbers, flags, TTL, IPv4 ID, TCP options and the payload's hash. frame,
 * ts and dir come from h->seg (dir set by the caller). */
void rstan_read_point_packet(tvbuff_t *tvb, const rstan_headers_t *h, rstan_pt_packet_t *pkt);

#endif /* RSTAN_HEADERS_H */
