#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Read `callgrind_annotate --inclusive=yes --tree=calling` on stdin and print,
per packet, the inclusive cost of rstan's functions and of what they call."""

import re
import sys

OURS = re.compile(r'(^|[:/])(dissect_rstan|stream_of|host_lookup|draw_\w+|rstan_\w+)\b')
LINE = re.compile(r'^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+([*>])\s+(.*)$')


def name(rest):
    """'file:function (123x) [object]' -> 'function (123x)'."""
    rest = re.sub(r'\s*\[[^\]]*\]\s*$', '', rest)
    return rest.rsplit(':', 1)[-1] if ':' in rest else rest


def main():
    packets = int(sys.argv[1])
    blocks, cur = [], None
    for line in sys.stdin:
        m = LINE.match(line)
        if not m:
            if not line.strip():
                cur = None
            continue
        cost, kind, rest = int(m.group(1).replace(',', '')), m.group(2), m.group(3)
        if kind == '*':
            cur = [cost, name(rest), []]
            blocks.append(cur)
        elif cur is not None:
            cur[2].append((cost, name(rest)))
    # One function may appear twice (with and without its object, the callees
    # listed under only one): keep the larger cost and the longer callee list.
    best = {}
    for cost, fn, callees in blocks:
        base = fn.split(' ')[0]
        if not OURS.search(':' + base):
            continue
        old_cost, old_callees = best.get(base, (0, []))
        best[base] = (max(cost, old_cost), callees if len(callees) > len(old_callees) else old_callees)
    for base, (cost, callees) in sorted(best.items(), key=lambda kv: -kv[1][0]):
        if cost < packets:          # less than one instruction per packet on average
            continue
        print('%9.0f  %s' % (cost / packets, base))
        for ccost, cname in sorted(callees, reverse=True):
            if ccost * 50 >= cost:  # callees worth at least 2 % of the function
                print('%9.0f      -> %s' % (ccost / packets, cname))


if __name__ == '__main__':
    main()
