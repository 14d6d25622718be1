using CsCheck;
using Lamina.L1.Rollups;
using Lamina.L2.Optimistic;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests.Rollups;

/// <summary>
/// Random runs of deposits, L2 withdrawals, outputs and payouts against the real L2 state machine. After every step:
/// the escrow account holds exactly deposits − finalized withdrawals, and that equals the L2 supply plus the
/// withdrawals burned on L2 but not yet paid on L1 (the "L1 locked = L2 supply + pending withdrawals").
/// </summary>
public sealed class RollupEscrowPropertyTests
{
    private static readonly int[] Users = [2, 3, 4, 5];

    /// <summary>(operation: 0 deposit, 1 L2 withdrawal, 2 output + window + payouts; user; amount seed).</summary>
    private static readonly Gen<(int Op, int User, ulong Amount)> Step = Gen.Select(Gen.Int[0, 2], Gen.Int[0, Users.Length - 1], Gen.ULong[1, 5_000],
        (op, user, amount) => (op, Users[user], amount));

    [Fact]
    public void Escrow_equals_deposits_minus_finalized_withdrawals_and_l2_supply_plus_pending()
    {
        Step.Array[1, 14].Sample(steps =>
        {
            var kit = new RollupKit();
            var l2 = new L2Side();
            var pending = new List<OptimisticWithdrawalReceipt>();
            UInt128 deposited = 0, paid = 0;
            foreach (var (op, user, amount) in steps)
            {
                switch (op)
                {
                    case 0:
                        kit.Block(1_000, kit.Deposit(user, Addr(user), amount));
                        l2.Credit(Addr(user), amount);
                        deposited += amount;
                        break;
                    case 1 when l2.Balance(Addr(user)) > 0:
                        pending.Add(l2.Withdraw(Key(user), Addr(7), 1 + amount % l2.Balance(Addr(user))));
                        break;
                    case 2:
                        var output = l2.Seal();
                        kit.Block(1_000, kit.Output(6, output.L2BlockNumber, output.Root));
                        kit.Block(RollupKit.WindowSeconds * 1000);
                        var index = kit.Rollup.NextOutput - 1;
                        foreach (var receipt in pending)
                        {
                            kit.Block(1, kit.Withdraw(8, index, receipt, l2.Prove(output, receipt)));
                            paid += receipt.Amount;
                        }
                        if (pending.Count > 0) Assert.Equal(RollupError.WithdrawalAlreadyFinalized, kit.Refused(kit.Withdraw(8, index, pending[0], l2.Prove(output, pending[0]))));
                        pending.Clear();
                        break;
                }
                var rollup = kit.Rollup;
                Assert.Equal(deposited - paid, kit.Escrow);
                Assert.Equal(kit.Escrow, rollup.Escrowed);
                Assert.Equal((deposited, paid), (rollup.TotalDeposited, rollup.TotalWithdrawn));
                UInt128 l2Supply = 0;
                foreach (var u in Users) l2Supply += l2.Balance(Addr(u));
                UInt128 unpaid = 0;
                foreach (var receipt in pending) unpaid += receipt.Amount;
                Assert.Equal(kit.Escrow, l2Supply + unpaid);
            }
        }, iter: 25);
    }
}
