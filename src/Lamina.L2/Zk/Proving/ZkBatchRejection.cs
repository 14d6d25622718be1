namespace Lamina.L2.Zk.Proving;

/// <summary>Why a batch was rejected although its STARK proofs may verify: it breaks a rule L1 checks beside them.</summary>
public enum ZkBatchRejection
{
    /// <summary>The pubdata's priority operations are not L1's queue, in order, from its head (one skipped, reordered, altered, or one too many).</summary>
    PriorityQueueMismatch = 1,

    /// <summary>A deposit is marked refunded although the leaf the proof opens would have taken it.</summary>
    DepositWronglyRefunded = 2,

    /// <summary>A forced exit is marked without effect although the opened account, its nonce and the signature make it valid.</summary>
    ForcedExitWronglySkipped = 3,

    /// <summary>An applied forced exit's witness (nonce, signature) is not the one L1 queued.</summary>
    ForcedExitWitnessMismatch = 4,
}
