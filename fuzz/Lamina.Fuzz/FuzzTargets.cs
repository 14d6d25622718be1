using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json;
using System.Text;
using Lamina.Consensus;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L1.Blocks;
using Lamina.L1.Execution;
using Lamina.L1.Genesis;
using Lamina.L1.State;
using Lamina.L1.Transactions;
using Lamina.Node;
using Lamina.Stark.Fuzzing;
using Lamina.Stark.Proofs;

namespace Lamina.Fuzz;

/// <summary>
/// A fuzz target broke its contract: an input decoded but did not re-encode to the same bytes, or a decoded value
/// misbehaved. Deliberately not one of the typed rejections, so it escapes every target like any other crash.
/// </summary>
public sealed class FuzzFindingException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Every decoder in the code base as a fuzz target. A target takes arbitrary bytes and either returns (the input was
/// accepted, or rejected with the decoder's documented typed exception) or throws anything else, which is a crash.
/// Whatever decodes must re-encode to exactly the input bytes (binary codecs) or to an equivalent value (JSON).
/// </summary>
public static partial class FuzzTargets
{
    /// <summary>Target name → entry point. The console app, the corpus writer and the tests all use this table.</summary>
    public static readonly IReadOnlyDictionary<string, Action<ReadOnlySpan<byte>>> Table = new SortedDictionary<string, Action<ReadOnlySpan<byte>>>(StringComparer.Ordinal)
    {
        ["transaction"] = Transaction,
        ["block"] = Block,
        ["block-header"] = b => RoundTrip<BlockHeader>(b, out _),
        ["commit"] = Commit,
        ["receipt"] = b => RoundTrip<Receipt>(b, out _),
        ["account"] = b => RoundTrip<Account>(b, out _),
        ["validator-set"] = ValidatorSet,
        ["smt-proof"] = SmtProofTarget,
        ["smt-node"] = SmtNodeTarget,
        ["genesis"] = Genesis,
        ["node-config"] = NodeConfigTarget,
        ["rpc"] = Rpc,
        ["stark-proof"] = StarkProof,
        ["stark-verify"] = StarkVerify,
        ["rpo-digest"] = RpoDigestTarget,
        ["stark-digest"] = StarkDigestTarget,
        // Data availability (Lamina.DataAvailability; FuzzTargets.DataAvailability.cs)
        ["da-share"] = DaShareTarget,
        ["da-square"] = DaSquareTarget,
        ["da-namespace-proof"] = DaNamespaceProofTarget,
        ["da-share-proof"] = DaShareProofTarget,
        ["da-header"] = b => RoundTrip<Lamina.DataAvailability.DataAvailabilityHeader>(b, out _),
        ["da-bad-encoding-proof"] = DaBadEncodingProofTarget,
        // Consensus (Lamina.Consensus)
        ["vote"] = b => RoundTrip<Vote>(b, out _),
        ["proposal"] = b => RoundTrip<Proposal>(b, out _),
        ["duplicate-vote-evidence"] = DuplicateVoteEvidenceTarget,
        ["consensus-input"] = ConsensusInputTarget,
        ["consensus-wal"] = ConsensusWalTarget,
        ["signer-state"] = b => RoundTrip<SignerState>(b, out _),
        // Staking and light client (Lamina.L1)
        ["validator-record"] = b => RoundTrip<L1.Staking.ValidatorRecord>(b, out _),
        ["unbonding-queue"] = b => RoundTrip<L1.Staking.UnbondingQueue>(b, out _),
        ["validator-registry"] = ValidatorRegistryTarget,
        ["processed-evidence"] = b => RoundTrip<L1.Staking.ProcessedEvidence>(b, out _),
        ["light-block"] = LightBlockTarget,
        // The node's consensus peer messages (Lamina.Node.Consensus)
        ["proposal-header"] = ProposalHeaderTarget,
        ["block-part"] = BlockPartTarget,
        ["sync-request"] = b => RoundTrip<Node.Consensus.SyncRequest>(b, out _),
        ["sync-response"] = SyncResponseTarget,
        // Peer-to-peer wire (Lamina.Network)
        ["frame-reader"] = FrameReaderTarget,
        ["sealed-frame-reader"] = SealedFrameReaderTarget,
        ["hello"] = HelloTarget,
        ["auth"] = AuthTarget,
        ["request-envelope"] = RequestEnvelopeTarget,
        ["handshake"] = HandshakeTarget,
        // ZK rollup (Lamina.L2.Zk)
        ["zk-transaction"] = ZkTransactionTarget,
        ["zk-pubdata"] = ZkPubdataTarget,
        ["zk-key-signature"] = ZkKeySignatureTarget,
        ["zk-batch-proof"] = ZkBatchProofTarget,
        // L1 blob module (Lamina.L1.Blobs; FuzzTargets.Blobs.cs)
        ["blob-payload"] = BlobPayloadTarget,
        ["blob-fee-state"] = b => RoundTrip<L1.Blobs.BlobFeeState>(b, out _),
        ["optimistic-transfer"] = OptimisticTransferTarget,
        ["optimistic-account"] = OptimisticAccountTarget,
        ["optimistic-withdrawal"] = OptimisticWithdrawalTarget,
        ["optimistic-withdrawal-receipt"] = OptimisticWithdrawalReceiptTarget,
        ["optimistic-withdrawal-proof"] = OptimisticWithdrawalProofTarget,
        ["optimistic-batch-payload"] = OptimisticBatchPayloadTarget,
        ["optimistic-batch-frame"] = OptimisticBatchFrameTarget,
        ["optimistic-channel-payload"] = OptimisticChannelPayloadTarget,
        ["optimistic-channel-frame"] = OptimisticChannelFrameTarget,
        ["l2-block-header"] = L2BlockHeaderTarget,
        ["l2-block"] = L2BlockTarget,
        ["l2-transaction"] = L2TransactionTarget,
        ["one-step-transaction"] = OneStepTransactionTarget,
        ["one-step-witness"] = OneStepWitnessTarget,
        ["da-column-share-proof"] = DaColumnShareProofTarget,
        ["da-square-record"] = DaSquareRecordTarget,
        ["da-share-request"] = DaShareRequestTarget,
        ["da-share-response"] = DaShareResponseTarget,
        ["rollup-payload"] = RollupPayloadTarget, // L1 rollups module (FuzzTargets.Rollups.cs)
        ["rollup-record"] = RollupRecordTarget,
        ["dispute-move"] = DisputeMoveTarget, // dispute game (FuzzTargets.Dispute.cs)
        ["blob-sidecars"] = BlobSidecarsTarget, // blob sidecars (FuzzTargets.Sidecars.cs)
        ["sidecar-request"] = SidecarRequestTarget,
        ["transaction-network-form"] = TransactionNetworkFormTarget,
        ["dispute-l1"] = DisputeL1Target, // dispute game on L1 (FuzzTargets.DisputeL1.cs)
        ["zk-l1-payload"] = ZkL1PayloadTarget, // ZK rollups module on L1 (FuzzTargets.ZkL1.cs)
        ["zk-l1-record"] = ZkL1RecordTarget,
        ["verified-namespace-data"] = VerifiedNamespaceDataTarget, // proven DA answers (FuzzTargets.Op3.cs)
        ["dispute3-records"] = Dispute3RecordsTarget, // blob fee record, deposit cursor (FuzzTargets.Dispute3.cs)
        ["derived-opening"] = DerivedOpeningTarget, // lists derived on L1 (FuzzTargets.Dispute4.cs)
        ["derived-records"] = DerivedRecordsTarget,
        ["zk-batch-submission"] = ZkBatchSubmissionTarget, // ZK operator (FuzzTargets.ZkOperator.cs)
        ["zk-stored-batch"] = ZkStoredBatchTarget,
        ["bad-encoding-fraud"] = BadEncodingFraudTarget, // bad-encoding gossip (FuzzTargets.Da3.cs)
        ["da-column-request"] = DaColumnRequestTarget, // DA column channels 36/37 (FuzzTargets.DaColumns.cs)
        ["da-column-response"] = DaColumnResponseTarget,
        ["da-column-push"] = DaColumnPushTarget,
        ["node-roles"] = NodeRolesTarget, // role announcements, channel 38 (FuzzTargets.PeerRoles.cs)
    };

    /// <summary>One line per target, for <c>-- list</c> and the README.</summary>
    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        ["transaction"] = "Transaction.FromBytes + re-encode, signature check (CodecException)",
        ["block"] = "Canonical.Decode<Block> + re-encode, body/header check (CodecException, InvalidBlockException)",
        ["block-header"] = "Canonical.Decode<BlockHeader> + re-encode (CodecException)",
        ["commit"] = "Canonical.Decode<Commit> + re-encode, Verify against a fixed validator set (CodecException, InvalidCommitException)",
        ["receipt"] = "Canonical.Decode<Receipt> + re-encode (CodecException)",
        ["account"] = "Canonical.Decode<Account> + re-encode (CodecException)",
        ["validator-set"] = "Canonical.Decode<ValidatorSet> + re-encode (CodecException)",
        ["smt-proof"] = "Canonical.Decode<SmtProof> + re-encode, Verify against the seed tree (CodecException, InvalidMerkleProofException)",
        ["smt-node"] = "SmtNode.Decode + re-encode + hash (CodecException)",
        ["genesis"] = "GenesisConfig.Parse (UTF-8 JSON) + ToJson round trip (GenesisException)",
        ["node-config"] = "NodeConfig JSON with the options NodeConfig.Load uses, then Validate (JsonException, ConfigException)",
        ["rpc"] = "JsonRpcServer.Handle (UTF-8 body) over a 3-block in-memory chain; must answer valid JSON, never throw or log an internal error",
        ["stark-proof"] = "ProofCodec.Decode + re-encode (InvalidProofException)",
        ["rpo-digest"] = "Canonical.Decode<RpoDigest> + re-encode, agrees with ToBytes/FromBytes (CodecException)",
        ["stark-digest"] = "Canonical.Decode<Digest32> + re-encode, agrees with Hash256 both ways (CodecException)",
        ["stark-verify"] = "ProofFuzzTarget (tests/Lamina.Stark.TestSupport): decode, re-encode, verify against Fibonacci(16) (InvalidProofException)",
        ["da-share"] = "Share.Decode + re-encode (CodecException)",
        ["da-square"] = "DataSquare.FromShares + ExtractBlobs; accepted squares re-lay out to the same bytes (InvalidSquareException)",
        ["da-namespace-proof"] = "Canonical.Decode<NamespaceProof> + re-encode, verify against a seed row root (CodecException, InvalidNmtException)",
        ["da-share-proof"] = "Canonical.Decode<ShareProof> + re-encode, verify against the seed data root (CodecException, InvalidNmtException, InvalidMerkleProofException)",
        ["da-header"] = "Canonical.Decode<DataAvailabilityHeader> + re-encode (CodecException)",
        ["da-bad-encoding-proof"] = "Canonical.Decode<BadEncodingProof> + re-encode, Verify; never accepted against an honest square (CodecException, InvalidBadEncodingProofException)",
        ["vote"] = "Canonical.Decode<Vote> + re-encode (CodecException)",
        ["proposal"] = "Canonical.Decode<Proposal> + re-encode (CodecException)",
        ["duplicate-vote-evidence"] = "Canonical.Decode<DuplicateVoteEvidence> + re-encode, Verify against the seed validators (CodecException, InvalidEvidenceException)",
        ["consensus-input"] = "ConsensusInput.Decode (a WAL entry) + re-encode (CodecException)",
        ["consensus-wal"] = "FileConsensusWal opened on the bytes as a file; kept records re-encode to the kept prefix, reopen is stable (InvalidDataException)",
        ["signer-state"] = "Canonical.Decode<SignerState> + re-encode (CodecException)",
        ["validator-record"] = "Canonical.Decode<ValidatorRecord> (Lamina.L1.Staking) + re-encode (CodecException)",
        ["unbonding-queue"] = "Canonical.Decode<UnbondingQueue> + re-encode (CodecException)",
        ["validator-registry"] = "Canonical.Decode<ValidatorRegistry> + re-encode, With of every member is a no-op (CodecException)",
        ["processed-evidence"] = "Canonical.Decode<ProcessedEvidence> + re-encode (CodecException)",
        ["light-block"] = "Canonical.Decode<LightBlock> + re-encode, HeaderVerifier.CheckSelfConsistent (CodecException, LightClientException)",
        ["proposal-header"] = "Canonical.Decode<ProposalHeaderMessage> (signed proposal + part-set header) + re-encode (CodecException)",
        ["block-part"] = "Canonical.Decode<BlockPartMessage> + re-encode, Merkle proof check (CodecException, InvalidMerkleProofException)",
        ["sync-request"] = "Canonical.Decode<SyncRequest> + re-encode (CodecException)",
        ["sync-response"] = "Canonical.Decode<SyncResponse> + re-encode, body/header check of each block (CodecException, InvalidBlockException)",
        ["frame-reader"] = "FrameReader over a trickling stream until the end; frames re-encode to the bytes read; header checked against the default table (PeerProtocolException)",
        ["sealed-frame-reader"] = "FrameReader with a session cipher of a known key over a trickling stream; opened frames re-seal to the bytes read (PeerProtocolException)",
        ["hello"] = "Hello.Decode + re-encode (PeerProtocolException)",
        ["auth"] = "Auth.Decode + re-encode, Verify against a fixed transcript (PeerProtocolException)",
        ["request-envelope"] = "RequestEnvelope.Decode + re-encode (PeerProtocolException)",
        ["handshake"] = "Handshake.RunAsync with the bytes as everything the peer sends; never accepted, the transcript is fresh (PeerProtocolException, IOException when the bytes run out)",
        ["zk-transaction"] = "ZkTransaction.Decode + re-encode, signing message of signed kinds (CodecException)",
        ["zk-pubdata"] = "PubdataCodec.Decode + re-encode + commitment (CodecException)",
        ["zk-key-signature"] = "ZkPublicKey and ZkSignature from 40 + 80 bytes, re-encoded (ArgumentException)",
        ["zk-batch-proof"] = "ZkBatchProof.Decode + re-encode (CodecException)",
        ["zk-batch-submission"] = "ZkBatchSubmission.Decode (Lamina.L2.Zk) + re-encode, its pubdata decoded (CodecException)",
        ["zk-stored-batch"] = "ZkStoredBatch.Decode (the ZK operator's journal record) + re-encode (CodecException)",
        ["blob-payload"] = "The blob kind's DecodeBody (namespace, max fee per blob gas, data) + re-encode, lays into a square (CodecException)",
        ["blob-fee-state"] = "Canonical.Decode<BlobFeeState> + re-encode (CodecException)",
        ["optimistic-transfer"] = "OptimisticTransfer.Decode + re-encode + signature check (CodecException)",
        ["optimistic-account"] = "OptimisticAccount.Decode + re-encode (CodecException)",
        ["optimistic-withdrawal"] = "OptimisticWithdrawal.Decode + re-encode + signature check (CodecException)",
        ["optimistic-withdrawal-receipt"] = "OptimisticWithdrawalReceipt.Decode + re-encode (CodecException)",
        ["optimistic-withdrawal-proof"] = "OptimisticWithdrawalProof.Decode + re-encode + verify (CodecException, InvalidWithdrawalProofException)",
        ["optimistic-batch-payload"] = "OptimisticBatchPayload.Decode + re-encode (CodecException)",
        ["optimistic-batch-frame"] = "OptimisticBatchFrame.Decode (Brotli, capped) + round trip (CodecException)",
        ["optimistic-channel-payload"] = "OptimisticChannelPayload.Decode (L2 block boundaries + batch body) + re-encode (CodecException)",
        ["optimistic-channel-frame"] = "OptimisticChannelFrame.Decode + re-encode, assembled as a one-frame channel and decompressed (CodecException)",
        ["l2-block-header"] = "L2BlockHeader.Decode + re-encode + hash (CodecException)",
        ["l2-block"] = "L2Block.Decode (body checked against the header's roots) + re-encode (CodecException)",
        ["l2-transaction"] = "L2Transaction.Decode + re-encode (CodecException)",
        ["one-step-transaction"] = "OneStepTransaction.Decode + re-encode (CodecException)",
        ["one-step-witness"] = "OneStepWitness.Decode + re-encode + one-step execution; an accepted witness must give the state machine's root (CodecException, InvalidOneStepWitnessException)",
        ["da-column-share-proof"] = "Canonical.Decode<ColumnShareProof> + re-encode, verify against the seed data root (CodecException, InvalidNmtException, InvalidMerkleProofException)",
        ["da-square-record"] = "Canonical.Decode<DaSquareRecord> (a DA node's stored square) + re-encode (CodecException)",
        ["da-share-request"] = "Canonical.Decode<DaShareRequest> (DA peer channel 32) + re-encode (CodecException)",
        ["da-share-response"] = "Canonical.Decode<DaShareResponse> + re-encode, a served proof verified against the seed data root (CodecException, InvalidNmtException, InvalidMerkleProofException)",
        ["rollup-payload"] = "kind byte (16-21) ‖ the rollup kind's DecodeBody + re-encode, value at risk, JSON (CodecException)",
        ["rollup-record"] = "selector byte (0-9) ‖ Canonical.Decode of a rollups module record + re-encode (CodecException)",
        ["dispute-move"] = "DisputeMove.Decode + re-encode; a step proof runs through L1's one-step leaf (CodecException, InvalidDisputeMoveException)",
        ["blob-sidecars"] = "Canonical.Decode<BlobSidecars> (sidecar channels 33/34, block sync, store) + re-encode, commitments computed (CodecException)",
        ["sidecar-request"] = "Canonical.Decode<SidecarRequest> (sidecar channel 34) + re-encode (CodecException)",
        ["transaction-network-form"] = "TransactionNetworkForm.Decode (RPC, mempool gossip: a blob with its bytes) + re-encode (CodecException, InvalidSidecarException)",
        ["dispute-l1"] = "dispute transaction bodies (kinds 22-24), game record (+ replay), index record, L2 header preimage (CodecException, InvalidDisputeMoveException)",
        ["zk-l1-payload"] = "kind byte (32-37) ‖ the ZK rollup kind's DecodeBody (a batch: effects and proof) + re-encode, value at risk, gas, JSON (CodecException)",
        ["zk-l1-record"] = "selector byte (0-6) ‖ Canonical.Decode of a ZK rollups module record + re-encode (CodecException)",
        ["verified-namespace-data"] = "selector ‖ da_getNamespaceData JSON → VerifiedNamespaceData.Blobs against the fixture data root; accepted blobs must be a run of the true ones (InvalidBlobDataException)",
        ["dispute3-records"] = "selector byte: 0 BlobFeeRecord, 1 the L2 deposit cursor leaf; decode + re-encode (CodecException)",
        ["derived-opening"] = "DerivedOpening.Decode (a derived descent's blobs, mask and parent) + re-encode (CodecException)",
        ["derived-records"] = "selector byte: 0 BatchCommitmentsRecord, 1 BlockBlobCommitmentsRecord, 2 L1TimeRecord; decode + re-encode (CodecException)",
        ["bad-encoding-fraud"] = "Canonical.Decode<BadEncodingFraud> (bad-encoding gossip, channel 35) + re-encode, the proof verified against its roots, never against the honest square's (CodecException, InvalidBadEncodingProofException)",
        ["da-column-request"] = "Canonical.Decode<DaColumnRequest> (DA column channel 36) + re-encode (CodecException)",
        ["da-column-response"] = "Canonical.Decode<DaColumnResponse> (DA column channel 36) + re-encode, roots and column checked against the fixture square (CodecException, DaColumnException)",
        ["da-column-push"] = "Canonical.Decode<DaColumnPush> (re-seeded columns, channel 37) + re-encode, checked against the fixture square (CodecException, DaColumnException)",
        ["node-roles"] = "Canonical.Decode<NodeRolesMessage> (role announcements, channel 38) + re-encode, the set already canonical (CodecException)",
    };

    private static void Same(ReadOnlySpan<byte> input, ReadOnlySpan<byte> again, string what)
    {
        if (!input.SequenceEqual(again))
        {
            throw new FuzzFindingException($"{what}: {input.Length} input bytes decoded but re-encoded to {again.Length} different bytes (input {Convert.ToHexStringLower(input)})");
        }
    }

    /// <summary>Decodes, and demands the value re-encode to the input. False when the decoder refused (CodecException).</summary>
    private static bool RoundTrip<T>(ReadOnlySpan<byte> input, out T value) where T : ICanonical<T>
    {
        try
        {
            value = Canonical.Decode<T>(input);
        }
        catch (CodecException)
        {
            value = default!;
            return false;
        }
        Same(input, Canonical.Encode(value), typeof(T).Name);
        return true;
    }

    private static void Transaction(ReadOnlySpan<byte> input)
    {
        Transaction tx;
        try
        {
            tx = L1.Transactions.Transaction.FromBytes(input);
        }
        catch (CodecException)
        {
            return;
        }
        // FromBytes caches the input as the encoding, so encode afresh from the fields.
        Same(input, Canonical.Encode(tx), nameof(Transaction));
        _ = tx.Hash;
        _ = tx.HasValidSignature();
    }

    private static void Block(ReadOnlySpan<byte> input)
    {
        if (!RoundTrip<Block>(input, out var block)) return;
        _ = block.Hash;
        try
        {
            block.CheckBodyMatchesHeader();
        }
        catch (InvalidBlockException)
        {
        }
    }

    private static void Commit(ReadOnlySpan<byte> input)
    {
        if (!RoundTrip<Commit>(input, out var commit)) return;
        _ = commit.Hash;
        try
        {
            commit.Verify(Seeds.ChainId, Seeds.Validators, commit.Height, commit.BlockHash);
        }
        catch (InvalidCommitException)
        {
        }
    }

    private static void ValidatorSet(ReadOnlySpan<byte> input)
    {
        if (!RoundTrip<ValidatorSet>(input, out var set)) return;
        _ = set.IsQuorum(set.TotalPower);
        foreach (var v in set.Validators)
        {
            if (set.Find(v.Address) is null) throw new FuzzFindingException("a decoded validator set cannot find its own member");
        }
    }

    private static void SmtProofTarget(ReadOnlySpan<byte> input)
    {
        SmtProof proof;
        try
        {
            proof = Canonical.Decode<SmtProof>(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, Canonical.Encode(proof), nameof(SmtProof));
        var tree = Seeds.ProofTree;
        foreach (var (key, value) in tree.Probes)
        {
            try
            {
                proof.Verify(tree.Root, key, value ?? [], value is not null);
            }
            catch (InvalidMerkleProofException)
            {
            }
        }
    }

    private static void SmtNodeTarget(ReadOnlySpan<byte> input)
    {
        SmtNode node;
        try
        {
            node = SmtNode.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, node.Encode(), nameof(SmtNode));
        _ = node.ComputeHash();
    }

    /// <summary>Turns fuzz bytes into text the way an HTTP body or a file would be read (invalid UTF-8 becomes U+FFFD).</summary>
    public static string Text(ReadOnlySpan<byte> input) => Encoding.UTF8.GetString(input);

    private static void Genesis(ReadOnlySpan<byte> input)
    {
        var json = Text(input);
        GenesisConfig config;
        try
        {
            config = GenesisConfig.Parse(json, "fuzz");
        }
        catch (GenesisException)
        {
            return;
        }
        // Round trip: what ToJson writes must parse back to the same chain (same genesis hash, same JSON).
        var text = config.ToJson();
        GenesisConfig again;
        try
        {
            again = GenesisConfig.Parse(text, "round trip");
        }
        catch (GenesisException e)
        {
            throw new FuzzFindingException($"genesis accepted, but its own ToJson is refused: {e.Message}", e);
        }
        if (again.Hash() != config.Hash()) throw new FuzzFindingException("genesis hash changed across ToJson/Parse");
        if (again.ToJson() != text) throw new FuzzFindingException("genesis JSON is not stable across ToJson/Parse");
        // Names must stay with their keys: the file says which name belongs to which validator.
        var file = JsonSerializer.Deserialize<GenesisFile>(json, GenesisFile.JsonOptions)!;
        var written = config.ToFile().Validators!.ToDictionary(v => PublicKey.Parse(v.PublicKey!), v => v.Name);
        foreach (var entry in file.Validators!)
        {
            if (entry.Name is null) continue;
            var named = written[PublicKey.Parse(entry.PublicKey!)];
            if (named != entry.Name) throw new FuzzFindingException($"genesis validator {entry.PublicKey} is named '{entry.Name}' in the file but '{named}' by ToJson");
        }
    }

    /// <summary>
    /// NodeConfig has no parse-from-string entry point (only Load(home), which reads a file), so this mirrors Load:
    /// the same serializer options, then Validate. Keep the options in step with src/Lamina.Node/Config/NodeConfig.cs.
    /// </summary>
    private static readonly JsonSerializerOptions NodeConfigOptions = new()
    {
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private static void NodeConfigTarget(ReadOnlySpan<byte> input)
    {
        NodeConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<NodeConfig>(Text(input), NodeConfigOptions);
            if (config is null) return;
            config.Validate("fuzz");
        }
        catch (Exception e) when (e is JsonException or ConfigException)
        {
            return;
        }
        var text = JsonSerializer.Serialize(config, NodeConfigOptions);
        var again = JsonSerializer.Deserialize<NodeConfig>(text, NodeConfigOptions)!;
        again.Validate("round trip");
        if (JsonSerializer.Serialize(again, NodeConfigOptions) != text) throw new FuzzFindingException("node config is not stable across Serialize/Deserialize");
    }

    private static void Rpc(ReadOnlySpan<byte> input)
    {
        var rpc = RpcFixture.Shared;
        // The fuzz driver is synchronous, and nothing here captures a context, so blocking on the answer is safe.
        var response = rpc.HandleAsync(Text(input)).GetAwaiter().GetResult();
        if (response is null) return;
        try
        {
            _ = JsonNode.Parse(response);
        }
        catch (JsonException e)
        {
            throw new FuzzFindingException($"RPC answered with invalid JSON: {response}", e);
        }
    }

    private static void StarkProof(ReadOnlySpan<byte> input)
    {
        Stark.Proofs.StarkProof proof;
        try
        {
            proof = ProofCodec.Decode(input);
        }
        catch (InvalidProofException)
        {
            return;
        }
        Same(input, ProofCodec.Encode(proof), nameof(StarkProof));
    }

    private static void StarkVerify(ReadOnlySpan<byte> input) => ProofFuzzTarget.Run(input);
}
