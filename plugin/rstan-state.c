/* rstan-state.c
 *
 * The per-file state: the connection table (key and engine state of each
 * 4-tuple at each capture point), the per-address baselines, the reset
 * records in frame order, and the engine's session, which keeps what it
 * makes (end records, waiting lists, the matcher's views) through the
 * allocator and address table it is given here. All of it belongs to the
 * file: made anew when a file is opened (rstan_state_init) and dropped when
 * it is closed (rstan_state_cleanup). The reset records and the hosts'
 * baselines live in wmem's file scope; the tables, the streams and the
 * session's records in memory of their own, which is cheaper per
 * connection. It decides nothing: the engine
 * fills it, the entry and the drawing read it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-state.h"

#include <string.h>

#include <epan/address.h>
#include <epan/wmem_scopes.h>

#include "rstan-prefs.h"

static wmem_array_t *rstan_resets;   /* rstan_frame_t *, in frame order */
static guint32 rstan_fed;            /* packets analysed on the first pass */
static guint32 rstan_shown_at;       /* rstan_fed when the shown results were made */
static rstan_session_t rstan_session;

/* Two tables, one for the connections and one for the hosts' baselines:
 * open addressing with linear probing, each slot the key's hash beside its
 * item, at most half full. Cheaper per packet than wmem_map (no call
 * through function pointers for the hash and the comparison, the hash kept
 * so most probes compare one word), which the profile showed as the largest
 * single part of rstan's cost per packet (docs/performance.md). Keys are
 * whole 64-bit words, folded by multiplication (Knuth's golden-ratio
 * constant), whose high half carries every word and is folded into the bits
 * the table uses. */
typedef struct {
    guint32 hash;
    void   *item;
} rstan_slot_t;

typedef struct {
    rstan_slot_t *slot;
    guint32       mask;   /* slots - 1, a power of two less one */
    guint32       used;
} rstan_table_t;

#define RSTAN_TABLE_FIRST 1024u

static rstan_table_t rstan_streams, rstan_hosts;

/* The hash, the comparison and the search are made anew for each key size
 * where they are used (RSTAN_INLINE, rstan-headers.h), their loops
 * unrolled. */
RSTAN_INLINE guint32 words_hash(const guint64 *w, size_t n)
{
    const guint64 m = 0x9e3779b97f4a7c15u;
    guint64 h = 0;
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 8
#endif
    for (size_t i = 0; i < n; i++)
        h = (h ^ w[i]) * m;
    return (guint32)(h >> 32) ^ (guint32)h;
}

RSTAN_INLINE gboolean words_equal(const guint64 *a, const guint64 *b, size_t n)
{
    guint64 d = 0;
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 8
#endif
    for (size_t i = 0; i < n; i++)
        d |= a[i] ^ b[i];
    return d == 0;
}

static void table_init(rstan_table_t *t)
{
    g_free(t->slot);
    t->slot = g_new0(rstan_slot_t, RSTAN_TABLE_FIRST);
    t->mask = RSTAN_TABLE_FIRST - 1;
    t->used = 0;
}

static void table_free(rstan_table_t *t)
{
    g_free(t->slot);
    t->slot = NULL;
}

static void slot_put(rstan_slot_t *slot, guint32 mask, guint32 hash, void *item)
{
    guint32 i = hash & mask;
    while (slot[i].item != NULL)
        i = (i + 1) & mask;
    slot[i].hash = hash;
    slot[i].item = item;
}

/* Adds item under hash; twice the slots once half are used, every item
 * moved to its new place. */
RSTAN_INLINE void table_add(rstan_table_t *t, guint32 hash, void *item)
{
    if (++t->used > (t->mask + 1) / 2) {
        guint32 mask = t->mask * 2 + 1;
        rstan_slot_t *slot = g_new0(rstan_slot_t, (gsize)mask + 1);
        for (guint32 i = 0; i <= t->mask; i++)
            if (t->slot[i].item != NULL)
                slot_put(slot, mask, t->slot[i].hash, t->slot[i].item);
        g_free(t->slot);
        t->slot = slot;
        t->mask = mask;
    }
    slot_put(t->slot, t->mask, hash, item);
}

/* The item whose key (n words, the first member of the item) is key; NULL
 * when there is none. */
RSTAN_INLINE void *table_find(const rstan_table_t *t, const guint64 *key, size_t n, guint32 hash)
{
    for (guint32 i = hash & t->mask;; i = (i + 1) & t->mask) {
        void *item = t->slot[i].item;
        if (item == NULL)
            return NULL;
        if (t->slot[i].hash == hash && words_equal((const guint64 *)item, key, n))
            return item;
    }
}

#define KEY_WORDS(type) (sizeof(type) / sizeof(guint64))
G_STATIC_ASSERT(sizeof(rstan_key_t) == 5 * sizeof(guint64));

/* A host's baseline under its address: IPv4 or IPv6, the bytes zero-padded
 * to two words and the length in a third. */
typedef struct {
    guint64      key[3];
    rstan_host_t h;
} rstan_host_item_t;

/* The streams (about a kilobyte each, one per connection) and what the
 * session keeps per connection (an end record of 24 bytes, more with
 * several points) are so many that wmem's block allocator was a tenth of a
 * short connection's cost, about 100 instructions each. They are cut in
 * turn from chunks of their own instead, freed with the file's state
 * (rstan_state_cleanup), as wmem's file scope frees its own. Each chunk is
 * a megabyte: above glibc's threshold for mapping memory of its own, so the
 * chunks stay out of the heap tshark allocates from and frees into for
 * every packet (chunks of 64 KiB there cost tshark's malloc and free about
 * 40 instructions per packet more). Pages are touched only as used. */
#define RSTAN_CHUNK_BYTES (1024 * 1024)
#define RSTAN_CHUNK_ALIGN 16

typedef struct rstan_chunk {
    struct rstan_chunk *prev;
    size_t              used, size;
    guint8             *bytes;
} rstan_chunk_t;

static rstan_chunk_t *rstan_chunks;

/* A new chunk with room for size bytes. */
RSTAN_RARE static rstan_chunk_t *chunk_new(size_t size)
{
    size_t bytes = size > RSTAN_CHUNK_BYTES ? size : RSTAN_CHUNK_BYTES;
    rstan_chunk_t *c = g_new(rstan_chunk_t, 1);
    c->bytes = (guint8 *)g_malloc(bytes);   /* glibc's malloc aligns to 16 */
    c->size = bytes;
    c->used = 0;
    c->prev = rstan_chunks;
    rstan_chunks = c;
    return c;
}

/* size bytes, aligned for any member, not zeroed. */
static void *chunk_alloc(size_t size)
{
    size = (size + RSTAN_CHUNK_ALIGN - 1) & ~(size_t)(RSTAN_CHUNK_ALIGN - 1);
    rstan_chunk_t *c = rstan_chunks;
    if (G_UNLIKELY(c == NULL || c->size - c->used < size))
        c = chunk_new(size);
    void *p = c->bytes + c->used;
    c->used += size;
    return p;
}

static void chunks_free(void)
{
    while (rstan_chunks != NULL) {
        rstan_chunk_t *prev = rstan_chunks->prev;
        g_free(rstan_chunks->bytes);
        g_free(rstan_chunks);
        rstan_chunks = prev;
    }
}

/* The session's allocator: zeroed, freed with the file. */
static void *keep_alloc(void *keeper _U_, size_t size)
{
    void *p = chunk_alloc(size);
    memset(p, 0, size);
    return p;
}

/* The session's host baselines: one per address, made on first use. Only
 * IPv4 and IPv6 connections are analysed (rstan_stream_of), so every
 * address fits the key. */
static rstan_host_t *keep_host(void *keeper _U_, const void *where)
{
    const address *addr = (const address *)where;
    guint64 key[3] = { 0, 0, 0 };
    if (addr->len <= 0 || addr->len > 16)
        return NULL;
    memcpy(key, addr->data, (size_t)addr->len);
    key[2] = (guint64)addr->len;
    guint32 hash = words_hash(key, 3);
    rstan_host_item_t *it = (rstan_host_item_t *)table_find(&rstan_hosts, key, 3, hash);
    if (it == NULL) {
        it = wmem_new0(wmem_file_scope(), rstan_host_item_t);
        memcpy(it->key, key, sizeof(key));
        table_add(&rstan_hosts, hash, it);
    }
    return &it->h;
}

void rstan_state_init(void)
{
    chunks_free();
    table_init(&rstan_streams);
    table_init(&rstan_hosts);
    rstan_resets = wmem_array_new(wmem_file_scope(), sizeof(rstan_frame_t *));
    rstan_fed = 0;
    rstan_shown_at = G_MAXUINT32;
    static const rstan_keeper_t keeper = { NULL, keep_alloc, keep_host };
    rstan_session_init(&rstan_session, rstan_prefs_config(), &keeper);
}

void rstan_state_cleanup(void)
{
    table_free(&rstan_streams);
    table_free(&rstan_hosts);
    chunks_free();
    rstan_resets = NULL;
    rstan_session_free(&rstan_session);
}

rstan_frame_t *rstan_state_new_reset(const rstan_packet_t *pkt)
{
    rstan_frame_t *fr = wmem_new0(wmem_file_scope(), rstan_frame_t);
    fr->stream = pkt->stream;
    fr->reason = pkt->reason[0] ? wmem_strdup(wmem_file_scope(), pkt->reason) : NULL;
    wmem_array_append_one(rstan_resets, fr);
    return fr;
}

void rstan_state_count_fed(void)
{
    rstan_fed++;
}

gboolean rstan_state_shown_current(void)
{
    return rstan_shown_at == rstan_fed;
}

void rstan_state_shown_made(void)
{
    rstan_shown_at = rstan_fed;
}

wmem_array_t *rstan_state_resets(void)
{
    return rstan_resets;
}

rstan_session_t *rstan_state_session(void)
{
    return &rstan_session;
}

/* The packet's connection key; *dir is 0 when the source is the key's first
 * endpoint. FALSE for anything but IPv4/IPv6 with matching address types. */
static gboolean key_of(packet_info *pinfo, rstan_key_t *k, guint8 *dir)
{
    const address *s = &pinfo->net_src, *d = &pinfo->net_dst;
    guint16 sp = (guint16)pinfo->srcport, dp = (guint16)pinfo->destport;
    gboolean swap;
    memset(k, 0, sizeof(*k));
    if (s->type == AT_IPv4 && d->type == AT_IPv4 && s->len == 4 && d->len == 4) {
        /* Both as big-endian numbers: the same order as comparing the bytes. */
        guint32 x = rstan_be32(s->data), y = rstan_be32(d->data);
        swap = x > y || (x == y && sp > dp);
        memcpy(k->a, swap ? d->data : s->data, 4);
        memcpy(k->b, swap ? s->data : d->data, 4);
        k->len = 4;
    } else if (s->type == AT_IPv6 && d->type == AT_IPv6 && s->len == 16 && d->len == 16) {
        /* Each half as a big-endian number: the order of comparing the bytes. */
        const guint8 *a = (const guint8 *)s->data, *b = (const guint8 *)d->data;
        guint64 a0 = rstan_be64(a), b0 = rstan_be64(b), a1 = rstan_be64(a + 8), b1 = rstan_be64(b + 8);
        swap = a0 > b0 || (a0 == b0 && (a1 > b1 || (a1 == b1 && sp > dp)));
        memcpy(k->a, swap ? d->data : s->data, 16);
        memcpy(k->b, swap ? s->data : d->data, 16);
        k->len = 16;
    } else {
        return FALSE;
    }
    k->pa = swap ? dp : sp;
    k->pb = swap ? sp : dp;
    *dir = swap ? 1 : 0;
    return TRUE;
}

rstan_stream_t *rstan_stream_of(packet_info *pinfo, guint point, gboolean create, guint8 *dir)
{
    rstan_key_t k;
    if (rstan_streams.slot == NULL || !key_of(pinfo, &k, dir))
        return NULL;
    k.point = (guint16)point;
    guint64 w[KEY_WORDS(rstan_key_t)];
    memcpy(w, &k, sizeof(w));
    guint32 hash = words_hash(w, G_N_ELEMENTS(w));
    rstan_stream_t *st = (rstan_stream_t *)table_find(&rstan_streams, w, G_N_ELEMENTS(w), hash);
    if (st == NULL && create) {
        st = (rstan_stream_t *)chunk_alloc(sizeof(*st));
        st->key = k;
        st->hash = hash;
        rstan_session_conn_init(&st->c, (guint16)point);
        table_add(&rstan_streams, hash, st);
    }
    return st;
}
