namespace CsPerf.IO.Ingest;

/// <summary>
/// Reads any <see cref="InputFile{TTarget}"/>: which of its two forms a folder holds, one sequential path for both
/// formats (<see cref="RowFile"/>: CSV through <see cref="CsvRecordReader"/>, JSON Lines through
/// <see cref="InputRow.LoadJson"/>), and a JSON Lines path that parses on another thread while the target is busy
/// and applies the records afterwards in line order (same problems, same order).
/// </summary>
internal static class InputFileReader
{
    /// <summary>Kept lines whose lookups are read ahead together before they are applied.</summary>
    private const int TouchBatch = 32;

    /// <summary>
    /// The path of the file a folder holds for <paramref name="file"/> (<c>X.jsonl</c> or <c>X.csv</c>), or null when it
    /// holds none or holds it wrongly (a folder in its place, both forms: a fatal problem).
    /// </summary>
    public static string? Pick<TTarget>(InputFile<TTarget> file, string dir, ErrorSink errors)
    {
        string jsonl = Path.Combine(dir, file.JsonlName);
        string csv = Path.Combine(dir, file.CsvName);
        var jsonlState = InputFiles.State(jsonl);
        var csvState = InputFiles.State(csv);
        if (jsonlState == InputFileState.Folder || csvState == InputFileState.Folder)
        {
            errors.FatalProblem(jsonlState == InputFileState.Folder ? file.JsonlName : file.CsvName, 0, null, InputFiles.NotAFile);
            return null;
        }

        bool hasJsonl = jsonlState == InputFileState.File, hasCsv = csvState == InputFileState.File;
        if (hasJsonl && hasCsv)
        {
            errors.FatalProblem(file.CsvName, 0, null, $"both {file.JsonlName} and {file.CsvName} are present; keep one");
            return null;
        }

        return hasJsonl ? jsonl : hasCsv ? csv : null;
    }

    /// <summary>Reads a file row by row into the target (either format); returns how many records were kept.</summary>
    public static long ReadRows<TTarget>(InputFile<TTarget> file, string path, TTarget target, ErrorSink errors, ref long bytes)
    {
        string name = Path.GetFileName(path);
        long kept = 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        bytes += stream.Length;
        RowFile.ForEach(
            stream,
            RowFile.IsCsv(path),
            (number, problem) => errors.Line(name, number, null, problem),
            (row, number) =>
            {
                if (file.Row(row, target, name, number) is { } problem)
                {
                    errors.Line(problem);
                }
                else
                {
                    kept++;
                }
            },
            (number, problem) => errors.FatalProblem(name, number, null, problem));
        return kept;
    }

    /// <summary>One parsed line: the line-level problem (bad JSON), the field problem, or the record.</summary>
    public readonly record struct ParsedLine(long Line, string? LineProblem, FieldProblem? Problem, object? Record);

    /// <summary>
    /// A JSON Lines file parsed ahead: the lines its fast path kept (<see cref="FastLines{TTarget}"/>, null when it has
    /// none) and the others, through the general path, both in line order.
    /// </summary>
    public sealed record ParsedFile<TTarget>(FastLines<TTarget>? Fast, List<ParsedLine> General);

    /// <summary>
    /// Starts parsing JSON Lines files one after the other on one more thread (no target touched); an entry is null for
    /// no file or a CSV file, which <see cref="ReadRows"/> reads. Lines of the common layout go through the file's fast
    /// path, the others through <see cref="InputRow.LoadJson"/>. A file's failure is reported when its result is applied;
    /// the next file is parsed all the same. One thread, not one per file: starting a thread blocks the caller until it
    /// runs, which on two busy cores took the command line 5–10 ms per thread (docs/performance.md, "Stop 20: fixed
    /// costs and the other files").
    /// </summary>
    /// <param name="files">The kinds of file and their paths (null for none), in parsing order.</param>
    public static Task<ParsedFile<TTarget>>?[] StartParsingInTurn<TTarget>(IReadOnlyList<(InputFile<TTarget> File, string? Path)> files)
    {
        var parsing = new TaskCompletionSource<ParsedFile<TTarget>>?[files.Count];
        for (int i = 0; i < files.Count; i++)
        {
            if (files[i].Path is { } path && !RowFile.IsCsv(path))
            {
                parsing[i] = new TaskCompletionSource<ParsedFile<TTarget>>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        if (parsing.Any(p => p is not null))
        {
            Task.Factory.StartNew(
                () =>
                {
                    var shared = new PreparedFiles();
                    for (int i = 0; i < files.Count; i++)
                    {
                        if (parsing[i] is not { } done)
                        {
                            continue;
                        }

                        try
                        {
                            using var stream = new FileStream(files[i].Path!, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                            done.SetResult(Prepare(Parse(files[i].File, stream), shared));
                        }
                        catch (Exception e)
                        {
                            done.SetException(e);
                        }
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }

        return [.. parsing.Select(p => p?.Task)];
    }

    /// <summary>
    /// Reads the other files in chunks of 256 KB: the buffer stays in the cache while its lines are parsed, and far
    /// fewer fresh pages are touched than with the 4 MB chunks of messages.jsonl.
    /// </summary>
    private const int ChunkSize = 256 << 10;

    /// <summary>Parses a JSON Lines stream of <paramref name="file"/> without touching a target (see <see cref="StartParsingInTurn"/>).</summary>
    internal static ParsedFile<TTarget> Parse<TTarget>(InputFile<TTarget> file, Stream stream)
    {
        var fast = file.NewFastLines();
        var general = new List<ParsedLine>();
        var row = new InputRow();
        LineSplitter.ForEachLine(stream, (line, number) =>
        {
            if (fast is not null && fast.TryAdd(line, number))
            {
                return;
            }

            if (LineSplitter.IsBlank(line))
            {
                return;
            }

            if (row.LoadJson(line) is { } lineProblem)
            {
                general.Add(new ParsedLine(number, lineProblem, null, null));
                return;
            }

            var problem = file.Parse(row, out var record);
            general.Add(new ParsedLine(number, null, problem, problem is null ? record : null));
        }, ChunkSize);
        return new ParsedFile<TTarget>(fast, general);
    }

    /// <summary>
    /// Prepares a parsed file's kept lines ahead of their apply (<see cref="FastLines{TTarget}.Prepare"/>), on the parsing
    /// thread, after the files before it with the same <paramref name="shared"/>; the file itself is returned.
    /// </summary>
    internal static ParsedFile<TTarget> Prepare<TTarget>(ParsedFile<TTarget> parsed, PreparedFiles shared)
    {
        parsed.Fast?.Prepare(shared, parsed.General.Exists(p => p.Record is not null));
        return parsed;
    }

    /// <summary>Applies the lines <see cref="StartParsingInTurn"/> parsed, in line order; returns how many records were kept.</summary>
    public static long ApplyParsed<TTarget>(InputFile<TTarget> file, string path, Task<ParsedFile<TTarget>> parsing, TTarget target, ErrorSink errors, ref long bytes)
    {
        string name = Path.GetFileName(path);
        var parsed = parsing.GetAwaiter().GetResult();
        bytes += new FileInfo(path).Length;
        return Apply(file, name, parsed, target, errors);
    }

    /// <summary>Applies a parsed file in line order (fast and general lines merged); returns how many records were kept.</summary>
    internal static long Apply<TTarget>(InputFile<TTarget> file, string name, ParsedFile<TTarget> parsed, TTarget target, ErrorSink errors)
    {
        var (fast, general) = parsed;
        int fastCount = fast?.Count ?? 0;
        bool prepared = fast is not null && fast.BeginPrepared(target);
        if (!prepared)
        {
            fast?.Reserve(target, fastCount + general.Count);
        }

        long kept = 0;
        long touched = 0;
        int f = 0, g = 0, touchedTo = 0;
        while (f < fastCount || g < general.Count)
        {
            if (f < fastCount && (g == general.Count || fast!.LineAt(f) < general[g].Line))
            {
                if (f == touchedTo)
                {
                    // The lookups of a batch of lines read together: their cache misses overlap.
                    touchedTo = Math.Min(fastCount, f + TouchBatch);
                    touched = unchecked(touched + fast!.Touch(f, touchedTo, target));
                }

                if ((prepared ? fast!.ApplyPrepared(f++, target, name) : fast!.Apply(f++, target, name)) is { } refusedFast)
                {
                    errors.Line(refusedFast);
                }
                else
                {
                    kept++;
                }

                continue;
            }

            var p = general[g++];
            if (p.LineProblem is not null)
            {
                errors.Line(name, p.Line, null, p.LineProblem);
            }
            else if (p.Problem is { } problem)
            {
                errors.Line(name, p.Line, problem.Field, problem.Problem);
            }
            else if (Unprepared(prepared) && file.Apply(p.Record!, target, name, p.Line) is { } refused)
            {
                errors.Line(refused);
            }
            else
            {
                kept++;
            }
        }

        GC.KeepAlive(touched);
        return kept;
    }

    /// <summary>True; a record of the general path after <see cref="FastLines{TTarget}.BeginPrepared"/> would be a bug (<see cref="Prepare"/> declines such a file).</summary>
    private static bool Unprepared(bool prepared) =>
        !prepared ? true : throw new InvalidOperationException("A record of the general path in a file whose kept lines were prepared.");

    /// <summary>
    /// Reads a file: JSON Lines parsed ahead by <paramref name="parsing"/> when given, else row by row; returns how many
    /// records were kept (0 for no file).
    /// </summary>
    public static long Read<TTarget>(InputFile<TTarget> file, string? path, Task<ParsedFile<TTarget>>? parsing, TTarget target, ErrorSink errors, ref long bytes) =>
        path is null ? 0
        : parsing is null ? ReadRows(file, path, target, errors, ref bytes)
        : ApplyParsed(file, path, parsing, target, errors, ref bytes);
}
