using System.Numerics;

namespace CsPerf.Engine.Payroll;

/// <summary>
/// An exact fraction, for score arithmetic: linear points (a division) summed into a total that must be compared with
/// grade mins and other totals exactly (domain.md §7 "the total score is the exact sum (never rounded before a
/// lookup)"). <see cref="decimal"/> would round 100 ÷ 3 × 60% to 19.99…98 and miss a grade that starts at 20.
/// </summary>
internal readonly struct Rational : IComparable<Rational>, IEquatable<Rational>
{
    private static readonly BigInteger DecimalLimit = BigInteger.One << 96;

    private Rational(BigInteger num, BigInteger den)
    {
        if (den.Sign < 0)
        {
            num = -num;
            den = -den;
        }

        var gcd = BigInteger.GreatestCommonDivisor(num, den);
        if (!gcd.IsOne && !gcd.IsZero)
        {
            num /= gcd;
            den /= gcd;
        }

        Num = num;
        Den = den;
    }

    /// <summary>Numerator (carries the sign).</summary>
    public BigInteger Num { get; }

    /// <summary>Denominator, always positive.</summary>
    public BigInteger Den { get; }

    public static Rational Zero => new(BigInteger.Zero, BigInteger.One);

    public static Rational One => new(BigInteger.One, BigInteger.One);

    /// <summary>The exact value of a decimal.</summary>
    public static Rational From(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        int scale = (bits[3] >> 16) & 0xFF;
        return new(bits[3] < 0 ? -mantissa : mantissa, BigInteger.Pow(10, scale));
    }

    public static Rational operator +(Rational a, Rational b) => new((a.Num * b.Den) + (b.Num * a.Den), a.Den * b.Den);

    public static Rational operator -(Rational a, Rational b) => new((a.Num * b.Den) - (b.Num * a.Den), a.Den * b.Den);

    public static Rational operator *(Rational a, Rational b) => new(a.Num * b.Num, a.Den * b.Den);

    /// <exception cref="DivideByZeroException"><paramref name="b"/> is zero.</exception>
    public static Rational operator /(Rational a, Rational b) =>
        b.Num.IsZero ? throw new DivideByZeroException() : new(a.Num * b.Den, a.Den * b.Num);

    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;

    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;

    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    public static bool operator ==(Rational a, Rational b) => a.Equals(b);

    public static bool operator !=(Rational a, Rational b) => !a.Equals(b);

    public int CompareTo(Rational other) => (Num * other.Den).CompareTo(other.Num * Den);

    public bool Equals(Rational other) => Num == other.Num && Den == other.Den;

    public override bool Equals(object? obj) => obj is Rational r && Equals(r);

    public override int GetHashCode() => HashCode.Combine(Num, Den);

    /// <summary>
    /// The nearest decimal with as many decimal places as fit (up to 28), rounded half away from zero: exact whenever
    /// the fraction terminates within them. Scores are written with 6 decimals, so the last digits never show.
    /// </summary>
    /// <exception cref="OverflowException">The value is beyond <see cref="decimal"/>'s range.</exception>
    public decimal ToDecimal()
    {
        var magnitude = BigInteger.Abs(Num);
        for (int scale = 28; scale >= 0; scale--)
        {
            var q = ((magnitude * BigInteger.Pow(10, scale) * 2) + Den) / (Den * 2);
            if (q < DecimalLimit)
            {
                var lo = (int)(uint)(q & uint.MaxValue);
                var mid = (int)(uint)((q >> 32) & uint.MaxValue);
                var hi = (int)(uint)(q >> 64);
                return new decimal(lo, mid, hi, Num.Sign < 0, (byte)scale);
            }
        }

        throw new OverflowException("A score is beyond the range of decimal.");
    }

    public override string ToString() => $"{Num}/{Den}";
}
