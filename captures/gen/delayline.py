# SPDX-License-Identifier: GPL-2.0-or-later
"""A delay line: a long path for the lab, whose kernel has no netem.

Run inside a namespace that holds two interfaces, each one end of a veth
pair whose other end is a router or host of the lab. Every Ethernet frame
that arrives on one interface leaves on the other, unchanged, DELAY_MS
later: to the lab's stacks the link is a plain wire with a long one-way
delay (a bridge does not touch the IP header, so no hop is added).

    python3 delayline.py IFACE_A IFACE_B DELAY_MS

The lab turns transmit checksum offload off on every interface before it
starts this: a frame read here must carry its finished checksums, since it
is sent on as raw bytes.
"""
import heapq
import select
import socket
import sys
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


def open_port(name):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.bind((name, ETH_P_ALL))
    s.setblocking(False)
    return s


def relay(a, b, delay):
    ports = {a: open_port(a), b: open_port(b)}
    other = {ports[a]: ports[b], ports[b]: ports[a]}
    due = []            # (time to send, arrival order, port to send on, frame)
    n = 0
    sys.stdout.write('ready\n')
    sys.stdout.flush()
    while True:
        wait = max(0.0, due[0][0] - time.monotonic()) if due else None
        readable, _, _ = select.select(list(other), [], [], wait)
        for port in readable:
            while True:
                try:
                    frame, addr = port.recvfrom(65536)
                except BlockingIOError:
                    break
                if addr[2] == PACKET_OUTGOING:      # our own sends, seen again
                    continue
                heapq.heappush(due, (time.monotonic() + delay, n, other[port], frame))
                n += 1
        now = time.monotonic()
        while due and due[0][0] <= now:
            _, _, port, frame = heapq.heappop(due)
            try:
                port.send(frame)
            except OSError:
                pass        # the lab is being torn down


if __name__ == '__main__':
    relay(sys.argv[1], sys.argv[2], float(sys.argv[3]) / 1000.0)
