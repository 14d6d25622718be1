using CsCheck;
using Lamina.Core;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Tests.Rollups.Dispute;

/// <summary>
/// Derivation faults in deposits (issue 14): a proposer whose block credits a deposit L1 never recorded, or one L1
/// recorded with another recipient or amount, loses the game: the step checks every deposit against L1's queue by its
/// index, so L1 computes "rejected, nothing credited" where the liar's header says "credited". The challenger here
/// holds the liar's list (its block's transactions) and runs it under L1's rules. The control game without L1's
/// queue in the step shows this check is what defeats the lie.
/// </summary>
public sealed class DepositFaultTests
{
    private static readonly OutputGameConfig Config = OutputDisputeGameTests.Config;
    private static readonly Address Honest = new(Enumerable.Repeat((byte)0xAA, Address.Size).ToArray());
    private static readonly Address Liar = new(Enumerable.Repeat((byte)0xC1, Address.Size).ToArray());

    private sealed class Queue(IReadOnlyList<(Address Recipient, ulong Amount)> records) : IL1DepositQueue
    {
        public bool TryGet(ulong index, out Address recipient, out ulong amount)
        {
            var known = index < (ulong)records.Count;
            (recipient, amount) = known ? records[(int)index] : default;
            return known;
        }
    }

    /// <summary>Faults: 0 a fabricated deposit past L1's queue, 1 L1's deposit to another recipient, 2 with another amount, 3 both.</summary>
    private static (List<List<OneStepTransaction>> Honest, List<List<OneStepTransaction>> Lying, Queue Queue) Lists(int fault, ulong seed, int blocks, int faultBlock)
    {
        var signers = DisputeKit.Signers;
        var records = new List<(Address, ulong)>();
        var honest = new List<List<OneStepTransaction>>();
        var nonces = new ulong[signers.Length];
        for (var b = 1; b <= blocks; b++)
        {
            var txs = new List<OneStepTransaction>();
            // Block 1 funds every signer; every later block credits one more deposit.
            var deposits = b == 1 ? signers.Length : 1;
            for (var d = 0; d < deposits; d++)
            {
                var record = (signers[(d + b) % signers.Length].Address, 1_000 + seed % 97 + (ulong)b);
                txs.Add(OneStepTransaction.ForDeposit((ulong)records.Count, record.Address, record.Item2));
                records.Add(record);
            }
            for (var i = 0; i < 1 + (int)((seed + (ulong)b) % 3); i++)
            {
                var from = (int)((seed + (ulong)(b * 5 + i * 3)) % (ulong)signers.Length);
                txs.Add(OneStepTransaction.ForTransfer(OptimisticTransfer.Create(signers[from], DisputeKit.ChainId, DisputeKit.RollupId,
                    signers[(from + 1) % signers.Length].Address, 1 + (seed + (ulong)i) % 20, 0, nonces[from]++)));
            }
            honest.Add(txs);
        }
        var lying = honest.Select(l => l.ToList()).ToList();
        var list = lying[faultBlock - 1];
        var at = list.FindIndex(t => t.Kind == OneStepTransactionKind.Deposit);
        var real = list[at];
        list[at] = fault switch
        {
            0 => real,
            1 => OneStepTransaction.ForDeposit(real.DepositIndex, Liar, real.DepositAmount),
            2 => OneStepTransaction.ForDeposit(real.DepositIndex, real.DepositRecipient, real.DepositAmount + 1_000_000),
            _ => OneStepTransaction.ForDeposit(real.DepositIndex, Liar, real.DepositAmount * 1_000),
        };
        // A fabricated deposit takes the next index L1 has not recorded, right after the block's real deposits.
        if (fault == 0)
            list.Insert(list.FindLastIndex(t => t.Kind == OneStepTransactionKind.Deposit) + 1,
                OneStepTransaction.ForDeposit((ulong)lying.Take(faultBlock).Sum(l => l.Count(t => t.Kind == OneStepTransactionKind.Deposit)), Liar, 5_000_000));
        // Later blocks' deposits shift past the fabricated one in the liar's chain.
        if (fault == 0)
            for (var b = faultBlock; b < blocks; b++)
                for (var i = 0; i < lying[b].Count; i++)
                    if (lying[b][i] is { Kind: OneStepTransactionKind.Deposit } d)
                        lying[b][i] = OneStepTransaction.ForDeposit(d.DepositIndex + 1, d.DepositRecipient, d.DepositAmount);
        return (honest, lying, new Queue(records));
    }

    private static DisputeOutcome Play(int fault, ulong seed, int blocks, int faultBlock, int disputed, bool l1ChecksDeposits) =>
        Play(fault, seed, blocks, faultBlock, disputed, l1ChecksDeposits, out _);

    private static DisputeOutcome Play(int fault, ulong seed, int blocks, int faultBlock, int disputed, bool l1ChecksDeposits, out List<PlayedMove> log)
    {
        var (honestLists, lyingLists, queue) = Lists(fault, seed, blocks, faultBlock);
        var l1 = DisputeKit.Context with { Deposits = queue };
        var derived = new ListChain(honestLists, DisputeKit.Context);
        var lying = new ListChain(lyingLists, DisputeKit.Context);
        Assert.NotEqual(derived.OutputRoot((ulong)faultBlock), lying.OutputRoot((ulong)faultBlock));
        // The challenger: its outputs are derivation's, and it runs the liar's list of the faulty block under L1's rules.
        var judged = new DisputeKit(lyingLists[faultBlock - 1], derived.Trace((ulong)faultBlock - 1).Final.StateRoot, derived.Store, l1);
        Assert.False(judged.Final.AllApplied);
        derived.Judged = ((ulong)faultBlock, judged);

        var start = 1_000UL;
        var game = new OutputDisputeGame(Config, l1ChecksDeposits ? l1 : DisputeKit.Context, derived.Output(0)!.Value, (ulong)disputed, lying.OutputRoot((ulong)disputed), Liar, start);
        log = [];
        var honest = new OutputPlayer(game, derived, Honest, l1ChecksDeposits, log);
        var liar = new OutputPlayer(game, lying, Liar, false, log);
        var now = start;
        for (var round = 0; round < 500; round++)
            if (honest.Respond(now += 10) + liar.Respond(now += 10) == 0) break;
        var resolution = game.Resolve(start + game.ResolutionBoundMs);
        if (resolution.Outcome == DisputeOutcome.ChallengerWins)
        {
            for (var g = 0; g < game.ClaimCount; g++)
                if (game.Claim(g).Claimant == Honest) Assert.False(resolution.Countered[g], $"honest claim {g} was countered");
            Assert.True(resolution.PaidTo(Honest) >= honest.Bonded, "the honest side lost bond");
        }
        return resolution.Outcome;
    }

    [Fact]
    public void A_fabricated_deposit_loses_and_without_the_L1_check_it_would_have_won()
    {
        Assert.Equal(DisputeOutcome.ChallengerWins, Play(fault: 0, seed: 3, blocks: 3, faultBlock: 2, disputed: 3, l1ChecksDeposits: true, out var log));
        // Won by L1's one step on the fabricated deposit.
        Assert.Contains(log, m => m.Move.IsStep && m.Mover == Honest);
        // The hole this closes: a step that trusts the listed deposit credits it, so the liar's header holds.
        Assert.Equal(DisputeOutcome.DefenderWins, Play(fault: 0, seed: 3, blocks: 3, faultBlock: 2, disputed: 3, l1ChecksDeposits: false));
    }

    [Fact]
    public void Every_fabricated_or_altered_deposit_loses_at_any_block()
    {
        Gen.Select(Gen.Int[0, 3], Gen.ULong[0, 1_000], Gen.Int[1, 5], Gen.Int[0, 100], Gen.Int[0, 100])
            .Sample((fault, seed, blocks, f, d) =>
            {
                var faultBlock = 1 + f % blocks;
                var disputed = faultBlock + d % (blocks - faultBlock + 1);
                Assert.Equal(DisputeOutcome.ChallengerWins, Play(fault, seed, blocks, faultBlock, disputed, l1ChecksDeposits: true));
            }, iter: 30, threads: 1);
    }
}
