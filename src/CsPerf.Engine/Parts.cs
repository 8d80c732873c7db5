using System.Runtime.ExceptionServices;

namespace CsPerf.Engine;

/// <summary>
/// How a stage spreads its work over threads (docs/architecture.md "Parallel stages"): its items (conversations,
/// customers, receptions, accounts) are cut into contiguous ranges of about equal weight, each range runs with its own
/// counters and buffers, and the results are merged in range order (counters summed, lists appended), so the outcome
/// is the single-thread one whatever the number of parts.
/// </summary>
internal static class Parts
{
    /// <summary>How many parts for <paramref name="items"/> items at the given degree of parallelism: at least one, at most one per item.</summary>
    public static int Count(int degree, int items) => Math.Max(1, Math.Min(degree, items));

    /// <summary>
    /// The bounds of <paramref name="parts"/> contiguous ranges of [0, <paramref name="n"/>): range k is
    /// [b[k], b[k + 1]). <paramref name="prefix"/>(i) is the weight of the items before i (non-decreasing, prefix(0) = 0);
    /// each bound is the first item whose prefix reaches its share of the total.
    /// </summary>
    public static int[] Split(int parts, int n, Func<int, long> prefix)
    {
        var bounds = new int[parts + 1];
        bounds[parts] = n;
        long total = prefix(n);
        for (int k = 1; k < parts; k++)
        {
            long target = total * k / parts;
            int lo = bounds[k - 1], hi = n;
            while (lo < hi)
            {
                int mid = lo + ((hi - lo) >> 1);
                if (prefix(mid) < target)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            bounds[k] = lo;
        }

        return bounds;
    }

    /// <summary>The bounds of ranges of equal item counts.</summary>
    public static int[] Even(int parts, int n) => Split(parts, n, i => i);

    /// <summary>
    /// Runs <paramref name="body"/> for each part 0..<paramref name="parts"/>-1, on up to that many threads (one part on
    /// the calling thread, no thread hop); an exception of a part is rethrown as is, not wrapped.
    /// </summary>
    public static void Run(int parts, Action<int> body)
    {
        if (parts <= 1)
        {
            body(0);
            return;
        }

        try
        {
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }
}
