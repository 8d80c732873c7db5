using CsPerf.IO.Ingest;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using NodaTime.Text;
using Xunit;

namespace CsPerf.Tests.IO;

// contract.md "Dataset folder": `at` is RFC 3339 with an offset or Z. The fast parser must agree with NodaTime.
public class Rfc3339Tests
{
    // The shape exporters write: seconds, optional fraction, Z or ±HH:mm.
    private static readonly OffsetDateTimePattern Common = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFo<Z+HH:mm>");

    [Theory]
    [InlineData("2026-11-01T10:00:05+08:00")]
    [InlineData("2026-11-01T02:00:05Z")]
    [InlineData("2026-11-01T02:00:05.5Z")]
    [InlineData("2024-02-29T23:59:59.1234567-03:30")]
    [InlineData("1970-01-01T00:00:00Z")]
    [InlineData("2199-12-31T23:59:59.9999999Z")]
    public void TryParseFast_CommonShapes_AgreeWithNodaTime(string text)
    {
        Assert.True(Rfc3339.TryParseFast(System.Text.Encoding.UTF8.GetBytes(text), out long ticks));
        Assert.Equal(OffsetDateTimePattern.ExtendedIso.Parse(text).Value.ToInstant().ToUnixTimeTicks(), ticks);
    }

    [Theory]
    [InlineData("2026-02-29T10:00:05Z")]
    [InlineData("2026-11-01T24:00:05Z")]
    [InlineData("2026-11-01T10:00:05")]
    [InlineData("2026-11-01T10:00:05.Z")]
    [InlineData("2026-11-01T10:00:05+08")]
    [InlineData("2026-11-01T10:00:05+08:00:00")]
    [InlineData("-2026-11-01T10:00:05Z")]
    [InlineData("2026-11-01T10:00:05+0800")]
    [InlineData("2026-11-01T10:00:05+24:00")]
    [InlineData("2026-11-01T10:00:05 Z")]
    [InlineData("2026-11-01T10:00:05Z ")]
    [InlineData("1969-12-31T23:59:59Z")]
    [InlineData("2200-01-01T00:00:00Z")]
    [InlineData("2016-12-31T23:59:60Z")]
    [InlineData("2026-11-01T10:00:05.1234567890Z")]
    public void TryParse_InvalidShapes_Fail(string text) =>
        Assert.False(Rfc3339.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out _));

    // docs/io.md "Instants": t and z may be lower case, a space may stand for T (RFC 3339 5.6), up to 9 fraction
    // digits (cut to 100 ns), offsets up to ±23:59.
    [Theory]
    [InlineData("2026-11-01t02:00:05z", "2026-11-01T02:00:05Z")]
    [InlineData("2026-11-01 10:00:05+08:00", "2026-11-01T02:00:05Z")]
    [InlineData("2026-11-01T02:00:05.123456789Z", "2026-11-01T02:00:05.1234567Z")]
    [InlineData("2026-11-01T02:00:05-00:00", "2026-11-01T02:00:05Z")]
    [InlineData("2026-11-01T23:59:05+23:59", "2026-11-01T00:00:05Z")]
    public void TryParse_AcceptedVariants_MeanTheSameInstant(string text, string expected)
    {
        Assert.True(Rfc3339.TryParse(text, out var instant));
        Assert.Equal(InstantPattern.ExtendedIso.Parse(expected).Value, instant);
    }

    [CsPerf.Tests.Properties.CsPerfProperty(100)]
    public bool TryParseFast_RandomInstants_AgreeWithNodaTime(OffsetDateTime odt) =>
        Rfc3339.TryParseFast(System.Text.Encoding.UTF8.GetBytes(Common.Format(odt)), out long fast) && fast == odt.ToInstant().ToUnixTimeTicks();
}
