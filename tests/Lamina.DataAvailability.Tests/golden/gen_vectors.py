#!/usr/bin/env python3
"""Golden vectors for Lamina's data availability formats, computed from the documented encodings with hashlib only
(independently of the C# code). A k = 1 square: its one-shard Reed-Solomon code repeats the data shard (a degree-0
polynomial takes the same value at every point), so the 2x2 extended square is four copies of the one share and
needs no Leopard implementation here.

Run: python3 gen_vectors.py  (prints the constants used by GoldenVectorTests.cs)"""
import hashlib
import struct

def tagged(tag, *parts):
    h = hashlib.sha256()
    h.update(bytes([len(tag)]) + tag.encode())
    for p in parts:
        h.update(p)
    return h.digest()

NS_SIZE = 29
PARITY = b"\xff" * 29
ns = bytes([0]) + bytes(27) + bytes([1])           # user namespace, id ...01
data = bytes(range(10))
share = ns + bytes([0x01]) + struct.pack(">I", len(data)) + data
share += bytes(512 - len(share))

def leaf(namespace, s):
    return (namespace, namespace, tagged("lamina/da/nmt/leaf", namespace, s))

def enc(node):
    return node[0] + node[1] + node[2]

def node(l, r):
    digest = tagged("lamina/da/nmt/node", enc(l), enc(r))
    mx = l[1] if r[0] == PARITY else r[1]
    return (l[0], mx, digest)

k = 1
# Extended 2x2: every position holds the same bytes; the leaf namespace is the share's in the original quadrant only.
def leaf_at(row, col):
    return leaf(ns if row < k and col < k else PARITY, share)

rows = [node(leaf_at(r, 0), leaf_at(r, 1)) for r in range(2)]
cols = [node(leaf_at(0, c), leaf_at(1, c)) for c in range(2)]
root_leaves = [tagged("lamina/da/data-root/leaf", enc(n)) for n in rows + cols]
def mnode(a, b):
    return tagged("lamina/merkle/node", a, b)
data_root = mnode(mnode(root_leaves[0], root_leaves[1]), mnode(root_leaves[2], root_leaves[3]))
header = bytes([1]) + struct.pack(">H", 2) + b"".join(enc(n) for n in rows + cols)

# Bad-encoding proof about row 0 of the (honest) square: each share with its proof in column j's tree at leaf 0,
# whose one sibling is the leaf of (1, j).
befp = bytes([1]) + b"\x42" * 32 + struct.pack(">Q", 7) + bytes([0]) + struct.pack(">H", 0) + struct.pack(">H", 1)
for j in range(2):
    befp += bytes([1]) + share + struct.pack(">III", 0, 1, 1) + enc(leaf_at(1, j))

# Share proof of (1, 0): leaf 0 of row 1, sibling leaf (1, 1); row root 1 at index 1 of the 4 data-root leaves.
share_proof = bytes([1]) + struct.pack(">HHH", 1, 1, 0) + struct.pack(">III", 0, 1, 1) + enc(leaf_at(1, 1)) + enc(rows[1])
share_proof += struct.pack(">I", 2) + root_leaves[0] + mnode(root_leaves[2], root_leaves[3])

print(f'ShareHex = "{share.hex()}"')
print(f'Row0Root = "{enc(rows[0]).hex()}"')
print(f'DataRoot = "{data_root.hex()}"')
print(f'HeaderSha256 = "{hashlib.sha256(header).hexdigest()}"  # {len(header)} bytes')
print(f'BadEncodingProofSha256 = "{hashlib.sha256(befp).hexdigest()}"  # {len(befp)} bytes')
print(f'ShareProofHex = "{share_proof.hex()}"')

# Column share proof of (0, 1) (part 2): leaf 0 of column 1, sibling leaf (1, 1); column root 1 at index 2 + 1 = 3
# of the 4 data-root leaves, whose path is leaf 2, then the node over leaves 0 and 1.
column_proof = bytes([1]) + struct.pack(">HHH", 1, 0, 1) + struct.pack(">III", 0, 1, 1) + enc(leaf_at(1, 1)) + enc(cols[1])
column_proof += struct.pack(">I", 2) + root_leaves[2] + mnode(root_leaves[0], root_leaves[1])
print(f'ColumnShareProofHex = "{column_proof.hex()}"')

# A DA node's square record (part 2): version 1 ‖ height 7 ‖ block hash 42…42 ‖ the header above.
record = bytes([1]) + struct.pack(">Q", 7) + b"\x42" * 32 + header
print(f'DaSquareRecordSha256 = "{hashlib.sha256(record).hexdigest()}"  # {len(record)} bytes')
