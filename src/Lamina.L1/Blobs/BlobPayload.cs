using Lamina.Core.Codec;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Transactions;

namespace Lamina.L1.Blobs;

/// <summary>
/// Posts one blob into a user namespace. Body (after the kind byte):
/// <code>namespace (29) ‖ max_fee_per_blob_gas (u64) ‖ data (u32 length ‖ bytes, 1 to MaxBlobBytes)</code>
/// The blob gas is the data's length: one unit per byte. The sender pays execution gas as for any transaction and,
/// on top, the block's blob base fee × blob gas, which is burned; <see cref="MaxFeePerBlobGas"/> caps that price
/// (EIP-4844's max_fee_per_blob_gas).
/// </summary>
public sealed class BlobPayload : TxPayload
{
    /// <summary>Covers signature checking and the fee record; the bytes themselves are priced in blob gas.</summary>
    public const ulong Gas = 21_000;

    public BlobPayload(Namespace ns, ulong maxFeePerBlobGas, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (ns.IsReserved || ns.Version != Namespace.UserVersion) throw new ArgumentException($"blobs go into version-0 user namespaces, not {ns}", nameof(ns));
        if (data.Length is 0 or > BlobParameters.MaxBlobBytes) throw new ArgumentException($"a blob is 1 to {BlobParameters.MaxBlobBytes} bytes, got {data.Length}", nameof(data));
        Namespace = ns;
        MaxFeePerBlobGas = maxFeePerBlobGas;
        Data = data;
    }

    public Namespace Namespace { get; }
    public ulong MaxFeePerBlobGas { get; }
    public byte[] Data { get; }

    /// <summary>Blob gas: one unit per byte of data.</summary>
    public ulong BlobGas => (ulong)Data.Length;

    public override TxKind Kind => TxKind.Blob;
    public override ulong IntrinsicGas => Gas;

    /// <summary>The blob as the data square lays it out.</summary>
    public Blob ToBlob() => new(Namespace, Data);

    public override void EncodeBody(CanonicalWriter writer)
    {
        Span<byte> ns = stackalloc byte[Namespace.Size];
        Namespace.CopyTo(ns);
        writer.WriteRaw(ns);
        writer.WriteU64(MaxFeePerBlobGas);
        writer.WriteBytes(Data);
    }

    internal static BlobPayload DecodeBody(ref CanonicalReader reader)
    {
        var at = reader.Position;
        var ns = new Namespace(reader.ReadRaw(Namespace.Size, "blob namespace"));
        if (ns.IsReserved) throw new CodecException(CodecError.InvalidValue, $"namespace {ns} is reserved for the protocol", at);
        if (ns.Version != Namespace.UserVersion) throw new CodecException(CodecError.UnknownVersion, $"namespace version {ns.Version} is not supported", at);
        var maxFee = reader.ReadU64("max fee per blob gas");
        var dataAt = reader.Position;
        var data = reader.ReadBytes(BlobParameters.MaxBlobBytes, "blob data");
        if (data.IsEmpty) throw new CodecException(CodecError.InvalidValue, "a blob is never empty", dataAt);
        return new BlobPayload(ns, maxFee, data.ToArray());
    }
}
