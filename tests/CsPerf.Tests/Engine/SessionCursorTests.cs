using CsPerf.Engine.Prepare;
using CsPerf.Engine.Sessions;
using CsPerf.Tests.Properties;
using Xunit;

namespace CsPerf.Tests.Engine;

/// <summary>
/// The one place sessions are cut (domain.md §2–§3): the session pass, attribution and explain all read sessions through
/// <see cref="SessionCursor"/>, so these rules are checked once, on the cursor itself.
/// </summary>
public sealed class SessionCursorTests
{
    private const long Second = 10_000_000;
    private const long Minute = 60 * Second;

    private static readonly SessionKnobs Knobs = new(CsPerfConfig.Default with { AdPhrase = "ad" });

    private static StreamRow In(long t, int id = 0) => new(t, id, 0, 1);

    private static StreamRow Out(long t, int id = 0, int chars = 2) => new(t, id, MessageFlags.Out, chars);

    private static StreamRow Auto(long t) => new(t, 0, MessageFlags.Out | MessageFlags.AutoReply, 5);

    private static StreamRow Ad(long t) => new(t, 0, MessageFlags.Out | MessageFlags.AdMatch, 2);

    private static List<SessionFacts> Cut(params StreamRow[] rows)
    {
        var sessions = new List<SessionFacts>();
        var cursor = new SessionCursor(rows, Knobs);
        while (cursor.Next(out var s))
        {
            sessions.Add(s);
        }

        return sessions;
    }

    // §3 "session": a gap of exactly SessionGap (15:00) starts a new session; 14:59 does not.
    [Fact]
    public void SessionGap_ExactlyFifteenMinutes_StartsANewSession()
    {
        var sessions = Cut(In(0), Out(14 * Minute + 59 * Second), In(29 * Minute + 59 * Second));
        Assert.Equal(2, sessions.Count);
        Assert.Equal((0, 2), (sessions[0].First, sessions[0].End));
        Assert.Equal((2, 3), (sessions[1].First, sessions[1].End));
        Assert.Equal(14 * Minute + 59 * Second, sessions[0].Last);
    }

    // §3 bursts: an auto-reply answers nothing; the first effective reply closes the burst.
    [Fact]
    public void Burst_AutoReplyDoesNotAnswer_FirstEffectiveReplyDoes()
    {
        var s = Assert.Single(Cut(In(0), Auto(Second), Out(40 * Second)));
        Assert.Equal(40 * Second, s.FirstBurstResponse);
        Assert.Equal(1, s.Answered);
        Assert.Equal(1, s.EffectiveOut);
        Assert.Equal(40 * Second, s.FirstEffectiveOut);
        Assert.True(s.CustomerStarted);
    }

    // §3 no-response record: a burst never answered counts once.
    [Fact]
    public void NoResponseRecord_UnansweredBurst_CountsOnce()
    {
        var s = Assert.Single(Cut(Out(0), In(Second), In(2 * Second)));
        Assert.Equal(1, s.NoResponse);
        Assert.Equal(0, s.Answered);
        Assert.False(s.CustomerStarted);
        Assert.Equal(-1, s.FirstBurstResponse);
    }

    // §2 adverts: the phrase makes a session an advert only among its first AdReplyWindow effective replies, and the
    // cursor gives the instant of that reply (attribution's causality reads it).
    [Fact]
    public void Advert_PhraseWithinWindow_GivesItsInstant_OutsideWindowDoesNot()
    {
        int window = CsPerfConfig.Default.AdReplyWindow;
        var inside = Assert.Single(Cut(In(0), Out(Second), Ad(2 * Second)));
        Assert.True(inside.IsAdvert);
        Assert.Equal(2 * Second, inside.AdvertAt);

        var rows = new List<StreamRow> { In(0) };
        for (int i = 1; i <= window; i++)
        {
            rows.Add(Out(i * Second));
        }

        rows.Add(Ad((window + 1) * Second));
        var outside = Assert.Single(Cut([.. rows]));
        Assert.False(outside.IsAdvert);
        Assert.Equal(SessionFacts.None, outside.AdvertAt);
    }

    // §2–§3: attribution and transfers read a session's bounds through the light cut (SessionBounds); it must cut
    // exactly the sessions of the full one and agree on every field both have (bounds, advert instant, first customer
    // message, effective replies), adverts and auto-replies included.
    [CsPerfProperty(300)]
    public bool SessionBounds_AnyRows_SameSessionsAsFullCut(Seed seed)
    {
        var random = new Random(seed.Value);
        int n = random.Next(0, 60);
        var rows = new StreamRow[n];
        long t = random.Next(-3, 3) * Minute;
        for (int i = 0; i < n; i++)
        {
            t += random.Next(5) switch { 0 => 0, 1 => Second, 2 => 14 * Minute + 59 * Second, 3 => 15 * Minute, _ => random.Next(40) * Minute };
            byte flags = random.Next(5) switch
            {
                0 or 1 => 0,
                2 => MessageFlags.Out,
                3 => MessageFlags.Out | MessageFlags.AutoReply,
                _ => MessageFlags.Out | MessageFlags.AdMatch,
            };
            rows[i] = new StreamRow(t, i, flags, random.Next(4));
        }

        var full = Cut(rows);
        var light = new List<SessionBounds>();
        var cursor = new SessionCursor(rows, Knobs);
        while (cursor.NextBounds(out SessionBounds b))
        {
            light.Add(b);
        }

        return full.Count == light.Count && full.Zip(light).All(x =>
            x.First.First == x.Second.First && x.First.End == x.Second.End && x.First.Start == x.Second.Start &&
            x.First.Last == x.Second.Last && x.First.AdvertAt == x.Second.AdvertAt && x.First.FirstIn == x.Second.FirstIn &&
            x.First.EffectiveOut == x.Second.EffectiveOut && x.First.IsAdvert == x.Second.IsAdvert);
    }
}
