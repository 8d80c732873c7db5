// A consumer that never saw the repository: the config from its own host's configuration (AddCsPerf), a dataset
// built in code, a report, its JSON read back, the HTML dashboard (.ci/packages runs it).
using CsPerf.Engine;
using CsPerf.IO;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

var configuration = new ConfigurationBuilder()
    .AddInMemoryCollection(new Dictionary<string, string?> { ["Shop:CsPerf:SessionGap"] = "00:15:00" })
    .Build();
using var services = new ServiceCollection().AddCsPerf(configuration.GetSection("Shop:CsPerf")).BuildServiceProvider();
var config = services.GetRequiredService<CsPerfConfig>();
var at = Instant.FromUtc(2026, 11, 2, 2, 0);
var data = Dataset.Create(config, roster: null, messages:
[
    new Message("m1", "s1", "buyer_a", "s1:xiaowang", Direction.In, at, "在吗"),
    new Message("m2", "s1", "buyer_a", "s1:xiaowang", Direction.Out, at + Duration.FromSeconds(25), "在的，亲"),
]);
var request = new ReportRequest { AsOf = at + Duration.FromDays(10) };
var report = CsPerfEngine.Report(data, config, request);

// Saved, read back, written again: the same bytes.
using var saved = new MemoryStream();
JsonReportWriter.Write(report, saved);
var readBack = JsonReportReader.Parse(System.Text.Encoding.UTF8.GetString(saved.ToArray()));
using var again = new MemoryStream();
JsonReportWriter.Write(readBack, again);
if (!saved.ToArray().AsSpan().SequenceEqual(again.ToArray()))
{
    Console.Error.WriteLine("the report read back differs from the one saved");
    return 1;
}

// The dashboard a manager opens in a browser.
using (var html = new StreamWriter(args.Length > 0 ? args[0] : "dashboard.html"))
{
    HtmlReportWriter.Write(report, html, details: null, Dashboard.Compute(report, data, config, request));
}

using var stdout = Console.OpenStandardOutput();
JsonReportWriter.Write(readBack, stdout);
return 0;
