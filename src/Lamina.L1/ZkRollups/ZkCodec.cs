using Lamina.Core.Codec;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.State;

namespace Lamina.L1.ZkRollups;

/// <summary>Reads of the ZK fields L1 payloads share, each turning a bad value into a <see cref="CodecException"/>.</summary>
internal static class ZkCodec
{
    public static uint ReadIndex(ref CanonicalReader reader, string what)
    {
        var at = reader.Position;
        var index = reader.ReadU32(what);
        if (index >= AccountTree.Capacity) throw new CodecException(CodecError.InvalidValue, $"{what} {index} is not below 2^{AccountTree.Depth}", at);
        return index;
    }

    public static ulong ReadAmount(ref CanonicalReader reader, string what)
    {
        var at = reader.Position;
        var amount = reader.ReadU64(what);
        if (amount is 0 or > AccountLeaf.MaxBalance) throw new CodecException(CodecError.InvalidValue, $"{what} {amount} is not 1 to 2^62 - 1", at);
        return amount;
    }

    public static ulong ReadBalance(ref CanonicalReader reader, string what)
    {
        var at = reader.Position;
        var amount = reader.ReadU64(what);
        if (amount > AccountLeaf.MaxBalance) throw new CodecException(CodecError.InvalidValue, $"{what} {amount} is above 2^62 - 1", at);
        return amount;
    }

    public static ZkPublicKey ReadKey(ref CanonicalReader reader, string what)
    {
        var at = reader.Position;
        var bytes = reader.ReadRaw(ZkPublicKey.Size, what);
        try
        {
            return new ZkPublicKey(bytes);
        }
        catch (ArgumentException e)
        {
            throw new CodecException(CodecError.InvalidValue, $"{what}: {e.Message}", at);
        }
    }

    public static ZkSignature ReadSignature(ref CanonicalReader reader, string what)
    {
        var at = reader.Position;
        var bytes = reader.ReadRaw(ZkSignature.Size, what);
        try
        {
            return new ZkSignature(bytes);
        }
        catch (ArgumentException e)
        {
            throw new CodecException(CodecError.InvalidValue, $"{what}: {e.Message}", at);
        }
    }

    public static void WriteSignature(CanonicalWriter writer, ZkSignature signature) => writer.WriteRaw(signature.ToArray());
}
