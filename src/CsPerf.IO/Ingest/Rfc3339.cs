using System.Runtime.CompilerServices;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace CsPerf.IO.Ingest;

/// <summary>Parses RFC 3339 instants (with an offset or <c>Z</c>).</summary>
internal static class Rfc3339
{
    private static readonly OffsetDateTimePattern Pattern = OffsetDateTimePattern.ExtendedIso;

    /// <summary>
    /// The authoritative parse is NodaTime's extended ISO pattern; the fast parser only ever accepts a subset of what it
    /// accepts, with the same result, so it goes first.
    /// </summary>
    public static bool TryParse(string text, out Instant instant)
    {
        if (text.Length <= 64)
        {
            Span<byte> utf8 = stackalloc byte[64 * 3];
            if (TryParseFast(utf8[..Encoding.UTF8.GetBytes(text, utf8)], out long ticks))
            {
                instant = Instant.FromUnixTimeTicks(ticks);
                return true;
            }
        }

        var result = Pattern.Parse(text);
        if (result.Success)
        {
            instant = result.Value.ToInstant();
            return true;
        }

        instant = default;
        return false;
    }

    /// <summary>Parses from UTF-8: the fast shape first, NodaTime for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out Instant instant)
    {
        if (TryParseFast(utf8, out long ticks))
        {
            instant = Instant.FromUnixTimeTicks(ticks);
            return true;
        }

        var result = Pattern.Parse(Encoding.UTF8.GetString(utf8));
        instant = result.Success ? result.Value.ToInstant() : default;
        return result.Success;
    }

    /// <summary>
    /// <c>yyyy-MM-ddTHH:mm:ss[.f{1,7}](Z|±HH:mm)</c> to unix ticks; false for any other shape (the caller falls back to
    /// NodaTime, which decides).
    /// </summary>
    public static bool TryParseFast(ReadOnlySpan<byte> s, out long unixTicks)
    {
        unixTicks = 0;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        if (!Digits4(s, 0, out int year) || !Digits2(s, 5, out int month) || !Digits2(s, 8, out int day)
            || !Digits2(s, 11, out int hour) || !Digits2(s, 14, out int minute) || !Digits2(s, 17, out int second))
        {
            return false;
        }

        if (year < 1 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        int pos = 19;
        long fraction = 0;
        if (s[pos] == '.')
        {
            pos++;
            int digits = 0;
            while (pos < s.Length && (uint)(s[pos] - '0') <= 9)
            {
                if (++digits > 7)
                {
                    return false;
                }

                fraction = (fraction * 10) + (s[pos] - '0');
                pos++;
            }

            if (digits == 0)
            {
                return false;
            }

            for (int i = digits; i < 7; i++)
            {
                fraction *= 10;
            }
        }

        int offsetSeconds;
        if (pos == s.Length - 1 && s[pos] == 'Z')
        {
            offsetSeconds = 0;
        }
        else if (pos == s.Length - 6 && (s[pos] == '+' || s[pos] == '-') && s[pos + 3] == ':'
            && Digits2(s, pos + 1, out int oh) && Digits2(s, pos + 4, out int om) && oh <= 18 && om <= 59)
        {
            offsetSeconds = ((oh * 3600) + (om * 60)) * (s[pos] == '-' ? -1 : 1);
            if (Math.Abs(offsetSeconds) > 18 * 3600)
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        long days = DaysFromCivil(year, month, day);
        long seconds = (days * 86400) + (hour * 3600) + (minute * 60) + second - offsetSeconds;
        unixTicks = (seconds * TimeSpan.TicksPerSecond) + fraction;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Digits2(ReadOnlySpan<byte> s, int at, out int value)
    {
        uint a = (uint)(s[at] - '0');
        uint b = (uint)(s[at + 1] - '0');
        value = (int)((a * 10) + b);
        return a <= 9 && b <= 9;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Digits4(ReadOnlySpan<byte> s, int at, out int value)
    {
        bool ok = Digits2(s, at, out int hi) & Digits2(s, at + 2, out int lo);
        value = (hi * 100) + lo;
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
