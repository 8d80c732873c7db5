using CsPerf.Engine.Prepare;
using CsPerf.Tests.Properties;
using Xunit;

namespace CsPerf.Tests.Engine;

/// <summary>
/// The engine's own pair sort (docs/performance.md, stop 19): the sessions of a partial are listed in (first, last)
/// order (docs/partials.md), whatever the algorithm; small ranges, heavy ties and sorted or reversed input included.
/// </summary>
public class PairSortTests
{
    [CsPerfProperty(200)] // docs/partials.md: a day's sessions in (first, last) order
    public bool PairSort_AnyPairs_SameOrderAsOrdinalTupleSort(Seed seed)
    {
        var random = new Random(seed.Value);
        int n = random.Next(0, random.Next(2) == 0 ? 40 : 3000);
        int spread = random.Next(1, 4) switch { 1 => 3, 2 => 100, _ => int.MaxValue };
        var pairs = new (long First, long Second)[n];
        for (int i = 0; i < n; i++)
        {
            pairs[i] = (random.Next(spread) - (spread / 2), random.Next(spread) - (spread / 2));
        }

        switch (random.Next(4))
        {
            case 0:
                Array.Sort(pairs);
                break;
            case 1:
                Array.Sort(pairs);
                Array.Reverse(pairs);
                break;
        }

        var expected = pairs.OrderBy(p => p.First).ThenBy(p => p.Second).ToArray();

        var interleaved = new long[(2 * n) + random.Next(3)]; // slack past n must stay untouched
        Array.Fill(interleaved, long.MinValue);
        var first = new long[n + 1];
        var second = new long[n + 1];
        for (int i = 0; i < n; i++)
        {
            (interleaved[2 * i], interleaved[(2 * i) + 1]) = pairs[i];
            (first[i], second[i]) = pairs[i];
        }

        PairSort.SortInterleaved(interleaved, n);
        PairSort.Sort(first, second, n);
        for (int i = 0; i < n; i++)
        {
            if ((interleaved[2 * i], interleaved[(2 * i) + 1]) != expected[i] || (first[i], second[i]) != expected[i])
            {
                return false;
            }
        }

        return interleaved.AsSpan(2 * n).IndexOfAnyExcept(long.MinValue) < 0 && first[n] == 0 && second[n] == 0;
    }

    [Theory] // The heap sort behind the depth limit (0: from the start; 1: below the first partition), and the usual limit
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void PairSort_OrganPipeWithTies_SortedAtAnyDepthLimit(int depth)
    {
        const int n = 5000;
        var a = new long[2 * n];
        for (int i = 0; i < n; i++)
        {
            a[2 * i] = i < n / 2 ? i : n - i; // organ pipe
            a[(2 * i) + 1] = i % 3;
        }

        if (depth < 0)
        {
            PairSort.SortInterleaved(a, n);
        }
        else
        {
            PairSort.SortInterleaved(a, n, depth);
        }

        for (int i = 1; i < n; i++)
        {
            Assert.True(a[2 * (i - 1)] < a[2 * i] || (a[2 * (i - 1)] == a[2 * i] && a[(2 * (i - 1)) + 1] <= a[(2 * i) + 1]), $"at {i}");
        }
    }
}
