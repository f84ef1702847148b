# The one helper module of the integration and triage tests: the built plugin, staged for
# an unprivileged tshark by tools/rstan-tshark, the check that it loads, the engine's
# table, the capture corpus and its expected files, the plugin's answers for each reset,
# the stats-tree parser and the connection splitter. (Capture files are written by
# tests/pcapfile.py.)
#
# SPDX-License-Identifier: GPL-2.0-or-later

import atexit
import csv
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "rstan-tshark"
CAPTURES = Path(os.environ.get("RSTAN_CAPTURES", ROOT / "captures"))


def plugin_path():
    return Path(os.environ.get("RSTAN_PLUGIN", ROOT / "build" / "rstan.so"))


_stages = {}
_stages_lock = threading.Lock()


def stage_for(plugin):
    """One stage (tools/rstan-stage home) per plugin for the whole test run, removed at
    exit: tools/rstan-tshark runs in it instead of staging the plugin again each time."""
    plugin = str(plugin)
    with _stages_lock:
        if plugin not in _stages:
            stage = tempfile.mkdtemp(prefix="rstan-tests.")
            atexit.register(shutil.rmtree, stage, True)
            subprocess.run([str(ROOT / "tools" / "rstan-stage"), "home", stage, plugin], check=True)
            _stages[plugin] = stage
        return _stages[plugin]


def tshark(*args, check=True, extra_env=None, timeout=600, plugin=None):
    """Run tshark with the plugin (plugin_path() unless given) as an unprivileged user;
    return stdout."""
    plugin = str(plugin or plugin_path())
    env = dict(os.environ, RSTAN_PLUGIN=plugin, RSTAN_SKIP_LOAD_CHECK="1", RSTAN_STAGE=stage_for(plugin))
    if extra_env:
        env.update(extra_env)
    res = subprocess.run([str(TOOL), *map(str, args)], capture_output=True, text=True, env=env,
                         timeout=timeout)
    if check and res.returncode != 0:
        raise AssertionError(f"tshark {' '.join(args)} failed ({res.returncode}): {res.stderr}")
    for line in res.stderr.splitlines():
        assert "Dissector bug" not in line, line
    return res.stdout


def assert_plugin_loads(plugin=None):
    """A load failure must fail loudly, never pass as empty output: tshark -G plugins
    lists rstan.so."""
    plugin = Path(plugin or plugin_path())
    assert plugin.is_file(), f"no plugin at {plugin}: build it first"
    env = dict(os.environ, RSTAN_PLUGIN=str(plugin))
    out = subprocess.run([str(TOOL), "-G", "plugins"], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert any(line.startswith("rstan.so") for line in out.stdout.splitlines()), out.stdout


def list_table_path():
    return Path(os.environ.get("RSTAN_LIST_TABLE", plugin_path().parent / "rstan-list-table"))


def table():
    """The engine's table (tests/unit/list-table.c): {kind: [(name, weight, text), ...]} in
    filter-number order. Every value set the tests use comes from here."""
    exe = list_table_path()
    assert exe.is_file(), f"no {exe}: build it first (cmake --build build)"
    out = {}
    for line in subprocess.run([str(exe)], capture_output=True, text=True, check=True).stdout.splitlines():
        kind, _num, name, weight, text = line.split("\t")
        out.setdefault(kind, []).append((name, int(weight), text))
    return out


def names(kind):
    return [n for n, _w, _t in table()[kind]]


def rules():
    """The cause rules of plugin/engine/rstan-cause.c by their identifiers, the genuine table
    first, each in the order it is read: [{"id", "table" ("genuine" or "policy"), "says",
    "cause", "source"}] (list-table.c kinds rule, rule_cause, rule_source)."""
    t = table()
    cause = {n: text for n, _w, text in t["rule_cause"]}
    source = {n: text for n, _w, text in t["rule_source"]}
    return [{"id": n, "table": ("genuine", "policy")[w], "says": text, "cause": cause[n], "source": source[n]}
            for n, w, text in t["rule"]]


def connection_numbers(packets):
    """Number the connections in packets (dicts with tcp.stream, tcp.srcport and
    tcp.flags.syn/ack/fin/reset, in capture order): on one tcp.stream, a SYN without ACK
    after a reset or after FINs from both sides starts the next connection on the same
    4-tuple (RFC 9293 §3.10.7.4; what rstan_conn.* follows). Returns one
    (stream, n) per packet."""
    state, out = {}, []
    for p in packets:
        stream = p["tcp.stream"]
        n, fins, ended = state.get(stream, (0, frozenset(), False))
        syn, ack, fin, rst = (p[f] in ("1", "True") for f in ("tcp.flags.syn", "tcp.flags.ack",
                                                             "tcp.flags.fin", "tcp.flags.reset"))
        if syn and not ack and not rst and ended:
            n, fins, ended = n + 1, frozenset(), False
        if fin:
            fins = fins | {p["tcp.srcport"]}
        if rst or len(fins) == 2:
            ended = True
        state[stream] = (n, fins, ended)
        out.append((stream, n))
    return out


DIMENSIONS = ('origin', 'verdict', 'phase', 'cause')
STATS_LINE = re.compile(r'^( *)(\S.*?)\s{2,}(\d+)(?:\s|$)')


def parse_stats(text):
    """Counts of the rstan stats tree by dimension: {'total': n, 'origin': {...}, ...}.
    The tree prints one level of indentation per space: the root, then the
    "By origin" style sections, then their values."""
    out = {'total': None}
    for d in DIMENSIONS:
        out[d] = {}
    section = None
    for line in text.splitlines():
        m = STATS_LINE.match(line)
        if not m:
            continue
        depth, name, count = len(m.group(1)), m.group(2).strip(), int(m.group(3))
        if depth == 0:
            if out['total'] is None:
                out['total'] = count
            section = None
        elif depth == 1:
            sm = re.match(r'By (origin|verdict|phase|cause)$', name)
            section = sm.group(1) if sm else None
        elif depth == 2 and section and count:
            out[section][name] = count
    return out


RESETS = "tcp.flags.reset == 1 && !icmp && !icmpv6"
# The Source/Destination columns hold the innermost addresses, whatever the tunnel.
FIELDS = ["frame.number", "_ws.col.Source", "tcp.srcport", "_ws.col.Destination", "tcp.dstport",
          "tcp.flags", "tcp.seq_raw", "rstan.phase", "rstan.cause", "rstan.origin", "rstan.verdict",
          "rstan.confidence", "rstan.point", "rstan.between_points"]
# Booleans print as 0/1 up to 4.2 and as False/True from 4.4 on.
TRUTH = {"1": "1", "True": "1", "0": "0", "False": "0"}
# The columns of tests/versions/verdicts, after the capture and the passes.
VERDICT_FIELDS = ("frame.number", "rstan.phase", "rstan.cause", "rstan.origin", "rstan.verdict",
                  "rstan.point", "rstan.between_points")


def record_verdicts(cap, two_pass, fields, rows):
    """With RSTAN_VERDICTS_DIR set (tests/run-all), keep this run's verdict lines as
    tests/versions/verdicts prints them, so that it need not run tshark again on this
    machine for the release comparison: one file per capture (path under the checkout,
    '/' as '%') and pass."""
    out_dir = os.environ.get("RSTAN_VERDICTS_DIR")
    if not out_dir or any(f not in fields for f in VERDICT_FIELDS):
        return
    try:
        rel = Path(cap).resolve().relative_to(ROOT)
    except ValueError:
        return
    lines = []
    for r in rows:
        if not r["rstan.verdict"]:
            continue
        vals = [r[f] for f in VERDICT_FIELDS]
        vals[-1] = TRUTH.get(vals[-1], vals[-1])
        lines.append("\t".join([str(rel), "2" if two_pass else "1", *vals]) + "\n")
    dest = Path(out_dir) / ("%s.%d" % (str(rel).replace("/", "%"), 2 if two_pass else 1))
    tmp = dest.with_name(dest.name + ".%d.tmp" % os.getpid())
    tmp.write_text("".join(lines))
    os.replace(tmp, dest)


def load_expected(cap):
    """The rows of <capture>.expected.tsv, next to the capture."""
    name = re.sub(r"\.pcap(ng)?$", "", cap.name)
    with open(cap.parent / f"{name}.expected.tsv", newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r.get("frame", "").strip()]
    return rows


def _run_analysis(cap, two_pass, fields):
    args = ["-r", str(cap)]
    if two_pass:
        args.append("-2")
    args += ["-n", "-Y", RESETS, "-T", "fields", "-E", "separator=/t", "-E", "occurrence=l"]
    for f in fields:
        args += ["-e", f]
    rows = []
    for line in tshark(*args).splitlines():
        v = dict(zip(fields, line.split("\t")))
        v["src"] = v.get("_ws.col.Source")
        v["dst"] = v.get("_ws.col.Destination")
        rows.append(v)
    record_verdicts(cap, two_pass, fields, rows)
    return rows


# One tshark run per capture, pass and plugin serves every test module of a pytest run (the
# corpus tests, the wild and points tests, the calibration): the first asks for the fields the
# others use too, and later calls take theirs from its rows.
_SHARED_FIELDS = None
_shared = {}
_shared_lock = threading.Lock()


def shared_fields():
    global _SHARED_FIELDS
    if _SHARED_FIELDS is None:
        try:
            evidence = [f"rstan.evidence.{n}" for n in names("evidence")]
        except (AssertionError, OSError, subprocess.CalledProcessError):
            evidence = []
        _SHARED_FIELDS = tuple(dict.fromkeys(list(FIELDS) + ["rstan.grounds", "rstan.periodic",
                                                             "rstan.expert.periodic"] + evidence))
    return _SHARED_FIELDS


def analyse(cap, two_pass, fields=tuple(FIELDS)):
    """rstan's answer for every reset of a capture, single pass or -2: one dict per reset with
    the fields asked for, and the Source/Destination columns also as src and dst."""
    fields = tuple(fields)
    key = (str(Path(cap).resolve()), bool(two_pass), str(plugin_path()))
    with _shared_lock:
        rows = _shared.get(key)
    if rows is None or (rows and any(f not in rows[0] for f in fields)):
        wanted = tuple(dict.fromkeys(shared_fields() + fields))
        try:
            rows = _run_analysis(cap, two_pass, wanted)
        except AssertionError:
            # a field this plugin does not register (an older build): ask only for these
            return _run_analysis(cap, two_pass, fields)
        with _shared_lock:
            _shared[key] = rows
    return [dict(r) for r in rows]


def key(src, sport, dst, dport, flags, seq):
    return (src.lower(), int(sport), dst.lower(), int(dport), int(flags, 16), int(seq))


def pair_up(expected, got):
    """Match each expected reset to one analysed reset by addresses, ports, flags and raw seq."""
    pool = defaultdict(list)
    for g in got:
        pool[key(g["src"], g["tcp.srcport"], g["dst"], g["tcp.dstport"], g["tcp.flags"], g["tcp.seq_raw"])].append(g)
    pairs, missing = [], []
    for e in expected:
        k = key(e["src"], e["sport"], e["dst"], e["dport"], e["flags"], e["seq_raw"])
        if pool[k]:
            pairs.append((e, pool[k].pop(0)))
        else:
            missing.append(e)
    extra = [g for rows in pool.values() for g in rows]
    return pairs, missing, extra
