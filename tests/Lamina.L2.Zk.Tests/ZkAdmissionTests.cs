using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Operator;
using Lamina.L2.Zk.Transactions;
using static Lamina.L2.Zk.Tests.ZkOperatorFixture;

namespace Lamina.L2.Zk.Tests;

public sealed class ZkAdmissionTests
{
    private static async Task<ZkOperatorFixture> FundedAsync()
    {
        var f = new ZkOperatorFixture();
        f.L1.QueueDeposit(A, Alice.PublicKey, 1_000);
        f.L1.QueueDeposit(B, Bob.PublicKey, 50);
        await f.Operator.TickAsync(CancellationToken.None);
        return f;
    }

    [Fact]
    public async Task Priority_operations_from_L1_enter_the_pending_state_in_serial_order()
    {
        using var f = await FundedAsync();
        Assert.Equal(2UL, f.Core.NextPrioritySerial);
        Assert.Equal(1_000UL, f.Core.GetAccount(A).Balance);
        Assert.Equal(Bob.PublicKey, f.Core.GetAccount(B).Key);
        Assert.Equal(2, f.Core.Pending(10).Count);
        // Asking again for serials it already holds adds nothing.
        Assert.Equal(0, f.Core.AddPriorityOps(await f.L1.GetPriorityOpsAsync(0, 10, CancellationToken.None)));
    }

    [Fact]
    public async Task A_valid_transfer_is_applied_to_the_pending_state_and_listed_as_pending()
    {
        using var f = await FundedAsync();
        TransferTx tx = f.Transfer(Alice, A, B, 100, 0);
        var (hash, sequence) = f.Core.Admit(tx.Encode());
        Assert.Equal(ZkOperatorCore.HashOf(tx), hash);
        Assert.Equal(2UL, sequence); // after the two deposits
        Assert.Equal(900UL, f.Core.GetAccount(A).Balance);
        Assert.Equal(1U, f.Core.GetAccount(A).Nonce);
        Assert.Equal(150UL, f.Core.GetAccount(B).Balance);
        Assert.Equal(hash, f.Core.Pending(10)[^1].Hash);
    }

    public static TheoryData<string, ZkTxError> Refusals => new()
    {
        { "signed by another key", ZkTxError.BadSignature },
        { "replayed nonce", ZkTxError.WrongNonce },
        { "skipped nonce", ZkTxError.WrongNonce },
        { "overdraft", ZkTxError.InsufficientBalance },
        { "unknown sender", ZkTxError.UnknownAccount },
        { "self transfer", ZkTxError.SelfTransfer },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_transaction_breaking_a_rule_is_refused_with_the_rule_and_changes_nothing(string what, ZkTxError expected)
    {
        using var f = await FundedAsync();
        f.Core.Admit(f.Transfer(Alice, A, B, 1, 0));
        var before = f.Core.PendingHead();
        TransferTx tx = what switch
        {
            "signed by another key" => f.Transfer(Bob, A, B, 1, 1),
            "replayed nonce" => f.Transfer(Alice, A, B, 1, 0),
            "skipped nonce" => f.Transfer(Alice, A, B, 1, 2),
            "overdraft" => f.Transfer(Bob, B, A, 52, 0), // Bob holds 51 after the first transfer
            "unknown sender" => f.Transfer(Carol, C, A, 1, 0),
            _ => f.Transfer(Alice, A, A, 1, 1),
        };
        var e = Assert.Throws<ZkTransactionRejectedException>(() => f.Core.Admit(tx.Encode()));
        Assert.Equal(ZkRejection.Rule, e.Reason);
        Assert.Equal(expected, e.Rule);
        Assert.Equal(before, f.Core.PendingHead());
    }

    [Fact]
    public async Task Malformed_bytes_and_priority_kinds_are_refused_with_their_reason()
    {
        using var f = await FundedAsync();
        byte[] good = f.Transfer(Alice, A, B, 1, 0).Encode();
        Assert.Equal(ZkRejection.Malformed, Assert.Throws<ZkTransactionRejectedException>(() => f.Core.Admit(good.AsSpan(0, good.Length - 1))).Reason);
        Assert.Equal(ZkRejection.Malformed, Assert.Throws<ZkTransactionRejectedException>(() => f.Core.Admit([.. good, 0])).Reason);
        var deposit = new DepositOp(2, C, Carol.PublicKey, 5);
        var e = Assert.Throws<ZkTransactionRejectedException>(() => f.Core.Admit(deposit.Encode()));
        Assert.Equal(ZkRejection.PriorityKind, e.Reason);
        Assert.Equal("priorityKind", e.Code);
    }

    [Fact]
    public async Task A_frozen_rollup_and_a_full_log_refuse_transactions()
    {
        using var f = new ZkOperatorFixture(new ZkOperatorOptions(MaxBatchOps: 2, MaxPendingOps: 2));
        f.L1.QueueDeposit(A, Alice.PublicKey, 1_000);
        f.L1.QueueDeposit(B, Bob.PublicKey, 50);
        await f.Operator.TickAsync(CancellationToken.None); // the two deposits fill a batch, which is cut at once
        f.Core.Admit(f.Transfer(Alice, A, B, 1, 0));
        f.Core.Admit(f.Transfer(Alice, A, B, 1, 1));
        Assert.Equal(ZkRejection.Full, Assert.Throws<ZkTransactionRejectedException>(() => f.Core.Admit(f.Transfer(Alice, A, B, 1, 2))).Reason);
        f.L1.Freeze();
        await f.Operator.TickAsync(CancellationToken.None);
        Assert.True(f.Core.Frozen);
        Assert.Equal(ZkRejection.Frozen, Assert.Throws<ZkTransactionRejectedException>(() => f.Core.Admit(f.Transfer(Bob, B, A, 1, 0))).Reason);
        await f.Operator.WaitForProofsAsync();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public async Task Registering_a_key_plus_or_minus_G_is_refused_at_admission_because_no_signature_under_it_can_be_proven(int secret)
    {
        using var f = await FundedAsync();
        var before = f.Core.PendingHead();
        EcGfp5Point point = secret > 0 ? EcGfp5Point.Generator : -EcGfp5Point.Generator;
        var tx = TransferToNewTx.Create(A, C, ZkPublicKey.FromEncoding(point.Encode()), PackedAmount.Pack(10), 0, Alice, Domain);
        var e = Assert.Throws<ZkTransactionRejectedException>(() => f.Core.Admit(tx.Encode()));
        Assert.Equal(ZkRejection.Rule, e.Reason);
        Assert.Equal(ZkTxError.UnprovableKey, e.Rule);
        Assert.Equal("unprovableKey", e.Code);
        Assert.Equal(before, f.Core.PendingHead());
        // An honest key in the same place is admitted.
        f.Core.Admit(TransferToNewTx.Create(A, C, Carol.PublicKey, PackedAmount.Pack(10), 0, Alice, Domain).Encode());
        Assert.Equal(Carol.PublicKey, f.Core.GetAccount(C).Key);
    }
}
