using System.Buffers;
using System.Collections.Immutable;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace CsPerf.IO;

/// <summary>
/// Reads a saved JSON report (contract.md "JSON report", as <see cref="JsonReportWriter"/> writes it) back into a
/// <see cref="Report"/>: periods with total, shops, groups, agents and accounts, the comparison (<c>previous</c>) and the
/// ranking when present, <c>filtered</c>, <c>rejected</c> and <c>rejectedLines</c>. Writing the report read back gives
/// the same JSON.
/// </summary>
/// <remarks>
/// What the JSON does not hold is inferred or left empty (docs/io.md "Reading a report back"): <c>AllRules</c> is true
/// when the KPIs carry the suffixed keys; <c>By</c> is <c>Day</c> when every period is one day (and there are two or
/// more), <c>Week</c> when every period after the first starts on a Monday, <c>Month</c> when every period after the
/// first starts on a 1st, else <c>All</c>; <c>Warnings</c> (written on stderr, not in the JSON) is empty. Money
/// averages come back as written, rounded to 0.01. Stateless and thread safe.
/// </remarks>
public static class JsonReportReader
{
    /// <summary>Reads a report from a UTF-8 JSON stream.</summary>
    /// <param name="utf8">The JSON.</param>
    /// <returns>The report.</returns>
    /// <exception cref="JsonException">Not JSON, or not a report: the message names the JSON path (<c>$.periods[2].from: …</c>).</exception>
    public static Report Read(Stream utf8)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        using var doc = JsonDocument.Parse(utf8);
        return Read(doc.RootElement);
    }

    /// <summary>Reads a report from JSON text.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The report.</returns>
    /// <exception cref="JsonException">Not JSON, or not a report: the message names the JSON path.</exception>
    public static Report Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var doc = JsonDocument.Parse(json);
        return Read(doc.RootElement);
    }

    private static Report Read(JsonElement root)
    {
        Expect(root, JsonValueKind.Object, "$");
        var asOf = InstantPattern.ExtendedIso.Parse(String(root, "asOf", "$"));
        if (!asOf.Success)
        {
            throw new JsonException($"$.asOf: expected an RFC 3339 instant, was {root.GetProperty("asOf").GetRawText()}");
        }

        if (!Enum.TryParse(String(root, "rule", "$"), ignoreCase: false, out AttributionRule rule) || !Enum.IsDefined(rule))
        {
            throw new JsonException($"$.rule: expected \"Order\", \"Payment\" or \"OrderFirst\", was {root.GetProperty("rule").GetRawText()}");
        }

        var periods = ImmutableArray.CreateBuilder<PeriodReport>();
        int i = 0;
        foreach (var p in Array(root, "periods", "$"))
        {
            periods.Add(Period(p, $"$.periods[{i++}]"));
        }

        var f = Property(root, "filtered", "$", JsonValueKind.Object);
        var filtered = new FilteredCounts(Long(f, "internal", "$.filtered"), Long(f, "listed", "$.filtered"), Long(f, "broadcast", "$.filtered"), Long(f, "advert", "$.filtered"), Long(f, "singleLine", "$.filtered"));
        var rejectedLines = ImmutableArray.CreateBuilder<RejectedLine>();
        i = 0;
        foreach (var r in Array(root, "rejectedLines", "$"))
        {
            string at = $"$.rejectedLines[{i++}]";
            var field = Property(r, "field", at, JsonValueKind.String, JsonValueKind.Null);
            rejectedLines.Add(new RejectedLine(String(r, "file", at), Long(r, "line", at), field.ValueKind == JsonValueKind.Null ? null : field.GetString(), String(r, "problem", at)));
        }

        bool allRules = periods.Count > 0 && periods[0].Total.Contains(KpiDefinitions.Find(Kpi.Sales)!.KeyFor(AttributionRules.All[0]));
        return new Report(asOf.Value, rule, allRules, By(periods), periods.ToImmutable(), filtered, Long(root, "rejected", "$"), rejectedLines.ToImmutable(), []);
    }

    private static PeriodReport Period(JsonElement p, string at)
    {
        Expect(p, JsonValueKind.Object, at);
        var pf = Property(p, "provisionalFrom", at, JsonValueKind.String, JsonValueKind.Null);
        var total = Property(p, "total", at, JsonValueKind.Object);
        var shops = ImmutableArray.CreateBuilder<ShopReport>();
        var prevShops = ImmutableDictionary.CreateBuilder<string, KpiSet>(StringComparer.Ordinal);
        int i = 0;
        foreach (var s in Array(p, "shops", at))
        {
            string sa = $"{at}.shops[{i++}]";
            var shop = new ShopReport(String(s, "shop", sa), Kpis(s, sa));
            shops.Add(shop);
            AddPrevious(prevShops, shop.Shop, s, sa);
        }

        var agents = ImmutableArray.CreateBuilder<AgentReport>();
        var prevAgents = ImmutableDictionary.CreateBuilder<string, KpiSet>(StringComparer.Ordinal);
        var prevAccounts = ImmutableDictionary.CreateBuilder<string, KpiSet>(StringComparer.Ordinal);
        i = 0;
        foreach (var a in Array(p, "agents", at))
        {
            string aa = $"{at}.agents[{i++}]";
            var accounts = ImmutableArray.CreateBuilder<AccountReport>();
            int j = 0;
            foreach (var acc in Array(a, "accounts", aa))
            {
                string ca = $"{aa}.accounts[{j++}]";
                var account = new AccountReport(String(acc, "account", ca), String(acc, "shop", ca), Kpis(acc, ca));
                accounts.Add(account);
                AddPrevious(prevAccounts, account.Account, acc, ca);
            }

            var agent = new AgentReport(String(a, "agent", aa), String(a, "name", aa), Kpis(a, aa), accounts.ToImmutable());
            agents.Add(agent);
            AddPrevious(prevAgents, agent.Agent, a, aa);
        }

        var groups = ImmutableArray.CreateBuilder<GroupReport>();
        var prevGroups = ImmutableDictionary.CreateBuilder<string, KpiSet>(StringComparer.Ordinal);
        if (p.TryGetProperty("groups", out _))
        {
            i = 0;
            foreach (var g in Array(p, "groups", at))
            {
                string ga = $"{at}.groups[{i++}]";
                var members = ImmutableArray.CreateBuilder<string>();
                int j = 0;
                foreach (var m in Array(g, "agents", ga))
                {
                    Expect(m, JsonValueKind.String, $"{ga}.agents[{j++}]");
                    members.Add(m.GetString()!);
                }

                var group = new GroupReport(String(g, "group", ga), String(g, "name", ga), Kpis(g, ga), members.ToImmutable());
                groups.Add(group);
                AddPrevious(prevGroups, group.Group, g, ga);
            }
        }

        PreviousPeriod? previous = null;
        if (p.TryGetProperty("previousPeriod", out var pp))
        {
            string pa = at + ".previousPeriod";
            Expect(pp, JsonValueKind.Object, pa);
            previous = new PreviousPeriod(Date(pp, "from", pa), Date(pp, "to", pa), Previous(total, at + ".total") ?? Empty(),
                prevShops.ToImmutable(), prevAgents.ToImmutable(), prevAccounts.ToImmutable())
            {
                Groups = prevGroups.ToImmutable(),
            };
        }

        PeriodRanking? ranking = null;
        if (p.TryGetProperty("rankedBy", out var rb))
        {
            string ra = at + ".rankedBy";
            string kpi = String(rb, "kpi", ra);
            var order = String(rb, "order", ra) switch
            {
                "asc" => RankOrder.Ascending,
                "desc" => RankOrder.Descending,
                _ => throw new JsonException($"{ra}.order: expected \"asc\" or \"desc\""),
            };
            var entries = ImmutableArray.CreateBuilder<RankEntry>();
            i = 0;
            foreach (var e in Array(p, "ranking", at))
            {
                string ea = $"{at}.ranking[{i++}]";
                var value = Set(Single(kpi, Property(e, "value", ea)), ea)[kpi];
                entries.Add(new RankEntry((int)Long(e, "rank", ea), String(e, "agent", ea), String(e, "name", ea), value));
            }

            ranking = new PeriodRanking(kpi, order, entries.ToImmutable());
        }

        return new PeriodReport(Date(p, "from", at), Date(p, "to", at), Property(p, "final", at, JsonValueKind.True, JsonValueKind.False).GetBoolean(),
            pf.ValueKind == JsonValueKind.Null ? null : ParseDate(pf, at + ".provisionalFrom"), Kpis(total, at + ".total"), shops.ToImmutable(), agents.ToImmutable())
        {
            Groups = groups.ToImmutable(),
            Ranking = ranking,
            Previous = previous,
        };
    }

    /// <summary>An entity's previous KPIs: absent from the previous period (every value null) → not listed.</summary>
    private static void AddPrevious(ImmutableDictionary<string, KpiSet>.Builder into, string id, JsonElement entity, string at)
    {
        if (Previous(entity, at) is { } set)
        {
            into[id] = set;
        }
    }

    private static KpiSet? Previous(JsonElement entity, string at)
    {
        if (!entity.TryGetProperty("previous", out var prev))
        {
            return null;
        }

        var set = Set(prev, at + ".previous");
        foreach (var (_, v) in set)
        {
            if (!v.IsNull)
            {
                return set;
            }
        }

        return null;
    }

    private static KpiSet Empty() => new([]);

    private static KpiSet Kpis(JsonElement entity, string at) => Set(Property(entity, "kpis", at, JsonValueKind.Object), at + ".kpis");

    private static KpiSet Set(JsonElement kpis, string at)
    {
        Expect(kpis, JsonValueKind.Object, at);
        try
        {
            // The KPI set's own converter: each value read by its catalogue kind (source-generated metadata, with the
            // serializer's default options: trim and AOT safe, the same messages as the reflection-based call).
            return kpis.Deserialize(KpiSetJsonContext.Default.KpiSet) ?? throw new JsonException("expected an object");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            throw new JsonException($"{at}: {ex.Message}", ex);
        }
    }

    /// <summary>A one-key KPI object holding <paramref name="value"/>, to read it by its catalogue kind.</summary>
    private static JsonElement Single(string key, JsonElement value)
    {
        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WritePropertyName(key);
            value.WriteTo(writer);
            writer.WriteEndObject();
        }

        using var doc = JsonDocument.Parse(json.WrittenMemory);
        return doc.RootElement.Clone();
    }

    private static PeriodGrouping By(ImmutableArray<PeriodReport>.Builder periods)
    {
        if (periods.Count >= 2 && periods.All(p => p.From == p.To))
        {
            return PeriodGrouping.Day;
        }

        if (periods.Count >= 2 && periods.Skip(1).All(p => p.From.DayOfWeek == IsoDayOfWeek.Monday) && periods.Take(periods.Count - 1).All(p => p.To.DayOfWeek == IsoDayOfWeek.Sunday))
        {
            return PeriodGrouping.Week;
        }

        if (periods.Count >= 2 && periods.Skip(1).All(p => p.From.Day == 1) && periods.Take(periods.Count - 1).All(p => p.To.PlusDays(1).Day == 1))
        {
            return PeriodGrouping.Month;
        }

        return PeriodGrouping.All;
    }

    private static void Expect(JsonElement e, JsonValueKind kind, string at)
    {
        if (e.ValueKind != kind)
        {
            throw new JsonException($"{at}: expected {Describe(kind)}, was {e.ValueKind.ToString().ToLowerInvariant()}");
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static JsonElement Property(JsonElement e, string name, string at, params JsonValueKind[] kinds)
    {
        if (!e.TryGetProperty(name, out var v))
        {
            throw new JsonException($"{at}.{name}: missing");
        }

        if (kinds.Length > 0 && !kinds.Contains(v.ValueKind))
        {
            throw new JsonException($"{at}.{name}: expected {string.Join(" or ", kinds.Select(Describe).Distinct())}, was {v.ValueKind.ToString().ToLowerInvariant()}");
        }

        return v;
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement e, string name, string at) => Property(e, name, at, JsonValueKind.Array).EnumerateArray();

    private static string String(JsonElement e, string name, string at) => Property(e, name, at, JsonValueKind.String).GetString()!;

    private static long Long(JsonElement e, string name, string at) =>
        Property(e, name, at, JsonValueKind.Number).TryGetInt64(out long v) ? v : throw new JsonException($"{at}.{name}: expected a whole number");

    private static LocalDate Date(JsonElement e, string name, string at) => ParseDate(Property(e, name, at, JsonValueKind.String), $"{at}.{name}");

    private static LocalDate ParseDate(JsonElement e, string at)
    {
        var r = LocalDatePattern.Iso.Parse(e.GetString() ?? "");
        return r.Success ? r.Value : throw new JsonException($"{at}: expected a date yyyy-MM-dd, was {e.GetRawText()}");
    }
}

/// <summary>The KPI set's serializer metadata for <see cref="JsonReportReader"/>: default options, the set's own converter.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(KpiSet))]
internal sealed partial class KpiSetJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
