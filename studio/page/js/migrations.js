// Migrations: applied files (name, checksum, date), pending, drift; the declared schema against
// the database, with statements, warnings and the rows each data-losing statement touches;
// generate a named migration; dry run; apply, asking before data loss.
import { h, clear, errorBox, notify, confirmDialog, formatCount } from "./dom.js";
import { formatTimestamp } from "./values.js";

export async function render(app, main) {
  const statusArea = h("div", { class: "card", "data-role": "status" }, h("div", { class: "loading" }, "Reading migrations…"));
  const diffArea = h("div", { class: "card", "data-role": "diff" }, h("div", { class: "loading" }, "Comparing…"));
  const output = h("div", { "data-role": "output" });
  const nameInput = h("input", { type: "text", placeholder: "name, e.g. add phone number", "data-role": "migration-name", autocomplete: "off" });
  const readOnly = app.capabilities.readOnly;
  clear(main, h("section", { class: "migrations-view" },
    h("div", { class: "view-head" }, h("div", {}, h("h1", {}, "Migrations"), h("div", { class: "count-line" }, "The files in the migrations folder, and the declared schema against the database"))),
    h("div", { class: "toolbar" },
      h("form", { class: "inline-form", onsubmit: (event) => { event.preventDefault(); generate(); } },
        nameInput, h("button", { type: "submit", class: "button", "data-action": "generate", disabled: readOnly }, "Generate migration")),
      h("span", { class: "spacer" }),
      h("button", { type: "button", class: "button", "data-action": "dry-run", onclick: () => migrate({ dryRun: true }) }, "Dry run"),
      h("button", { type: "button", class: ["button", "primary"], "data-action": "apply", disabled: readOnly, onclick: () => migrate({}) }, "Apply pending")),
    output, statusArea, diffArea));

  async function loadStatus() {
    try {
      const status = await app.rpc.call("schema.status", {});
      const drift = new Set(status.drift ?? []);
      clear(statusArea,
        h("h2", {}, "Status"),
        h("div", { class: "stat-row" },
          h("span", { class: "pill" }, h("strong", {}, status.applied.length), " applied"),
          h("span", { class: ["pill", status.pending.length && "pill-warn"] }, h("strong", {}, status.pending.length), " pending"),
          h("span", { class: ["pill", drift.size && "pill-danger"] }, h("strong", {}, drift.size), " drifted")),
        h("table", { class: "schema-table", "data-role": "applied" },
          h("thead", {}, h("tr", {}, ["file", "checksum", "applied at", ""].map((title) => h("th", {}, title)))),
          h("tbody", {},
            status.applied.map((file) => h("tr", { class: drift.has(file.name) && "drift", "data-file": file.name },
              h("td", {}, h("code", {}, file.name)),
              h("td", {}, h("code", { class: "muted", title: file.checksum }, String(file.checksum).slice(0, 16) + "…")),
              h("td", {}, formatTimestamp(file.appliedAt)),
              h("td", {}, drift.has(file.name) ? h("span", { class: "tag danger" }, "changed since applied") : h("span", { class: "tag ok" }, "applied")))),
            status.pending.map((name) => h("tr", { class: "pending", "data-file": name },
              h("td", {}, h("code", {}, name)), h("td", {}), h("td", { class: "muted" }, "not yet"), h("td", {}, h("span", { class: "tag warn" }, "pending")))),
            status.applied.length + status.pending.length === 0 ? h("tr", {}, h("td", { colspan: 4, class: "muted" }, "No migration files.")) : null)));
    } catch (error) {
      clear(statusArea, h("h2", {}, "Status"), errorBox(error));
    }
  }

  async function loadDiff() {
    try {
      const diff = await app.rpc.call("schema.diff", {});
      clear(diffArea, h("h2", {}, "Declared schema vs database"), statementsView(diff));
    } catch (error) {
      clear(diffArea, h("h2", {}, "Declared schema vs database"), errorBox(error));
    }
  }

  async function generate() {
    const name = nameInput.value.trim();
    if (!name) {
      nameInput.focus();
      notify("Give the migration a name", "error");
      return;
    }
    try {
      const result = await app.rpc.call("schema.generate", { name });
      if (!result.file) {
        clear(output, h("div", { class: "card notice" }, "Nothing to generate: the migrations already build the declared schema."));
      } else {
        clear(output, h("div", { class: "card notice", "data-role": "generated" },
          h("h2", {}, "Generated ", h("code", {}, result.file)),
          (result.warnings ?? []).map((warning) => h("div", { class: "warning" }, "⚠ ", warning)),
          h("pre", { class: "sql" }, fileText(result))));
        nameInput.value = "";
      }
      loadStatus();
    } catch (error) {
      clear(output, errorBox(error));
    }
  }

  async function migrate(params, losses = null) {
    try {
      const result = await app.rpc.call("schema.migrate", params);
      clear(output, h("div", { class: "card notice", "data-role": params.dryRun ? "dry-run" : "migrated" },
        h("h2", {}, params.dryRun ? "Dry run: would apply" : "Applied"),
        (losses ?? []).map((loss) => h("div", { class: "warning data-loss-line" }, "⚠ ", `${loss.description ?? `loses ${loss.table}${loss.column ? "." + loss.column : ""}`}${loss.rows != null ? ` — ${formatCount(loss.rows)} row(s) hold data` : ""}; Apply asks before it runs`)),
        result.applied.length ? h("ul", {}, result.applied.map((name) => h("li", {}, h("code", {}, name)))) : h("p", { class: "muted" }, "Nothing: no migration is pending."),
        result.pending?.length ? h("p", { class: "muted" }, `Still pending: ${result.pending.join(", ")}`) : null,
        result.statements ? h("pre", { class: "sql" }, result.statements.join(";\n") + ";") : null));
      if (!params.dryRun) {
        notify(result.applied.length ? `Applied ${result.applied.length} migration(s)` : "Nothing to apply", "success");
        const described = await app.rpc.call("schema.describe", { rows: false });
        const { Catalog } = await import("./catalog.js");
        app.catalog = new Catalog(described.tables);
        (await import("./main.js")).refreshCounts();
      }
      loadStatus();
      loadDiff();
    } catch (error) {
      if (error.kind === "data_loss_unconfirmed" && params.dryRun && !params.confirmDataLoss) {
        // Nothing is applied in a dry run: show what would run, and what it would lose.
        return migrate({ ...params, confirmDataLoss: true }, error.data?.dataLoss ?? []);
      }
      if (error.kind === "data_loss_unconfirmed" && !params.dryRun) {
        const losses = error.data?.dataLoss ?? [];
        const confirmed = await confirmDialog("This migration loses data", h("div", {},
          h("p", {}, error.message),
          losses.length ? h("ul", {}, losses.map((loss) => h("li", {}, `${loss.table}${loss.column ? "." + loss.column : ""}: ${formatCount(loss.rows)} row(s)`))) : null,
          h("p", {}, "Apply it anyway?")), { confirm: "Apply and lose the data", danger: true });
        if (confirmed) return migrate({ ...params, confirmDataLoss: true });
        return;
      }
      clear(output, errorBox(error));
    }
  }

  await Promise.all([loadStatus(), loadDiff()]);
  return null;
}

function fileText(result) {
  return (result.statements ?? []).map((statement) => statement.trim().endsWith(";") ? statement : `${statement};`).join("\n\n");
}

export function statementsView(diff) {
  const statements = diff.statements ?? [];
  if (!statements.length) return h("p", { class: "in-sync", "data-role": "in-sync" }, "✓ The database matches the declared schema.");
  // A loss belongs to the first statement that names its table (and column).
  const losses = (diff.dataLoss ?? []).map((loss) => ({ ...loss, at: statements.findIndex((statement) =>
    statement.includes(loss.table) && (!loss.column || statement.includes(loss.column))) }));
  const lossText = (loss) => `${loss.description ?? `loses ${loss.table}${loss.column ? "." + loss.column : ""}`}${loss.rows != null ? ` — ${formatCount(loss.rows)} row(s) hold data` : ""}`;
  return h("div", {},
    (diff.warnings ?? []).map((warning) => h("div", { class: "warning" }, "⚠ ", warning)),
    h("ol", { class: "statements" }, statements.map((statement, index) => {
      const mine = losses.filter((loss) => loss.at === index);
      return h("li", { class: mine.length && "data-loss" },
        h("pre", { class: "sql" }, statement),
        mine.map((loss) => h("div", { class: "warning data-loss-line" }, "⚠ ", lossText(loss))));
    })),
    losses.filter((loss) => loss.at < 0).map((loss) => h("div", { class: "warning data-loss-line" }, "⚠ ", lossText(loss))));
}
