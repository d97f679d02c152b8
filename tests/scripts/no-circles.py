#!/usr/bin/env python3
"""No two source files of the core call each other in a circle (STYLE.md:
deps point one way). Reads which functions and data each object file defines
and which it uses (nm), draws an edge from a file to every other file it uses
something of, and fails naming every circle (strongly connected component)
with the symbols that close it.

usage: no-circles.py OBJECT.o ...   (the objects of octavo_core)"""
import collections
import os
import shutil
import subprocess
import sys


def circles(edges):
    """The strongly connected components of more than one file (Tarjan,
    iterative: a deep chain of files must not hit Python's recursion limit)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(edges.get(w, ())))))
                    advanced = True
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    found.append(sorted(comp))
    return found


def self_test():
    """The checker itself must find a circle it is shown, or it passes
    everything."""
    g = {'a': {'b'}, 'b': {'c'}, 'c': {'a'}, 'd': {'a'}, 'e': set()}
    assert circles(g) == [['a', 'b', 'c']], circles(g)
    assert circles({'a': {'b'}, 'b': set()}) == []


def source_name(obj):
    # CMake's object paths end in <source path>.o (…/octavo_core.dir/src/pdf/para.c.o)
    p = obj.replace(os.sep, '/')
    i = p.find('/src/')
    name = p[i + 1:] if i >= 0 else os.path.basename(p)
    return name[:-2] if name.endswith('.o') else name


def main(objs):
    self_test()
    if not shutil.which('nm'):
        print('no-circles: nm not found: install binutils', file=sys.stderr)
        return 1
    if not objs:
        print('no-circles: no object files given', file=sys.stderr)
        return 1
    defined, used = {}, collections.defaultdict(set)
    # one nm for every object: "file.o:[address] type symbol"
    out = subprocess.run(['nm', '-A'] + objs, capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        cut = line.rfind('.o:') + 2
        name, parts = source_name(line[:cut]), line[cut + 1:].split()
        if len(parts) == 3 and parts[1] in 'TDBRCV':
            defined[parts[2]] = name
        elif len(parts) == 2 and parts[0] == 'U':
            used[name].add(parts[1])
    edges = collections.defaultdict(set)
    for name in {source_name(o) for o in objs}:
        edges[name]
    for name, syms in used.items():
        for s in syms:
            if s in defined and defined[s] != name:
                edges[name].add(defined[s])
    found = circles(edges)
    for comp in found:
        print('circle: ' + ' '.join(comp))
        for a in comp:
            for b in sorted(edges[a]):
                if b in comp:
                    syms = sorted(s for s in used[a] if defined.get(s) == b)
                    print('    %s -> %s: %s' % (a, b, ' '.join(syms)))
    n_edges = sum(len(v) for v in edges.values())
    print('%d files, %d file-to-file dependencies, %d circles' % (len(edges), n_edges, len(found)))
    if n_edges == 0:
        print('no-circles: read no dependencies at all (has nm\'s output changed?)',
              file=sys.stderr)
        return 1
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
