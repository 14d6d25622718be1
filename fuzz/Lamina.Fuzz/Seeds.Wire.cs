using Lamina.Consensus;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;
using Lamina.L1.Staking;
using Lamina.Network;
using Lamina.Node.Consensus;

namespace Lamina.Fuzz;

public static partial class Seeds
{
    /// <summary>Seeds for the consensus, staking, light-client, node peer-message and wire targets, built from the seed chain.</summary>
    private static void AddWireSeeds(Dictionary<string, IReadOnlyList<byte[]>> seeds, Blockchain chain, List<Block> blocks)
    {
        var validator = DevChain.Key(0);
        var outsider = DevChain.Key(7);
        var block1 = blocks[1];
        var commits = blocks.Skip(1).Select(b => chain.Store.GetCommit(b.Height)!).ToList();
        var other = new Hash256(Filled(Hash256.Size, 0x42));
        var max = new Hash256(Filled(Hash256.Size, 0xff));

        var votes = new List<Vote>
        {
            Vote.Create(ChainId, VoteType.Prevote, 1, 0, block1.Hash, validator),
            Vote.Create(ChainId, VoteType.Precommit, 1, 0, block1.Hash, validator),
            Vote.Create(ChainId, VoteType.Prevote, 2, 3, Hash256.Zero, validator),
            Vote.Create(ChainId, VoteType.Precommit, ulong.MaxValue, uint.MaxValue, max, outsider),
        };
        var proposals = new List<Proposal>
        {
            Proposal.Create(ChainId, 1, 0, -1, block1.Hash, validator),
            Proposal.Create(ChainId, 4, 5, 2, other, validator),
            Proposal.Create(ChainId, ulong.MaxValue, uint.MaxValue, uint.MaxValue - 1L, max, outsider),
        };
        seeds["vote"] = [.. votes.Select(Canonical.Encode)];
        seeds["proposal"] = [.. proposals.Select(Canonical.Encode)];
        seeds["duplicate-vote-evidence"] =
        [
            Canonical.Encode(DuplicateVoteEvidence.Create(votes[0], Vote.Create(ChainId, VoteType.Prevote, 1, 0, other, validator))),
            Canonical.Encode(DuplicateVoteEvidence.Create(votes[1], Vote.Create(ChainId, VoteType.Precommit, 1, 0, Hash256.Zero, validator))),
            Canonical.Encode(DuplicateVoteEvidence.Create(
                Vote.Create(ChainId, VoteType.Prevote, 9, 1, other, outsider), Vote.Create(ChainId, VoteType.Prevote, 9, 1, max, outsider))),
        ];

        ConsensusInput[] inputs =
        [
            new StartHeight(1, Validators),
            new ProposalReceived(proposals[0], true),
            new ProposalReceived(proposals[1], false),
            new VoteReceived(votes[0]),
            new VoteReceived(votes[2]),
            new TimeoutElapsed(1, 0, ConsensusStep.Propose),
            new TimeoutElapsed(1, 7, ConsensusStep.Precommit),
            new ProposeValue(1, 0, block1.Hash),
            new CommitReceived(commits[0]),
        ];
        seeds["consensus-input"] = [.. inputs.Select(i => i.Encode())];
        seeds["consensus-wal"] = [Wal(inputs.Select((input, i) => new WalEntry(1 + (ulong)i / 3, input))), Wal([new WalEntry(1, inputs[3])]), []];
        seeds["signer-state"] =
        [
            Canonical.Encode(new SignerState(1, 0, ConsensusStep.Precommit, [block1.Hash, other])),
            Canonical.Encode(new SignerState(0, 0, ConsensusStep.Propose, [])),
            Canonical.Encode(new SignerState(ulong.MaxValue, uint.MaxValue, ConsensusStep.Prevote, [max])),
        ];

        seeds["validator-record"] =
        [
            Canonical.Encode(new ValidatorRecord(validator.PublicKey, 10, false, 0, 0)),
            Canonical.Encode(new ValidatorRecord(outsider.PublicKey, UInt128.MaxValue, true, ulong.MaxValue, uint.MaxValue)),
        ];
        seeds["unbonding-queue"] =
        [
            Canonical.Encode(UnbondingQueue.Empty),
            Canonical.Encode(new UnbondingQueue([new UnbondingEntry(1_000, 12)])),
            Canonical.Encode(new UnbondingQueue([.. Enumerable.Range(0, UnbondingQueue.MaxEntries).Select(i => new UnbondingEntry(UInt128.MaxValue - (ulong)i, (ulong)i))])),
        ];
        var registry = Enumerable.Range(0, 6).Aggregate(ValidatorRegistry.Empty, (r, i) => r.With(DevChain.Key(i).Address));
        seeds["validator-registry"] = [Canonical.Encode(ValidatorRegistry.Empty), Canonical.Encode(registry),
            Canonical.Encode(ValidatorRegistry.Empty.With(new Address(Filled(Address.Size, 0))).With(new Address(Filled(Address.Size, 0xff))))];
        seeds["processed-evidence"] = [Canonical.Encode(new ProcessedEvidence(0)), Canonical.Encode(new ProcessedEvidence(7)), Canonical.Encode(new ProcessedEvidence(ulong.MaxValue))];
        seeds["light-block"] = [.. Enumerable.Range(1, (int)chain.Height).Select(h => Canonical.Encode(chain.GetLightBlock((ulong)h)!))];

        var (partsHeader, parts) = BlockParts.Split(proposals[0], Canonical.Encode(block1));
        var bigProposal = Proposal.Create(ChainId, 3, 1, 0, blocks[3].Hash, validator);
        var (bigHeader, bigParts) = BlockParts.Split(bigProposal, [.. Canonical.Encode(blocks[3]), .. new byte[BlockParts.PartSize]]);
        seeds["proposal-header"] =
        [
            Canonical.Encode(new ProposalHeaderMessage(proposals[0], partsHeader)),
            Canonical.Encode(new ProposalHeaderMessage(bigProposal, bigHeader)),
        ];
        seeds["block-part"] = [Canonical.Encode(parts[0]), Canonical.Encode(bigParts[0]), Canonical.Encode(bigParts[^1])];
        seeds["sync-request"] = [Canonical.Encode(new SyncRequest(1, 1)), Canonical.Encode(new SyncRequest(0, SyncRequest.MaxCount)), Canonical.Encode(new SyncRequest(ulong.MaxValue, 3))];
        seeds["sync-response"] =
        [
            Canonical.Encode(new SyncResponse(chain.Height, [.. blocks.Skip(1).Zip(commits)])),
            Canonical.Encode(new SyncResponse(0, [])),
            Canonical.Encode(new SyncResponse(ulong.MaxValue, [(blocks[2], commits[1])])),
        ];

        var peer = DevChain.Key(9);
        var nonce = Enumerable.Range(100, Hello.NonceSize).Select(i => (byte)i).ToArray();
        // Ephemeral keys as canonical X25519 keys: the largest (p − 1), and a generic one.
        var ephemeral = Enumerable.Range(0x90, 32).Select(i => (byte)i).ToArray();
        ephemeral[31] &= 0x7f;
        byte[] largest = [0xec, .. Filled(30, 0xff), 0x7f];
        var hello = new Hello(Handshake.ProtocolVersion, ChainId, peer.PublicKey, 26656, nonce, ephemeral).Encode();
        var auth = Auth.Create(peer, FuzzTargets.AuthTranscript).Encode();
        seeds["hello"] = [hello, new Hello(Handshake.ProtocolVersion, new string('~', Hello.MaxChainIdLength), outsider.PublicKey, ushort.MaxValue, new byte[Hello.NonceSize], largest).Encode()];
        seeds["auth"] = [auth, Auth.Create(outsider, Hash256.Zero).Encode()];
        seeds["handshake"] =
        [
            [.. FrameCodec.Encode(ChannelIds.Control, hello), .. FrameCodec.Encode(ChannelIds.Control, auth)],
            FrameCodec.Encode(ChannelIds.Control, hello),
        ];
        var syncRequest = RequestEnvelope.Encode(RequestEnvelope.Kind.Request, 1, seeds["sync-request"][0]);
        seeds["request-envelope"] =
        [
            syncRequest,
            RequestEnvelope.Encode(RequestEnvelope.Kind.Response, ulong.MaxValue, seeds["sync-response"][2]),
            RequestEnvelope.Encode(RequestEnvelope.Kind.Error, 7, []),
        ];
        // Frames sealed in order under the fuzz target's fixed session key, as a peer sends them after the handshake.
        using (var sender = new FrameCipher(FuzzTargets.SessionKey))
        {
            seeds["sealed-frame-reader"] =
            [
                [
                    .. sender.SealFrame(ChannelIds.Votes, Canonical.Encode(votes[0])),
                    .. sender.SealFrame(ChannelIds.Control, [(byte)ControlMessageType.Ping]),
                    .. sender.SealFrame(ChannelIds.Transactions, block1.Transactions[0].Encoded),
                    .. sender.SealFrame(ChannelIds.BlockSync, syncRequest),
                ],
                [.. sender.SealFrame(ChannelIds.BlockParts, seeds["block-part"][0])],
                [],
            ];
        }
        seeds["frame-reader"] =
        [
            [
                .. FrameCodec.Encode(ChannelIds.Votes, Canonical.Encode(votes[0])),
                .. FrameCodec.Encode(ChannelIds.Control, [(byte)ControlMessageType.Ping]),
                .. FrameCodec.Encode(ChannelIds.Transactions, block1.Transactions[0].Encoded),
                .. FrameCodec.Encode(ChannelIds.Evidence, seeds["duplicate-vote-evidence"][0]),
                .. FrameCodec.Encode(ChannelIds.BlockSync, syncRequest),
                .. FrameCodec.Encode(ChannelIds.Control, [(byte)ControlMessageType.Pong]),
            ],
            [.. FrameCodec.Encode(ChannelIds.BlockParts, seeds["proposal-header"][0]), .. FrameCodec.Encode(ChannelIds.BlockParts, seeds["block-part"][0])],
            [],
        ];
    }

    /// <summary>The bytes a <see cref="FileConsensusWal"/> holds after appending <paramref name="entries"/>.</summary>
    private static byte[] Wal(IEnumerable<WalEntry> entries)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lamina-fuzz-seed-{Guid.NewGuid():N}.wal");
        try
        {
            using (var wal = new FileConsensusWal(path))
            {
                foreach (var entry in entries) wal.Append(entry);
            }
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
