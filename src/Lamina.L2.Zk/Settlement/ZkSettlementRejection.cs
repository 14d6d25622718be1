namespace Lamina.L2.Zk.Settlement;

/// <summary>Why L1 refused a batch submission.</summary>
public enum ZkSettlementRejection
{
    /// <summary>The batch number is not the next one L1 expects.</summary>
    WrongBatchNumber = 1,

    /// <summary>The blob's bytes do not hash to the commitment the submission claims (or no blob was published).</summary>
    PubdataMismatch = 2,

    /// <summary>The pubdata is not a canonical pubdata encoding.</summary>
    MalformedPubdata = 3,

    /// <summary>A STARK proof does not verify (forged signature, overdraft, wrong root, ...).</summary>
    InvalidProof = 4,

    /// <summary>The batch breaks L1's priority queue (skipped, reordered or wrongly refused priority operations).</summary>
    PriorityQueue = 5,

    /// <summary>The rollup is frozen (exodus mode): no batch is accepted any more.</summary>
    Frozen = 6,

    /// <summary>The proof bytes do not decode.</summary>
    MalformedProof = 7,
}
