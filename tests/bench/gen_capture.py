#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write a large, deterministic Ethernet pcap of TCP traffic for benchmarking rstan.

The capture is taken next to the clients: client packets carry TTL 64, server
packets arrive with the hop count of their path subtracted.  Connections open
and close all through the capture, so many are open at once.  Most carry
HTTP/1.1 keep-alive exchanges and close with FINs; about 5 % end in a reset of
one of these kinds:

  closed-port   a SYN to a port with no listener, answered by RST+ACK
  linger-abort  an application aborts an established connection (RST+ACK)
  late-segment  the server has closed, a request arrives anyway, bare RST
  rst-to-fin    a FIN is answered by RST+ACK instead of a FIN
  forged        an injected RST+ACK with a foreign TTL and IP ID, then the
                client answers the real server's next segment with a bare RST

About 10 % of connections run over IPv6, some clients sit on 802.1Q VLANs,
and a few connections draw ICMP/ICMPv6 errors that quote TCP headers (some of
them quoting a reset).  The same arguments always give the same bytes.  A
JSON file next to the capture records what it holds, for checking.

With --points the same traffic is written as seen at two capture points, as a
pcapng with two named interfaces: "client-side" (the capture above) and
"server-side", behind a NAT one hop further on.  There every packet that
crossed the NAT appears again, TRANSIT_US later (client to server) or earlier
(server to client), with the TTL one lower (or one higher for the server's
packets), the client's address and port rewritten to the NAT's, and the IP ID
and everything else kept.  What never crossed it is missing there: the forged
resets (injected between the points), ICMP errors from the routers on the
client side, and the packets they answer.
"""

import argparse
import heapq
import json
import os
import random
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from pcapfile import LINKTYPE_ETHERNET, PcapngWriter, PcapWriter, inet_checksum  # noqa: E402

EPOCH = 1700000000          # first timestamp, seconds

FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10

# What goes into the options field of a segment.
OPT_NONE, OPT_SYN, OPT_SYNACK, OPT_TS = 0, 1, 2, 3

RESET_KINDS = (
    ('closed-port', 25),
    ('linger-abort', 25),
    ('late-segment', 20),
    ('rst-to-fin', 15),
    ('forged', 15),
)
RESET_SHARE = 0.05
ICMP_PROHIBITED_SHARE = 0.004
IPV6_SHARE = 0.10
VLAN_CLIENT_SHARE = 0.15
CLOSED_PORTS = (81, 8000, 8081, 8888, 9000, 10000)
GATEWAY_MAC = bytes.fromhex('02005e0000fe')

# The two-point variant (--points): the NAT between the points and the server side's link.
TRANSIT_US = 150
NAT_ADDR4 = bytes((192, 0, 2, 1))
NAT_ADDR6 = bytes.fromhex('20010db8fffe00000000000000000001')
NAT_MAC = bytes.fromhex('02005e0000fd')
SERVER_GW_MAC = bytes.fromhex('02005e0000fc')


class Host:
    """One address, with the counters a real IP stack keeps."""
    __slots__ = ('addr', 'v6', 'mac', 'ttl', 'ip_id', 'ts_off', 'vlan',
                 'next_port')

    def __init__(self, addr, v6, mac, ttl, ip_id, ts_off, vlan=0):
        self.addr = addr
        self.v6 = v6
        self.mac = mac
        self.ttl = ttl
        self.ip_id = ip_id
        self.ts_off = ts_off
        self.vlan = vlan
        self.next_port = 0


class Conn:
    """Addresses, ports and per-direction state of one TCP connection."""
    __slots__ = ('client', 'server', 'sport', 'dport', 'v6', 'mss', 'flow',
                 'last_tsval', 'router', 'nat_port')

    def __init__(self, client, server, sport, dport, router, rng, nat_port=0):
        self.client = client
        self.server = server
        self.sport = sport
        self.dport = dport
        self.v6 = client.v6
        self.mss = 1428 if self.v6 else 1448     # MSS less the 12-byte timestamp option
        self.flow = (rng.getrandbits(20), rng.getrandbits(20))
        self.last_tsval = [0, 0]
        self.router = router
        self.nat_port = nat_port


def exchange_cost(nseg, extra_ack):
    """Packets in one request/response: request, segments, client ACKs, optional server ACK."""
    return 1 + nseg + (nseg + 1) // 2 + extra_ack


def exact_exchange(r):
    """One exchange of exactly r packets (r >= 3)."""
    n = 1
    while True:
        for extra in (0, 1):
            if exchange_cost(n, extra) == r:
                return (n, extra)
        n += 1


def plan_exchanges(rng, r):
    """Split a budget of r packets into request/response exchanges, exactly."""
    out = []
    while r > 0:
        if r <= 13:
            out.append(exact_exchange(r))
            break
        pick = rng.random()
        if pick < 0.40:
            n = 1
        elif pick < 0.70:
            n = rng.randint(2, 4)
        elif pick < 0.90:
            n = rng.randint(5, 12)
        else:
            n = rng.randint(13, 30)
        extra = 1 if rng.random() < 0.2 else 0
        while n > 1 and r - exchange_cost(n, extra) < 3:
            n -= 1
        c = exchange_cost(n, extra)
        if r - c < 3 and r != c:
            out.append(exact_exchange(r))
            break
        out.append((n, extra))
        r -= c
    return out


class ConnScript:
    """Builds the packets of one connection in time order.

    A packet is a tuple (time_us, direction, flags, seq, ack, window,
    payload, option_kind, special).  Direction 0 is client to server.
    special is None, ('forged', ttl, ip_id) or ('icmp', type, code, quoted).
    """

    def __init__(self, conn, rng, t0, index):
        self.c = conn
        self.rng = rng
        self.t = t0
        self.index = index
        self.pkts = []
        self.rtt = rng.randint(2000, 120000)
        self.cnxt = rng.getrandbits(32)
        self.snxt = rng.getrandbits(32)
        self.object_no = 0
        self.quoted = set()

    def add(self, t, d, flags, seq, ack, win, payload=b'', opt=OPT_TS, special=None):
        # The merge in generate() relies on each connection's packets being in time order.
        assert not self.pkts or t >= self.pkts[-1][0]
        self.pkts.append((t, d, flags, seq & 0xffffffff, ack & 0xffffffff, win,
                          payload, opt, special))

    def handshake(self):
        r = self.rng
        self.add(self.t, 0, SYN, self.cnxt, 0, 64240, opt=OPT_SYN)
        self.cnxt += 1
        self.t += self.rtt
        self.add(self.t, 1, SYN | ACK, self.snxt, self.cnxt, 65160, opt=OPT_SYNACK)
        self.snxt += 1
        self.t += r.randint(15, 60)
        self.add(self.t, 0, ACK, self.cnxt, self.snxt, 502)

    def request_bytes(self, size):
        self.object_no += 1
        head = (b'GET /obj/%d/%06d HTTP/1.1\r\nHost: s.example\r\n'
                b'User-Agent: rstan-bench/1\r\nAccept: */*\r\nX-Pad: '
                % (self.index, self.object_no))
        pad = max(0, size - len(head) - 4)
        return head + b'a' * pad + b'\r\n\r\n'

    def response_bytes(self, size):
        body = max(0, size - 80)
        head = (b'HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n'
                b'Content-Length: %d\r\n\r\n' % body)
        return head + b'x' * body

    def think(self):
        self.t += int(self.rng.expovariate(1.0 / 1500000)) + 1000

    def request(self):
        """Client sends one request; returns its payload."""
        req = self.request_bytes(self.rng.randint(160, 700))
        self.add(self.t, 0, PSH | ACK, self.cnxt, self.snxt, 502, req)
        self.cnxt += len(req)
        return req

    def exchange(self, nseg, extra_ack):
        r = self.rng
        self.request()
        self.t += self.rtt
        if extra_ack:
            self.add(self.t, 1, ACK, self.snxt, self.cnxt, 509)
            self.t += r.randint(1000, 30000)
        else:
            self.t += r.randint(100, 3000)
        mss = self.c.mss
        size = (nseg - 1) * mss + r.randint(100 if nseg == 1 else 1, mss)
        resp = self.response_bytes(size)
        off = 0
        for i in range(nseg):
            chunk = resp[off:off + mss]
            off += len(chunk)
            last = i == nseg - 1
            self.add(self.t, 1, (PSH | ACK) if last else ACK, self.snxt, self.cnxt, 509, chunk)
            self.snxt += len(chunk)
            if i % 2 == 1 or last:
                self.t += r.randint(20, 60)
                self.add(self.t, 0, ACK, self.cnxt, self.snxt, 501)
            self.t += r.randint(15, 250)

    def close(self):
        """Orderly close, started by either side (four packets)."""
        r = self.rng
        self.t += r.randint(1000, 2000000)
        if r.random() < 0.6:
            self.add(self.t, 0, FIN | ACK, self.cnxt, self.snxt, 502)
            self.cnxt += 1
            self.t += self.rtt
            self.add(self.t, 1, ACK, self.snxt, self.cnxt, 509)
            self.t += r.randint(50, 2000)
            self.add(self.t, 1, FIN | ACK, self.snxt, self.cnxt, 509)
            self.snxt += 1
            self.t += r.randint(20, 60)
            self.add(self.t, 0, ACK, self.cnxt, self.snxt, 502)
        else:
            self.add(self.t, 1, FIN | ACK, self.snxt, self.cnxt, 509)
            self.snxt += 1
            self.t += r.randint(20, 60)
            self.add(self.t, 0, ACK, self.cnxt, self.snxt, 502)
            self.t += r.randint(100, 5000)
            self.add(self.t, 0, FIN | ACK, self.cnxt, self.snxt, 502)
            self.cnxt += 1
            self.t += self.rtt
            self.add(self.t, 1, ACK, self.snxt, self.cnxt, 509)

    def exchanges(self, budget):
        for n, extra in plan_exchanges(self.rng, budget):
            self.exchange(n, extra)
            self.think()

    def icmp(self, t, typ, code, quoted):
        self.quoted.add(quoted)
        self.add(t, 2, 0, 0, 0, 0, special=('icmp', typ, code, quoted))

    # One method per way a connection can end.
    def normal(self, budget):
        self.handshake()
        self.think()
        r = budget - 7
        self.exchanges(3 if 0 < r < 3 else r)
        self.close()

    def closed_port(self, budget):
        self.add(self.t, 0, SYN, self.cnxt, 0, 64240, opt=OPT_SYN)
        self.t += self.rtt
        self.add(self.t, 1, RST | ACK, 0, self.cnxt + 1, 0, opt=OPT_NONE)

    def icmp_prohibited(self, budget):
        """SYN to a filtered port: a router answers each try with an ICMP error."""
        typ, code = (1, 1) if self.c.v6 else (3, 13)
        wait = 1000000
        for _ in range(3):
            self.add(self.t, 0, SYN, self.cnxt, 0, 64240, opt=OPT_SYN)
            self.icmp(self.t + self.rtt // 3, typ, code, len(self.pkts) - 1)
            self.t += wait
            wait *= 2

    def linger_abort(self, budget):
        self.handshake()
        self.think()
        quote = self.rng.random() < 0.15
        self.exchanges(max(3, budget - 4 - (1 if quote else 0)))
        if self.rng.random() < 0.5:
            self.add(self.t, 0, RST | ACK, self.cnxt, self.snxt, 0, opt=OPT_NONE)
            if quote:
                typ, code = (1, 3) if self.c.v6 else (3, 1)
                self.icmp(self.t + self.rtt // 3, typ, code, len(self.pkts) - 1)
        else:
            self.t += self.rtt // 2
            self.add(self.t, 1, RST | ACK, self.snxt, self.cnxt, 0, opt=OPT_NONE)

    def late_segment(self, budget):
        r = self.rng
        self.handshake()
        self.think()
        self.exchanges(max(3, budget - 7))
        self.add(self.t, 1, FIN | ACK, self.snxt, self.cnxt, 509)
        self.snxt += 1
        self.t += r.randint(20, 60)
        self.add(self.t, 0, ACK, self.cnxt, self.snxt, 502)
        self.t += r.randint(100, 20000)
        self.request()
        self.t += self.rtt
        self.add(self.t, 1, RST, self.snxt, 0, 0, opt=OPT_NONE)

    def rst_to_fin(self, budget):
        self.handshake()
        self.think()
        self.exchanges(max(3, budget - 5))
        self.add(self.t, 0, FIN | ACK, self.cnxt, self.snxt, 502)
        self.cnxt += 1
        self.t += self.rtt
        self.add(self.t, 1, RST | ACK, self.snxt, self.cnxt, 0, opt=OPT_NONE)

    def forged(self, budget):
        r = self.rng
        self.handshake()
        self.think()
        self.exchanges(max(3, budget - 7))
        self.request()
        self.t += self.rtt // 2
        real_ttl = self.c.server.ttl
        ttl = r.choice((real_ttl + r.randint(6, 20), max(2, real_ttl - r.randint(6, 20)), 250))
        self.add(self.t, 1, RST | ACK, self.snxt, self.cnxt, 0, opt=OPT_NONE,
                 special=('forged', min(255, ttl), r.getrandbits(16)))
        self.t += self.rtt // 2 + r.randint(100, 3000)
        seg = self.response_bytes(r.randint(200, self.c.mss))[:self.c.mss]
        self.add(self.t, 1, PSH | ACK, self.snxt, self.cnxt, 509, seg)
        self.snxt += len(seg)
        self.t += r.randint(20, 60)
        self.add(self.t, 0, RST, self.cnxt, 0, 0, opt=OPT_NONE)


class Writer:
    """Turns packet tuples into frames, keeping per-host IP IDs, and writes pcap."""

    def __init__(self, f):
        self.out = self.open(f)
        self.stats = {'rst_frames': 0, 'rst_frames_ipv6': 0, 'icmp_errors': 0,
                      'icmp_quoting_rst': 0, 'vlan_frames': 0, 'ipv6_frames': 0,
                      'forged_rst': 0}

    def open(self, f):
        return PcapWriter(f, LINKTYPE_ETHERNET)

    @property
    def count(self):
        return self.out.count

    def record(self, t, frame, iface=0):
        """One frame at time t (microseconds since the start) on capture point iface."""
        self.out.packet(EPOCH + t // 1000000, t % 1000000, frame)

    def crossed(self, conn, d, t, ip):
        """A TCP packet of direction d that went on past the client-side point (no second point here)."""

    def tcp_header(self, conn, d, p, tsval):
        _t, _d, flags, seq, ack, win, _pl, opt, _sp = p
        if opt == OPT_NONE:
            opts = b''
        elif opt == OPT_TS:
            opts = struct.pack('!BBBBII', 1, 1, 8, 10, tsval, conn.last_tsval[1 - d])
        elif opt == OPT_SYN:
            opts = struct.pack('!BBHBBBBIIBBBB', 2, 4, conn.mss + 12, 4, 2, 8, 10, tsval, 0,
                               1, 3, 3, 7)
        else:
            opts = struct.pack('!BBHBBBBIIBBBB', 2, 4, conn.mss + 12, 4, 2, 8, 10, tsval,
                               conn.last_tsval[0], 1, 3, 3, 7)
        sport, dport = (conn.sport, conn.dport) if d == 0 else (conn.dport, conn.sport)
        doff = (20 + len(opts)) // 4
        return struct.pack('!HHIIHHHH', sport, dport, seq, ack, (doff << 12) | flags,
                           win, 0, 0) + opts

    def ip_packet(self, src, dst, proto, payload, ttl, ip_id, df, v6, flow):
        if v6:
            return struct.pack('!IHBB', 0x60000000 | flow, len(payload), proto, ttl) + \
                src.addr + dst.addr + payload
        hdr = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), ip_id,
                          0x4000 if df else 0, ttl, proto, 0, src.addr, dst.addr)
        return hdr[:10] + struct.pack('!H', inet_checksum(hdr)) + hdr[12:] + payload

    def next_id(self, host):
        host.ip_id = (host.ip_id + 1) & 0xffff
        return host.ip_id

    def tcp_ip(self, conn, p, assign_ids=True):
        """The IP packet for a TCP packet tuple; updates IP IDs and timestamps."""
        t, d, flags, _seq, _ack, _win, payload, _opt, special = p
        src, dst = (conn.client, conn.server) if d == 0 else (conn.server, conn.client)
        tsval = (t // 1000 + src.ts_off) & 0xffffffff
        seg = self.tcp_header(conn, d, p, tsval) + payload
        if assign_ids and p[7] != OPT_NONE:
            conn.last_tsval[d] = tsval
        if special is not None and special[0] == 'forged':
            ttl, ip_id, df = special[1], special[2], False
        else:
            ttl = src.ttl
            ip_id = self.next_id(src) if assign_ids and not conn.v6 else 0
            df = True
        return self.ip_packet(src, dst, 6, seg, ttl, ip_id, df, conn.v6, conn.flow[d])

    def emit(self, conn, p, pkts, k, quoted):
        """Write packet k of a connection; keep its IP packet in quoted if an ICMP error quotes it."""
        t, d = p[0], p[1]
        special = p[8]
        if d == 2:
            _k, typ, code, qi = special
            quoted_p = pkts[qi]
            # The quoted packet as it left the client, with the IP ID it carried then.
            inner = quoted[qi]
            router = conn.router
            body = struct.pack('!BBHI', typ, code, 0, 0) + inner
            if conn.v6:
                pseudo = router.addr + conn.client.addr + struct.pack('!I3xB', len(body), 58)
                csum = inet_checksum(pseudo + body)
            else:
                csum = inet_checksum(body)
            body = body[:2] + struct.pack('!H', csum) + body[4:]
            proto = 58 if conn.v6 else 1
            ip = self.ip_packet(router, conn.client, proto, body, router.ttl,
                                0 if conn.v6 else self.next_id(router), False, conn.v6, 0)
            self.stats['icmp_errors'] += 1
            if quoted_p[2] & RST:
                self.stats['icmp_quoting_rst'] += 1
            mac_src, mac_dst = GATEWAY_MAC, conn.client.mac
        else:
            ip = self.tcp_ip(conn, p)
            if p[2] & RST:
                self.stats['rst_frames'] += 1
                if conn.v6:
                    self.stats['rst_frames_ipv6'] += 1
                if special is not None:
                    self.stats['forged_rst'] += 1
            if d == 0:
                mac_src, mac_dst = conn.client.mac, GATEWAY_MAC
            else:
                mac_src, mac_dst = GATEWAY_MAC, conn.client.mac
            if k in quoted:
                quoted[k] = ip
            elif special is None:
                self.crossed(conn, d, t, ip)
        etype = 0x86dd if conn.v6 else 0x0800
        if conn.v6:
            self.stats['ipv6_frames'] += 1
        vlan = conn.client.vlan
        if vlan:
            frame = mac_dst + mac_src + struct.pack('!HHH', 0x8100, vlan, etype) + ip
            self.stats['vlan_frames'] += 1
        else:
            frame = mac_dst + mac_src + struct.pack('!H', etype) + ip
        self.record(t, frame)

    def finish(self):
        self.out.flush()


class TwoPointWriter(Writer):
    """The same traffic at two points, a NAT between them: pcapng, one named interface each."""

    POINTS = ('client-side', 'server-side')

    def __init__(self, f):
        self.later = []          # heap of frames not yet final: (t, n, interface, frame)
        self.n = 0
        self.now = 0
        super().__init__(f)

    def open(self, f):
        return PcapngWriter(f, [(LINKTYPE_ETHERNET, name) for name in self.POINTS])

    @property
    def per_point(self):
        return self.out.per_interface

    def record(self, t, frame, iface=0):
        # Frames come in client-side time order, and a server-side frame is at most TRANSIT_US
        # earlier than its client-side one: whatever is due before now - TRANSIT_US is final.
        self.n += 1
        heapq.heappush(self.later, (t, self.n, iface, frame))
        if iface == 0:
            while self.later and self.later[0][0] < t - TRANSIT_US:
                lt, _n, li, lframe = heapq.heappop(self.later)
                self.write_epb(lt, lframe, li)

    def write_epb(self, t, frame, iface):
        self.out.packet(iface, EPOCH * 1000000 + t, frame)

    def crossed(self, conn, d, t, ip):
        ip = bytearray(ip)
        if conn.v6:
            caddr = 8 if d == 0 else 24
            ip[caddr:caddr + 16] = NAT_ADDR6
            ip[7] += -1 if d == 0 else 1
            tcp = 40
        else:
            caddr = 12 if d == 0 else 16
            ip[caddr:caddr + 4] = NAT_ADDR4
            ip[8] += -1 if d == 0 else 1
            ip[10:12] = b'\0\0'
            ip[10:12] = struct.pack('!H', inet_checksum(bytes(ip[:20])))
            tcp = 20
        port = tcp if d == 0 else tcp + 2
        ip[port:port + 2] = struct.pack('!H', conn.nat_port)
        etype = 0x86dd if conn.v6 else 0x0800
        if d == 0:
            frame = SERVER_GW_MAC + NAT_MAC + struct.pack('!H', etype) + bytes(ip)
        else:
            frame = NAT_MAC + SERVER_GW_MAC + struct.pack('!H', etype) + bytes(ip)
        self.record(t + TRANSIT_US if d == 0 else t - TRANSIT_US, frame, 1)

    def finish(self):
        while self.later:
            lt, _n, li, lframe = heapq.heappop(self.later)
            self.write_epb(lt, lframe, li)
        self.out.flush()


def make_hosts(rng, n, v6, prefix, ttls, vlan_share):
    hosts = []
    for i in range(n):
        if v6:
            addr = prefix + struct.pack('!Q', 0x1000 + i)
        else:
            addr = prefix + struct.pack('!H', i + 1)
        mac = bytes((0x02, 0x10 if v6 else 0x00)) + struct.pack('!I', i + 1)
        initial, hops = ttls(rng)
        vlan = 100 + rng.randint(0, 7) if rng.random() < vlan_share else 0
        h = Host(addr, v6, mac, initial - hops, rng.getrandbits(16), rng.getrandbits(32), vlan)
        h.next_port = rng.randint(32768, 60999)
        hosts.append(h)
    return hosts


def generate(packets, connections, seed, out_path, points=False):
    rng = random.Random(seed)
    n_clients = max(20, connections // 12)
    n_servers = max(10, connections // 100)

    def client_ttl(_r):
        return 64, 0

    def server_ttl(r):
        return (128 if r.random() < 0.3 else 64), r.randint(4, 14)

    def router_ttl(r):
        return 255 if r.random() < 0.5 else 64, r.randint(1, 3)

    c4 = make_hosts(rng, n_clients, False, bytes((10, 20)), client_ttl, VLAN_CLIENT_SHARE)
    c6 = make_hosts(rng, max(4, n_clients // 8), True,
                    bytes.fromhex('20010db8000100000000000000000000')[:8], client_ttl,
                    VLAN_CLIENT_SHARE)
    s4 = make_hosts(rng, n_servers, False, bytes((198, 18)), server_ttl, 0)
    s6 = make_hosts(rng, max(2, n_servers // 8), True,
                    bytes.fromhex('20010db8000200000000000000000000')[:8], server_ttl, 0)
    r4 = make_hosts(rng, 4, False, bytes((10, 255)), router_ttl, 0)
    r6 = make_hosts(rng, 4, True, bytes.fromhex('20010db8ffff00000000000000000000')[:8],
                    router_ttl, 0)

    duration_us = max(60, packets // 1700) * 1000000
    starts = sorted(rng.randrange(duration_us) for _ in range(connections))

    kinds = [k for k, _w in RESET_KINDS]
    weights = [w for _k, w in RESET_KINDS]
    kind_count = {k: 0 for k in kinds}
    kind_count['normal'] = 0
    kind_count['icmp-prohibited'] = 0
    min_normal = 7
    planned = 0

    def scripts():
        nonlocal planned
        for i, t0 in enumerate(starts):
            left = connections - i
            avg = (packets - planned) / left
            if left == 1:
                budget = max(min_normal, int(round(avg)))
            else:
                budget = max(min_normal, int(avg * rng.lognormvariate(-0.18, 0.6)))
            x = rng.random()
            if left == 1:
                kind = 'normal'
            elif x < RESET_SHARE:
                kind = rng.choices(kinds, weights)[0]
            elif x < RESET_SHARE + ICMP_PROHIBITED_SHARE:
                kind = 'icmp-prohibited'
            else:
                kind = 'normal'
            v6 = rng.random() < IPV6_SHARE
            client = rng.choice(c6 if v6 else c4)
            server = rng.choice(s6 if v6 else s4)
            router = rng.choice(r6 if v6 else r4)
            sport = client.next_port
            client.next_port = 32768 + (client.next_port - 32768 + rng.randint(1, 9)) % 28232
            if kind in ('closed-port', 'icmp-prohibited'):
                dport = rng.choice(CLOSED_PORTS)
            else:
                dport = 80 if rng.random() < 0.75 else 8080
            conn = Conn(client, server, sport, dport, router, rng, nat_port=1024 + i % 64000)
            s = ConnScript(conn, rng, t0, i)
            getattr(s, kind.replace('-', '_'))(budget)
            kind_count[kind] += 1
            planned += len(s.pkts)
            yield t0, i, conn, s.pkts, dict.fromkeys(s.quoted)

    with open(out_path, 'wb') as f:
        w = TwoPointWriter(f) if points else Writer(f)
        heap = []
        pending = scripts()
        nxt = next(pending, None)
        max_open = 0
        while heap or nxt is not None:
            # Open every connection whose first packet is due before the next queued packet.
            while nxt is not None and (not heap or nxt[0] <= heap[0][0]):
                t0, i, conn, pkts, quoted = nxt
                heapq.heappush(heap, (t0, i, 0, conn, pkts, quoted))
                nxt = next(pending, None)
            max_open = max(max_open, len(heap))
            t, i, k, conn, pkts, quoted = heapq.heappop(heap)
            w.emit(conn, pkts[k], pkts, k, quoted)
            if k + 1 < len(pkts):
                heapq.heappush(heap, (pkts[k + 1][0], i, k + 1, conn, pkts, quoted))
        w.finish()

    info = {
        'generator': 'tests/bench/gen_capture.py',
        'seed': seed,
        'packets_requested': packets,
        'packets': w.count,
        'connections': connections,
        'connections_by_kind': kind_count,
        'resets': sum(kind_count[k] for k in kinds),
        'max_open_connections': max_open,
        'duration_s': duration_us / 1e6,
        'ipv6_connections_share': IPV6_SHARE,
    }
    info.update(w.stats)
    if points:
        info['points'] = dict(zip(TwoPointWriter.POINTS, w.per_point))
        info['transit_us'] = TRANSIT_US
    return info


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('-o', '--output', required=True, help='pcap file to write')
    ap.add_argument('-p', '--packets', type=int, default=1000000,
                    help='packets to aim for (default 1000000); every connection needs at '
                         'least 7, so the capture grows when this is too small')
    ap.add_argument('-c', '--connections', type=int, default=25000,
                    help='TCP connections (default 25000)')
    ap.add_argument('-s', '--seed', type=int, default=20240401, help='random seed')
    ap.add_argument('--points', action='store_true',
                    help='write the same traffic at two capture points, a NAT between them (pcapng)')
    args = ap.parse_args()
    if args.connections < 1 or args.packets < 1:
        ap.error('packets and connections must be positive')
    info = generate(args.packets, args.connections, args.seed, args.output, args.points)
    with open(args.output + '.json', 'w') as f:
        json.dump(info, f, indent=2, sort_keys=True)
        f.write('\n')
    json.dump(info, sys.stdout, sort_keys=True)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
