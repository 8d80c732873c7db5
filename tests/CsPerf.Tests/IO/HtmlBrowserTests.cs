using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CsPerf.Engine;
using CsPerf.IO;
using CsPerf.Synthetic;
using Xunit;

namespace CsPerf.Tests.IO;

/// <summary>
/// A <see cref="FactAttribute"/> that skips when Chromium is missing, except on CI (<c>CI=true</c>, where <c>.ci/run</c>
/// installs it): there the test runs and fails with the reason.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Skips without Chromium off CI.</summary>
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Executable is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "Chromium is not installed (apt-get install chromium fonts-noto-cjk, or set CHROMIUM); .ci/run installs it and runs this test";
        }
    }
}

/// <summary>
/// Issue 10 item 6: the dashboard renders in a real browser (headless Chromium, driven over the DevTools protocol)
/// without console errors or exceptions, with its charts in the DOM and a working sortable leaderboard.
/// </summary>
public class HtmlBrowserTests
{
    [ChromiumFact]
    public async Task Dashboard_InHeadlessChromium_NoErrors_ChartsRendered_LeaderboardSorts()
    {
        Assert.True(HeadlessChromium.Executable is not null, "Chromium not found (CI=true): .ci/run installs the Debian package chromium");
        var demo = SyntheticData.Demo();
        var data = Dataset.Create(demo.Config, demo.Roster, demo.Messages, demo.Orders, demo.Refunds, demo.Reviews, demo.Ratings, demo.Complaints);
        var request = new ReportRequest { AsOf = demo.End, By = PeriodGrouping.Day };
        var report = CsPerfEngine.Report(data, demo.Config, request);
        var details = HtmlDetails.Compute(report, data, demo.Config, null, null, null, "csperf details demo");
        string dir = Directory.CreateTempSubdirectory("csperf-browser-").FullName;
        try
        {
            string file = Path.Combine(dir, "dashboard.html");
            using (var writer = new StreamWriter(file, false, new UTF8Encoding(false)))
            {
                HtmlReportWriter.Write(report, writer, details, Dashboard.Compute(report, data, demo.Config, request));
            }

            await using var browser = await HeadlessChromium.StartAsync(Path.Combine(dir, "profile"));
            await browser.OpenAsync(new Uri(file).AbsoluteUri);

            const string probe = """
                (function () {
                  var charts = Array.prototype.map.call(document.querySelectorAll('svg.chart'), function (s) {
                    var box = s.getBoundingClientRect();
                    return s.getAttribute('data-chart') + ':' + (box.width > 100 && box.height > 50 ? 'shown' : 'hidden') + ':' + s.querySelectorAll('rect.bar, circle').length;
                  });
                  var table = document.querySelector('table.sortable');
                  var col = Array.prototype.findIndex.call(table.tHead.rows[0].cells, function (c) { return c.getAttribute('data-kpi') === 'received'; });
                  table.tHead.rows[0].cells[col].click();
                  var values = Array.prototype.map.call(table.tBodies[0].rows, function (r) { return parseFloat(r.cells[col].getAttribute('data-v')); });
                  return JSON.stringify({ charts: charts, tiles: document.querySelectorAll('.tile').length, sorted: values });
                })()
                """;
            using var result = JsonDocument.Parse(await browser.EvaluateAsync(probe));
            Assert.True(browser.Errors.Count == 0, "errors in the browser:\n" + string.Join("\n", browser.Errors));

            var charts = result.RootElement.GetProperty("charts").EnumerateArray().Select(c => c.GetString()!.Split(':')).ToList();
            foreach (var name in new[] { "funnel", "first-response", "hourly", "sales-split", "sales-by-day", "trend-received", "trend-sales" })
            {
                var chart = charts.SingleOrDefault(c => c[0] == name);
                Assert.True(chart is not null, $"chart {name} missing; charts: {string.Join(", ", charts.Select(c => c[0]))}");
                Assert.Equal("shown", chart[1]);
                Assert.True(int.Parse(chart[2], System.Globalization.CultureInfo.InvariantCulture) > 0, $"chart {name} has no marks");
            }

            Assert.Equal(5, result.RootElement.GetProperty("tiles").GetInt32());
            var sorted = result.RootElement.GetProperty("sorted").EnumerateArray().Select(v => v.GetDouble()).ToList();
            Assert.True(sorted.Count > 1);
            Assert.Equal(sorted.OrderByDescending(v => v), sorted);
        }
        finally
        {
            try
            {
                Directory.Delete(dir, true);
            }
            catch (IOException)
            {
                // Chromium may still hold its profile for a moment; the temp folder is cleaned later.
            }
        }
    }
}

/// <summary>
/// A headless Chromium driven over the DevTools protocol: started with remote debugging on port 0, its port read
/// from <c>DevToolsActivePort</c>, one page target over a <see cref="ClientWebSocket"/>. Every wait has a timeout; the
/// process tree is killed on dispose.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _cts = new(Timeout);
    private int _id;

    private HeadlessChromium(Process process) => _process = process;

    /// <summary>The Chromium executable: <c>CHROMIUM</c>, else the first of the usual paths that exists; null when none.</summary>
    public static string? Executable { get; } =
        new[] { Environment.GetEnvironmentVariable("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    /// <summary>Console errors, uncaught exceptions and error log entries seen so far.</summary>
    public List<string> Errors { get; } = [];

    public static async Task<HeadlessChromium> StartAsync(string profile)
    {
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(Executable!)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var browser = new HeadlessChromium(process);
        try
        {
            await browser.ConnectAsync(Path.Combine(profile, "DevToolsActivePort"));
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }

        return browser;
    }

    private async Task ConnectAsync(string portFile)
    {
        string? port = null;
        while (port is null)
        {
            _cts.Token.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Chromium exited with code {_process.ExitCode} before listening");
            }

            if (File.Exists(portFile) && (await File.ReadAllLinesAsync(portFile, _cts.Token)) is [var first, ..] && first.Length > 0)
            {
                port = first;
            }
            else
            {
                await Task.Delay(100, _cts.Token);
            }
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        string? page = null;
        while (page is null)
        {
            using var targets = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/json/list"), _cts.Token));
            page = targets.RootElement.EnumerateArray()
                .Where(t => t.GetProperty("type").GetString() == "page")
                .Select(t => t.GetProperty("webSocketDebuggerUrl").GetString())
                .FirstOrDefault();
            if (page is null)
            {
                await Task.Delay(100, _cts.Token);
            }
        }

        await _socket.ConnectAsync(new Uri(page), _cts.Token);
        await CallAsync("Runtime.enable");
        await CallAsync("Log.enable");
        await CallAsync("Page.enable");
    }

    /// <summary>Navigates to <paramref name="url"/> and waits for its load event (errors meanwhile land in <see cref="Errors"/>).</summary>
    public async Task OpenAsync(string url)
    {
        await CallAsync("Page.navigate", new Dictionary<string, object> { ["url"] = url });
        while (true)
        {
            using var message = await ReceiveAsync();
            if (message.RootElement.TryGetProperty("method", out var m) && m.GetString() == "Page.loadEventFired")
            {
                return;
            }
        }
    }

    /// <summary>Evaluates an expression in the page; returns its string value.</summary>
    public async Task<string> EvaluateAsync(string expression)
    {
        using var reply = await CallAsync("Runtime.evaluate", new Dictionary<string, object> { ["expression"] = expression, ["returnByValue"] = true });
        var result = reply.RootElement.GetProperty("result");
        if (result.TryGetProperty("exceptionDetails", out var ex))
        {
            throw new InvalidOperationException("evaluation failed: " + ex.ToString());
        }

        return result.GetProperty("result").GetProperty("value").GetString()!;
    }

    private async Task<JsonDocument> CallAsync(string method, Dictionary<string, object>? parameters = null)
    {
        int id = ++_id;
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] });
        await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, _cts.Token);
        while (true)
        {
            var message = await ReceiveAsync();
            if (message.RootElement.TryGetProperty("id", out var got) && got.GetInt32() == id)
            {
                if (message.RootElement.TryGetProperty("error", out var error))
                {
                    message.Dispose();
                    throw new InvalidOperationException($"{method}: {error}");
                }

                return message;
            }

            message.Dispose();
        }
    }

    /// <summary>The next message; events that report an error are collected in <see cref="Errors"/>.</summary>
    private async Task<JsonDocument> ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var stream = new MemoryStream();
        WebSocketReceiveResult received;
        do
        {
            received = await _socket.ReceiveAsync(buffer, _cts.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("DevTools closed the connection");
            }

            stream.Write(buffer, 0, received.Count);
        }
        while (!received.EndOfMessage);
        var doc = JsonDocument.Parse(stream.ToArray());
        var root = doc.RootElement;
        if (root.TryGetProperty("method", out var method))
        {
            var p = root.GetProperty("params");
            switch (method.GetString())
            {
                case "Runtime.consoleAPICalled" when p.GetProperty("type").GetString() is "error" or "assert":
                    Errors.Add("console." + p.GetProperty("type").GetString() + ": " + p.GetProperty("args").ToString());
                    break;
                case "Runtime.exceptionThrown":
                    Errors.Add("exception: " + p.GetProperty("exceptionDetails").ToString());
                    break;
                case "Log.entryAdded" when p.GetProperty("entry").GetProperty("level").GetString() == "error":
                    Errors.Add("log: " + p.GetProperty("entry").ToString());
                    break;
            }
        }

        return doc;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var close = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, close.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The browser is killed next anyway.
        }

        _socket.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already gone.
        }

        _process.Dispose();
        _cts.Dispose();
    }
}
