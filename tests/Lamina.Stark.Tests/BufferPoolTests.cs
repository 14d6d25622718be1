using Lamina.Stark.Examples;
using Lamina.Stark.Field;
using Lamina.Stark.Proofs;
using Lamina.Stark.Prover;

namespace Lamina.Stark.Tests;

public class BufferPoolTests
{
    [Fact]
    public void Rent_gives_exact_lengths_and_reuses_what_was_returned()
    {
        var pool = new BufferPool<Felt>(1 << 20);
        Felt[] a = pool.Rent(1000);
        Assert.Equal(1000, a.Length);
        pool.Return(a);
        Assert.Equal(8000, pool.RetainedBytes);
        Assert.Same(a, pool.Rent(1000));
        Assert.Equal(0, pool.RetainedBytes);
        Felt[] b = pool.Rent(1000);
        Assert.NotSame(a, b);
        pool.Return(a);
        Assert.NotSame(a, pool.Rent(999));
        Assert.Equal(999, pool.Rent(999).Length);
    }

    [Fact]
    public void Retention_is_bounded_and_the_least_recently_rented_length_goes_first()
    {
        var pool = new BufferPool<Felt>(8 * 200);
        Felt[] old = pool.Rent(100);
        Felt[] recent = pool.Rent(50);
        pool.Return(old);
        pool.Return(recent);
        Felt[] again = pool.Rent(50);
        Assert.Same(recent, again);
        pool.Return(again);
        Assert.Equal(150 * 8, pool.RetainedBytes);
        // Two more arrays of the recent length push the total past 200 elements: the older length is dropped.
        pool.Return(new Felt[50]);
        pool.Return(new Felt[50]);
        Assert.Equal(150 * 8, pool.RetainedBytes);
        Assert.NotSame(old, pool.Rent(100));
        pool.Clear();
        Assert.Equal(0, pool.RetainedBytes);
    }

    [Fact]
    public void A_pool_full_of_stale_buffers_changes_no_proof_byte()
    {
        // Proving reuses the previous proof's arrays without clearing them: every rented element must be written before
        // it is read. Dirty the shared pool with a different proof's buffers, then with garbage of the same lengths, and
        // compare bytes against a proof made first.
        var air = new FibonacciAir(64, FibonacciAir.ComputeResult(64));
        ProofOptions options = ProofOptions.InsecureFastForTestsOnly(8, 4);
        byte[] first = StarkProver.ProveToBytes(air, FibonacciAir.BuildTrace(64), options);
        StarkProver.ProveToBytes(new FibonacciAir(128, FibonacciAir.ComputeResult(128)), FibonacciAir.BuildTrace(128), options);
        byte[] afterOther = StarkProver.ProveToBytes(air, FibonacciAir.BuildTrace(64), options);
        Assert.Equal(first, afterOther);

        for (int length = 1; length <= 4096; length <<= 1)
        {
            var junk = new Felt[8][];
            var junk3 = new Felt3[8][];
            for (int k = 0; k < 8; k++)
            {
                junk[k] = BufferPool<Felt>.Shared.Rent(length);
                junk[k].AsSpan().Fill(Felt.FromU64(0xDEADBEEF + (ulong)k));
                junk3[k] = BufferPool<Felt3>.Shared.Rent(length);
                junk3[k].AsSpan().Fill(new Felt3(7u, 8u, 9u));
            }
            BufferPool<Felt>.Shared.Return(junk);
            BufferPool<Felt3>.Shared.Return(junk3);
        }
        Assert.Equal(first, StarkProver.ProveToBytes(air, FibonacciAir.BuildTrace(64), options));
    }
}
