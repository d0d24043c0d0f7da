using Microsoft.Extensions.Configuration;

namespace Orchestrator.Cli;

/// <summary>Parses the command name, builds configuration, runs the command, maps failures to exit codes.</summary>
public static class CommandRunner
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IConfiguration? configuration = null)
    {
        var name = args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal) ? "run" : args[0];
        if (name is "help" or "-h" or "--help")
        {
            PrintUsage(output);
            return ExitCodes.Ok;
        }
        if (!CommandTable.All.TryGetValue(name, out var command))
        {
            await error.WriteLineAsync($"unknown command '{name}'").ConfigureAwait(false);
            PrintUsage(error);
            return ExitCodes.BadInput;
        }
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; stop.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            var context = new CommandContext(args.Skip(name == args.FirstOrDefault() ? 1 : 0).ToList(), configuration ?? BuildConfiguration(), output, error);
            return await command.Run(context, stop.Token).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>appsettings.json next to the binary (or in the working directory), then environment variables.</summary>
    public static IConfiguration BuildConfiguration() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();

    private static void PrintUsage(TextWriter writer)
    {
        writer.WriteLine("usage: orchestrator <command> [options]");
        foreach (var (_, (usage, _)) in CommandTable.All.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            writer.WriteLine($"  {usage}");
        }
    }
}
