using Lamina.Core;
using Lamina.L1.Blocks;

namespace Lamina.L1.Chain;

/// <summary>
/// Committed blocks this node executed and refused, so that the same block offered again is refused without executing
/// it again. Block sync asks every peer for the next block each round, so a committed block this node cannot accept
/// came back from each peer every second, and each time it was executed again; one holding a failed ZK batch without
/// its pubdata is executed up to 1 + 19 times per offer (<see cref="BlockPipeline"/> tries each candidate failure
/// code). Only execution's refusals are kept, after the commit and the body were checked against the header, so a
/// forged commit or a tampered body cannot get the real block refused; the key also says whether every carried blob's
/// bytes were held, since a block refused without them may verify with them. At most <see cref="Capacity"/> blocks,
/// the oldest forgotten first.
/// </summary>
internal sealed class RefusedBlocks(int capacity = RefusedBlocks.DefaultCapacity)
{
    public const int DefaultCapacity = 64;

    private readonly Lock _gate = new();
    private readonly Dictionary<(Hash256 Hash, bool Complete), InvalidBlockException> _refused = [];
    private readonly Queue<(Hash256 Hash, bool Complete)> _order = new();

    public int Capacity { get; } = capacity;

    /// <summary>The refusal of <paramref name="block"/> as it is now (with the same blob bytes held), if it was refused before.</summary>
    public InvalidBlockException? Find(Block block)
    {
        lock (_gate) return _refused.GetValueOrDefault(Key(block));
    }

    public void Remember(Block block, InvalidBlockException refusal)
    {
        var key = Key(block);
        lock (_gate)
        {
            if (!_refused.TryAdd(key, refusal)) return;
            _order.Enqueue(key);
            while (_order.Count > Capacity) _refused.Remove(_order.Dequeue());
        }
    }

    private static (Hash256, bool) Key(Block block)
    {
        var complete = true;
        foreach (var tx in block.Transactions)
        {
            if (tx.Payload.CarriedBlob is { HasData: false }) complete = false;
        }
        return (block.Hash, complete);
    }
}
