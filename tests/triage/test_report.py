# SPDX-License-Identifier: GPL-2.0-or-later
"""tools/rstan-report over the corpus, and the plugin's statistics and
connection-level fields against the per-reset verdicts."""
import collections
import csv
import json
import os
from pathlib import Path

import pytest

from triage_common import (CORPUS, DIMENSIONS, SYNTH, capture_id, load_json, plugin_env,
                           run_report)
from rstan_testlib import names

COLUMNS = ['file', 'frame', 'time_epoch', 'time_utc', 'src', 'srcport', 'dst', 'dstport',
           'stream', 'point', 'seen_at', 'phase', 'cause', 'origin', 'verdict', 'confidence', 'reason', 'hint']
# The values each dimension may take: the engine's table, never a copy.
VALUES = {dim: set(names(dim)) for dim in DIMENSIONS}
ids = [capture_id(c) for c in CORPUS]


def by_capture(doc):
    out = collections.defaultdict(list)
    for r in doc['resets']:
        out[os.path.realpath(r['file'])].append(r)
    return out


def counts(resets, dim):
    return dict(collections.Counter(r[dim] for r in resets))


# --------------------------------------------------------------------------
# The report itself

def test_report_runs_in_one_command(report_two):
    p = report_two['proc']
    assert p.returncode == 0, p.stderr
    assert 'resets in %d capture' % len(CORPUS) in p.stdout
    for word in ('By origin:', 'By verdict:', 'By phase:', 'By cause:',
                 'Spoofed resets:'):
        assert word in p.stdout
    # one progress line per capture
    assert sum(1 for l in p.stderr.splitlines() if l.startswith('[')) == len(CORPUS)


def test_csv_and_json_parse_and_agree(report_two):
    doc = load_json(report_two)
    assert set(doc) >= {'captures', 'resets', 'summary'}
    with open(report_two['csv'], newline='') as f:
        rows = list(csv.DictReader(f))
    assert rows and list(rows[0]) == COLUMNS
    assert len(rows) == len(doc['resets']) == doc['summary']['resets']
    for row, r in zip(rows, doc['resets']):
        assert row['file'] == r['file'] and int(row['frame']) == r['frame']
        assert row['verdict'] == r['verdict'] and row['cause'] == r['cause']
    assert {os.path.realpath(c['file']) for c in doc['captures']} == \
        {os.path.realpath(c) for c in CORPUS}
    assert all(c['status'] == 'ok' for c in doc['captures'])
    for r in doc['resets']:
        for dim, allowed in VALUES.items():
            assert r[dim] in allowed, (r['file'], r['frame'], dim, r[dim])
        assert isinstance(r['confidence'], int) and 0 <= r['confidence'] <= 100
        assert r['src'] and r['dst'] and r['srcport'] is not None
    s = doc['summary']
    for dim in DIMENSIONS:
        assert s['by_' + dim] == counts(doc['resets'], dim)
    assert len(s['spoofed']) == sum(1 for r in doc['resets'] if r['verdict'] == 'spoofed')


@pytest.mark.parametrize('capture', CORPUS, ids=ids)
def test_one_row_per_reset(capture, report_two, rst_frames):
    got = sorted(r['frame'] for r in by_capture(load_json(report_two))[os.path.realpath(capture)])
    assert len(got) == len(rst_frames[capture])
    assert got == sorted(rst_frames[capture])


def test_synthetic_capture_is_covered(report_two):
    resets = by_capture(load_json(report_two))[os.path.realpath(SYNTH)]
    assert len(resets) == 12
    assert {r['src'] for r in resets} >= {'198.18.2.2', '2001:db8:2::2'}


def test_missing_plugin_is_an_error(work):
    p = run_report(SYNTH, env=plugin_env(RSTAN_PLUGIN='/nonexistent'))
    assert p.returncode == 69
    assert 'plugin' in p.stderr and '/nonexistent' in p.stderr
    assert p.stdout == ''


def test_plugin_that_does_not_load_is_an_error(work):
    bad = work / 'not-a-plugin.so'
    bad.write_text('not an ELF file\n')
    bad.chmod(0o644)
    p = run_report(SYNTH, env=plugin_env(RSTAN_PLUGIN=str(bad)))
    assert p.returncode == 69
    assert 'not loaded' in p.stderr


def test_unreadable_captures_fail_but_others_are_reported(work):
    garbage = work / 'garbage.pcap'
    garbage.write_bytes(bytes(range(256)) * 4)
    garbage.chmod(0o644)
    missing = work / 'no-such-capture.pcap'
    out = work / 'partial.json'
    p = run_report('--json', out, SYNTH, garbage, missing)
    assert p.returncode == 65, p.stderr
    err = p.stderr
    assert str(garbage) in err and "isn't a capture file" in err
    assert str(missing) in err
    doc = json.loads(out.read_text())
    status = {Path(c['file']).name: c['status'] for c in doc['captures']}
    assert status == {SYNTH.name: 'ok', 'garbage.pcap': 'error', 'no-such-capture.pcap': 'error'}
    assert len(doc['resets']) == 12


def test_usage_errors(work):
    assert run_report().returncode == 64
    empty = work / 'empty-folder'
    empty.mkdir(exist_ok=True)
    p = run_report(empty)
    assert p.returncode == 64 and 'no capture files' in p.stderr


def test_folder_recursion_and_compressed_captures(work):
    import gzip
    d = work / 'tree' / 'deeper'
    d.mkdir(parents=True, exist_ok=True)
    (d / 'a.pcap.gz').write_bytes(gzip.compress(SYNTH.read_bytes()))
    (d / 'b.cap').write_bytes(SYNTH.read_bytes())
    (d / 'notes.txt').write_text('not a capture')
    p = run_report('-q', '--json', '-', work / 'tree')
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert sorted(Path(c['file']).name for c in doc['captures']) == ['a.pcap.gz', 'b.cap']
    assert len(doc['resets']) == 24


def test_stats_option_prints_the_tree(work):
    p = run_report('-q', '--stats', '--no-table', SYNTH)
    assert p.returncode == 0, p.stderr
    assert 'RST Analysis' in p.stdout and 'By verdict' in p.stdout


# --------------------------------------------------------------------------
# Statistics tree against the per-reset verdicts

def check_tree_against_resets(capture, report, stats):
    resets = by_capture(load_json(report))[os.path.realpath(capture)]
    st = stats[capture]
    assert (st['total'] or 0) == len(resets)
    for dim in DIMENSIONS:
        assert st[dim] == counts(resets, dim), dim


@pytest.mark.parametrize('capture', CORPUS, ids=ids)
def test_stats_tree_matches_resets_single_pass(capture, report_single, stats_single):
    check_tree_against_resets(capture, report_single, stats_single)


@pytest.mark.parametrize('capture', CORPUS, ids=ids)
def test_stats_tree_matches_resets_two_pass(capture, report_two, stats_two):
    check_tree_against_resets(capture, report_two, stats_two)


# --------------------------------------------------------------------------
# Connection-level fields

def first_resets(resets, rows=None):
    """The first reset of each tcp.stream, or with the capture's connection rows
    (conn_rows) of each connection on it."""
    conn_of = {row['frame']: row['conn'] for row in rows} if rows else None
    first = {}
    for r in sorted(resets, key=lambda r: r['frame']):
        if r['stream'] is not None:
            first.setdefault(conn_of.get(r['frame']) if conn_of else r['stream'], r)
    return first


@pytest.mark.parametrize('capture', CORPUS, ids=ids)
def test_middlebox_filter_selects_whole_streams(capture, report_two, middlebox_streams):
    first = first_resets(by_capture(load_json(report_two))[os.path.realpath(capture)])
    want = {s for s, r in first.items() if r['origin'] == 'middlebox'}
    assert middlebox_streams[capture] == want


@pytest.mark.parametrize('capture', CORPUS, ids=ids)
def test_connection_fields_on_every_packet_two_pass(capture, report_two, conn_two):
    first = first_resets(by_capture(load_json(report_two))[os.path.realpath(capture)], conn_two[capture])
    bad = []
    for row in conn_two[capture]:
        r = first.get(row['conn'])
        want = (r['origin'], r['frame']) if r else ('', None)
        if (row['ended_by'], row['reset_frame']) != want:
            bad.append((row['frame'], row['stream'], row['ended_by'], row['reset_frame'], want))
    assert not bad, 'frame, stream, ended_by, reset_frame, expected: %s' % bad[:10]


@pytest.mark.parametrize('capture', CORPUS, ids=ids)
def test_connection_fields_single_pass_from_the_reset_on(capture, report_single, conn_single):
    """A single pass knows a connection's reset only once it has seen it: the
    packets before it carry no connection fields, the reset and every later
    packet do. A later packet may still amend the reset's verdict on that
    pass (data from the claimed sender, a challenge ACK), so ended_by on the
    packets after the reset may differ from the origin printed on the reset."""
    first = first_resets(by_capture(load_json(report_single))[os.path.realpath(capture)],
                         conn_single[capture])
    bad = []
    for row in conn_single[capture]:
        r = first.get(row['conn'])
        if r and row['frame'] == r['frame']:
            ok = (row['ended_by'], row['reset_frame']) == (r['origin'], r['frame'])
        elif r and row['frame'] > r['frame']:
            ok = row['ended_by'] in VALUES['origin'] and row['reset_frame'] == r['frame']
        else:
            ok = (row['ended_by'], row['reset_frame']) == ('', None)
        if not ok:
            bad.append((row['frame'], row['stream'], row['ended_by'], row['reset_frame'],
                        r and (r['origin'], r['frame'])))
    assert not bad, 'frame, stream, ended_by, reset_frame, first reset: %s' % bad[:10]
