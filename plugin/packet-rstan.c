/* packet-rstan.c
 *
 * The rstan postdissector's entry: it sequences the other parts and decides
 * nothing itself. On the first pass a TCP packet is read once
 * (rstan-headers.c), placed (rstan-capture-points.c: its capture point, its
 * connection there from rstan-state.c, what the matcher needs of it) and
 * fed to the engine's session (engine/rstan-session.c), which runs the
 * engine and the matcher in their order; a reset's record and a note are
 * kept with the frame. What a reset shows is made from those results: on
 * the first pass for that dissection, with what is known so far; once the
 * whole file has been read, for every reset at once in frame order, after
 * which later passes only look it up and draw it (rstan-draw.c), so a
 * verdict never changes when a packet is clicked or dissected again
 * (docs/fields.md). The same split of work as Wireshark's transum plugin
 * (plugins/epan/transum): the first pass computes, later passes look up.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "packet-rstan.h"

#include <string.h>

#include <epan/packet.h>
#include <epan/proto_data.h>

#include "rstan-capture-points.h"
#include "rstan-draw.h"
#include "rstan-headers.h"
#include "rstan-prefs.h"
#include "rstan-register.h"
#include "rstan-state.h"
#include "rstan-stats.h"

#define RSTAN_KEY_RESET 0
#define RSTAN_KEY_NOTE  1

/* First pass only: feed the engine's session the packet read into pkt, and
 * keep what it says with the frame. Returns the reset's record, or NULL for
 * any other packet (*note_out then gets the note it carries, if any);
 * *st_out gets the packet's connection, or NULL when the packet was not
 * analysed. */
static rstan_frame_t *analyse(packet_info *pinfo, rstan_packet_t *pkt, rstan_stream_t **st_out,
                              const rstan_note_t **note_out)
{
    rstan_frame_t *fr;
    rstan_pt_packet_t snap;
    rstan_session_packet_t in = { &pkt->seg, NULL, &pinfo->net_src, &pinfo->net_dst };
    rstan_stream_t *st = rstan_points_place(pinfo, pkt, &fr, &snap, &in.snap);
    if (st == NULL)
        return NULL;
    *st_out = st;
    rstan_fed_t out;
    rstan_session_feed(rstan_state_session(), &st->c, &in, fr ? &fr->v : NULL, &out);
    if (fr) {
        fr->pt = out.pt;
        p_add_proto_data(wmem_file_scope(), pinfo, proto_rstan, RSTAN_KEY_RESET, fr);
    } else if (out.note.kind != RSTAN_NOTE_NONE) {
        rstan_note_t *n = wmem_new(wmem_file_scope(), rstan_note_t);
        *n = out.note;
        p_add_proto_data(wmem_file_scope(), pinfo, proto_rstan, RSTAN_KEY_NOTE, n);
        *note_out = n;
    }
    return fr;
}

/* What fr shows (engine/rstan-session.h): the engine's verdict, judged
 * again with what the other points say (final: with the whole file), the
 * periodic run it belongs to, and the points it names. */
static void make_shown(rstan_frame_t *fr, gboolean final, wmem_allocator_t *scope, rstan_shown_t *sh)
{
    sh->final = final;
    if (fr->pt && sh->judged == NULL)
        sh->judged = wmem_new(scope, rstan_verdict_t);
    rstan_session_result(rstan_state_session(), &fr->v, fr->pt, final, sh->judged, &sh->res);
    if (fr->pt)
        rstan_points_names(fr->pt, scope, &sh->names);
}

/* Every reset's shown result, in frame order, once the file has been read
 * (and again only if packets were analysed since). */
static void make_all_shown(void)
{
    wmem_array_t *resets = rstan_state_resets();
    guint n = resets ? wmem_array_get_count(resets) : 0;
    for (guint i = 0; i < n; i++) {
        rstan_frame_t *fr = *(rstan_frame_t **)wmem_array_index(resets, i);
        if (fr->shown == NULL)
            fr->shown = wmem_new0(wmem_file_scope(), rstan_shown_t);
        make_shown(fr, TRUE, wmem_file_scope(), fr->shown);
    }
    rstan_state_shown_made();
}

static const rstan_shown_t *shown_of(packet_info *pinfo, rstan_frame_t *fr)
{
    if (!PINFO_FD_VISITED(pinfo)) {
        rstan_shown_t *sh = wmem_new0(pinfo->pool, rstan_shown_t);
        make_shown(fr, FALSE, pinfo->pool, sh);
        return sh;
    }
    if (G_UNLIKELY(!rstan_state_shown_current() || fr->shown == NULL))
        make_all_shown();
    return fr->shown;
}

/* dissect_rstan sets each of rstan_view_t's six fields. */
G_STATIC_ASSERT(sizeof(rstan_view_t) == 6 * sizeof(void *));

/* Read (first pass), analyse or look up, show, draw: each part once. */
static int dissect_rstan(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    if (pinfo->ptype != PT_TCP) {
        if (!PINFO_FD_VISITED(pinfo))
            rstan_points_note_frame(tvb, pinfo);
        return 0;
    }
    /* The name expert items and the columns take as their protocol's: the
     * handle's protocol in name only sets none (rstan-register.c), and the
     * caller restores the previous one when this returns. */
    pinfo->current_proto = "RSTAN";
    gboolean visited = PINFO_FD_VISITED(pinfo);
    gboolean want_conn = tree && rstan_prefs_conn_fields() && rstan_draw_conn_wanted(tree);
    rstan_packet_t pkt;
    gboolean read = !visited && rstan_read_packet(tvb, pinfo, &pkt);
    if (!read && want_conn)
        rstan_read_where(tvb, pinfo, &pkt);   /* for the connection fields alone */

    /* Field by field (a memset of it was compiled as a string store, a dozen
     * instructions): the assertion above this function fails when a field
     * is added. */
    rstan_view_t view;
    view.folded = FALSE;
    view.reset = NULL;
    view.shown = NULL;
    view.note = NULL;
    view.conn_end = NULL;
    view.conn_v = NULL;
    rstan_frame_t *fr = NULL;
    rstan_stream_t *st = NULL;
    if (!visited) {
        rstan_state_count_fed();
        if (read)
            fr = analyse(pinfo, &pkt, &st, &view.note);
    } else {
        fr = (rstan_frame_t *)p_get_proto_data(wmem_file_scope(), pinfo, proto_rstan, RSTAN_KEY_RESET);
        if (fr == NULL)
            view.note = (const rstan_note_t *)p_get_proto_data(wmem_file_scope(), pinfo, proto_rstan, RSTAN_KEY_NOTE);
    }
    if (fr) {
        view.reset = fr;
        view.shown = shown_of(pinfo, fr);
        rstan_stats_queue(pinfo, view.shown->res.v, fr->pt ? view.shown->names.point : NULL,
                          view.shown->res.has_periodic ? &view.shown->res.periodic : NULL);
    }
    /* The connection fields of any packet of a connection that had a reset. */
    if (want_conn) {
        guint8 dir;
        if (st == NULL)
            st = rstan_stream_of(pinfo, rstan_points_point_of(&pkt), FALSE, &dir);
        const rstan_conn_end_t *end = st ? rstan_session_conn_of_frame(&st->c, pinfo->num) : NULL;
        if (end != NULL && end->first_reset != NULL) {
            /* The verdict is the first member of its frame record (rstan-state.h). */
            view.conn_end = end;
            view.conn_v = shown_of(pinfo, (rstan_frame_t *)(void *)end->first_reset)->res.v;
        }
    }
    view.folded = G_UNLIKELY(rstan_points_folded_frame() == pinfo->num);
    rstan_draw(tvb, pinfo, tree, &view);
    return read ? (int)pkt.frame_len : (int)tvb_captured_length(tvb);
}

void proto_reg_handoff_rstan(void)
{
    dissector_handle_t h = create_dissector_handle(dissect_rstan, proto_rstan_post);
    register_postdissector(h);
    rstan_headers_init();
    /* The per-file state: made when a file is opened, dropped when closed. */
    register_init_routine(rstan_state_init);
    register_init_routine(rstan_points_init);
    register_cleanup_routine(rstan_state_cleanup);
    register_cleanup_routine(rstan_points_cleanup);
}
