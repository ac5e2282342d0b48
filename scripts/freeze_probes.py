#!/usr/bin/env python3
"""Split a batch of blind probe passages into a frozen half and a dev half.

Usage: scripts/freeze_probes.py BATCH.toml [...]

Cases alternate: the 1st, 3rd, 5th… go to tests/probe/dev/, the 2nd, 4th…
to tests/probe/frozen/, so each half covers the whole batch. The frozen half
is the measure: nobody tunes to it or reads it while working on the reader
(see tests/probe/README.md). Case blocks are copied verbatim.
"""
import os
import sys
import tomllib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "probe")


def blocks(src):
    head, *rest = src.split("[[case]]\n")
    return head, ["[[case]]\n" + b for b in rest]


for path in sys.argv[1:]:
    name = os.path.basename(path)
    src = open(path, encoding="utf-8").read()
    n = len(tomllib.loads(src)["case"])
    head, cases = blocks(src)
    assert len(cases) == n, f"{name}: {len(cases)} blocks for {n} cases"
    for half, keep in (("dev", 0), ("frozen", 1)):
        out = os.path.join(ROOT, half, name)
        body = "".join(c if c.endswith("\n\n") else c + "\n" for i, c in enumerate(cases) if i % 2 == keep)
        with open(out, "w", encoding="utf-8") as f:
            f.write(head + body)
        tomllib.load(open(out, "rb"))
    print(f"{name}: {n} cases split")
