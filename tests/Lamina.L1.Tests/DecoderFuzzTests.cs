using CsCheck;
using Lamina.Consensus;
using Lamina.Core.Codec;
using Lamina.L1.Blocks;
using Lamina.L1.Execution;
using Lamina.L1.Transactions;

namespace Lamina.L1.Tests;

/// <summary>
/// Hostile bytes into every L1 decoder: the only exception allowed out is <see cref="CodecException"/>, and whatever
/// decodes re-encodes to the identical bytes (one encoding per value). Two sources: uniformly random bytes, and
/// random mutations (byte flips, overwrites, truncations, insertions) of a valid golden encoding, which get far
/// deeper into the decoders than noise does.
/// </summary>
public sealed class DecoderFuzzTests
{
    private const int Iterations = 10_000;

    private static readonly Gen<byte[]> RandomBytes = Gen.Byte.Array[0, 400];

    /// <summary>Decodes, re-encodes, and demands identical bytes; CodecException is the only acceptable failure.</summary>
    private static void Check(byte[] bytes, Func<byte[], byte[]> roundTrip)
    {
        byte[] again;
        try
        {
            again = roundTrip(bytes);
        }
        catch (CodecException)
        {
            return;
        }
        Assert.Equal(bytes, again);
    }

    private static void Fuzz(byte[] valid, Func<byte[], byte[]> roundTrip)
    {
        // The valid encoding itself must round-trip, or the mutation corpus is meaningless.
        Assert.Equal(valid, roundTrip(valid));
        RandomBytes.Sample(bytes => Check(bytes, roundTrip), iter: Iterations);
        ByteMutations.Of(valid).Sample(bytes => Check(bytes, roundTrip), iter: Iterations);
    }

    [Fact]
    public void Transaction_from_bytes() =>
        Fuzz(GoldenVectorTests.Tx1().Encoded, b => Transaction.FromBytes(b).Encoded.ToArray());

    [Fact]
    public void Transaction_generic_decode() =>
        Fuzz(GoldenVectorTests.Tx2().Encoded, b => Canonical.Encode(Canonical.Decode<Transaction>(b)));

    [Fact]
    public void Block() =>
        Fuzz(Canonical.Encode(GoldenVectorTests.GoldenBlock()), b => Canonical.Encode(Canonical.Decode<Block>(b)));

    [Fact]
    public void Block_header() =>
        Fuzz(Canonical.Encode(GoldenVectorTests.GoldenHeader()), b => Canonical.Encode(Canonical.Decode<BlockHeader>(b)));

    [Fact]
    public void Commit() =>
        Fuzz(Canonical.Encode(GoldenVectorTests.GoldenCommit()), b => Canonical.Encode(Canonical.Decode<Commit>(b)));

    [Fact]
    public void Receipt() =>
        Fuzz(Canonical.Encode(GoldenVectorTests.GoldenReceipt()), b => Canonical.Encode(Canonical.Decode<Receipt>(b)));

    [Fact]
    public void Validator_set() =>
        Fuzz(Canonical.Encode(GoldenVectorTests.Validators()), b => Canonical.Encode(Canonical.Decode<ValidatorSet>(b)));

    [Fact]
    public void Receipt_of_exact_length_always_decodes()
    {
        // Receipts are fixed-width (92 bytes): every byte string of that length is one, and re-encodes unchanged.
        Gen.Byte.Array[92].Sample(bytes => Assert.Equal(bytes, Canonical.Encode(Canonical.Decode<Receipt>(bytes))), iter: Iterations);
    }
}
