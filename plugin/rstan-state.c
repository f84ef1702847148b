/* rstan-state.c
 *
 * The per-file state: the connection table (key and engine state of each
 * 4-tuple at each capture point, and the end record of each connection on
 * it), the per-address baselines with the resets waiting for them to
 * settle, the reset records in frame order and the periodic-reset runs. All
 * of it lives in wmem's file scope and is made anew when a file is opened
 * (rstan_state_init) and dropped when it is closed (rstan_state_cleanup).
 * It decides nothing: the engine fills it, the entry and the drawing read it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-state.h"

#include <string.h>

#include <epan/address.h>
#include <epan/wmem_scopes.h>

#include "rstan-prefs.h"

static wmem_map_t *rstan_hosts;
static wmem_map_t *rstan_streams;
static wmem_array_t *rstan_resets;   /* rstan_frame_t *, in frame order */
static guint32 rstan_fed;            /* packets analysed on the first pass */
static guint32 rstan_shown_at;       /* rstan_fed when the shown results were made */
static rstan_periodic_t rstan_periodic;

static guint host_hash(gconstpointer k)
{
    return add_address_to_hash(0, (const address *)k);
}

static gboolean host_equal(gconstpointer a, gconstpointer b)
{
    return addresses_equal((const address *)a, (const address *)b);
}

/* The key's ten 32-bit words folded by multiplication, then mixed so every
 * word reaches the top bits wmem_map uses: cheaper than a conversation
 * lookup, which the profile showed as half of rstan's cost per packet, and
 * than hashing byte by byte (docs/performance.md). */
G_STATIC_ASSERT(sizeof(rstan_key_t) % sizeof(guint32) == 0);

static guint key_hash(gconstpointer k)
{
    guint32 w[sizeof(rstan_key_t) / sizeof(guint32)];
    memcpy(w, k, sizeof(w));
    guint32 h = 2166136261u;
    for (size_t i = 0; i < G_N_ELEMENTS(w); i++)
        h = (h ^ w[i]) * 16777619u;
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    return h;
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(rstan_key_t)) == 0;
}

void rstan_state_init(void)
{
    rstan_hosts = wmem_map_new(wmem_file_scope(), host_hash, host_equal);
    rstan_streams = wmem_map_new(wmem_file_scope(), key_hash, key_equal);
    rstan_resets = wmem_array_new(wmem_file_scope(), sizeof(rstan_frame_t *));
    rstan_fed = 0;
    rstan_shown_at = G_MAXUINT32;
    rstan_periodic_init(&rstan_periodic);
}

void rstan_state_cleanup(void)
{
    rstan_hosts = NULL;
    rstan_streams = NULL;
    rstan_resets = NULL;
    rstan_periodic_free(&rstan_periodic);
}

rstan_frame_t *rstan_state_new_reset(void)
{
    rstan_frame_t *fr = wmem_new0(wmem_file_scope(), rstan_frame_t);
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

rstan_periodic_t *rstan_state_periodic(void)
{
    return &rstan_periodic;
}

rstan_hostrec_t *rstan_host_lookup(const address *addr)
{
    if (rstan_hosts == NULL)
        return NULL;
    rstan_hostrec_t *h = (rstan_hostrec_t *)wmem_map_lookup(rstan_hosts, addr);
    if (h == NULL) {
        address *key = wmem_new(wmem_file_scope(), address);
        copy_address_wmem(wmem_file_scope(), key, addr);
        h = wmem_new0(wmem_file_scope(), rstan_hostrec_t);
        rstan_host_init(&h->h);
        wmem_map_insert(rstan_hosts, key, h);
    }
    return h;
}

void rstan_host_pend(rstan_hostrec_t *rec, rstan_verdict_t *v)
{
    if (rec->pending == NULL)
        rec->pending = wmem_list_new(wmem_file_scope());
    wmem_list_append(rec->pending, v);
}

/* Resets judged before their sender's baseline settled (none yet, or one
 * its later packets show to vary) get judged again when it changes; the
 * second pass and the GUI show the result. A host's baseline changes at
 * most twice, so each reset is judged again at most twice. */
void rstan_host_settle_pending(rstan_hostrec_t *rec)
{
    if (rec == NULL || rec->pending == NULL || rec->settled == rec->h.changes)
        return;
    rec->settled = rec->h.changes;
    wmem_list_frame_t *f = wmem_list_head(rec->pending);
    while (f) {
        wmem_list_frame_t *next = wmem_list_frame_next(f);
        rstan_verdict_t *v = (rstan_verdict_t *)wmem_list_frame_data(f);
        rstan_rejudge_hops(v, &rec->h, rstan_prefs_config());
        if (!rstan_wants_rejudge(v))
            wmem_list_remove_frame(rec->pending, f);
        f = next;
    }
}

/* The packet's connection key; *dir is 0 when the source is the key's first
 * endpoint. FALSE for anything but IPv4/IPv6 with matching address types. */
static gboolean key_of(packet_info *pinfo, rstan_key_t *k, guint8 *dir)
{
    const address *s = &pinfo->net_src, *d = &pinfo->net_dst;
    if (s->type != d->type || (s->type != AT_IPv4 && s->type != AT_IPv6) || s->len != d->len ||
        s->len > 16)
        return FALSE;
    memset(k, 0, sizeof(*k));
    k->len = (guint8)s->len;
    int c = memcmp(s->data, d->data, (size_t)s->len);
    if (c == 0)
        c = (int)pinfo->srcport - (int)pinfo->destport;
    const address *first = c <= 0 ? s : d, *second = c <= 0 ? d : s;
    memcpy(k->a, first->data, (size_t)s->len);
    memcpy(k->b, second->data, (size_t)s->len);
    k->pa = (guint16)(c <= 0 ? pinfo->srcport : pinfo->destport);
    k->pb = (guint16)(c <= 0 ? pinfo->destport : pinfo->srcport);
    *dir = c <= 0 ? 0 : 1;
    return TRUE;
}

rstan_stream_t *rstan_stream_of(packet_info *pinfo, guint point, gboolean create, guint8 *dir)
{
    rstan_key_t k;
    if (rstan_streams == NULL || !key_of(pinfo, &k, dir))
        return NULL;
    k.point = (guint16)point;
    rstan_stream_t *st = (rstan_stream_t *)wmem_map_lookup(rstan_streams, &k);
    if (st == NULL && create) {
        st = wmem_new(wmem_file_scope(), rstan_stream_t);
        st->key = k;
        st->conns = NULL;
        st->view = NULL;
        rstan_conv_init(&st->conv);
        wmem_map_insert(rstan_streams, &st->key, st);
    }
    return st;
}

guint rstan_stream_hash(const rstan_stream_t *st)
{
    return key_hash(&st->key);
}

void rstan_stream_begin(rstan_stream_t *st, const rstan_segment_t *seg)
{
    if (!rstan_begin(&st->conv, seg))
        return;
    rstan_connrec_t *rec = wmem_new0(wmem_file_scope(), rstan_connrec_t);
    rec->end.first_frame = seg->frame;
    rec->prev = st->conns;
    st->conns = rec;
    rstan_conv_attach_end(&st->conv, &rec->end);
}

const rstan_conn_end_t *rstan_conn_of_frame(const rstan_stream_t *st, guint32 frame)
{
    for (const rstan_connrec_t *rec = st->conns; rec; rec = rec->prev) {
        if (rec->end.first_frame <= frame)
            return &rec->end;
    }
    return NULL;
}
