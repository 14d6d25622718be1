namespace Lamina.Core.Tests;

/// <summary>
/// Expected digests computed independently of this code base (Python hashlib over the documented encodings:
/// SHA-256(len(tag) ‖ tag ‖ message)). If one of these changes, every stored root and signature changes with it.
/// </summary>
internal static class GoldenVectors
{
    public const string MerkleRootOf123 = "0x880d4f75bb27dabe294654cf2b9b11d64ddfaceeb6ee5c1bbe3b670f7f645975";
    public const string SmtSingleLeaf = "0xe1dcda81230f49e923c25cf88de05e6bb021611811a9a3c6fac6bb9400e4f878";
    public const string SmtTwoLeaves = "0x3c0e77b5dcc56088e1896a182fe87cc862cefcff11eb043270ab06018e781885";
    public const string SmtThreeLeaves = "0xaf45dc3a29981c88dcdf15ea735b038b582938853aa1fe40990b142c6a07dfde";
}
