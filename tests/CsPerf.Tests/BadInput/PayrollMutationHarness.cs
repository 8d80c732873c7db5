using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsPerf.Cli;
using CsPerf.Synthetic;
using CsPerf.Tests.Cli;
using NodaTime;

namespace CsPerf.Tests.BadInput;

/// <summary>What a payroll mutation must do to <c>csperf payroll</c>.</summary>
public abstract record PayrollExpectation;

/// <summary>
/// These lines of scores/attendance are bad: strict exits 2 naming exactly them; lenient exits 0, skips exactly them
/// (<c>skipped: file:line: …</c>), and pays what the files without them pay (lenient, domain.md §7 missing lines).
/// </summary>
public sealed record PayrollBadLines(IReadOnlyList<FileLine> Lines) : PayrollExpectation;

/// <summary>
/// A whole-file problem (plan, history, saved report, a file that is a folder): exit 2 in both modes, and stderr has a
/// line <c>File: Path…</c> (<paramref name="Path"/> null: any line naming the file).
/// </summary>
public sealed record PayrollStops(string File, string? Path) : PayrollExpectation;

/// <summary>Benign: exit 0 in both modes, nothing skipped, the payslips of <paramref name="Reference"/>.</summary>
public sealed record PayrollSameAs(DatasetImage Reference) : PayrollExpectation;

/// <summary>Values inside every documented limit: paid in both modes (exit 0), whatever the numbers.</summary>
public sealed record PayrollPaid : PayrollExpectation;

/// <summary>Only what always holds: exit 0 or 2, no stack trace, bounded time.</summary>
public sealed record PayrollInvariants : PayrollExpectation;

/// <summary>One mutated payroll folder and what csperf must do with it.</summary>
public sealed record PayrollMutation(string Description, DatasetImage Image, PayrollExpectation Expect);

/// <summary>
/// The example month of docs/examples/payroll (roster, saved report, two plans, scores, attendance, history) as an
/// image, its CSV twin, and the in-process runner of <c>csperf payroll DIR --report … --plan … --plan …</c>.
/// </summary>
public sealed class PayrollBadInputFixture
{
    public const string Report = "report-2026-11.json";
    public const string Standard = "plan-standard.json";
    public const string Aftersale = "plan-aftersale.json";

    private static readonly string[] Files = ["roster.json", "scores.jsonl", "attendance.jsonl", "history.json", Report, Standard, Aftersale];

    private readonly ConcurrentDictionary<string, JsonNode> _expected = new();
    private int _runs;
    private long _maxElapsedTicks;

    public PayrollBadInputFixture()
    {
        string dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "CsPerf.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        }

        string ex = Path.Combine(dir, "docs", "examples", "payroll");
        Jsonl = new DatasetImage(Files.Select(f => KeyValuePair.Create(f, (byte[]?)File.ReadAllBytes(Path.Combine(ex, f)))));
        using (var generated = new TempFolder())
        {
            SyntheticData.WriteTo(generated.Path, new GeneratorOptions { Shops = 1, Agents = 3, Customers = 40, Days = 3, Seed = 5 });
            Generated = new DatasetImage(Directory.GetFiles(generated.Path).Select(f => KeyValuePair.Create(Path.GetFileName(f), (byte[]?)File.ReadAllBytes(f))))
                .With(Standard, File.ReadAllBytes(Path.Combine(ex, Standard)));
        }

        Csv = Jsonl.Without("scores.jsonl").Without("attendance.jsonl")
            .With("scores.csv", ToCsv(Jsonl.Lines("scores.jsonl"), ScoreColumns))
            .With("attendance.csv", ToCsv(Jsonl.Lines("attendance.jsonl"), AttendanceColumns));
    }

    public static readonly string[] ScoreColumns = ["agent", "period", "kind", "self", "manager", "count"];

    public static readonly string[] AttendanceColumns = ["agent", "period", "scheduledDays", "workedDays"];

    /// <summary>The example month with JSON Lines scores and attendance.</summary>
    public DatasetImage Jsonl { get; }

    /// <summary>The same with <c>scores.csv</c> and <c>attendance.csv</c>.</summary>
    public DatasetImage Csv { get; }

    /// <summary>
    /// A generated dataset (<c>SyntheticData</c>: messages, orders, …, scores.jsonl, attendance.jsonl) with the standard
    /// plan, paid from the dataset itself (no saved report): <c>payroll DIR --plan … --period 2026-11 --provisional</c>.
    /// </summary>
    public DatasetImage Generated { get; }

    public int Runs => _runs;

    public TimeSpan MaxElapsed => TimeSpan.FromTicks(Interlocked.Read(ref _maxElapsedTicks));

    public RunResult Run(string dir, bool lenient)
    {
        // The example month pays from its saved report; a generated folder (no report) from its dataset.
        var args = File.Exists(Path.Combine(dir, "messages.jsonl"))
            ? new List<string> { "payroll", dir, "--plan", Path.Combine(dir, Standard), "--period", "2026-11", "--provisional", "--format", "json" }
            : new List<string>
            {
                "payroll", dir, "--report", Path.Combine(dir, Report), "--plan", Path.Combine(dir, Standard), "--plan", Path.Combine(dir, Aftersale),
                "--period", "2026-11", "--format", "json",
            };
        if (lenient)
        {
            args.Add("--lenient");
        }

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var watch = Stopwatch.StartNew();
        int code = -1;
        var thread = new Thread(() => code = CliApp.Run(args.ToArray(), stdout, stderr, new FakeClock(Instant.FromUtc(2026, 12, 20, 0, 0))), 8 << 20)
        {
            IsBackground = true,
        };
        thread.Start();
        if (!thread.Join(BadInputFixture.HangLimit))
        {
            return new RunResult(-1, "", $"(test) csperf did not finish within {BadInputFixture.HangLimit.TotalSeconds} s; abandoned", watch.Elapsed, 0);
        }

        watch.Stop();
        Interlocked.Increment(ref _runs);
        long seen;
        while (watch.Elapsed.Ticks > (seen = Interlocked.Read(ref _maxElapsedTicks)) && Interlocked.CompareExchange(ref _maxElapsedTicks, watch.Elapsed.Ticks, seen) != seen)
        {
        }

        return new RunResult(code, stdout.ToString(), stderr.ToString(), watch.Elapsed, 0);
    }

    /// <summary>The payslip JSON of a folder that must pay cleanly in the given mode (cached by content).</summary>
    public JsonNode Expected(DatasetImage image, bool lenient)
    {
        string key = image.Key + (lenient ? "/lenient" : "/strict");
        if (_expected.TryGetValue(key, out var cached))
        {
            return cached;
        }

        using var folder = image.Materialize();
        var run = Run(folder.Path, lenient);
        if (run.Code != 0)
        {
            throw new InvalidOperationException($"test bug: the reference folder does not pay cleanly (exit {run.Code}, {(lenient ? "lenient" : "strict")}):\n{BadInputFixture.Head(run.Err)}");
        }

        var node = JsonNode.Parse(run.Out)!;
        _expected.TryAdd(key, node);
        return node;
    }

    private static byte[] ToCsv(List<byte[]> lines, string[] columns)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', columns)).Append('\n');
        foreach (var line in lines)
        {
            sb.Append(string.Join(',', columns.Select(c => JsonLine.Raw(line, c) is { } raw ? raw.Trim('"') : ""))).Append('\n');
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}

/// <summary>Runs a payroll mutation in both modes and checks it; returns the failures (empty when it passes).</summary>
public static partial class PayrollMutationChecker
{
    [GeneratedRegex(@"^(?<skipped>skipped: )?(?<file>(scores|attendance)\.(jsonl|csv)):(?<line>\d+): ", RegexOptions.Multiline)]
    private static partial Regex LineProblem();

    public static IReadOnlyList<FileLine> Named(string stderr, bool skipped) =>
        LineProblem().Matches(stderr).Where(m => m.Groups["skipped"].Success == skipped)
            .Select(m => new FileLine(m.Groups["file"].Value, int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .Distinct().OrderBy(l => l.File, StringComparer.Ordinal).ThenBy(l => l.Line).ToList();

    public static List<string> Check(PayrollBadInputFixture fx, PayrollMutation m)
    {
        var failures = new List<string>();
        using var folder = m.Image.Materialize();
        var strict = fx.Run(folder.Path, lenient: false);
        var lenient = fx.Run(folder.Path, lenient: true);
        foreach (var (run, mode) in new[] { (strict, "strict"), (lenient, "lenient") })
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
        }

        if (failures.Count > 0)
        {
            return failures;
        }

        switch (m.Expect)
        {
            case PayrollBadLines b:
            {
                var expected = b.Lines.Distinct().OrderBy(l => l.File, StringComparer.Ordinal).ThenBy(l => l.Line).ToList();
                if (strict.Code != 2 || !Named(strict.Err, skipped: false).SequenceEqual(expected))
                {
                    failures.Add($"strict: expected exit 2 naming [{string.Join(", ", expected)}], got exit {strict.Code} naming [{string.Join(", ", Named(strict.Err, false))}]:\n{BadInputFixture.Head(strict.Err)}");
                }

                if (lenient.Code != 0)
                {
                    failures.Add($"lenient: expected exit 0, got {lenient.Code}; stderr:\n{BadInputFixture.Head(lenient.Err)}");
                    break;
                }

                var skipped = Named(lenient.Err, skipped: true);
                if (!skipped.SequenceEqual(expected))
                {
                    failures.Add($"lenient: skipped [{string.Join(", ", skipped)}], expected [{string.Join(", ", expected)}]");
                }

                Compare(fx.Expected(m.Image.WithoutLines(expected), lenient: true), JsonNode.Parse(lenient.Out)!, "lenient payslips vs the files without the bad lines", failures);
                break;
            }

            case PayrollStops s:
                foreach (var (run, mode) in new[] { (strict, "strict"), (lenient, "lenient") })
                {
                    if (run.Code != 2)
                    {
                        failures.Add($"{mode}: expected exit 2 naming {s.File}{(s.Path is null ? "" : ": " + s.Path)}, got exit {run.Code}; stderr:\n{BadInputFixture.Head(run.Err)}");
                    }
                    else if (!run.Err.Split('\n').Any(l => Names(l, s)))
                    {
                        failures.Add($"{mode}: stderr does not name {s.File}{(s.Path is null ? "" : ": " + s.Path)}:\n{BadInputFixture.Head(run.Err)}");
                    }
                }

                break;
            case PayrollPaid:
                if (strict.Code != 0 || lenient.Code != 0)
                {
                    failures.Add($"expected exit 0 in both modes (values within the limits), got strict {strict.Code}, lenient {lenient.Code}; stderr:\n{BadInputFixture.Head(strict.Err + lenient.Err)}");
                }

                break;
            case PayrollSameAs same:
                if (strict.Code != 0 || lenient.Code != 0)
                {
                    failures.Add($"expected exit 0 in both modes (benign change), got strict {strict.Code}, lenient {lenient.Code}; stderr:\n{BadInputFixture.Head(strict.Err + lenient.Err)}");
                    break;
                }

                if (lenient.Err.Contains("skipped: ", StringComparison.Ordinal))
                {
                    failures.Add($"lenient skipped lines of a benign change:\n{BadInputFixture.Head(lenient.Err)}");
                }

                Compare(fx.Expected(same.Reference, lenient: false), JsonNode.Parse(strict.Out)!, "payslips vs the reference", failures);
                Compare(fx.Expected(same.Reference, lenient: false), JsonNode.Parse(lenient.Out)!, "lenient payslips vs the reference", failures);
                break;
        }

        return failures;
    }

    private static bool Names(string line, PayrollStops s)
    {
        if (s.Path is null)
        {
            return line.StartsWith(s.File + ":", StringComparison.Ordinal);
        }

        string prefix = $"{s.File}: {s.Path}";
        return line.StartsWith(prefix, StringComparison.Ordinal) && line.Length > prefix.Length && line[prefix.Length] is ':' or '.' or '[';
    }

    private static void Compare(JsonNode expected, JsonNode actual, string what, List<string> failures)
    {
        if (!JsonNode.DeepEquals(expected, actual))
        {
            failures.Add($"{what}: differ at {MutationChecker.FirstDifference(expected, actual, "$")}");
        }
    }
}
