using System.Diagnostics;
using Orchestrator.Core.Ports;
using Orchestrator.Tests.Store;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Tests.Rest;

/// <summary>Prints the observation's cost over REST (loopback gateway) beside the PostgreSQL store; asserts only the request count.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RestObserveBenchmark(PostgresFixture postgres, ITestOutputHelper output)
{
    [Theory]
    [InlineData(10)]
    [InlineData(1200)]
    public async Task Observe_cost_over_rest_and_sql(int workers)
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        await bed.Db.ExecuteAsync($"""
            INSERT INTO workers (id, instance_type, status) SELECT 'gpu-' || i, 'RTX', 'active' FROM generate_series(1, {workers}) i;
            INSERT INTO orchestrator_workers (worker_id, state, state_since, created_at, updated_at)
            SELECT 'gpu-' || i, 'active', now(), now(), now() FROM generate_series(1, {workers}) i;
            """);
        var rest = bed.Store();
        var sql = bed.Db.CreateStore();
        await RestTestBed.ObserveAsync(rest);
        await RestTestBed.ObserveAsync(sql);
        const int iterations = 20;

        var before = rest.Requests.Count;
        var restMs = await TimeAsync(rest, iterations);
        var requests = rest.Requests.Count - before;
        var sqlMs = await TimeAsync(sql, iterations);

        output.WriteLine($"{workers} workers: REST {restMs:0.0} ms/observe ({requests / (double)iterations} request each), PostgreSQL {sqlMs:0.0} ms/observe");
        Assert.Equal(iterations, requests);
    }

    private static async Task<double> TimeAsync(IFleetStore store, int iterations)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            await RestTestBed.ObserveAsync(store);
        }
        return clock.Elapsed.TotalMilliseconds / iterations;
    }
}
