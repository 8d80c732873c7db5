using System.Globalization;
using System.Text.RegularExpressions;
using CsPerf.Cli;
using CsPerf.Engine;
using CsPerf.IO;
using CsPerf.Tests.Cli;
using CsPerf.Tests.Properties;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.IO;

/// <summary>
/// <c>csperf report DIR --format html --details</c> (issue 9 "Done means": click from a number to the rows and messages
/// behind it; docs/details.md "From a number to its rows").
/// </summary>
public partial class HtmlDetailsTests
{
    // Tight thresholds so the generated chats also hold slow and long receptions (as in DetailInvariantTests).
    private static readonly CsPerfConfig Tight = DatasetSpec.Config with
    {
        SlowResponseCount = 1,
        LongSessionThreshold = Duration.FromMinutes(5),
        LongDailyThreshold = Duration.FromMinutes(10),
    };

    [GeneratedRegex("<a href=\"#(?<id>d[^\"]+)\">(?<text>[^<]*)</a>")]
    private static partial Regex Link();

    [GeneratedRegex("<section class=\"detail\" id=\"(?<id>[^\"]+)\">(?<body>.*?)</section>", RegexOptions.Singleline)]
    private static partial Regex Section();

    private static decimal Value(KpiSet kpis, string key) =>
        !kpis.TryGet(key, out var v) || v.IsNull ? 0m : v.Kind == KpiKind.Money ? Math.Round(v.Money, 2) : v.Count;

    [Fact] // issue 9 item 1 + docs/details.md "totals": per period, agent and total, a section's rows are exactly the cell's number
    public void HtmlDetails_SectionRows_EqualTheirCells_ForEveryListBackedKpi_AtAgentAndTotalLevel()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int links = 0;
        for (int seed = 0; seed < 150; seed++)
        {
            var spec = DatasetSpec.Generate(seed);
            var config = seed % 2 == 0 ? DatasetSpec.Config : Tight;
            var data = spec.Build(config: config);
            var rule = (AttributionRule)(seed % 3);
            var by = seed % 4 == 0 ? PeriodGrouping.Week : PeriodGrouping.Day;
            LocalDate? from = seed % 5 == 0 ? new LocalDate(2026, 10, 26) : null;
            var report = CsPerfEngine.Report(data, config, new ReportRequest { AsOf = DatasetSpec.AsOf, By = by, From = from, Rule = rule });
            var details = HtmlDetails.Compute(report, data, config, from, null, rule, "csperf details ds");
            for (int pi = 0; pi < report.Periods.Length; pi++)
            {
                var p = report.Periods[pi];
                foreach (var kpi in HtmlDetails.Kpis)
                {
                    Assert.True(Value(p.Total, kpi) == details.Total(pi, null, kpi), $"seed {seed} {p.From}..{p.To} total {kpi}: cell {Value(p.Total, kpi)}, section {details.Total(pi, null, kpi)}");
                    if (details.Total(pi, null, kpi) != 0)
                    {
                        seen.Add(kpi);
                    }

                    foreach (var a in p.Agents)
                    {
                        if (kpi == Kpi.SilentSales)
                        {
                            Assert.Empty(details.Rows(pi, a.Agent, kpi)); // no value at agent level (domain.md §6 "Levels")
                            continue;
                        }

                        Assert.True(Value(a.Kpis, kpi) == details.Total(pi, a.Agent, kpi), $"seed {seed} {p.From}..{p.To} agent {a.Agent} {kpi}: cell {Value(a.Kpis, kpi)}, section {details.Total(pi, a.Agent, kpi)}");
                    }
                }
            }

            // The page: every link leads to a section, whose row count (or Σ for silentSales) is the link's number.
            var html = new StringWriter();
            HtmlReportWriter.Write(report, html, details);
            string page = html.ToString();
            var sections = Section().Matches(page).ToDictionary(m => m.Groups["id"].Value, m => m.Groups["body"].Value);
            foreach (Match link in Link().Matches(page))
            {
                string id = link.Groups["id"].Value;
                links++;
                Assert.True(sections.TryGetValue(id, out var body), $"seed {seed}: link #{id} has no section");
                int rows = Regex.Matches(body, "<tr><td>").Count;
                if (!id.EndsWith("-" + Kpi.SilentSales, StringComparison.Ordinal))
                {
                    Assert.Equal(long.Parse(link.Groups["text"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), rows);
                }
            }
        }

        // The generated datasets exercise every list-backed KPI, and the pages hold links.
        Assert.True(links > 100, $"{links} links");
        Assert.Equal(HtmlDetails.Kpis.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact] // docs/details.md "From a number to its rows": customer ids and texts are user data, escaped everywhere
    public void HtmlDetails_UserData_IsHtmlEscaped()
    {
        var spec = DatasetSpec.Generate(3);
        const string evil = "<script>alert('x')</script>&\"";
        var data = spec.Build(messages: spec.Messages.Select(m => m with { Customer = evil }), orders: spec.Orders.Select(o => o with { Customer = evil }));
        var report = CsPerfEngine.Report(data, DatasetSpec.Config, new ReportRequest { AsOf = DatasetSpec.AsOf });
        var details = HtmlDetails.Compute(report, data, DatasetSpec.Config, null, null, null, "csperf details ds");
        Assert.NotEmpty(HtmlDetails.Kpis.Where(k => details.Rows(0, null, k).Count > 0));
        var html = new StringWriter();
        HtmlReportWriter.Write(report, html, details);
        string page = html.ToString();
        // The page's one script is its own table sorter (docs/dashboard.md); the user's text never becomes markup.
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(page, "<script"));
        Assert.DoesNotContain("alert('x')", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;", page, StringComparison.Ordinal);
    }

    [Fact] // a section shows at most HtmlDetails.MaxRows rows, then how many more and the command listing them all
    public void HtmlDetails_LongSection_IsCappedWithTheDetailsCommand()
    {
        var spec = DatasetSpec.Generate(1);
        var messages = Enumerable.Range(0, HtmlDetails.MaxRows + 7)
            .Select(i => new Message($"x{i}", "s1", $"c{i}", "s1:x", Direction.In, DatasetSpec.Origin.Plus(Duration.FromMinutes(i)), "在吗"))
            .ToList();
        var config = DatasetSpec.Config with { SingleLineFilter = false };
        var data = spec.Build(messages: messages, orders: [], refunds: [], reviews: [], config: config);
        var report = CsPerfEngine.Report(data, config, new ReportRequest { AsOf = DatasetSpec.AsOf });
        var details = HtmlDetails.Compute(report, data, config, null, null, null, "csperf details 'my shop'");
        Assert.Equal(HtmlDetails.MaxRows + 7, details.Rows(0, null, Kpi.Unreplied).Count);
        var html = new StringWriter();
        HtmlReportWriter.Write(report, html, details);
        string page = html.ToString();
        var body = Section().Matches(page).Single(m => m.Groups["id"].Value == "d0-t-unreplied").Groups["body"].Value;
        Assert.Equal(HtmlDetails.MaxRows, Regex.Matches(body, "<tr><td>").Count);
        Assert.Contains("… and 7 more; all of them: <code>csperf details &#39;my shop&#39; --list unreplied --from 2026-10-24 --to 2026-10-24 --as-of 2026-11-03T00:00:00Z --rule order-first</code>", body, StringComparison.Ordinal);
    }

    [Fact] // the option is for the HTML page only: elsewhere exit 2 with a clear message
    public void ReportDetails_WithoutHtml_IsExit2()
    {
        // buyer_b writes twice to xiaoli and is never answered: unreplied 1, a number to click.
        const string m3 = """{"id":"m3","shop":"s1","customer":"buyer_b","account":"s1:xiaoli","dir":"in","at":"2026-11-01T11:00:05+08:00","text":"在吗"}""";
        const string m4 = """{"id":"m4","shop":"s1","customer":"buyer_b","account":"s1:xiaoli","dir":"in","at":"2026-11-01T11:00:10+08:00","text":"有货吗"}""";
        using var data = new TempDataset().With("messages.jsonl", TempDataset.M1, TempDataset.M2, m3, m4).With("orders.jsonl", TempDataset.O1);
        foreach (var format in new[] { "table", "json", "csv" })
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int code = CliApp.Run(["report", data.Dir, "--format", format, "--details"], stdout, stderr, new FakeClock(Instant.FromUtc(2026, 12, 1, 0, 0)));
            Assert.Equal(2, code);
            Assert.Contains("--details: only with --format html", stderr.ToString(), StringComparison.Ordinal);
        }

        var ok = new StringWriter();
        Assert.Equal(0, CliApp.Run(["report", data.Dir, "--format", "html", "--details"], ok, new StringWriter(), new FakeClock(Instant.FromUtc(2026, 12, 1, 0, 0))));
        string page = ok.ToString();
        Assert.Contains("<a href=\"#d0-t-unreplied\">1</a>", page, StringComparison.Ordinal);
        Assert.Contains("<section class=\"detail\" id=\"d0-t-unreplied\">", page, StringComparison.Ordinal);
        Assert.Contains("<td>buyer_b</td><td>s1:xiaoli</td><td>m3 @ 2026-11-01 11:00:05</td>", page, StringComparison.Ordinal); // the shop's local time
    }
}
