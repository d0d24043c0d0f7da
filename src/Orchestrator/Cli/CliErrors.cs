using System.Text.Json;

namespace Orchestrator.Cli;

/// <summary>
/// How bad input and configuration problems are reported: a headline and one line per problem on standard
/// error, or, when the command was asked for JSON, one object on standard output:
/// <c>{"ok":false,"exit_code":2,"error":"...","problems":["..."]}</c>.
/// </summary>
public static class CliErrors
{
    public static async Task WriteAsync(CommandContext context, string headline, IReadOnlyList<string> problems, int exitCode = ExitCodes.BadInput)
    {
        if (context.Json)
        {
            await context.Out.WriteLineAsync(Json(headline, problems, exitCode)).ConfigureAwait(false);
            return;
        }
        await context.Error.WriteLineAsync(headline).ConfigureAwait(false);
        foreach (var problem in problems)
        {
            await context.Error.WriteLineAsync($"  - {problem}").ConfigureAwait(false);
        }
    }

    public static string Json(string headline, IReadOnlyList<string> problems, int exitCode = ExitCodes.BadInput)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteBoolean("ok", false);
            json.WriteNumber("exit_code", exitCode);
            json.WriteString("error", headline);
            json.WriteStartArray("problems");
            foreach (var problem in problems)
            {
                json.WriteStringValue(problem);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
