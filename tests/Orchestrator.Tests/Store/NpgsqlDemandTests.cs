using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;
using Xunit;

namespace Orchestrator.Tests.Store;

/// <summary>
/// Demand on the Reigh schema: only work a worker could claim now counts (per-user limit 5, credits,
/// cloud enabled, dependencies done, run type, age), while the raw Queued count is reported beside it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NpgsqlDemandTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private StoreTestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await postgres.CreateDatabaseAsync();
        await _db.AddWorkerRowAsync("gpu-busy");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<DemandSignal> DemandAsync(string mode = "auto", string runType = "gpu") =>
        (await _db.CreateStore(new DemandOptions { Mode = mode, RunType = runType, MaxTaskAge = TimeSpan.FromHours(24) })
            .ObserveAsync(new ObservationRequest(Now, [], TimeSpan.FromMinutes(30)), CancellationToken.None)).Demand;

    private async Task AddTasksAsync(Guid project, int count, string type = "travel_segment")
    {
        for (var i = 0; i < count; i++)
        {
            await _db.AddTaskAsync(project, type, Now.AddMinutes(-count + i));
        }
    }

    [Fact]
    public async Task One_user_adds_at_most_five_however_long_their_queue()
    {
        var project = await _db.AddUserAsync();
        await AddTasksAsync(project, 12);

        var demand = await DemandAsync();

        Assert.Equal((12, 5, "reigh-eligible"), (demand.Queued, demand.Claimable, demand.Source));
    }

    [Fact]
    public async Task A_user_at_the_limit_adds_nothing_to_claimable_or_running()
    {
        var project = await _db.AddUserAsync();
        await AddTasksAsync(project, 7);
        for (var i = 0; i < 5; i++)
        {
            Assert.NotNull(await _db.ClaimAsync("gpu-busy"));
        }

        var demand = await DemandAsync();

        Assert.Equal((2, 0, 0), (demand.Queued, demand.Claimable, demand.Running));
    }

    [Fact]
    public async Task Claimed_work_below_the_limit_counts_as_running()
    {
        var project = await _db.AddUserAsync();
        await AddTasksAsync(project, 4);
        await _db.ClaimAsync("gpu-busy");
        await _db.ClaimAsync("gpu-busy");

        var demand = await DemandAsync();

        Assert.Equal((2, 2, 2), (demand.Queued, demand.Claimable, demand.Running));
    }

    [Fact]
    public async Task Users_without_credits_or_with_cloud_disabled_add_nothing()
    {
        await AddTasksAsync(await _db.AddUserAsync(credits: 0), 2);
        await AddTasksAsync(await _db.AddUserAsync(settingsJson: """{"ui":{"generationMethods":{"inCloud":false}}}"""), 2);
        await AddTasksAsync(await _db.AddUserAsync(settingsJson: """{"ui":{"generationMethods":{"inCloud":true}}}"""), 1);

        var demand = await DemandAsync();

        Assert.Equal((5, 1), (demand.Queued, demand.Claimable));
    }

    [Fact]
    public async Task Tasks_waiting_on_incomplete_or_missing_dependencies_are_not_claimable()
    {
        var project = await _db.AddUserAsync();
        var parent = await _db.AddTaskAsync(project, "travel_segment", Now.AddMinutes(-5));
        await _db.AddTaskAsync(project, "travel_stitch", Now.AddMinutes(-4), [parent]);
        await _db.AddTaskAsync(project, "travel_stitch", Now.AddMinutes(-3), [Guid.NewGuid()]);

        Assert.Equal((3, 1), ((await DemandAsync()).Queued, (await DemandAsync()).Claimable));

        await _db.ClaimAsync("gpu-busy");
        await _db.CompleteAsync(parent);

        var after = await DemandAsync();
        Assert.Equal((2, 1), (after.Queued, after.Claimable));
    }

    [Fact]
    public async Task Only_tasks_of_the_configured_run_type_count()
    {
        await _db.ExecuteAsync("INSERT INTO task_types (name, run_type) VALUES ('qwen_image_style', 'api')");
        var project = await _db.AddUserAsync();
        await AddTasksAsync(project, 2);
        await AddTasksAsync(project, 1, "qwen_image_style");

        var gpu = await DemandAsync();
        var api = await DemandAsync(runType: "api");

        Assert.Equal((2, 2), (gpu.Queued, gpu.Claimable));
        Assert.Equal((1, 1), (api.Queued, api.Claimable));
    }

    [Fact]
    public async Task Claimable_is_capped_by_tasks_younger_than_the_age_limit()
    {
        var project = await _db.AddUserAsync();
        await _db.AddTaskAsync(project, "travel_segment", Now.AddDays(-3));
        await _db.AddTaskAsync(project, "travel_segment", Now.AddDays(-2));
        await _db.AddTaskAsync(project, "travel_segment", Now.AddMinutes(-1));

        var demand = await DemandAsync();

        Assert.Equal((3, 1, 2), (demand.Queued, demand.Claimable, demand.TooOld));
    }

    [Fact]
    public async Task Plain_mode_counts_every_queued_and_in_progress_row()
    {
        await AddTasksAsync(await _db.AddUserAsync(credits: 0), 3);
        var project = await _db.AddUserAsync();
        await AddTasksAsync(project, 7);
        for (var i = 0; i < 5; i++)
        {
            await _db.ClaimAsync("gpu-busy");
        }

        var demand = await DemandAsync("plain");

        Assert.Equal((5, 5, 5, "plain-count"), (demand.Queued, demand.Claimable, demand.Running, demand.Source));
    }

    [Fact]
    public async Task Auto_mode_falls_back_to_plain_without_the_eligibility_function()
    {
        await AddTasksAsync(await _db.AddUserAsync(credits: 0), 2);
        await _db.ExecuteAsync("DROP FUNCTION count_eligible_tasks_service_role(boolean, text)");

        var demand = await DemandAsync("auto");

        Assert.Equal((2, 2, "plain-count"), (demand.Queued, demand.Claimable, demand.Source));
    }

    [Fact]
    public async Task Reigh_mode_without_the_eligibility_function_is_a_configuration_error()
    {
        await _db.ExecuteAsync("DROP FUNCTION count_eligible_tasks_service_role(boolean, text)");

        var error = await Assert.ThrowsAsync<StoreException>(() => DemandAsync("reigh"));

        Assert.Equal(ErrorKind.Configuration, error.Kind);
        Assert.Contains("count_eligible_tasks_service_role", error.Message);
    }
}
