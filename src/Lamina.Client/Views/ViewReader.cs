using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.Client.Views;

/// <summary>
/// Reads one result object field by field. A missing or mistyped field is an <see cref="RpcClientError.UnexpectedResult"/>
/// naming the method, the field and what was found, so a view never holds a half-read answer and its caller never
/// meets a NullReferenceException.
/// </summary>
public sealed class ViewReader
{
    private readonly JsonObject _obj;
    private readonly string _method;
    private readonly Uri _endpoint;
    private readonly string _path;

    private ViewReader(JsonObject obj, string method, Uri endpoint, string path)
    {
        _obj = obj;
        _method = method;
        _endpoint = endpoint;
        _path = path;
    }

    /// <summary>The result as a reader; anything but an object is an unexpected result.</summary>
    public static ViewReader Of(JsonNode? result, string method, Uri endpoint)
        => result is JsonObject o ? new ViewReader(o, method, endpoint, "")
            : throw Unexpected(method, endpoint, $"the result is {LaminaRpcClient.Describe(result)} where an object was expected");

    public JsonObject Json => _obj;

    public string String(string name) => OptionalString(name) ?? throw Missing(name, "a string");

    public string? OptionalString(string name) => Text(name, "a string");

    private string? Text(string name, string expected) => _obj[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        var other => throw Wrong(name, expected, other),
    };

    public ulong ULong(string name) => OptionalULong(name) ?? throw Missing(name, "an unsigned integer");

    public ulong? OptionalULong(string name) => _obj[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<ulong>(out var n) => n,
        var other => throw Wrong(name, "an unsigned integer", other),
    };

    public bool Bool(string name) => _obj[name] switch
    {
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        null => throw Missing(name, "a boolean"),
        var other => throw Wrong(name, "a boolean", other),
    };

    /// <summary>128-bit amounts travel as decimal strings: JSON numbers lose precision above 2^53.</summary>
    /// <summary>A decimal amount string that must fit in u64 (an L2 amount).</summary>
    public ulong AmountU64(string name)
    {
        var amount = Amount(name);
        return amount <= ulong.MaxValue ? (ulong)amount : throw Wrong(name, "an amount below 2^64", _obj[name]);
    }

    /// <summary>An unsigned integer that must fit in u32.</summary>
    public uint UInt(string name)
    {
        var value = ULong(name);
        return value <= uint.MaxValue ? (uint)value : throw Wrong(name, "an unsigned 32-bit integer", _obj[name]);
    }

    public UInt128 Amount(string name) => OptionalAmount(name) ?? throw Missing(name, "a decimal amount string");

    public UInt128? OptionalAmount(string name)
    {
        var text = Text(name, "a decimal amount string");
        if (text is null) return null;
        return UInt128.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw Wrong(name, "a decimal amount string", _obj[name]);
    }

    public Hash256 Hash(string name) => OptionalHash(name) ?? throw Missing(name, "a 32-byte hex hash");

    public Hash256? OptionalHash(string name)
    {
        var text = Text(name, "a 32-byte hex hash");
        if (text is null) return null;
        return Hash256.TryParse(text, out var h) ? h : throw Wrong(name, "a 32-byte hex hash", _obj[name]);
    }

    public Address Address(string name) => OptionalAddress(name) ?? throw Missing(name, "a 20-byte hex address");

    public Address? OptionalAddress(string name)
    {
        var text = Text(name, "a 20-byte hex address");
        if (text is null) return null;
        return Core.Address.TryParse(text, out var a) ? a : throw Wrong(name, "a 20-byte hex address", _obj[name]);
    }

    public PublicKey PublicKey(string name)
    {
        var text = String(name);
        try
        {
            return Core.Crypto.PublicKey.Parse(text);
        }
        catch (FormatException)
        {
            throw Wrong(name, "a 32-byte hex public key", _obj[name]);
        }
    }

    public byte[] Bytes(string name)
    {
        var text = String(name);
        try
        {
            return Hex.Decode(text);
        }
        catch (FormatException)
        {
            throw Wrong(name, "hex bytes", _obj[name]);
        }
    }

    public ViewReader Object(string name) => OptionalObject(name) ?? throw Missing(name, "an object");

    public ViewReader? OptionalObject(string name) => _obj[name] switch
    {
        null => null,
        JsonObject o => new ViewReader(o, _method, _endpoint, _path + name + "."),
        var other => throw Wrong(name, "an object", other),
    };

    public JsonArray Array(string name) => _obj[name] as JsonArray ?? (_obj[name] is null ? throw Missing(name, "an array") : throw Wrong(name, "an array", _obj[name]));

    /// <summary>Reads each element of an array field with <paramref name="read"/>, which gets a reader for object elements.</summary>
    public List<T> Each<T>(string name, Func<JsonNode?, T> read)
    {
        var list = new List<T>();
        foreach (var item in Array(name)) list.Add(read(item));
        return list;
    }

    /// <summary>As <see cref="Each{T}"/>, null when the field is absent or null.</summary>
    public List<T>? OptionalEach<T>(string name, Func<JsonNode?, T> read) => _obj[name] is null ? null : Each(name, read);

    /// <summary>An array field of non-negative 32-bit integers (share positions, columns, custody groups).</summary>
    public List<int> Ints(string name) => Each(name, item => item is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n) && n >= 0 ? n
        : throw Unexpected(_method, _endpoint, $"an element of '{_path}{name}' is {LaminaRpcClient.Describe(item)} where a non-negative integer was expected"));

    /// <summary>A reader for one element of an array field, which must be an object.</summary>
    public ViewReader Element(string arrayName, JsonNode? item)
        => item is JsonObject o ? new ViewReader(o, _method, _endpoint, _path + arrayName + "[].")
            : throw Unexpected(_method, _endpoint, $"an element of '{_path}{arrayName}' is {LaminaRpcClient.Describe(item)} where an object was expected");

    /// <summary>An element of an array field that must be a hash string.</summary>
    public Hash256 HashElement(string arrayName, JsonNode? item)
        => item is JsonValue v && v.GetValueKind() == JsonValueKind.String && Hash256.TryParse(v.GetValue<string>(), out var h) ? h
            : throw Unexpected(_method, _endpoint, $"an element of '{_path}{arrayName}' is {LaminaRpcClient.Describe(item)} where a 32-byte hex hash was expected");

    private RpcClientException Missing(string name, string expected)
        => Unexpected(_method, _endpoint, $"the result has no '{_path}{name}' ({expected})");

    private RpcClientException Wrong(string name, string expected, JsonNode? found)
        => Unexpected(_method, _endpoint, $"'{_path}{name}' in the result is {Shown(found)} where {expected} was expected");

    private static string Shown(JsonNode? found)
    {
        var text = found?.ToJsonString() ?? "null";
        return text.Length <= 40 ? text : LaminaRpcClient.Describe(found);
    }

    internal static RpcClientException Unexpected(string method, Uri endpoint, string what)
        => new(RpcClientError.UnexpectedResult, endpoint, $"{method} at {endpoint}: {what}; is this a Lamina node of a matching version?");
}
