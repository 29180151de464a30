using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using NetTopologySuite.Geometries;
using Planner.Web.Api;
using Planner.Web.Hosting;

namespace Planner.Tests.Hosting;

/// <summary>Large JSON answers leave the server as they are written, in pieces, not held whole in memory first.</summary>
public sealed class JsonResponseWriterTests
{
    /// <summary>The bytes the server handed to the connection, piece by piece (one piece per flush).</summary>
    sealed class Connection : MemoryStream
    {
        long flushedAt;
        public List<long> Pieces { get; } = [];

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            if (Length > flushedAt) Pieces.Add(Length - flushedAt);
            flushedAt = Length;
            return Task.CompletedTask;
        }

        public override void Flush() => FlushAsync(CancellationToken.None).Wait();
    }

    static (DefaultHttpContext Http, Connection Connection) Response()
    {
        var connection = new Connection();
        var http = new DefaultHttpContext();
        http.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(connection));
        return (http, connection);
    }

    [Fact]
    public async Task A_feature_collection_is_sent_in_pieces_of_about_64_KiB_as_it_is_written()
    {
        var (http, connection) = Response();
        var factory = new GeometryFactory(new PrecisionModel(), 4490);
        var points = Enumerable.Range(0, 5000).Select(i => (Id: (long)i, Point: factory.CreatePoint(new Coordinate(113.7 + i * 1e-5, 34.7)))).ToList();

        await GeoJsonFeatures.WriteAsync(http.Response, points, x => x.Point, (w, x) => w.WriteString("name", $"项目 {x.Id}"), x => x.Id);
        var before = connection.Pieces.Sum();
        await http.Response.CompleteAsync();

        Assert.True(connection.Pieces.Count > 5, $"sent in {connection.Pieces.Count} piece(s) of {connection.Length} bytes");
        Assert.Equal(connection.Length, before);
        var largestFeature = 200;
        Assert.All(connection.Pieces, p => Assert.InRange(p, 1, JsonResponseWriter.SendBytes + largestFeature));
        using var document = JsonDocument.Parse(connection.ToArray());
        var features = document.RootElement.GetProperty("features");
        Assert.Equal(5000, features.GetArrayLength());
        Assert.Equal("项目 4999", features[4999].GetProperty("properties").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task An_empty_or_one_feature_collection_is_whole_and_sent_in_one_piece(int count)
    {
        var (http, connection) = Response();
        var factory = new GeometryFactory(new PrecisionModel(), 4490);
        var points = Enumerable.Range(0, count).Select(i => factory.CreatePoint(new Coordinate(113.7, 34.7))).ToList();

        await GeoJsonFeatures.WriteAsync(http.Response, points, p => p, (w, _) => w.WriteString("name", "南关街道"));

        Assert.Single(connection.Pieces);
        using var document = JsonDocument.Parse(connection.ToArray());
        Assert.Equal("FeatureCollection", document.RootElement.GetProperty("type").GetString());
        Assert.Equal(count, document.RootElement.GetProperty("features").GetArrayLength());
    }

    /// <summary>Rows that fail as a database does: before the first (the statement) or after some (the connection lost).</summary>
    static async IAsyncEnumerable<Point> FailingRows(int before)
    {
        var factory = new GeometryFactory(new PrecisionModel(), 4490);
        for (var i = 0; i < before; i++)
        {
            await Task.Yield();
            yield return factory.CreatePoint(new Coordinate(113.7 + i * 1e-5, 34.7));
        }
        throw new InvalidOperationException("the database went away");
    }

    sealed class Lifetime : IHttpRequestLifetimeFeature
    {
        public CancellationToken RequestAborted { get; set; }
        public bool Aborted { get; private set; }
        public void Abort() => Aborted = true;
    }

    /// <summary>Writes a collection whose rows fail after <paramref name="before"/>; the answer, what reached the connection, whether it was cut.</summary>
    static async Task<(HttpResponse Response, Connection Connection, Lifetime Lifetime)> FailAsync(int before)
    {
        var (http, connection) = Response();
        var lifetime = new Lifetime();
        http.Features.Set<IHttpRequestLifetimeFeature>(lifetime);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            GeoJsonFeatures.WriteAsync(http.Response, FailingRows(before), (w, p) => Planner.Geometry.GeoJsonGeometry.Write(w, p, 7), (w, _) => w.WriteString("name", "x")));
        return (http.Response, connection, lifetime);
    }

    [Fact]
    public async Task A_statement_that_fails_leaves_the_answer_untouched_for_the_error_handler()
    {
        var (response, connection, lifetime) = await FailAsync(0);
        // Nothing written, nothing waiting to be: the handler's problem details are then the whole body.
        Assert.Null(response.ContentType);
        Assert.Equal(0, response.BodyWriter.UnflushedBytes);
        Assert.Equal(0, connection.Length);
        Assert.False(lifetime.Aborted);
    }

    [Fact]
    public async Task Rows_that_fail_half_way_cut_the_connection_rather_than_end_a_collection()
    {
        var (_, _, lifetime) = await FailAsync(3);
        Assert.True(lifetime.Aborted);
    }

    [Fact]
    public async Task A_small_answer_is_one_piece_and_nothing_is_left_unsent()
    {
        var (http, connection) = Response();
        await using (var output = new JsonResponseWriter(http.Response, default))
        {
            output.Json.WriteStartObject();
            output.Json.WriteString("a", "b");
            await output.SendIfFullAsync(CancellationToken.None);
            Assert.Empty(connection.Pieces);
            output.Json.WriteEndObject();
            await output.SendAsync(CancellationToken.None);
        }
        Assert.Equal([(long)"{\"a\":\"b\"}".Length], connection.Pieces);
        Assert.Equal("{\"a\":\"b\"}", Encoding.UTF8.GetString(connection.ToArray()));
    }
}
