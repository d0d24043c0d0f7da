using System.Text.Json;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;
using Orchestrator.RunPod;
using Xunit;

namespace Orchestrator.Tests.RunPod;

/// <summary>Tolerant reading of pod objects and error classification.</summary>
public sealed class PodReaderTests
{
    [Theory]
    [InlineData("""{"id":"p1","name":"gpu-x","desiredStatus":"RUNNING","runtime":null}""", PodStatus.Provisioning, null)]
    [InlineData("""{"id":"p1","desiredStatus":"RUNNING","runtime":{"ports":null}}""", PodStatus.Running, null)]
    [InlineData("""{"id":"p1","desiredStatus":"RUNNING","runtime":{"ports":[{"ip":"10.0.0.1","isIpPublic":false,"privatePort":22,"publicPort":22}]}}""", PodStatus.Running, null)]
    [InlineData("""{"id":"p1","desiredStatus":"RUNNING","runtime":{"ports":[{"ip":"1.2.3.4","isIpPublic":true,"privatePort":8888,"publicPort":1},{"ip":"1.2.3.4","isIpPublic":true,"privatePort":22,"publicPort":40022}]}}""", PodStatus.Running, "1.2.3.4:40022")]
    [InlineData("""{"id":"p1","desiredStatus":"EXITED","runtime":{"ports":[{"ip":"1.2.3.4","isIpPublic":true,"privatePort":22,"publicPort":40022}]}}""", PodStatus.Exited, null)]
    [InlineData("""{"id":"p1","desiredStatus":"TERMINATED","new":{"x":1}}""", PodStatus.Terminated, null)]
    [InlineData("""{"id":"p1","desiredStatus":"HIBERNATING"}""", PodStatus.Unknown, null)]
    [InlineData("""{"id":"p1","desiredStatus":"DEAD","runtime":null}""", PodStatus.Failed, null)]
    [InlineData("""{"id":"p1","desiredStatus":"PAUSED"}""", PodStatus.Exited, null)]
    public void GraphQl_pods_read_tolerantly(string json, PodStatus status, string? ssh)
    {
        var pod = GraphQlPodReader.Read(JsonDocument.Parse(json).RootElement);

        Assert.Equal(status, pod.Status);
        Assert.Equal(ssh, pod.Ssh?.ToString());
    }

    [Fact]
    public void Uptime_comes_from_runtime_not_the_always_zero_field_and_cost_may_be_a_string()
    {
        var pod = GraphQlPodReader.Read(JsonDocument.Parse("""{"id":"p","uptimeSeconds":0,"costPerHr":"0.69","desiredStatus":"RUNNING","runtime":{"uptimeInSeconds":321}}""").RootElement);

        Assert.Equal(321, pod.UptimeSeconds);
        Assert.Equal(0.69m, pod.CostPerHour);
    }

    [Theory]
    [InlineData("There are no longer any instances available with the requested specifications. Please refresh and try again.", "RUNPOD", ErrorKind.CloudCapacity)]
    [InlineData("There are not enough free GPUs on the host machine to start this pod.", null, ErrorKind.CloudCapacity)]
    [InlineData("Something went wrong. Please try again later or contact support.", "INTERNAL_SERVER_ERROR", ErrorKind.Transient)]
    [InlineData("Unauthorized", null, ErrorKind.Auth)]
    [InlineData("Invalid input: gpuTypeId", "BAD_USER_INPUT", ErrorKind.CloudApi)]
    public void GraphQl_errors_are_classified(string message, string? code, ErrorKind kind) =>
        Assert.Equal(kind, RunPodErrorClassifier.FromGraphQl(message, code));

    [Theory]
    [InlineData("""{"id":"p1","name":"gpu-x","status":"RUNNING","runtime":null}""", PodStatus.Provisioning, null)]
    [InlineData("""{"id":"p1","status":"PROVISIONING","runtime":{}}""", PodStatus.Provisioning, null)]
    [InlineData("""{"id":"p1","status":"STARTING"}""", PodStatus.Provisioning, null)]
    [InlineData("""{"id":"p1","status":"RUNNING","runtime":{}}""", PodStatus.Running, null)]
    [InlineData("""{"id":"p1","status":"RUNNING","runtime":{},"ssh":{"proxy":{"host":"ssh.runpod.io","port":22},"direct":{"host":"1.2.3.4","port":40022}}}""", PodStatus.Running, "1.2.3.4:40022")]
    [InlineData("""{"id":"p1","status":"RUNNING","ssh":{"proxy":{"host":"ssh.runpod.io","port":22},"direct":null},"runtime":{"ports":[{"private":22,"public":22,"ip":"10.1.2.3","type":"tcp"}]}}""", PodStatus.Running, null)]
    [InlineData("""{"id":"p1","status":"RUNNING","runtime":{"ports":[{"private":8888,"public":1,"ip":"1.2.3.4","type":"http"},{"private":22,"public":null,"ip":"1.2.3.4"},{"private":22,"public":40022,"ip":"1.2.3.4","type":"tcp"}]}}""", PodStatus.Running, "1.2.3.4:40022")]
    [InlineData("""{"id":"p1","status":"EXITED","runtime":null,"ssh":{"direct":{"host":"1.2.3.4","port":40022}}}""", PodStatus.Exited, null)]
    [InlineData("""{"id":"p1","status":"ERROR","cost":0.69}""", PodStatus.Failed, null)]
    [InlineData("""{"id":"p1","status":"TERMINATED","new":{"x":1}}""", PodStatus.Terminated, null)]
    [InlineData("""{"id":"p1","status":"HIBERNATING"}""", PodStatus.Unknown, null)]
    public void Rest_v2_pods_read_tolerantly(string json, PodStatus status, string? ssh)
    {
        var pod = RestPodReader.Read(JsonDocument.Parse(json).RootElement, Now);

        Assert.Equal(status, pod.Status);
        Assert.Equal(ssh, pod.Ssh?.ToString());
    }

    [Theory]
    [InlineData("""{"id":"p","status":"RUNNING","cost":0.44,"runtime":{"uptime":321},"startedAt":"2026-11-22T11:00:00Z"}""", "0.44", 321)]
    [InlineData("""{"id":"p","status":"RUNNING","cost":"0.44","runtime":{},"startedAt":"2026-11-22T11:58:00Z"}""", "0.44", 120)]
    [InlineData("""{"id":"p","status":"RUNNING","cost":0,"runtime":{}}""", null, null)]
    [InlineData("""{"id":"p","status":"EXITED","cost":0.0}""", "0.0", null)]
    [InlineData("""{"id":"p","status":"ERROR","cost":0.69}""", "0.69", null)]
    public void Rest_v2_cost_and_uptime(string json, string? cost, int? uptime)
    {
        var pod = RestPodReader.Read(JsonDocument.Parse(json).RootElement, Now);

        Assert.Equal(cost is null ? null : decimal.Parse(cost, System.Globalization.CultureInfo.InvariantCulture), pod.CostPerHour);
        Assert.Equal(uptime, pod.UptimeSeconds);
    }

    [Theory]
    [InlineData(400, ErrorKind.CloudApi)]
    [InlineData(422, ErrorKind.CloudApi)]
    [InlineData(402, ErrorKind.CloudApi)]
    [InlineData(409, ErrorKind.CloudApi)]
    [InlineData(401, ErrorKind.Auth)]
    [InlineData(403, ErrorKind.Auth)]
    [InlineData(408, ErrorKind.Transient)]
    [InlineData(429, ErrorKind.Transient)]
    [InlineData(503, ErrorKind.Transient)]
    public void Rest_v2_problems_on_reads_are_classified_by_status_alone(int status, ErrorKind kind) =>
        Assert.Equal(kind, RunPodErrorClassifier.FromHttp((System.Net.HttpStatusCode)status));

    /// <summary>RunPod's table for createPod; a 400 is a placement miss whatever its wording (issue 13).</summary>
    [Theory]
    [InlineData(true, 422, CreateRefusal.Contract)]
    [InlineData(true, 400, CreateRefusal.Unplaceable)]
    [InlineData(false, 400, CreateRefusal.Contract)]
    [InlineData(true, 402, CreateRefusal.Balance)]
    [InlineData(true, 403, CreateRefusal.Forbidden)]
    [InlineData(false, 403, CreateRefusal.Auth)]
    [InlineData(true, 401, CreateRefusal.Auth)]
    [InlineData(true, 429, CreateRefusal.RateLimited)]
    [InlineData(true, 500, CreateRefusal.ServerError)]
    [InlineData(true, 503, CreateRefusal.ServerError)]
    [InlineData(true, 409, CreateRefusal.Invalid)]
    [InlineData(true, 408, null)]
    public void Create_refusals_follow_RunPods_table(bool rest, int status, CreateRefusal? reason)
    {
        var code = (System.Net.HttpStatusCode)status;
        var ex = new RunPodApiException(RunPodErrorClassifier.FromHttp(code), "HTTP " + status + ": whatever wording", code);

        Assert.Equal(reason, CreateAnswer.From(ex, rest)?.Reason);
    }

    [Theory]
    [InlineData(ErrorKind.CloudCapacity, CreateRefusal.Unplaceable)]
    [InlineData(ErrorKind.Auth, CreateRefusal.Auth)]
    [InlineData(ErrorKind.CloudApi, CreateRefusal.Invalid)]
    [InlineData(ErrorKind.Transient, null)]
    public void GraphQl_create_errors_without_a_status_follow_their_kind(ErrorKind kind, CreateRefusal? reason) =>
        Assert.Equal(reason, CreateAnswer.From(new RunPodApiException(kind, "message"), rest: false)?.Reason);

    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
}
