using Lamina.Core;
using Lamina.L1.Transactions;
using Lamina.L1.ZkRollups;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using static Lamina.L1.Tests.ZkRollups.ZkKit;

namespace Lamina.L1.Tests.ZkRollups;

/// <summary>
/// Conservation as a property over random workloads: after every L1 block, the rollup's escrow account holds exactly
/// the sum of the balances in the last proven L2 state plus the deposits still pending (refused deposits are refunded
/// by their batch, withdrawals paid at once), and after exodus every account and pending deposit is paid out to the
/// unit and the escrow is empty. Batches come from the native executor (deposits onto another key's slot are refused,
/// transfers, withdrawals, partial queue consumption) and are applied through the committed-block path, which takes the
/// declared effects without a proof (proofs are what the settlement tests exercise; this checks L1's accounting).
/// </summary>
public sealed class ZkConservationPropertyTests
{
    private static readonly ZkSigningKey[] Keys = [ZkKey(11), ZkKey(12), ZkKey(13), ZkKey(14)];
    private static readonly uint[] Slots = [5, 600, 70_000, 16_000_000];
    private static readonly ZkBatchProof NoProof = new([], [], []);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Escrow_equals_proven_balances_plus_pending_deposits_through_batches_and_exodus(int seed)
    {
        var random = new Random(seed);
        var kit = new ZkKit();
        var executor = new ZkBatchExecutor(Domain);
        var state = new ZkState();
        var committed = kit.Next() with { CommittedDataRoot = new Hash256(Enumerable.Repeat((byte)7, 32).ToArray()) };
        var paidOut = new Dictionary<Address, UInt128>();

        for (var round = 0; round < 6; round++)
        {
            var deposits = new List<Transaction>();
            for (var d = random.Next(1, 4); d > 0; d--)
            {
                // Mostly a slot's own key; sometimes another key onto an occupied slot, which the rollup refuses (refund).
                var slot = random.Next(Slots.Length);
                var key = random.Next(5) == 0 ? Keys[(slot + 1) % Keys.Length] : Keys[slot];
                deposits.Add(kit.Deposit(2 + random.Next(4), Slots[slot], key, (ulong)random.Next(1, 5_000)));
            }
            kit.Block([.. deposits]);
            AssertConserved(kit, state);

            var pending = kit.Pending();
            var next = state.Clone();
            var ops = new List<PubdataOp>();
            // A random prefix of the queue, but never leaving a request from an earlier round (it would hit the exodus delay).
            var overdue = pending.Count(op => ZkLedger.FindPriority(kit.State, Id, ((DepositOp)op).Serial)!.QueuedAtHeight < kit.Height);
            foreach (var op in pending.Take(random.Next(overdue, pending.Count + 1))) ops.Add(executor.Apply(next, op, ops.Count));
            for (var t = random.Next(0, 4); t > 0; t--)
            {
                if (UserTransaction(random, next) is { } tx) ops.Add(executor.Apply(next, tx, ops.Count));
            }
            if (ops.Count == 0) continue;
            var effects = ZkBatchEffects.FromPubdata(next.Accounts.Root, ops, kit.Rollup.PriorityProcessed);
            foreach (var payout in effects.Payouts) paidOut[payout.Recipient] = paidOut.GetValueOrDefault(payout.Recipient) + payout.Amount;
            var bare = Transaction.FromBytes(kit.Submit(kit.Rollup.NextBatch, effects, PubdataCodec.Encode(ops), NoProof).Encoded);
            kit.Block(committed with { Height = kit.Height + 1, TimeMs = committed.TimeMs + (kit.Height + 1) * 1_000 }, bare);
            state = next;
            Assert.Equal(next.Accounts.Root, kit.Rollup.AccountRoot);
            AssertConserved(kit, state);
            foreach (var (payee, amount) in paidOut) Assert.Equal(amount, kit.Balance(payee));
        }

        // Exodus: a deposit waits and no batch comes; then everyone leaves with exactly what the proven state holds.
        kit.Block(kit.Deposit(2, Slots[0], Keys[0], 1));
        while (!kit.Rollup.IsFrozen) kit.Block();
        AssertConserved(kit, state);
        var claims = new List<Transaction>();
        for (var i = 0; i < Slots.Length; i++)
        {
            var leaf = state.Accounts.Get(Slots[i]);
            if (leaf.IsEmpty || leaf.Balance == 0) continue;
            claims.Add(kit.Tx(6, ZkExodusPayload.Sign(Id, Slots[i], leaf, state.Accounts.Siblings(Slots[i]), Payee((byte)(0x90 + i)), Keys[Array.IndexOf(Keys, Keys.First(k => k.PublicKey == leaf.Key))], Domain)));
        }
        foreach (var op in kit.Pending()) claims.Add(kit.Tx(7, new ZkRefundPayload(Id, ((DepositOp)op).Serial)));
        kit.Block([.. claims]);
        for (var i = 0; i < Slots.Length; i++) Assert.Equal((UInt128)state.Accounts.Get(Slots[i]).Balance, kit.Balance(Payee((byte)(0x90 + i))));
        Assert.Equal(UInt128.Zero, kit.Escrow);
        Assert.Equal(UInt128.Zero, kit.Rollup.Escrowed);
    }

    /// <summary>A valid transfer or withdrawal by a funded account of <paramref name="state"/>, or null when none can pay.</summary>
    private static ZkTransaction? UserTransaction(Random random, ZkState state)
    {
        var funded = Enumerable.Range(0, Slots.Length).Where(i => state.Accounts.Get(Slots[i]) is { IsEmpty: false, Balance: > 0 }).ToList();
        if (funded.Count == 0) return null;
        var from = funded[random.Next(funded.Count)];
        var leaf = state.Accounts.Get(Slots[from]);
        var key = Keys.First(k => k.PublicKey == leaf.Key);
        var amount = (ulong)random.Next(1, (int)Math.Min(leaf.Balance, 1_000) + 1);
        var others = funded.Where(i => i != from).ToList();
        if (others.Count > 0 && random.Next(2) == 0 && PackedAmount.TryPack(amount, out var packed))
            return TransferTx.Create(Slots[from], Slots[others[random.Next(others.Count)]], packed, leaf.Nonce, key, Domain);
        return WithdrawalTx.Create(Slots[from], amount, Payee((byte)(0x10 + from)), leaf.Nonce, key, Domain);
    }

    private static void AssertConserved(ZkKit kit, ZkState proven)
    {
        UInt128 balances = 0;
        foreach (var slot in Slots) balances += proven.Accounts.Get(slot).Balance;
        UInt128 pending = 0;
        foreach (var op in kit.Pending()) pending += ((DepositOp)op).Amount;
        Assert.Equal(kit.Rollup.Escrowed, kit.Escrow);
        Assert.Equal(balances + pending, kit.Escrow);
    }
}
