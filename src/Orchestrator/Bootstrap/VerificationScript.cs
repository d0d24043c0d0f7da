using System.Globalization;
using System.Text;

namespace Orchestrator.Bootstrap;

/// <summary>
/// The read-only check run on a pod in one SSH round trip. It prints <c>key=value</c> lines and
/// <c>nvidia: </c> lines for <see cref="VerificationParser"/>; it always exits 0 when it ran at all.
/// </summary>
public static class VerificationScript
{
    public const string NvidiaQuery = "--query-gpu=name,memory.total,memory.used,driver_version";

    /// <param name="entryFile">The worker's entry script relative to the checkout (null for a module).</param>
    public static string Build(string mountPath, string checkoutDir, string? entryFile, TimeSpan nvidiaTimeout)
    {
        var seconds = ((int)Math.Max(1, nvidiaTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var s = new StringBuilder();
        s.Append("M=").Append(ShellQuote.Quote(mountPath)).Append("; C=").Append(ShellQuote.Quote(checkoutDir))
            .Append("; E=").Append(ShellQuote.Quote(entryFile ?? "")).Append('\n');
        s.Append("""
            if [ -d "$M" ]; then
              echo volume=present
              P="$M/.orchestrator-write-probe.$$"
              if ( : > "$P" ) 2>/dev/null && rm -f "$P"; then echo volume_writable=yes; else echo volume_writable=no; fi
              if command -v mountpoint >/dev/null 2>&1 && mountpoint -q "$M"; then echo volume_mountpoint=yes; else echo volume_mountpoint=no; fi
            else
              echo volume=missing
            fi
            if [ ! -d "$C" ]; then echo checkout=missing
            elif [ -n "$E" ] && [ ! -f "$C/$E" ]; then echo checkout=no-entry
            else echo checkout=present; fi
            if command -v nvidia-smi >/dev/null 2>&1; then

            """);
        s.Append("  out=$(timeout -k 2 ").Append(seconds).Append(" nvidia-smi ").Append(NvidiaQuery).Append(" --format=csv,noheader 2>&1 </dev/null); rc=$?\n");
        s.Append("""
            else out="nvidia-smi: command not found"; rc=127; fi
            echo "nvidia_rc=$rc"
            printf '%s\n' "$out" | head -n 16 | cut -c -512 | sed 's/^/nvidia: /'
            if [ -x "$C/venv/bin/python" ]; then PY="$C/venv/bin/python"; else PY=$(command -v python3 || command -v python || true); fi
            if [ -n "$PY" ] && V=$("$PY" --version 2>&1 </dev/null); then echo "python=$PY"; echo "python_version=$V"; else echo python=missing; [ -z "$PY" ] || echo "python_tried=$PY"; fi
            exit 0

            """);
        return s.ToString();
    }
}
