namespace Orchestrator.Bootstrap;

/// <summary>Reason codes of a failed verification or launch, stored on the worker row after <c>bootstrap-failed:</c>.</summary>
public static class BootstrapReasons
{
    public const string VolumeMissing = "volume-missing";
    public const string VolumeReadOnly = "volume-readonly";
    public const string CheckoutMissing = "checkout-missing";
    public const string NvidiaSmiFailed = "nvidia-smi-failed";
    public const string NoGpu = "no-gpu";
    public const string PythonMissing = "python-missing";
    public const string LaunchDied = "launch-died";
    public const string LaunchFailed = "launch-failed";
    public const string VerifyFailed = "verify-failed";
    public const string SshUnreachable = "ssh-unreachable";
    public const string SshAuthFailed = "ssh-auth-failed";
    public const string HostKeyMismatch = "host-key-mismatch";
    public const string SshTimeout = "ssh-timeout";
}
