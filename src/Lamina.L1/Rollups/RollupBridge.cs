using Lamina.L1.Modules;
using Lamina.L1.State;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups;

/// <summary>Funds in and out of a rollup, and the forced queue: deposits, withdrawal payouts, forced transactions.</summary>
internal static class RollupBridge
{
    /// <summary>Locks the amount in the escrow and appends deposit number <c>NextDeposit</c>.</summary>
    public static void Deposit(WorldState state, Transaction tx, RollupDepositPayload deposit, in BlockContext block)
    {
        var rollup = RollupLedger.Require(state, deposit.RollupId);
        var total = checked(rollup.TotalDeposited + deposit.Amount);
        // The sender's balance covers the amount: it is the payload's value at risk, checked before apply.
        RollupAccounts.Move(state, tx.From, RollupAccounts.Escrow(rollup.Id), deposit.Amount);
        state.SetRecord(RollupKeys.Deposit(rollup.Id, rollup.NextDeposit),
            new RollupDepositRecord(rollup.Id, rollup.NextDeposit, tx.From, deposit.L2Recipient, deposit.Amount, block.Height));
        state.SetRecord(RollupKeys.Rollup(rollup.Id), rollup with { TotalDeposited = total, NextDeposit = checked(rollup.NextDeposit + 1) });
    }

    /// <summary>Appends forced transaction number <c>NextForced</c> once its L2 signature verifies for this rollup.</summary>
    public static void ForceInclude(WorldState state, Transaction tx, RollupForceIncludePayload forced, in BlockContext block)
    {
        var rollup = RollupLedger.Require(state, forced.RollupId);
        if (!ForcedL2Transaction.VerifySignature(forced.L2Kind, forced.L2Transaction, rollup.Config))
            throw new RollupRejectedException(RollupError.BadForcedSignature, $"the forced L2 transaction's signature does not verify for L2 chain {rollup.Config.L2ChainId}, rollup {rollup.Id}");
        state.SetRecord(RollupKeys.Forced(rollup.Id, rollup.NextForced),
            new RollupForcedRecord(rollup.Id, rollup.NextForced, tx.From, forced.L2Kind, forced.L2Transaction, block.Height, block.TimeMs));
        state.SetRecord(RollupKeys.Rollup(rollup.Id), rollup with { NextForced = checked(rollup.NextForced + 1) });
    }

    /// <summary>
    /// Pays a withdrawal proven against a finalized output: checks, in order, the output exists and is finalized,
    /// the withdrawal id was never paid, the proof opens the output root and includes the receipt, and the escrow
    /// covers it; then credits the receipt's L1 recipient, marks the id paid and appends it to the rollup's paid list.
    /// </summary>
    public static void Withdraw(WorldState state, Transaction tx, RollupWithdrawPayload withdraw, in BlockContext block)
    {
        var rollup = RollupLedger.Require(state, withdraw.RollupId);
        var output = RollupLedger.FindOutput(state, rollup.Id, withdraw.OutputIndex)
            ?? throw new RollupRejectedException(RollupError.UnknownOutput, $"rollup {rollup.Id} has no output {withdraw.OutputIndex} (it has {rollup.NextOutput})");
        if (output.Status != OutputStatus.Finalized)
        {
            var when = output.Status == OutputStatus.Proposed ? $"; its challenge window ends at L1 time {output.FinalizesAtMs(rollup.Config)} ms" : "";
            throw new RollupRejectedException(RollupError.OutputNotFinalized, $"output {output.Index} of rollup {rollup.Id} is {output.Status}, not Finalized{when}");
        }
        var receipt = withdraw.Receipt;
        var id = receipt.Id;
        if (RollupLedger.FindWithdrawal(state, rollup.Id, id) is { } paid)
            throw new RollupRejectedException(RollupError.WithdrawalAlreadyFinalized, $"withdrawal {id} was already paid at L1 height {paid.L1Height}");
        try
        {
            withdraw.Proof.Verify(output.OutputRoot, receipt);
        }
        catch (InvalidWithdrawalProofException e)
        {
            throw new RollupRejectedException(RollupError.InvalidWithdrawalProof, $"withdrawal proof against output {output.Index}: {e.Error}: {e.Message}");
        }
        var withdrawn = checked(rollup.TotalWithdrawn + receipt.Amount);
        if (withdrawn > rollup.TotalDeposited)
            throw new RollupRejectedException(RollupError.EscrowInsufficient, $"rollup {rollup.Id} escrows {rollup.Escrowed}, less than the withdrawal's {receipt.Amount}");
        RollupAccounts.Move(state, RollupAccounts.Escrow(rollup.Id), receipt.L1Recipient, receipt.Amount);
        state.SetRecord(RollupKeys.Withdrawal(rollup.Id, id), new RollupWithdrawalRecord(rollup.Id, output.Index, receipt.L1Recipient, receipt.Amount, block.Height));
        var paidCount = RollupLedger.PaidWithdrawalCount(state, rollup.Id);
        state.SetRecord(RollupKeys.PaidWithdrawal(rollup.Id, paidCount), new RollupPaidWithdrawalRecord(paidCount, id, receipt.L2Sender, receipt.Nonce, tx.Hash));
        state.SetRecord(RollupKeys.PaidWithdrawalCount(rollup.Id), new RollupPaidWithdrawalCountRecord(checked(paidCount + 1)));
        state.SetRecord(RollupKeys.Rollup(rollup.Id), rollup with { TotalWithdrawn = withdrawn });
    }
}
