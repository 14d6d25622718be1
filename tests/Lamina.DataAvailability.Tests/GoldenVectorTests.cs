using System.Security.Cryptography;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability.Tests;

/// <summary>
/// Golden vectors. The format vectors (share, roots, data root, header, share proof, bad-encoding proof) were computed
/// independently of this code by golden/gen_vectors.py (hashlib over the documented encodings, a k = 1 square whose
/// extension repeats its one share). The Reed-Solomon parity digests are regression vectors from this codec (scalar
/// path): parity shares are committed to by every root, so changing a single parity byte is a hard fork.
/// </summary>
public class GoldenVectorTests
{
    private const string ShareHex = "0000000000000000000000000000000000000000000000000000000001010000000a00010203040506070809";
    private const string Row0Root = "00000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000001b26b4da2d1ace6ae7d0a92a2c37163d8c0b18b8c59d808f00caa62a0387191a5";
    private const string DataRoot = "58c0cc510adc4978eb04c2747e192b4b15ba82f5879fb88d6c30297d9fcf7699";
    private const string HeaderSha256 = "0ca71d2a752bf6dbf29502f0a51396d8592920290fce3fd4a51eb77165236aa5";
    private const int HeaderLength = 363;
    private const string BadEncodingProofSha256 = "78eb72ca4806cf030b6b85f84891bce279014534212f1c7f04ff3a8f7f0d909b";
    private const int BadEncodingProofLength = 1276;
    private const string ShareProofHex = "01000100010000000000000000000100000001ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffad9201b9ce47ccbfb5727895526823c0a4196aea39b4eda546ffb560022186d0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff003251819f4049e92830b0be642ca369786c43f28243a393da53faeea61599e4000000029b874e3b691c3449b6ea19a1e59b0b81c16a6f85e8a0ae369f0f3fb222dafa7778241230c8b21cd3a85e4f152edcd8f28c4a9c483776b682a7d87377dbed5a85";

    private static (ExtendedSquare Square, DataAvailabilityHeader Header) GoldenSquare()
    {
        var id = new byte[Namespace.IdSize];
        id[^1] = 1;
        var square = DataSquare.FromBlobs([new Blob(Namespace.User(id), [.. Enumerable.Range(0, 10).Select(i => (byte)i)])]);
        var extended = ExtendedSquare.Extend(square, GfIsa.Scalar);
        return (extended, extended.ComputeHeader());
    }

    [Fact]
    public void Share_layout_roots_data_root_and_header_match_the_independent_vectors()
    {
        var (square, header) = GoldenSquare();
        var expectedShare = Convert.FromHexString(ShareHex.PadRight(Share.Size * 2, '0'));
        for (var row = 0; row < 2; row++)
        {
            for (var column = 0; column < 2; column++) Assert.Equal(expectedShare, square.Share(row, column).ToArray());
        }
        Assert.Equal(Row0Root, Convert.ToHexStringLower(header.RowRoots[0].ToArray()));
        Assert.Equal(Hash256.Parse(DataRoot), header.DataRoot);
        var encoded = Canonical.Encode(header);
        Assert.Equal(HeaderLength, encoded.Length);
        Assert.Equal(HeaderSha256, Convert.ToHexStringLower(SHA256.HashData(encoded)));
    }

    [Fact]
    public void Share_proof_and_bad_encoding_proof_encodings_match_the_independent_vectors()
    {
        var (square, header) = GoldenSquare();
        var shareProof = Canonical.Encode(ShareProof.Create(square, header, 1, 0));
        Assert.Equal(ShareProofHex, Convert.ToHexStringLower(shareProof));
        Canonical.Decode<ShareProof>(shareProof).Verify(header.DataRoot, square.Share(1, 0));

        var proof = Canonical.Encode(BadEncodingProof.Create(square, new Hash256(Enumerable.Repeat((byte)0x42, 32).ToArray()), 7, Axis.Row, 0));
        Assert.Equal(BadEncodingProofLength, proof.Length);
        Assert.Equal(BadEncodingProofSha256, Convert.ToHexStringLower(SHA256.HashData(proof)));
    }

    [Theory]
    [InlineData(4, false, "f85b67a32ceef8dc4aed768331fa3ab4fd066bff338239756b8c4f20e4f9c679")]
    [InlineData(4, true, "bc122aaff20044473b2d9540e49503e2027e369d3285baa3e7a563d0615d8a41")]
    [InlineData(128, false, "53b6250807cb22dd464e92206717b1517cad7e1ef69623717c36a9555f6598d5")]
    [InlineData(256, false, "d123676a9b445b271ae9721d4d81fb3299d8e6c71abd8cb3b211c0692b817b03")]
    public void Parity_bytes_are_pinned(int k, bool wideField, string paritySha256)
    {
        var data = new byte[k * 512];
        for (var i = 0; i < data.Length; i++) data[i] = (byte)((i * 31) + (i >> 9));
        foreach (var isa in GfIsaSupport.Supported)
        {
            var parity = new byte[k * 512];
            new ReedSolomonCodec(k, 512, isa, wideField).Encode(data, parity);
            Assert.Equal(paritySha256, Convert.ToHexStringLower(SHA256.HashData(parity)));
        }
    }
}
