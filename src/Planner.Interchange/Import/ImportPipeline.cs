using System.Runtime.CompilerServices;
using System.Threading.Channels;
using NetTopologySuite.Geometries;
using Planner.Geometry;
using Planner.Localization;
using Planner.Sites;
using Planner.Validation;

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

    // Up to 8 batches of 64 rows wait to be stored: a fixed cap whatever the file's size, and room for the
    // SampleFeatures rows the importer waits for before it takes the first. With the database open
    // in a third of a second, reading further ahead only takes CPU from opening it (48 batches: 1.23 s, 16: 1.16 s,
    // 8: 1.13 s, 4: 1.21 s for all of China's districts).
    readonly Channel<Task<(SourceFeature Feature, CheckedGeometry Stage)[]>> batches =
        Channel.CreateBounded<Task<(SourceFeature, CheckedGeometry)[]>>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
    readonly TaskCompletionSource<(SourceCrs Crs, List<Coordinate> Coordinates)> sample = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly CancellationTokenSource stop;
    readonly Task reading;

    readonly bool encode;

    ImportPipeline(IFeatureSource source, ImportOptions options, bool encode, CancellationToken cancellationToken)
    {
        this.encode = encode;
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        reading = Task.Run(() => ProduceAsync(source, options, stop.Token));
    }

    /// <param name="encode">Also encode each valid geometry as PostGIS's COPY writes it (<see cref="EncodedGeometry"/>), on the workers.</param>
    public static ImportPipeline Start(IFeatureSource source, ImportOptions options, CancellationToken cancellationToken = default, bool encode = false) =>
        new(source, options, encode, cancellationToken);

    /// <summary>The coordinate system the rows are converted from, and the first rows' own coordinates to check it against the district.</summary>
    internal Task<(SourceCrs Crs, List<Coordinate> Coordinates)> SampleAsync(CancellationToken cancellationToken) => sample.Task.WaitAsync(cancellationToken);

    async Task ProduceAsync(IFeatureSource source, ImportOptions options, CancellationToken cancellationToken)
    {
        var sampled = new List<Coordinate>();
        var rows = 0;
        SourceCrs? crs = null;
        // The file's own CRS is known once its header is read, that is, with the first row.
        SourceCrs Crs() => crs ??= options.Crs ?? source.DeclaredCrs ?? SourceCrs.Cgcs2000LonLat;
        try
        {
            var batch = new List<SourceFeature>(BatchSize);
            foreach (var feature in source.Read())
            {
                // Copies of the first few vertices (the rows are converted in place), read from the sequences:
                // a large feature's whole coordinate array is not needed for twenty.
                if (rows++ < SampleFeatures && feature.Geometry is { } g) g.Apply(new FirstCoordinates(sampled, SampleCoordinatesPerFeature));
                if (rows == SampleFeatures) sample.TrySetResult((Crs(), sampled));
                batch.Add(feature);
                if (batch.Count == BatchSize)
                {
                    await batches.Writer.WriteAsync(Check(batch, Crs(), options, encode), cancellationToken);
                    batch = new List<SourceFeature>(BatchSize);
                }
            }
            sample.TrySetResult((Crs(), sampled));
            if (batch.Count > 0) await batches.Writer.WriteAsync(Check(batch, Crs(), options, encode), cancellationToken);
            batches.Writer.Complete();
        }
        catch (Exception e)
        {
            // A fault of the file (malformed, truncated) reaches the importer after the rows before it;
            // one of its coordinate system (a .prj on another datum) before any.
            SourceCrs? known;
            try { known = Crs(); }
            catch (ValidationFailedException) { known = null; }
            if (known is null) sample.TrySetException(e);
            else sample.TrySetResult((known, sampled));
            batches.Writer.Complete(e);
        }
    }

    sealed class FirstCoordinates(List<Coordinate> into, int count) : IEntireCoordinateSequenceFilter
    {
        int left = count;
        public bool Done => left == 0;
        public bool GeometryChanged => false;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count && left > 0; i++, left--) into.Add(new Coordinate(seq.GetX(i), seq.GetY(i)));
        }
    }

    static Task<(SourceFeature, CheckedGeometry)[]> Check(List<SourceFeature> batch, SourceCrs crs, ImportOptions options, bool encode) =>
        Task.Run(() =>
        {
            var checkedRows = new (SourceFeature, CheckedGeometry)[batch.Count];
            // The user's language reaches the workers with the culture: set it on each.
            var culture = System.Globalization.CultureInfo.CurrentUICulture;
            Parallel.For(0, batch.Count, i =>
            {
                System.Globalization.CultureInfo.CurrentUICulture = culture;
                var checkedRow = CheckGeometry(batch[i], crs, options.Programme, options.Limits);
                if (encode && checkedRow is { Geometry: { } g and not NetTopologySuite.Geometries.Point, Problems.Count: 0 }) checkedRow = checkedRow with { Encoded = EncodedGeometry.Of(g) };
                checkedRows[i] = (batch[i], checkedRow);
            });
            return checkedRows;
        });

    /// <summary>A row's geometry converted to CGCS2000, what is wrong with it, and its measures when nothing is.</summary>
    internal sealed record CheckedGeometry(NetTopologySuite.Geometries.Geometry? Geometry, List<Problem> Problems, (double Area, double Length) Measured = default)
    {
        /// <summary>The geometry as the PostGIS store writes it, when the pipeline was asked to encode.</summary>
        public EncodedGeometry? Encoded { get; init; }
    }

    /// <summary>The costly part of a row that needs no database: conversion, the geometry checks (against the default programme) and the measures.</summary>
    static CheckedGeometry CheckGeometry(SourceFeature f, SourceCrs crs, Programme? programme, SiteLimits limits)
    {
        var problems = new List<Problem>();
        if (f.Problem is not null) return new CheckedGeometry(null, problems);
        if (f.Geometry is not { } raw)
        {
            problems.Add(new Problem(Place.Geometry(f.Where), Messages.IsMissing));
            return new CheckedGeometry(null, problems);
        }
        if (raw is GeometryCollection gc && raw.GetType() == typeof(GeometryCollection))
        {
            var types = string.Join(", ", gc.Geometries.Select(g => g.GeometryType).Distinct());
            problems.Add(new Problem(Place.Geometry(f.Where), L10n.T($"混合了多种几何类型（{types}）：一个项目只能是一条线或一个面", $"mixes geometry types ({types}): one site is one line or one area")));
            return new CheckedGeometry(null, problems);
        }
        NetTopologySuite.Geometries.Geometry geometry;
        try
        {
            geometry = crs.ToCgcs2000InPlace(raw); // the reader's own copy, used for nothing else
        }
        catch (Exception e) when (e is ArithmeticException or ArgumentException)
        {
            problems.Add(new Problem(Place.Geometry(f.Where), L10n.T($"无法从 {crs.Code} 转换：{e.Message}", $"cannot be converted from {crs.Code}: {e.Message}")));
            return new CheckedGeometry(null, problems);
        }
        // A point (a ledger's lon/lat) only locates a row: the importer decides what it may do (update a site's fields).
        if (geometry is NetTopologySuite.Geometries.Point) return new CheckedGeometry(geometry, problems);
        if (programme is { } p) problems.AddRange(limits.GeometryRules.Validate(geometry, p).Select(x => x with { Where = $"{f.Where} {x.Where}" }));
        return new CheckedGeometry(geometry, problems, problems.Count == 0 ? Measure.AreaAndLength(geometry) : default);
    }

    /// <summary>The rows in file order, each with its converted and checked geometry; the file's own fault, if any, at its place.</summary>
    internal async IAsyncEnumerable<(SourceFeature Feature, CheckedGeometry Stage)> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
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
        await reading; // never throws: the reader hands its faults to the queue
        // Batches already started finish on their own; nothing waits for their results.
        while (batches.Reader.TryRead(out var pending)) _ = pending.ContinueWith(t => t.Exception, TaskScheduler.Default);
        stop.Dispose();
    }
}
