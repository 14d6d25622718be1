using Lamina.Consensus;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;
using Lamina.L1.Blocks;
using Lamina.L1.LightClient;
using Lamina.L1.Staking;
using Lamina.Network;
using Lamina.Node.Consensus;

namespace Lamina.Fuzz;

/// <summary>
/// Targets for the consensus messages and their durable forms (WAL, signer state), the staking records and light
/// blocks of L1, the node's consensus peer messages, and the peer-to-peer wire (frames, handshake, request envelopes).
/// </summary>
public static partial class FuzzTargets
{
    private static void DuplicateVoteEvidenceTarget(ReadOnlySpan<byte> input)
    {
        if (!RoundTrip<DuplicateVoteEvidence>(input, out var evidence)) return;
        _ = evidence.Hash;
        _ = evidence.IsExpired(evidence.Height + 100, 10);
        try
        {
            evidence.Verify(Seeds.ChainId, Seeds.Validators);
        }
        catch (InvalidEvidenceException)
        {
        }
    }

    private static void ConsensusInputTarget(ReadOnlySpan<byte> input)
    {
        ConsensusInput decoded;
        try
        {
            decoded = ConsensusInput.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, decoded.Encode(), nameof(ConsensusInput));
    }

    /// <summary>Where the consensus-wal target writes its files: memory-backed when the machine has /dev/shm.</summary>
    private static readonly string WalDirectory = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();

    private static string WalPath(string suffix) => Path.Combine(WalDirectory, $"lamina-fuzz-wal-{Environment.ProcessId}-{Environment.CurrentManagedThreadId}.{suffix}");

    /// <summary>
    /// The WAL's record decoder is the file format itself (FileConsensusWal.Load is private), so the bytes become a
    /// file and the WAL opens it. It may cut a torn tail but nothing else, the records it kept must be exactly what
    /// appending the decoded entries to an empty WAL writes, and opening the result again must change nothing.
    /// </summary>
    private static void ConsensusWalTarget(ReadOnlySpan<byte> input)
    {
        var path = WalPath("wal");
        var again = WalPath("again");
        File.WriteAllBytes(path, input.ToArray());
        try
        {
            IReadOnlyList<WalEntry> entries;
            try
            {
                using var wal = new FileConsensusWal(path);
                entries = wal.ReadAll();
            }
            catch (InvalidDataException)
            {
                return;
            }
            var kept = File.ReadAllBytes(path);
            if (!input.StartsWith(kept)) throw new FuzzFindingException($"opening the WAL changed more than its torn tail (input {Convert.ToHexStringLower(input)})");
            File.Delete(again);
            using (var rewritten = new FileConsensusWal(again))
            {
                foreach (var entry in entries) rewritten.Append(entry);
            }
            Same(kept, File.ReadAllBytes(again), "consensus WAL");
            using var reopened = new FileConsensusWal(path);
            var second = reopened.ReadAll();
            if (second.Count != entries.Count || File.ReadAllBytes(path).Length != kept.Length)
            {
                throw new FuzzFindingException($"reopening the WAL gave {second.Count} entries, not {entries.Count} (input {Convert.ToHexStringLower(input)})");
            }
        }
        finally
        {
            File.Delete(path);
            File.Delete(again);
        }
    }

    private static void ValidatorRegistryTarget(ReadOnlySpan<byte> input)
    {
        if (!RoundTrip<ValidatorRegistry>(input, out var registry)) return;
        foreach (var op in registry.Operators)
        {
            if (!ReferenceEquals(registry.With(op), registry)) throw new FuzzFindingException("a decoded registry does not find its own operator");
        }
    }

    private static void LightBlockTarget(ReadOnlySpan<byte> input)
    {
        if (!RoundTrip<LightBlock>(input, out var block)) return;
        _ = block.Header.Hash;
        try
        {
            HeaderVerifier.CheckSelfConsistent(Seeds.ChainId, block);
        }
        catch (LightClientException)
        {
        }
    }

    private static void ProposalHeaderTarget(ReadOnlySpan<byte> input)
    {
        if (!RoundTrip<ProposalHeaderMessage>(input, out var header)) return;
        _ = new PartSetAssembly(header.Proposal, header.Parts).IsComplete;
    }

    private static void BlockPartTarget(ReadOnlySpan<byte> input)
    {
        if (!RoundTrip<BlockPartMessage>(input, out var part)) return;
        try
        {
            // Against a header claiming as many parts as the index implies: the proof decides, never an exception.
            part.Verify(new PartSetHeader(Math.Min(part.Index + 1, BlockParts.MaxParts), part.BlockId));
        }
        catch (InvalidMerkleProofException)
        {
        }
    }

    private static void SyncResponseTarget(ReadOnlySpan<byte> input)
    {
        if (!RoundTrip<SyncResponse>(input, out var response)) return;
        foreach (var (block, commit) in response.Blocks)
        {
            CheckBody(block);
            _ = commit.Hash;
        }
    }

    private static void CheckBody(Block block)
    {
        _ = block.Hash;
        try
        {
            block.CheckBodyMatchesHeader();
        }
        catch (InvalidBlockException)
        {
        }
    }

    /// <summary>
    /// Small limits on the node's channel ids, so a hostile header costs the fuzzer kilobytes, not the megabytes the
    /// default table allows. The header alone is also checked against <see cref="ChannelLimits.Default"/>.
    /// </summary>
    private static readonly ChannelLimits FuzzChannels = new ChannelLimits()
        .Set(ChannelIds.Transactions, 512).Set(ChannelIds.BlockParts, 4096).Set(ChannelIds.Votes, 256).Set(ChannelIds.Evidence, 1024).Set(ChannelIds.BlockSync, 8192);

    private static readonly ChannelLimits DefaultChannels = ChannelLimits.Default();

    private static T Sync<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();

    private static void FrameReaderTarget(ReadOnlySpan<byte> input)
    {
        if (input.Length >= FrameCodec.HeaderSize)
        {
            try
            {
                var length = FrameCodec.ParseHeader(input[..FrameCodec.HeaderSize], DefaultChannels, out var channel);
                if (length < 1 || length > DefaultChannels.MaxPayload(channel)) throw new FuzzFindingException($"header accepted with length {length} on channel {channel}");
            }
            catch (PeerProtocolException)
            {
            }
        }
        var bytes = input.ToArray();
        // The last byte picks how many bytes each read returns, so payloads arrive split across reads too.
        var chunk = bytes.Length == 0 ? 1 : 1 + (bytes[^1] % 9);
        var reader = new FrameReader(new TrickleStream(bytes, chunk), FuzzChannels);
        using var frames = new MemoryStream();
        try
        {
            while (Sync(reader.ReadAsync(CancellationToken.None)) is { } frame)
            {
                if (frame.Payload.Length < 1 || frame.Payload.Length > FuzzChannels.MaxPayload(frame.Channel))
                {
                    throw new FuzzFindingException($"frame of {frame.Payload.Length} bytes on channel {frame.Channel} was accepted");
                }
                frames.Write(FrameCodec.Encode(frame.Channel, frame.Payload.Span));
            }
        }
        catch (PeerProtocolException)
        {
            if (!input.StartsWith(frames.ToArray())) throw new FuzzFindingException($"frames read before a refusal do not re-encode to the bytes read (input {Convert.ToHexStringLower(input)})");
            return;
        }
        Same(input, frames.ToArray(), "frame stream");
    }

    /// <summary>The session key of the sealed-frame-reader target; its seeds are sealed under it.</summary>
    internal static readonly byte[] SessionKey = [.. Enumerable.Range(0xc0, 32).Select(i => (byte)i)];

    /// <summary>
    /// The receive side of an encrypted session with a known key. A frame that opens must be exactly what sealing its
    /// plaintext under the same key and counter gives (so nothing the fuzzer forges is accepted), and every refusal is
    /// typed: a header problem, truncation, or Decryption.
    /// </summary>
    private static void SealedFrameReaderTarget(ReadOnlySpan<byte> input)
    {
        var bytes = input.ToArray();
        var chunk = bytes.Length == 0 ? 1 : 1 + (bytes[^1] % 9);
        using var receiver = new FrameCipher(SessionKey);
        using var sender = new FrameCipher(SessionKey);
        var reader = new FrameReader(new TrickleStream(bytes, chunk), FuzzChannels, receiver);
        using var frames = new MemoryStream();
        try
        {
            while (Sync(reader.ReadAsync(CancellationToken.None)) is { } frame)
            {
                if (frame.Payload.Length < 1 || frame.Payload.Length > FuzzChannels.MaxPayload(frame.Channel))
                {
                    throw new FuzzFindingException($"sealed frame of {frame.Payload.Length} bytes on channel {frame.Channel} was accepted");
                }
                frames.Write(sender.SealFrame(frame.Channel, frame.Payload.Span));
            }
        }
        catch (PeerProtocolException)
        {
            if (!input.StartsWith(frames.ToArray())) throw new FuzzFindingException($"frames opened before a refusal do not re-seal to the bytes read (input {Convert.ToHexStringLower(input)})");
            return;
        }
        Same(input, frames.ToArray(), "sealed frame stream");
    }

    private static void HelloTarget(ReadOnlySpan<byte> input)
    {
        Hello hello;
        try
        {
            hello = Hello.Decode(input);
        }
        catch (PeerProtocolException)
        {
            return;
        }
        Same(input, hello.Encode(), nameof(Hello));
        _ = PeerId.FromPublicKey(hello.NodeKey);
    }

    /// <summary>The transcript hash the auth target verifies against (any fixed value: the input cannot know it).</summary>
    internal static readonly Core.Hash256 AuthTranscript = new([.. Enumerable.Range(0, Core.Hash256.Size).Select(i => (byte)i)]);

    private static void AuthTarget(ReadOnlySpan<byte> input)
    {
        Auth auth;
        try
        {
            auth = Auth.Decode(input);
        }
        catch (PeerProtocolException)
        {
            return;
        }
        Same(input, auth.Encode(), nameof(Auth));
        _ = auth.Verify(AuthTranscript, DevChain.Key(9).PublicKey);
    }

    private static void RequestEnvelopeTarget(ReadOnlySpan<byte> input)
    {
        (RequestEnvelope.Kind Kind, ulong Id, ReadOnlyMemory<byte> Body) envelope;
        try
        {
            envelope = RequestEnvelope.Decode(input.ToArray());
        }
        catch (PeerProtocolException)
        {
            return;
        }
        Same(input, RequestEnvelope.Encode(envelope.Kind, envelope.Id, envelope.Body.Span), nameof(RequestEnvelope));
    }

    /// <summary>The node key the handshake target answers with; the fuzz input plays the peer.</summary>
    private static readonly Lazy<Core.Crypto.SigningKey> HandshakeKey = new(() => DevChain.Key(8));

    private static void HandshakeTarget(ReadOnlySpan<byte> input)
    {
        var stream = new TrickleStream(input.ToArray(), int.MaxValue);
        try
        {
            var result = Handshake.RunAsync(stream, HandshakeKey.Value, Seeds.ChainId, 26656, _ => null, TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None)
                .GetAwaiter().GetResult();
            // The transcript holds our fresh nonce and ephemeral key, so an Auth in the input cannot sign it.
            result.Session.Dispose();
            throw new FuzzFindingException($"handshake accepted peer {result.PeerId} without signing our fresh transcript");
        }
        catch (PeerProtocolException)
        {
        }
        catch (IOException) when (stream.AtEnd)
        {
            // The documented answer when the peer hangs up mid-handshake.
        }
    }

    /// <summary>Reads <paramref name="bytes"/> at most <paramref name="chunk"/> at a time; writes go nowhere.</summary>
    private sealed class TrickleStream(byte[] bytes, int chunk) : Stream
    {
        private int _position;

        public bool AtEnd => _position == bytes.Length;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(Math.Min(buffer.Length, chunk), bytes.Length - _position);
            bytes.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Write(byte[] buffer, int offset, int count)
        {
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
