using System.Buffers.Binary;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>
/// The <c>challenger</c> role's <c>freeload</c> fault (tests and demos): the freeloader OP Stack users complain about.
/// It opens no game and does no work; in every open game it counters each claim it knows to be wrong (judged by its
/// own derived history, like the honest challenger) before anyone else can, with an attack that carries a made-up
/// commitment: an attack is the leftmost counter, so if nobody countered it, it would take the wrong claim's bond from
/// the honest party that did the bisecting. The honest challenger therefore counters these claims too (they are
/// wrong, though on its side). It only bisects: descents and steps take real work, which is not what a freeloader does.
/// </summary>
public sealed class Freeloader(IDisputeL1 l1, IOutputHistory history, Func<ulong> heldThrough, RollupConfig rollup, Address me)
{
    private static readonly DomainTag MadeUp = new("lamina/l2/freeloader-claim");
    private readonly HashSet<(ulong Output, int Claim)> _countered = [];

    /// <summary>The last refused move (a clock ran out, another freeloader was first), null when none.</summary>
    public string? LastError { get; private set; }

    /// <summary>One round; returns how many claims it made.</summary>
    public async Task<int> TickAsync(CancellationToken cancellationToken)
    {
        var made = 0;
        foreach (var output in await l1.OutputsAsync(cancellationToken))
        {
            if (output.Status != OutputStatus.Disputed || output.L2BlockNumber > heldThrough()) continue;
            if (await l1.GameAsync(output.Index, cancellationToken) is not { Outcome: null } record) continue;
            var game = await ChallengerAgent.RebuildAsync(l1, rollup, record, cancellationToken);
            for (var g = 0; g < game.ClaimCount; g++)
            {
                var claim = game.Claim(g);
                if (claim.Claimant == me || _countered.Contains((output.Index, g)) || BondOfAttack(game, g) is not { } bond) continue;
                // Only claims on the main line (countering a true claim) are worth taking: the bond the work pays for.
                if (DisputeSolver.IsTrue(game, history, g) || (game.ParentOf(g) is var parent && parent >= 0 && !DisputeSolver.IsTrue(game, history, parent))) continue;
                _countered.Add((output.Index, g));
                try
                {
                    await l1.SendAsync(new DisputeMovePayload(rollup.Id, output.Index, bond, DisputeMove.Attack((uint)g, MadeUpCommitment(output.Index, g))), cancellationToken);
                    made++;
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    LastError = e.Message;
                }
            }
        }
        return made;
    }

    /// <summary>The bond of an attack on claim <paramref name="g"/>, or null where an attack is not a bisection move.</summary>
    private static UInt128? BondOfAttack(OutputDisputeGame game, int g)
    {
        var (sub, _) = game.Locate(g);
        var depth = game.Claim(g).Position.Depth;
        if (sub < 0) return depth < game.Config.BlockDepth ? game.Config.BondAt(depth + 1) : null;
        var execution = game.Subgames[sub].Game.Config;
        return depth < execution.MaxDepth ? execution.BondAt(depth + 1) : null;
    }

    private static Hash256 MadeUpCommitment(ulong output, int claim)
    {
        Span<byte> bytes = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, output);
        BinaryPrimitives.WriteInt32BigEndian(bytes[8..], claim);
        return DomainHasher.Hash(MadeUp, bytes);
    }
}
