using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Planner.Web.Hosting;

namespace Planner.Tests.Hosting;

/// <summary>
/// A cached fetch is shared by every request that asks meanwhile and goes on when the one that started it is gone (the
/// map aborts its requests as it pans): it must run on services of its own scope, alive until it ends.
/// </summary>
public sealed class ScopedCacheFetchTests
{
    sealed class Probe : IDisposable
    {
        public bool Disposed { get; private set; }
        public int Read() => Disposed ? throw new ObjectDisposedException(nameof(Probe)) : 42;
        public void Dispose() => Disposed = true;
    }

    [Fact]
    public async Task A_fetch_started_by_a_request_that_gives_up_still_answers_the_one_that_joined_it()
    {
        var services = new ServiceCollection();
        services.AddHybridCache();
        services.AddScoped<Probe>();
        await using var provider = services.BuildServiceProvider();
        var cache = provider.GetRequiredService<HybridCache>();
        var scopes = provider.GetRequiredService<IServiceScopeFactory>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Probe? used = null;

        using var firstRequest = new CancellationTokenSource();
        var first = cache.GetOrCreateInOwnScopeAsync(scopes, "figures:k", async (s, ct) =>
        {
            used = s.GetRequiredService<Probe>();
            await gate.Task;
            return used.Read();
        }, cancellationToken: firstRequest.Token).AsTask();
        var second = cache.GetOrCreateInOwnScopeAsync(scopes, "figures:k", (_, _) => Task.FromResult(-1), cancellationToken: TestContext.Current.CancellationToken).AsTask();

        await firstRequest.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        gate.SetResult();

        Assert.Equal(42, await second);
        Assert.True(used!.Disposed, "the fetch's own scope ends with it");
    }
}
