#!/usr/bin/env python3
"""Independent computation of the rollups module's golden vectors pinned in Rollups/RollupCodecTests.cs.

Written from the documented encodings only (docs/optimistic-rollup.md, "L1 rollups module", and the type comments),
without Lamina code: big-endian integers, u32 length/count prefixes, H(tag, m) = SHA-256(len(tag) || tag || m).
Run: python3 tests/Lamina.L1.Tests/golden/gen_rollup_vectors.py
"""
import hashlib
import struct


def H(tag, msg):
    t = tag.encode("ascii")
    return hashlib.sha256(bytes([len(t)]) + t + msg).digest()


def u8(v): return struct.pack(">B", v)
def u32(v): return struct.pack(">I", v)
def u64(v): return struct.pack(">Q", v)
def u128(v): return v.to_bytes(16, "big")


ROOT = bytes([0x11]) * 32
POSTER = bytes([0x22]) * 20
ALICE = bytes([0x33]) * 20
BOB = bytes([0x44]) * 20
DATA_ROOT = bytes([0x55]) * 32

# RollupConfig: id, l2 chain id, genesis output root, proposer bond, challenge window, sequencing window, batch poster,
# L2 fees (execution fee u64, data bytes per transaction u32, minimum data bytes u32).
config = u64(7) + u64(4242) + ROOT + u128(1_000_000) + u64(10) + u64(5) + POSTER + u64(25) + u32(80) + u32(100)
assert len(config) == 116
# Version 2 (a config with dispute clocks): 8 zero bytes where version 1 has its never-zero id, version 2, the
# version-1 fields, then the clock per side and its extension in seconds (the devnet's 30 and 10).
config_v2 = u64(0) + u8(2) + config + u64(30) + u64(10)
assert len(config_v2) == 141

# A transfer as the L2 library encodes it: version 1 || sender public key (32) || recipient (20) || amount || fee || nonce || signature (64).
transfer = u8(1) + bytes([0x66]) * 32 + BOB + u64(10) + u64(1) + u64(0) + bytes([0x77]) * 64
location = u64(3) + u32(1) + DATA_ROOT

vectors = {
    "register tx body (kind 16)": u8(16) + config,
    "register tx body (kind 16), config version 2": u8(16) + config_v2,
    "rollup record with a version-2 config": u8(2) + config_v2 + u64(0) + u128(900) + u128(400) + u64(3) + u64(1) + u64(2) + u64(4) + u64(2) + u64(9),
    "deposit tx body (kind 17)": u8(17) + u64(7) + ALICE + u64(500),
    "force-include tx body (kind 18)": u8(18) + u64(7) + u8(0) + u32(len(transfer)) + transfer,
    "batch tx body (kind 19)": u8(19) + u64(7) + u64(2) + u32(1) + location,
    "output tx body (kind 20)": u8(20) + u64(7) + u64(9) + ROOT + u128(1_000_000),
    "rollup record": u8(2) + config + u64(0) + u128(900) + u128(400) + u64(3) + u64(1) + u64(2) + u64(4) + u64(2) + u64(9),
    "output record": u8(1) + u64(7) + u64(1) + u64(9) + ROOT + ALICE + u128(1_000_000) + u64(12) + u64(1_700_000_001_000) + u8(1),
    "deposit record": u8(1) + u64(7) + u64(0) + ALICE + BOB + u64(500) + u64(3),
    "forced record": u8(1) + u64(7) + u64(0) + ALICE + u8(0) + u32(len(transfer)) + transfer + u64(3) + u64(1_700_000_001_000),
    "batch record": u8(1) + u64(7) + u64(2) + u32(1) + location + u64(4),
    "block blobs record": u8(1) + DATA_ROOT + u32(2) + u8(0) + bytes(20) + u64(7) + u8(0) + bytes([0xAB]) * 28,
    "withdrawal record": u8(1) + u64(7) + u64(1) + BOB + u64(400) + u64(9),
    "index record": u8(1) + u32(2) + u64(3) + u64(7),
    # The paid-withdrawal list: entry number 3 (withdrawal id 0x66.., L2 sender Alice, nonce 5, tx hash 0x77..), and the count.
    "paid withdrawal record": u8(1) + u64(3) + bytes([0x66]) * 32 + ALICE + u64(5) + bytes([0x77]) * 32,
    "paid withdrawal count record": u8(1) + u64(4),
    "namespace of rollup 7": u8(0) + bytes(20) + u64(7),
    "escrow address of rollup 7": H("lamina/l1/rollups/escrow", u64(7))[:20],
    "bond vault address of rollup 7": H("lamina/l1/rollups/bond-vault", u64(7))[:20],
}

for name, value in vectors.items():
    print(f"{name}: {value.hex()}")
