using Lamina.Consensus;
using Lamina.L1.Blocks;
using Lamina.L1.Genesis;
using Lamina.L1.Modules;
using Lamina.L1.Staking;
using Lamina.L1.State;
using Lamina.L1.Transactions;
using Lamina.Core;

namespace Lamina.L1.Execution;

/// <summary>
/// Runs blocks through the chain's modules: begin-block hooks, transactions, end-block hooks, header contributions.
/// Signatures, the expensive part, are checked in parallel across cores first; state changes then run in block order
/// on one thread, because their order is the consensus. The proposer and the verifiers share <see cref="Run"/>.
/// </summary>
public sealed class BlockExecutor
{
    public BlockExecutor(string chainId, ChainParameters parameters, StakingParameters? staking = null)
        : this(chainId, parameters, L1ModuleRegistry.Standard(staking ?? StakingParameters.Default))
    {
    }

    public BlockExecutor(string chainId, ChainParameters parameters, L1ModuleRegistry modules)
    {
        ChainId = chainId;
        Parameters = parameters;
        Modules = modules ?? throw new ArgumentNullException(nameof(modules));
    }

    public string ChainId { get; }
    public ChainParameters Parameters { get; }
    public L1ModuleRegistry Modules { get; }
    public StakingModule Staking => Modules.Staking;

    /// <summary>Index of the first transaction whose signature fails, or −1 when all verify.</summary>
    public static int FirstBadSignature(IReadOnlyList<Transaction> txs) => SignatureCheck.FirstBad(txs);

    /// <summary>Writes every module's genesis records, in registry order.</summary>
    public void InitGenesis(WorldState state, GenesisConfig genesis)
    {
        foreach (var module in Modules.Modules) module.InitGenesis(state, genesis);
    }

    /// <summary>Applies one transaction outside a block run (tests, benchmarks); see <see cref="ApplyInBlock"/>.</summary>
    public Receipt Apply(WorldState state, Transaction tx, ulong height, uint index, ulong baseFee, Address proposer)
        => ApplyInBlock(state, tx, BlockContext.ForTransactions(ChainId, height, baseFee, proposer), index);

    /// <summary>
    /// Applies one transaction whose signature is already verified: its module's apply, then the fee. Throws
    /// <see cref="TransactionRejectedException"/> and leaves the state untouched when the transaction cannot be
    /// applied — whatever the module wrote before refusing is reverted, and a refused transaction pays nothing.
    /// </summary>
    public Receipt ApplyInBlock(WorldState state, Transaction tx, in BlockContext block, uint index)
    {
        TransactionRules.CheckStateless(tx, ChainId, Parameters);
        var module = Modules.ModuleFor(tx.Payload.Kind)
            ?? throw TransactionRules.Reject(TxRejectReason.Malformed, $"transaction kind {(byte)tx.Payload.Kind} is not executed on chain {ChainId}");
        TransactionRules.CheckFee(tx, block.BaseFeePerGas, 0);
        TransactionRules.CheckNonceAndBalance(tx, state.GetAccount(tx.From));

        var baseFee = block.BaseFeePerGas;
        var gasUsed = tx.Payload.IntrinsicGas;
        var tipPerGas = FeeMarket.EffectiveTip(tx.MaxFeePerGas, tx.MaxPriorityFeePerGas, baseFee);
        var price = checked(baseFee + tipPerGas);
        var burned = (UInt128)gasUsed * baseFee;
        var tip = (UInt128)gasUsed * tipPerGas;
        var fee = checked(burned + tip);

        var checkpoint = state.Checkpoint();
        try
        {
            var dataFee = module.DataFee(state, tx);
            module.Apply(state, tx, block);
            burned = checked(burned + dataFee);
            // MaxCost checked balance ≥ gasLimit·maxFee + value ≥ fee + value, so the fee cannot underflow.
            var payer = state.GetAccount(tx.From);
            state.SetAccount(tx.From, new Account(checked(payer.Balance - fee), checked(payer.Nonce + 1)));
            if (tip > UInt128.Zero)
            {
                var p = state.GetAccount(block.Proposer);
                state.SetAccount(block.Proposer, p with { Balance = checked(p.Balance + tip) });
            }
        }
        catch
        {
            state.Revert(checkpoint);
            throw;
        }
        state.Discard(checkpoint);
        return new Receipt(tx.Hash, block.Height, index, gasUsed, price, burned, tip);
    }

    /// <summary>
    /// The module part of the block pipeline, the same for both modes: begin-block hooks, the transactions, end-block
    /// hooks, then the header fields modules contribute. In <see cref="ExecutionMode.Build"/> a transaction that cannot
    /// apply is left out (and reported to <paramref name="dropped"/>); in <see cref="ExecutionMode.Verify"/> such a
    /// transaction, a bad signature or a broken block limit throws <see cref="InvalidBlockException"/>.
    /// </summary>
    public BlockExecution Run(WorldState state, in BlockContext block, IReadOnlyList<Transaction> txs, ExecutionMode mode, Action<Transaction>? dropped = null)
    {
        if (mode == ExecutionMode.Verify)
        {
            var badSig = FirstBadSignature(txs);
            if (badSig >= 0) throw new InvalidBlockException(BlockError.BadTransaction, $"transaction {badSig} has a bad signature");
        }
        foreach (var module in Modules.Modules) module.BeginBlock(state, block);

        // Build mode keeps the candidates that applied; verify mode's block is what it is.
        var kept = mode == ExecutionMode.Build ? new List<Transaction>(txs.Count) : null;
        var receipts = new List<Receipt>(txs.Count);
        ulong gas = 0;
        long bytes = 0;
        for (var i = 0; i < txs.Count; i++)
        {
            var tx = txs[i];
            try
            {
                receipts.Add(ApplyInBlock(state, tx, block, (uint)receipts.Count));
            }
            catch (TransactionRejectedException e)
            {
                if (mode == ExecutionMode.Verify) throw new InvalidBlockException(BlockError.BadTransaction, $"transaction {i} ({tx.Hash}) is invalid: {e.Message}");
                // Its writes are already reverted. A block that is merely full (blob space, its one failed ZK batch)
                // leaves it for a later block; any other refusal (an earlier transaction spent the balance, its module
                // refused it) means it can never apply on this parent.
                if (!e.WaitsForLaterBlock) dropped?.Invoke(tx);
                continue;
            }
            kept?.Add(tx);
            gas = checked(gas + receipts[^1].GasUsed);
            bytes += tx.Size;
        }

        foreach (var module in Modules.Modules) module.EndBlock(state, block);
        if (mode == ExecutionMode.Verify)
        {
            if (gas > Parameters.BlockGasLimit) throw new InvalidBlockException(BlockError.GasLimitExceeded, $"block uses {gas} gas, the limit is {Parameters.BlockGasLimit}");
            if (bytes > Parameters.MaxBlockBytes) throw new InvalidBlockException(BlockError.SizeLimitExceeded, $"block carries {bytes} bytes of transactions, the limit is {Parameters.MaxBlockBytes}");
        }
        IReadOnlyList<Transaction> included = kept ?? txs;
        var fields = new HeaderFields();
        foreach (var module in Modules.Modules) module.ContributeHeader(state, block, included, fields);
        return new BlockExecution(included, receipts, gas, fields);
    }

    /// <summary>
    /// Re-executes a whole block's hooks and transactions, as a validator does for a block it did not build.
    /// Throws <see cref="InvalidBlockException"/> naming the first transaction that breaks a rule.
    /// </summary>
    public (List<Receipt> Receipts, ulong GasUsed) ExecuteBlock(WorldState state, BlockHeader header, IReadOnlyList<Transaction> txs, IReadOnlyList<DuplicateVoteEvidence>? evidence = null)
    {
        var block = new BlockContext(ChainId, header.Height, header.TimeMs, header.Proposer, header.BaseFeePerGas, evidence ?? []);
        var run = Run(state, block, txs, ExecutionMode.Verify);
        return (run.Receipts, run.GasUsed);
    }
}
