#!/usr/bin/env python3
"""Independent computation of the node's wire vectors pinned in Sidecars/SyncWireVectorTests.cs.

Written from the documented encodings only (no Lamina code), as tests/Lamina.L1.Tests/golden/gen_vectors.py and
gen_blob_vectors.py write the transaction, header, block and commit:
  SyncResponse (format 2)  version (2) || peer height (u64) || count (u32) || count x (block || commit || has sidecars
                           (bool) || [BlobSidecars of that block])
  SidecarRequest           version (1) || height (u64) || block hash (32)
  BlobSidecars             version (1) || height (u64) || block hash || u32 count || (u32 length || data)*
Domain-separated SHA-256 = SHA-256(len(tag) || ascii tag || msg); Ed25519 (RFC 8032) from the `cryptography` package.
Run: python3 tests/Lamina.Node.Tests/golden/gen_sync_vectors.py
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


# RFC 8032 section 7.1, test 1.
A = Ed25519PrivateKey.from_private_bytes(bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
A_PUB = A.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
A_ADDR = H("lamina/address", A_PUB)[:20]
CHAIN = "lamina-golden"

# The blob transaction of gen_blob_vectors.py (kind 6, format 2: the bytes travel as a sidecar).
namespace = bytes([0]) + bytes(27) + bytes([0x2a])
data = b"lamina blob golden vector"
commitment = H("lamina/l1/blob-commitment", u32(len(data)) + data)
unsigned = (u8(1) + ascii_(CHAIN) + u64(3) + A_PUB + u64(2_000) + u64(10) + u64(21_000) + u8(6)
            + namespace + u64(7) + u32(len(data)) + commitment)
tx = unsigned + A.sign(H("lamina/tx/sign", unsigned))
tx_id = H("lamina/tx/id", tx)


def header(height, prev, tx_root, data_root, last_commit_hash, gas_used):
    return (u8(1) + ascii_(CHAIN) + u64(height) + prev + u64(1_700_000_000_000 + height) + A_ADDR + bytes([0x22]) * 32
            + tx_root + data_root + bytes([0x66]) * 32 + bytes([0x66]) * 32 + last_commit_hash + bytes(32)
            + u64(1_000) + u64(gas_used))


def commit(height, block_hash):
    sign_bytes = H("lamina/consensus/vote", ascii_(CHAIN) + u8(2) + u64(height) + u32(0) + block_hash)
    return u64(height) + u32(0) + block_hash + u32(1) + A_ADDR + A.sign(sign_bytes)


# Height 5 carries the blob (a one-leaf transaction root is the leaf); its data root is a stand-in (the codec does not
# recompute it). Height 6 is empty and carries height 5's commit.
h5 = header(5, bytes([0x11]) * 32, tx_id, bytes([0x55]) * 32, bytes(32), 21_000)
hash5 = H("lamina/block/header", h5)
block5 = h5 + u32(1) + u32(len(tx)) + tx + u8(0) + u32(0)
commit5 = commit(5, hash5)
h6 = header(6, hash5, bytes(32), bytes(32), H("lamina/consensus/commit", commit5), 0)
hash6 = H("lamina/block/header", h6)
block6 = h6 + u32(0) + u8(1) + commit5 + u32(0)
commit6 = commit(6, hash6)
sidecars5 = u8(1) + u64(5) + hash5 + u32(1) + u32(len(data)) + data

response = u8(2) + u64(9) + u32(2) + block5 + commit5 + u8(1) + sidecars5 + block6 + commit6 + u8(0)
print("Block5Hash", hash5.hex())
print("Block6Hash", hash6.hex())
print("SidecarRequest", (u8(1) + u64(5) + hash5).hex())
print("SyncResponseSha256", hashlib.sha256(response).hexdigest(), len(response), "bytes")
print("SyncResponse", response.hex())
