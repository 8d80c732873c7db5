using System.Collections.Immutable;
using CsPerf.Engine;
using NodaTime;
using NodaTime.Text;

namespace CsPerf.Tests.Engine;

/// <summary>A small chat timeline written the way the spec's examples read: who wrote what, when.</summary>
internal sealed class Scenario
{
    private readonly List<Message> _messages = [];
    private readonly List<Order> _orders = [];
    private int _next;

    public Scenario(string date = "2026-11-02", string offset = "+08:00")
    {
        Date = date;
        Offset = offset;
    }

    public string Date { get; set; }

    public string Offset { get; }

    public CsPerfConfig Config { get; set; } = CsPerfConfig.Default;

    public Roster? Roster { get; set; }

    public IReadOnlyList<Message> Messages => _messages;

    public IReadOnlyList<Order> Orders => _orders;

    /// <summary>Parses "HH:mm:ss" on the scenario date, or a full RFC 3339 instant.</summary>
    public Instant At(string time)
    {
        string text = time.Contains('T', StringComparison.Ordinal) ? time : $"{Date}T{time}{Offset}";
        return OffsetDateTimePattern.ExtendedIso.Parse(text).GetValueOrThrow().ToInstant();
    }

    public Scenario In(string time, string? text = "在吗", string customer = "c1", string account = "s1:a", string shop = "s1") =>
        Add(time, Direction.In, text, customer, account, shop);

    public Scenario Out(string time, string? text = "您好", string customer = "c1", string account = "s1:a", string shop = "s1") =>
        Add(time, Direction.Out, text, customer, account, shop);

    public Scenario Order(string id, string created, string? paid, decimal amount = 100m, string customer = "c1", string shop = "s1", int items = 1, decimal postage = 0m)
    {
        _orders.Add(new Order(id, shop, customer, At(created), paid is null ? null : At(paid), amount, postage, items));
        return this;
    }

    public Scenario Add(string time, Direction dir, string? text, string customer, string account, string shop)
    {
        _messages.Add(new Message($"m{_next++:D5}", shop, customer, account, dir, At(time), text));
        return this;
    }

    public Dataset Build() => Dataset.Create(Config, Roster, _messages, _orders);

    public Report Report(PeriodGrouping by = PeriodGrouping.All, string asOf = "2027-01-01T00:00:00Z", LocalDate? from = null, LocalDate? to = null, AttributionRule? rule = null, bool allRules = false) =>
        CsPerfEngine.Report(Build(), Config, new ReportRequest
        {
            AsOf = InstantPattern.ExtendedIso.Parse(asOf).GetValueOrThrow(),
            By = by,
            From = from,
            To = to,
            Rule = rule,
            AllRules = allRules,
        });

    /// <summary>The KPIs of an account over the whole range (empty set when the account is not listed).</summary>
    public KpiSet AccountKpis(Report report, string account) =>
        report.Periods.Single().Agents.SelectMany(g => g.Accounts).Single(a => a.Account == account).Kpis;

    public KpiSet Total(string asOf = "2027-01-01T00:00:00Z") => Report(asOf: asOf).Periods.Single().Total;

    public KpiSet Account(string account = "s1:a") =>
        Report().Periods.Single().Agents.SelectMany(g => g.Accounts).Single(a => a.Account == account).Kpis;

    public static Roster RosterOf(params (string Shop, string Zone)[] shops) =>
        new([.. shops.Select(s => new ShopInfo(s.Shop, s.Zone))], ImmutableArray<AgentInfo>.Empty);
}

internal static class KpiAssert
{
    public static long Count(this KpiSet kpis, string key) => kpis[key].Count;

    public static double? Real(this KpiSet kpis, string key) => kpis[key].IsNull ? null : kpis[key].Real;

    public static decimal? Money(this KpiSet kpis, string key) => kpis[key].IsNull ? null : kpis[key].Money;
}
