using Lamina.Core.Codec;
using Lamina.L1.Transactions;

namespace Lamina.L1.ZkRollups;

/// <summary>Registers a ZK rollup. Body: <see cref="ZkRollupConfig"/> (45 bytes).</summary>
public sealed class ZkRegisterPayload(ZkRollupConfig config) : TxPayload
{
    public const ulong Gas = 100_000;

    public ZkRollupConfig Config { get; } = config ?? throw new ArgumentNullException(nameof(config));
    public override TxKind Kind => TxKind.ZkRegister;
    public override ulong IntrinsicGas => Gas;

    public override void EncodeBody(CanonicalWriter writer) => Config.Write(writer);

    internal static ZkRegisterPayload DecodeBody(ref CanonicalReader reader) => new(ZkRollupConfig.Read(ref reader));
}
