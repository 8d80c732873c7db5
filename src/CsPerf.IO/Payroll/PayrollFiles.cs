using System.Collections.Immutable;
using CsPerf.IO.Ingest;
using CsPerf.Engine.Payroll;

namespace CsPerf.IO.Payroll;

/// <summary>
/// The line-based payroll files of a dataset folder (contract "Dataset folder"), each as <c>X.jsonl</c> or <c>X.csv</c>,
/// described like the dataset files (<see cref="DatasetFiles"/>) and read by the same row machinery; each file's
/// records go into their own <see cref="UniqueRecords{T}"/>, which refuses a line given twice.
/// </summary>
internal static class PayrollFiles
{
    /// <summary><c>scores</c>: external scores (self/manager, or a count for a penalty item).</summary>
    public static readonly InputFile<ExternalScore, UniqueRecords<ExternalScore>> Scores = new(
        "scores", ["agent", "period", "kind", "self", "manager", "count"], PayrollFileReader.ParseScore, PayrollFileReader.Duplicate);

    /// <summary><c>attendance</c>: scheduled and worked days per agent and month.</summary>
    public static readonly InputFile<AttendanceRecord, UniqueRecords<AttendanceRecord>> Attendance = new(
        "attendance", ["agent", "period", "scheduledDays", "workedDays"], PayrollFileReader.ParseAttendance, PayrollFileReader.Duplicate);

    /// <summary>Every payroll line file (<c>history.json</c>, one JSON document, is not a line file).</summary>
    public static readonly ImmutableArray<InputFile> All = [Scores, Attendance];
}

/// <summary>The records of a payroll line file, each key once; the line of each key's first record is kept for messages.</summary>
/// <typeparam name="T">The record.</typeparam>
internal sealed class UniqueRecords<T>
{
    private readonly ImmutableArray<T>.Builder _records = ImmutableArray.CreateBuilder<T>();
    private readonly Dictionary<string, long> _firstLine = new(StringComparer.Ordinal);

    /// <summary>Adds a record; null when added, else the line of the earlier record with the same key (nothing added).</summary>
    public long? Add(string key, T record, long line)
    {
        if (_firstLine.TryGetValue(key, out long first))
        {
            return first;
        }

        _firstLine.Add(key, line);
        _records.Add(record);
        return null;
    }

    /// <summary>The records kept, in line order.</summary>
    public ImmutableArray<T> ToImmutable() => _records.ToImmutable();
}
