# tools/rstan-merge: the real mergecap merges, the real tshark reads the result.
# Each input must come out as its own interface, named after its capture point,
# holding exactly that input's packets in their order, whatever its link type.
#
# SPDX-License-Identifier: GPL-2.0-or-later

import gzip
import shutil
import subprocess

import pytest

from rstan_testlib import CAPTURES, ROOT, tshark

MERGE = ROOT / "tools" / "rstan-merge"
ETH_CLIENT = CAPTURES / "abort-server.v4.client.pcap"
ETH_SERVER = CAPTURES / "abort-server.v4.server.pcap"
SLL2 = CAPTURES / "closed-port-sll2.v6.client.pcap"
RAWIP = CAPTURES / "closed-port-rawip.v4.client.pcap"

pytestmark = pytest.mark.skipif(shutil.which("mergecap") is None, reason="mergecap not installed")


def merge(out, *inputs):
    return subprocess.run([str(MERGE), "-o", str(out), *inputs], capture_output=True, text=True, timeout=120)


def packets(cap, *extra):
    """(interface id, interface name, epoch time, length, encapsulation) of every frame."""
    out = tshark("-r", str(cap), "-T", "fields", "-E", "separator=/t", "-e", "frame.interface_id",
                 "-e", "frame.interface_name", "-e", "frame.time_epoch", "-e", "frame.len",
                 "-e", "frame.encap_type", *extra)
    return [line.split("\t") for line in out.splitlines()]


def readable(tmp_path):
    tmp_path.chmod(0o755)
    for f in tmp_path.iterdir():
        f.chmod(0o644)


def test_one_named_interface_per_input(tmp_path):
    out = tmp_path / "both.pcapng"
    r = merge(out, f"client-side={ETH_CLIENT}", f"server-side={ETH_SERVER}", f"far-end={SLL2}")
    assert r.returncode == 0, r.stderr
    readable(tmp_path)
    merged = packets(out)
    names = {(p[0], p[1]) for p in merged}
    assert names == {("0", "client-side"), ("1", "server-side"), ("2", "far-end")}
    times = [float(p[2]) for p in merged]
    assert times == sorted(times), "frames are not merged by time"
    for iface, src in (("0", ETH_CLIENT), ("1", ETH_SERVER), ("2", SLL2)):
        alone = [p[2:] for p in packets(src)]
        assert [p[2:] for p in merged if p[0] == iface] == alone, f"interface {iface} differs from {src.name}"


def test_mixed_link_types_kept(tmp_path):
    out = tmp_path / "mixed.pcapng"
    assert merge(out, f"a={RAWIP}", f"b={SLL2}", f"c={ETH_CLIENT}").returncode == 0
    readable(tmp_path)
    encap = {p[1]: p[4] for p in packets(out)}
    want = {n: packets(src)[0][4] for n, src in (("a", RAWIP), ("b", SLL2), ("c", ETH_CLIENT))}
    assert encap == want
    assert len(set(encap.values())) == 3


def test_plain_mergecap_folds_the_points(tmp_path):
    """The premise of the tool: mergecap's default makes one interface of two points."""
    out = tmp_path / "folded.pcapng"
    subprocess.run(["mergecap", "-w", str(out), str(ETH_CLIENT), str(ETH_SERVER)], check=True, timeout=60)
    readable(tmp_path)
    assert {p[0] for p in packets(out)} == {"0"}


def test_multi_interface_and_gzip_inputs(tmp_path):
    dev = tmp_path / "dev.pcapng"
    assert merge(dev, f"inside={ETH_CLIENT}", f"outside={ETH_SERVER}").returncode == 0
    gz = tmp_path / "far.pcap.gz"
    gz.write_bytes(gzip.compress(SLL2.read_bytes()))
    out = tmp_path / "all.pcapng"
    r = merge(out, f"fw={dev}", str(gz))
    assert r.returncode == 0, r.stderr
    readable(tmp_path)
    assert r.stdout.split("\n")[:3] == ["interface 0: fw/inside", "interface 1: fw/outside", "interface 2: far"]
    names = {(p[0], p[1]) for p in packets(out)}
    assert names == {("0", "fw/inside"), ("1", "fw/outside"), ("2", "far")}


@pytest.mark.parametrize("args, code", [
    (["a=CLIENT"], 64),                                   # one input only
    (["a=CLIENT", "a=SERVER"], 64),                       # a point named twice
    (["a,b=CLIENT", "c=SERVER"], 64),                     # a comma in a point name
    (["a=CLIENT", "b=MISSING"], 66),
    (["a=CLIENT", "b=NOTCAPTURE"], 65),
])
def test_exit_codes(tmp_path, args, code):
    notcap = tmp_path / "notes.txt"
    notcap.write_text("not a capture\n")
    subst = {"CLIENT": str(ETH_CLIENT), "SERVER": str(ETH_SERVER), "MISSING": str(tmp_path / "nope.pcap"),
             "NOTCAPTURE": str(notcap)}
    args = [a.split("=")[0] + "=" + subst[a.split("=")[1]] for a in args]
    out = tmp_path / "out.pcapng"
    r = merge(out, *args)
    assert r.returncode == code, r.stderr
    assert r.stderr.startswith("rstan-merge: ") or "usage:" in r.stderr
    assert not out.exists()


def test_unwritable_output_and_help(tmp_path):
    r = merge(tmp_path / "no" / "such" / "dir.pcapng", f"a={ETH_CLIENT}", f"b={ETH_SERVER}")
    assert r.returncode == 73
    assert subprocess.run([str(MERGE)], capture_output=True, timeout=30).returncode == 64
    h = subprocess.run([str(MERGE), "--help"], capture_output=True, text=True, timeout=30)
    assert h.returncode == 0
    for code in ("64", "65", "66", "69", "70", "73"):
        assert f"  {code}  " in h.stdout, code
    assert "mergecap -I none" in h.stdout
