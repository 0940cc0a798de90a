/* Crosscheck widget: answers quoted verbatim from the corpus, with citations, stances,
 * flags and disputed figures. Embed with one line:
 *   <script src="https://CROSSCHECK/widget.js" async></script>
 * Attributes: data-endpoint (server base URL; default: where this file came from),
 * data-title, data-position (bottom-right|bottom-left), data-theme (light|dark|auto),
 * data-api-key, data-mode (extractive|llm), data-open ("true": start open).
 * Everything lives in a Shadow DOM; source and model text is only ever set as text. */
(() => {
  "use strict";
  const me = document.currentScript;
  if (!me) return;
  const cfg = me.dataset;
  const ENDPOINT = (cfg.endpoint || new URL(me.src, location.href).origin).replace(/\/+$/, "");
  const TITLE = cfg.title || "Ask Crosscheck";
  const THEME = /^(light|dark)$/.test(cfg.theme || "") ? cfg.theme : "auto";
  const STANCES = { independent: "independent", partisan: "partisan", unknown: "stance unknown" };
  const history = [];
  let busy = false;

  const CSS = `
:host{all:initial}
.cc{--bg:#fff;--fg:#1e293b;--muted:#64748b;--line:#e2e8f0;--soft:#f8fafc;--accent:#1e40af;
--on:#fff;--warn:#fef3c7;--warn-fg:#78350f;--mark:#fde68a;--err:#b91c1c;
font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg)}
.cc.dark{--bg:#0f172a;--fg:#e2e8f0;--muted:#94a3b8;--line:#334155;--soft:#1e293b;--accent:#93c5fd;
--on:#0f172a;--warn:#422006;--warn-fg:#fde68a;--mark:#854d0e;--err:#fca5a5}
button{font:inherit;cursor:pointer}
.launcher,.panel{position:fixed;z-index:2147483000}
.right>*{right:20px}.left>*{left:20px}
.launcher{bottom:20px;width:56px;height:56px;border:0;border-radius:50%;background:var(--accent);
color:var(--on);box-shadow:0 4px 14px #0004;display:grid;place-items:center}
.launcher svg{width:26px;height:26px;fill:currentColor}
.panel{bottom:88px;width:min(420px,calc(100vw - 40px));height:min(620px,calc(100vh - 110px));
display:flex;flex-direction:column;background:var(--bg);border:1px solid var(--line);
border-radius:12px;box-shadow:0 10px 30px #0003;overflow:hidden}
.panel[hidden]{display:none}
header{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:10px 14px;
background:var(--accent);color:var(--on);font-weight:600}
header button{background:none;border:0;color:inherit;font-size:20px;line-height:1}
.log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:10px}
.msg{max-width:92%;padding:8px 11px;border-radius:10px;overflow-wrap:anywhere}
.user{align-self:flex-end;background:var(--accent);color:var(--on)}
.bot{align-self:flex-start;background:var(--soft);border:1px solid var(--line)}
.bot p{margin:0 0 6px}.streaming .text::after{content:"▍";opacity:.5}
.unanswered .text{font-style:italic}
.text .lead{font-weight:600}
.error{color:var(--err);margin:0}
.ref{border:0;background:none;color:var(--accent);padding:0 1px;font-weight:600}
.flags{list-style:none;margin:6px 0;padding:0}
.flag{background:var(--warn);color:var(--warn-fg);border-radius:6px;padding:5px 8px;margin:4px 0}
.dispute{border:1px solid var(--line);border-left:4px solid #d97706;border-radius:6px;
padding:6px 8px;margin:8px 0;background:var(--bg)}
.dispute h4{margin:0 0 4px;font-size:13px}
table{border-collapse:collapse;width:100%;font-size:12.5px}
th,td{text-align:left;padding:3px 4px;border-top:1px solid var(--line);vertical-align:top;
overflow-wrap:normal}
.label{margin-top:8px;font-size:12px;color:var(--muted);text-transform:uppercase}
.cites{margin:4px 0 0;padding-left:0;list-style:none}
details{border-top:1px solid var(--line);padding:4px 0}
summary{cursor:pointer}
.badge{display:inline-block;border-radius:999px;padding:0 7px;margin-left:5px;font-size:11.5px;
white-space:nowrap}
td:nth-child(3){white-space:nowrap}td .badge{margin:0}
.independent{background:#dcfce7;color:#14532d}.partisan{background:#fee2e2;color:#7f1d1d}
.unknown{background:#e5e7eb;color:#1f2937}
blockquote{margin:5px 0;padding-left:8px;border-left:3px solid var(--muted);white-space:pre-wrap}
mark{background:var(--mark);color:inherit}
.loc,.ok{font-size:11.5px;color:var(--muted)}
a{color:var(--accent)}
form{display:flex;gap:6px;padding:10px;border-top:1px solid var(--line)}
input{flex:1;font:inherit;padding:8px 10px;border:1px solid var(--line);border-radius:8px;
background:var(--bg);color:var(--fg)}
form button{border:0;border-radius:8px;padding:0 14px;background:var(--accent);color:var(--on)}
form button:disabled{opacity:.5}
footer{font-size:11px;color:var(--muted);padding:0 10px 8px}`;

  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = String(text);
    return e;
  };

  function mount() {
    const host = document.createElement("crosscheck-widget");
    host.style.setProperty("all", "initial", "important");
    const root = host.attachShadow({ mode: "open" });
    const style = el("style");
    style.textContent = CSS;
    const shell = el("div", "cc " + (cfg.position === "bottom-left" ? "left" : "right"));
    const dark = matchMedia("(prefers-color-scheme: dark)");
    const paint = () =>
      shell.classList.toggle("dark", THEME === "dark" || (THEME === "auto" && dark.matches));
    paint();
    dark.addEventListener("change", paint);

    const launcher = el("button", "launcher");
    launcher.setAttribute("aria-label", "Open " + TITLE);
    launcher.setAttribute("aria-expanded", "false");
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");
    svg.append(path);
    launcher.append(svg);

    const panel = el("div", "panel");
    panel.hidden = true;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", TITLE);
    const header = el("header");
    const close = el("button", "close", "×");
    close.setAttribute("aria-label", "Close");
    header.append(el("span", "title", TITLE), close);
    const log = el("div", "log");
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    const form = el("form");
    const input = el("input");
    input.placeholder = "Ask about the sources…";
    input.setAttribute("aria-label", "Your question");
    const send = el("button", "send", "Ask");
    send.type = "submit";
    form.append(input, send);
    const foot = el("footer", "", "Quotes are checked against their sources.");
    panel.append(header, log, form, foot);
    shell.append(launcher, panel);
    root.append(style, shell);
    (document.body || document.documentElement).append(host);

    const toggle = (open) => {
      panel.hidden = !open;
      launcher.setAttribute("aria-expanded", String(open));
      if (open) input.focus();
    };
    launcher.addEventListener("click", () => toggle(panel.hidden));
    close.addEventListener("click", () => toggle(false));
    panel.addEventListener("keydown", (e) => e.key === "Escape" && toggle(false));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const q = input.value.trim();
      if (!q || busy) return;
      input.value = "";
      ask(q, log, send);
    });
    if (cfg.open === "true") toggle(true);
  }

  async function ask(q, log, send) {
    busy = send.disabled = true;
    log.append(el("div", "msg user", q));
    const bubble = el("div", "msg bot streaming");
    const live = el("p", "text");
    bubble.append(live);
    log.append(bubble);
    const down = () => (log.scrollTop = log.scrollHeight);
    down();
    try {
      const answer = await stream(
        q,
        (t) => {
          live.textContent += t;
          down();
        },
        (interim) => {
          // LLM mode: the verified extractive answer, with the lead being written above it
          render(bubble, interim);
          live.className = "lead";
          bubble.prepend(live);
          down();
        }
      );
      render(bubble, answer);
      history.push({ user: q, assistant: answer.text });
      if (history.length > 6) history.shift();
    } catch (e) {
      bubble.replaceChildren(el("p", "error", e.message));
      bubble.setAttribute("role", "alert");
    } finally {
      bubble.classList.remove("streaming");
      busy = send.disabled = false;
      down();
    }
  }

  function call(path, init) {
    const headers = Object.assign({ Accept: "application/json" }, init && init.headers);
    if (cfg.apiKey) headers["X-API-Key"] = cfg.apiKey;
    return fetch(ENDPOINT + path, Object.assign({}, init, { headers })).then(
      async (res) => {
        if (res.ok) return res;
        let msg = "Crosscheck answered HTTP " + res.status + ".";
        try {
          msg = (await res.json()).error.message || msg;
        } catch (_) {
          /* not our JSON error: keep the status line */
        }
        throw new Error(msg);
      },
      () => {
        throw new Error(
          "Could not reach Crosscheck at " + ENDPOINT + ": the server is down, or this site " +
            "is not on its list of allowed origins (CORS)."
        );
      }
    );
  }

  async function stream(q, onToken, onInterim) {
    const body = { question: q, history };
    if (cfg.mode) body.mode = cfg.mode;
    const res = await call("/api/v1/ask/stream", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify(body),
    });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      buf += value || "";
      let m;
      while ((m = /\r?\n\r?\n/.exec(buf))) {
        const ev = parse(buf.slice(0, m.index));
        buf = buf.slice(m.index + m[0].length);
        if (ev.name === "token") onToken(ev.data.text);
        else if (ev.name === "interim") onInterim(ev.data);
        else if (ev.name === "answer") {
          reader.cancel().catch(() => {});
          return ev.data;
        }
        else if (ev.name === "error") throw new Error(ev.data.error.message);
      }
      if (done) throw new Error("The answer stream ended early; please ask again.");
    }
  }

  function parse(block) {
    let name = "message";
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith("event:")) name = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
    }
    return { name, data: data.length ? JSON.parse(data.join("\n")) : {} };
  }

  function render(bubble, a) {
    const cites = new Map();
    const list = el("ol", "cites");
    for (const c of a.citations) {
      const d = citation(c);
      cites.set(c.n, d);
      list.append(d);
    }
    const text = el("div", "text");
    for (const line of a.text.split("\n")) {
      if (!line.trim()) continue;
      const p = withRefs(el("p"), line, cites);
      if (a.lead && line === a.lead) p.className = "lead";
      text.append(p);
    }
    bubble.replaceChildren(text);
    if (!a.answered) bubble.classList.add("unanswered");
    const flags = a.flags.filter((f) => f.kind !== "contested_figure");
    if (flags.length) {
      const ul = el("ul", "flags");
      for (const f of flags) {
        const li = el("li", "flag", "⚠ " + f.message);
        li.dataset.kind = f.kind;
        ul.append(li);
      }
      bubble.append(ul);
    }
    for (const d of a.disputes || []) bubble.append(dispute(d, cites));
    if (a.citations.length) bubble.append(el("div", "label", "Sources"), list);
  }

  function withRefs(p, line, cites) {
    line.split(/\[(\d+)\]/).forEach((part, i) => {
      if (i % 2 === 0) p.append(part);
      else if (cites.has(+part)) p.append(ref(+part, cites));
      else p.append("[" + part + "]");
    });
    return p;
  }

  function ref(n, cites) {
    const b = el("button", "ref", "[" + n + "]");
    b.type = "button";
    b.setAttribute("aria-label", "Show source " + n);
    b.addEventListener("click", () => {
      const d = cites.get(n);
      d.open = true;
      d.scrollIntoView({ block: "nearest" });
    });
    return b;
  }

  function badge(stance, inferred, affiliation) {
    const s = STANCES[stance] ? stance : "unknown";
    const b = el("span", "badge " + s, STANCES[s] + (inferred ? " (inferred)" : ""));
    if (affiliation) b.title = affiliation;
    return b;
  }

  function citation(c) {
    const d = el("details", "cite");
    d.dataset.n = c.n;
    const s = el("summary");
    s.append(el("b", "", "[" + c.n + "] "), c.publisher || c.title || "Unnamed source");
    if (c.date) s.append(" · " + c.date);
    s.append(badge(c.stance, c.stance_inferred, c.affiliation));
    if (c.uploaded) s.append(" · declared by uploader");
    const quote = el("blockquote", "quote");
    quote.append(el("mark", "", c.quote));
    d.append(s, el("div", "loc", c.title), quote);
    d.append(el("div", "loc", c.doc_id + " · characters " + c.start + "–" + c.end));
    if (/^https?:\/\//i.test(c.url || "")) {
      const a = el("a", "", "Open the source");
      a.href = c.url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      d.append(a);
    }
    d.addEventListener("toggle", () => {
      if (!d.open || d.dataset.context) return;
      d.dataset.context = "1";
      context(c, quote, d);
    });
    return d;
  }

  async function context(c, quote, d) {
    try {
      const res = await call("/api/v1/documents/" + c.doc_id.split("/").map(encodeURIComponent).join("/"));
      const chars = Array.from((await res.json()).text); // offsets count code points
      if (chars.slice(c.start, c.end).join("") !== c.quote) {
        d.append(el("div", "error", "The stored source no longer matches this quote."));
        return;
      }
      const before = chars.slice(Math.max(0, c.start - 220), c.start).join("");
      const after = chars.slice(c.end, c.end + 220).join("");
      quote.replaceChildren("…" + before, el("mark", "", c.quote), after + "…");
      d.append(el("div", "ok", "✓ Verified: the quote is the source's text at these offsets."));
    } catch (e) {
      d.append(el("div", "loc", "Context unavailable: " + e.message));
    }
  }

  function dispute(d, cites) {
    const box = el("section", "dispute");
    box.append(el("h4", "", "⚖ Sources disagree: " + d.counted));
    const table = el("table");
    const head = table.createTHead().insertRow();
    for (const h of ["Claimant", "Value", "Date", "Stance"]) head.append(el("th", "", h));
    const body = table.createTBody();
    for (const c of d.claims) {
      const row = body.insertRow();
      const value = el("td", "", c.value);
      if (c.citation != null && cites.has(c.citation)) value.append(" ", ref(c.citation, cites));
      if (c.earlier && c.earlier.length) value.append(el("div", "loc", "earlier: " + c.earlier.join(", ")));
      const stance = el("td");
      stance.append(badge(c.stance, false, ""));
      row.append(el("td", "", c.claimant), value, el("td", "", c.date), stance);
    }
    box.append(table);
    return box;
  }

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
