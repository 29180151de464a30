using System.IO.Pipelines;
using System.Text.Json;

namespace Planner.Web.Hosting;

/// <summary>
/// JSON written straight into the response and sent as it grows. <see cref="Utf8JsonWriter.FlushAsync"/> over the
/// response's <see cref="PipeWriter"/> only commits bytes to the pipe (an <c>IBufferWriter</c> cannot flush), so an
/// answer written with it alone was held whole in the server's memory, and its first byte left only after its last
/// was written: 7.7 MB for a capped map view at 100,000 sites, per request.
/// </summary>
public sealed class JsonResponseWriter : IAsyncDisposable
{
    /// <summary>How much is written before it is sent (Kestrel's own response buffer is 64 KiB).</summary>
    public const int SendBytes = 64 * 1024;

    readonly PipeWriter body;
    long sent;

    public JsonResponseWriter(HttpResponse response, JsonWriterOptions options)
    {
        body = response.BodyWriter;
        Json = new Utf8JsonWriter(body, options);
    }

    public Utf8JsonWriter Json { get; }

    /// <summary>Sends what is written once <see cref="SendBytes"/> are waiting; waits while the client reads slower than we write.</summary>
    public ValueTask SendIfFullAsync(CancellationToken cancellationToken) =>
        Json.BytesCommitted + Json.BytesPending - sent < SendBytes ? ValueTask.CompletedTask : SendAsync(cancellationToken);

    /// <summary>Sends everything written so far.</summary>
    public async ValueTask SendAsync(CancellationToken cancellationToken)
    {
        Json.Flush();
        sent = Json.BytesCommitted;
        await body.FlushAsync(cancellationToken);
    }

    /// <summary>Leaves what is unsent to the server, which sends it when the request ends; a request that failed half-way
    /// is then answered by the error handler if nothing was sent yet.</summary>
    public ValueTask DisposeAsync() => Json.DisposeAsync();
}
