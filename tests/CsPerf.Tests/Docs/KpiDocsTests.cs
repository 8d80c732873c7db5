using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace CsPerf.Tests.Docs;

/// <summary>
/// The KPI docs read the catalogue (domain.md §6 "The docs say this for every KPI"): docs/kpis.md holds the table
/// generated from <see cref="KpiDefinitions.All"/>, and the hand-written pages document every key under the same
/// Chinese name. Set <c>CSPERF_WRITE_DOCS=1</c> to rewrite the generated table after changing the catalogue.
/// </summary>
public partial class KpiDocsTests
{
    private const string Begin = "<!-- BEGIN generated from KpiDefinitions.All: do not edit by hand -->";
    private const string End = "<!-- END generated -->";

    [Fact] // §6: docs/kpis.md is the catalogue (key, Chinese name, kind, unit, what it counts, formula, dated by, rule, null levels)
    public void KpiDocs_GeneratedTable_MatchesTheCatalogue()
    {
        string path = Path.Combine(Root(), "docs", "kpis.md");
        string text = File.ReadAllText(path).ReplaceLineEndings("\n");
        int begin = text.IndexOf(Begin, StringComparison.Ordinal);
        int end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"{path} lacks the {Begin} … {End} markers");
        string table = Table();
        string current = text[(begin + Begin.Length)..end];
        if (current != table && Environment.GetEnvironmentVariable("CSPERF_WRITE_DOCS") == "1")
        {
            File.WriteAllText(path, text[..(begin + Begin.Length)] + table + text[end..]);
            return;
        }

        Assert.True(current == table, "docs/kpis.md is out of date with KpiDefinitions.All: run the tests with CSPERF_WRITE_DOCS=1 to regenerate it");
    }

    [Fact] // §6: every key is documented on the hand-written pages, under the catalogue's Chinese name; no page names a key the catalogue lacks
    public void KpiDocs_EveryKeyDocumented_WithTheCataloguesChineseName()
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string page in new[] { "reception-kpis.md", "sales-kpis.md" })
        {
            string text = File.ReadAllText(Path.Combine(Root(), "docs", page));

            // Only the KPI tables: the filtered counts at the end of reception-kpis.md are not KPIs.
            int filtered = text.IndexOf("## What the filters remove", StringComparison.Ordinal);
            foreach (Match m in Row().Matches(filtered < 0 ? text : text[..filtered]))
            {
                string key = m.Groups["key"].Value;
                Assert.True(KpiDefinitions.Find(key) is not null, $"{page} documents {key}, which is not in the catalogue");
                Assert.True(rows.TryAdd(key, m.Groups["zh"].Value.Trim()), $"{key} is documented twice");
            }
        }

        Assert.All(KpiDefinitions.All, d =>
        {
            Assert.True(rows.TryGetValue(d.Key, out string? zh), $"{d.Key} is not documented in docs/reception-kpis.md or docs/sales-kpis.md");
            Assert.Equal(d.ChineseName, zh);
        });
    }

    /// <summary>The generated part of docs/kpis.md: one table per group, in report order.</summary>
    internal static string Table()
    {
        var b = new StringBuilder("\n");
        foreach (var group in KpiDefinitions.All.Select(d => d.Group).Distinct())
        {
            b.Append("\n## ").Append(GroupName(group)).Append("\n\n");
            b.Append("| key | 中文 | kind | unit | counts | formula | dated by | R | null at |\n");
            b.Append("|---|---|---|---|---|---|---|---|---|\n");
            foreach (var d in KpiDefinitions.All.Where(d => d.Group == group))
            {
                b.Append($"| `{d.Key}` | {d.ChineseName} | {d.Kind.ToString().ToLowerInvariant()} | {d.Unit} | {Cell(d.Counts)} | {Cell(d.Formula)} | {DateName(d.DatedBy)} | {(d.RuleDependent ? "R" : "")} | {NullAt(d)} |\n");
            }
        }

        return b.Append('\n').ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string NullAt(KpiDefinition d)
    {
        var levels = new[] { KpiLevels.Account, KpiLevels.Agent, KpiLevels.Group, KpiLevels.Shop, KpiLevels.Total }
            .Where(l => d.NullAt.HasFlag(l)).Select(l => l.ToString().ToLowerInvariant()).ToList();
        if (d.MonthPeriodsOnly)
        {
            levels.Add("periods other than a month");
        }

        return string.Join(", ", levels);
    }

    private static string GroupName(KpiGroup group) => group switch
    {
        KpiGroup.Reception => "Reception 接待",
        KpiGroup.Sales => "Sales 销售",
        KpiGroup.Conversion => "Conversion 转化",
        KpiGroup.Basket => "Basket 客单价",
        KpiGroup.Refunds => "Refunds 退款",
        KpiGroup.Reviews => "Reviews 中差评",
        KpiGroup.ReviewRates => "Review rates 评价",
        KpiGroup.Quality => "Quality 服务质量",
        KpiGroup.TimeSlots => "Time slots 接待量时段分布",
        KpiGroup.Target => "Target 指标",
        KpiGroup.Transfers => "Transfers 转接",
        _ => "Payroll inputs 薪酬输入",
    };

    private static string DateName(KpiDate date) => date switch
    {
        KpiDate.SessionDate => "session date",
        KpiDate.InquiryDate => "inquiry date",
        KpiDate.PaidAt => "paidAt",
        KpiDate.RefundCreatedAt => "refund createdAt",
        KpiDate.RefundCompletedAt => "refund completedAt",
        KpiDate.OwnInstant => "own instant",
        KpiDate.Parts => "its parts",
        _ => "the month",
    };

    private static string Root()
    {
        string dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "CsPerf.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        }

        return dir;
    }

    [GeneratedRegex(@"^\| `(?<key>[A-Za-z]+)` \| (?<zh>[^|]+) \|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
