namespace Orchestrator.Observability;

/// <summary>
/// The status page: a static shell with no data in it, and a few lines of script that fetch <c>/api/status</c>
/// every few seconds and fill the lists and tables (fleet, workers, placement back-offs, the audit decisions). Every value goes in with <c>textContent</c> (never markup), so a worker
/// id or an error text is shown as text. No framework, no external asset: it works offline. When the API answers
/// 401 the page asks for STATUS_TOKEN once and sends it as a bearer header (kept in this tab's sessionStorage).
/// </summary>
public static class StatusPageHtml
{
    public const string Script = """
        const $ = id => document.getElementById(id);
        const ago = s => s == null ? "never" : s < 90 ? s + "s" : s < 5400 ? Math.floor(s / 60) + "m" : Math.floor(s / 3600) + "h" + String(Math.floor(s / 60) % 60).padStart(2, "0") + "m";
        function put(id, text) { $(id).textContent = text == null ? "-" : String(text); }
        function rows(id, items, cells) {
          const body = $(id); body.replaceChildren();
          for (const item of items) {
            const tr = document.createElement("tr");
            for (const value of cells(item)) { const td = document.createElement("td"); td.textContent = value == null ? "-" : String(value); tr.appendChild(td); }
            body.appendChild(tr);
          }
        }
        function render(s) {
          const last = s.last_cycle, d = s.demand, dr = s.drain, h = s.history, sp = s.spend_today;
          put("cycle", last ? (last.succeeded ? "ok" : "FAILED: " + last.error) + ", " + ago(last.age_sec) + " ago" : "no cycle yet");
          put("demand", d ? `queued ${d.queued}, claimable ${d.claimable}, running ${d.running} (${d.source})` : null);
          put("wait", s.oldest_wait_sec == null ? (h.error ? "unknown (history unreadable)" : "nothing queued") : ago(s.oldest_wait_sec) + " (queued " + s.oldest_queued_at.slice(0, 19).replace("T", " ") + ")");
          put("paused", s.paused == null ? null : s.paused ? "ON (no new spawns)" : "off");
          put("drain", dr ? (dr.whole_fleet ? `whole fleet draining (${dr.draining} workers)` : dr.draining ? `${dr.draining} of ${dr.live} workers draining (${dr.by_operator} by operator)` : "none") : null);
          put("breaker", s.breaker ? `${s.breaker.status}: ${s.breaker.reason}` : null);
          put("spend", s.spend_per_hour == null ? null : s.spend_per_hour.toFixed(2) + " $/h" + (s.spend_cap == null ? "" : " of " + s.spend_cap + " cap"));
          put("today", sp ? "$" + sp.amount.toFixed(2) + " since " + sp.since.slice(0, 16).replace("T", " ") + " UTC" : "unknown: " + h.error);
          put("scaling", s.scaling ? `desired ${s.scaling.desired}, capacity ${s.scaling.capacity}, spawn ${s.scaling.spawn}` : null);
          put("history", h.error ? "history UNREADABLE: " + h.error : "decisions and spend read from the store at " + h.read_at.slice(11, 19));
          const reasons = $("reasons"); reasons.replaceChildren();
          for (const r of (s.scaling ? s.scaling.reasons : [])) { const li = document.createElement("li"); li.textContent = r; reasons.appendChild(li); }
          rows("workers", s.workers || [], w => [w.id, w.state, ago(w.age_sec), w.heartbeat_age_sec == null ? "never" : ago(w.heartbeat_age_sec) + " ago",
            w.current_task ? w.current_task.type + " " + w.current_task.id.slice(0, 8) : null, w.gpu_type, w.capacity, w.cost_per_hour == null ? null : w.cost_per_hour.toFixed(2), w.reason]);
          const backoffs = s.placement_backoffs.length ? s.placement_backoffs : [{ gpu_type: "none" }];
          rows("backoffs", backoffs, b => [b.gpu_type, b.data_center, b.until && b.until.slice(11, 19) + " (in " + ago(b.retry_in_sec) + ")", b.misses, b.why]);
          rows("decisions", s.decisions || [], e => [e.at.slice(0, 19).replace("T", " "), e.kind, e.worker_id, e.code,
            [e.reason === e.code ? null : e.reason.slice(e.code.length + 1), e.text].filter(x => x).join(" ")]);
          put("updated", "updated " + s.at);
        }
        async function refresh() {
          const token = sessionStorage.getItem("status_token");
          try {
            const r = await fetch("/api/status", { cache: "no-store", headers: token ? { Authorization: "Bearer " + token } : {} });
            $("login").hidden = r.status !== 401;
            if (r.ok) { render(await r.json()); } else { put("updated", "status " + r.status); }
          } catch (e) { put("updated", "unreachable: " + e); }
        }
        $("login").addEventListener("submit", ev => { ev.preventDefault(); sessionStorage.setItem("status_token", $("token").value); refresh(); });
        refresh();
        setInterval(refresh, 5000);
        """;

    public const string Head = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
        <title>GPU orchestrator status</title>
        <style>
        body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}h1{font-size:1.3em}h2{font-size:1.05em;margin-top:1.4em}
        dl{display:grid;grid-template-columns:9em auto;gap:.2em 1em}dt{color:#666}dd{margin:0}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25em .6em;border-bottom:1px solid #ddd;vertical-align:top}
        th{background:#f4f4f4}#decisions td:last-child,#backoffs td:last-child{word-break:break-all}#decisions td:nth-child(-n+4){white-space:nowrap}#history{color:#666}#updated{color:#888}
        </style></head><body>
        <h1>GPU orchestrator</h1>
        <form id="login" hidden><label>STATUS_TOKEN <input id="token" type="password" autocomplete="off"></label> <button>Show</button></form>
        <dl><dt>last cycle</dt><dd id="cycle">-</dd><dt>demand</dt><dd id="demand">-</dd><dt>oldest wait</dt><dd id="wait">-</dd>
        <dt>kill switch</dt><dd id="paused">-</dd><dt>drain</dt><dd id="drain">-</dd><dt>breaker</dt><dd id="breaker">-</dd>
        <dt>spend rate</dt><dd id="spend">-</dd><dt>spend today</dt><dd id="today">-</dd><dt>scaling</dt><dd id="scaling">-</dd></dl>
        <h2>Decisions</h2><ul id="reasons"></ul>
        <h2>Workers</h2>
        <table><thead><tr><th>worker</th><th>state</th><th>age</th><th>heartbeat</th><th>current task</th><th>GPU</th><th>capacity</th><th>$/h</th><th>reason</th></tr></thead><tbody id="workers"></tbody></table>
        <h2>Placement back-offs</h2>
        <table><thead><tr><th>GPU type</th><th>data center</th><th>retried at</th><th>misses</th><th>why</th></tr></thead><tbody id="backoffs"></tbody></table>
        <h2>Last decisions (audit table)</h2>
        <p id="history">-</p>
        <table><thead><tr><th>at</th><th>kind</th><th>worker</th><th>reason code</th><th>text</th></tr></thead><tbody id="decisions"></tbody></table>
        <p id="updated">loading…</p>
        """;

    public static string Page { get; } = Head + "<script>" + Script + "</script>\n</body></html>\n";
}
