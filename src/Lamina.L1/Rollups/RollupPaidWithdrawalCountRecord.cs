using Lamina.Core.Codec;

namespace Lamina.L1.Rollups;

/// <summary>
/// How many withdrawals the rollup has paid: the next <see cref="RollupPaidWithdrawalRecord"/> number (absent until the
/// first is paid). Encoding: version (1) ‖ count (u64), 9 bytes.
/// </summary>
public sealed record RollupPaidWithdrawalCountRecord(ulong Count) : ICanonical<RollupPaidWithdrawalCountRecord>
{
    public const byte Version = 1;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(Count);
    }

    public static RollupPaidWithdrawalCountRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "paid withdrawal count");
        return new RollupPaidWithdrawalCountRecord(reader.ReadU64("count"));
    }
}
