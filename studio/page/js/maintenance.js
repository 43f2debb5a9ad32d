// Maintenance: file, pages and WAL; rows per table as a bar chart; integrity check; backups with
// a progress bar; vacuum, optimize and checkpoint.
import { h, clear, errorBox, formatBytes, formatCount, notify } from "./dom.js";

const BACKUPS_KEY = "wizdb-backups";

export async function render(app, main) {
  const statsArea = h("div", { "data-role": "stats" }, h("div", { class: "loading" }, "Reading statistics…"));
  const output = h("div", { class: "card", "data-role": "maintenance-output" }, h("p", { class: "muted" }, "Results of the actions above show up here."));
  const progress = h("div", { class: "progress", "data-role": "backup-progress", hidden: true }, h("div", { class: "progress-bar" }), h("span", { class: "progress-label" }));
  const backupsList = h("ul", { class: "backups", "data-role": "backups" });
  const readOnly = app.capabilities.readOnly;
  const action = (label, name, handler, { writes = false, primary = false } = {}) =>
    h("button", { type: "button", class: ["button", primary && "primary"], "data-action": name, disabled: writes && readOnly, onclick: handler }, label);

  clear(main, h("section", { class: "maintenance-view" },
    h("div", { class: "view-head" }, h("div", {}, h("h1", {}, "Maintenance"), h("div", { class: "count-line" }, "Sizes, checks and backups; every action here is a maintenance.* call"))),
    statsArea,
    h("div", { class: "maintenance-grid" },
      h("div", { class: "card" }, h("h2", {}, "Backup"),
        h("p", { class: "muted small" }, "An online backup into the backups folder, consistent while writes go on, checked before it is kept."),
        h("div", { class: "toolbar" }, action("Back up now", "backup", backup, { primary: true })), progress,
        h("h3", {}, "Backups made here"), backupsList),
      h("div", { class: "card" }, h("h2", {}, "Checks and upkeep"),
        h("div", { class: "action-list" },
          h("div", {}, action("Integrity check", "integrity", integrity), h("span", { class: "muted small" }, "PRAGMA integrity_check and foreign_key_check")),
          h("div", {}, action("Optimize", "optimize", () => simple("maintenance.optimize", { analyze: true }), { writes: true }), h("span", { class: "muted small" }, "refresh the planner's statistics")),
          h("div", {}, action("Checkpoint", "checkpoint", () => simple("maintenance.checkpoint", { mode: "truncate" }), { writes: true }), h("span", { class: "muted small" }, "copy the WAL into the database file")),
          h("div", {}, action("Vacuum", "vacuum", () => simple("maintenance.vacuum", {}), { writes: true }), h("span", { class: "muted small" }, "rewrite the file without free pages"))))),
    output));

  async function loadStats() {
    try {
      const stats = await app.rpc.call("maintenance.stats", {});
      const largest = Math.max(1, ...stats.tables.map((table) => Number(table.rows)));
      clear(statsArea,
        h("div", { class: "stat-cards" },
          statCard("Database file", formatBytes(stats.fileBytes), `${formatCount(stats.pageCount)} pages of ${formatBytes(stats.pageSize)}`),
          statCard("Write-ahead log", formatBytes(stats.walBytes), "not yet checkpointed"),
          statCard("Free pages", formatCount(stats.freelistCount), `${formatBytes(Number(stats.freelistCount) * Number(stats.pageSize))} a vacuum would return`),
          statCard("Tables", formatCount(stats.tables.length), `${formatCount(stats.tables.reduce((sum, table) => sum + Number(table.rows), 0))} rows in all`)),
        h("div", { class: "card" }, h("h2", {}, "Rows per table"),
          h("div", { class: "bar-chart", "data-role": "bar-chart" }, stats.tables.map((table) => {
            const active = Number(table.active ?? table.rows);
            const deactivated = Number(table.deactivated ?? 0);
            const bar = h("div", { class: "bar" }, h("div", { class: "bar-active" }), h("div", { class: "bar-deactivated" }));
            bar.children[0].style.width = `${(active / largest) * 100}%`;
            bar.children[1].style.width = `${(deactivated / largest) * 100}%`;
            return h("div", { class: "bar-row", "data-table": table.name },
              h("a", { class: "bar-label", href: `#/data/${encodeURIComponent(table.name)}` }, table.name),
              bar,
              h("span", { class: "bar-value" }, formatCount(table.rows), deactivated ? h("span", { class: "muted" }, ` (${formatCount(deactivated)} deactivated)`) : null,
                table.bytes != null ? h("span", { class: "muted" }, ` · ${formatBytes(table.bytes)}`) : null));
          })),
          h("div", { class: "legend" }, h("span", { class: "swatch active" }), "active ", h("span", { class: "swatch deactivated" }), "deactivated")));
    } catch (error) {
      clear(statsArea, errorBox(error));
    }
  }

  function renderBackups() {
    const items = JSON.parse(localStorage.getItem(BACKUPS_KEY) ?? "[]");
    clear(backupsList, items.length ? items.map((item) => h("li", {},
      h("code", {}, item.name), h("span", { class: "muted small" }, ` ${formatBytes(item.bytes)} · ${item.verified ? "verified" : "not verified"} · ${new Date(item.at).toLocaleString()}`)))
      : h("li", { class: "muted small" }, "None yet."));
  }

  async function backup(event) {
    const button = event.currentTarget;
    button.disabled = true;
    progress.hidden = false;
    progress.dataset.updates = "0";
    setProgress(0, "starting…");
    try {
      const result = await app.rpc.call("maintenance.backup", {}, {
        onProgress: (value) => {
          progress.dataset.updates = String(Number(progress.dataset.updates ?? 0) + 1);
          if (value.percentage != null) setProgress(value.percentage, value.message ?? `${value.percentage}%`);
          else if (value.message) setProgress(null, value.message);
        },
      });
      setProgress(100, "done");
      const items = JSON.parse(localStorage.getItem(BACKUPS_KEY) ?? "[]").filter((item) => !(result.removed ?? []).includes(item.name));
      items.unshift({ name: result.name ?? result.path, bytes: result.bytes, verified: result.verified, at: Date.now() });
      localStorage.setItem(BACKUPS_KEY, JSON.stringify(items.slice(0, 30)));
      renderBackups();
      show("Backup", [["file", result.path], ["size", formatBytes(result.bytes)], ["pages", formatCount(result.pages)], ["took", `${result.durationMs} ms`], ["verified", String(result.verified)]]);
      notify("Backup written", "success");
    } catch (error) {
      progress.hidden = true;
      clear(output, errorBox(error));
    } finally {
      button.disabled = false;
    }
  }

  function setProgress(percentage, label) {
    const bar = progress.querySelector(".progress-bar");
    progress.classList.toggle("indeterminate", percentage == null);
    if (percentage != null) bar.style.width = `${Math.max(0, Math.min(100, percentage))}%`;
    progress.querySelector(".progress-label").textContent = label;
    progress.dataset.percentage = percentage ?? "";
  }

  async function integrity() {
    try {
      const result = await app.rpc.call("maintenance.integrityCheck", {});
      clear(output, h("h2", {}, "Integrity check"),
        result.ok ? h("p", { class: "in-sync", "data-role": "integrity-ok" }, "✓ No problems found: the file and every foreign key are sound.")
          : h("div", {}, (result.problems ?? []).map((problem) => h("div", { class: "warning" }, problem.message)),
            (result.foreignKeyViolations ?? []).map((violation) => h("div", { class: "warning" }, `${violation.table} row ${violation.rowid} references a missing ${violation.parent} row`))));
    } catch (error) {
      clear(output, errorBox(error));
    }
  }

  async function simple(method, params) {
    try {
      const result = await app.rpc.call(method, params);
      show(method, Object.entries(result).map(([key, value]) => [key, typeof value === "number" && /bytes/i.test(key) ? formatBytes(value) : String(value)]));
      notify(`${method} done`, "success");
      loadStats();
    } catch (error) {
      clear(output, errorBox(error));
    }
  }

  function show(title, pairs) {
    clear(output, h("h2", {}, title), pairs.length ? h("dl", { class: "fields-list compact" }, pairs.map(([key, value]) => [h("dt", {}, key), h("dd", {}, value)])) : h("p", { class: "muted" }, "Done."));
  }

  renderBackups();
  await loadStats();
  return null;
}

function statCard(title, value, detail) {
  return h("div", { class: "card stat-card" }, h("div", { class: "stat-title" }, title), h("div", { class: "stat-value" }, value), h("div", { class: "muted small" }, detail));
}
