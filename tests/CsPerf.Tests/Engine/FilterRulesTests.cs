using System.Collections.Immutable;
using Xunit;

namespace CsPerf.Tests.Engine;

/// <summary>Filters: domain.md §2.</summary>
public class FilterRulesTests
{
    [Fact] // §2 own-account 自家旺旺过滤: a "customer" that is an account of the roster is an internal chat
    public void OwnAccountFilter_CustomerIsAnAccount_DropsAndCountsInternal()
    {
        var s = new Scenario().In("10:00:00").Out("10:00:10")
            .In("10:01:00", customer: "s1:b", account: "s1:a").Out("10:01:05", customer: "s1:b", account: "s1:a")
            .In("10:02:00", customer: "x", account: "s1:b");
        var report = s.Report();
        Assert.Equal(2, report.Filtered.Internal);
        Assert.Equal(2, report.Periods[0].Total.Count("consulted")); // c1 on s1:a, x on s1:b
    }

    [Fact] // §2 listed customers 指定旺旺过滤
    public void ListedCustomerFilter_ListedId_DropsAndCountsListed()
    {
        var s = new Scenario { Config = CsPerfConfig.Default with { FilteredCustomers = ["spam"] } }
            .In("10:00:00").Out("10:00:10").In("10:00:00", customer: "spam").Out("10:00:05", customer: "spam");
        var report = s.Report();
        Assert.Equal(2, report.Filtered.Listed);
        Assert.Equal(1, report.Periods[0].Total.Count("sessions"));
    }

    [Fact] // §2 broadcast 群发过滤: out messages with the prefix are dropped; an in text never is
    public void BroadcastFilter_OutWithPrefix_Dropped_InWithPrefix_Kept()
    {
        var s = new Scenario().Out("09:00:00", "@双十一活动").In("10:00:00", "@客服 在吗").Out("10:00:10");
        var report = s.Report();
        Assert.Equal(1, report.Filtered.Broadcast);
        var t = report.Periods[0].Total;
        Assert.Equal(1, t.Count("sessions")); // the broadcast did not open a session at 09:00
        Assert.Equal(10.0, t.Real("firstResponseAvg"));
    }

    [Fact] // §2: a message matching several filters is counted once, under the first of internal, listed, broadcast
    public void Filters_SeveralMatch_CountedOnceUnderFirst()
    {
        var s = new Scenario { Config = CsPerfConfig.Default with { FilteredCustomers = ["s1:b"] } }
            .In("10:00:00").Out("10:00:10")
            .In("10:00:00", customer: "c2", account: "s1:b")
            .Out("10:01:00", "@群发", customer: "s1:b", account: "s1:a");
        var f = s.Report().Filtered;
        Assert.Equal((1L, 0L, 0L), (f.Internal, f.Listed, f.Broadcast));
    }

    [Fact] // §2 broadcast filter off keeps the message
    public void BroadcastFilter_Off_KeepsMessage()
    {
        var s = new Scenario { Config = CsPerfConfig.Default with { BroadcastFilter = false } }
            .In("10:00:00").Out("10:00:10", "@你好");
        Assert.Equal(1, s.Total().Count("messages"));
    }

    [Fact] // §2 advert 广告过滤: the phrase among the first N effective out messages makes the session an advert
    public void AdvertFilter_PhraseInFirstEffectiveOuts_ExcludesSession()
    {
        var config = CsPerfConfig.Default with { AdPhrase = "你是广告" };
        var s = new Scenario { Config = config }
            .In("10:00:00").Out("10:00:01", "$自动").Out("10:00:05", "\u3000你是广告 ")
            .In("11:00:00", customer: "c2").Out("11:00:10", customer: "c2");
        var report = s.Report();
        Assert.Equal(1, report.Filtered.Advert);
        var t = report.Periods[0].Total;
        Assert.Equal(1, t.Count("sessions"));
        Assert.Equal(1, t.Count("consulted"));
    }

    [Fact] // §2: the phrase after the AdReplyWindow-th effective out message does not make an advert
    public void AdvertFilter_PhraseAfterWindow_KeepsSession()
    {
        var config = CsPerfConfig.Default with { AdPhrase = "你是广告", AdReplyWindow = 3 };
        var s = new Scenario { Config = config }
            .In("10:00:00").Out("10:00:05", "1").Out("10:00:06", "2").Out("10:00:07", "3").Out("10:00:08", "你是广告");
        var report = s.Report();
        Assert.Equal(0, report.Filtered.Advert);
        Assert.Equal(4, report.Periods[0].Total.Count("messages"));
    }

    [Fact] // §2: the phrase must match exactly after trimming white space
    public void AdvertFilter_PhraseInsideLongerText_IsNotAdvert()
    {
        var s = new Scenario { Config = CsPerfConfig.Default with { AdPhrase = "你是广告" } }.In("10:00:00").Out("10:00:05", "你是广告吗");
        Assert.Equal(0, s.Report().Filtered.Advert);
    }

    [Fact] // §2 single-line customer 客户单句过滤: removes the reception from reception counts only
    public void SingleLineFilter_OneCustomerMessage_LeavesReceptionCountsButKeepsSessions()
    {
        var s = new Scenario { Config = CsPerfConfig.Default with { SingleLineFilter = true } }
            .In("10:00:00").Out("10:00:10")
            .In("10:00:00", customer: "c2").Out("10:00:20", customer: "c2").In("10:01:00", customer: "c2").Out("10:01:10", customer: "c2");
        var report = s.Report();
        Assert.Equal(1, report.Filtered.SingleLine);
        var t = report.Periods[0].Total;
        Assert.Equal(2, t.Count("consulted"));
        Assert.Equal(1, t.Count("received"));
        Assert.Equal(1, t.Count("replied"));
        Assert.Equal(2, t.Count("sessions"));
        Assert.Equal(3, t.Count("messages"));
    }

    [Fact] // §2: single-line filter off by default
    public void SingleLineFilter_Default_IsOff()
    {
        var t = new Scenario().In("10:00:00").Out("10:00:10").Total();
        Assert.Equal(1, t.Count("received"));
    }
}
