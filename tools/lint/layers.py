#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that module/'s components form layers, no circle.

A component is module/NAME.c with module/NAME.h.  NAME depends on OTHER if
one of NAME's files includes "OTHER.h", or if NAME.o uses a symbol that
OTHER.o defines (nm of the objects a build left in OBJDIR/module).  Prints
each dependency circle found and exits 1 if there is one.

usage: layers.py SRCDIR OBJDIR
"""
import collections
import glob
import os
import re
import subprocess
import sys


def graph(src, obj):
    deps = collections.defaultdict(set)
    for path in glob.glob(os.path.join(src, 'module', '*.[ch]')):
        name = os.path.basename(path).rsplit('.', 1)[0]
        deps[name]
        for m in re.finditer(r'^#include "(\w+)\.h"', open(path).read(), re.M):
            if m.group(1) != name:
                deps[name].add(m.group(1))
    defined, used = {}, collections.defaultdict(set)
    for path in glob.glob(os.path.join(obj, 'module', '*.o')):
        name = os.path.basename(path)[:-2]
        out = subprocess.run(['nm', path], capture_output=True, text=True,
                             check=True).stdout
        for line in out.splitlines():
            f = line.split()
            if len(f) == 3 and f[1] in 'TDBR':
                defined[f[2]] = name
            elif len(f) == 2 and f[0] == 'U':
                used[name].add(f[1])
    if not used:
        sys.exit(f'layers.py: no objects in {obj}/module')
    for name, symbols in used.items():
        deps[name] |= {defined[s] for s in symbols
                       if s in defined and defined[s] != name}
    return deps


def circles(deps):
    state, stack, found = {}, [], []

    def visit(u):
        state[u] = 'open'
        stack.append(u)
        for v in sorted(deps[u]):
            if state.get(v) == 'open':
                found.append(stack[stack.index(v):] + [v])
            elif v not in state:
                visit(v)
        state[u] = 'done'
        stack.pop()
    for u in sorted(deps):
        if u not in state:
            visit(u)
    return found


def main():
    deps = graph(sys.argv[1], sys.argv[2])
    found = circles(deps)
    for c in found:
        print('layers: circle ' + ' -> '.join(c))
    if not found:
        print(f'layers: {len(deps)} components, no circle')
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())
