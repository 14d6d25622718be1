using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.L1.Transactions;

/// <summary>
/// A signed L1 transaction with EIP-1559 fee fields. The signature covers the domain-separated hash of every
/// other field, including the chain id, so a transaction cannot be replayed on another chain.
/// </summary>
public sealed class Transaction : ICanonical<Transaction>
{
    public const byte Version = 1;
    public const int MaxChainIdLength = 32;
    /// <summary>
    /// Upper bound on any encoded transaction (and on its network form with a carried blob); the mempool and block
    /// limits are tighter where configured. 512 KiB since ZK batch submissions carry their STARK proof in the body
    /// (79 KiB at 1 transfer, 175 KiB at 64, 347 KiB at 1,024); it was 128 KiB, sized for one blob.
    /// </summary>
    public const int MaxEncodedSize = 512 * 1024;

    private Hash256? _hash;
    private Hash256? _signingHash;
    private byte[]? _encoded;

    public Transaction(string chainId, ulong nonce, PublicKey sender, ulong maxFeePerGas, ulong maxPriorityFeePerGas,
        ulong gasLimit, TxPayload payload, Signature signature)
    {
        ArgumentNullException.ThrowIfNull(chainId);
        if (chainId.Length is 0 or > MaxChainIdLength) throw new ArgumentException($"chain id must be 1 to {MaxChainIdLength} characters");
        ChainId = chainId;
        Nonce = nonce;
        Sender = sender;
        MaxFeePerGas = maxFeePerGas;
        MaxPriorityFeePerGas = maxPriorityFeePerGas;
        GasLimit = gasLimit;
        Payload = payload ?? throw new ArgumentNullException(nameof(payload));
        Signature = signature;
        From = sender.ToAddress();
    }

    public string ChainId { get; }
    public ulong Nonce { get; }
    public PublicKey Sender { get; }
    public Address From { get; }
    public ulong MaxFeePerGas { get; }
    public ulong MaxPriorityFeePerGas { get; }
    public ulong GasLimit { get; }
    public TxPayload Payload { get; }
    public Signature Signature { get; }

    public Hash256 Hash => _hash ??= DomainHasher.Hash(DomainTags.TxId, Encoded);
    public Hash256 SigningHash => _signingHash ??= ComputeSigningHash(ChainId, Nonce, Sender, MaxFeePerGas, MaxPriorityFeePerGas, GasLimit, Payload);
    public byte[] Encoded => _encoded ??= Canonical.Encode(this);
    public int Size => Encoded.Length;

    /// <summary>How the transaction travels before a block holds it (a blob with its bytes): <see cref="TransactionNetworkForm"/>.</summary>
    public byte[] NetworkEncoded => TransactionNetworkForm.Encode(this);

    internal void SetEncoded(ReadOnlySpan<byte> canonical) => _encoded = canonical.ToArray();

    /// <summary>Builds and signs a transaction.</summary>
    public static Transaction Create(SigningKey key, string chainId, ulong nonce, ulong maxFeePerGas, ulong maxPriorityFeePerGas, ulong gasLimit, TxPayload payload)
    {
        var hash = ComputeSigningHash(chainId, nonce, key.PublicKey, maxFeePerGas, maxPriorityFeePerGas, gasLimit, payload);
        Span<byte> digest = stackalloc byte[Hash256.Size];
        hash.CopyTo(digest);
        return new Transaction(chainId, nonce, key.PublicKey, maxFeePerGas, maxPriorityFeePerGas, gasLimit, payload, key.Sign(digest));
    }

    public bool HasValidSignature()
    {
        Span<byte> digest = stackalloc byte[Hash256.Size];
        SigningHash.CopyTo(digest);
        return Ed25519.Verify(Sender, digest, Signature);
    }

    private static Hash256 ComputeSigningHash(string chainId, ulong nonce, PublicKey sender, ulong maxFee, ulong maxPriority, ulong gasLimit, TxPayload payload)
    {
        var w = new CanonicalWriter(192);
        WriteUnsigned(w, chainId, nonce, sender, maxFee, maxPriority, gasLimit, payload);
        return DomainHasher.Hash(DomainTags.TxSigning, w.WrittenSpan);
    }

    private static void WriteUnsigned(CanonicalWriter w, string chainId, ulong nonce, PublicKey sender, ulong maxFee, ulong maxPriority, ulong gasLimit, TxPayload payload)
    {
        w.WriteU8(Version);
        w.WriteAscii(chainId);
        w.WriteU64(nonce);
        w.WritePublicKey(sender);
        w.WriteU64(maxFee);
        w.WriteU64(maxPriority);
        w.WriteU64(gasLimit);
        w.WriteU8((byte)payload.Kind);
        payload.EncodeBody(w);
    }

    public void Encode(CanonicalWriter writer)
    {
        WriteUnsigned(writer, ChainId, Nonce, Sender, MaxFeePerGas, MaxPriorityFeePerGas, GasLimit, Payload);
        writer.WriteSignature(Signature);
    }

    public static Transaction Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "transaction");
        var chainId = reader.ReadAscii(MaxChainIdLength, "chain id");
        if (chainId.Length == 0) throw new CodecException(CodecError.InvalidValue, "chain id is empty", reader.Position);
        var nonce = reader.ReadU64("nonce");
        var sender = reader.ReadPublicKey("sender");
        var maxFee = reader.ReadU64("max fee per gas");
        var maxPriority = reader.ReadU64("max priority fee per gas");
        var gasLimit = reader.ReadU64("gas limit");
        var payload = TxPayload.Decode(ref reader);
        var signature = reader.ReadSignature();
        return new Transaction(chainId, nonce, sender, maxFee, maxPriority, gasLimit, payload, signature);
    }

    /// <summary>Decodes one whole transaction from bytes, enforcing the size cap first.</summary>
    public static Transaction FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxEncodedSize) throw new CodecException(CodecError.Oversize, $"transaction is {bytes.Length} bytes, the limit is {MaxEncodedSize}");
        var tx = Canonical.Decode<Transaction>(bytes);
        tx._encoded = bytes.ToArray();
        return tx;
    }
}
