# SPDX-License-Identifier: GPL-2.0-or-later
"""Run tshark with rstan many times without staging the plugin each time.

The staging is tools/rstan-stage's (a throwaway HOME with rstan.so in the
installed Wireshark's personal plugin folder, tshark run as user nobody when
we are root, every input in a world-readable folder), done once per Stage so
that hundreds of runs do not each pay for a `tshark -G plugins` check. Extra environment (LD_PRELOAD of a sanitizer runtime, ASAN_OPTIONS)
and a command prefix (valgrind, /usr/bin/time) can be given per run.
"""
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STAGE_TOOL = os.path.join(ROOT, 'tools', 'rstan-stage')
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import rstan_testlib  # noqa: E402

_vocabularies = None


def vocabularies():
    """{kind: set of names} for phase, cause, origin and verdict, from the engine's table
    (the build's rstan-list-table, through rstan_testlib.table()), read once."""
    global _vocabularies
    if _vocabularies is None:
        t = rstan_testlib.table()
        _vocabularies = {k: {n for n, _w, _t in t[k]} for k in ('phase', 'cause', 'origin', 'verdict')}
    return _vocabularies


def default_plugin():
    for cand in (os.environ.get('RSTAN_PLUGIN'), os.path.join(ROOT, 'build', 'rstan.so')):
        if cand and os.path.exists(cand):
            return cand
    return None


class Stage:
    def __init__(self, plugin=None, with_plugin=True, env=None):
        self.dir = tempfile.mkdtemp(prefix='rstan-rob.')
        self.home = os.path.join(self.dir, 'home')
        self.indir = os.path.join(self.dir, 'in')
        self.with_plugin = with_plugin
        if with_plugin:
            plugin = plugin or default_plugin()
            if not plugin:
                raise SystemExit('no rstan.so: build it (cmake --build build) or set RSTAN_PLUGIN')
        subprocess.run([STAGE_TOOL, 'home', self.dir] + ([plugin] if with_plugin else []),
                       check=True)
        self.extra_env = dict(env or {})

    def input_path(self, name):
        """A path inside the world-readable input folder."""
        return os.path.join(self.indir, name)

    def put(self, path, name=None):
        dst = self.input_path(name or os.path.basename(path))
        shutil.copy(path, dst)
        os.chmod(dst, 0o644)
        return dst

    def command(self, args, prefix=None, env=None):
        e = dict(self.extra_env)
        e.update(env or {})
        cmd = [STAGE_TOOL, 'run', self.dir, 'env'] + ['%s=%s' % kv for kv in e.items()]
        return cmd + list(prefix or []) + ['tshark'] + list(args)

    def run(self, args, timeout=120, prefix=None, env=None, stdout=subprocess.PIPE):
        """Returns (returncode, stdout, stderr); returncode None on timeout."""
        cmd = self.command(args, prefix, env)
        try:
            p = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE, timeout=timeout,
                               cwd=self.dir)
        except subprocess.TimeoutExpired as e:
            return None, e.stdout or b'', e.stderr or b''
        return p.returncode, p.stdout or b'', p.stderr

    def check_loaded(self):
        rc, out, err = self.run(['-G', 'plugins'], timeout=60)
        loaded = any(line.startswith(b'rstan.so') for line in out.splitlines())
        if self.with_plugin and not loaded:
            raise SystemExit('tshark did not load rstan:\n' + (out + err).decode(errors='replace'))
        return loaded

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *a):
        self.close()


FIELDS = ['frame.number', 'tcp.flags.reset', 'rstan.phase', 'rstan.cause', 'rstan.origin',
          'rstan.verdict', 'tcp.urgent_pointer', 'icmp.type', 'icmpv6.type']


def field_args(path, two_pass=False):
    a = ['-n', '-r', path]
    if two_pass:
        a.append('-2')
    a += ['-T', 'fields', '-E', 'occurrence=a', '-E', 'separator=\t']
    for f in FIELDS:
        a += ['-e', f]
    return a


def is_true(v):
    return v in ('1', 'True', 'true')


def check_rows(text):
    """Per frame: RSTs, RSTs with a verdict, bad vocabulary, missing verdicts.

    A reset is expected to carry a verdict when its TCP header survived up to
    the urgent pointer (the last fixed field) and it is not inside ICMP."""
    stats = {'rst': 0, 'verdicts': 0, 'short_header': 0, 'icmp': 0}
    bad, missing = [], []
    for line in text.splitlines():
        cols = line.split('\t')
        cols += [''] * (len(FIELDS) - len(cols))
        frame, rst, ph, ca, og, vd, urg, icmp, icmp6 = cols[:9]
        if any(cols[2:6]):
            voc = vocabularies()
            for val, vocab in ((ph, voc['phase']), (ca, voc['cause']), (og, voc['origin']),
                               (vd, voc['verdict'])):
                for v in val.split(','):
                    if v not in vocab:
                        bad.append((frame, val))
        rsts = rst.split(',') if rst else []
        if not any(is_true(r) for r in rsts):
            continue
        stats['rst'] += 1
        if icmp or icmp6:
            stats['icmp'] += 1
            continue
        if ph and ca and og and vd:
            stats['verdicts'] += 1
        elif not urg:
            stats['short_header'] += 1
        else:
            missing.append(frame)
    return stats, bad, missing


def bad_stderr(err):
    """Lines of stderr that show a crash or an exception in rstan."""
    out = []
    for line in err.decode(errors='replace').splitlines():
        low = line.lower()
        if 'dissector bug' in low or 'rstan' in low or 'assert' in low or 'sanitizer' in low \
                or 'runtime error' in low or 'segmentation' in low or 'aborted' in low:
            out.append(line)
    return out


def bad_tree(text):
    """Lines of -V output that show rstan threw or was flagged malformed."""
    out = []
    for line in text.decode(errors='replace').splitlines():
        if 'Malformed Packet: RSTAN' in line or 'Dissector bug, protocol RSTAN' in line or \
                ('Dissector bug' in line) or 'Malformed Packet: RSTAN-CONN' in line:
            out.append(line.strip())
    return out
