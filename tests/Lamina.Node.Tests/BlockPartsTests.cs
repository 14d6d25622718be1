using Lamina.Consensus;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.Node.Consensus;

namespace Lamina.Node.Tests;

public sealed class BlockPartsTests
{
    private static readonly SigningKey Key = SigningKey.FromSeed(new byte[32]);

    private static (Proposal Proposal, byte[] Block) Sample(int size)
    {
        var block = new byte[size];
        for (var i = 0; i < size; i++) block[i] = (byte)(i * 31 + 7);
        var id = DomainHasher.Hash(DomainTags.BlockHeader, block);
        return (Proposal.Create("parts-test", 5, 0, -1, id, Key), block);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(BlockParts.PartSize)]
    [InlineData(BlockParts.PartSize + 1)]
    [InlineData(5 * BlockParts.PartSize + 123)]
    public void Split_parts_verify_round_trip_and_reassemble_in_any_order(int size)
    {
        var (proposal, block) = Sample(size);
        var (header, parts) = BlockParts.Split(proposal, block);
        Assert.Equal((uint)((size + BlockParts.PartSize - 1) / BlockParts.PartSize), header.Total);
        var headerMessage = Canonical.Decode<ProposalHeaderMessage>(Canonical.Encode(new ProposalHeaderMessage(proposal, header)));
        Assert.Equal(header, headerMessage.Parts);

        var assembly = new PartSetAssembly(proposal, header);
        for (var i = parts.Count - 1; i >= 0; i--)
        {
            var wire = Canonical.Decode<BlockPartMessage>(Canonical.Encode(parts[i]));
            Assert.True(assembly.Add(wire));
            Assert.False(assembly.Add(wire)); // duplicates are ignored
        }
        Assert.True(assembly.IsComplete);
        Assert.Equal(block, assembly.Assemble());
    }

    [Fact]
    public void A_tampered_or_misplaced_part_is_refused()
    {
        var (proposal, block) = Sample(3 * BlockParts.PartSize);
        var (header, parts) = BlockParts.Split(proposal, block);
        var tampered = parts[1] with { Bytes = [.. parts[1].Bytes] };
        tampered.Bytes[10] ^= 1;
        var assembly = new PartSetAssembly(proposal, header);
        Assert.Throws<InvalidMerkleProofException>(() => assembly.Add(tampered));
        Assert.Throws<InvalidMerkleProofException>(() => assembly.Add(parts[1] with { Index = 2 }));
        Assert.Throws<InvalidMerkleProofException>(() => assembly.Add(parts[1] with { Index = 9 }));
        Assert.False(assembly.IsComplete);
    }

    [Fact]
    public void Hostile_part_counts_and_kinds_are_codec_errors()
    {
        var (proposal, block) = Sample(10);
        var (header, parts) = BlockParts.Split(proposal, block);
        var bytes = Canonical.Encode(new ProposalHeaderMessage(proposal, header with { Total = BlockParts.MaxParts + 1 }));
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => Canonical.Decode<ProposalHeaderMessage>(bytes)).Error);
        var part = Canonical.Encode(parts[0]);
        part[0] = (byte)BlockPartsKind.ProposalHeader;
        Assert.Throws<CodecException>(() => Canonical.Decode<BlockPartMessage>(part));
    }
}
