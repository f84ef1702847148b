# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes <pcap-without-.pcap>.expected.tsv: one row per TCP segment with RST.

The verdict of each reset comes from the scenario that made the capture
(its rules and the list of resets it forged itself), never from a dissector.
A reset that no rule explains is written with 'UNEXPECTED' in its note and
reported on stderr so that the corpus author looks at it.
"""
import re
import subprocess
import sys

COLUMNS = ['frame', 'src', 'sport', 'dst', 'dport', 'flags', 'seq_raw', 'ack_raw', 'phase', 'cause',
           'origin', 'verdict', 'origin_pass1', 'verdict_pass1', 'cause_pass1', 'note']
FIELDS = ['frame.number', 'ip.src', 'ipv6.src', 'tcp.srcport', 'ip.dst', 'ipv6.dst', 'tcp.dstport',
          'tcp.flags', 'tcp.seq_raw', 'tcp.ack_raw', 'ip.ttl', 'ipv6.hlim']


def last(v):
    v = [x for x in v.split(',') if x]
    return v[-1] if v else ''


def rst_rows(pcap):
    cmd = ['tshark', '-n', '-r', pcap, '-Y', 'tcp.flags.reset==1 && !icmp && !icmpv6', '-T', 'fields',
           '-E', 'separator=/t']
    for f in FIELDS:
        cmd += ['-e', f]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                         timeout=120).stdout
    rows = []
    for line in out.splitlines():
        v = dict(zip(FIELDS, line.split('\t')))
        # innermost header wins (tunnels print outer,inner)
        src = last(v['ipv6.src']) or last(v['ip.src'])
        dst = last(v['ipv6.dst']) or last(v['ip.dst'])
        rows.append(dict(frame=int(v['frame.number']), src=src, dst=dst,
                         sport=int(last(v['tcp.srcport'])), dport=int(last(v['tcp.dstport'])),
                         flags=int(last(v['tcp.flags']), 16), seq=int(last(v['tcp.seq_raw'])),
                         ack=int(last(v['tcp.ack_raw']) or 0),
                         ttl=int(last(v['ipv6.hlim']) or last(v['ip.ttl']) or 0)))
    return rows


def classify_row(meta, r, point, classify):
    for f in meta.get('forged', []):
        if (f['src'], f['sport'], f['dst'], f['dport'], f['flags'], f['seq']) == \
                (r['src'], r['sport'], r['dst'], r['dport'], r['flags'], r['seq']):
            return f
    return classify(meta, r, point)


def write_expected(pcap, point, meta, classify):
    rows = rst_rows(pcap)
    out = re.sub(r'\.pcap(ng)?$', '', pcap) + '.expected.tsv'
    bad = 0
    with open(out, 'w') as f:
        f.write('\t'.join(COLUMNS) + '\n')
        for r in rows:
            v = classify_row(meta, r, point, classify)
            if v is None:
                bad += 1
                v = dict(phase='unknown', cause='unknown', origin='unknown', verdict='unverified',
                         origin_pass1='', verdict_pass1='', cause_pass1='',
                         note='UNEXPECTED reset, no rule of the scenario explains it')
            f.write('\t'.join(str(x) for x in (
                r['frame'], r['src'], r['sport'], r['dst'], r['dport'], '0x%04x' % r['flags'],
                r['seq'], r['ack'], v['phase'], v['cause'], v['origin'], v['verdict'],
                v['origin_pass1'], v['verdict_pass1'], v['cause_pass1'], v['note'])) + '\n')
    if bad:
        print('WARNING: %s: %d unexplained reset(s)' % (pcap, bad), file=sys.stderr)
    return rows
