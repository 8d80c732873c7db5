using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using CsPerf.Engine.Payroll;
using NodaTime;
using NodaTime.Text;

namespace CsPerf.IO.Payroll;

/// <summary>
/// Reads a saved JSON report (<c>csperf report --by month --format json</c>, contract "JSON report") as the input of a
/// payroll run: the agents of the month period with their KPIs, the report's <c>rule</c> and the period's <c>final</c>.
/// A report holding only some KPI keys is accepted (the payroll engine reports the keys a plan reads and misses).
/// </summary>
/// <remarks>
/// A saved report does not say whether an agent is presale or after-sale: roles come from a roster when one is given
/// (an agent with a presale account, or absent from the roster, is presale), else every agent is presale
/// (docs/decisions.md).
/// </remarks>
public static class SavedReportReader
{
    /// <summary>Reads the month of a saved report.</summary>
    /// <param name="path">The report file.</param>
    /// <param name="month">The month paid; the report must hold a period from its first to its last day.</param>
    /// <param name="roster">The roster giving the agents' roles, or null (every agent presale).</param>
    /// <returns>The payroll input (without scores, attendance or history), or null with every problem.</returns>
    public static (PayrollInput? Input, IReadOnlyList<JsonFileProblem> Errors) Read(string path, YearMonth month, Roster? roster)
    {
        ArgumentNullException.ThrowIfNull(path);
        string file = Path.GetFileName(path);
        if (JsonFiles.NotAFile(path) is { } problem)
        {
            return (null, [problem]);
        }

        return Parse(File.ReadAllBytes(path), file, month, roster);
    }

    /// <summary>Parses a saved report (UTF-8 JSON); see <see cref="Read"/>.</summary>
    /// <param name="utf8">The JSON text.</param>
    /// <param name="file">The file name used in problems.</param>
    /// <param name="month">The month paid.</param>
    /// <param name="roster">The roster giving the agents' roles, or null.</param>
    public static (PayrollInput? Input, IReadOnlyList<JsonFileProblem> Errors) Parse(ReadOnlyMemory<byte> utf8, string file, YearMonth month, Roster? roster)
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
            Error("$", "expected a JSON report object (csperf report --by month --format json)");
            return (null, errors);
        }

        AttributionRule rule = AttributionRule.OrderFirst;
        if (!root.TryGetProperty("rule", out var ruleText) || ruleText.ValueKind != JsonValueKind.String
            || !Enum.TryParse(ruleText.GetString(), ignoreCase: false, out rule) || !Enum.IsDefined(rule))
        {
            Error("$.rule", ruleText.ValueKind == JsonValueKind.Undefined ? "missing" : $"expected \"Order\", \"Payment\" or \"OrderFirst\", was {ruleText.GetRawText()}");
        }

        if (!root.TryGetProperty("periods", out var periods) || periods.ValueKind != JsonValueKind.Array)
        {
            Error("$.periods", periods.ValueKind == JsonValueKind.Undefined ? "missing" : "expected an array");
            return (null, errors);
        }

        var first = month.OnDayOfMonth(1);
        var last = month.OnDayOfMonth(month.Calendar.GetDaysInMonth(month.Year, month.Month));
        string wanted = LocalDatePattern.Iso.Format(first) + ".." + LocalDatePattern.Iso.Format(last);
        int index = 0;
        JsonElement? found = null;
        foreach (var p in periods.EnumerateArray())
        {
            if (p.ValueKind == JsonValueKind.Object && Date(p, "from") == first && Date(p, "to") == last)
            {
                found = p;
                break;
            }

            index++;
        }

        if (found is not { } period)
        {
            Error("periods", $"no period {wanted} (run csperf report --by month)");
            return (null, errors);
        }

        string at = $"$.periods[{index}]";
        bool final = false;
        if (!period.TryGetProperty("final", out var finalValue) || finalValue.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Error(at + ".final", "expected true or false");
        }
        else
        {
            final = finalValue.GetBoolean();
        }

        var agents = ImmutableArray.CreateBuilder<PayrollAgent>();
        if (!period.TryGetProperty("agents", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            Error(at + ".agents", list.ValueKind == JsonValueKind.Undefined ? "missing" : "expected an array");
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            int i = 0;
            foreach (var a in list.EnumerateArray())
            {
                if (Agent(a, $"{at}.agents[{i}]", roster, Error) is { } agent)
                {
                    if (!seen.Add(agent.Agent))
                    {
                        Error($"{at}.agents[{i}].agent", $"agent \"{agent.Agent}\" is listed twice");
                    }
                    else
                    {
                        agents.Add(agent);
                    }
                }

                i++;
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var input = new PayrollInput { Period = month, ReportRule = rule, Final = final, Agents = agents.ToImmutable() };
        return (input, errors);
    }

    private static LocalDate? Date(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && LocalDatePattern.Iso.Parse(v.GetString()!) is { Success: true } r
            ? r.Value
            : null;

    private static PayrollAgent? Agent(JsonElement a, string at, Roster? roster, Action<string, string> error)
    {
        if (a.ValueKind != JsonValueKind.Object)
        {
            error(at, "expected an object");
            return null;
        }

        if (!a.TryGetProperty("agent", out var idValue) || idValue.ValueKind != JsonValueKind.String || idValue.GetString()!.Length == 0)
        {
            error(at + ".agent", "expected a non-empty string");
            return null;
        }

        string id = idValue.GetString()!;
        if (IdRules.Problem(id) is { } idProblem)
        {
            // Ids are checked like dataset ids: "a1\u0001" must not be paid as another agent.
            error(at + ".agent", $"\"{IdRules.Shown(id)}\" {idProblem}");
            return null;
        }

        string name = a.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : id;
        var kpis = new List<KeyValuePair<string, KpiValue>>();
        if (!a.TryGetProperty("kpis", out var k) || k.ValueKind != JsonValueKind.Object)
        {
            error(at + ".kpis", k.ValueKind == JsonValueKind.Undefined ? "missing" : "expected an object");
            return null;
        }

        bool ok = true;
        foreach (var p in k.EnumerateObject())
        {
            if (LimitProblem(p.Name, p.Value) is { } limit)
            {
                error($"{at}.kpis.{p.Name}", limit);
                ok = false;
            }
            else if (Value(p.Name, p.Value) is { } v)
            {
                kpis.Add(new(p.Name, v));
            }
            else
            {
                error($"{at}.kpis.{p.Name}", p.Value.ValueKind switch
                {
                    JsonValueKind.Array => "expected an array of 24 whole numbers",
                    JsonValueKind.Object => $"expected an object of whole counts from 0 to {MaxCount}, was {p.Value.GetRawText()}",
                    _ => $"expected a number or null, was {p.Value.GetRawText()}",
                });
                ok = false;
            }
        }

        if (!ok)
        {
            return null;
        }

        var info = roster?.Agents.FirstOrDefault(x => x.Id == id);
        bool presale = info is null || info.Accounts.IsEmpty || info.Accounts.Any(x => x.Role == AccountRole.Presale);
        return new PayrollAgent(id, name, presale, new KpiSet(kpis));
    }

    /// <summary>The largest money KPI of a saved report: 10^15 (a month's sales of one agent, with room to spare).</summary>
    public const decimal MaxMoney = 1_000_000_000_000_000m;

    /// <summary>The largest count KPI of a saved report: 10^12.</summary>
    public const long MaxCount = 1_000_000_000_000;

    /// <summary>The largest real KPI (rate, average, ratio) of a saved report: 10^15.</summary>
    public const double MaxReal = 1e15;

    /// <summary>
    /// Why a KPI number is out of range, or null (docs/io.md "Payroll files"): no KPI is negative; money at most
    /// <see cref="MaxMoney"/>, counts <see cref="MaxCount"/>, reals <see cref="MaxReal"/>. The bounds keep every
    /// payroll sum and product (basis × rate ≤ 10^6, count × amount ≤ 10^12, count × bonus) far from the decimal range.
    /// </summary>
    internal static string? LimitProblem(string key, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        string raw = value.GetRawText();
        double x = value.TryGetDouble(out double d) && double.IsFinite(d) ? d : raw.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
        if (x < 0)
        {
            return $"must not be negative, was {raw}";
        }

        var (max, text) = KindOf(key) switch
        {
            KpiKind.Money => ((double)MaxMoney, "1000000000000000 (10^15)"),
            KpiKind.Real => (MaxReal, "10^15"),
            _ => ((double)MaxCount, "1000000000000 (10^12)"),
        };
        return x > max ? $"must be at most {text}, was {raw}" : null;
    }

    /// <summary>
    /// A KPI value as the report writer wrote it: null, an hourly array, an object of counts per reason, or a number whose kind (count, real or money)
    /// follows from the key, mirroring <see cref="JsonReportWriter"/> (counts integers, money 2 decimals, reals).
    /// </summary>
    internal static KpiValue? Value(string key, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return KpiValue.Null;
            case JsonValueKind.Array:
                if (value.GetArrayLength() != 24)
                {
                    return null;
                }

                var hours = ImmutableArray.CreateBuilder<int>(24);
                foreach (var h in value.EnumerateArray())
                {
                    if (h.ValueKind != JsonValueKind.Number || !h.TryGetInt32(out int c) || c < 0)
                    {
                        return null;
                    }

                    hours.Add(c);
                }

                return KpiValue.FromHourly(hours.MoveToImmutable());
            case JsonValueKind.Object:
                // complaintsByReason: reason → whole count (docs/io.md "JSON report").
                var counts = new List<KeyValuePair<string, long>>();
                foreach (var reason in value.EnumerateObject())
                {
                    if (reason.Value.ValueKind != JsonValueKind.Number || !reason.Value.TryGetInt64(out long n) || n < 0 || n > MaxCount)
                    {
                        return null;
                    }

                    counts.Add(new(reason.Name, n));
                }

                return KpiValue.FromBreakdown(counts);
            case JsonValueKind.Number:
                switch (KindOf(key))
                {
                    case KpiKind.Money:
                        return value.TryGetDecimal(out var money) ? KpiValue.FromMoney(money) : null;
                    case KpiKind.Real:
                        return value.TryGetDouble(out var real) && double.IsFinite(real) ? KpiValue.FromReal(real) : null;
                    default:
                        return value.TryGetInt64(out var count) ? KpiValue.FromCount(count)
                            : value.TryGetDouble(out var other) && double.IsFinite(other) ? KpiValue.FromReal(other) : null;
                }

            default:
                return null;
        }
    }

    /// <summary>
    /// The kind of a numeric KPI key, from the catalogue (<see cref="KpiDefinitions"/>; a rule suffix is ignored): money,
    /// real (rates, seconds, ratios) or count. A key the catalogue does not know (a report of a later version) is read
    /// as a count, or as a real when the number is not whole.
    /// </summary>
    internal static KpiKind KindOf(string key) =>
        KpiDefinitions.TryResolve(key, out var definition, out _) && definition.IsNumber ? definition.ValueKind : KpiKind.Count;

    /// <summary>The first and last day of a month as <c>yyyy-MM-dd..yyyy-MM-dd</c>.</summary>
    internal static string Range(YearMonth month) => string.Create(CultureInfo.InvariantCulture,
        $"{LocalDatePattern.Iso.Format(month.OnDayOfMonth(1))}..{LocalDatePattern.Iso.Format(month.OnDayOfMonth(month.Calendar.GetDaysInMonth(month.Year, month.Month)))}");
}
