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
deposit_tx = u8(1) + u8(2) + bytes([0x55]) * 20 + struct.pack(">Q", 1000)
step = u8(1) + point + u32(len(deposit_tx)) + deposit_tx + u32(1) + NODE + u32(2) + bytes([1, 0])

vectors = {
    "execution point": point,
    "execution point commitment": H("lamina/l1/dispute/execution-point", point),
    "attack move": u8(1) + u8(0) + u32(3) + COMMIT,
    "defend move": u8(1) + u8(1) + u32(4) + COMMIT,
    "step-attack move": u8(1) + u8(2) + u32(9) + u32(len(step)) + step,
}
for name, value in vectors.items():
    print(f"{name}: {value.hex()}")
