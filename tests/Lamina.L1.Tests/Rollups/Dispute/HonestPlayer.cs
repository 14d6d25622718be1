using Lamina.Core;
using Lamina.L1.Rollups.Dispute;

namespace Lamina.L1.Tests.Rollups.Dispute;

/// <summary>
/// The honest party of a test game: it counters the root if it is wrong and every claim that counters a claim it
/// stands behind (see <see cref="Correct"/>), attacking a wrong value and defending a right one, and at the maximum
/// depth steps with a proof built from its own execution.
/// </summary>
internal sealed class HonestPlayer(DisputeKit kit, DisputeGame game, Address me, List<(DisputeMove Move, Address Mover, UInt128 Bond, ulong Ms)> log)
{
    private readonly HashSet<int> _handled = [];
    private readonly Dictionary<int, bool> _supports = [];

    public Address Address => me;
    public int Moves { get; private set; }
    public UInt128 Bonded { get; private set; }

    public Hash256 Truth(GamePosition position) => kit.At(position.TraceIndex(game.Config.MaxDepth)).Commitment;

    public bool IsTrue(DisputeClaim claim) => claim.Commitment == Truth(claim.Position);

    /// <summary>Answers every claim not answered yet; returns how many moves it made.</summary>
    public int Respond(ulong nowMs)
    {
        var made = 0;
        for (var i = 0; i < game.Claims.Count; i++)
        {
            var claim = game.Claims[i];
            if (!_handled.Add(i)) continue;
            var counter = claim.Claimant != me && !Correct(claim);
            _supports[i] = claim.Claimant == me || (claim.IsRoot && IsTrue(claim));
            if (!counter) continue;
            var attack = !IsTrue(claim);
            if (claim.Position.Depth < game.Config.MaxDepth)
            {
                var position = attack ? claim.Position.Attack() : claim.Position.Defend();
                var bond = game.Config.BondAt(position.Depth);
                var move = attack ? DisputeMove.Attack((uint)i, Truth(position)) : DisputeMove.Defend((uint)i, Truth(position));
                game.Apply(move, me, bond, nowMs);
                log.Add((move, me, bond, nowMs));
                Bonded += bond;
            }
            else
            {
                var index = claim.Position.TraceIndex(game.Config.MaxDepth);
                var pre = attack ? (index == 0 ? kit.Prestate : kit.At(index - 1)) : kit.At(index);
                var move = DisputeMove.StepOn((uint)i, attack, kit.ProofFrom(pre));
                game.Apply(move, me, 0, nowMs);
                log.Add((move, me, 0, nowMs));
            }
            made++;
        }
        Moves += made;
        return made;
    }

    /// <summary>
    /// OP Stack's honest solver: answer the root if it is wrong, and every claim that counters one of the honest
    /// party's own claims (or the true root). Claims elsewhere in the tree decide only subtrees the honest party is
    /// not in, so answering them would lock bonds for nothing (the challenger agent's freeloader policy is issue 14's
    /// next step).
    /// </summary>
    private bool Correct(DisputeClaim claim)
    {
        if (claim.IsRoot) return IsTrue(claim);
        return !Supports(claim.ParentIndex);
    }

    private bool Supports(int index) => _supports.TryGetValue(index, out var s) ? s : throw new InvalidOperationException($"claim {index} not seen");
}
