namespace Lamina.Node.DataAvailability.Columns;

/// <summary>How one height went for a DA node fetching its columns from the network.</summary>
public enum DaSyncOutcome
{
    /// <summary>Every custody column is stored, each checked against its column root.</summary>
    Complete,
    /// <summary>Some custody columns no peer served; they were rebuilt from at least half the columns and re-seeded.</summary>
    Reconstructed,
    /// <summary>No peer served roots that hash to the data root yet; try again later.</summary>
    NoRoots,
    /// <summary>Some custody columns are still missing (stored: the roots and what arrived); try again later.</summary>
    Incomplete,
}
