namespace CsPerf.Synthetic;

/// <summary>
/// xoshiro256** seeded through SplitMix64. Our own generator because <see cref="System.Random"/>'s algorithm is
/// not a stable contract across runtime versions, and datasets must be byte-identical for a seed forever.
/// </summary>
internal struct Prng
{
    private ulong _s0, _s1, _s2, _s3;

    public Prng(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, n) by multiply-high (Lemire), bias far below anything a dataset could show.</summary>
    public int Next(int n) => (int)Math.BigMul(NextUInt64(), (ulong)n, out _);

    /// <summary>Uniform in [lo, hi] inclusive.</summary>
    public int Between(int lo, int hi) => lo + Next(hi - lo + 1);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double p) => NextDouble() < p;
}
