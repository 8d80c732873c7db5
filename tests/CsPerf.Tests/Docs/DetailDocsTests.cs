using CsPerf.IO;
using Xunit;

namespace CsPerf.Tests.Docs;

/// <summary>Issue 9 item 9: docs/details.md documents every detail list with its Chinese name and exactly the writers' columns.</summary>
public class DetailDocsTests
{
    [Fact]
    public void DetailDocs_EveryList_HasItsChineseNameAndColumns()
    {
        string text = File.ReadAllText(Path.Combine(Root(), "docs", "details.md"));
        foreach (var list in DetailLists.All)
        {
            string name = DetailLists.Name(list);
            Assert.Contains($"| `{name}` | {DetailLists.ChineseName(list)} |", text, StringComparison.Ordinal);
            Assert.Contains($"| `{name}` | {string.Join(", ", DetailWriter.Columns(list))} |", text, StringComparison.Ordinal);
        }
    }

    private static string Root()
    {
        string dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "CsPerf.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        }

        return dir;
    }
}
