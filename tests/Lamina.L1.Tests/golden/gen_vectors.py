#!/usr/bin/env python3
"""Independent computation of the L1 golden vectors pinned in GoldenVectorTests.cs.

Written from the documented encoding only (no Lamina code): fixed-width big-endian integers, u32 length
prefixes for byte strings and list counts, and domain-separated SHA-256 = SHA-256(len(tag) || ascii tag || msg)
with the tags of src/Lamina.Core/Crypto/DomainTags.cs. Ed25519 (RFC 8032, deterministic) comes from the
`cryptography` package. Run: python3 tests/Lamina.L1.Tests/golden/gen_vectors.py
"""
import hashlib
import struct
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization


def H(tag: str, msg: bytes) -> bytes:
    t = tag.encode("ascii")
    return hashlib.sha256(bytes([len(t)]) + t + msg).digest()


def u8(v): return struct.pack(">B", v)
def u32(v): return struct.pack(">I", v)
def u64(v): return struct.pack(">Q", v)
def u128(v): return v.to_bytes(16, "big")
def ascii_(s): return u32(len(s)) + s.encode("ascii")
def blob(b): return u32(len(b)) + b


class Key:
    def __init__(self, seed_hex):
        self.sk = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(seed_hex))
        self.pub = self.sk.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.addr = H("lamina/address", self.pub)[:20]

    def sign(self, msg): return self.sk.sign(msg)


# RFC 8032 section 7.1, tests 1 and 2.
A = Key("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
B = Key("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")
CHAIN = "lamina-golden"
TRANSFER = 1


def tx(key, nonce, max_fee, max_prio, gas_limit, to, amount):
    unsigned = (u8(1) + ascii_(CHAIN) + u64(nonce) + key.pub + u64(max_fee) + u64(max_prio) + u64(gas_limit)
                + u8(TRANSFER) + to + u128(amount))
    signing_hash = H("lamina/tx/sign", unsigned)
    sig = key.sign(signing_hash)
    encoded = unsigned + sig
    return signing_hash, sig, encoded, H("lamina/tx/id", encoded)


out = {}
out["AddressA"] = A.addr
out["AddressB"] = B.addr
out["StateKeyA"] = H("lamina/smt/key", u8(1) + A.addr)

sh1, sig1, enc1, id1 = tx(A, 7, 2_000, 3, 21_000, B.addr, 10**18)
out["Tx1SigningHash"], out["Tx1Signature"], out["Tx1Encoded"], out["Tx1Id"] = sh1, sig1, enc1, id1
sh2, sig2, enc2, id2 = tx(B, 0, 1_500, 1_500, 50_000, A.addr, 12_345)
out["Tx2Encoded"], out["Tx2Id"] = enc2, id2

# Transaction root: binary Merkle tree over the tx ids (already hashed leaves), node tag lamina/merkle/node.
tx_root = H("lamina/merkle/node", id1 + id2)
out["TxRoot"] = tx_root

# Validator set: A power 10, B power 5, sorted by address.
vals = sorted([(A, 10), (B, 5)], key=lambda v: v[0].addr)
vs_enc = u32(len(vals)) + b"".join(k.pub + u64(p) for k, p in vals)
out["ValidatorSetEncoded"] = vs_enc
out["ValidatorSetHash"] = H("lamina/validator-set", vs_enc)

# Commit for height 41, round 2, block 0x33..33, signed by both validators (sorted by address).
commit_block = bytes([0x33]) * 32
sign_bytes = H("lamina/consensus/vote", ascii_(CHAIN) + u8(2) + u64(41) + u32(2) + commit_block)
out["PrecommitSignBytes"] = sign_bytes
commit_enc = u64(41) + u32(2) + commit_block + u32(2) + b"".join(k.addr + k.sign(sign_bytes) for k, _ in vals)
out["CommitEncoded"] = commit_enc
out["CommitHash"] = H("lamina/consensus/commit", commit_enc)

# Header at height 42.
header = (u8(1) + ascii_(CHAIN) + u64(42) + bytes([0x11]) * 32 + u64(1_700_000_000_000) + A.addr
          + bytes([0x22]) * 32 + tx_root + bytes(32) + out["ValidatorSetHash"] + bytes([0x44]) * 32 + out["CommitHash"] + bytes(32)
          + u64(1_000) + u64(71_000))
out["HeaderEncoded"] = header
out["HeaderHash"] = H("lamina/block/header", header)

block = header + u32(2) + blob(enc1) + blob(enc2) + u8(1) + commit_enc + u32(0)
out["BlockEncoded"] = block
out["BlockSha256"] = hashlib.sha256(block).digest()

receipt = id1 + u64(42) + u32(0) + u64(21_000) + u64(1_003) + u128(21_000_000) + u128(63_000)
out["ReceiptEncoded"] = receipt

account = u128(10**18 + 5) + u64(3)
out["AccountEncoded"] = account

for name, value in out.items():
    print(f'{name} = "{value.hex()}"')
