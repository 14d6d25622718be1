using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.L1.Transactions;

namespace Lamina.L1.Blocks;

/// <summary>
/// The header every validator signs (through its hash). It commits to the state after the block, the block's
/// transactions, its data-availability root, the validator set that signs it, the set that signs the next block
/// (so a light client can follow set changes block by block, as CometBFT's NextValidatorsHash does) and the commit
/// of the previous block.
/// </summary>
public sealed record BlockHeader(
    string ChainId,
    ulong Height,
    Hash256 PreviousHash,
    ulong TimeMs,
    Address Proposer,
    Hash256 StateRoot,
    Hash256 TxRoot,
    Hash256 DataRoot,
    Hash256 ValidatorSetHash,
    Hash256 NextValidatorSetHash,
    Hash256 LastCommitHash,
    Hash256 EvidenceHash,
    ulong BaseFeePerGas,
    ulong GasUsed) : ICanonical<BlockHeader>
{
    public const byte Version = 1;

    // Not cached in a field: a record's `with` copies every field (a copy would keep the original's hash) and its
    // synthesized equality compares them (a hashed and an unhashed header would differ). Hashing is ~1 µs.
    public Hash256 Hash => DomainHasher.Hash(DomainTags.BlockHeader, Canonical.Encode(this));

    public void Encode(CanonicalWriter w)
    {
        w.WriteU8(Version);
        w.WriteAscii(ChainId);
        w.WriteU64(Height);
        w.WriteHash(PreviousHash);
        w.WriteU64(TimeMs);
        w.WriteAddress(Proposer);
        w.WriteHash(StateRoot);
        w.WriteHash(TxRoot);
        w.WriteHash(DataRoot);
        w.WriteHash(ValidatorSetHash);
        w.WriteHash(NextValidatorSetHash);
        w.WriteHash(LastCommitHash);
        w.WriteHash(EvidenceHash);
        w.WriteU64(BaseFeePerGas);
        w.WriteU64(GasUsed);
    }

    public static BlockHeader Decode(ref CanonicalReader r)
    {
        r.ExpectVersion(Version, "block header");
        return new BlockHeader(
            r.ReadAscii(Transaction.MaxChainIdLength, "chain id"),
            r.ReadU64("height"),
            r.ReadHash("previous hash"),
            r.ReadU64("time"),
            r.ReadAddress("proposer"),
            r.ReadHash("state root"),
            r.ReadHash("transaction root"),
            r.ReadHash("data root"),
            r.ReadHash("validator set hash"),
            r.ReadHash("next validator set hash"),
            r.ReadHash("last commit hash"),
            r.ReadHash("evidence hash"),
            r.ReadU64("base fee"),
            r.ReadU64("gas used"));
    }
}
