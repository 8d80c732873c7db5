using CsPerf.IO;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.IO;

// contract.md "Bad input" and "Errors on input": every bad line is `file:line: field: problem`, lines counted
// physically from 1 (blank lines included).
public class DatasetReaderTests
{
    private static readonly CsPerfConfig Config = CsPerfConfig.Default;

    private static string[] Errors(TempDataset ds, bool lenient = false) =>
        DatasetReader.Load(ds.Dir, Config, lenient).Errors.Select(e => e.ToString()).ToArray();

    [Theory]
    [InlineData("{not json", "messages.jsonl:2: -: not valid JSON")]
    [InlineData("[1,2]", "messages.jsonl:2: -: not valid JSON: expected an object")]
    [InlineData("""{"id":"m1","shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05Z"} trailing""", "messages.jsonl:2: -: not valid JSON")]
    [InlineData("""{"shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05Z"}""", "messages.jsonl:2: id: missing")]
    [InlineData("""{"id":"m9","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05Z"}""", "messages.jsonl:2: shop: missing")]
    [InlineData("""{"id":"m9","shop":"s1","customer":"c","account":"a","dir":"sideways","at":"2026-11-01T10:00:05Z"}""", "messages.jsonl:2: dir: expected \"in\" or \"out\"")]
    [InlineData("""{"id":"m9","shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-11-01 10:00:05"}""", "messages.jsonl:2: at: \"2026-11-01 10:00:05\" is not an RFC 3339 instant with an offset or Z (e.g. 2026-11-01T10:00:05+08:00)")]
    [InlineData("""{"id":"m9","shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05"}""", "messages.jsonl:2: at: \"2026-11-01T10:00:05\" is not an RFC 3339 instant with an offset or Z (e.g. 2026-11-01T10:00:05+08:00)")]
    [InlineData("""{"id":"m1","shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05Z"}""", "messages.jsonl:2: id: duplicate message id \"m1\"")]
    [InlineData("""{"id":"m9","shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05Z","text":5}""", "messages.jsonl:2: text: expected a string")]
    public void Load_BadMessageLine_ReportsFileLineFieldProblem(string line, string expected)
    {
        using var ds = new TempDataset().With("messages.jsonl", TempDataset.M1, line);
        var result = DatasetReader.Load(ds.Dir, Config, lenient: false);
        Assert.Null(result.Dataset);
        Assert.Equal([expected], result.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("orders.jsonl", """{"id":"o2","shop":"s1","customer":"c","createdAt":"2026-11-01T10:20:00+08:00","amount":-1}""", "orders.jsonl:2: amount: must not be negative, was -1")]
    [InlineData("orders.jsonl", """{"id":"o2","shop":"s1","customer":"c","createdAt":"2026-11-01T10:20:00+08:00","amount":5,"postage":-1}""", "orders.jsonl:2: postage: must not be negative, was -1")]
    [InlineData("orders.jsonl", """{"id":"o2","shop":"s1","customer":"c","createdAt":"2026-11-01T10:20:00+08:00","amount":5,"items":-2}""", "orders.jsonl:2: items: must not be negative, was -2")]
    [InlineData("orders.jsonl", """{"id":"o2","shop":"s1","customer":"c","createdAt":"2026-11-01T10:20:00+08:00","paidAt":"2026-11-01T10:19:00+08:00","amount":5}""", "orders.jsonl:2: paidAt: is before createdAt")]
    [InlineData("orders.jsonl", """{"id":"o2","shop":"s1","customer":"c","createdAt":"2026-11-01T10:20:00+08:00"}""", "orders.jsonl:2: amount: missing")]
    [InlineData("orders.jsonl", """{"id":"o1","shop":"s1","customer":"c","createdAt":"2026-11-01T10:20:00+08:00","amount":5}""", "orders.jsonl:2: id: duplicate order id \"o1\"")]
    public void Load_BadOrderLine_ReportsFileLineFieldProblem(string file, string line, string expected)
    {
        using var ds = new TempDataset().With("messages.jsonl", TempDataset.M1).With(file, TempDataset.O1, line);
        Assert.Equal([expected], Errors(ds));
    }

    [Theory]
    [InlineData("refunds.jsonl", """{"id":"r1","order":"o9","createdAt":"2026-11-03T09:00:00+08:00","amount":9,"status":"success"}""", "refunds.jsonl:1: order: unknown order \"o9\"")]
    [InlineData("refunds.jsonl", """{"id":"r1","order":"o1","createdAt":"2026-11-03T09:00:00+08:00","amount":9,"status":"lost"}""", "refunds.jsonl:1: status: expected \"success\", \"closed\" or \"pending\", was \"lost\"")]
    [InlineData("reviews.jsonl", """{"order":"o9","at":"2026-11-03T09:00:00+08:00","rating":"negative"}""", "reviews.jsonl:1: order: unknown order \"o9\"")]
    [InlineData("reviews.jsonl", """{"order":"o1","at":"2026-11-03T09:00:00+08:00","rating":"bad"}""", "reviews.jsonl:1: rating: expected \"good\", \"neutral\" or \"negative\", was \"bad\"")]
    [InlineData("ratings.jsonl", """{"shop":"s1","customer":"c","account":"a","at":"2026-11-03T09:00:00+08:00","score":6}""", "ratings.jsonl:1: score: must be between 1 and 5, was 6")]
    [InlineData("complaints.jsonl", """{"shop":"s1","customer":"c","at":"2026-11-03T09:00:00+08:00"}""", "complaints.jsonl:1: account: missing")]
    public void Load_BadLineInOtherFiles_ReportsFileLineFieldProblem(string file, string line, string expected)
    {
        using var ds = TempDataset.Valid().With(file, line);
        Assert.Equal([expected], Errors(ds));
    }

    [Fact] // contract.md "Bad input": the other files applied from what their parsing thread prepared (ids, rows) report as before, in file and line order
    public void Load_ProblemsOfTheOtherFiles_ListedInFileAndLineOrderWithTheRecordsKept()
    {
        const string O2 = """{"id":"o2","shop":"s1","customer":"buyer_b","createdAt":"2026-11-01T11:00:00+08:00","amount":5}""";
        static string R(string id, string order) => $$"""{"id":"{{id}}","order":"{{order}}","createdAt":"2026-11-03T09:00:00+08:00","amount":9,"status":"success"}""";
        static string V(string order) => $$"""{"order":"{{order}}","at":"2026-11-03T09:00:00+08:00","rating":"negative"}""";
        using var ds = new TempDataset().With("messages.jsonl", TempDataset.M1)
            .With("orders.jsonl", TempDataset.O1, "{broken", O2, TempDataset.O1)
            .With("refunds.jsonl", R("r1", "o2"), R("r1", "o1"), R("r2", "o9"), R("r2", "o1"))
            .With("reviews.jsonl", V("o9"), V("o2"));
        var load = DatasetReader.Load(ds.Dir, Config, lenient: true);
        Assert.Equal(
            [
                "orders.jsonl:2: -: not valid JSON", "orders.jsonl:4: id: duplicate order id \"o1\"",
                "refunds.jsonl:2: id: duplicate refund id \"r1\"", "refunds.jsonl:3: order: unknown order \"o9\"",
                "reviews.jsonl:1: order: unknown order \"o9\"",
            ],
            load.Errors.Select(e => e.ToString()));
        Assert.Equal((2L, 2L, 1L), (load.Counts.Orders, load.Counts.Refunds, load.Counts.Reviews));
        var data = load.Dataset!;
        Assert.Equal(["o1", "o2"], data.Orders.Select(o => data.OrderIds.GetString(o.Id)));
        Assert.Equal([1, 0], data.Refunds.Select(r => r.Order));
        Assert.Equal([1], data.Reviews.Select(r => r.Order));
        Assert.Equal(["buyer_a", "buyer_b"], data.Orders.Select(o => data.CustomerId(o.Customer)));
    }

    [Fact]
    public void Load_InvalidUtf8_IsReported()
    {
        using var ds = new TempDataset();
        File.WriteAllBytes(Path.Combine(ds.Dir, "messages.jsonl"), [.. System.Text.Encoding.UTF8.GetBytes(TempDataset.M1 + "\n{\"id\":\"m2\",\"text\":\""), 0xFF, 0xFE, .. "\"}\n"u8]);
        Assert.Equal(["messages.jsonl:2: -: not valid UTF-8"], Errors(ds));
    }

    [Fact]
    public void Load_BlankLines_AreIgnoredButCounted()
    {
        using var ds = new TempDataset().With("messages.jsonl", TempDataset.M1, "", "   ", "{bad");
        Assert.Equal(["messages.jsonl:4: -: not valid JSON"], Errors(ds));
    }

    [Fact]
    public void Load_Lenient_SkipsBadLinesAndCountsThem()
    {
        // contract.md "Bad input": --lenient skips bad lines, counts them, and reports them in the output.
        using var ds = new TempDataset().With("messages.jsonl", TempDataset.M1, "{bad", TempDataset.M2, """{"id":"m3"}""");
        var result = DatasetReader.Load(ds.Dir, Config, lenient: true);
        Assert.NotNull(result.Dataset);
        Assert.Equal(2, result.Dataset.MessageCount);
        Assert.Equal(2, result.Dataset.RejectedCount);
        Assert.Equal(["messages.jsonl:2: -: not valid JSON", "messages.jsonl:4: shop: missing"], result.Dataset.RejectedLines.Select(l => l.ToString()));
        Assert.Equal(2, result.ErrorCount);
    }

    [Fact]
    public void Load_BothJsonlAndCsv_IsAnErrorEvenWhenLenient()
    {
        // contract.md "Dataset folder": a folder holding both X.jsonl and X.csv is an error, in lenient mode too.
        using var ds = TempDataset.Valid().With("orders.csv", "id,shop,customer,createdAt,amount");
        var result = DatasetReader.Load(ds.Dir, Config, lenient: true);
        Assert.Null(result.Dataset);
        Assert.Equal(["orders.csv:0: -: both orders.jsonl and orders.csv are present; keep one"], result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Load_NoMessagesFile_IsAnError()
    {
        using var ds = new TempDataset().With("orders.jsonl", TempDataset.O1);
        var result = DatasetReader.Load(ds.Dir, Config, lenient: true);
        Assert.Null(result.Dataset);
        Assert.Contains("messages.jsonl:0: -: missing", result.Errors[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Csv_HandlesQuotesDoubledQuotesAndQuotedNewlines()
    {
        // contract.md "Dataset folder": RFC 4180; line numbers stay physical lines of the record start.
        using var ds = new TempDataset().WithText("messages.csv",
            "id,shop,customer,account,dir,at,text\r\n" +
            "m1,s1,buyer_a,s1:a,in,2026-11-01T10:00:05+08:00,\"hello, \"\"world\"\"\"\r\n" +
            "m2,s1,buyer_a,s1:a,out,2026-11-01T10:00:06+08:00,\"two\nlines\"\r\n" +
            "m3,s1,buyer_a,s1:a,out,2026-11-01T10:00:07+08:00,\r\n" +
            "m4,s1,buyer_a,s1:a,up,2026-11-01T10:00:08+08:00,x\r\n");
        var result = DatasetReader.Load(ds.Dir, Config, lenient: true);
        Assert.Equal(["messages.csv:6: dir: expected \"in\" or \"out\""], result.Errors.Select(e => e.ToString()));
        var data = result.Dataset!;
        Assert.Equal(3, data.MessageCount);
        Assert.Equal(14, data.MsgChars[0]); // hello, "world"
        Assert.Equal(9, data.MsgChars[1]);
        Assert.Equal(0, data.MsgChars[2]); // empty cell = absent text
    }

    [Fact]
    public void Load_CsvWrongFieldCountOrOpenQuote_IsReported()
    {
        using var ds = new TempDataset().WithText("messages.csv",
            "id,shop,customer,account,dir,at\nm1,s1,c,a,in\nm2,s1,c,a,in,\"2026-11-01T10:00:05Z\n");
        Assert.Equal(
            ["messages.csv:2: -: expected 6 fields as in the header, found 5", "messages.csv:3: -: not valid CSV: a quoted field is not closed"],
            Errors(ds));
    }

    [Fact]
    public void Load_EscapedStringsAndFractionalSeconds_ReadLikeTheGeneralPath()
    {
        using var ds = new TempDataset().With("messages.jsonl",
            """{"id":"m\u0031","shop":"s1","customer":"\u4e70\u5bb6","account":"a","dir":"in","at":"2026-11-01T10:00:05.1234567+08:00","text":"\u4f60\u597d\ud83d\udc4d","extra":{"x":[1,2]}}""",
            """{"id":"m2","shop":"s1","customer":"买家","account":"a","dir":"out","at":"2026-11-01T02:00:06Z","text":null}""");
        var data = DatasetReader.Load(ds.Dir, Config, lenient: false).Dataset!;
        Assert.Equal(2, data.MessageCount);
        Assert.Equal("m1", data.MessageId(0));
        Assert.Equal(1, data.CustomerCount); // the escaped and the raw customer are the same customer
        Assert.Equal(3, data.MsgChars[0]); // 👍 counts as one
        Assert.Equal(Instant.FromUtc(2026, 11, 1, 2, 0, 5).PlusTicks(1234567).ToUnixTimeTicks(), data.MsgTicks[0]);
        Assert.Equal(Instant.FromUtc(2026, 11, 1, 2, 0, 6).ToUnixTimeTicks(), data.MsgTicks[1]);
    }

    [Fact]
    public void Load_ChunkBoundaries_KeepEveryLine()
    {
        var lines = Enumerable.Range(0, 20_000).Select(i =>
            $$"""{"id":"m{{i}}","shop":"s1","customer":"c{{i % 50}}","account":"a","dir":"{{(i % 2 == 0 ? "in" : "out")}}","at":"2026-11-01T10:00:05+08:00","text":"{{new string('x', i % 300)}}"}""").ToArray();
        using var ds = new TempDataset().With("messages.jsonl", lines);
        var result = DatasetReader.Load(ds.Dir, Config, lenient: false);
        Assert.True(result.IsClean);
        Assert.Equal(20_000, result.Dataset!.MessageCount);
    }

    [Fact]
    public void Load_ParallelReader_GivesTheSequentialResult()
    {
        var rnd = new Random(3);
        var lines = Enumerable.Range(0, 40_000).Select(i => rnd.Next(200) switch
        {
            0 => "{broken",
            1 => "",
            2 => $$"""{"id":"m{{i / 2}}","shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05Z"}""",
            3 => $$"""{"id":"m{{i}}","shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05+08"}""",
            4 => $$"""{"id":"x{{i}}","shop":"s1","customer":"c","account":"a","dir":"up","at":"2026-11-01T10:00:05Z"}""",
            _ => $$"""{"id":"m{{i}}","shop":"s{{i % 3}}","customer":"\u4e70{{i % 97}}","account":"a{{i % 7}}","dir":"{{(i % 2 == 0 ? "in" : "out")}}","at":"2026-11-01T10:{{i % 60:D2}}:05.{{i % 1000:D3}}+08:00","text":"{{(i % 5 == 0 ? "$auto" : "\u4f60\u597d" + i)}}"}""",
        }).ToArray();
        using var ds = new TempDataset().With("messages.jsonl", lines);
        var sequential = DatasetReader.Load(ds.Dir, Config, true, long.MaxValue);
        var parallel = DatasetReader.Load(ds.Dir, Config, true, 0);
        Assert.True(sequential.ErrorCount > 0);
        Assert.Equal(sequential.Errors.Select(e => e.ToString()), parallel.Errors.Select(e => e.ToString()));
        Assert.Equal(sequential.Counts, parallel.Counts);
        var a = sequential.Dataset!;
        var b = parallel.Dataset!;
        Assert.Equal(a.MessageCount, b.MessageCount);
        Assert.Equal(a.MsgTicks.AsSpan(0, a.MessageCount).ToArray(), b.MsgTicks.AsSpan(0, b.MessageCount).ToArray());
        Assert.Equal(a.MsgConversation.AsSpan(0, a.MessageCount).ToArray(), b.MsgConversation.AsSpan(0, b.MessageCount).ToArray());
        Assert.Equal(a.MsgFlags.AsSpan(0, a.MessageCount).ToArray(), b.MsgFlags.AsSpan(0, b.MessageCount).ToArray());
        Assert.Equal(a.MsgChars.AsSpan(0, a.MessageCount).ToArray(), b.MsgChars.AsSpan(0, b.MessageCount).ToArray());
        Assert.Equal(Enumerable.Range(0, a.MessageCount).Select(a.MessageId), Enumerable.Range(0, b.MessageCount).Select(b.MessageId));
    }

    [Fact]
    public void Load_AccountOutsideRoster_Warns()
    {
        // contract.md "Dataset folder": an account missing from an existing roster gets a warning naming it.
        using var ds = TempDataset.Valid().With("roster.json", """{"shops":[{"id":"s1","timeZone":"Asia/Shanghai"}],"agents":[{"id":"a1","name":"小李","accounts":[{"shop":"s1","account":"s1:other","role":"presale"}]}]}""");
        var result = DatasetReader.Load(ds.Dir, Config, lenient: false);
        Assert.NotNull(result.Dataset);
        Assert.Contains(result.Warnings, w => w.Contains("s1:xiaowang", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"shops":[{"id":"s1","timeZone":"Mars/Olympus"}]}""", "roster.json:0: shops[0].timeZone: \"Mars/Olympus\" is not an IANA time zone id (e.g. \"Asia/Shanghai\")")]
    [InlineData("""{"agents":[{"id":"a1","accounts":[{"shop":"s1","account":"x","role":"boss"}]}]}""", "roster.json:0: agents[0].accounts[0].role: expected \"presale\" or \"aftersale\", was \"boss\"")]
    [InlineData("""{"agents":[{"id":"a1","accounts":[{"shop":"s1","account":"x"}]},{"id":"a2","accounts":[{"shop":"s1","account":"x"}]}]}""", "roster.json:0: agents.accounts: account \"x\" of shop \"s1\" is bound to more than one agent")]
    [InlineData("{\n\"shops\": [\n}", "roster.json:3: -: not valid JSON")]
    [InlineData("""{"agents":[{"id":"a1","accounts":[{"shop":"s1","account":"x"}]},{"id":"a2","accounts":[{"shop":"s1","account":"y"}]}],"groups":[{"id":"g1","agents":["a1"]},{"id":"g2","agents":["a1","a2"]}]}""", "roster.json:0: groups[1].agents[0]: agent \"a1\" is already in group \"g1\" (an agent is in at most one group)")] // domain.md §6 "Groups"
    [InlineData("""{"agents":[{"id":"a1","accounts":[{"shop":"s1","account":"x"}]},{"id":"a2","accounts":[{"shop":"s1","account":"y"}]}],"groups":[{"id":"g1","agents":["a1","a9"]}]}""", "roster.json:0: groups[0].agents[1]: agent \"a9\" is not in the roster's agents")] // domain.md §6 "Groups"
    [InlineData("""{"agents":[{"id":"a1","accounts":[{"shop":"s1","account":"x"}]},{"id":"a2","accounts":[{"shop":"s1","account":"y"}]}],"groups":[{"id":"g1","agents":["a1"]},{"id":"g1","agents":["a2"]}]}""", "roster.json:0: groups[1].id: duplicate group \"g1\"")] // domain.md §6 "Groups"
    [InlineData("""{"agents":[{"id":"a1","accounts":[{"shop":"s1","account":"x"}]},{"id":"a2","accounts":[{"shop":"s1","account":"y"}]}],"groups":[{"id":"","agents":["a1"]}]}""", "roster.json:0: groups[0].id: expected a non-empty string")] // domain.md §6 "Groups"
    [InlineData("""{"agents":[{"id":"a1","accounts":[{"shop":"s1","account":"x"}]},{"id":"a2","accounts":[{"shop":"s1","account":"y"}]}],"groups":[{"id":"g1","agents":"a1"}]}""", "roster.json:0: groups[0].agents: expected an array of agent ids")] // domain.md §6 "Groups"
    [InlineData("""{"agents":[{"id":"a1","accounts":[{"shop":"s1","account":"x"}]},{"id":"a2","accounts":[{"shop":"s1","account":"y"}]}],"groups":{"id":"g1"}}""", "roster.json:0: groups: expected an array")] // domain.md §6 "Groups"
    public void Load_BadRoster_IsAnError(string roster, string expected)
    {
        using var ds = TempDataset.Valid().With("roster.json", roster);
        var result = DatasetReader.Load(ds.Dir, Config, lenient: true);
        Assert.Null(result.Dataset);
        Assert.Equal([expected], result.Errors.Select(e => e.ToString()));
    }
}
