using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using CsPerf.IO.Ingest;
using CsPerf.Engine.Payroll;
using NodaTime;
using NodaTime.Text;

namespace CsPerf.IO.Payroll;

/// <summary>
/// Reads the payroll input files of a dataset folder (contract "Dataset folder"): <c>scores.jsonl</c>,
/// <c>attendance.jsonl</c> (or their <c>.csv</c> twins) and <c>history.json</c>. Bad lines are reported as
/// <c>file:line: field: problem</c>; nothing is dropped silently.
/// </summary>
/// <remarks>Stateless and thread safe.</remarks>
public static class PayrollFileReader
{
    /// <summary>The external scores file of a dataset folder.</summary>
    public const string ScoresFile = "scores.jsonl";

    /// <summary>The attendance file of a dataset folder.</summary>
    public const string AttendanceFile = "attendance.jsonl";

    /// <summary>The rank history file of a dataset folder.</summary>
    public const string HistoryFile = "history.json";

    /// <summary>
    /// The file a dataset folder holds for <paramref name="fileName"/> (<c>X.jsonl</c> or <c>X.csv</c>; for
    /// <c>history.json</c> that file), or null when it holds none.
    /// </summary>
    /// <param name="dir">The dataset folder.</param>
    /// <param name="fileName">One of <see cref="ScoresFile"/>, <see cref="AttendanceFile"/>, <see cref="HistoryFile"/>.</param>
    /// <exception cref="InvalidDataException">The folder holds both the <c>.jsonl</c> and the <c>.csv</c> file.</exception>
    public static string? InFolder(string dir, string fileName)
    {
        ArgumentNullException.ThrowIfNull(dir);
        ArgumentNullException.ThrowIfNull(fileName);
        string path = Path.Combine(dir, fileName);
        if (!fileName.EndsWith(".jsonl", StringComparison.Ordinal))
        {
            return Path.Exists(path) ? path : null;
        }

        string csv = Path.ChangeExtension(path, ".csv");
        bool hasJsonl = Path.Exists(path), hasCsv = Path.Exists(csv);
        if (hasJsonl && hasCsv)
        {
            throw new InvalidDataException($"{Path.GetFileName(csv)}:0: -: both {fileName} and {Path.GetFileName(csv)} are present; keep one");
        }

        return hasJsonl ? path : hasCsv ? csv : null;
    }

    /// <summary>Reads external scores: <c>{"agent","period","kind","self","manager"}</c> or with <c>count</c>.</summary>
    /// <param name="path">The file (<c>.csv</c> is read as CSV, anything else as JSON Lines).</param>
    /// <param name="lenient">Skip bad lines (still listed) instead of refusing the file.</param>
    public static PayrollFileResult<ExternalScore> ReadScores(string path, bool lenient) => Read(PayrollFiles.Scores, path, lenient);

    /// <summary>Reads attendance lines: <c>{"agent","period","scheduledDays","workedDays"}</c>.</summary>
    /// <param name="path">The file (<c>.csv</c> is read as CSV, anything else as JSON Lines).</param>
    /// <param name="lenient">Skip bad lines (still listed) instead of refusing the file.</param>
    public static PayrollFileResult<AttendanceRecord> ReadAttendance(string path, bool lenient) => Read(PayrollFiles.Attendance, path, lenient);

    /// <summary>A score line given twice (same agent, month and kind).</summary>
    internal static Problem? Duplicate(UniqueRecords<ExternalScore> scores, ExternalScore s, string file, long line) =>
        scores.Add($"{s.Agent}\u0000{s.Period}\u0000{s.Kind}", s, line) is { } first
            ? new Problem(file, line, "kind", $"duplicate score of agent \"{s.Agent}\" for {Month(s.Period)} kind \"{s.Kind}\" (first on line {first})")
            : null;

    /// <summary>An attendance line given twice (same agent and month).</summary>
    internal static Problem? Duplicate(UniqueRecords<AttendanceRecord> attendance, AttendanceRecord a, string file, long line) =>
        attendance.Add($"{a.Agent}\u0000{a.Period}", a, line) is { } first
            ? new Problem(file, line, "agent", $"duplicate attendance of agent \"{a.Agent}\" for {Month(a.Period)} (first on line {first})")
            : null;

    /// <summary>Reads a payroll line file through its descriptor (the row machinery of the dataset files).</summary>
    private static PayrollFileResult<T> Read<T>(InputFile<T, UniqueRecords<T>> descriptor, string path, bool lenient)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(path);
        string file = Path.GetFileName(path);
        if (NotAFile(path, file) is { } missing)
        {
            return new(null, [missing]);
        }

        var records = new UniqueRecords<T>();
        var errors = new ErrorSink(lenient, int.MaxValue);
        long bytes = 0;
        InputFileReader.ReadRows(descriptor, path, records, errors, ref bytes);
        return new(errors.Fatal || (errors.Count > 0 && !lenient) ? null : records.ToImmutable(), errors.Listed);
    }

    private static RejectedLine? NotAFile(string path, string file) => InputFiles.State(path) switch
    {
        InputFileState.File => null,
        InputFileState.Folder => new RejectedLine(file, 0, null, InputFiles.NotAFile),
        _ => new RejectedLine(file, 0, null, "not found"),
    };

    internal static FieldProblem? ParseScore(InputRow row, out ExternalScore? score)
    {
        score = null;
        if (!Fields.RequiredId(row, "agent", out var agent, out var p)
            || !Period(row, out var period, out p)
            || !Fields.RequiredId(row, "kind", out var kind, out p))
        {
            return p;
        }

        var count = row.Get("count");
        bool hasSelf = row.Get("self").Kind is not (FieldKind.Absent or FieldKind.Null);
        bool hasManager = row.Get("manager").Kind is not (FieldKind.Absent or FieldKind.Null);
        if (count.Kind is not (FieldKind.Absent or FieldKind.Null))
        {
            if (hasSelf || hasManager)
            {
                return new FieldProblem("count", "a line has either count or self/manager, not both");
            }

            if (count.Kind is not (FieldKind.Number or FieldKind.String)
                || !long.TryParse(count.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n))
            {
                return new FieldProblem("count", $"expected a whole number, was {Fields.Show(count)}");
            }

            if (AmountRules.CountProblem(n, count.Text!) is { } countProblem)
            {
                // At most 10^6 like a dataset count, so count × a penalty amount (≤ 10^12) cannot overflow.
                return new FieldProblem("count", countProblem);
            }

            score = new ExternalScore(agent, period, kind, null, null, n);
            return null;
        }

        if (!hasSelf && !hasManager)
        {
            return new FieldProblem("self", "missing: a score line has self and/or manager (0–100), or count");
        }

        if (!Score(row, "self", out var self, out p) || !Score(row, "manager", out var manager, out p))
        {
            return p;
        }

        score = new ExternalScore(agent, period, kind, self, manager, null);
        return null;
    }

    private static bool Score(InputRow row, string name, out decimal? value, out FieldProblem problem)
    {
        value = null;
        problem = default;
        var f = row.Get(name);
        if (f.Kind is FieldKind.Absent or FieldKind.Null)
        {
            return true;
        }

        if (f.Kind is not (FieldKind.Number or FieldKind.String)
            || !decimal.TryParse(f.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            problem = new(name, $"expected a number 0–100, was {Fields.Show(f)}");
            return false;
        }

        if (v < 0 || v > 100)
        {
            problem = new(name, $"must be between 0 and 100, was {f.Text}");
            return false;
        }

        value = v;
        return true;
    }

    internal static FieldProblem? ParseAttendance(InputRow row, out AttendanceRecord? attendance)
    {
        attendance = null;
        if (!Fields.RequiredId(row, "agent", out var agent, out var p)
            || !Period(row, out var period, out p)
            || !Fields.Integer(row, "scheduledDays", null, out int scheduled, out p)
            || !Fields.Integer(row, "workedDays", null, out int worked, out p))
        {
            return p;
        }

        if (scheduled == 0)
        {
            return new FieldProblem("scheduledDays", "must be greater than 0");
        }

        if (worked > scheduled)
        {
            return new FieldProblem("workedDays", $"{worked} is more than scheduledDays {scheduled}");
        }

        attendance = new AttendanceRecord(agent, period, scheduled, worked);
        return null;
    }

    private static bool Period(InputRow row, out YearMonth period, out FieldProblem problem)
    {
        period = default;
        if (!Fields.RequiredString(row, "period", out var text, out problem))
        {
            return false;
        }

        if (MonthProblem(text, out period) is { } p)
        {
            problem = new("period", $"\"{text}\" {p}");
            return false;
        }

        return true;
    }

    /// <summary>The supported months, those of the supported instants (<see cref="InstantRules"/>).</summary>
    public const string MonthRangeText = "1970-01 .. 2199-12";

    /// <summary>
    /// Parses a month written <c>yyyy-MM</c> (exactly 7 characters) within <see cref="MonthRangeText"/> (the months of
    /// the supported instants: a month outside can have no KPIs, and year 0000 or 9999 is a typing error).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="month">The month, when the text is one.</param>
    public static bool TryMonth(string? text, out YearMonth month) => MonthProblem(text, out month) is null;

    /// <summary>Why a text is not a supported month (<c>is not a month (yyyy-MM)</c>, or outside the range), or null.</summary>
    /// <param name="text">The text.</param>
    /// <param name="month">The month, when the text is one.</param>
    public static string? MonthProblem(string? text, out YearMonth month)
    {
        month = default;
        var parsed = text is { Length: 7 } ? YearMonthPattern.Iso.Parse(text) : null;
        if (parsed is not { Success: true })
        {
            return "is not a month (yyyy-MM)";
        }

        var value = parsed.Value;
        if (value.Year < 1970 || value.Year > 2199)
        {
            return "is outside the supported range " + MonthRangeText;
        }

        month = value;
        return null;
    }

    private static bool TryFormat(string? text) => text is { Length: 7 } && YearMonthPattern.Iso.Parse(text).Success;

    /// <summary>A month as <c>yyyy-MM</c>.</summary>
    /// <param name="month">The month.</param>
    public static string Month(YearMonth month) => YearMonthPattern.Iso.Format(month);

    /// <summary>
    /// Reads <c>history.json</c>: <c>{"periods":[{"period":"2026-10","ranks":[{"agent":"a1","rank":1}]}]}</c>. A month
    /// given twice, an agent twice in a month, or ranks that are not 1…n are errors; every problem is listed with its
    /// JSON path.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>The history, or null with the problems.</returns>
    public static (RankHistory? History, IReadOnlyList<JsonFileProblem> Errors) ReadHistory(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string file = Path.GetFileName(path);
        if (JsonFiles.NotAFile(path) is { } problem)
        {
            return (null, [problem]);
        }

        return ParseHistory(File.ReadAllBytes(path), file);
    }

    /// <summary>Parses rank history JSON (UTF-8); see <see cref="ReadHistory"/>.</summary>
    /// <param name="utf8">The JSON text.</param>
    /// <param name="file">The file name used in problems.</param>
    public static (RankHistory? History, IReadOnlyList<JsonFileProblem> Errors) ParseHistory(ReadOnlyMemory<byte> utf8, string file)
    {
        var errors = new List<JsonFileProblem>();
        void Error(string at, string problem) => errors.Add(new JsonFileProblem(file, at, problem));
        using var doc = JsonFiles.Parse(utf8, file, errors);
        if (doc is null)
        {
            return (null, errors);
        }

        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            Error("$", "expected an object with \"periods\"");
            return (null, errors);
        }

        var periods = ImmutableArray.CreateBuilder<RankHistoryPeriod>();
        var months = new Dictionary<YearMonth, int>();
        if (!root.TryGetProperty("periods", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            Error("$.periods", "missing");
        }
        else if (list.ValueKind != JsonValueKind.Array)
        {
            Error("$.periods", "expected an array");
        }
        else
        {
            int i = 0;
            foreach (var entry in list.EnumerateArray())
            {
                string at = $"$.periods[{i}]";
                if (HistoryPeriod(entry, at, Error) is { } period)
                {
                    if (months.TryGetValue(period.Period, out int first))
                    {
                        Error(at + ".period", $"{Month(period.Period)} is given twice (first at $.periods[{first}])");
                    }
                    else
                    {
                        months.Add(period.Period, i);
                        periods.Add(period);
                    }
                }

                i++;
            }
        }

        return errors.Count > 0 ? (null, errors) : (new RankHistory(periods.ToImmutable()), errors);
    }

    private static RankHistoryPeriod? HistoryPeriod(JsonElement entry, string at, Action<string, string> error)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            error(at, "expected an object with \"period\" and \"ranks\"");
            return null;
        }

        YearMonth month = default;
        bool ok = true;
        if (!entry.TryGetProperty("period", out var p) || p.ValueKind == JsonValueKind.Null)
        {
            error(at + ".period", "missing");
            ok = false;
        }
        else if (p.ValueKind != JsonValueKind.String || MonthProblem(p.GetString(), out month) is not null)
        {
            error(at + ".period", p.ValueKind == JsonValueKind.String && TryFormat(p.GetString())
                ? $"{p.GetRawText()} is outside the supported range {MonthRangeText}"
                : $"expected a month \"yyyy-MM\", was {p.GetRawText()}");
            ok = false;
        }

        if (!entry.TryGetProperty("ranks", out var ranks) || ranks.ValueKind != JsonValueKind.Array)
        {
            error(at + ".ranks", ranks.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? "missing" : "expected an array");
            return null;
        }

        var list = ImmutableArray.CreateBuilder<AgentRank>();
        var agents = new Dictionary<string, int>(StringComparer.Ordinal);
        int j = 0;
        foreach (var r in ranks.EnumerateArray())
        {
            string rat = $"{at}.ranks[{j}]";
            j++;
            if (r.ValueKind != JsonValueKind.Object)
            {
                error(rat, "expected an object with \"agent\" and \"rank\"");
                ok = false;
                continue;
            }

            string? agent = null;
            if (!r.TryGetProperty("agent", out var a) || a.ValueKind != JsonValueKind.String || a.GetString()!.Length == 0)
            {
                error(rat + ".agent", a.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? "missing" : "expected a non-empty string");
                ok = false;
            }
            else if (IdRules.Problem(a.GetString()!) is { } idProblem)
            {
                // Ids are checked like dataset ids: "a1\u0000" must not pass as another agent.
                error(rat + ".agent", $"\"{IdRules.Shown(a.GetString()!)}\" {idProblem}");
                ok = false;
            }
            else
            {
                agent = a.GetString()!;
            }

            int rank = 0;
            if (!r.TryGetProperty("rank", out var k) || k.ValueKind != JsonValueKind.Number || !k.TryGetInt32(out rank) || rank < 1)
            {
                error(rat + ".rank", k.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? "missing" : $"expected a whole number ≥ 1, was {k.GetRawText()}");
                ok = false;
            }

            if (agent is null || rank < 1)
            {
                continue;
            }

            if (agents.TryGetValue(agent, out int firstAgent))
            {
                error(rat + ".agent", $"agent \"{agent}\" is ranked twice in this month (first at {at}.ranks[{firstAgent}])");
                ok = false;
                continue;
            }

            agents.Add(agent, j - 1);
            list.Add(new AgentRank(agent, rank));
        }

        if (ok)
        {
            var sorted = list.Select(x => x.Rank).Order().ToArray();
            for (int n = 0; n < sorted.Length; n++)
            {
                if (sorted[n] != n + 1)
                {
                    error(at + ".ranks", $"the ranks are not 1…{sorted.Length}, each once ({(n > 0 && sorted[n] == sorted[n - 1] ? $"rank {sorted[n]} is given twice" : $"rank {n + 1} is missing")})");
                    ok = false;
                    break;
                }
            }
        }

        return ok ? new RankHistoryPeriod(month, list.ToImmutable()) : null;
    }
}
