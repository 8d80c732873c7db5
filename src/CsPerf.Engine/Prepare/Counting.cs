namespace CsPerf.Engine.Prepare;

/// <summary>The engine's one grouping primitive: a stable counting sort of indexes by a dense integer key.</summary>
internal static class Counting
{
    /// <summary>
    /// Groups the indexes 0..keys.Length-1 by key in linear time, keeping their order within a key:
    /// <c>Index[Start[k]..Start[k + 1]]</c> are the indexes whose key is k.
    /// </summary>
    public static (int[] Start, int[] Index) Group(ReadOnlySpan<int> keys, int keyCount)
    {
        var start = new int[keyCount + 1];
        foreach (int k in keys)
        {
            start[k + 1]++;
        }

        for (int k = 0; k < keyCount; k++)
        {
            start[k + 1] += start[k];
        }

        var fill = new int[keyCount];
        Array.Copy(start, fill, keyCount);
        var index = new int[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            index[fill[keys[i]]++] = i;
        }

        return (start, index);
    }
}
