namespace CsPerf.IO;

/// <summary>
/// Writes a <see cref="Report"/> as CSV: one row per (period, level, entity) with columns <c>period_from</c>,
/// <c>period_to</c>, <c>level</c> (total/shop/agent/account), <c>shop</c>, <c>agent</c>, <c>account</c>, then every KPI
/// key in report order. Money has 2 decimals; an hourly KPI (<c>peakConcurrencyByHour</c>, <c>receptionsByHour</c>,
/// <c>customerMessagesByHour</c>) is one cell of 24 numbers joined by <c>;</c>.
/// </summary>
/// <remarks>Stateless and thread safe.</remarks>
public static class CsvReportWriter
{
    /// <summary>The columns before the KPI keys.</summary>
    public static IReadOnlyList<string> FixedColumns { get; } = ["period_from", "period_to", "level", "shop", "agent", "account"];

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

        output.Write(string.Join(",", FixedColumns.Concat(keys).Select(Escape)));
        output.Write('\n');
        foreach (var (from, to, level, shop, agent, account, kpis) in Sets(report))
        {
            output.Write(string.Join(",", new[] { from, to, level, shop, agent, account }.Select(Escape)));
            foreach (var k in keys)
            {
                output.Write(',');
                output.Write(kpis.TryGet(k, out var v) ? Escape(KpiFormat.Machine(v)) : "");
            }

            output.Write('\n');
        }
    }

    private static IEnumerable<(string From, string To, string Level, string Shop, string Agent, string Account, KpiSet Kpis)> Sets(Report report)
    {
        foreach (var p in report.Periods)
        {
            string from = NodaTime.Text.LocalDatePattern.Iso.Format(p.From);
            string to = NodaTime.Text.LocalDatePattern.Iso.Format(p.To);
            yield return (from, to, "total", "", "", "", p.Total);
            foreach (var s in p.Shops)
            {
                yield return (from, to, "shop", s.Shop, "", "", s.Kpis);
            }

            foreach (var a in p.Agents)
            {
                yield return (from, to, "agent", "", a.Agent, "", a.Kpis);
                foreach (var acc in a.Accounts)
                {
                    yield return (from, to, "account", acc.Shop, a.Agent, acc.Account, acc.Kpis);
                }
            }
        }
    }

    internal static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
