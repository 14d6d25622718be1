using Lamina.Core.Codec;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability.Tests;

/// <summary>The column share proof's encoding against the independent vector of golden/gen_vectors.py (the k = 1 square).</summary>
public class ColumnGoldenVectorTests
{
    private const string ColumnShareProofHex = "01000100000001000000000000000100000001ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffad9201b9ce47ccbfb5727895526823c0a4196aea39b4eda546ffb560022186d0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff003251819f4049e92830b0be642ca369786c43f28243a393da53faeea61599e4000000029b874e3b691c3449b6ea19a1e59b0b81c16a6f85e8a0ae369f0f3fb222dafa7778241230c8b21cd3a85e4f152edcd8f28c4a9c483776b682a7d87377dbed5a85";

    [Fact]
    public void Column_share_proof_encoding_matches_the_independent_vector()
    {
        var id = new byte[Namespace.IdSize];
        id[^1] = 1;
        var square = ExtendedSquare.Extend(DataSquare.FromBlobs([new Blob(Namespace.User(id), [.. Enumerable.Range(0, 10).Select(i => (byte)i)])]), GfIsa.Scalar);
        var header = square.ComputeHeader();
        var proof = ColumnShareProof.Create(square.ColumnTree(1), header, 0, 1);
        var encoded = Canonical.Encode(proof);
        Assert.Equal(ColumnShareProofHex, Convert.ToHexStringLower(encoded));
        Canonical.Decode<ColumnShareProof>(encoded).Verify(header.DataRoot, square.Share(0, 1));
    }
}
