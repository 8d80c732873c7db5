using System.Text;
using CsPerf.IO;
using CsPerf.IO.Ingest;
using CsPerf.IO.Payroll;
using Xunit;

namespace CsPerf.Tests.IO;

// contract.md "Dataset folder": each line file is X.jsonl or X.csv "with the same column names"; issue 8 item 5: one
// descriptor per input file, registered in one list (DatasetFiles.All, PayrollFiles.All).
public class InputFileTests
{
    /// <summary>The contract's example line of every line file (contract.md "Dataset folder").</summary>
    public static TheoryData<string, string> ContractExamples => new()
    {
        { "messages", """{"id":"m1","shop":"s1","customer":"buyer_a","account":"s1:xiaowang","dir":"in","at":"2026-11-01T10:00:05+08:00","text":"在吗"}""" },
        { "orders", """{"id":"o1","shop":"s1","customer":"buyer_a","createdAt":"2026-11-01T10:20:00+08:00","paidAt":"2026-11-01T10:21:00+08:00","amount":199.00,"postage":10.00,"items":2}""" },
        { "refunds", """{"id":"r1","order":"o1","createdAt":"2026-11-03T09:00:00+08:00","completedAt":"2026-11-04T09:00:00+08:00","amount":99.00,"items":1,"status":"success","operations":2}""" },
        { "reviews", """{"order":"o1","at":"2026-11-05T09:00:00+08:00","rating":"negative"}""" },
        { "ratings", """{"shop":"s1","customer":"buyer_a","account":"s1:xiaowang","at":"2026-11-05T09:00:00+08:00","score":5}""" },
        { "complaints", """{"shop":"s1","customer":"buyer_a","account":"s1:xiaowang","at":"2026-11-05T09:00:00+08:00","reason":"态度"}""" },
        { "scores", """{"agent":"a1","period":"2026-11","kind":"qa","self":90,"manager":80}""" },
        { "scores", """{"agent":"a1","period":"2026-11","kind":"violations","count":2}""" },
        { "attendance", """{"agent":"a1","period":"2026-11","scheduledDays":26,"workedDays":25}""" },
    };

    private static IEnumerable<InputFile> Registered => DatasetFiles.All.Cast<InputFile>().Concat(PayrollFiles.All);

    private static InputFile Named(string name) => Registered.Single(f => f.Name == name);

    [Fact] // issue 8 item 5: a new input file is documented where users look (docs/io.md "Dataset files accepted")
    public void EveryRegisteredInputFile_IsDocumentedInIoMd_WithEveryColumn()
    {
        string dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "CsPerf.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        }

        var io = File.ReadAllLines(Path.Combine(dir, "docs", "io.md"))
            .SkipWhile(l => l != "## Dataset files accepted")
            .Skip(1)
            .TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .ToArray();
        foreach (var file in Registered)
        {
            var row = io.SingleOrDefault(l => l.StartsWith("| `" + file.Name + "`", StringComparison.Ordinal) || l.StartsWith("| `" + file.JsonlName + "`", StringComparison.Ordinal));
            Assert.True(row is not null, $"docs/io.md has no row for {file.Name} in \"Dataset files accepted\"");
            foreach (var column in file.Columns)
            {
                Assert.True(row!.Contains("`" + column + "`", StringComparison.Ordinal), $"docs/io.md's row of {file.Name} does not name `{column}`");
            }
        }
    }

    [Fact] // contract.md "Dataset folder": every file is optional except the messages; names are distinct
    public void Registry_NamesAreDistinct_AndOnlyMessagesIsRequired()
    {
        Assert.Equal(Registered.Count(), Registered.Select(f => f.Name).Distinct().Count());
        Assert.Equal(["messages"], Registered.Where(f => f.Required).Select(f => f.Name));
        Assert.Equal("orders.jsonl", DatasetFiles.Orders.JsonlName);
        Assert.Equal("orders.csv", DatasetFiles.Orders.CsvName);

        // Orders go into the builder before the refunds and reviews that name them.
        var names = DatasetFiles.All.Select(f => f.Name).ToList();
        Assert.True(names.IndexOf("orders") < names.IndexOf("refunds") && names.IndexOf("orders") < names.IndexOf("reviews"));
    }

    [Theory] // contract.md "Dataset folder": the contract's example of every file parses, and names only its columns
    [MemberData(nameof(ContractExamples))]
    public void ContractExample_ParsesThroughItsDescriptor_AndUsesOnlyItsColumns(string name, string json)
    {
        var file = Named(name);
        var row = new InputRow();
        Assert.Null(row.LoadJson(Encoding.UTF8.GetBytes(json)));
        var problem = file.Parse(row, out var record);
        Assert.Null(problem);
        Assert.NotNull(record);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            Assert.Contains(property.Name, file.Columns);
        }
    }

    [Theory] // contract.md "Dataset folder": CSV files carry "the same column names": the descriptor's columns as header
    [MemberData(nameof(ContractExamples))]
    public void ContractExample_AsCsvWithTheDescriptorsColumns_GivesTheSameRecord(string name, string json)
    {
        var file = Named(name);
        var jsonRow = new InputRow();
        Assert.Null(jsonRow.LoadJson(Encoding.UTF8.GetBytes(json)));
        Assert.Null(file.Parse(jsonRow, out var expected));

        string Cell(string column) => "\"" + (jsonRow.Get(column).Text ?? "").Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        string csv = string.Join(",", file.Columns) + "\n" + string.Join(",", file.Columns.Select(Cell)) + "\n";
        object? actual = null;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        RowFile.ForEach(
            stream,
            csv: true,
            (line, problem) => Assert.Fail($"line {line}: {problem}"),
            (row, line) => Assert.Null(file.Parse(row, out actual)),
            (line, problem) => Assert.Fail($"line {line}: {problem}"));
        Assert.Equal(expected, actual);
    }

    [Fact] // contract.md "Dataset folder": files that are not dataset files (any other name) are left alone, as before descriptors
    public void Load_UnknownFileNamesInTheFolder_AreIgnored()
    {
        using var plain = TempDataset.Valid();
        using var extra = TempDataset.Valid()
            .With("shifts.jsonl", "{not json")
            .With("orders.json", "{not json")
            .With("notes.txt", "anything");
        Directory.CreateDirectory(Path.Combine(extra.Dir, "archive"));
        var expected = DatasetReader.Load(plain.Dir, CsPerfConfig.Default, lenient: false);
        var actual = DatasetReader.Load(extra.Dir, CsPerfConfig.Default, lenient: false);
        Assert.True(actual.IsClean, string.Join("\n", actual.Errors));
        Assert.Equal(expected.Counts, actual.Counts);
    }

    [Fact] // contract.md "Bad input": a refused record names its file, line and field
    public void Descriptor_Row_RefusedRecord_IsAProblemAtFileAndLine()
    {
        var builder = new DatasetBuilder(CsPerfConfig.Default, roster: null);
        var row = new InputRow();
        Assert.Null(row.LoadJson(Encoding.UTF8.GetBytes(TempDataset.O1)));
        Assert.Null(DatasetFiles.Orders.Row(row, builder, "orders.jsonl", 3));
        Assert.Equal(new Problem("orders.jsonl", 4, "id", "duplicate order id \"o1\""), DatasetFiles.Orders.Row(row, builder, "orders.jsonl", 4));

        Assert.Null(row.LoadJson("""{"order":"o9","at":"2026-11-05T09:00:00Z","rating":"good"}"""u8));
        Assert.Equal(new Problem("reviews.csv", 2, "order", "unknown order \"o9\""), DatasetFiles.Reviews.Row(row, builder, "reviews.csv", 2));

        Assert.Null(row.LoadJson("""{"order":"o1","at":"2026-11-05T09:00:00Z","rating":"great"}"""u8));
        Assert.Equal(
            new Problem("reviews.jsonl", 7, "rating", "expected \"good\", \"neutral\" or \"negative\", was \"great\""),
            DatasetFiles.Reviews.Row(row, builder, "reviews.jsonl", 7));
    }
}
