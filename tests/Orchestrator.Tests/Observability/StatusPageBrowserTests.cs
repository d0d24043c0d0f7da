using System.Text.RegularExpressions;
using Orchestrator.Core.Domain;
using Xunit;

namespace Orchestrator.Tests.Observability;

/// <summary>The status page in a real browser (issue 17 item 2): what the script rendered, and a screenshot.</summary>
public sealed partial class StatusPageBrowserTests
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
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", dom, StringComparison.Ordinal); // the id as text
        Assert.DoesNotMatch(ImgElement(), dom);                                                  // never as an element
        Assert.DoesNotContain("loading…", dom, StringComparison.Ordinal);                       // the script ran
    }

    [Fact]
    public async Task StatusPage_in_chromium_screenshot()
    {
        await using var service = await StatusPageTests.StartAsync();
        await StatusPageTests.BusyFleetAsync(service);
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
