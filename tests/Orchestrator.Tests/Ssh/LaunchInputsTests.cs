using Orchestrator.Logging;
using System.Diagnostics;
using Orchestrator.Bootstrap;
using Xunit;

namespace Orchestrator.Tests.Ssh;

public sealed class LaunchInputsTests
{
    [Theory]
    [InlineData(null, false, false, "worker.py --supabase-url ${SUPABASE_URL} --reigh-access-token ${SUPABASE_SERVICE_ROLE_KEY} --worker ${WORKER_ID}")]
    [InlineData(null, true, true, "worker.py --supabase-url ${SUPABASE_URL} --reigh-access-token ${SUPABASE_SERVICE_ROLE_KEY} --worker ${WORKER_ID} --supabase-anon-key ${SUPABASE_ANON_KEY} --debug")]
    [InlineData("-m worker  --debug", false, true, "-m worker --debug")]
    public void Template_words(string? template, bool anon, bool debug, string expected) =>
        Assert.Equal(expected, string.Join(' ', LaunchTemplate.Create(template, anon, debug).Words));

    [Theory]
    [InlineData("worker.py --worker ${WORKER_ID}", 0)]
    [InlineData("-m", 1)]
    [InlineData("--worker x", 1)]
    [InlineData("/usr/bin/evil.py", 1)]
    [InlineData("worker.py --token $SUPABASE_SERVICE_ROLE_KEY", 1)]
    public void Template_validation(string template, int problems) => Assert.Equal(problems, LaunchTemplate.Validate(template).Count);

    [Fact]
    public void Env_file_round_trips_awkward_values_through_bash()
    {
        var value = "it's $HOME `id` \"q\" \\ end";
        var file = WorkerEnvFile.Render([new("A_B", value)]);
        var info = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("set -a; . /dev/stdin; set +a; printf %s \"$A_B\"");
        using var bash = Process.Start(info)!;
        bash.StandardInput.Write(file);
        bash.StandardInput.Close();
        Assert.Equal(value, bash.StandardOutput.ReadToEnd());
        bash.WaitForExit();
        Assert.Throws<ArgumentException>(() => WorkerEnvFile.Render([new("BAD-NAME", "x")]));
    }

    [Fact]
    public void Redactor_hides_every_secret_value() =>
        Assert.Equal("token *** and ***", new SecretRedactor(["abcdef", "xyz12345"], minimumLength: 4).Redact("token abcdef and xyz12345"));
}
