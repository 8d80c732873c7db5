// A consumer that never saw the repository: a dataset built in code, a report, its JSON (.ci/packages runs it).
using CsPerf;
using CsPerf.Engine;
using CsPerf.IO;
using NodaTime;

var config = CsPerfConfig.Default;
var at = Instant.FromUtc(2026, 11, 2, 2, 0);
var data = Dataset.Create(config, roster: null, messages:
[
    new Message("m1", "s1", "buyer_a", "s1:xiaowang", Direction.In, at, "在吗"),
    new Message("m2", "s1", "buyer_a", "s1:xiaowang", Direction.Out, at + Duration.FromSeconds(25), "在的，亲"),
]);
var report = CsPerfEngine.Report(data, config, new ReportRequest { AsOf = at + Duration.FromDays(10) });
using var stdout = Console.OpenStandardOutput();
JsonReportWriter.Write(report, stdout);
