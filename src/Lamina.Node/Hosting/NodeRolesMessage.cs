using Lamina.Core.Codec;

namespace Lamina.Node.Hosting;

/// <summary>
/// Peer channel <see cref="PeerRoles.Channel"/>: the roles a node runs, announced to each peer once the connection is
/// up, so that a node can tell DA nodes from validators, light nodes and rollup agents without its config saying so.
/// Encoded as version (1) ‖ count (u8, 1 to <see cref="MaxRoles"/>) ‖ count × role (u32 length ‖ 1 to
/// <see cref="MaxRoleLength"/> bytes of [a-z0-9-]), strictly ascending (so sorted and without duplicates: one encoding
/// per set). A role this node does not know is kept as announced: a newer peer may run one.
/// </summary>
public sealed record NodeRolesMessage(IReadOnlyList<string> Roles) : ICanonical<NodeRolesMessage>
{
    public const byte Version = 1;
    public const int MaxRoles = 16;
    public const int MaxRoleLength = 32;

    /// <summary>The message for a set of roles, sorted as the encoding wants them.</summary>
    public static NodeRolesMessage Of(IEnumerable<string> roles) => new([.. roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);

    public void Encode(CanonicalWriter writer)
    {
        if (Roles.Count is 0 or > MaxRoles) throw new ArgumentException($"a node announces 1 to {MaxRoles} roles, not {Roles.Count}");
        writer.WriteU8(Version);
        writer.WriteU8((byte)Roles.Count);
        for (var i = 0; i < Roles.Count; i++)
        {
            if (!IsRoleName(Roles[i]) || (i > 0 && string.CompareOrdinal(Roles[i - 1], Roles[i]) >= 0))
            {
                throw new ArgumentException($"roles must be names of [a-z0-9-], 1 to {MaxRoleLength} long, strictly ascending: {string.Join(", ", Roles)}");
            }
            writer.WriteAscii(Roles[i]);
        }
    }

    public static NodeRolesMessage Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "node roles");
        var countAt = reader.Position;
        var count = reader.ReadU8("role count");
        if (count is 0 or > MaxRoles) throw new CodecException(count == 0 ? CodecError.InvalidValue : CodecError.Oversize, $"a node announces 1 to {MaxRoles} roles, not {count}", countAt);
        var roles = new string[count];
        for (var i = 0; i < count; i++)
        {
            var at = reader.Position;
            roles[i] = reader.ReadAscii(MaxRoleLength, "role");
            if (!IsRoleName(roles[i])) throw new CodecException(CodecError.InvalidValue, $"role '{roles[i]}' is not a name of [a-z0-9-]", at);
            if (i > 0 && string.CompareOrdinal(roles[i - 1], roles[i]) >= 0) throw new CodecException(CodecError.NonCanonical, $"roles must be strictly ascending: '{roles[i - 1]}' then '{roles[i]}'", at);
        }
        return new NodeRolesMessage(roles);
    }

    private static bool IsRoleName(string role)
    {
        if (role.Length is 0 or > MaxRoleLength) return false;
        foreach (var c in role)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')) return false;
        }
        return true;
    }
}
