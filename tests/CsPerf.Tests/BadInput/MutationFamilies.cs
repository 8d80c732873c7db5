using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace CsPerf.Tests.BadInput;

/// <summary>A mutation family: a name, how many mutations a CI run makes, and the generator of one mutation.</summary>
public sealed record Family(string Name, bool Known, int DefaultCount, Func<MutationContext, Mutation> Make);

/// <summary>One mutation being made: the fixture's base datasets and this mutation's own random source.</summary>
public sealed class MutationContext(BadInputFixture fx, Random rng)
{
    public BadInputFixture Fx { get; } = fx;

    public Random Rng { get; } = rng;

    public DatasetImage Base => Fx.Jsonl;

    public T Pick<T>(IReadOnlyList<T> items) => items[Rng.Next(items.Count)];

    /// <summary>A JSON Lines file, messages most often.</summary>
    public string PickFile() => Rng.Next(10) switch
    {
        < 4 => "messages.jsonl",
        4 or 5 => "orders.jsonl",
        6 => "refunds.jsonl",
        7 => "reviews.jsonl",
        8 => "ratings.jsonl",
        _ => "complaints.jsonl",
    };

    /// <summary>A file and the 0-based index of one of its lines.</summary>
    public (string File, int Index, byte[] Line) PickLine(string? file = null, DatasetImage? image = null)
    {
        image ??= Base;
        file ??= PickFile();
        var lines = image.Lines(file);
        int i = Rng.Next(lines.Count);
        return (file, i, lines[i]);
    }

    public static DatasetImage Replace(DatasetImage image, string file, int index, byte[] line)
    {
        var lines = image.Lines(file);
        lines[index] = line;
        return image.WithLines(file, lines);
    }

    /// <summary>These lines are bad on their own; what they take with them (refunds of a lost order) is added.</summary>
    public static Mutation Bad(string description, DatasetImage image, params FileLine[] selfBad) =>
        new(description, image, new BadLines(CrossLineModel.AllBad(image, selfBad)));

    /// <summary>One line replaced by <paramref name="line"/>, which must be rejected.</summary>
    public Mutation BadLine(string description, string file, int index, byte[] line) =>
        Bad($"{file}:{index + 1}: {description}", Replace(Base, file, index, line), new FileLine(file, index + 1));
}

/// <summary>
/// The mutation families of the bad-input suite (issue 6). Each family's mutations are deterministic for a seed;
/// the expectation of each follows contract.md "Bad input" and docs/io.md.
/// </summary>
public static class MutationFamilies
{
    private enum Kind
    {
        Str,
        Enum,
        Instant,
        Dec,
        Int,
    }

    private sealed record FieldSpec(string Name, Kind Kind, bool Required, bool IdLike = false);

    private static readonly Dictionary<string, FieldSpec[]> Specs = new()
    {
        ["messages.jsonl"] =
        [
            new("id", Kind.Str, true, true), new("shop", Kind.Str, true, true), new("customer", Kind.Str, true, true),
            new("account", Kind.Str, true, true), new("dir", Kind.Enum, true), new("at", Kind.Instant, true), new("text", Kind.Str, false),
        ],
        ["orders.jsonl"] =
        [
            new("id", Kind.Str, true), new("shop", Kind.Str, true, true), new("customer", Kind.Str, true, true),
            new("createdAt", Kind.Instant, true), new("paidAt", Kind.Instant, false), new("amount", Kind.Dec, true),
            new("postage", Kind.Dec, false), new("items", Kind.Int, false),
        ],
        ["refunds.jsonl"] =
        [
            new("id", Kind.Str, true, true), new("order", Kind.Str, true), new("createdAt", Kind.Instant, true),
            new("completedAt", Kind.Instant, false), new("amount", Kind.Dec, true), new("items", Kind.Int, false),
            new("status", Kind.Enum, true), new("operations", Kind.Int, false),
        ],
        ["reviews.jsonl"] = [new("order", Kind.Str, true), new("at", Kind.Instant, true), new("rating", Kind.Enum, true)],
        ["ratings.jsonl"] =
        [
            new("shop", Kind.Str, true, true), new("customer", Kind.Str, true, true), new("account", Kind.Str, true, true),
            new("at", Kind.Instant, true), new("score", Kind.Int, true),
        ],
        ["complaints.jsonl"] =
        [
            new("shop", Kind.Str, true, true), new("customer", Kind.Str, true, true), new("account", Kind.Str, true, true),
            new("at", Kind.Instant, true), new("reason", Kind.Str, false),
        ],
    };

    /// <summary>Fields of the line (present in it) matching <paramref name="filter"/>, with their file's spec.</summary>
    private static List<FieldSpec> Present(string file, byte[] line, Func<FieldSpec, bool> filter) =>
        Specs[file].Where(f => filter(f) && JsonLine.Has(line, f.Name)).ToList();

    /// <summary>Picks a line having a field matching the filter (retrying lines), and that field.</summary>
    private static (string File, int Index, byte[] Line, FieldSpec Field) PickField(MutationContext c, Func<FieldSpec, bool> filter, Func<string, bool>? files = null)
    {
        for (int attempt = 0; ; attempt++)
        {
            var (file, i, line) = c.PickLine();
            if (files is not null && !files(file))
            {
                continue;
            }

            var fields = Present(file, line, filter);
            if (fields.Count > 0)
            {
                return (file, i, line, c.Pick(fields));
            }

            if (attempt > 1000)
            {
                throw new InvalidOperationException("test bug: no line has such a field");
            }
        }
    }

    private static byte[] U(string s) => Encoding.UTF8.GetBytes(s);

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xFE], [0xC0, 0x80], [0xC1, 0xBF], [0x80], [0xBF], [0xE4, 0xB8], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE0, 0x80, 0x80], [0xC3],
    ];

    private static readonly string[] LoneSurrogates = [@"\udc00", @"\ud800", @"\ud83d", @"\ude00x", @"\udc00\ud800", @"\uDFFF"];

    public static IReadOnlyList<Family> All { get; } =
    [
        // --- damaged lines: bad on their own ---
        new("truncated-line", false, 30, c =>
        {
            var (file, i, line) = c.PickLine();
            int cut = c.Rng.Next(1, line.Length);
            return c.BadLine($"truncated to {cut} of {line.Length} bytes", file, i, line[..cut]);
        }),
        new("invalid-utf8", false, 25, c =>
        {
            var (file, i, line, f) = PickField(c, f => f.Kind is Kind.Str or Kind.Enum or Kind.Instant);
            if (!JsonLine.IsString(line, f.Name))
            {
                return c.BadLine($"{f.Name} = bytes FF", file, i, JsonLine.ReplaceValue(line, f.Name, [(byte)'"', 0xFF, (byte)'"']));
            }

            var bytes = c.Pick(InvalidUtf8);
            int offset = c.Rng.Next(0, 12);
            return c.BadLine($"bytes {Convert.ToHexString(bytes)} inserted into {f.Name} at {offset}", file, i, JsonLine.InsertIntoString(line, f.Name, offset, bytes));
        }),
        new("lone-surrogate", false, 20, c =>
        {
            var (file, i, line, f) = PickField(c, f => f.Kind is Kind.Str or Kind.Enum or Kind.Instant);
            if (!JsonLine.IsString(line, f.Name))
            {
                return c.BadLine($"{f.Name} = \"\\udc00\"", file, i, JsonLine.SetEscapedString(line, f.Name, @"\udc00"));
            }

            string escape = c.Pick(LoneSurrogates);
            int offset = c.Rng.Next(0, 10);
            return c.BadLine($"{escape} inserted into {f.Name} at {offset}", file, i, JsonLine.InsertIntoString(line, f.Name, offset, U(escape)));
        }),
        new("raw-control-chars", false, 15, c =>
        {
            var (file, i, line, f) = PickField(c, f => f.Kind is Kind.Str or Kind.Instant);
            if (!JsonLine.IsString(line, f.Name))
            {
                return c.BadLine($"{f.Name} = \"\\x01\" (raw)", file, i, JsonLine.ReplaceValue(line, f.Name, [(byte)'"', 1, (byte)'"']));
            }

            byte b = c.Pick<byte>([0, 1, 7, 8, 9, 11, 12, 13, 27, 31]);
            int offset = c.Rng.Next(0, 10);
            return c.BadLine($"raw byte {b:X2} inserted into {f.Name} at {offset}", file, i, JsonLine.InsertIntoString(line, f.Name, offset, [b]));
        }),
        new("wrong-json-types", false, 30, c =>
        {
            if (c.Rng.Next(8) == 0)
            {
                var (lf, li, _) = c.PickLine();
                string whole = c.Pick(["[]", "[1,2]", "\"text\"", "42", "null", "true", "{\"id\":\"m1\"}{}", "{}"]);
                return c.BadLine($"line replaced by {whole}", lf, li, U(whole));
            }

            var (file, i, line, f) = PickField(c, _ => true);
            string value = f.Kind switch
            {
                Kind.Str or Kind.Enum => c.Pick(["42", "true", "false", "{}", "[]", "{\"a\":1}", "[\"x\"]", "1.5"]),
                Kind.Instant => c.Pick(["20261101", "true", "{}", "[]", "1730426405", "[\"2026-11-01T10:00:00Z\"]"]),
                _ => c.Pick(["true", "false", "{}", "[]", "\"abc\"", "[1]", "{\"v\":1}"]),
            };
            return c.BadLine($"{f.Name} = {value}", file, i, JsonLine.ReplaceValue(line, f.Name, value));
        }),
        new("missing-null-fields", false, 30, c =>
        {
            var (file, i, line, f) = PickField(c, f => f.Required);
            return c.Rng.Next(3) switch
            {
                0 => c.BadLine($"{f.Name} removed", file, i, JsonLine.RemoveField(line, f.Name)),
                1 => c.BadLine($"{f.Name} = null", file, i, JsonLine.ReplaceValue(line, f.Name, "null")),
                _ => c.BadLine($"{f.Name} = \"\"", file, i, JsonLine.ReplaceValue(line, f.Name, "\"\"")),
            };
        }),
        new("bad-enums", false, 12, c =>
        {
            var (file, i, line, f) = PickField(c, f => f.Kind == Kind.Enum);
            string value = f.Name switch
            {
                "dir" => c.Pick(["IN", "Out", "inbound", " in", "out ", "0", "both"]),
                "rating" => c.Pick(["bad", "Good", "positive", "1", "negative!"]),
                _ => c.Pick(["done", "Success", "refunded", "SUCCESS"]),
            };
            return c.BadLine($"{f.Name} = \"{value}\"", file, i, JsonLine.ReplaceValue(line, f.Name, "\"" + value + "\""));
        }),
        new("bad-instants", false, 30, c =>
        {
            var (file, i, line, f) = PickField(c, f => f.Kind == Kind.Instant);
            string value = c.Pick(
            [
                "2026-02-30T10:00:00+08:00", "2026-11-31T10:00:00+08:00", "2027-02-29T00:00:00Z", "2026-13-01T10:00:00Z",
                "2026-00-10T10:00:00Z", "2026-11-00T10:00:00Z", "2026-11-01T25:00:00Z", "2026-11-01T10:60:00Z",
                "2026-11-01T10:00:61Z", "2026-11-01T10:00:00", "2026-11-01", "2026-11-01T10:00Z", "2026-11-01T10:00:00+25:00",
                "2026-11-01T10:00:00+08:60", "2026/11/01T10:00:00Z", "1730426405", "now", "2026-11-01T10:00:00.Z",
                " 2026-11-01T10:00:00Z", "2026-11-01T10:00:00Z ", "26-11-01T10:00:00Z", "2026-11-1T10:00:00Z",
                "2026-11-01T10:00:00ZZ", "2026-11-01T10:00:00+0800", "2026-11-01T10:00:00 +08:00", "2026-11-01T1:00:00Z",
            ]);
            return c.BadLine($"{f.Name} = \"{value}\"", file, i, JsonLine.ReplaceValue(line, f.Name, "\"" + value + "\""));
        }),
        new("bad-amounts", false, 30, c =>
        {
            var (file, i, line, f) = PickField(c, f => f.Kind is Kind.Dec or Kind.Int);
            string value = f.Kind == Kind.Dec
                ? c.Pick(["-1", "-0.01", "\"-5\"", "\"NaN\"", "NaN", "Infinity", "-Infinity", "\"Infinity\"", "1e400", "\"1e400\"", "\"12abc\"", "\"0x10\"", "\"1,000.00\"", "\"１２\"", "--1"])
                : f.Name == "score"
                    ? c.Pick(["0", "6", "-1", "3.5", "10", "\"five\"", "1e400"])
                    : c.Pick(["-1", "1.5", "1e10", "99999999999", "\"two\"", "-2147483648", "NaN"]);
            return c.BadLine($"{f.Name} = {value}", file, i, JsonLine.ReplaceValue(line, f.Name, value));
        }),
        new("inconsistent-fields", false, 12, c =>
        {
            var (file, i, line) = c.PickLine(c.Rng.Next(3) == 0 ? "refunds.jsonl" : "orders.jsonl");
            var created = DateTimeOffset.Parse(JsonLine.GetString(line, "createdAt")!, CultureInfo.InvariantCulture);
            if (file == "refunds.jsonl")
            {
                string before = BadInputFixture.Rfc3339(created.AddSeconds(-1));
                var mutated = JsonLine.Has(line, "completedAt") ? JsonLine.ReplaceValue(line, "completedAt", $"\"{before}\"") : JsonLine.AddField(line, "completedAt", $"\"{before}\"", 3);
                return c.BadLine($"completedAt {before} before createdAt", file, i, mutated);
            }

            if (c.Rng.Next(2) == 0)
            {
                string before = BadInputFixture.Rfc3339(created.AddMinutes(-1));
                return c.BadLine($"paidAt {before} before createdAt", file, i, JsonLine.ReplaceValue(line, "paidAt", $"\"{before}\""));
            }

            decimal amount = decimal.Parse(JsonLine.Raw(line, "amount")!, CultureInfo.InvariantCulture);
            string postage = (amount + 0.01m).ToString(CultureInfo.InvariantCulture);
            return c.BadLine($"postage {postage} greater than amount {amount}", file, i, JsonLine.ReplaceValue(line, "postage", postage));
        }),
        new("duplicate-ids", false, 25, c =>
        {
            string file = c.Pick(["messages.jsonl", "messages.jsonl", "orders.jsonl", "refunds.jsonl"]);
            var lines = c.Base.Lines(file);
            int i = c.Rng.Next(lines.Count - 1), j = c.Rng.Next(i + 1, lines.Count);
            switch (c.Rng.Next(3))
            {
                case 0:
                    // A copy of line i inserted after line j: the copy is the later line, so the bad one.
                    lines.Insert(j + 1, lines[i]);
                    return MutationContext.Bad($"{file}: copy of line {i + 1} inserted as line {j + 2}", c.Base.WithLines(file, lines), new FileLine(file, j + 2));
                case 1:
                    // Line j takes line i's id: line j is the later one.
                    lines[j] = JsonLine.ReplaceValue(lines[j], "id", JsonLine.Raw(lines[i], "id")!);
                    return MutationContext.Bad($"{file}:{j + 1}: id set to line {i + 1}'s", c.Base.WithLines(file, lines), new FileLine(file, j + 1));
                default:
                    // Line i takes line j's id: the untouched later line j is the duplicate (and, for an order, line i's
                    // old id is gone, so what named it is bad too: the model adds it).
                    lines[i] = JsonLine.ReplaceValue(lines[i], "id", JsonLine.Raw(lines[j], "id")!);
                    return MutationContext.Bad($"{file}:{i + 1}: id set to line {j + 1}'s (the later line {j + 1} is the duplicate)", c.Base.WithLines(file, lines), new FileLine(file, j + 1));
            }
        }),
        new("unknown-references", false, 12, c =>
        {
            var (file, i, line) = c.PickLine(c.Pick(["refunds.jsonl", "reviews.jsonl"]));
            string order = JsonLine.GetString(line, "order")!;
            string value = c.Pick(["o999999", order.ToUpperInvariant(), order + " ", " " + order, order + "0", "x"]);
            return c.BadLine($"order = \"{value}\"", file, i, JsonLine.ReplaceValue(line, "order", "\"" + value + "\""));
        }),

        // --- changes the contract allows to be accepted (then nothing may merge or change) or rejected ---
        new("control-chars-in-ids-and-text", false, 25, c =>
        {
            var (file, i, line, f) = PickField(c, f => f.IdLike || f.Name is "text" or "reason");
            if (!JsonLine.IsString(line, f.Name))
            {
                return Equivalent(c, file, i, line, f.Name, @"\u0001", "!", '\u0001', '!');
            }

            bool isId = f.IdLike;
            string[] escapes = isId ? [@"\u0001", @"\u001f", @"\t", @"\n", @"\r", @"\b", @"\f", @"\u007f"] : [@"\u0000", @"\u0001", @"\t", @"\n", @"\r", @"\u001f", @"\u007f"];
            string escape = c.Pick(escapes);
            char ch = escape switch { @"\t" => '\t', @"\n" => '\n', @"\r" => '\r', @"\b" => '\b', @"\f" => '\f', _ => (char)int.Parse(escape[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) };
            string value = JsonLine.GetString(line, f.Name)!;
            int at = c.Rng.Next(1, Math.Max(2, value.Length));
            at = Math.Min(at, value.Length);
            if (at < value.Length && char.IsLowSurrogate(value[at]))
            {
                at++;
            }

            // The stand-in sorts like the character among the ids' letters, digits and ':' (reports list ids in order).
            char standIn = !isId ? ' ' : ch == '\u007f' ? '~' : '!';
            return Equivalent(c, file, i, line, f.Name, Escape(value[..at]) + escape + Escape(value[at..]), value[..at] + standIn + value[at..], ch, standIn);
        }),
        new("null-equals-absent", false, 15, c =>
        {
            var (file, i, line, f) = PickField(c, f => !f.Required, f => f is not "reviews.jsonl" and not "ratings.jsonl");
            var image = MutationContext.Replace(c.Base, file, i, JsonLine.ReplaceValue(line, f.Name, "null"));
            var reference = MutationContext.Replace(c.Base, file, i, JsonLine.RemoveField(line, f.Name));
            return new Mutation($"{file}:{i + 1}: optional {f.Name} = null (must equal it absent)", image, new SameAs(reference));
        }),

        // --- benign: nothing rejected, the report is the original's ---
        new("bom-at-start", false, 6, c =>
        {
            string[] files = [.. BadInputFixture.JsonlFiles, "roster.json", "config.json"];
            var chosen = c.Rng.Next(3) == 0 ? files : [c.Pick(files)];
            var image = c.Base;
            foreach (string file in chosen)
            {
                image = image.With(file, [0xEF, 0xBB, 0xBF, .. image.Bytes(file)]);
            }

            return new Mutation($"BOM at the start of {string.Join(", ", chosen)}", image, new SameAs(c.Base));
        }),
        new("crlf", false, 8, c =>
        {
            string[] files = [.. BadInputFixture.JsonlFiles, "roster.json", "config.json"];
            var chosen = c.Rng.Next(3) == 0 ? files : [c.Pick(files)];
            bool some = c.Rng.Next(2) == 0;
            var image = c.Base;
            foreach (string file in chosen)
            {
                image = image.WithLines(file, image.Lines(file).Select(l => some && c.Rng.Next(2) == 0 ? l : [.. l, (byte)'\r']));
            }

            return new Mutation($"CRLF line ends ({(some ? "some lines" : "every line")}) in {string.Join(", ", chosen)}", image, new SameAs(c.Base));
        }),
        new("blank-lines", false, 10, c =>
        {
            string file = c.PickFile();
            var lines = c.Base.Lines(file);
            int n = c.Rng.Next(1, 6);
            var where = new List<int>();
            for (int k = 0; k < n; k++)
            {
                int at = c.Rng.Next(lines.Count + 1);
                lines.Insert(at, U(c.Pick(["", " ", "\t", "  \t ", "\r", " \r"])));
                where.Add(at + 1);
            }

            bool noFinal = c.Rng.Next(4) == 0;
            return new Mutation($"{file}: {n} blank lines inserted (at {string.Join(", ", where)}){(noFinal ? ", no final newline" : "")}", c.Base.WithLines(file, lines, !noFinal), new SameAs(c.Base));
        }),
        new("unknown-extra-field", false, 20, c =>
        {
            var (file, i, line) = c.PickLine();
            string name = c.Pick(["extra", "x-note", "备注", "idx", "shopName", "_meta", "text2", "\\u0069d2"]);
            string value = c.Pick(["\"x\"", "123", "-1.5e300", "1e400", "-0", "null", "true", "{}", "[]", "{\"a\":[1,{\"b\":null}]}", "\"\\u00e9\\ud83d\\ude00\"", "\"含中文\"", "[[[]]]", "\"\\\"quoted\\\"\""]);
            int index = c.Rng.Next(JsonLine.FieldNames(line).Count + 1);
            return new Mutation($"{file}:{i + 1}: unknown field \"{name}\": {value} added at position {index}", MutationContext.Replace(c.Base, file, i, JsonLine.AddField(line, name, value, index)), new SameAs(c.Base));
        }),
        new("line-numbering", false, 20, c =>
        {
            // Blank lines, CRLF and (CSV) a record spanning two lines before a bad line: the error names the physical line.
            bool csv = c.Rng.Next(3) == 0;
            string file = csv ? "messages.csv" : c.PickFile();
            var image = csv ? c.Fx.Csv : c.Base;
            var lines = image.Lines(file);
            int bad = c.Rng.Next(csv ? 2 : 0, lines.Count);
            lines[bad] = csv ? [.. lines[bad], .. U(",extra")] : lines[bad][..(lines[bad].Length / 2)];
            int blanks = c.Rng.Next(1, 5);
            for (int k = 0; k < blanks; k++)
            {
                int at = c.Rng.Next(0, bad + 1);
                lines.Insert(at, U(c.Pick(["", "  ", "\t"])));
                bad++;
            }

            int physical = bad + 1;
            bool crlf = c.Rng.Next(2) == 0;
            string eol = crlf ? "\r" : "";
            bool spanning = false;
            if (csv && c.Rng.Next(2) == 0)
            {
                var data = Enumerable.Range(0, bad).Where(k => lines[k].Length > 10 && lines[k][^1] == '"' && lines[k][0] != (byte)'i').ToList();
                if (data.Count > 0)
                {
                    int k = c.Pick(data);
                    lines[k] = [.. lines[k][..^1], .. U("第一行" + eol + "\n第二行\"")];
                    physical++;
                    spanning = true;
                }
            }

            if (crlf)
            {
                lines = lines.Select(l => (byte[])[.. l, (byte)'\r']).ToList();
            }

            return MutationContext.Bad($"{file}: {blanks} blank lines{(crlf ? ", CRLF" : "")}{(spanning ? ", a record on two lines" : "")} before a bad line, physical line {physical}", image.WithLines(file, lines), new FileLine(file, physical));
        }),

        new("equivalent-encodings", false, 20, c =>
        {
            // The same record written differently (contract: JSON, unknown order of fields; docs/io.md: numbers as
            // strings, a repeated field's last value wins): the report must not change.
            var (file, i, line) = c.PickLine();
            string what;
            byte[] mutated;
            switch (c.Rng.Next(6))
            {
                case 0:
                {
                    var names = JsonLine.FieldNames(line).Where(n => JsonLine.IsString(line, n)).ToList();
                    string name = c.Pick(names);
                    string value = JsonLine.GetString(line, name)!;
                    var sb = new StringBuilder();
                    foreach (char ch in value)
                    {
                        sb.Append(c.Rng.Next(2) == 0 && !char.IsSurrogate(ch) ? $"\\u{(int)ch:x4}" : Escape(ch.ToString()));
                    }

                    what = $"{name} written with \\u escapes: \"{sb}\"";
                    mutated = JsonLine.SetEscapedString(line, name, sb.ToString());
                    break;
                }

                case 1:
                    what = "spaces between tokens";
                    mutated = Spaced(line);
                    break;
                case 2:
                {
                    var node = JsonNode.Parse(line)!.AsObject();
                    var shuffled = new JsonObject(node.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())).OrderBy(_ => c.Rng.Next()).ToList());
                    what = "fields reordered: " + string.Join(",", shuffled.Select(p => p.Key));
                    mutated = U(shuffled.ToJsonString());
                    break;
                }

                case 3:
                {
                    var names = JsonLine.FieldNames(line).Where(n => JsonLine.IsString(line, n)).ToList();
                    string name = c.Pick(names);
                    what = $"{name} given twice, the first time as \"zz-first\" (the last wins)";
                    mutated = JsonLine.AddField(line, name, "\"zz-first\"", 0);
                    break;
                }

                case 4:
                {
                    var numbers = Specs[file].Where(f => f.Kind is Kind.Dec or Kind.Int && JsonLine.Has(line, f.Name) && JsonLine.Raw(line, f.Name) != "null").ToList();
                    if (numbers.Count == 0)
                    {
                        goto default;
                    }

                    string name = c.Pick(numbers).Name;
                    string raw = JsonLine.Raw(line, name)!;
                    what = $"{name} as a string \"{raw}\"";
                    mutated = JsonLine.ReplaceValue(line, name, "\"" + raw + "\"");
                    break;
                }

                default:
                    what = "white space around the object";
                    mutated = [.. U(c.Pick([" ", "\t", "  "])), .. line, .. U(c.Pick([" ", "\t", ""]))];
                    break;
            }

            return new Mutation($"{file}:{i + 1}: {what}", MutationContext.Replace(c.Base, file, i, mutated), new SameAs(c.Base));
        }),
        new("csv-bad-header", false, 6, c =>
        {
            var lines = c.Fx.Csv.Lines("messages.csv");
            string header = Encoding.UTF8.GetString(lines[0]);
            var commas = header.Select((ch, k) => (ch, k)).Where(p => p.ch == ',').Select(p => p.k).ToList();
            int at = c.Pick(commas) + 1;
            string mutated = c.Rng.Next(2) == 0 ? header[..at] + "\"" + header[at..] : header[..at] + "\"x\"y" + header[at..];
            lines[0] = U(mutated);
            return new Mutation($"messages.csv:1: header {mutated}", c.Fx.Csv.WithLines("messages.csv", lines), new FolderLevel("messages.csv"));
        }),

        new("parallel-reader", false, 8, c =>
        {
            // messages.jsonl padded past 8 MB with blank lines is read on two threads (docs/io.md "Ingest speed"); a
            // bad line in it must give what the one-thread reader gives on the unpadded file.
            var lines = c.Base.Lines("messages.jsonl");
            int k = c.Rng.Next(lines.Count);
            var original = lines[k];
            string what;
            switch (c.Rng.Next(4))
            {
                case 0:
                    lines[k] = original[..(original.Length / 2)];
                    what = "truncated";
                    break;
                case 1:
                    lines[k] = JsonLine.InsertIntoString(original, "text", 3, [0xFF]);
                    what = "invalid UTF-8 in text";
                    break;
                case 2:
                    int earlier = c.Rng.Next(Math.Max(1, k));
                    if (earlier == k)
                    {
                        goto default;
                    }

                    lines[k] = JsonLine.ReplaceValue(original, "id", JsonLine.Raw(lines[earlier], "id")!);
                    what = $"id of line {earlier + 1}";
                    break;
                default:
                    lines[k] = JsonLine.ReplaceValue(original, "dir", "\"sideways\"");
                    what = "dir sideways";
                    break;
            }

            var unpadded = c.Base.WithLines("messages.jsonl", lines);
            var reference = unpadded.WithoutLines([new FileLine("messages.jsonl", k + 1)]);
            int at = c.Rng.Next(lines.Count + 1);
            byte[] blank = Enumerable.Repeat((byte)' ', 100).ToArray();
            const int padding = 90_000;
            lines.InsertRange(at, Enumerable.Repeat(blank, padding));
            int physical = k + 1 + (at <= k ? padding : 0);
            var image = c.Base.WithLines("messages.jsonl", lines);
            return new Mutation($"messages.jsonl: {padding} blank lines at line {at + 1} (9 MB), line {physical} {what}", image, new BadLines([new FileLine("messages.jsonl", physical)]) { Reference = reference });
        }),

        // --- CSV ---
        new("csv-column-count", false, 15, c =>
        {
            var lines = c.Fx.Csv.Lines("messages.csv");
            int i = c.Rng.Next(1, lines.Count);
            string line = Encoding.UTF8.GetString(lines[i]);
            int lastComma = line.LastIndexOf(',');
            int firstComma = line.IndexOf(',', StringComparison.Ordinal);
            (string what, string mutated) = c.Rng.Next(5) switch
            {
                0 => ("a cell appended", line + ",x"),
                1 => ("an empty cell appended", line + ","),
                2 => ("the last cell removed", line[..lastComma]),
                3 => ("a cell inserted", line[..firstComma] + ",EXTRA" + line[firstComma..]),
                _ => ("only commas", ",,,,,,"),
            };
            var image = c.Fx.Csv.With("messages.csv", DatasetImage.JoinLines(lines.Select((l, k) => k == i ? U(mutated) : l)));
            return MutationContext.Bad($"messages.csv:{i + 1}: {what}", image, new FileLine("messages.csv", i + 1));
        }),
        new("csv-benign", false, 10, c =>
        {
            var lines = c.Fx.Csv.Lines("messages.csv").Select(l => CrossLineModel.SplitCsv(Encoding.UTF8.GetString(l))).ToList();
            string Join(IEnumerable<string> cells, bool quoteAll) => string.Join(',', cells.Select(v => BadInputFixture.CsvCell(v.Length == 0 ? null : v, quoteAll)));
            string[] rows;
            string what;
            switch (c.Rng.Next(6))
            {
                case 0:
                    what = "an unknown column added";
                    rows = c.Fx.Csv.Lines("messages.csv").Select((l, k) => Encoding.UTF8.GetString(l) + "," + (k == 0 ? "note" : BadInputFixture.CsvCell(c.Pick(["x", "a,b", "说\"明\"", "1e400"]), false))).ToArray();
                    break;
                case 1:
                    var order = Enumerable.Range(0, BadInputFixture.CsvColumns.Length).OrderBy(_ => c.Rng.Next()).ToArray();
                    what = "columns reordered: " + string.Join(",", order.Select(o => BadInputFixture.CsvColumns[o]));
                    rows = lines.Select(cells => Join(order.Select(o => cells[o]), true)).ToArray();
                    break;
                case 2:
                    what = "every cell quoted";
                    rows = lines.Select(cells => Join(cells, true)).ToArray();
                    break;
                case 3:
                    what = "CRLF line ends";
                    rows = c.Fx.Csv.Lines("messages.csv").Select(l => Encoding.UTF8.GetString(l) + "\r").ToArray();
                    break;
                case 4:
                    what = "BOM";
                    return new Mutation("messages.csv: BOM", c.Fx.Csv.With("messages.csv", [0xEF, 0xBB, 0xBF, .. c.Fx.Csv.Bytes("messages.csv")]), new SameAs(c.Fx.Csv));
                default:
                    what = "blank lines, no final newline";
                    var raw = c.Fx.Csv.Lines("messages.csv").Select(Encoding.UTF8.GetString).ToList();
                    for (int k = 0; k < 4; k++)
                    {
                        raw.Insert(c.Rng.Next(raw.Count + 1), c.Pick(["", "   "]));
                    }

                    return new Mutation("messages.csv: " + what, c.Fx.Csv.WithLines("messages.csv", raw.Select(U), finalNewline: false), new SameAs(c.Fx.Csv));
            }

            return new Mutation("messages.csv: " + what, c.Fx.Csv.WithLines("messages.csv", rows.Select(U)), new SameAs(c.Fx.Csv));
        }),

        // --- big and deep ---
        new("huge-line", false, 3, c =>
        {
            const int size = 10 << 20;
            switch (c.Rng.Next(3))
            {
                case 0:
                {
                    var lines = c.Base.Lines("messages.jsonl");
                    int at = c.Rng.Next(lines.Count + 1);
                    lines.Insert(at, [.. U("{\"id\":\""), .. Enumerable.Repeat((byte)'x', size)]);
                    return MutationContext.Bad($"messages.jsonl: a 10 MB unterminated line inserted as line {at + 1}", c.Base.WithLines("messages.jsonl", lines), new FileLine("messages.jsonl", at + 1));
                }

                case 1:
                {
                    var (file, i, line) = c.PickLine();
                    var mutated = JsonLine.AddField(line, "blob", "\"" + new string('y', size) + "\"", 1);
                    var image = MutationContext.Replace(c.Base, file, i, mutated);
                    return new Mutation($"{file}:{i + 1}: a 10 MB unknown field", image, new BadOrSame(CrossLineModel.AllBad(image, [new FileLine(file, i + 1)]), c.Base));
                }

                default:
                {
                    var lines = c.Base.Lines("orders.jsonl");
                    int at = c.Rng.Next(lines.Count + 1);
                    lines.Insert(at, Enumerable.Repeat((byte)' ', size).ToArray());
                    return new Mutation($"orders.jsonl: a 10 MB blank line inserted as line {at + 1}", c.Base.WithLines("orders.jsonl", lines), new BadOrSame([new FileLine("orders.jsonl", at + 1)], c.Base));
                }
            }
        }),
        new("deep-nesting", false, 6, c =>
        {
            const int depth = 10_000;
            string deepArray = new string('[', depth) + new string(']', depth);
            switch (c.Rng.Next(5))
            {
                case 0:
                {
                    var (file, i, line) = c.PickLine();
                    var image = MutationContext.Replace(c.Base, file, i, JsonLine.AddField(line, "deep", deepArray, 2));
                    return new Mutation($"{file}:{i + 1}: unknown field nested {depth} deep", image, new BadOrSame(CrossLineModel.AllBad(image, [new FileLine(file, i + 1)]), c.Base));
                }

                case 1:
                {
                    var (file, i, _) = c.PickLine();
                    return c.BadLine($"line replaced by arrays nested {depth} deep", file, i, U(deepArray));
                }

                case 2:
                {
                    var (file, i, _) = c.PickLine();
                    string deepObject = string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
                    return c.BadLine($"line replaced by objects nested {depth} deep", file, i, U(deepObject));
                }

                case 3:
                {
                    var roster = JsonNode.Parse(c.Base.Bytes("roster.json"))!;
                    string text = roster.ToJsonString().TrimEnd('}') + ",\"deep\":" + deepArray + "}";
                    return new Mutation($"roster.json: unknown field nested {depth} deep", c.Base.With("roster.json", U(text)), new FolderLevel("roster.json", c.Base));
                }

                default:
                    return new Mutation($"config.json: a knob nested {depth} deep", c.Base.With("config.json", U("{\"AdPhrase\":" + deepArray + "}")), new FolderLevel("config.json"));
            }
        }),

        // --- folder-level files: any problem stops the load, lenient too ---
        new("roster-bad", false, 16, c =>
        {
            var roster = JsonNode.Parse(c.Base.Bytes("roster.json"))!.AsObject();
            var agents = roster["agents"]!.AsArray();
            string what;
            string Agent(int i) => agents[i]!["id"]!.GetValue<string>();
            switch (c.Rng.Next(13))
            {
                // Groups 客服组 (domain.md §6 "Groups"): an agent in two groups, an unknown agent, a duplicate group id.
                case 9:
                    roster["groups"] = JsonNode.Parse($$"""[{"id":"gx","agents":["{{Agent(0)}}"]},{"id":"gy","agents":["{{Agent(1)}}","{{Agent(0)}}"]}]""");
                    what = "an agent in two groups";
                    break;
                case 10: roster["groups"] = JsonNode.Parse("""[{"id":"gx","agents":["nobody-here"]}]"""); what = "a group naming an unknown agent"; break;
                case 11: roster["groups"] = JsonNode.Parse("""[{"id":"gx","agents":[]},{"id":"gx","agents":[]}]"""); what = "group gx twice"; break;
                case 0:
                    byte[] bytes = c.Base.Bytes("roster.json");
                    int cut = c.Rng.Next(1, bytes.Length - 2);
                    return new Mutation($"roster.json truncated to {cut} bytes", c.Base.With("roster.json", bytes[..cut]), new FolderLevel("roster.json"));
                case 1: roster["shops"] = 5; what = "shops: 5"; break;
                case 2: agents[0]!.AsObject().Remove("id"); what = "agents[0] without id"; break;
                case 3: agents[1]!["accounts"]![0]!["role"] = "boss"; what = "role: boss"; break;
                case 4: roster["shops"]![0]!["timeZone"] = "Mars/Base"; what = "timeZone: Mars/Base"; break;
                case 5: roster["shops"]!.AsArray().Add(JsonNode.Parse("{\"id\":\"s1\",\"timeZone\":\"UTC\"}")); what = "shop s1 twice"; break;
                case 6: agents[2]!["accounts"]!.AsArray().Add(agents[0]!["accounts"]![0]!.DeepClone()); what = "an account bound to two agents"; break;
                case 7: return new Mutation("roster.json is []", c.Base.With("roster.json", U("[]")), new FolderLevel("roster.json"));
                case 8: return new Mutation("roster.json is empty", c.Base.With("roster.json", []), new FolderLevel("roster.json"));
                default: agents[3]!["accounts"] = "s1:azi"; what = "accounts: a string"; break;
            }

            return new Mutation("roster.json: " + what, c.Base.With("roster.json", U(roster.ToJsonString())), new FolderLevel("roster.json"));
        }),
        new("config-bad", false, 12, c =>
        {
            if (c.Rng.Next(6) == 0)
            {
                byte[] bytes = c.Base.Bytes("config.json");
                int cut = c.Rng.Next(1, bytes.Length - 2);
                return new Mutation($"config.json truncated to {cut} bytes", c.Base.With("config.json", bytes[..cut]), new FolderLevel("config.json"));
            }

            string text = c.Pick(
            [
                "{\"SessionGap\":5}", "{\"AfterSaleDays\":\"x\"}", "{\"NoSuchKnob\":1}", "{\"SessionGap\":\"-00:01:00\"}", "[]", "42",
                "{\"TimeZone\":\"Mars/Base\"}", "{\"AttributionRule\":\"Best\"}", "{\"AfterSaleDays\":1e400}", "{\"AfterSaleDays\":99999999999}",
                "{\"AfterSaleDays\":-1}", "{\"SessionGap\":\"P1Y\"}", "{\"FilteredCustomers\":\"a\"}", "",
            ]);
            return new Mutation($"config.json = {text}", c.Base.With("config.json", U(text)), new FolderLevel("config.json"));
        }),

        // --- random damage: invariants only ---
        new("random-byte-flips", false, 80, c =>
        {
            string file = c.Rng.Next(8) switch
            {
                < 6 => c.PickFile(),
                6 => "roster.json",
                _ => "config.json",
            };
            return Flip(c, c.Base, file);
        }),
        new("random-byte-flips-csv", false, 20, c => Flip(c, c.Fx.Csv, "messages.csv")),

        // --- known holes (issue 6 table): fail until the badinput branch is merged ---
        new("nul-in-ids", true, 20, c =>
        {
            var lines = c.Base.Lines("messages.jsonl");
            switch (c.Rng.Next(3))
            {
                case 0:
                {
                    // Two conversations whose shop\0customer\0account keys coincide if NUL were a separator.
                    var (i, j) = SameAccountPair(c, lines);
                    string shop = JsonLine.GetString(lines[i], "shop")!, customer = JsonLine.GetString(lines[i], "customer")!;
                    lines[i] = JsonLine.ReplaceValue(lines[i], "shop", $"\"{shop}\\u0000zz\"");
                    lines[j] = JsonLine.ReplaceValue(lines[j], "customer", $"\"zz\\u0000{customer}\"");
                    return NulPair(c, lines, i, j, $"shop \"{shop}\\u0000zz\" at line {i + 1}, customer \"zz\\u0000{customer}\" at line {j + 1}");
                }

                case 1:
                {
                    var (i, j) = SameAccountPair(c, lines);
                    string customer = JsonLine.GetString(lines[i], "customer")!, account = JsonLine.GetString(lines[i], "account")!;
                    lines[i] = JsonLine.ReplaceValue(lines[i], "account", $"\"q\\u0000{account}\"");
                    lines[j] = JsonLine.ReplaceValue(lines[j], "customer", $"\"{customer}\\u0000q\"");
                    return NulPair(c, lines, i, j, $"account \"q\\u0000{account}\" at line {i + 1}, customer \"{customer}\\u0000q\" at line {j + 1}");
                }

                default:
                {
                    var (file, i, line, f) = PickField(c, f => f.IdLike);
                    string value = JsonLine.GetString(line, f.Name)!;
                    int at = c.Rng.Next(value.Length + 1);
                    return Equivalent(c, file, i, line, f.Name, Escape(value[..at]) + @"\u0000" + Escape(value[at..]), value[..at] + "!" + value[at..], '\0', '!');
                }
            }
        }),
        new("invalid-utf8-csv", true, 10, c =>
        {
            var lines = c.Fx.Csv.Lines("messages.csv");
            int i = c.Rng.Next(6) == 0 ? 0 : c.Rng.Next(1, lines.Count);
            var line = lines[i];
            int at = c.Rng.Next(1, line.Length);
            while (at < line.Length && (line[at] & 0xC0) == 0x80)
            {
                at++;
            }

            var bytes = c.Pick(InvalidUtf8);
            lines[i] = [.. line[..at], .. bytes, .. line[at..]];
            var image = c.Fx.Csv.WithLines("messages.csv", lines);
            string what = $"messages.csv:{i + 1}: bytes {Convert.ToHexString(bytes)} inserted at byte {at}";

            // In the header no record can be read: the file is at fault, lenient too.
            return i == 0 ? new Mutation(what + " (header)", image, new FolderLevel("messages.csv")) : MutationContext.Bad(what, image, new FileLine("messages.csv", i + 1));
        }),
        new("csv-unbalanced-quote", true, 15, c =>
        {
            var lines = c.Fx.Csv.Lines("messages.csv");
            int i = c.Rng.Next(1, lines.Count);
            string line = Encoding.UTF8.GetString(lines[i]);
            string what, mutated;
            if (c.Rng.Next(2) == 0 && line.EndsWith('"'))
            {
                what = "closing quote of the text removed";
                mutated = line[..^1];
            }
            else
            {
                var commas = line.Select((ch, k) => (ch, k)).Where(p => p.ch == ',').Select(p => p.k).Take(5).ToList();
                int at = c.Rng.Next(2) == 0 ? 0 : c.Pick(commas) + 1;
                what = $"a quote opened at column {at} and never closed";
                mutated = line[..at] + "\"" + line[at..];
                if (line.EndsWith('"'))
                {
                    // Unbalance the line as a whole: the text's own quotes would otherwise close it.
                    mutated = mutated[..^1];
                }
            }

            lines[i] = U(mutated);
            return MutationContext.Bad($"messages.csv:{i + 1}: {what}", c.Fx.Csv.WithLines("messages.csv", lines), new FileLine("messages.csv", i + 1));
        }),
        new("non-rfc3339-instants", true, 15, c =>
        {
            var (file, i, line, f) = PickField(c, f => f.Kind == Kind.Instant);
            string value = c.Pick(
            [
                "2026-11-01T24:00:00+08:00", "2026-11-01T10:00:00+08", "2026-11-01T10:00:00+08:00:00", "-0001-11-01T10:00:00Z",
                "+2026-11-01T10:00:00Z", "-2026-11-01T10:00:00+08:00", "2026-11-01T10:00:00-08", "2026-11-01T24:00:00Z",
            ]);
            return c.BadLine($"{f.Name} = \"{value}\"", file, i, JsonLine.ReplaceValue(line, f.Name, "\"" + value + "\""));
        }),
        new("extreme-years", true, 10, c =>
        {
            var (file, i, line, f) = PickField(c, f => f.Kind == Kind.Instant);
            string value = c.Pick(["0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1000-06-01T00:00:00+08:00", "9999-12-31T23:59:59-12:00"]);
            var image = MutationContext.Replace(c.Base, file, i, JsonLine.ReplaceValue(line, f.Name, "\"" + value + "\""));
            var candidates = CrossLineModel.AllBad(image, [new FileLine(file, i + 1)]);
            string[]? extra = value.StartsWith("9999", StringComparison.Ordinal) && c.Rng.Next(2) == 0 ? ["--as-of", "9999-12-31T23:59:59Z"] : null;
            return new Mutation($"{file}:{i + 1}: {f.Name} = \"{value}\"{(extra is null ? "" : " with --as-of 9999-12-31T23:59:59Z")}", image, new BadOrSame(candidates, null) { ArgumentsMayBeRefused = extra is not null }, extra);
        }),
        new("huge-amounts", true, 12, c =>
        {
            var (file, i, line, f) = PickField(c, f => f.Kind is Kind.Dec || f.Name == "items");
            if (f.Kind == Kind.Int)
            {
                var image = MutationContext.Replace(c.Base, file, i, JsonLine.ReplaceValue(line, f.Name, "2147483647"));
                return new Mutation($"{file}:{i + 1}: items = 2147483647", image, new BadOrSame(CrossLineModel.AllBad(image, [new FileLine(file, i + 1)]), null));
            }

            string value = c.Pick(["5e28", "79228162514264337593543950335", "1e28", "\"5e28\"", "7.9e28", "50000000000000000000000000000"]);
            if (f.Name == "postage")
            {
                line = JsonLine.ReplaceValue(line, "amount", value);
            }

            return c.BadLine($"{f.Name} = {value}", file, i, JsonLine.ReplaceValue(line, f.Name, value));
        }),
        new("file-is-folder", true, 9, c =>
        {
            string[] files = [.. BadInputFixture.JsonlFiles, "roster.json", "config.json", "messages.csv"];
            string file = files[c.Rng.Next(files.Length)];
            var image = file == "messages.csv" ? c.Fx.Csv : c.Base;
            return new Mutation($"{file} is a folder", image.With(file, null), new FolderLevel(file));
        }),
        new("lone-surrogate-roster-config", true, 10, c =>
        {
            string escape = c.Pick(LoneSurrogates);
            if (c.Rng.Next(3) == 0)
            {
                var config = c.Base.Bytes("config.json");
                var mutated = JsonLine.InsertIntoString(config, "AdPhrase", c.Rng.Next(4), U(escape));
                return new Mutation($"config.json: {escape} in AdPhrase", c.Base.With("config.json", mutated), new FolderLevel("config.json"));
            }

            var lines = c.Base.Lines("roster.json");
            var stringLines = lines.Select((l, k) => (l, k)).Where(p => Encoding.UTF8.GetString(p.l).Contains("\": \"", StringComparison.Ordinal)).Select(p => p.k).ToList();
            int k = c.Pick(stringLines);
            string text = Encoding.UTF8.GetString(lines[k]);
            int at = text.IndexOf("\": \"", StringComparison.Ordinal) + 4;
            lines[k] = U(text[..at] + escape + text[at..]);
            return new Mutation($"roster.json:{k + 1}: {escape} inserted", c.Base.WithLines("roster.json", lines), new FolderLevel("roster.json"));
        }),
        new("roster-invalid-utf8", true, 5, c =>
        {
            var lines = c.Base.Lines("roster.json");
            var stringLines = lines.Select((l, k) => (l, k)).Where(p => Encoding.UTF8.GetString(p.l).Contains("\": \"", StringComparison.Ordinal)).Select(p => p.k).ToList();
            int k = c.Pick(stringLines);
            int at = lines[k].AsSpan().IndexOf(U("\": \"")) + 4;
            var bytes = c.Pick(InvalidUtf8);
            lines[k] = [.. lines[k][..at], .. bytes, .. lines[k][at..]];
            return new Mutation($"roster.json:{k + 1}: bytes {Convert.ToHexString(bytes)} inserted", c.Base.WithLines("roster.json", lines), new FolderLevel("roster.json"));
        }),
        new("config-duration-overflow", true, 6, c =>
        {
            string knob = c.Pick(["SessionGap", "LongDailyThreshold", "PaymentWindow", "SlowResponseThreshold", "FirstResponseTarget"]);
            string value = c.Pick(["P3650000D", "PT9999999999S", "10675200.00:00:00", "P99999999D", "PT2562047788015H"]);
            return new Mutation($"config.json: {knob} = {value}", c.Base.With("config.json", U($"{{\"{knob}\":\"{value}\"}}")), new FolderLevel("config.json"));
        }),
        new("config-invalid-utf8", true, 5, c =>
        {
            var bytes = c.Pick(InvalidUtf8);
            var mutated = JsonLine.InsertIntoString(c.Base.Bytes("config.json"), "AdPhrase", c.Rng.Next(4), bytes);
            return new Mutation($"config.json: bytes {Convert.ToHexString(bytes)} in AdPhrase", c.Base.With("config.json", mutated), new FolderLevel("config.json"));
        }),
    ];

    /// <summary>The line with a space after every ':' and ',' and inside the braces (outside strings).</summary>
    private static byte[] Spaced(byte[] line)
    {
        var output = new List<byte>();
        bool inString = false;
        for (int k = 0; k < line.Length; k++)
        {
            byte b = line[k];
            output.Add(b);
            if (inString)
            {
                if (b == '\\')
                {
                    output.Add(line[++k]);
                }
                else if (b == '"')
                {
                    inString = false;
                }
            }
            else if (b == '"')
            {
                inString = true;
            }
            else if (b is (byte)':' or (byte)',' or (byte)'{')
            {
                output.Add((byte)' ');
            }
            else if (k + 1 < line.Length && line[k + 1] == '}')
            {
                output.Add((byte)' ');
            }
        }

        return output.ToArray();
    }

    private static string Escape(string s)
    {
        var sb = new StringBuilder();
        foreach (char ch in s)
        {
            sb.Append(ch switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' => $"\\u{(int)ch:x4}",
                _ => ch.ToString(),
            });
        }

        return sb.ToString();
    }

    /// <summary>
    /// A field set to an escaped value holding a control character: rejected, or accepted as an opaque string, in
    /// which case the report equals that of the same value with a printable stand-in (so no two ids merge).
    /// </summary>
    private static Mutation Equivalent(MutationContext c, string file, int i, byte[] line, string field, string escapedValue, string standIn, char ch, char standInChar)
    {
        var image = MutationContext.Replace(c.Base, file, i, JsonLine.SetEscapedString(line, field, escapedValue));
        var reference = MutationContext.Replace(c.Base, file, i, JsonLine.SetEscapedString(line, field, Escape(standIn)));
        var candidates = CrossLineModel.AllBad(image, [new FileLine(file, i + 1)]);
        return new Mutation($"{file}:{i + 1}: {field} = \"{escapedValue}\"", image, new BadOrSame(candidates, reference) { Map = (ch, standInChar) });
    }

    private static (int I, int J) SameAccountPair(MutationContext c, List<byte[]> lines)
    {
        while (true)
        {
            int i = c.Rng.Next(lines.Count);
            string account = JsonLine.GetString(lines[i], "account")!;
            var others = Enumerable.Range(0, lines.Count).Where(k => k != i && JsonLine.GetString(lines[k], "account") == account).ToList();
            if (others.Count > 0)
            {
                return (i, c.Pick(others));
            }
        }
    }

    private static Mutation NulPair(MutationContext c, List<byte[]> lines, int i, int j, string what)
    {
        var image = c.Base.WithLines("messages.jsonl", lines);
        var reference = c.Base.WithLines("messages.jsonl", lines.Select(l => U(Encoding.UTF8.GetString(l).Replace(@"\u0000", "!", StringComparison.Ordinal))));
        return new Mutation("messages.jsonl: " + what, image, new BadOrSame([new FileLine("messages.jsonl", i + 1), new FileLine("messages.jsonl", j + 1)], reference) { Map = ('\0', '!') });
    }

    private static Mutation Flip(MutationContext c, DatasetImage image, string file)
    {
        byte[] bytes = [.. image.Bytes(file)];
        int n = c.Rng.Next(1, 4);
        var where = new List<string>();
        for (int k = 0; k < n; k++)
        {
            int at = c.Rng.Next(bytes.Length);
            byte mask = (byte)c.Rng.Next(1, 256);
            bytes[at] ^= mask;
            where.Add($"byte {at} ^= {mask:X2}");
        }

        return new Mutation($"{file}: {string.Join(", ", where)}", image.With(file, bytes), new Invariants());
    }

    public static string Describe(Mutation m) => m.Description.Length > 300 ? m.Description[..300] + "…" : m.Description;
}
