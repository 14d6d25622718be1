using Lamina.Consensus;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.Core;
using Lamina.L1.Blocks;
using Lamina.L1.Execution;
using Lamina.L1.Genesis;
using Lamina.L1.LightClient;
using Lamina.L1.Mempool;
using Lamina.L1.Modules;
using Lamina.L1.Staking;
using Lamina.L1.State;
using Lamina.L1.Transactions;

namespace Lamina.L1.Chain;

/// <summary>
/// One node's view of the L1 chain: the committed head, the state at every height, the mempool, and the two ways
/// the head moves — producing a block (the proposer) and importing one (everyone else, and block sync). Both run
/// through one <see cref="BlockPipeline"/> over the chain's <see cref="L1ModuleRegistry"/>.
/// </summary>
public sealed class Blockchain
{
    private readonly object _writeGate = new();

    // Admission reads the head account and then adds to the mempool; a commit moves the head and then prunes the
    // mempool. Both pairs must be atomic with respect to each other: an admission that read the old head after the
    // prune of the new one sees an empty queue and a stale nonce, and refuses the next nonce as a gap (seen as a
    // flaky crash-recovery test). Order: _writeGate, then _admissionGate, then the mempool's own lock.
    private readonly object _admissionGate = new();
    private readonly TimeProvider _time;
    private readonly BlockPipeline _pipeline;
    private volatile Block _head;

    /// <param name="modules">The chain's modules; the ones its genesis turns on (<see cref="L1ModuleRegistry.ForGenesis"/>: L1's own, with blobs and rollups when the genesis has their sections) when null. Every
    /// node of a chain must run the same ones, with a staking module built from the genesis staking parameters.</param>
    public Blockchain(ChainStore store, GenesisConfig genesis, TimeProvider time, MempoolOptions? mempoolOptions = null, L1ModuleRegistry? modules = null)
    {
        Store = store;
        Genesis = genesis;
        _time = time;
        modules ??= L1ModuleRegistry.ForGenesis(genesis);
        if (modules.Staking.Parameters != genesis.Staking) throw new ArgumentException("the staking module's parameters differ from the genesis staking parameters", nameof(modules));
        Executor = new BlockExecutor(genesis.ChainId, genesis.Parameters, modules);
        Mempool = new TransactionPool(genesis.ChainId, genesis.Parameters, mempoolOptions);
        _pipeline = new BlockPipeline(store, Executor);
        _head = OpenOrInitialize();
    }

    public ChainStore Store { get; }
    public GenesisConfig Genesis { get; }
    public BlockExecutor Executor { get; }
    public L1ModuleRegistry Modules => Executor.Modules;
    public TransactionPool Mempool { get; }
    public string ChainId => Genesis.ChainId;
    public Block Head => _head;
    public ulong Height => _head.Height;

    /// <summary>With one chain of commits, every committed block is final: finality is the head.</summary>
    public ulong FinalizedHeight => _head.Height;

    /// <summary>Raised after a block is durably committed (outside the write lock).</summary>
    public event Action<Block, IReadOnlyList<Receipt>>? BlockCommitted;

    /// <summary>Raised when the mempool admits a transaction (so the node can gossip it to peers).</summary>
    public event Action<Transaction>? TransactionAdmitted;

    public ulong NextBaseFee => FeeMarket.NextBaseFee(_head.Header.BaseFeePerGas, _head.Header.GasUsed, Genesis.Parameters.BlockGasLimit);

    private Block OpenOrInitialize()
    {
        var genesisHash = Genesis.Hash();
        var stored = Store.GetGenesisHash();
        if (stored is { } existing)
        {
            if (existing != genesisHash) throw new GenesisException($"the data directory was created from another genesis ({existing}, this genesis is {genesisHash}); use a fresh --home or the matching genesis.json");
            var head = Store.GetHead() ?? throw new CorruptStoreException("genesis is recorded but the head pointer is missing");
            return Store.GetBlock(head.Hash) ?? throw new CorruptStoreException($"head block {head.Hash} at height {head.Height} is missing");
        }

        var nodes = new BufferedSmtNodeStore(Store.StateNodes);
        var state = new WorldState(nodes, SparseMerkleTree.EmptyRoot);
        Executor.InitGenesis(state, Genesis);
        var root = state.Commit();
        var header = new BlockHeader(Genesis.ChainId, 0, genesisHash, Genesis.GenesisTimeMs, Address.Zero, root, Hash256.Zero, Hash256.Zero,
            Genesis.Validators.Hash, Genesis.Validators.Hash, Hash256.Zero, Hash256.Zero, Genesis.Parameters.InitialBaseFee, Genesis.Parameters.BlockGasLimit / FeeMarket.ElasticityMultiplier);
        var block = new Block(header, [], null);
        Store.CommitBlock(block, [], nodes, null, genesisHash);
        return block;
    }

    /// <summary>The state at <paramref name="height"/> (head when null), read-only.</summary>
    public WorldState StateAt(ulong? height = null)
    {
        var block = height is { } h && h != _head.Height ? Store.GetBlock(h) ?? throw new ArgumentOutOfRangeException(nameof(height), $"no block at height {h}") : _head;
        return new WorldState(Store.StateNodes, block.Header.StateRoot);
    }

    public Account GetAccount(Address address, ulong? height = null) => StateAt(height).GetAccount(address);

    /// <summary>
    /// The validator set that signs block <paramref name="height"/>: the active set recorded in the state after the
    /// block before it. Stake changes therefore never alter the set of a block already under way.
    /// </summary>
    public ValidatorSet ValidatorSetFor(ulong height)
    {
        if (height == 0) return Genesis.Validators;
        var state = StateAt(height - 1);
        return StakingModule.GetActiveSet(state) ?? throw new CorruptStoreException($"no active validator set in the state at height {height - 1}");
    }

    /// <summary>Header, commit and both validator sets at a committed height: what light clients verify.</summary>
    public LightBlock? GetLightBlock(ulong height)
    {
        if (height == 0 || height > Height) return null;
        var block = Store.GetBlock(height);
        var commit = Store.GetCommit(height);
        if (block is null || commit is null) return null;
        return new LightBlock(block.Header, commit, ValidatorSetFor(height), ValidatorSetFor(height + 1));
    }

    /// <summary>Admits a transaction to the mempool, checked against the head state. Throws <see cref="TransactionRejectedException"/>.</summary>
    public Hash256 SubmitTransaction(Transaction tx)
    {
        if (Store.GetTxLocation(tx.Hash) is not null) throw new TransactionRejectedException(TxRejectReason.AlreadyKnown, $"transaction {tx.Hash} is already in a block");
        var module = Modules.ModuleFor(tx.Payload.Kind) ?? throw new TransactionRejectedException(TxRejectReason.Malformed, $"transaction kind {(byte)tx.Payload.Kind} is not executed on chain {ChainId}");
        // The signature check is the costly part and needs no state: it runs before the gate, so concurrent
        // submissions verify in parallel and a commit never waits behind them.
        var checkedTx = Mempool.CheckIntrinsic(tx);
        module.PrepareAdmission(StateAt(), tx);
        lock (_admissionGate)
        {
            module.CheckAdmission(StateAt(), tx);
            Mempool.Add(checkedTx, GetAccount(tx.From), NextBaseFee);
        }
        TransactionAdmitted?.Invoke(tx);
        return tx.Hash;
    }

    /// <summary>
    /// Builds, executes, signs and commits the next block from the mempool. Only a validator holding more than 2/3 of
    /// the power can finalize alone; with more validators, blocks come through consensus instead.
    /// </summary>
    public Block ProduceBlock(SigningKey proposerKey)
    {
        var height = checked(Height + 1);
        var validators = ValidatorSetFor(height);
        var validator = validators.Find(proposerKey.Address) ?? throw new InvalidOperationException($"{proposerKey.Address} is not a validator of {ChainId} at height {height}");
        if (!validators.IsQuorum(validator.Power)) throw new InvalidOperationException("this validator alone holds no quorum; blocks need consensus");
        var lastCommit = Height == 0 ? null : Store.GetCommit(Height) ?? throw new CorruptStoreException($"commit for height {Height} is missing");
        var prepared = BuildBlock(proposerKey.Address, lastCommit, []);
        var commit = SignCommit(proposerKey, prepared.Block);
        CommitDecided(prepared.Block, commit);
        return prepared.Block;
    }

    /// <summary>
    /// Builds the next block as <paramref name="proposer"/>: mempool transactions by tip, the given evidence, the
    /// given commit of the head. Executes it and keeps the result, so committing it later costs no re-execution.
    /// </summary>
    public PreparedBlock BuildBlock(Address proposer, Commit? lastCommit, IReadOnlyList<DuplicateVoteEvidence> evidence)
    {
        lock (_writeGate)
        {
            var parent = _head;
            var height = checked(parent.Height + 1);
            var validators = ValidatorSetFor(height);
            var baseFee = NextBaseFee;
            var now = (ulong)Math.Max(0, _time.GetUtcNow().ToUnixTimeMilliseconds());
            var time = Math.Max(checked(parent.Header.TimeMs + 1), now);

            var usable = new List<DuplicateVoteEvidence>();
            foreach (var e in evidence)
            {
                if (usable.Count >= Block.MaxEvidence) break;
                try
                {
                    CheckEvidence(e, height, usable);
                    usable.Add(e);
                }
                catch (InvalidBlockException)
                {
                    // Expired, already punished or not verifiable here: leave it out rather than build an invalid block.
                }
            }
            var context = new BlockContext(ChainId, height, time, proposer, baseFee, usable);
            var candidates = Mempool.SelectCandidates(baseFee, Genesis.Parameters.BlockGasLimit, Genesis.Parameters.MaxBlockBytes);
            var prepared = _pipeline.Build(parent, context, candidates, validators, lastCommit, tx => Mempool.Remove(tx.Hash));
            Remember(prepared);
            return prepared;
        }
    }

    /// <summary>
    /// Checks a proposed next block without committing it: every rule of <see cref="ImportBlock"/> except the block's
    /// own commit, which does not exist yet. Throws <see cref="InvalidBlockException"/>; keeps the execution result.
    /// </summary>
    public PreparedBlock ValidateProposal(Block block)
    {
        lock (_writeGate)
        {
            if (_prepared.TryGetValue(block.Hash, out var known) && known.Block.Header.PreviousHash == _head.Hash) return known;
            var prepared = Execute(block);
            Remember(prepared);
            return prepared;
        }
    }

    /// <summary>Commits a block consensus decided, reusing its execution when this node already ran it.</summary>
    public void CommitDecided(Block block, Commit commit)
    {
        List<Receipt> receipts;
        lock (_writeGate)
        {
            if (block.Header.PreviousHash != _head.Hash || block.Height != _head.Height + 1)
            {
                throw new InvalidBlockException(BlockError.WrongParent, $"decided block {block.Height} does not extend the head {_head.Height}");
            }
            receipts = CommitLocked(block, commit);
        }
        AfterCommit(block, receipts);
    }

    /// <summary>Verifies the commit, executes unless already prepared, and persists. Called under the write lock.</summary>
    private List<Receipt> CommitLocked(Block block, Commit commit)
    {
        VerifyCommit(commit, ValidatorSetFor(block.Height), block.Height, block.Hash, "commit");
        // The commit is verified: a block whose sidecars are not held here keeps its header's data root.
        var prepared = _prepared.TryGetValue(block.Hash, out var known) ? known : Execute(block, committed: true);
        Store.CommitBlock(prepared.Block, prepared.Receipts, prepared.Nodes, commit);
        lock (_admissionGate)
        {
            _head = prepared.Block;
            Mempool.Prune(prepared.Block.Transactions, a => GetAccount(a));
        }
        _prepared.Clear();
        return prepared.Receipts;
    }

    private void AfterCommit(Block block, List<Receipt> receipts)
    {
        BlockCommitted?.Invoke(block, receipts);
    }

    private readonly Dictionary<Hash256, PreparedBlock> _prepared = new();

    private void Remember(PreparedBlock prepared)
    {
        // A height sees a few proposals at most (one per round); the cache is cleared at every commit.
        if (_prepared.Count >= 64) _prepared.Clear();
        _prepared[prepared.Block.Hash] = prepared;
    }

    /// <summary>Evidence must be for an earlier height, not expired, from that height's set, and not punished yet.</summary>
    private void CheckEvidence(DuplicateVoteEvidence evidence, ulong height, List<DuplicateVoteEvidence> earlierInBlock)
    {
        if (evidence.Height == 0 || evidence.Height >= height) throw new InvalidBlockException(BlockError.BadEvidence, $"evidence for height {evidence.Height} cannot be judged at {height}");
        if (evidence.IsExpired(height, Genesis.Staking.EvidenceMaxAgeBlocks)) throw new InvalidBlockException(BlockError.BadEvidence, $"evidence from height {evidence.Height} is older than {Genesis.Staking.EvidenceMaxAgeBlocks} blocks");
        foreach (var e in earlierInBlock)
        {
            if (e.Hash == evidence.Hash || (e.Validator == evidence.Validator && e.Height == evidence.Height)) throw new InvalidBlockException(BlockError.BadEvidence, "the same offence appears twice");
        }
        try
        {
            evidence.Verify(ChainId, ValidatorSetFor(evidence.Height));
        }
        catch (InvalidEvidenceException e)
        {
            throw new InvalidBlockException(BlockError.BadEvidence, e.Message);
        }
        if (StakingModule.WasPunished(new WorldState(Store.StateNodes, _head.Header.StateRoot), evidence.Hash))
        {
            throw new InvalidBlockException(BlockError.BadEvidence, "this evidence was already punished");
        }
    }

    private void VerifyCommit(Commit commit, ValidatorSet validators, ulong height, Hash256 blockHash, string what)
    {
        try
        {
            commit.Verify(ChainId, validators, height, blockHash);
        }
        catch (InvalidCommitException e)
        {
            throw new InvalidBlockException(BlockError.BadLastCommit, $"{what}: {e.Message}");
        }
    }

    private Commit SignCommit(SigningKey key, Block block)
    {
        var signBytes = Commit.PrecommitSignBytes(ChainId, block.Height, 0, block.Hash);
        return new Commit(block.Height, 0, block.Hash, [new CommitSignature(key.Address, key.Sign(signBytes))]);
    }

    /// <summary>
    /// Fully validates a block built elsewhere, with the commit that finalized it, then commits it (block sync, replay).
    /// Throws <see cref="InvalidBlockException"/> naming the broken rule; nothing is written in that case.
    /// </summary>
    public void ImportBlock(Block block, Commit commit)
    {
        List<Receipt> receipts;
        lock (_writeGate)
        {
            if (block.Header.ChainId != ChainId) throw new InvalidBlockException(BlockError.WrongChain, $"block is for chain '{block.Header.ChainId}'");
            if (block.Height != _head.Height + 1) throw new InvalidBlockException(BlockError.WrongHeight, $"block height {block.Height}, expected {_head.Height + 1}");
            receipts = CommitLocked(block, commit);
        }
        AfterCommit(block, receipts);
    }

    /// <summary>Every rule a next block must meet, then its execution. Called under the write lock.</summary>
    private PreparedBlock Execute(Block block, bool committed = false)
    {
        var parent = _head;
        var h = block.Header;
        if (h.ChainId != ChainId) throw new InvalidBlockException(BlockError.WrongChain, $"block is for chain '{h.ChainId}'");
        if (h.Height != parent.Height + 1) throw new InvalidBlockException(BlockError.WrongHeight, $"block height {h.Height}, expected {parent.Height + 1}");
        if (h.PreviousHash != parent.Hash) throw new InvalidBlockException(BlockError.WrongParent, "block does not extend the head");
        if (h.TimeMs <= parent.Header.TimeMs) throw new InvalidBlockException(BlockError.BadTime, "block time does not advance");
        var validators = ValidatorSetFor(h.Height);
        if (validators.Find(h.Proposer) is null) throw new InvalidBlockException(BlockError.WrongProposer, $"proposer {h.Proposer} is not a validator");
        if (h.ValidatorSetHash != validators.Hash) throw new InvalidBlockException(BlockError.BadValidatorSet, "validator set hash is wrong");
        if (h.BaseFeePerGas != NextBaseFee) throw new InvalidBlockException(BlockError.BadBaseFee, $"base fee {h.BaseFeePerGas}, expected {NextBaseFee}");
        block.CheckBodyMatchesHeader();
        if (parent.Height == 0)
        {
            if (block.LastCommit is not null) throw new InvalidBlockException(BlockError.BadLastCommit, "the first block has no last commit");
        }
        else
        {
            if (block.LastCommit is null) throw new InvalidBlockException(BlockError.BadLastCommit, "last commit is missing");
            VerifyCommit(block.LastCommit, ValidatorSetFor(parent.Height), parent.Height, parent.Hash, "last commit");
        }
        if (block.Evidence.Count > Block.MaxEvidence) throw new InvalidBlockException(BlockError.BadEvidence, "too much evidence");
        var checkedEvidence = new List<DuplicateVoteEvidence>();
        foreach (var e in block.Evidence)
        {
            CheckEvidence(e, h.Height, checkedEvidence);
            checkedEvidence.Add(e);
        }

        return _pipeline.Verify(parent, block, committed);
    }
}
