using System.Text;
using Xunit;

namespace CsPerf.Tests.BadInput;

// Holes the payroll mutation suite found (issue 6 × issue 7), each fed with its exact input through the CLI on the
// example month (docs/examples/payroll): exit 2 with `file:line: field: problem` or `file: $.path: problem`, never
// exit 1, never a silently accepted value (docs/io.md "Payroll files", input limits).
public class PayrollHoleTests(PayrollBadInputFixture fx) : IClassFixture<PayrollBadInputFixture>
{
    private RunResult Run(DatasetImage image, bool lenient)
    {
        using var folder = image.Materialize();
        return fx.Run(folder.Path, lenient);
    }

    private DatasetImage WithLine(string file, int line, string text)
    {
        var lines = fx.Jsonl.Lines(file);
        lines[line - 1] = Encoding.UTF8.GetBytes(text);
        return fx.Jsonl.WithLines(file, lines);
    }

    private DatasetImage WithText(string file, string from, string to)
    {
        string text = Encoding.UTF8.GetString(fx.Jsonl.Bytes(file));
        Assert.Contains(from, text, StringComparison.Ordinal);
        return fx.Jsonl.With(file, Encoding.UTF8.GetBytes(text.Replace(from, to, StringComparison.Ordinal)));
    }

    private void AssertStops(DatasetImage image, string expectedLine)
    {
        foreach (bool lenient in new[] { false, true })
        {
            var run = Run(image, lenient);
            Assert.True(run.Code == 2, $"exit {run.Code} ({(lenient ? "lenient" : "strict")}):\n{run.Err}");
            Assert.Contains(expectedLine, run.Err.Split('\n'));
        }
    }

    private void AssertBadLine(DatasetImage image, string expectedLine)
    {
        var strict = Run(image, lenient: false);
        Assert.True(strict.Code == 2, $"exit {strict.Code}:\n{strict.Err}");
        Assert.Contains(expectedLine, strict.Err.Split('\n'));
        var lenient = Run(image, lenient: true);
        Assert.True(lenient.Code == 0, $"lenient exit {lenient.Code}:\n{lenient.Err}");
        Assert.Contains("skipped: " + expectedLine, lenient.Err.Split('\n'));
    }

    [Fact] // docs/io.md "Payroll files": a count is at most 10^6 (AmountRules), so count × a penalty amount cannot overflow
    public void Scores_CountAboveAMillion_IsABadLine()
    {
        AssertBadLine(WithLine("scores.jsonl", 6, """{"agent":"a1","period":"2026-11","kind":"violations","count":9223372036854775807}"""),
            "scores.jsonl:6: count: must be at most 1000000, was 9223372036854775807");
        AssertBadLine(WithLine("scores.jsonl", 6, """{"agent":"a1","period":"2026-11","kind":"violations","count":1000001}"""),
            "scores.jsonl:6: count: must be at most 1000000, was 1000001");
    }
}
