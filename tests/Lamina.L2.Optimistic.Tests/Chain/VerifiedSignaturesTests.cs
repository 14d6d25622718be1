using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Tests.Chain;

/// <summary>
/// The sequencer's own derivation reuses admission's signature checks only for the identical transaction checked for
/// the same chain and rollup; anything else is checked as any verifier checks it.
/// </summary>
public sealed class VerifiedSignaturesTests
{
    [Fact]
    public void Only_the_identical_transaction_reuses_a_check_and_only_once()
    {
        var admitted = TestKeys.Transfer(0, TestKeys.Addr(0xB0), 10, 0);
        var check = SignatureCheckedItem.Check(admitted, TestKeys.ChainId, TestKeys.RollupId);
        var verified = new VerifiedSignatures();
        verified.Add(check);
        // Same signature and sender, another amount: the signature does not verify for it.
        var tampered = admitted with { Amount = 11 };
        var other = TestKeys.Transfer(1, TestKeys.Addr(0xB0), 5, 0);

        var results = SignatureChunks.Start([tampered, admitted, other, admitted], TestKeys.ChainId, TestKeys.RollupId, verified);

        Assert.Null(results.Get(0));
        Assert.Same(check, results.Get(1));
        Assert.NotNull(results.Get(2));
        // Taken once: a second occurrence is checked again (and verifies on its own).
        Assert.NotNull(results.Get(3));
        Assert.NotSame(check, results.Get(3));
        Assert.Equal(0, verified.Count);
    }

    [Fact]
    public void A_check_for_another_rollup_is_not_reused_and_the_cache_is_bounded()
    {
        var item = TestKeys.Transfer(0, TestKeys.Addr(0xB0), 10, 0);
        var verified = new VerifiedSignatures(capacity: 1);
        verified.Add(SignatureCheckedItem.Check(item, TestKeys.ChainId, TestKeys.RollupId));
        verified.Add(SignatureCheckedItem.Check(TestKeys.Transfer(1, TestKeys.Addr(0xB0), 10, 0), TestKeys.ChainId, TestKeys.RollupId));
        Assert.Equal(1, verified.Count);
        Assert.Null(verified.Take(item, TestKeys.ChainId, TestKeys.RollupId + 1));
        // Signed for rollup 3, derived for rollup 4: checked afresh, and it does not verify there.
        verified.Add(SignatureCheckedItem.Check(item, TestKeys.ChainId, TestKeys.RollupId));
        Assert.Null(SignatureChunks.Start([item], TestKeys.ChainId, TestKeys.RollupId + 1, verified).Get(0));
    }
}
