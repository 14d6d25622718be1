using System.Text;

namespace Lamina.Core.Crypto;

/// <summary>
/// A domain-separation tag. Every hash carries one as a length-prefixed ASCII prefix, so a digest
/// computed for one purpose (say, a transaction id) can never be replayed as another (say, a Merkle node).
/// </summary>
public sealed class DomainTag
{
    private readonly byte[] _prefix;

    public DomainTag(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > 64) throw new ArgumentException("domain tags are at most 64 characters", nameof(name));
        foreach (var ch in name)
        {
            if (ch < 0x21 || ch > 0x7e) throw new ArgumentException("domain tags are printable ASCII", nameof(name));
        }
        Name = name;
        _prefix = new byte[1 + name.Length];
        _prefix[0] = (byte)name.Length;
        Encoding.ASCII.GetBytes(name, _prefix.AsSpan(1));
    }

    public string Name { get; }

    /// <summary>The bytes hashed before the message: [length] ‖ ASCII name.</summary>
    public ReadOnlySpan<byte> Prefix => _prefix;

    public override string ToString() => Name;
}
