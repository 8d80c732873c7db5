using CsPerf.Engine.Prepare;
using CsPerf.Synthetic;
using Xunit;

namespace CsPerf.Tests.Engine;

/// <summary>
/// docs/performance.md "Stop 21: the engine stage (native)": the streams are counted by ranges of messages and
/// scattered by ranges of conversations, each part writing only the rows of the conversations it owns. Whatever the
/// number of parts, the rows, runs and filtered counts are those of one pass (domain.md §2: kept messages, each
/// conversation in (instant, id) order).
/// </summary>
public class StreamPartsTests
{
    [Theory] // domain.md §2: shuffled input (unsorted runs), a cut in the middle, a filtered customer; 2, 3 and 8 parts
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void Streams_ScatteredByOwnedConversations_SameAsOnePass(int degree)
    {
        var g = SyntheticData.Generate(new GeneratorOptions { Shops = 2, Agents = 4, Customers = 120, Days = 3, Seed = 5 });
        var shuffled = g.Messages.ToArray();
        new Random(7).Shuffle(shuffled);
        var config = g.Config with { FilteredCustomers = [g.Messages[3].Customer] };
        var data = Dataset.Create(config, g.Roster, shuffled, g.Orders, g.Refunds, g.Reviews, g.Ratings, g.Complaints);
        var times = g.Messages.Select(m => m.At).Order().ToArray();
        long asOf = times[times.Length * 2 / 3].ToUnixTimeTicks();

        var one = ConversationStreams.Build(data, config, asOf);
        var many = ConversationStreams.Build(data, config, asOf, degree: degree);

        Assert.True(one.Listed > 0);
        Assert.True(one.Count < data.MessageCount);
        Assert.Equal(one.Order, many.Order);
        Assert.Equal(one.Start, many.Start);
        Assert.Equal(one.CustomerStart, many.CustomerStart);
        Assert.Equal(one.Rows, many.Rows);
        Assert.Equal((one.Internal, one.Listed, one.Broadcast), (many.Internal, many.Listed, many.Broadcast));
    }

    [Fact] // domain.md §2: each run in (instant, message id) order, equal instants by id
    public void Streams_ShuffledInput_RunsInInstantThenIdOrder()
    {
        var g = SyntheticData.Generate(new GeneratorOptions { Shops = 1, Agents = 2, Customers = 60, Days = 2, Seed = 9 });
        var shuffled = g.Messages.ToArray();
        new Random(3).Shuffle(shuffled);
        var data = Dataset.Create(g.Config, g.Roster, shuffled, g.Orders, g.Refunds, g.Reviews, g.Ratings, g.Complaints);
        var streams = ConversationStreams.Build(data, g.Config, long.MaxValue, degree: 3);
        for (int p = 0; p < streams.Order.Length; p++)
        {
            for (int r = streams.Start[p] + 1; r < streams.Start[p + 1]; r++)
            {
                var a = streams.Rows[r - 1];
                var b = streams.Rows[r];
                Assert.True(a.Ticks < b.Ticks || (a.Ticks == b.Ticks && data.MessageIds.CompareOrdinal(a.Message, b.Message) < 0));
            }
        }
    }
}
