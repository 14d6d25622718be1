using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;

namespace Lamina.L2.Optimistic;

/// <summary>
/// Proves to L1 that a withdrawal receipt is committed by an output root: the opened output (state root, block hash,
/// block number) plus a sparse-Merkle inclusion proof of the receipt under the state root.
/// Encoding: version 1 ‖ output ‖ SMT proof. Verification throws <see cref="InvalidWithdrawalProofException"/>.
/// </summary>
public sealed record OptimisticWithdrawalProof(OptimisticOutput Output, SmtProof Inclusion)
{
    public const byte Version = 1;

    /// <summary>A proof is at most the output plus a full-depth proof: bounds what L1 will decode.</summary>
    public const int MaxEncodedSize = 1 + OptimisticOutput.EncodedSize + 2 + 32 + SmtProof.MaxDepth * Hash256.Size + 1 + 2 * Hash256.Size;

    public void Verify(Hash256 outputRoot, OptimisticWithdrawalReceipt receipt)
    {
        if (Output.Root != outputRoot)
            throw new InvalidWithdrawalProofException(WithdrawalProofError.OutputRootMismatch, $"the opened output hashes to {Output.Root}, not {outputRoot}");
        try
        {
            Inclusion.Verify(Output.StateRoot, receipt.Id, receipt.Encode(), present: true);
        }
        catch (InvalidMerkleProofException ex)
        {
            throw new InvalidWithdrawalProofException(WithdrawalProofError.ReceiptNotInState, ex.Reason);
        }
    }

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(256);
        writer.WriteU8(Version);
        Output.Write(writer);
        Inclusion.Encode(writer);
        return writer.ToArray();
    }

    public static OptimisticWithdrawalProof Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxEncodedSize)
            throw new CodecException(CodecError.Oversize, $"withdrawal proof of {bytes.Length} bytes exceeds {MaxEncodedSize}", 0);
        var reader = new CanonicalReader(bytes);
        reader.ExpectVersion(Version, "withdrawal proof");
        var output = OptimisticOutput.Read(ref reader);
        var inclusion = SmtProof.Decode(ref reader);
        reader.EnsureEnd("withdrawal proof");
        return new OptimisticWithdrawalProof(output, inclusion);
    }
}
