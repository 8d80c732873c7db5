namespace CsPerf.Engine.Kpis;

/// <summary>
/// The additive sums behind the reception KPIs of one (period, account). Every KPI of the reception group is a sum
/// here or a ratio of two sums, so counters of parts merge into the counters of the whole (domain.md §5 invariant 7).
/// Durations are kept in ticks (exact integers) so the sum does not depend on the order it is taken in.
/// </summary>
internal struct ReceptionCounters : IEquatable<ReceptionCounters>
{
    public long Consulted;
    public long Received;
    public long Inquiries;
    public long InSale;
    public long AfterSale;
    public long Replied;
    public long Unreplied;
    public long Sessions;
    public long SessionTicks;
    public long LongSessions;
    public long CustomerStarted;
    public long FirstAnswered;
    public long FirstResponseTicks;
    public long FirstHits;
    public long AnsweredBursts;
    public long ResponseTicks;
    public long SlowReceptions;
    public long NoResponseRecords;
    public long LongReceptions;
    public long Messages;
    public long Characters;

    /// <summary>Customer-days another account took over from this one (domain.md §6 "Transfers").</summary>
    public long TransfersOut;

    /// <summary>Customer-days this account took over from another one.</summary>
    public long TransfersIn;

    public void Add(in ReceptionCounters o)
    {
        // Roll-ups of per-(period, entity) counters, outside the hot loops: an overflow throws (docs/io.md "Input limits").
        checked
        {
            Consulted += o.Consulted;
            Received += o.Received;
            Inquiries += o.Inquiries;
            InSale += o.InSale;
            AfterSale += o.AfterSale;
            Replied += o.Replied;
            Unreplied += o.Unreplied;
            Sessions += o.Sessions;
            SessionTicks += o.SessionTicks;
            LongSessions += o.LongSessions;
            CustomerStarted += o.CustomerStarted;
            FirstAnswered += o.FirstAnswered;
            FirstResponseTicks += o.FirstResponseTicks;
            FirstHits += o.FirstHits;
            AnsweredBursts += o.AnsweredBursts;
            ResponseTicks += o.ResponseTicks;
            SlowReceptions += o.SlowReceptions;
            NoResponseRecords += o.NoResponseRecords;
            LongReceptions += o.LongReceptions;
            Messages += o.Messages;
            Characters += o.Characters;
            TransfersOut += o.TransfersOut;
            TransfersIn += o.TransfersIn;
        }
    }

    public readonly bool Equals(ReceptionCounters o) =>
        Consulted == o.Consulted && Received == o.Received && Inquiries == o.Inquiries && InSale == o.InSale
        && AfterSale == o.AfterSale && Replied == o.Replied && Unreplied == o.Unreplied && Sessions == o.Sessions
        && SessionTicks == o.SessionTicks && LongSessions == o.LongSessions && CustomerStarted == o.CustomerStarted
        && FirstAnswered == o.FirstAnswered && FirstResponseTicks == o.FirstResponseTicks && FirstHits == o.FirstHits
        && AnsweredBursts == o.AnsweredBursts && ResponseTicks == o.ResponseTicks && SlowReceptions == o.SlowReceptions
        && NoResponseRecords == o.NoResponseRecords && LongReceptions == o.LongReceptions && Messages == o.Messages
        && Characters == o.Characters && TransfersOut == o.TransfersOut && TransfersIn == o.TransfersIn;

    public override readonly bool Equals(object? obj) => obj is ReceptionCounters o && Equals(o);

    public override readonly int GetHashCode() => HashCode.Combine(Consulted, Sessions, Messages, ResponseTicks);

    public override readonly string ToString() =>
        $"consulted={Consulted} received={Received} inq={Inquiries} inSale={InSale} after={AfterSale} replied={Replied} unreplied={Unreplied} " +
        $"sessions={Sessions} sessTicks={SessionTicks} long={LongSessions} custStarted={CustomerStarted} firstAns={FirstAnswered} " +
        $"firstTicks={FirstResponseTicks} hits={FirstHits} bursts={AnsweredBursts} respTicks={ResponseTicks} slowRec={SlowReceptions} " +
        $"noResp={NoResponseRecords} longRec={LongReceptions} msgs={Messages} chars={Characters} transfersOut={TransfersOut} transfersIn={TransfersIn}";
}
