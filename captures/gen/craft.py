# SPDX-License-Identifier: GPL-2.0-or-later
"""Whole-pcap crafting and link-layer conversions for the rstan corpus.

  craft.py win-rto OUTDIR           Windows-style reset after 5 retransmissions (crafted)
  craft.py win-fin-rto OUTDIR       Windows-style reset after a minute of FIN retransmissions (crafted)
  craft.py bsd-abort OUTDIR         FreeBSD/macOS-style abort after a response: window 0 (crafted)
  craft.py relink IN OUT rawip|null strip Ethernet: raw IP (LINKTYPE_RAW) or BSD loopback
  craft.py seqshift IN OUT DC DS PORT[,PORT..]
                                    a sequence-number-shifting firewall's view (see seq_shift)
"""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', '..', 'tests'))
from pcapfile import LINKTYPE_ETHERNET, LINKTYPE_NULL, LINKTYPE_RAW, PcapWriter, inet_checksum, read_pcap, write_pcap  # noqa: E402

# The snap length the crafted whole captures declare (the classic 65535).
CRAFTED_SNAPLEN = 65535


def relink(src, dst, kind):
    linktype, recs = read_pcap(src)
    assert linktype == LINKTYPE_ETHERNET, 'expects Ethernet input'
    out = []
    for sec, usec, frame in recs:
        etype, = struct.unpack('!H', frame[12:14])
        payload = frame[14:]
        if kind == 'null':
            af = 2 if etype == 0x0800 else 30     # AF_INET, AF_INET6 (BSD value 30 as on macOS/FreeBSD)
            payload = struct.pack('<I', af) + payload
        out.append((sec, usec, payload))
    write_pcap(dst, LINKTYPE_RAW if kind == 'rawip' else LINKTYPE_NULL, out)


def shift_tcp(frame, server_ports, dc, ds):
    """One Ethernet frame as a firewall that adds dc to the client's sequence numbers and ds to
    the server's would pass it on: seq, ack and SACK blocks, TCP checksum recomputed."""
    etype, = struct.unpack('!H', frame[12:14])
    ip = 14
    if etype == 0x0800 and frame[ip + 9] == 6:
        th = ip + (frame[ip] & 0x0f) * 4
        tot, = struct.unpack('!H', frame[ip + 2:ip + 4])
        end = ip + tot
        pseudo = frame[ip + 12:ip + 20] + struct.pack('!BBH', 0, 6, end - th)
    elif etype == 0x86dd and frame[ip + 6] == 6:
        th = ip + 40
        plen, = struct.unpack('!H', frame[ip + 4:ip + 6])
        end = th + plen
        pseudo = frame[ip + 8:ip + 40] + struct.pack('!IxxxB', plen, 6)
    else:
        return frame
    seg = bytearray(frame[th:end])
    sport, dport, seq, ack, offflags = struct.unpack('!HHIIH', seg[:14])
    from_server = sport in server_ports
    own, other = (ds, dc) if from_server else (dc, ds)
    struct.pack_into('!I', seg, 4, (seq + own) & 0xffffffff)
    if offflags & 0x10:                                   # ACK: the peer's sequence space
        struct.pack_into('!I', seg, 8, (ack + other) & 0xffffffff)
    hl = (offflags >> 12) * 4
    o = 20
    while o < hl:
        kind = seg[o]
        if kind == 0:
            break
        if kind == 1:
            o += 1
            continue
        ln = seg[o + 1]
        if ln < 2:
            break
        if kind == 5:                                     # SACK blocks: the peer's sequence space
            for b in range(o + 2, o + ln - 7, 8):
                left, right = struct.unpack_from('!II', seg, b)
                struct.pack_into('!II', seg, b, (left + other) & 0xffffffff, (right + other) & 0xffffffff)
        o += ln
    struct.pack_into('!H', seg, 16, 0)
    struct.pack_into('!H', seg, 16, inet_checksum(pseudo + bytes(seg)))
    return frame[:th] + bytes(seg) + frame[end:]


def seq_shift(src, dst, dc, ds, server_ports):
    """Rewrites a real Ethernet capture as seen behind a firewall that randomises initial
    sequence numbers (as Cisco ASA does): a constant offset per direction, applied to seq, to
    the other direction's ack and to SACK blocks. Crafted: no Linux stack or tool does it."""
    linktype, recs = read_pcap(src)
    assert linktype == LINKTYPE_ETHERNET, 'expects Ethernet input'
    write_pcap(dst, linktype, [(sec, usec, shift_tcp(frame, server_ports, dc, ds)) for sec, usec, frame in recs])


def win_rto(outdir, fam, fin=False):
    """A Windows host (initial TTL 128) uploads, gets no ACKs, retransmits 5 times
    with doubling backoff and then aborts with RST+ACK, seq = its next sequence number.
    With fin: the upload is acknowledged, the host closes, and its FIN goes unanswered:
    7 FIN retransmissions from 0.5 s doubling (63.5 s), then the same RST+ACK.
    Capture point: on the Windows client's own link (its packets carry TTL 128)."""
    from scapy.layers.l2 import Ether
    from scapy.layers.inet import IP, TCP
    from scapy.layers.inet6 import IPv6
    C, S = ('198.18.1.2', '198.18.2.2') if fam == 4 else ('2001:db8:1::2', '2001:db8:2::2')
    cm, sm = '02:00:5e:00:00:01', '02:00:5e:00:00:02'
    cp, sp = 50123, 8080
    cisn, sisn = 0x3a4b5c6d, 0x7e8f9001
    ipid = [0x1200]

    def pkt(fromc, flags, seq, ack, payload=b'', opts=(), win=None):
        if fam == 4:
            if fromc:
                ipid[0] += 1
                ip = IP(src=C, dst=S, ttl=128, id=ipid[0], flags='DF')
            else:
                ip = IP(src=S, dst=C, ttl=62, id=0, flags='DF')
        else:
            ip = IPv6(src=C, dst=S, hlim=128) if fromc else IPv6(src=S, dst=C, hlim=62)
        t = TCP(sport=cp if fromc else sp, dport=sp if fromc else cp, flags=flags, seq=seq, ack=ack,
                window=win if win is not None else (64240 if fromc else 65160), options=list(opts))
        e = Ether(src=cm, dst=sm) if fromc else Ether(src=sm, dst=cm)
        p = e / ip / t
        if payload:
            p = p / payload
        return p

    t0 = 1700000000.0
    pk = []

    def at(t, p):
        p.time = t0 + t
        pk.append(p)

    at(0.000, pkt(True, 'S', cisn, 0, opts=[('MSS', 1460), ('NOP', None), ('WScale', 8),
                                            ('NOP', None), ('NOP', None), ('SAckOK', b'')], win=64240))
    at(0.021, pkt(False, 'SA', sisn, cisn + 1, opts=[('MSS', 1460), ('NOP', None), ('NOP', None),
                                                    ('SAckOK', b''), ('NOP', None), ('WScale', 7)]))
    at(0.021, pkt(True, 'A', cisn + 1, sisn + 1, win=1026))
    hdr = b'PUT /upload/report.bin HTTP/1.1\r\nHost: files.example\r\nContent-Length: 2000\r\n\r\n'
    at(0.022, pkt(True, 'PA', cisn + 1, sisn + 1, hdr, win=1026))
    at(0.043, pkt(False, 'A', sisn + 1, cisn + 1 + len(hdr), win=509))
    data = b'R' * 1000
    s1 = cisn + 1 + len(hdr)
    at(0.050, pkt(True, 'PA', s1, sisn + 1, data, win=1026))
    if fin:
        at(0.071, pkt(False, 'A', sisn + 1, s1 + len(data), win=509))
        args, flags, t, rto, n = (s1 + len(data), sisn + 1), 'FA', 0.080, 0.5, 7
        at(t, pkt(True, flags, *args, win=1026))
        end = s1 + len(data) + 1
    else:
        # no ACK ever comes back: 5 retransmissions with doubling backoff
        args, flags, t, rto, n = (s1, sisn + 1, data), 'PA', 0.050, 0.3, 5
        end = s1 + len(data)
    for i in range(n):
        t += rto
        at(t, pkt(True, flags, *args, win=1026))
        rto *= 2
    t += rto
    at(t, pkt(True, 'RA', end, sisn + 1, win=0))
    name = os.path.join(outdir, 'win-%srto-crafted.v%d.client.pcap' % ('fin-' if fin else '', fam))
    with PcapWriter(name, LINKTYPE_ETHERNET, CRAFTED_SNAPLEN) as w:
        for p in pk:
            w.packet_at(float(p.time), bytes(p))
    return name, dict(src=C, dst=S, sport=cp, dport=sp, flags=0x14, seq=end & 0xffffffff)


def bsd_abort(outdir, fam):
    """A FreeBSD or macOS client (initial TTL 64, one sequential IP ID counter) sends a request,
    reads the response, acknowledges it and 0.3 s later aborts (SO_LINGER 0): RST+ACK at its
    next sequence number with a window of 0, which the BSDs put on every reset (FreeBSD
    tcp_output: "If a RST segment is sent, advertise a window of zero"). The server is a Linux
    host one hop away. Capture point: the client's own link."""
    from scapy.layers.l2 import Ether
    from scapy.layers.inet import IP, TCP
    from scapy.layers.inet6 import IPv6
    C, S = ('198.18.1.2', '198.18.2.2') if fam == 4 else ('2001:db8:1::2', '2001:db8:2::2')
    cm, sm = '02:00:5e:00:00:01', '02:00:5e:00:00:02'
    cp, sp = 61044, 8080
    cisn, sisn = 0x51c3e2a7, 0x0b9d4410
    ipid = [0x4f20, 0x8a01]

    def pkt(fromc, flags, seq, ack, payload=b'', opts=(), win=None):
        if fam == 4:
            ipid[0 if fromc else 1] += 1
            ip = IP(src=C, dst=S, ttl=64, id=ipid[0], flags='DF') if fromc else \
                IP(src=S, dst=C, ttl=63, id=ipid[1], flags='DF')
        else:
            ip = IPv6(src=C, dst=S, hlim=64) if fromc else IPv6(src=S, dst=C, hlim=63)
        t = TCP(sport=cp if fromc else sp, dport=sp if fromc else cp, flags=flags, seq=seq, ack=ack,
                window=win if win is not None else (65535 if fromc else 65160), options=list(opts))
        e = Ether(src=cm, dst=sm) if fromc else Ether(src=sm, dst=cm)
        return e / ip / t / payload if payload else e / ip / t

    t0 = 1700000500.0
    pk = []

    def at(t, p):
        p.time = t0 + t
        pk.append(p)

    at(0.000, pkt(True, 'S', cisn, 0, opts=[('MSS', 1460), ('NOP', None), ('WScale', 6), ('SAckOK', b''),
                                            ('Timestamp', (1200, 0))]))
    at(0.001, pkt(False, 'SA', sisn, cisn + 1, opts=[('MSS', 1460), ('SAckOK', b''), ('Timestamp', (9000, 1200)),
                                                    ('NOP', None), ('WScale', 7)]))
    at(0.001, pkt(True, 'A', cisn + 1, sisn + 1, win=2058, opts=[('NOP', None), ('NOP', None), ('Timestamp', (1201, 9000))]))
    req = b'GET /index.html HTTP/1.1\r\nHost: service.example\r\n\r\n'
    at(0.002, pkt(True, 'PA', cisn + 1, sisn + 1, req, win=2058,
                  opts=[('NOP', None), ('NOP', None), ('Timestamp', (1202, 9000))]))
    rsp = b'HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\nhello world\n'
    at(0.003, pkt(False, 'PA', sisn + 1, cisn + 1 + len(req), rsp, win=502,
                  opts=[('NOP', None), ('NOP', None), ('Timestamp', (9001, 1202))]))
    nxt, rcv = cisn + 1 + len(req), sisn + 1 + len(rsp)
    at(0.004, pkt(True, 'A', nxt, rcv, win=2058, opts=[('NOP', None), ('NOP', None), ('Timestamp', (1203, 9001))]))
    at(0.304, pkt(True, 'RA', nxt, rcv, win=0))
    name = os.path.join(outdir, 'bsd-abort-crafted.v%d.client.pcap' % fam)
    with PcapWriter(name, LINKTYPE_ETHERNET, CRAFTED_SNAPLEN) as w:
        for p in pk:
            w.packet_at(float(p.time), bytes(p))
    return name, dict(src=C, dst=S, sport=cp, dport=sp, flags=0x14, seq=nxt & 0xffffffff)


def main():
    if sys.argv[1] == 'relink':
        relink(sys.argv[2], sys.argv[3], sys.argv[4])
    elif sys.argv[1] == 'seqshift':
        seq_shift(sys.argv[2], sys.argv[3], int(sys.argv[4], 0), int(sys.argv[5], 0),
                  {int(p) for p in sys.argv[6].split(',')})
    elif sys.argv[1] == 'win-rto':
        import expect
        outdir = sys.argv[2]
        for fam in (4, 6):
            name, f = win_rto(outdir, fam)
            f.update(phase='established', cause='retransmission-timeout', origin='client', verdict='genuine',
                     origin_pass1='', verdict_pass1='', cause_pass1='',
                     note='Windows-style: TTL-128 sender retransmits 5 times (0.3..4.8 s backoff), then RST+ACK seq=snd_nxt')
            meta = {'forged': [f]}
            expect.write_expected(name, 'client', meta, lambda m, r, p: None)
    elif sys.argv[1] == 'bsd-abort':
        import expect
        for fam in (4, 6):
            name, f = bsd_abort(sys.argv[2], fam)
            f.update(phase='established', cause='app-abort', origin='client', verdict='genuine',
                     origin_pass1='', verdict_pass1='', cause_pass1='',
                     note='FreeBSD/macOS-style: the client read the response and aborts (SO_LINGER 0): '
                          'RST+ACK seq=snd_nxt, window 0 as on every BSD reset (not unread data)')
            expect.write_expected(name, 'client', {'forged': [f]}, lambda m, r, p: None)
    elif sys.argv[1] == 'win-fin-rto':
        import expect
        name, f = win_rto(sys.argv[2], 4, fin=True)
        f.update(phase='teardown', cause='retransmission-timeout', origin='client', verdict='genuine',
                 origin_pass1='', verdict_pass1='', cause_pass1='',
                 note='Windows-style: TTL-128 host closes, retransmits its FIN 7 times over 63.5 s '
                      '(0.5..32 s backoff), then gives up with RST+ACK seq=snd_nxt (after the FIN)')
        expect.write_expected(name, 'client', {'forged': [f]}, lambda m, r, p: None)


if __name__ == '__main__':
    main()
