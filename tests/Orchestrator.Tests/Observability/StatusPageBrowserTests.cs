using System.Text.RegularExpressions;
using Orchestrator.Core.Domain;
using Orchestrator.Tests.Store;
using Xunit;

namespace Orchestrator.Tests.Observability;

/// <summary>The status page in a real browser (issue 17 item 2): what the script rendered (on the in-memory fleet and on the throwaway database), and a screenshot.</summary>
[Collection(PostgresCollection.Name)]
public sealed partial class StatusPageBrowserTests(PostgresFixture postgres)
{
    [Fact]
    public async Task StatusPage_in_chromium_renders_workers_and_reasons_and_shows_an_html_id_as_text()
    {
        await using var service = await StatusPageTests.StartAsync();
        await StatusPageTests.BusyFleetAsync(service);
        var dom = await HeadlessChromium.DumpDomAsync(service.Url("/status"));
        foreach (var worker in service.Store.Workers.Where(w => w.State.IsLive() && w.Id != StatusPageTests.EvilId))
        {
            Assert.Contains(worker.Id, dom, StringComparison.Ordinal);
        }
        Assert.Contains(ReasonCodes.ScaleUpDemand, dom, StringComparison.Ordinal);
        Assert.Contains("<td>on-demand</td>", dom, StringComparison.Ordinal);                  // capacity per worker
        Assert.Contains("<dd id=\"drain\">none</dd>", dom, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"wait\">60s (queued 2026-11-01 12:00:00)</dd>", dom, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"today\">$0.03 since 2026-11-01 00:00 UTC</dd>", dom, StringComparison.Ordinal); // 3 x 0.69 $/h for 60 s
        Assert.Contains("<tbody id=\"backoffs\"><tr><td>none</td>", dom, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", dom, StringComparison.Ordinal); // the id as text
        Assert.DoesNotMatch(ImgElement(), dom);                                                  // never as an element
        Assert.DoesNotContain("loading…", dom, StringComparison.Ordinal);                       // the script ran
    }

    [Fact]
    public async Task StatusPage_in_chromium_of_a_restarted_service_on_the_database_shows_the_stored_decisions()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var (service, spawned) = await StatusPageStoreTests.RestartedAsync(db);
        await using var _ = service;

        var dom = await HeadlessChromium.DumpDomAsync(service.Url("/status"));

        foreach (var id in spawned)
        {
            Assert.Contains($"<td>{id}</td>", dom, StringComparison.Ordinal); // in the decisions: this process has no cycle yet
        }
        Assert.Contains($"<td>{ReasonCodes.ScaleUpDemand}</td>", dom, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"today\">$1.38 since 2026-11-01 00:00 UTC</dd>", dom, StringComparison.Ordinal); // two workers for an hour
        Assert.Contains("<dd id=\"wait\">60m (queued 2026-11-01 12:00:00)</dd>", dom, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"cycle\">no cycle yet</dd>", dom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusPage_in_chromium_screenshot()
    {
        await using var service = await StatusPageTests.StartAsync();
        await StatusPageTests.BusyFleetAsync(service);
        var drained = service.Store.Workers.First(w => w.State == WorkerState.Active && w.Id != StatusPageTests.EvilId);
        await service.Store.ApplyAsync(new Core.Ports.WorkerChange { WorkerId = drained.Id, From = WorkerState.Active, To = WorkerState.Draining, At = service.Now, Reason = ReasonCodes.OperatorDrain }, CancellationToken.None);
        service.Advance(TimeSpan.FromSeconds(30));
        await service.CycleAsync(); // an operator drain on the picture
        // STATUS_PAGE_SCREENSHOT=$PWD/docs/status-page.png regenerates the picture the README shows.
        var keep = Environment.GetEnvironmentVariable("STATUS_PAGE_SCREENSHOT") is { Length: > 0 } target ? target : null;
        var file = keep ?? Path.Combine(Path.GetTempPath(), $"status-page-{Guid.NewGuid():N}.png");
        await HeadlessChromium.ScreenshotAsync(service.Url("/status"), file);
        var bytes = await File.ReadAllBytesAsync(file);
        if (keep is null)
        {
            File.Delete(file);
        }
        Assert.True(bytes.Length > 10_000, $"screenshot is only {bytes.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }

    [GeneratedRegex("<img[\\s>]", RegexOptions.IgnoreCase)]
    private static partial Regex ImgElement();
}
