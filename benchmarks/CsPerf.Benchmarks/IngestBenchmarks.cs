using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using CsPerf.IO;

namespace CsPerf.Benchmarks;

/// <summary>
/// Loading a generated dataset folder (JSON Lines) into a <see cref="Dataset"/>, both cores, with the MB/s column
/// (input bytes ÷ mean time). <see cref="LoadJsonl"/> reads the whole standard folder (messages, orders, refunds,
/// reviews, ratings, complaints: the stage <c>load</c> of <c>csperf report</c>; MB/s over all its line files);
/// <see cref="LoadMessagesJsonl"/> a folder holding only the same messages.jsonl (a symbolic link) and the roster, the
/// issue 11 ingest target (MB/s over messages.jsonl). 1M and 10M messages; 1M in the short CI run.
/// </summary>
[MemoryDiagnoser]
[ThroughputColumns]
[CsPerfJob(warmupCount: 1, iterationCount: 5)]
public class IngestBenchmarks
{
    private string _dir = null!;
    private string _messagesOnly = null!;
    private CsPerfConfig _config = null!;

    [ParamsSource(typeof(BenchScale), nameof(BenchScale.IngestMessages))]
    public int Messages { get; set; }

    /// <summary>The bytes one invocation of <paramref name="benchmarkCase"/> reads (for <see cref="ThroughputColumn"/>).</summary>
    public static long InputBytes(BenchmarkCase benchmarkCase)
    {
        if (benchmarkCase.Parameters["Messages"] is not int messages)
        {
            return 0;
        }

        // The folder exists: the case has run (and InputBytes is only asked after the run).
        string dir = BenchFolders.Standard(messages, out _);
        return benchmarkCase.Descriptor.WorkloadMethod.Name == nameof(LoadJsonl)
            ? Directory.EnumerateFiles(dir, "*.jsonl").Where(f => !IsPayroll(f)).Sum(f => new FileInfo(f).Length)
            : new FileInfo(Path.Combine(dir, "messages.jsonl")).Length;
    }

    [GlobalSetup]
    public void Setup()
    {
        _dir = BenchFolders.Standard(Messages, out _config);
        _messagesOnly = Path.Combine(Path.GetTempPath(), MessagesOnlyName(Messages));
        if (!File.Exists(Path.Combine(_messagesOnly, "messages.jsonl")))
        {
            Directory.CreateDirectory(_messagesOnly);
            File.Copy(Path.Combine(_dir, "roster.json"), Path.Combine(_messagesOnly, "roster.json"), overwrite: true);
            string target = Path.Combine(_messagesOnly, "messages.jsonl");
            if (!Link(Path.Combine(_dir, "messages.jsonl"), target))
            {
                File.Copy(Path.Combine(_dir, "messages.jsonl"), target);
            }
        }

        long bytes = new FileInfo(Path.Combine(_dir, "messages.jsonl")).Length;
        Console.WriteLine($"// ingest input: {bytes / 1e6:F1} MB of messages.jsonl in {_dir}");
    }

    /// <summary>The whole folder (stage <c>load</c>).</summary>
    [Benchmark(Baseline = true)]
    public int LoadJsonl() => Load(_dir);

    /// <summary>messages.jsonl (and the roster) alone.</summary>
    [Benchmark]
    public int LoadMessagesJsonl() => Load(_messagesOnly);

    private static string MessagesOnlyName(int messages) => $"csperf-ingest-messages-{messages}";

    // scores.jsonl and attendance.jsonl are payroll inputs, not read by DatasetReader.
    private static bool IsPayroll(string path) => Path.GetFileName(path) is "scores.jsonl" or "attendance.jsonl";

    private int Load(string dir)
    {
        var result = DatasetReader.Load(dir, _config, lenient: false);
        return result.Dataset?.MessageCount ?? throw new InvalidOperationException(string.Join("\n", result.Errors.Take(5)));
    }

    private static bool Link(string source, string target)
    {
        try
        {
            File.CreateSymbolicLink(target, source);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
