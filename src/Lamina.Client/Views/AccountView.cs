using System.Text.Json.Nodes;
using Lamina.Core;

namespace Lamina.Client.Views;

/// <summary>l1_getAccount: the balance and nonce at a height, and the next nonce counting the node's mempool.</summary>
public sealed record AccountView(Address Address, ulong Height, UInt128 Balance, ulong Nonce, ulong PendingNonce)
{
    public JsonObject Json { get; init; } = [];

    public static AccountView Read(ViewReader r)
        => new(r.Address("address"), r.ULong("height"), r.Amount("balance"), r.ULong("nonce"), r.ULong("pendingNonce")) { Json = r.Json };
}
