using Lamina.Core.Codec;
using Lamina.L1.Transactions;

namespace Lamina.L1.Rollups;

/// <summary>Registers a rollup. Body (after the kind byte): the <see cref="RollupConfig"/> (version 1: 116 bytes; version 2, with dispute clocks: 141).</summary>
public sealed class RollupRegisterPayload : TxPayload
{
    public const ulong Gas = 100_000;

    public RollupRegisterPayload(RollupConfig config)
    {
        if (config.Problem() is { } problem) throw new ArgumentException(problem, nameof(config));
        Config = config;
    }

    public RollupConfig Config { get; }
    public override TxKind Kind => TxKind.RollupRegister;
    public override ulong IntrinsicGas => Gas;
    public override void EncodeBody(CanonicalWriter writer) => Config.Write(writer);

    internal static RollupRegisterPayload DecodeBody(ref CanonicalReader reader) => new(RollupConfig.Read(ref reader));
}
