# Capture points: the real tshark, with the built plugin, over the merged
# multi-point captures in captures/points/. Each expected row is one copy of a
# reset at one capture point; its values come from how the reset was made
# (captures/gen/points.py), never from the plugin.
#
# SPDX-License-Identifier: GPL-2.0-or-later

import csv
import functools
import importlib.machinery
import re
import types
from collections import Counter

import pytest

import rstan_testlib
from rstan_testlib import CAPTURES, ROOT, TRUTH, tshark

# With POINTS_IMPLEMENTED False (a plugin without capture points), every test that reads an
# rstan capture-point field is a strict xfail: the marker below is the only place that
# changes.
POINTS_IMPLEMENTED = True
pending = (pytest.mark.skipif(False, reason="capture points implemented") if POINTS_IMPLEMENTED else
           pytest.mark.xfail(strict=True, reason="capture points not implemented"))

POINTS_DIR = CAPTURES / "points"
FOLDED = POINTS_DIR / "points-folded.v4.pcapng"
FIELDS = ["frame.number", "frame.interface_name", "_ws.col.Source", "tcp.srcport", "_ws.col.Destination",
          "tcp.dstport", "tcp.flags", "tcp.seq_raw", "rstan.point", "rstan.seen_at", "rstan.between_points",
          "rstan.lost_between_points", "rstan.hops_between", "rstan.origin", "rstan.verdict", "rstan.confidence",
          "rstan.phase", "rstan.cause"]


def merged_captures():
    return [p for p in sorted(POINTS_DIR.glob("*.pcapng")) if expected_path(p).exists()]


def expected_path(cap):
    return cap.with_name(cap.name[: -len(".pcapng")] + ".expected.tsv")


MERGED = merged_captures()


def load_expected(cap):
    with open(expected_path(cap), newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@functools.lru_cache(maxsize=None)
def analyse(cap, two_pass, fields=tuple(FIELDS)):
    return rstan_testlib.analyse(cap, two_pass, fields)


def key(point, src, sport, dst, dport, flags, seq):
    return (point, src.lower(), int(sport), dst.lower(), int(dport), int(flags, 16), int(seq))


def got_key(g, point_field="frame.interface_name"):
    return key(g[point_field], g["_ws.col.Source"], g["tcp.srcport"], g["_ws.col.Destination"], g["tcp.dstport"],
               g["tcp.flags"], g["tcp.seq_raw"])


def pair_up(expected, got):
    """Each expected copy with the analysed reset at the same point with the same addresses,
    ports, flags and raw seq; the k-th of equal keys with the k-th."""
    pool = {}
    for g in got:
        pool.setdefault(got_key(g), []).append(g)
    pairs, missing = [], []
    for e in expected:
        k = key(e["point"], e["src"], e["sport"], e["dst"], e["dport"], e["flags"], e["seq_raw"])
        if pool.get(k):
            pairs.append((e, pool[k].pop(0)))
        else:
            missing.append(e)
    extra = [g for rows in pool.values() for g in rows]
    assert not missing, f"expected copies not found: {missing}"
    assert not extra, f"resets without an expected row: {extra}"
    return pairs


def differences(pairs, want):
    """want(e) -> {field: expected value or None (not asserted)}; lists every mismatch."""
    bad = []
    for e, g in pairs:
        for field, value in want(e).items():
            if value is None:
                continue
            have = g.get(field, "")
            if field in ("rstan.between_points", "rstan.lost_between_points"):
                have = TRUTH.get(have, have)
            if have != value:
                bad.append(f"frame {g['frame.number']} at {e['point']} ({e['reset']}): {field} {have!r} != "
                           f"{value!r} ({e['note']})")
    return bad


def interface_names(cap):
    """The if_name of each interface, read by tools/rstan-merge's own pcapng reader."""
    loader = importlib.machinery.SourceFileLoader("rstan_merge", str(ROOT / "tools" / "rstan-merge"))
    module = types.ModuleType(loader.name)
    loader.exec_module(module)
    return module.interface_names(cap.read_bytes())


PACKET_FIELDS = ("frame.number", "frame.interface_name", "_ws.col.Source", "tcp.srcport", "_ws.col.Destination",
                 "tcp.dstport", "tcp.flags", "tcp.seq_raw")


@pytest.mark.parametrize("cap", MERGED, ids=lambda c: c.name)
def test_points_corpus_consistent(cap):
    """The corpus itself, without rstan's fields: one named interface per point, each with its own
    capture beside it, and every reset copy in the file paired with exactly one expected row."""
    names = interface_names(cap)
    assert len(names) >= 3 and len(set(names)) == len(names), names
    for point in names:
        assert cap.with_name(cap.name[: -len("pcapng")] + point + ".pcap").exists(), point
    rows = load_expected(cap)
    for e in rows:
        assert e["point"] in e["seen_at"].split(","), e
        for p in (e["seen_at"] + "," + e["seen_at_pass1"]).split(","):
            assert p == "" or p in names, p
    pair_up(rows, analyse(cap, True, PACKET_FIELDS))


def test_points_corpus_present():
    assert len(MERGED) >= 10, f"too few merged captures with expected values: {len(MERGED)}"
    assert len(interface_names(FOLDED)) == 1


# Captures whose expected values rstan does not reach yet, with why: scenario (both IP
# versions and its -clocks variant; scenario.vF for one IP version only) -> {test: what rstan
# says today}, the tests being "-2" (test_two_pass), "single" (test_single_pass) and "alone"
# (test_each_point_as_alone).
# Listed from a run of the plugin, each checked against how the capture was made; the
# expected values never come from the plugin. Strict: the test fails when rstan gets them
# right and the entry must go.
NAT_PROBES_V4 = ("single pass: the probe's client copy comes first in the file, before its copies at the other "
                 "points, so nothing has crossed yet; at the client alone its TTL (nmap's own) is no stack's of "
                 "the client, and rstan says unknown / unverified (hops_farther); the second pass is right")
KNOWN_WRONG = {
    "points-syn-reject-late": {
        "-2": "unverified: the server-side points did not cover the moment of the first refusal (they started "
              "after it), so the capture cannot place it; rstan says port-closed / server / unverified at client "
              "(point_gap), but genuine (99) at router-client-side from the single-point evidence (hops_match, "
              "local_sender), which the points do not reach",
        "alone": "the first reject's copies get cause port-closed in the merged file, firewall-reject alone",
    },
    "points-nat-probes.v4": {"single": NAT_PROBES_V4},
    "points-nat-probes-stateless.v4": {"single": NAT_PROBES_V4},
}


def judged(caps, test):
    """caps as parameters, those known wrong in this test marked as such (strict xfail)."""
    out = []
    for cap in caps:
        why = next((w.get(test) for k, w in KNOWN_WRONG.items() if cap.name.startswith(k + ".")
                    or cap.name.startswith(k + "-clocks.")), None)
        marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
        out.append(pytest.param(cap, marks=marks, id=cap.name))
    return out


def test_known_wrong_entries_exist():
    """An entry for a scenario the corpus does not hold, or for a test that does not exist, hides nothing."""
    scenarios = {c.name.split(".")[0] for c in MERGED} | {".".join(c.name.split(".")[:2]) for c in MERGED}
    assert not [k for k in KNOWN_WRONG if k not in scenarios], sorted(KNOWN_WRONG)
    assert all(w and set(w) <= {"-2", "single", "alone"} for w in KNOWN_WRONG.values()), KNOWN_WRONG


def want_two_pass(e):
    w = {"rstan.point": e["point"], "rstan.seen_at": e["seen_at"], "rstan.between_points": e["between_points"],
         "rstan.lost_between_points": e["lost_between_points"], "rstan.origin": e["origin"],
         "rstan.verdict": e["verdict"], "rstan.phase": e["phase"], "rstan.cause": e["cause"],
         "rstan.hops_between": e["hops_between"] or None}
    return w


@pending
@pytest.mark.parametrize("cap", judged(MERGED, "-2"))
def test_two_pass(cap):
    """-2: every copy's point, where the reset was seen, whether it was made or lost between the
    points, the hops between the copies, origin, verdict, phase and cause."""
    pairs = pair_up(load_expected(cap), analyse(cap, True))
    bad = differences(pairs, want_two_pass)
    for e, g in pairs:
        if e["between_points"] == "1" and not (g["rstan.confidence"].isdigit() and int(g["rstan.confidence"]) >= 90):
            bad.append(f"frame {g['frame.number']}: made between points, confidence {g['rstan.confidence']!r} < 90")
    assert not bad, "\n".join(bad)


def single(e, column, main):
    v = e[column]
    return None if v == "-" else (v or e[main])


@pending
@pytest.mark.parametrize("cap", judged(MERGED, "single"))
def test_single_pass(cap):
    """One pass: a copy knows only the copies met before it (the *_pass1 columns say what that
    leaves); phase and cause as with -2 unless a *_pass1 column says otherwise."""
    pairs = pair_up(load_expected(cap), analyse(cap, False))
    bad = differences(pairs, lambda e: {
        "rstan.point": e["point"],
        "rstan.seen_at": e["seen_at_pass1"] or e["seen_at"],
        "rstan.between_points": single(e, "between_points_pass1", "between_points"),
        "rstan.lost_between_points": single(e, "lost_between_points_pass1", "lost_between_points"),
        "rstan.origin": e["origin_pass1"] or e["origin"],
        "rstan.verdict": e["verdict_pass1"] or e["verdict"],
        "rstan.cause": e["cause_pass1"] or e["cause"],
        "rstan.phase": e["phase"]})
    assert not bad, "\n".join(bad)


ALONE = ("frame.number", "_ws.col.Source", "tcp.srcport", "_ws.col.Destination", "tcp.dstport", "tcp.flags",
         "tcp.seq_raw", "rstan.phase", "rstan.cause", "rstan.verdict", "rstan.grounds")


@pending
@pytest.mark.parametrize("cap", judged(MERGED, "alone"))
def test_each_point_as_alone(cap):
    """Each point's phase and cause in the merged file equal those of its own capture read alone,
    and rstan.point names the interface the copy was captured on. Where one point alone holds
    only one kind of evidence against the claimed sender (possibly forged: unverified, the
    sender's own cause) and the points prove the reset was made between them, the merged file
    says spoofed with the device's cause: the points settle what one capture cannot."""
    merged = analyse(cap, True)
    bad = []
    for g in merged:
        if g["rstan.point"] != g["frame.interface_name"]:
            bad.append(f"frame {g['frame.number']}: rstan.point {g['rstan.point']!r} on interface "
                       f"{g['frame.interface_name']!r}")
    for point in sorted({g["frame.interface_name"] for g in merged}):
        alone = cap.with_name(cap.name[: -len("pcapng")] + point + ".pcap")
        mine = {}
        for g in analyse(alone, True, ALONE):
            mine.setdefault(got_key(dict(g, point=point), "point"), []).append(g)
        for g in (g for g in merged if g["frame.interface_name"] == point):
            k = got_key(g)
            if not mine.get(k):
                bad.append(f"{point}: frame {g['frame.number']} has no reset in {alone.name}")
                continue
            a = mine[k].pop(0)
            if a["rstan.grounds"] == "possibly-forged" and g["rstan.between_points"] in ("1", "True"):
                if g["rstan.verdict"] != "spoofed":
                    bad.append(f"{point}: frame {g['frame.number']} made between points but {g['rstan.verdict']}")
                continue
            for f in ("rstan.phase", "rstan.cause"):
                if g[f] != a[f]:
                    bad.append(f"{point}: frame {g['frame.number']} {f} {g[f]!r}, alone (frame "
                               f"{a['frame.number']}) {a[f]!r}")
        bad += [f"{point}: reset at frame {a['frame.number']} alone, not in the merged file"
                for rows in mine.values() for a in rows]
    assert not bad, "\n".join(bad)


def first_repeat(cap):
    """The first frame that repeats an earlier frame's TCP segment with another TTL: where a
    file folded from two points first shows it (computed from the packets themselves)."""
    f = ("frame.number", "ip.src", "ip.dst", "tcp.srcport", "tcp.dstport", "tcp.flags", "tcp.seq_raw", "tcp.ack_raw",
         "ip.id", "ip.ttl")
    out = tshark("-r", str(cap), "-n", "-Y", "tcp", "-T", "fields", "-E", "separator=/t", *sum((["-e", x] for x in f), []))
    seen = {}
    for line in out.splitlines():
        v = line.split("\t")
        ttl = seen.setdefault(tuple(v[1:9]), v[9])
        if ttl != v[9]:
            return v[0]
    return None


@pending
@pytest.mark.parametrize("two_pass", [False, True], ids=["single", "two-pass"])
def test_folded_points_warned(two_pass):
    """Two points folded into one interface by plain mergecap: one points_folded warning, on
    the first packet seen a second time, and no capture-point fields (one point only)."""
    first = first_repeat(FOLDED)
    assert first is not None
    args = ["-r", str(FOLDED), "-n", "-Y", "rstan.expert.points_folded", "-T", "fields", "-e", "frame.number"]
    warned = tshark(*(args + (["-2"] if two_pass else []))).split()
    assert warned == [first]
    pointed = tshark("-r", str(FOLDED), "-n", "-Y", "rstan.point || rstan.seen_at", "-T", "fields",
                     "-e", "frame.number")
    assert pointed == ""


def by_point(text):
    """Counts under "By capture point" in `-z rstan,tree` output."""
    counts, inside = Counter(), False
    for line in text.splitlines():
        m = re.match(r"^(\s*)(\S.*?)\s{2,}(\d+)\s", line)
        if not m:
            continue
        depth = len(m.group(1))
        if depth == 1:
            inside = m.group(2) == "By capture point"
        elif inside and depth == 2:
            counts[m.group(2)] = int(m.group(3))
    return counts


@pending
@pytest.mark.parametrize("cap", MERGED[:6], ids=lambda c: c.name)
def test_stats_by_capture_point(cap):
    """-z rstan,tree counts the reset copies of each point."""
    want = Counter(e["point"] for e in load_expected(cap))
    assert by_point(tshark("-r", str(cap), "-2", "-q", "-z", "rstan,tree")) == want
