#!/usr/bin/env python3
"""Independent computation of the blob module's golden vectors pinned in Blobs/BlobCodecTests.cs and
Blobs/BlobFeeMarketTests.cs.

Written from the documented encoding only (no Lamina code): the transaction layout of gen_vectors.py with kind 6
and the blob body of format 2 (the bytes travel as a sidecar)
namespace (29) || max_fee_per_blob_gas (u64) || u32 length || commitment,  commitment = H("lamina/l1/blob-commitment",
u32 length || data);  the network form  transaction || u32 length || data;  BlobSidecars
version (1) || height (u64) || block hash || u32 count || (u32 length || data)*;  the fee record
version (1) || excess (u64) || used (u64), and EIP-4844's fake_exponential exactly as the EIP's Python defines it.
Run: python3 tests/Lamina.L1.Tests/golden/gen_blob_vectors.py
"""
import hashlib
import struct
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization


def H(tag, msg):
    t = tag.encode("ascii")
    return hashlib.sha256(bytes([len(t)]) + t + msg).digest()


def u8(v): return struct.pack(">B", v)
def u32(v): return struct.pack(">I", v)
def u64(v): return struct.pack(">Q", v)
def ascii_(s): return u32(len(s)) + s.encode("ascii")


# EIP-4844, "Helpers".
def fake_exponential(factor, numerator, denominator):
    i = 1
    output = 0
    numerator_accum = factor * denominator
    while numerator_accum > 0:
        output += numerator_accum
        numerator_accum = (numerator_accum * numerator) // (denominator * i)
        i += 1
    return output // denominator


A = Ed25519PrivateKey.from_private_bytes(bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
A_PUB = A.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
CHAIN = "lamina-golden"
BLOB = 6

namespace = bytes([0]) + bytes(27) + bytes([0x2a])
data = b"lamina blob golden vector"
commitment = H("lamina/l1/blob-commitment", u32(len(data)) + data)
body = namespace + u64(7) + u32(len(data)) + commitment
unsigned = u8(1) + ascii_(CHAIN) + u64(3) + A_PUB + u64(2_000) + u64(10) + u64(21_000) + u8(BLOB) + body
signing_hash = H("lamina/tx/sign", unsigned)
encoded = unsigned + A.sign(signing_hash)
print("BlobTxEncoded", encoded.hex())
print("BlobTxId", H("lamina/tx/id", encoded).hex())
print("BlobCommitment", commitment.hex())
print("BlobTxNetwork", (encoded + u32(len(data)) + data).hex())
block_hash = bytes(range(32))
print("SidecarsEncoded", (u8(1) + u64(5) + block_hash + u32(2) + u32(len(data)) + data + u32(3) + b"abc").hex())
print("FeeStateEncoded", (u8(1) + u64(393_216) + u64(131_072)).hex())
for factor, excess in [(1, 0), (1, 393_216), (1, 3_338_477), (1, 10_000_000), (1, 100_000_000), (1000, 5_000_000),
                       (1, 140_000_000), (1, 150_000_000)]:
    value = fake_exponential(factor, excess, 3_338_477)
    print("fake_exponential(%d, %d, 3338477) =" % (factor, excess), value, "" if value < 2**64 else "(saturates a u64)")
