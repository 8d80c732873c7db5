using System.Globalization;
using System.Text;
using CsPerf.IO;
using CsPerf.IO.Ingest;
using CsPerf.Synthetic;
using CsPerf.Tests.Properties;
using Xunit;

namespace CsPerf.Tests.IO;

// The fast path of orders, refunds, reviews, ratings and complaints (FastDatasetLines) must give exactly what the
// general JSON Lines path gives: the same rows, ids, customers, accounts and reasons in the builder, the same problems
// (contract.md "Bad input": file:line: field: problem) in the same order.
public class FastDatasetLinesTests
{
    private static readonly string[] Kinds = ["orders", "refunds", "reviews", "ratings", "complaints"];

    [Fact] // contract.md "Dataset folder": the files csperf generate writes are of the common layout, so none takes the general path
    public void FastDatasetLines_GeneratedDataset_EveryLineTakesTheFastPath()
    {
        using var folder = new TempDataset();
        SyntheticData.WriteTo(folder.Dir, new GeneratorOptions { Shops = 2, Agents = 4, Customers = 1000, Days = 8, Seed = 7 });
        foreach (var kind in Kinds)
        {
            var file = DatasetFiles.All.Single(f => f.Name == kind);
            string path = Path.Combine(folder.Dir, file.JsonlName);
            using var stream = File.OpenRead(path);
            var parsed = InputFileReader.Parse(file, stream);
            Assert.Empty(parsed.General);
            Assert.Equal(File.ReadLines(path).Count(l => l.Length > 0), parsed.Fast!.Count);
        }
    }

    [CsPerfProperty(40)] // contract.md "Bad input": the fast path keeps and refuses exactly what the general path does, worded the same
    public bool FastDatasetLines_TrickyLines_SameRecordsAndProblemsAsTheGeneralPath(Seed seed)
    {
        var rnd = new Random(seed.Value);
        foreach (var kind in Kinds)
        {
            var lines = Enumerable.Range(0, 60).Select(_ => Line(rnd, kind)).ToList();
            var (generalDump, generalProblems, generalKept) = General(kind, lines);
            var (fastDump, fastProblems, fastKept, fastCount) = Fast(kind, lines);
            Assert.Equal(generalProblems, fastProblems);
            Assert.Equal(generalKept, fastKept);
            Assert.Equal(generalDump, fastDump);
            Assert.True(fastCount > 0, kind);
        }

        return true;
    }

    [CsPerfProperty(40)] // contract.md "Bad input": the kept lines prepared on the parsing thread (ids, rows) give what the plain apply gives
    public bool FastDatasetLines_PreparedOnTheParsingThread_SameRecordsAndProblemsAsThePlainApply(Seed seed)
    {
        var rnd = new Random(seed.Value);

        // The five files of one folder in the load's order; with clean lines (none that the general path keeps) the
        // prepared path is taken, with any lines it is declined where a general record comes between kept lines.
        bool clean = rnd.Next(3) != 0;
        var files = Kinds.Select(kind => (kind, Enumerable.Range(0, 60).Select(_ => Line(rnd, kind)).Where(l => !clean || !GeneralRecord(kind, l)).ToList())).ToList();
        var plain = LoadFiles(files, prepare: false, out _);
        var prepared = LoadFiles(files, prepare: true, out bool ordersPrepared);
        Assert.Equal(plain, prepared);
        Assert.True(!clean || ordersPrepared);
        return true;
    }

    private static bool GeneralRecord(string kind, string line)
    {
        var file = DatasetFiles.All.Single(f => f.Name == kind);
        var parsed = InputFileReader.Parse(file, new MemoryStream(new UTF8Encoding(false).GetBytes(line + "\n")));
        return parsed.General.Exists(p => p.Record is not null);
    }

    /// <summary>The files applied one after the other to one new builder, each parsed first (then prepared, with <paramref name="prepare"/>).</summary>
    private static List<string> LoadFiles(List<(string Kind, List<string> Lines)> files, bool prepare, out bool ordersPrepared)
    {
        var builder = new DatasetBuilder(CsPerfConfig.Default, null);
        var errors = new ErrorSink(lenient: true) { Builder = builder };
        var shared = new PreparedFiles();
        var result = new List<string>();
        foreach (var (kind, lines) in files)
        {
            var file = DatasetFiles.All.Single(f => f.Name == kind);
            var parsed = InputFileReader.Parse(file, new MemoryStream(new UTF8Encoding(false).GetBytes(string.Join("\n", lines) + "\n")));
            if (prepare)
            {
                InputFileReader.Prepare(parsed, shared);
            }

            result.Add($"{kind} kept {InputFileReader.Apply(file, file.JsonlName, parsed, builder, errors)}");
        }

        ordersPrepared = shared.OrderIds is not null && ReferenceEquals(shared.OrderIds, builder.OrderIds);
        result.AddRange(Dump(builder));
        result.AddRange(errors.Listed.Select(p => p.ToString()));
        var dataset = builder.Build();
        result.Add(string.Join(" ", dataset.Orders.Select(o => o.Id)) + $" / {dataset.Refunds.Length} {dataset.Reviews.Length} {dataset.Ratings.Length} {dataset.Complaints.Length}");
        return result;
    }

    [Theory] // contract.md "Dataset files accepted": amounts keep their written scale (110.20 stays 110.20), as decimal.Parse keeps it
    [InlineData("0")]
    [InlineData("0.00")]
    [InlineData("110.20")]
    [InlineData("0.00000000000000001")]
    [InlineData("999999999999.999999")]
    [InlineData("1000000000000")]
    public void FastDatasetLines_Amount_KeepsTheWrittenScale(string amount)
    {
        var s = Encoding.UTF8.GetBytes(amount + "}").AsSpan();
        ReadOnlySpan<byte> rest = s;
        Assert.True(FastJson.Amount(ref rest, out decimal value));
        Assert.Equal(decimal.Parse(amount, NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture), value.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(decimal.GetBits(decimal.Parse(amount, NumberStyles.Float, CultureInfo.InvariantCulture)), decimal.GetBits(value));
    }

    private static DatasetBuilder NewBuilder()
    {
        var builder = new DatasetBuilder(CsPerfConfig.Default, null);

        // Refunds and reviews refer to orders o0..o29 (o30.. are unknown).
        for (int i = 0; i < 30; i++)
        {
            Assert.True(builder.TryAddOrder(new Order($"o{i}", "s1", "c1", NodaTime.Instant.FromUtc(2026, 11, 1, 0, 0), null, 10m, 0m, 1)));
        }

        return builder;
    }

    private static (List<string> Dump, List<string> Problems, long Kept) General(string kind, List<string> lines)
    {
        using var folder = new TempDataset().With(kind + ".jsonl", [.. lines]);
        var file = DatasetFiles.All.Single(f => f.Name == kind);
        var builder = NewBuilder();
        var errors = new ErrorSink(lenient: true) { Builder = builder };
        long bytes = 0;
        long kept = InputFileReader.ReadRows(file, Path.Combine(folder.Dir, file.JsonlName), builder, errors, ref bytes);
        return (Dump(builder), errors.Listed.Select(p => p.ToString()).ToList(), kept);
    }

    private static (List<string> Dump, List<string> Problems, long Kept, int FastCount) Fast(string kind, List<string> lines)
    {
        var file = DatasetFiles.All.Single(f => f.Name == kind);
        var builder = NewBuilder();
        var errors = new ErrorSink(lenient: true) { Builder = builder };
        var parsed = InputFileReader.Parse(file, new MemoryStream(new UTF8Encoding(false).GetBytes(string.Join("\n", lines) + "\n")));
        long kept = InputFileReader.Apply(file, file.JsonlName, parsed, builder, errors);
        return (Dump(builder), errors.Listed.Select(p => p.ToString()).ToList(), kept, parsed.Fast!.Count);
    }

    /// <summary>Everything the other files put into a builder, decimals with their scale.</summary>
    private static List<string> Dump(DatasetBuilder b)
    {
        static string D(decimal d) => d.ToString(CultureInfo.InvariantCulture);
        var dump = new List<string>();
        dump.AddRange(b.Orders.Select(o => $"order {o.Id} {o.Shop} {o.Customer} {o.Created} {o.Paid} {D(o.Amount)} {D(o.Postage)} {o.Items}"));
        dump.AddRange(b.Refunds.Select(r => $"refund {r.Id} {r.Order} {r.Created} {r.Completed} {D(r.Amount)} {r.Items} {r.Status} {r.Operations}"));
        dump.AddRange(b.Reviews.Select(r => r.ToString()));
        dump.AddRange(b.RatingRows.Select(r => r.ToString()));
        dump.AddRange(b.ComplaintRows.Select(r => r.ToString()));
        dump.AddRange(b.ComplaintReasons.Select(r => "reason " + r));
        dump.AddRange(Enumerable.Range(0, b.OrderIds.Count).Select(i => "order id " + b.OrderIds.GetString(i)));
        dump.AddRange(Enumerable.Range(0, b.RefundIds.Count).Select(i => "refund id " + b.RefundIds.GetString(i)));
        dump.AddRange(Enumerable.Range(0, b.CustomerShop.Count).Select(i => $"customer {b.CustomerShop[i]} {b.CustomerNames.GetString(b.CustomerName[i])}"));
        dump.AddRange(b.ShopEntries.Select(s => "shop " + s.Id));
        dump.AddRange(b.AccountEntries.Select(a => a.ToString()));
        dump.AddRange(b.Warnings);
        dump.AddRange(b.RejectedLines.Select(r => r.ToString()));
        return dump;
    }

    private static string Pick(Random rnd, params string[] values) => values[rnd.Next(values.Length)];

    /// <summary>Mostly the common layout; else one of the ways a line can differ (escapes, unicode, nulls, odd numbers, white space, order, keys).</summary>
    private static string Line(Random rnd, string kind)
    {
        bool odd = rnd.Next(3) == 0;
        string Id(char prefix, int pool) => !odd || rnd.Next(4) != 0 ? $"\"{prefix}{rnd.Next(pool)}\"" : Pick(
            rnd, "\"\"", $"\"\\u006f{rnd.Next(pool)}\"", "\"订单\"", "\"a\\u0001b\"", "\"x\u007fy\"", "\"\u00c2\u0080\"", "\"" + new string('z', 300) + "\"", "12", "null", "\"s1\"", "\"é\"");
        string At() => !odd || rnd.Next(3) != 0
            ? $"\"2026-11-0{rnd.Next(1, 4)}T{rnd.Next(24):D2}:{rnd.Next(60):D2}:05{Pick(rnd, "+08:00", "Z", ".5Z", ".1234567-03:30")}\""
            : Pick(rnd, "\"2026-11-01T10:00:05.1234567891Z\"", "\"2026-11-01T10:00:60Z\"", "\"2026-11-01 10:00:05z\"", "\"1969-12-31T23:59:59Z\"",
                "\"2026-11-01T10:00:05\"", "\"2026\\u002d11-01T10:00:05Z\"", "null", "5", "\"\"", "\"2026-11-31T10:00:05Z\"");
        string Amount() => !odd || rnd.Next(3) != 0 ? $"{rnd.Next(2000)}.{rnd.Next(100):D2}" : Pick(
            rnd, "0", "0.00", "12", "1000000000000", "1000000000000.01", "-5", "-0", "1e3", "1.5E+2", "0.1234567890123456789", "123456789012.345678",
            "1234567890123456789", "\"12.5\"", "null", "1.", "true", "-0.0", "999999999999.9999999999999999", "12.50");
        string Count() => !odd || rnd.Next(3) != 0 ? rnd.Next(6).ToString(CultureInfo.InvariantCulture) : Pick(
            rnd, "0", "1000000", "1000001", "-1", "1.0", "2e0", "\"3\"", "null", "4294967297", "99999999999");
        string Reason() => Pick(rnd, "\"回复慢\"", "\"态度\"", "\"\"", "null", "\"a\\\"b\"", "\"\u00e9\"", "5", "\"\\u56de\\u590d\\u6162\"");

        var fields = kind switch
        {
            "orders" => new List<(string Key, string Value)>
            {
                ("id", Id('o', 40)), ("shop", Id('s', 3)), ("customer", Id('c', 20)), ("createdAt", At()),
                ("paidAt", rnd.Next(4) == 0 ? "null" : At()), ("amount", Amount()), ("postage", odd && rnd.Next(3) == 0 ? Amount() : Pick(rnd, "0.00", "10.00", "0")), ("items", Count()),
            },
            "refunds" => new List<(string Key, string Value)>
            {
                ("id", Id('r', 40)), ("order", Id('o', 40)), ("createdAt", At()), ("completedAt", rnd.Next(4) == 0 ? "null" : At()), ("amount", Amount()),
                ("items", Count()), ("status", odd && rnd.Next(3) == 0 ? Pick(rnd, "\"Success\"", "\"\"", "\"su\\u0063cess\"", "5", "null") : Pick(rnd, "\"success\"", "\"closed\"", "\"pending\"")),
                ("operations", Count()),
            },
            "reviews" => new List<(string Key, string Value)>
            {
                ("order", Id('o', 40)), ("at", At()), ("rating", odd && rnd.Next(3) == 0 ? Pick(rnd, "\"bad\"", "null", "1") : Pick(rnd, "\"good\"", "\"neutral\"", "\"negative\"")),
            },
            "ratings" => new List<(string Key, string Value)>
            {
                ("shop", Id('s', 3)), ("customer", Id('c', 20)), ("account", Id('a', 5)), ("at", At()),
                ("score", odd && rnd.Next(3) == 0 ? Pick(rnd, "0", "6", "3.0", "\"4\"", "null", "05") : rnd.Next(1, 6).ToString(CultureInfo.InvariantCulture)),
            },
            _ => new List<(string Key, string Value)>
            {
                ("shop", Id('s', 3)), ("customer", Id('c', 20)), ("account", Id('a', 5)), ("at", At()), ("reason", Reason()),
            },
        };

        if (odd)
        {
            switch (rnd.Next(6))
            {
                case 0: // another key order
                    var (k, v) = fields[rnd.Next(fields.Count)];
                    fields.Remove((k, v));
                    fields.Insert(rnd.Next(fields.Count + 1), (k, v));
                    break;
                case 1: // a missing field
                    fields.RemoveAt(rnd.Next(fields.Count));
                    break;
                case 2: // an extra field, or a key given twice (the last one wins)
                    fields.Insert(rnd.Next(fields.Count + 1), rnd.Next(2) == 0 ? ("note", "{\"a\":[1,2]}") : fields[rnd.Next(fields.Count)] with { Value = "null" });
                    break;
            }
        }

        string sep = odd && rnd.Next(8) == 0 ? ", " : ",";
        string colon = odd && rnd.Next(8) == 0 ? " : " : ":";
        string line = "{" + string.Join(sep, fields.Select(f => "\"" + f.Key + "\"" + colon + f.Value)) + "}";
        return !odd ? line : rnd.Next(12) switch
        {
            0 => " " + line,
            1 => line + " ",
            2 => line + "x",
            3 => "   ",
            4 => line[..(line.Length / 2)],
            5 => line + "\r",
            6 => "[" + line + "]",
            _ => line,
        };
    }
}
