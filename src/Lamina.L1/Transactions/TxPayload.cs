using Lamina.Core.Codec;
using Lamina.L1.Modules;

namespace Lamina.L1.Transactions;

/// <summary>
/// The kind-specific part of a transaction. Each kind belongs to an <see cref="L1Module"/>, which supplies its
/// decoder, checks and JSON view through a <see cref="TxKindFormat"/>; nothing here knows the kinds.
/// </summary>
public abstract class TxPayload
{
    public abstract TxKind Kind { get; }

    /// <summary>Gas charged before the payload runs; covers signature checking and state access.</summary>
    public abstract ulong IntrinsicGas { get; }

    /// <summary>
    /// The data-availability blob this transaction carries, or null: a blob transaction is its own blob; another
    /// module's kind may carry one too (a ZK batch's pubdata). Everything that moves blob bytes beside transactions
    /// (network form, sidecars, the data square) goes through this, so a carried blob travels like any other.
    /// </summary>
    public virtual Blobs.BlobPayload? CarriedBlob => null;

    /// <summary>Writes the body that follows the kind byte; the format's decoder must read exactly this back.</summary>
    public abstract void EncodeBody(CanonicalWriter writer);

    internal static TxPayload Decode(ref CanonicalReader reader)
    {
        var at = reader.Position;
        var kind = reader.ReadU8("transaction kind");
        var format = TxFormats.Find(kind) ?? throw new CodecException(CodecError.UnknownKind, $"transaction kind {kind} is unknown", at);
        return format.DecodeBody(ref reader);
    }
}
