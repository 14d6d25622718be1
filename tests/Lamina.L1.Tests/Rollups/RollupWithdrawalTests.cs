using Lamina.Core;
using Lamina.L1.Rollups;
using Lamina.L2.Optimistic;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests.Rollups;

/// <summary>
/// Withdrawals proven with the real L2 state machine's proofs: none before the window, none twice, none against a root
/// that is not finalized, none with a tampered proof, and one proven against a replaced root can be proven again
/// against its replacement.
/// </summary>
public sealed class RollupWithdrawalTests
{
    private const int User = 4;
    private static readonly Address Recipient = Addr(6);

    /// <summary>Key 4 deposits 1,000 and withdraws 400 to key 6 on L2; the output over that state is posted as output 1.</summary>
    private static (RollupKit Kit, L2Side L2, OptimisticOutput Output, OptimisticWithdrawalReceipt Receipt) Posted()
    {
        var kit = new RollupKit();
        var l2 = new L2Side();
        kit.Block(1_000, kit.Deposit(User, Addr(User), 1_000));
        l2.Credit(Addr(User), 1_000);
        var receipt = l2.Withdraw(Key(User), Recipient, 400);
        var output = l2.Seal();
        kit.Block(1_000, kit.Output(3, output.L2BlockNumber, output.Root));
        return (kit, l2, output, receipt);
    }

    private static void PassWindow(RollupKit kit) => kit.Block(RollupKit.WindowSeconds * 1000);

    [Fact]
    public void A_withdrawal_proven_against_a_finalized_output_pays_the_recipient_from_the_escrow_once()
    {
        var (kit, l2, output, receipt) = Posted();
        var proof = l2.Prove(output, receipt);
        Assert.Equal(RollupError.OutputNotFinalized, kit.Refused(kit.Withdraw(5, 1, receipt, proof)));
        PassWindow(kit);

        var before = kit.Balance(Recipient);
        kit.Block(1_000, kit.Withdraw(5, 1, receipt, proof)); // key 5 relays; key 6 receives
        Assert.Equal(before + 400, kit.Balance(Recipient));
        Assert.Equal((UInt128)600, kit.Escrow);
        Assert.Equal((UInt128)400, kit.Rollup.TotalWithdrawn);
        Assert.Equal(new RollupWithdrawalRecord(RollupKit.Id, 1, Recipient, 400, kit.Height), RollupLedger.FindWithdrawal(kit.State, RollupKit.Id, receipt.Id));
        // It heads the rollup's paid list, which a refused payout below leaves as it is.
        Assert.Equal(1UL, RollupLedger.PaidWithdrawalCount(kit.State, RollupKit.Id));
        var listed = RollupLedger.FindPaidWithdrawal(kit.State, RollupKit.Id, 0)!;
        Assert.Equal((0UL, receipt.Id, receipt.L2Sender, receipt.Nonce), (listed.Number, listed.WithdrawalId, listed.L2Sender, listed.Nonce));

        Assert.Equal(RollupError.WithdrawalAlreadyFinalized, kit.Refused(kit.Withdraw(5, 1, receipt, proof)));
        // Nor again through a later output that also commits to it: replay protection is by withdrawal id.
        var later = l2.Seal();
        kit.Block(1_000, kit.Output(3, later.L2BlockNumber, later.Root));
        PassWindow(kit);
        Assert.Equal(RollupError.WithdrawalAlreadyFinalized, kit.Refused(kit.Withdraw(5, 2, receipt, l2.Prove(later, receipt))));
        Assert.Equal(1UL, RollupLedger.PaidWithdrawalCount(kit.State, RollupKit.Id));
    }

    [Fact]
    public void Tampered_proofs_receipts_and_wrong_outputs_are_refused()
    {
        var (kit, l2, output, receipt) = Posted();
        PassWindow(kit);
        var proof = l2.Prove(output, receipt);
        Assert.Equal(RollupError.InvalidWithdrawalProof, kit.Refused(kit.Withdraw(5, 1, receipt with { Amount = 401 }, proof)));
        Assert.Equal(RollupError.InvalidWithdrawalProof, kit.Refused(kit.Withdraw(5, 1, receipt with { L1Recipient = Addr(5) }, proof)));
        Assert.Equal(RollupError.InvalidWithdrawalProof, kit.Refused(kit.Withdraw(5, 1, receipt, proof with { Output = output with { L2BlockNumber = 2 } })));
        // The genesis output is final but does not commit to this receipt.
        Assert.Equal(RollupError.InvalidWithdrawalProof, kit.Refused(kit.Withdraw(5, 0, receipt, proof)));
        Assert.Equal(RollupError.UnknownOutput, kit.Refused(kit.Withdraw(5, 7, receipt, proof)));
        Assert.Equal((UInt128)1_000, kit.Escrow);
    }

    [Fact]
    public void A_withdrawal_against_a_replaced_root_is_refused_and_proven_again_against_the_replacement()
    {
        var (kit, l2, output, receipt) = Posted();
        var proof = l2.Prove(output, receipt);
        // Issue 14's game would do this: output 1 loses, and a replacement for the same state is posted and finalizes.
        var lost = RollupLedger.FindOutput(kit.State, RollupKit.Id, 1)!;
        kit.State.SetRecord(RollupKeys.Output(RollupKit.Id, 1), lost with { Status = OutputStatus.Replaced });
        var replacement = l2.Seal();
        kit.Block(1_000, kit.Output(3, replacement.L2BlockNumber, replacement.Root));
        PassWindow(kit);
        Assert.Equal(RollupError.OutputNotFinalized, kit.Refused(kit.Withdraw(5, 1, receipt, proof)));
        kit.Block(1_000, kit.Withdraw(5, 2, receipt, l2.Prove(replacement, receipt)));
        Assert.Equal((UInt128)600, kit.Escrow);
    }

    [Fact]
    public void A_withdrawal_larger_than_the_escrow_is_refused()
    {
        var kit = new RollupKit();
        var l2 = new L2Side();
        kit.Block(1_000, kit.Deposit(User, Addr(User), 100));
        // An L2 state (a wrong one that nobody disputed) that credits more than L1 ever locked.
        l2.Credit(Addr(User), 5_000);
        var receipt = l2.Withdraw(Key(User), Recipient, 5_000);
        var output = l2.Seal();
        kit.Block(1_000, kit.Output(3, output.L2BlockNumber, output.Root));
        PassWindow(kit);
        Assert.Equal(RollupError.EscrowInsufficient, kit.Refused(kit.Withdraw(5, 1, receipt, l2.Prove(output, receipt))));
    }
}
