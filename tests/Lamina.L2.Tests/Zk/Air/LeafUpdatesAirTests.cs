using Lamina.L2.Zk.Air;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Field;
using Lamina.Stark.Proofs;
using Lamina.Stark.Prover;
using Lamina.Stark.Verifier;
using static Lamina.L2.Tests.Zk.ZkFixture;

namespace Lamina.L2.Tests.Zk.Air;

/// <summary>The state AIR on the operation kinds other than a plain transfer: transfer to a new account, deposit, withdrawal, forced exit.</summary>
public sealed class LeafUpdatesAirTests
{
    /// <summary>The trace built from <paramref name="built"/> proves nothing about <paramref name="claimed"/>.</summary>
    private static void AssertNoProof(AccountTree tree, IReadOnlyList<LeafUpdateStatement> built, IReadOnlyList<LeafUpdateStatement> claimed)
    {
        var (trace, root) = AccountTreeTransitionTrace.Build(tree, built);
        AssertNoAcceptedProof(new AccountTreeTransitionAir(tree.Root, root, claimed), trace);
    }

    private static void AssertNoProof(AccountTree tree, params LeafUpdateStatement[] updates) => AssertNoProof(tree, updates, updates);

    [Fact]
    public void Every_kind_proves_and_matches_the_native_executor()
    {
        ZkState state = Funded();
        var txs = new List<ZkTransaction>
        {
            TransferToNewTx.Create(A, D, Dave.PublicKey, PackedAmount.Pack(100), 0, Alice, Domain),
            new DepositOp(2, E, Erin.PublicKey, 40), // registers Erin's key on an empty slot
            new DepositOp(3, B, Bob.PublicKey, 5), // tops up Bob's existing account
            WithdrawalTx.Create(B, 20, L1, 0, Bob, Domain),
            ForcedExitOp.Create(4, A, L1, 1, Alice, Domain), // takes Alice's remaining 900
        };
        ZkBatchResult native = new ZkBatchExecutor(Domain).ApplyBatch(state, txs);
        Assert.All(native.Ops, op => Assert.True(op.Applied));
        LeafUpdateStatement[] updates =
        [
            LeafUpdates.Debit(A, 100, 0, Alice.PublicKey), LeafUpdates.Register(D, 100, Dave.PublicKey),
            LeafUpdates.Deposit(E, 40, Erin.PublicKey),
            LeafUpdates.Deposit(B, 5, Bob.PublicKey),
            LeafUpdates.Debit(B, 20, 0, Bob.PublicKey),
            LeafUpdates.ForcedExit(A, 900, 1, Alice.PublicKey),
        ];
        var (trace, root) = AccountTreeTransitionTrace.Build(state.Accounts, updates);
        Assert.Equal(native.State.Accounts.Root, root);
        var air = new AccountTreeTransitionAir(state.Accounts.Root, root, updates);
        byte[] proof = StarkProver.ProveToBytes(air, trace, Fast);
        Assert.True(StarkVerifier.TryVerify(air, proof, out var why, minimumSecurityBits: 0), why?.ToString());

        // The proof is bound to each update's kind and figures.
        LeafUpdateStatement[] lessDeposited = [.. updates];
        lessDeposited[2] = LeafUpdates.Deposit(E, 39, Erin.PublicKey);
        Assert.False(StarkVerifier.TryVerify(new AccountTreeTransitionAir(state.Accounts.Root, root, lessDeposited), proof, out _, minimumSecurityBits: 0));
        LeafUpdateStatement[] otherKey = [.. updates];
        otherKey[1] = LeafUpdates.Register(D, 100, Erin.PublicKey);
        Assert.False(StarkVerifier.TryVerify(new AccountTreeTransitionAir(state.Accounts.Root, root, otherKey), proof, out _, minimumSecurityBits: 0));
    }

    [Fact]
    public void A_withdrawal_overdraft_has_no_accepted_proof() =>
        AssertNoProof(Funded().Accounts, LeafUpdates.Debit(B, 51, 0, Bob.PublicKey));

    [Fact]
    public void A_withdrawal_under_another_key_or_nonce_has_no_accepted_proof()
    {
        AccountTree tree = Funded().Accounts;
        AssertNoProof(tree, LeafUpdates.Debit(B, 5, 0, Alice.PublicKey));
        AssertNoProof(tree, LeafUpdates.Debit(B, 5, 1, Bob.PublicKey));
    }

    [Fact]
    public void A_transfer_to_an_occupied_slot_has_no_accepted_proof() =>
        AssertNoProof(Funded().Accounts, LeafUpdates.Debit(A, 5, 0, Alice.PublicKey), LeafUpdates.Register(B, 5, Dave.PublicKey));

    [Fact]
    public void A_deposit_onto_an_account_with_another_key_has_no_accepted_proof() =>
        AssertNoProof(Funded().Accounts, LeafUpdates.Deposit(B, 5, Alice.PublicKey));

    [Fact]
    public void A_deposit_credited_with_another_amount_or_twice_has_no_accepted_proof()
    {
        // The verifier builds the statements from L1's priority queue: the trace may not credit more than it says.
        AccountTree tree = Funded().Accounts;
        AssertNoProof(tree, [LeafUpdates.Deposit(B, 6, Bob.PublicKey)], [LeafUpdates.Deposit(B, 5, Bob.PublicKey)]);
        AssertNoProof(tree, [LeafUpdates.Deposit(B, 5, Bob.PublicKey), LeafUpdates.Deposit(B, 5, Bob.PublicKey)],
            [LeafUpdates.Deposit(B, 5, Bob.PublicKey), LeafUpdates.Credit(A, 0)]);
    }

    [Fact]
    public void A_forced_exit_by_a_non_owner_or_leaving_funds_has_no_accepted_proof()
    {
        AccountTree tree = Funded().Accounts;
        AssertNoProof(tree, LeafUpdates.ForcedExit(A, 1_000, 0, Bob.PublicKey));
        AssertNoProof(tree, LeafUpdates.ForcedExit(A, 999, 0, Alice.PublicKey));
        AssertNoProof(tree, LeafUpdates.ForcedExit(A, 1_001, 0, Alice.PublicKey));
    }

    [Fact]
    public void A_register_flag_set_on_an_occupied_slot_is_rejected()
    {
        // The prover picks the flag on a deposit; claiming "new slot" over Bob's existing account must fail.
        AccountTree tree = Funded().Accounts;
        LeafUpdateStatement[] updates = [LeafUpdates.Deposit(B, 5, Bob.PublicKey)];
        var (trace, root) = AccountTreeTransitionTrace.Build(tree, updates);
        var air = new AccountTreeTransitionAir(tree.Root, root, updates);
        Assert.True(StarkVerifier.TryVerify(air, StarkProver.ProveToBytes(air, trace, Fast), out _, minimumSecurityBits: 0));
        trace[AccountTreeTransitionLayout.Register, 0] = Felt.One;
        StarkProof cheat = StarkProver.Prove(air, trace, Fast, skipSelfChecks: true);
        Assert.False(StarkVerifier.TryVerify(air, ProofCodec.Encode(cheat), out _, minimumSecurityBits: 0));
    }
}
