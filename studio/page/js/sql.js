// The SQL console: read-only unless switched, refused with --no-raw-sql, results in a grid,
// errors with their message, and a history kept in this browser.
import { h, clear, errorBox, formatCount } from "./dom.js";
import { renderValue } from "./values.js";
import { icon } from "./icons.js";

const HISTORY_KEY = "wizdb-sql-history";

function history() {
  try {
    return JSON.parse(localStorage.getItem(HISTORY_KEY) ?? "[]");
  } catch {
    return [];
  }
}

export async function render(app, main) {
  if (!app.capabilities.rawSql) {
    clear(main, h("section", { class: "sql-view" }, h("div", { class: "empty-state", "data-role": "sql-disabled" },
      h("h2", {}, "SQL is switched off"),
      h("p", {}, "This studio was started with ", h("code", {}, "--no-raw-sql"), ": the server refuses query.sql. The other views still work."))));
    return null;
  }
  const editor = h("textarea", { class: "sql-input", "data-role": "sql", spellcheck: "false", rows: 7, placeholder: "SELECT * FROM users WHERE credits > ? -- Ctrl+Enter runs" });
  editor.value = sessionStorage.getItem("wizdb-sql-draft") ?? (app.catalog.tables[0] ? `SELECT * FROM "${app.catalog.tables[0].name}" LIMIT 50` : "SELECT sqlite_version()");
  const writes = h("input", { type: "checkbox", "data-role": "allow-writes" });
  const writeSwitch = h("label", { class: "switch", title: "Off: statements that write are refused (read_only)" }, writes, h("span", { class: "track" }), "Allow writes");
  writes.addEventListener("change", () => writeSwitch.classList.toggle("on", writes.checked));
  const result = h("div", { class: "sql-result", "data-role": "sql-result" });
  const historyList = h("ul", { class: "history", "data-role": "history" });
  const runButton = h("button", { type: "button", class: ["button", "primary"], "data-action": "run", onclick: run }, icon("play"), "Run");
  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  });
  editor.addEventListener("input", () => sessionStorage.setItem("wizdb-sql-draft", editor.value));

  function renderHistory() {
    const items = history();
    clear(historyList, items.length ? items.map((item) => h("li", {},
      h("button", { type: "button", class: "history-item", title: item.sql, onclick: () => { editor.value = item.sql; editor.focus(); } },
        h("code", {}, item.sql.length > 140 ? item.sql.slice(0, 140) + "…" : item.sql),
        h("span", { class: ["muted", "small", item.ok ? "" : "failed"] }, `${item.ok ? "✓" : "✗"} ${new Date(item.at).toLocaleTimeString()}`))))
      : h("li", { class: "muted small pad" }, "Statements you run show up here."));
  }

  function remember(sql, ok) {
    const items = history().filter((item) => item.sql !== sql);
    items.unshift({ sql, ok, at: Date.now() });
    localStorage.setItem(HISTORY_KEY, JSON.stringify(items.slice(0, 50)));
    renderHistory();
  }

  async function run() {
    const sql = editor.value.trim();
    if (!sql) return;
    runButton.disabled = true;
    clear(result, h("div", { class: "loading" }, "Running…"));
    const started = performance.now();
    try {
      const answer = await app.rpc.call("query.sql", { sql, readOnly: !writes.checked, rowMode: "array" });
      const elapsed = performance.now() - started;
      remember(sql, true);
      clear(result,
        h("div", { class: "result-meta" },
          h("span", { class: "pill" }, h("strong", {}, formatCount(answer.rows.length)), " rows"),
          answer.changes ? h("span", { class: "pill" }, h("strong", {}, formatCount(answer.changes)), " changed") : null,
          answer.truncated ? h("span", { class: "tag warn" }, "truncated at the server's --max-rows") : null,
          h("span", { class: "muted small" }, `${elapsed.toFixed(1)} ms`)),
        answer.columns.length ? h("div", { class: "grid-scroll" }, h("table", { class: "grid", "data-role": "sql-grid" },
          h("thead", {}, h("tr", {}, answer.columns.map((column) => h("th", {}, column)))),
          h("tbody", {}, answer.rows.map((row) => h("tr", {}, row.map((value) => h("td", {}, renderValue(value, null)))))))) : null);
    } catch (error) {
      remember(sql, false);
      clear(result, errorBox(error));
    } finally {
      runButton.disabled = false;
    }
  }

  clear(main, h("section", { class: "sql-view" },
    h("div", { class: "view-head" }, h("div", {}, h("h1", {}, "SQL"), h("div", { class: "count-line" }, "One statement at a time, values bound with ? or :name. Read-only unless you allow writes."))),
    h("div", { class: "sql-layout" },
      h("div", { class: "sql-main" },
        h("div", { class: "card sql-card" }, editor,
          h("div", { class: "toolbar" }, runButton, h("span", { class: "muted small" }, "Ctrl+Enter"), h("span", { class: "spacer" }), writeSwitch)),
        result),
      h("aside", { class: "card sql-history" }, h("h2", {}, "History"), historyList,
        h("button", { type: "button", class: "link-button", onclick: () => { localStorage.removeItem(HISTORY_KEY); renderHistory(); } }, "Clear history")))));
  renderHistory();
  return null;
}
