using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CsPerf.Tests.BadInput;

/// <summary>A payroll mutation family: name, regression trait (null: holds on every branch), CI count, generator.</summary>
public sealed record PayrollFamily(string Name, string? Regression, int DefaultCount, Func<PayrollContext, PayrollMutation> Make);

/// <summary>One payroll mutation being made.</summary>
public sealed class PayrollContext(PayrollBadInputFixture fx, Random rng)
{
    public PayrollBadInputFixture Fx { get; } = fx;

    public Random Rng { get; } = rng;

    public DatasetImage Base => Fx.Jsonl;

    public T Pick<T>(IReadOnlyList<T> items) => items[Rng.Next(items.Count)];
}

/// <summary>
/// The mutation families of the payroll inputs (issue 6 × issue 7): scores/attendance lines (JSON Lines and CSV),
/// plan files, history.json and the saved report, on the example month of docs/examples/payroll.
/// </summary>
public static class PayrollMutationFamilies
{
    private const string Scores = "scores.jsonl";
    private const string Attendance = "attendance.jsonl";
    private const string History = "history.json";
    private const string Report = PayrollBadInputFixture.Report;
    private const string Standard = PayrollBadInputFixture.Standard;
    private const string Aftersale = PayrollBadInputFixture.Aftersale;
    private const string Raw = "__RAW_PLACEHOLDER__";

    private static byte[] U(string s) => Encoding.UTF8.GetBytes(s);

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xFE], [0xC0, 0x80], [0x80], [0xE4, 0xB8], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC3],
    ];

    private static readonly string[] LoneSurrogates = [@"\udc00", @"\ud800", @"\ud83d", @"\uDFFF"];

    /// <summary>A JSON Lines line of scores or attendance (scores more often).</summary>
    private static (string File, int Index, byte[] Line) PickLine(PayrollContext c, string? file = null, DatasetImage? image = null)
    {
        image ??= c.Base;
        file ??= c.Rng.Next(3) == 0 ? Attendance : Scores;
        var lines = image.Lines(file);
        int i = c.Rng.Next(lines.Count);
        return (file, i, lines[i]);
    }

    private static PayrollMutation BadLine(PayrollContext c, string what, string file, int index, byte[] line, DatasetImage? image = null)
    {
        image ??= c.Base;
        var lines = image.Lines(file);
        lines[index] = line;
        return new PayrollMutation($"{file}:{index + 1}: {what}", image.WithLines(file, lines), new PayrollBadLines([new FileLine(file, index + 1)]));
    }

    private static string[] StringFields(string file) => file.StartsWith("scores", StringComparison.Ordinal) ? ["agent", "period", "kind"] : ["agent", "period"];

    private static string[] Required(string file, byte[] line) => file.StartsWith("scores", StringComparison.Ordinal)
        ? JsonLine.Has(line, "count") ? ["agent", "period", "kind", "count"] : ["agent", "period", "kind"]
        : ["agent", "period", "scheduledDays", "workedDays"];

    // --- whole JSON documents ---

    private sealed record Spot(string Path, JsonNode? Node, JsonNode Parent, string? Key, int Index);

    private static List<Spot> Spots(JsonNode root)
    {
        var spots = new List<Spot>();
        void Walk(JsonNode node, string path)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, value) in o.ToList())
                    {
                        spots.Add(new Spot($"{path}.{key}", value, o, key, -1));
                        if (value is not null)
                        {
                            Walk(value, $"{path}.{key}");
                        }
                    }

                    break;
                case JsonArray a:
                    for (int i = 0; i < a.Count; i++)
                    {
                        spots.Add(new Spot($"{path}[{i}]", a[i], a, null, i));
                        if (a[i] is { } item)
                        {
                            Walk(item, $"{path}[{i}]");
                        }
                    }

                    break;
            }
        }

        Walk(root, "$");
        return spots;
    }

    private static JsonNode Doc(PayrollContext c, string file) => JsonNode.Parse(c.Base.Bytes(file))!;

    /// <summary>The document with the value at <paramref name="path"/> replaced by raw JSON text (any text).</summary>
    private static byte[] SetRaw(JsonNode root, string path, string raw)
    {
        var spot = Spots(root).Single(s => s.Path == path);
        Set(spot, JsonValue.Create(Raw));
        return U(root.ToJsonString().Replace("\"" + Raw + "\"", raw, StringComparison.Ordinal));
    }

    private static void Set(Spot spot, JsonNode? value)
    {
        if (spot.Key is not null)
        {
            spot.Parent.AsObject()[spot.Key] = value;
        }
        else
        {
            spot.Parent.AsArray()[spot.Index] = value;
        }
    }

    private static string WrongKind(PayrollContext c, JsonNode? node) => node switch
    {
        JsonObject => c.Pick(["42", "\"x\"", "[]", "true"]),
        JsonArray => c.Pick(["{}", "1", "\"x\"", "false"]),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => c.Pick(["42", "true", "{}", "[\"x\"]"]),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => c.Pick(["\"1\"", "true", "{}", "[]", "\"NaN\"", "\"Infinity\"", "\"1e3\""]),
        _ => c.Pick(["\"true\"", "1", "{}", "[]"]),
    };

    private static readonly string[] Plans = [Standard, Aftersale];

    /// <summary>Encoding-level damage of a JSON document: refused at <c>$</c>.</summary>
    private static PayrollMutation DocDamage(PayrollContext c, string file)
    {
        var bytes = c.Base.Bytes(file);
        var text = Encoding.UTF8.GetString(bytes);
        int q = text.IndexOf("\": \"", StringComparison.Ordinal) is int k and >= 0 ? k + 4 : text.IndexOf(":\"", StringComparison.Ordinal) + 2;
        int at = Encoding.UTF8.GetByteCount(text[..q]);
        switch (c.Rng.Next(7))
        {
            case 0:
            {
                var bad = c.Pick(InvalidUtf8);
                return new($"{file}: bytes {Convert.ToHexString(bad)} in a string", c.Base.With(file, [.. bytes[..at], .. bad, .. bytes[at..]]), new PayrollStops(file, "$"));
            }

            case 1:
            {
                string esc = c.Pick(LoneSurrogates);
                return new($"{file}: {esc} in a string", c.Base.With(file, [.. bytes[..at], .. U(esc), .. bytes[at..]]), new PayrollStops(file, "$"));
            }

            case 2:
            {
                int open = Array.IndexOf(bytes, (byte)'{');
                var deep = U("\"deep\":" + new string('[', 10_000) + new string(']', 10_000) + ",");
                return new($"{file}: 10,000-deep nesting", c.Base.With(file, [.. bytes[..(open + 1)], .. deep, .. bytes[(open + 1)..]]), new PayrollStops(file, "$"));
            }

            case 3:
                return new($"{file}: empty", c.Base.With(file, []), new PayrollStops(file, "$"));
            case 4:
            {
                int cut = c.Rng.Next(1, bytes.Length - 2);
                return new($"{file}: truncated to {cut} bytes", c.Base.With(file, bytes[..cut]), new PayrollStops(file, "$"));
            }

            case 5:
                return new($"{file}: not an object", c.Base.With(file, U(c.Pick(["[]", "42", "\"x\"", "null", "true"]))), new PayrollStops(file, "$"));
            default:
                return new($"{file}: a folder", c.Base.With(file, null), new PayrollStops(file, "$"));
        }
    }

    public static IReadOnlyList<PayrollFamily> All { get; } =
    [
        // --- scores.jsonl / attendance.jsonl: bad lines ---
        new("payroll-truncated-line", null, 10, c =>
        {
            var (file, i, line) = PickLine(c);
            int cut = c.Rng.Next(1, line.Length);
            return BadLine(c, $"truncated to {cut} of {line.Length} bytes", file, i, line[..cut]);
        }),
        new("payroll-invalid-utf8", null, 10, c =>
        {
            var (file, i, line) = PickLine(c);
            string f = c.Pick(StringFields(file));
            var bytes = c.Pick(InvalidUtf8);
            int offset = c.Rng.Next(0, 4);
            return BadLine(c, $"bytes {Convert.ToHexString(bytes)} in {f} at {offset}", file, i, JsonLine.InsertIntoString(line, f, offset, bytes));
        }),
        new("payroll-lone-surrogate", null, 8, c =>
        {
            var (file, i, line) = PickLine(c);
            string f = c.Pick(StringFields(file));
            string esc = c.Pick(LoneSurrogates);
            return BadLine(c, $"{esc} in {f}", file, i, JsonLine.InsertIntoString(line, f, c.Rng.Next(0, 3), U(esc)));
        }),
        new("payroll-control-chars", null, 10, c =>
        {
            var (file, i, line) = PickLine(c);
            string f = c.Rng.Next(3) == 0 || file == Attendance ? "agent" : c.Pick(["agent", "kind"]);
            if (c.Rng.Next(3) == 0)
            {
                byte b = c.Pick<byte>([0, 1, 9, 10, 13, 27, 31]);
                var raw = BadLine(c, $"raw byte {b:X2} in {f}", file, i, JsonLine.InsertIntoString(line, f, 1, [b]));

                // A raw LF splits the line in two physical lines, both bad.
                return b == 10 ? raw with { Expect = new PayrollBadLines([new FileLine(file, i + 1), new FileLine(file, i + 2)]) } : raw;
            }

            string esc = c.Pick([@"\u0000", @"\u0001", @"\t", @"\n", @"\r", @"\u001f", @"\u007f", @"\u0085"]);
            return BadLine(c, $"{esc} in {f}", file, i, JsonLine.InsertIntoString(line, f, c.Rng.Next(0, 3), U(esc)));
        }),
        new("payroll-wrong-json-types", null, 10, c =>
        {
            var (file, i, line) = PickLine(c);
            if (c.Rng.Next(6) == 0)
            {
                string whole = c.Pick(["[]", "\"text\"", "42", "null", "{}{}", "{}"]);
                return BadLine(c, $"line replaced by {whole}", file, i, U(whole));
            }

            var names = JsonLine.FieldNames(line);
            string f = c.Pick(names);
            string value = StringFields(file).Contains(f) ? c.Pick(["42", "true", "{}", "[]", "[\"a1\"]", "1.5"]) : c.Pick(["true", "{}", "[]", "\"abc\"", "[1]"]);
            return BadLine(c, $"{f} = {value}", file, i, JsonLine.ReplaceValue(line, f, value));
        }),
        new("payroll-missing-null-fields", null, 10, c =>
        {
            var (file, i, line) = PickLine(c);
            string f = c.Pick(Required(file, line));
            if (file == Scores && JsonLine.Has(line, "self") && c.Rng.Next(4) == 0)
            {
                var both = JsonLine.ReplaceValue(JsonLine.ReplaceValue(line, "self", "null"), "manager", "null");
                return BadLine(c, "self and manager null", file, i, both);
            }

            return c.Rng.Next(3) switch
            {
                0 => BadLine(c, $"{f} removed", file, i, JsonLine.RemoveField(line, f)),
                1 => BadLine(c, $"{f} = null", file, i, JsonLine.ReplaceValue(line, f, "null")),
                _ => BadLine(c, $"{f} = \"\"", file, i, JsonLine.ReplaceValue(line, f, "\"\"")),
            };
        }),
        new("payroll-bad-periods", null, 12, c =>
        {
            var (file, i, line) = PickLine(c);
            string value = c.Pick(["2026-13", "0000-01", "9999-12", "2026-1", "2026-00", "2026-11-01", "26-11", "2026/11", " 2026-11", "2026-11 ", "1969-12", "2200-01", "-2026-11", "+2026-11"]);
            return BadLine(c, $"period = \"{value}\"", file, i, JsonLine.ReplaceValue(line, "period", $"\"{value}\""));
        }),
        new("payroll-bad-numbers", null, 16, c =>
        {
            var (file, i, line) = PickLine(c);
            if (file == Attendance)
            {
                string f = c.Pick(["scheduledDays", "workedDays"]);
                string v = c.Pick(["2147483648", "-1", "1.5", "1e30", "\"x\"", "NaN", "9223372036854775807", "-2147483648"]);
                if (f == "scheduledDays" && c.Rng.Next(4) == 0)
                {
                    v = "0";
                }
                else if (f == "workedDays" && c.Rng.Next(4) == 0)
                {
                    v = "27";
                }

                return BadLine(c, $"{f} = {v}", file, i, JsonLine.ReplaceValue(line, f, v));
            }

            if (JsonLine.Has(line, "count"))
            {
                string v = c.Pick(["9223372036854775807", "9223372036854775808", "-1", "1.5", "1e30", "1000001", "\"many\"", "NaN", "-9223372036854775808"]);
                return BadLine(c, $"count = {v}", file, i, JsonLine.ReplaceValue(line, "count", v));
            }

            string field = c.Pick(["self", "manager"]);
            string value = c.Pick(["1e30", "-1", "101", "100.0000001", "-0.0001", "\"NaN\"", "NaN", "Infinity", "1e400", "\"abc\"", "79228162514264337593543950335"]);
            return BadLine(c, $"{field} = {value}", file, i, JsonLine.ReplaceValue(line, field, value));
        }),
        new("payroll-duplicates", null, 8, c =>
        {
            string file = c.Rng.Next(3) == 0 ? Attendance : Scores;
            var lines = c.Base.Lines(file);
            int i = c.Rng.Next(lines.Count - 1), j = c.Rng.Next(i + 1, lines.Count);
            if (c.Rng.Next(2) == 0)
            {
                lines.Insert(j + 1, lines[i]);
                return new($"{file}: copy of line {i + 1} inserted as line {j + 2}", c.Base.WithLines(file, lines), new PayrollBadLines([new FileLine(file, j + 2)]));
            }

            // A later line takes an earlier line's key (agent, and kind for scores): the later one is the duplicate.
            var copy = JsonLine.ReplaceValue(lines[j], "agent", JsonLine.Raw(lines[i], "agent")!);
            if (file == Scores)
            {
                copy = JsonLine.ReplaceValue(copy, "kind", JsonLine.Raw(lines[i], "kind")!);
            }

            lines.Add(copy);
            return new($"{file}: line {lines.Count} repeats the key of line {i + 1}", c.Base.WithLines(file, lines), new PayrollBadLines([new FileLine(file, lines.Count)]));
        }),
        new("payroll-count-and-self", null, 6, c =>
        {
            var (_, i, line) = PickLine(c, Scores);
            var mutated = JsonLine.Has(line, "count") ? JsonLine.AddField(line, c.Pick(["self", "manager"]), "50", 3) : JsonLine.AddField(line, "count", c.Pick(["0", "1"]), 3);
            return BadLine(c, "both count and a score", Scores, i, mutated);
        }),
        new("payroll-deep-and-huge-lines", null, 4, c =>
        {
            var (file, i, line) = PickLine(c);
            switch (c.Rng.Next(3))
            {
                case 0:
                    return BadLine(c, "10,000-deep nesting in an extra field", file, i, JsonLine.AddField(line, "deep", new string('[', 10_000) + new string(']', 10_000), 1));
                case 1:
                    // A 10 MB id is beyond the id length limit.
                    return BadLine(c, "a 10 MB agent id", file, i, JsonLine.ReplaceValue(line, "agent", "\"" + new string('a', 10 << 20) + "\""));
                default:
                {
                    // A 10 MB unknown field is read and ignored.
                    var lines = c.Base.Lines(file);
                    lines[i] = JsonLine.AddField(line, "note", "\"" + new string('x', 10 << 20) + "\"", 1);
                    return new($"{file}:{i + 1}: a 10 MB unknown field", c.Base.WithLines(file, lines), new PayrollSameAs(c.Base));
                }
            }
        }),

        // --- scores.csv / attendance.csv ---
        new("payroll-csv-damage", null, 14, c =>
        {
            var image = c.Fx.Csv;
            string file = c.Rng.Next(3) == 0 ? "attendance.csv" : "scores.csv";
            var lines = image.Lines(file);
            int i = c.Rng.Next(1, lines.Count);
            var cells = CrossLineModel.SplitCsv(Encoding.UTF8.GetString(lines[i]));
            string[] header = file == "scores.csv" ? PayrollBadInputFixture.ScoreColumns : PayrollBadInputFixture.AttendanceColumns;
            string what;
            switch (c.Rng.Next(8))
            {
                case 0:
                {
                    var bad = c.Pick(InvalidUtf8);
                    lines[i] = [.. U(cells[0] + ","), .. bad, .. U(string.Join(',', cells.Skip(1)))];
                    return new($"{file}:{i + 1}: bytes {Convert.ToHexString(bad)}", image.WithLines(file, lines), new PayrollBadLines([new FileLine(file, i + 1)]));
                }

                case 1:
                    cells[0] = cells[0] + c.Pick(["\u0000", "\u0001", "\t", "\u001f", "\u007f"]);
                    what = "control character in agent";
                    break;
                case 2:
                    cells[1] = c.Pick(["2026-13", "0000-01", "9999-12", "2026-1", "x"]);
                    what = $"period {cells[1]}";
                    break;
                case 3:
                {
                    int k = Array.FindIndex(header, h => h is "self" or "count" or "scheduledDays");
                    int col = file == "scores.csv" ? (cells[3].Length > 0 ? 3 : 5) : k;
                    cells[col] = c.Pick(["-1", "1e30", "NaN", "9223372036854775807", "abc", "2147483648"]);
                    what = $"{header[col]} = {cells[col]}";
                    break;
                }

                case 4:
                    cells.Add("extra");
                    what = "an extra cell";
                    break;
                case 5:
                    cells.RemoveAt(cells.Count - 1);
                    what = "a missing cell";
                    break;
                case 6:
                    cells[0] = "\"" + cells[0];
                    what = "an unbalanced quote";
                    break;
                default:
                    lines.Add(lines[i]);
                    return new($"{file}: line {i + 1} repeated as line {lines.Count}", image.WithLines(file, lines), new PayrollBadLines([new FileLine(file, lines.Count)]));
            }

            lines[i] = U(string.Join(',', cells));
            return new($"{file}:{i + 1}: {what}", image.WithLines(file, lines), new PayrollBadLines([new FileLine(file, i + 1)]));
        }),

        // --- benign ---
        new("payroll-benign-encodings", null, 10, c =>
        {
            string[] files = [Scores, Attendance, History, Report, Standard, Aftersale, "roster.json"];
            string file = c.Pick(files);
            var image = c.Base;
            switch (c.Rng.Next(4))
            {
                case 0:
                    return new($"BOM at the start of {file}", image.With(file, [0xEF, 0xBB, 0xBF, .. image.Bytes(file)]), new PayrollSameAs(image));
                case 1:
                    return new($"CRLF line ends in {file}", image.WithLines(file, image.Lines(file).Select(l => (byte[])[.. l, (byte)'\r'])), new PayrollSameAs(image));
                case 2:
                {
                    file = c.Pick([Scores, Attendance]);
                    var lines = image.Lines(file);
                    int at = c.Rng.Next(lines.Count + 1);
                    lines.Insert(at, U(c.Pick(["", " ", "\t", "\r"])));
                    return new($"{file}: blank line inserted at {at + 1}", image.WithLines(file, lines), new PayrollSameAs(image));
                }

                default:
                {
                    file = c.Pick([Scores, Attendance]);
                    var (_, i, line) = PickLine(c, file);
                    var lines = image.Lines(file);
                    lines[i] = JsonLine.AddField(line, c.Pick(["note", "备注", "x"]), c.Pick(["\"x\"", "1", "null", "{}", "[1,{\"a\":null}]"]), c.Rng.Next(4));
                    return new($"{file}:{i + 1}: unknown field added", image.WithLines(file, lines), new PayrollSameAs(image));
                }
            }
        }),
        new("payroll-file-is-folder", null, 6, c =>
        {
            string file = c.Pick([Scores, Attendance, History, Report, Standard, Aftersale, "scores.csv", "attendance.csv"]);
            var image = file.EndsWith(".csv", StringComparison.Ordinal) ? c.Fx.Csv : c.Base;
            return new($"{file} is a folder", image.With(file, null), new PayrollStops(file, file.EndsWith(".json", StringComparison.Ordinal) ? "$" : null));
        }),

        // --- plan files (errors by JSON path, exit 2 in both modes) ---
        new("payroll-plan-wrong-types", null, 20, c =>
        {
            string file = c.Rng.Next(4) == 0 ? Aftersale : Standard;
            var root = Doc(c, file);
            var spot = c.Pick(Spots(root));
            string value = WrongKind(c, spot.Node);
            return new($"{file}: {spot.Path} = {value}", c.Base.With(file, SetRaw(root, spot.Path, value)), new PayrollStops(file, spot.Path));
        }),
        new("payroll-plan-missing-parts", null, 10, c =>
        {
            string path = c.Pick(
            [
                "$.commission.mode", "$.commission.tiers", "$.commission.tiers[1].rate", "$.commission.tiers[0].from", "$.performance.items",
                "$.performance.grades", "$.performance.bonusBase", "$.performance.items[1].weight", "$.performance.items[0].bands[0].points",
                "$.performance.grades[2].coefficient", "$.penalties[0].amount", "$.penalties[1].bonusPercent", "$.performance.items[0].kpi",
            ]);
            var root = Doc(c, Standard);
            var spot = Spots(root).Single(s => s.Path == path);
            if (spot.Key is not null)
            {
                spot.Parent.AsObject().Remove(spot.Key);
            }

            return new($"{Standard}: {path} removed", c.Base.With(Standard, U(root.ToJsonString())), new PayrollStops(Standard, "$"));
        }),
        new("payroll-plan-unknown-fields", null, 8, c =>
        {
            string file = c.Rng.Next(4) == 0 ? Aftersale : Standard;
            var root = Doc(c, file);
            var objects = Spots(root).Where(s => s.Node is JsonObject && !s.Path.EndsWith(".overrides", StringComparison.Ordinal)).Select(s => (s.Path, (JsonObject)s.Node!)).Prepend(("$", root.AsObject())).ToList();
            var (path, obj) = c.Pick(objects);
            string name = c.Pick(["amout", "extra", "Rate", "deduct_refunds", "备注"]);
            obj[name] = JsonValue.Create(1);
            return new($"{file}: unknown field {path}.{name}", c.Base.With(file, U(root.ToJsonString())), new PayrollStops(file, $"{path}.{name}"));
        }),
        new("payroll-plan-unrepresentable-numbers", null, 6, c =>
        {
            string file = c.Rng.Next(4) == 0 ? Aftersale : Standard;
            var root = Doc(c, file);
            var spot = c.Pick(Spots(root).Where(s => s.Node is JsonValue v && v.GetValueKind() == JsonValueKind.Number).ToList());
            string value = c.Pick(["1e40", "1e400", "-1e40", "79228162514264337593543950336"]);
            return new($"{file}: {spot.Path} = {value}", c.Base.With(file, SetRaw(root, spot.Path, value)), new PayrollStops(file, spot.Path));
        }),
        new("payroll-plan-encoding", null, 8, c => DocDamage(c, c.Rng.Next(4) == 0 ? Aftersale : Standard)),

        // Decimal-sized numbers in a plan overflowed during scoring (exit 1); the integrator's plan range limits
        // (money ≤ 10^12, rates ≤ 10^6, coefficients ≤ 1000, bonusPercent ≤ 100, weights/points 0..100) refuse them.
        new("payroll-plan-huge-numbers", "plan-limits", 12, c =>
        {
            string file = c.Rng.Next(4) == 0 ? Aftersale : Standard;
            var root = Doc(c, file);
            string[] names = ["default", "a2", "cap", "bonusBase", "reward", "penalty", "amount", "fullAttendanceBonus", "rate", "coefficient", "weight", "points", "bonusPercent", "from"];
            var spot = c.Pick(Spots(root).Where(s => s.Node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && s.Key is { } k && names.Contains(k)
                && !(s.Key == "from" && s.Path.EndsWith("[0].from", StringComparison.Ordinal))).ToList());
            string value = c.Pick(["79228162514264337593543950335", "7.9e28", "1e20", "-1e20", "1e13"]);
            return new($"{file}: {spot.Path} = {value}", c.Base.With(file, SetRaw(root, spot.Path, value)), new PayrollStops(file, spot.Path));
        }),

        // Plan numbers outside the plan-limits list (scale floor/target, band and grade minima, free units, ranking
        // counts) at the edges of decimal and int: refused or paid, never exit 1.
        new("payroll-plan-other-extremes", null, 12, c =>
        {
            string file = c.Rng.Next(3) == 0 ? Aftersale : Standard;
            var root = Doc(c, file);
            var spots = Spots(root).Where(s => s.Node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
                && s.Key is "floor" or "target" or "min" or "free" or "top" or "bottom" or "improvementPlanBottom" or "transferAfterLastPeriods").ToList();
            var spot = c.Pick(spots);
            string value = spot.Key is "top" or "bottom" or "improvementPlanBottom" or "transferAfterLastPeriods"
                ? c.Pick(["2147483647", "2147483646", "-2147483648", "0", "1000000"])
                : c.Pick(["79228162514264337593543950335", "-79228162514264337593543950335", "7.9e28", "-7.9e28", "0.0000000000000000000000000001", "1e20"]);
            return new($"{file}: {spot.Path} = {value}", c.Base.With(file, SetRaw(root, spot.Path, value)), new PayrollInvariants());
        }),

        // --- history.json ---
        new("payroll-history", null, 16, c =>
        {
            var root = Doc(c, History);
            var spots = Spots(root);
            switch (c.Rng.Next(8))
            {
                case 0:
                {
                    var spot = c.Pick(spots);
                    string value = WrongKind(c, spot.Node);
                    return new($"{History}: {spot.Path} = {value}", c.Base.With(History, SetRaw(root, spot.Path, value)), new PayrollStops(History, spot.Path));
                }

                case 1:
                {
                    var spot = c.Pick(spots.Where(s => s.Key is "period" or "ranks" or "agent" or "rank" or "periods").ToList());
                    spot.Parent.AsObject().Remove(spot.Key!);
                    return new($"{History}: {spot.Path} removed", c.Base.With(History, U(root.ToJsonString())), new PayrollStops(History, spot.Path));
                }

                case 2:
                {
                    var periods = root["periods"]!.AsArray();
                    periods.Add(periods[c.Rng.Next(periods.Count)]!.DeepClone());
                    return new($"{History}: a month given twice", c.Base.With(History, U(root.ToJsonString())), new PayrollStops(History, $"$.periods[{periods.Count - 1}].period"));
                }

                case 3:
                {
                    int p = c.Rng.Next(2);
                    var ranks = root["periods"]![p]!["ranks"]!.AsArray();
                    int j = c.Rng.Next(1, ranks.Count);
                    ranks[j]!["agent"] = ranks[c.Rng.Next(j)]!["agent"]!.GetValue<string>();
                    return new($"{History}: an agent ranked twice in periods[{p}]", c.Base.With(History, U(root.ToJsonString())), new PayrollStops(History, $"$.periods[{p}].ranks[{j}].agent"));
                }

                case 4:
                {
                    int p = c.Rng.Next(2), j = c.Rng.Next(4);
                    string value = c.Pick(["0", "-1", "5", "2147483647", "2147483648", "1e40", "79228162514264337593543950335", "1.5"]);
                    var path = $"$.periods[{p}].ranks[{j}].rank";
                    bool whole = value is "5" or "2147483647";
                    return new($"{History}: {path} = {value}", c.Base.With(History, SetRaw(root, path, value)), new PayrollStops(History, whole ? $"$.periods[{p}].ranks" : path));
                }

                case 5:
                {
                    int p = c.Rng.Next(2);
                    string value = c.Pick(["0000-01", "9999-12", "1969-12", "2200-01", "2026-13", "2026-9", "-2026-10"]);
                    var path = $"$.periods[{p}].period";
                    return new($"{History}: {path} = \"{value}\"", c.Base.With(History, SetRaw(root, path, $"\"{value}\"")), new PayrollStops(History, path));
                }

                case 6:
                {
                    int p = c.Rng.Next(2), j = c.Rng.Next(4);
                    string esc = c.Pick([@"\u0000", @"\u0001", @"\n", @"\u007f"]);
                    var path = $"$.periods[{p}].ranks[{j}].agent";
                    string agent = root["periods"]![p]!["ranks"]![j]!["agent"]!.GetValue<string>();
                    return new($"{History}: {path} with {esc}", c.Base.With(History, SetRaw(root, path, $"\"{agent}{esc}\"")), new PayrollStops(History, path));
                }

                default:
                    return DocDamage(c, History);
            }
        }),

        new("payroll-extremes-in-range", null, 10, Extremes),

        // --- a generated dataset paid from its own KPIs (csperf generate writes scores.jsonl and attendance.jsonl) ---
        new("payroll-generated-lines", null, 12, c =>
        {
            var image = c.Fx.Generated;
            var (file, i, line) = PickLine(c, null, image);
            switch (c.Rng.Next(6))
            {
                case 0:
                    return BadLine(c, "truncated", file, i, line[..c.Rng.Next(1, line.Length)], image);
                case 1:
                    return BadLine(c, "period 9999-12", file, i, JsonLine.ReplaceValue(line, "period", "\"9999-12\""), image);
                case 2:
                    return BadLine(c, "agent with \\u0000", file, i, JsonLine.InsertIntoString(line, "agent", 1, U(@"\u0000")), image);
                case 3:
                    return BadLine(c, "invalid UTF-8 in agent", file, i, JsonLine.InsertIntoString(line, "agent", 1, [0xFF]), image);
                case 4:
                {
                    var lines = image.Lines(file);
                    lines.Add(line);
                    return new($"{file}: line {i + 1} repeated as line {lines.Count}", image.WithLines(file, lines), new PayrollBadLines([new FileLine(file, lines.Count)]));
                }

                default:
                {
                    string f = file == Attendance ? "scheduledDays" : JsonLine.Has(line, "count") ? "count" : "self";
                    string v = f == "self" ? c.Pick(["101", "-1", "1e30"]) : c.Pick(["-1", "9223372036854775807", "2147483648", "1.5"]);
                    return BadLine(c, $"{f} = {v}", file, i, JsonLine.ReplaceValue(line, f, v), image);
                }
            }
        }),

        // --- the saved report (--report R.json) ---
        new("payroll-report", null, 20, c =>
        {
            var root = Doc(c, Report);
            var agents = root["periods"]![0]!["agents"]!.AsArray();
            int a = c.Rng.Next(agents.Count);
            string at = $"$.periods[0].agents[{a}]";
            var kpis = agents[a]!["kpis"]!.AsObject();
            var keys = kpis.Select(p => p.Key).ToList();
            switch (c.Rng.Next(9))
            {
                case 0:
                {
                    string f = c.Pick(["from", "to"]);
                    string value = c.Pick<string>(f == "to" ? (string[])["2026-11-29", "2026-12-01", "2026-11-31", "x"] : ["2026-11-02", "2026-10-31"]);
                    return new($"{Report}: period {f} = {value}", c.Base.With(Report, SetRaw(root, $"$.periods[0].{f}", $"\"{value}\"")), new PayrollStops(Report, "periods"));
                }

                case 1:
                {
                    string key = c.Pick(keys);
                    string value = c.Pick(["\"lots\"", "true", "{}", "[1,2]", "\"1e3\"", "\"NaN\""]);
                    return new($"{Report}: {at}.kpis.{key} = {value}", c.Base.With(Report, SetRaw(root, $"{at}.kpis.{key}", value)), new PayrollStops(Report, $"{at}.kpis.{key}"));
                }

                case 2:
                {
                    string key = c.Pick(keys);
                    string value = c.Pick(["7.9e28", "79228162514264337593543950335", "1e30", "1e300", "1e16", "9223372036854775807"]);
                    return new($"{Report}: {at}.kpis.{key} = {value}", c.Base.With(Report, SetRaw(root, $"{at}.kpis.{key}", value)), new PayrollStops(Report, $"{at}.kpis.{key}"));
                }

                case 3:
                {
                    string key = c.Pick(keys);
                    string value = c.Pick(["-1", "-0.01", "-7.9e28", "-1e300"]);
                    return new($"{Report}: {at}.kpis.{key} = {value}", c.Base.With(Report, SetRaw(root, $"{at}.kpis.{key}", value)), new PayrollStops(Report, $"{at}.kpis.{key}"));
                }

                case 4:
                {
                    // A key a plan reads, missing for one agent: the engine names the report and the agent.
                    string[] read = a == 4 ? ["satisfactionRate"] : ["sales", "complaints", "aov", "inquiryToPaidRate", "firstResponseAvg", "postage", "refundAmount"];
                    string key = c.Pick(read);
                    kpis.Remove(key);
                    return new($"{Report}: {at}.kpis.{key} removed", c.Base.With(Report, U(root.ToJsonString())), new PayrollStops(Report, null));
                }

                case 5:
                {
                    string esc = c.Pick([@"\u0000", @"\u0001", @"\t", @"\u001f", @"\u007f", @"\u009f"]);
                    string id = agents[a]!["agent"]!.GetValue<string>();
                    return new($"{Report}: {at}.agent with {esc}", c.Base.With(Report, SetRaw(root, $"{at}.agent", $"\"{id}{esc}\"")), new PayrollStops(Report, $"{at}.agent"));
                }

                case 6:
                {
                    int b = (a + 1 + c.Rng.Next(agents.Count - 1)) % agents.Count;
                    agents[b]!["agent"] = agents[a]!["agent"]!.GetValue<string>();
                    int later = Math.Max(a, b);
                    return new($"{Report}: agents[{b}] takes agents[{a}]'s id", c.Base.With(Report, U(root.ToJsonString())), new PayrollStops(Report, $"$.periods[0].agents[{later}].agent"));
                }

                case 7:
                {
                    var (path, value) = c.Pick<(string, string)>([("$.rule", "\"Best\""), ("$.rule", "42"), ("$.periods[0].final", "\"yes\""), ("$.periods[0].agents", "{}"), ($"{at}.kpis", "[]"), ($"{at}.agent", "\"\"")]);
                    return new($"{Report}: {path} = {value}", c.Base.With(Report, SetRaw(root, path, value)), new PayrollStops(Report, path));
                }

                default:
                    return DocDamage(c, Report);
            }
        }),
    ];

    /// <summary>Report KPIs at their documented maximum (or 0), optionally with plan amounts at the plan limits.</summary>
    private static PayrollMutation Extremes(PayrollContext c)
    {
        var report = Doc(c, Report);
        var changes = new List<string>();
        foreach (var agent in report["periods"]![0]!["agents"]!.AsArray())
        {
            var kpis = agent!["kpis"]!.AsObject();
            foreach (var key in kpis.Select(p => p.Key).ToList())
            {
                if (c.Rng.Next(2) == 0)
                {
                    continue;
                }

                bool zero = c.Rng.Next(4) == 0;
                string value = zero ? "0" : CsPerf.IO.Payroll.SavedReportReader.KindOf(key) switch
                {
                    KpiKind.Money => "1000000000000000",
                    KpiKind.Real => "1000000000000000",
                    _ => "1000000000000",
                };
                kpis[key] = JsonNode.Parse(value);
                changes.Add($"{agent["agent"]}.{key}={value}");
            }
        }

        var image = c.Base.With(Report, U(report.ToJsonString()));
        if (c.Rng.Next(2) == 0)
        {
            return new($"{Report}: {string.Join(", ", changes)}", image, new PayrollPaid());
        }

        var plan = Doc(c, Standard);
        foreach (var spot in Spots(plan).Where(s => s.Key is "rate" or "cap" or "bonusBase" or "coefficient" or "amount" or "bonusPercent" or "reward" or "penalty" or "default" or "fullAttendanceBonus"))
        {
            string value = spot.Key switch
            {
                "rate" => "1000000",
                "coefficient" => spot.Node!.GetValue<decimal>() == 0 ? "0" : "1000",
                "bonusPercent" => "100",
                _ => "1000000000000",
            };
            Set(spot, JsonNode.Parse(value));
        }

        return new($"{Report}: {string.Join(", ", changes)}; {Standard} amounts at the plan limits", image.With(Standard, U(plan.ToJsonString())), new PayrollInvariants());
    }

    public static string Describe(PayrollMutation m) => m.Description.Length > 300 ? m.Description[..300] + "…" : m.Description;
}
