using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Lamina.Core.Crypto;

/// <summary>
/// SHA-256 of short messages through OpenSSL's low-level <c>SHA256_Init/Update/Final</c> on a context on the stack.
/// </summary>
/// <remarks>
/// Why: <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/> goes through OpenSSL's EVP one-shot on Linux, which
/// clears the error queue and allocates and frees a digest context on every call; for the 80-byte messages of a
/// Merkle node that overhead is several times the SHA-NI compression itself. The low-level functions run the same
/// compression (SHA-NI where the CPU has it) with none of that. They are deprecated in OpenSSL 3 but still exported;
/// where they are missing (no OpenSSL, another OS, a build without deprecated APIs), or if the self-test at start-up
/// disagrees with the platform's SHA-256, <see cref="IsAvailable"/> is false and callers use the platform API.
/// The calls skip the GC transition, which is sound only for short calls that never block or call back: inputs are
/// capped at <see cref="MaxInput"/> bytes (at most nine compressions).
/// </remarks>
[System.Runtime.CompilerServices.SkipLocalsInit]
internal static unsafe class OpenSslSha256
{
    public const int MaxInput = 512;
    // SHA256_CTX is 112 bytes (eight state words, two length words, a 64-byte block, two counters); room to spare.
    private const int ContextSize = 128;

    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, int> Init;
    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int> Update;
    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int> Final;

    static OpenSslSha256()
    {
        if (!OperatingSystem.IsLinux()) return;
        foreach (var name in (ReadOnlySpan<string>)["libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.so"])
        {
            if (!NativeLibrary.TryLoad(name, out var library)) continue;
            if (NativeLibrary.TryGetExport(library, "SHA256_Init", out var init)
                && NativeLibrary.TryGetExport(library, "SHA256_Update", out var update)
                && NativeLibrary.TryGetExport(library, "SHA256_Final", out var final))
            {
                Init = (delegate* unmanaged[SuppressGCTransition]<byte*, int>)init;
                Update = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int>)update;
                Final = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int>)final;
                IsAvailable = AgreesWithPlatform();
                if (IsAvailable) return;
            }
        }
    }

    /// <summary>True when the low-level functions were found and agree with the platform's SHA-256.</summary>
    public static bool IsAvailable { get; }

    /// <summary>SHA-256 of <paramref name="message"/> (at most <see cref="MaxInput"/> bytes) into <paramref name="digest"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> message, Span<byte> digest)
    {
        if (message.Length > MaxInput) throw new ArgumentException($"at most {MaxInput} bytes", nameof(message));
        if (digest.Length < 32) throw new ArgumentException("a SHA-256 digest needs 32 bytes", nameof(digest));
        var context = stackalloc byte[ContextSize];
        fixed (byte* input = message)
        fixed (byte* output = digest)
        {
            if (Init(context) != 1 || Update(context, input, (nuint)message.Length) != 1 || Final(output, context) != 1)
                throw new CryptographicException("OpenSSL SHA-256 failed");
        }
    }

    /// <summary>Every message length from 0 to <see cref="MaxInput"/> (each padding case) against the platform's SHA-256.</summary>
    private static bool AgreesWithPlatform()
    {
        Span<byte> message = stackalloc byte[MaxInput];
        for (var i = 0; i < message.Length; i++) message[i] = unchecked((byte)(i * 167 + 13));
        Span<byte> expected = stackalloc byte[32];
        Span<byte> actual = stackalloc byte[32];
        for (var length = 0; length <= MaxInput; length++)
        {
            SHA256.HashData(message[..length], expected);
            Hash(message[..length], actual);
            if (!actual.SequenceEqual(expected)) return false;
        }
        return true;
    }
}
