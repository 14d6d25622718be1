using Lamina.Core;
using Lamina.L1.Rollups.Dispute;

namespace Lamina.L1.Tests.Rollups.Dispute;

/// <summary>A move as applied to an output game (global parent index), for replay and for L1 transactions.</summary>
internal sealed record PlayedMove(DisputeMove Move, Address Mover, UInt128 Bond, ulong Ms);

/// <summary>
/// One party of a test game: <see cref="DisputeSolver"/> over what <paramref name="view"/> says is true, its moves
/// applied to the game and logged. An honest player's moves must all be accepted; a liar's refused ones are skipped
/// (it lacks a preimage or a valid step), so it simply does not move there.
/// </summary>
internal sealed class OutputPlayer(OutputDisputeGame game, IOutputHistory view, Address me, bool honest, List<PlayedMove> log)
{
    public Address Address => me;
    public int Moves { get; private set; }
    public UInt128 Bonded { get; private set; }

    /// <summary>Makes every move the solver asks for now; returns how many were accepted.</summary>
    public int Respond(ulong nowMs)
    {
        var made = 0;
        foreach (var (move, bond) in DisputeSolver.NextMoves(game, view, me, counterFreeloaders: honest))
        {
            try
            {
                game.Apply(move, me, bond, nowMs);
            }
            catch (InvalidDisputeMoveException) when (!honest)
            {
                continue;
            }
            log.Add(new PlayedMove(move, me, bond, nowMs));
            Bonded += bond;
            made++;
        }
        Moves += made;
        return made;
    }
}
