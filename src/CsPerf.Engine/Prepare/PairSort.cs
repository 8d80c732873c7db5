namespace CsPerf.Engine.Prepare;

/// <summary>
/// An in-place sort of (first, second) pairs of longs in (first, second) order. The engine's own code, not a
/// generic instantiation of the base library: <c>Array.Sort(long[], long[])</c> is compiled for (long, long) at run
/// time and ran at tier 0 for most of a report, also in the ReadyToRun tool (docs/performance.md, stop 19).
/// An introspective sort as the base library's: median-of-three quicksort, insertion sort below 16 items, heap sort
/// past 2·log2(n) levels. The order is total, so the result does not depend on the algorithm.
/// </summary>
internal static class PairSort
{
    /// <summary>Sorts the <paramref name="n"/> pairs (a[2i], a[2i + 1]) of <paramref name="a"/> in (first, second) order.</summary>
    public static void SortInterleaved(long[] a, int n) => SortInterleaved(a, n, n < 2 ? 0 : 2 * (Log2((uint)n) + 1));

    /// <summary><see cref="SortInterleaved(long[], int)"/> with the quicksort's depth limit (0: heap sort only; tests).</summary>
    internal static void SortInterleaved(long[] a, int n, int depth)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(2L * n, a.Length, nameof(n));
        if (n >= 2)
        {
            var s = new Interleaved(a);
            IntroSort(ref s, 0, n - 1, depth);
        }
    }

    /// <summary>Sorts the pairs (first[i], second[i]) of i in [0, <paramref name="n"/>) in (first, second) order.</summary>
    public static void Sort(long[] first, long[] second, int n)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, Math.Min(first.Length, second.Length), nameof(n));
        if (n >= 2)
        {
            var s = new Columns(first, second);
            IntroSort(ref s, 0, n - 1, 2 * (Log2((uint)n) + 1));
        }
    }

    private static int Log2(uint n) => 31 - System.Numerics.BitOperations.LeadingZeroCount(n);

    private interface IPairs
    {
        long First(int i);

        long Second(int i);

        void Set(int i, long first, long second);

        void Swap(int i, int j);
    }

    private readonly struct Interleaved(long[] a) : IPairs
    {
        public long First(int i) => a[2 * i];

        public long Second(int i) => a[(2 * i) + 1];

        public void Set(int i, long first, long second)
        {
            a[2 * i] = first;
            a[(2 * i) + 1] = second;
        }

        public void Swap(int i, int j)
        {
            (a[2 * i], a[2 * j]) = (a[2 * j], a[2 * i]);
            (a[(2 * i) + 1], a[(2 * j) + 1]) = (a[(2 * j) + 1], a[(2 * i) + 1]);
        }
    }

    private readonly struct Columns(long[] first, long[] second) : IPairs
    {
        public long First(int i) => first[i];

        public long Second(int i) => second[i];

        public void Set(int i, long f, long s)
        {
            first[i] = f;
            second[i] = s;
        }

        public void Swap(int i, int j)
        {
            (first[i], first[j]) = (first[j], first[i]);
            (second[i], second[j]) = (second[j], second[i]);
        }
    }

    private static bool Less(long f1, long s1, long f2, long s2) => f1 < f2 || (f1 == f2 && s1 < s2);

    private static void SwapIfGreater<T>(ref T p, int i, int j)
        where T : struct, IPairs
    {
        if (Less(p.First(j), p.Second(j), p.First(i), p.Second(i)))
        {
            p.Swap(i, j);
        }
    }

    private static void IntroSort<T>(ref T p, int lo, int hi, int depth)
        where T : struct, IPairs
    {
        while (hi > lo)
        {
            int size = hi - lo + 1;
            if (size <= 16)
            {
                InsertionSort(ref p, lo, hi);
                return;
            }

            if (depth == 0)
            {
                HeapSort(ref p, lo, hi);
                return;
            }

            depth--;
            int pivot = Partition(ref p, lo, hi);
            IntroSort(ref p, pivot + 1, hi, depth);
            hi = pivot - 1;
        }
    }

    private static int Partition<T>(ref T p, int lo, int hi)
        where T : struct, IPairs
    {
        int middle = lo + ((hi - lo) >> 1);
        SwapIfGreater(ref p, lo, middle);
        SwapIfGreater(ref p, lo, hi);
        SwapIfGreater(ref p, middle, hi);
        long pf = p.First(middle), ps = p.Second(middle);
        p.Swap(middle, hi - 1);
        int left = lo, right = hi - 1;
        while (left < right)
        {
            while (Less(p.First(++left), p.Second(left), pf, ps))
            {
            }

            while (Less(pf, ps, p.First(--right), p.Second(right)))
            {
            }

            if (left >= right)
            {
                break;
            }

            p.Swap(left, right);
        }

        if (left != hi - 1)
        {
            p.Swap(left, hi - 1);
        }

        return left;
    }

    private static void InsertionSort<T>(ref T p, int lo, int hi)
        where T : struct, IPairs
    {
        for (int i = lo + 1; i <= hi; i++)
        {
            long f = p.First(i), s = p.Second(i);
            int j = i - 1;
            while (j >= lo && Less(f, s, p.First(j), p.Second(j)))
            {
                p.Set(j + 1, p.First(j), p.Second(j));
                j--;
            }

            p.Set(j + 1, f, s);
        }
    }

    private static void HeapSort<T>(ref T p, int lo, int hi)
        where T : struct, IPairs
    {
        int n = hi - lo + 1;
        for (int i = n >> 1; i >= 1; i--)
        {
            DownHeap(ref p, i, n, lo);
        }

        for (int i = n; i > 1; i--)
        {
            p.Swap(lo, lo + i - 1);
            DownHeap(ref p, 1, i - 1, lo);
        }
    }

    private static void DownHeap<T>(ref T p, int i, int n, int lo)
        where T : struct, IPairs
    {
        long f = p.First(lo + i - 1), s = p.Second(lo + i - 1);
        while (i <= n >> 1)
        {
            int child = 2 * i;
            if (child < n && Less(p.First(lo + child - 1), p.Second(lo + child - 1), p.First(lo + child), p.Second(lo + child)))
            {
                child++;
            }

            if (!Less(f, s, p.First(lo + child - 1), p.Second(lo + child - 1)))
            {
                break;
            }

            p.Set(lo + i - 1, p.First(lo + child - 1), p.Second(lo + child - 1));
            i = child;
        }

        p.Set(lo + i - 1, f, s);
    }
}
