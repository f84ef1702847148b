# SPDX-License-Identifier: GPL-2.0-or-later
"""Small network lab for the rstan capture corpus.

One Python process drives a whole scenario: it creates the namespaces,
switches its own thread between them with setns(2) (a socket stays in the
namespace it was created in), starts tcpdump in the client and server
namespaces, runs the real socket programs and removes everything again.
"""
import ctypes
import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import time

CLONE_NEWNET = 0x40000000
_libc = ctypes.CDLL(None, use_errno=True)
ETH_P_ALL = 0x0003


class Stop(Exception):
    pass


def _on_signal(signum, frame):
    raise Stop('signal %d' % signum)


signal.signal(signal.SIGTERM, _on_signal)
signal.signal(signal.SIGINT, _on_signal)


def run(cmd, check=True, quiet=False):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=20)
    if check and r.returncode != 0:
        raise RuntimeError('%s failed: %s' % (' '.join(cmd), r.stderr.strip()))
    return r.stdout


def have(prog):
    for d in os.environ.get('PATH', '/usr/sbin:/usr/bin:/sbin:/bin').split(':') + ['/usr/sbin', '/sbin']:
        if os.access(os.path.join(d, prog), os.X_OK):
            return True
    return False


def mac(link, side):
    return '02:00:5e:00:%02x:%02x' % (link, side)


class Lab:
    """A chain  c - [a1..aL] - r1 - [r2..] - s  of namespaces.

    r1 is the 'device' router (firewall, NAT, injector). Every router
    forwards, so TTL / hop limit drops by one per router. With delay_ms, the
    last link (into s) runs through a delay line (delayline.py in a namespace
    of its own, a wire with that one-way delay): a far server.
    """

    def __init__(self, prefix, fam, left=0, right=0, delay_ms=0):
        self.fam = fam
        self.delay_ms = delay_ms
        self.af = socket.AF_INET if fam == 4 else socket.AF_INET6
        self.nft_ip = 'ip' if fam == 4 else 'ip6'    # nftables' keyword for the IP header
        self.nodes = (['c'] + ['a%d' % i for i in range(1, left + 1)] + ['r1']
                      + ['r%d' % i for i in range(2, right + 2)] + ['s'])
        self.ns = {n: '%s-%s' % (prefix, n) for n in self.nodes}
        self.nlinks = len(self.nodes) - 1
        self.addr = {}      # (node, iface) -> (v4, v6)
        self.macs = {}      # (node, iface) -> mac
        self.captures = []
        self.procs = []
        self.created = []
        self.ethtool = have('ethtool')
        self.override = {}   # (node, fam) -> address used by the scenario

    # ---- namespaces -------------------------------------------------
    def enter(self, node):
        fd = os.open('/run/netns/' + self.ns[node], os.O_RDONLY)
        try:
            if _libc.setns(fd, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), 'setns ' + self.ns[node])
        finally:
            os.close(fd)

    def sysctl(self, node, key, value):
        self.enter(node)
        with open('/proc/sys/' + key.replace('.', '/'), 'w') as f:
            f.write(str(value))

    def sh(self, node, cmd, check=True):
        self.enter(node)
        return run(cmd, check=check)

    def nft(self, node, script):
        # one statement per line: this nft version wants newlines around chain blocks
        script = script.replace('{ ', '{\n').replace('; ', '\n').replace('} }', '}\n}\n') + '\n'
        self.enter(node)
        r = subprocess.run(['nft', '-f', '-'], input=script, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20)
        if r.returncode != 0:
            raise RuntimeError('nft: ' + r.stderr)

    @staticmethod
    def subnet(i, n):
        if i == 0:
            return '198.18.1', '2001:db8:1::'
        if i == n - 1:
            return '198.18.2', '2001:db8:2::'
        return '198.18.%d' % (10 + i), '2001:db8:1%d::' % i

    def hostids(self, i):
        if i == 0:
            return 2, 1          # client .2, its router .1
        return 1, 2              # left .1, right .2 (server is .2)

    def build(self):
        n = self.nlinks
        for node in self.nodes:
            run(['ip', 'netns', 'add', self.ns[node]])
            self.created.append(self.ns[node])
            self.enter(node)
            for k, v in (('net.ipv6.conf.default.accept_dad', 0),
                         ('net.ipv6.conf.all.accept_dad', 0),
                         ('net.ipv6.conf.default.accept_ra', 0),
                         ('net.ipv6.conf.default.router_solicitations', 0)):
                self.sysctl(node, k, v)
            run(['ip', 'link', 'set', 'lo', 'up'])
            if node not in ('c', 's'):
                self.sysctl(node, 'net.ipv4.ip_forward', 1)
                self.sysctl(node, 'net.ipv6.conf.all.forwarding', 1)
        for i in range(n):
            left, right = self.nodes[i], self.nodes[i + 1]
            lm, rm = mac(i, 1), mac(i, 2)
            if self.delay_ms and i == n - 1:
                self.delay_line(left, lm, right, rm)
            else:
                self.enter(left)
                run(['ip', 'link', 'add', 'e1', 'address', lm, 'type', 'veth', 'peer',
                     'name', 'e0', 'address', rm, 'netns', self.ns[right]])
            self.macs[(left, 'e1')] = lm
            self.macs[(right, 'e0')] = rm
            s4, s6 = self.subnet(i, n)
            li, ri = self.hostids(i)
            self.addr[(left, 'e1')] = ('%s.%d' % (s4, li), '%s%d' % (s6, li))
            self.addr[(right, 'e0')] = ('%s.%d' % (s4, ri), '%s%d' % (s6, ri))
        for i in range(n):
            for node, ifc in ((self.nodes[i], 'e1'), (self.nodes[i + 1], 'e0')):
                self.enter(node)
                a4, a6 = self.addr[(node, ifc)]
                run(['ip', 'addr', 'add', a4 + '/24', 'dev', ifc])
                run(['ip', 'addr', 'add', a6 + '/64', 'dev', ifc, 'nodad'])
                run(['ip', 'link', 'set', ifc, 'up'])
                if self.ethtool:
                    # the delay line sends frames on as read: checksums finished in software
                    csum = ['tx', 'off'] if self.delay_ms else []
                    run(['ethtool', '-K', ifc, 'tso', 'off', 'gso', 'off', 'gro', 'off'] + csum,
                        check=False)
        # routes
        for k, node in enumerate(self.nodes):
            self.enter(node)
            if node == 'c':
                gw = self.addr[(self.nodes[1], 'e0')]
                run(['ip', 'route', 'add', 'default', 'via', gw[0]])
                run(['ip', '-6', 'route', 'add', 'default', 'via', gw[1]])
                continue
            if node == 's':
                gw = self.addr[(self.nodes[k - 1], 'e1')]
                run(['ip', 'route', 'add', 'default', 'via', gw[0]])
                run(['ip', '-6', 'route', 'add', 'default', 'via', gw[1]])
                continue
            # router at position k: left link k-1, right link k
            for j in range(n):
                if j in (k - 1, k):
                    continue
                s4, s6 = self.subnet(j, n)
                if j < k - 1:
                    gw = self.addr[(self.nodes[k - 1], 'e1')]
                else:
                    gw = self.addr[(self.nodes[k + 1], 'e0')]
                run(['ip', 'route', 'add', s4 + '.0/24', 'via', gw[0]])
                run(['ip', '-6', 'route', 'add', s6 + '/64', 'via', gw[1]])
        # warm up neighbour caches so the first captured packets are not ND/ARP noise
        self.enter('c')
        if self.fam == 4:
            run(['ping', '-c1', '-W2', self.ip('s')], check=False)
        else:
            run(['ping', '-6', '-c1', '-W2', self.ip('s', 6)], check=False)

    def delay_line(self, left, lm, right, rm):
        """left's e1 and right's e0 joined through a namespace that holds the
        other ends (a, b) and relays frames between them self.delay_ms late."""
        if not self.ethtool:
            raise RuntimeError('a delayed link needs ethtool (transmit checksums in software)')
        d = self.ns['d'] = self.ns['s'][:-2] + '-d'
        run(['ip', 'netns', 'add', d])
        self.created.append(d)
        self.enter(left)
        run(['ip', 'link', 'add', 'e1', 'address', lm, 'type', 'veth', 'peer',
             'name', 'a', 'address', mac(0x60, 1), 'netns', d])
        self.enter(right)
        run(['ip', 'link', 'add', 'e0', 'address', rm, 'type', 'veth', 'peer',
             'name', 'b', 'address', mac(0x60, 2), 'netns', d])
        for ifc in ('a', 'b'):      # a wire: no address, no traffic of its own
            self.sysctl('d', 'net.ipv6.conf.%s.disable_ipv6' % ifc, 1)
            run(['ethtool', '-K', ifc, 'tx', 'off', 'tso', 'off', 'gso', 'off', 'gro', 'off'],
                check=False)
            run(['ip', 'link', 'set', 'dev', ifc, 'promisc', 'on'])
            run(['ip', 'link', 'set', 'dev', ifc, 'up'])
        p = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(__file__), 'delayline.py'),
                              'a', 'b', str(self.delay_ms)], stdout=subprocess.PIPE)
        self.procs.append(p)
        if p.stdout.readline().strip() != b'ready':
            raise RuntimeError('delay line did not start')

    def ip(self, node, fam=None):
        fam = fam or self.fam
        if (node, fam) in self.override:
            return self.override[(node, fam)]
        ifc = 'e1' if node == 'c' else 'e0'
        return self.addr[(node, ifc)][0 if fam == 4 else 1]

    def ifaddr(self, node, ifc, fam=None):
        fam = fam or self.fam
        return self.addr[(node, ifc)][0 if fam == 4 else 1]

    # ---- captures ---------------------------------------------------
    def capture(self, node, iface, path, filt='tcp or icmp or icmp6', extra=()):
        self.enter(node)
        cmd = ['tcpdump', '-n', '-U', '--immediate-mode', '-i', iface, '-w', path] + list(extra)
        if filt:
            cmd.append(filt)
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 8
        buf = b''
        while time.time() < deadline and b'listening on' not in buf:
            r, _, _ = select.select([p.stderr], [], [], 0.2)
            if r:
                chunk = os.read(p.stderr.fileno(), 4096)
                if not chunk:
                    break
                buf += chunk
        if b'listening on' not in buf:
            p.kill()
            raise RuntimeError('tcpdump did not start: %r' % buf)
        self.captures.append(p)
        return p

    def stop_captures(self):
        time.sleep(0.6)
        for p in self.captures:
            if p.poll() is None:
                p.send_signal(signal.SIGINT)
        for p in self.captures:
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=5)
        self.captures = []

    def play(self, fn, meta):
        """Runs a scenario function once the captures are listening, then stops them."""
        time.sleep(0.2)
        fn(self, meta)
        self.stop_captures()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.destroy()
        return False

    def destroy(self):
        try:
            self.stop_captures()
        except Exception:
            pass
        for p in self.procs:
            if p.poll() is None:
                p.kill()
        for ns in reversed(self.created):
            subprocess.run(['ip', 'netns', 'pids', ns], stdout=subprocess.PIPE, timeout=10)
            subprocess.run(['ip', 'netns', 'del', ns], stderr=subprocess.DEVNULL, timeout=10)
        self.created = []

    # ---- sockets ----------------------------------------------------
    def listen(self, node, port, backlog=16, addr=None):
        self.enter(node)
        s = socket.socket(self.af, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((addr or self.ip(node), port))
        s.listen(backlog)
        s.settimeout(5)
        return s

    def connect(self, node, dst, port, sport=0, timeout=5, src=None, expect_fail=False):
        self.enter(node)
        s = socket.socket(self.af, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if sport or src:
            s.bind((src or self.ip(node), sport))
        s.settimeout(timeout)
        try:
            s.connect((dst, port))
        except OSError:
            if expect_fail:
                s.close()
                return None
            raise
        return s

    # ---- raw packets ------------------------------------------------
    def rawsock(self, node, iface):
        self.enter(node)
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        s.bind((iface, ETH_P_ALL))
        s.setblocking(False)
        return s


def linger0(s):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))


def recv_some(s, n=65536, timeout=3):
    s.settimeout(timeout)
    try:
        return s.recv(n)
    except (socket.timeout, OSError):
        return None


def recv_exact(s, n, timeout=3):
    buf = b''
    deadline = time.time() + timeout
    while len(buf) < n and time.time() < deadline:
        s.settimeout(max(0.05, deadline - time.time()))
        try:
            d = s.recv(n - len(buf))
        except (socket.timeout, OSError):
            break
        if not d:
            break
        buf += d
    return buf


class Sniffer:
    """Drains an AF_PACKET socket opened earlier; parses with scapy."""

    def __init__(self, lab, node, iface):
        self.sock = lab.rawsock(node, iface)
        self.pkts = []

    def drain(self):
        from scapy.layers.l2 import Ether
        import scapy.layers.inet  # noqa: F401  (binds IP/TCP to Ether)
        import scapy.layers.inet6  # noqa: F401
        while True:
            try:
                data, addr = self.sock.recvfrom(65535)
            except BlockingIOError:
                break
            # addr[2] is the packet type; PACKET_OUTGOING == 4
            self.pkts.append((time.time(), Ether(data), addr[2]))
        return self.pkts

    def send(self, pkt):
        self.sock.send(bytes(pkt))


def run_main(main):
    """A scenario program's entry point: exit 130 when stopped by a signal."""
    try:
        main()
    except Stop as e:
        print('stopped:', e, file=sys.stderr)
        sys.exit(130)


def write_meta(path, meta):
    with open(path, 'w') as f:
        json.dump(meta, f, indent=1, sort_keys=True)
