using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsPerf.Engine;
using CsPerf.IO;
using CsPerf.Synthetic;
using CsPerf.Tests.Properties;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.IO;

/// <summary>
/// The streaming report decides ids as the whole folder's reader does (contract "errors": a message, order or refund id
/// met again is a duplicate, reported at its line, the first record the reader keeps being the one kept), whatever
/// parts the records land in and whatever their id hashes: docs/partials.md "Streaming", ids.
/// </summary>
public class StreamingDuplicateIdTests
{
    private static readonly PeriodGrouping[] Groupings = [PeriodGrouping.Day, PeriodGrouping.All];

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Asserts that the streamed report and problems equal the in-memory ones, lenient and strict; returns the lenient problems.</summary>
    private static DatasetLoadResult AssertSame(string dir, CsPerfConfig config, ReportRequest request, int parts, int idHashBits)
    {
        DatasetLoadResult? lenientLoad = null;
        foreach (bool lenient in new[] { true, false })
        {
            var load = DatasetReader.Load(dir, config, lenient);
            string whole = load.Dataset is null ? "refused" : JsonReportWriter.ToJson(CsPerfEngine.Report(load.Dataset, config, request));
            var streamed = StreamingReport.Run(dir, config, request, lenient, new StreamingOptions { Parts = parts, IdHashBits = idHashBits });
            Assert.Equal(whole, streamed.Report is null ? "refused" : JsonReportWriter.ToJson(streamed.Report));
            Assert.Equal(load.ErrorCount, streamed.Load.ErrorCount);
            Assert.Equal(load.Errors.Select(e => e.ToString()), streamed.Load.Errors.Select(e => e.ToString()));
            Assert.Equal(load.Warnings, streamed.Load.Warnings);
            Assert.Equal(load.Counts, streamed.Load.Counts);
            lenientLoad ??= streamed.Load;
        }

        return lenientLoad!;
    }

    private static string M(string id, string customer, string at, string dir = "in", string text = "在吗") =>
        $$"""{"id":"{{id}}","shop":"s1","customer":"{{customer}}","account":"s1:a","dir":"{{dir}}","at":"{{at}}","text":"{{text}}"}""";

    private static string O(string id, string customer, string created, string amount = "100.00") =>
        $$"""{"id":"{{id}}","shop":"s1","customer":"{{customer}}","createdAt":"{{created}}","paidAt":null,"amount":{{amount}},"postage":0,"items":1}""";

    private static string R(string id, string order, string amount = "10.00") =>
        $$"""{"id":"{{id}}","order":"{{order}}","createdAt":"2026-11-03T10:00:00+08:00","completedAt":null,"amount":{{amount}},"items":1,"status":"pending","operations":1}""";

    /// <summary>
    /// Ids reused across customers of every kind: a message, an order and a refund id used again for another customer
    /// (or another customer's order), an id whose first line is refused (bad time, so the later one is kept, in its own
    /// customer's part), a refund of an unknown order reusing a kept refund's id (unknown order, not duplicate), and a
    /// true duplicate after a refused one.
    /// </summary>
    private static TempDataset CrossCustomerDuplicates()
    {
        var messages = new List<string>();
        for (int c = 1; c <= 12; c++)
        {
            messages.Add(M($"m{c}", $"c{c}", $"2026-11-01T1{c % 10}:00:00+08:00"));
            messages.Add(M($"m{c}b", $"c{c}", $"2026-11-01T1{c % 10}:00:30+08:00", "out", "亲"));
        }

        messages.Add(M("m1", "c2", "2026-11-01T18:00:00+08:00", text: "again"));        // duplicate across customers
        messages.Add(M("m3b", "c9", "2026-11-01T18:00:00+08:00", "out", "again"));      // duplicate across customers
        messages.Add(M("late", "c4", "yesterday"));                                      // refused first line of "late"
        messages.Add(M("late", "c7", "2026-11-01T19:00:00+08:00", text: "kept"));      // kept, in c7's part
        messages.Add(M("late", "c8", "2026-11-01T19:05:00+08:00", text: "dup"));       // duplicate of the kept one
        messages.Add("""{"id":"m5","shop":"s1","customer":"c11","account":"s1:a","dir":"sideways","at":"2026-11-01T20:00:00+08:00"}"""); // refused, not a duplicate
        messages.Add("""{"text":"escaped","id":"m\u0036","shop":"s1","customer":"c10","account":"s1:a","dir":"in","at":"2026-11-01T20:00:00+08:00"}"""); // m6 again, escaped
        var orders = new List<string>
        {
            O("o1", "c1", "2026-11-01T11:00:00+08:00"),
            O("o2", "c2", "2026-11-01T12:00:00+08:00"),
            O("o1", "c5", "2026-11-01T13:00:00+08:00", "55.00"),          // duplicate across customers
            O("o3", "c3", "not a time"),                                  // refused first line of o3
            O("o3", "c6", "2026-11-01T14:00:00+08:00", "66.00"),          // kept, in c6's part
            O("o3", "c9", "2026-11-01T15:00:00+08:00", "77.00"),          // duplicate
            O("o4", "c10", "2026-11-01T16:00:00+08:00"),
        };
        var refunds = new List<string>
        {
            R("r1", "o1"),
            R("r1", "o2", "20.00"),   // duplicate refund id on another customer's order
            R("r2", "nowhere"),       // unknown order: refused, r2 still free
            R("r2", "o3", "5.00"),    // kept (the order kept is c6's)
            R("r2", "o4", "6.00"),    // duplicate
            R("r3", "o4"),
            R("r3", "nowhere"),       // unknown order, not duplicate
            R("r4", "o2", "-1"),      // refused amount
            R("r4", "o4"),            // kept
        };
        return new TempDataset()
            .With("messages.jsonl", [.. messages])
            .With("orders.jsonl", [.. orders])
            .With("refunds.jsonl", [.. refunds])
            .With("reviews.jsonl", """{"order":"o3","at":"2026-11-06T10:00:00+08:00","rating":"good"}""", """{"order":"o1","at":"2026-11-06T10:00:00+08:00","rating":"negative"}""");
    }

    [Theory] // contract "errors": duplicate ids of every kind across customers, with every id hash colliding (0 bits) or few bits
    [InlineData(2, 64)]
    [InlineData(3, 64)]
    [InlineData(5, 64)]
    [InlineData(2, 0)]
    [InlineData(4, 0)]
    [InlineData(3, 1)]
    [InlineData(5, 3)]
    public void Streaming_DuplicateIdsAcrossCustomers_EveryKind_EqualInMemoryProblemsAndReport(int parts, int idHashBits)
    {
        using var folder = CrossCustomerDuplicates();
        foreach (var by in Groupings)
        {
            var request = new ReportRequest { AsOf = Instant.FromUtc(2026, 11, 8, 0, 0), By = by, AllRules = true };
            var problems = AssertSame(folder.Dir, CsPerfConfig.Default, request, parts, idHashBits);
            Assert.Contains(problems.Errors, e => e.File == "messages.jsonl" && e.Line == 25 && e.Problem == "duplicate message id \"m1\"");
            Assert.Contains(problems.Errors, e => e.File == "messages.jsonl" && e.Line == 29 && e.Problem == "duplicate message id \"late\"");
            Assert.Contains(problems.Errors, e => e.File == "messages.jsonl" && e.Line == 31 && e.Problem == "duplicate message id \"m6\"");
            Assert.Contains(problems.Errors, e => e.File == "orders.jsonl" && e.Line == 3 && e.Problem == "duplicate order id \"o1\"");
            Assert.Contains(problems.Errors, e => e.File == "orders.jsonl" && e.Line == 6 && e.Problem == "duplicate order id \"o3\"");
            Assert.Contains(problems.Errors, e => e.File == "refunds.jsonl" && e.Line == 2 && e.Problem == "duplicate refund id \"r1\"");
            Assert.Contains(problems.Errors, e => e.File == "refunds.jsonl" && e.Line == 5 && e.Problem == "duplicate refund id \"r2\"");
            Assert.Contains(problems.Errors, e => e.File == "refunds.jsonl" && e.Line == 7 && e.Problem.StartsWith("unknown order", StringComparison.Ordinal));
            Assert.Equal(14, problems.ErrorCount);
        }
    }

    [Theory] // contract "errors" (warnings in reading order): an account outside the roster is met at the first line the reader keeps, not at an earlier refused one
    [InlineData(2)]
    [InlineData(3)]
    public void Streaming_AccountFirstSeenOnRefusedLine_WarningsInInMemoryOrder(int parts)
    {
        static string Line(string id, string customer, string account, string at) =>
            $$"""{"id":"{{id}}","shop":"s1","customer":"{{customer}}","account":"{{account}}","dir":"in","at":"{{at}}","text":"在吗"}""";
        using var folder = new TempDataset()
            .With("messages.jsonl",
                Line("m1", "c1", "s1:x", "yesterday"),                       // refused: s1:x is not met here
                Line("m2", "c2", "s1:y", "2026-11-01T10:00:00+08:00"),
                Line("m3", "c3", "s1:x", "2026-11-01T11:00:00+08:00"),
                Line("m2", "c4", "s1:z", "2026-11-01T12:00:00+08:00"),       // duplicate id: s1:z is not met here
                Line("m4", "c5", "s1:z", "2026-11-01T13:00:00+08:00"))
            .WithText("roster.json", """{"shops":[{"id":"s1"}],"agents":[{"id":"ag","accounts":[{"shop":"s1","account":"s1:a"}]}]}""");
        var problems = AssertSame(folder.Dir, CsPerfConfig.Default, new ReportRequest { AsOf = Instant.FromUtc(2026, 11, 8, 0, 0) }, parts, 64);
        Assert.Equal(["s1:y", "s1:x", "s1:z"], problems.Warnings.Select(w => w.Split('"')[1]));
    }

    [Theory] // domain.md §5 invariant 7 with every message id hash colliding: different ids are never taken for one
    [InlineData(3, 0)]
    [InlineData(4, 2)]
    public void Streaming_IdHashCollisions_GeneratedDataset_EqualsInMemoryReport(int parts, int idHashBits)
    {
        using var folder = new TempDataset();
        var options = new GeneratorOptions { Shops = 2, Customers = 25, Days = 2, Seed = 5 };
        SyntheticData.WriteTo(folder.Dir, options);
        var config = CsPerfConfig.Default with { AdPhrase = options.AdPhrase };
        var problems = AssertSame(folder.Dir, config, new ReportRequest { AsOf = Instant.FromUtc(2026, 11, 8, 0, 0), AllRules = true }, parts, idHashBits);
        Assert.Equal(0, problems.ErrorCount);
    }

    [CsPerfProperty(12)] // contract "errors": any generated dataset with ids reused across customers, some copies refused, any parts: same problems, same report
    public bool Streaming_GeneratedDatasets_WithReusedIds_EqualInMemoryProblemsAndReport(Seed seed)
    {
        var rnd = new Random(seed.Value);
        using var folder = new TempDataset();
        var options = new GeneratorOptions { Shops = rnd.Next(1, 3), Customers = rnd.Next(10, 60), Days = rnd.Next(1, 4), Seed = rnd.Next() };
        SyntheticData.WriteTo(folder.Dir, options);
        var customers = new List<(string Shop, string Customer)>();
        var orderIds = new List<string>();
        foreach (var line in File.ReadLines(Path.Combine(folder.Dir, "orders.jsonl")))
        {
            var o = JsonNode.Parse(line)!;
            customers.Add(((string)o["shop"]!, (string)o["customer"]!));
            orderIds.Add((string)o["id"]!);
        }

        foreach (var line in File.ReadLines(Path.Combine(folder.Dir, "messages.jsonl")).Take(200))
        {
            var m = JsonNode.Parse(line)!;
            customers.Add(((string)m["shop"]!, (string)m["customer"]!));
        }

        orderIds.Add("nowhere");
        Reuse(rnd, Path.Combine(folder.Dir, "messages.jsonl"), n =>
        {
            var (shop, customer) = customers[rnd.Next(customers.Count)];
            n["shop"] = shop;
            n["customer"] = customer;
        }, "at");
        Reuse(rnd, Path.Combine(folder.Dir, "orders.jsonl"), n =>
        {
            var (shop, customer) = customers[rnd.Next(customers.Count)];
            n["shop"] = shop;
            n["customer"] = customer;
        }, "createdAt");
        Reuse(rnd, Path.Combine(folder.Dir, "refunds.jsonl"), n => n["order"] = orderIds[rnd.Next(orderIds.Count)], "createdAt");
        var config = CsPerfConfig.Default with { AdPhrase = options.AdPhrase };
        var request = new ReportRequest { AsOf = Instant.FromUtc(2026, 11, 8, 0, 0), By = Groupings[rnd.Next(Groupings.Length)], AllRules = rnd.Next(2) == 0 };
        AssertSame(folder.Dir, config, request, rnd.Next(2, 7), rnd.Next(3) == 0 ? 6 : 64);
        return true;
    }

    /// <summary>
    /// Copies random lines of a file to random later places with their id kept and <paramref name="move"/> applied
    /// (another customer, another order), some copies with <paramref name="timeField"/> broken, some originals broken.
    /// </summary>
    private static void Reuse(Random rnd, string path, Action<JsonNode> move, string timeField)
    {
        var lines = File.ReadAllLines(path).ToList();
        if (lines.Count == 0)
        {
            return;
        }

        int copies = rnd.Next(1, Math.Max(2, lines.Count / 10));
        for (int k = 0; k < copies; k++)
        {
            int from = rnd.Next(lines.Count);
            var node = JsonNode.Parse(lines[from])!;
            move(node);
            if (rnd.Next(4) == 0)
            {
                node[timeField] = "broken";
            }

            string copy = rnd.Next(2) == 0 ? node.ToJsonString(Relaxed) : node.ToJsonString();
            lines.Insert(rnd.Next(from + 1, lines.Count + 1), copy);
            if (rnd.Next(5) == 0)
            {
                var original = JsonNode.Parse(lines[from])!;
                original[timeField] = "broken";
                lines[from] = original.ToJsonString(Relaxed);
            }
        }

        File.WriteAllText(path, string.Join("\n", lines) + "\n");
    }

    [Theory] // contract "errors" and docs/decisions.md "CSV: resynchronising after an unbalanced quote": a messages CSV split record by record, malformed records reported at their line, ids reused across customers
    [InlineData(2, 64)]
    [InlineData(3, 0)]
    [InlineData(5, 64)]
    public void Streaming_CsvMessages_MalformedRecordsAndReusedIds_EqualInMemory(int parts, int idHashBits)
    {
        var csv = new List<string> { "id,shop,customer,account,dir,at,text" };
        for (int i = 1; i <= 9; i++)
        {
            csv.Add($"m{i}a,s1,c{i},s1:a,in,2026-11-01T10:0{i}:00+08:00,\"在吗\n还在吗\"");
            csv.Add($"m{i}b,s1,c{i},s1:a,out,2026-11-01T10:0{i}:30+08:00,亲");
        }

        csv.Add("m1a,s1,c5,s1:a,in,2026-11-01T11:00:00+08:00,again");          // duplicate across customers
        csv.Add("m2a,s1,c6,s1:a,in,2026-11-01T11:00:00+08:00,\"x\"y");          // text after a closing quote
        csv.Add("m77,s1,c7,s1:a,in,2026-11-01T11:00:00+08:00");                 // too few fields
        csv.Add("m78,s1,c7,s1:a,in,not-a-time,x");                              // refused, m78 free
        csv.Add("m78,s1,c8,s1:a,in,2026-11-01T11:05:00+08:00,kept");            // kept
        csv.Add("m79,s1,c8,s1:a,in,2026-11-01T11:06:00+08:00,\"never closed");   // unbalanced quote: resumes on the next line
        csv.Add("m78,s1,c3,s1:a,out,2026-11-01T11:07:00+08:00,dup");            // duplicate of the kept m78
        csv.Add("m80,s1,c3,s1:a,out,2026-11-01T11:08:00+08:00,fine");
        using var folder = new TempDataset().With("messages.csv", [.. csv]);
        var problems = AssertSame(folder.Dir, CsPerfConfig.Default, new ReportRequest { AsOf = Instant.FromUtc(2026, 11, 8, 0, 0) }, parts, idHashBits);
        Assert.Contains(problems.Errors, e => e.File == "messages.csv" && e.Line == 29 && e.Problem == "duplicate message id \"m1a\"");
        Assert.Contains(problems.Errors, e => e.File == "messages.csv" && e.Line == 35 && e.Problem == "duplicate message id \"m78\"");
        Assert.Contains(problems.Errors, e => e.File == "messages.csv" && e.Line == 34 && e.Problem.Contains("unbalanced quote", StringComparison.Ordinal));
    }

    [Fact] // contract "errors": a CSV header that does not parse stops the load; the streamed run reports it as the reader does
    public void Streaming_CsvHeaderDoesNotParse_ReportedAsInMemory()
    {
        using var folder = new TempDataset().With("messages.csv", "id,shop,\"customer", "m1,s1,c1,s1:a,in,2026-11-01T10:00:00+08:00,x");
        AssertSame(folder.Dir, CsPerfConfig.Default, new ReportRequest { AsOf = Instant.FromUtc(2026, 11, 8, 0, 0) }, 3, 64);
    }
}

