namespace Lamina.DataAvailability.Shares;

/// <summary>Blobs back from one namespace's shares, as a namespace query returns them in square order.</summary>
public static class NamespaceBlobs
{
    /// <summary>
    /// A first share starts a blob (it carries the blob's length) and continuations extend it. Refuses shares that
    /// do not start with a first share, a blob that starts before the previous one is complete, and an incomplete
    /// last blob: a namespace answer that leaves shares out at either end must not pass as a shorter blob.
    /// </summary>
    public static List<byte[]> Reassemble(IReadOnlyList<byte[]> shares)
    {
        var blobs = new List<byte[]>();
        byte[]? current = null;
        var filled = 0;
        foreach (var bytes in shares)
        {
            var share = Share.Decode(bytes);
            if (share.IsSequenceStart)
            {
                if (current is not null && filled != current.Length) throw Broken("a blob starts before the previous one is complete");
                current = new byte[share.SequenceLength];
                filled = 0;
                blobs.Add(current);
            }
            if (current is null) throw Broken("the namespace's shares do not start with a blob's first share");
            var take = Math.Min(share.Payload.Length, current.Length - filled);
            share.Payload[..take].CopyTo(current.AsSpan(filled));
            filled += take;
        }
        if (current is not null && filled != current.Length) throw Broken("the last blob is incomplete");
        return blobs;
    }

    private static InvalidSquareException Broken(string message) => new(SquareError.BrokenSequence, message);
}
