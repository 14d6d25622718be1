using System.Buffers.Binary;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.State;

namespace Lamina.L1.Rollups;

/// <summary>
/// The L1 accounts that hold a rollup's funds, so they stay ordinary balances (visible through <c>l1_getAccount</c>,
/// counted in every supply sum): the <see cref="Escrow"/> holds deposits not yet withdrawn, the
/// <see cref="BondVault"/> the bonds of outputs not yet settled. Their addresses are hashes no key can sign for.
/// Payouts are bounded by the rollup's record, never by these balances, so funds transferred to them directly
/// (which no rule can stop) are merely stuck: they cannot be withdrawn through the rollup.
/// </summary>
public static class RollupAccounts
{
    private static readonly DomainTag EscrowTag = new("lamina/l1/rollups/escrow");
    private static readonly DomainTag BondTag = new("lamina/l1/rollups/bond-vault");

    public static Address Escrow(ulong rollupId) => Derive(EscrowTag, rollupId);

    public static Address BondVault(ulong rollupId) => Derive(BondTag, rollupId);

    /// <summary>Moves <paramref name="amount"/> between two L1 accounts with checked arithmetic.</summary>
    internal static void Move(WorldState state, Address from, Address to, UInt128 amount)
    {
        if (amount == UInt128.Zero) return;
        var source = state.GetAccount(from);
        if (source.Balance < amount) throw new InvalidOperationException($"account {from} holds {source.Balance}, cannot move {amount}");
        state.SetAccount(from, source with { Balance = checked(source.Balance - amount) });
        var target = state.GetAccount(to);
        state.SetAccount(to, target with { Balance = checked(target.Balance + amount) });
    }

    private static Address Derive(DomainTag tag, ulong rollupId)
    {
        Span<byte> id = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(id, rollupId);
        Span<byte> digest = stackalloc byte[Hash256.Size];
        DomainHasher.Hash(tag, id).CopyTo(digest);
        return new Address(digest[..Address.Size]);
    }
}
