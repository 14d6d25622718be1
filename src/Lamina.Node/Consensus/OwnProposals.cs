using Lamina.Consensus;
using Lamina.Core.Codec;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;

namespace Lamina.Node.Consensus;

/// <summary>
/// The blocks this validator proposed for heights not yet committed. Durability comes from the consensus WAL: the
/// block travels in its <see cref="ProposeValue.Value"/>, logged and fsynced before the proposal is signed, so a
/// proposer killed after signing finds the block again on replay (<see cref="DurableConsensus.RecoveredValues"/>).
/// Without it the replay re-derives the proposal, prevote and precommit but holds nothing to broadcast or commit; a
/// one-validator chain then waits forever, since the double-sign guard rightly refuses any other block for that
/// height and round. Keeping the block in the WAL record rather than in a store of its own saves a second synced
/// write on every proposal.
/// </summary>
internal sealed class OwnProposals
{
    private readonly SortedDictionary<(ulong Height, uint Round), Block> _blocks = [];

    /// <summary>Rebuilds the blocks above <paramref name="committedHeight"/> from the values the WAL gave back.</summary>
    public static OwnProposals Recover(IReadOnlyList<ProposeValue> values, ulong committedHeight)
    {
        var own = new OwnProposals();
        foreach (var value in values)
        {
            if (value.Height <= committedHeight) continue;
            Block block;
            try
            {
                block = Canonical.Decode<Block>(value.Value.Span);
            }
            catch (CodecException e)
            {
                throw new CorruptStoreException($"the block logged with the proposal at height {value.Height} round {value.Round} does not decode: {e.Message}");
            }
            if (block.Hash != value.BlockId)
            {
                throw new CorruptStoreException($"the block logged with the proposal at height {value.Height} round {value.Round} hashes to {block.Hash}, not {value.BlockId}");
            }
            own._blocks[(value.Height, value.Round)] = block;
        }
        return own;
    }

    public IEnumerable<Block> All => _blocks.Values;

    public void Add(ulong height, uint round, Block block) => _blocks[(height, round)] = block;

    public Block? Get(ulong height, uint round) => _blocks.GetValueOrDefault((height, round));

    /// <summary>Forgets the proposals at or below a committed height: they can never be needed again.</summary>
    public void DropThrough(ulong committedHeight)
    {
        while (_blocks.Count > 0)
        {
            var first = _blocks.Keys.First();
            if (first.Height > committedHeight) return;
            _blocks.Remove(first);
        }
    }
}
