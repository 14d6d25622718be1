using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.Network;

/// <summary>
/// A node's identity on the network: the <see cref="Address"/> of its node key. Using the address (not the raw key)
/// means a validator's node id and its account address are derived the same way and print the same way.
/// </summary>
public readonly record struct PeerId(Address Address) : IComparable<PeerId>
{
    public static PeerId FromPublicKey(PublicKey key) => new(key.ToAddress());

    public int CompareTo(PeerId other) => Address.CompareTo(other.Address);

    public override string ToString() => Address.ToString();
}
