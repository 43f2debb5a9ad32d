// One row: every field in full, its parents, and its children per referencing table.
import { h, clear, formatCount, errorBox, notify } from "./dom.js";
import { renderValue } from "./values.js";
import { openRowEditor, softDeleteRow, restoreRow, hardDeleteRow } from "./editor.js";
import { startLive } from "./grid.js";
import { toJSON } from "./rpc.js";
import { icon } from "./icons.js";

const CHILD_LIMIT = 10;

export async function render(app, main, route) {
  const table = app.catalog.table(route.table);
  if (!table || !table.keyField) {
    clear(main, h("div", { class: "empty-state" }, h("h2", {}, `No table ${route.table} with a one-field key`)));
    return null;
  }
  const id = keyValue(table, route.id);
  const readOnly = app.capabilities.readOnly;
  const body = h("div", { class: "row-page" });
  let lastText = "";
  clear(main, h("section", { class: "row-view" },
    h("nav", { class: "crumbs" }, h("a", { href: `#/data/${encodeURIComponent(table.name)}` }, table.name), h("span", { class: "muted" }, " / "), h("code", {}, String(id))),
    body));

  async function load() {
    let row;
    try {
      ({ row } = await app.rpc.call("query.get", { table: table.name, id, deactivated: "include" }));
    } catch (error) {
      clear(body, errorBox(error));
      return;
    }
    lastText = toJSON(row);
    if (!row) {
      clear(body, h("div", { class: "empty-state" }, h("h2", {}, "No such row"), h("p", {}, `${table.name} has no row ${id}.`)));
      return;
    }
    const deactivated = table.softDeletes && row.deactivatedAt != null;
    const children = await Promise.all((app.catalog.children.get(table.name) ?? []).map(async (child) => {
      const value = row[child.parentField];
      const where = { [child.column.field]: value };
      try {
        const [{ rows }, { count }] = await Promise.all([
          app.rpc.call("query.select", { table: child.table, where, limit: CHILD_LIMIT, deactivated: "include" }),
          app.rpc.call("query.count", { table: child.table, where, deactivated: "include" }),
        ]);
        return { child, rows, count };
      } catch (error) {
        return { child, error };
      }
    }));
    clear(body,
      h("div", { class: "row-head" },
        h("h1", {}, table.name, " ", h("span", { class: "muted" }, "row")),
        deactivated ? h("span", { class: ["tag", "deactivated-tag"] }, `deactivated by ${row.deactivatedBy ?? "?"}`) : null,
        h("span", { class: "spacer" }),
        readOnly ? null : [
          h("button", { type: "button", class: "button", "data-action": "edit", onclick: async () => { if (await openRowEditor(app, table, row)) { notify("Saved", "success"); load(); } } }, icon("edit"), "Edit"),
          table.softDeletes ? (deactivated
            ? h("button", { type: "button", class: "button", "data-action": "restore", onclick: async () => { if (await restoreRow(app, table, row)) load(); } }, icon("restore"), "Restore")
            : h("button", { type: "button", class: "button", "data-action": "soft-delete", onclick: async () => { if (await softDeleteRow(app, table, row)) load(); } }, icon("ban"), "Soft delete")) : null,
          h("button", { type: "button", class: ["button", "danger"], "data-action": "delete", onclick: async () => { if (await hardDeleteRow(app, table, row)) location.hash = `#/data/${encodeURIComponent(table.name)}`; } }, icon("trash"), "Delete"),
        ]),
      h("div", { class: "card" }, h("dl", { class: "fields-list" }, table.columns.map((column) => {
        const value = row[column.field];
        const parent = value != null ? app.catalog.parentOf(column) : null;
        const shown = renderValue(value, column, { full: true, row, table: table.name });
        return [h("dt", {}, column.field, h("span", { class: "type" }, column.type)),
          h("dd", { "data-field": column.field }, parent?.isKey ? h("a", { class: "fk-link", href: `#/row/${encodeURIComponent(parent.table)}/${encodeURIComponent(String(value))}` }, shown, h("span", { class: "muted" }, ` → ${parent.table}`)) : shown)];
      }))),
      h("h2", { class: "section-title" }, "Referenced by"),
      children.length ? children.map(({ child, rows, count, error }) => h("div", { class: "card child-card", "data-child": `${child.table}.${child.column.field}` },
        h("div", { class: "child-head" },
          h("h3", {}, child.table, h("span", { class: "muted" }, ` .${child.column.field}`)),
          error ? null : h("span", { class: "pill" }, h("strong", {}, formatCount(count)), count === 1 ? " row" : " rows"),
          h("span", { class: "tag" }, `on delete ${child.column.references.onDelete}`),
          h("span", { class: "spacer" }),
          error ? null : h("a", { class: "button", href: `#/data/${encodeURIComponent(child.table)}`, onclick: () => presetFilter(app, child.table, child.column.field, row[child.parentField]) }, "Open in grid")),
        error ? errorBox(error) : childTable(app, child, rows, count)))
        : h("p", { class: "muted" }, "No table references this one."));
  }

  await load();
  const stop = await startLive(app, "query.get", () => ({ table: table.name, id, deactivated: "include" }), (result) => {
    if (toJSON(result?.row ?? null) !== lastText) load();
  }, async () => {
    const { row } = await app.rpc.call("query.get", { table: table.name, id, deactivated: "include" });
    if (toJSON(row) !== lastText) load();
  }, h("span"));
  return stop;
}

function keyValue(table, text) {
  const column = table.byField.get(table.keyField);
  return column?.type === "integer" && /^-?\d+$/.test(text) ? Number(text) : text;
}

function presetFilter(app, tableName, field, value) {
  const state = app.tableState.get(tableName);
  const condition = { field, op: "eq", value: String(value), value2: "" };
  if (state) {
    state.conditions = [condition];
    state.cursor = null;
    state.previous = [];
    state.pageIndex = 0;
  } else {
    app.tableState.set(tableName, { sort: null, conditions: [condition], showDeactivated: true, pageSize: 50, cursor: null, previous: [], pageIndex: 0, hidden: new Set(JSON.parse(localStorage.getItem(`wizdb-hidden:${tableName}`) ?? "[]")) });
  }
}

function childTable(app, child, rows, count) {
  const table = app.catalog.table(child.table);
  if (!rows.length) return h("p", { class: "muted small" }, "No rows.");
  const columns = table.columns.filter((column) => !["createdAt", "updatedAt", "deactivatedBy"].includes(column.field)).slice(0, 7);
  return h("div", { class: "grid-scroll small-grid" }, h("table", { class: "grid" },
    h("thead", {}, h("tr", {}, columns.map((column) => h("th", {}, column.field)))),
    h("tbody", {}, rows.map((row) => h("tr", { class: table.softDeletes && row.deactivatedAt != null ? "deactivated" : null },
      columns.map((column) => {
        const content = renderValue(row[column.field], column, { row, table: table.name });
        const value = row[column.field];
        const parent = value != null ? app.catalog.parentOf(column) : null;
        return h("td", { class: `type-${column.type}` }, column.field === table.keyField
          ? h("a", { class: "row-link", href: `#/row/${encodeURIComponent(table.name)}/${encodeURIComponent(String(value))}` }, content)
          : parent?.isKey ? h("a", { class: "fk-link", href: `#/row/${encodeURIComponent(parent.table)}/${encodeURIComponent(String(value))}` }, content) : content);
      }))))),
    count > rows.length ? h("div", { class: "muted small pad" }, `and ${formatCount(count - rows.length)} more`) : null);
}
