/* test_points.c
 *
 * Table-driven unit tests of the capture-point matcher. Each row describes
 * what happened on the wire of one or two connections between a client and a
 * server, and where it was captured: point A at the client host, point B at
 * the server host, with routers, a NAT or a sequence-shifting firewall
 * between them, each point with its own clock. A small generator turns the
 * row into what each point captured (TTLs, shifted sequence numbers, clock
 * offsets, late starts, losses, duplicates, GRO super-segments), merges the
 * two captures by time as mergecap does, and feeds the result to
 * rstan_pt_feed(). The expected verdict of each reset copy follows from
 * where the row says the reset was made and which points saw it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rstan-points.h"
#include "rstan-engine.h"

#define F RSTAN_TCP_FIN
#define S RSTAN_TCP_SYN
#define R RSTAN_TCP_RST
#define P RSTAN_TCP_PSH
#define A RSTAN_TCP_ACK

#define C2S 0
#define S2C 1
#define PT_A 0
#define PT_B 1
#define PT_C 2
#define NPT  4    /* points a row may have, along the path from the client */
#define AT_A (1u << PT_A)
#define AT_B (1u << PT_B)
#define AT_C (1u << PT_C)

#define MS INT64_C(1000000)
#define NO_OFFSET 0x7fffffff

/* One packet on the wire. Sequence numbers are relative to each side's ISN
 * as the client side sees them. */
typedef struct {
    int      conn;        /* 0 or 1 */
    int      dir;
    uint8_t  flags;
    uint32_t seq, ack, len;
    int      gap_ms;      /* extra time after the previous packet (default 1 ms) */
    bool     same_ms;     /* sent in the same millisecond as the previous one */
    bool     between;     /* made by a device between two points: seen only
                             on the receiver's side of it, with ttl there */
    int      born;        /* ... between points born-1 and born (0: 1) */
    uint8_t  ttl;         /* TTL as sent (0: 64), or as seen when between */
    uint8_t  miss;        /* points that did not capture it */
    uint8_t  dup;         /* points that captured it twice */
    uint8_t  merge;       /* points where GRO merged it into the previous segment */
    uint32_t sack;        /* relative left edge of a SACK block of the other side's data, 0 none */
    int      tag;         /* referred to by checks */
    uint8_t  alone;       /* points where it goes to a view of its own (a new TCP stream) */
    bool     other;       /* a frame of another protocol (a ping): rstan_pt_note only */
} wire_t;

typedef struct {
    int      npoints;       /* points along the path, A at the client (0: 2) */
    int      clock_ms[NPT]; /* each point's clock minus true time */
    uint32_t shift[2];      /* a firewall between A and B adds shift[d] to direction d's sequence numbers */
    int      start_ms[NPT]; /* a point starts capturing at this true time */
    int      stop_ms[NPT];  /* ... and stops after it (0: never) */
    int      transit_ms;    /* one way between two neighbouring points */
    int      hops;          /* routers between two neighbouring points */
    bool     no_ts;         /* stacks without TCP timestamps */
    bool     no_ipid;       /* IP ID 0 on every packet (Linux with DF on some paths) */
    bool     flip_b;        /* B's view numbers the directions the other way round */
    bool     user_offset;   /* the user gives B's clock offset */
    bool     not_one_path;
    bool     b_no_results;  /* the caller keeps no results for B's resets */
    int      retime_conn;   /* conn + 1 whose TSvals a SYN proxy rewrites between A and B */
} topo_t;

typedef struct {
    int         tag, pt;
    uint32_t    flags;      /* exact RSTAN_PT_* set after the whole file */
    const char *seen;       /* seen_at as letters, nearest the sender first */
    int         hops;       /* hops_between, -1 not checked */
    int         from;       /* hops_from_point, -1 not checked */
    bool        copy;       /* copy_frame is the same wire packet at the other point */
    int         copy_pt;    /* ... at this point + 1, with three or more points */
    bool        check1;     /* check flags1 right after the reset was fed (single pass) */
    uint32_t    flags1;
    bool        matched;    /* a non-reset: its copy at A was matched from B */
    bool        tied;       /* the view of tag's connection at pt is tied to point copy_pt - 1 */
    int         nth;        /* which of the point's copies of the packet (duplicates) */
} check_t;

typedef struct {
    const char *name;
    const char *source;
    topo_t      topo;
    wire_t      wire[40];
    check_t     check[6];
    int         offset_ms;  /* B's clock minus A's, as estimated; NO_OFFSET: none */
    int         transit_ms; /* -1: not checked */
} row_t;

#define CHK(t, p, fl, s) .tag = t, .pt = p, .flags = fl, .seen = s, .hops = -1, .from = -1

/* A handshake, a request of 100 bytes and a response of 1000 on conn c. */
#define HS(c) \
    { .conn = c, .dir = C2S, .flags = S }, \
    { .conn = c, .dir = S2C, .flags = S | A, .ack = 1 }, \
    { .conn = c, .dir = C2S, .flags = A, .seq = 1, .ack = 1 }
#define REQRESP(c) \
    { .conn = c, .dir = C2S, .flags = P | A, .seq = 1, .ack = 1, .len = 100 }, \
    { .conn = c, .dir = S2C, .flags = P | A, .seq = 1, .ack = 101, .len = 1000 }, \
    { .conn = c, .dir = C2S, .flags = A, .seq = 101, .ack = 1001 }
/* The server aborts (RST+ACK, seq = its next) after the exchange. */
#define SRV_ABORT(c, t) { .conn = c, .dir = S2C, .flags = R | A, .seq = 1001, .ack = 101, .tag = t }
#define CLI_RST(t) { .dir = C2S, .flags = R | A, .seq = 101, .ack = 1, .tag = t }
/* Another connection's SYN 50 ms later: both points went on capturing. */
#define LATER { .conn = 1, .dir = C2S, .flags = S, .gap_ms = 50 }

static const row_t rows[] = {
    { "two-point crossing: the server's abort crosses both points",
      "multi-segment analysis: the same reset at both points",
      { .transit_ms = 5, .hops = 2 },
      { HS(0), REQRESP(0), SRV_ABORT(0, 1) },
      { { CHK(1, PT_B, RSTAN_PT_CROSSED, "B,A"), .hops = 2, .copy = true },
        { CHK(1, PT_A, RSTAN_PT_CROSSED, "B,A"), .hops = 2, .copy = true } },
      0, 5 },
    { "the copy's result was not kept at the other point: still crossed",
      "a match is recorded by value, not only through the other result",
      { .transit_ms = 5, .hops = 2, .b_no_results = true },
      { HS(0), REQRESP(0), SRV_ABORT(0, 1) },
      { { CHK(1, PT_A, RSTAN_PT_CROSSED, "B,A"), .hops = 2, .copy = true } },
      0, 5 },
    { "three points: the server's abort crosses all of them",
      "the copy is the next one along the path",
      { .npoints = 3, .transit_ms = 2, .hops = 1 },
      { HS(0), REQRESP(0), SRV_ABORT(0, 1) },
      { { CHK(1, PT_C, RSTAN_PT_CROSSED, "C,B,A"), .hops = 1, .copy = true, .copy_pt = 1 + PT_B },
        { CHK(1, PT_B, RSTAN_PT_CROSSED, "C,B,A"), .hops = 1, .copy = true, .copy_pt = 1 + PT_A },
        { CHK(1, PT_A, RSTAN_PT_CROSSED, "C,B,A"), .hops = 1, .copy = true, .copy_pt = 1 + PT_B } },
      0, 2 },
    { "three points with clocks 800 s apart: each point's packets come after the last one's",
      "clock offsets of +-15 min per point: pairs up to 30 min apart; ties join groups",
      { .npoints = 3, .transit_ms = 2, .hops = 1, .clock_ms = { 0, 800000, 1600000 } },
      { HS(0), REQRESP(0), SRV_ABORT(0, 1) },
      { { CHK(1, PT_C, RSTAN_PT_CROSSED, "C,B,A"), .hops = 1, .copy = true, .copy_pt = 1 + PT_B },
        { CHK(1, PT_A, RSTAN_PT_CROSSED, "C,B,A"), .hops = 1, .copy = true, .copy_pt = 1 + PT_B } },
      800000, 2 },
    { "three points, A and C 2000 s apart: C ties to A once B gives their offset",
      "a clock offset composed through a third point",
      { .npoints = 3, .transit_ms = 2, .hops = 1, .clock_ms = { -1000000, 0, 1000000 } },
      { HS(0), REQRESP(0), SRV_ABORT(0, 1) },
      { { CHK(1, PT_A, RSTAN_PT_CROSSED, "C,B,A"), .hops = 1, .copy = true, .copy_pt = 1 + PT_B },
        { .tag = 1, .pt = PT_C, .tied = true, .copy_pt = 1 + PT_A },
        { .tag = 1, .pt = PT_A, .tied = true, .copy_pt = 1 + PT_C } },
      1000000, 2 },
    { "three points: the router between B and C rejects the request",
      "made between B and C, then crossed B and A",
      { .npoints = 3, .transit_ms = 2, .hops = 1 },
      { HS(0), { .dir = C2S, .flags = P | A, .seq = 1, .ack = 1, .len = 100, .miss = AT_C },
        { .dir = S2C, .flags = R, .seq = 1, .between = true, .born = 2, .ttl = 64, .tag = 1 }, LATER },
      { { CHK(1, PT_B, RSTAN_PT_CROSSED | RSTAN_PT_BETWEEN, "B,A"), .hops = 1, .from = 0, .copy = true,
          .copy_pt = 1 + PT_A },
        { CHK(1, PT_A, RSTAN_PT_CROSSED | RSTAN_PT_BETWEEN, "B,A"), .hops = 1, .from = 1, .copy = true,
          .copy_pt = 1 + PT_B } },
      0, 2 },
    { "reset seen only at the receiver's side: made between the points",
      "docs/capture-points.md: seen downstream, never upstream",
      { .transit_ms = 5, .hops = 3 },
      { HS(0), REQRESP(0), { .dir = S2C, .flags = R, .seq = 1001, .between = true, .ttl = 63, .tag = 1 } },
      { { CHK(1, PT_A, RSTAN_PT_BETWEEN, "A"), .from = 1 } },
      0, 5 },
    { "reset seen only at the sender's side: lost between the points",
      "docs/capture-points.md: sent, never arrived",
      { .transit_ms = 5, .hops = 3 },
      { HS(0), REQRESP(0), { .dir = S2C, .flags = R | A, .seq = 1001, .ack = 101, .miss = AT_A, .tag = 1 }, LATER },
      { { CHK(1, PT_B, RSTAN_PT_LOST, "B") } },
      0, 5 },
    { "both directions at once, each seen only at its receiver's side",
      "an injector between the points resets both ends (Weaver et al. 2009)",
      { .transit_ms = 5, .hops = 3 },
      { HS(0), REQRESP(0),
        { .dir = S2C, .flags = R | A, .seq = 1001, .ack = 101, .between = true, .ttl = 62, .tag = 1 },
        { .dir = C2S, .flags = R | A, .seq = 101, .ack = 1001, .between = true, .ttl = 62, .same_ms = true, .tag = 2 } },
      { { CHK(1, PT_A, RSTAN_PT_BETWEEN | RSTAN_PT_BOTH_WAYS, "A"), .from = 2 },
        { CHK(2, PT_B, RSTAN_PT_BETWEEN | RSTAN_PT_BOTH_WAYS, "B"), .from = 2 } },
      0, 5 },
    { "NAT: two connections with the same request, no timestamps",
      "association by the SYN's options, IP ID and ISN, never by tuple",
      { .transit_ms = 3, .hops = 1, .no_ts = true, .flip_b = true },
      { HS(0), HS(1), REQRESP(1), REQRESP(0), SRV_ABORT(1, 1),
        { .conn = 0, .dir = S2C, .flags = R, .seq = 1001, .between = true, .ttl = 64, .tag = 2 } },
      { { CHK(1, PT_A, RSTAN_PT_CROSSED, "B,A"), .hops = 1, .copy = true },
        { CHK(1, PT_B, RSTAN_PT_CROSSED, "B,A"), .hops = 1, .copy = true },
        { CHK(2, PT_A, RSTAN_PT_BETWEEN, "A") } },
      0, 3 },
    { "sequence-shifting firewall, SACK blocks included",
      "Cisco ASA ISN randomisation; RFC 2018 SACK edges shift too",
      { .transit_ms = 2, .hops = 1, .shift = { 0x10000000u, 0x7000u } },
      { HS(0), { .dir = C2S, .flags = P | A, .seq = 1, .ack = 1, .len = 100 },
        { .dir = S2C, .flags = A, .seq = 1, .ack = 101 },
        { .dir = C2S, .flags = P | A, .seq = 101, .ack = 1, .len = 100 },
        { .dir = C2S, .flags = P | A, .seq = 201, .ack = 1, .len = 100 },
        { .dir = S2C, .flags = A, .seq = 1, .ack = 101, .sack = 201, .tag = 3 },
        { .dir = S2C, .flags = P | A, .seq = 1, .ack = 301, .len = 500 },
        { .dir = C2S, .flags = A, .seq = 301, .ack = 501, .sack = 0 },
        { .dir = S2C, .flags = R | A, .seq = 501, .ack = 301, .tag = 1 } },
      { { CHK(1, PT_A, RSTAN_PT_CROSSED, "B,A"), .hops = 1, .copy = true },
        { .tag = 3, .pt = PT_A, .matched = true } },
      0, 2 },
    { "sequence-shifting firewall without NAT: the SYN alone in a stream at the client side",
      "Wireshark starts a new stream at a SYN with another ISN on the same addresses and ports",
      { .transit_ms = 2, .hops = 1, .shift = { 0x10000000u, 0 } },
      { { .dir = C2S, .flags = S, .alone = AT_A }, { .dir = S2C, .flags = S | A, .ack = 1 },
        { .dir = C2S, .flags = A, .seq = 1, .ack = 1 }, REQRESP(0), SRV_ABORT(0, 1) },
      { { CHK(1, PT_A, RSTAN_PT_CROSSED, "B,A"), .hops = 1, .copy = true } },
      0, 2 },
    { "clock offset +900 s at the server side",
      "minimum one-way delay each way (Paxson 1998)",
      { .transit_ms = 4, .hops = 2, .clock_ms = { 0, 900000 } },
      { HS(0), REQRESP(0), SRV_ABORT(0, 1),
        HS(1), REQRESP(1), { .conn = 1, .dir = S2C, .flags = R, .seq = 1001, .between = true, .ttl = 63, .tag = 2 } },
      { { CHK(1, PT_A, RSTAN_PT_CROSSED, "B,A"), .hops = 2, .copy = true, .check1 = true, .flags1 = 0 },
        { CHK(1, PT_B, RSTAN_PT_CROSSED, "B,A"), .hops = 2, .copy = true, .check1 = true, .flags1 = RSTAN_PT_CROSSED },
        { CHK(2, PT_A, RSTAN_PT_BETWEEN, "A") } },
      900000, 4 },
    { "clock offset -900 s at the server side",
      "minimum one-way delay each way (Paxson 1998)",
      { .transit_ms = 4, .hops = 2, .clock_ms = { 0, -900000 } },
      { HS(0), REQRESP(0), SRV_ABORT(0, 1),
        HS(1), REQRESP(1), { .conn = 1, .dir = S2C, .flags = R, .seq = 1001, .between = true, .ttl = 63, .tag = 2 } },
      { { CHK(1, PT_A, RSTAN_PT_CROSSED, "B,A"), .hops = 2, .copy = true },
        { CHK(1, PT_B, RSTAN_PT_CROSSED, "B,A"), .hops = 2, .copy = true, .check1 = true, .flags1 = 0 },
        { CHK(2, PT_A, RSTAN_PT_BETWEEN, "A") } },
      -900000, 4 },
    { "the server-side point started after the handshake",
      "late start: first seen seq, tied by payload hash and timestamps",
      { .transit_ms = 3, .hops = 2, .start_ms = { 0, 5 }, .flip_b = true },
      { HS(0), REQRESP(0),
        { .dir = C2S, .flags = P | A, .seq = 101, .ack = 1001, .len = 300, .gap_ms = 10, .tag = 3 },
        { .dir = S2C, .flags = P | A, .seq = 1001, .ack = 401, .len = 700 },
        { .dir = C2S, .flags = A, .seq = 401, .ack = 1701 },
        { .dir = S2C, .flags = R | A, .seq = 1701, .ack = 401, .tag = 1 } },
      { { CHK(1, PT_A, RSTAN_PT_CROSSED, "B,A"), .hops = 2, .copy = true },
        { .tag = 3, .pt = PT_A, .matched = true } },
      0, 3 },
    { "loss of non-reset packets at the server-side point",
      "capture loss is expected, not an error",
      { .transit_ms = 3, .hops = 2 },
      { HS(0), { .dir = C2S, .flags = P | A, .seq = 1, .ack = 1, .len = 100, .miss = AT_B },
        { .dir = C2S, .flags = P | A, .seq = 101, .ack = 1, .len = 100, .miss = AT_B },
        { .dir = S2C, .flags = A, .seq = 1, .ack = 201 },
        { .dir = S2C, .flags = P | A, .seq = 1, .ack = 201, .len = 300, .miss = AT_B },
        { .dir = C2S, .flags = A, .seq = 201, .ack = 301 },
        { .dir = C2S, .flags = R | A, .seq = 201, .ack = 301, .gap_ms = 5, .tag = 1 } },
      { { CHK(1, PT_B, RSTAN_PT_CROSSED, "A,B"), .hops = 2, .copy = true } },
      0, 3 },
    { "GRO super-segment in the server host's capture",
      "Linux GRO merges segments with equal ack and options; match by seq range",
      { .transit_ms = 3, .hops = 2 },
      { HS(0), { .dir = C2S, .flags = A, .seq = 1, .ack = 1, .len = 1448, .tag = 3 },
        { .dir = C2S, .flags = A, .seq = 1449, .ack = 1, .len = 1448, .same_ms = true, .merge = AT_B, .tag = 4 },
        { .dir = C2S, .flags = P | A, .seq = 2897, .ack = 1, .len = 500, .same_ms = true, .merge = AT_B, .tag = 5 },
        { .dir = S2C, .flags = A, .seq = 1, .ack = 3397 },
        { .dir = C2S, .flags = R | A, .seq = 3397, .ack = 1, .tag = 1 } },
      { { CHK(1, PT_B, RSTAN_PT_CROSSED, "A,B"), .hops = 2, .copy = true },
        { .tag = 3, .pt = PT_A, .matched = true }, { .tag = 4, .pt = PT_A, .matched = true },
        { .tag = 5, .pt = PT_A, .matched = true } },
      0, 3 },
    { "duplicates within the client-side point",
      "a packet captured twice at one point pairs once",
      { .transit_ms = 3, .hops = 2 },
      { HS(0), { .dir = C2S, .flags = P | A, .seq = 1, .ack = 1, .len = 100, .dup = AT_A },
        { .dir = S2C, .flags = P | A, .seq = 1, .ack = 101, .len = 1000, .dup = AT_A },
        { .dir = C2S, .flags = A, .seq = 101, .ack = 1001, .dup = AT_A },
        { .dir = C2S, .flags = R | A, .seq = 101, .ack = 1001, .dup = AT_A, .tag = 1 } },
      { { CHK(1, PT_B, RSTAN_PT_CROSSED, "A,B"), .hops = 2, .copy = true } },
      0, 3 },
    { "a reset captured twice at both points: first pairs with first, second with second",
      "duplicates within a point pair in order",
      { .transit_ms = 3, .hops = 2 },
      { HS(0), REQRESP(0), { .dir = C2S, .flags = R | A, .seq = 101, .ack = 1001, .dup = AT_A | AT_B, .tag = 1 } },
      { { CHK(1, PT_B, RSTAN_PT_CROSSED, "A,B"), .copy = true },
        { CHK(1, PT_B, RSTAN_PT_CROSSED, "A,B"), .copy = true, .nth = 1 } },
      0, 3 },
    { "transparent bridge between the points: no TTL change, order from timing",
      "minimum one-way delay: the later copy is downstream",
      { .transit_ms = 2, .hops = 0 },
      { HS(0), REQRESP(0), { .dir = S2C, .flags = R, .seq = 1001, .between = true, .ttl = 64, .tag = 1 }, LATER },
      { { CHK(1, PT_A, RSTAN_PT_BETWEEN, "A") } },
      0, 2 },
    { "no timestamps, no IP ID: two SYNs told apart by their ISNs",
      "association key: the ISN when nothing else identifies a SYN",
      { .transit_ms = 2, .hops = 1, .no_ts = true, .no_ipid = true },
      { { .conn = 1, .dir = C2S, .flags = S, .miss = AT_B }, { .conn = 0, .dir = C2S, .flags = S },
        { .conn = 1, .dir = S2C, .flags = S | A, .ack = 1 }, { .conn = 0, .dir = S2C, .flags = S | A, .ack = 1 },
        { .conn = 1, .dir = C2S, .flags = A, .seq = 1, .ack = 1 }, { .conn = 0, .dir = C2S, .flags = A, .seq = 1, .ack = 1 },
        REQRESP(0), REQRESP(1), SRV_ABORT(1, 1), SRV_ABORT(0, 2) },
      { { CHK(1, PT_A, RSTAN_PT_CROSSED, "B,A"), .copy = true },
        { CHK(2, PT_A, RSTAN_PT_CROSSED, "B,A"), .copy = true } },
      0, 2 },
    { "late start without timestamps: the same request on two connections told apart by IP ID",
      "association key: the IP ID of a data segment",
      { .transit_ms = 2, .hops = 1, .no_ts = true, .start_ms = { 0, 7 } },
      { HS(0), HS(1),
        { .conn = 0, .dir = C2S, .flags = P | A, .seq = 1, .ack = 1, .len = 100, .miss = AT_B },
        { .conn = 1, .dir = C2S, .flags = P | A, .seq = 1, .ack = 1, .len = 100 },
        { .conn = 1, .dir = S2C, .flags = P | A, .seq = 1, .ack = 101, .len = 1000 },
        { .conn = 0, .dir = S2C, .flags = P | A, .seq = 1, .ack = 101, .len = 1000 },
        { .conn = 1, .dir = C2S, .flags = A, .seq = 101, .ack = 1001 },
        { .conn = 0, .dir = C2S, .flags = A, .seq = 101, .ack = 1001 },
        SRV_ABORT(1, 1), SRV_ABORT(0, 2) },
      { { CHK(1, PT_A, RSTAN_PT_CROSSED, "B,A"), .copy = true },
        { CHK(2, PT_A, RSTAN_PT_CROSSED, "B,A"), .copy = true } },
      0, 2 },
    { "a retransmission seen upstream after the original crossed: no delay sample",
      "min one-way delay: a pairing of different sends would understate it",
      { .transit_ms = 3, .hops = 2, .no_ts = true, .no_ipid = true },
      { HS(0), { .dir = C2S, .flags = P | A, .seq = 1, .ack = 1, .len = 100 },
        { .dir = C2S, .flags = P | A, .seq = 1, .ack = 1, .len = 100, .gap_ms = 50, .miss = AT_B },
        { .dir = S2C, .flags = A, .seq = 1, .ack = 101 }, CLI_RST(1) },
      { { CHK(1, PT_B, RSTAN_PT_CROSSED, "A,B"), .copy = true } },
      0, 3 },
    { "forged second copy: the same reset with an odd TTL change",
      "docs/capture-points.md: a copy whose TTL change differs from the flow's",
      { .transit_ms = 3, .hops = 4 },
      { HS(0), REQRESP(0), { .dir = S2C, .flags = R | A, .seq = 1001, .ack = 101, .miss = AT_A, .tag = 1 },
        { .dir = S2C, .flags = R | A, .seq = 1001, .ack = 101, .between = true, .ttl = 63, .tag = 2 }, LATER },
      { { CHK(1, PT_B, RSTAN_PT_LOST | RSTAN_PT_FORGED_COPY, "B") },
        { CHK(2, PT_A, RSTAN_PT_BETWEEN | RSTAN_PT_FORGED_COPY, "A"), .from = 1 } },
      0, 3 },
    { "a forged copy racing ahead of the genuine reset",
      "the copy with the flow's TTL change is the crossing one",
      { .transit_ms = 3, .hops = 4 },
      { HS(0), REQRESP(0), { .dir = S2C, .flags = R | A, .seq = 1001, .ack = 101, .tag = 1 },
        { .dir = S2C, .flags = R | A, .seq = 1001, .ack = 101, .between = true, .ttl = 63, .same_ms = true,
          .tag = 2 }, LATER },
      { { CHK(1, PT_B, RSTAN_PT_CROSSED, "B,A"), .hops = 4, .copy = true },
        { CHK(1, PT_A, RSTAN_PT_CROSSED, "B,A"), .hops = 4, .copy = true },
        { CHK(2, PT_A, RSTAN_PT_BETWEEN | RSTAN_PT_FORGED_COPY, "A"), .from = 1 } },
      0, 3 },
    { "a point that stopped before the reset: gap, not between",
      "docs/capture-points.md: a point that does not cover the time judges nothing",
      { .transit_ms = 3, .hops = 2, .stop_ms = { 0, 8 } },
      { HS(0), REQRESP(0), { .dir = S2C, .flags = R, .seq = 1001, .between = true, .ttl = 63, .gap_ms = 15000, .tag = 1 } },
      { { CHK(1, PT_A, RSTAN_PT_GAP, "A") } },
      0, 3 },
    { "a point quiet for 5 s before the reset still covers it",
      "a capture does not record when it stopped; a quiet point after a reject is usual",
      { .transit_ms = 3, .hops = 2 },
      { HS(0), REQRESP(0), { .dir = S2C, .flags = R, .seq = 1001, .between = true, .ttl = 63, .gap_ms = 5000, .tag = 1 } },
      { { CHK(1, PT_A, RSTAN_PT_BETWEEN, "A") } },
      0, 3 },
    { "traffic matched one way only: no clock offset, no judgement",
      "the minimum one-way delay needs both directions",
      { .transit_ms = 3, .hops = 2 },
      { { .dir = C2S, .flags = S }, { .dir = S2C, .flags = S | A, .ack = 1, .miss = AT_B },
        { .dir = C2S, .flags = A, .seq = 1, .ack = 1 },
        { .dir = C2S, .flags = P | A, .seq = 1, .ack = 1, .len = 100 },
        { .dir = S2C, .flags = R, .seq = 1, .between = true, .ttl = 63, .tag = 1 } },
      { { CHK(1, PT_A, RSTAN_PT_NO_CLOCK, "A") } },
      NO_OFFSET, -1 },
    { "traffic matched one way only, the user gives the clock offset",
      "user override of the clock offset",
      { .transit_ms = 3, .hops = 2, .clock_ms = { 0, 120000 }, .user_offset = true },
      { { .dir = C2S, .flags = S }, { .dir = S2C, .flags = S | A, .ack = 1, .miss = AT_B },
        { .dir = C2S, .flags = A, .seq = 1, .ack = 1 },
        { .dir = C2S, .flags = P | A, .seq = 1, .ack = 1, .len = 100 },
        { .dir = S2C, .flags = R, .seq = 1, .between = true, .ttl = 63, .tag = 1 } },
      { { CHK(1, PT_A, RSTAN_PT_BETWEEN, "A") } },
      120000, -1 },
    { "SYN rejected between the points: the reset is seen at the client side only",
      "a firewall's reject; the server side saw the time but not the connection",
      { .transit_ms = 1, .hops = 1 },
      { HS(0), REQRESP(0),
        { .conn = 1, .dir = C2S, .flags = S, .miss = AT_B },
        { .conn = 1, .dir = S2C, .flags = R | A, .ack = 1, .between = true, .ttl = 64, .tag = 1 },
        { .conn = 0, .dir = C2S, .flags = A, .seq = 101, .ack = 1001, .gap_ms = 20 } },
      { { CHK(1, PT_A, RSTAN_PT_BETWEEN, "A"), .from = 0 } },
      0, 1 },
    { "pure ACKs without timestamps do not teach an ack shift",
      "a shift is learnt only from a match that stands on more than it",
      { .transit_ms = 2, .hops = 1, .no_ts = true, .no_ipid = true },
      { { .dir = C2S, .flags = S }, { .dir = S2C, .flags = S | A, .ack = 1, .miss = AT_B },
        { .dir = C2S, .flags = A, .seq = 1, .ack = 1, .miss = AT_B },
        { .dir = S2C, .flags = P | A, .seq = 1, .ack = 1, .len = 1000, .miss = AT_A },
        { .dir = C2S, .flags = A, .seq = 1, .ack = 1001 },
        { .dir = S2C, .flags = P | A, .seq = 1001, .ack = 1, .len = 1000 },
        { .dir = C2S, .flags = A, .seq = 1, .ack = 2001 },
        { .dir = S2C, .flags = R | A, .seq = 2001, .ack = 1, .tag = 1 } },
      { { CHK(1, PT_A, RSTAN_PT_CROSSED, "B,A"), .copy = true } },
      0, 2 },
    { "a connection whose tie was missed is not judged at all",
      "prefer a missed injection to a false alarm (Weaver et al. 2009)",
      { .transit_ms = 2, .hops = 1, .retime_conn = 2 },
      { HS(0), REQRESP(0), HS(1), REQRESP(1), SRV_ABORT(1, 1), LATER },
      { { CHK(1, PT_A, 0, "A") }, { CHK(1, PT_B, 0, "B") } },
      0, 2 },
    { "SYN rejected between B and C, the capture's first TCP: C saw a ping before, so it covered the time",
      "the SYN reached B and never C, which was capturing (any frame shows it): made between B and C",
      { .npoints = 3, .transit_ms = 1, .hops = 1 },
      { { .flags = A, .other = true },
        { .conn = 1, .dir = C2S, .flags = S, .miss = AT_C, .gap_ms = 200 },
        { .conn = 1, .dir = S2C, .flags = R | A, .ack = 1, .between = true, .born = 2, .ttl = 64, .tag = 1 },
        { .dir = C2S, .flags = S, .gap_ms = 300 }, { .dir = S2C, .flags = S | A, .ack = 1 },
        { .dir = C2S, .flags = A, .seq = 1, .ack = 1 }, REQRESP(0) },
      { { CHK(1, PT_B, RSTAN_PT_CROSSED | RSTAN_PT_BETWEEN, "B,A"), .hops = 1, .from = 0, .copy = true,
          .copy_pt = 1 + PT_A },
        { CHK(1, PT_A, RSTAN_PT_CROSSED | RSTAN_PT_BETWEEN, "B,A"), .hops = 1, .from = 1, .copy = true,
          .copy_pt = 1 + PT_B, .check1 = true, .flags1 = RSTAN_PT_UNPLACED } },
      0, 1 },
    { "SYN rejected between B and C before C started: crossing B and A is no evidence for the server",
      "C did not cover the time, so the reset may have been made past B: unplaced, not crossed",
      { .npoints = 3, .transit_ms = 1, .hops = 1, .start_ms = { 0, 0, 100 } },
      { { .conn = 1, .dir = C2S, .flags = S, .miss = AT_C },
        { .conn = 1, .dir = S2C, .flags = R | A, .ack = 1, .between = true, .born = 2, .ttl = 64, .tag = 1 },
        { .dir = C2S, .flags = S, .gap_ms = 300 }, { .dir = S2C, .flags = S | A, .ack = 1 },
        { .dir = C2S, .flags = A, .seq = 1, .ack = 1 }, REQRESP(0) },
      { { CHK(1, PT_B, RSTAN_PT_UNPLACED | RSTAN_PT_GAP, "B,A"), .hops = 1, .copy = true, .copy_pt = 1 + PT_A },
        { CHK(1, PT_A, RSTAN_PT_UNPLACED | RSTAN_PT_GAP, "B,A"), .hops = 1, .copy = true, .copy_pt = 1 + PT_B } },
      0, 1 },
    { "a scanner's SYN+RST, a packet of no connection, crosses three points",
      "matched by its own header (seq, flags, options, IP ID): nmap --scanflags SYNRST",
      { .npoints = 3, .transit_ms = 1, .hops = 1 },
      { HS(0), REQRESP(0), { .conn = 1, .dir = C2S, .flags = S | R, .gap_ms = 20, .tag = 1 },
        { .dir = C2S, .flags = A, .seq = 101, .ack = 1001, .gap_ms = 20 } },
      { { CHK(1, PT_A, RSTAN_PT_CROSSED, "A,B,C"), .hops = 1, .copy = true, .copy_pt = 1 + PT_B },
        { CHK(1, PT_B, RSTAN_PT_CROSSED, "A,B,C"), .hops = 1, .copy = true, .copy_pt = 1 + PT_C },
        { CHK(1, PT_C, RSTAN_PT_CROSSED, "A,B,C"), .hops = 1, .copy = true, .copy_pt = 1 + PT_B } },
      0, 1 },
    { "two identical SYN+RST probes 1 ms apart, no IP ID, B's clock 5 ms ahead: each copy pairs with its own",
      "copies of a packet of no connection: the one where the clock offset and transit put it (IPv6 nmap probes)",
      { .npoints = 2, .transit_ms = 1, .hops = 1, .no_ipid = true, .clock_ms = { 0, 5 } },
      { HS(0), REQRESP(0), { .conn = 1, .dir = C2S, .flags = S | R, .gap_ms = 20, .tag = 1 },
        { .conn = 1, .dir = C2S, .flags = S | R, .alone = AT_A | AT_B, .tag = 2 },
        { .dir = C2S, .flags = A, .seq = 101, .ack = 1001, .gap_ms = 20 } },
      { { CHK(1, PT_B, RSTAN_PT_CROSSED, "A,B"), .hops = 1, .copy = true },
        { CHK(2, PT_B, RSTAN_PT_CROSSED, "A,B"), .hops = 1, .copy = true } },
      5, 1 },
    { "a SYN+RST of no connection seen past A only: not matched is no proof, not made between",
      "a copy rewritten past recognition looks like no copy",
      { .transit_ms = 1, .hops = 1 },
      { HS(0), REQRESP(0), { .conn = 1, .dir = C2S, .flags = S | R, .gap_ms = 20, .between = true, .tag = 1 },
        { .dir = C2S, .flags = A, .seq = 101, .ack = 1001, .gap_ms = 20 } },
      { { CHK(1, PT_B, 0, "B") } },
      0, 1 },
    { "a device with several interfaces: a connection not seen at B is not judged",
      "one_path false: only points that saw the connection count",
      { .transit_ms = 1, .hops = 1, .not_one_path = true },
      { HS(0), REQRESP(0),
        { .conn = 1, .dir = C2S, .flags = S, .miss = AT_B },
        { .conn = 1, .dir = S2C, .flags = R | A, .ack = 1, .between = true, .ttl = 64, .tag = 1 } },
      { { CHK(1, PT_A, 0, "A") } },
      0, 1 },
};

/* ------------------------------------------------------------------------ */
/* The generator                                                             */

#define MAX_EV 160

typedef struct {
    int64_t ts;
    int     pt, w, order;
    bool    other;
    rstan_pt_packet_t pkt;
} event_t;

static event_t ev[MAX_EV];
static rstan_pt_result_t res[MAX_EV], first[MAX_EV];
static bool has_res[MAX_EV];
static rstan_pt_conn_t views[3][NPT];   /* [conn][point]; [2]: packets alone */
static rstan_pt_slot_t slots[1024];
static rstan_pt_ctx_t ctx;

static void payload(uint8_t *buf, uint32_t rel, int dir, uint32_t len)
{
    for (uint32_t i = 0; i < len && i < RSTAN_PT_HASH_BYTES; i++)
        buf[i] = (uint8_t)((rel + i) * 131u + (unsigned)dir * 17u);
}

static size_t put_ts(uint8_t *o, size_t n, uint32_t val, uint32_t ecr)
{
    o[n++] = 8;
    o[n++] = 10;
    for (int i = 3; i >= 0; i--)
        o[n++] = (uint8_t)(val >> (8 * i));
    for (int i = 3; i >= 0; i--)
        o[n++] = (uint8_t)(ecr >> (8 * i));
    return n;
}

static size_t put_u32(uint8_t *o, size_t n, uint32_t v)
{
    for (int i = 3; i >= 0; i--)
        o[n++] = (uint8_t)(v >> (8 * i));
    return n;
}

static int cmp_ev(const void *a, const void *b)
{
    const event_t *x = a, *y = b;
    if (x->ts != y->ts)
        return x->ts < y->ts ? -1 : 1;
    return x->order - y->order;
}

/* Builds the two captures of a row, merged by time. Returns the count. */
static int generate(const row_t *row)
{
    const topo_t *tp = &row->topo;
    uint32_t isn[2][2] = { { 1000000u, 5000000u }, { 1077777u, 5099999u } };
    uint32_t tsbase[2][2] = { { 10000u, 50000u }, { 1010000u, 3050000u } };
    uint32_t last_tsval[2][2] = { { 0 } };
    uint16_t ipid[2][2] = { { 100, 3000 }, { 200, 6000 } };
    int64_t t = 0;
    int n = 0;

    for (int i = 0; i < 40 && row->wire[i].flags; i++) {
        const wire_t *w = &row->wire[i];
        int c = w->conn, d = w->dir;
        t += w->same_ms ? 0 : 1 + w->gap_ms;
        uint32_t tsval = tsbase[c][d] + (uint32_t)t;
        uint32_t tsecr = (w->flags & A) ? last_tsval[c][d ^ 1] : 0;
        uint32_t retime = tp->retime_conn == c + 1 ? 77777u : 0;
        bool ts = !tp->no_ts && !(w->flags & R);
        uint16_t id = ((w->flags & R) || tp->no_ipid) ? 0 : ipid[c][d]++;
        if (!(w->flags & R))
            last_tsval[c][d] = tsval;
        int np = tp->npoints ? tp->npoints : 2;
        int born = w->between ? (w->born ? w->born : 1) : -1;

        for (int pt = 0; pt < np; pt++) {
            /* Hops and time from where the packet started to this point. */
            int from = d == C2S ? pt : np - 1 - pt;
            if (w->between) {
                if (d == C2S ? pt < born : pt >= born)
                    continue;
                from = d == C2S ? pt - born : born - 1 - pt;
            }
            if (w->miss & (1u << pt))
                continue;
            int64_t at = t + (int64_t)from * tp->transit_ms;
            if (at < tp->start_ms[pt] || (tp->stop_ms[pt] && at > tp->stop_ms[pt]))
                continue;
            int64_t local = (at + tp->clock_ms[pt]) * MS;
            uint32_t sh = pt >= PT_B ? tp->shift[d] : 0, sh_o = pt >= PT_B ? tp->shift[d ^ 1] : 0;
            uint8_t ttl0 = w->ttl ? w->ttl : 64;
            uint8_t ttl = (uint8_t)(ttl0 - from * tp->hops);

            if (w->merge & (1u << pt)) {
                for (int k = n - 1; k >= 0; k--) {
                    if (ev[k].pt == pt && row->wire[ev[k].w].conn == c && row->wire[ev[k].w].dir == d) {
                        ev[k].pkt.payload_len += w->len;
                        ev[k].pkt.flags |= w->flags;
                        ev[k].ts = local;
                        ev[k].pkt.ts_ns = local;
                        break;
                    }
                }
                continue;
            }
            for (int copy = 0; copy < ((w->dup & (1u << pt)) ? 2 : 1); copy++) {
                if (n >= MAX_EV) {
                    fprintf(stderr, "too many events\n");
                    exit(2);
                }
                event_t *e = &ev[n];
                rstan_pt_packet_t *p = &e->pkt;
                uint8_t opts[40], buf[RSTAN_PT_HASH_BYTES];
                size_t on = 0;
                memset(e, 0, sizeof(*e));
                e->ts = local + copy * 10000;
                e->pt = pt;
                e->w = i;
                e->order = n;
                e->other = w->other;
                p->ts_ns = e->ts;
                p->seq = isn[c][d] + w->seq + sh;
                p->ack = (w->flags & A) ? isn[c][d ^ 1] + w->ack + sh_o : 0;
                p->payload_len = w->len;
                p->ip_id = id;
                p->flags = w->flags;
                p->ttl = ttl;
                p->dir = (uint8_t)((pt == PT_B && tp->flip_b) ? d ^ 1 : d);
                p->client_dir = (int8_t)((pt == PT_B && tp->flip_b) ? 1 : 0);
                if (w->flags & S) {
                    opts[on++] = 2; opts[on++] = 4; opts[on++] = 0x05; opts[on++] = 0xb4;
                    opts[on++] = 4; opts[on++] = 2;
                    if (ts)
                        on = put_ts(opts, on, tsval + (pt >= PT_B ? retime : 0), tsecr);
                    opts[on++] = 1; opts[on++] = 3; opts[on++] = 3; opts[on++] = 7;
                } else if (ts || w->sack) {
                    opts[on++] = 1; opts[on++] = 1;
                    if (ts)
                        on = put_ts(opts, on, tsval + (pt >= PT_B ? retime : 0), tsecr);
                    if (w->sack) {
                        opts[on++] = 1; opts[on++] = 1; opts[on++] = 5; opts[on++] = 10;
                        on = put_u32(opts, on, isn[c][d ^ 1] + w->sack + sh_o);
                        on = put_u32(opts, on, isn[c][d ^ 1] + w->sack + 100 + sh_o);
                    }
                }
                rstan_pt_parse_options(p, opts, on);
                payload(buf, w->seq, d, w->len);
                rstan_pt_set_payload(p, buf, w->len < sizeof(buf) ? w->len : sizeof(buf));
                n++;
            }
        }
    }
    qsort(ev, (size_t)n, sizeof(ev[0]), cmp_ev);
    return n;
}

static int find_event(int n, int w, int pt, int nth)
{
    for (int k = 0; k < n; k++) {
        if (ev[k].w == w && ev[k].pt == pt && nth-- == 0)
            return k;
    }
    return -1;
}

static int wire_of_tag(const row_t *row, int tag)
{
    for (int i = 0; i < 40 && row->wire[i].flags; i++) {
        if (row->wire[i].tag == tag)
            return i;
    }
    return -1;
}

static void seen_string(const rstan_pt_result_t *r, char *out)
{
    out[0] = 0;
    for (unsigned i = 0; i < r->n_seen; i++) {
        size_t l = strlen(out);
        if (i)
            out[l++] = ',';
        out[l++] = (char)('A' + r->seen_at[i]);
        out[l] = 0;
    }
}

static bool entry_matched(const rstan_pt_conn_t *v, uint32_t frame, unsigned by)
{
    for (int d = 0; d < 2; d++) {
        for (int k = 0; k < v->n_pin[d]; k++) {
            if (v->pin[d][k].frame == frame)
                return (v->pin[d][k].matched >> by) & 1;
        }
        for (int k = 0; k < v->ring_n[d]; k++) {
            if (v->ring[d][k].frame == frame)
                return (v->ring[d][k].matched >> by) & 1;
        }
    }
    return false;
}

static int run_row(const row_t *row)
{
    rstan_pt_config_t cfg;
    int fails = 0, n = generate(row);

    rstan_pt_config_default(&cfg);
    cfg.one_path = !row->topo.not_one_path;
    if (row->topo.user_offset) {
        cfg.offset_set[PT_B] = true;
        cfg.offset_ns[PT_B] = (int64_t)(row->topo.clock_ms[PT_B] - row->topo.clock_ms[PT_A]) * MS;
    }
    if (!rstan_pt_init(&ctx, &cfg, slots, sizeof(slots) / sizeof(slots[0]))) {
        printf("FAIL %s: init\n", row->name);
        return 1;
    }
    for (int c = 0; c < 3; c++)
        for (int pt = 0; pt < NPT; pt++)
            rstan_pt_conn_init(&views[c][pt], (unsigned)pt);
    memset(has_res, 0, sizeof(has_res));
    for (int k = 0; k < n; k++) {
        ev[k].pkt.frame = (uint32_t)k + 1;
        if (ev[k].other) {
            rstan_pt_note(&ctx, (unsigned)ev[k].pt, ev[k].pkt.ts_ns);
            continue;
        }
        bool keep = !(row->topo.b_no_results && ev[k].pt == PT_B);
        const wire_t *wk = &row->wire[ev[k].w];
        int vi = (wk->alone & (1u << ev[k].pt)) ? 2 : wk->conn;
        has_res[k] = rstan_pt_feed(&ctx, &views[vi][ev[k].pt], &ev[k].pkt,
                                   keep ? &res[k] : NULL);
        if (has_res[k])
            first[k] = res[k];
        if (has_res[k] != (keep && (ev[k].pkt.flags & R) != 0)) {
            printf("FAIL %s: frame %d: feed returned %d\n", row->name, k + 1, has_res[k]);
            fails++;
        }
    }
    for (int k = 0; k < n; k++) {
        if (has_res[k])
            rstan_pt_settle(&ctx, &res[k]);
    }

    int64_t off, tr;
    rstan_pt_clock_t src = rstan_pt_clock_offset(&ctx, PT_A, PT_B, &off, &tr);
    if (row->offset_ms == NO_OFFSET) {
        if (src != RSTAN_PT_CLOCK_UNKNOWN) {
            printf("FAIL %s: clock offset %lld ns, want none\n", row->name, (long long)off);
            fails++;
        }
    } else if (src == RSTAN_PT_CLOCK_UNKNOWN || off != (int64_t)row->offset_ms * MS ||
               (row->transit_ms >= 0 && tr != (int64_t)row->transit_ms * MS) ||
               (row->topo.user_offset != (src == RSTAN_PT_CLOCK_USER))) {
        printf("FAIL %s: clock offset %lld ns transit %lld ns (source %d), want %d ms / %d ms\n", row->name,
               (long long)off, (long long)tr, (int)src, row->offset_ms, row->transit_ms);
        fails++;
    }

    for (int i = 0; i < 6 && row->check[i].tag; i++) {
        const check_t *ck = &row->check[i];
        int w = wire_of_tag(row, ck->tag), k = w < 0 ? -1 : find_event(n, w, ck->pt, ck->nth);
        char seen[32];
        if (k < 0) {
            printf("FAIL %s: tag %d has no copy at %c\n", row->name, ck->tag, 'A' + ck->pt);
            fails++;
            continue;
        }
        if (ck->tied) {
            const rstan_pt_conn_t *v = &views[row->wire[w].conn][ck->pt];
            bool found = false;
            for (unsigned l = 0; l < v->n_links; l++)
                found |= v->link[l].peer->point == (unsigned)(ck->copy_pt - 1);
            if (!found) {
                printf("FAIL %s: the view at %c is not tied to %c\n", row->name, 'A' + ck->pt, 'A' + ck->copy_pt - 1);
                fails++;
            }
            continue;
        }
        if (ck->matched) {
            if (!entry_matched(&views[row->wire[w].conn][ck->pt], (uint32_t)k + 1, (unsigned)(ck->pt ^ 1))) {
                printf("FAIL %s: tag %d at %c (frame %d) not matched\n", row->name, ck->tag, 'A' + ck->pt, k + 1);
                fails++;
            }
            continue;
        }
        const rstan_pt_result_t *r = &res[k];
        seen_string(r, seen);
        if (r->flags != ck->flags || strcmp(seen, ck->seen) != 0) {
            printf("FAIL %s: tag %d at %c: flags 0x%x seen %s, want 0x%x seen %s\n", row->name, ck->tag,
                   'A' + ck->pt, r->flags, seen, ck->flags, ck->seen);
            fails++;
        }
        if (ck->hops >= 0 && r->hops_between != ck->hops) {
            printf("FAIL %s: tag %d at %c: hops_between %d, want %d\n", row->name, ck->tag, 'A' + ck->pt,
                   r->hops_between, ck->hops);
            fails++;
        }
        if (ck->from >= 0 && r->hops_from_point != ck->from) {
            printf("FAIL %s: tag %d at %c: hops_from_point %d, want %d\n", row->name, ck->tag, 'A' + ck->pt,
                   r->hops_from_point, ck->from);
            fails++;
        }
        if ((r->flags & RSTAN_PT_BETWEEN) && r->confidence < 90) {
            printf("FAIL %s: tag %d: made between with confidence %u\n", row->name, ck->tag, r->confidence);
            fails++;
        }
        if (ck->copy) {
            int cpt = ck->copy_pt ? ck->copy_pt - 1 : ck->pt ^ 1;
            int other = find_event(n, w, cpt, ck->nth);
            int64_t want_tr = (int64_t)(cpt > ck->pt ? cpt - ck->pt : ck->pt - cpt) * row->topo.transit_ms * MS;
            if (other < 0 || r->copy_frame != (uint32_t)other + 1 || r->transit_ns != want_tr) {
                printf("FAIL %s: tag %d at %c: copy frame %u transit %lld, want %d / %d ms\n", row->name, ck->tag,
                       'A' + ck->pt, r->copy_frame, (long long)r->transit_ns, other + 1, row->topo.transit_ms);
                fails++;
            }
        }
        if (ck->check1 && first[k].flags != ck->flags1) {
            printf("FAIL %s: tag %d at %c: single-pass flags 0x%x, want 0x%x\n", row->name, ck->tag, 'A' + ck->pt,
                   first[k].flags, ck->flags1);
            fails++;
        }
    }
    if (fails == 0)
        printf("ok   %s\n", row->name);
    return fails ? 1 : 0;
}

/* ------------------------------------------------------------------------ */
/* Procedural tests                                                          */

static rstan_pt_packet_t data_pkt(uint32_t frame, int64_t ts, int dir, uint32_t seq, uint32_t ack, uint32_t len,
                                  uint32_t tsval)
{
    rstan_pt_packet_t p;
    uint8_t buf[RSTAN_PT_HASH_BYTES];
    memset(&p, 0, sizeof(p));
    p.frame = frame;
    p.ts_ns = ts;
    p.dir = (uint8_t)dir;
    p.flags = len ? (P | A) : A;
    p.seq = seq;
    p.ack = ack;
    p.payload_len = len;
    p.ttl = 64;
    p.has_ts = true;
    p.tsval = tsval;
    p.tsecr = 7;
    p.client_dir = -1;
    payload(buf, seq, dir, len);
    rstan_pt_set_payload(&p, buf, len < sizeof(buf) ? len : sizeof(buf));
    return p;
}

/* The window is bounded: a packet's copy is found while the packet is among
 * its direction's first RSTAN_PT_PIN or last RSTAN_PT_RING, never later,
 * and the view does not grow however long the connection. */
static int test_window_full(void)
{
    static rstan_pt_conn_t va, vb;
    rstan_pt_packet_t p;
    int fails = 0;
    uint32_t frame = 1;
    const int N = 300;

    if (!rstan_pt_init(&ctx, NULL, slots, sizeof(slots) / sizeof(slots[0])))
        return 1;
    rstan_pt_conn_init(&va, PT_A);
    rstan_pt_conn_init(&vb, PT_B);
    /* A sees the whole connection first (B's clock lags by 900 s). */
    for (int i = 0; i < N; i++) {
        p = data_pkt(frame++, (int64_t)i * MS, C2S, 1000u + 100u * (unsigned)i, 1, 100, 5000u + (unsigned)i);
        rstan_pt_feed(&ctx, &va, &p, NULL);
    }
    struct { int i; bool want; } probe[] = { { 0, true }, { 1, true }, { 2, false }, { 150, false },
                                             { N - RSTAN_PT_RING - 1, false }, { N - RSTAN_PT_RING, true }, { N - 1, true } };
    for (size_t k = 0; k < sizeof(probe) / sizeof(probe[0]); k++) {
        int i = probe[k].i;
        p = data_pkt(frame++, (900000 + i + 2) * MS, C2S, 1000u + 100u * (unsigned)i, 1, 100, 5000u + (unsigned)i);
        rstan_pt_feed(&ctx, &vb, &p, NULL);
        bool got = entry_matched(&vb, p.frame, PT_A);
        if (got != probe[k].want) {
            printf("FAIL window full: packet %d of %d matched %d, want %d\n", i, N, got, probe[k].want);
            fails++;
        }
    }
    if (va.n_pin[0] != RSTAN_PT_PIN || va.ring_n[0] != RSTAN_PT_RING) {
        printf("FAIL window full: %u pinned, %u in the ring\n", va.n_pin[0], va.ring_n[0]);
        fails++;
    }
    if (sizeof(rstan_pt_conn_t) > 2048) {
        printf("FAIL window full: a connection view takes %zu bytes\n", sizeof(rstan_pt_conn_t));
        fails++;
    }
    printf("%s  window full (view %zu bytes, result %zu bytes)\n", fails ? "FAIL" : "ok", sizeof(rstan_pt_conn_t),
           sizeof(rstan_pt_result_t));
    return fails;
}

/* A tiny association table under many connections: it forgets old ones,
 * never overflows, and still ties a recent connection. */
static int test_table_full(void)
{
    static rstan_pt_slot_t few[8];
    static rstan_pt_conn_t va[400], vb[400];
    int fails = 0;
    uint32_t frame = 1;

    if (rstan_pt_init(&ctx, NULL, few, 6) || rstan_pt_init(&ctx, NULL, few, 2)) {
        printf("FAIL table: accepted a slot count that is not a power of two and a multiple of the ways\n");
        fails++;
    }
    if (!rstan_pt_init(&ctx, NULL, few, 8))
        return 1;
    for (int c = 0; c < 400; c++) {
        rstan_pt_conn_init(&va[c], PT_A);
        rstan_pt_conn_init(&vb[c], PT_B);
        rstan_pt_packet_t p = data_pkt(frame++, (int64_t)c * MS, C2S, 1000u * (unsigned)c, 1, 100, 77u * (unsigned)c);
        rstan_pt_feed(&ctx, &va[c], &p, NULL);
        p.frame = frame++;
        p.ts_ns += 2 * MS;
        rstan_pt_feed(&ctx, &vb[c], &p, NULL);
        if (vb[c].n_links != 1 || vb[c].link[0].peer != &va[c]) {
            printf("FAIL table: connection %d not tied to its copy\n", c);
            fails++;
            break;
        }
    }
    /* A copy of the first connection's packet: long forgotten by the table. */
    rstan_pt_conn_t late;
    rstan_pt_conn_init(&late, PT_B);
    rstan_pt_packet_t p = data_pkt(frame++, 500 * MS, C2S, 0, 1, 100, 0);
    rstan_pt_feed(&ctx, &late, &p, NULL);
    if (late.n_links != 0) {
        printf("FAIL table: tied to a connection the table should have forgotten\n");
        fails++;
    }
    printf("%s  association table full\n", fails ? "FAIL" : "ok");
    return fails;
}

/* Option parsing: a Linux SYN, and malformed lengths that must stop the walk. */
static int test_options(void)
{
    static const uint8_t syn[] = { 2, 4, 5, 180, 4, 2, 8, 10, 0, 0, 1, 0, 0, 0, 0, 0, 1, 3, 3, 7 };
    static const uint8_t sack[] = { 1, 1, 5, 10, 0, 0, 0, 9, 0, 0, 0, 99 };
    static const uint8_t bad1[] = { 8, 10, 1, 2, 3 };      /* truncated timestamps */
    static const uint8_t bad2[] = { 2, 0, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2 }; /* zero length */
    static const uint8_t bad3[] = { 3 };                   /* kind without length */
    rstan_pt_packet_t p, q;
    int fails = 0;

    memset(&p, 0, sizeof(p));
    rstan_pt_parse_options(&p, syn, sizeof(syn));
    if (p.mss != 1460 || p.wscale != 7 || !p.has_ts || p.tsval != 256 || p.tsecr != 0 || p.has_sack)
        fails++;
    q = p;
    static const uint8_t syn_clamped[] = { 2, 4, 5, 100, 4, 2, 8, 10, 0, 0, 1, 0, 0, 0, 0, 0, 1, 3, 3, 7 };
    rstan_pt_parse_options(&q, syn_clamped, sizeof(syn_clamped));
    if (q.optsig != p.optsig || q.mss == p.mss)   /* MSS clamping keeps the signature */
        fails++;
    static const uint8_t syn_ws6[] = { 2, 4, 5, 180, 4, 2, 8, 10, 0, 0, 1, 0, 0, 0, 0, 0, 1, 3, 3, 6 };
    rstan_pt_parse_options(&q, syn_ws6, sizeof(syn_ws6));
    if (q.optsig == p.optsig)
        fails++;
    rstan_pt_parse_options(&p, sack, sizeof(sack));
    if (!p.has_sack || p.sack_left != 9 || p.sack_right != 99 || p.has_ts)
        fails++;
    rstan_pt_parse_options(&p, bad1, sizeof(bad1));
    if (p.has_ts)
        fails++;
    rstan_pt_parse_options(&p, bad2, sizeof(bad2));
    if (p.has_ts || p.mss)
        fails++;
    rstan_pt_parse_options(&p, bad3, sizeof(bad3));
    if (p.wscale != -1)
        fails++;
    rstan_pt_parse_options(&p, NULL, 40);
    /* The hash covers the first RSTAN_PT_HASH_BYTES bytes, all of them. */
    uint8_t h1[RSTAN_PT_HASH_BYTES + 8], h2[RSTAN_PT_HASH_BYTES + 8];
    memset(h1, 0x41, sizeof(h1));
    memcpy(h2, h1, sizeof(h2));
    h2[RSTAN_PT_HASH_BYTES + 3] ^= 1;
    if (rstan_pt_hash(h1, sizeof(h1)) != rstan_pt_hash(h2, sizeof(h2)))
        fails++;
    for (size_t k = 0; k < RSTAN_PT_HASH_BYTES; k++) {
        memcpy(h2, h1, sizeof(h2));
        h2[k] ^= 0x80;
        if (rstan_pt_hash(h1, sizeof(h1)) == rstan_pt_hash(h2, sizeof(h2)))
            fails++;
    }
    if (rstan_pt_hash(h1, 5) == rstan_pt_hash(h1, 6))
        fails++;
    printf("%s  options and hash\n", fails ? "FAIL" : "ok");
    return fails ? 1 : 0;
}

static const row_t *row_named(const char *prefix)
{
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        if (strncmp(rows[i].name, prefix, strlen(prefix)) == 0)
            return &rows[i];
    }
    return NULL;
}

/* Captures of two points merged into one interface: the same packets twice,
 * the second copy with a lower TTL. A single point's own duplicates (same
 * TTL) are not that. */
static int test_folded(void)
{
    const row_t *two = row_named("two-point crossing"), *dups = row_named("duplicates within the client-side");
    int fails = 0;
    uint32_t first_frame = 0, count;

    if (two == NULL || dups == NULL)
        return 1;
    for (int pass = 0; pass < 2; pass++) {
        const row_t *row = pass ? dups : two;
        int n = generate(row), want_first = 0;
        rstan_pt_init(&ctx, NULL, slots, sizeof(slots) / sizeof(slots[0]));
        for (int c = 0; c < 3; c++)
            rstan_pt_conn_init(&views[c][0], 0);
        for (int k = 0; k < n; k++) {
            /* One interface: every copy is point 0. The dups row keeps A's only. */
            if (pass && ev[k].pt != PT_A)
                continue;
            /* The first packet whose copy at the other point came earlier. */
            for (int j = 0; j < k && !pass && !want_first; j++) {
                if (ev[j].w == ev[k].w)
                    want_first = k + 1;
            }
            ev[k].pkt.frame = (uint32_t)k + 1;
            rstan_pt_feed(&ctx, &views[row->wire[ev[k].w].conn][0], &ev[k].pkt, NULL);
        }
        count = rstan_pt_folded(&ctx, 0, &first_frame);
        if (pass == 0 && (count < 2 || first_frame != (uint32_t)want_first)) {
            printf("FAIL folded: two points in one interface gave %u repeats from frame %u, want >= 2 from %d\n",
                   count, first_frame, want_first);
            fails++;
        }
        if (pass == 1 && count != 0) {
            printf("FAIL folded: a point's own duplicates counted %u repeats from frame %u\n", count, first_frame);
            fails++;
        }
    }
    printf("%s  points folded into one interface\n", fails ? "FAIL" : "ok");
    return fails ? 1 : 0;
}

int main(void)
{
    int failed = 0, total = 0;
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++, total++)
        failed += run_row(&rows[i]);
    failed += test_window_full();
    failed += test_table_full();
    failed += test_options();
    failed += test_folded();
    total += 4;
    printf("%d passed, %d failed\n", total - failed, failed);
    return failed ? 1 : 0;
}
