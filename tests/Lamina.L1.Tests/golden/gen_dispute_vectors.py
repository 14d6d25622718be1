#!/usr/bin/env python3
"""Independent computation of the dispute game's golden vectors pinned in Rollups/Dispute/DisputeCodecTests.cs.

Written from the documented encodings only (the type comments of src/Lamina.L1/Rollups/Dispute and
docs/optimistic-rollup.md, "Dispute game"), without Lamina code: big-endian integers, u32 length/count prefixes,
H(tag, m) = SHA-256(len(tag) || tag || m).
Run: python3 tests/Lamina.L1.Tests/golden/gen_dispute_vectors.py
"""
import hashlib
import struct


def H(tag, msg):
    t = tag.encode("ascii")
    return hashlib.sha256(bytes([len(t)]) + t + msg).digest()


def u8(v): return struct.pack(">B", v)
def u32(v): return struct.pack(">I", v)


STATE = bytes([0x11]) * 32
LIST = bytes([0x22]) * 32
COMMIT = bytes([0x33]) * 32
NODE = bytes([0x44]) * 32

# ExecutionPoint: version 1 || state root || tx list root || tx count u32 || cursor u32 || all applied bool.
point = u8(1) + STATE + LIST + u32(12) + u32(5) + u8(1)
assert len(point) == 74
# StepProof: version 1 || point || tx bytes (u32 len) || path count u32 || path || witness bytes (u32 len).
deposit_tx = u8(1) + u8(2) + struct.pack(">Q", 0) + bytes([0x55]) * 20 + struct.pack(">Q", 1000)  # queue index 0 (issue 14)
step = u8(1) + point + u32(len(deposit_tx)) + deposit_tx + u32(1) + NODE + u32(2) + bytes([1, 0])

vectors = {
    "execution point": point,
    "execution point commitment": H("lamina/l1/dispute/execution-point", point),
    "attack move": u8(1) + u8(0) + u32(3) + COMMIT,
    "defend move": u8(1) + u8(1) + u32(4) + COMMIT,
    "step-attack move": u8(1) + u8(2) + u32(9) + u32(len(step)) + step,
}
def u64(v): return struct.pack(">Q", v)
def u128(v): return v.to_bytes(16, "big")


# Issue 14, part 2: the output game and its L1 records.
# OptimisticOutput: version 1 || state root || l2 block hash || l2 block number u64.
output = u8(1) + STATE + bytes([0x12]) * 32 + u64(3)
# L2 header: version 2 || number || parent hash || l1 origin || time || next deposit || next forced ||
# delay buffer deficit || tx count u32 || tx root || state root (149 bytes);
# hash H("lamina/l2/optimistic/block", header).
header = u8(2) + u64(4) + bytes([0x12]) * 32 + u64(0) + u64(1) + u64(2) + u64(3) + u64(4) + u32(2) + COMMIT + STATE
assert len(header) == 149
attack = u8(1) + u8(0) + u32(0) + COMMIT
vectors.update({
    "descend-attack move": u8(1) + u8(4) + u32(2) + point + output + struct.pack(">Q", 0x0102),  # L1 origin (issue 14)
    "clamp-defend move": u8(1) + u8(7) + u32(5),
    "reveal move": u8(1) + u8(8) + u32(0) + header,
    "l2 header hash": H("lamina/l2/optimistic/block", header),
    # DisputeGameRecord: version || rollup || output index || anchor index || anchor output || disputed block ||
    # disputed root || proposer || created height || created ms || outcome u8 || resolved height || count u32 ||
    # per move: mover || bond u128 || ms || u32 len || move.
    "game record": u8(1) + u64(7) + u64(2) + u64(1) + output + u64(9) + COMMIT + bytes([0x66]) * 20 + u64(5) + u64(1000)
        + u8(2) + u64(8) + u32(1) + bytes([0x55]) * 20 + u128(1094930) + u64(2000) + u32(len(attack)) + attack,
    "index record": u8(1) + u32(2) + u64(2) + u64(5),
    # Transaction bodies after the kind byte: create (22), move (23), resolve (24).
    "create body": u64(7) + u64(2) + output + COMMIT + u128(1094930),
    "move body": u64(7) + u64(2) + u128(0) + u32(6) + u8(1) + u8(6) + u32(3),
    "resolve body": u64(7) + u64(2),
})
# Issue 14, replay cost: a game deriving lists (version 2 appends the rules: genesis L1 height || sequencing window ||
# forced window || max drift ms || channel timeout, u64 each) with L1's stored results of its derived descents is
# version 3: the version-2 body || count u32 || per result: move index u32 || number || parent hash || origin ||
# timestamp ms || next deposit || next forced || delay buffer deficit || source L1 height || source batch (u64 each
# but the hash) || source blob position u32 || candidate count u32 || masked root || applied root.
stored = (u32(0) + u64(4) + bytes([0x12]) * 32 + u64(2) + u64(3000) + u64(1) + u64(0) + u64(0) + u64(6) + u64(2) + u32(1) + u32(3)
          + LIST + COMMIT)
assert len(stored) == 4 + 168
vectors["derived game record with a stored derivation"] = (u8(3) + vectors["game record"][1:] + u64(1) + u64(2) + u64(3) + u64(4) + u64(5)
                                                           + u32(1) + stored)
for name, value in vectors.items():
    print(f"{name}: {value.hex()}")
