# Independent reference for CustodyGroups.Of: consensus-specs fulu das-core.md get_custody_groups, transcribed
# (NUMBER_OF_CUSTODY_GROUPS = 128; uint_to_bytes(uint256) is 32 bytes little-endian; bytes_to_uint64 little-endian).
# A Lamina node id is a 20-byte address read as a big-endian integer.
import hashlib

GROUPS = 128
UINT256_MAX = 2**256 - 1

def get_custody_groups(node_id: int, count: int):
    if count == GROUPS:
        return list(range(GROUPS))
    current = node_id
    groups = []
    while len(groups) < count:
        digest = hashlib.sha256(current.to_bytes(32, "little")).digest()
        g = int.from_bytes(digest[0:8], "little") % GROUPS
        if g not in groups:
            groups.append(g)
        current = 0 if current == UINT256_MAX else current + 1
    return sorted(groups)

for hex_id, count in [("0000000000000000000000000000000000000001", 4), ("ffffffffffffffffffffffffffffffffffffffff", 4),
                      ("00112233445566778899aabbccddeeff00112233", 4), ("00112233445566778899aabbccddeeff00112233", 32)]:
    print(hex_id, count, get_custody_groups(int(hex_id, 16), count))
