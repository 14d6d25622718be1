using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Blobs;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups.Dispute.Derivation;

/// <summary>One blob of a batch L1 recorded: the batch's number, the blob's position in it, and the blob's bytes.</summary>
public sealed record DerivedFrame(ulong BatchNumber, uint BlobPosition, byte[] Data);

/// <summary>
/// What a derived descent posts so that L1 builds the block's transaction list itself instead of trusting either
/// side: the agreed <see cref="PreOutput"/> and its <see cref="ParentHeader"/> (the L2 header it opens: the queue
/// positions and time the block continues from), the batch blobs holding the channel that carries the block
/// (<see cref="Frames"/>, checked against the commitments L1 recorded for them), the mover's
/// <see cref="Mask"/> over the derived candidates (deposits, forced, sequenced: true where the transaction applies,
/// false where derivation drops it) and the state root executing them ends at (<see cref="FinalStateRoot"/>).
/// Encoding: version 1 ‖ pre output (73) ‖ parent header (173) ‖ final state root (32) ‖ mask length (u32 ≤ 65,536) ‖
/// mask bits (LSB first, unused bits zero) ‖ frame count (u8, 0 to <see cref="MaxFrames"/>; 0: the block derivation
/// builds itself after a silent sequencing window) ‖ per frame: batch number
/// (u64) ‖ blob position (u32) ‖ data (u32 length ≤ 127 KiB); frames strictly ascending by (batch, position).
/// </summary>
public sealed record DerivedOpening(OptimisticOutput PreOutput, byte[] ParentHeader, Hash256 FinalStateRoot, bool[] Mask, IReadOnlyList<DerivedFrame> Frames)
{
    public const byte Version = 1;

    /// <summary>Frames one move carries: three full blobs fit an L1 transaction (512 KiB).</summary>
    public const int MaxFrames = OptimisticChannelFrame.MaxFrames;

    public const int MaxMask = (int)ExecutionStep.MaxTransactions;

    public const int MaxEncodedSize = 1 + OptimisticOutput.EncodedSize + L2HeaderPreimage.EncodedSize + Hash256.Size + 4 + MaxMask / 8 + 1
        + MaxFrames * (8 + 4 + 4 + BlobParameters.MaxBlobBytes);

    public int AppliedCount
    {
        get
        {
            var count = 0;
            foreach (var bit in Mask) if (bit) count++;
            return count;
        }
    }

    /// <summary>
    /// The decompressed bytes the channel declares (its Brotli frame header, in the first frame of the channel): what
    /// L1 charges gas for before it decompresses anything. 0 when the frames do not show it (the move then fails).
    /// </summary>
    public uint DeclaredChannelBytes()
    {
        foreach (var frame in Frames)
        {
            try
            {
                var decoded = OptimisticChannelFrame.Decode(frame.Data);
                if (decoded.Index != 0 || decoded.Data.Length < OptimisticBatchFrame.HeaderSize) continue;
                return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(decoded.Data.Span[1..5]);
            }
            catch (CodecException)
            {
            }
        }
        return 0;
    }

    public void Write(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        PreOutput.Write(writer);
        writer.WriteRaw(ParentHeader);
        writer.WriteHash(FinalStateRoot);
        writer.WriteU32((uint)Mask.Length);
        var bits = new byte[(Mask.Length + 7) / 8];
        for (var i = 0; i < Mask.Length; i++) if (Mask[i]) bits[i / 8] |= (byte)(1 << (i % 8));
        writer.WriteRaw(bits);
        writer.WriteU8((byte)Frames.Count);
        foreach (var frame in Frames)
        {
            writer.WriteU64(frame.BatchNumber);
            writer.WriteU32(frame.BlobPosition);
            writer.WriteBytes(frame.Data);
        }
    }

    public static DerivedOpening Read(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "derived opening");
        var pre = OptimisticOutput.Read(ref reader);
        var parent = reader.ReadRaw(L2HeaderPreimage.EncodedSize, "parent header").ToArray();
        var final = reader.ReadHash("final state root");
        var at = reader.Position;
        var length = reader.ReadU32("mask length");
        if (length > MaxMask) throw new CodecException(CodecError.Oversize, $"a mask of {length} bits exceeds {MaxMask}", at);
        at = reader.Position;
        var bits = reader.ReadRaw((int)((length + 7) / 8), "mask bits");
        if (length % 8 != 0 && bits[^1] >> (int)(length % 8) != 0) throw new CodecException(CodecError.NonCanonical, "mask bits past its length are set", at);
        var mask = new bool[length];
        for (var i = 0; i < mask.Length; i++) mask[i] = (bits[i / 8] >> (i % 8) & 1) == 1;
        at = reader.Position;
        var count = reader.ReadU8("frame count");
        if (count > MaxFrames) throw new CodecException(CodecError.InvalidValue, $"a derivation carries at most {MaxFrames} frames, got {count}", at);
        var frames = new DerivedFrame[count];
        for (var i = 0; i < count; i++)
        {
            at = reader.Position;
            var frame = new DerivedFrame(reader.ReadU64("batch number"), reader.ReadU32("blob position"), reader.ReadBytes(BlobParameters.MaxBlobBytes, "blob data").ToArray());
            if (frame.Data.Length == 0) throw new CodecException(CodecError.InvalidValue, "a blob is never empty", at);
            if (i > 0 && (frame.BatchNumber, frame.BlobPosition).CompareTo((frames[i - 1].BatchNumber, frames[i - 1].BlobPosition)) <= 0)
                throw new CodecException(CodecError.NonCanonical, "frames must be strictly ascending by batch and position", at);
            frames[i] = frame;
        }
        return new DerivedOpening(pre, parent, final, mask, frames);
    }

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(512);
        Write(writer);
        return writer.ToArray();
    }

    public static DerivedOpening Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxEncodedSize) throw new CodecException(CodecError.Oversize, $"derived opening of {bytes.Length} bytes exceeds {MaxEncodedSize}", 0);
        var reader = new CanonicalReader(bytes);
        var opening = Read(ref reader);
        reader.EnsureEnd("derived opening");
        return opening;
    }
}
