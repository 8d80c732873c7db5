using System.Text.Json;
using CsPerf.Cli;
using CsPerf.Tests.IO;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.Cli;

/// <summary>
/// Hand-computed payroll cases through the real CLI (issue 7 "Done means"): every number below was worked out by hand
/// from domain.md §7 before the run, in the comments, and the CLI's JSON must give exactly that text.
/// </summary>
public class PayrollHandComputedTests
{
    internal static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr, new FakeClock(Instant.FromUtc(2026, 12, 20, 0, 0)));
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The text of a JSON value as written (so 4490.00 and 4490 differ).</summary>
    internal static string Raw(JsonElement e, string path)
    {
        foreach (var part in path.Split('.'))
        {
            int bracket = part.IndexOf('[', StringComparison.Ordinal);
            string name = bracket < 0 ? part : part[..bracket];
            if (name.Length > 0)
            {
                e = e.GetProperty(name);
            }

            if (bracket >= 0)
            {
                e = e[int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)];
            }
        }

        return e.GetRawText();
    }

    internal const string Roster = """
        {"shops":[{"id":"s1","timeZone":"Asia/Shanghai"}],
         "agents":[{"id":"a1","name":"小王","accounts":[{"shop":"s1","account":"s1:w","role":"presale"}]},
                   {"id":"a2","name":"小李","accounts":[{"shop":"s1","account":"s1:l","role":"presale"}]},
                   {"id":"a3","name":"阿紫","accounts":[{"shop":"s1","account":"s1:z","role":"presale"}]},
                   {"id":"a4","name":"小美","accounts":[{"shop":"s1","account":"s1:m","role":"presale"}]},
                   {"id":"a9","name":"糖糖","accounts":[{"shop":"s1","account":"s1:t","role":"aftersale"}]}]}
        """;

    // A saved month report holding only the KPIs the plans read (contract "Payroll": all KPIs or just those).
    internal const string Report = """
        {"rule":"OrderFirst","periods":[{"from":"2026-11-01","to":"2026-11-30","final":true,"agents":[
          {"agent":"a1","name":"小王","kpis":{"sales":35000.00,"postage":500.00,"refundAmount":1500.00,"inquiryToPaidRate":0.52,"firstResponseAvg":20,"aov":199.00,"complaints":3,"satisfactionRate":0.9}},
          {"agent":"a2","name":"小李","kpis":{"sales":120000.00,"postage":2000.00,"refundAmount":3000.00,"inquiryToPaidRate":0.45,"firstResponseAvg":40,"aov":150.00,"complaints":0,"satisfactionRate":0.85}},
          {"agent":"a3","name":"阿紫","kpis":{"sales":60000.00,"postage":0.00,"refundAmount":0.00,"inquiryToPaidRate":0.35,"firstResponseAvg":70,"aov":90.00,"complaints":1,"satisfactionRate":0.8}},
          {"agent":"a4","name":"小美","kpis":{"sales":10000.00,"postage":100.00,"refundAmount":20000.00,"inquiryToPaidRate":null,"firstResponseAvg":15,"aov":240.00,"complaints":6,"satisfactionRate":null}},
          {"agent":"a9","name":"糖糖","kpis":{"sales":0.00,"postage":0.00,"refundAmount":0.00,"inquiryToPaidRate":null,"firstResponseAvg":25,"aov":null,"complaints":0,"satisfactionRate":0.95}}]}]}
        """;

    // The plan of issue 7.
    internal const string Standard = """
        { "name": "2026 standard", "appliesTo": { "roles": ["presale"] },
          "base": { "default": 3000, "overrides": { "a2": 3500 }, "prorate": true },
          "commission": { "basis": "sales", "deductPostage": true, "deductRefunds": true, "rule": "OrderFirst",
                          "mode": "tiered", "method": "progressive", "cap": 5000,
                          "tiers": [ { "from": 0, "rate": 0.01 }, { "from": 50000, "rate": 0.015 }, { "from": 100000, "rate": 0.02 } ] },
          "performance": { "bonusBase": 1000,
                           "items": [ { "kpi": "inquiryToPaidRate", "weight": 40, "higherIsBetter": true,
                                        "bands": [ { "min": 0.5, "points": 100 }, { "min": 0.4, "points": 80 }, { "min": 0.3, "points": 60 }, { "min": 0, "points": 0 } ] },
                                      { "kpi": "firstResponseAvg", "weight": 20, "higherIsBetter": false, "linear": { "floor": 60, "target": 15 } },
                                      { "kpi": "aov", "weight": 20, "linear": { "floor": 100, "target": 220 } },
                                      { "external": "qa", "weight": 20, "blend": { "self": 0.3, "manager": 0.7 } } ],
                           "grades": [ { "min": 90, "grade": "A", "coefficient": 1.2 }, { "min": 75, "grade": "B", "coefficient": 1.0 },
                                       { "min": 60, "grade": "C", "coefficient": 0.8 }, { "min": 0, "grade": "D", "coefficient": 0 } ] },
          "ranking": { "top": 1, "reward": 100, "bottom": 1, "penalty": 100, "improvementPlanBottom": 2, "transferAfterLastPeriods": 3 },
          "penalties": [ { "kpi": "complaints", "free": 1, "amount": 50, "cap": 200 },
                         { "external": "violations", "bonusPercent": 20 } ],
          "attendance": { "fullAttendanceBonus": 200 } }
        """;

    internal const string Linear = """
        { "name": "2027 linear", "appliesTo": { "roles": ["presale"] }, "base": { "default": 2800 },
          "commission": { "basis": "sales", "deductRefunds": true, "mode": "linear", "baseline": 20000, "rate": 0.03, "cap": 2000 },
          "attendance": { "fullAttendanceBonus": 300 } }
        """;

    internal const string AfterSale = """
        { "name": "after-sale", "appliesTo": { "roles": ["aftersale"] }, "base": { "default": 3200 },
          "performance": { "bonusBase": 500,
                           "items": [ { "kpi": "satisfactionRate", "weight": 60, "higherIsBetter": true, "linear": { "floor": 0.8, "target": 1.0 } },
                                      { "external": "qa", "weight": 40 } ],
                           "grades": [ { "min": 90, "grade": "A", "coefficient": 1.2 }, { "min": 75, "grade": "B", "coefficient": 1.0 }, { "min": 0, "grade": "C", "coefficient": 0.5 } ] } }
        """;

    internal static TempDataset Month() => new TempDataset()
        .WithText("roster.json", Roster)
        .WithText("R.json", Report)
        .WithText("standard.json", Standard)
        .WithText("linear.json", Linear)
        .WithText("aftersale.json", AfterSale)
        .With("scores.jsonl",
            """{"agent":"a1","period":"2026-11","kind":"qa","self":90,"manager":80}""",
            """{"agent":"a2","period":"2026-11","kind":"qa","self":80,"manager":90}""",
            """{"agent":"a3","period":"2026-11","kind":"qa","self":60,"manager":70}""",
            """{"agent":"a4","period":"2026-11","kind":"qa","self":100,"manager":100}""",
            """{"agent":"a9","period":"2026-11","kind":"qa","self":80,"manager":90}""",
            """{"agent":"a1","period":"2026-11","kind":"violations","count":1}""",
            """{"agent":"a2","period":"2026-11","kind":"violations","count":0}""",
            """{"agent":"a3","period":"2026-11","kind":"violations","count":2}""",
            """{"agent":"a4","period":"2026-11","kind":"violations","count":0}""")
        .With("attendance.jsonl",
            """{"agent":"a1","period":"2026-11","scheduledDays":26,"workedDays":26}""",
            """{"agent":"a2","period":"2026-11","scheduledDays":26,"workedDays":25}""",
            """{"agent":"a3","period":"2026-11","scheduledDays":26,"workedDays":26}""",
            """{"agent":"a4","period":"2026-11","scheduledDays":26,"workedDays":13}""")
        .WithText("history.json", """
            {"periods":[
              {"period":"2026-09","ranks":[{"agent":"a1","rank":1},{"agent":"a2","rank":2},{"agent":"a4","rank":3},{"agent":"a3","rank":4}]},
              {"period":"2026-10","ranks":[{"agent":"a2","rank":1},{"agent":"a1","rank":2},{"agent":"a4","rank":3},{"agent":"a3","rank":4}]}]}
            """);

    private static JsonElement Payroll(TempDataset ds, params string[] plans)
    {
        var args = new List<string> { "payroll", ds.Dir, "--report", Path.Combine(ds.Dir, "R.json"), "--period", "2026-11", "--format", "json" };
        foreach (var p in plans)
        {
            args.Add("--plan");
            args.Add(Path.Combine(ds.Dir, p));
        }

        var (code, output, err) = Run([.. args]);
        Assert.True(code == 0, err);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static JsonElement Slip(JsonElement root, int plan, string agent) =>
        root.GetProperty("plans")[plan].GetProperty("payslips").EnumerateArray().Single(s => s.GetProperty("agent").GetString() == agent);

    [Fact] // domain.md §7, every part; a1 is graded A and ranked first
    public void StandardPlan_A1_EveryLineAsComputedByHand()
    {
        using var ds = Month();
        var s = Slip(Payroll(ds, "standard.json"), 0, "a1");
        // base 3000 × 26/26 = 3000.00
        Assert.Equal("3000.00", Raw(s, "base"));
        // basis 35000 − postage 500 − refunds 1500 = 33000; one tier reached: 33000 × 1% = 330
        Assert.Equal("33000.00", Raw(s, "commissionBasis"));
        Assert.Equal("500.00", Raw(s, "deductions.postage"));
        Assert.Equal("1500.00", Raw(s, "deductions.refunds"));
        Assert.Equal("330.00", Raw(s, "commission"));
        Assert.Equal("""[{"from":0,"to":50000,"rate":0.01,"amount":33000,"commission":330}]""", Compact(s.GetProperty("bands")));
        // inquiryToPaidRate 0.52 ≥ 0.5 → 100 points × 40% = 40
        // firstResponseAvg 20, floor 60 → target 15: 100 × (20 − 60) ÷ (15 − 60) = 88.888…; × 20% = 17.777…
        // aov 199: 100 × (199 − 100) ÷ 120 = 82.5; × 20% = 16.5
        // qa 0.3 × 90 + 0.7 × 80 = 83; × 20% = 16.6
        Assert.Equal("88.888889", Raw(s, "items[1].points"));
        Assert.Equal("17.777778", Raw(s, "items[1].weighted"));
        Assert.Equal("82.5", Raw(s, "items[2].points"));
        Assert.Equal("""{"self":90,"manager":80}""", Compact(s.GetProperty("items")[3].GetProperty("raw")));
        Assert.Equal("83", Raw(s, "items[3].points"));
        // total 40 + 17.777… + 16.5 + 16.6 = 90.877… ≥ 90 → A, 1.2 → bonus 1000 × 1.2 = 1200
        Assert.Equal("90.877778", Raw(s, "totalScore"));
        Assert.Equal("\"A\"", Raw(s, "grade"));
        Assert.Equal("1200.00", Raw(s, "bonus"));
        // rank 1 of 4 (more than top + bottom = 2 agents): reward +100
        Assert.Equal("1", Raw(s, "rank"));
        Assert.Equal("4", Raw(s, "rankOf"));
        Assert.Equal("100.00", Raw(s, "rankingAdjustment"));
        // complaints 3 − free 1 = 2 × 50 = 100; violations 1 × 20% of the bonus 1200 = 240; −340 (≤ 330 + 100 + 1200)
        Assert.Equal("""[{"item":"complaints","count":3,"units":2,"amount":100},{"item":"violations","count":1,"units":1,"amount":240}]""", Compact(s.GetProperty("penalties")));
        Assert.Equal("-340.00", Raw(s, "penalty"));
        // 26 of 26 days: full attendance 200
        Assert.Equal("200.00", Raw(s, "fullAttendanceBonus"));
        Assert.Equal("[]", Raw(s, "flags"));
        // 3000 + 330 + 1200 + 100 − 340 + 200 = 4490.00
        Assert.Equal("4490.00", Raw(s, "totalPay"));
    }

    [Fact] // progressive tiers across three bands, an override prorated, a C grade
    public void StandardPlan_A2_ThreeTiersOverrideProrated()
    {
        using var ds = Month();
        var s = Slip(Payroll(ds, "standard.json"), 0, "a2");
        // base override 3500 × 25/26 = 3365.3846… → 3365.38
        Assert.Equal("3365.38", Raw(s, "base"));
        // basis 120000 − 2000 − 3000 = 115000: 50000 × 1% + 50000 × 1.5% + 15000 × 2% = 500 + 750 + 300 = 1550 (cap 5000 not reached)
        Assert.Equal("115000.00", Raw(s, "commissionBasis"));
        Assert.Equal("1550.00", Raw(s, "commission"));
        Assert.Equal(3, s.GetProperty("bands").GetArrayLength());
        Assert.Equal("null", Raw(s, "bands[2].to"));
        Assert.Equal("15000", Raw(s, "bands[2].amount"));
        // 0.45 → band 0.4 → 80 × 40% = 32; fra 40 → 100 × 20/45 = 44.444… × 20% = 8.888…;
        // aov 150 → 100 × 50/120 = 41.666… × 20% = 8.333…; qa 0.3 × 80 + 0.7 × 90 = 87 × 20% = 17.4
        // total 32 + 8.888… + 8.333… + 17.4 = 66.622… → C, 0.8 → bonus 800
        Assert.Equal("66.622222", Raw(s, "totalScore"));
        Assert.Equal("\"C\"", Raw(s, "grade"));
        Assert.Equal("800.00", Raw(s, "bonus"));
        // rank 2 of 4: neither top nor bottom
        Assert.Equal("2", Raw(s, "rank"));
        Assert.Equal("0.00", Raw(s, "rankingAdjustment"));
        Assert.Equal("0.00", Raw(s, "penalty"));
        // 25 of 26 days: no full-attendance bonus
        Assert.Equal("0.00", Raw(s, "fullAttendanceBonus"));
        // 3365.38 + 1550 + 800 = 5715.38
        Assert.Equal("5715.38", Raw(s, "totalPay"));
    }

    [Fact] // bottom rank penalty, improvement plan and the 3-month transfer review from history.json
    public void StandardPlan_A3_LastThreeMonthsIsFlaggedForTransfer()
    {
        using var ds = Month();
        var s = Slip(Payroll(ds, "standard.json"), 0, "a3");
        // basis 60000: 50000 × 1% + 10000 × 1.5% = 650
        Assert.Equal("650.00", Raw(s, "commission"));
        // 0.35 → band 0.3 → 60 × 40% = 24; fra 70 is past the floor 60 → 0; aov 90 below the floor 100 → 0;
        // qa 0.3 × 60 + 0.7 × 70 = 67 × 20% = 13.4; total 37.4 → D, coefficient 0 → bonus 0
        Assert.Equal("37.4", Raw(s, "totalScore"));
        Assert.Equal("0.00", Raw(s, "bonus"));
        // rank 4 of 4: −min(100, commission 650) = −100
        Assert.Equal("4", Raw(s, "rank"));
        Assert.Equal("-100.00", Raw(s, "rankingAdjustment"));
        // complaints 1 ≤ free 1 → 0; violations 2 × 20% of a 0 bonus → 0
        Assert.Equal("0.00", Raw(s, "penalty"));
        // last in 2026-09, 2026-10 (history) and 2026-11: transfer review listing those 3 months; last 2 ranks: improvement plan
        Assert.Equal("""[{"flag":"improvementPlan","periods":["2026-11"]},{"flag":"transferReview","periods":["2026-09","2026-10","2026-11"]}]""", Compact(s.GetProperty("flags")));
        // 3000 + 650 + 0 − 100 + 0 + 200 = 3750.00
        Assert.Equal("3750.00", Raw(s, "totalPay"));
    }

    [Fact] // a negative basis is 0, a KPI without value scores 0 and is flagged, the penalty cap, grade on the exact total 60
    public void StandardPlan_A4_NegativeBasisMissingKpiCappedPenalty()
    {
        using var ds = Month();
        var s = Slip(Payroll(ds, "standard.json"), 0, "a4");
        // 3000 × 13/26 = 1500
        Assert.Equal("1500.00", Raw(s, "base"));
        // 10000 − 100 − 20000 < 0 → basis 0, commission 0
        Assert.Equal("0.00", Raw(s, "commissionBasis"));
        Assert.Equal("0.00", Raw(s, "commission"));
        // inquiryToPaidRate null → 0 points; fra 15 = target → 100 × 20% = 20; aov 240 ≥ 220 → 100 × 20% = 20; qa 100 × 20% = 20
        Assert.Equal("null", Raw(s, "items[0].raw"));
        Assert.Equal("0", Raw(s, "items[0].points"));
        // total exactly 60 → C (min 60 inclusive) → bonus 800
        Assert.Equal("60", Raw(s, "totalScore"));
        Assert.Equal("\"C\"", Raw(s, "grade"));
        Assert.Equal("800.00", Raw(s, "bonus"));
        // complaints 6 − 1 = 5 × 50 = 250, item cap 200 → −200
        Assert.Equal("200", Raw(s, "penalties[0].amount"));
        Assert.Equal("-200.00", Raw(s, "penalty"));
        Assert.Equal("""[{"flag":"kpiWithoutValue","periods":["2026-11"],"item":"inquiryToPaidRate"},{"flag":"improvementPlan","periods":["2026-11"]}]""", Compact(s.GetProperty("flags")));
        // 1500 + 0 + 800 + 0 − 200 + 0 = 2100.00
        Assert.Equal("2100.00", Raw(s, "totalPay"));
    }

    [Fact] // team summary: Σ pay, Σ gross credited sales, the after-sale agent no plan scores is unscored
    public void StandardPlan_Team_SumsAndUnscored()
    {
        using var ds = Month();
        var team = Payroll(ds, "standard.json").GetProperty("plans")[0].GetProperty("team");
        // 4490 + 5715.38 + 3750 + 2100 = 16055.38; sales 35000 + 120000 + 60000 + 10000 = 225000
        Assert.Equal("16055.38", Raw(team, "totalPay"));
        Assert.Equal("225000.00", Raw(team, "creditedSales"));
        Assert.Equal(16055.38 / 225000, team.GetProperty("payToSalesRatio").GetDouble(), 12);
        Assert.Equal("""["a9"]""", Compact(team.GetProperty("unscored")));
    }

    [Fact] // what-if across three plans, one per role: each agent paid by the plans that apply, differences from the first
    public void WhatIf_ThreePlansTwoRoles_PayAndDifferencesAsComputedByHand()
    {
        using var ds = Month();
        var root = Payroll(ds, "standard.json", "linear.json", "aftersale.json");
        // linear: base 2800; basis = sales − refunds; max(0, basis − 20000) × 3%, cap 2000; full attendance 300
        // a1: 33500 → 13500 × 3% = 405 → 2800 + 405 + 300 = 3505
        // a2: 117000 → 97000 × 3% = 2910, capped 2000 → 2800 + 2000 + 0 = 4800
        // a3: 60000 → 40000 × 3% = 1200 → 2800 + 1200 + 300 = 4300
        // a4: 0 → 0 → 2800 + 0 + 0 = 2800
        Assert.Equal("2000.00", Raw(Slip(root, 1, "a2"), "commission"));
        Assert.Equal("null", Raw(Slip(root, 1, "a2"), "deductions.postage"));
        Assert.Equal("15405.00", Raw(root.GetProperty("plans")[1], "team.totalPay"));
        // after-sale a9: satisfaction 0.95 → 100 × 0.15/0.2 = 75 × 60% = 45; qa 0.3 × 80 + 0.7 × 90 = 87 × 40% = 34.8;
        // total 79.8 → B, 1.0 → bonus 500; 3200 + 500 = 3700
        var a9 = Slip(root, 2, "a9");
        Assert.Equal("79.8", Raw(a9, "totalScore"));
        Assert.Equal("3700.00", Raw(a9, "totalPay"));
        Assert.Equal("null", Raw(a9, "commission"));
        Assert.Equal("null", Raw(a9, "rank"));
        Assert.Equal("[]", Raw(root, "plans[0].team.unscored"));
        Assert.Equal(
            """[{"agent":"a1","totalPay":[4490.00,3505.00,null],"difference":[0.00,-985.00,null]},"""
            + """{"agent":"a2","totalPay":[5715.38,4800.00,null],"difference":[0.00,-915.38,null]},"""
            + """{"agent":"a3","totalPay":[3750.00,4300.00,null],"difference":[0.00,550.00,null]},"""
            + """{"agent":"a4","totalPay":[2100.00,2800.00,null],"difference":[0.00,700.00,null]},"""
            + """{"agent":"a9","totalPay":[null,null,3700.00],"difference":[null,null,null]}]""",
            Compact(root.GetProperty("whatIf")));
    }

    [Fact] // domain.md §7: each money line rounded once half away from zero (87.505 → 87.51, not banker's 87.50); a penalty never takes pay below the base
    public void Dataset_RoundingHalfAwayAndPenaltyLimitedToTheVariablePay()
    {
        // One agent (no roster: the account is the agent), one paid order 1760.10 with postage 10 → sales 1760.10.
        // linear, deductPostage: (1760.10 − 10 − 0) × 5% = 87.505 → 87.51
        // base 3000 × 20/22 = 2727.2727… → 2727.27; full attendance 100 not paid (20 < 22)
        // complaints 1 × 50 = 50 ≤ 87.51 → −50.00; total 2727.27 + 87.51 − 50 = 2764.78
        using var ds = new TempDataset()
            .With("messages.jsonl", TempDataset.M1, TempDataset.M2)
            .With("orders.jsonl", """{"id":"o1","shop":"s1","customer":"buyer_a","createdAt":"2026-11-01T10:20:00+08:00","paidAt":"2026-11-01T10:21:00+08:00","amount":1760.10,"postage":10.00,"items":2}""")
            .With("complaints.jsonl", """{"shop":"s1","customer":"buyer_a","account":"s1:xiaowang","at":"2026-11-02T10:00:00+08:00","reason":"态度"}""")
            .With("attendance.jsonl", """{"agent":"s1:xiaowang","period":"2026-11","scheduledDays":22,"workedDays":20}""")
            .WithText("p.json", """
                {"name":"p","base":{"default":3000,"prorate":true},
                 "commission":{"mode":"linear","rate":0.05,"deductPostage":true},
                 "penalties":[{"kpi":"complaints","amount":50}],"attendance":{"fullAttendanceBonus":100}}
                """)
            .WithText("q.json", """
                {"name":"q","base":{"default":3000},"commission":{"mode":"linear","rate":0.05,"deductPostage":true},
                 "penalties":[{"kpi":"complaints","amount":500}]}
                """);
        var (code, output, err) = Run("payroll", ds.Dir, "--plan", Path.Combine(ds.Dir, "p.json"), "--plan", Path.Combine(ds.Dir, "q.json"), "--period", "2026-11", "--as-of", "2026-12-20", "--format", "json");
        Assert.True(code == 0, err);
        var root = JsonDocument.Parse(output).RootElement;
        var p = Slip(root, 0, "s1:xiaowang");
        Assert.Equal("1750.10", Raw(p, "commissionBasis"));
        Assert.Equal("87.51", Raw(p, "commission"));
        Assert.Equal("2727.27", Raw(p, "base"));
        Assert.Equal("-50.00", Raw(p, "penalty"));
        Assert.Equal("0.00", Raw(p, "fullAttendanceBonus"));
        Assert.Equal("2764.78", Raw(p, "totalPay"));
        // q: complaints 1 × 500 = 500 > commission 87.51 + ranking 0 + bonus 0 → −87.51; pay = base 3000 + 87.51 − 87.51 = 3000.00
        var q = Slip(root, 1, "s1:xiaowang");
        Assert.Equal("-87.51", Raw(q, "penalty"));
        Assert.Equal("3000.00", Raw(q, "totalPay"));
        Assert.Equal("null", Raw(q, "attendance"));
    }

    private static string Compact(JsonElement e) => JsonSerializer.Serialize(e, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
