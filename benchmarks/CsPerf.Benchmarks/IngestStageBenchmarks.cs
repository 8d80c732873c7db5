using System.Text;
using BenchmarkDotNet.Attributes;
using CsPerf.IO.Ingest;

namespace CsPerf.Benchmarks;

/// <summary>
/// The messages.jsonl hot path split in its stages, over 200 000 generated lines held in memory (about 28 MB), so
/// the parser's share and the builder's share of ingest can be told apart; MB/s = those bytes ÷ mean time.
/// </summary>
[MemoryDiagnoser]
[ThroughputColumns]
[CsPerfJob(warmupCount: 2, iterationCount: 7)]
public class IngestStageBenchmarks
{
    private const int Lines = 200_000;
    private static readonly Lazy<long> Size = new(() => Generate().Length);
    private byte[] _jsonl = [];

    /// <summary>The bytes each benchmark reads (for <see cref="ThroughputColumn"/>).</summary>
    public static long InputBytes(BenchmarkDotNet.Running.BenchmarkCase benchmarkCase) => Size.Value;

    [GlobalSetup]
    public void Setup() => _jsonl = Generate();

    private static byte[] Generate()
    {
        var sb = new StringBuilder();
        var rnd = new Random(7);
        string[] texts = ["在吗", "亲，在的呢，请问有什么可以帮您", "这个有货吗？", "$您好，欢迎光临", "好的谢谢", "\\u4f60\\u597d"];
        for (int i = 0; i < Lines; i++)
        {
            int second = i * 3;
            sb.Append("{\"id\":\"m").Append(i).Append("\",\"shop\":\"s1\",\"customer\":\"tb").Append(rnd.Next(20_000).ToString("D6"))
              .Append("\",\"account\":\"s1:xiaoli\",\"dir\":\"").Append(i % 2 == 0 ? "in" : "out")
              .Append("\",\"at\":\"2026-11-").Append((1 + (second / 86400)).ToString("D2")).Append('T')
              .Append((second / 3600 % 24).ToString("D2")).Append(':').Append((second / 60 % 60).ToString("D2")).Append(':').Append((second % 60).ToString("D2"))
              .Append("+08:00\",\"text\":\"").Append(texts[rnd.Next(texts.Length)]).Append("\"}\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    [Benchmark(Baseline = true)]
    public long SplitLines()
    {
        long n = 0;
        LineSplitter.ForEachLine(new MemoryStream(_jsonl), (line, _) => n += line.Length);
        return n;
    }

    [Benchmark]
    public int ParseAndBuild()
    {
        var builder = new DatasetBuilder(CsPerfConfig.Default, null, Lines);
        var parser = new FastMessageParser();
        LineSplitter.ForEachLine(new MemoryStream(_jsonl), (line, number) => parser.TryAdd(line, builder, out _));
        return builder.Count;
    }
}
