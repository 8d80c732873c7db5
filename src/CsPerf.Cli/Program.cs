using System.Text;

namespace CsPerf.Cli;

/// <summary>The <c>csperf</c> executable.</summary>
public static class Program
{
    /// <summary>Runs the command line against the console.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The exit code (0 ok, 2 bad input or arguments, 1 unexpected failure).</returns>
    public static int Main(string[] args)
    {
        Timings.MainStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        // The huge-page hint, the time zone database and the other one-time costs, on the second core while this one
        // parses the command line; the load waits for it (WarmUp.Wait).
        WarmUp.Start();
        // Names and texts are Chinese; a console left in a legacy code page would print question marks.
        Console.OutputEncoding = new UTF8Encoding(false);
        // Progress is drawn only on a terminal, and never with --quiet (CliApp.Run drops the flag).
        var stderr = Console.IsErrorRedirected || args.Contains("--quiet") ? Console.Error : new TerminalError(Console.Error);
        return CliApp.Run(args, Console.Out, stderr);
    }
}
