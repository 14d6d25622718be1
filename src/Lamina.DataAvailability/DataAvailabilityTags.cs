using Lamina.Core.Crypto;

namespace Lamina.DataAvailability;

/// <summary>The hash domains of data availability (kept here, beside their only users, in Core's naming scheme).</summary>
public static class DataAvailabilityTags
{
    public static readonly DomainTag NmtLeaf = new("lamina/da/nmt/leaf");
    public static readonly DomainTag NmtNode = new("lamina/da/nmt/node");
    public static readonly DomainTag DataRootLeaf = new("lamina/da/data-root/leaf");
    public static readonly DomainTag Sample = new("lamina/da/sample");
}
