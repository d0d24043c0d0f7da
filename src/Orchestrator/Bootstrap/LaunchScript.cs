using System.Globalization;
using System.Text;

namespace Orchestrator.Bootstrap;

/// <summary>
/// The launch run on a pod. Standard input carries the env file; it is written into a fresh 0700
/// directory with umask 077, sourced, and deleted before the worker starts. The worker is started
/// with setsid/nohup from the checkout's venv through <see cref="Shim"/>, which expands the template's
/// <c>${VAR}</c> references from the environment inside Python, so /proc/&lt;pid&gt;/cmdline shows only the
/// references. A pid file plus a tag in the command line make a second launch a no-op. A failing or
/// hanging <c>git pull</c> is logged and the launch goes on. Prints <c>status=launched|already-running pid=N</c>,
/// or <c>status=died</c> and the log's tail (exit 20).
/// </summary>
public static class LaunchScript
{
    public const int DiedExitCode = 20;

    /// <summary>Most bytes of a log tail sent back: <c>tail -n</c> of a log without newlines would be the whole file.</summary>
    public const int TailBytes = 256 * 1024;

    /// <summary>Python run with <c>-c</c>: argv[1] is the tag, the rest the template's words.</summary>
    public const string Shim = """
        import os, re, runpy, sys
        def expand(word):
            def value(m):
                v = os.environ.get(m.group(1))
                if v is None:
                    sys.exit("launch: environment variable %s is not set" % m.group(1))
                return v
            return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", value, word)
        words = [expand(w) for w in sys.argv[2:]]
        if words[0] == "-m":
            sys.argv = words[1:]
            runpy.run_module(words[1], run_name="__main__", alter_sys=True)
        else:
            sys.argv = words
            sys.path.insert(0, os.path.dirname(os.path.abspath(words[0])))
            runpy.run_path(words[0], run_name="__main__")
        """;

    public static string Tag(string workerId) => $"orchestrator-worker={workerId}";

    public static string LogPath(string checkoutDir, string workerId) => $"{checkoutDir}/logs/{workerId}.log";

    public static string Build(LaunchSettings settings, string workerId, LaunchTemplate template)
    {
        var s = new StringBuilder();
        Var(s, "C", settings.CheckoutDir);
        Var(s, "ID", workerId);
        Var(s, "TAG", Tag(workerId));
        Var(s, "BRANCH", settings.GitBranch);
        Var(s, "SHIM", Shim);
        s.Append("GIT_T=").Append(Seconds(settings.GitPullTimeout)).Append("; WAIT=").Append(Seconds(settings.ConfirmWait))
            .Append("; TAIL=").Append(settings.TailLines.ToString(CultureInfo.InvariantCulture))
            .Append("; TAIL_BYTES=").Append(TailBytes.ToString(CultureInfo.InvariantCulture)).Append('\n');
        s.Append("set -- ").Append(string.Join(' ', template.Words.Select(ShellQuote.Quote))).Append('\n');
        s.Append(Body);
        return s.ToString();
    }

    private const string Body = """
        L="$C/logs"; LOG="$L/$ID.log"; PIDF="$L/$ID.pid"
        cd "$C" 2>/dev/null || { echo "launch: cannot enter $C"; exit 10; }
        mkdir -p "$L" || { echo "launch: cannot create $L"; exit 11; }
        RUN=$(umask 077 && mktemp -d "${TMPDIR:-/tmp}/orchestrator-launch.XXXXXX") || { echo "launch: no private temp dir"; exit 12; }
        trap 'rm -rf "$RUN"' EXIT
        ( umask 077 && cat > "$RUN/worker.env" ) || { echo "launch: cannot receive the environment"; exit 13; }
        if command -v flock >/dev/null 2>&1; then
          exec 9>>"${TMPDIR:-/tmp}/orchestrator-$ID.lock"
          flock -w 30 9 || { echo "launch: another launch holds the lock"; exit 14; }
        fi
        alive() { P=$(cat "$PIDF" 2>/dev/null) && [ -n "$P" ] && kill -0 "$P" 2>/dev/null && tr '\0' ' ' < "/proc/$P/cmdline" 2>/dev/null | grep -qF -- "$TAG"; }
        if alive; then echo "status=already-running pid=$P"; exit 0; fi
        echo "=== launch $(date -u +%Y-%m-%dT%H:%M:%SZ) ===" >> "$LOG"
        if [ "$GIT_T" -gt 0 ] && [ -d "$C/.git" ]; then
          GIT_TERMINAL_PROMPT=0 timeout -k 5 "$GIT_T" git pull --ff-only origin "$BRANCH" >> "$LOG" 2>&1 < /dev/null
          R=$?; [ "$R" -eq 0 ] || echo "launch: git pull failed or timed out (exit $R); continuing with the checkout as it is" >> "$LOG"
        fi
        if [ -x "$C/venv/bin/python" ]; then PY="$C/venv/bin/python"; else PY=$(command -v python3 || command -v python) || { echo "launch: no python"; exit 15; }; fi
        set -a; . "$RUN/worker.env"; set +a
        rm -f "$RUN/worker.env"
        setsid nohup "$PY" -u -c "$SHIM" "$TAG" "$@" >> "$LOG" 2>&1 < /dev/null 9>&- &
        echo $! > "$PIDF"
        sleep "$WAIT"
        if alive; then echo "status=launched pid=$P"; exit 0; fi
        echo "status=died"
        echo "--- log tail ---"
        tail -n "$TAIL" "$LOG" 2>/dev/null | tail -c "$TAIL_BYTES"
        exit 20

        """;

    private static void Var(StringBuilder s, string name, string value) => s.Append(name).Append('=').Append(ShellQuote.Quote(value)).Append('\n');

    private static string Seconds(TimeSpan t) => ((int)Math.Ceiling(Math.Max(0, t.TotalSeconds))).ToString(CultureInfo.InvariantCulture);
}
