using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime;

namespace CsPerf.Synthetic;

/// <summary>
/// Deterministic synthetic CS datasets: a realistic Taobao-style shop (chats, auto-replies, broadcasts, adverts,
/// internal chats, transfers, orders, refunds, reviews, ratings, complaints) for demos, tests and benchmarks.
/// </summary>
/// <remarks>
/// <see cref="Generate"/> and <see cref="WriteTo(string, GeneratorOptions)"/> run the same generation core, so for equal options the files
/// hold exactly the records of the in-memory dataset.
/// </remarks>
public static class SyntheticData
{
    /// <summary>Seed of the built-in demo shop.</summary>
    internal const int DemoSeed = 20261111;

    /// <summary>Options of the built-in demo shop.</summary>
    internal static GeneratorOptions DemoOptions { get; } = new() { Shops = 1, Agents = 6, Customers = 300, Days = 7, Seed = DemoSeed };

    /// <summary>Generates a dataset in memory (object form).</summary>
    /// <param name="options">Size, seed and start date.</param>
    /// <returns>The dataset; equal options give equal lists.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count below 1.</exception>
    public static SyntheticDataset Generate(GeneratorOptions options)
    {
        var g = new Generator(options);
        var sink = new CollectingSink(g);
        g.Run(sink);
        return new SyntheticDataset(
            g.Config, g.Roster, sink.Messages, sink.Orders, sink.Refunds, sink.Reviews, sink.Ratings, sink.Complaints,
            Instant.FromUnixTimeSeconds(g.EndSeconds));
    }

    /// <summary>The built-in demo: shop s1 (Asia/Shanghai), 6 agents (one after-sale), 300 customers, 7 days from 2026-11-01, advert phrase set.</summary>
    public static SyntheticDataset Demo() => Generate(DemoOptions);

    /// <summary>
    /// Streams a dataset folder (<c>roster.json</c>, <c>messages.jsonl</c>, <c>orders.jsonl</c>, <c>refunds.jsonl</c>,
    /// <c>reviews.jsonl</c>, <c>ratings.jsonl</c>, <c>complaints.jsonl</c>, the payroll inputs <c>scores.jsonl</c> and
    /// <c>attendance.jsonl</c> (<see cref="SyntheticPayroll"/>), and <c>config.json</c> when an advert phrase is set) in
    /// the contract's shapes. Memory stays bounded by one day of messages.
    /// </summary>
    /// <param name="directory">Target folder, created if missing; existing files of those names are replaced.</param>
    /// <param name="options">Size, seed and start date.</param>
    /// <returns>Line counts and total bytes written.</returns>
    public static GenerateSummary WriteTo(string directory, GeneratorOptions options) => WriteTo(directory, options, null);

    /// <summary>Streams a dataset folder as <see cref="WriteTo(string, GeneratorOptions)"/> does, telling how many days are written.</summary>
    /// <param name="directory">Target folder, created if missing; existing files of those names are replaced.</param>
    /// <param name="options">Size, seed and start date.</param>
    /// <param name="daysDone">Told the number of days written so far after each day (1 … <c>options.Days</c>); null for none.</param>
    /// <returns>Line counts and total bytes written.</returns>
    public static GenerateSummary WriteTo(string directory, GeneratorOptions options, IProgress<int>? daysDone)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var g = new Generator(options);
        Directory.CreateDirectory(directory);
        long extra = WriteRoster(Path.Combine(directory, "roster.json"), g.Roster);
        string configPath = Path.Combine(directory, "config.json");
        if (options.AdPhrase is not null)
        {
            extra += WriteConfig(configPath, options.AdPhrase);
        }
        else if (File.Exists(configPath))
        {
            // A stale config from an earlier run would switch on an advert filter this dataset does not want.
            File.Delete(configPath);
        }

        extra += SyntheticPayroll.WriteTo(directory, g.Roster, options);
        using var sink = new JsonlSink(g, directory);
        g.Run(sink, daysDone);
        sink.Dispose();
        return sink.Summary(extra);
    }

    /// <summary>Predicts the message count of <paramref name="options"/> (within a few percent), so callers can size a dataset.</summary>
    /// <param name="options">Size and seed.</param>
    /// <returns>The expected number of messages.</returns>
    public static long EstimateMessages(GeneratorOptions options)
    {
        Generator.Validate(options);

        // Calibrate on a small sample of the same generator rather than a hand-derived formula that drifts with every tweak.
        const int sampleCustomers = 100000;
        var sample = options with { Shops = 1, Customers = sampleCustomers, Days = 1 };
        var g = new Generator(sample);
        var counter = new CountingSink();
        g.Run(counter);
        double perCustomerDay = (double)counter.Messages / sampleCustomers;
        return (long)Math.Round(perCustomerDay * options.Customers * options.Days * options.Shops);
    }

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static long WriteRoster(string path, Roster roster)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteStartArray("shops");
            foreach (var s in roster.Shops)
            {
                w.WriteStartObject();
                w.WriteString("id", s.Id);
                w.WriteString("timeZone", s.TimeZone);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("agents");
            foreach (var a in roster.Agents)
            {
                w.WriteStartObject();
                w.WriteString("id", a.Id);
                w.WriteString("name", a.Name);
                w.WriteStartArray("accounts");
                foreach (var b in a.Accounts)
                {
                    w.WriteStartObject();
                    w.WriteString("shop", b.Shop);
                    w.WriteString("account", b.Account);
                    w.WriteString("role", b.Role == AccountRole.Presale ? "presale" : "aftersale");
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (a.SalesTarget is decimal target)
                {
                    w.WriteNumber("salesTarget", target);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (!roster.Groups.IsDefaultOrEmpty)
            {
                w.WriteStartArray("groups");
                foreach (var g in roster.Groups)
                {
                    w.WriteStartObject();
                    w.WriteString("id", g.Id);
                    w.WriteString("name", g.Name);
                    w.WriteStartArray("agents");
                    foreach (string id in g.Agents)
                    {
                        w.WriteStringValue(id);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.Position;
    }

    private static long WriteConfig(string path, string adPhrase)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("AdPhrase", adPhrase);
            w.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.Position;
    }

    /// <summary>Counts messages only, for <see cref="EstimateMessages"/>.</summary>
    private sealed class CountingSink : IRecordSink
    {
        public long Messages { get; private set; }

        public void Message(long id, in MsgRec m) => Messages++;

        public void Order(long id, int shop, int customer, long createdAt, long paidAt, long amountCents, long postageCents, int items)
        {
        }

        public void Refund(long id, long order, long createdAt, long completedAt, long amountCents, int items, RefundStatus status, int operations)
        {
        }

        public void Review(long order, long at, ReviewRating rating)
        {
        }

        public void Rating(int shop, int customer, int account, long at, int score)
        {
        }

        public void Complaint(int shop, int customer, int account, long at, int reason)
        {
        }
    }
}
