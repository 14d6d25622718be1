using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lamina.Stark.Commitments;

/// <summary>
/// SHA-256 through libcrypto's low-level SHA256_Init/Update/Final, called directly through function pointers.
/// .NET has no SHA-NI intrinsics, but OpenSSL uses them (or its AVX2 code) when the CPU has them; the low-level
/// calls skip the EVP layer and the error-queue bookkeeping that make <see cref="System.Security.Cryptography.SHA256"/>'s
/// one-shot slow for millions of short Merkle inputs. .NET on Linux always ships against OpenSSL 3, so libcrypto.so.3
/// is present there; where it is not (Windows, macOS, a stripped image) or
/// <c>LAMINA_STARK_MANAGED_SHA256=1</c> is set, <see cref="IsAvailable"/> is false and callers use the managed path.
/// </summary>
internal static unsafe class OpenSslSha256
{
    /// <summary>sizeof(SHA256_CTX) is 112 bytes in OpenSSL 1.1 and 3.x; the stack buffer leaves room to spare.</summary>
    private const int ContextBytes = 256;

    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, int> Init;
    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int> Update;
    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int> Final;

    public static bool IsAvailable { get; }

    static OpenSslSha256()
    {
        if (Environment.GetEnvironmentVariable("LAMINA_STARK_MANAGED_SHA256") == "1" || !OperatingSystem.IsLinux())
        {
            return;
        }
        if (!NativeLibrary.TryLoad("libcrypto.so.3", out nint library)
            || !NativeLibrary.TryGetExport(library, "SHA256_Init", out nint init)
            || !NativeLibrary.TryGetExport(library, "SHA256_Update", out nint update)
            || !NativeLibrary.TryGetExport(library, "SHA256_Final", out nint final))
        {
            return;
        }
        Init = (delegate* unmanaged[SuppressGCTransition]<byte*, int>)init;
        Update = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int>)update;
        Final = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int>)final;
        IsAvailable = SelfTest();
    }

    /// <summary>
    /// Hashes count = output.Length / 32 messages tag ‖ data[i·length .. (i+1)·length), writing digest i to
    /// output[32i ..]. Only call when <see cref="IsAvailable"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void HashBatch(byte tag, ReadOnlySpan<byte> data, int length, Span<byte> output)
    {
        int count = output.Length / Digest32.Length;
        if (data.Length < count * length)
        {
            throw new ArgumentException("HashBatch needs count messages of the given length", nameof(data));
        }
        byte* context = stackalloc byte[ContextBytes];
        fixed (byte* input = data)
        fixed (byte* digests = output)
        {
            for (int i = 0; i < count; i++)
            {
                Init(context);
                Update(context, &tag, 1);
                Update(context, input + (nint)i * length, (nuint)length);
                Final(digests + 32 * i, context);
            }
        }
    }

    /// <summary>Checks the resolved functions against a known digest (SHA-256("abc" with a 0x61 tag)) before trusting them.</summary>
    private static bool SelfTest()
    {
        ReadOnlySpan<byte> bc = "bc"u8;
        Span<byte> digest = stackalloc byte[Digest32.Length];
        HashBatch((byte)'a', bc, bc.Length, digest);
        return digest.SequenceEqual(Convert.FromHexString("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
    }
}
