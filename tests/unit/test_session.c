/* test_session.c
 *
 * Unit tests of the engine's session (rstan-session.c): the one way in for a
 * packet. What is checked is what the session does besides the engine's
 * rules, each from how the packets were made: every connection on a 4-tuple
 * gets its own end record, kept as long as the file and found by frame;
 * host baselines are asked for only while the engine wants them; a reset
 * judged before its sender had a baseline is judged again once that host's
 * packets give it one; everything the session keeps comes from the keeper's
 * allocator.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rstan-session.h"

static int failures;

#define CHECK(cond, ...)                                                    \
    do {                                                                    \
        if (!(cond)) {                                                      \
            failures++;                                                     \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                     \
            printf(__VA_ARGS__);                                            \
            printf("\n");                                                   \
        }                                                                   \
    } while (0)

/* The keeper: a bump allocator over malloc (freed at exit) and two hosts,
 * counting what it is asked. */
enum { HOST_CLIENT, HOST_SERVER, HOST_OTHER, HOSTS };
typedef struct {
    rstan_host_t host[HOSTS];
    unsigned     host_asks[HOSTS];
    unsigned     allocs;
    void        *blocks[4096];
} keeper_t;

static void *k_alloc(void *keeper, size_t size)
{
    keeper_t *k = keeper;
    void *p = calloc(1, size);
    if (p == NULL || k->allocs >= sizeof(k->blocks) / sizeof(k->blocks[0]))
        abort();
    k->blocks[k->allocs++] = p;
    return p;
}

static rstan_host_t *k_host(void *keeper, const void *address)
{
    keeper_t *k = keeper;
    int which = *(const int *)address;
    k->host_asks[which]++;
    return &k->host[which];
}

static void k_free(keeper_t *k)
{
    for (unsigned i = 0; i < k->allocs; i++)
        free(k->blocks[i]);
}

static const int addr_of[HOSTS] = { HOST_CLIENT, HOST_SERVER, HOST_OTHER };

typedef struct {
    rstan_session_t      s;
    keeper_t             k;
    rstan_config_t       cfg;
    uint32_t             frame;
    int64_t              ts;
} fixture_t;

static void setup(fixture_t *f)
{
    memset(f, 0, sizeof(*f));
    rstan_config_default(&f->cfg);
    rstan_keeper_t keep = { &f->k, k_alloc, k_host };
    rstan_session_init(&f->s, &f->cfg, &keep);
}

static void teardown(fixture_t *f)
{
    rstan_session_free(&f->s);
    k_free(&f->k);
}

/* Feed one segment of c from host `from` to host `to` (dir 0: the key's
 * first endpoint sends), 1 ms after the previous one. */
static void feed(fixture_t *f, rstan_session_conn_t *c, int from, int to, uint8_t dir, uint8_t flags, uint32_t seq,
                 uint32_t ack, uint32_t len, uint8_t ttl, rstan_verdict_t *v, rstan_fed_t *out)
{
    rstan_segment_t seg;
    memset(&seg, 0, sizeof(seg));
    seg.frame = ++f->frame;
    f->ts += 1000000;
    seg.ts_ns = f->ts;
    seg.dir = dir;
    seg.sport = dir == 0 ? 40000 : 80;
    seg.dport = dir == 0 ? 80 : 40000;
    seg.flags = flags;
    seg.seq = seq;
    seg.ack = ack;
    seg.win = (flags & RSTAN_TCP_RST) ? 0 : 64240;
    seg.wscale = -1;
    seg.payload_len = len;
    seg.ip_version = 4;
    seg.ttl = ttl;
    seg.ip_id = (uint16_t)(f->frame * 7);
    seg.df = true;
    seg.mss_only = (flags & RSTAN_TCP_SYN) ? 1460 : 0;
    rstan_session_packet_t p = { &seg, NULL, &addr_of[from], &addr_of[to] };
    rstan_fed_t ignored;
    rstan_session_feed(&f->s, c, &p, v, out ? out : &ignored);
}

/* Two connections on one 4-tuple: the second, after both FINs, gets its own
 * end record; each frame finds the connection it belongs to. */
static void test_end_records(void)
{
    fixture_t f;
    setup(&f);
    rstan_session_conn_t c;
    rstan_session_conn_init(&c, 0);
    CHECK(rstan_session_conn_of_frame(&c, 1) == NULL, "no connection before the first packet");

    feed(&f, &c, HOST_CLIENT, HOST_SERVER, 0, RSTAN_TCP_SYN, 1000, 0, 0, 64, NULL, NULL);            /* 1 */
    feed(&f, &c, HOST_SERVER, HOST_CLIENT, 1, RSTAN_TCP_SYN | RSTAN_TCP_ACK, 5000, 1001, 0, 63, NULL, NULL);
    feed(&f, &c, HOST_CLIENT, HOST_SERVER, 0, RSTAN_TCP_ACK, 1001, 5001, 0, 64, NULL, NULL);
    feed(&f, &c, HOST_CLIENT, HOST_SERVER, 0, RSTAN_TCP_FIN | RSTAN_TCP_ACK, 1001, 5001, 0, 64, NULL, NULL);
    feed(&f, &c, HOST_SERVER, HOST_CLIENT, 1, RSTAN_TCP_FIN | RSTAN_TCP_ACK, 5001, 1002, 0, 63, NULL, NULL);
    feed(&f, &c, HOST_CLIENT, HOST_SERVER, 0, RSTAN_TCP_ACK, 1002, 5002, 0, 64, NULL, NULL);         /* 6 */
    /* The same 4-tuple again (RFC 9293 §3.10.7.4), ended by the server's reset. */
    feed(&f, &c, HOST_CLIENT, HOST_SERVER, 0, RSTAN_TCP_SYN, 90000, 0, 0, 64, NULL, NULL);           /* 7 */
    rstan_verdict_t v;
    rstan_fed_t out;
    feed(&f, &c, HOST_SERVER, HOST_CLIENT, 1, RSTAN_TCP_RST | RSTAN_TCP_ACK, 0, 90001, 0, 63, &v, &out);  /* 8 */

    const rstan_conn_end_t *first = rstan_session_conn_of_frame(&c, 3);
    const rstan_conn_end_t *second = rstan_session_conn_of_frame(&c, 8);
    CHECK(first != NULL && second != NULL && first != second, "two connections, two end records");
    CHECK(first && first->first_frame == 1 && first->resets == 0 && first->first_reset == NULL,
          "the first connection began at frame 1 and had no reset");
    CHECK(second && second->first_frame == 7 && second->resets == 1 && second->first_reset == &v,
          "the second began at frame 7 and ended with the reset of frame 8");
    CHECK(rstan_session_conn_of_frame(&c, 6) == first, "frame 6 is the first connection's");
    CHECK(second && second->prev == first, "the end records are chained newest first");
    CHECK(out.filled && v.frame == 8, "the reset's verdict was made");
    CHECK(out.pt == NULL, "no capture-point result with one point");
    teardown(&f);
}

/* Host baselines cost a lookup for a few packets per direction, not for
 * every packet of a long connection. */
static void test_host_lookups(void)
{
    fixture_t f;
    setup(&f);
    rstan_session_conn_t c;
    rstan_session_conn_init(&c, 0);
    feed(&f, &c, HOST_CLIENT, HOST_SERVER, 0, RSTAN_TCP_SYN, 1000, 0, 0, 64, NULL, NULL);
    feed(&f, &c, HOST_SERVER, HOST_CLIENT, 1, RSTAN_TCP_SYN | RSTAN_TCP_ACK, 5000, 1001, 0, 63, NULL, NULL);
    uint32_t cseq = 1001, sseq = 5001;
    for (int i = 0; i < 40; i++) {
        feed(&f, &c, HOST_CLIENT, HOST_SERVER, 0, RSTAN_TCP_ACK | RSTAN_TCP_PSH, cseq, sseq, 100, 64, NULL, NULL);
        cseq += 100;
        feed(&f, &c, HOST_SERVER, HOST_CLIENT, 1, RSTAN_TCP_ACK | RSTAN_TCP_PSH, sseq, cseq, 1000, 63, NULL, NULL);
        sseq += 1000;
    }
    CHECK(f.k.host_asks[HOST_CLIENT] == 1, "the client's baseline asked for once, not for each of its 41 packets (%u)",
          f.k.host_asks[HOST_CLIENT]);
    CHECK(f.k.host_asks[HOST_SERVER] == 1, "the server's baseline asked for once (%u)", f.k.host_asks[HOST_SERVER]);
    CHECK(f.k.host[HOST_SERVER].packets > 0 && f.k.host[HOST_SERVER].ttl_class == 64,
          "the server's baseline was learned from its packets");
    teardown(&f);
}

/* A server's reset to a SYN, the first packet the capture holds from it,
 * has no baseline to be judged against; once the same server's packets in
 * another connection give one, the reset is judged again with it. */
static void test_rejudged_when_settled(void)
{
    fixture_t f;
    setup(&f);
    rstan_session_conn_t a, b;
    rstan_session_conn_init(&a, 0);
    rstan_session_conn_init(&b, 0);
    rstan_verdict_t v;
    feed(&f, &a, HOST_CLIENT, HOST_SERVER, 0, RSTAN_TCP_SYN, 1000, 0, 0, 64, NULL, NULL);
    feed(&f, &a, HOST_SERVER, HOST_CLIENT, 1, RSTAN_TCP_RST | RSTAN_TCP_ACK, 0, 1001, 0, 63, &v, NULL);
    CHECK(v.hops_basis == RSTAN_BASIS_NONE, "no baseline when the reset came (basis %d)", v.hops_basis);
    unsigned allocs = f.k.allocs;

    feed(&f, &b, HOST_OTHER, HOST_SERVER, 0, RSTAN_TCP_SYN, 7000, 0, 0, 64, NULL, NULL);
    feed(&f, &b, HOST_SERVER, HOST_OTHER, 1, RSTAN_TCP_SYN | RSTAN_TCP_ACK, 8000, 7001, 0, 63, NULL, NULL);
    CHECK(v.hops_basis == RSTAN_BASIS_HOST, "judged again against the server's baseline (basis %d)", v.hops_basis);
    CHECK(v.hops_expected == 1, "the server's packets came from 1 hop away (%d)", v.hops_expected);
    /* Judged against the host, it waits on: the host may yet turn out to vary. */
    CHECK(f.k.host[HOST_SERVER].pending != NULL, "still waiting on the server, in case it turns out to vary");
    CHECK(f.k.allocs == allocs + 1, "the new connection's end record is all the session kept (%u)",
          f.k.allocs - allocs);
    teardown(&f);
}

int main(void)
{
    test_end_records();
    test_host_lookups();
    test_rejudged_when_settled();
    if (failures) {
        printf("%d failure(s)\n", failures);
        return 1;
    }
    printf("session: all passed\n");
    return 0;
}
