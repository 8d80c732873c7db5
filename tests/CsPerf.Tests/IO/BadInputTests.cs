using System.Text;
using CsPerf.Cli;
using CsPerf.IO;
using CsPerf.IO.Ingest;
using CsPerf.Tests.Cli;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.IO;

// contract.md "Bad input" and issue 6: each input found by fuzzing, fed exactly. Strict: exit 2 and
// `file:line: field: problem`; --lenient: exit 0, the line counted in `rejected`, nothing else lost; never exit 1.
public class BadInputTests
{
    private const string Head = """{"id":"m9","shop":"s1","customer":"c","account":"a","dir":"in","at":""";

    private static readonly CsPerfConfig Config = CsPerfConfig.Default;

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr, new FakeClock(Instant.FromUtc(2026, 12, 1, 0, 0)));
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string[] Errors(string dir, bool lenient = false, long parallelMinBytes = long.MaxValue) =>
        DatasetReader.Load(dir, Config, lenient, parallelMinBytes).Errors.Select(e => e.ToString()).ToArray();

    private static void AssertStrictAndLenient(TempDataset ds, string expected)
    {
        Assert.Equal([expected], Errors(ds.Dir));
        var (code, _, err) = Run("validate", ds.Dir);
        Assert.Equal(2, code);
        Assert.Contains(expected, err, StringComparison.Ordinal);
        var lenient = Run("report", ds.Dir, "--format", "json", "--lenient", "--as-of", "2026-11-30T00:00:00Z");
        Assert.True(lenient.Code == 0, lenient.Err);
        Assert.Contains("\"rejected\": 1", lenient.Out, StringComparison.Ordinal);
    }

    // Row 1: a NUL inside an id made ids collide (the conversation key joins shop, customer and account with U+0000).
    [Theory]
    [InlineData("""{"id":"m9","shop":"s1\u0000cz","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05Z"}""", "shop")]
    [InlineData("""{"id":"m9","shop":"s1","customer":"c\u0000z","account":"a","dir":"in","at":"2026-11-01T10:00:05Z"}""", "customer")]
    [InlineData("""{"id":"m9","shop":"s1","customer":"c","account":"q\u0000s1:xiaomei","dir":"in","at":"2026-11-01T10:00:05Z"}""", "account")]
    [InlineData("""{"id":"m\u001f9","shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05Z"}""", "id")]
    [InlineData("""{"id":"m9","shop":"s1","customer":"c\u007f","account":"a","dir":"in","at":"2026-11-01T10:00:05Z"}""", "customer")]
    [InlineData("""{"id":"m9","shop":"s1","customer":"c\u0085","account":"a","dir":"in","at":"2026-11-01T10:00:05Z"}""", "customer")]
    public void Ids_ControlCharacterInMessageId_IsRejectedNotMerged(string line, string field)
    {
        using var ds = new TempDataset().With("messages.jsonl", TempDataset.M1, line);
        foreach (long parallel in new[] { long.MaxValue, 0L })
        {
            var errors = Errors(ds.Dir, parallelMinBytes: parallel);
            Assert.Single(errors);
            Assert.StartsWith($"messages.jsonl:2: {field}: ", errors[0], StringComparison.Ordinal);
            Assert.Contains("control character", errors[0], StringComparison.Ordinal);
        }

        var (code, output, err) = Run("report", ds.Dir, "--format", "json", "--lenient", "--as-of", "2026-11-30T00:00:00Z");
        Assert.True(code == 0, err);
        Assert.Contains("\"rejected\": 1", output, StringComparison.Ordinal);
        Assert.Equal(2, Run("validate", ds.Dir).Code);
    }

    [Fact]
    public void Ids_NulInShopOfTwoShops_StayDistinctOrRejected_ExactIssueInput()
    {
        // Shop "s1\0c" + customer "z" and shop "s1" + customer "c\0z" would give the same conversation key.
        using var ds = new TempDataset().With(
            "messages.jsonl",
            """{"id":"m1","shop":"s1\u0000c","customer":"z","account":"a","dir":"in","at":"2026-11-01T10:00:05Z"}""",
            """{"id":"m2","shop":"s1","customer":"c\u0000z","account":"a","dir":"in","at":"2026-11-01T10:00:06Z"}""",
            TempDataset.M2);
        var result = DatasetReader.Load(ds.Dir, Config, lenient: true);
        Assert.Equal(2, result.ErrorCount);
        Assert.Equal(1, result.Dataset!.MessageCount);
    }

    [Theory]
    [InlineData("orders.jsonl", """{"id":"o\u00002","shop":"s1","customer":"c","createdAt":"2026-11-01T10:20:00+08:00","amount":5}""", "orders.jsonl:2: id: ")]
    [InlineData("orders.jsonl", """{"id":"o2","shop":"s\u00001","customer":"c","createdAt":"2026-11-01T10:20:00+08:00","amount":5}""", "orders.jsonl:2: shop: ")]
    [InlineData("refunds.jsonl", """{"id":"r\u00001","order":"o1","createdAt":"2026-11-03T09:00:00+08:00","amount":9,"status":"success"}""", "refunds.jsonl:1: id: ")]
    [InlineData("ratings.jsonl", """{"shop":"s1","customer":"c\u0001","account":"a","at":"2026-11-03T09:00:00+08:00","score":5}""", "ratings.jsonl:1: customer: ")]
    [InlineData("complaints.jsonl", """{"shop":"s1","customer":"c","account":"a\n","at":"2026-11-03T09:00:00+08:00"}""", "complaints.jsonl:1: account: ")]
    public void Ids_ControlCharacterInOtherFiles_IsRejected(string file, string line, string expected)
    {
        using var ds = TempDataset.Valid();
        if (file == "orders.jsonl")
        {
            ds.With(file, TempDataset.O1, line);
        }
        else
        {
            ds.With(file, line);
        }

        var errors = Errors(ds.Dir);
        Assert.Single(errors);
        Assert.StartsWith(expected, errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_ControlCharacterInCsvCell_IsRejected()
    {
        using var ds = new TempDataset().WithText("messages.csv", "id,shop,customer,account,dir,at,text\nm1,s1,c,a,in,2026-11-01T10:00:05Z,hi\nm2,s1\u0000c,z,a,in,2026-11-01T10:00:05Z,hi\n");
        var errors = Errors(ds.Dir);
        Assert.Single(errors);
        Assert.StartsWith("messages.csv:3: shop: \"s1\\u0000c\" holds the control character U+0000", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_LongerThan256Bytes_IsRejected()
    {
        string id = new('x', IdRules.MaxUtf8Bytes + 1);
        using var ds = new TempDataset().With("messages.jsonl", TempDataset.M1, Head.Replace("\"m9\"", $"\"{id}\"", StringComparison.Ordinal) + "\"2026-11-01T10:00:05Z\"}");
        var errors = Errors(ds.Dir);
        Assert.Single(errors);
        Assert.EndsWith("is 257 bytes long (UTF-8); ids may be at most 256 bytes", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_ControlCharacterInRoster_ExitsTwo()
    {
        using var ds = TempDataset.Valid().WithText("roster.json", """{"shops":[{"id":"s1"}],"agents":[{"id":"ag\u0000","accounts":[{"shop":"s1","account":"s1:xiaowang"}]}]}""");
        var (code, _, err) = Run("validate", ds.Dir);
        Assert.Equal(2, code);
        Assert.Contains("roster.json:0: agents[0].id: \"ag\\u0000\" holds the control character U+0000", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Dataset_Create_IdWithNulOrLoneSurrogate_ThrowsNamingTheField()
    {
        var at = Instant.FromUtc(2026, 11, 1, 2, 0);
        var ex = Assert.Throws<ArgumentException>(() => Dataset.Create(Config, null, [new Message("m1", "s1\0c", "z", "a", Direction.In, at, null)]));
        Assert.StartsWith("shop: ", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentException>(() => Dataset.Create(Config, null, [new Message("m1", "s1", "z", "a\ud800", Direction.In, at, null)]));
        Assert.StartsWith("account: ", ex.Message, StringComparison.Ordinal);
        var builder = new DatasetBuilder(Config, null);
        ex = Assert.Throws<ArgumentException>(() => builder.TryAddMessage("m1"u8, "s1"u8, "c\0z"u8, "a"u8, Direction.In, at, default, false));
        Assert.StartsWith("customer: ", ex.Message, StringComparison.Ordinal);
    }

    // Row 4: instants that are not RFC 3339 were accepted by the looser NodaTime fallback.
    [Theory]
    [InlineData("2026-11-10T10:00:00+08")]
    [InlineData("2026-11-10T10:00:00+08:00:00")]
    [InlineData("2026-11-10T24:00:00+08:00")]
    [InlineData("-2026-11-10T10:00:00+08:00")]
    [InlineData("2026-11-10T10:00+08:00")]
    [InlineData("20261110T100000Z")]
    public void Instants_NotRfc3339_AreRejected(string at)
    {
        using var ds = new TempDataset().With("messages.jsonl", TempDataset.M1, Head + $"\"{at}\"}}");
        AssertStrictAndLenient(ds, $"messages.jsonl:2: at: \"{at}\" is not an RFC 3339 instant with an offset or Z (e.g. 2026-11-01T10:00:05+08:00)");
        using var orders = TempDataset.Valid().With("orders.jsonl", TempDataset.O1, $$"""{"id":"o2","shop":"s1","customer":"c","createdAt":"{{at}}","amount":5}""");
        Assert.Equal([$"orders.jsonl:2: createdAt: \"{at}\" is not an RFC 3339 instant with an offset or Z (e.g. 2026-11-01T10:00:05+08:00)"], Errors(orders.Dir));
    }

    [Fact]
    public void Instants_LeapSecondAndTooManyDigits_AreRejectedWithTheReason()
    {
        using var ds = new TempDataset().With("messages.jsonl", TempDataset.M1, Head + "\"2016-12-31T23:59:60Z\"}");
        AssertStrictAndLenient(ds, "messages.jsonl:2: at: \"2016-12-31T23:59:60Z\" is a leap second (second 60), which is not supported");
        using var digits = new TempDataset().With("messages.jsonl", TempDataset.M1, Head + "\"2026-11-01T10:00:05.1234567890Z\"}");
        AssertStrictAndLenient(digits, "messages.jsonl:2: at: \"2026-11-01T10:00:05.1234567890Z\" has more than 9 fraction digits");
    }

    // Row 5: an instant in year 9999 with --as-of in 9999 crashed with "Value should be in range … daysSinceEpoch".
    [Fact]
    public void Instants_OutsideSupportedRange_AreRejectedAtReadTime()
    {
        using var ds = new TempDataset().With("messages.jsonl", TempDataset.M1, Head + "\"9999-12-31T23:59:59+08:00\"}");
        AssertStrictAndLenient(ds, "messages.jsonl:2: at: \"9999-12-31T23:59:59+08:00\" is outside the supported range 1970-01-01T00:00:00Z .. 2200-01-01T00:00:00Z");
        using var early = new TempDataset().With("messages.jsonl", TempDataset.M1, Head + "\"1969-12-31T23:59:59Z\"}");
        Assert.Equal(["messages.jsonl:2: at: \"1969-12-31T23:59:59Z\" is outside the supported range 1970-01-01T00:00:00Z .. 2200-01-01T00:00:00Z"], Errors(early.Dir));
    }

    [Theory]
    [InlineData("--as-of", "9999-12-31T00:00:00+08:00")]
    [InlineData("--as-of", "9999-12-31")]
    [InlineData("--as-of", "2200-01-01T00:00:00Z")]
    [InlineData("--from", "9999-12-31")]
    [InlineData("--to", "9999-12-31")]
    [InlineData("--from", "1969-12-31")]
    public void Cli_AsOfFromToOutsideSupportedRange_ExitTwo(string option, string value)
    {
        using var ds = TempDataset.Valid();
        var (code, _, err) = Run("report", ds.Dir, option, value);
        Assert.Equal(2, code);
        Assert.Contains("outside the supported range", err, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_AsOfNotRfc3339_ExitsTwo()
    {
        using var ds = TempDataset.Valid();
        Assert.Equal(2, Run("report", ds.Dir, "--as-of", "2026-11-10T24:00:00+08:00").Code);
        Assert.Equal(2, Run("report", ds.Dir, "--as-of", "2026-11-10T10:00:00+08").Code);
        Assert.Equal(0, Run("report", ds.Dir, "--as-of", "2026-11-10t10:00:00z").Code);
    }

    // Row 6: an amount of 5e28 fits a decimal, but sums overflowed (exit 1).
    [Theory]
    [InlineData("""{"id":"o2","shop":"s1","customer":"c","createdAt":"2026-11-01T10:20:00+08:00","amount":5e28}""", "orders.jsonl:2: amount: must be at most 1000000000000 (10^12), was 5e28")]
    [InlineData("""{"id":"o2","shop":"s1","customer":"c","createdAt":"2026-11-01T10:20:00+08:00","amount":1000000000000.01}""", "orders.jsonl:2: amount: must be at most 1000000000000 (10^12), was 1000000000000.01")]
    [InlineData("""{"id":"o2","shop":"s1","customer":"c","createdAt":"2026-11-01T10:20:00+08:00","amount":5,"items":1000001}""", "orders.jsonl:2: items: must be at most 1000000, was 1000001")]
    [InlineData("""{"id":"o2","shop":"s1","customer":"c","createdAt":"2026-11-01T10:20:00+08:00","amount":"NaN"}""", "orders.jsonl:2: amount: expected a number, was \"NaN\"")]
    public void Amounts_AboveTheMaximum_AreRejectedAtReadTime(string line, string expected)
    {
        using var ds = TempDataset.Valid().With("orders.jsonl", TempDataset.O1, line);
        AssertStrictAndLenient(ds, expected);
    }

    [Fact]
    public void Amounts_RefundOperationsAboveTheMaximum_AreRejected()
    {
        using var ds = TempDataset.Valid().With("refunds.jsonl", """{"id":"r1","order":"o1","createdAt":"2026-11-03T09:00:00+08:00","amount":9,"status":"success","operations":2147483647}""");
        AssertStrictAndLenient(ds, "refunds.jsonl:1: operations: must be at most 1000000, was 2147483647");
    }

    [Fact]
    public void Amounts_MaximumAmountsAndCounts_SumWithoutOverflow()
    {
        // 10^12 is accepted; many of them sum without overflow (docs/io.md "Input limits").
        var lines = Enumerable.Range(1, 50).Select(i =>
            $$"""{"id":"o{{i}}","shop":"s1","customer":"buyer_a","createdAt":"2026-11-01T10:20:00+08:00","paidAt":"2026-11-01T10:21:00+08:00","amount":1000000000000,"items":1000000}""").ToArray();
        using var ds = new TempDataset().With("messages.jsonl", TempDataset.M1, TempDataset.M2).With("orders.jsonl", lines);
        var (code, output, err) = Run("report", ds.Dir, "--format", "json", "--as-of", "2026-11-30T00:00:00Z");
        Assert.True(code == 0, err);
        Assert.Contains("50000000000000", output, StringComparison.Ordinal);
    }

    // Row 7: config durations beyond the range of a duration crashed with "Arithmetic operation resulted in an overflow".
    [Theory]
    [InlineData("LongDailyThreshold", "\"P3650000D\"")]
    [InlineData("LongDailyThreshold", "\"PT9999999999S\"")]
    [InlineData("SessionGap", "\"10675199.00:00:00\"")]
    [InlineData("PaymentWindow", "\"P3651D\"")]
    public void Config_DurationBeyondTheMaximum_ExitsTwoNamingTheKnobAndRange(string knob, string value)
    {
        using var ds = TempDataset.Valid().WithText("config.json", $"{{\"{knob}\": {value}}}");
        var (code, _, err) = Run("report", ds.Dir, "--as-of", "2026-11-30");
        Assert.Equal(2, code);
        Assert.Contains($"config.json:0: {knob}: must be at most 3650 days", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AfterSaleDays", "2147483647", "must be between 0 and 3660 days")]
    [InlineData("InquiryWindowDays", "2147483647", "must be between 0 and 366 days")]
    [InlineData("AdReplyWindow", "2147483647", "must be between 1 and 1000000")]
    [InlineData("SlowResponseCount", "2147483647", "must be between 1 and 1000000")]
    public void Config_HugeIntegerKnobs_ExitTwo(string knob, string value, string expected)
    {
        using var ds = TempDataset.Valid().WithText("config.json", $"{{\"{knob}\": {value}}}");
        var (code, _, err) = Run("report", ds.Dir, "--as-of", "2026-11-30");
        Assert.Equal(2, code);
        Assert.Contains($"config.json:0: {knob}: {expected}", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_MaximumDuration_IsAcceptedAndReports()
    {
        using var ds = TempDataset.Valid().WithText("config.json", """{"LongDailyThreshold": "P3650D", "SessionGap": "3650.00:00:00", "PaymentWindow": "P3650D", "AfterSaleDays": 3660}""");
        var (code, _, err) = Run("report", ds.Dir, "--as-of", "2199-12-31", "--format", "json");
        Assert.True(code == 0, err);
    }

    // Row 8: a JSON escape that is not valid UTF-16, or invalid UTF-8, in roster.json or config.json (exit 1).
    [Fact]
    public void Roster_LoneSurrogateEscape_ExitsTwoWithLineAndField()
    {
        using var ds = TempDataset.Valid().WithText("roster.json", "{\n  \"shops\": [{\"id\": \"s1\"}],\n  \"agents\": [{\"id\": \"\\udc00\", \"accounts\": []}]\n}\n");
        var (code, _, err) = Run("validate", ds.Dir);
        Assert.Equal(2, code);
        Assert.Contains("roster.json:3: id: a \\u escape is not valid UTF-16 (a lone surrogate)", err, StringComparison.Ordinal);
        Assert.Equal(2, Run("report", ds.Dir, "--lenient").Code);
    }

    [Fact]
    public void Roster_InvalidUtf8_ExitsTwoWithLine()
    {
        using var ds = TempDataset.Valid();
        File.WriteAllBytes(Path.Combine(ds.Dir, "roster.json"), [.. "{\n\"shops\": [{\"id\": \"s"u8, 0xFF, .. "1\"}],\n\"agents\": []}"u8]);
        var (code, _, err) = Run("validate", ds.Dir);
        Assert.Equal(2, code);
        Assert.Contains("roster.json:2: -: not valid UTF-8", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_LoneSurrogateEscape_ExitsTwoWithLineAndKnob()
    {
        using var ds = TempDataset.Valid().WithText("config.json", "{\n  \"AdPhrase\": \"\\udc00\"\n}\n");
        var (code, _, err) = Run("report", ds.Dir);
        Assert.Equal(2, code);
        Assert.Contains("config.json:2: AdPhrase: a \\u escape is not valid UTF-16 (a lone surrogate)", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":"m9","shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05Z","text":"\udc00"}""")]
    [InlineData("""{"id":"m9","shop":"s1","customer":"\ud800","account":"a","dir":"in","at":"2026-11-01T10:00:05Z"}""")]
    public void Jsonl_LoneSurrogateEscape_IsACleanPerLineRejection(string line)
    {
        using var ds = new TempDataset().With("messages.jsonl", TempDataset.M1, line);
        foreach (long parallel in new[] { long.MaxValue, 0L })
        {
            Assert.Equal(["messages.jsonl:2: -: not valid JSON (bad escape)"], Errors(ds.Dir, parallelMinBytes: parallel));
        }

        AssertStrictAndLenient(ds, "messages.jsonl:2: -: not valid JSON (bad escape)");
    }

    // Row 2: messages.csv with an unbalanced quote in the middle, --lenient: every later record was swallowed.
    private static string CsvLine(int i) =>
        i % 3 == 0
            ? $"m{i},s1,c{i % 7},s1:xiaowang,{(i % 2 == 0 ? "in" : "out")},2026-11-01T10:{i:00}:05+08:00,\"hi, \"\"there\"\"\""
            : $"m{i},s1,c{i % 7},s1:xiaowang,{(i % 2 == 0 ? "in" : "out")},2026-11-01T10:{i:00}:05+08:00,hello {i}";

    private static string ReportWithoutRejections(string dir, out int rejected, out string err)
    {
        var (code, output, e) = Run("report", dir, "--format", "json", "--lenient", "--as-of", "2026-11-30T00:00:00Z");
        err = e;
        Assert.True(code == 0, e);
        var node = System.Text.Json.Nodes.JsonNode.Parse(output)!.AsObject();
        rejected = node["rejected"]!.GetValue<int>();
        node.Remove("rejected");
        node.Remove("rejectedLines");
        return node.ToJsonString();
    }

    [Theory]
    [InlineData("m20,s1,\"c20,s1:xiaowang,in,2026-11-01T10:20:05+08:00,hello", "unbalanced quote")]
    [InlineData("m20,s1,c20,s1:xiaowang,in,2026-11-01T10:20:05+08:00,\"hello", "unbalanced quote")]
    [InlineData("m20,s1,c20,s1:xiaowang,in,2026-11-01T10:20:05+08:00,\"hel\"lo", "text after a closing quote")]
    public void Csv_UnbalancedQuoteInTheMiddle_RejectsOneRecordAndReadsTheRest(string bad, string problem)
    {
        var good = Enumerable.Range(1, 40).Select(CsvLine).ToList();
        var withBad = good.ToList();
        withBad.Insert(19, bad); // physical line 21 (the header is line 1)
        using var ds = new TempDataset().With("messages.csv", ["id,shop,customer,account,dir,at,text", .. withBad]);
        using var clean = new TempDataset().With("messages.csv", ["id,shop,customer,account,dir,at,text", .. good]);

        var errors = Errors(ds.Dir);
        Assert.Single(errors);
        Assert.StartsWith("messages.csv:21: -: ", errors[0], StringComparison.Ordinal);
        Assert.Contains(problem, errors[0], StringComparison.Ordinal);
        Assert.Equal(2, Run("validate", ds.Dir).Code);

        string expected = ReportWithoutRejections(clean.Dir, out int cleanRejected, out _);
        string actual = ReportWithoutRejections(ds.Dir, out int rejected, out _);
        Assert.Equal(0, cleanRejected);
        Assert.Equal(1, rejected);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Csv_UnbalancedQuoteToTheEnd_SaysHowManyLinesTheRecordSpanned()
    {
        using var ds = new TempDataset().With("messages.csv", "id,shop,customer,account,dir,at,text", CsvLine(1), "m2,s1,\"c2,s1:xiaowang,in,2026-11-01T10:02:05+08:00,x", CsvLine(4), CsvLine(5));
        Assert.Equal(["messages.csv:3: -: not valid CSV: unbalanced quote (the record spans 3 lines, to the end of the file); reading resumes at line 4"], Errors(ds.Dir));
        var result = DatasetReader.Load(ds.Dir, Config, lenient: true);
        Assert.Equal(3, result.Dataset!.MessageCount);
    }

    [Fact]
    public void Csv_QuotedFieldWithNewlines_IsStillOneRecord()
    {
        using var ds = new TempDataset().With("messages.csv", "id,shop,customer,account,dir,at,text", "m1,s1,c,a,in,2026-11-01T10:00:05Z,\"two\nlines, \"\"quoted\"\"\"", CsvLine(4));
        var result = DatasetReader.Load(ds.Dir, Config, lenient: false);
        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Dataset!.MessageCount);
    }

    // Row 3: invalid UTF-8 in the middle of a CSV file named line 1 and --lenient kept nothing.
    [Fact]
    public void Csv_InvalidUtf8InTheMiddle_NamesItsLineAndLenientKeepsTheRest()
    {
        var lines = Enumerable.Range(1, 30).Select(CsvLine).ToList();
        var bytes = new List<byte>(Encoding.UTF8.GetBytes("id,shop,customer,account,dir,at,text\n"));
        for (int i = 0; i < lines.Count; i++)
        {
            var line = Encoding.UTF8.GetBytes(lines[i] + "\n");
            if (i == 15)
            {
                line[^3] = 0xFF; // line 17
            }

            bytes.AddRange(line);
        }

        using var ds = new TempDataset();
        File.WriteAllBytes(Path.Combine(ds.Dir, "messages.csv"), [.. bytes]);
        Assert.Equal(["messages.csv:17: -: not valid UTF-8"], Errors(ds.Dir));
        var result = DatasetReader.Load(ds.Dir, Config, lenient: true);
        Assert.Equal(29, result.Dataset!.MessageCount);
        Assert.Equal(1, result.Dataset.RejectedCount);
        Assert.Equal(2, Run("validate", ds.Dir).Code);
    }

    [Fact]
    public void Jsonl_InvalidUtf8InTheMiddle_NamesItsLineAndLenientKeepsTheRest()
    {
        using var ds = new TempDataset();
        byte[] bad = [.. Encoding.UTF8.GetBytes(Head + "\"2026-11-01T10:00:05Z\",\"text\":\"a"), 0xC3, 0x28, .. "\"}\n"u8];
        File.WriteAllBytes(Path.Combine(ds.Dir, "messages.jsonl"), [.. Encoding.UTF8.GetBytes(TempDataset.M1 + "\n"), .. bad, .. Encoding.UTF8.GetBytes(TempDataset.M2 + "\n")]);
        foreach (long parallel in new[] { long.MaxValue, 0L })
        {
            Assert.Equal(["messages.jsonl:2: -: not valid UTF-8"], Errors(ds.Dir, parallelMinBytes: parallel));
            var result = DatasetReader.Load(ds.Dir, Config, lenient: true, parallel);
            Assert.Equal(2, result.Dataset!.MessageCount);
        }
    }

    [Fact]
    public void Csv_BomCrlfAndBlankLines_AreRead()
    {
        using var ds = new TempDataset().WithText("messages.csv", "\uFEFFid,shop,customer,account,dir,at,text\r\n\r\n" + CsvLine(1) + "\r\n" + CsvLine(3) + "\r\n");
        var result = DatasetReader.Load(ds.Dir, Config, lenient: false);
        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Dataset!.MessageCount);
    }

    // Row 9: a dataset file that is a folder was silently ignored (exit 0).
    [Theory]
    [InlineData("orders.jsonl")]
    [InlineData("messages.jsonl")]
    [InlineData("refunds.csv")]
    [InlineData("roster.json")]
    [InlineData("config.json")]
    public void DatasetFile_ThatIsAFolder_ExitsTwoNotAFile(string name)
    {
        using var ds = TempDataset.Valid();
        File.Delete(Path.Combine(ds.Dir, name));

        Directory.CreateDirectory(Path.Combine(ds.Dir, name));
        foreach (var args in new[] { new[] { "validate", ds.Dir }, ["report", ds.Dir, "--lenient"] })
        {
            var (code, _, err) = Run(args);
            Assert.Equal(2, code);
            Assert.Contains($"{name}:0: -: not a file", err, StringComparison.Ordinal);
        }
    }

    // Row 10: config.json with invalid UTF-8 had its bytes replaced by U+FFFD silently.
    [Fact]
    public void Config_InvalidUtf8_ExitsTwoNamingFileAndLine()
    {
        using var ds = TempDataset.Valid();
        File.WriteAllBytes(Path.Combine(ds.Dir, "config.json"), [.. "{\n\"AdPhrase\": \"x"u8, 0xC3, 0x28, .. "\"\n}"u8]);
        var (code, _, err) = Run("report", ds.Dir);
        Assert.Equal(2, code);
        Assert.Contains("config.json:2: -: not valid UTF-8", err, StringComparison.Ordinal);
    }
}
