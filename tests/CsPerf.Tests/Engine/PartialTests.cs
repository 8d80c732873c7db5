using System.Text.Json;
using System.Text.Json.Serialization;
using CsPerf.Engine;
using CsPerf.Tests.Properties;
using NodaTime;
using NodaTime.Text;
using Xunit;

namespace CsPerf.Tests.Engine;

/// <summary>Hand-made cases for public partials (docs/partials.md; domain.md §5 invariant 7).</summary>
public class PartialTests
{
    private static readonly Instant AsOf = InstantPattern.ExtendedIso.Parse("2027-01-01T00:00:00Z").GetValueOrThrow();

    private static ReportRequest Request(LocalDate from, LocalDate to, PeriodGrouping by = PeriodGrouping.Day) =>
        new() { AsOf = AsOf, By = by, From = from, To = to, AllRules = true };

    private static Instant At(string text) => OffsetDateTimePattern.ExtendedIso.Parse(text).GetValueOrThrow().ToInstant();

    private static LocalDate Date(int month, int day) => new(2026, month, day);

    /// <summary>One partial per local date of [from, to], merged.</summary>
    private static KpiPartial PerDay(Dataset data, CsPerfConfig config, LocalDate from, LocalDate to)
    {
        var merged = KpiPartial.Empty;
        for (var d = from; d <= to; d = d.PlusDays(1))
        {
            merged = merged.Merge(CsPerfEngine.Aggregate(data, config, Request(d, d)));
        }

        return merged;
    }

    private static void SameReports(Report whole, Report composed) => Assert.Equal(Canonical.Of(whole), Canonical.Of(composed));

    [Fact] // §3: a session belongs to the local date of its first message, even past midnight; so do its peaks
    public void Partial_SessionCrossingLocalMidnight_BelongsToItsFirstDate()
    {
        var s = new Scenario()
            .In("23:55:00").Out("23:58:00").In("2026-11-03T00:05:00+08:00").Out("2026-11-03T00:10:00+08:00");
        var data = s.Build();
        var day1 = CsPerfEngine.Aggregate(data, s.Config, Request(Date(11, 2), Date(11, 2)));
        var day2 = CsPerfEngine.Aggregate(data, s.Config, Request(Date(11, 3), Date(11, 3)));

        var cell = Assert.Single(day1.AccountDays);
        Assert.Equal([At("2026-11-02T23:55:00+08:00").ToUnixTimeTicks(), At("2026-11-03T00:10:00+08:00").ToUnixTimeTicks()], cell.Sessions.ToArray());
        Assert.Equal(2, cell.Counts[(int)PartialCount.Messages]);
        Assert.Empty(day2.AccountDays);

        var request = Request(Date(11, 2), Date(11, 3));
        var composed = CsPerfEngine.Compose(day2.Merge(day1), Roster.Empty, s.Config, request);
        SameReports(CsPerfEngine.Report(data, s.Config, request), composed);
        var first = composed.Periods[0].Total;
        Assert.Equal(1, first["sessions"].Count);
        Assert.Equal(1, first["peakConcurrency"].Count);
        Assert.Equal(1, first["peakConcurrencyByHour"].Hourly[0]); // the 00:00 boundary lies inside the session
        Assert.Equal(0, composed.Periods[1].Total["sessions"].Count);
    }

    [Fact] // §5: an inquiry's outcomes are dated by the inquiry, the sale by paidAt, three days later
    public void Partial_OrderPaidThreeDaysAfterInquiry_SplitByDay_EqualsWholeReport()
    {
        var s = new Scenario()
            .In("10:00:00").Out("10:01:00")
            .Order("o1", "12:00:00", "2026-11-05T09:00:00+08:00", amount: 100m);
        var data = s.Build();
        var merged = PerDay(data, s.Config, Date(11, 1), Date(11, 6));
        foreach (var by in new[] { PeriodGrouping.Day, PeriodGrouping.Week, PeriodGrouping.All })
        {
            var request = Request(Date(11, 1), Date(11, 6), by);
            SameReports(CsPerfEngine.Report(data, s.Config, request), CsPerfEngine.Compose(merged, Roster.Empty, s.Config, request));
        }

        var byDay = CsPerfEngine.Compose(merged, Roster.Empty, s.Config, Request(Date(11, 1), Date(11, 6)));
        var inquiryDay = byDay.Periods.Single(p => p.From == Date(11, 2)).Total;
        var paidDay = byDay.Periods.Single(p => p.From == Date(11, 5)).Total;
        Assert.Equal(1, inquiryDay["inquiries"].Count);
        Assert.Equal(1, inquiryDay["ordered"].Count);
        Assert.Equal(1, inquiryDay["paid"].Count);
        Assert.Equal(0m, inquiryDay["sales"].Money);
        Assert.Equal(100m, paidDay["sales"].Money);
        Assert.Equal(1, paidDay["orders"].Count);
    }

    [Fact] // §6 "Reviews": an agent counts a review implicating two of its accounts once, across partials too
    public void Partial_ReviewImplicatingTwoAccountsOfOneAgent_AgentCountsOnce()
    {
        var roster = new Roster(
            [new ShopInfo("s1", "Asia/Shanghai")],
            [new AgentInfo("g1", "小赵", [new AccountBinding("s1", "s1:u", AccountRole.Presale), new AccountBinding("s1", "s1:t", AccountRole.Presale)])]);
        var config = CsPerfConfig.Default;
        Message Msg(string id, string customer, string account, Direction dir, string at) => new(id, "s1", customer, account, dir, At(at), "在吗");
        var messages = new[]
        {
            Msg("m1", "c1", "s1:u", Direction.In, "2026-11-02T10:00:00+08:00"),
            Msg("m2", "c1", "s1:u", Direction.Out, "2026-11-02T10:01:00+08:00"), // pre-sale: c1's order agent
            Msg("m3", "c1", "s1:t", Direction.Out, "2026-11-02T12:00:00+08:00"), // in-sale: between createdAt and paidAt
            Msg("m4", "c2", "s1:u", Direction.In, "2026-11-02T10:00:00+08:00"),
            Msg("m5", "c2", "s1:u", Direction.Out, "2026-11-02T10:01:00+08:00"),
        };
        var orders = new[]
        {
            new Order("o1", "s1", "c1", At("2026-11-02T11:00:00+08:00"), At("2026-11-02T15:00:00+08:00"), 100m, 0m, 1),
            new Order("o2", "s1", "c2", At("2026-11-02T11:00:00+08:00"), At("2026-11-02T15:00:00+08:00"), 50m, 0m, 1),
        };
        var reviews = new[]
        {
            new Review("o1", At("2026-11-04T09:00:00+08:00"), ReviewRating.Negative),
            new Review("o2", At("2026-11-04T09:00:00+08:00"), ReviewRating.Negative),
        };
        Dataset Build(string? customer) => Dataset.Create(config, roster,
            messages.Where(m => customer is null || m.Customer == customer),
            orders.Where(o => customer is null || o.Customer == customer),
            reviews: reviews.Where(r => customer is null || orders.Single(o => o.Id == r.Order).Customer == customer));

        var request = Request(Date(11, 1), Date(11, 30), PeriodGrouping.All);
        var c1 = CsPerfEngine.Aggregate(Build("c1"), config, request);
        var c2 = CsPerfEngine.Aggregate(Build("c2"), config, request);
        var shared = Assert.Single(c1.SharedReviews);
        Assert.Equal(["s1:t", "s1:u"], shared.Accounts.Select(a => a.Account));
        Assert.Empty(c2.SharedReviews);

        var report = CsPerfEngine.Compose(KpiPartial.Merge(c2, c1), roster, config, request);
        SameReports(CsPerfEngine.Report(Build(null), config, request), report);
        var period = report.Periods.Single();
        var agent = period.Agents.Single();
        Assert.Equal(2, agent.Kpis["negativeReviews"].Count);
        Assert.Equal(2, agent.Kpis["negativeReviewsPreSale"].Count);
        Assert.Equal(1, agent.Kpis["negativeReviewsInSale"].Count);
        Assert.Equal(2, agent.Accounts.Single(a => a.Account == "s1:u").Kpis["negativeReviews"].Count);
        Assert.Equal(1, agent.Accounts.Single(a => a.Account == "s1:t").Kpis["negativeReviews"].Count);
        Assert.Equal(2, period.Shops.Single().Kpis["negativeReviews"].Count);
    }

    [Fact] // §3 pressure: an agent's peak is recomputed over the sessions of all its accounts, whichever partial holds them
    public void Partial_AgentWithAccountsInTwoPartials_PeakConcurrencyRecomputed()
    {
        var roster = new Roster(
            [new ShopInfo("s1", "Asia/Shanghai"), new ShopInfo("s2", "Europe/Berlin")],
            [new AgentInfo("a2", "小李", [new AccountBinding("s1", "s1:y", AccountRole.Presale), new AccountBinding("s2", "s2:y", AccountRole.Presale)])]);
        var config = CsPerfConfig.Default;
        var messages = new[]
        {
            new Message("m1", "s1", "c1", "s1:y", Direction.In, At("2026-11-02T10:00:00+08:00"), "在吗"),
            new Message("m2", "s1", "c1", "s1:y", Direction.Out, At("2026-11-02T10:10:00+08:00"), "您好"),
            new Message("m3", "s2", "c2", "s2:y", Direction.In, At("2026-11-02T03:05:00+01:00"), "hallo"),
            new Message("m4", "s2", "c2", "s2:y", Direction.Out, At("2026-11-02T03:14:00+01:00"), "hi"),
        };
        var request = Request(Date(11, 2), Date(11, 2), PeriodGrouping.All);
        var parts = new[] { "s1", "s2" }
            .Select(shop => CsPerfEngine.Aggregate(Dataset.Create(config, roster, messages.Where(m => m.Shop == shop)), config, request));
        var report = CsPerfEngine.Compose(KpiPartial.Merge(parts), roster, config, request);
        SameReports(CsPerfEngine.Report(Dataset.Create(config, roster, messages), config, request), report);

        var period = report.Periods.Single();
        var agent = period.Agents.Single();
        Assert.Equal(2, agent.Kpis["peakConcurrency"].Count);
        Assert.All(agent.Accounts, a => Assert.Equal(1, a.Kpis["peakConcurrency"].Count));
        Assert.Equal(2, period.Total["peakConcurrency"].Count);
        Assert.All(period.Shops, s => Assert.Equal(1, s.Kpis["peakConcurrency"].Count));
    }

    [Fact] // docs/partials.md: partials of different as-of instants or counting knobs do not merge or compose
    public void Partial_DifferentBasis_IsRefused()
    {
        var s = new Scenario().In("10:00:00").Out("10:01:00");
        var data = s.Build();
        var request = Request(Date(11, 2), Date(11, 2));
        var partial = CsPerfEngine.Aggregate(data, s.Config, request);
        var later = CsPerfEngine.Aggregate(data, s.Config, request with { AsOf = AsOf.Plus(Duration.FromDays(1)) });
        Assert.Throws<ArgumentException>(() => partial.Merge(later));
        Assert.Throws<ArgumentException>(() => CsPerfEngine.Compose(partial, Roster.Empty, s.Config, request with { AsOf = AsOf.Plus(Duration.FromDays(1)) }));
        Assert.Throws<ArgumentException>(() => CsPerfEngine.Compose(partial, Roster.Empty, s.Config with { SessionGap = Duration.FromMinutes(20) }, request));
        Assert.Same(partial, KpiPartial.Empty.Merge(partial));
    }

    [Fact] // docs/partials.md: an empty partial composes into the report of an empty dataset
    public void Partial_Empty_ComposesLikeEmptyDataset()
    {
        var config = CsPerfConfig.Default;
        var request = new ReportRequest { AsOf = AsOf };
        var empty = CsPerfEngine.Report(Dataset.Create(config, null, []), config, request);
        SameReports(empty, CsPerfEngine.Compose(KpiPartial.Empty, Roster.Empty, config, request));
    }

    [Fact] // docs/partials.md: a partial is plain data; System.Text.Json round-trips it (with NodaTime converters)
    public void Partial_JsonRoundTrip_ComposesTheSameReport()
    {
        var spec = PartialSpec.Generate(7);
        var data = spec.Build();
        var request = PartialSpec.Request(PeriodGrouping.Week);
        var partial = CsPerfEngine.Aggregate(data, PartialSpec.Config, request);
        var options = new JsonSerializerOptions { Converters = { new InstantConverter(), new LocalDateConverter() } };
        var copy = JsonSerializer.Deserialize<KpiPartial>(JsonSerializer.Serialize(partial, options), options)!;
        Assert.Equal(PartialText.Of(partial), PartialText.Of(copy));
        SameReports(CsPerfEngine.Report(data, PartialSpec.Config, request), CsPerfEngine.Compose(copy, PartialSpec.Roster, PartialSpec.Config, request));
    }

    private sealed class InstantConverter : JsonConverter<Instant>
    {
        public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            InstantPattern.ExtendedIso.Parse(reader.GetString()!).GetValueOrThrow();

        public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
            writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));
    }

    private sealed class LocalDateConverter : JsonConverter<LocalDate>
    {
        public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            LocalDatePattern.Iso.Parse(reader.GetString()!).GetValueOrThrow();

        public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options) =>
            writer.WriteStringValue(LocalDatePattern.Iso.Format(value));
    }
}
