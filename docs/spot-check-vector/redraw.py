#!/usr/bin/env python3
"""Re-runs an Anma spot-check draw (docs/spot-check.md) from its public record.

    python3 redraw.py            the test vector of docs/spot-check.md
    python3 redraw.py draw.json  a record: {"plan", "seed" (hex), "targets",
                                 "entities", "inspectors", "conflicts": [[cert, uscc]]}

Prints the commitment (hex), then one task a line: entity, first and second inspector.
Written from the specification alone, with nothing but the standard library.
"""
import hashlib
import json
import struct
import sys

CONTEXT = b"anma.draw.v1"


def text(s):
    b = s.encode("utf-8")
    return struct.pack(">I", len(b)) + b


def canonical(plan, entities, targets, inspectors, conflicts):
    out = text(CONTEXT.decode()) + text(str(plan)) + text(str(targets))
    for items in (entities, inspectors):
        out += struct.pack(">I", len(items)) + b"".join(text(i) for i in items)
    out += struct.pack(">I", len(conflicts))
    out += b"".join(text(c) + text(e) for c, e in conflicts)
    return out


class Stream:
    def __init__(self, seed):
        self.seed, self.block, self.words = seed, 0, []

    def next_u64(self):
        if not self.words:
            digest = hashlib.sha256(self.seed + CONTEXT + struct.pack(">Q", self.block)).digest()
            self.block += 1
            self.words = list(struct.unpack(">4Q", digest))
        return self.words.pop(0)

    def below(self, n):
        zone = 2**64 - 1 - (2**64 % n)
        while True:
            x = self.next_u64()
            if x <= zone:
                return x % n

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]


def redraw(plan, seed, targets, entities, inspectors, conflicts):
    entities = sorted(set(entities))
    inspectors = sorted(set(inspectors))
    conflicts = sorted(set(map(tuple, conflicts)))
    commitment = hashlib.sha256(seed + canonical(plan, entities, targets, inspectors, conflicts))
    stream = Stream(seed)
    stream.shuffle(entities)
    tasks = []
    for entity in entities[:targets]:
        pool = [i for i in inspectors if (i, entity) not in conflicts]
        stream.shuffle(pool)
        tasks.append((entity, pool[0], pool[1]))
    return commitment.hexdigest(), tasks


if __name__ == "__main__":
    if len(sys.argv) > 1:
        with open(sys.argv[1], encoding="utf-8") as f:
            r = json.load(f)
        args = (r["plan"], bytes.fromhex(r["seed"]), r["targets"], r["entities"],
                r["inspectors"], r["conflicts"])
    else:
        args = (7, bytes(range(32)), 4, ["E%02d" % k for k in range(1, 13)],
                ["C1", "C2", "C3", "C4"], [["C1", "E05"]])
    commitment, tasks = redraw(*args)
    print(commitment)
    for task in tasks:
        print(" ".join(task))
