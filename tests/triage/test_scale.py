# SPDX-License-Identifier: GPL-2.0-or-later
"""tools/rstan-report at scale: JSON Lines for a SIEM (docs/siem.md), captures read in shards
and spread over machines (docs/scale.md)."""
import json
import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from triage_common import RST_FILTER, SYNTH, WORK, run_report, tshark
from rstan_testlib import CAPTURES, ROOT, stage_for

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


def corpus_files(*names):
    """Corpus captures by their path under captures/, copied beside the snapshot (the
    quick CI run's snapshot holds only some IPv4 client captures)."""
    out = []
    for name in names:
        src = CAPTURES / name
        assert src.is_file(), 'missing capture %s' % src
        dst = WORK / 'scale' / name
        if not dst.exists():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
            dst.chmod(0o644)
            for d in [dst.parent] + list(dst.parent.parents):
                if d == WORK:
                    break
                d.chmod(0o755)
        out.append(dst)
    return out


def some_corpus():
    """A handful of corpus captures of different kinds (pcap, pcapng with capture
    points, tunnels, IPv6, a censor's triplet), the synthetic one first."""
    return [SYNTH] + corpus_files('abort-server-vxlan.v4.client.pcap',
                                  'abort-client.v6.server.pcap',
                                  'points/points-abort-client.v4.pcapng',
                                  'wild/censor-triplet.v4.client.pcap')


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


# --------------------------------------------------------------------------
# Shards

import sys  # noqa: E402
sys.path.insert(0, str(ROOT / 'tests' / 'bench'))
SPLIT = ROOT / 'build' / 'rstan-split'
GEN = ROOT / 'tests' / 'bench' / 'gen_capture.py'


def shard_agreement():
    import importlib.machinery
    import importlib.util
    path = str(ROOT / 'tests' / 'bench' / 'shard-agreement')
    loader = importlib.machinery.SourceFileLoader('shard_agreement', path)
    spec = importlib.util.spec_from_loader('shard_agreement', loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


@pytest.fixture(scope='module')
def generated():
    """A benchmark capture (gen_capture.py: its resets and their kinds are recorded in the
    JSON beside it) and its two-point pcapng twin, a NAT between the points."""
    out = {}
    for name, extra in (('bench.pcap', []), ('bench-points.pcapng', ['--points'])):
        p = WORK / name
        subprocess.run([sys.executable, str(GEN), '-o', str(p), '-p', '6000', '-c', '150',
                        '-s', '11', *extra], check=True, stdout=subprocess.DEVNULL)
        p.chmod(0o644)
        out[name] = p
    return out


def test_split_keeps_pairs_interfaces_and_frames(generated, tmp_path):
    """rstan-split: every record once, in one shard, the map naming its original frame;
    each host pair (either direction) in one shard; pcapng interfaces on every shard."""
    assert SPLIT.is_file(), 'build rstan-split first'
    for name, cap in generated.items():
        out = tmp_path / name
        out.mkdir()
        p = subprocess.run([str(SPLIT), '-n', '4', '-o', str(out), str(cap)],
                           capture_output=True, text=True)
        assert p.returncode == 0, p.stderr
        fields = ['frame.number', 'ip.src', 'ip.dst', 'ipv6.src', 'ipv6.dst', 'frame.interface_name']
        args = ['-T', 'fields', '-E', 'occurrence=l']
        for f in fields:
            args += ['-e', f]
        orig = {}
        for line in tshark('-n', '-r', cap, *args).splitlines():
            v = dict(zip(fields, line.split('\t')))
            orig[int(v['frame.number'])] = v
        seen, pair_shard = set(), {}
        for shard in sorted(out.glob('shard-*.pcap*')):
            fmap = shard.with_suffix('.frames').read_bytes()
            frames = [int.from_bytes(fmap[i:i + 8], 'little') for i in range(0, len(fmap), 8)]
            rows = tshark('-n', '-r', shard, *args).splitlines()
            assert len(rows) == len(frames), shard
            for line, of in zip(rows, frames):
                v = dict(zip(fields, line.split('\t')))
                o = orig[of]
                # the same packet: addresses and capture point of the original frame
                assert {k: v[k] for k in fields[1:]} == {k: o[k] for k in fields[1:]}, (shard, of)
                assert of not in seen
                seen.add(of)
                src, dst = v['ipv6.src'] or v['ip.src'], v['ipv6.dst'] or v['ip.dst']
                if src and name == 'bench.pcap':
                    pair = tuple(sorted((src, dst)))
                    assert pair_shard.setdefault(pair, shard.name) == shard.name, pair
        assert seen == set(orig)
        if name == 'bench.pcap':
            assert len({s for s in pair_shard.values()}) == 4  # all four shards used


def test_sharded_rows_equal_whole_rows(generated):
    """Whole file against four shards: the benchmark capture, its two-point twin, and a
    handful of corpus captures (VXLAN, IPv6, capture points with NAT)."""
    mod = shard_agreement()
    caps = [generated['bench.pcap'], generated['bench-points.pcapng']] + some_corpus()
    # capture points across a NAT; BGP peers that connect to each other's port 179
    nat = corpus_files('points/points-nat.v4.pcapng', 'wild/bgp-gtsm.v4.client.pcap')
    whole, sharded, diffs = mod.compare([str(c) for c in caps + nat], shards=4)
    assert len(whole) == len(sharded) > 40
    # the corpus captures agree row for row
    corpus = {str(Path(c).resolve()) for c in some_corpus() + nat}
    assert not [d for d in diffs if d[0] in corpus], diffs[:5]
    # the benchmark's may lose a host's hop baseline (its other peers in other shards):
    # then confidence and verdict move, never phase, cause, origin, endpoints or points
    for f, frame, d in diffs:
        assert isinstance(d, dict) and set(d) <= {'confidence', 'verdict'}, (f, frame, d)
    assert len(diffs) <= 0.05 * len(whole)
    # rows name the original frame: it is a reset in the original file
    for (f, frame), r in sharded.items():
        assert r['stream'] is None


def report_limited(mib, *args):
    """rstan-report under prlimit --as (address space, every process it starts)."""
    return subprocess.run(['prlimit', '--as=%d' % (mib << 20), sys.executable,
                           str(ROOT / 'tools' / 'rstan-report'), '-q', '--no-table', *map(str, args)],
                          capture_output=True, text=True,
                          env=dict(os.environ, RSTAN_PLUGIN=str(WORK / 'rstan.so')))


def test_shards_memory_limited(tmp_path):
    """Under an address-space limit that lets tshark start but not hold a 300,000-packet
    capture, the run in 16 shards reports every reset the capture has."""
    cap = tmp_path / 'big.pcap'
    subprocess.run([sys.executable, str(GEN), '-o', str(cap), '-p', '300000', '-c', '7500',
                    '-s', '11'], check=True, stdout=subprocess.DEVNULL)
    cap.chmod(0o644)
    tmp_path.chmod(0o755)
    # the least address space (8 MiB steps) in which the tool reads a 12-packet capture
    lo, hi = 64, 2048
    assert report_limited(hi, '--shards', 'off', SYNTH).returncode == 0
    while hi - lo > 8:
        mid = (lo + hi) // 2
        if report_limited(mid, '--shards', 'off', SYNTH).returncode == 0:
            hi = mid
        else:
            lo = mid
    limit = hi + 48   # headroom: address space use varies from run to run (threads, ASLR)
    whole = report_limited(limit, '--shards', 'off', '--json', '-', cap)
    assert whole.returncode == 65 and 'failed to allocate' in whole.stderr, whole.stderr[-500:]
    sharded = report_limited(limit, '--shards', '16', '--json', '-', cap)
    assert sharded.returncode == 0, sharded.stderr[-1000:]
    got = sorted(r['frame'] for r in json.loads(sharded.stdout)['resets'])
    want = sorted(int(x) for x in tshark('-n', '-r', cap, '-Y', RST_FILTER, '-T', 'fields',
                                         '-e', 'frame.number').split())
    assert got == want and len(got) > 100


# --------------------------------------------------------------------------
# Many machines: two sshd on the loopback stand for two machines

SSHD = shutil.which('sshd') or '/usr/sbin/sshd'


USER = 'rstan-ssh-test'


class Machines:
    """Two sshd on 127.0.0.1, each with its own port and config, a throwaway key and a
    throwaway user (its login shell /bin/sh, which reads no start-up files, its home in
    the test's folder); started and stopped here."""

    def __init__(self, folder):
        self.dir = folder
        self.procs = {}
        self.home = folder / 'home'
        self.home.mkdir()
        os.makedirs('/run/sshd', exist_ok=True)   # sshd's privilege separation folder
        if subprocess.run(['id', USER], capture_output=True).returncode != 0:
            subprocess.run(['useradd', '-M', '-d', str(self.home), '-s', '/bin/sh', USER], check=True)
        # no password, and not locked either (sshd refuses a locked account)
        subprocess.run(['usermod', '-p', '*', '-d', str(self.home), '-s', '/bin/sh', USER], check=True)
        shutil.chown(self.home, USER)
        for k in ('key', 'hostkey'):
            subprocess.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f',
                            str(folder / k)], check=True)
        shutil.copy(folder / 'key.pub', folder / 'authorized_keys')
        os.chmod(folder / 'authorized_keys', 0o644)
        os.chmod(folder, 0o755)
        self.ports = {}
        cfg = []
        for name in ('machine-a', 'machine-b'):
            port = free_port()
            self.ports[name] = port
            (folder / ('%s.conf' % name)).write_text('\n'.join([
                'Port %d' % port, 'ListenAddress 127.0.0.1', 'HostKey %s/hostkey' % folder,
                'PidFile %s/%s.pid' % (folder, name), 'AuthorizedKeysFile %s/authorized_keys' % folder,
                'StrictModes no', 'AllowUsers %s' % USER, 'PasswordAuthentication no',
                'KbdInteractiveAuthentication no', 'UsePAM no', 'UseDNS no', 'LogLevel ERROR',
                'MaxStartups 100', '']))
            cfg += ['Host %s' % name, '  Port %d' % port]
        cfg += ['Host *', '  HostName 127.0.0.1', '  User %s' % USER, '  IdentityFile %s/key' % folder,
                '  IdentitiesOnly yes', '  StrictHostKeyChecking no',
                '  UserKnownHostsFile /dev/null', '  BatchMode yes', '  LogLevel ERROR',
                '  ConnectTimeout 5', '']
        (folder / 'ssh_config').write_text('\n'.join(cfg))
        self.ssh = 'ssh -F %s/ssh_config' % folder
        for name in self.ports:
            self.procs[name] = subprocess.Popen([SSHD, '-D', '-e', '-f', str(folder / ('%s.conf' % name))],
                                                stderr=subprocess.DEVNULL)
        try:
            self.wait_up()
        except BaseException:
            self.stop()
            raise

    def wait_up(self):
        for name in self.ports:
            for _ in range(100):
                if subprocess.run(self.ssh.split() + [name, 'true'], capture_output=True,
                                  timeout=30).returncode == 0:
                    break
                time.sleep(0.1)
            else:
                raise AssertionError('sshd for %s did not start' % name)

    def loginfile(self, names):
        p = self.dir / 'logins'
        p.write_text(''.join('1/%s\n' % n for n in names))
        return p

    def kill(self, name):
        """The machine dies: its sshd and every process under it (its sessions)."""
        pids, new = [], [self.procs[name].pid]
        while new:
            pids += new
            new = [pid for pid, ppid in parents().items() if ppid in new]
        for pid in reversed(pids):
            try:
                os.kill(pid, 9)
            except ProcessLookupError:
                pass
        self.procs[name].wait()

    def stop(self):
        for name, p in self.procs.items():
            if p.poll() is None:
                self.kill(name)
        subprocess.run(['userdel', USER], capture_output=True)


def parents():
    """{pid: parent pid} of every process, from /proc (no ps in a minimal Debian)."""
    out = {}
    for d in os.listdir('/proc'):
        if d.isdigit():
            try:
                with open('/proc/%s/stat' % d) as f:
                    stat = f.read()
            except OSError:
                continue
            out[int(d)] = int(stat.rsplit(')', 1)[1].split()[1])
    return out


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


@pytest.fixture
def machines():
    if os.geteuid() != 0 or not os.path.exists(SSHD) or not shutil.which('parallel'):
        pytest.skip('needs root, openssh-server and GNU parallel (tools/install-deps --test)')
    # a folder the throwaway user can reach (pytest's own is root's only)
    folder = Path(__import__('tempfile').mkdtemp(prefix='rstan-machines-'))
    folder.chmod(0o755)
    m = Machines(folder)
    yield m
    m.stop()
    shutil.rmtree(folder, ignore_errors=True)


def remote_tshark(m, tmp_path, dies=None):
    """The command the machines run tshark with: this checkout's plugin (checked to load
    once for the session). On the machine named in dies it leaves a mark and waits: the
    test then kills that machine in the middle of the job."""
    script = tmp_path / 'remote-tshark'
    lines = ['#!/bin/sh']
    if dies:
        lines += ['port=${SSH_CONNECTION##* }',
                  'if [ "$port" = "%d" ]; then' % m.ports[dies],
                  '  touch %s/dying' % m.home,
                  '  sleep 60',
                  '  exit 1',
                  'fi']
    lines += ['export RSTAN_PLUGIN=%s RSTAN_SKIP_LOAD_CHECK=1' % (WORK / 'rstan.so'),
              'exec %s "$@"' % (ROOT / 'tools' / 'rstan-tshark'), '']
    script.write_text('\n'.join(lines))
    script.chmod(0o755)
    return str(script)


def kill_when_marked(m, mark):
    for _ in range(1200):
        if mark.exists():
            m.kill('machine-b')
            return
        time.sleep(0.1)


def cluster_caps():
    return [SYNTH] + corpus_files('abort-server-vxlan.v4.client.pcap',
                                  'points/points-abort-client.v4.pcapng')


def test_machine_dies_mid_run(machines, tmp_path):
    tmp_path = machines.dir
    caps = cluster_caps()
    local = run_report('-q', '--no-table', '--json', tmp_path / 'local.json', *caps)
    assert local.returncode == 0, local.stderr
    want = sorted((os.path.realpath(r['file']), r['frame'], r['verdict'], r['cause'])
                  for r in json.loads((tmp_path / 'local.json').read_text())['resets'])
    killer = threading.Thread(target=kill_when_marked, args=(machines, machines.home / 'dying'))
    killer.start()
    p = run_report('--no-table', '--json', tmp_path / 'cluster.json',
                   '--sshloginfile', machines.loginfile(['machine-a', 'machine-b']),
                   '--ssh', machines.ssh, '--remote-tshark',
                   remote_tshark(machines, tmp_path, dies='machine-b'), *caps, timeout=300)
    killer.join()
    assert p.returncode == 0, p.stderr
    assert machines.procs['machine-b'].poll() is not None, 'machine-b was never used'
    got = sorted((os.path.realpath(r['file']), r['frame'], r['verdict'], r['cause'])
                 for r in json.loads((tmp_path / 'cluster.json').read_text())['resets'])
    assert got == want                 # none lost, none twice
    assert len(got) == len(set(got)) > 12


def test_machine_refusing_connections(machines, tmp_path):
    tmp_path = machines.dir
    machines.stop()
    out = tmp_path / 'rows.json'
    p = run_report('--no-table', '--json', out, '--retries', '1',
                   '--sshloginfile', machines.loginfile(['machine-a']), '--ssh', machines.ssh,
                   '--remote-tshark', remote_tshark(machines, tmp_path), SYNTH, timeout=120)
    assert p.returncode == 75, p.stderr
    assert 'no machine' in p.stderr


# --------------------------------------------------------------------------
# Bad input on the sharded path: a clear message, exit 65, every other row kept

def test_sharded_unreadable_and_cut_short(tmp_path):
    tmp_path.chmod(0o755)
    garbage = tmp_path / 'garbage.pcap'
    garbage.write_bytes(bytes(range(256)) * 4)
    cut = tmp_path / 'cut.pcap'
    data = SYNTH.read_bytes()
    cut.write_bytes(data[:len(data) * 2 // 3])
    for f in (garbage, cut):
        f.chmod(0o644)
    out = tmp_path / 'rows.json'
    p = run_report('-q', '--no-table', '--shards', '3', '--json', out, SYNTH, garbage, cut)
    assert p.returncode == 65, p.stderr
    assert 'garbage.pcap' in p.stderr and 'cut.pcap' in p.stderr and 'cut short' in p.stderr
    doc = json.loads(out.read_text())
    status = {Path(c['file']).name: c['status'] for c in doc['captures']}
    assert status == {SYNTH.name: 'ok', 'garbage.pcap': 'error', 'cut.pcap': 'partial'}
    by = {}
    for r in doc['resets']:
        by.setdefault(Path(r['file']).name, []).append(r['frame'])
    assert len(by[SYNTH.name]) == 12 and 0 < len(by['cut.pcap']) < 12


def test_full_shard_folder(tmp_path, generated):
    if os.geteuid() != 0:
        pytest.skip('mounting a tmpfs needs root')
    small = tmp_path / 'small'
    small.mkdir()
    if subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', str(small)]).returncode:
        pytest.skip('cannot mount a tmpfs here')
    try:
        out = tmp_path / 'rows.jsonl'
        big = generated['bench.pcap']            # about 4 MB: does not fit in 1 MiB
        # -j 1: the small capture is split and read first, then the big one fills the disk
        p = run_report('-q', '--no-table', '-j', '1', '--shards', '2', '--shard-dir', small,
                       '--jsonl', out, SYNTH, big)
        assert p.returncode == 65, p.stderr
        assert 'No space left on device' in p.stderr and big.name in p.stderr
        files = {json.loads(l)['file.path'] for l in out.read_text().splitlines()}
        assert files == {str(SYNTH.resolve())}   # the capture that fitted is reported
        assert not list(small.iterdir())         # the shards of the run are removed
    finally:
        subprocess.run(['umount', str(small)])


# --------------------------------------------------------------------------
# Progress on stderr

def test_progress_lines_and_quiet(generated):
    cap = generated['bench.pcap']
    p = run_report('--no-table', '--shards', '3', SYNTH, cap)
    assert p.returncode == 0, p.stderr
    lines = p.stderr.splitlines()
    assert any(l == 'rstan-report: %s split into 3 shards' % cap for l in lines), lines
    progress = [l for l in lines if l.startswith('[')]
    # one line per unit: the small capture's shards with a reset, and the big one's
    assert progress and progress[-1].startswith('[%d/%d] ' % (len(progress), len(progress)))
    total = sum(int(l.split(': ')[1].split()[0]) for l in progress)
    assert 'resets so far' in progress[-1]
    assert progress[-1].endswith('%d resets so far' % total)
    assert '%d resets in 2 captures' % total in p.stdout
    q = run_report('-q', '--no-table', '--shards', '3', SYNTH, cap)
    assert q.returncode == 0 and q.stderr == ''


def test_unreadable_shard(tmp_path):
    """A shard tshark cannot read (here a splitter that writes one damaged shard) is named
    in the message, the capture is marked as read partly, the other shard's rows kept."""
    fake = tmp_path / 'fake-split'
    fake.write_text('\n'.join([
        '#!/bin/sh',
        '# -n N -k KEY -o FOLDER CAPTURE: shard 0 damaged, shard 1 the whole capture',
        'out=$6; cap=$7',
        'head -c 100 /dev/urandom > "$out/shard-000.pcap"',
        'printf "\\001\\000\\000\\000\\000\\000\\000\\000" > "$out/shard-000.frames"',
        'cp "$cap" "$out/shard-001.pcap"',
        'python3 -c "import sys; sys.stdout.buffer.write(b\'\'.join(i.to_bytes(8, \'little\') for i in range(1, 200)))" > "$out/shard-001.frames"',
        'echo "records 199 shards 2 key service interfaces 0"', '']))
    fake.chmod(0o755)
    env = dict(os.environ, RSTAN_PLUGIN=str(WORK / 'rstan.so'), RSTAN_SPLIT=str(fake))
    out = tmp_path / 'rows.json'
    p = run_report('-q', '--no-table', '--shards', '2', '--json', out, SYNTH, env=env)
    assert p.returncode == 65, p.stderr
    assert '(shard 1 of 2)' in p.stderr, p.stderr
    doc = json.loads(out.read_text())
    assert [c['status'] for c in doc['captures']] == ['partial']
    assert len(doc['resets']) == 12
