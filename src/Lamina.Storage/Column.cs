namespace Lamina.Storage;

/// <summary>
/// The kinds of data a node stores. Each is a RocksDB column family, so that compaction,
/// iteration and prefix scans of one kind never wade through another.
/// The numeric values are persisted nowhere; only the names are (as column family names).
/// </summary>
public enum Column : byte
{
    /// <summary>Singletons: head pointer, genesis hash, schema version.</summary>
    Meta = 0,
    /// <summary>Block hash → encoded block.</summary>
    Blocks = 1,
    /// <summary>Big-endian height → block hash.</summary>
    BlockByHeight = 2,
    /// <summary>Transaction hash → (height, index) location.</summary>
    TxIndex = 3,
    /// <summary>Transaction hash → encoded receipt.</summary>
    Receipts = 4,
    /// <summary>Sparse Merkle tree nodes, content-addressed by node hash.</summary>
    StateNodes = 5,
    /// <summary>Block height → commit (validator signatures) for that height.</summary>
    Commits = 6,
    /// <summary>Consensus write-ahead log and signer state.</summary>
    Consensus = 7,
    /// <summary>Data-availability blobs and shares.</summary>
    Blobs = 8,
    /// <summary>Rollup-side state (sequencer, batcher, prover bookkeeping).</summary>
    Rollup = 9,
}
