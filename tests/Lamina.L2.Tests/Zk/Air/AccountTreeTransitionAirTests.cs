using Lamina.L2.Zk.Air;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Air;
using Lamina.Stark.Hashing;
using Lamina.Stark.Proofs;
using Lamina.Stark.Prover;
using Lamina.Stark.Verifier;
using static Lamina.L2.Tests.Zk.ZkFixture;

namespace Lamina.L2.Tests.Zk.Air;

public sealed class AccountTreeTransitionAirTests
{
    /// <summary>Alice 1,000, Bob 50, Carol 2^62 − 10.</summary>
    private static ZkState FundedWithCarol() => Funded((C, Carol, AccountLeaf.MaxBalance - 10));

    private static TransferStatement T(uint from, uint to, ulong amount, uint nonce, ZkSigningKey key) => new(from, to, amount, nonce, key.PublicKey);

    private static void AssertNoProof(AccountTree tree, RpoDigest claimedNewRoot, IReadOnlyList<TransferStatement> transfers)
    {
        var (trace, _) = AccountTreeTransitionTrace.Build(tree, transfers);
        AssertNoAcceptedProof(new AccountTreeTransitionAir(tree.Root, claimedNewRoot, transfers), trace);
    }

    [Fact]
    public void Honest_transfers_prove_and_match_the_native_executor()
    {
        ZkState state = FundedWithCarol();
        var txs = new List<ZkTransaction>
        {
            TransferTx.Create(A, B, PackedAmount.Pack(300), 0, Alice, Domain),
            TransferTx.Create(B, A, PackedAmount.Pack(30), 0, Bob, Domain),
            TransferTx.Create(A, B, PackedAmount.Pack(700), 1, Alice, Domain), // empties Alice: padded to 8 segments
        };
        var statements = txs.Cast<TransferTx>().Select(t => T(t.From, t.To, t.Amount.Value, t.Nonce, t.From == A ? Alice : Bob)).ToList();
        ZkBatchResult native = new ZkBatchExecutor(Domain).ApplyBatch(state, txs);
        var (trace, root) = AccountTreeTransitionTrace.Build(state.Accounts, statements);
        Assert.Equal(native.State.Accounts.Root, root);
        var air = new AccountTreeTransitionAir(state.Accounts.Root, root, statements);
        byte[] proof = StarkProver.ProveToBytes(air, trace, Fast);
        Assert.True(StarkVerifier.TryVerify(air, proof, out var why, minimumSecurityBits: 0), why?.ToString());

        // The same proof says nothing about other transfers, amounts or roots.
        Assert.False(StarkVerifier.TryVerify(new AccountTreeTransitionAir(state.Accounts.Root, root, [statements[1], statements[0], statements[2]]), proof, out _, minimumSecurityBits: 0));
        Assert.False(StarkVerifier.TryVerify(new AccountTreeTransitionAir(state.Accounts.Root, root, [statements[0] with { Amount = 301 }, statements[1], statements[2]]), proof, out _, minimumSecurityBits: 0));
        Assert.False(StarkVerifier.TryVerify(new AccountTreeTransitionAir(state.Accounts.Root, state.Accounts.Root, statements), proof, out _, minimumSecurityBits: 0));
    }

    [Fact]
    public void One_transfer_at_the_default_100_bit_options()
    {
        ZkState state = FundedWithCarol();
        List<TransferStatement> statements = [T(A, B, 1, 0, Alice)];
        var (trace, root) = AccountTreeTransitionTrace.Build(state.Accounts, statements);
        var air = new AccountTreeTransitionAir(state.Accounts.Root, root, statements);
        StarkVerifier.Verify(air, StarkProver.ProveToBytes(air, trace, ProofOptions.Default));
    }

    [Fact]
    public void An_overdraft_has_no_accepted_proof()
    {
        ZkState state = FundedWithCarol();
        List<TransferStatement> statements = [T(A, B, 1_001, 0, Alice)];
        var (_, root) = AccountTreeTransitionTrace.Build(state.Accounts, statements);
        AssertNoProof(state.Accounts, root, statements);
    }

    [Fact]
    public void A_balance_overflow_has_no_accepted_proof()
    {
        ZkState state = FundedWithCarol();
        List<TransferStatement> statements = [T(A, C, 11, 0, Alice)];
        var (_, root) = AccountTreeTransitionTrace.Build(state.Accounts, statements);
        AssertNoProof(state.Accounts, root, statements);
    }

    [Fact]
    public void A_replayed_or_skipped_nonce_has_no_accepted_proof()
    {
        ZkState state = FundedWithCarol();
        var (_, replayRoot) = AccountTreeTransitionTrace.Build(state.Accounts, [T(A, B, 5, 1, Alice)]);
        AssertNoProof(state.Accounts, replayRoot, [T(A, B, 5, 1, Alice)]);
        List<TransferStatement> twice = [T(A, B, 5, 0, Alice), T(A, B, 5, 0, Alice)];
        var (_, twiceRoot) = AccountTreeTransitionTrace.Build(state.Accounts, twice);
        AssertNoProof(state.Accounts, twiceRoot, twice);
    }

    [Fact]
    public void Spending_from_an_account_under_another_key_has_no_accepted_proof()
    {
        // The operator claims Alice's account is Bob's (so that Bob's signature would be checked): the key assertion fails.
        ZkState state = FundedWithCarol();
        List<TransferStatement> statements = [T(A, B, 5, 0, Bob)];
        var (_, root) = AccountTreeTransitionTrace.Build(state.Accounts, statements);
        AssertNoProof(state.Accounts, root, statements);
    }

    [Fact]
    public void A_transfer_to_an_empty_slot_has_no_accepted_proof()
    {
        ZkState state = FundedWithCarol();
        List<TransferStatement> statements = [T(A, 77, 5, 0, Alice)];
        var (_, root) = AccountTreeTransitionTrace.Build(state.Accounts, statements);
        AssertNoProof(state.Accounts, root, statements);
    }

    [Fact]
    public void A_wrong_new_root_has_no_accepted_proof()
    {
        ZkState state = FundedWithCarol();
        List<TransferStatement> statements = [T(A, B, 5, 0, Alice)];
        var (_, root) = AccountTreeTransitionTrace.Build(state.Accounts, statements);
        var wrong = new RpoDigest(root.E0 + Lamina.Stark.Field.Felt.One, root.E1, root.E2, root.E3);
        AssertNoProof(state.Accounts, wrong, statements);
    }

    [Fact]
    public void A_tampered_sibling_or_balance_cell_is_rejected()
    {
        ZkState state = FundedWithCarol();
        List<TransferStatement> statements = [T(A, B, 5, 0, Alice)];
        var (trace, root) = AccountTreeTransitionTrace.Build(state.Accounts, statements);
        var air = new AccountTreeTransitionAir(state.Accounts.Root, root, statements);
        foreach (var (column, row) in new[] { (AccountTreeTransitionLayout.New + 9, 8), (AccountTreeTransitionLayout.New + 10, 0), (AccountTreeTransitionLayout.Balance, 40) })
        {
            TraceTable copy = Copy(trace);
            copy[column, row] += Lamina.Stark.Field.Felt.One;
            StarkProof cheat = StarkProver.Prove(air, copy, Fast, skipSelfChecks: true);
            Assert.False(StarkVerifier.TryVerify(air, ProofCodec.Encode(cheat), out _, minimumSecurityBits: 0));
        }
    }

    private static TraceTable Copy(TraceTable trace)
    {
        var copy = new TraceTable(trace.Width, trace.Length);
        for (int c = 0; c < trace.Width; c++)
        {
            for (int r = 0; r < trace.Length; r++) copy[c, r] = trace[c, r];
        }
        return copy;
    }
}
