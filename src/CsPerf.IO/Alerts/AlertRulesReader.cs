using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using CsPerf.Engine;
using CsPerf.IO.Ingest;

namespace CsPerf.IO;

/// <summary>
/// Reads an alert rules file (<c>csperf alerts --rules F</c>, docs/alerts.md): a JSON array of rules, or an object
/// <c>{ "rules": [...] }</c>. Every problem is reported at once as <c>file:line: field: problem</c>, the field being
/// the JSON path (<c>$.rules[1].kpi</c>) and the line that of the field (or of the rule when the field is missing).
/// </summary>
/// <remarks>Unknown fields are errors: a misspelt <c>bellow</c> silently ignored would never page anyone. Stateless and thread safe.</remarks>
public static class AlertRulesReader
{
    private static readonly string[] RuleFields = ["kpi", "level", "by", "above", "below"];

    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Reads a rules file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The rules (empty when any problem) and every problem.</returns>
    public static (ImmutableArray<AlertRule> Rules, IReadOnlyList<Problem> Errors) Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string file = Path.GetFileName(path);
        return InputFiles.State(path) switch
        {
            InputFileState.File => Parse(File.ReadAllBytes(path), file),
            InputFileState.Folder => ([], [new Problem(file, null, null, InputFiles.NotAFile)]),
            _ => ([], [new Problem(file, null, null, "not found")]),
        };
    }

    /// <summary>Parses a rules file (UTF-8 JSON; a byte order mark is skipped).</summary>
    /// <param name="utf8">The text.</param>
    /// <param name="file">The file name problems name.</param>
    /// <returns>The rules (empty when any problem) and every problem.</returns>
    public static (ImmutableArray<AlertRule> Rules, IReadOnlyList<Problem> Errors) Parse(ReadOnlyMemory<byte> utf8, string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var bytes = JsonText.SkipBom(utf8);
        if (JsonText.Check(bytes.Span, file) is { } bad)
        {
            return ([], [bad]);
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes, Options);
        }
        catch (JsonException ex)
        {
            return ([], [new Problem(file, (ex.LineNumber ?? 0) + 1, null, "not valid JSON")]);
        }

        using (doc)
        {
            var lines = LinesByPath(bytes.Span);
            var errors = new List<Problem>();
            void Error(string path, string problem) =>
                errors.Add(new Problem(file, LineOf(lines, path), path, problem));

            var root = doc.RootElement;
            JsonElement list = root;
            string listPath = "$";
            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in root.EnumerateObject())
                {
                    if (p.Name != "rules")
                    {
                        Error("$." + p.Name, "unknown field (known: rules)");
                    }
                }

                listPath = "$.rules";
                if (!root.TryGetProperty("rules", out list))
                {
                    Error("$.rules", "missing; expected an array of rules");
                    return ([], errors);
                }
            }

            if (list.ValueKind != JsonValueKind.Array)
            {
                Error(listPath, "expected an array of rules (or an object { \"rules\": [...] })");
                return ([], errors);
            }

            var rules = ImmutableArray.CreateBuilder<AlertRule>();
            int i = 0;
            foreach (var e in list.EnumerateArray())
            {
                if (ReadRule(e, $"{listPath}[{i}]", Error) is { } rule)
                {
                    rules.Add(rule);
                }

                i++;
            }

            if (i == 0)
            {
                Error(listPath, "no rules");
            }

            return errors.Count == 0 ? (rules.ToImmutable(), errors) : ([], errors);
        }
    }

    private static AlertRule? ReadRule(JsonElement e, string path, Action<string, string> error)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            error(path, "expected a rule object { \"kpi\": …, \"above\" or \"below\": … }");
            return null;
        }

        bool ok = true;
        void Error(string p, string problem)
        {
            ok = false;
            error(p, problem);
        }

        foreach (var p in e.EnumerateObject())
        {
            if (Array.IndexOf(RuleFields, p.Name) < 0)
            {
                Error($"{path}.{p.Name}", $"unknown field (known: {string.Join(", ", RuleFields)})");
            }
        }

        string? Text(string name)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (v.ValueKind == JsonValueKind.String)
            {
                return v.GetString();
            }

            Error($"{path}.{name}", $"expected a string, was {Show(v)}");
            return null;
        }

        double? Number(string name)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && double.IsFinite(d))
            {
                return d;
            }

            Error($"{path}.{name}", $"expected a number, was {Show(v)}");
            return null;
        }

        var level = Text("level") switch
        {
            null => AlertLevel.Agent,
            "account" => AlertLevel.Account,
            "agent" => AlertLevel.Agent,
            "shop" => AlertLevel.Shop,
            "total" => AlertLevel.Total,
            "group" => AlertLevel.Group,
            var x => Fail(AlertLevel.Agent, $"{path}.level", $"expected account, agent, group, shop or total, was \"{x}\""),
        };
        var by = Text("by") switch
        {
            null => PeriodGrouping.Day,
            "day" => PeriodGrouping.Day,
            "week" => PeriodGrouping.Week,
            "month" => PeriodGrouping.Month,
            "all" => PeriodGrouping.All,
            var x => Fail(PeriodGrouping.Day, $"{path}.by", $"expected day, week, month or all, was \"{x}\""),
        };
        string? kpi = Text("kpi");
        if (!Present(e, "kpi"))
        {
            Error($"{path}.kpi", "missing; a key of the report's kpis object, such as replyRate");
        }
        else if (kpi is not null && Alerts.KpiProblem(kpi, level) is { } kpiProblem)
        {
            Error($"{path}.kpi", kpiProblem);
        }

        double? above = Number("above");
        double? below = Number("below");
        if (!Present(e, "above") && !Present(e, "below"))
        {
            Error(path, "no threshold: give \"above\" and/or \"below\"");
        }

        return ok && kpi is not null ? new AlertRule { Kpi = kpi, Level = level, By = by, Above = above, Below = below } : null;

        T Fail<T>(T fallback, string p, string problem)
        {
            Error(p, problem);
            return fallback;
        }
    }

    private static bool Present(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    private static string Show(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => e.GetRawText(),
    };

    /// <summary>The line of a path, or of its nearest parent present (a missing field is at its rule's line).</summary>
    private static long? LineOf(Dictionary<string, long> lines, string path)
    {
        while (true)
        {
            if (lines.TryGetValue(path, out long line))
            {
                return line;
            }

            int cut = path.LastIndexOfAny(['.', '[']);
            if (cut <= 0)
            {
                return null;
            }

            path = path[..cut];
        }
    }

    /// <summary>The line (from 1) where each JSON path (<c>$</c>, <c>$.rules[0].kpi</c>) starts: a property at its name.</summary>
    private static Dictionary<string, long> LinesByPath(ReadOnlySpan<byte> utf8)
    {
        var lines = new Dictionary<string, long>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var stack = new List<(string Path, bool IsArray, int Next)>();
        string? property = null;
        long line = 1;
        int counted = 0;
        while (reader.Read())
        {
            int at = (int)reader.TokenStartIndex;
            line += utf8[counted..at].Count((byte)'\n');
            counted = at;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    lines.TryAdd($"{stack[^1].Path}.{property}", line);
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    stack.RemoveAt(stack.Count - 1);
                    break;
                default:
                    string path;
                    if (stack.Count == 0)
                    {
                        path = "$";
                    }
                    else if (stack[^1].IsArray)
                    {
                        var top = stack[^1];
                        path = string.Create(CultureInfo.InvariantCulture, $"{top.Path}[{top.Next}]");
                        stack[^1] = top with { Next = top.Next + 1 };
                    }
                    else
                    {
                        path = $"{stack[^1].Path}.{property}";
                    }

                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        // A property's line is its name's; an array element's is its own start.
                        lines.TryAdd(path, line);
                        stack.Add((path, reader.TokenType == JsonTokenType.StartArray, 0));
                    }
                    else
                    {
                        lines.TryAdd(path, line);
                    }

                    break;
            }
        }

        return lines;
    }
}
