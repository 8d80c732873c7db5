using System.Collections.Immutable;
using CsPerf.Engine.Payroll;

namespace CsPerf.Engine;

/// <summary>
/// Payroll plans as pure functions (domain.md §7): validate a plan, score plans on a month's KPIs into payslips, and
/// keep the rank history. No I/O: the CLI reads the plan, score, attendance and history files.
/// </summary>
/// <remarks>Thread safe: no state is kept between calls; the same inputs always give the same result.</remarks>
public static class PayrollEngine
{
    /// <summary>
    /// Checks a plan against domain.md §7 and returns every problem at once, each with the JSON path of its field
    /// (<c>$.performance.items[2].weight</c>); empty when the plan is valid.
    /// </summary>
    /// <param name="plan">The plan as read from its JSON file.</param>
    public static ImmutableArray<PlanProblem> Validate(PayrollPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return PlanValidator.Validate(plan);
    }

    /// <summary>
    /// Scores the month's payslips under each plan (domain.md §7): for each plan, one payslip per agent it applies to,
    /// its team summary, and the what-if rows across plans.
    /// </summary>
    /// <param name="input">The month's agents with their KPIs, external scores, attendance and rank history.</param>
    /// <param name="plans">The plans, in the order given; each must be valid (<see cref="Validate"/>).</param>
    /// <param name="options">Provisional and lenient modes, and the rule of plans without <c>commission.rule</c>.</param>
    /// <returns>
    /// The payslips, and the input problems (missing score or attendance lines, missing KPIs): a result with problems
    /// must not be paid. A month that is not final gives only a <c>period</c> problem unless
    /// <see cref="PayrollOptions.Provisional"/>.
    /// </returns>
    /// <exception cref="ArgumentException">A plan is invalid, or two agents share an id.</exception>
    public static PayrollResult Score(PayrollInput input, ImmutableArray<PayrollPlan> plans, PayrollOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        plans = plans.IsDefault ? [] : plans;
        foreach (var plan in plans)
        {
            var problems = Validate(plan);
            if (!problems.IsEmpty)
            {
                throw new ArgumentException($"Plan \"{plan.Name}\" is invalid: " + string.Join("; ", problems.Select(p => p.Path + ": " + p.Message)), nameof(plans));
            }
        }

        var agents = input.Agents.IsDefault ? [] : input.Agents;
        if (agents.Select(a => a.Agent).Distinct(StringComparer.Ordinal).Count() != agents.Length)
        {
            throw new ArgumentException("Two agents share an id.", nameof(input));
        }

        if (!input.Final && !options.Provisional)
        {
            string month = RunContext.Format(input.Period);
            return new PayrollResult
            {
                Period = input.Period,
                Plans = [],
                WhatIf = [],
                Problems = [new PayrollProblem("period", null, "period", $"{month} is not final yet: outcomes may still change; pay it later, or run with --provisional")],
            };
        }

        var run = new RunContext(input with { Agents = agents }, options);
        var scored = new HashSet<string>(StringComparer.Ordinal);
        var perPlan = new List<(PayrollPlan Plan, AttributionRule Rule, ImmutableArray<Payslip> Slips, decimal Sales)>();
        foreach (var plan in plans)
        {
            var scorer = new PlanScorer(run, plan);
            var chosen = scorer.Select();
            var (slips, sales) = scorer.Score(chosen);
            scored.UnionWith(chosen.Select(a => a.Agent));
            perPlan.Add((plan, scorer.Rule, slips, sales));
        }

        var unscored = agents.Select(a => a.Agent).Where(a => !scored.Contains(a)).Order(StringComparer.Ordinal).ToImmutableArray();
        var results = perPlan.Select(p =>
        {
            decimal total = p.Slips.Sum(s => s.TotalPay);
            double? ratio = p.Sales == 0 ? null : (double)(total / p.Sales);
            return new PlanPayroll(p.Plan.Name, p.Rule, p.Slips, new TeamSummary(total, p.Sales, ratio, unscored));
        }).ToImmutableArray();

        return new PayrollResult
        {
            Period = input.Period,
            Plans = results,
            WhatIf = WhatIf(results),
            Problems = run.Problems,
        };
    }

    /// <summary>
    /// The what-if rows: per agent scored by any plan (by id ordinal), the total pay under each plan (null where the
    /// plan does not score the agent) and the difference from the first plan (null where either is null).
    /// </summary>
    /// <param name="plans">The plans' payslips, in run order.</param>
    public static ImmutableArray<WhatIfRow> WhatIf(ImmutableArray<PlanPayroll> plans)
    {
        var pay = plans.Select(p => p.Payslips.ToDictionary(s => s.Agent, s => s.TotalPay, StringComparer.Ordinal)).ToList();
        var agents = pay.SelectMany(p => p.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return agents.Select(agent =>
        {
            var totals = pay.Select(p => p.TryGetValue(agent, out decimal t) ? t : (decimal?)null).ToImmutableArray();
            var differences = totals.Select(t => t is { } x && totals[0] is { } first ? x - first : (decimal?)null).ToImmutableArray();
            return new WhatIfRow(agent, totals, differences);
        }).ToImmutableArray();
    }

    /// <summary>
    /// This month's ranks to save in the history (<c>--save-history</c>): those of the first plan, in run order, that
    /// has a ranking part, by rank; null when no plan ranks. One history entry holds one ranking, so that "last" in a
    /// month (its highest rank number) means last of one ranking; a shop ranking several roles keeps one history file
    /// per role plan.
    /// </summary>
    /// <param name="result">A payroll result.</param>
    public static RankHistoryPeriod? RanksToSave(PayrollResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var plan in result.Plans)
        {
            if (plan.Payslips.Any(s => s.Rank is not null))
            {
                var ranks = plan.Payslips.Where(s => s.Rank is not null).Select(s => new AgentRank(s.Agent, s.Rank!.Value)).OrderBy(r => r.Rank).ToImmutableArray();
                return new RankHistoryPeriod(result.Period, ranks);
            }
        }

        return null;
    }

    /// <summary>
    /// The history with <paramref name="entry"/> as its month's entry: an entry of the same month is replaced, never
    /// duplicated; months are sorted ascending.
    /// </summary>
    /// <param name="history">The history read (may be empty).</param>
    /// <param name="entry">The month's ranks.</param>
    public static RankHistory WithPeriod(RankHistory history, RankHistoryPeriod entry)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(entry);
        var periods = history.Periods.IsDefault ? [] : history.Periods;
        return new RankHistory(periods.Where(p => p.Period != entry.Period).Append(entry).OrderBy(p => p.Period).ToImmutableArray());
    }
}
