# SPDX-License-Identifier: GPL-2.0-or-later
"""A minimal inline consumer of a netfilter queue (nfnetlink_queue over a raw netlink socket).

The kernel hands every packet that an iptables NFQUEUE rule queues to this socket and holds
it until a verdict comes back (NF_ACCEPT or NF_DROP), as it does for an inline IPS bound to
the queue.  Message layouts from the kernel's uapi headers linux/netfilter/nfnetlink.h and
linux/netfilter/nfnetlink_queue.h; no library needed.
"""
import select
import socket
import struct
import threading

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET, NFQNL_MSG_VERDICT, NFQNL_MSG_CONFIG = 0, 1, 2
NFQA_CFG_CMD, NFQA_CFG_PARAMS = 1, 2
NFQNL_CFG_CMD_BIND = 1
NFQNL_COPY_PACKET = 2
NFQA_PACKET_HDR, NFQA_VERDICT_HDR, NFQA_PAYLOAD = 1, 2, 10
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
NF_DROP, NF_ACCEPT = 0, 1


def _attr(kind, data):
    a = struct.pack('=HH', 4 + len(data), kind) + data
    return a + b'\0' * (-len(a) % 4)


def _attrs(buf):
    out, i = {}, 0
    while i + 4 <= len(buf):
        ln, kind = struct.unpack_from('=HH', buf, i)
        if ln < 4:
            break
        out[kind & 0x7fff] = buf[i + 4:i + ln]
        i += (ln + 3) & ~3
    return out


class Queue:
    """Binds queue `num`; judge(ip_packet_bytes) -> True to let the packet pass, False to drop it."""

    def __init__(self, num, judge):
        self.num, self.judge, self.seq = num, judge, 0
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
        self.sock.bind((0, 0))
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        self._config(_attr(NFQA_CFG_CMD, struct.pack('=BxH', NFQNL_CFG_CMD_BIND, 0)))
        self._config(_attr(NFQA_CFG_PARAMS, struct.pack('>IB', 0xffff, NFQNL_COPY_PACKET)))
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _send(self, msg, payload, flags=NLM_F_REQUEST):
        self.seq += 1
        body = struct.pack('=BBH', socket.AF_UNSPEC, 0, socket.htons(self.num)) + payload
        self.sock.send(struct.pack('=IHHII', 16 + len(body), (NFNL_SUBSYS_QUEUE << 8) | msg,
                                   flags, self.seq, 0) + body)

    def _config(self, payload):
        self._send(NFQNL_MSG_CONFIG, payload, NLM_F_REQUEST | NLM_F_ACK)
        data = self.sock.recv(65536)
        ln, kind = struct.unpack_from('=IH', data, 0)
        if kind == NLMSG_ERROR:
            err = struct.unpack_from('=i', data, 16)[0]
            if err:
                raise OSError(-err, 'nfnetlink_queue config refused')

    def _loop(self):
        while not self.stop.is_set():
            r, _, _ = select.select([self.sock], [], [], 0.1)
            if not r:
                continue
            data = self.sock.recv(1 << 17)
            i = 0
            while i + 16 <= len(data):
                ln, kind = struct.unpack_from('=IH', data, i)
                if ln < 16:
                    break
                if kind == (NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET:
                    a = _attrs(data[i + 20:i + ln])
                    pid = struct.unpack_from('>I', a[NFQA_PACKET_HDR], 0)[0]
                    ok = self.judge(a.get(NFQA_PAYLOAD, b''))
                    self._send(NFQNL_MSG_VERDICT,
                               _attr(NFQA_VERDICT_HDR, struct.pack('>II', NF_ACCEPT if ok else NF_DROP, pid)))
                i += (ln + 3) & ~3

    def close(self):
        self.stop.set()
        self.thread.join(timeout=2)
        self.sock.close()
