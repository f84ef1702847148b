# Integration tests: the real tshark, with the built plugin, as an
# unprivileged user, over every capture in captures/. Expected verdicts come
# from captures/<name>.expected.tsv, written from how each capture was made.
#
# SPDX-License-Identifier: GPL-2.0-or-later

import re
from collections import Counter, defaultdict

import pytest

from rstan_itest import CAPTURES, analyse, load_expected, pair_up, tshark

PHASES = {"handshake", "established", "teardown", "closed", "unknown"}
CAUSES = {"port-closed", "firewall-reject", "backlog-overflow", "time-wait-reuse", "malformed-syn",
          "half-open-scan", "connect-abort", "retransmission-timeout", "idle-timeout", "state-expired",
          "app-abort", "unread-data-close", "data-after-close", "lb-fast-close", "injected", "unknown"}
ORIGINS = {"client", "server", "middlebox", "unknown"}
VERDICTS = {"genuine", "spoofed", "unverified"}

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


def test_corpus_present():
    assert len(CAPS) >= 10, f"too few captures with expected verdicts: {len(CAPS)}"


@pytest.mark.parametrize("cap", CAPS, ids=lambda c: c.name)
def test_two_pass(cap):
    """-2: origin, phase and verdict match for every reset; each reset is analysed."""
    expected = load_expected(cap)
    got = analyse(cap, two_pass=True)
    pairs, missing, extra = pair_up(expected, got)
    assert not missing, f"expected resets not found in the capture: {missing}"
    assert not extra, f"resets without an expected row: {extra}"
    bad = []
    for e, g in pairs:
        assert g["rstan.phase"] in PHASES and g["rstan.cause"] in CAUSES
        assert g["rstan.origin"] in ORIGINS and g["rstan.verdict"] in VERDICTS
        assert 0 <= int(g["rstan.confidence"]) <= 100
        for f in ("phase", "origin", "verdict"):
            if g[f"rstan.{f}"] != e[f]:
                bad.append(f"frame {g['frame.number']}: {f} {g['rstan.' + f]} != {e[f]} ({e.get('note', '')})")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("cap", CAPS, ids=lambda c: c.name)
def test_single_pass(cap):
    """Single pass: origin and phase match; verdicts that need later packets may differ (SPEC)."""
    expected = load_expected(cap)
    got = analyse(cap, two_pass=False)
    pairs, missing, extra = pair_up(expected, got)
    assert not missing and not extra
    bad = []
    for e, g in pairs:
        want_origin = e.get("origin_pass1") or e["origin"]
        if g["rstan.origin"] != want_origin:
            bad.append(f"frame {g['frame.number']}: origin {g['rstan.origin']} != {want_origin}")
        if g["rstan.phase"] != e["phase"] and not e.get("origin_pass1"):
            bad.append(f"frame {g['frame.number']}: phase {g['rstan.phase']} != {e['phase']}")
    assert not bad, "\n".join(bad)


def test_cause_accuracy():
    """-2: the cause matches for at least 95 % of all resets in the corpus."""
    total, hits, misses = 0, 0, []
    for cap in CAPS:
        pairs, _, _ = pair_up(load_expected(cap), analyse(cap, two_pass=True))
        for e, g in pairs:
            total += 1
            if g["rstan.cause"] == e["cause"]:
                hits += 1
            else:
                misses.append(f"{cap.name} frame {g['frame.number']}: {g['rstan.cause']} != {e['cause']}")
    assert total > 0
    assert hits >= 0.95 * total, f"{hits}/{total} causes match; misses:\n" + "\n".join(misses)


def parse_stats(text):
    """Counts per dimension from `-z rstan,tree` output."""
    counts = defaultdict(Counter)
    section = None
    for line in text.splitlines():
        m = re.match(r"^(\s*)(\S.*?)\s{2,}(\d+)\s", line)
        if not m:
            continue
        depth, label, n = len(m.group(1)), m.group(2), int(m.group(3))
        if depth == 0:
            counts["total"]["all"] = n
        elif depth == 1:
            section = label
        elif depth == 2 and section and section.startswith("By ") and "pair" not in section:
            counts[section[3:]][label] = n
    return counts


@pytest.mark.parametrize("cap", CAPS[:8], ids=lambda c: c.name)
def test_stats_tree_counts(cap):
    """-z rstan,tree counts equal the analysed resets by each dimension."""
    got = analyse(cap, two_pass=True)
    stats = parse_stats(tshark("-r", str(cap), "-2", "-q", "-z", "rstan,tree"))
    assert stats["total"]["all"] == len(got)
    for dim in ("origin", "verdict", "phase", "cause"):
        assert stats[dim] == Counter(g[f"rstan.{dim}"] for g in got), dim


def test_icmp_quoted_reset_gets_nothing(tmp_path):
    """A TCP header with RST quoted in an ICMP error is not a reset (SPEC)."""
    from scapy.all import IP, ICMP, TCP, Ether, wrpcap  # Debian python3-scapy
    inner = IP(src="198.18.1.2", dst="198.18.2.2") / TCP(sport=40000, dport=80, flags="R", seq=5)
    pkt = Ether() / IP(src="198.18.3.1", dst="198.18.1.2") / ICMP(type=3, code=1) / bytes(inner)
    f = tmp_path / "icmp.pcap"
    wrpcap(str(f), [pkt])
    f.chmod(0o644)
    tmp_path.chmod(0o755)
    assert tshark("-r", str(f), "-Y", "tcp.flags.reset == 1", "-T", "fields", "-e", "frame.number") == "1\n"
    assert tshark("-r", str(f), "-Y", "rstan", "-T", "fields", "-e", "frame.number") == ""


EVIDENCE = ["ttl_class", "hops_closer", "hops_farther", "hops_closer_one", "hops_match", "ipid_continuous",
            "ipid_jump", "shape_fit", "shape_none", "forgot_connection", "race", "carried_on", "challenged",
            "ignored", "burst", "type1_window", "too_fast", "tos_copied", "tos_zeroed", "both_sides",
            "reason_on_wire", "duplicate", "no_baseline", "local_sender", "after_spoof"]


@pytest.mark.parametrize("cap", [c for c in CAPS if "inj-" in c.name or "fw-" in c.name or "nat-" in c.name
                                 or "day-in" in c.name], ids=lambda c: c.name)
def test_spoofed_and_unverified_show_evidence(cap):
    """Every spoofed or unverified verdict lists at least one piece of evidence."""
    args = ["-r", str(cap), "-2", "-Y", "rstan.verdict in {\"spoofed\", \"unverified\"}", "-T", "fields",
            "-E", "separator=/t", "-e", "frame.number"]
    for name in EVIDENCE:
        args += ["-e", f"rstan.evidence.{name}"]
    for line in tshark(*args).splitlines():
        frame, *flags = line.split("\t")
        assert any(f for f in flags), f"{cap.name} frame {frame}: no evidence listed"
