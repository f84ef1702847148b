/* rstan-capture-points.c
 *
 * Where a frame was captured, and the capture points' orchestration: which
 * point (the file's section and interface, or a Linux cooked v2 capture's
 * interface) a packet belongs to, and so its place: its connection at that
 * point (rstan-state.c) and the snapshot the matcher
 * (plugin/engine/rstan-points.h) gets of it through the engine's session;
 * when a file starts having several points (from its first packet when its
 * interfaces have names, else at the first packet of a second interface,
 * the first interface's early packets then replayed to the matcher); the
 * check for two points folded into one interface; and the names of the
 * points a reset copy's result names.
 * A file with one point pays a pointer test per packet here, and during its
 * first packets the fold check (docs/performance.md, "Capture points").
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-capture-points.h"

#include <epan/wmem_scopes.h>

#include "rstan-prefs.h"

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
 * several links) the device's interface its header names (docs/fields.md,
 * "Capture points"). The first such interface is the file's interface, so a
 * capture that met one interface has one point. */
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

void rstan_points_init(void)
{
    rstan_points = NULL;
    rstan_points_checked = FALSE;
    rstan_sll_first = 0;
    rstan_early = NULL;
    rstan_early_n = 0;
    rstan_fold = NULL;
    rstan_fold_left = RSTAN_FOLD_PACKETS;
    rstan_folded_frame = 0;
}

void rstan_points_cleanup(void)
{
    rstan_points = NULL;
    rstan_fold = NULL;
}

guint32 rstan_points_folded_frame(void)
{
    return rstan_folded_frame;
}

/* The key of the packet's point: a cooked capture's later interfaces are
 * points of their own. learn: the first pass, which meets the file's first
 * cooked interface. */
static void where_of(const rstan_packet_t *pkt, gboolean learn, rstan_where_t *w)
{
    w->section = pkt->section;
    w->iface = pkt->iface;
    w->ifindex = pkt->sll_ifindex;
    if (G_LIKELY(w->ifindex == 0))
        return;
    if (rstan_sll_first == 0 && learn)
        rstan_sll_first = w->ifindex;
    if (w->ifindex != rstan_sll_first)
        w->iface = RSTAN_SLL_POINT | (w->ifindex & ~RSTAN_SLL_POINT);
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
    rstan_state_session()->points = &pts->ctx;
    rstan_fold = NULL;
}

/* The first packet of the first pass: a file whose second interface has a
 * name (tools/rstan-merge, mergecap -I none of named captures) has several
 * points from its first packet on. */
static guint point_index(packet_info *pinfo, const rstan_where_t *w);

/* Every interface the file names is a point from its first frame on, so a
 * point that has yet to see TCP is known to be there (rstan_pt_declare). */
static void declare_points(packet_info *pinfo, guint section)
{
    for (guint32 i = 0; rstan_points != NULL && i < RSTAN_PT_MAX_POINTS &&
                        rstan_interface_name(pinfo, section, i) != NULL; i++) {
        rstan_where_t at = { section, i, 0 };
        guint point = point_index(pinfo, &at);
        if (point < RSTAN_PT_MAX_POINTS)
            rstan_pt_declare(&rstan_points->ctx, point);
    }
}

static void points_check(packet_info *pinfo, const rstan_where_t *w)
{
    rstan_points_checked = TRUE;
    if (w->ifindex == 0 && rstan_interface_name(pinfo, w->section, w->iface == 0 ? 1 : 0) != NULL) {
        points_start();
        declare_points(pinfo, w->section);
    } else {
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

/* A cooked capture of a host with many interfaces (containers' veths): the
 * interfaces past the matcher's points share the last one, "if*", as the
 * whole file did before it had points, so none goes unanalysed. */
static gboolean shares_last_point(const rstan_where_t *w)
{
    return w->ifindex != 0 && rstan_points->n >= RSTAN_PT_MAX_POINTS - 1;
}

/* The point index of the packet (RSTAN_PT_MAX_POINTS: too many points). */
static guint point_index(packet_info *pinfo, const rstan_where_t *w)
{
    rstan_points_t *pts = rstan_points;
    guint i = find_point(w->section, w->iface);
    if (i < pts->n)
        return i;
    if (shares_last_point(w)) {
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

/* Feeds one packet of the stream to the matcher (its view made on the
 * stream's first packet there); a reset's record keeps the matcher's
 * result, amended by copies met later. */
static void feed(rstan_stream_t *st, const rstan_pt_packet_t *snap, rstan_frame_t *fr)
{
    rstan_pt_result_t *pt;
    rstan_session_feed_points(rstan_state_session(), &st->c, snap, fr ? &fr->v : NULL, &pt);
    if (fr)
        fr->pt = pt;
}

/* Points start at a second interface: the first interface's packets so far
 * go to the matcher first, as point 0, in their order. */
static void early_replay(void)
{
    for (guint i = 0; rstan_early != NULL && i < rstan_early_n; i++)
        feed(rstan_early[i].st, &rstan_early[i].pkt, rstan_early[i].fr);
}

void rstan_points_note_frame(tvbuff_t *tvb, packet_info *pinfo)
{
    rstan_packet_t pkt;
    rstan_where_t where;
    memset(&pkt, 0, sizeof(pkt));
    rstan_read_where(tvb, pinfo, &pkt);
    where_of(&pkt, TRUE, &where);
    if (G_UNLIKELY(!rstan_points_checked))
        points_check(pinfo, &where);
    if (rstan_points == NULL)
        return;
    guint point = point_index(pinfo, &where);
    if (point < RSTAN_PT_MAX_POINTS)
        rstan_pt_note(&rstan_points->ctx, point, rstan_frame_time_ns(pinfo));
}

/* The packet's capture point (0 while the file has one point), starting
 * the matcher when a second point appears; FALSE when the file has more
 * points than the matcher holds. */
static gboolean point_of_packet(packet_info *pinfo, const rstan_packet_t *pkt, guint *point)
{
    rstan_where_t where;
    where_of(pkt, TRUE, &where);
    if (G_UNLIKELY(!rstan_points_checked))
        points_check(pinfo, &where);
    *point = 0;
    if (G_LIKELY(rstan_points == NULL && !point_appears(&where)))
        return TRUE;
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
    *point = rstan_points ? point_index(pinfo, &where) : 0;
    return *point < RSTAN_PT_MAX_POINTS;   /* else more points than the matcher holds */
}

static void fold_check(packet_info *pinfo, const rstan_stream_t *st, const rstan_segment_t *seg)
{
    if (--rstan_fold_left == 0) {
        rstan_fold = NULL;
        return;
    }
    guint64 key = st->hash;
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

/* Keeps a packet of the file's only point so far for early_replay, with its
 * reset record if it is a reset (the table is dropped once full: the
 * matcher then starts without them). */
static void early_keep(const rstan_pt_packet_t *snap, rstan_stream_t *st, rstan_frame_t *fr)
{
    if (rstan_early_n == RSTAN_EARLY_PACKETS) {
        rstan_early = NULL;
        return;
    }
    rstan_early_t *e = &rstan_early[rstan_early_n++];
    e->st = st;
    e->fr = fr;
    e->pkt = *snap;
}

rstan_stream_t *rstan_points_place(packet_info *pinfo, rstan_packet_t *pkt, rstan_frame_t **fr,
                                   rstan_pt_packet_t *snap, const rstan_pt_packet_t **snap_out)
{
    guint point;
    guint8 dir;
    *fr = NULL;
    *snap_out = NULL;
    if (!point_of_packet(pinfo, pkt, &point))
        return NULL;
    rstan_stream_t *st = rstan_stream_of(pinfo, point, TRUE, &dir);
    if (st == NULL)
        return NULL;
    pkt->seg.dir = dir;
    if (rstan_is_reset(pkt))
        *fr = rstan_state_new_reset(pkt);
    if (G_UNLIKELY(rstan_fold != NULL))
        fold_check(pinfo, st, &pkt->seg);
    if (G_LIKELY(rstan_points == NULL && rstan_early == NULL))
        return st;
    rstan_pt_packet_make(snap, &pkt->seg, rstan_packet_options(pkt), pkt->payload, pkt->payload_captured,
                         st->c.conv.client_dir);
    if (rstan_early)
        early_keep(snap, st, *fr);
    *snap_out = rstan_points ? snap : NULL;
    return st;
}

guint rstan_points_point_of(const rstan_packet_t *pkt)
{
    if (rstan_points == NULL)
        return 0;
    rstan_where_t w;
    where_of(pkt, FALSE, &w);
    guint i = find_point(w.section, w.iface);
    if (i == rstan_points->n && shares_last_point(&w))
        i = find_point(w.section, RSTAN_SLL_POINT);
    return i;
}

static const char *point_name(guint point)
{
    return point < rstan_points->n ? rstan_points->name[point] : "?";
}

void rstan_points_names(const rstan_pt_result_t *r, wmem_allocator_t *scope, rstan_point_names_t *names)
{
    names->point = point_name(r->point);
    wmem_strbuf_t *seen = wmem_strbuf_new(scope, "");
    for (guint i = 0; i < r->n_seen && i < RSTAN_PT_MAX_POINTS; i++)
        wmem_strbuf_append_printf(seen, "%s%s", i ? "," : "", point_name(r->seen_at[i]));
    names->seen_at = wmem_strbuf_get_str(seen);
    names->between_from = point_name(r->between_from);
    names->between_to = point_name(r->between_to);
    names->lost_from = point_name(r->lost_from);
    names->lost_to = point_name(r->lost_to);
}

