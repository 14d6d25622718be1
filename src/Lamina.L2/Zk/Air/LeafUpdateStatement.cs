using System.Buffers.Binary;
using Lamina.L2.Zk.Crypto;
using Lamina.Stark.Field;

namespace Lamina.L2.Zk.Air;

/// <summary>
/// The public face of one account-leaf update in a <see cref="AccountTreeTransitionAir"/> segment: which leaf, by how much
/// its balance moves (a field element: −amount for a debit), whether its nonce goes up by one, and what the AIR pins
/// on the old and new leaf. Every operation kind is a short sequence of these (see <see cref="LeafUpdates"/>).
/// </summary>
/// <param name="ExpectedKey">The old leaf's key must be this one (the signer's key, or a deposit's registered key).</param>
/// <param name="ExpectedNonce">The old leaf's nonce must be this one (the signed nonce).</param>
/// <param name="RegisterKey">The new leaf's key must be this one; with <paramref name="RegisterRequired"/> the slot must
/// have been empty (old key zero), without it the slot is either empty or already holds this key (a deposit).</param>
/// <param name="EmptiesBalance">The new balance must be zero (a forced exit takes everything).</param>
/// <param name="ExpectedBalance">The old leaf's balance must be this one (an opening of a refused priority operation's leaf).</param>
public sealed record LeafUpdateStatement(uint Index, Felt DeltaBalance, bool BumpsNonce, Fp5? ExpectedKey = null,
    uint? ExpectedNonce = null, Fp5? RegisterKey = null, bool RegisterRequired = false, bool EmptiesBalance = false,
    ulong? ExpectedBalance = null)
{
    /// <summary>Length of <see cref="WriteTo"/>'s encoding.</summary>
    public const int ByteLength = 4 + 8 + 1 + Fp5.ByteLength + 4 + Fp5.ByteLength + 8;

    /// <summary>Canonical bytes bound into the transcript (flags, then the optional fields as zero when absent), little-endian.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Index);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[4..], DeltaBalance.Value);
        destination[12] = (byte)((BumpsNonce ? 1 : 0) | (ExpectedKey is null ? 0 : 2) | (ExpectedNonce is null ? 0 : 4)
            | (RegisterKey is null ? 0 : 8) | (EmptiesBalance ? 16 : 0) | (RegisterRequired ? 32 : 0) | (ExpectedBalance is null ? 0 : 64));
        (ExpectedKey ?? Fp5.Zero).WriteTo(destination.Slice(13, Fp5.ByteLength));
        BinaryPrimitives.WriteUInt32LittleEndian(destination[53..], ExpectedNonce ?? 0);
        (RegisterKey ?? Fp5.Zero).WriteTo(destination.Slice(57, Fp5.ByteLength));
        BinaryPrimitives.WriteUInt64LittleEndian(destination[97..], ExpectedBalance ?? 0);
    }
}
