using System.Runtime.CompilerServices;
using System.Threading.Channels;
using NetTopologySuite.Geometries;

namespace Planner.Import;

/// <summary>
/// The part of an import that needs no database: reading the file on its own thread, then converting
/// to CGCS2000, checking and measuring batches of rows on every core, in file order. Start it first and
/// open the database meanwhile; a bounded queue keeps memory flat whatever the file's size.
/// </summary>
public sealed class ImportPipeline : IAsyncDisposable
{
    const int BatchSize = 64;
    const int SampleFeatures = 200;
    const int SampleCoordinatesPerFeature = 20;

    // Up to 48 batches of 64 rows wait for the database: enough to keep every core busy while it opens
    // (about a third of a second's more work than 16 batches), and a fixed cap whatever the file's size.
    readonly Channel<Task<(SourceFeature Feature, Importer.GeometryStage Stage)[]>> batches =
        Channel.CreateBounded<Task<(SourceFeature, Importer.GeometryStage)[]>>(new BoundedChannelOptions(48) { SingleReader = true, SingleWriter = true });
    readonly TaskCompletionSource<(SourceCrs Crs, List<Coordinate> Coordinates)> sample = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly CancellationTokenSource stop;
    readonly Task reading;

    ImportPipeline(IFeatureSource source, ImportOptions options, CancellationToken cancellationToken)
    {
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        reading = Task.Run(() => ProduceAsync(source, options, stop.Token));
    }

    public static ImportPipeline Start(IFeatureSource source, ImportOptions options, CancellationToken cancellationToken = default) =>
        new(source, options, cancellationToken);

    /// <summary>The coordinate system the rows are converted from, and the first rows' own coordinates to check it against the district.</summary>
    internal Task<(SourceCrs Crs, List<Coordinate> Coordinates)> SampleAsync(CancellationToken cancellationToken) => sample.Task.WaitAsync(cancellationToken);

    async Task ProduceAsync(IFeatureSource source, ImportOptions options, CancellationToken cancellationToken)
    {
        var sampled = new List<Coordinate>();
        var rows = 0;
        SourceCrs? crs = null;
        try
        {
            var batch = new List<SourceFeature>(BatchSize);
            foreach (var feature in source.Read())
            {
                // The file's own CRS is known once its header is read, that is, with the first row.
                crs ??= options.Crs ?? source.DeclaredCrs ?? SourceCrs.Cgcs2000LonLat;
                if (rows++ < SampleFeatures && feature.Geometry is { } g)
                {
                    // Copies: the rows are converted in place.
                    var coordinates = g.Coordinates;
                    for (var i = 0; i < coordinates.Length && i < SampleCoordinatesPerFeature; i++) sampled.Add(coordinates[i].Copy());
                }
                if (rows == SampleFeatures) sample.TrySetResult((crs, sampled));
                batch.Add(feature);
                if (batch.Count == BatchSize)
                {
                    await batches.Writer.WriteAsync(Check(batch, crs, options.Programme), cancellationToken);
                    batch = new List<SourceFeature>(BatchSize);
                }
            }
            crs ??= options.Crs ?? source.DeclaredCrs ?? SourceCrs.Cgcs2000LonLat;
            sample.TrySetResult((crs, sampled));
            if (batch.Count > 0) await batches.Writer.WriteAsync(Check(batch, crs, options.Programme), cancellationToken);
            batches.Writer.Complete();
        }
        catch (Exception e)
        {
            // A fault of the file (malformed, truncated) reaches the importer after the rows before it.
            sample.TrySetResult((crs ?? options.Crs ?? SourceCrs.Cgcs2000LonLat, sampled));
            batches.Writer.Complete(e);
        }
    }

    static Task<(SourceFeature, Importer.GeometryStage)[]> Check(List<SourceFeature> batch, SourceCrs crs, Sites.Programme? programme) =>
        Task.Run(() =>
        {
            var checkedRows = new (SourceFeature, Importer.GeometryStage)[batch.Count];
            Parallel.For(0, batch.Count, i => checkedRows[i] = (batch[i], Importer.CheckGeometry(batch[i], crs, programme)));
            return checkedRows;
        });

    /// <summary>The rows in file order, each with its converted and checked geometry; the file's own fault, if any, at its place.</summary>
    internal async IAsyncEnumerable<(SourceFeature Feature, Importer.GeometryStage Stage)> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                if (!await batches.Reader.WaitToReadAsync(cancellationToken)) yield break;
            }
            catch (ChannelClosedException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            }
            while (batches.Reader.TryRead(out var batch))
                foreach (var row in await batch)
                    yield return row;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await reading;
        }
        catch (OperationCanceledException)
        {
        }
        // Batches already started finish on their own; nothing waits for their results.
        while (batches.Reader.TryRead(out var pending)) _ = pending.ContinueWith(t => t.Exception, TaskScheduler.Default);
        stop.Dispose();
    }
}
