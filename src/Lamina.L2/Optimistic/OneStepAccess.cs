using Lamina.Core.Codec;
using Lamina.Core.Merkle;

namespace Lamina.L2.Optimistic;

/// <summary>
/// The witness for one state access of a transaction: the accessed key's current value (null when absent) and its
/// sparse-Merkle proof against the state root at that moment (after the transaction's earlier writes). The key is not
/// carried: the executor derives it from the transaction, so a witness cannot choose which key it proves.
/// Encoding: has value ‖ [value as u32-length bytes, at most <see cref="MaxValueSize"/>] ‖ SMT proof.
/// </summary>
public sealed record OneStepAccess(byte[]? Value, SmtProof Proof)
{
    /// <summary>The largest leaf the optimistic state holds is a 57-byte withdrawal receipt; this leaves room to grow.</summary>
    public const int MaxValueSize = 256;

    /// <summary>Has-value flag, the largest value with its length, a full-depth proof with both leaf fields.</summary>
    public const int MaxEncodedSize = 1 + 4 + MaxValueSize + 2 + SmtProof.MaxDepth / 8 + SmtProof.MaxDepth * 32 + 1 + 64;

    public void Write(CanonicalWriter writer)
    {
        writer.WriteBool(Value is not null);
        if (Value is not null) writer.WriteBytes(Value);
        Proof.Encode(writer);
    }

    public static OneStepAccess Read(ref CanonicalReader reader)
    {
        var value = reader.ReadBool("has value") ? reader.ReadBytes(MaxValueSize, "accessed value").ToArray() : null;
        return new OneStepAccess(value, SmtProof.Decode(ref reader));
    }
}
