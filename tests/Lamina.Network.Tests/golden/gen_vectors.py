# Independent computation of the Lamina p2p v2 golden vectors (GoldenVectorTests.cs), from the spec in docs/network.md.
# Run: python3 gen_vectors.py  (needs the "cryptography" package). It shares no code with the C# implementation.
import hashlib, struct
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

raw = serialization.Encoding.Raw; rawpub = serialization.PublicFormat.Raw
def H(tag, msg): return hashlib.sha256(bytes([len(tag)]) + tag + msg).digest()
def rng(a): return bytes(range(a, a + 32))

def hello(version, chain, node_pub, port, nonce, eph):
    c = chain.encode('ascii')
    return bytes([1]) + struct.pack('>H', version) + struct.pack('>I', len(c)) + c + node_pub + struct.pack('>H', port) + nonce + eph

chain = "lamina-test"
a_sk = Ed25519PrivateKey.from_private_bytes(rng(0)); a_pk = a_sk.public_key().public_bytes(raw, rawpub)
b_sk = Ed25519PrivateKey.from_private_bytes(rng(0xa0)); b_pk = b_sk.public_key().public_bytes(raw, rawpub)
a_eph = X25519PrivateKey.from_private_bytes(rng(0x60)); a_eph_pub = a_eph.public_key().public_bytes(raw, rawpub)
b_eph = X25519PrivateKey.from_private_bytes(rng(0x80)); b_eph_pub = b_eph.public_key().public_bytes(raw, rawpub)
hello_a = hello(2, chain, a_pk, 26656, rng(0x20), a_eph_pub)
hello_b = hello(2, chain, b_pk, 26657, rng(0x40), b_eph_pub)
print("a_pk", a_pk.hex()); print("b_pk", b_pk.hex())
print("a_eph_pub", a_eph_pub.hex()); print("b_eph_pub", b_eph_pub.hex())
print("hello_a", hello_a.hex()); print("hello_a_len", len(hello_a))
print("hello_a_frame", (struct.pack('>I', len(hello_a)) + b'\x00' + hello_a).hex())
lo, hi = (hello_a, hello_b) if a_eph_pub < b_eph_pub else (hello_b, hello_a)
print("a_is_low", a_eph_pub < b_eph_pub)
th = H(b"lamina/p2p/transcript", struct.pack('>I', len(lo)) + lo + struct.pack('>I', len(hi)) + hi)
print("transcript", th.hex())
digest_a = H(b"lamina/p2p/handshake", th + a_pk)
print("auth_digest_a", digest_a.hex())
sig_a = a_sk.sign(digest_a)
print("auth_a", (b'\x02' + sig_a).hex())
shared = a_eph.exchange(b_eph.public_key()); assert shared == b_eph.exchange(a_eph.public_key())
print("shared", shared.hex())
okm = HKDF(algorithm=hashes.SHA256(), length=64, salt=th, info=b"lamina/p2p/session-keys/v2").derive(shared)
low_sends, high_sends = okm[:32], okm[32:]
a_send, a_recv = (low_sends, high_sends) if a_eph_pub < b_eph_pub else (high_sends, low_sends)
print("a_send_key", a_send.hex()); print("a_recv_key", a_recv.hex())
def seal(key, counter, channel, payload):
    header = struct.pack('>I', len(payload)) + bytes([channel])
    nonce = b'\x00' * 4 + struct.pack('>Q', counter)
    return header + ChaCha20Poly1305(key).encrypt(nonce, payload, header)
print("sealed_vote_0", seal(a_send, 0, 3, b"vote").hex())
print("sealed_vote_1", seal(a_send, 1, 3, b"vote").hex())
print("sealed_ping_b0", seal(a_recv, 0, 0, b"\x03").hex())
# A frame at and above FrameCipher.LargeFrameThreshold (2048), which the C# side seals with OpenSSL rather than libsodium.
for n in (2047, 2048, 4096):
    big = bytes(i % 251 for i in range(n))
    print("sealed_blockpart_%d_sha256" % n, hashlib.sha256(seal(a_send, 2, 2, big)).hexdigest())
