/* packet-rstan.c
 *
 * The rstan postdissector: registration, the hf/ett/ei tables, per-stream
 * and per-frame state, and drawing. It reads a segment (rstan-headers.c),
 * feeds the engine on the first pass, stores the verdict with the frame and
 * draws it on every pass. It makes no classification decision itself.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "packet-rstan.h"

#include <string.h>

#include <epan/address.h>
#include <epan/conversation.h>
#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/proto_data.h>

#include "rstan-headers.h"
#include "rstan-prefs.h"
#include "rstan-stats.h"

static int proto_rstan = -1;
static int proto_rstan_conn = -1;

static int hf_rstan_phase = -1;
static int hf_rstan_cause = -1;
static int hf_rstan_origin = -1;
static int hf_rstan_verdict = -1;
static int hf_rstan_confidence = -1;
static int hf_rstan_grounds = -1;
static int hf_rstan_claimed = -1;
static int hf_rstan_hint = -1;
static int hf_rstan_reason = -1;
static int hf_rstan_reason_kind = -1;
static int hf_rstan_reason_code = -1;
static int hf_rstan_ttl = -1;
static int hf_rstan_ttl_class = -1;
static int hf_rstan_hops = -1;
static int hf_rstan_hops_expected = -1;
static int hf_rstan_ipid_step = -1;
static int hf_rstan_seq_status = -1;
static int hf_rstan_shape = -1;
static int hf_rstan_ack_fits = -1;
static int hf_rstan_idle_time = -1;
static int hf_rstan_rtt = -1;
static int hf_rstan_retransmissions = -1;
static int hf_rstan_answers = -1;
static int hf_rstan_challenge_frame = -1;
static int hf_rstan_after_frame = -1;
static int hf_rstan_periodic = -1;
static int hf_rstan_capture_copy_of = -1;
static int hf_rstan_burst = -1;
static int hf_rstan_stream = -1;
static int hf_rstan_evidence[RSTAN_EV_COUNT];
static int hf_rstan_challenge_ack_for = -1;
static int hf_rstan_after_reset_of = -1;
static int hf_rstan_ignored_reset = -1;
static int hf_rstan_conn_ended_by = -1;
static int hf_rstan_conn_end_cause = -1;
static int hf_rstan_conn_end_verdict = -1;
static int hf_rstan_conn_reset_frame = -1;
static int hf_rstan_conn_resets = -1;
static int hf_rstan_point = -1;
static int hf_rstan_seen_at = -1;
static int hf_rstan_copy = -1;
static int hf_rstan_between_points = -1;
static int hf_rstan_lost_between_points = -1;
static int hf_rstan_transit = -1;
static int hf_rstan_hops_between = -1;
static int hf_rstan_clock_offset = -1;
static int hf_rstan_points_note = -1;

static gint ett_rstan = -1;
static gint ett_rstan_evidence = -1;
static gint ett_rstan_conn = -1;

static expert_field ei_rstan_summary = EI_INIT;
static expert_field ei_rstan_spoof_suspected = EI_INIT;
static expert_field ei_rstan_possibly_forged = EI_INIT;
static expert_field ei_rstan_challenged = EI_INIT;
static expert_field ei_rstan_ignored = EI_INIT;
static expert_field ei_rstan_reason = EI_INIT;
static expert_field ei_rstan_challenge_ack = EI_INIT;
static expert_field ei_rstan_sender_carried_on = EI_INIT;
static expert_field ei_rstan_between_points = EI_INIT;
static expert_field ei_rstan_lost_between_points = EI_INIT;
static expert_field ei_rstan_point_gap = EI_INIT;
static expert_field ei_rstan_points_folded = EI_INIT;
static expert_field ei_rstan_periodic = EI_INIT;

/* A TCP connection's two endpoints in a fixed order: the lower address (and
 * port) first, so both directions find the same entry. `point` is where a
 * capture-point id joins the key, so that copies of one connection seen at
 * several points keep separate state; 0 while there is one point. */
typedef struct {
    guint8  a[16], b[16];
    guint16 pa, pb;
    guint8  len;
    guint8  pad;
    guint16 point;
} rstan_key_t;

/* How one connection on the key's 4-tuple ended; a new connection on the
 * same 4-tuple gets the next record. Filled on the first pass only. */
typedef struct rstan_connrec {
    rstan_conn_end_t      end;
    struct rstan_connrec *prev;   /* the connection before on this 4-tuple */
} rstan_connrec_t;

/* Key and state in one block: one allocation per 4-tuple. */
typedef struct {
    rstan_key_t      key;
    rstan_conv_t     conv;
    rstan_connrec_t *conns;       /* newest first */
    rstan_pt_conn_t *view;        /* the connection at this point; NULL with one point */
} rstan_stream_t;

/* Per reset frame. The verdict comes first: the engine's pointer to it
 * (rstan_conn_end_t.first_reset) is also the record's. */
typedef struct {
    rstan_verdict_t v;
    guint32         stream;   /* tcp.stream */
    char           *reason;
    rstan_pt_result_t *pt;    /* the other points' view of this copy; NULL with one point */
} rstan_frame_t;

/* Capture points of the file (README "Capture points"): NULL while the file
 * has one point, so that a one-point file pays one branch per packet. */
#define RSTAN_PT_SLOTS 16384
typedef struct {
    rstan_pt_ctx_t ctx;
    guint          n;
    guint          section[RSTAN_PT_MAX_POINTS];
    guint32        iface[RSTAN_PT_MAX_POINTS];
    const char    *name[RSTAN_PT_MAX_POINTS];
} rstan_points_t;

static rstan_points_t *rstan_points;
static gboolean rstan_points_checked;

/* Where a frame was captured: the file's section and interface, or in a
 * Linux cooked v2 capture (tcpdump -i any on a router, a NAT or a host with
 * several links) the device's interface its header names: SPEC "a capture
 * from a device with several interfaces". The first such interface is the
 * file's interface, so a capture that met one interface has one point. */
typedef struct {
    guint   section;
    guint32 iface;      /* the key: the file's interface, or RSTAN_SLL_POINT | ifindex */
    guint32 ifindex;    /* the Linux interface index, 0 outside SLL2 */
} rstan_where_t;
#define RSTAN_SLL_POINT 0x80000000u
static guint32 rstan_sll_first;    /* the first SLL2 interface index of the file */

/* The first packets of a file with one point so far, kept for the matcher:
 * when a second interface appears among them, the first interface's
 * packets are fed to it before the new one's, as in a file whose points
 * were known from its first packet. NULL once full or once points start. */
#define RSTAN_EARLY_PACKETS 256
typedef struct {
    rstan_stream_t   *st;
    rstan_frame_t    *fr;      /* the reset's record, NULL for other packets */
    rstan_pt_packet_t pkt;
} rstan_early_t;
static rstan_early_t *rstan_early;
static guint rstan_early_n;

static void where_captured(tvbuff_t *tvb, packet_info *pinfo, rstan_where_t *w)
{
    rstan_read_point(tvb, pinfo, &w->section, &w->iface, &w->ifindex);
    if (G_LIKELY(w->ifindex == 0))
        return;
    if (rstan_sll_first == 0)
        rstan_sll_first = w->ifindex;
    if (w->ifindex != rstan_sll_first)
        w->iface = RSTAN_SLL_POINT | (w->ifindex & ~RSTAN_SLL_POINT);
}

/* Two points folded into one interface (plain mergecap): the same packet
 * twice with different TTLs. Checked over the first packets of a one-point
 * file only, in a fixed table; the first such frame is kept. */
#define RSTAN_FOLD_SLOTS   4096
#define RSTAN_FOLD_PACKETS 65536
typedef struct {
    guint64 key;
    guint8  ttl;
} rstan_fold_slot_t;

static rstan_fold_slot_t *rstan_fold;
static guint32 rstan_fold_left;
static guint32 rstan_folded_frame;

#define RSTAN_KEY_RESET 0
#define RSTAN_KEY_NOTE  1

/* Per address: the engine's baseline, the resets judged before it settled
 * and the baseline change they were last judged at. */
typedef struct {
    rstan_host_t h;
    wmem_list_t *pending;
    guint16 settled;
} rstan_hostrec_t;

static wmem_map_t *rstan_hosts;
static wmem_map_t *rstan_streams;
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

static void rstan_init(void)
{
    rstan_hosts = wmem_map_new(wmem_file_scope(), host_hash, host_equal);
    rstan_streams = wmem_map_new(wmem_file_scope(), key_hash, key_equal);
    rstan_points = NULL;
    rstan_points_checked = FALSE;
    rstan_sll_first = 0;
    rstan_early = NULL;
    rstan_early_n = 0;
    rstan_fold = NULL;
    rstan_fold_left = RSTAN_FOLD_PACKETS;
    rstan_folded_frame = 0;
    rstan_periodic_init(&rstan_periodic);
}

static void rstan_cleanup(void)
{
    rstan_hosts = NULL;
    rstan_streams = NULL;
    rstan_points = NULL;
    rstan_fold = NULL;
    rstan_periodic_free(&rstan_periodic);
}

/* The file has several points: keep state per point from now on. */
static void points_start(void)
{
    rstan_points_t *pts = wmem_new0(wmem_file_scope(), rstan_points_t);
    rstan_pt_slot_t *slots = wmem_alloc(wmem_file_scope(), RSTAN_PT_SLOTS * sizeof(rstan_pt_slot_t));
    rstan_pt_config_t cfg;
    rstan_pt_config_default(&cfg);
    if (!rstan_pt_init(&pts->ctx, &cfg, slots, RSTAN_PT_SLOTS))
        return;
    rstan_points = pts;
    rstan_fold = NULL;
}

/* The first packet of the first pass: a file whose second interface has a
 * name (tools/rstan-merge, mergecap -I none of named captures) has several
 * points from its first packet on. */
static void points_check(packet_info *pinfo, const rstan_where_t *w)
{
    rstan_points_checked = TRUE;
    if (w->ifindex == 0 && rstan_interface_name(pinfo, w->section, w->iface == 0 ? 1 : 0) != NULL)
        points_start();
    else {
        rstan_fold = wmem_alloc0(wmem_file_scope(), RSTAN_FOLD_SLOTS * sizeof(rstan_fold_slot_t));
        rstan_early = wmem_alloc(wmem_file_scope(), RSTAN_EARLY_PACKETS * sizeof(rstan_early_t));
    }
}

/* The index of point (section, iface), or rstan_points->n if it has none. */
static guint find_point(guint section, guint32 iface)
{
    const rstan_points_t *pts = rstan_points;
    guint i = 0;
    while (i < pts->n && (pts->section[i] != section || pts->iface[i] != iface))
        i++;
    return i;
}

/* A new point's index (RSTAN_PT_MAX_POINTS: the matcher holds no more). */
static guint add_point(guint section, guint32 iface)
{
    rstan_points_t *pts = rstan_points;
    if (pts->n == RSTAN_PT_MAX_POINTS)
        return RSTAN_PT_MAX_POINTS;
    guint i = pts->n++;
    pts->section[i] = section;
    pts->iface[i] = iface;
    return i;
}

/* A cooked capture's interfaces are one device's: one clock. */
static void device_clock(guint i)
{
    rstan_points->ctx.cfg.offset_ns[i] = 0;
    rstan_points->ctx.cfg.offset_set[i] = true;
}

/* The point index of the packet (RSTAN_PT_MAX_POINTS: too many points). */
static guint point_index(packet_info *pinfo, const rstan_where_t *w)
{
    rstan_points_t *pts = rstan_points;
    guint i = find_point(w->section, w->iface);
    if (i < pts->n)
        return i;
    /* A cooked capture of a host with many interfaces (containers' veths):
     * the interfaces past the matcher's points share the last one, "if*",
     * as the whole file did before it had points, so none goes unanalysed. */
    if (w->ifindex != 0 && pts->n >= RSTAN_PT_MAX_POINTS - 1) {
        i = find_point(w->section, RSTAN_SLL_POINT);
        if (i == pts->n && (i = add_point(w->section, RSTAN_SLL_POINT)) < RSTAN_PT_MAX_POINTS) {
            device_clock(i);
            pts->name[i] = "if*";
        }
        return i;
    }
    if ((i = add_point(w->section, w->iface)) == RSTAN_PT_MAX_POINTS)
        return i;
    /* The user names an SLL2 point by the device's interface index. */
    guint32 user_key = w->ifindex ? w->ifindex : w->iface;
    pts->ctx.cfg.offset_set[i] = w->section == 0 && rstan_prefs_point_offset(user_key, &pts->ctx.cfg.offset_ns[i]);
    if (w->ifindex != 0 && !pts->ctx.cfg.offset_set[i])
        device_clock(i);
    const char *name = rstan_prefs_point_name(user_key);
    if (name == NULL && w->ifindex == 0)
        name = rstan_interface_name(pinfo, w->section, w->iface);
    if (name != NULL)
        pts->name[i] = wmem_strdup(wmem_file_scope(), name);
    else if (w->section != 0)
        pts->name[i] = wmem_strdup_printf(wmem_file_scope(), "if%u.%u", user_key, w->section);
    else
        pts->name[i] = wmem_strdup_printf(wmem_file_scope(), "if%u", user_key);
    return i;
}

/* A later interface met in a file whose interfaces have no names. */
static gboolean point_appears(const rstan_where_t *w)
{
    return w->section != 0 || w->iface != 0;
}

static void fold_check(packet_info *pinfo, const rstan_key_t *k, const rstan_segment_t *seg)
{
    if (--rstan_fold_left == 0) {
        rstan_fold = NULL;
        return;
    }
    guint64 key = key_hash(k);
    key = key << 32 ^ ((guint64)seg->seq * 0x9e3779b1u) ^ seg->ack ^ ((guint64)seg->ip_id << 40) ^
          ((guint64)seg->flags << 56) ^ ((guint64)seg->dir << 63);
    rstan_fold_slot_t *slot = &rstan_fold[(key ^ key >> 29) % RSTAN_FOLD_SLOTS];
    if (slot->key == key && slot->ttl != seg->ttl) {
        rstan_folded_frame = pinfo->num;
        rstan_fold = NULL;
        return;
    }
    slot->key = key;
    slot->ttl = seg->ttl;
}

static rstan_hostrec_t *host_lookup(const address *addr)
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

static rstan_host_t *host_of(rstan_hostrec_t *rec)
{
    return rec ? &rec->h : NULL;
}

/* Resets judged before their sender's baseline settled (none yet, or one
 * its later packets show to vary) get judged again when it changes; the
 * second pass and the GUI show the result. A host's baseline changes at
 * most twice, so each reset is judged again at most twice. */
static void host_settle_pending(rstan_hostrec_t *rec)
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

/* rstan's state of the packet's 4-tuple. */
static rstan_stream_t *stream_of(packet_info *pinfo, guint point, gboolean create, guint8 *dir)
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

/* A new connection on the 4-tuple starts with this frame: give it its own
 * end record (one allocation per connection). */
static void stream_begin(rstan_stream_t *st, const rstan_segment_t *seg)
{
    if (!rstan_begin(&st->conv, seg))
        return;
    rstan_connrec_t *rec = wmem_new0(wmem_file_scope(), rstan_connrec_t);
    rec->end.first_frame = seg->frame;
    rec->prev = st->conns;
    st->conns = rec;
    rstan_conv_attach_end(&st->conv, &rec->end);
}

/* The connection a frame belongs to, as the first pass recorded it. */
static const rstan_conn_end_t *conn_of_frame(const rstan_stream_t *st, guint32 frame)
{
    for (const rstan_connrec_t *rec = st->conns; rec; rec = rec->prev) {
        if (rec->end.first_frame <= frame)
            return &rec->end;
    }
    return NULL;
}

/* Feeds one packet of the stream to the matcher (its view made on the
 * stream's first packet there); a reset's record keeps the matcher's
 * result, amended by copies met later. */
static void points_feed(rstan_stream_t *st, const rstan_pt_packet_t *pkt, rstan_frame_t *fr)
{
    if (st->view == NULL) {
        st->view = wmem_new(wmem_file_scope(), rstan_pt_conn_t);
        rstan_pt_conn_init(st->view, st->key.point);
    }
    rstan_pt_result_t *res = fr ? wmem_new0(wmem_file_scope(), rstan_pt_result_t) : NULL;
    if (rstan_pt_feed(&rstan_points->ctx, st->view, pkt, res) && fr) {
        res->owner = fr;
        fr->pt = res;
    }
}

/* Keeps a packet of the file's only point so far for early_replay (NULL
 * once the table is full: the matcher then starts without them). */
static rstan_early_t *early_slot(const rstan_pt_packet_t *pkt, rstan_stream_t *st)
{
    if (rstan_early_n == RSTAN_EARLY_PACKETS) {
        rstan_early = NULL;
        return NULL;
    }
    rstan_early_t *e = &rstan_early[rstan_early_n++];
    e->st = st;
    e->fr = NULL;
    e->pkt = *pkt;
    return e;
}

/* Points start at a second interface: the first interface's packets so far
 * go to the matcher first, as point 0, in their order. */
static void early_replay(void)
{
    for (guint i = 0; rstan_early != NULL && i < rstan_early_n; i++)
        points_feed(rstan_early[i].st, &rstan_early[i].pkt, rstan_early[i].fr);
}

/* First pass only: feed the engine and keep what it says with the frame.
 * Returns the reset's record, or NULL for any other packet. */
static rstan_frame_t *rstan_analyse(tvbuff_t *tvb, packet_info *pinfo, rstan_note_t **note_out)
{
    rstan_headers_t h;
    rstan_note_t note;
    bool want_src, want_dst;

    if (!rstan_read_headers(tvb, pinfo, &h))
        return NULL;
    rstan_where_t where;
    where_captured(tvb, pinfo, &where);
    if (G_UNLIKELY(!rstan_points_checked))
        points_check(pinfo, &where);
    guint point = 0;
    if (G_UNLIKELY(rstan_points != NULL || point_appears(&where))) {
        if (rstan_points == NULL) {
            /* Started by a later interface: the packets so far were the
             * file's first interface's, fed as point 0; it stays point 0. */
            points_start();
            rstan_where_t first = { 0, 0, rstan_sll_first };
            if (rstan_points) {
                point_index(pinfo, &first);
                early_replay();
            }
            rstan_early = NULL;
        }
        point = rstan_points ? point_index(pinfo, &where) : 0;
        if (point >= RSTAN_PT_MAX_POINTS)
            return NULL;   /* more points than the matcher holds */
    }
    guint8 dir;
    rstan_stream_t *st = stream_of(pinfo, point, TRUE, &dir);
    if (st == NULL)
        return NULL;
    h.seg.dir = dir;
    if (G_UNLIKELY(rstan_fold != NULL))
        fold_check(pinfo, &st->key, &h.seg);
    rstan_pt_packet_t ptp;
    rstan_early_t *early = NULL;
    if (G_UNLIKELY(rstan_points != NULL || rstan_early != NULL)) {
        rstan_read_point_packet(tvb, &h, &ptp);
        ptp.client_dir = st->conv.client_dir;
        if (rstan_early)
            early = early_slot(&ptp, st);
    }
    stream_begin(st, &h.seg);
    rstan_wants_hosts(&st->conv, &h.seg, &want_src, &want_dst);
    rstan_hostrec_t *src = want_src ? host_lookup(&pinfo->net_src) : NULL;
    rstan_hostrec_t *dst = want_dst ? host_lookup(&pinfo->net_dst) : NULL;

    if (rstan_is_reset(&h)) {
        char reason[RSTAN_MAX_REASON];
        rstan_read_reason(tvb, &h, rstan_prefs_window_codes(), reason, sizeof(reason));
        rstan_frame_t *fr = wmem_new0(wmem_file_scope(), rstan_frame_t);
        fr->stream = rstan_tcp_stream(pinfo);
        fr->reason = reason[0] ? wmem_strdup(wmem_file_scope(), reason) : NULL;
        rstan_feed(&st->conv, host_of(src), host_of(dst), &h.seg, rstan_prefs_config(), &fr->v, &note);
        if (rstan_points)
            points_feed(st, &ptp, fr);
        if (early)
            early->fr = fr;
        if (fr->v.copy_of == 0)
            rstan_periodic_add(&rstan_periodic, &fr->v);
        if (src && rstan_wants_rejudge(&fr->v)) {
            if (src->pending == NULL)
                src->pending = wmem_list_new(wmem_file_scope());
            wmem_list_append(src->pending, &fr->v);
        }
        p_add_proto_data(wmem_file_scope(), pinfo, proto_rstan, RSTAN_KEY_RESET, fr);
        return fr;
    }

    rstan_feed(&st->conv, host_of(src), host_of(dst), &h.seg, rstan_prefs_config(), NULL, &note);
    if (rstan_points)
        points_feed(st, &ptp, NULL);
    host_settle_pending(src);
    if (note.kind != RSTAN_NOTE_NONE) {
        rstan_note_t *n = wmem_new(wmem_file_scope(), rstan_note_t);
        *n = note;
        p_add_proto_data(wmem_file_scope(), pinfo, proto_rstan, RSTAN_KEY_NOTE, n);
        *note_out = n;
    }
    return NULL;
}

static proto_item *add_gen_string(proto_tree *tree, tvbuff_t *tvb, int hf, const char *s)
{
    proto_item *it = proto_tree_add_string(tree, hf, tvb, 0, 0, s);
    proto_item_set_generated(it);
    return it;
}

static proto_item *add_gen_uint(proto_tree *tree, tvbuff_t *tvb, int hf, guint32 val)
{
    proto_item *it = proto_tree_add_uint(tree, hf, tvb, 0, 0, val);
    proto_item_set_generated(it);
    return it;
}

static void draw_evidence(tvbuff_t *tvb, proto_tree *tree, const rstan_verdict_t *v, const rstan_frame_t *fr)
{
    proto_item *it;
    proto_tree *et = proto_tree_add_subtree(tree, tvb, 0, 0, ett_rstan_evidence, &it, "Evidence");
    proto_item_set_generated(it);

    it = add_gen_uint(et, tvb, hf_rstan_ttl, v->ttl);
    proto_item_append_text(it, " (initial-TTL class %u, %d hop%s away)", v->ttl_class, v->hops,
                           v->hops == 1 ? "" : "s");
    add_gen_uint(et, tvb, hf_rstan_ttl_class, v->ttl_class);
    add_gen_uint(et, tvb, hf_rstan_hops, (guint32)(v->hops < 0 ? 0 : v->hops));
    if (v->hops_expected >= 0) {
        it = add_gen_uint(et, tvb, hf_rstan_hops_expected, (guint32)v->hops_expected);
        proto_item_append_text(it, " (the sender's other packets)");
    }
    if (v->has_ipid_step) {
        it = add_gen_uint(et, tvb, hf_rstan_ipid_step, (guint32)v->ipid_step);
        proto_item_append_text(it, " (from the sender's previous packet)");
    }
    it = add_gen_string(et, tvb, hf_rstan_seq_status, rstan_seq_status_name(v->seq_status));
    proto_item_append_text(it, " (against the receiver's expected sequence, RFC 5961)");
    it = add_gen_string(et, tvb, hf_rstan_shape, rstan_shape_name(v->shape));
    proto_item_append_text(it, " (genuine template it fits, RFC 9293)");
    it = proto_tree_add_boolean(et, hf_rstan_ack_fits, tvb, 0, 0, rstan_ack_fits(v));
    proto_item_set_generated(it);
    if (v->idle_ns >= 0) {
        nstime_t t;
        t.secs = (time_t)(v->idle_ns / 1000000000);
        t.nsecs = (int)(v->idle_ns % 1000000000);
        it = proto_tree_add_time(et, hf_rstan_idle_time, tvb, 0, 0, &t);
        proto_item_set_generated(it);
    }
    if (v->rtt_ns >= 0) {
        nstime_t t;
        t.secs = (time_t)(v->rtt_ns / 1000000000);
        t.nsecs = (int)(v->rtt_ns % 1000000000);
        it = proto_tree_add_time(et, hf_rstan_rtt, tvb, 0, 0, &t);
        proto_item_set_generated(it);
    }
    add_gen_uint(et, tvb, hf_rstan_retransmissions, v->retransmissions);
    if (v->answers_frame)
        add_gen_uint(et, tvb, hf_rstan_answers, v->answers_frame);
    if (v->challenge_frame)
        add_gen_uint(et, tvb, hf_rstan_challenge_frame, v->challenge_frame);
    if (v->after_frame)
        add_gen_uint(et, tvb, hf_rstan_after_frame, v->after_frame);
    if (v->copy_of)
        add_gen_uint(et, tvb, hf_rstan_capture_copy_of, v->copy_of);
    if (v->burst_count)
        add_gen_uint(et, tvb, hf_rstan_burst, v->burst_count);
    add_gen_uint(et, tvb, hf_rstan_stream, fr->stream);
    for (unsigned i = 0; i < RSTAN_EV_COUNT; i++) {
        if (!(v->evidence & (UINT64_C(1) << i)))
            continue;
        it = proto_tree_add_boolean_format_value(et, hf_rstan_evidence[i], tvb, 0, 0, TRUE,
                                                 "%s", rstan_evidence_text(i));
        proto_item_set_generated(it);
    }
}

static void add_gen_ns(proto_tree *tree, tvbuff_t *tvb, int hf, gint64 ns)
{
    nstime_t t;
    t.secs = (time_t)(ns / 1000000000);
    t.nsecs = (int)(ns % 1000000000);
    proto_item_set_generated(proto_tree_add_time(tree, hf, tvb, 0, 0, &t));
}

/* Whether the copy is lost between points. A single pass meets a copy at a
 * point nearer the receiver after this one, so only a later pass says so. */
static gboolean lost_between(packet_info *pinfo, const rstan_pt_result_t *r)
{
    return PINFO_FD_VISITED(pinfo) && (r->flags & RSTAN_PT_LOST) != 0;
}

static const char *point_name(guint point)
{
    return point < rstan_points->n ? rstan_points->name[point] : "?";
}

/* The verdict to show: the engine's, judged again with what the other
 * points say about this copy (stored results only; the second pass settles
 * them with everything in the file first). */
static const rstan_verdict_t *verdict_of(packet_info *pinfo, rstan_frame_t *fr)
{
    /* A second capture of a reset shows its first capture's judgement as
     * it stands now (later segments may have amended it). */
    rstan_follow_copy(&fr->v);
    rstan_pt_result_t *r = fr->pt;
    if (r == NULL)
        return &fr->v;
    if (PINFO_FD_VISITED(pinfo))
        rstan_pt_settle(&rstan_points->ctx, r);
    rstan_verdict_t *v = wmem_new(pinfo->pool, rstan_verdict_t);
    *v = fr->v;
    gboolean between = (r->flags & RSTAN_PT_BETWEEN) != 0;
    gboolean crossed = (r->flags & RSTAN_PT_CROSSED) && !(r->flags & RSTAN_PT_FORGED_COPY);
    const rstan_frame_t *pair = r->both_peer ? (const rstan_frame_t *)r->both_peer->owner : NULL;
    if (pair != NULL && rstan_answers_data(&pair->v))
        v->pair_stops_request = true;
    rstan_judge_points(v, between, crossed, lost_between(pinfo, r));
    return v;
}

static void draw_points(tvbuff_t *tvb, packet_info *pinfo, proto_tree *rt, proto_item *ti, const rstan_pt_result_t *r)
{
    add_gen_string(rt, tvb, hf_rstan_point, point_name(r->point));
    wmem_strbuf_t *seen = wmem_strbuf_new(pinfo->pool, "");
    for (guint i = 0; i < r->n_seen && i < RSTAN_PT_MAX_POINTS; i++)
        wmem_strbuf_append_printf(seen, "%s%s", i ? "," : "", point_name(r->seen_at[i]));
    add_gen_string(rt, tvb, hf_rstan_seen_at, wmem_strbuf_get_str(seen));
    if (r->copy_frame)
        add_gen_uint(rt, tvb, hf_rstan_copy, r->copy_frame);
    proto_item *it = proto_tree_add_boolean(rt, hf_rstan_between_points, tvb, 0, 0, (r->flags & RSTAN_PT_BETWEEN) != 0);
    proto_item_set_generated(it);
    it = proto_tree_add_boolean(rt, hf_rstan_lost_between_points, tvb, 0, 0, lost_between(pinfo, r));
    proto_item_set_generated(it);
    if (r->copy_frame) {
        if (r->transit_ns >= 0)
            add_gen_ns(rt, tvb, hf_rstan_transit, r->transit_ns);
        if (r->hops_between >= 0)
            add_gen_uint(rt, tvb, hf_rstan_hops_between, (guint32)r->hops_between);
        if (r->clock != RSTAN_PT_CLOCK_UNKNOWN)
            add_gen_ns(rt, tvb, hf_rstan_clock_offset, r->clock_offset_ns);
    }
    if (r->flags & RSTAN_PT_BETWEEN)
        expert_add_info_format(pinfo, ti, &ei_rstan_between_points, "RST created between capture points %s and %s",
                               point_name(r->between_from), point_name(r->between_to));
    if (lost_between(pinfo, r))
        expert_add_info_format(pinfo, ti, &ei_rstan_lost_between_points,
                               "RST lost between capture points %s and %s: its receiver never got it",
                               point_name(r->lost_from), point_name(r->lost_to));
    if (r->flags & RSTAN_PT_GAP)
        expert_add_info(pinfo, ti, &ei_rstan_point_gap);
    if (!PINFO_FD_VISITED(pinfo))
        add_gen_string(rt, tvb, hf_rstan_points_note,
                       "single pass: copies at points later in the file, and whether a point was still "
                       "capturing, are not known yet (read with -2 to compare all points)");
}

/* Evidence against the claimed sender that is not enough for a spoofed
 * verdict is said at Note level, with the kinds of evidence it rests on. */
static void draw_possibly_forged(packet_info *pinfo, proto_item *ti, const rstan_verdict_t *v)
{
    char kinds[96] = "";
    size_t used = 0;
    for (unsigned f = 0; f < RSTAN_FAMILY_COUNT; f++) {
        if (!(v->families_against & (1u << f)))
            continue;
        int n = snprintf(kinds + used, sizeof(kinds) - used, "%s%s", used ? ", " : "", rstan_family_name(f));
        if (n < 0 || (size_t)n >= sizeof(kinds) - used)
            break;
        used += (size_t)n;
    }
    expert_add_info_format(pinfo, ti, &ei_rstan_possibly_forged,
                           "RST possibly forged: only %s evidence speaks against the %s; not enough to call it spoofed",
                           used ? kinds : "weak", rstan_origin_name(v->claimed));
}

static void draw_reset(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const rstan_frame_t *fr,
                       const rstan_verdict_t *v, const rstan_periodic_finding_t *pf)
{
    proto_item *ti = proto_tree_add_item(tree, proto_rstan, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(ti);
    proto_item_append_text(ti, ": %s, %s, from %s (%s, %u%%)", rstan_phase_name(v->phase),
                           rstan_cause_name(v->cause), rstan_origin_name(v->origin),
                           rstan_verdict_name(v->verdict), v->confidence);
    proto_tree *rt = proto_item_add_subtree(ti, ett_rstan);

    add_gen_string(rt, tvb, hf_rstan_phase, rstan_phase_name(v->phase));
    add_gen_string(rt, tvb, hf_rstan_cause, rstan_cause_name(v->cause));
    add_gen_string(rt, tvb, hf_rstan_origin, rstan_origin_name(v->origin));
    add_gen_string(rt, tvb, hf_rstan_verdict, rstan_verdict_name(v->verdict));
    add_gen_uint(rt, tvb, hf_rstan_confidence, v->confidence);
    proto_item *gi = add_gen_string(rt, tvb, hf_rstan_grounds, rstan_grounds_name(v->grounds));
    proto_item_append_text(gi, " (%s)", rstan_grounds_text(v->grounds));
    add_gen_string(rt, tvb, hf_rstan_claimed, rstan_origin_name(v->claimed));
    add_gen_string(rt, tvb, hf_rstan_hint, rstan_cause_hint(v->cause));
    if (fr->reason || v->reason_kind != RSTAN_REASON_NONE) {
        proto_item *ri = add_gen_string(rt, tvb, hf_rstan_reason, fr->reason ? fr->reason : "");
        add_gen_string(rt, tvb, hf_rstan_reason_kind, rstan_reason_kind_name(v->reason_kind));
        if (v->reason_kind == RSTAN_REASON_DIAG || v->reason_kind == RSTAN_REASON_MPTCP ||
            v->reason_kind == RSTAN_REASON_WINDOW_CODE)
            add_gen_uint(rt, tvb, hf_rstan_reason_code, v->reason_code);
        expert_add_info_format(pinfo, ri, &ei_rstan_reason, "RST carries a reason: %s",
                               fr->reason ? fr->reason : "(empty)");
    }
    if (fr->pt)
        draw_points(tvb, pinfo, rt, ti, fr->pt);
    draw_evidence(tvb, rt, v, fr);

    expert_add_info_format(pinfo, ti, &ei_rstan_summary, "RST in phase %s, cause %s, from %s (%s)",
                           rstan_phase_name(v->phase), rstan_cause_name(v->cause),
                           rstan_origin_name(v->origin), rstan_verdict_name(v->verdict));
    if (v->verdict == RSTAN_VERDICT_SPOOFED)
        expert_add_info_format(pinfo, ti, &ei_rstan_spoof_suspected,
                               "RST is probably not from the %s whose address it carries (%s)",
                               rstan_origin_name(v->claimed), rstan_cause_name(v->cause));
    if (v->grounds == RSTAN_GROUNDS_SUSPECT)
        draw_possibly_forged(pinfo, ti, v);
    if (v->challenge_frame)
        expert_add_info_format(pinfo, ti, &ei_rstan_challenged,
                               "The receiver challenged this RST (challenge ACK in frame %u)",
                               v->challenge_frame);
    if (v->evidence & RSTAN_EV_IGNORED)
        expert_add_info(pinfo, ti, &ei_rstan_ignored);
    if (pf) {
        char silence[64], device[48];
        rstan_periodic_text(pf, silence, sizeof(silence), device, sizeof(device));
        proto_item *pi = add_gen_string(rt, tvb, hf_rstan_periodic,
            wmem_strdup_printf(pinfo->pool, "%u resets %s, %s", pf->count, silence, device));
        expert_add_info_format(pinfo, pi, &ei_rstan_periodic,
            "Periodic resets: %u %s from a %s: it forgets idle flows after at most %.1f s; keepalives more "
            "often than that, or a longer idle timeout on the device, avoid them",
            pf->count, silence, device, (double)pf->lo_ns / 1e9);
    }
}

static void draw_note(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const rstan_note_t *n)
{
    proto_item *ti = proto_tree_add_item(tree, proto_rstan, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(ti);
    proto_tree *rt = proto_item_add_subtree(ti, ett_rstan);
    proto_item *it;
    switch (n->kind) {
    case RSTAN_NOTE_CHALLENGE_ACK:
        proto_item_append_text(ti, ": challenge ACK for the RST in frame %u", n->reset_frame);
        it = add_gen_uint(rt, tvb, hf_rstan_challenge_ack_for, n->reset_frame);
        expert_add_info_format(pinfo, it, &ei_rstan_challenge_ack,
                               "Challenge ACK (RFC 5961) for the RST in frame %u", n->reset_frame);
        break;
    case RSTAN_NOTE_AFTER_RESET:
        proto_item_append_text(ti, ": sent after this side's RST in frame %u", n->reset_frame);
        it = add_gen_uint(rt, tvb, hf_rstan_after_reset_of, n->reset_frame);
        expert_add_info_format(pinfo, it, &ei_rstan_sender_carried_on,
                               "This side carried on after the RST in frame %u: that RST was probably not its own",
                               n->reset_frame);
        break;
    case RSTAN_NOTE_IGNORED:
        proto_item_append_text(ti, ": the receiver carried on after the RST in frame %u", n->reset_frame);
        add_gen_uint(rt, tvb, hf_rstan_ignored_reset, n->reset_frame);
        break;
    default:
        break;
    }
}

/* In a pruned tree (-T fields, -Y) the protocol item always counts as
 * referenced; draw the connection fields only when something asks for them. */
static gboolean conn_fields_wanted(proto_tree *tree)
{
    const int fields[] = { hf_rstan_conn_ended_by, hf_rstan_conn_end_cause, hf_rstan_conn_end_verdict,
                           hf_rstan_conn_reset_frame, hf_rstan_conn_resets };
    if (PTREE_DATA(tree)->visible || proto_registrar_get_nth(proto_rstan_conn)->ref_type != HF_REF_TYPE_NONE)
        return TRUE;
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
        if (proto_registrar_get_nth(fields[i])->ref_type != HF_REF_TYPE_NONE)
            return TRUE;
    }
    return FALSE;
}

static void draw_conn(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    if (!conn_fields_wanted(tree))
        return;
    guint8 dir;
    guint point = 0;
    if (rstan_points) {
        rstan_where_t where;
        where_captured(tvb, pinfo, &where);
        point = point_index(pinfo, &where);
    }
    const rstan_stream_t *st = stream_of(pinfo, point, FALSE, &dir);
    const rstan_conn_end_t *end = st ? conn_of_frame(st, pinfo->num) : NULL;
    if (end == NULL || end->first_reset == NULL)
        return;
    /* The verdict is the first member of its frame record: show it as the
     * reset's own frame does, with what the other points say. */
    const rstan_verdict_t *v = verdict_of(pinfo, (rstan_frame_t *)(void *)end->first_reset);
    proto_item *ti = proto_tree_add_item(tree, proto_rstan_conn, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(ti);
    proto_item_append_text(ti, ": ended by %s (%s)", rstan_origin_name(v->origin), rstan_cause_name(v->cause));
    proto_tree *ct = proto_item_add_subtree(ti, ett_rstan_conn);
    add_gen_string(ct, tvb, hf_rstan_conn_ended_by, rstan_origin_name(v->origin));
    add_gen_string(ct, tvb, hf_rstan_conn_end_cause, rstan_cause_name(v->cause));
    add_gen_string(ct, tvb, hf_rstan_conn_end_verdict, rstan_verdict_name(v->verdict));
    add_gen_uint(ct, tvb, hf_rstan_conn_reset_frame, v->frame);
    add_gen_uint(ct, tvb, hf_rstan_conn_resets, end->resets);
}

static int dissect_rstan(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    if (pinfo->ptype != PT_TCP)
        return 0;
    rstan_frame_t *fr;
    rstan_note_t *n = NULL;
    gboolean visited = PINFO_FD_VISITED(pinfo);
    if (!visited)
        fr = rstan_analyse(tvb, pinfo, &n);
    else
        fr = (rstan_frame_t *)p_get_proto_data(wmem_file_scope(), pinfo, proto_rstan, RSTAN_KEY_RESET);
    /* Without a tree (tshark -q -z expert) the expert items are still
     * told to the expert tap: the drawing below is NULL-safe and runs for
     * resets and the few packets that point at one. */
    if (G_UNLIKELY(rstan_folded_frame == pinfo->num)) {
        proto_item *ti = proto_tree_add_item(tree, proto_rstan, tvb, 0, 0, ENC_NA);
        proto_item_set_generated(ti);
        expert_add_info(pinfo, ti, &ei_rstan_points_folded);
    }
    if (fr) {
        const rstan_verdict_t *v = verdict_of(pinfo, fr);
        col_append_fstr(pinfo->cinfo, COL_INFO, " [RST %s, %s, %s]", rstan_cause_name(v->cause),
                        rstan_origin_name(v->origin), rstan_verdict_name(v->verdict));
        rstan_periodic_finding_t *pf = wmem_new(pinfo->pool, rstan_periodic_finding_t);
        if (!rstan_periodic_of(&rstan_periodic, v, pf))
            pf = NULL;
        rstan_stats_queue(pinfo, v, fr->pt ? point_name(fr->pt->point) : NULL, pf);
        draw_reset(tvb, pinfo, tree, fr, v, pf);
    } else {
        /* The first pass has the note at hand; later passes look it up. */
        if (visited)
            n = (rstan_note_t *)p_get_proto_data(wmem_file_scope(), pinfo, proto_rstan, RSTAN_KEY_NOTE);
        if (n)
            draw_note(tvb, pinfo, tree, n);
    }
    if (tree && rstan_prefs_conn_fields())
        draw_conn(tvb, pinfo, tree);
    return tvb_captured_length(tvb);
}

void proto_register_rstan(void)
{
    static hf_register_info hf[] = {
        { &hf_rstan_phase, { "Phase", "rstan.phase", FT_STRING, BASE_NONE, NULL, 0,
            "Connection phase as the reset's sender saw it.", HFILL } },
        { &hf_rstan_cause, { "Cause", "rstan.cause", FT_STRING, BASE_NONE, NULL, 0,
            "The likely cause of the reset.", HFILL } },
        { &hf_rstan_origin, { "Origin", "rstan.origin", FT_STRING, BASE_NONE, NULL, 0,
            "Who generated the reset: client, server, middlebox or unknown.", HFILL } },
        { &hf_rstan_verdict, { "Verdict", "rstan.verdict", FT_STRING, BASE_NONE, NULL, 0,
            "Whether the endpoint whose address the reset carries sent it.", HFILL } },
        { &hf_rstan_confidence, { "Confidence", "rstan.confidence", FT_UINT8, BASE_DEC, NULL, 0,
            "Calibrated: of the calls made at this confidence, about this many in 100 are right.", HFILL } },
        { &hf_rstan_grounds, { "Grounds", "rstan.grounds", FT_STRING, BASE_NONE, NULL, 0,
            "What the verdict rests on; the confidence is the share of calls on such grounds that were right.", HFILL } },
        { &hf_rstan_claimed, { "Claimed sender", "rstan.claimed", FT_STRING, BASE_NONE, NULL, 0,
            "The endpoint whose address the reset carries.", HFILL } },
        { &hf_rstan_hint, { "Hint", "rstan.hint", FT_STRING, BASE_NONE, NULL, 0,
            "What to check next for this cause.", HFILL } },
        { &hf_rstan_reason, { "Reason on the wire", "rstan.reason", FT_STRING, BASE_NONE, NULL, 0,
            "An explicit reason the reset carries (payload text, diagnostic payload, MP_TCPRST, window code).", HFILL } },
        { &hf_rstan_reason_kind, { "Reason carried in", "rstan.reason_kind", FT_STRING, BASE_NONE, NULL, 0,
            "Where the reset carries its reason.", HFILL } },
        { &hf_rstan_reason_code, { "Reason code", "rstan.reason_code", FT_UINT16, BASE_DEC, NULL, 0,
            "The numeric reason code the reset carries.", HFILL } },
        { &hf_rstan_ttl, { "TTL / hop limit", "rstan.ttl", FT_UINT8, BASE_DEC, NULL, 0,
            "The reset's IPv4 TTL or IPv6 hop limit.", HFILL } },
        { &hf_rstan_ttl_class, { "Initial-TTL class", "rstan.ttl_class", FT_UINT8, BASE_DEC, NULL, 0,
            "The initial TTL the reset's TTL was most likely sent with: 32, 64, 128 or 255.", HFILL } },
        { &hf_rstan_hops, { "Hop distance", "rstan.hops", FT_UINT8, BASE_DEC, NULL, 0,
            "Hops between the reset's sender and the capture point.", HFILL } },
        { &hf_rstan_hops_expected, { "Expected hop distance", "rstan.hops_expected", FT_UINT8, BASE_DEC, NULL, 0,
            "Hop distance of the claimed sender's other packets.", HFILL } },
        { &hf_rstan_ipid_step, { "IP ID step", "rstan.ipid_step", FT_UINT16, BASE_DEC, NULL, 0,
            "The reset's IP ID minus the sender's previous IP ID, modulo 65536.", HFILL } },
        { &hf_rstan_seq_status, { "Sequence status", "rstan.seq_status", FT_STRING, BASE_NONE, NULL, 0,
            "The reset's sequence number against what its receiver expects: exact, in-window, out-of-window or not-checkable.", HFILL } },
        { &hf_rstan_shape, { "Template", "rstan.shape", FT_STRING, BASE_NONE, NULL, 0,
            "Which genuine reset template the flags, sequence and ack numbers fit.", HFILL } },
        { &hf_rstan_ack_fits, { "ACK fits a genuine template", "rstan.ack_fits", FT_BOOLEAN, BASE_NONE, NULL, 0,
            "Whether the ACK flag and number are what a real stack would send here.", HFILL } },
        { &hf_rstan_idle_time, { "Idle before reset", "rstan.idle_time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0,
            "Silence in the connection before the reset.", HFILL } },
        { &hf_rstan_periodic, { "Periodic resets", "rstan.periodic", FT_STRING, BASE_NONE, NULL, 0,
            "This device reset belongs to a run of resets after the same silence from a device at the same "
            "distance: its idle timeout.", HFILL } },
        { &hf_rstan_rtt, { "Round trip to the sender", "rstan.rtt", FT_RELATIVE_TIME, BASE_NONE, NULL, 0,
            "The quickest answer its sender gave at the capture point: from a segment sent once to the first ACK covering it (SYN to SYN-ACK, SYN-ACK to the handshake's ACK, data to its ACK).", HFILL } },
        { &hf_rstan_retransmissions, { "Retransmissions before", "rstan.retransmissions", FT_UINT32, BASE_DEC, NULL, 0,
            "The sender's retransmissions without progress just before the reset.", HFILL } },
        { &hf_rstan_answers, { "Answers frame", "rstan.answers", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0,
            "The segment this reset answers.", HFILL } },
        { &hf_rstan_challenge_frame, { "Challenge ACK in frame", "rstan.challenge_frame", FT_FRAMENUM, BASE_NONE, NULL, 0,
            "The receiver's RFC 5961 challenge ACK for this reset.", HFILL } },
        { &hf_rstan_after_frame, { "Sender carried on in frame", "rstan.after_frame", FT_FRAMENUM, BASE_NONE, NULL, 0,
            "The first segment from the reset's claimed sender after the reset.", HFILL } },
        { &hf_rstan_capture_copy_of, { "Second capture of frame", "rstan.capture_copy_of", FT_FRAMENUM, BASE_NONE, NULL, 0,
            "The same reset captured again moments later (both sides of a router, a SPAN port): judged as that frame.", HFILL } },
        { &hf_rstan_burst, { "Resets in burst", "rstan.burst", FT_UINT32, BASE_DEC, NULL, 0,
            "Number of resets in this sender's burst with changing sequence, ack or TTL.", HFILL } },
        { &hf_rstan_stream, { "TCP stream", "rstan.stream", FT_UINT32, BASE_DEC, NULL, 0,
            "The tcp.stream this reset belongs to.", HFILL } },
        { &hf_rstan_challenge_ack_for, { "Challenge ACK for reset in frame", "rstan.challenge_ack_for", FT_FRAMENUM, BASE_NONE, NULL, 0,
            "This ACK is the RFC 5961 challenge ACK for the reset in that frame.", HFILL } },
        { &hf_rstan_after_reset_of, { "Sent after own reset in frame", "rstan.after_reset_of", FT_FRAMENUM, BASE_NONE, NULL, 0,
            "This side sent this segment after the reset in that frame claimed to come from it.", HFILL } },
        { &hf_rstan_point, { "Capture point", "rstan.point", FT_STRING, BASE_NONE, NULL, 0,
            "The capture point (interface of the file) where this copy was captured.", HFILL } },
        { &hf_rstan_seen_at, { "Seen at", "rstan.seen_at", FT_STRING, BASE_NONE, NULL, 0,
            "The capture points where this reset was seen, comma-separated, nearest the sender first.", HFILL } },
        { &hf_rstan_copy, { "Copy at next point", "rstan.copy", FT_FRAMENUM, BASE_NONE, NULL, 0,
            "The same reset at the next capture point along its path.", HFILL } },
        { &hf_rstan_between_points, { "Created between points", "rstan.between_points", FT_BOOLEAN, BASE_NONE, NULL, 0,
            "Created between two capture points: seen downstream, never upstream.", HFILL } },
        { &hf_rstan_lost_between_points, { "Lost between points", "rstan.lost_between_points", FT_BOOLEAN, BASE_NONE, NULL, 0,
            "Seen near its sender, never at the capture point nearer the receiver.", HFILL } },
        { &hf_rstan_transit, { "Transit to copy", "rstan.transit", FT_RELATIVE_TIME, BASE_NONE, NULL, 0,
            "Time from this copy to the next, clocks corrected.", HFILL } },
        { &hf_rstan_hops_between, { "Hops between copies", "rstan.hops_between", FT_UINT8, BASE_DEC, NULL, 0,
            "TTL / hop-limit difference between the copies.", HFILL } },
        { &hf_rstan_clock_offset, { "Clock offset", "rstan.clock_offset", FT_RELATIVE_TIME, BASE_NONE, NULL, 0,
            "The other point's clock minus this point's, as estimated (or as the preference sets it).", HFILL } },
        { &hf_rstan_points_note, { "Capture points, single pass", "rstan.points_note", FT_STRING, BASE_NONE, NULL, 0,
            "What a single pass over the file can tell about the other points.", HFILL } },
        { &hf_rstan_ignored_reset, { "Receiver ignored reset in frame", "rstan.ignored_reset", FT_FRAMENUM, BASE_NONE, NULL, 0,
            "The receiver of the reset in that frame carried on with this segment.", HFILL } },
    };
    static hf_register_info hf_conn[] = {
        { &hf_rstan_conn_ended_by, { "Ended by", "rstan_conn.ended_by", FT_STRING, BASE_NONE, NULL, 0,
            "Origin of the first reset of this connection.", HFILL } },
        { &hf_rstan_conn_end_cause, { "End cause", "rstan_conn.end_cause", FT_STRING, BASE_NONE, NULL, 0,
            "Cause of the first reset of this connection.", HFILL } },
        { &hf_rstan_conn_end_verdict, { "End verdict", "rstan_conn.end_verdict", FT_STRING, BASE_NONE, NULL, 0,
            "Verdict on the first reset of this connection.", HFILL } },
        { &hf_rstan_conn_reset_frame, { "First reset in frame", "rstan_conn.reset_frame", FT_FRAMENUM, BASE_NONE, NULL, 0,
            "The frame of the first reset of this connection.", HFILL } },
        { &hf_rstan_conn_resets, { "Resets", "rstan_conn.resets", FT_UINT32, BASE_DEC, NULL, 0,
            "Number of resets in this connection.", HFILL } },
    };
    static gint *ett[] = { &ett_rstan, &ett_rstan_evidence, &ett_rstan_conn };
    static ei_register_info ei[] = {
        { &ei_rstan_summary, { "rstan.expert.summary", PI_SEQUENCE, PI_NOTE,
            "RST phase and cause", EXPFILL } },
        { &ei_rstan_spoof_suspected, { "rstan.expert.spoof_suspected", PI_SECURITY, PI_WARN,
            "RST is probably not from the endpoint whose address it carries", EXPFILL } },
        { &ei_rstan_possibly_forged, { "rstan.expert.possibly_forged", PI_SEQUENCE, PI_NOTE,
            "RST possibly forged: some evidence against its claimed sender, not enough to call it spoofed", EXPFILL } },
        { &ei_rstan_challenged, { "rstan.expert.challenged", PI_SEQUENCE, PI_WARN,
            "The receiver challenged this RST (RFC 5961)", EXPFILL } },
        { &ei_rstan_ignored, { "rstan.expert.ignored", PI_SEQUENCE, PI_WARN,
            "The receiver carried on after this RST: it was probably not accepted", EXPFILL } },
        { &ei_rstan_reason, { "rstan.expert.reason", PI_RESPONSE_CODE, PI_NOTE,
            "RST carries a reason", EXPFILL } },
        { &ei_rstan_challenge_ack, { "rstan.expert.challenge_ack", PI_SEQUENCE, PI_NOTE,
            "Challenge ACK for an earlier RST (RFC 5961)", EXPFILL } },
        { &ei_rstan_between_points, { "rstan.expert.between_points", PI_SECURITY, PI_WARN,
            "RST created between capture points", EXPFILL } },
        { &ei_rstan_lost_between_points, { "rstan.expert.lost_between_points", PI_SEQUENCE, PI_NOTE,
            "RST lost between capture points", EXPFILL } },
        { &ei_rstan_point_gap, { "rstan.expert.point_gap", PI_SEQUENCE, PI_NOTE,
            "A capture point did not cover the time of this RST", EXPFILL } },
        { &ei_rstan_periodic, { "rstan.expert.periodic", PI_SEQUENCE, PI_NOTE,
            "Periodic resets: a device forgets idle flows after a fixed time", EXPFILL } },
        { &ei_rstan_points_folded, { "rstan.expert.points_folded", PI_SEQUENCE, PI_WARN,
            "The same packets appear twice on one interface with different TTLs: merge with one interface per point "
            "(mergecap -I none, tools/rstan-merge)", EXPFILL } },
        { &ei_rstan_sender_carried_on, { "rstan.expert.sender_carried_on", PI_SECURITY, PI_WARN,
            "This side carried on after a RST claiming to be its own", EXPFILL } },
    };

    proto_rstan = proto_register_protocol("RST analysis", "RSTAN", "rstan");
    proto_rstan_conn = proto_register_protocol("RST analysis: connection", "RSTAN-CONN", "rstan_conn");
    proto_register_field_array(proto_rstan, hf, array_length(hf));
    proto_register_field_array(proto_rstan_conn, hf_conn, array_length(hf_conn));

    /* One boolean field per evidence bit: rstan.evidence.<name> == 1. */
    static hf_register_info hf_ev[RSTAN_EV_COUNT];
    static char ev_names[RSTAN_EV_COUNT][48];
    static char ev_abbrevs[RSTAN_EV_COUNT][48];
    for (unsigned i = 0; i < RSTAN_EV_COUNT; i++) {
        hf_rstan_evidence[i] = -1;
        g_snprintf(ev_names[i], sizeof(ev_names[i]), "Evidence: %s", rstan_evidence_name(i));
        g_snprintf(ev_abbrevs[i], sizeof(ev_abbrevs[i]), "rstan.evidence.%s", rstan_evidence_name(i));
        hf_ev[i].p_id = &hf_rstan_evidence[i];
        hf_ev[i].hfinfo.name = ev_names[i];
        hf_ev[i].hfinfo.abbrev = ev_abbrevs[i];
        hf_ev[i].hfinfo.type = FT_BOOLEAN;
        hf_ev[i].hfinfo.display = BASE_NONE;
        hf_ev[i].hfinfo.blurb = rstan_evidence_text(i);
        hf_ev[i].hfinfo.id = -1;
        hf_ev[i].hfinfo.parent = 0;
        hf_ev[i].hfinfo.ref_type = HF_REF_TYPE_NONE;
        hf_ev[i].hfinfo.same_name_prev_id = -1;
        hf_ev[i].hfinfo.same_name_next = NULL;
    }
    proto_register_field_array(proto_rstan, hf_ev, RSTAN_EV_COUNT);

    proto_register_subtree_array(ett, array_length(ett));
    expert_module_t *em = expert_register_protocol(proto_rstan);
    expert_register_field_array(em, ei, array_length(ei));

    rstan_prefs_register(proto_rstan);
    register_init_routine(rstan_init);
    register_cleanup_routine(rstan_cleanup);
    rstan_stats_register();
}

void proto_reg_handoff_rstan(void)
{
    dissector_handle_t h = create_dissector_handle(dissect_rstan, proto_rstan);
    register_postdissector(h);
    rstan_headers_init();
}
