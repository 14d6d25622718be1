using Lamina.Client;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lamina.Core;

namespace Lamina.Node.Rpc;

/// <summary>Positional (array) or named (object) parameters, with typed accessors that fail as InvalidParams.</summary>
public sealed class RpcParams(JsonNode? node)
{
    public JsonNode? Get(int index, string name) => node switch
    {
        JsonArray a => index < a.Count ? a[index] : null,
        JsonObject o => o[name],
        _ => null,
    };

    public string RequireString(int index, string name)
    {
        var value = Get(index, name) ?? throw Invalid($"parameter '{name}' (position {index}) is required");
        if (value.GetValueKind() != JsonValueKind.String) throw Invalid($"parameter '{name}' must be a string");
        return value.GetValue<string>();
    }

    public ulong? OptionalULong(int index, string name)
    {
        var value = Get(index, name);
        if (value is null) return null;
        return value.GetValueKind() switch
        {
            JsonValueKind.Number when value.AsValue().TryGetValue<ulong>(out var n) => n,
            JsonValueKind.String when ulong.TryParse(value.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
            _ => throw Invalid($"parameter '{name}' must be a non-negative integer"),
        };
    }

    public bool? OptionalBool(int index, string name)
    {
        var value = Get(index, name);
        if (value is null) return null;
        return value.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid($"parameter '{name}' must be true or false"),
        };
    }

    public Address RequireAddress(int index, string name)
    {
        var text = RequireString(index, name);
        return Address.TryParse(text, out var address) ? address : throw Invalid($"parameter '{name}' must be a 20-byte hex address (0x + 40 hex digits)");
    }

    public Hash256 RequireHash(int index, string name)
    {
        var text = RequireString(index, name);
        return Hash256.TryParse(text, out var hash) ? hash : throw Invalid($"parameter '{name}' must be a 32-byte hex hash (0x + 64 hex digits)");
    }

    public static RpcException Invalid(string message) => new(RpcErrorCodes.InvalidParams, message);
}
