/* rstan-state.c
 *
 * The per-file state: the connection table (key and engine state of each
 * 4-tuple at each capture point), the per-address baselines, the reset
 * records in frame order, and the engine's session, which keeps what it
 * makes (end records, waiting lists, the matcher's views) through the
 * allocator and address table it is given here. All of it lives in wmem's
 * file scope and is made anew when a file is opened (rstan_state_init) and
 * dropped when it is closed (rstan_state_cleanup). It decides nothing: the
 * engine fills it, the entry and the drawing read it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-state.h"

#include <string.h>

#include <epan/address.h>
#include <epan/wmem_scopes.h>

#include "rstan-prefs.h"

static wmem_map_t *rstan_hosts;
static wmem_array_t *rstan_resets;   /* rstan_frame_t *, in frame order */
static guint32 rstan_fed;            /* packets analysed on the first pass */
static guint32 rstan_shown_at;       /* rstan_fed when the shown results were made */
static rstan_session_t rstan_session;

static guint host_hash(gconstpointer k)
{
    return add_address_to_hash(0, (const address *)k);
}

static gboolean host_equal(gconstpointer a, gconstpointer b)
{
    return addresses_equal((const address *)a, (const address *)b);
}

/* The connection table: open addressing with linear probing, each slot the
 * key's hash beside the stream, at most half full. Cheaper per packet than
 * wmem_map (no call through function pointers for the hash and the
 * comparison, the hash kept so most probes compare one word), which the
 * profile showed as the largest single part of rstan's cost per packet
 * (docs/performance.md). The key's five 64-bit words are folded by
 * multiplication (Knuth's golden-ratio constant), whose high half carries
 * every word and is folded into the bits the table uses. */
G_STATIC_ASSERT(sizeof(rstan_key_t) == 5 * sizeof(guint64));

typedef struct {
    guint32         hash;
    rstan_stream_t *st;
} rstan_slot_t;

static rstan_slot_t *rstan_table;
static guint32 rstan_table_mask;    /* slots - 1, a power of two less one */
static guint32 rstan_table_used;

#define RSTAN_TABLE_FIRST 1024u

static guint32 key_hash(const rstan_key_t *k)
{
    guint64 w[sizeof(rstan_key_t) / sizeof(guint64)];
    memcpy(w, k, sizeof(w));
    const guint64 m = 0x9e3779b97f4a7c15u;
    guint64 h = ((((w[0] * m ^ w[1]) * m ^ w[2]) * m ^ w[3]) * m ^ w[4]) * m;
    return (guint32)(h >> 32) ^ (guint32)h;
}

static gboolean key_equal(const rstan_key_t *a, const rstan_key_t *b)
{
    guint64 x[5], y[5];
    memcpy(x, a, sizeof(x));
    memcpy(y, b, sizeof(y));
    return ((x[0] ^ y[0]) | (x[1] ^ y[1]) | (x[2] ^ y[2]) | (x[3] ^ y[3]) | (x[4] ^ y[4])) == 0;
}

static void table_put(rstan_slot_t *tab, guint32 mask, guint32 hash, rstan_stream_t *st)
{
    guint32 i = hash & mask;
    while (tab[i].st != NULL)
        i = (i + 1) & mask;
    tab[i].hash = hash;
    tab[i].st = st;
}

/* Twice the slots once half are used: every stream moves to its new place. */
static void table_grow(void)
{
    guint32 mask = rstan_table_mask * 2 + 1;
    rstan_slot_t *tab = g_new0(rstan_slot_t, (gsize)mask + 1);
    for (guint32 i = 0; i <= rstan_table_mask; i++)
        if (rstan_table[i].st != NULL)
            table_put(tab, mask, rstan_table[i].hash, rstan_table[i].st);
    g_free(rstan_table);
    rstan_table = tab;
    rstan_table_mask = mask;
}

static rstan_stream_t *table_find(const rstan_key_t *k, guint32 hash)
{
    for (guint32 i = hash & rstan_table_mask;; i = (i + 1) & rstan_table_mask) {
        rstan_stream_t *st = rstan_table[i].st;
        if (st == NULL)
            return NULL;
        if (rstan_table[i].hash == hash && key_equal(&st->key, k))
            return st;
    }
}

/* The session's allocator: the file scope. */
static void *keep_alloc(void *keeper _U_, size_t size)
{
    return wmem_alloc0(wmem_file_scope(), size);
}

/* The session's host baselines: one per address, made on first use. */
static rstan_host_t *keep_host(void *keeper _U_, const void *where)
{
    const address *addr = (const address *)where;
    rstan_host_t *h = (rstan_host_t *)wmem_map_lookup(rstan_hosts, addr);
    if (h == NULL) {
        address *key = wmem_new(wmem_file_scope(), address);
        copy_address_wmem(wmem_file_scope(), key, addr);
        h = wmem_new0(wmem_file_scope(), rstan_host_t);
        wmem_map_insert(rstan_hosts, key, h);
    }
    return h;
}

void rstan_state_init(void)
{
    rstan_hosts = wmem_map_new(wmem_file_scope(), host_hash, host_equal);
    g_free(rstan_table);
    rstan_table = g_new0(rstan_slot_t, RSTAN_TABLE_FIRST);
    rstan_table_mask = RSTAN_TABLE_FIRST - 1;
    rstan_table_used = 0;
    rstan_resets = wmem_array_new(wmem_file_scope(), sizeof(rstan_frame_t *));
    rstan_fed = 0;
    rstan_shown_at = G_MAXUINT32;
    static const rstan_keeper_t keeper = { NULL, keep_alloc, keep_host };
    rstan_session_init(&rstan_session, rstan_prefs_config(), &keeper);
}

void rstan_state_cleanup(void)
{
    rstan_hosts = NULL;
    g_free(rstan_table);
    rstan_table = NULL;
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
        int c = memcmp(s->data, d->data, 16);
        swap = c > 0 || (c == 0 && sp > dp);
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
    if (rstan_table == NULL || !key_of(pinfo, &k, dir))
        return NULL;
    k.point = (guint16)point;
    guint32 hash = key_hash(&k);
    rstan_stream_t *st = table_find(&k, hash);
    if (st == NULL && create) {
        st = wmem_new(wmem_file_scope(), rstan_stream_t);
        st->key = k;
        st->hash = hash;
        rstan_session_conn_init(&st->c, (guint16)point);
        if (++rstan_table_used > (rstan_table_mask + 1) / 2)
            table_grow();
        table_put(rstan_table, rstan_table_mask, hash, st);
    }
    return st;
}
