using Lamina.Core.Codec;

namespace Lamina.Consensus;

/// <summary>
/// Signer state in one small file. A save writes a temporary file, fsyncs it and renames it over the old one, so a
/// crash leaves either the old state or the new one, never a torn mix. A corrupt file is an error, never "no state":
/// treating it as empty would let the validator sign again at a height it already signed.
/// </summary>
public sealed class FileSignerStateStore(string path) : ISignerStateStore
{
    public string Path { get; } = path;

    public SignerState? Load()
    {
        if (!File.Exists(Path)) return null;
        var bytes = File.ReadAllBytes(Path);
        try
        {
            return Canonical.Decode<SignerState>(bytes);
        }
        catch (CodecException e)
        {
            throw new InvalidDataException($"signer state file {Path} is corrupt; refusing to guess ({e.Message})", e);
        }
    }

    public void Save(SignerState state)
    {
        var temp = Path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Canonical.Encode(state));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, Path, overwrite: true);
        DurableDirectory.Sync(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
    }
}
