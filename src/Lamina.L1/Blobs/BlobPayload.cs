using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Transactions;

namespace Lamina.L1.Blobs;

/// <summary>
/// Posts one blob into a user namespace. Body (after the kind byte), format 2 — the blob's bytes are not in it:
/// <code>namespace (29) ‖ max_fee_per_blob_gas (u64) ‖ data length (u32, 1 to MaxBlobBytes) ‖ commitment (32)</code>
/// The commitment is <see cref="BlobCommitment.Of"/> the data. The bytes travel beside the transaction as its
/// sidecar (in the mempool's network form, <see cref="Transaction.NetworkEncoded"/>, and on the sidecar channel
/// beside a proposal), so a block holds only commitments while its header's data root still commits to the square.
/// <see cref="Data"/> is null until a sidecar that matches the commitment is attached. The blob gas is the data's
/// length: one unit per byte. The sender pays execution gas as for any transaction and, on top, the block's blob
/// base fee × blob gas, which is burned; <see cref="MaxFeePerBlobGas"/> caps that price (EIP-4844's
/// max_fee_per_blob_gas).
/// </summary>
public sealed class BlobPayload : TxPayload
{
    /// <summary>Covers signature checking and the fee record; the bytes themselves are priced in blob gas.</summary>
    public const ulong Gas = 21_000;

    private byte[]? _data;

    /// <summary>A blob with its bytes (the poster's side): the commitment is computed from them.</summary>
    public BlobPayload(Namespace ns, ulong maxFeePerBlobGas, byte[] data)
        : this(ns, maxFeePerBlobGas, checked((uint)(data ?? throw new ArgumentNullException(nameof(data))).Length), BlobCommitment.Of(data))
    {
        _data = data;
    }

    /// <summary>A blob as a block carries it: its length and commitment, the bytes not (yet) held.</summary>
    public BlobPayload(Namespace ns, ulong maxFeePerBlobGas, uint dataLength, Hash256 commitment)
    {
        if (ns.IsReserved || ns.Version != Namespace.UserVersion) throw new ArgumentException($"blobs go into version-0 user namespaces, not {ns}", nameof(ns));
        if (dataLength is 0 or > BlobParameters.MaxBlobBytes) throw new ArgumentException($"a blob is 1 to {BlobParameters.MaxBlobBytes} bytes, got {dataLength}", nameof(dataLength));
        Namespace = ns;
        MaxFeePerBlobGas = maxFeePerBlobGas;
        DataLength = dataLength;
        Commitment = commitment;
    }

    public Namespace Namespace { get; }
    public ulong MaxFeePerBlobGas { get; }
    public uint DataLength { get; }
    public Hash256 Commitment { get; }

    /// <summary>The blob's bytes once its sidecar is held here; null before.</summary>
    public byte[]? Data => Volatile.Read(ref _data);

    public bool HasData => Data is not null;

    /// <summary>Blob gas: one unit per byte of data.</summary>
    public ulong BlobGas => DataLength;

    public override BlobPayload CarriedBlob => this;
    public override TxKind Kind => TxKind.Blob;
    public override ulong IntrinsicGas => Gas;

    /// <summary>Checks <paramref name="data"/> against the length and commitment without attaching it.</summary>
    public void CheckSidecar(ReadOnlySpan<byte> data)
    {
        if ((uint)data.Length != DataLength) throw new InvalidSidecarException(SidecarError.LengthMismatch, $"sidecar of {data.Length} bytes for a blob of {DataLength}");
        var commitment = BlobCommitment.Of(data);
        if (commitment != Commitment) throw new InvalidSidecarException(SidecarError.CommitmentMismatch, $"sidecar hashes to {commitment}, the transaction commits to {Commitment}");
    }

    /// <summary>Attaches the blob's bytes after checking them (<see cref="CheckSidecar"/>); a second attach is a no-op.</summary>
    public void AttachSidecar(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Data is not null) return;
        CheckSidecar(data);
        Interlocked.CompareExchange(ref _data, data, null);
    }

    /// <summary>The blob as the data square lays it out; its sidecar must be held.</summary>
    public Blob ToBlob() => new(Namespace, Data ?? throw new InvalidSidecarException(SidecarError.Missing, $"the bytes of blob {Commitment} are not held here"));

    public override void EncodeBody(CanonicalWriter writer)
    {
        Span<byte> ns = stackalloc byte[Namespace.Size];
        Namespace.CopyTo(ns);
        writer.WriteRaw(ns);
        writer.WriteU64(MaxFeePerBlobGas);
        writer.WriteU32(DataLength);
        writer.WriteHash(Commitment);
    }

    internal static BlobPayload DecodeBody(ref CanonicalReader reader)
    {
        var at = reader.Position;
        var ns = new Namespace(reader.ReadRaw(Namespace.Size, "blob namespace"));
        if (ns.IsReserved) throw new CodecException(CodecError.InvalidValue, $"namespace {ns} is reserved for the protocol", at);
        if (ns.Version != Namespace.UserVersion) throw new CodecException(CodecError.UnknownVersion, $"namespace version {ns.Version} is not supported", at);
        var maxFee = reader.ReadU64("max fee per blob gas");
        var lengthAt = reader.Position;
        var length = reader.ReadU32("blob length");
        if (length == 0) throw new CodecException(CodecError.InvalidValue, "a blob is never empty", lengthAt);
        if (length > BlobParameters.MaxBlobBytes) throw new CodecException(CodecError.Oversize, $"a blob of {length} bytes is over the limit of {BlobParameters.MaxBlobBytes}", lengthAt);
        var commitment = reader.ReadHash("blob commitment");
        return new BlobPayload(ns, maxFee, length, commitment);
    }
}
