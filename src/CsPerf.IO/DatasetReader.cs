using System.Text;
using CsPerf.IO.Ingest;

namespace CsPerf.IO;

/// <summary>
/// Reads a dataset folder (contract "Dataset folder"): <c>roster.json</c>, then messages, orders, refunds, reviews,
/// ratings and complaints, each as <c>X.jsonl</c> or <c>X.csv</c>. Every bad line is reported as
/// <c>file:line: field: problem</c>; nothing is dropped silently.
/// </summary>
/// <remarks>Stateless and thread safe; each call reads with its own buffers.</remarks>
public static class DatasetReader
{
    /// <summary>How many problems a load lists (all are counted).</summary>
    public const int MaxListedErrors = 1000;

    private delegate void RowHandler(InputRow row, string file, long line, DatasetBuilder builder, ErrorSink errors, ref long kept);

    /// <summary>Loads a dataset folder.</summary>
    /// <param name="dir">The dataset folder.</param>
    /// <param name="config">The config (text rules and default time zone are fixed into the dataset).</param>
    /// <param name="lenient">Skip bad lines (counted and kept in the dataset) instead of refusing the dataset.</param>
    public static DatasetLoadResult Load(string dir, CsPerfConfig config, bool lenient) =>
        Load(dir, config, lenient, Environment.ProcessorCount > 1 ? ParallelMinBytes : long.MaxValue);

    /// <summary>Below this size a messages.jsonl is read on one thread (the worker's start-up would not pay off).</summary>
    internal const long ParallelMinBytes = 8 << 20;

    /// <summary>Loads a dataset folder, reading messages.jsonl on two threads from <paramref name="parallelMinBytes"/> on.</summary>
    internal static DatasetLoadResult Load(string dir, CsPerfConfig config, bool lenient, long parallelMinBytes) =>
        Load(dir, config, lenient, parallelMinBytes, optimisticIds: true)
        ?? Load(dir, config, lenient, parallelMinBytes, optimisticIds: false)!;

    /// <summary>
    /// Loads a dataset folder. With <paramref name="optimisticIds"/> the parallel reader adds message ids without
    /// looking them up and checks them all at the end (much cheaper for millions of ids); null means some id came
    /// twice and the load must be done again with <paramref name="optimisticIds"/> off, which finds and reports the
    /// duplicates where the sequential reader would.
    /// </summary>
    private static DatasetLoadResult? Load(string dir, CsPerfConfig config, bool lenient, long parallelMinBytes, bool optimisticIds)
    {
        ArgumentNullException.ThrowIfNull(dir);
        ArgumentNullException.ThrowIfNull(config);
        var errors = new ErrorSink(lenient);
        if (!Directory.Exists(dir))
        {
            errors.FatalProblem(dir, 0, null, "dataset folder not found");
            return Result(null, errors, [], DatasetCounts.None);
        }

        string? messages = Pick(dir, "messages", errors);
        bool messagesPicked = messages is not null || errors.Fatal;
        string? orders = Pick(dir, "orders", errors);
        string? refunds = Pick(dir, "refunds", errors);
        string? reviews = Pick(dir, "reviews", errors);
        string? ratings = Pick(dir, "ratings", errors);
        string? complaints = Pick(dir, "complaints", errors);
        if (!messagesPicked)
        {
            errors.FatalProblem("messages.jsonl", 0, null, "missing: a dataset needs messages.jsonl or messages.csv");
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

        DatasetBuilder builder;
        try
        {
            long size = new FileInfo(messages!).Length;
            builder = new DatasetBuilder(config, roster, (int)Math.Min(size / 120, 50_000_000));
        }
        catch (ArgumentException ex)
        {
            // The builder checks what the roster reader cannot see alone (an account bound twice, a duplicate shop).
            string text = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal);
            var parts = text.Split(": ", 3);
            string file = ex.ParamName == "config" ? "config" : RosterReader.FileName;
            if (parts.Length == 3)
            {
                errors.FatalProblem(file, 0, parts[0] + "." + parts[1], parts[2].TrimEnd('.'));
            }
            else
            {
                errors.FatalProblem(file, 0, null, text);
            }

            return Result(null, errors, [], DatasetCounts.None);
        }

        errors.Builder = builder;
        long bytes = 0;
        long nMessages = ReadMessages(messages!, builder, errors, parallelMinBytes, optimisticIds, ref bytes, out var idsUnique);

        // The other JSON Lines files are parsed all at once on other threads; their records go into the builder here,
        // file after file and line after line, as the sequential reading did.
        var ordersParsed = PreParse(orders, ParseOrder);
        var refundsParsed = PreParse(refunds, ParseRefund);
        var reviewsParsed = PreParse(reviews, ParseReview);
        var ratingsParsed = PreParse(ratings, ParseRating);
        var complaintsParsed = PreParse(complaints, ParseComplaint);
        long nOrders = ordersParsed is null ? ReadFile(orders, builder, errors, OrderRow, ref bytes) : Apply(orders!, ordersParsed, builder, errors, ApplyOrder, ref bytes);
        long nRefunds = refundsParsed is null ? ReadFile(refunds, builder, errors, RefundRow, ref bytes) : Apply(refunds!, refundsParsed, builder, errors, ApplyRefund, ref bytes);
        long nReviews = reviewsParsed is null ? ReadFile(reviews, builder, errors, ReviewRow, ref bytes) : Apply(reviews!, reviewsParsed, builder, errors, ApplyReview, ref bytes);
        long nRatings = ratingsParsed is null ? ReadFile(ratings, builder, errors, RatingRow, ref bytes) : Apply(ratings!, ratingsParsed, builder, errors, ApplyRating, ref bytes);
        long nComplaints = complaintsParsed is null ? ReadFile(complaints, builder, errors, ComplaintRow, ref bytes) : Apply(complaints!, complaintsParsed, builder, errors, ApplyComplaint, ref bytes);
        if (idsUnique is not null && !idsUnique.GetAwaiter().GetResult())
        {
            return null;
        }

        var counts = new DatasetCounts(nMessages, nOrders, nRefunds, nReviews, nRatings, nComplaints, bytes);
        if (errors.Count > 0 && (!lenient || errors.Fatal))
        {
            return Result(null, errors, [], counts);
        }

        var dataset = builder.Build();
        return Result(dataset, errors, dataset.Warnings, counts);
    }

    private static DatasetLoadResult Result(Dataset? dataset, ErrorSink errors, IReadOnlyList<string> warnings, DatasetCounts counts) =>
        new(dataset, errors.Listed.ToArray(), errors.Count, warnings, counts);

    private static string? Pick(string dir, string name, ErrorSink errors)
    {
        string jsonl = Path.Combine(dir, name + ".jsonl");
        string csv = Path.Combine(dir, name + ".csv");
        var jsonlState = InputFiles.State(jsonl);
        var csvState = InputFiles.State(csv);
        if (jsonlState == InputFileState.Folder || csvState == InputFileState.Folder)
        {
            errors.FatalProblem(name + (jsonlState == InputFileState.Folder ? ".jsonl" : ".csv"), 0, null, InputFiles.NotAFile);
            return null;
        }

        bool hasJsonl = jsonlState == InputFileState.File, hasCsv = csvState == InputFileState.File;
        if (hasJsonl && hasCsv)
        {
            errors.FatalProblem(name + ".csv", 0, null, $"both {name}.jsonl and {name}.csv are present; keep one");
            return null;
        }

        return hasJsonl ? jsonl : hasCsv ? csv : null;
    }

    /// <summary>
    /// Reads the messages. After optimistic id adding, <paramref name="idsUnique"/> is the check of the ids, running
    /// on another thread while the other files are read (it only reads the message ids, which nothing else touches);
    /// false means the load must be redone with checks.
    /// </summary>
    private static long ReadMessages(string path, DatasetBuilder builder, ErrorSink errors, long parallelMinBytes, bool optimisticIds, ref long bytes, out Task<bool>? idsUnique)
    {
        idsUnique = null;
        if (path.EndsWith(".csv", StringComparison.Ordinal))
        {
            return ReadFile(path, builder, errors, MessageRow, ref bytes);
        }

        string file = Path.GetFileName(path);
        var row = new InputRow();
        long kept = 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
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

            MessageRow(row, file, number, builder, errors, ref kept);
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
                idsUnique = Task.Factory.StartNew(builder.EndUncheckedMessageIds, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
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

    /// <summary>One parsed line of a secondary file: the JSON problem, the field problem, or the record.</summary>
    private readonly record struct ParsedLine(long Line, string? JsonProblem, FieldProblem? Problem, object? Record);

    private delegate FieldProblem? RecordParser(InputRow row, out object? record);

    private delegate void RecordApplier(object record, string file, long line, DatasetBuilder builder, ErrorSink errors, ref long kept);

    /// <summary>Starts parsing a JSON Lines file on its own thread (builder untouched); null for no file or a CSV file.</summary>
    private static Task<List<ParsedLine>>? PreParse(string? path, RecordParser parse)
    {
        if (path is null || path.EndsWith(".csv", StringComparison.Ordinal))
        {
            return null;
        }

        return Task.Factory.StartNew(
            () =>
            {
                var parsed = new List<ParsedLine>();
                var row = new InputRow();
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                LineSplitter.ForEachLine(stream, (line, number) =>
                {
                    if (LineSplitter.IsBlank(line))
                    {
                        return;
                    }

                    string? problem = row.LoadJson(line);
                    if (problem is not null)
                    {
                        parsed.Add(new ParsedLine(number, problem, null, null));
                        return;
                    }

                    var fieldProblem = parse(row, out var record);
                    parsed.Add(new ParsedLine(number, null, fieldProblem, fieldProblem is null ? record : null));
                });
                return parsed;
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    private static long Apply(string path, Task<List<ParsedLine>> parsing, DatasetBuilder builder, ErrorSink errors, RecordApplier apply, ref long bytes)
    {
        string file = Path.GetFileName(path);
        var parsed = parsing.GetAwaiter().GetResult();
        bytes += new FileInfo(path).Length;
        long kept = 0;
        foreach (var p in parsed)
        {
            if (p.JsonProblem is not null)
            {
                errors.Line(file, p.Line, null, p.JsonProblem);
            }
            else if (p.Problem is { } problem)
            {
                errors.Line(file, p.Line, problem.Field, problem.Problem);
            }
            else
            {
                apply(p.Record!, file, p.Line, builder, errors, ref kept);
            }
        }

        return kept;
    }

    private static FieldProblem? ParseOrder(InputRow row, out object? record)
    {
        var problem = RecordParsers.Order(row, out var order);
        record = order;
        return problem;
    }

    private static FieldProblem? ParseRefund(InputRow row, out object? record)
    {
        var problem = RecordParsers.Refund(row, out var refund);
        record = refund;
        return problem;
    }

    private static FieldProblem? ParseReview(InputRow row, out object? record)
    {
        var problem = RecordParsers.Review(row, out var review);
        record = review;
        return problem;
    }

    private static FieldProblem? ParseRating(InputRow row, out object? record)
    {
        var problem = RecordParsers.Rating(row, out var rating);
        record = rating;
        return problem;
    }

    private static FieldProblem? ParseComplaint(InputRow row, out object? record)
    {
        var problem = RecordParsers.Complaint(row, out var complaint);
        record = complaint;
        return problem;
    }

    private static void ApplyOrder(object record, string file, long line, DatasetBuilder builder, ErrorSink errors, ref long kept)
    {
        var order = (Order)record;
        if (!builder.TryAddOrder(order))
        {
            errors.Line(file, line, "id", $"duplicate order id \"{order.Id}\"");
        }
        else
        {
            kept++;
        }
    }

    private static void ApplyRefund(object record, string file, long line, DatasetBuilder builder, ErrorSink errors, ref long kept)
    {
        if (Refused(builder.TryAddRefund((Refund)record)) is { } p)
        {
            errors.Line(file, line, p.Field, p.Problem);
        }
        else
        {
            kept++;
        }
    }

    private static void ApplyReview(object record, string file, long line, DatasetBuilder builder, ErrorSink errors, ref long kept)
    {
        var review = (Review)record;
        if (!builder.TryAddReview(review))
        {
            errors.Line(file, line, "order", $"unknown order \"{review.Order}\"");
        }
        else
        {
            kept++;
        }
    }

    private static void ApplyRating(object record, string file, long line, DatasetBuilder builder, ErrorSink errors, ref long kept)
    {
        builder.AddRating((Rating)record);
        kept++;
    }

    private static void ApplyComplaint(object record, string file, long line, DatasetBuilder builder, ErrorSink errors, ref long kept)
    {
        builder.AddComplaint((Complaint)record);
        kept++;
    }

    private static long ReadFile(string? path, DatasetBuilder builder, ErrorSink errors, RowHandler handler, ref long bytes)
    {
        if (path is null)
        {
            return 0;
        }

        string file = Path.GetFileName(path);
        long kept = 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        bytes += stream.Length;
        RowFile.ForEach(
            stream,
            RowFile.IsCsv(path),
            (number, problem) => errors.Line(file, number, null, problem),
            (row, number) => handler(row, file, number, builder, errors, ref kept),
            (number, problem) => errors.FatalProblem(file, number, null, problem));
        return kept;
    }

    private static void MessageRow(InputRow row, string file, long line, DatasetBuilder builder, ErrorSink errors, ref long kept)
    {
        var problem = RecordParsers.Message(row, out var message);
        if (problem is { } p)
        {
            errors.Line(file, line, p.Field, p.Problem);
        }
        else if (!builder.TryAddMessage(message!))
        {
            errors.Line(file, line, "id", $"duplicate message id \"{message!.Id}\"");
        }
        else
        {
            kept++;
        }
    }

    private static void OrderRow(InputRow row, string file, long line, DatasetBuilder builder, ErrorSink errors, ref long kept)
    {
        var problem = RecordParsers.Order(row, out var order);
        if (problem is { } p)
        {
            errors.Line(file, line, p.Field, p.Problem);
        }
        else if (!builder.TryAddOrder(order!))
        {
            errors.Line(file, line, "id", $"duplicate order id \"{order!.Id}\"");
        }
        else
        {
            kept++;
        }
    }

    private static void RefundRow(InputRow row, string file, long line, DatasetBuilder builder, ErrorSink errors, ref long kept)
    {
        var problem = RecordParsers.Refund(row, out var refund) ?? Refused(builder.TryAddRefund(refund!));
        if (problem is { } p)
        {
            errors.Line(file, line, p.Field, p.Problem);
        }
        else
        {
            kept++;
        }
    }

    private static void ReviewRow(InputRow row, string file, long line, DatasetBuilder builder, ErrorSink errors, ref long kept)
    {
        var problem = RecordParsers.Review(row, out var review);
        if (problem is { } p)
        {
            errors.Line(file, line, p.Field, p.Problem);
        }
        else if (!builder.TryAddReview(review!))
        {
            errors.Line(file, line, "order", $"unknown order \"{review!.Order}\"");
        }
        else
        {
            kept++;
        }
    }

    private static void RatingRow(InputRow row, string file, long line, DatasetBuilder builder, ErrorSink errors, ref long kept)
    {
        var problem = RecordParsers.Rating(row, out var rating);
        if (problem is { } p)
        {
            errors.Line(file, line, p.Field, p.Problem);
        }
        else
        {
            builder.AddRating(rating!);
            kept++;
        }
    }

    private static void ComplaintRow(InputRow row, string file, long line, DatasetBuilder builder, ErrorSink errors, ref long kept)
    {
        var problem = RecordParsers.Complaint(row, out var complaint);
        if (problem is { } p)
        {
            errors.Line(file, line, p.Field, p.Problem);
        }
        else
        {
            builder.AddComplaint(complaint!);
            kept++;
        }
    }

    private static FieldProblem? Refused((string Field, string Problem)? refusal) =>
        refusal is { } r ? new FieldProblem(r.Field, r.Problem) : null;
}
