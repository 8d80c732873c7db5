using System.Runtime.CompilerServices;
using CsPerf.Engine.Prepare;

namespace CsPerf.Engine.Sessions;

/// <summary>The knobs that cut and measure a session (domain.md §2–§3), in ticks, read once per run.</summary>
internal readonly struct SessionKnobs(CsPerfConfig config)
{
    /// <summary>A session ends when the next message comes ≥ this after the last one.</summary>
    public readonly long Gap = config.SessionGap.BclCompatibleTicks;

    /// <summary>A response slower than this is slow.</summary>
    public readonly long SlowThreshold = config.SlowResponseThreshold.BclCompatibleTicks;

    /// <summary>A burst answered after more than this (or never) is a no-response record.</summary>
    public readonly long NoResponseThreshold = config.NoResponseThreshold.BclCompatibleTicks;

    /// <summary>A first response within this is a hit.</summary>
    public readonly long FirstTarget = config.FirstResponseTarget.BclCompatibleTicks;

    /// <summary>The advert phrase makes a session an advert only among its first this many effective replies.</summary>
    public readonly int AdWindow = config.AdReplyWindow;
}

/// <summary>What one pass over a session's messages finds: its bounds, its advert instant and its response clocks.</summary>
internal struct SessionFacts
{
    /// <summary>No instant.</summary>
    public const long None = long.MinValue;

    /// <summary>First row of the session, relative to the conversation.</summary>
    public int First;

    /// <summary>One past its last row.</summary>
    public int End;

    /// <summary>Instant of its first message (any kept message, auto-replies included).</summary>
    public long Start;

    /// <summary>Instant of its last message.</summary>
    public long Last;

    /// <summary>Instant of the advert phrase among its first effective replies, or <see cref="None"/>.</summary>
    public long AdvertAt;

    /// <summary>Customer messages.</summary>
    public long In;

    /// <summary>Effective replies (out, not auto-replies).</summary>
    public long EffectiveOut;

    /// <summary>Characters of the effective replies.</summary>
    public long Characters;

    /// <summary>Instant of the first customer message, or <see cref="None"/>.</summary>
    public long FirstIn;

    /// <summary>Row of the first customer message, relative to the conversation, or -1.</summary>
    public int FirstInRow;

    /// <summary>Instant of the first effective reply, or <see cref="None"/>.</summary>
    public long FirstEffectiveOut;

    /// <summary>Response time of the first burst, or -1 when it was never answered (or there was none).</summary>
    public long FirstBurstResponse;

    /// <summary>Answered bursts.</summary>
    public long Answered;

    /// <summary>Σ response times of the answered bursts.</summary>
    public long ResponseTicks;

    /// <summary>Bursts answered slower than the slow threshold.</summary>
    public long Slow;

    /// <summary>No-response records: bursts answered after the threshold, or never.</summary>
    public long NoResponse;

    /// <summary>Whether the advert phrase made this an advert session (domain.md §2).</summary>
    public readonly bool IsAdvert => AdvertAt != None;

    /// <summary>Whether the customer wrote first (a customer-started session).</summary>
    public readonly bool CustomerStarted => FirstIn != None && (FirstEffectiveOut == None || FirstIn < FirstEffectiveOut);
}

/// <summary>
/// What the stages after the session pass ask of a session (attribution, transfers): its rows, first and last instant,
/// advert instant, first customer message and effective replies, without the burst clocks.
/// </summary>
internal struct SessionBounds
{
    /// <summary>First row of the session, relative to the conversation.</summary>
    public int First;

    /// <summary>One past its last row.</summary>
    public int End;

    /// <summary>Instant of its first message.</summary>
    public long Start;

    /// <summary>Instant of its last message.</summary>
    public long Last;

    /// <summary>Instant of the advert phrase among its first effective replies, or <see cref="SessionFacts.None"/>.</summary>
    public long AdvertAt;

    /// <summary>Instant of the first customer message, or <see cref="SessionFacts.None"/>.</summary>
    public long FirstIn;

    /// <summary>Effective replies (out, not auto-replies).</summary>
    public int EffectiveOut;

    /// <summary>Whether the advert phrase made this an advert session (domain.md §2).</summary>
    public readonly bool IsAdvert => AdvertAt != SessionFacts.None;
}

/// <summary>
/// Receives each burst of a session as the <see cref="SessionCursor"/> closes it (detail lists). Implemented by
/// structs so the cursor is specialized per sink: with <see cref="NoBursts"/> the calls vanish and the hot loop is
/// the same as without a sink.
/// </summary>
internal interface IBurstSink
{
    /// <summary>A burst: the row of its first customer message, the row of the effective reply that answered it (-1:
    /// never answered) and its response time in ticks (-1 when never answered). Rows are relative to the conversation.</summary>
    void Burst(int firstInRow, int answerRow, long response);
}

/// <summary>The sink that keeps nothing (every run without detail lists).</summary>
internal struct NoBursts : IBurstSink
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Burst(int firstInRow, int answerRow, long response)
    {
    }
}

/// <summary>
/// The one place sessions are cut (domain.md §3): walks a conversation's rows, ordered by (instant, message id), and
/// yields one session at a time with everything every later stage asks of a session — bounds, the advert instant,
/// the first effective reply, the burst clocks. The session pass, attribution and explain all read sessions through it.
/// Allocation-free; the per-message loop keeps its state in locals.
/// </summary>
internal ref struct SessionCursor
{
    private readonly ReadOnlySpan<StreamRow> _rows;
    private readonly SessionKnobs _knobs;
    private int _next;

    /// <summary>A cursor over one conversation's rows.</summary>
    public SessionCursor(ReadOnlySpan<StreamRow> rows, in SessionKnobs knobs)
    {
        _rows = rows;
        _knobs = knobs;
        _next = 0;
    }

    /// <summary>Whether a row is an effective reply: an out message that is not an auto-reply (domain.md §2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsEffectiveOut(byte flags) => (flags & (MessageFlags.Out | MessageFlags.AutoReply)) == MessageFlags.Out;

    /// <summary>Whether a row is a customer message.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsIn(byte flags) => (flags & MessageFlags.Out) == 0;

    /// <summary>Cuts the next session; false at the end of the conversation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Next(out SessionFacts session)
    {
        var none = default(NoBursts);
        return Next(out session, ref none);
    }

    /// <summary>
    /// Cuts the next session exactly as <see cref="Next(out SessionFacts)"/> does, measuring only its
    /// <see cref="SessionBounds"/> (one light pass over its rows); false at the end of the conversation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool NextBounds(out SessionBounds session)
    {
        const long None = SessionFacts.None;
        ReadOnlySpan<StreamRow> rows = _rows;
        int r = _next;
        if (r >= rows.Length)
        {
            session = default;
            return false;
        }

        long gap = _knobs.Gap;
        int adWindow = _knobs.AdWindow;
        long sessionStart = rows[r].Ticks;
        long last = sessionStart;
        long firstIn = None, advertAt = None;
        int effOut = 0;
        int q = r;
        for (; q < rows.Length; q++)
        {
            long t = rows[q].Ticks;
            if (q > r && t - last >= gap)
            {
                break;
            }

            last = t;
            byte f = rows[q].Flags;
            if ((f & MessageFlags.Out) == 0)
            {
                if (firstIn == None)
                {
                    firstIn = t;
                }
            }
            else if ((f & MessageFlags.AutoReply) == 0)
            {
                effOut++;
                if (effOut <= adWindow && (f & MessageFlags.AdMatch) != 0 && advertAt == None)
                {
                    advertAt = t;
                }
            }
        }

        _next = q;
        session = new SessionBounds { First = r, End = q, Start = sessionStart, Last = last, AdvertAt = advertAt, FirstIn = firstIn, EffectiveOut = effOut };
        return true;
    }

    /// <summary>Cuts the next session and hands each of its bursts to <paramref name="sink"/>; false at the end of the conversation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Next<TSink>(out SessionFacts session, ref TSink sink)
        where TSink : struct, IBurstSink
    {
        const long None = SessionFacts.None;
        ReadOnlySpan<StreamRow> rows = _rows;
        int r = _next;
        if (r >= rows.Length)
        {
            session = default;
            return false;
        }

        long gap = _knobs.Gap, slowThreshold = _knobs.SlowThreshold, noResponseThreshold = _knobs.NoResponseThreshold;
        int adWindow = _knobs.AdWindow;
        long sessionStart = rows[r].Ticks;
        long last = sessionStart;
        long inCount = 0, effOut = 0, charCount = 0;
        long firstIn = None, firstEffOut = None, burstStart = None, advertAt = None;
        int firstInRow = -1, burstRow = -1;
        long firstBurstResponse = -1, answered = 0, responseTicks = 0, slow = 0, noResponse = 0;
        int bursts = 0;

        int q = r;
        for (; q < rows.Length; q++)
        {
            long t = rows[q].Ticks;
            if (q > r && t - last >= gap)
            {
                break;
            }

            last = t;
            byte f = rows[q].Flags;
            if ((f & MessageFlags.Out) == 0)
            {
                inCount++;
                if (firstIn == None)
                {
                    firstIn = t;
                    firstInRow = q;
                }

                if (burstStart == None)
                {
                    burstStart = t;
                    burstRow = q;
                    bursts++;
                }
            }
            else if ((f & MessageFlags.AutoReply) == 0)
            {
                effOut++;
                charCount += rows[q].Chars;
                if (firstEffOut == None)
                {
                    firstEffOut = t;
                }

                if (effOut <= adWindow && (f & MessageFlags.AdMatch) != 0 && advertAt == None)
                {
                    advertAt = t;
                }

                if (burstStart != None)
                {
                    long response = t - burstStart;
                    answered++;
                    responseTicks += response;
                    slow += response > slowThreshold ? 1 : 0;
                    noResponse += response > noResponseThreshold ? 1 : 0;
                    if (bursts == 1)
                    {
                        firstBurstResponse = response;
                    }

                    sink.Burst(burstRow, q, response);
                    burstStart = None;
                }
            }
        }

        if (burstStart != None)
        {
            noResponse++;
            sink.Burst(burstRow, -1, -1);
        }

        _next = q;
        session = new SessionFacts
        {
            First = r,
            End = q,
            Start = sessionStart,
            Last = last,
            AdvertAt = advertAt,
            In = inCount,
            EffectiveOut = effOut,
            Characters = charCount,
            FirstIn = firstIn,
            FirstInRow = firstInRow,
            FirstEffectiveOut = firstEffOut,
            FirstBurstResponse = firstBurstResponse,
            Answered = answered,
            ResponseTicks = responseTicks,
            Slow = slow,
            NoResponse = noResponse,
        };
        return true;
    }
}
