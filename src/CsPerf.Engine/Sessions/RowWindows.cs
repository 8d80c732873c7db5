namespace CsPerf.Engine.Sessions;

/// <summary>A row buffer whose parts of a parallel pass write windows of its arrays (<see cref="SessionSpans"/>, <see cref="ReceptionColumn"/>).</summary>
/// <typeparam name="TSelf">The buffer type.</typeparam>
internal interface IRowWindows<TSelf>
    where TSelf : class, IRowWindows<TSelf>
{
    /// <summary>The rows written.</summary>
    int Count { get; }

    /// <summary>Whether the rows are written in <paramref name="shared"/>'s arrays (a window that has not moved out).</summary>
    bool Shares(TSelf shared);

    /// <summary>Empties the buffer onto new arrays of <paramref name="capacity"/> rows (the windows of the old ones stay readable).</summary>
    void Renew(int capacity);

    /// <summary>Appends the rows of <paramref name="other"/>.</summary>
    void Append(TSelf other);
}

/// <summary>Gathers the windows of a parallel pass back into their buffer.</summary>
internal static class RowWindows
{
    /// <summary>
    /// Makes the empty <paramref name="target"/> the rows of <paramref name="windows"/> (its own windows), in order.
    /// Moving a window down never overwrites a later one while every window kept to its rows; otherwise they are
    /// gathered into new arrays (the windows keep the old ones).
    /// </summary>
    public static void Gather<T>(T target, T[] windows)
        where T : class, IRowWindows<T>
    {
        int total = 0;
        bool moved = false;
        foreach (var w in windows)
        {
            total += w.Count;
            moved |= !w.Shares(target);
        }

        if (moved)
        {
            target.Renew(total);
        }

        foreach (var w in windows)
        {
            target.Append(w);
        }
    }
}
