using CsPerf.Engine.Classification;
using CsPerf.Engine.Details;

namespace CsPerf.Engine.Attribution;

/// <summary>The review detail list 中差评明细 reads why each account was implicated from the same candidates the pass decided with.</summary>
internal sealed partial class AttributionPass
{
    /// <summary>
    /// Records a counted review with every account of its phase masks (<see cref="_phases"/>, just filled by
    /// SettleReviews) and the message that put the account in each phase.
    /// </summary>
    private void TraceReview(DetailTrace details, int review, int r, int orderAgent, int day, long reviewAt, long windowStart, long created, long known, long inSaleEnd, long paid, ClassifiedReceptions receptions, int rs, int re)
    {
        var implicated = new TracedImplication[_phases.Count];
        int n = 0;
        foreach (var (account, mask) in _phases)
        {
            int pre = -1, inSale = -1;
            long after = None;
            if ((mask & 1) != 0)
            {
                // The account's latest valid reply in the credit window in a consulted reception: what made it the
                // order agent, or an order-agent candidate.
                for (int j = LowerBound(created) - 1; j >= 0 && _candTicks[j] >= windowStart; j--)
                {
                    if (_candAccount[j] == account && Valid(j, known) && _candConsultedAt[j] < known)
                    {
                        pre = _candMsg[j];
                        break;
                    }
                }
            }

            if ((mask & 2) != 0)
            {
                for (int j = LowerBound(created); j < _candCount && _candTicks[j] < inSaleEnd; j++)
                {
                    if (_candAccount[j] == account)
                    {
                        inSale = _candMsg[j];
                        break;
                    }
                }
            }

            if ((mask & 4) != 0)
            {
                for (int i = rs; i < re; i++)
                {
                    int x = receptions.Index[i];
                    ref readonly var rec = ref receptions.Column[x];
                    if (rec.Account == account && receptions.Class[x] == ReceptionClass.AfterSale && rec.T0 >= paid && rec.T0 < reviewAt
                        && (after == None || rec.T0 < after))
                    {
                        after = rec.T0;
                    }
                }
            }

            implicated[n++] = new TracedImplication(account, mask, pre, inSale, after);
        }

        var order = _data.Orders[_orders.Order[r]];
        details.Reviews.Add(new TracedReview(review, _orders.Order[r], order.Customer, day, orderAgent, implicated));
    }
}
