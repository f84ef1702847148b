# SPDX-License-Identifier: GPL-2.0-or-later
"""rstan capture scenarios.

usage: scenarios.py NAME FAMILY(4|6) OUTDIR WORKDIR NSPREFIX

Each scenario builds its own namespaces, captures at the client ("client")
and the server ("server"), runs real socket programs (and, where named
*-crafted, forged packets), and then writes <pcap>.expected.tsv for every
pcap it produced.  The expected values come from how the scenario was made:
every reset is matched against the rules written next to the scenario.
"""
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netlab  # noqa: E402
from netlab import linger0, recv_exact, recv_some  # noqa: E402

REQ = b'GET /index.html HTTP/1.1\r\nHost: service.example\r\nUser-Agent: rstan-corpus\r\n\r\n'


def response(n=600):
    body = (b'x' * 63 + b'\n') * (n // 64 + 1)
    body = body[:n]
    return b'HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n' % len(body) + body


SERVICE = 8080
CLOSED = 8099


def V(phase, cause, origin, verdict, note, p1=None):
    d = dict(phase=phase, cause=cause, origin=origin, verdict=verdict, note=note,
             origin_pass1='', verdict_pass1='', cause_pass1='')
    if p1:
        d['origin_pass1'], d['verdict_pass1'], d['cause_pass1'] = p1
    return d


# ---------------------------------------------------------------- helpers
def exchange(lab, ls, port, sport=0, close=True, resp=600, client='c'):
    """A normal request/response; with close=True a graceful FIN close."""
    c = lab.connect(client, lab.ip('s'), port, sport=sport)
    a, _ = ls.accept()
    c.sendall(REQ)
    recv_exact(a, len(REQ))
    a.sendall(response(resp))
    recv_exact(c, len(response(resp)))
    if close:
        c.shutdown(socket.SHUT_WR)
        recv_some(a)            # EOF
        a.close()
        recv_some(c)            # EOF
        c.close()
        time.sleep(0.1)
    return c, a


def tcp_of(e):
    from scapy.layers.inet import IP, TCP
    from scapy.layers.inet6 import IPv6
    if TCP not in e:
        return None
    ip = e[IP] if IP in e else e[IPv6]
    t = e[TCP]
    if IP in e:
        plen = ip.len - ip.ihl * 4 - t.dataofs * 4
        ttl, ipid, fl = ip.ttl, ip.id, None
    else:
        plen = ip.plen - t.dataofs * 4
        ttl, ipid, fl = ip.hlim, None, ip.fl
    return ip, t, plen, ttl, ipid, fl


def seq_after(a, b):
    return ((a - b) & 0xffffffff) < 0x80000000 and a != b


def flow_state(pkts, caddr, cport, saddr, sport):
    """Per direction: next seq, last ack, window, options, ttl, id, flow label."""
    st = {'c2s': {}, 's2c': {}}
    for ts, e, ptype in pkts:
        r = tcp_of(e)
        if r is None:
            continue
        ip, t, plen, ttl, ipid, fl = r
        key = (ip.src, t.sport, ip.dst, t.dport)
        if key == (saddr, sport, caddr, cport):
            d = st['s2c']
        elif key == (caddr, cport, saddr, sport):
            d = st['c2s']
        else:
            continue
        if t.flags & 0x04:
            continue
        ln = plen + (1 if t.flags & 0x02 else 0) + (1 if t.flags & 0x01 else 0)
        end = (t.seq + ln) & 0xffffffff
        if 'nxt' not in d or seq_after(end, d['nxt']):
            d['nxt'] = end
        if t.flags & 0x02:
            d['isn'] = t.seq
            d['wscale'] = dict((o[0], o[1]) for o in t.options if isinstance(o, tuple)).get('WScale', 0)
        d.update(ack=t.ack, win=t.window, opts=t.options, ttl=ttl, id=ipid, fl=fl, ts=ts)
    return st


def tsval_now(d):
    opts = []
    for o in d['opts']:
        if o[0] == 'Timestamp':
            tsv, tse = o[1]
            opts.append(('Timestamp', ((tsv + int((time.time() - d['ts']) * 1000)) & 0xffffffff, tse)))
        else:
            opts.append(o)
    return opts


class Injector:
    """Forges segments from a namespace, records each forged reset and its verdict."""

    def __init__(self, lab, meta, node, iface, peer_node, peer_iface):
        self.lab, self.meta = lab, meta
        self.sn = netlab.Sniffer(lab, node, iface)
        self.src_mac = lab.macs[(node, iface)]
        self.dst_mac = lab.macs[(peer_node, peer_iface)]

    def state(self, caddr, cport, saddr, sport):
        time.sleep(0.3)
        return flow_state(self.sn.drain(), caddr, cport, saddr, sport)

    def send(self, src, dst, sport, dport, flags, seq, ack=0, win=0, ttl=64, ipid=None,
             fl=0, opts=(), payload=b'', verdict=None):
        from scapy.layers.l2 import Ether
        from scapy.layers.inet import IP, TCP
        from scapy.layers.inet6 import IPv6
        if ':' in src:
            ip = IPv6(src=src, dst=dst, hlim=ttl, fl=fl or 0)
        else:
            ip = IP(src=src, dst=dst, ttl=ttl, id=ipid if ipid is not None else 0, flags='DF')
        t = TCP(sport=sport, dport=dport, flags=flags, seq=seq & 0xffffffff,
                ack=ack & 0xffffffff, window=win, options=list(opts))
        pkt = Ether(src=self.src_mac, dst=self.dst_mac) / ip / t
        if payload:
            pkt = pkt / payload
        self.sn.send(pkt)
        if verdict is not None and int(t.flags) & 0x04:
            self.meta.setdefault('forged', []).append(
                dict(src=src, dst=dst, sport=sport, dport=dport, flags=int(t.flags),
                     seq=seq & 0xffffffff, **verdict))


# ---------------------------------------------------------------- scenarios
# each: fn(lab, meta) ; classify(meta, row, point) -> dict or None
SCEN = {}


def registrar(table):
    """Decorators that enter a scenario function and its classifier in table."""
    def scenario(name, **opts):
        def deco(fn):
            table[name] = dict(fn=fn, **opts)
            return fn
        return deco

    def classifier(name):
        def deco(fn):
            table[name]['classify'] = fn
            return fn
        return deco
    return scenario, classifier


_register, classifier = registrar(SCEN)


def scenario(name, left=0, right=0, fams=(4, 6), **opts):
    return _register(name, left=left, right=right, fams=fams, **opts)


def from_server(meta, r, point):
    return r['src'] == meta['S']


def from_client(meta, r, point):
    return r['src'] == (meta['C'] if point == 'client' else meta['C_at_server'])


# -- closed port ----------------------------------------------------------
@scenario('closed-port', sll=True, vxlan_variant=True)
def sc_closed_port(lab, meta):
    ls = lab.listen('s', SERVICE)
    exchange(lab, ls, SERVICE)
    c = lab.connect('c', lab.ip('s'), CLOSED, expect_fail=True)
    assert c is None
    time.sleep(0.2)


@classifier('closed-port')
def cl_closed_port(meta, r, point):
    if from_server(meta, r, point) and r['flags'] == 0x14 and r['sport'] == CLOSED:
        return V('handshake', 'port-closed', 'server', 'genuine',
                 'server kernel answers SYN to port without listener: RST+ACK seq 0')


# -- firewall reject of a SYN --------------------------------------------
@scenario('fw-reject-syn', right=2)
def sc_fw_syn(lab, meta):
    lab.nft('r1', 'table inet fw { chain forward_filter { type filter hook forward priority 0; '
                  'tcp dport 8081 reject with tcp reset; } }')
    ls = lab.listen('s', SERVICE)
    ls2 = lab.listen('s', 8081)
    exchange(lab, ls, SERVICE)
    c = lab.connect('c', lab.ip('s'), 8081, expect_fail=True)
    assert c is None
    del ls2
    time.sleep(0.2)


@classifier('fw-reject-syn')
def cl_fw_syn(meta, r, point):
    if from_server(meta, r, point) and r['sport'] == 8081 and r['flags'] == 0x14:
        return V('handshake', 'firewall-reject', 'middlebox', 'spoofed',
                 'nftables reject on r1 (2 hops closer than the server) answers the SYN in the server\'s name')


# -- firewall reject mid-connection ----------------------------------------
@scenario('fw-reject-mid', left=2, right=2)
def sc_fw_mid(lab, meta):
    S = lab.ip('s')
    ls = lab.listen('s', SERVICE)
    la = lab.listen('s', 8082)
    lb = lab.listen('s', 8083)
    exchange(lab, ls, SERVICE)
    ca, aa = exchange(lab, la, 8082, close=False)
    cb, ab = exchange(lab, lb, 8083, close=False)
    time.sleep(0.3)
    lab.nft('r1', 'table inet fw { chain forward_filter { type filter hook forward priority 0; '
                  '%s saddr %s tcp sport 8082 reject with tcp reset; '
                  '%s daddr %s tcp dport 8083 reject with tcp reset; } }' % (lab.nft_ip, S, lab.nft_ip, S))
    aa.sendall(b'server push on 8082\n')      # server -> client data: rejected, RST to server
    time.sleep(0.4)
    cb.sendall(b'client data on 8083\n')      # client -> server data: rejected, RST to client
    time.sleep(0.4)
    meta['keep'] = [ca, aa, cb, ab]


@classifier('fw-reject-mid')
def cl_fw_mid(meta, r, point):
    if point == 'server' and from_client(meta, r, point) and r['dport'] == 8082 and r['flags'] == 0x04:
        return V('established', 'firewall-reject', 'middlebox', 'spoofed',
                 'nftables reject on r1 answers the server\'s data in the client\'s name (3 hops closer than the client)')
    if point == 'client' and from_server(meta, r, point) and r['sport'] == 8083 and r['flags'] == 0x04:
        return V('established', 'firewall-reject', 'middlebox', 'spoofed',
                 'nftables reject on r1 answers the client\'s data in the server\'s name (3 hops closer than the server)')


# -- TOS of a stack's reset vs a reject's ---------------------------------------
TOS = 0x28   # DSCP AF11


def set_tos(lab, sock, tos):
    """The socket's TOS (IPv4) or traffic class (IPv6)."""
    if lab.fam == 4:
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, tos)
    else:
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_TCLASS, tos)


def connect_tos(lab, port, tos):
    """A connection attempt from the client with TOS / traffic class set."""
    lab.enter('c')
    c = socket.socket(lab.af, socket.SOCK_STREAM)
    set_tos(lab, c, tos)
    c.settimeout(3)
    try:
        c.connect((lab.ip('s'), port))
    except OSError:
        pass
    c.close()


@scenario('tos-reset', right=2)
def sc_tos(lab, meta):
    """SYNs with DSCP AF11: to a closed port the server's kernel answers with a
    reset carrying the SYN's TOS (Linux tcp_v4_send_reset / tcp_v6_send_reset
    reply with the incoming segment's TOS / traffic class); to a port that
    nftables rejects on r1, nf_send_reset builds a fresh IP header with TOS 0."""
    lab.nft('r1', 'table inet fw { chain forward_filter { type filter hook forward priority 0; '
                  'tcp dport 8081 reject with tcp reset; } }')
    ls = lab.listen('s', SERVICE)
    exchange(lab, ls, SERVICE)
    connect_tos(lab, CLOSED, TOS)
    time.sleep(0.2)
    connect_tos(lab, 8081, TOS)
    time.sleep(0.2)
    meta['keep'] = [ls]


@classifier('tos-reset')
def cl_tos(meta, r, point):
    if from_server(meta, r, point) and r['sport'] == CLOSED and r['flags'] == 0x14:
        return V('handshake', 'port-closed', 'server', 'genuine',
                 'server kernel resets a SYN with DSCP AF11 to a closed port; the reset copies the TOS')
    if from_server(meta, r, point) and r['sport'] == 8081 and r['flags'] == 0x14:
        return V('handshake', 'firewall-reject', 'middlebox', 'spoofed',
                 'nftables reject on r1 answers a SYN with DSCP AF11 in the server\'s name, TOS 0')


# -- a reset sooner than the far end could answer -------------------------------
@scenario('too-fast', right=2)
def sc_too_fast(lab, meta):
    """The server sits behind a slow, full queue (tbf at 100 kbit/s on its link, filled with
    6 kB of UDP just before the handshake), so its SYN-ACK waits about half a second in the
    queue (less than the SYN's retransmission timeout): the handshake round trip at the
    client is that long. Then r1, next to the client, rejects
    the client's data with a reset (nftables), which reaches the client within a millisecond:
    far sooner than half a round trip, so not from the server."""
    ls = lab.listen('s', SERVICE)
    lab.enter('c')
    sink = socket.socket(lab.af, socket.SOCK_DGRAM)
    sink.bind((lab.ip('c'), 9999))
    lab.sh('s', ['tc', 'qdisc', 'add', 'dev', 'e0', 'root', 'tbf', 'rate', '100kbit',
                 'burst', '1600', 'limit', '100000'])
    lab.enter('s')
    u = socket.socket(lab.af, socket.SOCK_DGRAM)
    for _ in range(6):
        u.sendto(b'q' * 1000, (lab.ip('c'), 9999))
    c = lab.connect('c', lab.ip('s'), SERVICE, timeout=10)
    a, _ = ls.accept()
    lab.nft('r1', 'table inet fw { chain forward_filter { type filter hook forward priority 0; '
                  'tcp dport %d reject with tcp reset; } }' % SERVICE)
    c.sendall(REQ)
    time.sleep(0.5)
    meta['keep'] = [ls, c, a, sink, u]


@classifier('too-fast')
def cl_too_fast(meta, r, point):
    if point == 'client' and from_server(meta, r, point) and r['flags'] == 0x04:
        return V('established', 'firewall-reject', 'middlebox', 'spoofed',
                 'nftables reject on r1 answers the client\'s data in the server\'s name, within a '
                 'millisecond of a handshake that took half a second')


# -- accept queue overflow ---------------------------------------------------
@scenario('backlog-overflow')
def sc_backlog(lab, meta):
    lab.sysctl('s', 'net.ipv4.tcp_abort_on_overflow', 1)
    lab.sysctl('s', 'net.ipv4.tcp_syncookies', 0)
    ls = lab.listen('s', SERVICE, backlog=1)     # never accepts
    # hold the final ACK of the victim connection at r1
    lab.nft('r1', 'table inet hold { chain forward_filter { type filter hook forward priority 0; '
                  'tcp sport 40001 tcp flags & (fin|syn|rst|psh|ack|urg) == ack drop; } }')
    b = lab.connect('c', lab.ip('s'), SERVICE, sport=40001)
    time.sleep(0.1)
    fill = [lab.connect('c', lab.ip('s'), SERVICE, sport=40002 + i) for i in range(2)]
    time.sleep(0.2)
    lab.nft('r1', 'delete table inet hold')
    b.sendall(b'hello, are you there?\n')
    time.sleep(0.5)
    meta['keep'] = [ls, b] + fill


@classifier('backlog-overflow')
def cl_backlog(meta, r, point):
    if from_server(meta, r, point) and r['flags'] == 0x04 and r['dport'] == 40001:
        return V('handshake', 'backlog-overflow', 'server', 'genuine',
                 'accept queue full (tcp_abort_on_overflow=1): server kernel answers the delayed final ACK/data with bare RST seq=ISN+1')


# -- SO_LINGER 0 aborts --------------------------------------------------------
@scenario('abort-client')
def sc_abort_client(lab, meta):
    ls = lab.listen('s', SERVICE)
    c, a = exchange(lab, ls, SERVICE, close=False)
    time.sleep(0.2)
    linger0(c)
    c.close()
    time.sleep(0.3)
    meta['keep'] = [a]


@classifier('abort-client')
def cl_abort_client(meta, r, point):
    if from_client(meta, r, point) and r['flags'] == 0x14:
        return V('established', 'app-abort', 'client', 'genuine',
                 'client closes with SO_LINGER {1,0} after request/response: RST+ACK seq=snd_nxt')


@scenario('abort-server', vxlan_variant=True)
def sc_abort_server(lab, meta):
    ls = lab.listen('s', SERVICE)
    c, a = exchange(lab, ls, SERVICE, close=False)
    time.sleep(0.2)
    linger0(a)
    a.close()
    time.sleep(0.3)
    meta['keep'] = [c]


@classifier('abort-server')
def cl_abort_server(meta, r, point):
    if from_server(meta, r, point) and r['flags'] == 0x14:
        return V('established', 'app-abort', 'server', 'genuine',
                 'server closes with SO_LINGER {1,0} after request/response: RST+ACK seq=snd_nxt')


# -- close with unread data -----------------------------------------------------
@scenario('unread-data')
def sc_unread(lab, meta):
    ls = lab.listen('s', SERVICE)
    c = lab.connect('c', lab.ip('s'), SERVICE)
    a, _ = ls.accept()
    a.sendall(b'220 service ready\r\n')
    recv_some(c)
    c.sendall(REQ)
    time.sleep(0.3)
    a.close()                 # REQ never read -> RST instead of FIN
    time.sleep(0.3)
    meta['keep'] = [c]


@classifier('unread-data')
def cl_unread(meta, r, point):
    if from_server(meta, r, point) and r['flags'] == 0x14:
        return V('established', 'unread-data-close', 'server', 'genuine',
                 'server close()s with the client\'s request unread: RST+ACK instead of FIN')


# -- data after the peer closed -------------------------------------------------
@scenario('data-after-close')
def sc_dac(lab, meta):
    ls = lab.listen('s', SERVICE)
    c, a = exchange(lab, ls, SERVICE, close=False)
    a.close()                 # FIN from server, socket orphaned in FIN_WAIT
    recv_some(c)              # EOF
    time.sleep(0.3)
    c.sendall(b'one more thing\n')
    time.sleep(0.3)
    meta['keep'] = [c]


@classifier('data-after-close')
def cl_dac(meta, r, point):
    if from_server(meta, r, point) and r['flags'] == 0x04:
        return V('teardown', 'data-after-close', 'server', 'genuine',
                 'orphaned FIN_WAIT2 socket of the server answers new client data with bare RST seq=SEG.ACK')


# -- half-open scan ---------------------------------------------------------------
@scenario('half-open-scan')
def sc_halfopen(lab, meta):
    ls = lab.listen('s', SERVICE)
    inj = Injector(lab, meta, 'c', 'e1', lab.nodes[1], 'e0')
    for i, port in enumerate((SERVICE,)):
        inj.send(lab.ip('c'), lab.ip('s'), 45000 + i, port, 'S', 0x1f2e3d4c + i,
                 win=1024, ttl=64, ipid=4242 + i, opts=[('MSS', 1460)])
        time.sleep(0.3)
    meta['keep'] = [ls]


@classifier('half-open-scan')
def cl_halfopen(meta, r, point):
    if from_client(meta, r, point) and r['flags'] == 0x04:
        return V('handshake', 'half-open-scan', 'client', 'genuine',
                 'raw SYN (no socket) from the client; its kernel resets the SYN-ACK: bare RST seq=ISN+1')


# -- connect scan -----------------------------------------------------------------
@scenario('connect-scan')
def sc_connscan(lab, meta):
    ls = lab.listen('s', SERVICE)
    for port in (SERVICE, CLOSED):
        c = lab.connect('c', lab.ip('s'), port, expect_fail=True)
        if c is not None:
            linger0(c)
            c.close()
        time.sleep(0.2)
    meta['keep'] = [ls]


@classifier('connect-scan')
def cl_connscan(meta, r, point):
    if from_client(meta, r, point) and r['flags'] == 0x14:
        return V('established', 'connect-abort', 'client', 'genuine',
                 'connect() then SO_LINGER 0 close, no data: RST+ACK seq=ISN+1 right after the handshake')
    if from_server(meta, r, point) and r['flags'] == 0x14 and r['sport'] == CLOSED:
        return V('handshake', 'port-closed', 'server', 'genuine', 'connect scan hits a closed port')


# -- application idle timer --------------------------------------------------------
@scenario('idle-timeout', long=True)
def sc_idle(lab, meta):
    ls = lab.listen('s', SERVICE)
    c, a = exchange(lab, ls, SERVICE, close=False)
    time.sleep(12)
    linger0(a)
    a.close()
    time.sleep(0.3)
    meta['keep'] = [c]


@classifier('idle-timeout')
def cl_idle(meta, r, point):
    if from_server(meta, r, point) and r['flags'] == 0x14:
        return V('established', 'idle-timeout', 'server', 'genuine',
                 'server application aborts (SO_LINGER 0) after 12 s without traffic')


# -- NAT / conntrack state expired ---------------------------------------------------
def forgetful_nat(lab, meta=None, timeout=4):
    """r1 masquerades the client and forgets an established flow after `timeout` s idle;
    a later segment of it is INVALID (no mid-stream pickup) and rejected with a reset."""
    lab.nft('r1', 'table inet nat { chain postrouting_nat { type nat hook postrouting priority srcnat; '
                  'oifname "e1" masquerade; } }\n'
                  'table inet fw { chain forward_filter { type filter hook forward priority 0; '
                  'ct state invalid meta l4proto tcp reject with tcp reset; } }')
    lab.sysctl('r1', 'net.netfilter.nf_conntrack_tcp_timeout_established', timeout)
    lab.sysctl('r1', 'net.netfilter.nf_conntrack_tcp_loose', 0)
    if meta is not None:
        meta['C_at_server'] = lab.ifaddr('r1', 'e1')


@scenario('nat-expired', right=2, long=True)
def sc_nat(lab, meta):
    forgetful_nat(lab, meta)
    ls = lab.listen('s', SERVICE)
    c, a = exchange(lab, ls, SERVICE, close=False)
    time.sleep(12)
    c.sendall(b'still there?\n')
    time.sleep(0.5)
    meta['keep'] = [a, c]


@classifier('nat-expired')
def cl_nat(meta, r, point):
    if point == 'client' and from_server(meta, r, point) and r['flags'] == 0x04:
        return V('established', 'state-expired', 'middlebox', 'spoofed',
                 'r1 (NAT, 2 hops closer than the server) forgot the flow after 4 s; ct state invalid reject answers the data')


# -- reset answering a FIN --------------------------------------------------------------
@scenario('fast-close')
def sc_fastclose(lab, meta):
    ls = lab.listen('s', SERVICE)
    c, a = exchange(lab, ls, SERVICE, close=False)
    c.shutdown(socket.SHUT_WR)
    d = recv_some(a)
    assert d == b''
    linger0(a)
    a.close()
    time.sleep(0.3)
    meta['keep'] = [c]


@classifier('fast-close')
def cl_fastclose(meta, r, point):
    if from_server(meta, r, point) and r['flags'] == 0x14:
        return V('teardown', 'lb-fast-close', 'server', 'genuine',
                 'client sent FIN; server application answers EOF with SO_LINGER 0 close: RST+ACK instead of FIN')


# -- TIME_WAIT reuse with an older ISN ------------------------------------------------------
@scenario('time-wait-reuse')
def sc_tw(lab, meta):
    for n in ('c', 's'):
        lab.sysctl(n, 'net.ipv4.tcp_timestamps', 0)
    ls = lab.listen('s', SERVICE)
    inj = Injector(lab, meta, 'c', 'e1', lab.nodes[1], 'e0')
    C, S = lab.ip('c'), lab.ip('s')
    c = lab.connect('c', S, SERVICE, sport=40100)
    a, _ = ls.accept()
    c.sendall(REQ)
    recv_exact(a, len(REQ))
    a.sendall(response(400))
    a.close()                          # server closes first -> server TIME_WAIT
    recv_exact(c, len(response(400)))
    recv_some(c)
    c.close()
    st = inj.state(C, 40100, S, SERVICE)
    isn = st['c2s']['isn']
    time.sleep(0.3)
    # an old duplicate SYN for the same 4-tuple: older ISN, no timestamps
    inj.send(C, S, 40100, SERVICE, 'S', isn, win=64240, ttl=64, ipid=0,
             opts=[('MSS', 1460), ('SAckOK', b''), ('WScale', 7)])
    time.sleep(0.5)
    meta['keep'] = [ls]


@classifier('time-wait-reuse')
def cl_tw(meta, r, point):
    if from_client(meta, r, point) and r['flags'] == 0x04:
        return V('handshake', 'time-wait-reuse', 'client', 'genuine',
                 'SYN with an older ISN hits the server\'s TIME_WAIT, which ACKs; client kernel resets that ACK (bare RST seq=its ack)')


# -- malformed SYNs ---------------------------------------------------------------------------
MALFORMED = [(46001, SERVICE, 'SF'), (46002, CLOSED, 'SF'), (46003, SERVICE, 'SR'),
             (46004, CLOSED, 'SR'), (46005, SERVICE, 'SU'), (46006, CLOSED, 'SU')]


@scenario('malformed-syn')
def sc_malformed(lab, meta):
    ls = lab.listen('s', SERVICE)
    inj = Injector(lab, meta, 'c', 'e1', lab.nodes[1], 'e0')
    for i, (sp, dp, fl) in enumerate(MALFORMED):
        inj.send(lab.ip('c'), lab.ip('s'), sp, dp, fl, 0x10203040 + 0x1000 * i, win=1024,
                 ttl=64, ipid=5000 + i, opts=[('MSS', 1460)])
        time.sleep(0.3)
    meta['keep'] = [ls]


@classifier('malformed-syn')
def cl_malformed(meta, r, point):
    if from_client(meta, r, point) and r['flags'] & 0x06 == 0x06:
        return V('handshake', 'malformed-syn', 'client', 'genuine',
                 'the probe itself: SYN+RST sent by the scanning client (no answer from the server)')
    if from_server(meta, r, point) and r['flags'] == 0x14:
        kind = {46002: 'SYN+FIN (ack=seq+2)', 46006: 'SYN+URG'}.get(r['dport'], 'malformed SYN')
        # The SYN+FIN answer is the server's first packet in the capture (SYN+FIN to the
        # open port is dropped): a single pass has nothing of the server to compare it with.
        p1 = ('server', 'unverified', 'malformed-syn') if r['dport'] == 46002 else None
        return V('handshake', 'malformed-syn', 'server', 'genuine',
                 'server kernel answers %s to a closed port with RST+ACK' % kind, p1)
    if from_client(meta, r, point) and r['flags'] == 0x04:
        return V('handshake', 'malformed-syn', 'client', 'genuine',
                 'SYN+URG to an open port is taken as SYN; the scanner\'s kernel resets the SYN-ACK')


# -- black-holed path --------------------------------------------------------------------------
@scenario('blackhole', right=1, long=True)
def sc_blackhole(lab, meta):
    import errno
    lab.sysctl('c', 'net.ipv4.tcp_retries2', 3)
    ls = lab.listen('s', SERVICE)
    S = lab.ip('s')
    c, a = exchange(lab, ls, SERVICE, close=False)
    c.setblocking(False)
    chunk = b'U' * 1000
    for i in range(10):                      # a small upload, acknowledged normally
        c.send(chunk)
        recv_some(a, timeout=0.5)
        time.sleep(0.05)
    lab.nft('r1', 'table inet bh { chain forward_filter { type filter hook forward priority 0; '
                  '%s saddr %s tcp sport %d drop; } }' % (lab.nft_ip, S, SERVICE))
    for i in range(5):                       # upload continues into the black hole
        try:
            c.send(chunk)
        except BlockingIOError:
            pass
        recv_some(a, timeout=0.2)
    deadline = time.time() + 45
    err = 0
    while time.time() < deadline:
        recv_some(a, timeout=0.2)
        err = c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if err:
            break
    meta['client_error'] = errno.errorcode.get(err, str(err))
    lab.nft('r1', 'delete table inet bh')
    time.sleep(0.3)
    a.sendall(b'late reply from server\n')
    time.sleep(0.5)
    meta['keep'] = [c, a]


@classifier('blackhole')
def cl_blackhole(meta, r, point):
    if from_client(meta, r, point) and r['flags'] == 0x04:
        return V('closed', 'retransmission-timeout', 'client', 'genuine',
                 'client gave up silently after tcp_retries2=3 retransmissions; its kernel answers the server\'s later data with bare RST')


# -- injected resets (forged from r1 into a live connection) ----------------------------------
INJ_CPORT = 40200


def live_conn(lab, meta, inj_node='r1'):
    """Opens the watched connection; returns client sock, server sock, injector."""
    ifc = lab.inj_iface
    peer = ('c', 'vx0' if ifc == 'vx0' else 'e1')
    inj = Injector(lab, meta, inj_node, ifc, *peer)
    ls = lab.listen('s', SERVICE)
    c, a = exchange(lab, ls, SERVICE, sport=INJ_CPORT, close=False, resp=2000)
    meta['keep'] = [ls]
    return c, a, inj


def fwd(lab, st):
    C, S = lab.ip('c'), lab.ip('s')
    return dict(src=S, dst=C, sport=SERVICE, dport=INJ_CPORT), st['s2c'], st['c2s']


def client_rcv_window(c2s):
    return c2s['win'] << c2s.get('wscale', 0)


def keep_sending(a, n):
    """The real server, which knows nothing of a forged reset, keeps sending (n chunks)."""
    for i in range(n):
        time.sleep(0.15)
        try:
            a.send(b'chunk %d of the still running response\n' % i)
        except OSError:
            break


INJ = lambda note, p1=None: V('established', 'injected', 'middlebox', 'spoofed', note, p1)  # noqa: E731


@scenario('inj-noack-crafted', right=1, sll=True, vxlan_variant=True)
def sc_inj_a(lab, meta):
    c, a, inj = live_conn(lab, meta)
    st = inj.state(lab.ip('c'), INJ_CPORT, lab.ip('s'), SERVICE)
    h, s2c, c2s = fwd(lab, st)
    inj.send(flags='R', seq=s2c['nxt'], ack=0, win=16384, ttl=113, ipid=31337,
             verdict=INJ('forged RST without ACK, window 16384, TTL 113 (128 class) vs the server\'s 62; exact seq, accepted'),
             **h)
    time.sleep(0.4)
    meta['keep'] += [c, a]


@scenario('inj-ttl-ipid-crafted', right=1)
def sc_inj_b(lab, meta):
    c, a, inj = live_conn(lab, meta)
    st = inj.state(lab.ip('c'), INJ_CPORT, lab.ip('s'), SERVICE)
    h, s2c, c2s = fwd(lab, st)
    ipid = ((s2c['id'] or 0) + 30000) & 0xffff
    inj.send(flags='RA', seq=s2c['nxt'], ack=c2s['nxt'], win=0, ttl=50, ipid=ipid,
             verdict=INJ('forged RST+ACK, exact seq, TTL 50 (14 hops) vs the server\'s 62, IP ID 30000 off the server\'s'),
             **h)
    time.sleep(0.4)
    meta['keep'] += [c, a]


@scenario('inj-burst-crafted', right=1)
def sc_inj_c(lab, meta):
    c, a, inj = live_conn(lab, meta)
    st = inj.state(lab.ip('c'), INJ_CPORT, lab.ip('s'), SERVICE)
    h, s2c, c2s = fwd(lab, st)
    W = client_rcv_window(c2s)
    meta['window'] = W
    for i, ttl in enumerate((57, 54, 51)):
        inj.send(flags='RA', seq=s2c['nxt'] + i * (W // 3), ack=c2s['nxt'], win=8192, ttl=ttl,
                 ipid=(1000 + 7919 * i) & 0xffff,
                 verdict=INJ('burst %d/3 stepping through the client\'s %d-byte window, TTLs 57/54/51 vs the server\'s 62' % (i + 1, W)),
                 **h)
        time.sleep(0.002)
    time.sleep(0.4)
    meta['keep'] += [c, a]


@scenario('inj-race-crafted', right=1)
def sc_inj_d(lab, meta):
    c, a, inj = live_conn(lab, meta)
    st = inj.state(lab.ip('c'), INJ_CPORT, lab.ip('s'), SERVICE)
    h, s2c, c2s = fwd(lab, st)
    inj.send(flags='RA', seq=s2c['nxt'], ack=c2s['nxt'], win=s2c['win'], ttl=s2c['ttl'],
             ipid=((s2c['id'] or 0) + 1) & 0xffff, fl=s2c['fl'], opts=tsval_now(s2c),
             verdict=INJ('perfect forgery (TTL, IP ID, window, options copied from the server): only the server\'s data '
                         'after it (and the client\'s RST answering that data) shows it was not the server\'s',
                         p1=('server', 'genuine', 'idle-timeout')),
             **h)
    keep_sending(a, 3)
    time.sleep(0.3)
    meta['keep'] += [c, a]


@scenario('inj-blind-crafted', right=1)
def sc_inj_e(lab, meta):
    c, a, inj = live_conn(lab, meta)
    st = inj.state(lab.ip('c'), INJ_CPORT, lab.ip('s'), SERVICE)
    h, s2c, c2s = fwd(lab, st)
    W = client_rcv_window(c2s)
    inj.send(flags='R', seq=s2c['nxt'] + 4 * W + 12345, ack=0, win=0, ttl=240, ipid=0,
             verdict=INJ('blind RST far outside the client\'s window (TTL 240, 255 class); ignored, the connection carries on'),
             **h)
    time.sleep(0.3)
    c.sendall(REQ)
    recv_exact(a, len(REQ))
    a.sendall(response(800))
    recv_exact(c, len(response(800)))
    c.shutdown(socket.SHUT_WR)
    recv_some(a)
    a.close()
    recv_some(c)
    c.close()
    time.sleep(0.2)


@scenario('inj-challenge-crafted', right=1)
def sc_inj_f(lab, meta):
    c, a, inj = live_conn(lab, meta)
    st = inj.state(lab.ip('c'), INJ_CPORT, lab.ip('s'), SERVICE)
    h, s2c, c2s = fwd(lab, st)
    W = client_rcv_window(c2s)
    inj.send(flags='R', seq=s2c['nxt'] + W // 2, ack=0, win=0, ttl=120, ipid=777,
             verdict=INJ('in-window but inexact RST (TTL 120, 128 class) draws an RFC 5961 challenge ACK; connection survives'),
             **h)
    time.sleep(0.3)
    c.sendall(REQ)
    recv_exact(a, len(REQ))
    a.sendall(response(800))
    recv_exact(c, len(response(800)))
    c.shutdown(socket.SHUT_WR)
    recv_some(a)
    a.close()
    recv_some(c)
    c.close()
    time.sleep(0.2)


def cl_injected(meta, r, point):
    if from_client(meta, r, point) and r['flags'] == 0x04:
        return V('closed', 'data-after-close', 'client', 'genuine',
                 'client, already reset by the forged RST, answers the real server\'s next data with bare RST')


for _n in ('inj-noack-crafted', 'inj-ttl-ipid-crafted', 'inj-burst-crafted', 'inj-race-crafted',
           'inj-blind-crafted', 'inj-challenge-crafted'):
    SCEN[_n]['classify'] = cl_injected


# -- reason payloads, sent from the server namespace ----------------------------------------------
def reason_reset(lab, meta, payload, verdict):
    inj = Injector(lab, meta, 's', 'e0', lab.nodes[-2], 'e1')
    ls = lab.listen('s', SERVICE)
    c, a = exchange(lab, ls, SERVICE, sport=40300, close=False)
    time.sleep(1.5)
    st = inj.state(lab.ip('c'), 40300, lab.ip('s'), SERVICE)
    s2c, c2s = st['s2c'], st['c2s']
    inj.send(lab.ip('s'), lab.ip('c'), SERVICE, 40300, 'RA', s2c['nxt'], ack=c2s['nxt'], win=0,
             ttl=s2c['ttl'], ipid=((s2c['id'] or 0) + 1) & 0xffff, fl=s2c['fl'], payload=payload,
             verdict=verdict)
    time.sleep(0.4)
    meta['keep'] = [ls, c, a]


@scenario('reason-text-crafted', right=1)
def sc_reason_text(lab, meta):
    reason_reset(lab, meta, b'idle timeout', V('established', 'idle-timeout', 'server', 'genuine',
                 'RST+ACK from the server host (correct seq, TTL, IP ID) carrying the text "idle timeout"'))


DIAG_CODE = 0x0002


@scenario('reason-diag-crafted', right=1)
def sc_reason_diag(lab, meta):
    payload = struct.pack('!HH', 0x33AA, DIAG_CODE) + 'application abort'.encode('utf-8')
    reason_reset(lab, meta, payload, V('established', 'app-abort', 'server', 'genuine',
                 'RST+ACK from the server host with diagnostic payload 0x33AA, code 0x0002, text "application abort"'))


def no_other(meta, r, point):
    return None


SCEN['reason-text-crafted']['classify'] = no_other
SCEN['reason-diag-crafted']['classify'] = no_other


# -- a day in the life: ~40 s of ordinary traffic with resets interleaved ---------------------------
DAY_KINDS = {
    'closed': ('server', 0x14, V('handshake', 'port-closed', 'server', 'genuine', 'SYN to a port without listener')),
    'fw': ('server', 0x14, V('handshake', 'firewall-reject', 'middlebox', 'spoofed',
                             'nftables on r1 rejects SYNs to port 8085 in the server\'s name')),
    'abort-client': ('client', 0x14, V('established', 'app-abort', 'client', 'genuine',
                                       'client application aborts with SO_LINGER 0 after a response')),
    'abort-server': ('server', 0x14, V('established', 'app-abort', 'server', 'genuine',
                                       'server application aborts with SO_LINGER 0 after a response')),
    'unread': ('server', 0x14, V('established', 'unread-data-close', 'server', 'genuine',
                                 'server closes with the request unread')),
    'fastclose': ('server', 0x14, V('teardown', 'lb-fast-close', 'server', 'genuine',
                                    'server answers the client\'s FIN with an SO_LINGER 0 close')),
    'scan': ('client', 0x04, V('handshake', 'half-open-scan', 'client', 'genuine',
                               'raw SYN from a scanner; its kernel resets the SYN-ACK')),
    'dac': ('server', 0x04, V('teardown', 'data-after-close', 'server', 'genuine',
                              'client writes after the server closed; orphaned server socket resets')),
}


@scenario('day-in-the-life', right=2, long=True)
def sc_day(lab, meta):
    import random
    rnd = random.Random(20240607)
    S = lab.ip('s')
    clients = [lab.ip('c')]
    for h in (3, 4, 5):
        if lab.fam == 4:
            a = '198.18.1.%d' % h
            lab.sh('c', ['ip', 'addr', 'add', a + '/24', 'dev', 'e1'])
        else:
            a = '2001:db8:1::%d' % h
            lab.sh('c', ['ip', 'addr', 'add', a + '/64', 'dev', 'e1', 'nodad'])
        clients.append(a)
    lab.nft('r1', 'table inet fw { chain forward_filter { type filter hook forward priority 0; '
                  'tcp dport 8085 reject with tcp reset; } }')
    web = lab.listen('s', 8080, backlog=64)
    api = lab.listen('s', 8443, backlog=64)
    blocked = lab.listen('s', 8085)
    inj = Injector(lab, meta, 'c', 'e1', lab.nodes[1], 'e0')
    conns = meta.setdefault('day', {})
    nextport = [41000]

    def new(kind, port, ls, cl):
        sp = nextport[0]
        nextport[0] += 1
        conns['%s|%d' % (cl, sp)] = kind
        c = lab.connect('c', S, port, sport=sp, src=cl, expect_fail=True)
        if c is None:
            return None, None
        a, _ = ls.accept()
        return c, a

    def req(c, a, size):
        c.sendall(REQ)
        recv_exact(a, len(REQ))
        a.sendall(response(size))
        recv_exact(c, len(response(size)))

    keep = []          # keep-alive connections: [c, a]
    kinds = (['http'] * 10 + ['keepalive'] * 3 + ['closed', 'fw', 'abort-client', 'abort-server',
                                                   'unread', 'fastclose', 'scan', 'dac'])
    t_end = time.time() + 90      # hard bound; normally the 45 actions take ~35 s
    i = 0
    while time.time() < t_end and i < 45:
        i += 1
        kind = rnd.choice(kinds)
        cl = rnd.choice(clients)
        ls, port = (web, 8080) if rnd.random() < 0.7 else (api, 8443)
        if kind in ('http', 'keepalive'):
            c, a = new('http', port, ls, cl)
            for k in range(rnd.randint(1, 3)):
                req(c, a, rnd.randint(200, 1200))
            if kind == 'keepalive':
                keep.append((c, a))
            else:
                c.shutdown(socket.SHUT_WR)
                recv_some(a)
                a.close()
                recv_some(c)
                c.close()
        elif kind == 'closed':
            new('closed', 8099, None, cl)
        elif kind == 'fw':
            new('fw', 8085, None, cl)
        elif kind == 'scan':
            sp = nextport[0]
            nextport[0] += 1
            conns['%s|%d' % (lab.ip('c'), sp)] = 'scan'
            inj.send(lab.ip('c'), S, sp, port, 'S', rnd.randint(1, 2 ** 31), win=1024, ttl=64,
                     ipid=rnd.randint(1, 65535), opts=[('MSS', 1460)])
        else:
            c, a = new(kind, port, ls, cl)
            if kind == 'unread':
                c.sendall(REQ)
                time.sleep(0.1)
                a.close()
                keep.append((c, None))
            else:
                req(c, a, rnd.randint(200, 1000))
                if kind == 'abort-client':
                    linger0(c)
                    c.close()
                    keep.append((None, a))
                elif kind == 'abort-server':
                    linger0(a)
                    a.close()
                    keep.append((c, None))
                elif kind == 'fastclose':
                    c.shutdown(socket.SHUT_WR)
                    recv_some(a)
                    linger0(a)
                    a.close()
                    keep.append((c, None))
                elif kind == 'dac':
                    a.close()
                    recv_some(c)
                    time.sleep(0.1)
                    c.sendall(b'one more thing\n')
                    keep.append((c, None))
        # keep-alive traffic on a random open connection
        live = [(c, a) for c, a in keep if c is not None and a is not None]
        if live and rnd.random() < 0.5:
            c, a = rnd.choice(live)
            req(c, a, rnd.randint(100, 800))
        time.sleep(rnd.uniform(0.2, 0.8))
    for c, a in keep:            # graceful end of the keep-alive connections
        if c is not None and a is not None:
            c.shutdown(socket.SHUT_WR)
            recv_some(a)
            a.close()
            recv_some(c)
            c.close()
    time.sleep(0.3)
    meta['keep'] = [web, api, blocked] + [x for pair in keep for x in pair if x is not None]


@classifier('day-in-the-life')
def cl_day(meta, r, point):
    for caddr, cport in ((r['src'], r['sport']), (r['dst'], r['dport'])):
        kind = meta['day'].get('%s|%d' % (caddr, cport))
        if kind in DAY_KINDS:
            who, flags, v = DAY_KINDS[kind]
            sender_is_client = r['src'] == caddr
            if flags == r['flags'] and sender_is_client == (who == 'client'):
                return v


# ---------------------------------------------------------------- runner
def setup_vxlan(lab):
    """A VXLAN overlay between the client and r1; the TCP flow rides inside it."""
    for node, local, remote, me in (('c', lab.ifaddr('c', 'e1', 4), lab.ifaddr('r1', 'e0', 4), 2),
                                    ('r1', lab.ifaddr('r1', 'e0', 4), lab.ifaddr('c', 'e1', 4), 1)):
        lab.sh(node, ['ip', 'link', 'add', 'vx0', 'address', netlab.mac(0xee, me), 'type', 'vxlan',
                      'id', '42', 'local', local, 'remote', remote, 'dstport', '4789', 'dev',
                      'e1' if node == 'c' else 'e0'])
        lab.sh(node, ['ip', 'addr', 'add', '198.18.100.%d/24' % me, 'dev', 'vx0'])
        lab.sh(node, ['ip', 'addr', 'add', '2001:db8:100::%d/64' % me, 'dev', 'vx0', 'nodad'])
        lab.sh(node, ['ip', 'link', 'set', 'vx0', 'up'])
        if lab.ethtool:
            lab.sh(node, ['ethtool', '-K', 'vx0', 'tso', 'off', 'gso', 'off', 'gro', 'off'], check=False)
        lab.macs[(node, 'vx0')] = netlab.mac(0xee, me)
    lab.sh('c', ['ip', 'route', 'add', '198.18.2.0/24', 'via', '198.18.100.1'])
    lab.sh('c', ['ip', '-6', 'route', 'add', '2001:db8:2::/64', 'via', '2001:db8:100::1'])
    i1 = lab.nodes.index('r1')
    for k in range(i1 + 1, len(lab.nodes) - 1):     # routers behind r1 route the overlay back to it
        gw = lab.addr[(lab.nodes[k - 1], 'e1')]
        lab.sh(lab.nodes[k], ['ip', 'route', 'add', '198.18.100.0/24', 'via', gw[0]])
        lab.sh(lab.nodes[k], ['ip', '-6', 'route', 'add', '2001:db8:100::/64', 'via', gw[1]])
    lab.override[('c', 4)] = '198.18.100.2'
    lab.override[('c', 6)] = '2001:db8:100::2'
    lab.inj_iface = 'vx0'
    lab.enter('c')
    netlab.run(['ping', '-c1', '-W2', lab.ip('s')], check=False)


# capture points of a scenario unless it names its own: (point, node, interface[, tcpdump options])
POINTS = (('client', 'c', 'e1'), ('server', 's', 'e0'))


def main():
    name, fam, outdir, workdir, prefix = sys.argv[1:6]
    fam = int(fam)
    variant = sys.argv[6] if len(sys.argv) > 6 else ''
    spec = SCEN[name]
    meta = {'workdir': workdir}
    lab = netlab.Lab(prefix, fam, spec['left'], spec['right'], spec.get('delay_ms', 0))
    lab.inj_iface = 'e0'
    outname = name + ('-vxlan' if variant == 'vxlan' else '')
    base = '%s.v%d' % (outname, fam)
    made = []
    try:
        lab.build()
        if variant == 'vxlan':
            setup_vxlan(lab)
        meta.update(S=lab.ip('s'), C=lab.ip('c'), C_at_server=lab.ip('c'), fam=fam, scenario=name)
        filt = 'tcp or icmp or icmp6' + (' or udp port 4789' if variant == 'vxlan' else '')
        for point, node, ifc, *extra in spec.get('points', POINTS):
            p = os.path.join(outdir, '%s.%s.pcap' % (base, point))
            lab.capture(node, ifc, p, filt, extra=extra[0] if extra else ())
            made.append((p, point))
        if spec.get('sll') and not variant and not os.environ.get('NOSLL'):
            for dlt, tag in (('LINUX_SLL', 'sll'), ('LINUX_SLL2', 'sll2')):
                p = os.path.join(outdir, '%s-%s.v%d.client.pcap' % (name, tag, fam))
                lab.capture('c', 'any', p, filt, extra=['-y', dlt])
                made.append((p, 'client'))
        time.sleep(0.2)
        spec['fn'](lab, meta)
        lab.stop_captures()
    finally:
        lab.destroy()
    if spec.get('post'):          # files made from the captures (merged, concatenated)
        made = spec['post'](meta, made, outdir, base)
    meta.pop('keep', None)
    meta['variant'] = variant
    netlab.write_meta(os.path.join(workdir, base + '.meta.json'), meta)
    import expect
    for p, point in made:
        expect.write_expected(p, point, meta, spec['classify'])


if __name__ == '__main__':
    netlab.run_main(main)
