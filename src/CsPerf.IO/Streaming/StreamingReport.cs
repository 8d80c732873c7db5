using System.Collections.Immutable;
using CsPerf.Engine;
using CsPerf.IO.Ingest;
using CsPerf.IO.Streaming;

namespace CsPerf.IO;

/// <summary>How <see cref="StreamingReport"/> cuts a dataset folder into parts.</summary>
public sealed record StreamingOptions
{
    /// <summary>The default memory budget: 4 GB.</summary>
    public const long DefaultMemoryBudget = 4L << 30;

    /// <summary>How many customer parts to read one after the other; null to derive them from <see cref="MemoryBudget"/> (<see cref="StreamingReport.PartsFor"/>).</summary>
    public int? Parts { get; init; }

    /// <summary>The peak memory aimed at, in bytes (used when <see cref="Parts"/> is null).</summary>
    public long MemoryBudget { get; init; } = DefaultMemoryBudget;

    /// <summary>Where the part folders are written (a new folder under it, deleted at the end); null for the system's temporary folder.</summary>
    public string? TempDirectory { get; init; }

    /// <summary>How many bits of the message, order and refund id hashes the split keeps (64; fewer in tests, so that different ids collide).</summary>
    internal int IdHashBits { get; init; } = 64;
}

/// <summary>What <see cref="StreamingReport.Run"/> produced.</summary>
/// <param name="Report">The report, or null when the input has errors (as <see cref="DatasetLoadResult.Dataset"/> would be null).</param>
/// <param name="Partial">The merged partial of every part (null with <paramref name="Report"/>).</param>
/// <param name="Load">The problems and counts of reading, as <see cref="DatasetReader.Load(string, CsPerfConfig, bool)"/> gives them; its dataset is always null (each part is dropped once aggregated).</param>
/// <param name="Parts">How many parts were read.</param>
public sealed record StreamingReportResult(Report? Report, KpiPartial? Partial, DatasetLoadResult Load, int Parts);

/// <summary>
/// The KPI report of a dataset folder too big for memory (docs/partials.md "Streaming"): the folder is split by
/// customer — (shop, customer) hashed into parts, refunds and reviews following their order — into a temporary
/// folder; each part is read with <see cref="DatasetReader"/>, aggregated (<see cref="CsPerfEngine.Aggregate(Dataset, CsPerfConfig, ReportRequest)"/>) and
/// dropped before the next; the partials are merged and composed once. A part holds every record of its customers,
/// so every session and window lies inside one part and the report equals <see cref="CsPerfEngine.Report(Dataset, CsPerfConfig, ReportRequest)"/> of the
/// whole folder, byte for byte; problems name the original file and line.
/// </summary>
public static class StreamingReport
{
    /// <summary>Bytes of messages per part: the in-memory reader's peak is about the size of messages.jsonl, so a part gets half the budget.</summary>
    /// <param name="messagesBytes">The size of the messages file.</param>
    /// <param name="memoryBudget">The peak memory aimed at.</param>
    /// <returns>1 when the whole file fits (read in memory), else the parts.</returns>
    public static int PartsFor(long messagesBytes, long memoryBudget)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(messagesBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(memoryBudget, 1L << 20);
        long perPart = memoryBudget / 2;
        return (int)Math.Clamp((messagesBytes + perPart - 1) / perPart, 1, 4096);
    }

    /// <summary>Computes the report of <paramref name="dir"/> part by part.</summary>
    /// <param name="dir">The dataset folder (docs/io.md).</param>
    /// <param name="config">The config.</param>
    /// <param name="request">As-of instant, periods, range and rule.</param>
    /// <param name="lenient">Skip bad lines instead of refusing the dataset.</param>
    /// <param name="options">Parts or memory budget, temporary folder; null for the defaults.</param>
    public static StreamingReportResult Run(string dir, CsPerfConfig config, ReportRequest request, bool lenient, StreamingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dir);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(request);
        options ??= new StreamingOptions();

        // Folder-level problems (a missing folder or file, a file in both forms, a bad roster) stop the reader before
        // any line is read: let it report them.
        var files = DatasetFiles.All;
        var paths = new string?[files.Length];
        string rosterPath = Path.Combine(dir, RosterReader.FileName);
        bool sound = Directory.Exists(dir) && !Directory.Exists(rosterPath);
        if (sound)
        {
            var probe = new ErrorSink(lenient);
            for (int i = 0; i < files.Length; i++)
            {
                paths[i] = InputFileReader.Pick(files[i], dir, probe);
            }

            sound = probe.Count == 0 && paths[files.IndexOf(DatasetFiles.Messages)] is not null
                && (!File.Exists(rosterPath) || RosterReader.Read(rosterPath, config.TimeZone).Errors.Count == 0);
        }

        int parts = options.Parts ?? (sound ? PartsFor(new FileInfo(paths[files.IndexOf(DatasetFiles.Messages)]!).Length, options.MemoryBudget) : 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parts, 4096);
        StreamingReportResult InMemory()
        {
            var load = DatasetReader.Load(dir, config, lenient);
            return load.Dataset is null
                ? new StreamingReportResult(null, null, load with { Dataset = null }, 1)
                : Finish([CsPerfEngine.Aggregate(load.Dataset, config, request)], CsPerf.Engine.Partials.Aggregator.RosterOf(load.Dataset), [load], null, config, request, lenient, 1, load.Counts.Bytes);
        }

        if (!sound)
        {
            return InMemory();
        }

        string temp = Path.Combine(options.TempDirectory ?? Path.GetTempPath(), "csperf-stream-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            var split = DatasetSplitter.Split(dir, paths, parts, temp, options.IdHashBits);
            if (split.Unsplittable)
            {
                // A CSV header that does not parse: no record of that file can be read, the whole folder's reader
                // reports it (and holds no record of it).
                return InMemory();
            }

            Reclaim(); // the split's id tables

            var partials = new List<KpiPartial>(parts);
            var loads = new List<DatasetLoadResult>(parts);
            Roster? roster = null;
            bool failed = false;
            for (int p = 0; p < parts; p++)
            {
                string partDir = Path.Combine(temp, "part" + p.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var load = DatasetReader.Load(partDir, config, lenient);
                RejectedLine Original(RejectedLine e) => e with { Line = DatasetSplitter.OriginalLine(Path.Combine(partDir, e.File), e.Line) };
                loads.Add(load with { Dataset = null, Errors = load.Errors.Count == 0 ? load.Errors : [.. load.Errors.Select(Original)] });
                if (load.Dataset is null)
                {
                    failed = true;
                }
                else if (!failed)
                {
                    roster ??= CsPerf.Engine.Partials.Aggregator.RosterOf(load.Dataset);
                    var partial = CsPerfEngine.Aggregate(load.Dataset, config, request);
                    partials.Add(partial.Inputs.All(i => i.RejectedLines.IsEmpty) ? partial : partial with
                    {
                        Inputs = [.. partial.Inputs.Select(i => i with { RejectedLines = [.. i.RejectedLines.Select(Original)] })],
                    });
                }

                load = null!; // the part's dataset goes before the next part is read
                Directory.Delete(partDir, recursive: true);
                Reclaim();
            }

            return Finish(failed ? null : partials, roster, loads, split, config, request, lenient, parts, split.Bytes);
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    /// <summary>
    /// A full, compacting collection between parts: the previous part's columns are garbage, and without it the next
    /// part's are allocated beside them (measured: 3.9 GiB peak at 100 M messages in 8 parts).
    /// </summary>
    private static void Reclaim()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>Merges the parts' problems (original file order), their partials, and composes.</summary>
    private static StreamingReportResult Finish(
        List<KpiPartial>? partials,
        Roster? roster,
        List<DatasetLoadResult> loads,
        DatasetSplitter.Result? split,
        CsPerfConfig config,
        ReportRequest request,
        bool lenient,
        int parts,
        long bytes)
    {
        // Problems: each part lists its first ones in file order; the whole's first ones are among them. A problem met
        // in several parts (a file-level one) is one problem.
        var errors = new List<RejectedLine>();
        var seen = new HashSet<RejectedLine>();
        long errorCount = 0;
        foreach (var load in loads)
        {
            errorCount += load.ErrorCount;
            foreach (var e in load.Errors)
            {
                if (seen.Add(e))
                {
                    errors.Add(e);
                }
                else
                {
                    errorCount--;
                }
            }
        }

        // The problems the split decided (duplicate ids, malformed CSV records) are in no part.
        if (split is not null)
        {
            errorCount += split.ProblemCount;
            errors.AddRange(split.Problems);
        }

        errors.Sort(CompareProblems);
        // A refused folder has no dataset, so no warnings (as the whole folder's load gives none).
        bool refused = partials is null || roster is null || (errorCount > 0 && !lenient);
        var warnings = refused ? [] : OrderWarnings(loads.SelectMany(l => l.Warnings), split?.AccountOrder);
        var c = loads.Select(l => l.Counts).Aggregate(DatasetCounts.None, (a, b) => new DatasetCounts(
            a.Messages + b.Messages, a.Orders + b.Orders, a.Refunds + b.Refunds, a.Reviews + b.Reviews, a.Ratings + b.Ratings, a.Complaints + b.Complaints, 0));
        var result = new DatasetLoadResult(null, errors.Take(DatasetReader.MaxListedErrors).ToArray(), errorCount, warnings, c with { Bytes = bytes });
        if (refused || partials is null || roster is null)
        {
            return new StreamingReportResult(null, null, result, parts);
        }

        var merged = KpiPartial.Merge(partials);

        // The input reports: one, as the whole folder's dataset holds it (its first rejected lines in file order).
        long rejected = 0;
        var lines = new HashSet<RejectedLine>();
        foreach (var input in merged.Inputs)
        {
            rejected += input.Rejected;
            lines.UnionWith(input.RejectedLines);
        }

        if (split is not null)
        {
            rejected += split.ProblemCount;
            lines.UnionWith(split.Problems);
        }

        var ordered = lines.ToList();
        ordered.Sort(CompareProblems);
        merged = merged with
        {
            Inputs = rejected == 0 && ordered.Count == 0 && warnings.Count == 0
                ? []
                : [new PartialInput(rejected, [.. ordered.Take(DatasetBuilder.MaxRejectedLines)], [.. warnings])],
        };
        return new StreamingReportResult(CsPerfEngine.Compose(merged, roster, config, request), merged, result, parts);
    }

    /// <summary>File order (<see cref="DatasetFiles.All"/>), then line.</summary>
    private static int CompareProblems(RejectedLine a, RejectedLine b)
    {
        int c = FileIndex(a.File).CompareTo(FileIndex(b.File));
        return c != 0 ? c : a.Line.CompareTo(b.Line);
    }

    private static int FileIndex(string file)
    {
        var all = DatasetFiles.All;
        for (int i = 0; i < all.Length; i++)
        {
            if (file == all[i].JsonlName || file == all[i].CsvName)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The warnings once each, in the order the whole folder's reading meets them: an account outside the roster is
    /// met at its first record (messages, then ratings, then complaints).
    /// </summary>
    private static List<string> OrderWarnings(IEnumerable<string> warnings, Dictionary<(string Shop, string Account), (int File, long Line)>? accountOrder)
    {
        var distinct = warnings.Distinct(StringComparer.Ordinal).ToList();
        if (accountOrder is null)
        {
            return distinct;
        }

        var position = new Dictionary<string, (int, long)>(StringComparer.Ordinal);
        foreach (var ((shop, account), at) in accountOrder)
        {
            position[$"account \"{account}\" of shop \"{shop}\" is not in roster.json; it is counted as its own presale agent"] = at;
        }

        return [.. distinct.Select((w, i) => (w, i, at: position.TryGetValue(w, out var at) ? at : (int.MaxValue, (long)i)))
            .OrderBy(x => x.at.Item1).ThenBy(x => x.at.Item2).ThenBy(x => x.i).Select(x => x.w)];
    }
}
