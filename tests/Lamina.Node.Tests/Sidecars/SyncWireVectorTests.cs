using System.Security.Cryptography;
using Lamina.Consensus;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Blocks;
using Lamina.L1.Transactions;
using Lamina.Node.Consensus;
using Lamina.Node.Sidecars;

namespace Lamina.Node.Tests.Sidecars;

/// <summary>
/// Golden vectors of the node's sidecar-era wire formats — <see cref="SyncResponse"/> format 2 (blocks, commits and their
/// blob sidecars) and <see cref="SidecarRequest"/> — computed independently by golden/gen_sync_vectors.py from the
/// documented encodings, and their typed refusals.
/// </summary>
public sealed class SyncWireVectorTests
{
    private const string Block5Hash = "6b6b5feda69b79c30ba64abcdb61790452b2aed9e7359e50faddbebdbaeb1ea8";
    private const string Block6Hash = "98aa4ea58af75b1f062f68e9ccaffbeaab1de4a5e07aace84b9641120f333af9";
    private const string SidecarRequestHex = "0100000000000000056b6b5feda69b79c30ba64abcdb61790452b2aed9e7359e50faddbebdbaeb1ea8";
    private const string SyncResponseSha256 = "8d8239b72ffc6520613411a9a587aa2cc938fe6f381068ddc711b0a551c070a6";
    private const int SyncResponseLength = 1379;
    private const string Chain = "lamina-golden";
    private static readonly byte[] BlobData = "lamina blob golden vector"u8.ToArray();
    private static readonly SigningKey KeyA = SigningKey.FromSeed(Hex.Decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));

    private static Hash256 Fill(byte b) => new(Enumerable.Repeat(b, 32).ToArray());

    private static Commit CommitOf(ulong height, Hash256 block)
        => new(height, 0, block, [new CommitSignature(KeyA.Address, KeyA.Sign(Commit.PrecommitSignBytes(Chain, height, 0, block)))]);

    private static BlockHeader Header(ulong height, Hash256 previous, Hash256 txRoot, Hash256 dataRoot, Hash256 lastCommit, ulong gasUsed)
        => new(Chain, height, previous, 1_700_000_000_000 + height, KeyA.Address, Fill(0x22), txRoot, dataRoot, Fill(0x66), Fill(0x66),
            lastCommit, Hash256.Zero, 1_000, gasUsed);

    /// <summary>The vector's response: block 5 carries the golden blob transaction and is sent with its sidecars; block 6 is empty and sent without.</summary>
    private static SyncResponse Golden(out Block block5)
    {
        var ns = new byte[Namespace.IdSize];
        ns[^1] = 0x2a;
        var tx = Transaction.Create(KeyA, Chain, 3, 2_000, 10, 21_000, new BlobPayload(Namespace.User(ns), 7, BlobData));
        var blockTx = Transaction.FromBytes(tx.Encoded); // as a block holds it: the commitment, no bytes
        block5 = new Block(Header(5, Fill(0x11), Block.ComputeTxRoot([blockTx]), Fill(0x55), Hash256.Zero, 21_000), [blockTx], null);
        var commit5 = CommitOf(5, block5.Hash);
        var block6 = new Block(Header(6, block5.Hash, Hash256.Zero, Hash256.Zero, commit5.Hash, 0), [], commit5);
        var sidecars = new BlobSidecars(5, block5.Hash, [BlobData]);
        return new SyncResponse(9, [(block5, commit5), (block6, CommitOf(6, block6.Hash))], [sidecars, null]);
    }

    [Fact]
    public void Sync_response_format_2_matches_its_golden_vector_and_round_trips()
    {
        var response = Golden(out var block5);
        Assert.Equal(new Hash256(Hex.Decode(Block5Hash)), block5.Hash);
        var encoded = Canonical.Encode(response);
        Assert.Equal(SyncResponseLength, encoded.Length);
        Assert.Equal(SyncResponseSha256, Convert.ToHexStringLower(SHA256.HashData(encoded)));
        Assert.Equal(2, encoded[0]);

        var decoded = Canonical.Decode<SyncResponse>(encoded);
        Assert.Equal(9UL, decoded.PeerHeight);
        Assert.Equal([new Hash256(Hex.Decode(Block5Hash)), new Hash256(Hex.Decode(Block6Hash))], decoded.Blocks.Select(b => b.Block.Hash));
        var sidecars = decoded.SidecarsOf(0)!;
        Assert.Equal(block5.Hash, sidecars.BlockHash);
        Assert.Equal(BlobData, sidecars.Blobs[0]);
        Assert.Null(decoded.SidecarsOf(1));
        Assert.Equal(encoded, Canonical.Encode(decoded));
        // The sidecars attach: their bytes match the block's commitment.
        sidecars.AttachTo(decoded.Blocks[0].Block);
        Assert.Equal(BlobData, Assert.IsType<BlobPayload>(decoded.Blocks[0].Block.Transactions[0].Payload).Data);
    }

    [Fact]
    public void Sync_response_refusals_are_typed()
    {
        var encoded = Canonical.Encode(Golden(out _));
        // Format 1 had no version byte: any other version is refused as unknown.
        var v1 = (byte[])encoded.Clone();
        v1[0] = 1;
        Assert.Equal(CodecError.UnknownVersion, Assert.Throws<CodecException>(() => Canonical.Decode<SyncResponse>(v1)).Error);
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => Canonical.Decode<SyncResponse>([.. encoded, 0])).Error);
        Assert.Equal(CodecError.Truncated, Assert.Throws<CodecException>(() => Canonical.Decode<SyncResponse>(encoded.AsSpan(0, encoded.Length - 1).ToArray())).Error);
        // Sidecars of another block sent beside block 5: refused before anyone attaches them.
        var other = Golden(out var block5);
        var wrong = new SyncResponse(9, other.Blocks, [new BlobSidecars(5, Fill(0x77), [BlobData]), null]);
        var e = Assert.Throws<CodecException>(() => Canonical.Decode<SyncResponse>(Canonical.Encode(wrong)));
        Assert.Equal(CodecError.InvalidValue, e.Error);
        Assert.NotEqual(Fill(0x77), block5.Hash);
        // A bool that is neither 0 nor 1 where "has sidecars" stands (the response's last byte).
        var badFlag = (byte[])encoded.Clone();
        badFlag[^1] = 2;
        Assert.Equal(CodecError.NonCanonical, Assert.Throws<CodecException>(() => Canonical.Decode<SyncResponse>(badFlag)).Error);
    }

    [Fact]
    public void Sidecar_request_matches_its_golden_vector_and_refusals_are_typed()
    {
        var request = new SidecarRequest(5, new Hash256(Hex.Decode(Block5Hash)));
        Assert.Equal(SidecarRequestHex, Convert.ToHexStringLower(Canonical.Encode(request)));
        Assert.Equal(request, Canonical.Decode<SidecarRequest>(Hex.Decode(SidecarRequestHex)));
        var v2 = Hex.Decode(SidecarRequestHex);
        v2[0] = 2;
        Assert.Equal(CodecError.UnknownVersion, Assert.Throws<CodecException>(() => Canonical.Decode<SidecarRequest>(v2)).Error);
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => Canonical.Decode<SidecarRequest>([.. Hex.Decode(SidecarRequestHex), 0])).Error);
        Assert.Equal(CodecError.Truncated, Assert.Throws<CodecException>(() => Canonical.Decode<SidecarRequest>(Hex.Decode(SidecarRequestHex)[..40])).Error);
    }
}
