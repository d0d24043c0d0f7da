using Orchestrator.Configuration;

namespace Orchestrator.Hosting;

/// <summary>What <see cref="AppStartup.Compose"/> produced: the validated configuration and the logger every service writes to.</summary>
public sealed record AppComposition(OrchestratorConfig Config, SettingsReader Reader, Serilog.Core.Logger Serilog);
