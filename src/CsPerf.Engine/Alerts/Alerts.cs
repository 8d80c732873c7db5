using System.Collections.Immutable;

namespace CsPerf.Engine;

/// <summary>
/// Alert rules over a <see cref="Report"/> (issue 9 item 8): which agents, accounts, shops or totals crossed a
/// threshold in which period, so a cron job or an ERP can page someone when service slips.
/// </summary>
/// <remarks>Pure and thread safe.</remarks>
public static class Alerts
{
    /// <summary>
    /// What is wrong with a rule's KPI key at a level, or null when it can be watched there: it must be a report key of
    /// the catalogue (<see cref="KpiDefinitions.TryResolve"/>), hold one number (not the hourly keys, not complaintsByReason) and have a
    /// meaning at the level.
    /// </summary>
    /// <param name="kpi">The key.</param>
    /// <param name="level">The level.</param>
    public static string? KpiProblem(string kpi, AlertLevel level)
    {
        ArgumentNullException.ThrowIfNull(kpi);
        if (!KpiDefinitions.TryResolve(kpi, out var d, out _))
        {
            return $"unknown KPI \"{kpi}\" (a key of the report's kpis object, such as replyRate or salesByPayment)";
        }

        if (!d.IsNumber)
        {
            return $"\"{kpi}\" is not a single number ({d.NotANumber}); alerts watch one number";
        }

        return (d.NullAt & ToLevels(level)) != 0
            ? $"\"{kpi}\" has no value at the {level.ToString().ToLowerInvariant()} level"
            : null;
    }

    /// <summary>
    /// The breaches of <paramref name="rules"/> in <paramref name="report"/>: for each rule whose
    /// <see cref="AlertRule.By"/> is the report's grouping, in rule order, then period order, then the level's order in
    /// the report, every value strictly above <see cref="AlertRule.Above"/> or strictly below
    /// <see cref="AlertRule.Below"/>. Null values never breach. Rules of another grouping are skipped: evaluate them on
    /// a report cut their way.
    /// </summary>
    /// <param name="report">The report; it must hold the suffixed keys (<see cref="Report.AllRules"/>) when a rule uses one.</param>
    /// <param name="rules">The rules.</param>
    /// <exception cref="ArgumentException">A rule has an unusable key (<see cref="KpiProblem"/>), no threshold, a
    /// threshold that is not finite, or a suffixed key the report does not hold.</exception>
    public static ImmutableArray<AlertBreach> Evaluate(Report report, IReadOnlyList<AlertRule> rules)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(rules);
        var breaches = ImmutableArray.CreateBuilder<AlertBreach>();
        for (int i = 0; i < rules.Count; i++)
        {
            var rule = rules[i] ?? throw new ArgumentException($"rules[{i}] is null", nameof(rules));
            Check(rule, i, report);
            if (rule.By != report.By)
            {
                continue;
            }

            foreach (var period in report.Periods)
            {
                void Test(string id, string? shop, string? name, KpiSet kpis)
                {
                    if (!kpis.TryGet(rule.Kpi, out var value) || value.AsDouble() is not { } x)
                    {
                        return;
                    }

                    if (rule.Above is { } above && x > above)
                    {
                        breaches.Add(new AlertBreach(i, rule, id, shop, name, period.From, period.To, x, AlertDirection.Above, above, !period.Final));
                    }

                    if (rule.Below is { } below && x < below)
                    {
                        breaches.Add(new AlertBreach(i, rule, id, shop, name, period.From, period.To, x, AlertDirection.Below, below, !period.Final));
                    }
                }

                switch (rule.Level)
                {
                    case AlertLevel.Total:
                        Test("total", null, null, period.Total);
                        break;
                    case AlertLevel.Shop:
                        foreach (var s in period.Shops)
                        {
                            Test(s.Shop, null, null, s.Kpis);
                        }

                        break;
                    case AlertLevel.Group:
                        foreach (var g in period.Groups)
                        {
                            Test(g.Group, null, g.Name, g.Kpis);
                        }

                        break;
                    case AlertLevel.Agent:
                        foreach (var a in period.Agents)
                        {
                            Test(a.Agent, null, a.Name, a.Kpis);
                        }

                        break;
                    default:
                        foreach (var a in period.Agents)
                        {
                            foreach (var acc in a.Accounts)
                            {
                                Test(acc.Account, acc.Shop, a.Name, acc.Kpis);
                            }
                        }

                        break;
                }
            }
        }

        return breaches.ToImmutable();
    }

    private static void Check(AlertRule rule, int i, Report report)
    {
        if (KpiProblem(rule.Kpi, rule.Level) is { } problem)
        {
            throw new ArgumentException($"rules[{i}].kpi: {problem}", nameof(rule));
        }

        if (rule.Above is null && rule.Below is null)
        {
            throw new ArgumentException($"rules[{i}]: no threshold (above or below)", nameof(rule));
        }

        if (rule.Above is { } a && !double.IsFinite(a) || rule.Below is { } b && !double.IsFinite(b))
        {
            throw new ArgumentException($"rules[{i}]: a threshold is not a finite number", nameof(rule));
        }

        if (!Enum.IsDefined(rule.Level) || !Enum.IsDefined(rule.By))
        {
            throw new ArgumentException($"rules[{i}]: unknown level or grouping", nameof(rule));
        }

        KpiDefinitions.TryResolve(rule.Kpi, out _, out var suffixRule);
        if (suffixRule is not null && !report.AllRules)
        {
            throw new ArgumentException($"rules[{i}].kpi: \"{rule.Kpi}\" is only in a report computed with AllRules", nameof(rule));
        }
    }

    private static KpiLevels ToLevels(AlertLevel level) => level switch
    {
        AlertLevel.Account => KpiLevels.Account,
        AlertLevel.Agent => KpiLevels.Agent,
        AlertLevel.Shop => KpiLevels.Shop,
        AlertLevel.Group => KpiLevels.Group,
        _ => KpiLevels.Total,
    };
}
