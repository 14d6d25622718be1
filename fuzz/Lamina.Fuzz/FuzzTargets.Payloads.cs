using Lamina.Core.Codec;
using Lamina.L1.Modules;
using Lamina.L1.Transactions;

namespace Lamina.Fuzz;

public static partial class FuzzTargets
{
    /// <summary>
    /// The check every module's payload target shares: <paramref name="input"/> is a kind byte in
    /// [<paramref name="first"/>, <paramref name="last"/>] ‖ a body decoded by that kind's format. An accepted body must
    /// be of that kind, re-encode to the input, and give its value at risk, intrinsic gas and JSON without throwing.
    /// </summary>
    /// <returns>The payload, or null when the input is out of range or the codec refused it (the expected outcome).</returns>
    private static TxPayload? KindBodyRoundTrip(ReadOnlySpan<byte> input, TxKind first, TxKind last, string what)
    {
        if (input.IsEmpty || input[0] < (byte)first || input[0] > (byte)last) return null;
        var format = TxFormats.Find(input[0]) ?? throw new FuzzFindingException($"{what} kind {input[0]} has no format");
        TxPayload payload;
        try
        {
            var reader = new CanonicalReader(input[1..]);
            payload = format.DecodeBody(ref reader);
            reader.EnsureEnd($"{what} payload");
        }
        catch (CodecException)
        {
            return null;
        }
        if ((byte)payload.Kind != input[0]) throw new FuzzFindingException($"kind {input[0]} decoded as a {payload.Kind}");
        var writer = new CanonicalWriter();
        payload.EncodeBody(writer);
        Same(input[1..], writer.WrittenSpan, payload.GetType().Name);
        _ = format.ValueAtRisk(payload);
        _ = payload.IntrinsicGas;
        format.WriteJson(payload, []);
        return payload;
    }
}
