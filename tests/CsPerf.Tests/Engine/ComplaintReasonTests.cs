using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using CsPerf.Engine;
using CsPerf.IO;
using CsPerf.IO.Payroll;
using CsPerf.Engine.Payroll;
using NodaTime;
using NodaTime.Text;
using Xunit;

namespace CsPerf.Tests.Engine;

/// <summary>
/// domain.md §6 "quality": <c>complaintsByReason</c> (object: reason → count; absent reason = <c>""</c>), dated by the
/// complaint's own instant, additive across levels (agent = Σ its accounts, total counts each complaint once), and
/// every writer and reader of a report (docs/io.md, docs/decisions.md).
/// </summary>
public class ComplaintReasonTests
{
    private static readonly Roster Roster = new(
        [new ShopInfo("s1", "Asia/Shanghai"), new ShopInfo("s2", "Europe/Berlin")],
        [
            new AgentInfo("a1", "小王", [new AccountBinding("s1", "s1:x", AccountRole.Presale), new AccountBinding("s2", "s2:x", AccountRole.Presale)]),
            new AgentInfo("a2", "小李", [new AccountBinding("s1", "s1:y", AccountRole.Presale)]),
        ]);

    private static readonly Instant AsOf = Instant.FromUtc(2026, 12, 1, 0, 0);

    private static Instant At(string text) => OffsetDateTimePattern.ExtendedIso.Parse(text).GetValueOrThrow().ToInstant();

    private static Complaint C(string account, string at, string? reason, string customer = "c1") =>
        new(account.Split(':')[0], customer, account, At(at), reason);

    private static Report Report(IEnumerable<Complaint> complaints, PeriodGrouping by = PeriodGrouping.All, LocalDate? from = null, LocalDate? to = null, bool allRules = false) =>
        CsPerfEngine.Report(
            Dataset.Create(CsPerfConfig.Default, Roster, [], complaints: complaints),
            CsPerfConfig.Default,
            new ReportRequest { AsOf = AsOf, By = by, From = from ?? new LocalDate(2026, 11, 1), To = to ?? new LocalDate(2026, 11, 30), AllRules = allRules });

    private static ImmutableSortedDictionary<string, long> Reasons(KpiSet kpis) => kpis[Kpi.ComplaintsByReason].Breakdown;

    /// <summary>The breakdown holds exactly these reasons, in ordinal order.</summary>
    private static void AssertReasons(KpiSet kpis, params (string Reason, long Count)[] expected) =>
        Assert.Equal(
            expected.OrderBy(x => x.Reason, StringComparer.Ordinal).Select(x => $"{x.Reason}={x.Count}"),
            Reasons(kpis).Select(x => $"{x.Key}={x.Value}"));

    private static KpiSet Account(PeriodReport p, string account) => p.Agents.SelectMany(g => g.Accounts).Single(a => a.Account == account).Kpis;

    private static readonly Complaint[] Three =
    [
        C("s1:x", "2026-11-02T10:00:00+08:00", "态度"),
        C("s1:x", "2026-11-03T10:00:00+08:00", "态度"),
        C("s2:x", "2026-11-02T10:00:00+01:00", "回复慢"),
        C("s1:y", "2026-11-02T11:00:00+08:00", null),
    ];

    [Fact] // §6 quality: an absent (null) reason, and an empty one, count under the key ""
    public void ComplaintsByReason_AbsentReason_CountsUnderEmptyKey()
    {
        var total = Report([C("s1:x", "2026-11-02T10:00:00+08:00", null), C("s1:x", "2026-11-02T11:00:00+08:00", "")]).Periods.Single().Total;
        Assert.Equal([new KeyValuePair<string, long>("", 2)], Reasons(total));
        Assert.Equal(2, total[Kpi.Complaints].Count);
    }

    [Theory] // §6 quality via the readers (docs/io.md): an absent, null or empty reason in complaints.jsonl / .csv is ""
    [InlineData("jsonl")]
    [InlineData("csv")]
    public void ComplaintsByReason_ReadFromFiles_AbsentReasonIsEmptyKey(string format)
    {
        using var ds = CsPerf.Tests.IO.TempDataset.Valid();
        if (format == "jsonl")
        {
            ds.With("complaints.jsonl",
                """{"shop":"s1","customer":"buyer_a","account":"s1:xiaowang","at":"2026-11-01T11:00:00+08:00"}""",
                """{"shop":"s1","customer":"buyer_a","account":"s1:xiaowang","at":"2026-11-01T11:01:00+08:00","reason":null}""",
                """{"shop":"s1","customer":"buyer_a","account":"s1:xiaowang","at":"2026-11-01T11:02:00+08:00","reason":"态度"}""");
        }
        else
        {
            ds.WithText("complaints.csv", "shop,customer,account,at,reason\ns1,buyer_a,s1:xiaowang,2026-11-01T11:00:00+08:00,\ns1,buyer_a,s1:xiaowang,2026-11-01T11:01:00+08:00,\ns1,buyer_a,s1:xiaowang,2026-11-01T11:02:00+08:00,态度\n");
        }

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CsPerf.Cli.CliApp.Run(["report", ds.Dir, "--format", "json"], stdout, stderr, new FakeClock(AsOf));
        Assert.True(code == 0, stderr.ToString());
        var kpis = JsonDocument.Parse(stdout.ToString()).RootElement.GetProperty("periods")[0].GetProperty("total").GetProperty("kpis");
        Assert.Equal(["=2", "态度=1"], kpis.GetProperty(Kpi.ComplaintsByReason).EnumerateObject().Select(x => $"{x.Name}={x.Value.GetInt64()}"));
    }

    [Fact] // §6 quality: several reasons, each counted, keys in ordinal order, the counts summing to complaints
    public void ComplaintsByReason_SeveralReasons_CountEachInOrdinalOrder()
    {
        var total = Report(Three).Periods.Single().Total;
        Assert.Equal(["", "回复慢", "态度"], Reasons(total).Keys);
        Assert.Equal([1L, 1, 2], Reasons(total).Values);
        Assert.Equal(total[Kpi.Complaints].Count, Reasons(total).Values.Sum());
    }

    [Fact] // §6 "Levels": account, agent = Σ of its accounts (across shops), shop, total each complaint once
    public void ComplaintsByReason_Levels_AgentSumsAccounts_TotalCountsEachOnce()
    {
        var p = Report(Three).Periods.Single();
        AssertReasons(Account(p, "s1:x"), ("态度", 2));
        AssertReasons(Account(p, "s2:x"), ("回复慢", 1));
        AssertReasons(p.Agents.Single(g => g.Agent == "a1").Kpis, ("态度", 2), ("回复慢", 1));
        AssertReasons(p.Agents.Single(g => g.Agent == "a2").Kpis, ("", 1));
        AssertReasons(p.Shops.Single(s => s.Shop == "s1").Kpis, ("态度", 2), ("", 1));
        AssertReasons(p.Shops.Single(s => s.Shop == "s2").Kpis, ("回复慢", 1));
        AssertReasons(p.Total, ("态度", 2), ("回复慢", 1), ("", 1));
    }

    [Fact] // §6 "Which date puts a KPI in a period": complaints by their own instant, as a local date in the shop's zone
    public void ComplaintsByReason_DatedByOwnInstant_InTheShopsZone()
    {
        // 2026-11-02T23:30+08:00 is 15:30 UTC on the 2nd; 2026-11-03T00:30+08:00 is 16:30 UTC on the 2nd but the 3rd in Shanghai.
        var days = Report([C("s1:x", "2026-11-02T23:30:00+08:00", "态度"), C("s1:x", "2026-11-03T00:30:00+08:00", "回复慢")], PeriodGrouping.Day,
            new LocalDate(2026, 11, 2), new LocalDate(2026, 11, 3)).Periods;
        AssertReasons(days[0].Total, ("态度", 1));
        AssertReasons(days[1].Total, ("回复慢", 1));
    }

    [Fact] // §6 dating with --from/--to: a complaint outside the range is not counted; one after the as-of instant neither
    public void ComplaintsByReason_FromTo_KeepsOnlyTheRange()
    {
        var complaints = new[]
        {
            C("s1:x", "2026-10-31T10:00:00+08:00", "态度"),
            C("s1:x", "2026-11-05T10:00:00+08:00", "回复慢"),
            C("s1:x", "2026-11-20T10:00:00+08:00", "答非所问"),
            C("s1:x", "2026-12-02T10:00:00+08:00", "发货慢"), // after as of
        };
        var p = Report(complaints, from: new LocalDate(2026, 11, 1), to: new LocalDate(2026, 11, 10)).Periods.Single();
        AssertReasons(p.Total, ("回复慢", 1));
        var all = Report(complaints, from: new LocalDate(2026, 10, 1), to: new LocalDate(2026, 12, 31)).Periods.Single();
        Assert.Equal(["回复慢", "态度", "答非所问"], Reasons(all.Total).Keys);
    }

    [Fact] // §6 quality: no complaint is an empty object at every level, never null
    public void ComplaintsByReason_NoComplaints_IsEmptyAtEveryLevel()
    {
        var p = Report([]).Periods.Single();
        Assert.All(p.Agents.Select(g => g.Kpis).Append(p.Total).Concat(p.Shops.Select(s => s.Kpis)), k =>
        {
            Assert.Equal(KpiKind.Breakdown, k[Kpi.ComplaintsByReason].Kind);
            Assert.Empty(Reasons(k));
        });
    }

    [Fact] // §6 "--rule all": complaintsByReason does not depend on the rule, so it has no suffixed keys
    public void ComplaintsByReason_RuleAll_HasNoSuffixedKeys()
    {
        var total = Report(Three, allRules: true).Periods.Single().Total;
        Assert.False(KpiDefinitions.Find(Kpi.ComplaintsByReason)!.RuleDependent);
        Assert.DoesNotContain(total, kv => kv.Key.StartsWith(Kpi.ComplaintsByReason, StringComparison.Ordinal) && kv.Key != Kpi.ComplaintsByReason);
    }

    [Fact] // docs/partials.md: counts per (shop, account, date, reason) survive Aggregate → Merge → Compose exactly
    public void ComplaintsByReason_PartialsPerDay_MergeAndCompose()
    {
        var data = Dataset.Create(CsPerfConfig.Default, Roster, [], complaints: Three);
        var request = new ReportRequest { AsOf = AsOf, From = new LocalDate(2026, 11, 1), To = new LocalDate(2026, 11, 30) };
        var day2 = CsPerfEngine.Aggregate(data, CsPerfConfig.Default, request with { From = new LocalDate(2026, 11, 2), To = new LocalDate(2026, 11, 2) });
        var rest = CsPerfEngine.Aggregate(data, CsPerfConfig.Default, request with { From = new LocalDate(2026, 11, 3), To = new LocalDate(2026, 11, 30) });
        Assert.Equal<PartialComplaintReason[]>(
            [new PartialComplaintReason("s1", "s1:x", new LocalDate(2026, 11, 2), "态度", 1), new PartialComplaintReason("s1", "s1:y", new LocalDate(2026, 11, 2), "", 1),
             new PartialComplaintReason("s2", "s2:x", new LocalDate(2026, 11, 2), "回复慢", 1)],
            day2.ComplaintReasons.ToArray());
        var composed = CsPerfEngine.Compose(KpiPartial.Merge(rest, day2), Roster, CsPerfConfig.Default, request);
        Assert.Equal(Reasons(Report(Three).Periods.Single().Total), Reasons(composed.Periods.Single().Total));

        // The same key in two partials (disjoint data) adds up.
        var twice = KpiPartial.Merge(day2, day2 with { ComplaintReasons = [day2.ComplaintReasons[0]] });
        Assert.Equal(2, twice.ComplaintReasons.Single(x => x.Account == "s1:x").Count);
    }

    [Fact] // docs/io.md "JSON report": an object, keys in ordinal order, {} when none; read back by the KpiSet converter
    public void ComplaintsByReason_Json_IsAnObjectSortedOrdinally()
    {
        var report = Report(Three);
        using var doc = JsonDocument.Parse(JsonReportWriter.ToJson(report));
        var total = doc.RootElement.GetProperty("periods")[0].GetProperty("total").GetProperty("kpis").GetProperty(Kpi.ComplaintsByReason);
        Assert.Equal(JsonValueKind.Object, total.ValueKind);
        Assert.Equal(["", "回复慢", "态度"], total.EnumerateObject().Select(x => x.Name));
        Assert.Equal(2, total.GetProperty("态度").GetInt64());
        Assert.Contains("\"态度\": 2", JsonReportWriter.ToJson(report), StringComparison.Ordinal); // unescaped Chinese

        var empty = JsonDocument.Parse(JsonReportWriter.ToJson(Report([]))).RootElement.GetProperty("periods")[0].GetProperty("total").GetProperty("kpis").GetProperty(Kpi.ComplaintsByReason);
        Assert.Equal("{}", empty.GetRawText());

        var set = report.Periods.Single().Total;
        var back = JsonSerializer.Deserialize<KpiSet>(JsonSerializer.Serialize(set))!;
        Assert.Equal(set[Kpi.ComplaintsByReason], back[Kpi.ComplaintsByReason]);
    }

    [Fact] // docs/io.md "CSV report columns": one cell of compact JSON, quoted; table and HTML show the reasons readably
    public void ComplaintsByReason_CsvTableHtml_ShowTheReasons()
    {
        var report = Report(Three);
        var csv = new StringWriter();
        CsvReportWriter.Write(report, csv);
        var lines = csv.ToString().Split('\n');
        var header = lines[0].Split(',');
        Assert.Contains(Kpi.ComplaintsByReason, header);
        Assert.Contains("\"{\"\"\"\":1,\"\"回复慢\"\":1,\"\"态度\"\":2}\"", lines[1], StringComparison.Ordinal);

        var table = new StringWriter();
        TableReportWriter.Write(report, table);
        Assert.Contains("Complaints by reason: 态度 2, (none) 1, 回复慢 1", table.ToString(), StringComparison.Ordinal);

        var html = new StringWriter();
        HtmlReportWriter.Write(report, html);
        Assert.Contains("<th title=\"complaintsByReason\" data-kpi=\"complaintsByReason\">投诉原因分布<br><span class=\"en\">Complaints by reason (complaints per reason)</span></th>", html.ToString(), StringComparison.Ordinal);
        Assert.Contains("<td>态度 2, (none) 1, 回复慢 1</td>", html.ToString(), StringComparison.Ordinal);
    }

    [Fact] // §6 quality: a breakdown is a map: ordinal key order, zero counts left out, equal whatever the input order; never negative
    public void ComplaintsByReason_Value_IsAnOrdinalMapOfPositiveCounts()
    {
        var a = KpiValue.FromBreakdown([new("态度", 2), new("", 1), new("b", 0), new("B", 1)]);
        var b = KpiValue.FromBreakdown([new("B", 1), new("", 1), new("态度", 1), new("态度", 1)]);
        Assert.Equal(["", "B", "态度"], a.Breakdown.Keys);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, KpiValue.FromBreakdown([new("态度", 2)]));
        Assert.Equal("""{"":1,"B":1,"态度":2}""", a.ToString());
        Assert.Equal("{}", KpiValue.EmptyBreakdown.ToString());
        Assert.Throws<ArgumentException>(() => KpiValue.FromBreakdown([new("态度", -1)]));
        Assert.Throws<InvalidOperationException>(() => KpiValue.FromCount(1).Breakdown);
        Assert.Throws<InvalidOperationException>(() => a.Count);
    }

    [Fact] // docs/partials.md: a partial's complaint reason with a negative count is refused at composition
    public void ComplaintsByReason_PartialWithNegativeCount_IsRefused()
    {
        var data = Dataset.Create(CsPerfConfig.Default, Roster, [], complaints: Three);
        var request = new ReportRequest { AsOf = AsOf, From = new LocalDate(2026, 11, 1), To = new LocalDate(2026, 11, 30) };
        var partial = CsPerfEngine.Aggregate(data, CsPerfConfig.Default, request);
        var bad = partial with { ComplaintReasons = [partial.ComplaintReasons[0] with { Count = -1 }] };
        Assert.Throws<ArgumentException>(() => CsPerfEngine.Compose(bad, Roster, CsPerfConfig.Default, request));
    }

    [Fact] // issue 9 "Period comparison": the previous value is the object; change and changeRate are null
    public void ComplaintsByReason_Compare_PreviousIsTheObject_ChangeNull()
    {
        var now = KpiValue.FromBreakdown([new("态度", 2)]);
        var before = KpiValue.FromBreakdown([new("态度", 1), new("", 1)]);
        var change = KpiChange.Of(now, before);
        Assert.Equal(before, change.Previous);
        Assert.True(change.Change.IsNull);
        Assert.Null(change.Relative);
    }

    [Fact] // issue 9: ranking, alerts and payroll plans read one number; complaintsByReason is refused with a clear message
    public void ComplaintsByReason_RankAlertAndPlan_AreRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ranking.Rank(Report(Three), Kpi.ComplaintsByReason));
        Assert.Contains("counts per reason", ex.Message, StringComparison.Ordinal);
        Assert.Equal("\"complaintsByReason\" is not a single number (counts per reason (an object)); alerts watch one number", Alerts.KpiProblem(Kpi.ComplaintsByReason, AlertLevel.Agent));
        var plan = PayrollFixture_Plan() with
        {
            Performance = new PerformancePlan { BonusBase = 0, Items = [new PerformanceItem { Kpi = Kpi.ComplaintsByReason, Weight = 100, Linear = new LinearScale(0, 1) }] },
            Penalties = [new PenaltyItem { Kpi = Kpi.ComplaintsByReason, Amount = 50 }],
        };
        var problems = PayrollEngine.Validate(plan);
        Assert.Contains(problems, p => p.Path == "$.performance.items[0].kpi" && p.Message.Contains("not a single number: it holds counts per reason", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "$.penalties[0].kpi" && p.Message.Contains("not a single number", StringComparison.Ordinal));
    }

    private static PayrollPlan PayrollFixture_Plan() => CsPerf.Tests.Payroll.PayrollFixture.Plan();

    [Fact] // payroll --report: a saved report holding complaintsByReason reads back, the object kept as it was written
    public void ComplaintsByReason_SavedReport_ReadsBack()
    {
        var report = Report(Three, PeriodGrouping.Month);
        var (input, errors) = SavedReportReader.Parse(Encoding.UTF8.GetBytes(JsonReportWriter.ToJson(report)), "report.json", new YearMonth(2026, 11), Roster);
        Assert.Empty(errors);
        AssertReasons(input!.Agents.Single(a => a.Agent == "a1").Kpis, ("态度", 2), ("回复慢", 1));

        string bad = JsonReportWriter.ToJson(report).Replace("\"态度\": 2", "\"态度\": -2", StringComparison.Ordinal);
        var (_, problems) = SavedReportReader.Parse(Encoding.UTF8.GetBytes(bad), "report.json", new YearMonth(2026, 11), Roster);
        Assert.Contains(problems, p => p.ToString().Contains("kpis.complaintsByReason: expected an object of whole counts", StringComparison.Ordinal));
    }
}
