using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CsPerf.Engine.Storage;

/// <summary>
/// Takes the first-touch page faults of a range of a big fresh array on the calling thread, so that the thread that
/// fills the array later does not (on this project's VM a fault costs about 4 ms per MB, and the interning thread of
/// the ingest is the one the whole load waits for). Safe while another thread writes the same array: each page is
/// touched by an atomic compare-exchange of 0 with 0, which never changes a value.
/// </summary>
internal static class PageTouch
{
    private const int Page = 4096;

    /// <summary>Touches every page of elements [<paramref name="from"/>, <paramref name="to"/>) (clamped to the array).</summary>
    public static void Range<T>(T[] array, long from, long to)
        where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        var bytes = MemoryMarshal.AsBytes(array.AsSpan());
        long start = Math.Clamp(from * size, 0, bytes.Length) & ~3L;
        long end = Math.Clamp(to * size, 0, bytes.Length);
        ref byte first = ref MemoryMarshal.GetReference(bytes);
        for (long b = start; b + 4 <= end; b += Page)
        {
            Interlocked.CompareExchange(ref Unsafe.As<byte, int>(ref Unsafe.Add(ref first, (nint)b)), 0, 0);
        }

        if (end - start >= 4 && ((end - 4) & ~3L) > start)
        {
            Interlocked.CompareExchange(ref Unsafe.As<byte, int>(ref Unsafe.Add(ref first, (nint)((end - 4) & ~3L))), 0, 0);
        }
    }
}
