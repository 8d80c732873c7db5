using System.Text.Json;
using CsPerf.Synthetic;
using NodaTime;
using NodaTime.Text;
using Xunit;

namespace CsPerf.Tests.Synthetic;

public class SyntheticDataTests
{
    private static readonly GeneratorOptions Small = new() { Shops = 2, Agents = 6, Customers = 400, Days = 4, Seed = 7 };

    [Fact]
    public void Same_seed_gives_equal_lists()
    {
        var a = SyntheticData.Generate(Small);
        var b = SyntheticData.Generate(Small);
        Assert.Equal(a.Messages, b.Messages);
        Assert.Equal(a.Orders, b.Orders);
        Assert.Equal(a.Refunds, b.Refunds);
        Assert.Equal(a.Reviews, b.Reviews);
        Assert.Equal(a.Ratings, b.Ratings);
        Assert.Equal(a.Complaints, b.Complaints);
        Assert.Equal(a.Roster.Agents.Select(x => x.Id), b.Roster.Agents.Select(x => x.Id));
        Assert.Equal(a.End, b.End);
    }

    [Fact]
    public void Different_seed_differs()
    {
        var a = SyntheticData.Generate(Small);
        var b = SyntheticData.Generate(Small with { Seed = 8 });
        Assert.NotEqual(a.Messages, b.Messages);
    }

    [Fact]
    public void Same_seed_gives_byte_identical_files()
    {
        using var d1 = new TempDir();
        using var d2 = new TempDir();
        var s1 = SyntheticData.WriteTo(d1.Path, Small);
        var s2 = SyntheticData.WriteTo(d2.Path, Small);
        Assert.Equal(s1, s2);
        foreach (var name in new[] { "roster.json", "config.json", "messages.jsonl", "orders.jsonl", "refunds.jsonl", "reviews.jsonl", "ratings.jsonl", "complaints.jsonl" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(d1.Path, name)), File.ReadAllBytes(Path.Combine(d2.Path, name)));
        }
    }

    /// <summary>Berlin leaves summer time on 2026-10-25: the files must switch from +02:00 to +01:00.</summary>
    public static TheoryData<int> Starts => new() { 0, 1 };

    [Theory]
    [MemberData(nameof(Starts))]
    public void WriteTo_writes_what_Generate_returns(int variant)
    {
        var options = variant == 0 ? Small : Small with { Start = new LocalDate(2026, 10, 23), Days = 4, Customers = 200 };
        var data = SyntheticData.Generate(options);
        using var dir = new TempDir();
        var summary = SyntheticData.WriteTo(dir.Path, options);
        Assert.Equal(data.Messages.Count, summary.Messages);
        Assert.Equal(data.Orders.Count, summary.Orders);
        Assert.Equal(data.Refunds.Count, summary.Refunds);
        Assert.Equal(data.Reviews.Count, summary.Reviews);
        Assert.Equal(data.Ratings.Count, summary.Ratings);
        Assert.Equal(data.Complaints.Count, summary.Complaints);

        var lines = File.ReadAllLines(Path.Combine(dir.Path, "messages.jsonl"));
        Assert.Equal(data.Messages.Count, lines.Length);
        if (variant == 1)
        {
            Assert.Contains(lines, l => l.Contains("\"shop\":\"s2\"", StringComparison.Ordinal) && l.Contains("+02:00\"", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("\"shop\":\"s2\"", StringComparison.Ordinal) && l.Contains("+01:00\"", StringComparison.Ordinal));
        }

        var pattern = OffsetDateTimePattern.ExtendedIso;
        for (int i = 0; i < lines.Length; i++)
        {
            using var doc = JsonDocument.Parse(lines[i]);
            var e = doc.RootElement;
            var m = data.Messages[i];
            Assert.Equal(m.Id, e.GetProperty("id").GetString());
            Assert.Equal(m.Shop, e.GetProperty("shop").GetString());
            Assert.Equal(m.Customer, e.GetProperty("customer").GetString());
            Assert.Equal(m.Account, e.GetProperty("account").GetString());
            Assert.Equal(m.Dir == Direction.In ? "in" : "out", e.GetProperty("dir").GetString());
            var at = pattern.Parse(e.GetProperty("at").GetString()!).GetValueOrThrow();
            Assert.Equal(m.At, at.ToInstant());
            var zone = DateTimeZoneProviders.Tzdb[data.Roster.Shops.Single(s => s.Id == m.Shop).TimeZone];
            Assert.Equal(zone.GetUtcOffset(m.At), at.Offset);
            Assert.Equal(m.Text, e.TryGetProperty("text", out var t) ? t.GetString() : null);
        }

        var orders = File.ReadAllLines(Path.Combine(dir.Path, "orders.jsonl"));
        for (int i = 0; i < orders.Length; i++)
        {
            using var doc = JsonDocument.Parse(orders[i]);
            var e = doc.RootElement;
            var o = data.Orders[i];
            Assert.Equal(o.Id, e.GetProperty("id").GetString());
            Assert.Equal(o.Amount, e.GetProperty("amount").GetDecimal());
            Assert.Equal(o.Postage, e.GetProperty("postage").GetDecimal());
            Assert.Equal(o.Items, e.GetProperty("items").GetInt32());
            var paid = e.GetProperty("paidAt");
            Assert.Equal(o.PaidAt, paid.ValueKind == JsonValueKind.Null ? null : pattern.Parse(paid.GetString()!).GetValueOrThrow().ToInstant());
        }

        foreach (var line in File.ReadAllLines(Path.Combine(dir.Path, "refunds.jsonl")).Concat(File.ReadAllLines(Path.Combine(dir.Path, "reviews.jsonl")))
                     .Concat(File.ReadAllLines(Path.Combine(dir.Path, "ratings.jsonl"))).Concat(File.ReadAllLines(Path.Combine(dir.Path, "complaints.jsonl"))))
        {
            using var doc = JsonDocument.Parse(line);
        }

        using var roster = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "roster.json")));
        Assert.Equal(2, roster.RootElement.GetProperty("shops").GetArrayLength());
        Assert.Equal("Europe/Berlin", roster.RootElement.GetProperty("shops")[1].GetProperty("timeZone").GetString());
        Assert.Equal(12, roster.RootElement.GetProperty("agents").GetArrayLength());
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "config.json")));
        Assert.Equal("你好，本店上新啦", config.RootElement.GetProperty("AdPhrase").GetString());
    }

    [Fact]
    public void No_advert_phrase_means_no_config_and_no_adverts()
    {
        var options = Small with { AdPhrase = null, Shops = 1 };
        using var dir = new TempDir();
        SyntheticData.WriteTo(dir.Path, options);
        Assert.False(File.Exists(Path.Combine(dir.Path, "config.json")));
        Assert.Null(SyntheticData.Generate(options).Config.AdPhrase);
    }

    [Fact]
    public void Demo_contains_every_feature()
    {
        var d = SyntheticData.Demo();
        var phrase = d.Config.AdPhrase;
        Assert.NotNull(phrase);
        Assert.Single(d.Roster.Shops);
        Assert.Equal("Asia/Shanghai", d.Roster.Shops[0].TimeZone);
        Assert.Contains(d.Roster.Agents, a => a.Accounts.Any(b => b.Role == AccountRole.Aftersale));
        Assert.Contains(d.Messages, m => m.Dir == Direction.Out && m.Text is not null && m.Text.StartsWith('$'));
        Assert.Contains(d.Messages, m => m.Dir == Direction.Out && m.Text is not null && m.Text.StartsWith('@'));
        Assert.Contains(d.Messages, m => m.Dir == Direction.Out && m.Text == phrase);
        var accounts = d.Roster.Agents.SelectMany(a => a.Accounts).Select(b => b.Account).ToHashSet();
        Assert.Contains(d.Messages, m => accounts.Contains(m.Customer));
        Assert.Contains(d.Messages, m => m.Text is null);

        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var transfers = d.Messages.Where(m => !accounts.Contains(m.Customer))
            .GroupBy(m => (m.Customer, m.At.InZone(zone).Date))
            .Count(g => g.Select(m => m.Account).Distinct().Count() >= 2);
        Assert.True(transfers > 0);

        Assert.Contains(d.Orders, o => o.PaidAt is null);
        Assert.Contains(d.Orders, o => o.PaidAt is not null);
        Assert.NotEmpty(d.Refunds);
        Assert.NotEmpty(d.Reviews);
        Assert.NotEmpty(d.Ratings);
        Assert.NotEmpty(d.Complaints);
        Assert.InRange(d.Messages.Count, 1000, 5000);

        // Silent orders: a customer with an order but no chat in the two days before it.
        var chats = d.Messages.Select(m => m.Customer).ToHashSet();
        Assert.Contains(d.Orders, o => !chats.Contains(o.Customer));
    }

    [Fact]
    public void Ids_are_unique_and_references_resolve()
    {
        var d = SyntheticData.Generate(Small);
        Assert.Equal(d.Messages.Count, d.Messages.Select(m => m.Id).Distinct().Count());
        Assert.Equal(d.Orders.Count, d.Orders.Select(o => o.Id).Distinct().Count());
        Assert.Equal(d.Refunds.Count, d.Refunds.Select(r => r.Id).Distinct().Count());
        var orders = d.Orders.ToDictionary(o => o.Id);
        Assert.All(d.Refunds, r => Assert.NotNull(orders[r.Order].PaidAt));
        Assert.All(d.Reviews, r => Assert.NotNull(orders[r.Order].PaidAt));
        Assert.All(d.Orders, o =>
        {
            Assert.Equal(o.Amount, decimal.Round(o.Amount, 2));
            Assert.True(o.Postage is 0m or 10m);
            Assert.InRange(o.Items, 1, 5);
            Assert.True(o.PaidAt is null || o.PaidAt >= o.CreatedAt);
        });
        Assert.All(d.Ratings, r => Assert.InRange(r.Score, 1, 5));
    }

    [Fact]
    public void Instants_lie_in_start_to_end_plus_one_day()
    {
        var d = SyntheticData.Generate(Small);
        var start = d.Roster.Shops.Select(s => Small.Start.AtStartOfDayInZone(DateTimeZoneProviders.Tzdb[s.TimeZone]).ToInstant()).Min();
        var limit = d.End + Duration.FromDays(1);
        Assert.Equal(Small.Start.PlusDays(Small.Days).AtStartOfDayInZone(DateTimeZoneProviders.Tzdb["Europe/Berlin"]).ToInstant(), d.End);
        void In(Instant t) => Assert.True(t >= start && t < limit, $"{t} outside [{start}, {limit})");
        foreach (var m in d.Messages) In(m.At);
        foreach (var o in d.Orders) { In(o.CreatedAt); if (o.PaidAt is { } p) In(p); }
        foreach (var r in d.Refunds) { In(r.CreatedAt); if (r.CompletedAt is { } c) In(c); }
        foreach (var r in d.Reviews) In(r.At);
        foreach (var r in d.Ratings) In(r.At);
        foreach (var c in d.Complaints) In(c.At);
    }

    [Fact]
    public void Dataset_builds_from_generated_records()
    {
        var d = SyntheticData.Demo();
        var ds = Dataset.Create(d.Config, d.Roster, d.Messages, d.Orders, d.Refunds, d.Reviews, d.Ratings, d.Complaints);
        Assert.Equal(d.Messages.Count, ds.MessageCount);
    }

    [Fact]
    public void Estimate_is_close_to_the_actual_count()
    {
        var options = new GeneratorOptions { Shops = 2, Customers = 5000, Days = 5, Seed = 3 };
        long estimate = SyntheticData.EstimateMessages(options);
        long actual = SyntheticData.Generate(options).Messages.Count;
        Assert.InRange(estimate, actual * 0.9, actual * 1.1);
    }

    [Fact] // docs/synthetic.md, domain.md §6 "Groups": per shop two groups alternating the pre-sale agents; the file reads back equal
    public void Roster_has_two_groups_per_shop_written_and_read_back()
    {
        var data = SyntheticData.Generate(Small);
        var groups = data.Roster.Groups;
        Assert.Equal(["g1", "g2", "g3", "g4"], groups.Select(g => g.Id));
        Assert.Equal(["a1", "a3", "a5"], groups[0].Agents.AsEnumerable());
        Assert.Equal(["a2", "a4"], groups[1].Agents.AsEnumerable());
        Assert.Equal("s1 售前一组", groups[0].Name);
        Assert.DoesNotContain(groups, g => g.Agents.Contains("a6")); // after-sale: in no group
        Assert.Empty(data.Roster.GroupProblems());

        using var dir = new TempDir();
        SyntheticData.WriteTo(dir.Path, Small);
        var (roster, errors) = CsPerf.IO.RosterReader.Read(Path.Combine(dir.Path, "roster.json"), "Asia/Shanghai");
        Assert.Empty(errors);
        Assert.Equal(groups.Select(g => (g.Id, g.Name, string.Join(",", g.Agents))), roster!.Groups.Select(g => (g.Id, g.Name, string.Join(",", g.Agents))));

        var one = SyntheticData.Generate(Small with { Shops = 1, Agents = 1, Customers = 20, Days = 1 });
        Assert.Equal(["g1"], one.Roster.Groups.Select(g => g.Id)); // no empty group
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticData.Generate(new GeneratorOptions { Days = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticData.EstimateMessages(new GeneratorOptions { Customers = 0 }));
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "csperf-syn-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(Path))
            {
                Directory.Delete(Path, recursive: true);
            }
        }
    }
}
