namespace CsPerf.Engine;

/// <summary>
/// A problem found in an input the user controls (a dataset line, a roster entry, a config knob), in structured form:
/// builders and validation return it and the edges print it as <c>file:line: field: problem</c>; nobody takes an
/// error string apart.
/// </summary>
/// <param name="Source">Where: the file name as in the dataset folder (<c>orders.jsonl</c>), or the config source
/// (<c>config</c>, a config file path, <c>--session-gap</c>).</param>
/// <param name="Line">Physical line from 1, or null when the problem is not tied to a line (printed as 0).</param>
/// <param name="Field">The field or knob at fault (<c>paidAt</c>, <c>shops[0].timeZone</c>, <c>SessionGap</c>), or null
/// for the whole line (printed as <c>-</c>).</param>
/// <param name="Message">What is wrong, in plain words, without a final full stop.</param>
public sealed record Problem(string Source, long? Line, string? Field, string Message)
{
    /// <summary>The same problem as a <see cref="RejectedLine"/> (line 0 when not tied to a line).</summary>
    public RejectedLine ToRejectedLine() => new(Source, Line ?? 0, Field, Message);

    /// <summary><c>source:line: field: message</c>, with 0 for no line and <c>-</c> for no field.</summary>
    public override string ToString() => $"{Source}:{Line ?? 0}: {Field ?? "-"}: {Message}";
}
