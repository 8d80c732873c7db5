using NodaTime;
using Xunit;

namespace CsPerf.Tests.Engine;

/// <summary>Sessions, bursts and response clocks: domain.md §3.</summary>
public class SessionRulesTests
{
    [Fact] // §3: a gap of ≥ SessionGap starts a new session
    public void Session_GapOfExactly15Minutes_StartsNewSession()
    {
        var s = new Scenario().In("10:00:00").Out("10:00:10").In("10:15:10").Out("10:15:20");
        Assert.Equal(2, s.Total().Count("sessions"));
    }

    [Fact] // §3: a gap just under SessionGap keeps the session
    public void Session_GapOf14Minutes59Seconds_KeepsSession()
    {
        var s = new Scenario().In("10:00:00").Out("10:00:10").In("10:15:09").Out("10:15:20");
        Assert.Equal(1, s.Total().Count("sessions"));
    }

    [Fact] // §3: a session belongs to the local date of its first message, even past midnight
    public void Session_CrossingLocalMidnight_BelongsToFirstDate()
    {
        var s = new Scenario().In("23:55:00").Out("23:56:00").In("2026-11-03T00:05:00+08:00").Out("2026-11-03T00:06:00+08:00");
        var report = s.Report(Core.PeriodGroupingDay);
        Assert.Equal(2, report.Periods.Length); // the range runs to the last date holding a message
        Assert.Equal(new NodaTime.LocalDate(2026, 11, 2), report.Periods[0].From);
        Assert.Equal(0, report.Periods[1].Total.Count("sessions"));
        Assert.Equal(1, report.Periods[0].Total.Count("sessions"));
        Assert.Equal(2, report.Periods[0].Total.Count("messages"));
        Assert.Equal(660.0, report.Periods[0].Total.Real("sessionSecondsAvg"));
    }

    [Fact] // §3: a burst's response runs from its first in message to the next effective out
    public void ResponseTime_Burst_RunsFromFirstInToNextEffectiveOut()
    {
        var s = new Scenario().In("10:00:00").In("10:00:20").Out("10:00:50").In("10:01:00").Out("10:01:10");
        var t = s.Total();
        Assert.Equal(30.0, t.Real("responseAvg")); // (50 + 10) / 2
        Assert.Equal(50.0, t.Real("firstResponseAvg"));
    }

    [Fact] // §2/§3: an auto-reply inside a burst neither ends it nor stops the clock
    public void AutoReply_InsideBurst_DoesNotStopResponseClock()
    {
        var s = new Scenario().In("10:00:00").Out("10:00:01", "$亲，欢迎光临").In("10:00:05").Out("10:01:00");
        var t = s.Total();
        Assert.Equal(60.0, t.Real("firstResponseAvg"));
        Assert.Equal(60.0, t.Real("responseAvg"));
        Assert.Equal(1, t.Count("messages")); // the auto-reply is not a message of workload
        Assert.Equal(1.0, t.Real("replyRate"));
    }

    [Fact] // §2: an auto-reply alone is not a reply
    public void AutoReply_Only_LeavesReceptionUnreplied()
    {
        var t = new Scenario().In("10:00:00").Out("10:00:01", "$自动回复").Total();
        Assert.Equal(1, t.Count("unreplied"));
        Assert.Equal(0, t.Count("replied"));
        Assert.Equal(0, t.Count("messages"));
        Assert.Equal(0, t.Count("characters"));
        Assert.Equal(1, t.Count("noResponseRecords"));
    }

    [Fact] // §3: first-response hit rate: answered within ≤ target ÷ customer-started sessions; unanswered is a miss
    public void FirstResponseHitRate_AtTargetHits_UnansweredMisses()
    {
        var s = new Scenario()
            .In("10:00:00", customer: "c1").Out("10:00:30", customer: "c1")
            .In("10:00:00", customer: "c2").Out("10:00:31", customer: "c2")
            .In("10:00:00", customer: "c3");
        Assert.Equal(1.0 / 3, s.Total().Real("firstResponseHitRate"));
    }

    [Fact] // §3: a session started by the account is not customer-started
    public void FirstResponse_AccountStartedSession_IsNotMeasured()
    {
        var t = new Scenario().Out("10:00:00").In("10:00:30").Out("10:01:00").Total();
        Assert.Null(t.Real("firstResponseAvg"));
        Assert.Null(t.Real("firstResponseHitRate"));
        Assert.Equal(30.0, t.Real("responseAvg"));
    }

    [Fact] // §3: slow reception: ≥ 3 answered bursts slower than 120 s
    public void SlowReception_ThreeBurstsOver120Seconds_IsSlow()
    {
        var s = new Scenario()
            .In("10:00:00").Out("10:02:01")
            .In("10:03:00").Out("10:05:01")
            .In("10:06:00").Out("10:08:01");
        Assert.Equal(1, s.Total().Count("slowReceptions"));
        var two = new Scenario().In("10:00:00").Out("10:02:01").In("10:03:00").Out("10:05:01").In("10:06:00").Out("10:08:00");
        Assert.Equal(0, two.Total().Count("slowReceptions")); // exactly 120 s is not slow
    }

    [Fact] // §3: no-response record: answered after > 3 min, or never
    public void NoResponseRecord_LateOrNeverAnswered_Counts()
    {
        var s = new Scenario().In("10:00:00").Out("10:03:01").In("10:04:00").Out("10:07:00").In("10:08:00");
        Assert.Equal(2, s.Total().Count("noResponseRecords")); // 181 s late + 1 unanswered; exactly 180 s is fine
    }

    [Fact] // §3: long session ≥ 30 min; long reception: summed session durations ≥ 60 min
    public void LongSessionAndReception_Thresholds_AreInclusive()
    {
        var s = new Scenario();
        // Session 1: 10:00 → 10:30 (30 min, long) in steps under the gap.
        s.In("10:00:00").Out("10:10:00").In("10:20:00").Out("10:30:00");
        // Session 2: 11:00 → 11:30.
        s.In("11:00:00").Out("11:10:00").In("11:20:00").Out("11:30:00");
        var t = s.Total();
        Assert.Equal(2, t.Count("longSessions"));
        Assert.Equal(1, t.Count("longReceptions"));
        Assert.Equal(1800.0, t.Real("sessionSecondsAvg"));
    }

    [Fact] // §3: workload counts effective out messages and their Unicode scalar values
    public void Workload_Characters_CountUnicodeScalars()
    {
        var t = new Scenario().In("10:00:00").Out("10:00:10", "好的👍").Out("10:00:20", null).Total();
        Assert.Equal(2, t.Count("messages"));
        Assert.Equal(3, t.Count("characters"));
    }

    [Fact] // §3: pressure: sessions open on [first, last]; touching intervals overlap
    public void PeakConcurrency_TouchingSessions_Overlap()
    {
        var s = new Scenario()
            .In("10:00:00", customer: "c1").Out("10:05:00", customer: "c1")
            .In("10:05:00", customer: "c2").Out("10:06:00", customer: "c2")
            .In("10:07:00", customer: "c3").Out("10:08:00", customer: "c3");
        var t = s.Total();
        Assert.Equal(2, t.Count("peakConcurrency"));
        var hourly = t["peakConcurrencyByHour"].Hourly;
        Assert.Equal(2, hourly[10]);
        Assert.Equal(0, hourly[11]);
    }

    [Fact] // §3: a session open across a local hour boundary counts in the next hour too
    public void PeakConcurrencyByHour_SessionSpanningHour_CountsInBoth()
    {
        var t = new Scenario().In("10:55:00").Out("11:05:00").Total();
        var hourly = t["peakConcurrencyByHour"].Hourly;
        Assert.Equal(1, hourly[10]);
        Assert.Equal(1, hourly[11]);
        Assert.Equal(0, hourly[12]);
    }

    [Fact] // §6 time slots: a received reception counts in the local hour of its first customer message t0; every kept `in` message in its own hour
    public void TimeSlots_ReceptionByFirstCustomerMessageHour_MessagesByOwnHour()
    {
        var t = new Scenario()
            .Out("09:50:00", "亲，在吗").In("10:05:00").In("10:06:00").Out("10:06:30")
            .In("14:00:00").Out("14:00:10")
            .Total();
        var receptions = t["receptionsByHour"].Hourly;
        var messages = t["customerMessagesByHour"].Hourly;
        Assert.Equal(1, receptions[10]);
        Assert.Equal(1, receptions.Sum());
        Assert.Equal(2, messages[10]);
        Assert.Equal(1, messages[14]);
        Assert.Equal(3, messages.Sum());
    }

    [Fact] // §6 time slots: a session across local midnight belongs to its start day's period, each message in its own hour
    public void TimeSlots_SessionAcrossMidnight_DatedBySessionStart()
    {
        var s = new Scenario().In("23:50:00").Out("23:51:00").In("2026-11-03T00:05:00+08:00").Out("2026-11-03T00:06:00+08:00");
        var days = s.Report(by: Core.PeriodGroupingDay);
        var first = days.Periods.Single(p => p.From == new LocalDate(2026, 11, 2)).Total;
        Assert.Equal(1, first["receptionsByHour"].Hourly[23]);
        Assert.Equal(1, first["customerMessagesByHour"].Hourly[23]);
        Assert.Equal(1, first["customerMessagesByHour"].Hourly[0]);
        Assert.All(days.Periods.Where(p => p.From != new LocalDate(2026, 11, 2)), p => Assert.Equal(0, p.Total["customerMessagesByHour"].Hourly.Sum()));
    }

    [Fact] // §6 time slots are additive (unlike peakConcurrencyByHour, a max): accounts sum to the total, days to the range
    public void TimeSlots_Additive_AcrossAccountsAndDays()
    {
        var s = new Scenario()
            .In("10:00:00", account: "s1:a").Out("10:00:10", account: "s1:a")
            .In("10:00:00", customer: "c2", account: "s1:b").Out("10:00:10", customer: "c2", account: "s1:b")
            .In("2026-11-03T10:30:00+08:00").Out("2026-11-03T10:30:10+08:00");
        var all = s.Report().Periods.Single();
        Assert.Equal(3, all.Total["receptionsByHour"].Hourly[10]);
        Assert.Equal(2, s.AccountKpis(s.Report(), "s1:a")["receptionsByHour"].Hourly[10]);
        Assert.Equal(3, all.Shops.Single().Kpis["customerMessagesByHour"].Hourly[10]);
        Assert.Equal(2, all.Total["peakConcurrencyByHour"].Hourly[10]);
        var days = s.Report(by: Core.PeriodGroupingDay).Periods;
        Assert.Equal([2, 1], days.Select(p => p.Total["receptionsByHour"].Hourly[10]));
    }
}

internal static class Core
{
    public const CsPerf.Engine.PeriodGrouping PeriodGroupingDay = CsPerf.Engine.PeriodGrouping.Day;
}
