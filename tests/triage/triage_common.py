# SPDX-License-Identifier: GPL-2.0-or-later
"""What the triage tests add to tests/rstan_testlib.py (the helpers they share with the
integration tests: tshark with the plugin, the load check, the stats-tree parser, the
connection splitter): a snapshot of the capture corpus (captures/ plus a small synthetic
capture written here) and of the plugin, and tools/rstan-report."""
import atexit
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import rstan_testlib  # noqa: E402
import triage_synth  # noqa: E402
from rstan_testlib import CAPTURES, DIMENSIONS, ROOT, connection_numbers, parse_stats  # noqa: E402,F401

REPORT = ROOT / 'tools' / 'rstan-report'
SUFFIXES = ('.pcap', '.pcapng', '.cap', '.pcap.gz', '.pcapng.gz', '.cap.gz')
RST_FILTER = 'tcp.flags.reset==1 && !icmp && !icmpv6'
JOBS = os.cpu_count() or 1

WORK = Path(tempfile.mkdtemp(prefix='rstan-triage-'))
os.chmod(WORK, 0o755)
atexit.register(shutil.rmtree, WORK, True)
SYNTH = WORK / 'synth-resets.pcap'
triage_synth.write(str(SYNTH))
os.chmod(SYNTH, 0o644)


def corpus():
    """A snapshot of every capture under captures/ (copied, so that a corpus
    being regenerated cannot change under a test run), and the synthetic one."""
    files = []
    found = []
    if CAPTURES.is_dir():
        for root, dirs, names in os.walk(CAPTURES):
            dirs.sort()
            found += [Path(root) / n for n in sorted(names) if n.lower().endswith(SUFFIXES)]
    if os.environ.get('RSTAN_TRIAGE_QUICK'):
        # CI's quick run: one in three of the IPv4 client-side captures, in path order,
        # stands for the rest. What is checked here (the report, the statistics and the
        # connection fields against the per-reset verdicts) is the same code for every
        # capture; test_captures, test_wild and test_points check every capture's verdicts.
        found = [p for p in found if '.v4.client.' in p.name][::3]
    for src in found:
        dst = SNAPSHOT / src.relative_to(CAPTURES)
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copyfile(src, dst)
        except OSError:
            continue
        files.append(dst)
    for root, dirs, names in os.walk(SNAPSHOT):
        os.chmod(root, 0o755)
        for n in names:
            os.chmod(os.path.join(root, n), 0o644)
    return [SYNTH] + files


SNAPSHOT = WORK / 'captures'
SNAPSHOT.mkdir()
CORPUS = corpus()


def capture_id(p):
    p = Path(p)
    return 'captures/' + str(p.relative_to(SNAPSHOT)) if SNAPSHOT in p.parents else p.name


# A snapshot of the plugin too, so that a rebuild during the run cannot mix
# two versions in one comparison.
PLUGIN_SOURCE = Path(os.environ.get('RSTAN_PLUGIN', ROOT / 'build' / 'rstan.so'))
PLUGIN = WORK / 'rstan.so'
if PLUGIN_SOURCE.is_file():
    shutil.copyfile(PLUGIN_SOURCE, PLUGIN)
    os.chmod(PLUGIN, 0o755)


def plugin_env(**extra):
    env = dict(os.environ, RSTAN_PLUGIN=str(PLUGIN))
    env.update(extra)
    return env


def tshark(*args, timeout=900):
    """tshark with the plugin's snapshot (the session fixture checked that it loads)."""
    return rstan_testlib.tshark(*args, timeout=timeout, plugin=PLUGIN)


def run_report(*args, env=None, timeout=1800):
    return subprocess.run([sys.executable, str(REPORT), *map(str, args)], capture_output=True,
                          text=True, env=env or plugin_env(), timeout=timeout)


def per_capture(fn):
    """{capture: fn(capture)} over the corpus, JOBS at a time."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=JOBS) as ex:
        return dict(zip(CORPUS, ex.map(fn, CORPUS)))


def last(value):
    parts = [x for x in value.split(',') if x]
    return parts[-1] if parts else ''


CONN_FIELDS = ['frame.number', 'tcp.stream', 'rstan_conn.ended_by', 'rstan_conn.reset_frame',
               'tcp.srcport', 'tcp.flags.syn', 'tcp.flags.ack', 'tcp.flags.fin', 'tcp.flags.reset']


def conn_rows(c, two_pass):
    args = ['-n', '-r', c] + (['-2'] if two_pass else []) + [
        '-Y', 'tcp && !icmp && !icmpv6', '-T', 'fields', '-E', 'separator=/t']
    for f in CONN_FIELDS:
        args += ['-e', f]
    packets = [dict(zip(CONN_FIELDS, [last(x) for x in line.split('\t')] + [''] * len(CONN_FIELDS)))
               for line in tshark(*args).splitlines()]
    rows = []
    # rstan_conn.* describes one connection: a tcp.stream, split where a new SYN
    # reuses the 4-tuple after the previous connection ended.
    for v, conn in zip(packets, connection_numbers(packets)):
        rows.append({'frame': int(v['frame.number']),
                     'stream': int(v['tcp.stream']) if v['tcp.stream'] else None,
                     'conn': conn,
                     'ended_by': v['rstan_conn.ended_by'],
                     'reset_frame': int(v['rstan_conn.reset_frame'])
                     if v['rstan_conn.reset_frame'].isdigit() else None})
    return rows


def load_json(rep):
    assert rep['proc'].returncode == 0, rep['proc'].stderr
    with open(rep['json']) as f:
        return json.load(f)


def report_run(mode_args, tag):
    csv_path = WORK / ('report-%s.csv' % tag)
    json_path = WORK / ('report-%s.json' % tag)
    paths = [SYNTH, SNAPSHOT]
    p = run_report(*mode_args, '--csv', csv_path, '--json', json_path, *paths)
    return {'proc': p, 'csv': csv_path, 'json': json_path}
