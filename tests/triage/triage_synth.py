# SPDX-License-Identifier: GPL-2.0-or-later
"""A small capture with resets of several kinds, written with the standard
library only, so that the triage tests always have something to chew on even
when the capture corpus is empty.

It holds IPv4 and IPv6 connections: an aborted exchange, a closed port, a
reset with the server's address but not its TTL or IP ID (both after a SYN and
in the middle of a transfer, with packets following it), a reset answering a
FIN, and a segment arriving after a close.
"""
import ipaddress
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from pcapfile import PcapWriter, inet_checksum  # noqa: E402

ETH_DST = bytes.fromhex('02fc00000005')
ETH_SRC = bytes.fromhex('02fc00000001')
SNAPLEN = 65535


class Writer:
    """Ethernet frames of IPv4 or IPv6 TCP segments, one per packet, into a pcap."""

    FLAGS = {'F': 0x01, 'S': 0x02, 'R': 0x04, 'P': 0x08, 'A': 0x10}

    def __init__(self, path):
        self.pcap = PcapWriter(path, snaplen=SNAPLEN)
        self.t = 1000.0

    def close(self):
        self.pcap.close()

    def tcp(self, src, dst, sport, dport, flags, seq, ack=0, win=64240, payload=b'',
            ttl=64, ipid=0, gap=0.001):
        self.t += gap
        fl = sum(self.FLAGS[c] for c in flags)
        hdr = struct.pack('!HHIIBBHHH', sport, dport, seq & 0xffffffff, ack & 0xffffffff,
                          5 << 4, fl, win, 0, 0)
        seg = hdr + payload
        if ':' in src:
            frame = self._ipv6(src, dst, seg, ttl)
        else:
            frame = self._ipv4(src, dst, seg, ttl, ipid)
        self.pcap.packet_at(self.t, frame)

    def _ipv4(self, src, dst, seg, ttl, ipid):
        s = bytes(int(x) for x in src.split('.'))
        d = bytes(int(x) for x in dst.split('.'))
        pseudo = s + d + struct.pack('!BBH', 0, 6, len(seg))
        seg = seg[:16] + struct.pack('!H', inet_checksum(pseudo + seg)) + seg[18:]
        ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(seg), ipid, 0x4000, ttl, 6, 0, s, d)
        ip = ip[:10] + struct.pack('!H', inet_checksum(ip)) + ip[12:]
        return ETH_DST + ETH_SRC + b'\x08\x00' + ip + seg

    def _ipv6(self, src, dst, seg, hlim):
        s = ipaddress.IPv6Address(src).packed
        d = ipaddress.IPv6Address(dst).packed
        pseudo = s + d + struct.pack('!IxxxB', len(seg), 6)
        seg = seg[:16] + struct.pack('!H', inet_checksum(pseudo + seg)) + seg[18:]
        ip = struct.pack('!IHBB16s16s', 6 << 28, len(seg), 6, hlim, s, d)
        return ETH_DST + ETH_SRC + b'\x86\xdd' + ip + seg


class Peer:
    """One endpoint: its address, TTL as seen at the capture point and IP ID counter."""

    def __init__(self, addr, ttl, ipid):
        self.addr, self.ttl, self.ipid = addr, ttl, ipid

    def next_id(self):
        self.ipid = (self.ipid + 1) & 0xffff
        return self.ipid


def write(path):
    w = Writer(path)
    for fam, (ca, sa) in ((4, ('198.18.1.2', '198.18.2.2')), (6, ('2001:db8:1::2', '2001:db8:2::2'))):
        c = Peer(ca, 64, 100)
        s = Peer(sa, 63, 200)
        base = 40000 if fam == 4 else 41000

        def send(p, q, sp, dp, flags, seq, ack=0, payload=b'', win=64240, ttl=None, ipid=None,
                 gap=0.001):
            w.tcp(p.addr, q.addr, sp, dp, flags, seq, ack, win, payload,
                  ttl=p.ttl if ttl is None else ttl, ipid=p.next_id() if ipid is None else ipid,
                  gap=gap)

        def handshake(cp, sp, ci, si):
            send(c, s, cp, sp, 'S', ci)
            send(s, c, sp, cp, 'SA', si, ci + 1)
            send(c, s, cp, sp, 'A', ci + 1, si + 1)

        # 1. the server aborts after answering a request
        cp, sp, ci, si = base, 80, 1000, 5000
        handshake(cp, sp, ci, si)
        req = b'GET / HTTP/1.0\r\n\r\n'
        send(c, s, cp, sp, 'PA', ci + 1, si + 1, req)
        send(s, c, sp, cp, 'A', si + 1, ci + 1 + len(req))
        send(s, c, sp, cp, 'PA', si + 1, ci + 1 + len(req), b'HTTP/1.0 200 OK\r\n\r\n')
        send(c, s, cp, sp, 'A', ci + 1 + len(req), si + 20)
        send(s, c, sp, cp, 'RA', si + 20, ci + 1 + len(req), win=0)

        # 2. closed port
        send(c, s, base + 1, 81, 'S', 7000)
        send(s, c, 81, base + 1, 'RA', 0, 7001, win=0, ipid=0)

        # 3. a reset after a SYN that does not look like the server's
        send(c, s, base + 2, 82, 'S', 9000)
        send(s, c, 82, base + 2, 'RA', 0, 9001, win=0, ttl=64, ipid=0)

        # 4. a reset in the middle of a transfer, then the server carries on
        cp, sp, ci, si = base + 3, 443, 20000, 60000
        handshake(cp, sp, ci, si)
        send(c, s, cp, sp, 'PA', ci + 1, si + 1, b'x' * 100)
        send(s, c, sp, cp, 'A', si + 1, ci + 101)
        send(s, c, sp, cp, 'PA', si + 1, ci + 101, b'y' * 500)
        send(s, c, sp, cp, 'R', si + 501, 0, win=0, ttl=s.ttl + 7, ipid=0x1234)
        send(s, c, sp, cp, 'PA', si + 501, ci + 101, b'z' * 500)
        send(c, s, cp, sp, 'A', ci + 101, si + 1001)
        send(c, s, cp, sp, 'FA', ci + 101, si + 1001)
        send(s, c, sp, cp, 'FA', si + 1001, ci + 102)
        send(c, s, cp, sp, 'A', ci + 102, si + 1002)

        # 5. a reset answering the client's FIN
        cp, sp, ci, si = base + 4, 8080, 30000, 70000
        handshake(cp, sp, ci, si)
        send(c, s, cp, sp, 'PA', ci + 1, si + 1, b'ping')
        send(s, c, sp, cp, 'PA', si + 1, ci + 5, b'pong')
        send(c, s, cp, sp, 'FA', ci + 5, si + 5)
        send(s, c, sp, cp, 'RA', si + 5, ci + 6, win=0)

        # 6. the client closes, then a late segment from the server meets a reset
        cp, sp, ci, si = base + 5, 25, 40000, 80000
        handshake(cp, sp, ci, si)
        send(c, s, cp, sp, 'FA', ci + 1, si + 1)
        send(s, c, sp, cp, 'A', si + 1, ci + 2)
        send(s, c, sp, cp, 'PA', si + 1, ci + 2, b'late data', gap=0.5)
        send(c, s, cp, sp, 'R', ci + 2, 0, win=0)
    w.close()


if __name__ == '__main__':
    write(sys.argv[1])
