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
}
