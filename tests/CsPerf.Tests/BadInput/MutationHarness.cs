using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsPerf.Cli;
using CsPerf.Synthetic;
using CsPerf.Tests.Cli;
using NodaTime;

namespace CsPerf.Tests.BadInput;

/// <summary>What a mutation must do to csperf.</summary>
public abstract record Expectation;

/// <summary>
/// These physical lines are bad (the mutated ones and what they take with them, e.g. refunds of a broken order):
/// strict exits 2 naming exactly them; lenient exits 0, rejects exactly them, and reports what the image without
/// them reports.
/// </summary>
public sealed record BadLines(IReadOnlyList<FileLine> Lines) : Expectation
{
    /// <summary>The dataset the lenient report must equal (default: the mutated one without the bad lines).</summary>
    public DatasetImage? Reference { get; init; }
}

/// <summary>Benign: no problem in either mode, and the report equals <paramref name="Reference"/>'s.</summary>
public sealed record SameAs(DatasetImage Reference) : Expectation;

/// <summary>
/// The contract allows either: the candidate lines rejected (a non-empty subset of them, then as <see cref="BadLines"/>),
/// or accepted with the report of <paramref name="Reference"/> (null: any clean report).
/// </summary>
public sealed record BadOrSame(IReadOnlyList<FileLine> Candidates, DatasetImage? Reference) : Expectation
{
    /// <summary>A character of the mutated ids and its stand-in in the reference: mapped in the report before comparing.</summary>
    public (char From, char To)? Map { get; init; }

    /// <summary>The mutation's extra arguments (e.g. an --as-of outside a supported range) may be refused: exit 2 in both modes, no file named.</summary>
    public bool ArgumentsMayBeRefused { get; init; }
}

/// <summary>A folder-level problem: exit 2 in both modes, stderr names the file. With a reference, a clean load
/// reporting as the reference does is allowed too.</summary>
public sealed record FolderLevel(string File, DatasetImage? OrSameAs = null) : Expectation;

/// <summary>Random damage: only the invariants that always hold.</summary>
public sealed record Invariants : Expectation;

/// <summary>One mutated dataset and what csperf must do with it.</summary>
public sealed record Mutation(string Description, DatasetImage Image, Expectation Expect, string[]? ExtraArgs = null);

/// <summary>The outcome of one in-process csperf run.</summary>
public sealed record RunResult(int Code, string Out, string Err, TimeSpan Elapsed, long Allocated);

/// <summary>
/// The base datasets (generated once per test class) and the in-process runner, with a cache of the reports of
/// expected datasets (keyed by content hash).
/// </summary>
public sealed class BadInputFixture : IDisposable
{
    public const string AsOf = "2026-12-01T00:00:00Z";

    public static readonly TimeSpan MaxRunTime = TimeSpan.FromSeconds(10);

    /// <summary>A run that takes longer is abandoned (and fails): the suite must not hang on a slow input.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    // Per day and every rule, so a changed record shows; an explicit window (the data spans 2026-11-01..06), so an
    // accepted far-away instant does not make the report one period per day since year 0.
    private static readonly string[] ReportArgs = ["--format", "json", "--as-of", AsOf, "--by", "day", "--rule", "all", "--from", "2026-10-31", "--to", "2026-11-08"];

    private readonly ConcurrentDictionary<string, JsonNode> _expected = new();

    public BadInputFixture()
    {
        using var folder = new TempFolder();
        SyntheticData.WriteTo(folder.Path, new GeneratorOptions { Shops = 2, Agents = 4, Customers = 60, Days = 3, Seed = 7 });
        var files = Directory.GetFiles(folder.Path).ToDictionary(f => Path.GetFileName(f), f => (byte[]?)File.ReadAllBytes(f));
        Jsonl = Supplement(new DatasetImage(files));
        Csv = Jsonl.Without("messages.jsonl").With("messages.csv", ToCsv(Jsonl.Lines("messages.jsonl")));
        OrderRefs = BuildOrderRefs(Jsonl);
    }

    /// <summary>The generated dataset, JSON Lines (with a few refunds, reviews and complaints added).</summary>
    public DatasetImage Jsonl { get; }

    /// <summary>The same with <c>messages.csv</c> instead of <c>messages.jsonl</c>.</summary>
    public DatasetImage Csv { get; }

    /// <summary>Order id → the refund and review lines that name it.</summary>
    public IReadOnlyDictionary<string, List<FileLine>> OrderRefs { get; }

    public int Runs => _runs;

    public long MaxAllocated => Interlocked.Read(ref _maxAllocated);

    public TimeSpan MaxElapsed => TimeSpan.FromTicks(Interlocked.Read(ref _maxElapsedTicks));

    private int _runs;
    private long _maxAllocated;
    private long _maxElapsedTicks;

    public static readonly string[] JsonlFiles = ["messages.jsonl", "orders.jsonl", "refunds.jsonl", "reviews.jsonl", "ratings.jsonl", "complaints.jsonl"];

    public RunResult Run(string dir, bool lenient, string[]? extra = null)
    {
        var args = new List<string> { "report", dir };
        args.AddRange(ReportArgs);
        if (lenient)
        {
            args.Add("--lenient");
        }

        if (extra is not null)
        {
            args.AddRange(extra);
        }

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        long before = GC.GetTotalAllocatedBytes(false);
        var watch = Stopwatch.StartNew();
        int code = -1;

        // On its own thread with the main thread's stack size, so a hang is reported instead of stalling the suite.
        var thread = new Thread(() => code = CliApp.Run(args.ToArray(), stdout, stderr, new FakeClock(Instant.FromUtc(2026, 12, 1, 0, 0))), 8 << 20)
        {
            IsBackground = true,
        };
        thread.Start();
        if (!thread.Join(HangLimit))
        {
            return new RunResult(-1, "", $"(test) csperf did not finish within {HangLimit.TotalSeconds} s; abandoned", watch.Elapsed, 0);
        }

        watch.Stop();
        long allocated = GC.GetTotalAllocatedBytes(false) - before;
        Interlocked.Increment(ref _runs);
        UpdateMax(ref _maxAllocated, allocated);
        UpdateMax(ref _maxElapsedTicks, watch.Elapsed.Ticks);
        return new RunResult(code, stdout.ToString(), stderr.ToString(), watch.Elapsed, allocated);
    }

    /// <summary>The report (without <c>rejected</c>/<c>rejectedLines</c>) of a dataset that must load cleanly.</summary>
    public JsonNode ExpectedReport(DatasetImage image)
    {
        if (_expected.TryGetValue(image.Key, out var cached))
        {
            return cached;
        }

        using var folder = image.Materialize();
        var run = Run(folder.Path, lenient: false);
        if (run.Code != 0)
        {
            throw new InvalidOperationException($"test bug: the expected dataset does not load cleanly (exit {run.Code}):\n{Head(run.Err)}");
        }

        var node = StripRejected(run.Out);
        _expected.TryAdd(image.Key, node);
        return node;
    }

    public static JsonNode StripRejected(string reportJson)
    {
        var node = JsonNode.Parse(reportJson)!;
        node.AsObject().Remove("rejected");
        node.AsObject().Remove("rejectedLines");
        return node;
    }

    public static string Head(string text, int lines = 12)
    {
        var all = text.Split('\n');
        return string.Join('\n', all.Take(lines)) + (all.Length > lines ? $"\n… ({all.Length - lines} more lines)" : "");
    }

    public void Dispose()
    {
    }

    private static void UpdateMax(ref long target, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    /// <summary>Adds refunds, reviews and complaints (the small generated shop has few or none) so every file is exercised.</summary>
    private static DatasetImage Supplement(DatasetImage image)
    {
        var orders = image.Lines("orders.jsonl");
        var paid = orders.Where(o => JsonLine.GetString(o, "paidAt") is not null).ToList();
        var refunds = image.Has("refunds.jsonl") ? image.Lines("refunds.jsonl") : [];
        string[] statuses = ["success", "closed", "pending", "success"];
        for (int i = 0; i < Math.Min(4, paid.Count); i++)
        {
            var o = paid[i];
            var paidAt = DateTimeOffset.Parse(JsonLine.GetString(o, "paidAt")!, CultureInfo.InvariantCulture);
            decimal amount = decimal.Parse(JsonLine.Raw(o, "amount")!, CultureInfo.InvariantCulture);
            string completed = statuses[i] == "pending" ? "" : $",\"completedAt\":\"{Rfc3339(paidAt.AddDays(2))}\"";
            refunds.Add(Encoding.UTF8.GetBytes(
                $"{{\"id\":\"rx{i + 1}\",\"order\":\"{JsonLine.GetString(o, "id")}\",\"createdAt\":\"{Rfc3339(paidAt.AddDays(1))}\"{completed},\"amount\":{Math.Round(amount / 2, 2).ToString("0.00", CultureInfo.InvariantCulture)},\"items\":{i % 2},\"status\":\"{statuses[i]}\",\"operations\":{i + 1}}}"));
        }

        var reviews = image.Has("reviews.jsonl") ? image.Lines("reviews.jsonl") : [];
        string[] ratings = ["good", "negative", "neutral", "negative", "good"];
        for (int i = 0; i < Math.Min(5, paid.Count); i++)
        {
            var o = paid[paid.Count - 1 - i];
            var paidAt = DateTimeOffset.Parse(JsonLine.GetString(o, "paidAt")!, CultureInfo.InvariantCulture);
            reviews.Add(Encoding.UTF8.GetBytes($"{{\"order\":\"{JsonLine.GetString(o, "id")}\",\"at\":\"{Rfc3339(paidAt.AddDays(3))}\",\"rating\":\"{ratings[i]}\"}}"));
        }

        var complaints = image.Has("complaints.jsonl") ? image.Lines("complaints.jsonl") : [];
        string[] reasons = ["态度", "回复慢", "答非所问"];
        foreach (var (r, i) in image.Lines("ratings.jsonl").Take(3).Select((r, i) => (r, i)))
        {
            string reason = i == 2 ? "" : $",\"reason\":\"{reasons[i]}\"";
            complaints.Add(Encoding.UTF8.GetBytes(
                $"{{\"shop\":\"{JsonLine.GetString(r, "shop")}\",\"customer\":\"{JsonLine.GetString(r, "customer")}\",\"account\":\"{JsonLine.GetString(r, "account")}\",\"at\":\"{JsonLine.GetString(r, "at")}\"{reason}}}"));
        }

        return image.WithLines("refunds.jsonl", refunds).WithLines("reviews.jsonl", reviews).WithLines("complaints.jsonl", complaints);
    }

    public static string Rfc3339(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static readonly string[] CsvColumns = ["id", "shop", "customer", "account", "dir", "at", "text"];

    private static byte[] ToCsv(List<byte[]> lines)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', CsvColumns)).Append('\n');
        foreach (var line in lines)
        {
            sb.Append(string.Join(',', CsvColumns.Select(c => CsvCell(JsonLine.GetString(line, c), c == "text")))).Append('\n');
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static string CsvCell(string? value, bool quote)
    {
        if (value is null)
        {
            return "";
        }

        return quote || value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static Dictionary<string, List<FileLine>> BuildOrderRefs(DatasetImage image)
    {
        var refs = new Dictionary<string, List<FileLine>>(StringComparer.Ordinal);
        foreach (string file in new[] { "refunds.jsonl", "reviews.jsonl" })
        {
            foreach (var (line, i) in image.Lines(file).Select((l, i) => (l, i)))
            {
                string order = JsonLine.GetString(line, "order")!;
                if (!refs.TryGetValue(order, out var list))
                {
                    refs[order] = list = [];
                }

                list.Add(new FileLine(file, i + 1));
            }
        }

        return refs;
    }
}

/// <summary>
/// The reader's rules that span lines (contract "Bad input"): a repeated id makes the later line bad; a refund or
/// review of an order that is not loaded is bad. Given the lines bad on their own, gives every bad line.
/// </summary>
public static class CrossLineModel
{
    public static IReadOnlyList<FileLine> AllBad(DatasetImage image, IEnumerable<FileLine> selfBad)
    {
        var bad = new SortedSet<FileLine>(selfBad, Comparer<FileLine>.Create((a, b) =>
            string.CompareOrdinal(a.File, b.File) is int c and not 0 ? c : a.Line.CompareTo(b.Line)));
        if (image.Has("messages.jsonl"))
        {
            Unique(image, "messages.jsonl", bad, l => Json(l, "id"));
        }
        else if (image.Has("messages.csv"))
        {
            CsvUnique(image, "messages.csv", bad);
        }

        var orders = Unique(image, "orders.jsonl", bad, l => Json(l, "id"));
        var refundIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (file, line, bytes) in Good(image, "refunds.jsonl", bad))
        {
            if (!orders.Contains(Json(bytes, "order")!) || !refundIds.Add(Json(bytes, "id")!))
            {
                bad.Add(new FileLine(file, line));
            }
        }

        foreach (var (file, line, bytes) in Good(image, "reviews.jsonl", bad))
        {
            if (!orders.Contains(Json(bytes, "order")!))
            {
                bad.Add(new FileLine(file, line));
            }
        }

        return bad.ToList();
    }

    private static HashSet<string> Unique(DatasetImage image, string file, SortedSet<FileLine> bad, Func<byte[], string?> id)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (f, line, bytes) in Good(image, file, bad))
        {
            if (!seen.Add(id(bytes)!))
            {
                bad.Add(new FileLine(f, line));
            }
        }

        return seen;
    }

    private static void CsvUnique(DatasetImage image, string file, SortedSet<FileLine> bad)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int idColumn = -1;
        foreach (var (f, line, bytes) in Good(image, file, bad))
        {
            var cells = SplitCsv(Encoding.UTF8.GetString(bytes).TrimEnd('\r'));
            if (idColumn < 0)
            {
                idColumn = cells.FindIndex(c => c.Trim() == "id");
                continue;
            }

            if (!seen.Add(cells[idColumn]))
            {
                bad.Add(new FileLine(f, line));
            }
        }
    }

    /// <summary>Splits one CSV line (no newlines inside quotes: the generated CSV has none).</summary>
    public static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }

    private static IEnumerable<(string File, int Line, byte[] Bytes)> Good(DatasetImage image, string file, SortedSet<FileLine> bad)
    {
        if (!image.Has(file))
        {
            yield break;
        }

        var lines = image.Lines(file);
        for (int i = 0; i < lines.Count; i++)
        {
            var bytes = lines[i];
            if (i == 0 && bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                bytes = bytes[3..];
            }

            if (bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r') || bad.Contains(new FileLine(file, i + 1)))
            {
                continue;
            }

            yield return (file, i + 1, bytes);
        }
    }

    private static string? Json(byte[] line, string field)
    {
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.GetProperty(field).GetString();
    }
}

/// <summary>Runs a mutation and checks it against its <see cref="Expectation"/>; returns the failures (empty when it passes).</summary>
public static partial class MutationChecker
{
    [GeneratedRegex(@"^(?<file>[^:\r\n]+):(?<line>\d+): ", RegexOptions.Multiline)]
    private static partial Regex ProblemLine();

    [GeneratedRegex(@"csperf: (?<n>\d+) problem\(s\)")]
    private static partial Regex ProblemCount();

    public static IReadOnlyList<FileLine> Named(string stderr) =>
        ProblemLine().Matches(stderr).Select(m => new FileLine(m.Groups["file"].Value, int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture)))
            .Distinct().OrderBy(l => l.File, StringComparer.Ordinal).ThenBy(l => l.Line).ToList();

    public static List<string> Check(BadInputFixture fx, Mutation m)
    {
        var failures = new List<string>();
        using var folder = m.Image.Materialize();
        var strict = fx.Run(folder.Path, lenient: false, m.ExtraArgs);
        var lenient = fx.Run(folder.Path, lenient: true, m.ExtraArgs);
        Always(strict, "strict", m.Image, failures);
        Always(lenient, "lenient", m.Image, failures);
        if (failures.Count > 0)
        {
            return failures;
        }

        switch (m.Expect)
        {
            case BadLines b:
                CheckBad(fx, m.Image, b.Lines, strict, lenient, failures, b.Reference);
                break;
            case SameAs s:
                CheckSame(fx, s.Reference, strict, lenient, failures);
                break;
            case BadOrSame e:
                if (strict.Code == 0)
                {
                    if (e.Reference is null)
                    {
                        CheckClean(lenient, failures);
                    }
                    else
                    {
                        CheckSame(fx, e.Reference, strict, lenient, failures, e.Map);
                    }
                }
                else
                {
                    var named = Named(strict.Err);
                    if (e.ArgumentsMayBeRefused && named.Count == 0 && lenient.Code == 2 && strict.Err.StartsWith("csperf: --", StringComparison.Ordinal))
                    {
                        break;
                    }

                    if (named.Count == 0 || named.Except(e.Candidates).Any())
                    {
                        failures.Add($"strict: expected no problem or problems among [{string.Join(", ", e.Candidates)}], got [{string.Join(", ", named)}]:\n{BadInputFixture.Head(strict.Err)}");
                    }
                    else
                    {
                        CheckBad(fx, m.Image, named, strict, lenient, failures);
                    }
                }

                break;
            case FolderLevel f:
                if (f.OrSameAs is not null && strict.Code == 0)
                {
                    CheckSame(fx, f.OrSameAs, strict, lenient, failures);
                    break;
                }

                foreach (var (run, mode) in new[] { (strict, "strict"), (lenient, "lenient") })
                {
                    if (run.Code != 2)
                    {
                        failures.Add($"{mode}: a folder-level problem in {f.File} must stop the load (exit 2), got exit {run.Code}; stderr:\n{BadInputFixture.Head(run.Err)}");
                    }
                    else if (!run.Err.Split('\n').Any(l => l.StartsWith(f.File + ":", StringComparison.Ordinal)))
                    {
                        failures.Add($"{mode}: stderr does not name {f.File}:\n{BadInputFixture.Head(run.Err)}");
                    }
                }

                break;
            case Invariants:
                CheckInvariants(fx, m.Image, strict, lenient, failures);
                break;
        }

        return failures;
    }

    /// <summary>Exit 0 or 2 (never 1), no stack trace, bounded time and memory.</summary>
    private static void Always(RunResult run, string mode, DatasetImage image, List<string> failures)
    {
        if (run.Code is not (0 or 2))
        {
            failures.Add($"{mode}: exit {run.Code} (only 0 or 2 allowed); stderr:\n{BadInputFixture.Head(run.Err)}");
        }

        if (run.Err.Contains("   at ", StringComparison.Ordinal) || run.Err.Contains("unexpected failure", StringComparison.Ordinal))
        {
            failures.Add($"{mode}: stack trace or unexpected failure on stderr:\n{BadInputFixture.Head(run.Err)}");
        }

        if (run.Elapsed > BadInputFixture.MaxRunTime)
        {
            failures.Add($"{mode}: took {run.Elapsed.TotalSeconds:0.0} s (limit {BadInputFixture.MaxRunTime.TotalSeconds} s)");
        }

        // Coarse: the counter is process-wide and other test classes run in parallel, so this catches runaway
        // allocation (quadratic copies, a buffer per nesting level), not small leaks.
        long limit = (1L << 30) + 128 * image.TotalBytes;
        if (run.Allocated > limit)
        {
            failures.Add($"{mode}: allocated {run.Allocated >> 20} MB (limit {limit >> 20} MB)");
        }
    }

    private static void CheckBad(BadInputFixture fx, DatasetImage image, IReadOnlyList<FileLine> lines, RunResult strict, RunResult lenient, List<string> failures, DatasetImage? reference = null)
    {
        var expected = lines.Distinct().OrderBy(l => l.File, StringComparer.Ordinal).ThenBy(l => l.Line).ToList();
        if (strict.Code != 2)
        {
            failures.Add($"strict: expected exit 2 naming [{string.Join(", ", expected)}], got exit {strict.Code}; stderr:\n{BadInputFixture.Head(strict.Err)}");
        }
        else if (!Named(strict.Err).SequenceEqual(expected))
        {
            failures.Add($"strict: expected problems at [{string.Join(", ", expected)}], stderr names [{string.Join(", ", Named(strict.Err))}]:\n{BadInputFixture.Head(strict.Err)}");
        }

        if (lenient.Code != 0)
        {
            failures.Add($"lenient: expected exit 0, got {lenient.Code}; stderr:\n{BadInputFixture.Head(lenient.Err)}");
            return;
        }

        var report = JsonNode.Parse(lenient.Out)!;
        long rejected = report["rejected"]!.GetValue<long>();
        if (rejected != expected.Count)
        {
            failures.Add($"lenient: rejected {rejected}, expected {expected.Count} ([{string.Join(", ", expected)}]); stderr:\n{BadInputFixture.Head(lenient.Err)}");
        }

        var listed = report["rejectedLines"]!.AsArray()
            .Select(r => new FileLine(r!["file"]!.GetValue<string>(), r["line"]!.GetValue<int>()))
            .OrderBy(l => l.File, StringComparer.Ordinal).ThenBy(l => l.Line).ToList();
        if (expected.Count <= 100 && !listed.SequenceEqual(expected))
        {
            failures.Add($"lenient: rejectedLines [{string.Join(", ", listed)}], expected [{string.Join(", ", expected)}]");
        }

        CompareReports(fx.ExpectedReport(reference ?? image.WithoutLines(expected)), BadInputFixture.StripRejected(lenient.Out), "lenient report vs the dataset without the bad lines", failures);
    }

    private static void CheckSame(BadInputFixture fx, DatasetImage reference, RunResult strict, RunResult lenient, List<string> failures, (char From, char To)? map = null)
    {
        if (strict.Code != 0)
        {
            failures.Add($"strict: expected exit 0 (benign change), got {strict.Code}; stderr:\n{BadInputFixture.Head(strict.Err)}");
            return;
        }

        CheckClean(lenient, failures);
        var actual = BadInputFixture.StripRejected(strict.Out);
        if (map is { } m)
        {
            actual = MapStrings(actual, m.From, m.To)!;
        }

        CompareReports(fx.ExpectedReport(reference), actual, "report vs the reference dataset", failures);
    }

    private static void CheckClean(RunResult lenient, List<string> failures)
    {
        if (lenient.Code != 0)
        {
            failures.Add($"lenient: strict exited 0 but lenient exited {lenient.Code}");
            return;
        }

        long rejected = JsonNode.Parse(lenient.Out)!["rejected"]!.GetValue<long>();
        if (rejected != 0)
        {
            failures.Add($"lenient: strict exited 0 but lenient rejected {rejected}");
        }
    }

    private static void CheckInvariants(BadInputFixture fx, DatasetImage image, RunResult strict, RunResult lenient, List<string> failures)
    {
        if (strict.Code == 0)
        {
            CheckClean(lenient, failures);
            return;
        }

        if (lenient.Code == 2)
        {
            // Only a folder-level problem stops a lenient load; strict must have stopped too (checked above: exit 2).
            return;
        }

        var m = ProblemCount().Match(strict.Err);
        var report = JsonNode.Parse(lenient.Out)!;
        long rejected = report["rejected"]!.GetValue<long>();
        if (!m.Success || long.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) != rejected)
        {
            failures.Add($"lenient rejected {rejected}, strict reported: {BadInputFixture.Head(strict.Err)}");
            return;
        }

        // Nothing else lost: the lenient report is the report of the dataset without the lines strict named
        // (JSON Lines only: a CSV record may span several physical lines).
        var named = Named(strict.Err);
        if (named.All(l => l.Line > 0 && l.File.EndsWith(".jsonl", StringComparison.Ordinal)) && named.Count == rejected)
        {
            var without = image.WithoutLines(named);
            using var folder = without.Materialize();
            var clean = fx.Run(folder.Path, lenient: false);
            if (clean.Code != 0)
            {
                failures.Add($"the dataset without the named bad lines still has problems (a line was judged by another that was dropped?):\n{BadInputFixture.Head(clean.Err)}");
                return;
            }

            CompareReports(BadInputFixture.StripRejected(clean.Out), BadInputFixture.StripRejected(lenient.Out), "lenient report vs the dataset without the named lines", failures);
        }
    }

    private static void CompareReports(JsonNode expected, JsonNode actual, string what, List<string> failures)
    {
        if (!JsonNode.DeepEquals(expected, actual))
        {
            failures.Add($"{what}: differ at {FirstDifference(expected, actual, "$")}");
        }
    }

    /// <summary>A copy of the JSON with a character replaced in every string and property name.</summary>
    public static JsonNode? MapStrings(JsonNode? node, char from, char to) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key.Replace(from, to), MapStrings(p.Value, from, to)))),
        JsonArray a => new JsonArray(a.Select(n => MapStrings(n, from, to)).ToArray()),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonValue.Create(v.GetValue<string>().Replace(from, to)),
        _ => node?.DeepClone(),
    };

    public static string FirstDifference(JsonNode? a, JsonNode? b, string path)
    {
        switch (a, b)
        {
            case (JsonObject oa, JsonObject ob):
                foreach (var key in oa.Select(p => p.Key).Union(ob.Select(p => p.Key)))
                {
                    if (!JsonNode.DeepEquals(oa[key], ob[key]))
                    {
                        return FirstDifference(oa[key], ob[key], path + "." + key);
                    }
                }

                break;
            case (JsonArray aa, JsonArray ab):
                if (aa.Count != ab.Count)
                {
                    return $"{path}: {aa.Count} items expected, {ab.Count} found";
                }

                for (int i = 0; i < aa.Count; i++)
                {
                    if (!JsonNode.DeepEquals(aa[i], ab[i]))
                    {
                        return FirstDifference(aa[i], ab[i], $"{path}[{i}]");
                    }
                }

                break;
        }

        return $"{path}: expected {Show(a)}, found {Show(b)}";
    }

    private static string Show(JsonNode? n)
    {
        string s = n?.ToJsonString() ?? "null";
        return s.Length > 200 ? s[..200] + "…" : s;
    }
}
