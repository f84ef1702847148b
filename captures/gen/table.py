# SPDX-License-Identifier: GPL-2.0-or-later
"""Prints the per-capture markdown table of captures/README.md from the expected files.

usage: table.py CAPTURES_DIR [README]   (with README: replace the table section in place)
       table.py --points POINTS_DIR README   (the capture-point corpus: one row per merged file)
"""
import glob
import os
import sys

HOW = {
    'crafted': 'crafted: forged packets injected into a real connection (real stacks react)',
    'win-rto': 'crafted: whole pcap written with scapy',
    'reason': 'crafted: reset with payload sent from the server namespace into a real connection',
    'vlan': 'rewritten (tcprewrite 802.1Q tag 10)',
    'qinq': 'rewritten (tcprewrite 802.1ad 20 + 802.1Q 10)',
    'rawip': 'rewritten (Ethernet stripped, LINKTYPE_RAW)',
    'null': 'rewritten (Ethernet replaced by BSD loopback / DLT_NULL)',
    'sll': 'real stack, tcpdump -i any -y LINUX_SLL',
    'sll2': 'real stack, tcpdump -i any -y LINUX_SLL2',
    'vxlan': 'real stack through a VXLAN tunnel, captured on the underlay',
}


def how(name):
    scen = name.split('.')[0]
    for key in ('vlan', 'qinq', 'rawip', 'null', 'sll2', 'sll', 'vxlan'):
        if scen.endswith('-' + key):
            h = HOW[key]
            if 'crafted' in scen and key in ('sll', 'sll2', 'vxlan'):
                h = 'injected into a real connection; ' + h.replace('real stack', 'captured')
            return h
    if scen.startswith(('win-rto', 'bsd-abort')):
        return HOW['win-rto']
    if scen.startswith('reason'):
        return HOW['reason']
    if 'crafted' in scen:
        return HOW['crafted']
    if scen in ('half-open-scan', 'malformed-syn', 'time-wait-reuse'):
        return 'real stacks; the probe SYN(s) sent raw with scapy from the client namespace'
    return 'real stack'


HEADING = '## Captures and expected resets'


POINTS_HOW = {
    'seqshift-crafted': 'crafted: real run, the server point rewritten as behind a sequence-shifting firewall',
    'inject': 'real stacks; the resets forged with scapy on r1 (injector between the router points)',
    'nat-probes-stateless': 'real stacks; the probes sent raw by nmap --scanflags from the client; r1 translates '
                            'addresses in stateless nftables rules',
    'nat-probes': 'real stacks; the probes sent raw by nmap --scanflags from the client',
    'syn-reject-late': 'real stacks; the server-side points start after the first refused SYN',
}


def points_how(scen):
    h = next((h for key, h in POINTS_HOW.items() if key in scen), 'real stacks')
    if scen.endswith('-clocks'):
        h += '; each point\'s clock shifted with editcap -t'
    return h


def points_table(d):
    """One row per merged file: each reset once, with the points that saw it."""
    print('| merged capture | how made | resets: phase / cause / origin / verdict, seen at (nearest the sender first) |')
    print('|---|---|---|')
    for tsv in sorted(glob.glob(os.path.join(d, '*.expected.tsv'))):
        name = os.path.basename(tsv)[:-len('.expected.tsv')]
        cells, seen = [], set()
        with open(tsv) as f:
            head = f.readline().rstrip('\n').split('\t')
            for line in f:
                r = dict(zip(head, line.rstrip('\n').split('\t')))
                if r['reset'] in seen:
                    continue
                seen.add(r['reset'])
                tags = [t for t, c in (('between points', 'between_points'), ('lost between points',
                                       'lost_between_points')) if r[c] == '1']
                cells.append('%s %s from %s: **%s / %s / %s / %s** at %s%s — %s' % (
                    r['reset'], r['flags'], r['src'], r['phase'], r['cause'], r['origin'], r['verdict'],
                    r['seen_at'].replace(',', ', '), ' (%s)' % ', '.join(tags) if tags else '', r['note']))
        print('| %s.pcapng | %s | %s |' % (name, points_how(name.split('.')[0]), '<br>'.join(cells)))


def main():
    if sys.argv[1] == '--points':
        replace_section(sys.argv[3], lambda: points_table(sys.argv[2]))
        return
    d = sys.argv[1]
    if len(sys.argv) > 2:
        replace_section(sys.argv[2], lambda: table(d))
        return
    table(d)


def replace_section(readme, fn):
    import io
    import contextlib
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        fn()
    text = open(readme).read()
    head = text.split(HEADING)[0]
    with open(readme, 'w') as f:
        f.write(head + HEADING + '\n\n' + buf.getvalue())


def table(d):
    print('| capture | how made | point | resets: expected phase / cause / origin / verdict (why) |')
    print('|---|---|---|---|')
    for tsv in sorted(glob.glob(os.path.join(d, '*.expected.tsv'))):
        name = os.path.basename(tsv)[:-len('.expected.tsv')]
        point = name.split('.')[-1]
        rows = [ln.rstrip('\n').split('\t') for ln in open(tsv)][1:]
        cells = []
        seen = {}
        for r in rows:
            key = (r[1], r[5], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15])
            seen[key] = seen.get(key, 0) + 1
        for (src, flags, ph, ca, og, vd, o1, v1, c1, note), n in seen.items():
            s = '%s%s %s from %s: **%s / %s / %s / %s**' % ('%d× ' % n if n > 1 else '', flags, '', src, ph, ca, og, vd)
            if o1:
                s += ' (single pass: %s / %s / %s)' % (o1, v1, c1)
            s += ' — ' + note
            cells.append(s.replace('  ', ' '))
        h = how(name)
        if name.split('.')[0].endswith('-vxlan') and point == 'server':
            h = h.replace('captured on the underlay', 'server side (plain Ethernet, no tunnel there)')
        print('| %s.pcap | %s | %s | %s |' % (name, h, point,
                                              '<br>'.join(cells) if cells else 'no reset'))


if __name__ == '__main__':
    main()
