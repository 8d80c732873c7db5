using NodaTime;
using Xunit;

namespace CsPerf.Tests.Engine;

// contract.md "Bad input": problems are `file:line: field: what is wrong`; issue 8 item 4: builders and validation
// return them structured (Problem), and nobody takes an error string apart.
public class ProblemTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 11, 1, 2, 0);

    [Fact]
    public void Problem_ToString_IsFileLineFieldProblem_WithZeroAndDashForNone()
    {
        Assert.Equal("orders.jsonl:3: paidAt: is before createdAt", new Problem("orders.jsonl", 3, "paidAt", "is before createdAt").ToString());
        Assert.Equal("config:0: -: bad", new Problem("config", null, null, "bad").ToString());
        Assert.Equal(new RejectedLine("roster.json", 0, "shops.id", "x"), new Problem("roster.json", null, "shops.id", "x").ToRejectedLine());
        Assert.Equal(new Problem("a", 2, "f", "m").ToString(), new Problem("a", 2, "f", "m").ToRejectedLine().ToString());
    }

    [Fact] // domain.md knobs: each failure names its knob; the text form keeps "Knob: problem."
    public void Config_Validate_ReturnsStructuredProblemsNamedByKnob()
    {
        var config = CsPerfConfig.Default with { AdReplyWindow = 0, SessionGap = Duration.Zero, TimeZone = "Mars/Olympus" };
        var problems = config.Validate("my.json");
        Assert.Equal(
            [
                new Problem("my.json", null, "TimeZone", "\"Mars/Olympus\" is not an IANA time zone id (e.g. \"Asia/Shanghai\")"),
                new Problem("my.json", null, "AdReplyWindow", "must be between 1 and 1000000, was 0"),
                new Problem("my.json", null, "SessionGap", "must be a positive duration (e.g. \"00:15:00\"), was 0:00:00:00"),
            ],
            problems);
        Assert.Equal(problems.Select(p => $"{p.Field}: {p.Message}."), config.Validate());
        Assert.Empty(CsPerfConfig.Default.Validate("config"));
    }

    [Fact] // contract.md "Bad input": duplicate ids and unknown orders are refused with field and message
    public void Builder_Add_RefusedRecords_AreProblemsWithFieldAndMessage()
    {
        var b = new DatasetBuilder(CsPerfConfig.Default, roster: null);
        var message = new Message("m1", "s1", "c1", "a1", Direction.In, At, "在吗");
        Assert.Null(b.Add(message, "messages.jsonl", 1));
        Assert.Equal(new Problem("messages.jsonl", 2, "id", "duplicate message id \"m1\""), b.Add(message, "messages.jsonl", 2));

        var order = new Order("o1", "s1", "c1", At, null, 10m, 0m, 1);
        Assert.Null(b.Add(order, "orders"));
        Assert.Equal(new Problem("orders", null, "id", "duplicate order id \"o1\""), b.Add(order, "orders"));

        var refund = new Refund("r1", "o1", At, null, 5m, 1, RefundStatus.Pending, 0);
        Assert.Null(b.Add(refund, "refunds.csv", 2));
        Assert.Equal(new Problem("refunds.csv", 3, "id", "duplicate refund id \"r1\""), b.Add(refund, "refunds.csv", 3));
        Assert.Equal(new Problem("refunds.csv", 4, "order", "unknown order \"o9\""), b.Add(refund with { Id = "r2", Order = "o9" }, "refunds.csv", 4));
        Assert.False(b.TryAddRefund(refund));

        Assert.Equal(new Problem("reviews", 1, "order", "unknown order \"o9\""), b.Add(new Review("o9", At, ReviewRating.Good), "reviews", 1));
        Assert.Null(b.Add(new Rating("s1", "c1", "a1", At, 5), "ratings"));
        Assert.Null(b.Add(new Complaint("s1", "c1", "a1", At, null), "complaints"));
    }

    [Fact] // contract.md "Dataset folder" (roster.json): what only the builder sees is a roster.json problem with its field
    public void Builder_Create_RosterProblems_AreStructured_AndTheConstructorStillThrows()
    {
        var bound = new AgentInfo("a1", "A", [new AccountBinding("s1", "x", AccountRole.Presale)]);
        var roster = new Roster([new ShopInfo("s1", "Asia/Shanghai")], [bound, bound with { Id = "a2" }]);
        DatasetBuilder.Create(CsPerfConfig.Default, roster, 16, out var problem);
        Assert.Equal(new Problem("roster.json", null, "agents.accounts", "account \"x\" of shop \"s1\" is bound to more than one agent"), problem);
        var ex = Assert.Throws<ArgumentException>(() => new DatasetBuilder(CsPerfConfig.Default, roster));
        Assert.StartsWith("agents: accounts: account \"x\" of shop \"s1\" is bound to more than one agent.", ex.Message, StringComparison.Ordinal);
        Assert.Equal("roster", ex.ParamName);

        var twice = new Roster([new ShopInfo("s1", "Asia/Shanghai"), new ShopInfo("s1", "UTC")], []);
        DatasetBuilder.Create(CsPerfConfig.Default, twice, 16, out problem);
        Assert.Equal(new Problem("roster.json", null, "shops.id", "duplicate shop \"s1\""), problem);

        DatasetBuilder.Create(CsPerfConfig.Default with { TimeZone = "Mars/Olympus" }, null, 16, out problem);
        Assert.Equal(new Problem("config", null, "TimeZone", "\"Mars/Olympus\" is not an IANA time zone id"), problem);
    }

    [Fact] // contract.md "Config file": sources merge knob by knob; a problem is told against the source that set the knob
    public void ConfigLoader_Merge_ProblemsAreStructured_SourceIsWhoSetTheKnob()
    {
        var r = CsPerf.IO.ConfigLoader.Merge(
        [
            CsPerf.IO.ConfigLoader.FromJson("""{"SessionGap":"-00:01:00","Bogus":1}""", "config.json"),
            CsPerf.IO.ConfigLoader.FromPairs([new("AdReplyWindow", "0")], "--ad-reply-window"),
        ]);
        Assert.Equal(
            [
                new Problem("config.json", null, "Bogus", "unknown knob; knobs are " + string.Join(", ", CsPerf.IO.ConfigLoader.KnobNames)),
                new Problem("--ad-reply-window", null, "AdReplyWindow", "must be between 1 and 1000000, was 0"),
                new Problem("config.json", null, "SessionGap", "must be a positive duration (e.g. \"00:15:00\"), was -0:00:01:00"),
            ],
            r.Problems);
        Assert.Equal(r.Problems.Select(p => p.ToString()), r.Errors);
        Assert.False(r.IsValid);
    }
}
