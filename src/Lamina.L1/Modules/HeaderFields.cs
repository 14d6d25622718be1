using Lamina.Core;

namespace Lamina.L1.Modules;

/// <summary>
/// Header fields that modules compute at the end of a block (today the data-availability root). The pipeline collects
/// them in one place for both modes: the proposer writes them into the header, every other node compares them.
/// A field may have one owner only, so two modules can never disagree about it silently.
/// </summary>
public sealed class HeaderFields
{
    private string? _dataRootOwner;

    /// <summary>The block's data root; zero while no module carries data.</summary>
    public Hash256 DataRoot { get; private set; } = Hash256.Zero;

    public void SetDataRoot(string module, Hash256 root)
    {
        if (_dataRootOwner is not null && _dataRootOwner != module)
        {
            throw new InvalidOperationException($"modules '{_dataRootOwner}' and '{module}' both contribute the data root; only one may own it");
        }
        _dataRootOwner = module;
        DataRoot = root;
    }
}
