namespace Lamina.L1.Rollups.Dispute.Derivation;

/// <summary>
/// Where a derived block came from, in the order derivation meets sources: the L1 height its channel completed at, then
/// the batch number and blob position of its last frame. A block derivation builds itself (the sequencer posted
/// nothing for a sequencing window, <see cref="IsAuto"/>) comes after every channel completing at its height, because
/// derivation applies a height's channels before it builds blocks of its own.
/// </summary>
public readonly record struct DerivationSource(ulong Height, ulong Batch, uint Position) : IComparable<DerivationSource>
{
    public static DerivationSource Auto(ulong height) => new(height, ulong.MaxValue, uint.MaxValue);

    public bool IsAuto => Batch == ulong.MaxValue && Position == uint.MaxValue;

    public int CompareTo(DerivationSource other) => (Height, Batch, Position).CompareTo((other.Height, other.Batch, other.Position));

    public override string ToString() => IsAuto ? $"derivation's own block at L1 height {Height}" : $"batch {Batch} blob {Position} (L1 height {Height})";
}
