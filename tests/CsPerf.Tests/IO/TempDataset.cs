using System.Text;

namespace CsPerf.Tests.IO;

/// <summary>A dataset folder in the temp directory, deleted on dispose.</summary>
public sealed class TempDataset : IDisposable
{
    public const string M1 = """{"id":"m1","shop":"s1","customer":"buyer_a","account":"s1:xiaowang","dir":"in","at":"2026-11-01T10:00:05+08:00","text":"在吗"}""";
    public const string M2 = """{"id":"m2","shop":"s1","customer":"buyer_a","account":"s1:xiaowang","dir":"out","at":"2026-11-01T10:00:25+08:00","text":"亲，在的"}""";
    public const string O1 = """{"id":"o1","shop":"s1","customer":"buyer_a","createdAt":"2026-11-01T10:20:00+08:00","paidAt":"2026-11-01T10:21:00+08:00","amount":199.00,"postage":10.00,"items":2}""";

    public TempDataset()
    {
        Dir = Path.Combine(Path.GetTempPath(), "csperf-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
    }

    public string Dir { get; }

    public TempDataset With(string file, params string[] lines)
    {
        File.WriteAllText(Path.Combine(Dir, file), string.Join("\n", lines) + "\n", new UTF8Encoding(false));
        return this;
    }

    public TempDataset WithText(string file, string text)
    {
        File.WriteAllText(Path.Combine(Dir, file), text, new UTF8Encoding(false));
        return this;
    }

    public static TempDataset Valid() => new TempDataset().With("messages.jsonl", M1, M2).With("orders.jsonl", O1);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, true);
        }
        catch (IOException)
        {
        }
    }
}
