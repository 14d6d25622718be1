using Lamina.Stark.Field;
using Lamina.Stark.Protocol;

namespace Lamina.Stark.Prover;

/// <summary>
/// The DEEP composition polynomial on the LDE:
/// Σ_c γ_c (T_c(x) − T_c(z))/(x − z) + γ'_c (T_c(x) − T_c(gz))/(x − gz) + Σ_j δ_j (H_j(x) − H_j(z))/(x − z).
/// It has degree &lt; n exactly when the claimed out-of-domain values are right, which FRI then checks.
/// </summary>
internal static class DeepComposition
{
    private const int ChunkSize = 1 << 12;

    public static Felt3[] Evaluate(
        StarkDomain domain, Felt[][] traceLde, Felt[][] compositionLde, Felt3 z,
        Felt3[] oodCurrent, Felt3[] oodNext, Felt3[] oodComposition, Felt3[] coefficients)
    {
        int width = traceLde.Length;
        int columns = oodComposition.Length;
        int ldeSize = domain.LdeSize;
        Felt3 gz = z * domain.TraceGenerator;

        // Constant parts: Σ γ_c T_c(z), Σ γ'_c T_c(gz), Σ δ_j H_j(z).
        Felt3 atZ = Felt3.Zero;
        Felt3 atGz = Felt3.Zero;
        for (int c = 0; c < width; c++)
        {
            atZ += coefficients[c] * oodCurrent[c];
            atGz += coefficients[width + c] * oodNext[c];
        }
        // δ_j·H_j(x) = Σ_k (δ_j·X^k)·h_jk(x): precompute δ_j·X^k so the loop uses base multiplications only.
        Felt3[] compositionWeights = new Felt3[3 * columns];
        for (int j = 0; j < columns; j++)
        {
            Felt3 d = coefficients[2 * width + j];
            atZ += d * oodComposition[j];
            compositionWeights[3 * j] = d;
            compositionWeights[3 * j + 1] = d * StarkProtocol.ExtensionBasis1;
            compositionWeights[3 * j + 2] = d * StarkProtocol.ExtensionBasis2;
        }

        Felt3[] result = new Felt3[ldeSize];
        int chunks = Math.Max(1, ldeSize / ChunkSize);
        int chunkLength = ldeSize / chunks;
        Parallel.For(0, chunks, chunk =>
        {
            int start = chunk * chunkLength;
            Felt3[] inverses = new Felt3[2 * chunkLength];
            Felt x = domain.LdePoint(start);
            for (int i = 0; i < chunkLength; i++)
            {
                inverses[2 * i] = x - z;
                inverses[2 * i + 1] = x - gz;
                x *= domain.LdeGenerator;
            }
            Field.BatchInversion.InvertInPlace<Felt3>(inverses);
            for (int i = 0; i < chunkLength; i++)
            {
                int row = start + i;
                Felt3 a = Felt3.Zero;
                Felt3 b = Felt3.Zero;
                for (int c = 0; c < width; c++)
                {
                    Felt t = traceLde[c][row];
                    a += coefficients[c] * t;
                    b += coefficients[width + c] * t;
                }
                for (int k = 0; k < compositionWeights.Length; k++)
                {
                    a += compositionWeights[k] * compositionLde[k][row];
                }
                result[row] = (a - atZ) * inverses[2 * i] + (b - atGz) * inverses[2 * i + 1];
            }
        });
        return result;
    }
}
