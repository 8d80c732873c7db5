using System.Collections.Immutable;
using CsPerf.IO.Ingest;

namespace CsPerf.IO;

/// <summary>
/// The line-based files of a dataset folder (contract "Dataset folder"), each as <c>X.jsonl</c> or <c>X.csv</c>: the one
/// list <see cref="DatasetReader"/> reads. <c>roster.json</c> (one JSON document, read first) is not a line file.
/// </summary>
internal static class DatasetFiles
{
    /// <summary><c>messages</c>: the chat lines; the only required file. Its JSON Lines form has a fast path (<see cref="FastMessageParser"/>, <see cref="ParallelMessageReader"/>).</summary>
    public static readonly InputFile<Message, DatasetBuilder> Messages = new(
        "messages", ["id", "shop", "customer", "account", "dir", "at", "text"], RecordParsers.Message, (b, m, file, line) => b.Add(m, file, line), required: true);

    /// <summary><c>orders</c>. The JSON Lines forms of this file and those below have a fast path (<see cref="FastDatasetLines"/>).</summary>
    public static readonly InputFile<Order, DatasetBuilder> Orders = new(
        "orders", ["id", "shop", "customer", "createdAt", "paidAt", "amount", "postage", "items"], RecordParsers.Order, (b, o, file, line) => b.Add(o, file, line), fast: () => new FastDatasetLines.Orders());

    /// <summary><c>refunds</c> (after the orders they refer to).</summary>
    public static readonly InputFile<Refund, DatasetBuilder> Refunds = new(
        "refunds", ["id", "order", "createdAt", "completedAt", "amount", "items", "status", "operations"], RecordParsers.Refund, (b, r, file, line) => b.Add(r, file, line), fast: () => new FastDatasetLines.Refunds());

    /// <summary><c>reviews</c> (after the orders they refer to).</summary>
    public static readonly InputFile<Review, DatasetBuilder> Reviews = new(
        "reviews", ["order", "at", "rating"], RecordParsers.Review, (b, r, file, line) => b.Add(r, file, line), fast: () => new FastDatasetLines.Reviews());

    /// <summary><c>ratings</c>.</summary>
    public static readonly InputFile<Rating, DatasetBuilder> Ratings = new(
        "ratings", ["shop", "customer", "account", "at", "score"], RecordParsers.Rating, (b, r, file, line) => b.Add(r, file, line), fast: () => new FastDatasetLines.Ratings());

    /// <summary><c>complaints</c>.</summary>
    public static readonly InputFile<Complaint, DatasetBuilder> Complaints = new(
        "complaints", ["shop", "customer", "account", "at", "reason"], RecordParsers.Complaint, (b, c, file, line) => b.Add(c, file, line), fast: () => new FastDatasetLines.Complaints());

    /// <summary>
    /// Every dataset line file, in reading order: a file's records go into the builder after those of the files before
    /// it (orders before the refunds and reviews that refer to them), and its problems are listed after theirs.
    /// </summary>
    public static readonly ImmutableArray<InputFile<DatasetBuilder>> All = [Messages, Orders, Refunds, Reviews, Ratings, Complaints];
}
