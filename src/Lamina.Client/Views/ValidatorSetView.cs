using System.Text.Json.Nodes;
using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.Client.Views;

/// <summary>l1_validators: the set that signs a height, its hash and total voting power.</summary>
public sealed record ValidatorSetView(ulong Height, Hash256 Hash, ulong TotalPower, IReadOnlyList<ValidatorSetView.Member> Validators)
{
    public sealed record Member(Address Address, PublicKey PublicKey, ulong Power);

    public JsonObject Json { get; init; } = [];

    public static ValidatorSetView Read(ViewReader r)
        => new(r.ULong("height"), r.Hash("hash"), r.ULong("totalPower"), r.Each("validators", item =>
        {
            var v = r.Element("validators", item);
            return new Member(v.Address("address"), v.PublicKey("publicKey"), v.ULong("power"));
        })) { Json = r.Json };
}
