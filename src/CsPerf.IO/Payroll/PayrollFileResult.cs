using System.Collections.Immutable;

namespace CsPerf.IO.Payroll;

/// <summary>What a payroll input file reader produced (<c>scores.jsonl</c>, <c>attendance.jsonl</c>, <c>history.json</c>).</summary>
/// <typeparam name="T">The record read from each line.</typeparam>
/// <param name="Records">
/// The records, or null when the file has errors (any error without lenient mode; a whole-file problem always).
/// In lenient mode bad lines are skipped and the value holds the good ones.
/// </param>
/// <param name="Errors">Every problem found, as <c>file:line: field: problem</c> (line 0 for a whole-file problem).</param>
public sealed record PayrollFileResult<T>(ImmutableArray<T>? Records, IReadOnlyList<RejectedLine> Errors)
{
    /// <summary>Whether the file had no problem at all.</summary>
    public bool IsClean => Errors.Count == 0;
}

/// <summary>A problem in a whole-JSON file (a plan, <c>history.json</c>), located by its JSON path.</summary>
/// <param name="File">The file as the user named it (its file name).</param>
/// <param name="Path">The JSON path of the value, e.g. <c>$.commission.tiers[1].rate</c> (<c>$</c> for the whole document).</param>
/// <param name="Problem">What is wrong.</param>
public sealed record JsonFileProblem(string File, string Path, string Problem)
{
    /// <inheritdoc/>
    public override string ToString() => $"{File}: {Path}: {Problem}";
}
