using CsPerf.Engine;
namespace CsPerf.IO;

/// <summary>
/// Writes a <see cref="Report"/> as CSV: one row per (period, level, entity) with columns <c>period_from</c>,
/// <c>period_to</c>, <c>level</c> (total/shop/group/agent/account), <c>shop</c>, <c>agent</c>, <c>account</c>,
/// <c>agent_name</c> (the roster's name of the agent, on agent and account rows), then (only when the roster lists
/// groups 客服组) <c>group</c> (the group of group, agent and account rows) and <c>group_name</c>, then every KPI key in report order. Money has 2 decimals; an hourly KPI (<c>peakConcurrencyByHour</c>, <c>receptionsByHour</c>,
/// <c>customerMessagesByHour</c>) is one cell of 24 numbers joined by <c>;</c>; <c>complaintsByReason</c> is one cell of
/// compact JSON (<c>{"":1,"态度":2}</c>, keys in ordinal order, <c>{}</c> when none), quoted as RFC 4180 says. With a ranking (<c>--rank</c>) a
/// <c>rank</c> column follows the KPI keys, filled on agent rows; with a comparison (<c>--compare previous</c>) the
/// columns <c>KEY.previous</c>, <c>KEY.change</c>, <c>KEY.changeRate</c> follow, per key in report order (docs/io.md).
/// </summary>
/// <remarks>Stateless and thread safe.</remarks>
public static class CsvReportWriter
{
    /// <summary>The columns before the KPI keys.</summary>
    public static IReadOnlyList<string> FixedColumns { get; } = ["period_from", "period_to", "level", "shop", "agent", "account", "agent_name"];

    /// <summary>The group columns, after <see cref="FixedColumns"/>, when the roster lists groups.</summary>
    public static IReadOnlyList<string> GroupColumns { get; } = ["group", "group_name"];

    /// <summary>Writes the report (RFC 4180, LF line ends).</summary>
    /// <param name="report">The report.</param>
    /// <param name="output">Where to write.</param>
    public static void Write(Report report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var set in Sets(report))
        {
            foreach (var (k, _) in set.Kpis)
            {
                if (seen.Add(k))
                {
                    keys.Add(k);
                }
            }
        }

        bool ranked = report.Periods.Any(p => p.Ranking is not null);
        bool compared = report.Periods.Any(p => p.Previous is not null);
        bool grouped = report.Periods.Any(p => !p.Groups.IsDefaultOrEmpty);
        var columns = grouped ? FixedColumns.Concat(GroupColumns).Concat(keys) : FixedColumns.Concat(keys);
        if (ranked)
        {
            columns = columns.Append("rank");
        }

        if (compared)
        {
            columns = columns.Concat(keys.SelectMany(k => new[] { k + ".previous", k + ".change", k + ".changeRate" }));
        }

        output.Write(string.Join(",", columns.Select(Escape)));
        output.Write('\n');
        foreach (var (from, to, level, shop, agent, account, agentName, group, groupName, kpis, rank, previous, hasPrevious) in Sets(report))
        {
            output.Write(string.Join(",", new[] { from, to, level, shop, agent, account, agentName }.Select(Escape)));
            if (grouped)
            {
                output.Write(',');
                output.Write(Escape(group));
                output.Write(',');
                output.Write(Escape(groupName));
            }

            foreach (var k in keys)
            {
                output.Write(',');
                output.Write(kpis.TryGet(k, out var v) ? Escape(KpiFormat.Machine(v)) : "");
            }

            if (ranked)
            {
                output.Write(',');
                output.Write(rank?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
            }

            if (compared)
            {
                foreach (var k in keys)
                {
                    if (!hasPrevious || !kpis.TryGet(k, out var v))
                    {
                        output.Write(",,,");
                        continue;
                    }

                    var c = KpiChange.Of(v, previous is not null && previous.TryGet(k, out var pv) ? pv : KpiValue.Null);
                    output.Write(',');
                    output.Write(Escape(KpiFormat.Machine(c.Previous)));
                    output.Write(',');
                    output.Write(Escape(KpiFormat.Machine(c.Change)));
                    output.Write(',');
                    output.Write(c.Relative is { } r ? r.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "");
                }
            }

            output.Write('\n');
        }
    }

    private static IEnumerable<(string From, string To, string Level, string Shop, string Agent, string Account, string AgentName, string Group, string GroupName, KpiSet Kpis, int? Rank, KpiSet? Previous, bool HasPrevious)> Sets(Report report)
    {
        foreach (var p in report.Periods)
        {
            string from = NodaTime.Text.LocalDatePattern.Iso.Format(p.From);
            string to = NodaTime.Text.LocalDatePattern.Iso.Format(p.To);
            var prev = p.Previous;
            bool has = prev is not null;
            var ranks = p.Ranking?.Entries.ToDictionary(e => e.Agent, e => e.Rank, StringComparer.Ordinal);
            yield return (from, to, "total", "", "", "", "", "", "", p.Total, null, prev?.Total, has);
            foreach (var s in p.Shops)
            {
                yield return (from, to, "shop", s.Shop, "", "", "", "", "", s.Kpis, null, prev?.Shops.GetValueOrDefault(s.Shop), has);
            }

            var groupOf = new Dictionary<string, GroupReport>(StringComparer.Ordinal);
            foreach (var g in p.Groups)
            {
                foreach (string id in g.Agents)
                {
                    groupOf[id] = g;
                }

                yield return (from, to, "group", "", "", "", "", g.Group, g.Name, g.Kpis, null, prev?.Groups.GetValueOrDefault(g.Group), has);
            }

            foreach (var a in p.Agents)
            {
                int? rank = ranks is not null && ranks.TryGetValue(a.Agent, out int r) ? r : null;
                var g = groupOf.GetValueOrDefault(a.Agent);
                string group = g?.Group ?? "", groupName = g?.Name ?? "";
                yield return (from, to, "agent", "", a.Agent, "", a.Name, group, groupName, a.Kpis, rank, prev?.Agents.GetValueOrDefault(a.Agent), has);
                foreach (var acc in a.Accounts)
                {
                    yield return (from, to, "account", acc.Shop, a.Agent, acc.Account, a.Name, group, groupName, acc.Kpis, null, prev?.Accounts.GetValueOrDefault(acc.Account), has);
                }
            }
        }
    }

    internal static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
