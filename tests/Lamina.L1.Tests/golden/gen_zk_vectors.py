#!/usr/bin/env python3
"""Independent computation of the ZK rollups module's golden vectors pinned in ZkRollups/ZkCodecTests.cs.

Written from the documented encodings only (docs/zk-rollup.md, "L1 side", and the type comments), without Lamina
code: big-endian integers for L1 framing, u32 length/count prefixes, RPO digests as four little-endian u64,
H(tag, m) = SHA-256(len(tag) || tag || m). KEY and SIG are a ZK public key and a Schnorr signature as the L2 library
encodes them (ZkSigningKey.FromSeed(01 x 32).PublicKey, and its signature of RPO("\\x01")); L1 only frames them.
Run: python3 tests/Lamina.L1.Tests/golden/gen_zk_vectors.py
"""
import hashlib
import struct


def H(tag, msg):
    t = tag.encode("ascii")
    return hashlib.sha256(bytes([len(t)]) + t + msg).digest()


def u8(v): return struct.pack(">B", v)
def u16(v): return struct.pack(">H", v)
def u32(v): return struct.pack(">I", v)
def u64(v): return struct.pack(">Q", v)
def u128(v): return v.to_bytes(16, "big")
def digest(*elements): return b"".join(struct.pack("<Q", e) for e in elements)


KEY = bytes.fromhex("9c7104fb28e05ceb80a507c89a8187589db8278368272c66e21e2dff03bb02c2e63b3e8a48d53441")
SIG = bytes.fromhex("840ad175144940162f8abbddcf77a172104b3f8fd37e266631b628c84a15fe40527d23b28774ede5da6e1fa134781ac708cf8c44aad5e92e69618f00acd77ee269b476647cd38740e8eeaf58b42b8b11")
ROOT = digest(1, 2, 3, 4)
ALICE = bytes([0x33]) * 20
BOB = bytes([0x44]) * 20
TXHASH = bytes([0x55]) * 32
PUBDATA = bytes(range(1, 13))  # any 12 bytes: L1 frames the blob, it does not parse it here
COMMITMENT = H("lamina/l1/blob-commitment", u32(len(PUBDATA)) + PUBDATA)

config = u32(9) + ROOT + u8(1) + u64(4)
assert len(config) == 45
effects = ROOT + u32(2) + u32(1) + BOB + u64(300) + u32(1) + u64(7)
proof = u8(5) + u32(0) + u32(0) + u32(3) + b"abc"  # ZkBatchProof v5: witnesses (nonce and key as an unchecked encoding, no signature), openings, one STARK
deposit_op = u8(1) + u8(3) + u64(0) + u32(3) + KEY + u64(1000)  # ZkTransaction v1, kind Deposit (3)

vectors = {
    "register tx body (kind 32)": u8(32) + config,
    "deposit tx body (kind 33)": u8(33) + u32(9) + u32(3) + KEY + u64(1000),
    "forced exit tx body (kind 34)": u8(34) + u32(9) + u32(3) + ALICE + u32(5) + SIG,
    "batch tx body (kind 35)": u8(35) + u32(9) + u64(2) + effects + u64(1000) + u32(len(PUBDATA)) + COMMITMENT + u32(len(proof)) + proof,
    "exodus tx body (kind 36)": u8(36) + u32(9) + u32(3) + KEY + u64(900) + u32(1) + b"".join(digest(i, 0, 0, 0) for i in range(24)) + ALICE + SIG,
    "refund tx body (kind 37)": u8(37) + u32(9) + u64(2),
    "rollup record": u8(1) + config + u64(1) + ROOT + u64(3) + u64(2) + u64(5) + u128(1500) + u128(300) + u64(6) + u64(0) + u64(1) + u64(0),
    "priority record": u8(1) + u64(0) + ALICE + u64(2) + u32(len(deposit_op)) + deposit_op + u8(1) + u64(3),
    "batch record": u8(1) + u64(2) + u64(6) + TXHASH + ALICE + ROOT + digest(5, 6, 7, 8) + u64(0) + u32(2) + u32(1) + u128(300) + u32(1) + u32(12) + COMMITMENT + u32(79000) + u64(3_000_000),
    # reason 100 = ProofInvalid, detail 5 = ProofRejection.OodConstraintMismatch
    "rejection record": u8(2) + u64(0) + u64(6) + TXHASH + ALICE + u64(2) + u8(100) + u16(5),
    "exit record": u8(1) + u32(3) + BOB + u64(900) + u64(8),
    "index record": u8(1) + u32(2) + u32(3) + u32(9),
    "block failure record": u8(1) + u64(6),
    "escrow address of ZK rollup 9": H("lamina/l1/zk-rollups/escrow", u32(9))[:20],
}

for name, value in vectors.items():
    print(f"{name}: {value.hex()}")
