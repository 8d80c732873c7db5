using System.Text;
using CsPerf.IO.Ingest;

namespace CsPerf.IO;

/// <summary>
/// Reads a dataset folder (contract "Dataset folder"): <c>roster.json</c>, then the line files of
/// <see cref="DatasetFiles.All"/> in their order (messages, orders, refunds, reviews, ratings, complaints), each as
/// <c>X.jsonl</c> or <c>X.csv</c> through <see cref="InputFileReader"/> (messages.jsonl through its fast path). Every
/// bad line is reported as <c>file:line: field: problem</c>; nothing is dropped silently.
/// </summary>
/// <remarks>Stateless and thread safe; each call reads with its own buffers.</remarks>
public static class DatasetReader
{
    /// <summary>How many problems a load lists (all are counted).</summary>
    public const int MaxListedErrors = 1000;

    /// <summary>Loads a dataset folder.</summary>
    /// <param name="dir">The dataset folder.</param>
    /// <param name="config">The config (text rules and default time zone are fixed into the dataset).</param>
    /// <param name="lenient">Skip bad lines (counted and kept in the dataset) instead of refusing the dataset.</param>
    public static DatasetLoadResult Load(string dir, CsPerfConfig config, bool lenient) =>
        Load(dir, config, lenient, Environment.ProcessorCount > 1 ? ParallelMinBytes : long.MaxValue);

    /// <summary>Loads a dataset folder, reporting how far the messages file has been read (JSON Lines only).</summary>
    /// <param name="dir">The dataset folder.</param>
    /// <param name="config">The config (filters apply at load).</param>
    /// <param name="lenient">Skip bad lines instead of refusing the dataset.</param>
    /// <param name="progress">Told the bytes of messages.jsonl read, every few MB and at the end; null for none.</param>
    public static DatasetLoadResult Load(string dir, CsPerfConfig config, bool lenient, IProgress<LoadProgress>? progress) =>
        Load(dir, config, lenient, Environment.ProcessorCount > 1 ? ParallelMinBytes : long.MaxValue, progress);

    /// <summary>Below this size a messages.jsonl is read on one thread (the worker's start-up would not pay off).</summary>
    internal const long ParallelMinBytes = 8 << 20;

    /// <summary>Loads a dataset folder, reading messages.jsonl on two threads from <paramref name="parallelMinBytes"/> on.</summary>
    internal static DatasetLoadResult Load(string dir, CsPerfConfig config, bool lenient, long parallelMinBytes, IProgress<LoadProgress>? progress = null) =>
        Load(dir, config, lenient, parallelMinBytes, progress, prefetch: null);

    /// <summary>
    /// Loads a dataset folder, taking the other line files from <paramref name="prefetch"/> where it parses the same
    /// paths (<see cref="Prefetch"/>): the same result as without it, sooner.
    /// </summary>
    internal static DatasetLoadResult Load(string dir, CsPerfConfig config, bool lenient, IProgress<LoadProgress>? progress, DatasetPrefetch? prefetch) =>
        Load(dir, config, lenient, Environment.ProcessorCount > 1 ? ParallelMinBytes : long.MaxValue, progress, prefetch);

    private static DatasetLoadResult Load(string dir, CsPerfConfig config, bool lenient, long parallelMinBytes, IProgress<LoadProgress>? progress, DatasetPrefetch? prefetch) =>
        Load(dir, config, lenient, parallelMinBytes, optimisticIds: true, progress, prefetch)
        ?? Load(dir, config, lenient, parallelMinBytes, optimisticIds: false, progress, prefetch: null)!;

    /// <summary>
    /// Starts parsing the line files other than the messages of <paramref name="dir"/> on their thread, as the load does
    /// first: a caller that knows the folder before the config (the command line) lets the parse use the time the config
    /// takes. The parse depends on the files alone; the load checks the folder again, reports every problem itself and
    /// parses anew what the prefetch did not pick the same way. Null when the folder cannot be read.
    /// </summary>
    /// <param name="dir">The dataset folder.</param>
    internal static DatasetPrefetch? Prefetch(string dir)
    {
        if (!Directory.Exists(dir))
        {
            return null;
        }

        var files = DatasetFiles.All;
        var scratch = new ErrorSink(lenient: true);
        var paths = new string?[files.Length];
        for (int i = 0; i < files.Length; i++)
        {
            paths[i] = InputFileReader.Pick(files[i], dir, scratch);
        }

        if (scratch.Count > 0)
        {
            // The load refuses such a folder before it parses anything.
            return null;
        }

        return new DatasetPrefetch(dir, paths, StartOthers(dir, paths, prefetch: null));
    }

    /// <summary>
    /// Starts parsing the line files other than the messages (<paramref name="paths"/> in the order of
    /// <see cref="DatasetFiles.All"/>) one after the other on one more thread, taking over the parses
    /// <paramref name="prefetch"/> started for the same paths; null for a file the folder does not hold.
    /// </summary>
    private static Task<InputFileReader.ParsedFile<DatasetBuilder>>?[] StartOthers(string dir, string?[] paths, DatasetPrefetch? prefetch)
    {
        var files = DatasetFiles.All;
        int messagesAt = files.IndexOf(DatasetFiles.Messages);
        var parsing = new Task<InputFileReader.ParsedFile<DatasetBuilder>>?[files.Length];
        var start = new List<(InputFile<DatasetBuilder> File, string? Path)>();
        var startAt = new List<int>();
        for (int i = 0; i < files.Length; i++)
        {
            if (i == messagesAt)
            {
                continue;
            }

            parsing[i] = prefetch?.Take(dir, i, paths[i]);
            if (parsing[i] is null && paths[i] is not null)
            {
                start.Add((files[i], paths[i]));
                startAt.Add(i);
            }
        }

        var started = InputFileReader.StartParsingInTurn(start);
        for (int k = 0; k < startAt.Count; k++)
        {
            parsing[startAt[k]] = started[k];
        }

        return parsing;
    }

    /// <summary>
    /// Loads a dataset folder. With <paramref name="optimisticIds"/> the parallel reader adds message ids without
    /// looking them up and checks them all at the end (much cheaper for millions of ids); null means some id came
    /// twice and the load must be done again with <paramref name="optimisticIds"/> off, which finds and reports the
    /// duplicates where the sequential reader would.
    /// </summary>
    private static DatasetLoadResult? Load(string dir, CsPerfConfig config, bool lenient, long parallelMinBytes, bool optimisticIds, IProgress<LoadProgress>? progress, DatasetPrefetch? prefetch)
    {
        ArgumentNullException.ThrowIfNull(dir);
        ArgumentNullException.ThrowIfNull(config);
        var errors = new ErrorSink(lenient);
        if (!Directory.Exists(dir))
        {
            errors.FatalProblem(dir, 0, null, "dataset folder not found");
            return Result(null, errors, [], DatasetCounts.None);
        }

        // Which form of each line file the folder holds (problems listed in the order of the list).
        var files = DatasetFiles.All;
        var paths = new string?[files.Length];
        var missing = new List<InputFile<DatasetBuilder>>();
        for (int i = 0; i < files.Length; i++)
        {
            long before = errors.Count;
            paths[i] = InputFileReader.Pick(files[i], dir, errors);
            if (files[i].Required && paths[i] is null && errors.Count == before)
            {
                missing.Add(files[i]);
            }
        }

        foreach (var file in missing)
        {
            errors.FatalProblem(file.JsonlName, 0, null, $"missing: a dataset needs {file.JsonlName} or {file.CsvName}");
        }

        Roster? roster = null;
        string rosterPath = Path.Combine(dir, RosterReader.FileName);
        if (InputFiles.State(rosterPath) == InputFileState.Folder)
        {
            errors.FatalProblem(RosterReader.FileName, 0, null, InputFiles.NotAFile);
        }
        else if (File.Exists(rosterPath))
        {
            var (r, rosterErrors) = RosterReader.Read(rosterPath, config.TimeZone);
            foreach (var e in rosterErrors)
            {
                errors.FatalProblem(e.File, e.Line, e.Field, e.Problem);
            }

            roster = r;
        }

        if (errors.Fatal)
        {
            return Result(null, errors, [], DatasetCounts.None);
        }

        int messagesAt = files.IndexOf(DatasetFiles.Messages);
        long size = FileLength(paths[messagesAt]!);

        // The builder checks what the roster reader cannot see alone (an account bound twice, a duplicate shop).
        var builder = DatasetBuilder.Create(config, roster, (int)Math.Min(size / 120, 50_000_000), out var refused);
        if (refused is not null)
        {
            errors.FatalProblem(refused);
            return Result(null, errors, [], DatasetCounts.None);
        }

        errors.Builder = builder;
        long bytes = 0;
        var kept = new long[files.Length];

        // The other JSON Lines files are parsed one after the other on one more thread, started before the messages so
        // that it uses the time the parse workers wait for the interning thread (measured: the messages phase is bound
        // by that one thread); their records go into the builder after the messages, file after file and line after
        // line, as the sequential reading did.
        var parsing = StartOthers(dir, paths, prefetch);
        bool messagesAlone = paths.Count(p => p is not null) == 1; // then the id check has the cores to itself
        kept[messagesAt] = ReadMessages(paths[messagesAt]!, builder, errors, parallelMinBytes, optimisticIds, messagesAlone, progress, ref bytes, out var idsUnique);
        for (int i = 0; i < files.Length; i++)
        {
            if (i != messagesAt)
            {
                kept[i] = InputFileReader.Read(files[i], paths[i], parsing[i], builder, errors, ref bytes);
            }
        }

        // Build while the id check may still run (it reads only the message ids, which Build merely hands on): a builder
        // with a repeated id is dropped with its dataset.
        bool refuse = errors.Count > 0 && (!lenient || errors.Fatal);
        var dataset = refuse ? null : builder.Build();
        if (idsUnique is not null && !idsUnique.GetAwaiter().GetResult())
        {
            return null;
        }

        long Kept(InputFile<DatasetBuilder> file) => kept[files.IndexOf(file)];
        var counts = new DatasetCounts(
            Kept(DatasetFiles.Messages), Kept(DatasetFiles.Orders), Kept(DatasetFiles.Refunds), Kept(DatasetFiles.Reviews), Kept(DatasetFiles.Ratings), Kept(DatasetFiles.Complaints), bytes);
        return dataset is null ? Result(null, errors, [], counts) : Result(dataset, errors, dataset.Warnings, counts);
    }

    /// <summary>
    /// The length of a file, through a symbolic link to the file it names (the length of the link itself would size
    /// the builder for a handful of messages, and its columns would then grow by copies).
    /// </summary>
    internal static long FileLength(string path)
    {
        var info = new FileInfo(path);
        try
        {
            return info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo { Exists: true } target
                ? target.Length
                : info.Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return info.Length;
        }
    }

    private static DatasetLoadResult Result(Dataset? dataset, ErrorSink errors, IReadOnlyList<string> warnings, DatasetCounts counts) =>
        new(dataset, errors.Listed.ToArray(), errors.Count, warnings, counts);

    /// <summary>
    /// Reads the messages. After optimistic id adding, <paramref name="idsUnique"/> is the check of the ids, running
    /// on another thread while the other files are read (it only reads the message ids, which nothing else touches);
    /// false means the load must be redone with checks.
    /// </summary>
    private static long ReadMessages(string path, DatasetBuilder builder, ErrorSink errors, long parallelMinBytes, bool optimisticIds, bool alone, IProgress<LoadProgress>? progress, ref long bytes, out Task<bool>? idsUnique)
    {
        idsUnique = null;
        var messages = DatasetFiles.Messages;
        if (RowFile.IsCsv(path))
        {
            return InputFileReader.ReadRows(messages, path, builder, errors, ref bytes);
        }

        string file = Path.GetFileName(path);
        var row = new InputRow();
        long kept = 0;
        using Stream stream = progress is null
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan)
            : new ProgressStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), file, progress);
        bytes += stream.Length;

        // Lines the fast parser refuses: the general parser decides and words the error.
        void General(ReadOnlySpan<byte> line, long number)
        {
            if (LineSplitter.IsBlank(line))
            {
                return;
            }

            string? problem = row.LoadJson(line);
            if (problem is not null)
            {
                errors.Line(file, number, null, problem);
                return;
            }

            if (messages.Row(row, builder, file, number) is { } refused)
            {
                errors.Line(refused);
            }
            else
            {
                kept++;
            }
        }

        void Duplicate(long number, string id) => errors.Line(file, number, "id", $"duplicate message id \"{id}\"");

        if (stream.Length >= parallelMinBytes)
        {
            if (optimisticIds)
            {
                builder.BeginUncheckedMessageIds();
            }

            long fastAdded = ParallelMessageReader.Read(stream, builder, Duplicate, General);
            if (optimisticIds)
            {
                // Beside the other files' records (applied on this thread) the check takes one thread; alone, every core.
                int threads = alone ? Environment.ProcessorCount : 1;
                idsUnique = Task.Factory.StartNew(() => builder.EndUncheckedMessageIds(threads), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }

            return fastAdded + kept;
        }

        var fast = new FastMessageParser();
        LineSplitter.ForEachLine(stream, (line, number) =>
        {
            switch (fast.TryAdd(line, builder, out var dupId))
            {
                case FastResult.Added:
                    kept++;
                    return;
                case FastResult.Duplicate:
                    Duplicate(number, Encoding.UTF8.GetString(dupId));
                    return;
                default:
                    General(line, number);
                    return;
            }
        });
        return kept;
    }
}

/// <summary>
/// The other line files of a dataset folder parsing ahead of its load (<see cref="DatasetReader.Prefetch"/>); each parse
/// is taken at most once.
/// </summary>
internal sealed class DatasetPrefetch(string dir, string?[] paths, Task<InputFileReader.ParsedFile<DatasetBuilder>>?[] parsing)
{
    /// <summary>
    /// The parse of file <paramref name="index"/> of <see cref="DatasetFiles.All"/> when it was started for the same
    /// folder and path, else null (the load parses it itself).
    /// </summary>
    public Task<InputFileReader.ParsedFile<DatasetBuilder>>? Take(string folder, int index, string? path)
    {
        if (folder != dir || path is null || paths[index] != path)
        {
            return null;
        }

        return Interlocked.Exchange(ref parsing[index], null);
    }
}
