# SPDX-License-Identifier: GPL-2.0-or-later
"""Captures of patterns seen in other people's traces ("in the wild"): captures/wild/.

usage: wild.py NAME FAMILY(4|6) OUTDIR WORKDIR NSPREFIX

The same machinery as scenarios.py (netlab's namespaces, the scenario and
classifier registry, expect.py's expected files); each scenario here runs a
real tool from Debian (hping3, nmap, masscan, bird2, nftables, iptables) or a real
socket program, and packets are crafted with scapy only where the README says
so.  Every classifier gives a reset its expected values from how the scenario
made it, with the reason in the note.
"""
import os
import select
import shutil
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netlab  # noqa: E402
import scenarios  # noqa: E402
from netlab import linger0, recv_exact, recv_some  # noqa: E402
from scenarios import (REQ, SERVICE, CLOSED, TOS, V, SCEN, Injector, classifier, exchange,  # noqa: E402
                       flow_state, from_client, from_server, response, scenario, set_tos, tcp_of)

# the pattern each capture reproduces (the numbers of captures/README.md's wild/ table, as
# tests/integration/test_wild.py uses them)
PATTERN = {}


def wild(name, pattern, **opts):
    PATTERN[name] = pattern
    return scenario(name, fams=opts.pop('fams', (4,)), **opts)


# ---------------------------------------------------------------- helpers
def add_host(lab, node, router, net4, hostid=7):
    """One more namespace hanging off `router` on its own /24 (IPv4)."""
    prefix = lab.ns['c'][:-2]
    lab.ns[node] = '%s-%s' % (prefix, node)
    netlab.run(['ip', 'netns', 'add', lab.ns[node]])
    lab.created.append(lab.ns[node])
    lab.enter(node)
    netlab.run(['ip', 'link', 'set', 'lo', 'up'])
    lab.enter(router)
    rm, hm = netlab.mac(0x70, 1), netlab.mac(0x70, 2)
    netlab.run(['ip', 'link', 'add', 'e9', 'address', rm, 'type', 'veth', 'peer', 'name', 'e0',
                'address', hm, 'netns', lab.ns[node]])
    netlab.run(['ip', 'addr', 'add', net4 + '.1/24', 'dev', 'e9'])
    netlab.run(['ip', 'link', 'set', 'e9', 'up'])
    lab.enter(node)
    netlab.run(['ip', 'addr', 'add', '%s.%d/24' % (net4, hostid), 'dev', 'e0'])
    netlab.run(['ip', 'link', 'set', 'e0', 'up'])
    netlab.run(['ip', 'route', 'add', 'default', 'via', net4 + '.1'])
    lab.macs[(router, 'e9')], lab.macs[(node, 'e0')] = rm, hm
    return '%s.%d' % (net4, hostid)


def tool(lab, node, cmd, timeout=60):
    """Runs a real program inside a namespace; returns its output."""
    lab.enter(node)
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=timeout)
    print('$ %s\n%s' % (' '.join(cmd), r.stdout[-2000:]))
    return r.stdout


def background(lab, node, cmd):
    lab.enter(node)
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lab.procs.append(p)
    return p


def nmap(lab, *args):
    """nmap sending raw IP packets (not Ethernet frames it builds itself), over IPv6 with -6."""
    return ['nmap', '-n', '--send-ip'] + (['-6'] if lab.fam == 6 else []) + list(args)


def one_rule(name, sender, flags, phase, cause, origin, verdict, note):
    """A scenario whose every reset has one sender and one flag set, and one expected answer."""
    def classify(meta, r, point):
        if sender(meta, r, point) and r['flags'] == flags:
            return V(phase, cause, origin, verdict, note)
    SCEN[name]['classify'] = classify


def mergecap(args, out):
    netlab.run(['mergecap', '-F', 'pcap', '-w', out] + args)
    return out


# ==================================================================== pattern 1
OWNER_NET = '203.0.113'


@wild('flood-rand-source', 1, right=1, points=(('server', 's', 'e0'),))
def sc_flood(lab, meta):
    """hping3 SYN flood with random forged sources from c at the server; a second hping3
    forges the address of a real host (o, one hop from the server behind r2), whose own
    kernel resets the server's SYN-ACKs to SYNs it never sent."""
    meta['owner'] = add_host(lab, 'o', 'r2', OWNER_NET)
    ls = lab.listen('s', SERVICE, backlog=64)
    S = lab.ip('s')
    flood = background(lab, 'c', ['hping3', '-q', '-S', '--rand-source', '-p', str(SERVICE),
                                  '-i', 'u4000', '-c', '400', S])
    time.sleep(0.3)
    tool(lab, 'c', ['hping3', '-S', '-a', meta['owner'], '-p', str(SERVICE), '-i', 'u300000',
                    '-c', '4', S])
    flood.wait(timeout=20)
    time.sleep(0.5)
    meta['keep'] = [ls]


@classifier('flood-rand-source')
def cl_flood(meta, r, point):
    if r['src'] == meta['owner'] and r['flags'] == 0x04:
        return V('handshake', 'half-open-scan', 'client', 'genuine',
                 'the real owner of a forged source address: its kernel resets the server\'s SYN-ACK '
                 '(bare RST seq=SYN-ACK\'s ack, its own TTL); it is the SYN\'s address, so the client')


# ==================================================================== pattern 2
OPEN2 = 8443


def scan_lab(lab):
    return [lab.listen('s', SERVICE), lab.listen('s', OPEN2)]


@wild('nmap-syn', 2, right=1, fams=(4, 6))
def sc_nmap_syn(lab, meta):
    keep = scan_lab(lab)
    S = lab.ip('s')
    nm = nmap(lab, '-Pn', '-sS', '--max-retries', '1')
    tool(lab, 'c', nm + ['-p', '%d,%d,%d' % (SERVICE, OPEN2, CLOSED), S])     # nmap's own probe TTLs
    tool(lab, 'c', nm + ['--ttl', '200', '-p', str(SERVICE), S])
    tool(lab, 'c', nm + ['--ttl', '37', '-p', str(OPEN2), S])
    time.sleep(0.3)
    meta['keep'] = keep


def cl_scan(meta, r, point):
    if from_client(meta, r, point) and r['flags'] == 0x04:
        return V('handshake', 'half-open-scan', 'client', 'genuine',
                 'raw SYN probe from the scanner; the scanning host\'s kernel resets the SYN-ACK '
                 '(bare RST seq=ISN+1, its default TTL 64 whatever TTL the probe had)')
    if from_server(meta, r, point) and r['flags'] == 0x14:
        return V('handshake', 'port-closed', 'server', 'genuine',
                 'server kernel answers the SYN probe to a closed port: RST+ACK seq 0')


SCEN['nmap-syn']['classify'] = cl_scan


@wild('masscan', 2, right=1, fams=(4, 6))
def sc_masscan(lab, meta):
    keep = scan_lab(lab)
    tool(lab, 'c', ['masscan', lab.ip('s'), '-p%d,%d,%d' % (SERVICE, OPEN2, CLOSED), '--rate', '20',
                    '--adapter', 'e1', '--adapter-ip', lab.ip('c'),
                    '--router-mac', lab.macs[(lab.nodes[1], 'e0')], '--wait', '2'])
    time.sleep(0.3)
    meta['keep'] = keep


@classifier('masscan')
def cl_masscan(meta, r, point):
    if from_client(meta, r, point) and r['flags'] == 0x04 and r['dport'] == CLOSED:
        return V('handshake', 'half-open-scan', 'client', 'genuine',
                 'masscan\'s own stack answers the closed port\'s RST+ACK to its probe with a bare RST '
                 '(seq=that RST\'s ack, window 1200): the scanner ending its probe')
    if from_client(meta, r, point) and r['flags'] == 0x04:
        return V('handshake', 'half-open-scan', 'client', 'genuine',
                 'masscan shares the host\'s address: the host kernel and masscan\'s own stack both reset '
                 'the SYN-ACK (masscan\'s: bare RST, no ACK, window 1200); both from the scanning host')
    return cl_scan(meta, r, point)


CLOSED_FXN = {'-sF': 8097, '-sX': 8096, '-sN': 8095}
CLOSED_PA = 8094


@wild('nmap-fin-xmas-null', 2, right=1, fams=(4, 6))
def sc_nmap_fxn(lab, meta):
    keep = scan_lab(lab)
    for flag, port in CLOSED_FXN.items():
        tool(lab, 'c', nmap(lab, '-Pn', flag, '--max-retries', '1', '-p', '%d,%d' % (SERVICE, port),
                            lab.ip('s')))
    time.sleep(0.3)
    meta['keep'] = keep


@classifier('nmap-fin-xmas-null')
def cl_nmap_fxn(meta, r, point):
    if from_server(meta, r, point) and r['flags'] == 0x14 and r['sport'] in CLOSED_FXN.values():
        return V('handshake', 'port-closed', 'server', 'genuine',
                 'FIN/Xmas/NULL probe (no ACK bit) to a closed port: RFC 9293 3.10.7.1, state CLOSED, '
                 'answer <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>; the server never had a connection, '
                 'the same template and state as a SYN to a closed port, hence handshake / port-closed')


@wild('nmap-ack-ping', 2, right=1, fams=(4, 6))
def sc_nmap_pa(lab, meta):
    keep = scan_lab(lab)
    tool(lab, 'c', nmap(lab, '-sn', '-PA%d' % CLOSED_PA, lab.ip('s')))
    tool(lab, 'c', nmap(lab, '-sn', '-PA%d' % CLOSED_PA, '--ttl', '250', lab.ip('s')))
    time.sleep(0.3)
    meta['keep'] = keep


@classifier('nmap-ack-ping')
def cl_nmap_pa(meta, r, point):
    if from_server(meta, r, point) and r['flags'] == 0x04 and r['sport'] == CLOSED_PA:
        return V('handshake', 'port-closed', 'server', 'genuine',
                 'ACK ping to a closed port: RFC 9293 3.10.7.1, state CLOSED, ACK bit on: <SEQ=SEG.ACK><CTL=RST>; '
                 'no connection ever existed at the server (not established)')


# ==================================================================== pattern 10
CT_PORT = 40600


def ct_invalid(lab, meta, drop_invalid):
    """A real router whose nftables accepts established flows and rejects the rest with a TCP
    reset; conntrack (window tracking on, nf_conntrack_tcp_be_liberal=0) judges a segment
    ahead of the receiver's window INVALID.  The segment is crafted (scapy, from the client
    namespace, with the connection's real ACK): a 6.x kernel ignores late retransmissions
    below the window ('ignore overly delayed tcp packets') instead of marking them INVALID."""
    inv = 'ct state invalid drop; ' if drop_invalid else ''
    lab.nft('r1', 'table inet fw { chain forward_filter { type filter hook forward priority 0; '
                  '%sct state established,related accept; tcp dport %d ct state new accept; '
                  'meta l4proto tcp reject with tcp reset; } }' % (inv, SERVICE))
    lab.sysctl('r1', 'net.netfilter.nf_conntrack_tcp_be_liberal', 0)
    ls = lab.listen('s', SERVICE)
    inj = Injector(lab, meta, 'c', 'e1', lab.nodes[1], 'e0')
    c, a = exchange(lab, ls, SERVICE, sport=CT_PORT, close=False)
    bulk = b'u' * 60000
    c.sendall(bulk)
    recv_exact(a, len(bulk), timeout=5)
    st = inj.state(lab.ip('c'), CT_PORT, lab.ip('s'), SERVICE)
    c2s, s2c = st['c2s'], st['s2c']
    inj.send(lab.ip('c'), lab.ip('s'), CT_PORT, SERVICE, 'PA', c2s['nxt'] + 3000000, ack=s2c['nxt'],
             win=c2s['win'], ttl=64, ipid=((c2s['id'] or 0) + 1) & 0xffff,
             opts=scenarios.tsval_now(c2s), payload=b'q' * 100)
    time.sleep(0.5)
    if drop_invalid:          # the connection lives on and closes normally
        c.sendall(REQ)
        recv_exact(a, len(REQ))
        c.shutdown(socket.SHUT_WR)
        recv_some(a)
        a.close()
        recv_some(c)
        c.close()
        time.sleep(0.2)
    meta['keep'] = [ls, c, a]


@wild('conntrack-invalid', 10, right=1, fams=(4, 6))
def sc_ct_invalid(lab, meta):
    ct_invalid(lab, meta, drop_invalid=False)


@classifier('conntrack-invalid')
def cl_ct_invalid(meta, r, point):
    if point == 'client' and from_server(meta, r, point) and r['flags'] == 0x04:
        return V('established', 'conntrack-invalid', 'middlebox', 'spoofed',
                 'r1\'s conntrack marks the client\'s out-of-window segment INVALID; with no '
                 '"ct state invalid drop" the reject rule answers it with a bare RST (seq=its ACK) in '
                 'the server\'s name, 2 hops closer than the server; the connection dies at the client')


@wild('conntrack-invalid-dropped', 10, right=1, fams=(4, 6))
def sc_ct_dropped(lab, meta):
    ct_invalid(lab, meta, drop_invalid=True)


@classifier('conntrack-invalid-dropped')
def cl_ct_dropped(meta, r, point):
    return None       # "ct state invalid drop" first: no reset at all


# ==================================================================== pattern 9
CENSOR_PORT = 40700
CENSOR_TTL = 171          # a 255-class initial TTL 84 hops away


def censor_conn(lab, meta, port):
    ls = lab.listen('s', SERVICE)
    inj = Injector(lab, meta, 'r1', 'e0', 'c', 'e1')
    c, a = exchange(lab, ls, SERVICE, sport=port, close=False)
    inj.sn.drain()
    return ls, inj, c, a


def seen_data(inj, C, port):
    """The client's latest data segment that the sniffer at r1 saw."""
    time.sleep(0.03)
    for ts, e, ptype in reversed(inj.sn.drain()):
        r = tcp_of(e)
        if r and r[0].src == C and r[1].sport == port and r[2] > 0 and ptype != 4:
            return r
    raise RuntimeError('no client data segment seen at r1')


@wild('censor-triplet', 9, right=5, fams=(4, 6))
def sc_censor(lab, meta):
    """A censor at r1 (scapy) watches for a request and injects three identical RST+ACKs in
    the server's name, initial TTL 255 class, IP ID fixed; the request itself was sent with
    IP_TTL 2 by the real client, so it expires at r2 and never reaches the server (6 routers on)."""
    C, S = lab.ip('c'), lab.ip('s')
    ls, inj, c, a = censor_conn(lab, meta, CENSOR_PORT)
    if lab.fam == 6:
        c.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, 2)
    else:
        c.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, 2)
    c.send(b'GET /forbidden HTTP/1.1\r\nHost: blocked.example\r\n\r\n')
    ip, t, plen, ttl, ipid, fl = seen_data(inj, C, CENSOR_PORT)
    for i in range(3):
        inj.send(S, C, SERVICE, CENSOR_PORT, 'RA', t.ack, ack=t.seq + plen, win=0, ttl=CENSOR_TTL,
                 ipid=31337,
                 verdict=V('established', 'injected', 'middlebox', 'spoofed',
                           'censor at r1 (scapy): one of three identical RST+ACKs, TTL %d (255 class, 84 hops) '
                           'while the server is 6 hops away; the TTL-limited request never reached the server'
                           % CENSOR_TTL))
    time.sleep(0.5)
    meta['keep'] = [ls, c, a]


@classifier('censor-triplet')
def cl_censor(meta, r, point):
    return None


FW_PORT = 40710


@wild('fw-copies-ipid', 9, right=1)
def sc_fw_ipid(lab, meta):
    """A filtering device at r1 drops the client's request (nftables drop) and builds its reset
    from the dropped segment, copying that segment's IP ID (scapy at r1: the device's reset is
    crafted, the drop is the real nftables)."""
    C, S = lab.ip('c'), lab.ip('s')
    ls, inj, c, a = censor_conn(lab, meta, FW_PORT)
    lab.nft('r1', 'table inet fw { chain forward_filter { type filter hook forward priority 0; '
                  'tcp dport %d tcp flags & psh == psh drop; } }' % SERVICE)
    c.send(b'GET /blocked-by-policy HTTP/1.1\r\nHost: service.example\r\n\r\n')
    ip, t, plen, ttl, ipid, fl = seen_data(inj, C, FW_PORT)
    inj.send(S, C, SERVICE, FW_PORT, 'RA', t.ack, ack=t.seq + plen, win=0, ttl=64, ipid=ipid,
             verdict=V('established', 'firewall-reject', 'middlebox', 'spoofed',
                       'device at r1 drops the request and resets in the server\'s name with the '
                       'dropped segment\'s IP ID (%d), TTL 64 from one hop (the server is 2 hops away)' % ipid))
    time.sleep(0.5)
    meta['keep'] = [ls, c, a]


@classifier('fw-copies-ipid')
def cl_fw_ipid(meta, r, point):
    return None


# ==================================================================== pattern 3
BIRD_CONF = """router id %(rid)s;
protocol device { }
protocol bgp peer {
  local %(me)s as %(myas)d;
  neighbor %(peer)s as %(peeras)d;
  %(ttl)s
  hold time 6;
  keepalive time 2;
  connect delay time 1;
  connect retry time 2;
  error wait time 1, 2;
  %(channel)s { import none; export none; };
}
"""


def bird(lab, meta, node, me, peer, myas, peeras, gtsm):
    d = os.path.join(meta['workdir'], '%s-bird-%s' % (lab.ns['c'], node))
    os.makedirs(d, exist_ok=True)
    conf = os.path.join(d, 'bird.conf')
    # the router ID is a 32-bit number written as an IPv4 address, whatever the session's family
    with open(conf, 'w') as f:
        f.write(BIRD_CONF % dict(me=me, peer=peer, myas=myas, peeras=peeras,
                                 rid='192.0.2.%d' % (myas % 100),
                                 channel='ipv4' if lab.fam == 4 else 'ipv6',
                                 ttl='ttl security on;' if gtsm else ''))
    sock = os.path.join(d, 'bird.ctl')
    background(lab, node, ['bird', '-f', '-c', conf, '-s', sock, '-P', os.path.join(d, 'pid')])
    return sock


def bgp(lab, meta, gtsm):
    """Two bird2 speakers on c and r1, one link apart: eBGP with GTSM (RFC 5082, TTL 255 sent)
    or plain direct eBGP (TTL 1).  Once the session is up, r1's bird is shut down; c's bird
    keeps reconnecting and r1's kernel answers each SYN to port 179 with its default TTL 64."""
    C, R = lab.ifaddr('c', 'e1'), lab.ifaddr('r1', 'e0')
    meta['peer'] = R
    sc = bird(lab, meta, 'c', C, R, 65001, 65002, gtsm)
    sr = bird(lab, meta, 'r1', R, C, 65002, 65001, gtsm)
    deadline = time.time() + 30
    while time.time() < deadline:
        time.sleep(0.5)
        out = tool(lab, 'c', ['birdc', '-s', sc, 'show', 'protocols', 'peer'], timeout=10)
        if 'Established' in out:
            break
    else:
        raise RuntimeError('BGP session did not come up')
    time.sleep(4.5)                    # a few keepalives with the session's TTL
    tool(lab, 'r1', ['birdc', '-s', sr, 'down'], timeout=10)
    time.sleep(6)                      # c's bird reconnects into the closed port
    tool(lab, 'c', ['birdc', '-s', sc, 'down'], timeout=10)
    time.sleep(0.3)


@wild('bgp-gtsm', 3, points=(('client', 'c', 'e1'),))
def sc_bgp_gtsm(lab, meta):
    bgp(lab, meta, gtsm=True)


@wild('bgp-ttl1', 3, points=(('client', 'c', 'e1'),), fams=(4, 6))
def sc_bgp_ttl1(lab, meta):
    bgp(lab, meta, gtsm=False)


def cl_bgp(meta, r, point):
    if r['src'] == meta['peer'] and r['sport'] == 179 and r['flags'] == 0x14:
        return V('handshake', 'port-closed', 'server', 'genuine',
                 'bird on r1 is down: r1\'s kernel answers the peer\'s SYN to port 179 with RST+ACK at its '
                 'default TTL 64, while bird\'s own BGP socket sent with TTL %s' %
                 ('255 (GTSM)' if meta['scenario'] == 'bgp-gtsm' else '1 (direct eBGP)'))


SCEN['bgp-gtsm']['classify'] = cl_bgp
SCEN['bgp-ttl1']['classify'] = cl_bgp


# ==================================================================== patterns 4 and 5
def everyday_resets(lab):
    """A closed port, a client abort, a server abort and an unread-data close: real stacks."""
    ls = lab.listen('s', SERVICE)
    assert lab.connect('c', lab.ip('s'), CLOSED, expect_fail=True) is None
    c, a = exchange(lab, ls, SERVICE, close=False)
    linger0(c)
    c.close()
    time.sleep(0.2)
    c2, a2 = exchange(lab, ls, SERVICE, close=False)
    linger0(a2)
    a2.close()
    time.sleep(0.2)
    c3 = lab.connect('c', lab.ip('s'), SERVICE)
    a3, _ = ls.accept()
    c3.sendall(REQ)
    time.sleep(0.2)
    a3.close()
    time.sleep(0.3)
    return [ls, a, c2, c3]


def cl_everyday(meta, r, point):
    if from_server(meta, r, point) and r['flags'] == 0x14 and r['sport'] == CLOSED:
        return V('handshake', 'port-closed', 'server', 'genuine', 'SYN to a port without listener')
    if from_client(meta, r, point) and r['flags'] == 0x14:
        return V('established', 'app-abort', 'client', 'genuine',
                 'client aborts with SO_LINGER 0 after a response')
    if from_server(meta, r, point) and r['flags'] == 0x14:
        sp = meta['unread_port']
        if r['dport'] == sp:
            return V('established', 'unread-data-close', 'server', 'genuine',
                     'server closes with the client\'s request unread')
        return V('established', 'app-abort', 'server', 'genuine',
                 'server aborts with SO_LINGER 0 after a response')


def everyday(lab, meta):
    keep = everyday_resets(lab)
    meta['unread_port'] = keep[-1].getsockname()[1]
    meta['keep'] = keep


# '-i any' in immediate mode drops packets with tcpdump's default 2 MB buffer: 8 MB
@wild('router-both-sides', 4, right=1, points=(('router-any', 'r1', 'any', ['-B', '8192']),), fams=(4, 6))
def sc_router_both(lab, meta):
    """One capture of both interfaces of router r1 into one file: tcpdump -i any on r1
    (Linux cooked), and tcpdump on e0 and on e1 merged into one classic pcap (one interface).
    Every packet appears twice, the second copy one TTL lower, same IP ID, microseconds apart."""
    for ifc in ('e0', 'e1'):
        lab.capture('r1', ifc, os.path.join(meta['workdir'], '%s-%s.pcap' % (lab.ns['c'], ifc)),
                    'tcp or icmp')
    meta['side_pcaps'] = [os.path.join(meta['workdir'], '%s-%s.pcap' % (lab.ns['c'], ifc))
                          for ifc in ('e0', 'e1')]
    everyday(lab, meta)


def post_router_both(meta, made, outdir, base):
    out = mergecap(meta['side_pcaps'], os.path.join(outdir, base + '.router-merged.pcap'))
    return made + [(out, 'router-merged')]


SCEN['router-both-sides'].update(classify=cl_everyday, post=post_router_both)


SPAN_DELAY_MS = 30
SPAN_REJECT = 8081


def span_port(lab, meta, path):
    """A SPAN session on r1: both directions of both its interfaces mirrored (tc mirred) into
    one port, m0, whose other end (span0) sits in a monitor namespace, where tcpdump captures.
    The server-side interface's copies take a detour through a delay line (delayline.py in a
    namespace of its own) before they join the others: a switch whose SPAN of the far
    segment arrives late. Nothing in the mirror has an address or sends traffic of its own."""
    prefix = lab.ns['c'][:-2]
    for n in ('m', 'd'):
        lab.ns[n] = '%s-%s' % (prefix, n)
        netlab.run(['ip', 'netns', 'add', lab.ns[n]])
        lab.created.append(lab.ns[n])
    # the delay line sends frames on as read: every stack finishes its checksums in software
    for node, ifcs in (('c', ['e1']), ('r1', ['e0', 'e1']), (lab.nodes[2], ['e0', 'e1']), ('s', ['e0'])):
        for ifc in ifcs:
            lab.sh(node, ['ethtool', '-K', ifc, 'tx', 'off', 'tso', 'off', 'gso', 'off', 'gro', 'off'])
    lab.enter('r1')
    netlab.run(['ip', 'link', 'add', 'm0', 'type', 'veth', 'peer', 'name', 'span0', 'netns', lab.ns['m']])
    netlab.run(['ip', 'link', 'add', 'm1', 'type', 'veth', 'peer', 'name', 'da', 'netns', lab.ns['d']])
    netlab.run(['ip', 'link', 'add', 'm1r', 'type', 'veth', 'peer', 'name', 'db', 'netns', lab.ns['d']])
    for node, ifc in (('r1', 'm0'), ('r1', 'm1'), ('r1', 'm1r'), ('m', 'span0'), ('d', 'da'), ('d', 'db')):
        lab.sysctl(node, 'net.ipv6.conf.%s.disable_ipv6' % ifc, 1)
        netlab.run(['ethtool', '-K', ifc, 'tx', 'off', 'tso', 'off', 'gso', 'off', 'gro', 'off'])
        netlab.run(['ip', 'link', 'set', 'dev', ifc, 'promisc', 'on', 'up'])
    lab.enter('r1')
    for ifc, to in (('e0', 'm0'), ('e1', 'm1')):
        netlab.run(['tc', 'qdisc', 'add', 'dev', ifc, 'clsact'])
        for way in ('ingress', 'egress'):
            netlab.run(['tc', 'filter', 'add', 'dev', ifc, way, 'protocol', 'all', 'u32', 'match', 'u32', '0', '0',
                        'action', 'mirred', 'egress', 'mirror', 'dev', to])
    netlab.run(['tc', 'qdisc', 'add', 'dev', 'm1r', 'clsact'])
    netlab.run(['tc', 'filter', 'add', 'dev', 'm1r', 'ingress', 'protocol', 'all', 'u32', 'match', 'u32', '0', '0',
                'action', 'mirred', 'egress', 'redirect', 'dev', 'm0'])
    lab.enter('d')
    p = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'delayline.py'),
                          'da', 'db', str(SPAN_DELAY_MS)], stdout=subprocess.PIPE)
    lab.procs.append(p)
    if p.stdout.readline().strip() != b'ready':
        raise RuntimeError('delay line did not start')
    lab.capture('m', 'span0', path, 'tcp', extra=['-B', '8192'])


@wild('span-two-segments', 4, right=1, points=(), fams=(4, 6))
def sc_span(lab, meta):
    """Both of r1's segments mirrored into one SPAN port, the server side's copies 30 ms late
    (a real delay line): every forwarded packet twice, same IP ID and TCP header, TTL one
    lower, another Ethernet source, tens of milliseconds apart. Real stacks: the everyday
    resets, then r1's own nftables reject of a SYN (seen once: it leaves on one side only)."""
    meta['span_pcap'] = os.path.join(meta['workdir'], '%s-span.pcap' % lab.ns['c'])
    span_port(lab, meta, meta['span_pcap'])
    time.sleep(0.3)
    everyday(lab, meta)
    lab.nft('r1', 'table inet fw { chain forward_filter { type filter hook forward priority 0; '
                  'tcp dport %d reject with tcp reset; } }' % SPAN_REJECT)
    assert lab.connect('c', lab.ip('s'), SPAN_REJECT, expect_fail=True) is None
    time.sleep(SPAN_DELAY_MS / 1000.0 + 0.3)


def post_span(meta, made, outdir, base):
    out = os.path.join(outdir, base + '.span.pcap')
    shutil.copyfile(meta['span_pcap'], out)
    return made + [(out, 'span')]


@classifier('span-two-segments')
def cl_span(meta, r, point):
    if from_server(meta, r, point) and r['flags'] == 0x14 and r['sport'] == SPAN_REJECT:
        return V('handshake', 'firewall-reject', 'middlebox', 'spoofed',
                 'nftables reject on r1 answers the SYN in the server\'s name (TTL 64 from r1, the server\'s '
                 'packets reach the client side with 62): it leaves on r1\'s client side only, one copy')
    v = cl_everyday(meta, r, point)
    if v:
        v = dict(v, note=v['note'] + '; mirrored from both of r1\'s segments, the server side\'s copy 30 ms late')
    return v


SCEN['span-two-segments']['post'] = post_span


@wild('replayed-trace', 5, fams=(4, 6))
def sc_replayed(lab, meta):
    """A client-side capture stored twice in one file: mergecap -a of the capture with
    itself (the second copy's timestamps start again from the first's)."""
    everyday(lab, meta)


def post_replayed(meta, made, outdir, base):
    out = []
    for p, point in made:
        twice = p[:-len('.pcap')] + '-twice.pcap'
        netlab.run(['mergecap', '-a', '-F', 'pcap', '-w', twice, p, p])
        os.unlink(p)
        out.append((twice, point + '-twice'))
    return out


SCEN['replayed-trace'].update(classify=cl_everyday, post=post_replayed)


# ==================================================================== patterns 6 and 7
def next_seg(inj, seen, pred, timeout=5):
    """Waits for the first segment after index seen[0] that pred accepts (sniffer at c)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        pkts = inj.sn.drain()
        while seen[0] < len(pkts):
            ts, e, ptype = pkts[seen[0]]
            seen[0] += 1
            r = tcp_of(e)
            if r and ptype != 4 and pred(r[1], r[2]):
                return r[1], r[2]
        time.sleep(0.01)
    raise RuntimeError('segment not seen')


class ScriptedClient:
    """A userspace TCP client (scapy) as scanners and test scripts write them: it sends its own
    handshake from the client namespace, whose kernel is kept from resetting (nft drops the
    kernel's outgoing resets for that port).  The server is the real kernel."""

    def __init__(self, lab, meta, sport):
        self.lab, self.sport = lab, sport
        self.C, self.S = lab.ip('c'), lab.ip('s')
        lab.nft('c', 'table inet script { chain output_filter { type filter hook output priority 0; '
                     'tcp sport %d tcp flags & rst == rst drop; } }' % sport)
        self.inj = Injector(lab, meta, 'c', 'e1', lab.nodes[1], 'e0')
        self.seen = [0]
        self.seq = 0x2a000000 + sport
        self.ipid = 2000

    def send(self, flags, ack, payload=b''):
        self.ipid += 1
        self.inj.send(self.C, self.S, self.sport, SERVICE, flags, self.seq, ack=ack, win=64240, ttl=64,
                      ipid=self.ipid, opts=[('MSS', 1460)] if 'S' in flags else (), payload=payload)
        self.seq += len(payload) + (1 if ('S' in flags or 'F' in flags) else 0)

    def wait(self, pred):
        return next_seg(self.inj, self.seen, lambda t, n: t.sport == SERVICE and t.dport == self.sport
                        and pred(t, n))

    def syn(self):
        self.send('S', 0)
        return self.wait(lambda t, n: t.flags & 0x12 == 0x12)[0]


SLOW_PORTS = {40800: 'app-abort', 40801: 'unread-data-close', 40802: 'client-abort'}
FAR_MS = 150        # one-way delay of the delay line in front of a far server


@wild('slow-client', 6, right=1, points=scenarios.POINTS + (('router', 'r1', 'e0'),), fams=(4, 6),
      delay_ms=FAR_MS)
def sc_slow_client(lab, meta):
    """The server sits behind a delay line (0.3 s round trip).  A scripted client waits before
    the handshake's ACK, then sends its request.  On the first connection (a 1.2 s wait) the real
    server application reads it, answers and aborts (SO_LINGER 0) at once.  On the second (1.2 s)
    the server's socket delays its ACKs (TCP_QUICKACK 0) and the application closes it as soon as
    the request arrives, unread: the kernel's reset answers the request one network round trip
    later, far sooner than half the 1.5 s from SYN to the handshake's ACK.  On the third the
    client waits 0.6 s (less than the server's SYN-ACK timeout, so the SYN-ACK is sent once and
    the server sees a 0.9 s answer to it) and resets the connection as soon as the response
    arrives, like a banner grabber: at the server its reset comes one round trip after the
    response.  Captured at both ends and on r1 between them."""
    ls = lab.listen('s', SERVICE)
    for sport, cause in SLOW_PORTS.items():
        cl = ScriptedClient(lab, meta, sport)
        synack = cl.syn()
        time.sleep(0.6 if cause == 'client-abort' else 1.2)
        cl.send('A', synack.seq + 1)
        a, _ = ls.accept()
        if cause == 'unread-data-close':
            a.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 0)
        cl.send('PA', synack.seq + 1, REQ)
        if cause == 'unread-data-close':
            select.select([a], [], [], 3)
            a.close()
        else:
            recv_exact(a, len(REQ))
            a.sendall(response(300))
        if cause == 'app-abort':
            linger0(a)
            a.close()
        if cause == 'client-abort':
            resp, n = cl.wait(lambda t, n: n > 0)
            cl.send('RA', resp.seq + n)
            time.sleep(0.5)
            a.close()
        else:
            cl.wait(lambda t, n: t.flags & 0x04)
        time.sleep(0.3)
    meta['keep'] = [ls]


@classifier('slow-client')
def cl_slow_client(meta, r, point):
    if from_client(meta, r, point) and r['flags'] == 0x14 and r['sport'] in SLOW_PORTS:
        return V('established', 'app-abort', 'client', 'genuine',
                 'the scripted client resets the connection (RST+ACK seq=snd_nxt) as soon as the response '
                 'arrives; its own 0.6 s wait before the handshake ACK is no part of the 0.3 s round trip')
    if from_server(meta, r, point) and r['flags'] == 0x14 and r['dport'] in SLOW_PORTS:
        if SLOW_PORTS[r['dport']] == 'app-abort':
            return V('established', 'app-abort', 'server', 'genuine',
                     'server application answers the request and aborts (SO_LINGER 0) at once: RST+ACK '
                     'right behind the response; the client\'s own 1.2 s wait before its handshake ACK is '
                     'no part of the path\'s 0.3 s round trip')
        return V('established', 'unread-data-close', 'server', 'genuine',
                 'server application closes with the request unread (its ACK delayed by TCP_QUICKACK 0): '
                 'the kernel\'s RST+ACK answers the request one round trip (0.3 s) later; the client\'s '
                 '1.2 s wait before its handshake ACK is no part of that round trip')


@wild('near-device-far-server', 6, right=1, fams=(4, 6), delay_ms=FAR_MS)
def sc_near_device(lab, meta):
    """The server sits behind the delay line (0.3 s round trip); after a request and response,
    nftables on r1, one hop from the client, rejects the client's next request with a TCP reset
    in the server's name.  At the client the reset comes a fraction of a millisecond after the
    request, where the server's own answer takes 0.3 s (Weaver et al. 2009's arrival bound)."""
    ls = lab.listen('s', SERVICE)
    c, a = exchange(lab, ls, SERVICE, close=False)
    lab.nft('r1', 'table inet fw { chain forward_filter { type filter hook forward priority 0; '
                  '%s saddr %s tcp dport %d reject with tcp reset; } }' % (lab.nft_ip, lab.ip('c'), SERVICE))
    c.sendall(REQ)
    recv_some(c, timeout=1)
    time.sleep(0.3)
    meta['keep'] = [ls, c, a]


@classifier('near-device-far-server')
def cl_near_device(meta, r, point):
    if point == 'client' and from_server(meta, r, point) and r['flags'] & 0x04:
        return V('established', 'firewall-reject', 'middlebox', 'spoofed',
                 'nftables reject on r1 answers the client\'s second request in the server\'s name, one hop '
                 'from the client, 0.1 ms after the request where the server needs its 0.3 s round trip')


RACE_PORT = 40830


@wild('injector-races-far-server', 9, right=1, fams=(4, 6), delay_ms=FAR_MS)
def sc_race(lab, meta):
    """An on-path injector at r1 (scapy), one hop from the client, watches the client's request
    and at once resets the connection in the server's name, with the exact numbers.  The real
    server, 0.3 s away behind the delay line, gets the request all the same and answers it; its
    answer acknowledges the request the forged reset answered (Weaver et al. 2009's race) and
    finds the client's socket gone: the client's kernel resets it."""
    ls = lab.listen('s', SERVICE)
    inj = Injector(lab, meta, 'r1', 'e0', 'c', 'e1')
    C, S = lab.ip('c'), lab.ip('s')
    c = lab.connect('c', S, SERVICE, sport=RACE_PORT)
    a, _ = ls.accept()
    flow_state(inj.sn.drain(), C, RACE_PORT, S, SERVICE)    # scapy loaded before the race
    c.sendall(REQ)
    deadline = time.time() + 3
    while time.time() < deadline:
        st = flow_state(inj.sn.drain(), C, RACE_PORT, S, SERVICE)
        if 'isn' in st['c2s'] and st['c2s']['nxt'] == (st['c2s']['isn'] + 1 + len(REQ)) & 0xffffffff:
            break
        time.sleep(0.002)
    else:
        raise RuntimeError('request not seen at r1')
    inj.send(S, C, SERVICE, RACE_PORT, 'RA', st['s2c']['nxt'], ack=st['c2s']['nxt'], ttl=64, ipid=0)
    recv_exact(a, len(REQ))
    a.sendall(response(300))
    time.sleep(1.0)
    meta['keep'] = [ls, c, a]


@classifier('injector-races-far-server')
def cl_race(meta, r, point):
    if point == 'client' and from_server(meta, r, point) and r['flags'] & 0x04:
        return V('established', 'injected', 'middlebox', 'spoofed',
                 'on-path injector at r1 (scapy) resets the connection in the server\'s name the moment '
                 'it sees the request; the real server, 0.3 s away, acknowledges that request later. '
                 'A single pass has only the packets before the reset: a device one hop away answering '
                 'the request at once, as a reject rule does, until the server\'s ACK shows the race',
                 p1=('middlebox', 'spoofed', 'firewall-reject'))
    if from_client(meta, r, point) and r['flags'] & 0x04:
        return V('closed', 'data-after-close', 'client', 'genuine',
                 'the client\'s kernel, its socket reset by the forgery, answers the real server\'s '
                 'response with RST seq=SEG.ACK')


@wild('synrecv-bad-ack', 7, right=1, fams=(4, 6))
def sc_synrecv(lab, meta):
    """RFC 9293 3.10.7.4: in SYN-RECEIVED an unacceptable ACK draws <SEQ=SEG.ACK><CTL=RST> and the
    half-open connection stays.  A scripted client ACKs the SYN-ACK with a wrong number, then with
    the right one; the connection goes on (request, response, FIN close)."""
    ls = lab.listen('s', SERVICE)
    cl = ScriptedClient(lab, meta, 40810)
    synack = cl.syn()
    meta['bad_ack'] = (synack.seq + 1 + 100000) & 0xffffffff
    cl.send('A', meta['bad_ack'])
    cl.wait(lambda t, n: t.flags & 0x04)
    time.sleep(0.2)
    ack = synack.seq + 1
    cl.send('A', ack)
    cl.send('PA', ack, REQ)
    a, _ = ls.accept()
    recv_exact(a, len(REQ))
    a.sendall(response(300))
    a.close()
    fin = cl.wait(lambda t, n: t.flags & 0x01)
    cl.send('FA', (fin[0].seq + fin[1] + 1) & 0xffffffff)
    time.sleep(0.3)
    meta['keep'] = [ls]


@classifier('synrecv-bad-ack')
def cl_synrecv(meta, r, point):
    if from_server(meta, r, point) and r['flags'] == 0x04 and r['seq'] == meta['bad_ack']:
        return V('handshake', 'unknown', 'server', 'genuine',
                 'the server\'s listener answers an unacceptable handshake ACK (RFC 9293 3.10.7.4: '
                 '<SEQ=SEG.ACK><CTL=RST>); its half-open connection stays and completes right after; '
                 'no cause of the table names a reset of a bad ACK')


# ==================================================================== patterns 8 and 11
@wild('fin-giveup', 8, right=1, fams=(4, 6))
def sc_fin_giveup(lab, meta):
    """The server closes while r1 drops everything from the server to the client: its orphaned
    socket retransmits the FIN (tcp_orphan_retries=3) and gives up silently; when the path is
    back, the client's next data finds no socket and the server kernel resets it."""
    lab.sysctl('s', 'net.ipv4.tcp_orphan_retries', 3)
    ls = lab.listen('s', SERVICE)
    c, a = exchange(lab, ls, SERVICE, close=False)
    lab.nft('r1', 'table inet bh { chain forward_filter { type filter hook forward priority 0; '
                  '%s saddr %s tcp sport %d drop; } }' % (lab.nft_ip, lab.ip('s'), SERVICE))
    a.close()
    time.sleep(8)
    lab.nft('r1', 'delete table inet bh')
    c.sendall(b'anyone there?\n')
    time.sleep(0.5)
    meta['keep'] = [ls, c]


one_rule('fin-giveup', from_server, 0x04,
         'closed', 'retransmission-timeout', 'server', 'genuine',
         'the server\'s FIN went unanswered; after its FIN retransmissions (tcp_orphan_retries=3) the '
         'kernel dropped the socket, and answers the client\'s next data with bare RST seq=SEG.ACK')


@wild('device-resets-fin', 11, right=1, fams=(4, 6))
def sc_device_fin(lab, meta):
    """nftables on r1 answers the client's FIN with a reset in the server's name."""
    ls = lab.listen('s', SERVICE)
    lab.nft('r1', 'table inet fw { chain forward_filter { type filter hook forward priority 0; '
                  '%s saddr %s tcp dport %d tcp flags & fin == fin reject with tcp reset; } }'
            % (lab.nft_ip, lab.ip('c'), SERVICE))
    c, a = exchange(lab, ls, SERVICE, close=False)
    c.shutdown(socket.SHUT_WR)
    recv_some(c, timeout=1)
    time.sleep(0.3)
    meta['keep'] = [ls, c, a]


@classifier('device-resets-fin')
def cl_device_fin(meta, r, point):
    if point == 'client' and from_server(meta, r, point) and r['flags'] == 0x04:
        return V('teardown', 'lb-fast-close', 'middlebox', 'spoofed',
                 'nftables reject on r1 answers the client\'s FIN with a bare RST in the server\'s name '
                 '(2 hops closer than the server): a device closing fast')


UNSOL_PORT = 40820


@wild('device-unsolicited', 11, right=1, fams=(4, 6))
def sc_device_unsol(lab, meta):
    """A device at r1 (scapy) resets an idle keep-alive connection 2 s after its last packet,
    in the server's name with the exact sequence numbers: no segment asked for it."""
    ls = lab.listen('s', SERVICE)
    inj = Injector(lab, meta, 'r1', 'e0', 'c', 'e1')
    c, a = exchange(lab, ls, SERVICE, sport=UNSOL_PORT, close=False)
    time.sleep(2)
    st = flow_state(inj.sn.drain(), lab.ip('c'), UNSOL_PORT, lab.ip('s'), SERVICE)
    inj.send(lab.ip('s'), lab.ip('c'), SERVICE, UNSOL_PORT, 'RA', st['s2c']['nxt'], ack=st['c2s']['nxt'],
             win=0, ttl=64, ipid=0,
             verdict=V('established', 'injected', 'middlebox', 'spoofed',
                       'device at r1 (scapy) resets an idle connection 2 s after its last segment, '
                       'answering nothing; TTL 64 from one hop while the server is 2 hops away'))
    time.sleep(0.3)
    meta['keep'] = [ls, c, a]


@classifier('device-unsolicited')
def cl_device_unsol(meta, r, point):
    return None


@wild('idle-vs-busy-abort', 11, fams=(4, 6))
def sc_idle_busy(lab, meta):
    """A server with a short keep-alive timer (3 s) aborts an idle connection (nothing
    outstanding); another connection is aborted while the client's request is being served."""
    ls = lab.listen('s', SERVICE)
    c, a = exchange(lab, ls, SERVICE, close=False)
    meta['idle_port'] = c.getsockname()[1]
    time.sleep(3)
    linger0(a)
    a.close()
    time.sleep(0.3)
    c2, a2 = exchange(lab, ls, SERVICE, close=False)
    c2.sendall(REQ)
    recv_exact(a2, len(REQ))
    a2.sendall(response(100000)[:3000])
    linger0(a2)
    a2.close()
    time.sleep(0.3)
    meta['keep'] = [ls, c, c2]


@classifier('idle-vs-busy-abort')
def cl_idle_busy(meta, r, point):
    if from_server(meta, r, point) and r['flags'] == 0x14 and r['dport'] == meta['idle_port']:
        return V('established', 'idle-timeout', 'server', 'genuine',
                 'server aborts (SO_LINGER 0) a keep-alive connection idle for 3 s with nothing outstanding')
    if from_server(meta, r, point) and r['flags'] == 0x14:
        return V('established', 'app-abort', 'server', 'genuine',
                 'server aborts (SO_LINGER 0) in the middle of answering the second request')


@wild('unread-client', 11, fams=(4, 6))
def sc_unread_client(lab, meta):
    """The client closes with the server's last data unread: its kernel resets.

    The push is more than the client's receive buffer holds, so its ACKs
    advertise the window closing as the unread bytes pile up (Linux offers
    only the free space), as an application that stopped reading shows on
    the wire."""
    ls = lab.listen('s', SERVICE)
    c, a = exchange(lab, ls, SERVICE, close=False)
    a.settimeout(0.5)
    try:
        a.sendall(b'server push the client never reads\n' * 12000)   # 420 kB
    except socket.timeout:
        pass                                                         # window closed
    time.sleep(0.3)
    c.close()
    time.sleep(0.3)
    meta['keep'] = [ls, a]


one_rule('unread-client', from_client, 0x14,
         'established', 'unread-data-close', 'client', 'genuine',
         'client close()s with the server\'s data unread: RST+ACK instead of FIN')


# ==================================================================== pattern 12
PERIODIC = 4


@wild('nat-periodic', 12, right=2, fams=(4, 6))
def sc_nat_periodic(lab, meta):
    """r1 (NAT, conntrack established timeout 4 s) forgets idle flows; four connections each
    speak again after the same 6 s of silence and are reset by r1's reject."""
    scenarios.forgetful_nat(lab, meta, timeout=4)
    ls = lab.listen('s', SERVICE)
    conns = []
    for i in range(PERIODIC):
        conns.append(exchange(lab, ls, SERVICE, close=False))
        time.sleep(0.7)
    start = time.time()
    for i, (c, a) in enumerate(conns):
        time.sleep(max(0, start - PERIODIC * 0.7 + i * 0.7 + 6 - time.time()))
        c.sendall(b'still there? %d\n' % i)
    time.sleep(0.5)
    meta['keep'] = [ls] + [x for ca in conns for x in ca]


@classifier('nat-periodic')
def cl_nat_periodic(meta, r, point):
    if point == 'client' and from_server(meta, r, point) and r['flags'] == 0x04:
        return V('established', 'state-expired', 'middlebox', 'spoofed',
                 'r1 (NAT, 2 hops closer than the server) forgot the flow after 4 s; 6 s after the '
                 'connection\'s last segment the client\'s data is INVALID and rejected with a reset')


# ==================================================================== pattern 14


@wild('tos-copied-vs-cleared', 14, right=1, fams=(4, 6))
def sc_tos(lab, meta):
    """Both endpoints mark their sockets with IP_TOS 0x28 (IPV6_TCLASS over IPv6).  The server
    aborts one connection (SO_LINGER 0: the Linux stack's reset carries the socket's TOS); on
    another, nftables on r1 rejects the client's data (netfilter's reset has TOS 0)."""
    ls = lab.listen('s', SERVICE)
    set_tos(lab, ls, TOS)
    conns = []
    for i in range(2):
        lab.enter('c')
        c = socket.socket(lab.af, socket.SOCK_STREAM)
        set_tos(lab, c, TOS)
        c.settimeout(5)
        c.connect((lab.ip('s'), SERVICE))
        a, _ = ls.accept()
        set_tos(lab, a, TOS)
        c.sendall(REQ)
        recv_exact(a, len(REQ))
        a.sendall(response(300))
        recv_exact(c, len(response(300)))
        conns.append((c, a))
    meta['abort_port'] = conns[0][0].getsockname()[1]
    linger0(conns[0][1])
    conns[0][1].close()
    time.sleep(0.3)
    lab.nft('r1', 'table inet fw { chain forward_filter { type filter hook forward priority 0; '
                  'tcp sport %d reject with tcp reset; } }' % conns[1][0].getsockname()[1])
    conns[1][0].sendall(b'more from the client\n')
    time.sleep(0.4)
    meta['keep'] = [ls] + [x for ca in conns for x in ca]


@classifier('tos-copied-vs-cleared')
def cl_tos(meta, r, point):
    if from_server(meta, r, point) and r['flags'] == 0x14 and r['dport'] == meta['abort_port']:
        return V('established', 'app-abort', 'server', 'genuine',
                 'server aborts with SO_LINGER 0; the stack\'s reset carries the socket\'s TOS 0x28')
    if point == 'client' and from_server(meta, r, point) and r['flags'] == 0x04:
        return V('established', 'firewall-reject', 'middlebox', 'spoofed',
                 'nftables reject on r1 answers the client\'s data in the server\'s name with TOS 0 '
                 '(the server\'s own packets carry 0x28), 2 hops closer than the server')


BOTH_PORT = 40830


@wild('device-resets-both', 14, right=1,
      points=scenarios.POINTS + (('router-any', 'r1', 'any', ['-B', '8192']),), fams=(4, 6))
def sc_both(lab, meta):
    """An IPS at r1: nftables drops the client's request (real); the device's two resets, one to
    each end in the other's name, are sent at once by scapy at r1 (crafted)."""
    C, S = lab.ip('c'), lab.ip('s')
    for ifc in ('e0', 'e1'):
        lab.capture('r1', ifc, os.path.join(meta['workdir'], '%s-%s.pcap' % (lab.ns['c'], ifc)),
                    'tcp or icmp')
    meta['side_pcaps'] = [os.path.join(meta['workdir'], '%s-%s.pcap' % (lab.ns['c'], ifc))
                          for ifc in ('e0', 'e1')]
    ls, inj, c, a = censor_conn(lab, meta, BOTH_PORT)
    to_server = Injector(lab, meta, 'r1', 'e1', lab.nodes[2], 'e0')
    lab.nft('r1', 'table inet fw { chain forward_filter { type filter hook forward priority 0; '
                  'tcp dport %d tcp flags & psh == psh drop; } }' % SERVICE)
    c.send(b'GET /exploit.php?cmd=cat+/etc/passwd HTTP/1.1\r\nHost: service.example\r\n\r\n')
    ip, t, plen, ttl, ipid, fl = seen_data(inj, C, BOTH_PORT)
    why = ('IPS at r1 drops the request and resets both ends at once (scapy), each in the other\'s name, '
           'TTL 64 from r1')
    inj.send(S, C, SERVICE, BOTH_PORT, 'RA', t.ack, ack=t.seq + plen, win=0, ttl=64, ipid=0,
             verdict=V('established', 'firewall-reject', 'middlebox', 'spoofed', why))
    to_server.send(C, S, BOTH_PORT, SERVICE, 'RA', t.seq, ack=t.ack, win=0, ttl=64, ipid=0,
                   verdict=V('established', 'firewall-reject', 'middlebox', 'spoofed', why))
    time.sleep(0.4)
    meta['keep'] = [ls, c, a]


def post_both_points(meta, made, outdir, base):
    """Client and server captures in one pcapng, one interface per capture point (docs/capture-points.md). The
    capture on all of r1's interfaces (router-any) holds both resets in one file, each interface
    a point; r1's two interfaces merged into one (router-merged, as a mirror port of both links
    would show them) holds them at one point."""
    out = os.path.join(outdir, base + '.both-points.pcapng')
    netlab.run(['mergecap', '-F', 'pcapng', '-I', 'none', '-w', out] +
               [p for p, point in made if point in ('client', 'server')])
    merged = mergecap(meta['side_pcaps'], os.path.join(outdir, base + '.router-merged.pcap'))
    return made + [(out, 'both-points'), (merged, 'router-merged')]


@classifier('device-resets-both')
def cl_both(meta, r, point):
    return None


SCEN['device-resets-both']['post'] = post_both_points


# ==================================================================== pattern 13
REUSE_PORT = 40500


@wild('tuple-reuse', 13, fams=(4, 6))
def sc_tuple_reuse(lab, meta):
    """The same 4-tuple twice: the server aborts the first connection, then the client binds the
    same source port again (SO_REUSEADDR) and the second connection closes cleanly with FINs."""
    ls = lab.listen('s', SERVICE)
    c, a = exchange(lab, ls, SERVICE, sport=REUSE_PORT, close=False)
    time.sleep(0.2)
    linger0(a)
    a.close()
    recv_some(c)
    c.close()
    time.sleep(0.5)
    exchange(lab, ls, SERVICE, sport=REUSE_PORT, close=True)
    time.sleep(0.2)
    meta['keep'] = [ls]


one_rule('tuple-reuse', from_server, 0x14,
         'established', 'app-abort', 'server', 'genuine',
         'first connection on the 4-tuple: server aborts with SO_LINGER 0 after a response '
         '(the second connection on the same 4-tuple closes with FINs, no reset)')



# ==================================================================== patterns 15 to 22
# Resets that real stacks and devices send and a single capture point may misread.
NOSOCK_PORTS = (40900, 40901, 40902)


@wild('no-socket-resets', 15, fams=(4, 6))
def sc_no_socket(lab, meta):
    """Three connections; the server closes each normally (its FIN is acknowledged by the client's
    kernel, whose application keeps its end open).  With tcp_fin_timeout 1 the server's orphan
    in FIN_WAIT2 is gone a second later.  2.5 s on, the client sends late data on each connection
    in turn; the server's kernel answers each without a socket (tcp_v4_send_reset /
    tcp_v6_send_reset through the namespace's control socket, which sends DF with IP ID 0 and,
    over IPv6, flow label 0): bare RST seq=SEG.ACK, TTL 64 as every packet of the server."""
    lab.sysctl('s', 'net.ipv4.tcp_fin_timeout', 1)
    ls = lab.listen('s', SERVICE)
    conns = []
    for port in NOSOCK_PORTS:
        c, a = exchange(lab, ls, SERVICE, sport=port, close=False)
        a.close()
        conns.append(c)
    for c in conns:
        recv_some(c)                # EOF: the server's FIN, acknowledged by the client's kernel
    time.sleep(2.5)
    for i, c in enumerate(conns):
        c.sendall(b'late request %d\n' % i)
        time.sleep(0.05)
    time.sleep(0.4)
    meta['keep'] = [ls] + conns


one_rule('no-socket-resets', from_server, 0x04,
         'closed', 'data-after-close', 'server', 'genuine',
         'the server closed normally and its orphan left FIN_WAIT2 after tcp_fin_timeout (1 s); the '
         'client\'s late data 2.5 s later finds no socket: the server\'s kernel answers it from its '
         'control socket (tcp_v4_send_reset / tcp_v6_send_reset): bare RST seq=SEG.ACK, IP ID 0 / flow '
         'label 0 rather than the connection\'s, TTL the server\'s own 64')


CROSS_PORT = 40910
CROSS_SEGMENTS = 3


@wild('crossing-close', 17, fams=(4, 6), delay_ms=FAR_MS)
def sc_crossing(lab, meta):
    """The server sits behind the delay line (0.3 s round trip).  After a request and response
    the server application closes (FIN) while the client, at the same moment, sends three
    segments back to back (TCP_NODELAY); they cross the FIN on the path.  The first finds the
    server's orphan in FIN_WAIT1 with its receive side shut: the kernel aborts it
    (tcp_rcv_state_process, RFC 1122 4.2.2.13: data after close draws a reset) and resets; the
    next two find no socket.  Each answer is <SEQ=SEG.ACK><CTL=RST> (RFC 9293 3.10.7.1).  The
    client's kernel acknowledges the FIN when it arrives; that ACK finds no socket either."""
    ls = lab.listen('s', SERVICE)
    c, a = exchange(lab, ls, SERVICE, sport=CROSS_PORT, close=False)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    time.sleep(0.2)
    a.close()
    for i in range(CROSS_SEGMENTS):
        c.send(b'segment %d sent as the server closes\n' % i)
        time.sleep(0.003)
    time.sleep(1.2)
    meta['keep'] = [ls, c]


@classifier('crossing-close')
def cl_crossing(meta, r, point):
    if from_server(meta, r, point) and r['flags'] == 0x04:
        n = meta.setdefault('crossing_seen', {}).get(point, 0)
        meta['crossing_seen'][point] = n + 1
        if n == 0:
            return V('teardown', 'data-after-close', 'server', 'genuine',
                     'the first of the client\'s segments that crossed the server\'s FIN finds the server\'s '
                     'orphan in FIN_WAIT1, receive side shut: the kernel aborts it and answers with '
                     '<SEQ=SEG.ACK><CTL=RST>')
        if n < CROSS_SEGMENTS:
            return V('closed', 'data-after-close', 'server', 'genuine',
                     'a later segment of the three that crossed the server\'s FIN: the socket is gone, the '
                     'server\'s kernel answers from no socket with <SEQ=SEG.ACK><CTL=RST> (the same ACK as the '
                     'first: all were sent before the FIN arrived)')
        return V('closed', 'data-after-close', 'server', 'genuine',
                 'the client\'s ACK of the server\'s FIN arrives after the socket is gone: the server\'s kernel '
                 'answers from no socket with <SEQ=SEG.ACK><CTL=RST> (seq = FIN + 1)')


MIMIC_PORT = 40920
MIMIC_PAGE = (b'HTTP/1.1 403 Forbidden\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n'
              b'<html><body>Access to this site is blocked.</body></html>\r\n')
MIMIC_TTL_PAGE, MIMIC_TTL_RST = 126, 253      # 128 and 255 classes, 2 hops: the server's count
MIMIC_IPID = 0x3c2a


@wild('censor-ttl-mimic', 16, right=1, fams=(4, 6))
def sc_mimic(lab, meta):
    """The server is 2 hops from the client (TTL 62: Linux 64).  r1 drops the client's request
    (nftables, real); a censor there (scapy) answers it in the server's name with a block page
    (TTL 126: 128 class, 2 hops) and then RST+ACK and RST (TTL 253: 255 class, 2 hops), so each
    packet's hop count is the server's; IP IDs 0x3c2a, +1, +2 (the page's own series).  The
    server never gets the request and answers nothing."""
    C, S = lab.ip('c'), lab.ip('s')
    ls, inj, c, a = censor_conn(lab, meta, MIMIC_PORT)
    lab.nft('r1', 'table inet fw { chain forward_filter { type filter hook forward priority 0; '
                  'tcp dport %d tcp flags & psh == psh drop; } }' % SERVICE)
    c.send(b'GET /forbidden HTTP/1.1\r\nHost: blocked.example\r\n\r\n')
    ip, t, plen, ttl, ipid, fl = seen_data(inj, C, MIMIC_PORT)
    ack = t.seq + plen
    inj.send(S, C, SERVICE, MIMIC_PORT, 'PA', t.ack, ack=ack, win=8192, ttl=MIMIC_TTL_PAGE,
             ipid=MIMIC_IPID, payload=MIMIC_PAGE)
    seq = t.ack + len(MIMIC_PAGE)
    why = ('censor at r1 (scapy) after its block page (TTL %d, 128 class): %s, TTL %d (255 class): both '
           '2 hops, the server\'s own hop count from another initial TTL; IP ID %s the page\'s series; the '
           'request never reached the server')
    inj.send(S, C, SERVICE, MIMIC_PORT, 'RA', seq, ack=ack, win=0, ttl=MIMIC_TTL_RST, ipid=MIMIC_IPID + 1,
             verdict=V('established', 'injected', 'middlebox', 'spoofed',
                       why % (MIMIC_TTL_PAGE, 'RST+ACK', MIMIC_TTL_RST, 'continuing')))
    inj.send(S, C, SERVICE, MIMIC_PORT, 'R', seq, win=0, ttl=MIMIC_TTL_RST, ipid=MIMIC_IPID + 2,
             verdict=V('established', 'injected', 'middlebox', 'spoofed',
                       why % (MIMIC_TTL_PAGE, 'bare RST', MIMIC_TTL_RST, 'continuing')))
    time.sleep(0.5)
    meta['keep'] = [ls, c, a]


@classifier('censor-ttl-mimic')
def cl_mimic(meta, r, point):
    return None


IPS_PORT = 40930
IPS_CONTENT = b'BLOCKME'


@wild('ips-rejectboth', 18, right=1, fams=(4, 6))
def sc_ips(lab, meta):
    """An inline IPS on r1: iptables (ip6tables) queues every forwarded TCP segment to netfilter
    queue 0 (the NFQUEUE target; this kernel's nftables has no queue expression), and a
    consumer bound to that queue (gen/nfqueue.py) passes each segment unless it holds the
    content BLOCKME.  That one it drops (verdict NF_DROP), and, as Suricata's rejectboth action
    does, it sends RST+ACK to both ends, each in the other's name: seq=SEG.ACK to the client,
    seq=SEG.SEQ to the server, IP ID 0, TTL 64, from r1's own stack (raw IP socket, crafted)."""
    import nfqueue
    from scapy.layers.inet import IP, TCP
    from scapy.layers.inet6 import IPv6
    C, S = lab.ip('c'), lab.ip('s')
    lab.enter('r1')
    raw = socket.socket(lab.af, socket.SOCK_RAW, socket.IPPROTO_RAW)
    why = ('inline IPS at r1 (netfilter queue 0, real) drops the request holding BLOCKME and resets both '
           'ends, each in the other\'s name (RST+ACK from r1, TTL 64, crafted as rejectboth does)')
    v = V('established', 'firewall-reject', 'middlebox', 'spoofed', why)

    def reset(src, dst, sport, dport, seq, ack):
        l3 = IPv6(src=src, dst=dst, hlim=64) if lab.fam == 6 else IP(src=src, dst=dst, ttl=64, id=0, flags='DF')
        raw.sendto(bytes(l3 / TCP(sport=sport, dport=dport, flags='RA', seq=seq, ack=ack, window=0)), (dst, 0))
        meta.setdefault('forged', []).append(dict(src=src, dst=dst, sport=sport, dport=dport, flags=0x14,
                                                  seq=seq, **v))

    def judge(pkt):
        ip = IPv6(pkt) if lab.fam == 6 else IP(pkt)
        t = ip[TCP] if TCP in ip else None
        if t is None or IPS_CONTENT not in bytes(t.payload):
            return True
        n = len(bytes(t.payload))
        reset(ip.dst, ip.src, t.dport, t.sport, t.ack, (t.seq + n) & 0xffffffff)
        reset(ip.src, ip.dst, t.sport, t.dport, t.seq, t.ack)
        return False

    q = nfqueue.Queue(0, judge)
    tables = 'ip6tables' if lab.fam == 6 else 'iptables'
    lab.sh('r1', [tables, '-A', 'FORWARD', '-p', 'tcp', '-j', 'NFQUEUE', '--queue-num', '0'])
    ls = lab.listen('s', SERVICE)
    c, a = exchange(lab, ls, SERVICE, sport=IPS_PORT, close=False)
    c.send(b'GET /?q=' + IPS_CONTENT + b' HTTP/1.1\r\nHost: service.example\r\n\r\n')
    time.sleep(0.6)
    q.close()
    meta['keep'] = [ls, c, a, raw]


@classifier('ips-rejectboth')
def cl_ips(meta, r, point):
    return None


BARE_PORT = 40940


@wild('bare-rst-window', 19, fams=(4, 6))
def sc_bare_window(lab, meta):
    """A client whose stack is not Linux's: a scripted client (scapy, from c; nft keeps c's own
    kernel from resetting) with one consistent template for all its segments (TTL 64, window
    64240, IP IDs counting up from 2001) makes a handshake, sends a request to the real server,
    acknowledges the response and aborts with a bare RST (no ACK bit) at its snd_nxt carrying its
    receive window 64240, the abort shape of stacks other than Linux's."""
    ls = lab.listen('s', SERVICE)
    cl = ScriptedClient(lab, meta, BARE_PORT)
    synack = cl.syn()
    ack = synack.seq + 1
    cl.send('A', ack)
    a, _ = ls.accept()
    cl.send('PA', ack, REQ)
    recv_exact(a, len(REQ))
    a.sendall(response(300))
    resp, n = cl.wait(lambda t, n: n > 0)
    cl.send('A', resp.seq + n)
    time.sleep(0.3)
    cl.send('R', 0)
    time.sleep(0.3)
    meta['keep'] = [ls, a]


one_rule('bare-rst-window', from_client, 0x04,
         'established', 'app-abort', 'client', 'genuine',
         'the client\'s application aborts after the response; its stack\'s abort is a bare RST at snd_nxt '
         'carrying its receive window (64240), TTL 64 and the next IP ID of its own series, as all its '
         'segments (scapy: the whole client stack is scripted)')


LATE_PORT = 40950


@wild('late-retransmission', 20, fams=(4, 6))
def sc_late_retrans(lab, meta):
    """After a request and response, r1 drops everything the server sends (nftables, real) while
    the client sends a second request: the server's ACK of it never arrives.  The server
    application reads it and aborts (SO_LINGER 0; that RST+ACK is dropped too).  50 ms later r1
    lets the server's packets through again; the client's kernel retransmits the request at its
    RTO (tail loss probes off: tcp_early_retrans 0), a segment the server had acknowledged, and
    the server's kernel answers it from no socket: bare RST seq=SEG.ACK."""
    lab.sysctl('c', 'net.ipv4.tcp_early_retrans', 0)
    S = lab.ip('s')
    ls = lab.listen('s', SERVICE)
    c, a = exchange(lab, ls, SERVICE, sport=LATE_PORT, close=False)
    lab.nft('r1', 'table inet hold { chain forward_filter { type filter hook forward priority 0; '
                  '%s saddr %s tcp sport %d drop; } }' % (lab.nft_ip, S, SERVICE))
    c.sendall(REQ)
    recv_exact(a, len(REQ))
    linger0(a)
    a.close()
    time.sleep(0.05)
    lab.nft('r1', 'delete table inet hold')
    time.sleep(1.2)
    meta['keep'] = [ls, c]


@classifier('late-retransmission')
def cl_late_retrans(meta, r, point):
    if from_server(meta, r, point) and r['flags'] == 0x14:
        return V('established', 'app-abort', 'server', 'genuine',
                 'server application aborts (SO_LINGER 0) after reading the second request (r1 drops this '
                 'RST+ACK: the server capture only)')
    if from_server(meta, r, point) and r['flags'] == 0x04:
        return V('closed', 'data-after-close', 'server', 'genuine',
                 'the client\'s kernel retransmits the request (its RTO; the server\'s ACK was dropped), an old '
                 'sequence number the server had acknowledged; the aborted server answers from no socket with '
                 'bare RST seq=SEG.ACK')


GAP_PORTS = (40960, 40961)
GAP_IDLE = 20


@wild('capture-gap', 21, fams=(4, 6), points=(('server', 's', 'e0'),))
def sc_gap(lab, meta):
    """Two connections: request, a 3000-byte response, then the client closes (FIN; its orphan
    waits in FIN_WAIT2, tcp_fin_timeout 60 s).  The server application does not read the EOF;
    its idle timer aborts each connection (SO_LINGER 0) 20 s later: RST+ACK seq=snd_nxt.  The
    client-side capture (point client-nodata) is tcpdump at the client with a capture filter
    that leaves out every server segment carrying data: the network delivered them all."""
    S = lab.ip('s')
    if lab.fam == 4:
        filt = ('(tcp or icmp) and not (src host %s and tcp and '
                'ip[2:2] - ((ip[0] & 0xf) << 2) - ((tcp[12] & 0xf0) >> 2) > 0)' % S)
    else:
        filt = ('(tcp or icmp6) and not (src host %s and ip6[6] == 6 and '
                'ip6[4:2] - ((ip6[52] & 0xf0) >> 2) > 0)' % S)
    meta['gap_pcap'] = os.path.join(meta['workdir'], '%s-nodata.pcap' % lab.ns['c'])
    lab.capture('c', 'e1', meta['gap_pcap'], filt)
    time.sleep(0.2)
    ls = lab.listen('s', SERVICE)
    conns = []
    for port in GAP_PORTS:
        c, a = exchange(lab, ls, SERVICE, sport=port, close=False, resp=3000)
        c.close()
        conns.append(a)
        time.sleep(0.3)
    time.sleep(GAP_IDLE)
    for a in conns:
        linger0(a)
        a.close()
        time.sleep(0.3)
    time.sleep(0.3)
    meta['keep'] = [ls]


def post_gap(meta, made, outdir, base):
    out = os.path.join(outdir, base + '.client-nodata.pcap')
    os.replace(meta['gap_pcap'], out)
    os.chmod(out, 0o644)
    return made + [(out, 'client-nodata')]


SCEN['capture-gap']['post'] = post_gap


one_rule('capture-gap', from_server, 0x14,
         'teardown', 'idle-timeout', 'server', 'genuine',
         'the server application, which never read the client\'s FIN, aborts the half-closed connection '
         '(SO_LINGER 0) when its idle timer fires 20 s later: RST+ACK seq=snd_nxt (client-nodata: the '
         'server\'s data segments left out by the capture filter, not by the network)')


CTACK_PORT = 40970


@wild('conntrack-invalid-ack', 22, right=1, fams=(4, 6))
def sc_ct_ack(lab, meta):
    """r1 as in conntrack-invalid (accept established, reject the rest with a TCP reset, no
    INVALID drop, window tracking strict).  In a live connection the client sends a segment at
    its own next sequence number whose ACK is 3,000,000 past anything the server sent (crafted,
    scapy from c, with the client's TTL, next IP ID and timestamp): conntrack judges it INVALID
    (ACK over the upper bound) and the reject rule answers <SEQ=SEG.ACK><CTL=RST> in the server's
    name.  That sequence number is far outside the client's window, so its kernel ignores the
    reset and the connection lives on (request, response, FIN close)."""
    lab.nft('r1', 'table inet fw { chain forward_filter { type filter hook forward priority 0; '
                  'ct state established,related accept; tcp dport %d ct state new accept; '
                  'meta l4proto tcp reject with tcp reset; } }' % SERVICE)
    lab.sysctl('r1', 'net.netfilter.nf_conntrack_tcp_be_liberal', 0)
    C, S = lab.ip('c'), lab.ip('s')
    ls = lab.listen('s', SERVICE)
    inj = Injector(lab, meta, 'c', 'e1', lab.nodes[1], 'e0')
    c, a = exchange(lab, ls, SERVICE, sport=CTACK_PORT, close=False)
    st = inj.state(C, CTACK_PORT, S, SERVICE)
    c2s, s2c = st['c2s'], st['s2c']
    meta['bogus_ack'] = (s2c['nxt'] + 3000000) & 0xffffffff
    inj.send(C, S, CTACK_PORT, SERVICE, 'PA', c2s['nxt'], ack=meta['bogus_ack'], win=c2s['win'], ttl=64,
             ipid=((c2s['id'] or 0) + 1) & 0xffff, opts=scenarios.tsval_now(c2s), payload=b'q' * 100)
    time.sleep(0.5)
    c.sendall(REQ)
    recv_exact(a, len(REQ))
    a.sendall(response(300))
    recv_exact(c, len(response(300)))
    c.shutdown(socket.SHUT_WR)
    recv_some(a)
    a.close()
    recv_some(c)
    c.close()
    time.sleep(0.3)
    meta['keep'] = [ls, c, a]


@classifier('conntrack-invalid-ack')
def cl_ct_ack(meta, r, point):
    if point == 'client' and from_server(meta, r, point) and r['flags'] == 0x04 and r['seq'] == meta['bogus_ack']:
        return V('established', 'conntrack-invalid', 'middlebox', 'spoofed',
                 'r1\'s conntrack judges the client\'s segment INVALID, its ACK 3,000,000 past the server\'s '
                 'snd_nxt; with no INVALID drop the reject rule answers <SEQ=SEG.ACK><CTL=RST> in the server\'s '
                 'name (2 hops closer), a sequence number the server never reached; the client ignores it')

SURICATA_ROOT = '/var/tmp/rstan-roots/trixie'     # a debootstrap'd Debian 13 tree holding suricata
SURICATA_PORT = 40960
SURICATA_YAML = """%%YAML 1.1
---
default-log-dir: %(log)s
outputs:
  - eve-log:
      enabled: yes
      filetype: regular
      filename: eve.json
      types: [alert, drop]
logging:
  default-log-level: info
  outputs:
    - console:
        enabled: no
    - file:
        enabled: yes
        level: info
        filename: suricata.log
nfq:
  mode: accept
  fail-open: no
stream:
  checksum-validation: no
  inline: yes
"""
SURICATA_RULE = 'rejectboth tcp any any -> any any (msg:"BLOCKME"; content:"BLOCKME"; sid:1; rev:1;)\n'


def suricata_missing():
    """Why the real Suricata cannot run here (None when it can)."""
    if not os.access(os.path.join(SURICATA_ROOT, 'usr/bin/suricata'), os.X_OK):
        return ('no Suricata build root at %s (a debootstrap\'d Debian 13 tree with the suricata '
                'package installed); scenario suricata-rejectboth skipped' % SURICATA_ROOT)
    return None


@wild('suricata-rejectboth', 18, right=1, fams=(4, 6) if suricata_missing() is None else ())
def sc_suricata(lab, meta):
    """The real inline IPS: Suricata 7.0.10 (Debian 13's package, run chrooted in a Debian 13
    tree from r1's namespace) bound to netfilter queue 0 in IPS mode (-q 0), with iptables
    (ip6tables) queueing every forwarded TCP segment to it.  Its one rule is
    `rejectboth ... content:"BLOCKME"`: the client's request holding BLOCKME is dropped and
    Suricata's own libnet code sends a reset to each end in the other's name."""
    why = suricata_missing()
    if why:
        raise RuntimeError(why)
    tag = 'rstan-suricata-%s' % lab.ns['c'][:-2]
    log = '/tmp/' + tag
    host_log = SURICATA_ROOT + log
    shutil.rmtree(host_log, ignore_errors=True)
    os.makedirs(host_log)
    with open(host_log + '/suricata.yaml', 'w') as f:
        f.write(SURICATA_YAML % dict(log=log))
    with open(host_log + '/rules', 'w') as f:
        f.write(SURICATA_RULE)
    ips = background(lab, 'r1', ['chroot', SURICATA_ROOT, 'suricata', '-q', '0', '-k', 'none',
                                 '-c', log + '/suricata.yaml', '-S', log + '/rules', '-l', log])
    deadline = time.time() + 60
    while True:
        try:
            with open(host_log + '/suricata.log') as f:
                text = f.read()
        except OSError:
            text = ''
        if 'Engine started' in text:
            break
        if ips.poll() is not None or time.time() > deadline:
            raise RuntimeError('suricata did not start:\n' + text[-2000:])
        time.sleep(0.2)
    tables = 'ip6tables' if lab.fam == 6 else 'iptables'
    lab.sh('r1', [tables, '-A', 'FORWARD', '-p', 'tcp', '-j', 'NFQUEUE', '--queue-num', '0'])
    ls = lab.listen('s', SERVICE)
    c, a = exchange(lab, ls, SERVICE, sport=SURICATA_PORT, close=False)
    c.send(b'GET /?q=' + IPS_CONTENT + b' HTTP/1.1\r\nHost: service.example\r\n\r\n')
    time.sleep(1.0)
    lab.sh('r1', [tables, '-D', 'FORWARD', '-p', 'tcp', '-j', 'NFQUEUE', '--queue-num', '0'])
    ips.terminate()
    ips.wait(timeout=30)
    with open(host_log + '/suricata.log') as f:
        print(f.read()[-3000:])
    with open(host_log + '/eve.json') as f:
        print(f.read()[-3000:])
    shutil.rmtree(host_log, ignore_errors=True)
    meta['keep'] = [ls, c, a]


@classifier('suricata-rejectboth')
def cl_suricata(meta, r, point):
    # neither end resets here (both sockets stay open until the capture ends): every reset of the
    # connection is one of the two Suricata sends
    if r['flags'] & 0x04 and SURICATA_PORT in (r['sport'], r['dport']):
        return V('established', 'firewall-reject', 'middlebox', 'spoofed',
                 'Suricata (real, inline on r1, netfilter queue 0) drops the request holding BLOCKME and its '
                 'rejectboth action resets both ends, each in the other\'s name (libnet, from r1)')


if __name__ == '__main__':
    if sys.argv[1:] == ['--list']:
        print('\n'.join(PATTERN))
        sys.exit(0)
    if sys.argv[1:2] == ['--fams']:        # the IP versions a scenario is made in
        if sys.argv[2] == 'suricata-rejectboth' and suricata_missing():
            print(suricata_missing(), file=sys.stderr)
        print(' '.join(str(f) for f in SCEN[sys.argv[2]]['fams']))
        sys.exit(0)
    try:
        scenarios.main()
    except netlab.Stop as e:
        print('stopped:', e, file=sys.stderr)
        sys.exit(130)
