using System.Globalization;
using NodaTime;

namespace CsPerf.Engine;

/// <summary>
/// The supported range of instants: from 1970-01-01T00:00:00Z (inclusive) to 2200-01-01T00:00:00Z (exclusive).
/// Every local date of every time zone, every period and every window the engine computes then stays far inside what
/// NodaTime and <see cref="DateTime"/> can hold.
/// </summary>
public static class InstantRules
{
    /// <summary>The earliest supported instant, 1970-01-01T00:00:00Z.</summary>
    public static Instant Min { get; } = Instant.FromUtc(1970, 1, 1, 0, 0);

    /// <summary>The first instant past the supported range, 2200-01-01T00:00:00Z.</summary>
    public static Instant MaxExclusive { get; } = Instant.FromUtc(2200, 1, 1, 0, 0);

    /// <summary>The range as told in messages.</summary>
    public const string RangeText = "1970-01-01T00:00:00Z .. 2200-01-01T00:00:00Z";

    /// <summary>Whether an instant is in the supported range.</summary>
    /// <param name="instant">The instant.</param>
    public static bool IsSupported(Instant instant) => instant >= Min && instant < MaxExclusive;

    /// <summary>The problem of an instant outside the range, worded for <c>file:line: field: problem</c>.</summary>
    public const string OutOfRange = "outside the supported range " + RangeText;

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="field"/> when an instant is outside the range.</summary>
    /// <param name="instant">The instant.</param>
    /// <param name="field">The field name used in the message.</param>
    /// <param name="paramName">The parameter name of the exception.</param>
    public static void Check(Instant instant, string field, string paramName)
    {
        if (!IsSupported(instant))
        {
            throw new ArgumentException($"{field}: {instant} is {OutOfRange}", paramName);
        }
    }
}

/// <summary>
/// Upper bounds of the numbers of a dataset, so that no sum can overflow: an amount (order amount, postage, refund
/// amount, sales target) is at most <see cref="MaxAmount"/> (10^12), a count (items, operations) at most
/// <see cref="MaxCount"/> (10^6). A dataset holds fewer than 2^31 records of a kind, so a money sum stays below
/// 10^12 × 2^31 ≈ 2.2 × 10^21, far under <see cref="decimal.MaxValue"/> (7.9 × 10^28), and a count sum below
/// 10^6 × 2^31 ≈ 2.2 × 10^15, which a <see cref="long"/> holds.
/// </summary>
public static class AmountRules
{
    /// <summary>The largest amount: 1,000,000,000,000.</summary>
    public const decimal MaxAmount = 1_000_000_000_000m;

    /// <summary>The largest count of items or operations: 1,000,000.</summary>
    public const int MaxCount = 1_000_000;

    /// <summary>Why an amount is out of bounds, or null.</summary>
    /// <param name="value">The amount.</param>
    public static string? AmountProblem(decimal value) =>
        value < 0 ? $"must not be negative, was {value.ToString(CultureInfo.InvariantCulture)}"
        : value > MaxAmount ? $"must be at most 1000000000000 (10^12), was {value.ToString(CultureInfo.InvariantCulture)}"
        : null;

    /// <summary>Why a count is out of bounds, or null.</summary>
    /// <param name="value">The count.</param>
    public static string? CountProblem(long value) => CountProblem(value, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Why a count is out of bounds, or null; the message shows the count as the input wrote it.</summary>
    /// <param name="value">The count.</param>
    /// <param name="written">The count as written in the input (<c>007</c>, <c>2e6</c>).</param>
    public static string? CountProblem(long value, string written) =>
        value < 0 ? $"must not be negative, was {written}"
        : value > MaxCount ? $"must be at most {MaxCount.ToString(CultureInfo.InvariantCulture)}, was {written}"
        : null;

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="field"/> when an amount is over the bound.</summary>
    /// <param name="value">The value.</param>
    /// <param name="field">The field name used in the message.</param>
    /// <param name="paramName">The parameter name of the exception.</param>
    public static void CheckAmount(decimal value, string field, string paramName)
    {
        if (AmountProblem(value) is { } p)
        {
            throw new ArgumentException($"{field}: {p}", paramName);
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="field"/> when a count is negative or over the bound.</summary>
    /// <param name="value">The value.</param>
    /// <param name="field">The field name used in the message.</param>
    /// <param name="paramName">The parameter name of the exception.</param>
    public static void CheckCount(int value, string field, string paramName)
    {
        if (CountProblem(value) is { } p)
        {
            throw new ArgumentException($"{field}: {p}", paramName);
        }
    }
}
