# SPDX-License-Identifier: GPL-2.0-or-later
"""The one capture-file writer (and classic pcap reader) of rstan's tests, benchmark and
capture generators, standard library only.

  PcapWriter    classic pcap: little-endian, microsecond timestamps, one link type
  PcapngWriter  pcapng: one section, one interface description per capture point
                (link type and if_name), enhanced packet blocks in microseconds
  read_pcap     the records of a classic pcap written as above
  inet_checksum the Internet checksum (RFC 1071) of IPv4 headers and TCP segments

Both writers take a path or a file opened for binary writing, keep records in memory
and write them in batches (the benchmark writes millions), and are context managers.
tools/rstan-merge, a user's tool, reads and rewrites pcapng blocks itself: it runs
without the tests tree.
"""
import struct

LINKTYPE_NULL, LINKTYPE_ETHERNET, LINKTYPE_RAW = 0, 1, 101
PCAP_MAGIC = 0xa1b2c3d4                 # written little-endian: microsecond timestamps
SNAPLEN = 262144                        # Wireshark's default maximum
BATCH = 20000                           # records held before a write
US_PER_S = 1000000

BLOCK_SHB, BLOCK_IDB, BLOCK_EPB = 0x0A0D0D0A, 0x00000001, 0x00000006
BYTE_ORDER_MAGIC = 0x1A2B3C4D
OPT_ENDOFOPT, OPT_IF_NAME = 0, 2


def inet_checksum(data):
    """RFC 1071: the ones' complement of the ones' complement sum of 16-bit words."""
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


class _Batched:
    def __init__(self, out):
        self._own = isinstance(out, (str, bytes)) or hasattr(out, '__fspath__')
        self.f = open(out, 'wb') if self._own else out
        self.buf = []
        self.count = 0

    def _add(self, *parts):
        self.buf.extend(parts)
        self.count += 1
        if len(self.buf) >= BATCH:
            self.flush()

    def flush(self):
        self.f.write(b''.join(self.buf))
        self.buf = []

    def close(self):
        self.flush()
        if self._own:
            self.f.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class PcapWriter(_Batched):
    def __init__(self, out, linktype=LINKTYPE_ETHERNET, snaplen=SNAPLEN):
        super().__init__(out)
        self.f.write(struct.pack('<IHHiIII', PCAP_MAGIC, 2, 4, 0, 0, snaplen, linktype))

    def packet(self, sec, usec, frame):
        self._add(struct.pack('<IIII', sec, usec, len(frame), len(frame)), frame)

    def packet_at(self, t, frame):
        """One frame at t seconds (a float), rounded to the microsecond."""
        sec = int(t)
        usec = int(round((t - sec) * US_PER_S))
        if usec >= US_PER_S:
            sec, usec = sec + 1, usec - US_PER_S
        self.packet(sec, usec, frame)


def write_pcap(path, linktype, records):
    """A classic pcap of (sec, usec, frame) records."""
    with PcapWriter(path, linktype) as w:
        for sec, usec, frame in records:
            w.packet(sec, usec, frame)


def read_pcap(path):
    """(link type, [(sec, usec, frame)]) of a little-endian microsecond pcap."""
    with open(path, 'rb') as f:
        data = f.read()
    magic, = struct.unpack('<I', data[:4])
    if magic != PCAP_MAGIC:
        raise SystemExit('%s: only little-endian microsecond pcap is handled' % path)
    linktype, = struct.unpack('<I', data[20:24])
    off, recs = 24, []
    while off + 16 <= len(data):
        sec, usec, incl, _orig = struct.unpack('<IIII', data[off:off + 16])
        recs.append((sec, usec, data[off + 16:off + 16 + incl]))
        off += 16 + incl
    return linktype, recs


def _block(btype, body):
    body += b'\0' * (-len(body) % 4)
    return struct.pack('<II', btype, len(body) + 12) + body + struct.pack('<I', len(body) + 12)


class PcapngWriter(_Batched):
    """interfaces: [(link type, if_name or None)], one per capture point, in id order."""

    def __init__(self, out, interfaces, snaplen=SNAPLEN):
        super().__init__(out)
        self.per_interface = [0] * len(interfaces)
        # section length -1: not known in advance
        end = struct.pack('<HH', OPT_ENDOFOPT, 0)
        self.f.write(_block(BLOCK_SHB, struct.pack('<IHHq', BYTE_ORDER_MAGIC, 1, 0, -1) + end))
        for linktype, name in interfaces:
            opts = b''
            if name is not None:
                raw = name.encode('utf-8')
                opts = struct.pack('<HH', OPT_IF_NAME, len(raw)) + raw + b'\0' * (-len(raw) % 4)
            self.f.write(_block(BLOCK_IDB, struct.pack('<HHI', linktype, 0, snaplen) + opts + end))

    def packet(self, iface, ts_us, frame):
        """One frame on interface iface at ts_us microseconds since the epoch."""
        self._add(_block(BLOCK_EPB, struct.pack('<IIIII', iface, ts_us >> 32, ts_us & 0xffffffff,
                                                len(frame), len(frame)) + frame))
        self.per_interface[iface] += 1
