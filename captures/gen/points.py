# SPDX-License-Identifier: GPL-2.0-or-later
"""rstan capture-point scenarios: the same traffic captured at four points at once.

usage: points.py NAME FAMILY(4|6) OUTDIR WORKDIR NSPREFIX

The chain is  c - a1 - r1 - r2 - s  (scenarios.py's lab with one router on
each side of r1, the device). tcpdump runs at four points, each its own pcap:

  client              c's interface              (client namespace)
  router-client-side  r1's interface towards c   (router namespace)
  router-server-side  r1's interface towards s   (router namespace)
  server              s's interface              (server namespace)

tools/rstan-merge then merges them into one pcapng, one named interface per
point, and <name>.expected.tsv gets one row per reset copy. Expected values
come from how each reset was made: which node made it, towards which end, and
where the scenario dropped it; the points where a copy must appear follow from
that and from the chain, and the generator checks that they do.
"""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import craft  # noqa: E402
import expect  # noqa: E402
import netlab  # noqa: E402
from netlab import linger0, recv_exact  # noqa: E402
from scenarios import V, Injector, exchange, forgetful_nat, keep_sending, registrar  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MERGE = os.path.join(HERE, '..', '..', 'tools', 'rstan-merge')

# Capture points in path order from the client to the server, with where they sit on the chain
# c(0) a1(1) r1(2) r2(3) s(4): on r1's two links, a packet has crossed a1 (or r2) but not r1.
POINTS = ['client', 'router-client-side', 'router-server-side', 'server']
POINT_POS = {'client': 0, 'router-client-side': 1.5, 'router-server-side': 2.5, 'server': 4}
NODE_POS = {'client': 0, 'r1': 2, 'server': 4}
ROUTERS = (1, 2, 3)
NODES = {'client': ('c', 'e1'), 'router-client-side': ('r1', 'e0'),
         'router-server-side': ('r1', 'e1'), 'server': ('s', 'e0')}

# Clock offsets for the -clocks variants, seconds (editcap -t on each point's capture).
SHIFTS = {'client': 900, 'router-client-side': -420, 'router-server-side': 300, 'server': -900}
# The crafted sequence-shifting firewall's offsets, client and server direction.
SEQ_SHIFT = (0x5a5a1234, 0x9e3779b9)

COLUMNS = expect.COLUMNS + ['point', 'seen_at', 'between_points', 'lost_between_points', 'hops_between',
                            'ttl', 'reset', 'seen_at_pass1', 'between_points_pass1',
                            'lost_between_points_pass1']

SCEN = {}
scenario, classifier = registrar(SCEN)


def made(rid, by, v, toward=None, lost_after=None, missing=(), between_pass1=None):
    """A reset's identity and path: made by 'client', 'server' or 'r1' (towards 'c' or 's');
    lost_after: the last point it reached before it was dropped; missing: points that were not
    capturing when it passed; between_pass1: between_points for a single pass where it cannot
    know what the second pass knows (None: the same)."""
    v = dict(v)
    v.update(reset=rid, by=by, toward=toward, lost_after=lost_after, missing=tuple(missing),
             between_pass1=between_pass1)
    return v


def path_of(v):
    """The points that saw a reset, nearest its sender first."""
    if v['by'] == 'client':
        pts = list(POINTS)
    elif v['by'] == 'server':
        pts = POINTS[::-1]
    elif v['toward'] == 'c':
        pts = ['router-client-side', 'client']
    else:
        pts = ['router-server-side', 'server']
    if v['lost_after']:
        pts = pts[:pts.index(v['lost_after']) + 1]
    return [p for p in pts if p not in v['missing']]


def hops(v, point):
    """Routers between the node that made a reset and a point."""
    a, b = sorted((NODE_POS[v['by']], POINT_POS[point]))
    return sum(1 for r in ROUTERS if a < r < b)


def from_server(meta, r):
    return r['sport'] in meta['ports']


# ---------------------------------------------------------------- scenarios
def abort(lab, meta, by):
    """Request/response, then an SO_LINGER {1,0} close by 'client' or 'server'."""
    ls = lab.listen('s', 8080)
    c, a = exchange(lab, ls, 8080, close=False)
    time.sleep(0.2)
    closing, other = (c, a) if by == 'client' else (a, c)
    linger0(closing)
    closing.close()
    time.sleep(0.3)
    meta['keep'] = [ls, other]


@scenario('points-abort-server', ports={8080}, resets={'server-abort'}, folded=True)
def sc_abort_server(lab, meta):
    abort(lab, meta, 'server')


SERVER_ABORT = V('established', 'app-abort', 'server', 'genuine',
                 'server closes with SO_LINGER {1,0} after request/response: RST+ACK seq=snd_nxt')
CLIENT_ABORT = V('established', 'app-abort', 'client', 'genuine',
                 'client closes with SO_LINGER {1,0} after request/response: RST+ACK seq=snd_nxt')
CLIENT_ANSWER = V('closed', 'data-after-close', 'client', 'genuine',
                  'the client, whose connection is gone, answers the server\'s later data with bare RST')


@classifier('points-abort-server')
def cl_abort_server(meta, r):
    if from_server(meta, r) and r['flags'] == 0x14:
        return made('server-abort', 'server', SERVER_ABORT)


@scenario('points-abort-client', ports={8080}, resets={'client-abort'})
def sc_abort_client(lab, meta):
    abort(lab, meta, 'client')


@classifier('points-abort-client')
def cl_abort_client(meta, r):
    if not from_server(meta, r) and r['flags'] == 0x14:
        return made('client-abort', 'client', CLIENT_ABORT)


# -- r1's own nftables rejects: made between the two router points ------------------------------
@scenario('points-fw-reject', ports={8080, 8081, 8082, 8083},
          resets={'syn-reject', 'reject-to-server', 'reject-to-client'})
def sc_fw_reject(lab, meta):
    S = lab.ip('s')
    lab.nft('r1', 'table inet fw { chain forward_filter { type filter hook forward priority 0; '
                  'tcp dport 8081 reject with tcp reset; } }')
    ls = [lab.listen('s', p) for p in (8080, 8081, 8082, 8083)]
    exchange(lab, ls[0], 8080)
    assert lab.connect('c', S, 8081, expect_fail=True) is None
    ca, aa = exchange(lab, ls[2], 8082, close=False)
    cb, ab = exchange(lab, ls[3], 8083, close=False)
    time.sleep(0.3)
    lab.nft('r1', 'add rule inet fw forward_filter %s saddr %s tcp sport 8082 reject with tcp reset' % (lab.nft_ip, S))
    lab.nft('r1', 'add rule inet fw forward_filter %s daddr %s tcp dport 8083 reject with tcp reset' % (lab.nft_ip, S))
    aa.sendall(b'server push on 8082\n')      # server -> client data: r1 resets the server
    time.sleep(0.4)
    cb.sendall(b'client data on 8083\n')      # client -> server data: r1 resets the client
    time.sleep(0.4)
    meta['keep'] = ls + [ca, aa, cb, ab]


@classifier('points-fw-reject')
def cl_fw_reject(meta, r):
    if r['sport'] == 8081 and r['flags'] == 0x14:
        return made('syn-reject', 'r1', V('handshake', 'firewall-reject', 'middlebox', 'spoofed',
                    'nftables reject on r1 answers the SYN in the server\'s name; the SYN never reached the '
                    'server side'), toward='c')
    if r['dport'] == 8082 and r['flags'] == 0x04:
        return made('reject-to-server', 'r1', V('established', 'firewall-reject', 'middlebox', 'spoofed',
                    'nftables reject on r1 answers the server\'s data in the client\'s name'), toward='s')
    if r['sport'] == 8083 and r['flags'] == 0x04:
        return made('reject-to-client', 'r1', V('established', 'firewall-reject', 'middlebox', 'spoofed',
                    'nftables reject on r1 answers the client\'s data in the server\'s name'), toward='c')


# -- who rejected my connection? r1 refuses the SYN before anything else was seen -----------------
REJ_PORTS = (40710, 40711)      # the client ports of the two refused connections


def syn_reject(lab, meta, late=False):
    """r1's `reject with tcp reset` refuses the SYNs to 8081 (the server listens there too).
    A ping crosses the chain first, so every capturing point shows it was live; then the
    first attempt, the capture's first TCP; the second comes after a normal connection on
    8080. late: the server-side points start after the first attempt (they miss the ping)."""
    S = lab.ip('s')
    lab.nft('r1', 'table inet fw { chain forward_filter { type filter hook forward priority 0; '
                  'tcp dport 8081 reject with tcp reset; } }')
    ls = [lab.listen('s', p) for p in (8080, 8081)]
    lab.sh('c', ['ping', '-c', '1', '-W', '2', S])
    time.sleep(0.2)
    assert lab.connect('c', S, 8081, sport=REJ_PORTS[0], expect_fail=True) is None
    time.sleep(0.3)
    if late:
        for p in LATE_SERVER_SIDE:
            lab.capture(*NODES[p], meta['late_paths'][p])
        time.sleep(0.2)
    exchange(lab, ls[0], 8080)
    assert lab.connect('c', S, 8081, sport=REJ_PORTS[1], expect_fail=True) is None
    time.sleep(0.3)
    meta['keep'] = ls


LATE_SERVER_SIDE = ('router-server-side', 'server')


@scenario('points-syn-reject', ports={8080, 8081}, resets={'syn-reject-first', 'syn-reject'})
def sc_syn_reject(lab, meta):
    syn_reject(lab, meta)


@scenario('points-syn-reject-late', ports={8080, 8081}, resets={'syn-reject-first', 'syn-reject'},
          late=LATE_SERVER_SIDE)
def sc_syn_reject_late(lab, meta):
    syn_reject(lab, meta, late=True)


@classifier('points-syn-reject')
def cl_syn_reject(meta, r):
    if r['sport'] == 8081 and r['flags'] == 0x14 and r['dport'] in REJ_PORTS:
        first = r['dport'] == REJ_PORTS[0]
        late = meta['scenario'].endswith('-late')
        note = ('nftables `reject with tcp reset` on r1 answers the client\'s SYN to 8081 in the server\'s '
                'name (RST+ACK seq 0, TTL 64 from r1); the SYN was seen at client and router-client-side, '
                'never at router-server-side or server')
        p1 = None
        if first:
            note += ('; the capture\'s first TCP (only a ping before it), nothing of the server\'s TCP seen'
                     + ('; the server-side points were not capturing yet' if late else
                        '; all four points were capturing (they saw the ping)'))
            # A single pass meets it before any TCP of router-server-side and server: nothing
            # tells yet where they lie or what their clocks are, so it cannot be placed between
            # the points, and on the wire r1's reject is the kernel's closed-port answer.
            note += ('; single pass: before any TCP of the server-side points, so not placeable yet: '
                     'the server\'s, unverified, a closed port as it looks')
            p1 = ('server', 'unverified', 'port-closed')
        else:
            note += '; after a normal connection to 8080'
        return made('syn-reject-first' if first else 'syn-reject', 'r1',
                    V('handshake', 'firewall-reject', 'middlebox', 'spoofed', note, p1), toward='c',
                    between_pass1=0 if first else None)


SCEN['points-syn-reject-late']['classify'] = cl_syn_reject


# -- crafted probes from a scanner behind r1's NAT --------------------------------------------
# nmap --scanflags from the client, one source port per kind, each to the open 8080 and the
# closed 8099. With masquerade, conntrack finds SYN+RST and SYN+FIN invalid (tcp_valid_flags)
# and attaches no entry: masquerade leaves them, and the server's answers to them,
# untranslated. SYN+URG is a valid first segment: it is translated, and so is what follows.
# -stateless: r1 translates the client's address 1:1 in nftables rules on every packet
# (notrack, `ip saddr set` / `ip daddr set`), so every probe and answer is translated.
NAT_PROBES = {'SYNRST': 40801, 'SYNFIN': 40802, 'SYNURG': 40803}
PROBE_OPEN, PROBE_CLOSED = 8080, 8099
PROBE_RESETS = {'synrst-open', 'synrst-closed', 'synfin-closed', 'synurg-open', 'synurg-closed'}


def stateless_nat(lab):
    """r1 rewrites the client's address to its own server-side address and back, on every
    packet, without connection tracking (nftables payload statements; checksums updated)."""
    inside, outside = lab.ip('c'), lab.ifaddr('r1', 'e1')
    ip = lab.nft_ip
    lab.enter('r1')
    script = ('table inet onetoone {\n'
              ' chain raw_pre {\n  type filter hook prerouting priority -300\n  notrack\n }\n'
              ' chain pre {\n  type filter hook prerouting priority -150\n'
              '  iifname "e1" %s daddr %s %s daddr set %s\n }\n'
              ' chain post {\n  type filter hook postrouting priority 100\n'
              '  oifname "e1" %s saddr %s %s saddr set %s\n }\n}\n'
              % (ip, outside, ip, inside, ip, inside, ip, outside))
    r = subprocess.run(['nft', '-f', '-'], input=script, text=True, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=20)
    if r.returncode != 0:
        raise RuntimeError('nft: ' + r.stderr)


def nat_probes(lab, meta, stateless=False):
    if stateless:
        stateless_nat(lab)
    else:
        lab.nft('r1', 'table inet nat { chain postrouting_nat { type nat hook postrouting priority srcnat; '
                      'oifname "e1" masquerade; } }')
    ls = lab.listen('s', PROBE_OPEN)
    exchange(lab, ls, PROBE_OPEN)                # the NAT mapping of a normal connection
    lab.enter('c')
    for flags, sport in NAT_PROBES.items():
        cmd = (['nmap', '-n', '--send-ip'] + (['-6'] if lab.fam == 6 else []) +
               ['-Pn', '--scanflags', flags, '--max-retries', '0', '-g', str(sport),
                '-p', '%d,%d' % (PROBE_OPEN, PROBE_CLOSED), lab.ip('s')])
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60)
        print('$ %s\n%s' % (' '.join(cmd), r.stdout[-1500:]))
        time.sleep(0.3)
    exchange(lab, ls, PROBE_OPEN)                # and another after the probes
    time.sleep(0.2)
    meta['keep'] = [ls]


@scenario('points-nat-probes', ports={PROBE_OPEN, PROBE_CLOSED}, resets=PROBE_RESETS)
def sc_nat_probes(lab, meta):
    nat_probes(lab, meta)


@scenario('points-nat-probes-stateless', ports={PROBE_OPEN, PROBE_CLOSED}, resets=PROBE_RESETS)
def sc_nat_probes_stateless(lab, meta):
    nat_probes(lab, meta, stateless=True)


def probe_of(meta, r):
    """(nmap's scan flags, server port, sent by the server) of a segment of the probes."""
    srv = from_server(meta, r)
    cport, sport = (r['dport'], r['sport']) if srv else (r['sport'], r['dport'])
    kind = next((k for k, p in NAT_PROBES.items() if p == cport), None)
    return kind, sport, srv


@classifier('points-nat-probes')
def cl_nat_probes(meta, r):
    kind, sport, srv = probe_of(meta, r)
    port = 'open' if sport == PROBE_OPEN else 'closed'
    rid = '%s-%s' % ((kind or '').lower(), port)
    stateless = meta['scenario'].endswith('-stateless')
    if kind == 'SYNRST' and not srv and r['flags'] & 0x06 == 0x06:
        how = ('r1\'s stateless NAT translates it like any packet' if stateless else
               'conntrack finds the flags invalid, so r1 forwards it untranslated')
        return made(rid, 'client', V('handshake', 'malformed-syn', 'client', 'genuine',
                    'the probe itself: SYN+RST from nmap --scanflags SYNRST on the client (the scanner) to the '
                    '%s port; %s; no answer' % (port, how)))
    if kind in ('SYNFIN', 'SYNURG') and srv and r['flags'] == 0x14 and port == 'closed':
        if kind == 'SYNFIN' and not stateless:
            how = 'untranslated (no conntrack entry for an invalid SYN+FIN), ack=seq+2'
        else:
            how = 'translated back by r1\'s NAT' + (', ack=seq+2' if kind == 'SYNFIN' else '')
        return made(rid, 'server', V('handshake', 'malformed-syn', 'server', 'genuine',
                    'server kernel answers nmap\'s %s probe to the closed port with RST+ACK, %s'
                    % (kind[:3] + '+' + kind[3:], how)))
    if kind == 'SYNURG' and not srv and r['flags'] == 0x04 and port == 'open':
        return made(rid, 'client', V('handshake', 'malformed-syn', 'client', 'genuine',
                    'SYN+URG to the open port is taken as a SYN; the scanning client\'s kernel resets the '
                    'SYN-ACK (bare RST); the probe was translated by r1\'s NAT, so is this reset'))


SCEN['points-nat-probes-stateless']['classify'] = cl_nat_probes


# -- NAT between the router points: a genuine reset through it and the NAT's own reset ---------
@scenario('points-nat', ports={8080, 8081}, resets={'server-abort', 'nat-expired'}, clocks=True)
def sc_nat(lab, meta):
    forgetful_nat(lab, timeout=2)
    l1, l2 = lab.listen('s', 8080), lab.listen('s', 8081)
    c, a = exchange(lab, l1, 8080, close=False)
    time.sleep(0.2)
    linger0(a)
    a.close()
    c2, a2 = exchange(lab, l2, 8081, close=False)
    time.sleep(5)                 # conntrack forgets the idle flow after 2 s
    c2.sendall(b'still there?\n')
    time.sleep(0.5)
    meta['keep'] = [l1, l2, c, c2, a2]


@classifier('points-nat')
def cl_nat(meta, r):
    if r['sport'] == 8080 and r['flags'] == 0x14:
        v = dict(SERVER_ABORT, note='server aborts (SO_LINGER 0); r1 masquerades the client: addresses differ '
                                    'between the router points')
        return made('server-abort', 'server', v)
    if r['sport'] == 8081 and r['flags'] == 0x04:
        return made('nat-expired', 'r1', V('established', 'state-expired', 'middlebox', 'spoofed',
                    'r1 (NAT) forgot the idle flow after 2 s; its ct state invalid reject answers the client\'s data '
                    'in the server\'s name'), toward='c')


# -- resets forged with scapy at r1 ------------------------------------------------------------
INJ_PORT = 40200


def watched_conn(lab, meta):
    """A live connection (client port INJ_PORT) and an injector on each of r1's links; returns
    the injectors, the client and server sockets, and what r1 learnt of the flow."""
    to_c = Injector(lab, meta, 'r1', 'e0', 'a1', 'e1')
    to_s = Injector(lab, meta, 'r1', 'e1', 'r2', 'e0')
    ls = lab.listen('s', 8080)
    c, a = exchange(lab, ls, 8080, sport=INJ_PORT, close=False, resp=2000)
    st = to_c.state(lab.ip('c'), INJ_PORT, lab.ip('s'), 8080)
    meta['keep'] = [ls, c, a]
    return to_c, to_s, c, a, st['s2c'], st['c2s']


def forge(inj, meta, rid, **kw):
    inj.send(**kw)
    meta.setdefault('forged_at', {})['%d|%d|%d' % (kw['sport'], kw['dport'], kw['seq'] & 0xffffffff)] = rid


@scenario('points-inject', ports={8080}, resets={'injected', 'client-answer'}, clocks=True)
def sc_inject(lab, meta):
    C, S = lab.ip('c'), lab.ip('s')
    to_c, _, c, a, s2c, c2s = watched_conn(lab, meta)
    forge(to_c, meta, 'injected', src=S, dst=C, sport=8080, dport=INJ_PORT, flags='RA', seq=s2c['nxt'],
          ack=c2s['nxt'], win=0, ttl=50, ipid=0x7a69)
    keep_sending(a, 2)
    time.sleep(0.3)


INJECTED = V('established', 'injected', 'middlebox', 'spoofed', '')


@classifier('points-inject')
def cl_inject(meta, r):
    rid = meta.get('forged_at', {}).get('%d|%d|%d' % (r['sport'], r['dport'], r['seq']))
    if rid:
        return made(rid, 'r1', dict(INJECTED, note='RST+ACK forged with scapy on r1\'s client-side link, exact '
                                                   'seq/ack, TTL 50, in the server\'s name'), toward='c')
    if not from_server(meta, r) and r['flags'] == 0x04:
        return made('client-answer', 'client', CLIENT_ANSWER)


@scenario('points-inject-both', ports={8080}, resets={'injected-to-client', 'injected-to-server'})
def sc_inject_both(lab, meta):
    C, S = lab.ip('c'), lab.ip('s')
    to_c, to_s, c, a, s2c, c2s = watched_conn(lab, meta)
    forge(to_c, meta, 'injected-to-client', src=S, dst=C, sport=8080, dport=INJ_PORT, flags='RA',
          seq=s2c['nxt'], ack=c2s['nxt'], win=0, ttl=50, ipid=0x7a69)
    forge(to_s, meta, 'injected-to-server', src=C, dst=S, sport=INJ_PORT, dport=8080, flags='RA',
          seq=c2s['nxt'], ack=s2c['nxt'], win=0, ttl=50, ipid=0x7a6a)
    time.sleep(0.4)


@classifier('points-inject-both')
def cl_inject_both(meta, r):
    rid = meta.get('forged_at', {}).get('%d|%d|%d' % (r['sport'], r['dport'], r['seq']))
    if rid == 'injected-to-client':
        return made(rid, 'r1', dict(INJECTED, note='forged at r1 towards the client, in the server\'s name, '
                                                   'at the same moment as one towards the server'), toward='c')
    if rid == 'injected-to-server':
        return made(rid, 'r1', dict(INJECTED, note='forged at r1 towards the server, in the client\'s name, '
                                                   'at the same moment as one towards the client'), toward='s')


# -- a point that starts late ------------------------------------------------------------------
@scenario('points-late-start', ports={8080, 8081, 8082}, late='router-server-side',
          resets={'server-abort-early', 'server-abort', 'client-abort'})
def sc_late(lab, meta):
    ls = [lab.listen('s', p) for p in (8080, 8081, 8082)]
    c0, a0 = exchange(lab, ls[0], 8080, close=False)
    time.sleep(0.1)
    linger0(a0)
    a0.close()                                   # before router-server-side captures
    c1, a1 = exchange(lab, ls[1], 8081, close=False)
    time.sleep(0.2)
    node, ifc = NODES['router-server-side']
    lab.capture(node, ifc, meta['late_path'])
    time.sleep(0.3)
    c1.sendall(b'GET /more HTTP/1.1\r\n\r\n')   # the late point sees some of the connection first
    recv_exact(a1, 22)
    a1.sendall(b'HTTP/1.1 204 No Content\r\n\r\n')
    recv_exact(c1, 27)
    time.sleep(0.2)
    linger0(a1)
    a1.close()
    c2, a2 = exchange(lab, ls[2], 8082, close=False)
    time.sleep(0.1)
    linger0(c2)
    c2.close()
    time.sleep(0.3)
    meta['keep'] = ls + [c0, c1, a2]


@classifier('points-late-start')
def cl_late(meta, r):
    if r['sport'] == 8080 and r['flags'] == 0x14:
        return made('server-abort-early', 'server', dict(SERVER_ABORT, note='server abort before the '
                    'router-server-side capture started'), missing=['router-server-side'])
    if r['sport'] == 8081 and r['flags'] == 0x14:
        return made('server-abort', 'server', dict(SERVER_ABORT, note='server abort; router-server-side '
                    'started capturing in the middle of this connection'))
    if r['dport'] == 8082 and r['flags'] == 0x14:
        return made('client-abort', 'client', CLIENT_ABORT)


# -- a reset lost between the points -----------------------------------------------------------
LOST_PORT = 40400


@scenario('points-lost', ports={8080}, resets={'client-abort-lost', 'client-answer'})
def sc_lost(lab, meta):
    ls = lab.listen('s', 8080)
    c, a = exchange(lab, ls, 8080, sport=LOST_PORT, close=False)
    lab.nft('r1', 'table inet loss { chain forward_filter { type filter hook forward priority 0; '
                  'tcp sport %d tcp flags & rst == rst drop; } }' % LOST_PORT)
    time.sleep(0.1)
    linger0(c)
    c.close()                     # RST+ACK: dropped by r1, the server never gets it
    time.sleep(0.3)
    lab.nft('r1', 'delete table inet loss')
    a.sendall(b'the server still thinks the connection is open\n')
    time.sleep(0.4)
    meta['keep'] = [ls, a]


@classifier('points-lost')
def cl_lost(meta, r):
    if not from_server(meta, r) and r['flags'] == 0x14:
        return made('client-abort-lost', 'client', dict(CLIENT_ABORT, note='client aborts (SO_LINGER 0); nft on '
                    'r1 drops the reset, which reaches router-client-side and no further'),
                    lost_after='router-client-side')
    if not from_server(meta, r) and r['flags'] == 0x04:
        return made('client-answer', 'client', CLIENT_ANSWER)


# -- sequence-shifting firewall (crafted rewrite of the server point) ---------------------------
@scenario('points-seqshift-crafted', ports={8080, 8081}, resets={'server-abort', 'client-abort'},
          seqshift=True)
def sc_seqshift(lab, meta):
    # r1 drops the first full-sized response segment once, so the client SACKs what follows
    lab.nft('r1', 'table inet loss { chain forward_filter { type filter hook forward priority 0; '
                  'tcp sport 8080 meta length > 600 limit rate 1/minute burst 1 packets drop; } }')
    l1, l2 = lab.listen('s', 8080), lab.listen('s', 8081)
    c, a = exchange(lab, l1, 8080, close=False, resp=8000)
    time.sleep(0.2)
    linger0(a)
    a.close()
    c2, a2 = exchange(lab, l2, 8081, close=False)
    time.sleep(0.1)
    linger0(c2)
    c2.close()
    time.sleep(0.3)
    meta['keep'] = [l1, l2, c, a2]


@classifier('points-seqshift-crafted')
def cl_seqshift(meta, r):
    if r['sport'] == 8080 and r['flags'] == 0x14:
        return made('server-abort', 'server', dict(SERVER_ABORT, note='server abort after a response with '
                    'one segment lost and SACKed; the server point is rewritten as behind a sequence-shifting '
                    'firewall'))
    if r['dport'] == 8081 and r['flags'] == 0x14:
        return made('client-abort', 'client', dict(CLIENT_ABORT, note='client abort; its seq differs at the '
                    'server point by the firewall\'s offset'))


# ---------------------------------------------------------------- expected values
def write_expected(merged, meta, spec, shifted=False):
    """Writes the expected rows of a merged capture; every reset the scenario meant to cause
    must be there, at exactly the points its path says, the TTLs as far apart as the chain says."""
    classify = spec['classify']
    rows = expect.rst_rows(merged)
    problems = []
    copies = {}
    for r in rows:
        v = classify(meta, r)
        if v is None:
            problems.append('frame %d: UNEXPECTED reset, no rule of the scenario explains it' % r['frame'])
            v = made('unexplained-%d' % r['frame'], 'client', V('unknown', 'unknown', 'unknown', 'unverified',
                     'UNEXPECTED reset, no rule of the scenario explains it'), missing=POINTS)
        r['v'] = v
        copies.setdefault(v['reset'], []).append(r)
    problems += ['the scenario\'s %s reset is missing' % rid for rid in sorted(spec['resets'] - set(copies))]
    for rid, rs in copies.items():
        path = path_of(rs[0]['v'])
        per_point = {p: [r for r in rs if r['iface'] == p] for p in POINTS}
        counts = {p: len(per_point[p]) for p in path}
        if sorted(r['iface'] for r in rs if r['iface'] not in path) or len(set(counts.values())) != 1:
            problems.append('%s: copies at %s, expected the same number at each of %s' % (
                rid, sorted(r['iface'] for r in rs), path))
            continue
        for r in rs:
            v, p = r['v'], r['iface']
            k = per_point[p].index(r)          # the k-th copy at each point is the same reset
            i = path.index(p)
            adj = path[i + 1] if i + 1 < len(path) else (path[i - 1] if i > 0 else None)
            if adj is not None:
                r['hops_between'] = abs(hops(v, p) - hops(v, adj))
                seen = abs(r['ttl'] - per_point[adj][k]['ttl'])
                if seen != r['hops_between']:
                    problems.append('%s at %s: TTL difference %d to %s, the chain says %d' % (
                        rid, p, seen, adj, r['hops_between']))
            met = [q for q in path if per_point[q][k]['frame'] <= r['frame']]
            r['seen_at'] = ','.join(path)
            r['seen_at_pass1'] = ','.join(met) if met != path else ''
    out = merged[:-len('.pcapng')] + '.expected.tsv'
    with open(out, 'w') as f:
        f.write('\t'.join(COLUMNS) + '\n')
        for r in rows:
            v = r['v']
            between = 1 if v['by'] == 'r1' else 0
            lost = 1 if v['lost_after'] else 0
            # A single pass meets each copy before the later ones: it cannot know yet that a copy
            # will never come (lost), and with shifted clocks not even where the earlier one is.
            b1 = '-' if shifted else ('' if v.get('between_pass1') is None else str(v['between_pass1']))
            l1 = '-' if shifted else ('0' if lost else '')
            f.write('\t'.join(str(x) for x in (
                r['frame'], r['src'], r['sport'], r['dst'], r['dport'], '0x%04x' % r['flags'], r['seq'],
                r['ack'], v['phase'], v['cause'], v['origin'], v['verdict'], v['origin_pass1'],
                v['verdict_pass1'], v['cause_pass1'], v['note'], r['iface'], r.get('seen_at', ''), between, lost,
                r.get('hops_between', ''), r['ttl'], v['reset'], r.get('seen_at_pass1', ''), b1, l1)) + '\n')
    for p in problems:
        print('WARNING: %s: %s' % (merged, p), file=sys.stderr)
    return rows


# ---------------------------------------------------------------- runner
def merge(out, parts):
    subprocess.run([MERGE, '-q', '-o', out] + ['%s=%s' % (p, path) for p, path in parts], check=True, timeout=120)


def variant_clocks(outdir, base, parts, meta, spec):
    """The same captures with each point's clock off by SHIFTS (editcap -t)."""
    vbase = base.replace('.v', '-clocks.v', 1)
    shifted = []
    for p, path in parts:
        dst = os.path.join(outdir, '%s.%s.pcap' % (vbase, p))
        subprocess.run(['editcap', '-t', str(SHIFTS[p]), path, dst], check=True, timeout=60)
        shifted.append((p, dst))
    merged = os.path.join(outdir, vbase + '.pcapng')
    merge(merged, shifted)
    write_expected(merged, meta, spec, shifted=True)


def main():
    name, fam, outdir, workdir, prefix = sys.argv[1:6]
    fam = int(fam)
    spec = SCEN[name]
    lab = netlab.Lab(prefix, fam, left=1, right=1)
    base = '%s.v%d' % (name, fam)
    parts = [(p, os.path.join(outdir, '%s.%s.pcap' % (base, p))) for p in POINTS]
    meta = {}
    with lab:
        lab.build()
        meta.update(ports=sorted(spec['ports']), fam=fam, scenario=name)
        late = spec.get('late') or ()
        late = (late,) if isinstance(late, str) else late
        for p, path in parts:
            if p in late:
                meta['late_path'] = path
                meta.setdefault('late_paths', {})[p] = path
                continue
            lab.capture(*NODES[p], path)
        lab.play(spec['fn'], meta)
    meta.pop('keep', None)
    meta['ports'] = set(meta['ports'])
    if spec.get('seqshift'):
        real = parts[-1][1]
        crafted = real[:-len('.pcap')] + '.shifted.pcap'
        craft.seq_shift(real, crafted, SEQ_SHIFT[0], SEQ_SHIFT[1], meta['ports'])
        os.replace(crafted, real)
        sacks = subprocess.run(['tshark', '-n', '-r', real, '-Y', 'tcp.options.sack_le'], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, timeout=60).stdout
        if not sacks.strip():
            print('WARNING: %s: no SACK block to shift (the lost segment was not lost)' % real, file=sys.stderr)
    merged = os.path.join(outdir, base + '.pcapng')
    merge(merged, parts)
    write_expected(merged, meta, spec)
    if spec.get('clocks'):
        variant_clocks(outdir, base, parts, meta, spec)
    if spec.get('folded') and fam == 4:
        # plain mergecap: two points' identical interface descriptions folded into one
        folded = os.path.join(outdir, 'points-folded.v4.pcapng')
        subprocess.run(['mergecap', '-w', folded, parts[0][1], parts[-1][1]], check=True, timeout=60)
    netlab.write_meta(os.path.join(workdir, base + '.meta.json'),
                      dict(meta, ports=sorted(meta['ports'])))


if __name__ == '__main__':
    netlab.run_main(main)
