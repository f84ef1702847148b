#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Turn the raw measurements of run-bench into tables and a verdict per budget.

Input is a results directory written by run-bench:

  meta.json                      machine, date, options
  <set>/capture.json             what gen_capture.py put in the capture
  <set>/<mode>.hyperfine.json    one hyperfine run; one command per (side, run)
  <set>/time/<mode>.<side>.<n>   /usr/bin/time -v output of that run

CPU time is hyperfine's user + system time of each single run; the
with/without ratio is taken per pair of runs, which ran back to back.
Peak RSS comes from /usr/bin/time -v.  Prints Markdown, writes results.md and
results.json into the directory, and with --write-doc replaces the part of
the given Markdown file between the results markers.
"""

import argparse
import json
import os
import re
import statistics
import sys

START = '<!-- run-bench results start -->'
END = '<!-- run-bench results end -->'

# Largest accepted CPU ratio with/without, per mode; None: reported only.
CPU_BUDGET = {
    'summary': 1.05,
    'fields': 1.02,
    'fields-rstan': 1.02,
    'two-pass': 1.06,
    'ztree': 1.05,
    'load': None,
}
RSS_BUDGET = 1.05          # peak RSS with/without, on the 1 M packet capture

MODE_TEXT = {
    'summary': '`tshark -r f` (summary lines)',
    'fields': '`-T fields -e frame.number -e tcp.stream`',
    'fields-rstan': '`-T fields -e frame.number -e rstan.origin` ¹',
    'two-pass': '`-2` (summary lines)',
    'ztree': '`-q -z rstan,tree` ²',
    'load': '`-q -z dns,tree` (GUI load pass) ³',
}


def parse_time_v(path):
    """User, system, wall seconds and peak RSS in KiB from /usr/bin/time -v output."""
    out = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            key, _sep, val = line.rpartition(': ')
            if key == 'Maximum resident set size (kbytes)':
                out['rss_kib'] = int(val)
            elif key == 'User time (seconds)':
                out['user'] = float(val)
            elif key == 'System time (seconds)':
                out['system'] = float(val)
            elif key == 'Exit status':
                out['exit'] = int(val)
            elif key.startswith('Elapsed (wall clock) time'):
                secs = 0.0
                for part in val.split(':'):
                    secs = secs * 60 + float(part)
                out['wall'] = secs
    return out


def spread(values, fmt):
    """'median (min–max)' of a list."""
    if not values:
        return 'n/a'
    med = statistics.median(values)
    if len(values) == 1:
        return fmt % med
    return (fmt + ' (' + fmt + '–' + fmt + ')') % (med, min(values), max(values))


def mib(kib):
    return kib / 1024.0


def analyse_mode(setdir, mode):
    hf_path = os.path.join(setdir, mode + '.hyperfine.json')
    if not os.path.exists(hf_path):
        return None
    with open(hf_path) as f:
        hf = json.load(f)
    runs = {}
    for r in hf['results']:
        tag = r['parameters']['run']          # e.g. "with.2"
        side, n = tag.split('.')
        tv = parse_time_v(os.path.join(setdir, 'time', '%s.%s.%s' % (mode, side, n)))
        runs.setdefault(int(n), {})[side] = {
            'cpu': r['user'] + r['system'],
            'wall': r['times'][0],
            'rss_kib': tv.get('rss_kib'),
            'cpu_time_v': tv.get('user', 0) + tv.get('system', 0),
            'exit': tv.get('exit'),
        }
    pairs = [runs[n] for n in sorted(runs) if 'with' in runs[n] and 'without' in runs[n]]
    cpu_ratio = [p['with']['cpu'] / p['without']['cpu'] for p in pairs]
    wall_ratio = [p['with']['wall'] / p['without']['wall'] for p in pairs]
    rss_w = [p['with']['rss_kib'] for p in pairs]
    rss_wo = [p['without']['rss_kib'] for p in pairs]
    return {
        'pairs': len(pairs),
        'cpu_ratio': cpu_ratio,
        'wall_ratio': wall_ratio,
        'cpu_with': [p['with']['cpu'] for p in pairs],
        'cpu_without': [p['without']['cpu'] for p in pairs],
        'wall_with': [p['with']['wall'] for p in pairs],
        'wall_without': [p['without']['wall'] for p in pairs],
        'rss_with_kib': rss_w,
        'rss_without_kib': rss_wo,
        'exit_codes': sorted({p[s]['exit'] for p in pairs for s in ('with', 'without')}),
    }


NOISE_LIMIT = 1.10         # baseline CPU time varying more than this between runs: no verdict


def verdict(value, limit, quick, noise=1.0):
    if limit is None:
        return 'no budget'
    if quick:
        return 'n/a (smoke run)'
    if noise > NOISE_LIMIT:
        return 'not judged: CPU time without rstan varied %.0f %% between runs' % (
            (noise - 1) * 100)
    return ('met' if value <= limit else '**missed**') + ' (≤ %.2f)' % limit


def main_table(res, cap, quick, memory_budget):
    conns = cap['connections']
    resets = cap['rst_frames']
    lines = [
        '| mode | pairs | CPU with/without, median (min–max) | wall with/without | '
        'CPU s without → with | peak RSS MiB without → with | RSS with/without | '
        'extra bytes per connection | per reset | CPU budget | memory budget |',
        '|---|---|---|---|---|---|---|---|---|---|---|',
    ]
    for mode, m in res.items():
        if m is None:
            continue
        cpu_med = statistics.median(m['cpu_ratio'])
        rw, rwo = statistics.median(m['rss_with_kib']), statistics.median(m['rss_without_kib'])
        extra = (rw - rwo) * 1024.0
        mem_limit = RSS_BUDGET if memory_budget else None
        lines.append('| %s | %d | %s | %s | %.1f → %.1f | %.0f → %.0f | %.3f | %.0f | %.0f | %s | %s |' % (
            MODE_TEXT.get(mode, mode), m['pairs'],
            spread(m['cpu_ratio'], '%.3f'), spread(m['wall_ratio'], '%.3f'),
            statistics.median(m['cpu_without']), statistics.median(m['cpu_with']),
            mib(rwo), mib(rw), rw / rwo, extra / conns, extra / max(1, resets),
            verdict(cpu_med, CPU_BUDGET.get(mode), quick,
                    max(m['cpu_without']) / min(m['cpu_without'])),
            verdict(rw / rwo, mem_limit, quick)))
    return lines


def scaling_table(sets, quick):
    lines = [
        '| capture | packets | connections | RST frames | CPU with/without, median (min–max) | '
        'µs per packet without → with | peak RSS MiB without → with | '
        'extra bytes per connection | per reset |',
        '|---|---|---|---|---|---|---|---|---|',
    ]
    for name, cap, m in sets:
        if m is None:
            continue
        rw, rwo = statistics.median(m['rss_with_kib']), statistics.median(m['rss_without_kib'])
        extra = (rw - rwo) * 1024.0
        pk = cap['packets']
        lines.append('| %s | %d | %d | %d | %s | %.2f → %.2f | %.0f → %.0f | %.0f | %.0f |' % (
            name, pk, cap['connections'], cap['rst_frames'], spread(m['cpu_ratio'], '%.3f'),
            statistics.median(m['cpu_without']) / pk * 1e6,
            statistics.median(m['cpu_with']) / pk * 1e6,
            mib(rwo), mib(rw), extra / cap['connections'], extra / max(1, cap['rst_frames'])))
    return lines


def build(resdir, also=()):
    """Tables for resdir; a mode measured again in a later run in also replaces its rows."""
    with open(os.path.join(resdir, 'meta.json')) as f:
        meta = json.load(f)
    quick = meta['kind'].startswith('quick')
    out = []
    data = {'meta': meta, 'sets': {}}
    main = meta['main_set']
    setdir = os.path.join(resdir, main)
    with open(os.path.join(setdir, 'capture.json')) as f:
        cap = json.load(f)
    res = {mode: analyse_mode(setdir, mode) for mode in meta['modes']}
    later = []
    for extra in also:
        with open(os.path.join(extra, 'meta.json')) as f:
            emeta = json.load(f)
        if emeta['main_set'] != main:
            sys.exit('report.py: %s measured another capture' % extra)
        for mode in emeta['modes']:
            res[mode] = analyse_mode(os.path.join(extra, main), mode)
        later.append('The rows of %s come from a later run, %s, `--modes %s`, %d pair(s), same '
                     'capture, plugin sha256 %s….' % (
                         ', '.join(emeta['modes']), emeta['date'], ','.join(emeta['modes']),
                         emeta['runs'], emeta['plugin_sha256'][:12]))
    data['sets'][main] = {'capture': cap, 'modes': res}
    kind, _sep, variant = meta['kind'].partition('-')
    out.append('Run of %s, `run-bench --%s%s`, %d pair(s) of runs per mode (%s per scaling capture), plugin `%s` '
               '(sha256 %s…).' % (meta['date'], kind, ' --' + variant if variant else '',
                                  meta['runs'], meta.get('scaling_runs', '-'), meta['plugin_name'],
                                  meta['plugin_sha256'][:12]))
    for text in later:
        out.append('')
        out.append(text)
    out.append('')
    out.append('Machine: %s, %s cores, %s RAM, kernel %s, %s.' % (
        meta['cpu'], meta['nproc'], meta['ram'], meta['kernel'], meta['tshark'].rstrip('.')))
    out.append('')
    out.append('Capture `%s`: %d packets, %d TCP connections, %d TCP RST frames '
               '(%d connections end in a reset), %d ICMP errors quoting TCP, seed %d.' % (
                   main, cap['packets'], cap['connections'], cap['rst_frames'], cap['resets'],
                   cap['icmp_errors'], cap['seed']))
    out.append('')
    if quick:
        out.append('Smoke run on a small capture: the numbers show the harness works and '
                   'make no claim about cost.')
        out.append('')
    out.extend(main_table(res, cap, quick, cap['packets'] >= 1000000))
    out.append('')
    out.append('¹ Without the plugin `rstan.origin` does not exist, so the baseline asks for '
               '`tcp.stream` instead: same column count, and TCP fills it on every packet.  ')
    out.append('² Without the plugin `-z rstan,tree` does not exist; the baseline is '
               '`-q -z dns,tree`, the same kind of statistic (no tree, no columns) on a protocol '
               'the capture does not hold.  ')
    out.append('³ One pass, no tree, no columns: what the GUI does while it loads a file.')
    scal = []
    for name in meta.get('scaling_sets', []):
        sdir = os.path.join(resdir, name)
        if not os.path.exists(os.path.join(sdir, 'capture.json')):
            continue
        with open(os.path.join(sdir, 'capture.json')) as f:
            scap = json.load(f)
        m = analyse_mode(sdir, meta['scaling_mode'])
        data['sets'][name] = {'capture': scap, 'modes': {meta['scaling_mode']: m}}
        scal.append((name, scap, m))
    if scal:
        out.append('')
        out.append('Scaling, mode %s:' % MODE_TEXT[meta['scaling_mode']])
        out.append('')
        out.extend(scaling_table(scal, quick))
    bad = sorted({c for s in data['sets'].values() for m in s['modes'].values() if m
                  for c in m['exit_codes'] if c not in (0, None)})
    if bad:
        out.append('')
        out.append('**tshark exited with status %s in some runs.**' % bad)
    return '\n'.join(out) + '\n', data, bad


def write_doc(doc, text):
    with open(doc) as f:
        body = f.read()
    block = START + '\n\n' + text + '\n' + END
    if START in body and END in body:
        body = re.sub(re.escape(START) + '.*?' + re.escape(END), lambda _m: block, body,
                      flags=re.S)
    else:
        body = body.rstrip('\n') + '\n\n## Results\n\n' + block + '\n'
    with open(doc, 'w') as f:
        f.write(body)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('resdir')
    ap.add_argument('--write-doc', metavar='MARKDOWN')
    ap.add_argument('--also', action='append', default=[], metavar='RESDIR',
                    help='a later run on the same capture whose modes replace those rows')
    args = ap.parse_args()
    text, data, bad = build(args.resdir, args.also)
    sys.stdout.write(text)
    with open(os.path.join(args.resdir, 'results.md'), 'w') as f:
        f.write(text)
    with open(os.path.join(args.resdir, 'results.json'), 'w') as f:
        json.dump(data, f, indent=1)
    if args.write_doc:
        write_doc(args.write_doc, text)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
