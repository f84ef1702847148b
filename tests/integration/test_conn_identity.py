# Connection identity: a SYN after the connection on a 4-tuple ended (both
# FINs, or a reset) starts a new connection, and rstan_conn.* on every packet
# says how that packet's own connection ended. Captures: wild/tuple-reuse (a
# server abort, then a clean close on the same 4-tuple) and time-wait-reuse
# (a clean close, then a SYN into TIME_WAIT that the client resets).
#
# SPDX-License-Identifier: GPL-2.0-or-later

import csv
import re

import pytest

from rstan_testlib import CAPTURES, connection_numbers, tshark

REUSED = sorted(CAPTURES.glob("wild/tuple-reuse.*.pcap")) + sorted(CAPTURES.glob("time-wait-reuse.*.pcap"))
CONN = ["rstan_conn.ended_by", "rstan_conn.end_cause", "rstan_conn.end_verdict", "rstan_conn.reset_frame",
        "rstan_conn.resets"]


def test_reuse_captures_present():
    assert len(REUSED) >= 2, "no capture of a reused 4-tuple"


def load_expected(cap):
    with open(cap.parent / (re.sub(r"\.pcap(ng)?$", "", cap.name) + ".expected.tsv"), newline="") as f:
        return [r for r in csv.DictReader(f, delimiter="\t") if r.get("frame", "").strip()]


def connections(packets):
    """Frame ranges (first, last) of the connections on the capture's one 4-tuple."""
    ranges = {}
    for p, conn in zip(packets, connection_numbers(packets)):
        frame = int(p["frame.number"])
        first, last = ranges.get(conn, (frame, frame))
        ranges[conn] = (min(first, frame), max(last, frame))
    return [ranges[c] for c in sorted(ranges)]


@pytest.mark.parametrize("two_pass", [True, False], ids=["2pass", "1pass"])
@pytest.mark.parametrize("cap", REUSED, ids=lambda c: c.name)
def test_conn_fields_follow_their_connection(cap, two_pass):
    fields = ["frame.number", "tcp.stream", "tcp.srcport", "tcp.flags.syn", "tcp.flags.ack", "tcp.flags.fin",
              "tcp.flags.reset"] + CONN
    args = ["-r", str(cap), "-n", "-T", "fields", "-E", "separator=/t"] + (["-2"] if two_pass else [])
    for f in fields:
        args += ["-e", f]
    packets = [dict(zip(fields, line.split("\t"))) for line in tshark(*args).splitlines()]
    conns = connections(packets)
    assert len(conns) == 2, f"{cap.name}: want two connections on one 4-tuple, found {conns}"
    resets = sorted(load_expected(cap), key=lambda e: int(e["frame"]))
    checked = 0
    for first, last in conns:
        own = [e for e in resets if first <= int(e["frame"]) <= last]
        for p in packets:
            frame = int(p["frame.number"])
            if not first <= frame <= last:
                continue
            got = tuple(p[f] for f in CONN)
            # A single pass knows how a connection ended only from its first reset on.
            if own and (two_pass or frame >= int(own[0]["frame"])):
                e = own[0]
                want = (e["origin"], e["cause"], e["verdict"], e["frame"], str(len(own)))
            else:
                want = ("",) * len(CONN)
            assert got == want, f"{cap.name} frame {frame}: rstan_conn {got}, want {want}"
            checked += 1
    assert checked == len(packets) > 0
