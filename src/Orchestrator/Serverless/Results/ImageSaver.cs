using Microsoft.Extensions.Logging;

namespace Orchestrator.Serverless.Results;

/// <summary>
/// Writes the images of a job's output into one folder: base64 decoded, URLs downloaded (size limit,
/// timeout, no credentials sent), unique file names that never leave the folder. One bad image is
/// reported and the others are still saved.
/// </summary>
public sealed class ImageSaver(HttpClient http, ServerlessOptions options, ILogger logger)
{
    public async Task<SaveReport> SaveAsync(ExtractedOutput extracted, string folder, string fallbackPrefix, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var saved = new List<string>();
        var failed = new List<(int, string)>(extracted.Problems);
        foreach (var warning in extracted.Warnings)
        {
            ServerlessLog.OutputWarning(logger, warning);
        }
        foreach (var image in extracted.Images)
        {
            try
            {
                var bytes = image.Url is { } url ? await DownloadAsync(url, cancellationToken).ConfigureAwait(false) : Decode(image);
                var path = await WriteAsync(folder, image, bytes, fallbackPrefix, cancellationToken).ConfigureAwait(false);
                ServerlessLog.ImageSaved(logger, image.Index, path, bytes.Length);
                saved.Add(path);
            }
            catch (ImageSaveException e)
            {
                failed.Add((image.Index, e.Message));
            }
        }
        foreach (var (index, reason) in failed)
        {
            ServerlessLog.ImageFailed(logger, index, reason);
        }
        return new SaveReport(saved, failed.OrderBy(f => f.Item1).ToList(), extracted.Warnings, extracted.OutputError);
    }

    private static byte[] Decode(ImageRef image) =>
        ImageBytes.Decode(image.Base64 ?? "") ?? throw new ImageSaveException("the data is not valid base64");

    private async Task<byte[]> DownloadAsync(Uri url, CancellationToken cancellationToken)
    {
        var shown = url.GetLeftPart(UriPartial.Path); // presigned query strings are credentials
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.DownloadTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ImageSaveException($"{shown}: HTTP {(int)response.StatusCode}");
            }
            if (response.Content.Headers.ContentLength > options.DownloadMaxBytes)
            {
                throw new ImageSaveException($"{shown}: {response.Content.Headers.ContentLength} bytes is over the limit of {options.DownloadMaxBytes}");
            }
            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await ReadLimitedAsync(stream, shown, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ImageSaveException($"{shown}: no answer within {options.DownloadTimeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            throw new ImageSaveException($"{shown}: {e.Message}");
        }
    }

    private async Task<byte[]> ReadLimitedAsync(Stream stream, string shown, CancellationToken cancellationToken)
    {
        using var memory = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (memory.Length + read > options.DownloadMaxBytes)
            {
                throw new ImageSaveException($"{shown}: larger than the limit of {options.DownloadMaxBytes} bytes");
            }
            memory.Write(buffer, 0, read);
        }
        return memory.Length > 0 ? memory.ToArray() : throw new ImageSaveException($"{shown}: empty body");
    }

    private static async Task<string> WriteAsync(string folder, ImageRef image, byte[] bytes, string fallbackPrefix, CancellationToken cancellationToken)
    {
        var untrusted = image.FileName ?? (image.Url is { } url ? Path.GetFileName(url.AbsolutePath) : null);
        var (stem, extension) = SafeFileNames.Clean(untrusted, $"{fallbackPrefix}_{image.Index:000}");
        extension = ImageBytes.Sniff(bytes) ?? (extension.Length > 0 ? extension : ".bin");
        var (file, path) = SafeFileNames.CreateUnique(folder, stem, extension);
        await using (file.ConfigureAwait(false))
        {
            await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        return path;
    }
}
