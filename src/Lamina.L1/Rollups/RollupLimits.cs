namespace Lamina.L1.Rollups;

/// <summary>Bounds on what the rollups module stores and decodes, so no record or payload can grow without limit.</summary>
public static class RollupLimits
{
    /// <summary>Rollups one chain may register (the index of ids is one record).</summary>
    public const int MaxRollups = 1_024;

    /// <summary>Blobs one batch reference may list (a batch spans several blobs when it must).</summary>
    public const int MaxBlobsPerBatch = 16;

    /// <summary>A forced transaction's encoded L2 bytes: a signed transfer or withdrawal is 145 bytes; room for versions to come.</summary>
    public const int MaxForcedTransactionBytes = 512;

    /// <summary>The blobs one block's index records (the block gas limit bounds blob transactions far below this).</summary>
    public const int MaxBlobsPerBlock = 65_536;

    /// <summary>The longest challenge window: one year in seconds (the production config uses 7 days).</summary>
    public const ulong MaxChallengeWindowSeconds = 365UL * 24 * 3600;

    /// <summary>The longest sequencing window, in L1 blocks (OP Stack's is 3,600; a million leaves ample room).</summary>
    public const ulong MaxSequencingWindowBlocks = 1_000_000;

    /// <summary>The most posted bytes an L2 fee schedule may charge one transaction for (a signed transfer posts ~80).</summary>
    public const uint MaxL2DataBytesPerTransaction = 4_096;

    /// <summary>
    /// What registering a rollup costs beyond gas, burned like the base fee: 100 native tokens (10^20 base units),
    /// so filling the <see cref="MaxRollups"/> ids costs over 100,000 tokens (before, only gas: ids were free to squat). Genesis registrations pay nothing.
    /// </summary>
    public static readonly UInt128 RegistrationFee = UInt128.Parse("100000000000000000000", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The most records one RPC page returns.</summary>
    public const int MaxPage = 1_000;
}
