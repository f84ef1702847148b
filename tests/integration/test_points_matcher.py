# The capture-point matcher alone (plugin/engine/rstan-points) against the
# multi-point corpus: tshark reads each merged capture in captures/points/,
# build/points_feed feeds the packets to the matcher, and every reset copy's
# points seen at (nearest the sender first, after both passes and after one),
# made-between and lost flags and hop count must be those of the expected
# file, written from where each reset was made. Also: captures of two points
# folded into one interface are noticed, single-point captures are not.
# Skipped when the corpus is missing.
#
# SPDX-License-Identifier: GPL-2.0-or-later

import csv
import os
import subprocess
from pathlib import Path

import pytest

from rstan_testlib import CAPTURES, ROOT, tshark

FEED = Path(os.environ.get("RSTAN_POINTS_FEED", ROOT / "build" / "points_feed"))
FIELDS = ["frame.number", "frame.interface_id", "frame.interface_name", "frame.time_epoch", "tcp.stream",
          "ip.src", "ipv6.src", "tcp.srcport", "ip.ttl", "ipv6.hlim", "ip.id", "tcp.seq_raw", "tcp.ack_raw",
          "tcp.flags", "tcp.len", "tcp.options", "tcp.payload"]
CAPS = sorted(p for p in (CAPTURES / "points").glob("*.pcapng")
              if p.with_name(p.name[: -len(".pcapng")] + ".expected.tsv").exists())


FOLDED = CAPTURES / "points" / "points-folded.v4.pcapng"
# Single-point captures of real stacks, with retransmissions, duplicates and
# resets: none may look folded.
SINGLE = [CAPTURES / n for n in ("abort-server.v4.client.pcap", "blackhole.v4.client.pcap",
                                 "backlog-overflow.v4.server.pcap", "abort-client.v6.server.pcap")]


def feed(cap):
    assert FEED.is_file(), f"no {FEED}: build it first"
    # Every frame: those of other protocols show that their point was capturing.
    args = ["-r", str(cap), "-n", "-T", "fields", "-E", "separator=/t", "-E", "occurrence=l"]
    for f in FIELDS:
        args += ["-e", f]
    packets = tshark(*args)
    out = subprocess.run([str(FEED)], input=packets, capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    assert lines and lines[-1].startswith("folded\t"), out
    _, count, first = lines[-1].split("\t")
    return lines[:-1], int(count), int(first)


@pytest.mark.skipif(not FOLDED.exists(), reason="no folded capture in captures/points")
def test_folded_points_are_noticed():
    # mergecap without -I none: client and server captures in one interface.
    _, count, first = feed(FOLDED)
    assert count >= 2 and first > 0, (count, first)


@pytest.mark.parametrize("cap", [c for c in SINGLE if c.exists()], ids=lambda c: c.name)
def test_single_point_is_not_folded(cap):
    _, count, first = feed(cap)
    assert count == 0, f"{cap.name}: {count} repeats with another TTL from frame {first}"


# Scenarios whose points the matcher does not get right yet (both IP versions), with what it
# says; strict xfails, as test_points.py's KNOWN_WRONG: the entry goes when the matcher is right,
# or stays with the reason when the capture cannot tell what the expected file (the truth) says.
KNOWN_WRONG = {
    "points-syn-reject-late": "unverified: the server-side points did not cover the moment of the first refusal "
                              "(they started after it), so the matcher cannot say it was made between the points: "
                              "gap and unplaced, not between_points",
}


def judged(caps):
    return [pytest.param(c, id=c.name, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[c.name.split(".")[0]])]
                         if c.name.split(".")[0] in KNOWN_WRONG else []) for c in caps]


@pytest.mark.skipif(not CAPS, reason="no multi-point corpus in captures/points")
@pytest.mark.parametrize("cap", judged(CAPS))
def test_matcher_on_corpus(cap):
    lines, _, _ = feed(cap)
    got = {}
    for line in lines:
        frame, point, seen, seen1, between, lost, hops, flags = line.split("\t")
        got[frame] = dict(point=point, seen=seen, seen1=seen1, between=between, lost=lost, hops=hops, flags=flags)
    with open(cap.with_name(cap.name[: -len(".pcapng")] + ".expected.tsv"), newline="") as f:
        want = [r for r in csv.DictReader(f, delimiter="\t") if r.get("frame", "").strip()]
    assert want, f"{cap.name}: the expected file lists no reset"
    problems = []
    for w in want:
        g = got.pop(w["frame"], None)
        if g is None:
            problems.append(f"frame {w['frame']} ({w['reset']}): no result")
            continue
        checks = [("point", w["point"], g["point"]), ("seen_at", w["seen_at"], g["seen"]),
                  ("between_points", w["between_points"], g["between"]),
                  ("lost_between_points", w["lost_between_points"], g["lost"])]
        if w.get("hops_between"):
            checks.append(("hops_between", w["hops_between"], g["hops"]))
        if w.get("seen_at_pass1"):
            checks.append(("seen_at after one pass", w["seen_at_pass1"], g["seen1"]))
        for name, want_v, got_v in checks:
            if want_v != got_v:
                problems.append(f"frame {w['frame']} ({w['reset']}) at {w['point']}: {name} {got_v}, "
                                f"want {want_v} (flags {g['flags']})")
    problems += [f"frame {fr}: a reset the expected file does not list" for fr in got]
    assert not problems, f"{cap.name}:\n" + "\n".join(problems)
