# The confidence means what it says: tools/rstan-calibrate's reliability tables over the
# labelled corpus (captures/, captures/wild/, captures/points/: origin and verdict columns
# written from how each capture was made), both passes, with the real tshark and plugin.
#
# - no reset an endpoint sent is judged middlebox/spoofed;
# - calls at confidence 90 or more are right at least 99 times in 100;
# - per 10-point band with 30 calls or more, share right within 5 points of the band's mean
#   confidence, and the expected calibration error at most 5 points, on the held-out
#   scenarios (which took no part in setting the grounds' confidences) and on all;
# - grounds whose confidence is below 90 never carry a spoofed verdict.
#
# SPDX-License-Identifier: GPL-2.0-or-later

import functools
import importlib.machinery
import importlib.util
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: rstan_testlib
import rstan_testlib  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def load_tool():
    path = ROOT / "tools" / "rstan-calibrate"
    loader = importlib.machinery.SourceFileLoader("rstan_calibrate", str(path))
    spec = importlib.util.spec_from_loader("rstan_calibrate", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


cal = load_tool()

MIN_BAND_CALLS = 30
MAX_GAP = 5.0


@functools.lru_cache(maxsize=None)
def rows():
    rstan_testlib.assert_plugin_loads()
    out = cal.collect()
    assert len(out) >= 500, f"too few labelled resets: {len(out)}"
    return out


def part(name):
    r = rows()
    if name == "held_out":
        return [x for x in r if x["scenario"] in cal.HELD_OUT]
    return r


def test_held_out_scenarios_exist():
    found = {x["scenario"] for x in rows()}
    missing = cal.HELD_OUT - found
    assert not missing, f"held-out scenarios not in the corpus: {sorted(missing)}"
    assert len(part("held_out")) >= 100


def test_no_endpoint_reset_judged_spoofed():
    bad = [x for x in rows() if x["verdict"] == "spoofed" and x["true_verdict"] == "genuine"]
    assert not bad, "\n".join(f"{x['capture']} {x['pass']} frame {x['frame']}: {x['evidence']}" for x in bad)


def test_sure_calls_are_right():
    sure = [x for x in rows() if x["verdict"] != "unverified" and x["confidence"] >= 90]
    right = sum(1 for x in sure if cal.verdict_right(x))
    assert sure and right >= 0.99 * len(sure), f"{right}/{len(sure)} calls at >= 90 right"


def test_spoofed_only_on_grounds_of_ninety():
    table = {n: c for n, c in cal.grounds_table()}
    bad = [x for x in rows() if x["verdict"] == "spoofed" and table.get(x["grounds"], 0) < 90]
    assert not bad, bad[:5]
    assert all(x["confidence"] == table[x["grounds"]] for x in rows() if x["grounds"] in table)


@pytest.mark.parametrize("what", ["origin", "verdict"])
@pytest.mark.parametrize("which", ["held_out", "all"])
def test_calibrated(which, what):
    f = cal.figures(part(which))[what]
    bad = [f"band {b['band']}: {b['calls']} calls, {b['share']:.1f} % right at mean {b['mean_confidence']:.1f}"
           for b in f["table"]
           if b["calls"] >= MIN_BAND_CALLS and abs(b["share"] - b["mean_confidence"]) > MAX_GAP]
    assert not bad, "\n".join(bad)
    assert f["ece"] <= MAX_GAP, f"{which} {what}: ECE {f['ece']:.1f} points"


def test_one_family_is_a_note_not_a_warning():
    """The client-side capture alone of a router refusing a SYN (captures/points/points-fw-reject:
    r1 answers in the server's name) holds one kind of evidence against the server, its hop count:
    the reset is unverified with the possibly-forged Note, and no Security warning; the merged
    file, whose server side saw the connection and not the reset, proves it spoofed."""
    cap = rstan_testlib.CAPTURES / "points" / "points-fw-reject.v4.client.pcap"
    for two_pass in (False, True):
        args = ["-r", str(cap), "-n"] + (["-2"] if two_pass else [])
        noted = rstan_testlib.tshark(*args, "-Y", "rstan.expert.possibly_forged", "-T", "fields",
                                     "-e", "frame.number", "-e", "rstan.verdict", "-e", "rstan.grounds").split("\n")
        assert "12\tunverified\tpossibly-forged" in noted, noted
        warned = rstan_testlib.tshark(*args, "-Y", 'frame.number == 12 && _ws.expert.group == "Security"',
                                      "-T", "fields", "-e", "frame.number")
        assert not warned.strip(), warned
    merged = rstan_testlib.CAPTURES / "points" / "points-fw-reject.v4.pcapng"
    rows = rstan_testlib.tshark("-r", str(merged), "-n", "-2", "-Y", "rstan.between_points == 1 && tcp.flags.syn == 0",
                                "-T", "fields", "-e", "rstan.verdict", "-e", "rstan.grounds")
    assert rows.strip() and all(r == "spoofed\tproof" for r in rows.strip().split("\n")), rows
