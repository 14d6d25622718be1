using System.Buffers.Binary;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.Consensus;

/// <summary>
/// A WAL in one append-only file. Each record is u32 length ‖ 8-byte checksum ‖ u64 height ‖ encoded input, and each
/// append is fsynced before it returns. A crash mid-append leaves a torn last record, which is cut off on open; a bad
/// record anywhere else means the file was damaged after it was written, and opening refuses rather than silently
/// forgetting inputs (which could lead to signing something different after restart).
/// </summary>
public sealed class FileConsensusWal : IConsensusWal, IDisposable
{
    private const int HeaderSize = 4 + 8;
    private readonly string _path;
    private FileStream _stream;
    private readonly List<WalEntry> _entries;
    private bool _unflushed;

    public FileConsensusWal(string path)
    {
        _path = path;
        _entries = [];
        var validLength = 0L;
        if (File.Exists(path)) validLength = Load(File.ReadAllBytes(path), _entries);
        _stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        if (_stream.Length != validLength)
        {
            _stream.SetLength(validLength); // cut the torn tail
            _stream.Flush(flushToDisk: true);
        }
        _stream.Seek(0, SeekOrigin.End);
    }

    public void Append(WalEntry entry) => Append(entry, durable: true);

    public void Append(WalEntry entry, bool durable)
    {
        _stream.Write(EncodeRecord(entry));
        _unflushed = true;
        if (durable) Flush();
        _entries.Add(entry);
    }

    public void Flush()
    {
        if (!_unflushed) return;
        _stream.Flush(flushToDisk: true);
        _unflushed = false;
    }

    public IReadOnlyList<WalEntry> ReadAll() => _entries.ToArray();

    public void TruncateBelow(ulong height)
    {
        var kept = _entries.Where(e => e.Height >= height).ToList();
        if (kept.Count == _entries.Count) return;
        var temp = _path + ".tmp";
        using (var t = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            foreach (var e in kept) t.Write(EncodeRecord(e));
            t.Flush(flushToDisk: true);
        }
        _stream.Dispose();
        _unflushed = false;
        File.Move(temp, _path, overwrite: true);
        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(_path))!);
        _stream = new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.Read);
        _stream.Seek(0, SeekOrigin.End);
        _entries.Clear();
        _entries.AddRange(kept);
    }

    public void Dispose() => _stream.Dispose();

    private static byte[] EncodeRecord(WalEntry entry)
    {
        var input = entry.Input.Encode();
        var payload = new byte[8 + input.Length];
        BinaryPrimitives.WriteUInt64BigEndian(payload, entry.Height);
        input.CopyTo(payload, 8);
        var record = new byte[HeaderSize + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(record, checked((uint)payload.Length));
        Checksum(payload).CopyTo(record, 4);
        payload.CopyTo(record, HeaderSize);
        return record;
    }

    private static byte[] Checksum(ReadOnlySpan<byte> payload) => DomainHasher.Hash(ConsensusDomainTags.WalRecord, payload).ToArray()[..8];

    /// <summary>Parses records into <paramref name="entries"/> and returns the length of the valid prefix.</summary>
    private static long Load(byte[] bytes, List<WalEntry> entries)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            var remaining = bytes.Length - offset;
            if (remaining < HeaderSize) return offset; // torn header at the end
            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset));
            if (length > ConsensusInput.MaxEncodedSize + 8 || length < 8)
            {
                if (offset + HeaderSize + (long)length >= bytes.Length) return offset;
                throw new InvalidDataException($"consensus WAL record at byte {offset} has impossible length {length}");
            }
            if (remaining - HeaderSize < length) return offset; // torn payload at the end
            var payload = bytes.AsSpan(offset + HeaderSize, (int)length);
            var isLast = offset + HeaderSize + (int)length == bytes.Length;
            if (!Checksum(payload).AsSpan().SequenceEqual(bytes.AsSpan(offset + 4, 8)))
            {
                if (isLast) return offset;
                throw new InvalidDataException($"consensus WAL record at byte {offset} fails its checksum and is not the last record");
            }
            try
            {
                entries.Add(new WalEntry(BinaryPrimitives.ReadUInt64BigEndian(payload), ConsensusInput.Decode(payload[8..])));
            }
            catch (CodecException e)
            {
                throw new InvalidDataException($"consensus WAL record at byte {offset} does not decode: {e.Message}", e);
            }
            offset += HeaderSize + (int)length;
        }
        return offset;
    }
}
