# The two-point benchmark capture (tests/bench/gen_capture.py --points), read
# by the real tshark: the same traffic at two named points, a NAT between them.
#
# SPDX-License-Identifier: GPL-2.0-or-later

import json
import subprocess
import sys

import pytest

from rstan_testlib import ROOT, tshark

GEN = ROOT / "tests" / "bench" / "gen_capture.py"
F = ("frame.interface_name", "frame.time_epoch", "ip.src", "ipv6.src", "ip.dst", "ipv6.dst", "tcp.srcport",
     "tcp.dstport", "ip.ttl", "ipv6.hlim", "ip.id", "tcp.seq_raw", "tcp.ack_raw", "tcp.flags", "tcp.len",
     "ip.checksum.status")


@pytest.fixture(scope="module")
def capture(tmp_path_factory):
    d = tmp_path_factory.mktemp("bench-points")
    d.chmod(0o755)
    single, two = d / "one.pcap", d / "two.pcapng"
    for out, extra in ((single, []), (two, ["--points"])):
        subprocess.run([sys.executable, str(GEN), "-o", str(out), "-p", "6000", "-c", "150", "-s", "7", *extra],
                       check=True, capture_output=True, timeout=120)
        out.chmod(0o644)
    return single, two, json.loads((d / "two.pcapng.json").read_text())


def rows(cap, *extra):
    args = ["-r", str(cap), "-n", "-o", "ip.check_checksum:TRUE", "-Y", "tcp && !icmp && !icmpv6", "-T", "fields",
            "-E", "separator=/t", *extra]
    for f in F:
        args += ["-e", f]
    return [dict(zip(F, line.split("\t"))) for line in tshark(*args).splitlines()]


def test_client_side_is_the_single_point_capture(capture):
    single, two, _ = capture
    strip = [{k: v for k, v in r.items() if k != "frame.interface_name"} for r in rows(single)]
    client = [{k: v for k, v in r.items() if k != "frame.interface_name"} for r in rows(two)
              if r["frame.interface_name"] == "client-side"]
    assert client == strip


def test_server_side_copies_behind_a_nat(capture):
    _, two, info = capture
    got = rows(two)
    assert {r["frame.interface_name"] for r in got} == {"client-side", "server-side"}
    times = [float(r["frame.time_epoch"]) for r in got]
    assert times == sorted(times)
    server = {}
    for r in got:
        if r["frame.interface_name"] == "server-side":
            server.setdefault((r["tcp.seq_raw"], r["tcp.ack_raw"], r["tcp.flags"], r["tcp.len"], r["ip.id"]), []).append(r)
    matched = missing = 0
    for c in (r for r in got if r["frame.interface_name"] == "client-side"):
        k = (c["tcp.seq_raw"], c["tcp.ack_raw"], c["tcp.flags"], c["tcp.len"], c["ip.id"])
        if not server.get(k):
            missing += 1
            continue
        s = server[k].pop(0)
        matched += 1
        from_client = (c["ip.src"] or c["ipv6.src"]).startswith(("10.20.", "2001:db8:1:"))
        ttl_c, ttl_s = int(c["ip.ttl"] or c["ipv6.hlim"]), int(s["ip.ttl"] or s["ipv6.hlim"])
        assert ttl_s == ttl_c + (-1 if from_client else 1)
        nat = s["ip.src"] or s["ipv6.src"] if from_client else s["ip.dst"] or s["ipv6.dst"]
        assert nat in ("192.0.2.1", "2001:db8:fffe::1")
        dt = float(s["frame.time_epoch"]) - float(c["frame.time_epoch"])
        assert abs(dt - (0.00015 if from_client else -0.00015)) < 1e-6
        assert s["ip.checksum.status"] in ("", "1")
    assert not any(server.values()), "server-side frames with no client-side original"
    # what did not cross the NAT: the forged resets (ICMP-quoted packets too, when there are any)
    assert missing >= info["forged_rst"] and missing == info["points"]["client-side"] - info["points"]["server-side"] \
        - info["icmp_errors"]
    assert matched == info["points"]["server-side"]
