using Lamina.Consensus;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;

namespace Lamina.Node.Consensus;

/// <summary>
/// How a proposed block travels: split into parts of at most <see cref="PartSize"/> bytes under a Merkle root, as
/// CometBFT's part sets do, so a large block streams in bounded frames and each part is checked on arrival.
/// </summary>
public static class BlockParts
{
    public const int PartSize = 64 * 1024;
    public const int MaxParts = 1024;

    public static (PartSetHeader Header, List<BlockPartMessage> Parts) Split(Proposal proposal, byte[] encodedBlock)
    {
        var total = Math.Max(1, (encodedBlock.Length + PartSize - 1) / PartSize);
        if (total > MaxParts) throw new ArgumentException($"block of {encodedBlock.Length} bytes needs more than {MaxParts} parts");
        var chunks = new byte[total][];
        var leaves = new Hash256[total];
        for (var i = 0; i < total; i++)
        {
            var start = i * PartSize;
            chunks[i] = encodedBlock.AsSpan(start, Math.Min(PartSize, encodedBlock.Length - start)).ToArray();
            leaves[i] = BinaryMerkleTree.HashLeaf(chunks[i]);
        }
        var header = new PartSetHeader((uint)total, BinaryMerkleTree.Root(leaves));
        var parts = new List<BlockPartMessage>(total);
        for (var i = 0; i < total; i++)
        {
            parts.Add(new BlockPartMessage(proposal.Height, proposal.Round, proposal.BlockId, (uint)i, chunks[i], BinaryMerkleTree.Prove(leaves, i)));
        }
        return (header, parts);
    }
}

/// <summary>The number of parts of a block and the Merkle root over them.</summary>
public readonly record struct PartSetHeader(uint Total, Hash256 Root);

/// <summary>Channel message kinds on the block-parts channel.</summary>
public enum BlockPartsKind : byte
{
    ProposalHeader = 1,
    Part = 2,
}

/// <summary>A signed proposal and the part-set header of the block it names.</summary>
public sealed record ProposalHeaderMessage(Proposal Proposal, PartSetHeader Parts) : ICanonical<ProposalHeaderMessage>
{
    public void Encode(CanonicalWriter w)
    {
        w.WriteU8((byte)BlockPartsKind.ProposalHeader);
        Proposal.Encode(w);
        w.WriteU32(Parts.Total);
        w.WriteHash(Parts.Root);
    }

    public static ProposalHeaderMessage Decode(ref CanonicalReader r)
    {
        var at = r.Position;
        if (r.ReadU8("kind") != (byte)BlockPartsKind.ProposalHeader) throw new CodecException(CodecError.UnknownKind, "not a proposal header", at);
        var proposal = Proposal.Decode(ref r);
        var total = r.ReadU32("part count");
        if (total == 0 || total > BlockParts.MaxParts) throw new CodecException(CodecError.InvalidValue, $"part count must be 1..{BlockParts.MaxParts}", r.Position);
        return new ProposalHeaderMessage(proposal, new PartSetHeader(total, r.ReadHash("parts root")));
    }
}

/// <summary>One part of a proposed block with its Merkle audit path to the part-set root.</summary>
public sealed record BlockPartMessage(ulong Height, uint Round, Hash256 BlockId, uint Index, byte[] Bytes, Hash256[] Proof) : ICanonical<BlockPartMessage>
{
    public void Encode(CanonicalWriter w)
    {
        w.WriteU8((byte)BlockPartsKind.Part);
        w.WriteU64(Height);
        w.WriteU32(Round);
        w.WriteHash(BlockId);
        w.WriteU32(Index);
        w.WriteBytes(Bytes);
        w.WriteCount(Proof.Length);
        foreach (var h in Proof) w.WriteHash(h);
    }

    public static BlockPartMessage Decode(ref CanonicalReader r)
    {
        var at = r.Position;
        if (r.ReadU8("kind") != (byte)BlockPartsKind.Part) throw new CodecException(CodecError.UnknownKind, "not a block part", at);
        var height = r.ReadU64("height");
        var round = r.ReadU32("round");
        var blockId = r.ReadHash("block id");
        var index = r.ReadU32("part index");
        var bytes = r.ReadBytes(BlockParts.PartSize, "part bytes").ToArray();
        var count = r.ReadCount(16, Hash256.Size, "proof");
        var proof = new Hash256[count];
        for (var i = 0; i < count; i++) proof[i] = r.ReadHash("proof hash");
        return new BlockPartMessage(height, round, blockId, index, bytes, proof);
    }

    /// <summary>Throws <see cref="InvalidMerkleProofException"/> unless this part sits at its index under the header's root.</summary>
    public void Verify(PartSetHeader header)
    {
        if (Index >= header.Total) throw new InvalidMerkleProofException($"part {Index} is outside a set of {header.Total}");
        BinaryMerkleTree.Verify(header.Root, BinaryMerkleTree.HashLeaf(Bytes), (int)Index, (int)header.Total, Proof);
    }
}

/// <summary>Collects the parts of one proposed block until it is whole.</summary>
public sealed class PartSetAssembly(Proposal proposal, PartSetHeader header)
{
    private readonly byte[]?[] _parts = new byte[header.Total][];
    private int _received;

    public Proposal Proposal { get; } = proposal;
    public PartSetHeader Header { get; } = header;
    public bool IsComplete => _received == _parts.Length;

    /// <summary>Adds a verified part; returns true when it was new.</summary>
    public bool Add(BlockPartMessage part)
    {
        part.Verify(Header);
        if (_parts[part.Index] is not null) return false;
        _parts[part.Index] = part.Bytes;
        _received++;
        return true;
    }

    public byte[] Assemble()
    {
        var length = 0;
        foreach (var p in _parts) length += p!.Length;
        var block = new byte[length];
        var offset = 0;
        foreach (var p in _parts)
        {
            p!.CopyTo(block, offset);
            offset += p.Length;
        }
        return block;
    }
}
