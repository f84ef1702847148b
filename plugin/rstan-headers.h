/* rstan-headers.h
 *
 * The one place that reads the current packet: its IP and TCP header values
 * and options, where it was captured, and for a reset its TCP stream and the
 * reason it carries, whatever the link layer or tunnel.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef RSTAN_HEADERS_H
#define RSTAN_HEADERS_H

#include <string.h>

#include <epan/packet.h>

#include "engine/rstan-engine.h"
#include "engine/rstan-points.h"

#define RSTAN_MAX_REASON 128

/* One packet as rstan reads it, once: everything the engine, the matcher and
 * the drawing need of the frame's bytes and record. */
typedef struct {
    rstan_segment_t seg;          /* the segment; dir is filled by the caller */
    rstan_tcp_options_t opts;     /* valid once opts_read (rstan_packet_options) */
    const guint8   *opt_bytes;    /* the TCP options in the frame, opt_len bytes */
    guint           opt_len;
    gboolean        opts_read;
    guint           frame_len;    /* the frame's captured bytes */
    const guint8   *payload;      /* the captured payload, NULL when not all in the frame */
    guint           payload_captured;
    guint           section;      /* where it was captured: the file's section, */
    guint32         iface;        /* interface (0 in a pcap file) */
    guint32         sll_ifindex;  /* and a Linux cooked v2 header's interface index, else 0 */
    /* Resets only. */
    guint32         stream;       /* tcp.stream, as TCP numbered it (0 unknown) */
    char            reason[RSTAN_MAX_REASON]; /* the reason it carries, "" none */
} rstan_packet_t;

/* A small function on the path every packet takes, inlined where it is
 * called (GCC and Clang), which -O3 alone may leave as a call. */
#if defined(__GNUC__)
#define RSTAN_INLINE static inline __attribute__((always_inline))
#else
#define RSTAN_INLINE static inline
#endif

/* A path few packets take, kept out of the one every packet takes. */
#if defined(__GNUC__)
#define RSTAN_RARE __attribute__((cold, noinline))
#else
#define RSTAN_RARE
#endif

/* Big-endian numbers in frame bytes, one load each (Wireshark's own
 * loaders in wsutil/pint.h changed names in 4.6). */
static inline guint32 rstan_be32(const void *p)
{
    const guint8 *b = (const guint8 *)p;
    return (guint32)b[0] << 24 | (guint32)b[1] << 16 | (guint32)b[2] << 8 | b[3];
}

static inline guint16 rstan_be16(const void *p)
{
    const guint8 *b = (const guint8 *)p;
    return (guint16)(b[0] << 8 | b[1]);
}

static inline guint64 rstan_be64(const void *p)
{
    return (guint64)rstan_be32(p) << 32 | rstan_be32((const guint8 *)p + 4);
}

/* Sixteen bytes (an IPv6 address) equal, compared as two words. */
static inline gboolean rstan_same16(const void *a, const void *b)
{
    guint64 x[2], y[2];
    memcpy(x, a, sizeof(x));
    memcpy(y, b, sizeof(y));
    return ((x[0] ^ y[0]) | (x[1] ^ y[1])) == 0;
}

/* Look up the protocol ids the reader needs; call from handoff. */
void rstan_headers_init(void);

/* Read the innermost IPv4/IPv6 + TCP header of the frame in tvb, the one
 * Wireshark decoded as this packet's TCP segment, where the frame was
 * captured, and for a reset its tcp.stream and the reason it carries
 * (rstan_reason_decode; the window-code preference applies). Returns FALSE
 * when there is no such header, when it is quoted inside an ICMP error, or
 * when the frame is cut short before the fixed TCP header. Every read is
 * bounds-checked. */
gboolean rstan_read_packet(tvbuff_t *tvb, packet_info *pinfo, rstan_packet_t *pkt);

/* TRUE when the segment has RST set. */
static inline gboolean rstan_is_reset(const rstan_packet_t *pkt)
{
    return (pkt->seg.flags & RSTAN_TCP_RST) != 0;
}

/* The packet's TCP options, read on first use (a SYN's or a reset's are
 * read with the packet); NULL when the header holds none. */
const rstan_tcp_options_t *rstan_packet_options(rstan_packet_t *pkt);

/* Where the frame was captured (pkt's section, iface and sll_ifindex
 * only): the file's section and interface, and the interface index a Linux
 * cooked v2 header gives it (tcpdump -i any: the capturing device's own
 * interface; 0 in any other frame). rstan_read_packet reads it too. */
void rstan_read_where(tvbuff_t *tvb, packet_info *pinfo, rstan_packet_t *pkt);

/* The frame's capture time in ns, saturated far in the past and future
 * (pcapng stores 64-bit times) so that differences cannot overflow. */
gint64 rstan_frame_time_ns(packet_info *pinfo);

/* The interface's name, else its description, else NULL. */
const char *rstan_interface_name(packet_info *pinfo, guint section, guint32 interface_id);

#endif /* RSTAN_HEADERS_H */
