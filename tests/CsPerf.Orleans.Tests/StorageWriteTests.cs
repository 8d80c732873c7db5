using NodaTime;

namespace CsPerf.Orleans.Tests;

// Issue 11 item 5; docs/scale-out.md "Storage": a shop grain stores a header and one record per batch, so ingesting n
// batches writes each batch once (O(n) batch bytes), where the one-record layout wrote all batches so far on every
// batch (n(n+1)/2 batch writes).
[Collection(ClusterCollection.Name)]
public sealed class StorageWriteTests(ClusterFixture fixture)
{
    private const int Batches = 200;
    private const int PerBatch = 5;

    private static ShopBatch Batch(int i) => new()
    {
        Id = "b" + i,
        Messages = [.. Enumerable.Range(0, PerBatch).Select(j => new Message(
            $"m{i}-{j}", "s1", "c" + (i % 7), "a1", j % 2 == 0 ? Direction.In : Direction.Out,
            Instant.FromUtc(2026, 11, 2, 9, 0).Plus(Duration.FromSeconds((i * PerBatch) + j)), "hello"))],
    };

    [Fact]
    public async Task Ingest_ManySmallBatches_EachBatchWrittenOnce_BytesWrittenLinear()
    {
        await fixture.EnsureThreeSilosAsync();
        var coordinator = new CsPerfCoordinator(fixture.Cluster.Client, "linear");
        for (int i = 0; i < Batches; i++)
        {
            Assert.Equal((i + 1L) * PerBatch, await coordinator.IngestAsync("s1", Batch(i)));
        }

        // A retried batch (same id) is recognised, written no more.
        Assert.Equal((long)Batches * PerBatch, await coordinator.IngestAsync("s1", Batch(17)));
        Assert.Equal((long)Batches * PerBatch, await coordinator.Shop("s1").CountAsync());

        // One batch record and one header write per batch.
        Assert.Equal(Batches, SharedMemoryGrainStorage.WritesOf("shop-batch-", "linear/s1"));
        Assert.Equal(2 * Batches, SharedMemoryGrainStorage.WritesOf("linear/s1"));

        // Linear: what was written is what is stored (each batch once) plus a fixed-size header per batch, at most
        // twice the store here. The one-record layout wrote sum(k = 1..n) k·b = n(n+1)/2·b bytes for n batches of b
        // bytes: (n + 1)/2 = 100.5 times what it stores at the end.
        long written = SharedMemoryGrainStorage.BytesWrittenOf("linear/s1");
        long stored = SharedMemoryGrainStorage.BytesOf("linear/s1");
        Assert.True(written <= 2 * stored, $"{written:N0} bytes written for {stored:N0} bytes stored");
    }

    [Fact]
    public async Task Ingest_HeaderWriteFailsAfterRecord_RecordNotCommitted_RetryOverwritesIt_CountsOnce()
    {
        var coordinator = new CsPerfCoordinator(fixture.Cluster.Client, "torn");
        Assert.Equal(PerBatch, await coordinator.IngestAsync("s1", Batch(0)));

        // Batch 1's record is stored, its header write fails: the grain deactivates, the coordinator sends the batch
        // again, the new activation finds the uncommitted record past the header's count and overwrites it.
        SharedMemoryGrainStorage.FailNextWriteOf("shop|", "torn/s1");
        Assert.Equal(2 * PerBatch, await coordinator.IngestAsync("s1", Batch(1)));
        Assert.Equal(2, SharedMemoryGrainStorage.WritesOf("shop-batch-1|", "torn/s1"));
        Assert.Equal(2 * PerBatch, await coordinator.Shop("s1").CountAsync());

        // A later batch and a retry of batch 1 count as they should.
        Assert.Equal(3 * PerBatch, await coordinator.IngestAsync("s1", Batch(2)));
        Assert.Equal(3 * PerBatch, await coordinator.IngestAsync("s1", Batch(1)));
    }
}
