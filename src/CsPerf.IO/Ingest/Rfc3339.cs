using System.Runtime.CompilerServices;
using System.Text;
using NodaTime;

namespace CsPerf.IO.Ingest;

/// <summary>What <see cref="Rfc3339.Parse(ReadOnlySpan{byte}, out long)"/> found.</summary>
internal enum InstantStatus : byte
{
    /// <summary>A valid RFC 3339 instant in the supported range.</summary>
    Ok,

    /// <summary>Not of the RFC 3339 date-time shape (or a date or time that does not exist).</summary>
    Syntax,

    /// <summary>Second 60: a leap second, which the time line used here has no room for.</summary>
    LeapSecond,

    /// <summary>More fraction digits than nanoseconds.</summary>
    TooManyDigits,

    /// <summary>Valid, but outside <see cref="InstantRules"/>.</summary>
    OutOfRange,
}

/// <summary>
/// The one parser of instants (dataset fields and <c>--as-of</c>): RFC 3339 <c>date-time</c>, strictly,
/// <c>YYYY-MM-DD</c> (<c>T</c>, <c>t</c> or a space) <c>hh:mm:ss</c> [<c>.</c> 1 to 9 digits] (<c>Z</c>, <c>z</c> or
/// <c>±hh:mm</c>). Hours 00..23 (no 24:00), offsets up to ±23:59, no leap second, digits beyond the 7th (100 ns) cut
/// off, and the instant must lie in <see cref="InstantRules"/>. No looser fallback.
/// </summary>
internal static class Rfc3339
{
    private static readonly long MinTicks = InstantRules.Min.ToUnixTimeTicks();
    private static readonly long MaxTicksExclusive = InstantRules.MaxExclusive.ToUnixTimeTicks();

    /// <summary>Parses a string; false for anything <see cref="Parse(ReadOnlySpan{byte}, out long)"/> does not accept.</summary>
    public static bool TryParse(string text, out Instant instant) => Parse(text, out instant) == InstantStatus.Ok;

    /// <summary>Parses UTF-8; false for anything <see cref="Parse(ReadOnlySpan{byte}, out long)"/> does not accept.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out Instant instant)
    {
        bool ok = Parse(utf8, out long ticks) == InstantStatus.Ok;
        instant = ok ? Instant.FromUnixTimeTicks(ticks) : default;
        return ok;
    }

    /// <summary>The hot path's name for <see cref="Parse(ReadOnlySpan{byte}, out long)"/> succeeding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseFast(ReadOnlySpan<byte> s, out long unixTicks) => Parse(s, out unixTicks) == InstantStatus.Ok;

    /// <summary>
    /// <see cref="TryParseFast"/> for the common shape <c>YYYY-MM-DDThh:mm:ss±hh:mm</c>, with the day number of the
    /// last date kept in <paramref name="cache"/> (lines of a file mostly share their date). Same result as
    /// <see cref="TryParseFast"/>: any other shape, and anything out of line, is left to it.
    /// </summary>
    /// <param name="s">The text.</param>
    /// <param name="cache">The last date seen by this caller.</param>
    /// <param name="unixTicks">The instant.</param>
    public static bool TryParseCommon(ReadOnlySpan<byte> s, ref DateCache cache, out long unixTicks)
    {
        unchecked
        {
            if (s.Length != 25)
            {
                return TryParseFast(s, out unixTicks);
            }

            ulong head = System.Runtime.InteropServices.MemoryMarshal.Read<ulong>(s);
            ushort tail = System.Runtime.InteropServices.MemoryMarshal.Read<ushort>(s[8..]);
            long days;
            if (head == cache.Head && tail == cache.Tail && head != 0)
            {
                days = cache.Days;
            }
            else
            {
                if (s[4] != '-' || s[7] != '-' || !Digits4(s, 0, out int year) || !Digits2(s, 5, out int month) || !Digits2(s, 8, out int day)
                    || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month))
                {
                    return TryParseFast(s, out unixTicks);
                }

                days = DaysFromCivil(year, month, day);
                cache = new DateCache(head, tail, days);
            }

            if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':' || (s[19] != '+' && s[19] != '-') || s[22] != ':'
                || !Digits2(s, 11, out int hour) || !Digits2(s, 14, out int minute) || !Digits2(s, 17, out int second)
                || !Digits2(s, 20, out int oh) || !Digits2(s, 23, out int om)
                || hour > 23 || minute > 59 || second > 59 || oh > 23 || om > 59)
            {
                return TryParseFast(s, out unixTicks);
            }

            int offsetSeconds = ((oh * 3600) + (om * 60)) * (s[19] == '-' ? -1 : 1);
            long seconds = (days * 86400) + (hour * 3600) + (minute * 60) + second - offsetSeconds;
            unixTicks = seconds * TimeSpan.TicksPerSecond;
            if (unixTicks < MinTicks || unixTicks >= MaxTicksExclusive)
            {
                return TryParseFast(s, out unixTicks);
            }

            return true;
        }
    }

    /// <summary>Parses a string.</summary>
    public static InstantStatus Parse(string text, out Instant instant)
    {
        instant = default;
        if (text.Length > 64)
        {
            return InstantStatus.Syntax;
        }

        Span<byte> utf8 = stackalloc byte[64 * 3];
        var status = Parse(utf8[..Encoding.UTF8.GetBytes(text, utf8)], out long ticks);
        if (status == InstantStatus.Ok)
        {
            instant = Instant.FromUnixTimeTicks(ticks);
        }

        return status;
    }

    /// <summary>Why a text is refused, worded for <c>file:line: field: problem</c>; null when it parses.</summary>
    public static string? Problem(string text, out Instant instant) => Parse(text, out instant) switch
    {
        InstantStatus.Ok => null,
        InstantStatus.LeapSecond => $"\"{text}\" is a leap second (second 60), which is not supported",
        InstantStatus.TooManyDigits => $"\"{text}\" has more than 9 fraction digits",
        InstantStatus.OutOfRange => $"\"{text}\" is {InstantRules.OutOfRange}",
        _ => $"\"{text}\" is not an RFC 3339 instant with an offset or Z (e.g. 2026-11-01T10:00:05+08:00)",
    };

    /// <summary>Parses UTF-8 to unix ticks (100 ns).</summary>
    public static InstantStatus Parse(ReadOnlySpan<byte> s, out long unixTicks)
    {
        // The hot path of ingest: every value is bounded by the checks before it, so arithmetic is unchecked deliberately.
        unchecked
        {
            unixTicks = 0;
            if (s.Length < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
            {
                return InstantStatus.Syntax;
            }

            if (!Digits4(s, 0, out int year) || !Digits2(s, 5, out int month) || !Digits2(s, 8, out int day)
                || !Digits2(s, 11, out int hour) || !Digits2(s, 14, out int minute) || !Digits2(s, 17, out int second))
            {
                return InstantStatus.Syntax;
            }

            if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
            {
                return InstantStatus.Syntax;
            }

            int pos = 19;
            long fraction = 0;
            if (s[pos] == '.')
            {
                pos++;
                int digits = 0;
                while (pos < s.Length && (uint)(s[pos] - '0') <= 9)
                {
                    if (++digits <= 7)
                    {
                        fraction = (fraction * 10) + (s[pos] - '0');
                    }

                    pos++;
                }

                if (digits == 0)
                {
                    return InstantStatus.Syntax;
                }

                if (digits > 9)
                {
                    return InstantStatus.TooManyDigits;
                }

                for (int i = digits; i < 7; i++)
                {
                    fraction *= 10;
                }
            }

            int offsetSeconds;
            if (pos == s.Length - 1 && (s[pos] == 'Z' || s[pos] == 'z'))
            {
                offsetSeconds = 0;
            }
            else if (pos == s.Length - 6 && (s[pos] == '+' || s[pos] == '-') && s[pos + 3] == ':'
                && Digits2(s, pos + 1, out int oh) && Digits2(s, pos + 4, out int om) && oh <= 23 && om <= 59)
            {
                offsetSeconds = ((oh * 3600) + (om * 60)) * (s[pos] == '-' ? -1 : 1);
            }
            else
            {
                return InstantStatus.Syntax;
            }

            if (second == 60)
            {
                return InstantStatus.LeapSecond;
            }

            long days = DaysFromCivil(year, month, day);
            long seconds = (days * 86400) + (hour * 3600) + (minute * 60) + second - offsetSeconds;
            unixTicks = (seconds * TimeSpan.TicksPerSecond) + fraction;
            if (unixTicks < MinTicks || unixTicks >= MaxTicksExclusive)
            {
                unixTicks = 0;
                return InstantStatus.OutOfRange;
            }

            return InstantStatus.Ok;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Digits2(ReadOnlySpan<byte> s, int at, out int value)
    {
        unchecked
        {
            // A byte below '0' wraps to a big number, which the check refuses.
            uint a = (uint)(s[at] - '0');
            uint b = (uint)(s[at + 1] - '0');
            value = (int)((a * 10) + b);
            return a <= 9 && b <= 9;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Digits4(ReadOnlySpan<byte> s, int at, out int value)
    {
        bool ok = Digits2(s, at, out int hi) & Digits2(s, at + 2, out int lo);
        value = unchecked((hi * 100) + lo);
        return ok;
    }

    private static int DaysInMonth(int year, int month) => month switch
    {
        2 => (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    // Howard Hinnant's days_from_civil: exact proleptic Gregorian day count from 1970-01-01.
    private static long DaysFromCivil(int y, int m, int d)
    {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - (era * 400);
        long doy = ((153 * (m + (m > 2 ? -3 : 9))) + 2) / 5 + d - 1;
        long doe = (yoe * 365) + (yoe / 4) - (yoe / 100) + doy;
        return (era * 146097) + doe - 719468;
    }
}

/// <summary>The last date <see cref="Rfc3339.TryParseCommon"/> parsed: its first 10 bytes and its day number.</summary>
/// <param name="head">Bytes 0 to 7 of the text.</param>
/// <param name="tail">Bytes 8 and 9.</param>
/// <param name="days">Days since 1970-01-01.</param>
internal readonly struct DateCache(ulong head, ushort tail, long days)
{
    /// <summary>Bytes 0 to 7 (0 when empty: a date never starts with 8 zero bytes).</summary>
    public ulong Head { get; } = head;

    /// <summary>Bytes 8 and 9.</summary>
    public ushort Tail { get; } = tail;

    /// <summary>Days since 1970-01-01.</summary>
    public long Days { get; } = days;
}
