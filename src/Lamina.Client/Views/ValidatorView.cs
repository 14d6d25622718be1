using System.Text.Json.Nodes;
using Lamina.Core;

namespace Lamina.Client.Views;

/// <summary>l1_getValidator: an operator's stake and standing. Its unbonding entries stay in <see cref="Json"/>.</summary>
public sealed record ValidatorView(Address Address, ulong Height, UInt128 Stake, bool Jailed, ulong JailedUntil, ulong TimesSlashed, bool Active)
{
    public JsonObject Json { get; init; } = [];

    public static ValidatorView Read(ViewReader r)
        => new(r.Address("address"), r.ULong("height"), r.Amount("stake"), r.Bool("jailed"), r.ULong("jailedUntil"), r.ULong("timesSlashed"), r.Bool("active")) { Json = r.Json };
}
