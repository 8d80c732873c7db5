namespace CsPerf.IO;

/// <summary>What <see cref="DatasetReader.Load(string, CsPerfConfig, bool)"/> produced.</summary>
/// <param name="Dataset">The dataset, or null when the input has errors (any error without lenient mode; a folder, file-pair or roster problem always).</param>
/// <param name="Errors">The problems found, as <c>file:line: field: problem</c> lines; at most <see cref="DatasetReader.MaxListedErrors"/>.</param>
/// <param name="ErrorCount">How many problems there were in all (may exceed <see cref="Errors"/>).</param>
/// <param name="Warnings">Warnings (accounts outside an existing roster, …); the CLI prints them on stderr.</param>
/// <param name="Counts">How many records of each file were kept.</param>
public sealed record DatasetLoadResult(
    Dataset? Dataset,
    IReadOnlyList<RejectedLine> Errors,
    long ErrorCount,
    IReadOnlyList<string> Warnings,
    DatasetCounts Counts)
{
    /// <summary>Whether the load found no problem at all.</summary>
    public bool IsClean => ErrorCount == 0;
}

/// <summary>Records kept per dataset file.</summary>
/// <param name="Messages">Messages.</param>
/// <param name="Orders">Orders.</param>
/// <param name="Refunds">Refunds.</param>
/// <param name="Reviews">Reviews.</param>
/// <param name="Ratings">Ratings.</param>
/// <param name="Complaints">Complaints.</param>
/// <param name="Bytes">Bytes of dataset files read.</param>
public sealed record DatasetCounts(long Messages, long Orders, long Refunds, long Reviews, long Ratings, long Complaints, long Bytes)
{
    /// <summary>Nothing read.</summary>
    public static DatasetCounts None { get; } = new(0, 0, 0, 0, 0, 0, 0);
}
