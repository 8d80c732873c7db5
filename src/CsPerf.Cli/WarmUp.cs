using System.Diagnostics.CodeAnalysis;
using CsPerf.IO;
using NodaTime.Text;

namespace CsPerf.Cli;

/// <summary>
/// The one-time costs of a run that do not depend on the command line, paid on a second thread while the main thread
/// builds and parses the command line (docs/performance.md, "Start-up"): the huge-page hint, NodaTime's time zone
/// database, the first JSON document, the config loader's knob table, the date patterns. On 2 cores the main thread
/// otherwise pays them one after the other, about 60 ms before the load starts. Only caches are filled: every result
/// is computed again where it is used, so a warm-up that failed or has not run changes nothing but the time.
/// </summary>
internal static class WarmUp
{
    private static Thread? _thread;

    /// <summary>Starts the warm-up thread (once, from <c>Main</c>).</summary>
    public static void Start()
    {
        _thread = new Thread(Run, 256 * 1024) { IsBackground = true, Name = "csperf-warm-up" };
        _thread.Start();
    }

    /// <summary>
    /// Waits for the warm-up, before the load: the huge-page hint must come before the heap grows, and the load's
    /// threads should have both cores. Returns at once when no warm-up was started (the command line run in-process).
    /// </summary>
    public static void Wait() => _thread?.Join();

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A warm-up only fills caches; the run itself meets and reports any failure.")]
    private static void Run()
    {
        try
        {
            // What the main thread needs first, once the command line is parsed: the config loader's whole path (JSON,
            // the knob table by reflection, validation with the time zone database, the preset), on a config like a
            // dataset's config.json.
            var sources = new[] { ConfigLoader.FromJson("{\"AdPhrase\":\"x\"}", "warm-up"), ConfigLoader.FromPairs([], "warm-up") };
            _ = ConfigLoader.Merge(sources).IsValid;
            // --as-of as a date or an instant.
            _ = LocalDatePattern.Iso.Parse("2026-12-15");
            _ = IO.Ingest.Rfc3339.Parse("2026-12-15T00:00:00+08:00", out _);
            // Before anything big is allocated (the load waits for this thread): the heap's pages become huge pages where
            // the system allows it.
            HugePages.Advise();
        }
        catch (Exception)
        {
            // Nothing to do: see the summary.
        }
    }
}
