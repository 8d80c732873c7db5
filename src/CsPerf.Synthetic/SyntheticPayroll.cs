using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using CsPerf.Engine.Payroll;
using NodaTime;
using NodaTime.Text;

namespace CsPerf.Synthetic;

/// <summary>
/// Deterministic payroll inputs for a synthetic dataset (contract "Dataset folder"): per agent and month covered, a
/// <c>qa</c> score (self and manager) and a <c>violations</c> count in <c>scores.jsonl</c>, and an
/// <c>attendance.jsonl</c> line; plus the demo's built-in plans.
/// </summary>
/// <remarks>
/// Drawn from their own generator (seeded from the dataset seed), so adding them changes no other file.
/// </remarks>
public static class SyntheticPayroll
{
    /// <summary>The months a dataset of <paramref name="days"/> days from <paramref name="start"/> covers.</summary>
    /// <param name="start">First day.</param>
    /// <param name="days">Number of days.</param>
    public static ImmutableArray<YearMonth> Months(LocalDate start, int days)
    {
        var months = ImmutableArray.CreateBuilder<YearMonth>();
        for (var m = start.ToYearMonth(); m <= start.PlusDays(Math.Max(1, days) - 1).ToYearMonth(); m = m.PlusMonths(1))
        {
            months.Add(m);
        }

        return months.ToImmutable();
    }

    /// <summary>External scores: per agent and month, a <c>qa</c> line (self 70–100, manager 60–100) and a <c>violations</c> count 0–2.</summary>
    /// <param name="roster">The dataset's roster.</param>
    /// <param name="options">The dataset's options (seed, start, days).</param>
    public static ImmutableArray<ExternalScore> Scores(Roster roster, GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(options);
        var rng = new Prng(unchecked((ulong)options.Seed * 0x9E3779B97F4A7C15UL) ^ 0x5C0AE5UL);
        var list = ImmutableArray.CreateBuilder<ExternalScore>();
        foreach (var month in Months(options.Start, options.Days))
        {
            foreach (var a in roster.Agents)
            {
                list.Add(new ExternalScore(a.Id, month, "qa", rng.Between(70, 100), rng.Between(60, 100), null));
                list.Add(new ExternalScore(a.Id, month, "violations", null, null, rng.Chance(0.6) ? 0 : rng.Between(1, 2)));
            }
        }

        return list.ToImmutable();
    }

    /// <summary>Attendance: per agent and month, 22 scheduled days (fewer in a short month), most agents all worked, some 1–3 days off.</summary>
    /// <param name="roster">The dataset's roster.</param>
    /// <param name="options">The dataset's options (seed, start, days).</param>
    public static ImmutableArray<AttendanceRecord> Attendance(Roster roster, GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(options);
        var rng = new Prng(unchecked((ulong)options.Seed * 0xBF58476D1CE4E5B9UL) ^ 0xA77E4DUL);
        var list = ImmutableArray.CreateBuilder<AttendanceRecord>();
        foreach (var month in Months(options.Start, options.Days))
        {
            int scheduled = Math.Min(22, month.Calendar.GetDaysInMonth(month.Year, month.Month));
            foreach (var a in roster.Agents)
            {
                int off = rng.Chance(0.65) ? 0 : rng.Between(1, 3);
                list.Add(new AttendanceRecord(a.Id, month, scheduled, scheduled - off));
            }
        }

        return list.ToImmutable();
    }

    /// <summary>The month the built-in demo pays: the month of its first day.</summary>
    public static YearMonth DemoMonth => SyntheticData.DemoOptions.Start.ToYearMonth();

    /// <summary>The built-in demo's external scores and attendance (<see cref="SyntheticData.Demo"/>).</summary>
    /// <param name="roster">The demo's roster.</param>
    public static (ImmutableArray<ExternalScore> Scores, ImmutableArray<AttendanceRecord> Attendance) Demo(Roster roster) =>
        (Scores(roster, SyntheticData.DemoOptions), Attendance(roster, SyntheticData.DemoOptions));

    /// <summary>Writes <c>scores.jsonl</c> and <c>attendance.jsonl</c> into a dataset folder.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="roster">The dataset's roster.</param>
    /// <param name="options">The dataset's options.</param>
    /// <returns>Bytes written.</returns>
    public static long WriteTo(string directory, Roster roster, GeneratorOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var scores = new StringBuilder();
        foreach (var s in Scores(roster, options))
        {
            scores.Append(Line(w =>
            {
                w.WriteString("agent", s.Agent);
                w.WriteString("period", YearMonthPattern.Iso.Format(s.Period));
                w.WriteString("kind", s.Kind);
                if (s.Count is { } c)
                {
                    w.WriteNumber("count", c);
                }
                else
                {
                    w.WriteNumber("self", s.Self!.Value);
                    w.WriteNumber("manager", s.Manager!.Value);
                }
            }));
        }

        var attendance = new StringBuilder();
        foreach (var a in Attendance(roster, options))
        {
            attendance.Append(Line(w =>
            {
                w.WriteString("agent", a.Agent);
                w.WriteString("period", YearMonthPattern.Iso.Format(a.Period));
                w.WriteNumber("scheduledDays", a.ScheduledDays);
                w.WriteNumber("workedDays", a.WorkedDays);
            }));
        }

        var utf8 = new UTF8Encoding(false);
        byte[] s1 = utf8.GetBytes(scores.ToString()), a1 = utf8.GetBytes(attendance.ToString());
        File.WriteAllBytes(Path.Combine(directory, "scores.jsonl"), s1);
        File.WriteAllBytes(Path.Combine(directory, "attendance.jsonl"), a1);
        return s1.Length + a1.Length;
    }

    private static string Line(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>
    /// The demo's built-in plans: a presale plan (base, tiered commission on sales less postage and refunds, a score
    /// card with the QA score, ranking, complaint penalties, full-attendance bonus) and an after-sale plan (base, score
    /// card on reply rate, response time and QA, penalties for negative reviews and violations).
    /// </summary>
    public static ImmutableArray<PayrollPlan> DemoPlans { get; } =
    [
        new PayrollPlan
        {
            Name = "demo presale",
            AppliesTo = new PlanScope { Roles = [PlanRole.Presale] },
            Base = new BasePlan { Default = 3000m, Prorate = true },
            Commission = new CommissionPlan
            {
                Basis = CommissionBasis.Sales, DeductPostage = true, DeductRefunds = true, Mode = CommissionMode.Tiered, Method = TierMethod.Progressive,
                Tiers = [new CommissionTier(0m, 0.01m), new CommissionTier(20000m, 0.015m), new CommissionTier(50000m, 0.02m)],
            },
            Performance = new PerformancePlan
            {
                BonusBase = 800m,
                Items =
                [
                    new PerformanceItem { Kpi = Kpi.InquiryToPaidRate, Weight = 40m, HigherIsBetter = true, Bands = [new ScoreBand(0.35m, 100m), new ScoreBand(0.3m, 80m), new ScoreBand(0.2m, 60m), new ScoreBand(0m, 0m)] },
                    new PerformanceItem { Kpi = Kpi.FirstResponseAvg, Weight = 30m, HigherIsBetter = false, Linear = new LinearScale(120m, 30m) },
                    new PerformanceItem { External = "qa", Weight = 30m },
                ],
                Grades = [new GradeBand(85m, "A", 1.2m), new GradeBand(70m, "B", 1.0m), new GradeBand(55m, "C", 0.8m), new GradeBand(0m, "D", 0m)],
            },
            Ranking = new RankingPlan(),
            Penalties = [new PenaltyItem { Kpi = Kpi.Complaints, Free = 1m, Amount = 50m, Cap = 200m }],
            Attendance = new AttendancePlan { FullAttendanceBonus = 200m },
        },
        new PayrollPlan
        {
            Name = "demo after-sale",
            AppliesTo = new PlanScope { Roles = [PlanRole.Aftersale] },
            Base = new BasePlan { Default = 3200m, Prorate = true },
            Performance = new PerformancePlan
            {
                BonusBase = 600m,
                Items =
                [
                    new PerformanceItem { Kpi = Kpi.ReplyRate, Weight = 40m, HigherIsBetter = true, Linear = new LinearScale(0.8m, 1m) },
                    new PerformanceItem { Kpi = Kpi.ResponseAvg, Weight = 30m, HigherIsBetter = false, Linear = new LinearScale(90m, 20m) },
                    new PerformanceItem { External = "qa", Weight = 30m },
                ],
                Grades = [new GradeBand(90m, "A", 1.2m), new GradeBand(75m, "B", 1.0m), new GradeBand(60m, "C", 0.8m), new GradeBand(0m, "D", 0m)],
            },
            Penalties = [new PenaltyItem { Kpi = Kpi.NegativeReviews, Amount = 30m }, new PenaltyItem { External = "violations", BonusPercent = 10m, Cap = 300m }],
            Attendance = new AttendancePlan { FullAttendanceBonus = 200m },
        },
    ];
}
