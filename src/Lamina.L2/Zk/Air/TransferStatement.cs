using System.Buffers.Binary;
using Lamina.L2.Zk.Crypto;

namespace Lamina.L2.Zk.Air;

/// <summary>The public face of one transfer in a <see cref="AccountTreeTransitionAir"/>: who pays whom how much, at which sender nonce, under which key.</summary>
public sealed record TransferStatement(uint From, uint To, ulong Amount, uint Nonce, ZkPublicKey SenderKey)
{
    public const int ByteLength = 4 + 4 + 8 + 4 + ZkPublicKey.Size;

    public byte[] ToBytes()
    {
        var bytes = new byte[ByteLength];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, From);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), To);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), Amount);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), Nonce);
        SenderKey.CopyTo(bytes.AsSpan(20));
        return bytes;
    }
}
