using System.Collections.Immutable;
using System.Globalization;
using CsPerf.Engine.Payroll;
using NodaTime;

namespace CsPerf.Engine.Payroll;

/// <summary>The inputs of one payroll run indexed for lookups, and the problems found so far (each once).</summary>
internal sealed class RunContext
{
    private readonly List<PayrollProblem> _problems = [];
    private readonly HashSet<PayrollProblem> _seen = [];

    public RunContext(PayrollInput input, PayrollOptions options)
    {
        Input = input;
        Options = options;
        Month = [input.Period];
        Scores = input.Scores.IsDefault
            ? []
            : input.Scores.Where(s => s.Period == input.Period).GroupBy(s => (s.Agent, s.Kind)).ToDictionary(g => g.Key, g => g.ToList());
        Attendance = input.Attendance.IsDefault
            ? new Dictionary<string, List<AttendanceRecord>>(StringComparer.Ordinal)
            : input.Attendance.Where(a => a.Period == input.Period).GroupBy(a => a.Agent, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var history = input.History?.Periods ?? [];
        History = new Dictionary<YearMonth, RankHistoryPeriod>();
        foreach (var p in history.IsDefault ? [] : history)
        {
            if (!History.TryAdd(p.Period, p))
            {
                Problem("history", null, "period", $"{Format(p.Period)} is in the history twice");
            }
        }
    }

    public PayrollInput Input { get; }

    public PayrollOptions Options { get; }

    /// <summary>The month paid, as a one-element list for flags.</summary>
    public ImmutableArray<YearMonth> Month { get; }

    public Dictionary<(string Agent, string Kind), List<ExternalScore>> Scores { get; }

    public Dictionary<string, List<AttendanceRecord>> Attendance { get; }

    public Dictionary<YearMonth, RankHistoryPeriod> History { get; }

    public ImmutableArray<PayrollProblem> Problems => [.. _problems];

    public void Problem(string source, string? agent, string field, string message)
    {
        var p = new PayrollProblem(source, agent, field, message);
        if (_seen.Add(p))
        {
            _problems.Add(p);
        }
    }

    public static string Format(YearMonth month) =>
        month.Year.ToString("D4", CultureInfo.InvariantCulture) + "-" + month.Month.ToString("D2", CultureInfo.InvariantCulture);
}

/// <summary>Scores one plan for the agents it applies to (domain.md §7), in the order base → commission → performance → ranking → penalties → attendance.</summary>
internal sealed class PlanScorer
{
    private readonly RunContext _run;
    private readonly PayrollPlan _plan;
    private readonly AttributionRule _rule;

    public PlanScorer(RunContext run, PayrollPlan plan)
    {
        _run = run;
        _plan = plan;
        _rule = plan.Commission?.Rule ?? run.Options.DefaultRule;
    }

    public AttributionRule Rule => _rule;

    /// <summary>The agents the plan applies to (<c>appliesTo</c>), by id ordinal.</summary>
    public List<PayrollAgent> Select()
    {
        var agents = _run.Input.Agents;
        var scope = _plan.AppliesTo;
        List<PayrollAgent> chosen;
        if (scope?.Agents is { } ids)
        {
            var byId = agents.ToDictionary(a => a.Agent, StringComparer.Ordinal);
            chosen = [];
            foreach (string id in ids)
            {
                if (byId.TryGetValue(id, out var a))
                {
                    chosen.Add(a);
                }
                else
                {
                    _run.Problem("kpis", id, "agent", $"plan \"{_plan.Name}\" applies to agent {id}, who has no KPIs in {RunContext.Format(_run.Input.Period)}");
                }
            }
        }
        else
        {
            var roles = scope?.Roles ?? [PlanRole.Presale];
            chosen = agents.Where(a => roles.Contains(a.Presale ? PlanRole.Presale : PlanRole.Aftersale)).ToList();
        }

        chosen.Sort((x, y) => string.CompareOrdinal(x.Agent, y.Agent));
        return chosen;
    }

    public (ImmutableArray<Payslip> Payslips, decimal CreditedSales) Score(List<PayrollAgent> agents)
    {
        var drafts = agents.Select(NewDraft).ToList();
        if (_plan.Ranking is { } ranking)
        {
            Rank(drafts, ranking);
        }

        var slips = drafts.Select(Finish).ToImmutableArray();
        return (slips, drafts.Sum(d => d.GrossSales));
    }

    /// <summary>Everything of a payslip but the ranking, the penalties and the total.</summary>
    private sealed class Draft
    {
        public required PayrollAgent Agent;
        public required Payslip Slip;
        public required decimal GrossSales;

        /// <summary>The exact total score, for the grade lookup and the ranking (the payslip shows it as a decimal).</summary>
        public Rational ExactTotal = Rational.Zero;
        public readonly List<PayslipFlag> Flags = [];
        public bool FullAttendance = true;
    }

    private Draft NewDraft(PayrollAgent agent)
    {
        var draft = new Draft
        {
            Agent = agent,
            Slip = new Payslip { Agent = agent.Agent, Name = agent.Name, TotalPay = 0 },
            GrossSales = Kpi(agent, CsPerf.Engine.Kpi.Sales) ?? 0,
        };
        Attendance(draft);
        Base(draft);
        Commission(draft);
        Performance(draft);
        return draft;
    }

    private void Attendance(Draft d)
    {
        bool needed = _plan.Base?.Prorate == true || _plan.Attendance is not null;
        if (!needed)
        {
            return;
        }

        string agent = d.Agent.Agent;
        string month = RunContext.Format(_run.Input.Period);
        AttendanceRecord? line = null;
        if (_run.Attendance.TryGetValue(agent, out var lines))
        {
            if (lines.Count > 1)
            {
                _run.Problem("attendance", agent, "agent", $"{lines.Count} attendance lines for {agent} in {month}; give one");
            }

            var first = lines[0];
            if (first.ScheduledDays <= 0)
            {
                _run.Problem("attendance", agent, "scheduledDays", $"must be more than 0, not {first.ScheduledDays}");
            }
            else if (first.WorkedDays < 0 || first.WorkedDays > first.ScheduledDays)
            {
                _run.Problem("attendance", agent, "workedDays", $"must be between 0 and scheduledDays {first.ScheduledDays}, not {first.WorkedDays}");
            }
            else
            {
                line = first;
            }
        }
        else
        {
            if (!_run.Options.Lenient)
            {
                _run.Problem("attendance", agent, "agent", $"no attendance line for {agent} in {month} (--lenient assumes full attendance)");
            }

            d.Flags.Add(new PayslipFlag(PayslipFlagKind.MissingAttendance, _run.Month));
        }

        if (line is not null)
        {
            d.FullAttendance = line.WorkedDays == line.ScheduledDays;
            d.Slip = d.Slip with { Attendance = new AttendanceLine(line.ScheduledDays, line.WorkedDays) };
        }
    }

    private void Base(Draft d)
    {
        if (_plan.Base is not { } b)
        {
            return;
        }

        decimal amount = b.Overrides.TryGetValue(d.Agent.Agent, out decimal o) ? o : b.Default ?? 0;
        bool prorate = b.Prorate == true && d.Slip.Attendance is not null;
        decimal exact = prorate ? amount * d.Slip.Attendance!.WorkedDays / d.Slip.Attendance.ScheduledDays : amount;
        d.Slip = d.Slip with { Base = Money(exact), BaseBeforeProration = amount, Prorated = prorate };
    }

    private void Commission(Draft d)
    {
        if (_plan.Commission is not { } c)
        {
            return;
        }

        var mode = c.Mode!.Value;
        var basisKind = c.Basis ?? (mode == CommissionMode.PerItem ? CommissionBasis.Items : CommissionBasis.Sales);
        bool items = basisKind == CommissionBasis.Items;
        decimal gross = Kpi(d.Agent, items ? CsPerf.Engine.Kpi.Items : CsPerf.Engine.Kpi.Sales) ?? 0;
        decimal? postage = c.DeductPostage == true && !items ? Kpi(d.Agent, CsPerf.Engine.Kpi.Postage) ?? 0 : null;
        decimal? refunds = c.DeductRefunds == true ? Kpi(d.Agent, items ? CsPerf.Engine.Kpi.RefundItems : CsPerf.Engine.Kpi.RefundAmount) ?? 0 : null;
        decimal basis = Math.Max(0, gross - (postage ?? 0) - (refunds ?? 0));

        decimal exact;
        ImmutableArray<CommissionBandLine>? bands = null;
        switch (mode)
        {
            case CommissionMode.Linear:
                exact = PayrollMath.Linear(basis, c.Baseline ?? 0, c.Rate!.Value);
                break;
            case CommissionMode.Tiered:
                (exact, var lines) = PayrollMath.Tiered(basis, c.Tiers!.Value, c.Method!.Value);
                bands = lines;
                break;
            default:
                exact = basis * c.Amount!.Value;
                break;
        }

        bool capped = c.Cap is { } cap && exact > cap;
        decimal commission = capped ? c.Cap!.Value : exact;
        d.Slip = d.Slip with
        {
            GrossBasis = gross,
            CommissionBasis = basis,
            Deductions = new CommissionDeductions(postage, refunds),
            CommissionBeforeCap = exact,
            CapApplied = capped,
            Commission = Money(commission),
            Bands = bands,
        };
    }

    private void Performance(Draft d)
    {
        if (_plan.Performance is not { } p)
        {
            return;
        }

        var lines = ImmutableArray.CreateBuilder<ScoreItemLine>(p.Items!.Value.Length);
        var total = Rational.Zero;
        foreach (var item in p.Items.Value)
        {
            var (line, weighted) = item.External is { } kind ? External(d, item, kind) : KpiItem(d, item);
            lines.Add(line);
            total += weighted;
        }

        d.ExactTotal = total;
        var grade = PayrollMath.Grade(total, p.Grades!.Value);
        d.Slip = d.Slip with
        {
            Items = lines.MoveToImmutable(),
            TotalScore = total.ToDecimal(),
            Grade = grade.Grade,
            Coefficient = grade.Coefficient,
            Bonus = Money(p.BonusBase!.Value * grade.Coefficient!.Value),
        };
    }

    private (ScoreItemLine Line, Rational Weighted) KpiItem(Draft d, PerformanceItem item)
    {
        string kpi = item.Kpi!;
        decimal? raw = Kpi(d.Agent, kpi);
        var points = Rational.Zero;
        if (raw is { } x)
        {
            points = Scale(item, x);
        }
        else
        {
            d.Flags.Add(new PayslipFlag(PayslipFlagKind.KpiWithoutValue, _run.Month, kpi));
        }

        return Line(kpi, isExternal: false, raw, null, item.Weight!.Value, points);
    }

    private (ScoreItemLine Line, Rational Weighted) External(Draft d, PerformanceItem item, string kind)
    {
        string agent = d.Agent.Agent;
        var blend = item.Blend ?? ScoreBlend.Default;
        decimal bs = blend.Self!.Value, bm = blend.Manager!.Value;
        var line = ExternalLine(agent, kind, "score");
        string? missing = line is null ? "line"
            : bs != 0 && line.Self is null ? "self"
            : bm != 0 && line.Manager is null ? "manager"
            : null;
        if (missing is not null)
        {
            if (line is not null)
            {
                _run.Problem("scores", agent, missing, $"the {kind} line of {agent} has no {missing} score, and the blend needs it");
            }

            d.Flags.Add(new PayslipFlag(PayslipFlagKind.MissingScore, _run.Month, kind));
            var partial = line is null ? null : new ExternalRaw(line.Self, line.Manager);
            return Line(kind, isExternal: true, null, partial, item.Weight!.Value, Rational.Zero);
        }

        decimal blended = ((line!.Self ?? 0) * bs) + ((line.Manager ?? 0) * bm);
        var points = item.Bands is null && item.Linear is null ? Rational.From(blended) : Scale(item, blended);
        if (points < Rational.Zero || points > Hundred)
        {
            _run.Problem("scores", agent, kind, $"the blended {kind} score {blended.ToString(CultureInfo.InvariantCulture)} is outside 0–100");
            points = points < Rational.Zero ? Rational.Zero : Hundred;
        }

        return Line(kind, isExternal: true, blended, new ExternalRaw(line.Self, line.Manager), item.Weight!.Value, points);
    }

    private static readonly Rational Hundred = Rational.From(100m);

    /// <summary>An item's line (points and weighted points as decimals) and its exact weighted points.</summary>
    private static (ScoreItemLine Line, Rational Weighted) Line(string item, bool isExternal, decimal? raw, ExternalRaw? external, decimal weight, Rational points)
    {
        var weighted = points * Rational.From(weight) / Hundred;
        return (new(item, isExternal, raw, external, weight, points.ToDecimal(), weighted.ToDecimal()), weighted);
    }

    private static Rational Scale(PerformanceItem item, decimal x) =>
        item.Bands is { } bands ? Rational.From(PayrollMath.BandPoints(x, bands))
        : item.Linear is { Floor: { } floor, Target: { } target } ? PayrollMath.LinearPoints(x, floor, target)
        : Rational.From(x);

    /// <summary>
    /// The external score line of an agent for the month, or null when missing (a problem unless lenient, or a
    /// duplicate: a problem always).
    /// </summary>
    private ExternalScore? ExternalLine(string agent, string kind, string what)
    {
        string month = RunContext.Format(_run.Input.Period);
        if (!_run.Scores.TryGetValue((agent, kind), out var lines))
        {
            if (!_run.Options.Lenient)
            {
                _run.Problem("scores", agent, kind, $"no {kind} {what} line for {agent} in {month} (--lenient scores it 0 and flags missingScore)");
            }

            return null;
        }

        if (lines.Count > 1)
        {
            _run.Problem("scores", agent, kind, $"{lines.Count} {kind} lines for {agent} in {month}; give one");
        }

        return lines[0];
    }

    private void Rank(List<Draft> drafts, RankingPlan ranking)
    {
        var order = drafts
            .OrderByDescending(d => d.ExactTotal)
            .ThenByDescending(d => d.GrossSales)
            .ThenBy(d => d.Agent.Agent, StringComparer.Ordinal)
            .ToList();
        int n = order.Count;
        int top = ranking.TopOrDefault, bottom = ranking.BottomOrDefault;
        bool applied = n > (long)top + bottom; // long: top or bottom near int.MaxValue must not wrap round
        for (int i = 0; i < n; i++)
        {
            var d = order[i];
            int rank = i + 1;
            decimal adjustment = 0;
            if (applied && rank <= top)
            {
                adjustment = ranking.RewardOrDefault;
            }
            else if (applied && rank > n - bottom)
            {
                adjustment = -Math.Min(ranking.PenaltyOrDefault, d.Slip.Commission ?? 0);
            }

            d.Slip = d.Slip with { Rank = rank, RankOf = n, RankingAdjustment = Money(adjustment), RankingApplied = applied };
            if (applied && rank > n - ranking.ImprovementPlanBottomOrDefault)
            {
                d.Flags.Add(new PayslipFlag(PayslipFlagKind.ImprovementPlan, _run.Month));
            }

            if (applied && rank == n && TransferChain(d.Agent.Agent, ranking.TransferAfterLastPeriodsOrDefault) is { } months)
            {
                d.Flags.Add(new PayslipFlag(PayslipFlagKind.TransferReview, months));
            }
        }
    }

    /// <summary>
    /// The K months ending with this one when the agent was last (highest rank number of the month's history entry)
    /// in each of the K − 1 calendar months before it, else null; a month missing from the history breaks the chain.
    /// </summary>
    private ImmutableArray<YearMonth>? TransferChain(string agent, int k)
    {
        // The chain needs k − 1 months of history; with fewer entries it cannot hold (and a k near int.MaxValue must
        // not size a buffer).
        if (k < 1 || k - 1 > _run.History.Count)
        {
            return null;
        }

        var months = ImmutableArray.CreateBuilder<YearMonth>(k);
        for (int back = k - 1; back >= 1; back--)
        {
            var month = _run.Input.Period.PlusMonths(-back);
            if (!_run.History.TryGetValue(month, out var entry) || entry.Ranks.IsDefaultOrEmpty)
            {
                return null;
            }

            int last = entry.Ranks.Max(r => r.Rank);
            if (!entry.Ranks.Any(r => r.Rank == last && string.Equals(r.Agent, agent, StringComparison.Ordinal)))
            {
                return null;
            }

            months.Add(month);
        }

        months.Add(_run.Input.Period);
        return months.MoveToImmutable();
    }

    private Payslip Finish(Draft d)
    {
        var slip = d.Slip;
        if (!_plan.Penalties.IsDefaultOrEmpty)
        {
            slip = Penalties(d, slip);
        }

        if (_plan.Attendance is { } a)
        {
            slip = slip with { FullAttendanceBonus = Money(d.FullAttendance ? a.FullAttendanceBonus ?? 0 : 0) };
        }

        if (!_run.Input.Final)
        {
            d.Flags.Add(new PayslipFlag(PayslipFlagKind.Provisional, _run.Month));
        }

        decimal total = (slip.Base ?? 0) + (slip.Commission ?? 0) + (slip.Bonus ?? 0) + (slip.RankingAdjustment ?? 0)
            + (slip.Penalty ?? 0) + (slip.FullAttendanceBonus ?? 0);
        return slip with { Flags = [.. d.Flags], TotalPay = total };
    }

    private Payslip Penalties(Draft d, Payslip slip)
    {
        string agent = d.Agent.Agent;
        var lines = ImmutableArray.CreateBuilder<PenaltyLine>(_plan.Penalties.Length);
        decimal sum = 0;
        foreach (var item in _plan.Penalties)
        {
            long count = 0;
            string name;
            if (item.External is { } kind)
            {
                name = kind;
                var line = ExternalLine(agent, kind, "count");
                if (line?.Count is { } c)
                {
                    count = c;
                }
                else
                {
                    if (line is not null)
                    {
                        _run.Problem("scores", agent, "count", $"the {kind} line of {agent} has no count, and penalty {kind} needs it");
                    }

                    d.Flags.Add(new PayslipFlag(PayslipFlagKind.MissingScore, _run.Month, kind));
                }
            }
            else
            {
                name = item.Kpi!;
                if (Kpi(agent: d.Agent, item.Kpi!) is { } v)
                {
                    count = (long)decimal.Truncate(v);
                }
                else
                {
                    d.Flags.Add(new PayslipFlag(PayslipFlagKind.KpiWithoutValue, _run.Month, name));
                }
            }

            decimal units = Math.Max(0, count - (item.Free ?? 0));
            decimal exact = item.Amount is { } amount
                ? amount * units
                : item.BonusPercent!.Value / 100m * (slip.Bonus ?? 0) * units;
            bool capped = item.Cap is { } cap && exact > cap;
            if (capped)
            {
                exact = item.Cap!.Value;
            }

            lines.Add(new PenaltyLine(name, item.External is not null, count, units, exact, capped));
            sum += exact;
        }

        decimal before = Money(sum);
        decimal limit = (slip.Commission ?? 0) + (slip.RankingAdjustment ?? 0) + (slip.Bonus ?? 0);
        bool limited = before > limit;
        return slip with
        {
            Penalties = lines.MoveToImmutable(),
            PenaltyBeforeLimit = before,
            Penalty = Money(0m - (limited ? limit : before)),
            PenaltyLimited = limited,
        };
    }

    /// <summary>A money line: rounded once half away from zero to 0.01, written with two decimals.</summary>
    private static decimal Money(decimal exact) => PayrollMath.Round(exact) + 0.00m;

    /// <summary>
    /// A KPI of the agent under the plan's rule as a decimal, as the report writes it (money to 0.01, doubles
    /// converted), or null when it has no value; a key missing from the set is a problem (and null).
    /// </summary>
    private decimal? Kpi(PayrollAgent agent, string key)
    {
        string name = KpiCatalog.KeyUnder(key, _rule, _run.Input.ReportRule);
        if (!agent.Kpis.TryGet(name, out var value))
        {
            string hint = name == key ? string.Empty : $" (the plan reads rule {_rule}: a report under another rule has it only with --rule all)";
            _run.Problem("kpis", agent.Agent, name, $"KPI {name} is missing{hint}");
            return null;
        }

        return value.Kind switch
        {
            KpiKind.Count => value.Count,
            // As a report writes it (domain.md §6: money rounded half away from zero to 0.01 when written out), so a
            // payroll run on a dataset and one on its saved report read the same aov, sales and postage.
            KpiKind.Money => PayrollMath.Round(value.Money),
            // The shortest text that reads back as the same double, as the report writes it: a plan's band min copied
            // from a report (0.9684813753581661) must meet the value, not a 15-digit approximation of it.
            KpiKind.Real when Math.Abs(value.Real) < 7.9e27 => decimal.Parse(value.Real.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture),
            _ => null,
        };
    }
}
