using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace CsPerf.Tests.BadInput;

// contract.md "Bad input" and issue 6 for the inputs of `csperf payroll` (issue 7): a bad scores/attendance line is
// `file:line: field: problem`, strict stops (exit 2), --lenient skips it and pays as if it were absent (domain.md §7:
// missingScore / missingAttendance); a plan, history or saved report problem names its JSON path and stops both modes;
// never exit 1, never a stack trace. Same knobs as the dataset suite: CSPERF_FUZZ_MUTATIONS (scales these families
// too), CSPERF_FUZZ_SEED, CSPERF_FUZZ_ONLY=family#index.
public abstract class PayrollMutationSuite(PayrollBadInputFixture fx, ITestOutputHelper output)
{
    protected static TheoryData<string> Rows(string? regression, int part = 0, int parts = 1)
    {
        var data = new TheoryData<string>();
        var families = PayrollMutationFamilies.All.Where(f => f.Regression == regression).OrderByDescending(f => f.DefaultCount).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
        for (int i = 0; i < families.Count; i++)
        {
            if (i % parts == part)
            {
                data.Add(families[i].Name);
            }
        }

        return data;
    }

    protected PayrollBadInputFixture Fx => fx;

    public static int CountFor(PayrollFamily family)
    {
        int total = MutationFamilies.All.Sum(f => f.DefaultCount);
        return int.TryParse(Environment.GetEnvironmentVariable("CSPERF_FUZZ_MUTATIONS"), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int wanted) && wanted > 0
            ? Math.Max(1, (int)Math.Round(family.DefaultCount * (double)wanted / total))
            : family.DefaultCount;
    }

    protected void RunFamily(string name)
    {
        var family = PayrollMutationFamilies.All.Single(f => f.Name == name);
        int seed = MutationSuite.Seed;
        int count = CountFor(family);
        string? only = Environment.GetEnvironmentVariable("CSPERF_FUZZ_ONLY");
        var failures = new List<string>();
        var watch = Stopwatch.StartNew();
        int runsBefore = fx.Runs;
        for (int i = 0; i < count; i++)
        {
            if (only is not null && only != $"{name}#{i}")
            {
                continue;
            }

            int mutationSeed = MutationSuite.MutationSeed(seed, name, i);
            PayrollMutation? m = null;
            List<string> problems;
            try
            {
                m = family.Make(new PayrollContext(fx, new Random(mutationSeed)));
                problems = PayrollMutationChecker.Check(fx, m);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                problems = [$"{ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}"];
            }

            if (problems.Count > 0)
            {
                failures.Add($"[{name}#{i}] CSPERF_FUZZ_SEED={seed} CSPERF_FUZZ_ONLY={name}#{i}: {(m is null ? "(not made)" : PayrollMutationFamilies.Describe(m))}\n  - "
                    + string.Join("\n  - ", problems.Select(p => p.Replace("\n", "\n    ", StringComparison.Ordinal))));
            }
        }

        output.WriteLine($"{name}: {count} mutations, {fx.Runs - runsBefore} csperf runs, {watch.Elapsed.TotalSeconds:0.00} s; slowest run so far {fx.MaxElapsed.TotalMilliseconds:0} ms");
        if (failures.Count > 0)
        {
            Assert.Fail($"{failures.Count} of {count} mutations of family {name} broke the bad-input contract:\n\n" + string.Join("\n\n", failures.Take(15))
                + (failures.Count > 15 ? $"\n\n… and {failures.Count - 15} more" : ""));
        }
    }
}

/// <summary>The payroll families that hold on every branch.</summary>
public class PayrollBadInputMutations(PayrollBadInputFixture fx, ITestOutputHelper output) : PayrollMutationSuite(fx, output), IClassFixture<PayrollBadInputFixture>
{
    public static TheoryData<string> Families() => Rows(null);

    [Theory]
    [MemberData(nameof(Families))]
    public void Mutations_OfEachPayrollFamily_KeepTheBadInputContract(string family) => RunFamily(family);

    [Fact]
    public void BaseMonth_PaysCleanly_AndJsonlAndCsvPayTheSame()
    {
        var jsonl = Fx.Expected(Fx.Jsonl, lenient: false);
        var csv = Fx.Expected(Fx.Csv, lenient: false);
        Assert.True(JsonNode.DeepEquals(jsonl, csv), MutationChecker.FirstDifference(jsonl, csv, "$"));
        Assert.True(JsonNode.DeepEquals(jsonl, Fx.Expected(Fx.Jsonl, lenient: true)));
        Assert.NotEmpty(Fx.Expected(Fx.Generated, lenient: false)["plans"]![0]!["payslips"]!.AsArray());
    }

    [Fact]
    public void PayrollMutations_AreDeterministicForASeed()
    {
        foreach (var family in PayrollMutationFamilies.All)
        {
            var a = family.Make(new PayrollContext(Fx, new Random(MutationSuite.MutationSeed(1, family.Name, 3))));
            var b = family.Make(new PayrollContext(Fx, new Random(MutationSuite.MutationSeed(1, family.Name, 3))));
            Assert.Equal(a.Description, b.Description);
            Assert.Equal(a.Image.Key, b.Image.Key);
        }
    }
}

/// <summary>
/// Plans with decimal-sized numbers (a tier rate 79228162514264337593543950335, bonusBase 7.9e28, …) overflowed during
/// scoring (exit 1); they pass once plan validation has range limits (the integrator's plan-limits change).
/// </summary>
public class PayrollPlanLimitsMutations(PayrollBadInputFixture fx, ITestOutputHelper output) : PayrollMutationSuite(fx, output), IClassFixture<PayrollBadInputFixture>
{
    public static TheoryData<string> Families() => Rows("plan-limits");

    [Trait("Regression", "plan-limits")]
    [Theory]
    [MemberData(nameof(Families))]
    public void Mutations_OfPlanLimitsFamilies_KeepTheBadInputContract(string family) => RunFamily(family);
}
