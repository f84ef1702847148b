# Integration tests: the real tshark, with the built plugin, as an
# unprivileged user, over every capture in captures/. Expected verdicts come
# from captures/<name>.expected.tsv, written from how each capture was made.
#
# SPDX-License-Identifier: GPL-2.0-or-later

import functools
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

import rstan_testlib
from pcapfile import LINKTYPE_ETHERNET, write_pcap
from rstan_testlib import CAPTURES, DIMENSIONS, FIELDS as RESET_FIELDS, load_expected, names, pair_up, parse_stats, tshark

PHASES, CAUSES = set(names("phase")), set(names("cause"))
ORIGINS, VERDICTS = set(names("origin")), set(names("verdict"))
EVIDENCE = names("evidence")

FIELDS = RESET_FIELDS + [f"rstan.evidence.{e}" for e in EVIDENCE]
JUDGED = ("phase", "cause", "origin", "verdict")


def captures_with_expectations():
    out = []
    for exp in sorted(CAPTURES.glob("*.expected.tsv")):
        name = exp.name[: -len(".expected.tsv")]
        for ext in (".pcap", ".pcapng"):
            cap = CAPTURES / (name + ext)
            if cap.exists():
                out.append(cap)
    return out


CAPS = captures_with_expectations()



@functools.lru_cache(maxsize=None)
def _analysed(cap, two_pass):
    rows = rstan_testlib.analyse(cap, two_pass, tuple(FIELDS))
    for v in rows:
        v["evidence"] = [e for e in EVIDENCE if v.get(f"rstan.evidence.{e}")]
    return rows


def analyse(cap, two_pass):
    """The shared reading of every reset, with its evidence bits as a list: one tshark run
    per capture and pass (the cache is keyed on positional arguments only, so keyword
    callers share it too)."""
    return _analysed(cap, bool(two_pass))


@pytest.fixture(scope="module", autouse=True)
def analysed(request):
    """Both passes over every capture the selected tests use, two tshark runs at a time."""
    mine = [i for i in request.session.items if i.module is request.module]
    if any(i.originalname == "test_every_evidence_fires_on_some_capture" for i in mine):
        caps = set(CAPS)
    else:
        caps = {i.callspec.params["cap"] for i in mine if hasattr(i, "callspec") and "cap" in i.callspec.params}
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda a: analyse(*a), [(c, p) for c in sorted(caps) for p in (True, False)]))




def test_corpus_present():
    assert len(CAPS) >= 10, f"too few captures with expected verdicts: {len(CAPS)}"


def judged(cap, two_pass):
    """Every expected reset paired with what rstan said; phase, cause, origin and verdict
    compared exactly (single pass: the *_pass1 columns where filled)."""
    expected = load_expected(cap)
    got = analyse(cap, two_pass)
    pairs, missing, extra = pair_up(expected, got)
    assert not missing, f"expected resets not found in the capture: {missing}"
    assert not extra, f"resets without an expected row: {extra}"
    assert len(pairs) == len(expected) == len(got)
    bad = []
    for e, g in pairs:
        assert g["rstan.phase"] in PHASES and g["rstan.cause"] in CAUSES
        assert g["rstan.origin"] in ORIGINS and g["rstan.verdict"] in VERDICTS
        assert 0 <= int(g["rstan.confidence"]) <= 100
        for f in JUDGED:
            want = e[f] if two_pass else (e.get(f"{f}_pass1") or e[f])
            if g[f"rstan.{f}"] != want:
                bad.append(f"frame {g['frame.number']}: {f} {g['rstan.' + f]} != {want} ({e.get('note', '')})")
    return bad


@pytest.mark.parametrize("cap", CAPS, ids=lambda c: c.name)
def test_two_pass(cap):
    """-2: phase, cause, origin and verdict of every reset, exactly."""
    bad = judged(cap, two_pass=True)
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("cap", CAPS, ids=lambda c: c.name)
def test_single_pass(cap):
    """Single pass: the same, except where the *_pass1 columns say what only a
    single pass can know (docs/fields.md, Passes)."""
    bad = judged(cap, two_pass=False)
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("cap", CAPS[:8], ids=lambda c: c.name)
def test_stats_tree_counts(cap):
    """-z rstan,tree counts equal the analysed resets by each dimension."""
    got = analyse(cap, two_pass=True)
    stats = parse_stats(tshark("-r", str(cap), "-2", "-q", "-z", "rstan,tree"))
    assert stats["total"] == len(got)
    for dim in DIMENSIONS:
        assert stats[dim] == Counter(g[f"rstan.{dim}"] for g in got), dim


def expert_counts(text):
    """{(severity section, group, protocol, summary): frequency} of tshark's -z expert."""
    out, section = {}, None
    for line in text.splitlines():
        if line and not line.startswith(" ") and not line.startswith("="):
            section = line.split(" (")[0]
            continue
        parts = line.split(None, 3)
        if len(parts) == 4 and parts[0].isdigit():
            out[(section, parts[1], parts[2], parts[3])] = int(parts[0])
    return out


@pytest.mark.parametrize("two_pass", [False, True], ids=["single", "two-pass"])
@pytest.mark.parametrize("cap", [c for c in CAPS if c.name.startswith(("fw-reject-mid.", "abort-client."))],
                         ids=lambda c: c.name)
def test_expert_info_in_batch_runs(cap, two_pass):
    """tshark -q -z expert builds no tree: rstan's expert items reach it all the same,
    one summary per reset and a Security warning per spoofed reset, as the capture was made."""
    rows = load_expected(cap)
    col = "verdict_pass1" if not two_pass else "verdict"
    spoofed = sum(1 for e in rows if (e.get(col) or e["verdict"]) == "spoofed")
    got = expert_counts(tshark("-r", str(cap), "-q", "-z", "expert", *(["-2"] if two_pass else [])))
    mine = {k: n for k, n in got.items() if k[2] == "RSTAN"}
    summaries = sum(n for k, n in mine.items() if k[0] == "Notes" and k[3].startswith("RST in phase"))
    warnings = sum(n for k, n in mine.items() if k[0] == "Warns" and k[1] == "Security")
    assert summaries == len(rows), got
    assert warnings == spoofed, got


def test_icmp_quoted_reset_gets_nothing(tmp_path):
    """A TCP header with RST quoted in an ICMP error is not a reset (docs/fields.md, Which packets).
    Frame 1: a router's error, whose own addresses differ from the quoted header's. Frame 2: an
    error sent between the very addresses of the header it quotes (as a hostile capture can hold),
    which only the check of the frame's decoded layers for ICMP catches."""
    from scapy.all import IP, ICMP, TCP, Ether  # Debian python3-scapy
    inner = IP(src="198.18.1.2", dst="198.18.2.2") / TCP(sport=40000, dport=80, flags="R", seq=5)
    router = Ether() / IP(src="198.18.3.1", dst="198.18.1.2") / ICMP(type=3, code=1) / bytes(inner)
    same = Ether() / IP(src="198.18.1.2", dst="198.18.2.2") / ICMP(type=3, code=1) / bytes(inner)
    f = tmp_path / "icmp.pcap"
    write_pcap(f, LINKTYPE_ETHERNET, [(1700000000, 0, bytes(router)), (1700000001, 0, bytes(same))])
    f.chmod(0o644)
    tmp_path.chmod(0o755)
    assert tshark("-r", str(f), "-Y", "tcp.flags.reset == 1", "-T", "fields", "-e", "frame.number") == "1\n2\n"
    assert tshark("-r", str(f), "-Y", "rstan", "-T", "fields", "-e", "frame.number") == ""


def judged_without_proof(cap):
    """Frames the expected file calls spoofed or unverified (how the capture was made)."""
    return {e["frame"] for e in load_expected(cap) if e["verdict"] in ("spoofed", "unverified")}


@pytest.mark.parametrize("cap", [c for c in CAPS if judged_without_proof(c)], ids=lambda c: c.name)
def test_spoofed_and_unverified_show_evidence(cap):
    """Every spoofed or unverified verdict lists at least one piece of evidence."""
    pairs, _, _ = pair_up(load_expected(cap), analyse(cap, two_pass=True))
    checked = 0
    for e, g in pairs:
        if e["verdict"] in ("spoofed", "unverified"):
            checked += 1
            assert g["evidence"], f"{cap.name} frame {g['frame.number']}: no evidence listed"
    assert checked == len(judged_without_proof(cap)) > 0


# Evidence that no capture of the corpus produces yet, and why. Every other
# evidence bit must fire on some reset of some capture, single pass or -2, so
# that each rule is exercised by real packets and not by unit rows alone. A
# literal list on purpose: it states what the corpus lacks, and the test holds
# it to the engine's table both ways. (Every weighted bit also has a unit row
# that requires it: tests/unit/test_rules_covered.c.)
NOT_IN_CORPUS = {
    "hops_closer_one": "a device one hop in front of a server with a steady distance: captures/wild/device-resets-both v6 server (test_wild.py)",
    "race": "a forged reset that loses the race to the real endpoint's ack: captures/wild/injector-races-far-server (test_wild.py)",
    "both_sides": "one capture point that sees a device reset both endpoints: captures/wild/device-resets-both router-merged (test_wild.py)",
    "duplicate": "a retransmitted reset: unit rows only (test_origin.c, test_cause.c)",
    "ipid_copied": "a device copying the dropped segment's IP ID: captures/wild/fw-copies-ipid and a unit row (test_origin.c)",
    "socket_ttl": "a socket's own TTL: captures/wild/bgp-gtsm (test_wild.py)",
    "ttl_varies": "a scanner's per-probe TTLs: captures/wild/nmap-syn (test_wild.py)",
    "between_points": "needs several capture points in one file: captures/points/ (test_points.py)",
    "crossed_points": "needs several capture points in one file: captures/points/ (test_points.py)",
    "lost_between_points": "needs several capture points in one file: captures/points/ (test_points.py)",
}


# What the packets after a forged reset say about it (captures/README.md, inj-*): the real
# server carries on after the perfect forgery (d); the client ignores the blind reset outside
# its window (e); it answers the in-window inexact one with a challenge ACK and the
# connection carries on (f). frame -> (field, the reset it names), both passes.
NOTES = {
    "inj-race-crafted.v4.client.pcap": {11: ("rstan.after_reset_of", 10)},
    "inj-blind-crafted.v4.client.pcap": {11: ("rstan.ignored_reset", 10)},
    "inj-challenge-crafted.v4.client.pcap": {11: ("rstan.challenge_ack_for", 10), 12: ("rstan.ignored_reset", 10)},
}
NOTE_FIELDS = ("rstan.after_reset_of", "rstan.ignored_reset", "rstan.challenge_ack_for")


@pytest.mark.parametrize("name", sorted(NOTES))
@pytest.mark.parametrize("two_pass", [False, True], ids=["single", "-2"])
def test_packets_after_a_forged_reset_carry_their_note(name, two_pass):
    args = ["-r", str(CAPTURES / name), "-n", "-Y", " || ".join(NOTE_FIELDS), "-T", "fields",
            "-e", "frame.number"] + [a for f in NOTE_FIELDS for a in ("-e", f)]
    got = {}
    for line in tshark(*(args + (["-2"] if two_pass else []))).splitlines():
        cols = line.split("\t")
        got[int(cols[0])] = [(f, int(v)) for f, v in zip(NOTE_FIELDS, cols[1:]) if v]
    assert got == {k: [v] for k, v in NOTES[name].items()}, got


def test_every_evidence_fires_on_some_capture():
    fired = set()
    for cap in CAPS:
        for two_pass in (True, False):
            for g in analyse(cap, two_pass):
                fired.update(g["evidence"])
    assert set(EVIDENCE) - fired == set(NOT_IN_CORPUS), \
        "evidence fired/unfired differs from NOT_IN_CORPUS: %s" % sorted((set(EVIDENCE) - fired) ^ set(NOT_IN_CORPUS))


# Evidence each scenario was made to produce, by the cause of the reset (captures/README.md):
# literal, from how the captures were made; a name the table lacks never matches.
MADE_FOR = {
    "tos-reset": {"port-closed": "tos_copied", "firewall-reject": "tos_zeroed"},
    "too-fast": {"firewall-reject": "too_fast"},
}


@pytest.mark.parametrize("cap", [c for c in CAPS if c.name.split(".")[0] in MADE_FOR and load_expected(c)],
                         ids=lambda c: c.name)
def test_evidence_a_capture_was_made_for(cap):
    """tos-reset: the server kernel's reset copies the SYN's TOS, nftables' reject clears it;
    too-fast: a reject next to the client arrives sooner than half the handshake's round trip."""
    want = MADE_FOR[cap.name.split(".")[0]]
    for two_pass in (True, False):
        pairs, _, _ = pair_up(load_expected(cap), analyse(cap, two_pass))
        assert pairs
        for e, g in pairs:
            assert want[e["cause"]] in g["evidence"], f"frame {g['frame.number']}: {g['evidence']}"
