using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Blocks;

namespace Lamina.L1.Tests;

/// <summary>
/// <see cref="BlockHeader"/> is a record, so `with` and value equality are part of its contract: a header derived
/// with `with` must hash its own fields, never inherit the hash of the header it was copied from.
/// </summary>
public sealed class BlockHeaderRecordTests
{
    [Fact]
    public void With_copy_hashes_its_own_fields_even_after_the_original_was_hashed()
    {
        var original = GoldenVectorTests.GoldenHeader();
        var originalHash = original.Hash; // computed (and possibly cached) before the copy
        var changed = original with { StateRoot = Hash256.Zero };
        var fresh = Canonical.Decode<BlockHeader>(Canonical.Encode(changed));
        Assert.NotEqual(originalHash, changed.Hash);
        Assert.Equal(fresh.Hash, changed.Hash);
    }

    [Fact]
    public void Equality_does_not_depend_on_whether_the_hash_was_computed()
    {
        var a = GoldenVectorTests.GoldenHeader();
        var b = GoldenVectorTests.GoldenHeader();
        _ = a.Hash;
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { GasUsed = b.GasUsed + 1 });
    }
}
