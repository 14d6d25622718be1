using Lamina.Core;
using Lamina.L2.Optimistic.Derivation;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>
/// The <c>verifier</c> role: derivation only, from L1 and DA through <see cref="IRollupL1Source"/>, with no contact
/// with the sequencer; its unsafe head is its safe head. Output roots on L1 that disagree with what it derived are
/// reported in <see cref="L2Heads.Mismatches"/>.
/// </summary>
public sealed class VerifierAgent : IL2Chain
{
    private readonly DerivationDriver _derivation;
    private readonly L2TxIndex _index = new();
    private readonly Lock _indexLock = new();

    public VerifierAgent(RollupConfig config, IRollupL1Source l1)
    {
        Config = config;
        _derivation = new DerivationDriver(config, l1, onSafeBlock: block => { lock (_indexLock) _index.Add(block); });
    }

    public RollupConfig Config { get; }

    public string Role => "verifier";

    public bool WaitingForData => _derivation.WaitingForData;

    public L2Heads Heads => _derivation.Read(p => new L2Heads(p.Safe, p.Safe, p.Finalized, p.Mismatches.ToArray(), p.NextL1Height - 1) { ForcedInclusionWindow = p.ForcedWindow });

    /// <summary>The last failure of a round, null once a round succeeds.</summary>
    public string? LastError { get; private set; }

    /// <summary>Sets <see cref="LastError"/> for a loop that drives <see cref="SyncAsync"/> itself (the challenger's).</summary>
    public void ReportError(string? error) => LastError = error;

    public Task<int> SyncAsync(CancellationToken cancellationToken) => _derivation.SyncAsync(cancellationToken);

    public async Task RunAsync(TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await SyncAsync(cancellationToken);
                LastError = null;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // L1 or DA unreachable: derivation resumes from where it stopped on the next round.
                LastError = e.Message;
            }
            await Task.Delay(interval, time, cancellationToken);
        }
    }

    /// <summary>
    /// The derived chain as the dispute solver's history (the <c>challenger</c> role): its blocks, witnesses from its
    /// state store, each block's fees at its origin's blob base fee as derivation charged them, and for games that
    /// derive lists on L1 each block's source and candidates as derivation kept them. Use it between
    /// <see cref="SyncAsync"/> calls (the challenger runs in derivation's loop), never concurrently with one.
    /// </summary>
    public DerivedChainOutputHistory DisputeHistory(OptimisticRuleContext rules)
    {
        OptimisticFeeSchedule FeesAt(ulong origin) => _derivation.Read(p => p.Inbox.FeesAt(origin));
        return new(new ChainOutputHistory(GetBlock, _derivation.Pipeline.Store, rules, FeesAt), GetBlock, GetRecord, rules, FeesAt);
    }

    /// <summary>Where derivation took block <paramref name="number"/> from (kept from the finalized head on).</summary>
    public DerivedBlockRecord? GetRecord(ulong number) => _derivation.Read(p => p.GetRecord(number));

    /// <summary>The newest block derivation holds (the challenger plays only games over blocks it holds).</summary>
    public ulong SafeNumber => _derivation.Read(p => p.Safe.Number);

    public Chain.L2Block? GetBlock(ulong number) => _derivation.Read(p => p.GetBlock(number));

    public OptimisticAccount GetAccount(Address address) => _derivation.Read(p => p.Machine.GetAccount(p.Safe.StateRoot, address));

    public L2TxLocation? GetTransaction(Hash256 hash)
    {
        ulong number;
        int index;
        lock (_indexLock)
        {
            if (!_index.TryFind(hash, out number, out index)) return null;
        }
        return _derivation.Read(p => new L2TxLocation(p.GetBlock(number)!.Transactions[index], number, index, true));
    }

    public OptimisticWithdrawalProof? GetWithdrawalProof(Address sender, ulong nonce) => _derivation.Read(p => WithdrawalProofs.Prove(p, sender, nonce));
}
