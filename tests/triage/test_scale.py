# SPDX-License-Identifier: GPL-2.0-or-later
"""tools/rstan-report at scale: JSON Lines for a SIEM (docs/siem.md), captures read in shards
and spread over machines (docs/scale.md)."""
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from triage_common import CORPUS, RST_FILTER, SNAPSHOT, SYNTH, WORK, run_report, tshark
from rstan_testlib import ROOT

DOCS = ROOT / 'docs'


def doc_keys(name):
    """The keys a doc's tables list: the first cell of each row, in backquotes."""
    keys = set()
    for line in (DOCS / name).read_text().splitlines():
        m = re.match(r'\|\s*`([^`]+)`\s*\|', line)
        if m:
            keys.add(m.group(1))
    return keys


def registered_fields():
    out = tshark('-G', 'fields')
    return {cells[2] for cells in (l.split('\t') for l in out.splitlines())
            if cells[0] == 'F' and len(cells) > 2}


def some_corpus(n=6):
    """A handful of corpus captures of different kinds (pcap, pcapng with capture
    points, tunnels), the synthetic one first."""
    want = ('abort-server-vxlan.v4.client.pcap', 'abort-client.v6.server.pcap',
            'points-abort-client.v4.pcapng', 'censor-triplet.v4.client.pcap')
    picked = [SYNTH] + [c for c in CORPUS if c.name in want]
    return picked[:n]


# --------------------------------------------------------------------------
# JSON Lines

@pytest.fixture(scope='module')
def jsonl_run():
    caps = some_corpus()
    out = WORK / 'resets.jsonl'
    p = run_report('-q', '--no-table', '--jsonl', out, *caps)
    assert p.returncode == 0, p.stderr
    return caps, out


def test_jsonl_every_line_parses_with_jq(jsonl_run):
    caps, out = jsonl_run
    assert shutil.which('jq'), 'jq is missing: tools/install-deps --test'
    lines = out.read_text().splitlines()
    # jq -c . rewrites each line: it fails on the first line that is not JSON.
    p = subprocess.run(['jq', '-c', '.', str(out)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert len(p.stdout.splitlines()) == len(lines) > 0
    p = subprocess.run(['jq', '-e', 'type == "object" and has("@timestamp")', str(out)],
                       capture_output=True, text=True)
    assert p.returncode == 0 and set(p.stdout.split()) == {'true'}, p.stdout
    # one line per reset, with the frames tshark's own filter finds
    got = {}
    for line in lines:
        d = json.loads(line)
        got.setdefault(d['file.path'], []).append(d['frame.number'])
    for c in caps:
        want = [int(x) for x in tshark('-n', '-r', c, '-Y', RST_FILTER, '-T', 'fields',
                                       '-e', 'frame.number').split()]
        assert sorted(got.get(str(Path(c).resolve()), [])) == sorted(want), c


def test_jsonl_keys_are_documented_and_rstan_keys_registered(jsonl_run):
    caps, out = jsonl_run
    documented = doc_keys('siem.md')
    registered = registered_fields()
    doc_rstan = {k for k in documented if k.startswith('rstan.')}
    assert doc_rstan and doc_rstan <= registered, doc_rstan - registered
    # the "where in the capture" keys are Wireshark fields too
    assert {'frame.number', 'frame.time_epoch', 'tcp.stream'} <= registered
    seen = set()
    for line in out.read_text().splitlines():
        seen |= set(json.loads(line))
    assert seen <= documented, seen - documented
    assert {k for k in seen if k.startswith('rstan.')} <= registered


def test_jsonl_ecs_values(jsonl_run):
    caps, out = jsonl_run
    rows = [json.loads(l) for l in out.read_text().splitlines()]
    synth = [d for d in rows if d['file.path'] == str(SYNTH.resolve())]
    # triage_synth.py writes 12 resets between these hosts, over IPv4 and IPv6
    assert len(synth) == 12
    assert {d['network.type'] for d in synth} == {'ipv4', 'ipv6'}
    assert {'198.18.2.2', '2001:db8:2::2'} <= {d['source.ip'] for d in synth}
    for d in rows:
        assert d['event.kind'] == 'event' and d['event.category'] == ['network']
        assert d['event.type'] == ['connection', 'end'] and d['network.transport'] == 'tcp'
        assert d['event.module'] == 'rstan' and d['event.dataset'] == 'rstan.reset'
        assert isinstance(d['source.port'], int) and isinstance(d['destination.port'], int)
        assert d['related.ip'] == sorted({d['source.ip'], d['destination.ip']})
        assert re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z', d['@timestamp'])
        assert d['@timestamp'][:19].replace('T', ' ') == __import__('datetime').datetime.utcfromtimestamp(
            int(float(d['frame.time_epoch']))).strftime('%Y-%m-%d %H:%M:%S')
    # capture points: the pcapng's interface names, on every line of that file
    pts = [d for d in rows if d['file.path'].endswith('points-abort-client.v4.pcapng')]
    assert pts and all(d['observer.ingress.interface.name'] == d['rstan.point'] for d in pts)
    assert {d['rstan.point'] for d in pts} >= {'client', 'server'}
