using System.Globalization;
using System.Runtime.Intrinsics.X86;
using Lamina.DataAvailability.Bench;
using Lamina.DataAvailability.Coding;

// Lamina data availability benchmark: Reed-Solomon (Leopard FFT) against ISA-L in the same run, square extension,
// roots and repair, and the sampling detection table. `--quick` shortens every measurement; `--detection` prints
// only the detection-rate table, `--codec` only the one-core codec figures.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var quick = args.Contains("--quick");
var seconds = quick ? 0.2 : 1.0;
var rounds = quick ? 2 : 3;

Console.WriteLine($"CPU features: AVX2={Avx2.IsSupported} AVX-512BW={Avx512BW.IsSupported} GFNI={Gfni.IsSupported}; codec default path: {GfIsaSupport.Best}; cores: {Environment.ProcessorCount}");
if (args.Contains("--custody"))
{
    CustodyTable.Print(quick ? 200 : 2_000);
    return;
}
if (args.Contains("--detection"))
{
    DetectionTable.Print(16, [8, 16, 32], quick ? 20_000 : 100_000);
    return;
}
CodecBench.Run(seconds, rounds);
if (args.Contains("--codec")) return;
SquareBench.Run(quick ? 1 : 3);
DetectionTable.Print(16, [8, 16, 32], quick ? 20_000 : 100_000);
