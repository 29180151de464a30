using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Planner.Web.Hosting;

namespace Planner.Tests.Hosting;

/// <summary>
/// A database that is down or busy is not a fault in the request nor in our code: the answer is 503 with Retry-After, which
/// the field outbox, load balancers and desktop GIS retry, in the user's words. The faults are real ones, made by the drivers
/// against a port nothing listens on and a SQLite file another connection holds; a real constraint violation stays a 500.
/// </summary>
public sealed class DatabaseUnavailableTests(PostgisServer server)
{
    static async Task<HttpContext> AnswerAsync(Exception fault)
    {
        var http = new DefaultHttpContext();
        http.Request.Path = "/api/sites";
        http.Response.Body = new MemoryStream();
        Assert.True(await new PlannerExceptionHandler(NullLogger<PlannerExceptionHandler>.Instance).TryHandleAsync(http, fault, TestContext.Current.CancellationToken));
        return http;
    }

    static string Body(HttpContext http) => System.Text.Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray());

    [Fact]
    public async Task A_PostgreSQL_server_that_cannot_be_reached_is_a_503_with_retry_after()
    {
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={WebProcess.FreePort()};Username=postgres;Timeout=5");
        var refused = await Assert.ThrowsAsync<NpgsqlException>(() => connection.OpenAsync(TestContext.Current.CancellationToken));
        // As EF Core's retrying strategy hands it on, and bare.
        foreach (var fault in new Exception[] { refused, new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", refused) })
        {
            var http = await AnswerAsync(fault);
            Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
            Assert.Equal("10", http.Response.Headers.RetryAfter.ToString());
            var body = JsonDocument.Parse(Body(http)).RootElement;
            Assert.Contains("数据库暂时不可用", body.GetProperty("detail").GetString());
            Assert.DoesNotContain("127.0.0.1", Body(http)); // nothing about the server's address reaches the client
        }
    }

    [Fact]
    public async Task A_SQLite_file_another_writer_holds_is_a_503_and_a_constraint_violation_a_500()
    {
        var file = Path.Combine(Path.GetTempPath(), $"planner-busy-{Guid.NewGuid():N}.db");
        try
        {
            await using var holder = new SqliteConnection($"Data Source={file};Pooling=False");
            await holder.OpenAsync(TestContext.Current.CancellationToken);
            await using (var create = new SqliteCommand("CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1); BEGIN EXCLUSIVE;", holder))
                await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            await using var writer = new SqliteConnection($"Data Source={file};Pooling=False;Default Timeout=1");
            await writer.OpenAsync(TestContext.Current.CancellationToken);
            var busy = await Assert.ThrowsAsync<SqliteException>(() => new SqliteCommand("INSERT INTO t VALUES (2)", writer).ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
            Assert.Equal(StatusCodes.Status503ServiceUnavailable, (await AnswerAsync(busy)).Response.StatusCode);

            await using (var release = new SqliteCommand("ROLLBACK", holder)) await release.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            var duplicate = await Assert.ThrowsAsync<SqliteException>(() => new SqliteCommand("INSERT INTO t VALUES (1)", writer).ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
            Assert.Equal(StatusCodes.Status500InternalServerError, (await AnswerAsync(duplicate)).Response.StatusCode);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_PostgreSQL_constraint_violation_is_a_500_not_a_503()
    {
        await using var connection = new NpgsqlConnection(server.RequireAdminConnectionString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var violation = await Assert.ThrowsAsync<PostgresException>(() =>
            new NpgsqlCommand("CREATE TEMP TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (1)", connection).ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        Assert.Equal(StatusCodes.Status500InternalServerError, (await AnswerAsync(violation)).Response.StatusCode);
    }
}
