// The rows of one table: typed cells, sorting, filters, keyset pages, soft-deleted rows on
// request, column choice, editing, and a refresh when the rows change underneath.
import { h, clear, formatCount, notify, errorBox, confirmDialog } from "./dom.js";
import { renderValue } from "./values.js";
import { toJSON } from "./rpc.js";
import { Catalog } from "./catalog.js";
import { icon } from "./icons.js";
import { FilterBuilder, describeFilter } from "./filters.js";
import { openRowEditor, softDeleteRow, restoreRow, hardDeleteRow } from "./editor.js";

const PAGE_SIZES = [25, 50, 100, 200];

function stateFor(app, table) {
  if (!app.tableState.has(table.name)) {
    const stored = JSON.parse(localStorage.getItem(`wizdb-hidden:${table.name}`) ?? "null");
    app.tableState.set(table.name, {
      sort: null, conditions: [], showDeactivated: false, pageSize: 50,
      cursor: null, previous: [], pageIndex: 0,
      hidden: new Set(stored ?? []),
    });
  }
  return app.tableState.get(table.name);
}

// The order a page needs no sort for: with the default soft-delete filter, the column that
// follows deactivated_at in an index (createdAt in the base pattern's usual index), so a page
// reads one index range; otherwise the key, whose index is walked in order. Ordering by the key
// under the filter would sort every active row to find the first page.
export function defaultOrderField(table, filtered) {
  if (filtered && table.softDeletes) {
    const index = table.indexes.find((item) => !item.where && item.columns[0] === "deactivated_at" && item.columns.length > 1);
    const column = index && table.byColumn.get(index.columns[1]);
    if (column) return column.field;
  }
  return table.keyField;
}

export function pageParams(table, state) {
  const params = { table: table.name, limit: state.pageSize };
  if (table.softDeletes && state.showDeactivated) params.deactivated = "include";
  if (state.sort) params.orderBy = [{ field: state.sort.field, direction: state.sort.direction }];
  else {
    const field = defaultOrderField(table, params.deactivated !== "include");
    if (field) params.orderBy = [{ field, direction: "asc" }];
  }
  const where = FilterBuilder.toWhere(table, state.conditions);
  if (where) params.where = where;
  if (state.cursor) params.cursor = state.cursor;
  return params;
}

export async function render(app, main, route) {
  const table = app.catalog.table(route.table);
  if (!table) {
    clear(main, h("div", { class: "empty-state" }, h("h2", {}, `No table ${route.table}`), h("p", {}, "It is not in the database.")));
    return null;
  }
  const state = stateFor(app, table);
  const readOnly = app.capabilities.readOnly;
  let rows = [];
  let lastText = "";
  let hasMore = false;
  let nextCursor = null;
  let loading = false;
  let disposed = false;
  let filterOpen = state.conditions.length > 0;
  let columnsOpen = false;

  const title = h("h1", {}, table.name);
  const countLine = h("div", { class: "count-line" });
  const toolbar = h("div", { class: "toolbar" });
  const filterArea = h("div", { class: "filter-area" });
  const gridArea = h("div", { class: "grid-scroll" });
  const footer = h("div", { class: "grid-footer" });
  const liveNote = h("span", { class: "live-note", title: "The grid refreshes by itself when the rows change" });
  clear(main, h("section", { class: "data-view" },
    h("div", { class: "view-head" }, h("div", {}, title, countLine), liveNote),
    toolbar, filterArea, h("div", { class: "grid-card" }, gridArea, footer)));

  function renderCounts() {
    const counts = app.counts.get(table.name);
    if (!counts) return clear(countLine, h("span", { class: "muted" }, "counting…"));
    clear(countLine,
      h("span", { class: "pill" }, h("strong", {}, formatCount(counts.active)), table.softDeletes ? " active" : " rows"),
      table.softDeletes ? h("span", { class: ["pill", "pill-muted"] }, h("strong", {}, formatCount(counts.deactivated)), " deactivated") : null);
  }

  const visibleColumns = () => table.columns.filter((column) => !state.hidden.has(column.field));

  function renderToolbar() {
    const columns = visibleColumns();
    clear(toolbar,
      h("button", { type: "button", class: ["button", filterOpen && "pressed"], "data-action": "filter", onclick: () => { filterOpen = !filterOpen; renderFilters(); renderToolbar(); } },
        icon("filter"), "Filter", state.conditions.length ? h("span", { class: "counter" }, state.conditions.length) : null),
      h("div", { class: "dropdown" },
        h("button", { type: "button", class: ["button", columnsOpen && "pressed"], "data-action": "columns", onclick: () => { columnsOpen = !columnsOpen; renderToolbar(); } },
          icon("columns"), `Columns ${columns.length}/${table.columns.length}`),
        columnsOpen ? h("div", { class: "dropdown-menu", "data-menu": "columns" },
          table.columns.map((column) => h("label", { class: "check" },
            h("input", { type: "checkbox", checked: !state.hidden.has(column.field), "data-column": column.field, onchange: (event) => {
              if (event.target.checked) state.hidden.delete(column.field);
              else state.hidden.add(column.field);
              localStorage.setItem(`wizdb-hidden:${table.name}`, JSON.stringify([...state.hidden]));
              renderToolbar();
              renderGrid();
            } }), column.field, h("span", { class: "type" }, column.type))),
          h("div", { class: "menu-actions" },
            h("button", { type: "button", class: "link-button", onclick: () => { state.hidden.clear(); localStorage.removeItem(`wizdb-hidden:${table.name}`); renderToolbar(); renderGrid(); } }, "Show all"))) : null),
      table.softDeletes ? h("label", { class: ["switch", state.showDeactivated && "on"], title: "Show soft-deleted rows too (marked)" },
        h("input", { type: "checkbox", "data-action": "show-deactivated", checked: state.showDeactivated, onchange: (event) => { state.showDeactivated = event.target.checked; firstPage(); } }),
        h("span", { class: "track" }), "Show deactivated") : null,
      h("span", { class: "spacer" }),
      state.sort ? h("span", { class: "chip" }, `sorted by ${state.sort.field} ${state.sort.direction}`,
        h("button", { type: "button", class: "chip-x", title: "Clear sorting", onclick: () => { state.sort = null; firstPage(); } }, "×")) : null,
      h("button", { type: "button", class: "button", "data-action": "refresh", title: "Reload this page of rows", onclick: () => load() }, icon("refresh"), "Refresh"),
      readOnly ? null : h("button", { type: "button", class: ["button", "primary"], "data-action": "insert", onclick: insertRow }, icon("plus"), "Insert row"));
  }

  function renderFilters() {
    if (!filterOpen) return clear(filterArea);
    const builder = new FilterBuilder(table, state.conditions, (conditions) => {
      state.conditions = conditions;
      renderToolbar();
      firstPage();
    });
    clear(filterArea, builder.element);
  }

  function sortBy(column) {
    if (!state.sort || state.sort.field !== column.field) state.sort = { field: column.field, direction: "asc" };
    else if (state.sort.direction === "asc") state.sort = { field: column.field, direction: "desc" };
    else state.sort = null;
    firstPage();
  }

  function renderGrid() {
    const columns = visibleColumns();
    const head = h("tr", {}, h("th", { class: "actions-head" }, ""),
      columns.map((column) => {
        const sorted = state.sort?.field === column.field ? state.sort.direction : null;
        const indexed = Catalog.isIndexed(table, column);
        return h("th", { class: [sorted && "sorted", `type-${column.type}`], "data-field": column.field, title: `${column.field}: ${column.type}${column.notNull ? ", not null" : ""}${indexed ? "" : " (sorting by it reads the whole table: no index starts with it)"}` },
          h("button", { type: "button", class: "sort-button", onclick: () => sortBy(column) },
            h("span", { class: "field-name" }, column.field),
            column.references ? h("span", { class: "fk-mark", title: `references ${column.references.table}` }, "→") : null,
            h("span", { class: "sort-arrow" }, sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "")));
      }));
    const body = rows.map((row) => {
      const deactivated = table.softDeletes && row.deactivatedAt != null;
      const key = table.keyField ? row[table.keyField] : null;
      return h("tr", { class: deactivated && "deactivated", "data-key": key == null ? null : String(key) },
        h("td", { class: "row-actions" }, rowActions(row, deactivated, key)),
        columns.map((column) => h("td", { class: `type-${column.type}`, "data-field": column.field }, cell(row, column, key, deactivated))));
    });
    const tableElement = h("table", { class: "grid", "data-table": table.name }, h("thead", {}, head),
      h("tbody", {}, body.length ? body : h("tr", {}, h("td", { class: "no-rows", colspan: columns.length + 1 }, loading ? "Loading…" : "No rows."))));
    clear(gridArea, tableElement);
    renderFooter();
  }

  function cell(row, column, key, deactivated) {
    const value = row[column.field];
    const content = renderValue(value, column, { row, table: table.name });
    if (value != null && column.field === table.keyField) {
      return [h("a", { class: "row-link", href: `#/row/${encodeURIComponent(table.name)}/${encodeURIComponent(String(value))}`, title: "Open this row" }, content),
        deactivated ? h("span", { class: "tag deactivated-tag", title: `deactivated ${row.deactivatedAt ?? ""} by ${row.deactivatedBy ?? "?"}` }, "deactivated") : null];
    }
    const parent = value != null ? app.catalog.parentOf(column) : null;
    if (parent) {
      const href = parent.isKey ? `#/row/${encodeURIComponent(parent.table)}/${encodeURIComponent(String(value))}` : `#/data/${encodeURIComponent(parent.table)}`;
      return h("a", { class: "fk-link", href, title: `Open the ${parent.table} row` }, content);
    }
    return content;
  }

  function rowActions(row, deactivated, key) {
    if (readOnly || key == null) return null;
    return h("div", { class: "action-icons" },
      h("button", { type: "button", class: "icon-button", title: "Edit", "data-action": "edit", onclick: () => editRow(row) }, icon("edit")),
      table.softDeletes ? (deactivated
        ? h("button", { type: "button", class: "icon-button", title: "Restore", "data-action": "restore", onclick: async () => { if (await restoreRow(app, table, row)) load(); } }, icon("restore"))
        : h("button", { type: "button", class: "icon-button", title: "Soft delete", "data-action": "soft-delete", onclick: async () => { if (await softDeleteRow(app, table, row)) load(); } }, icon("ban"))) : null,
      h("button", { type: "button", class: ["icon-button", "danger"], title: "Delete for good", "data-action": "delete", onclick: async () => { if (await hardDeleteRow(app, table, row)) load(); } }, icon("trash")));
  }

  function renderFooter() {
    const start = state.pageIndex * state.pageSize;
    clear(footer,
      h("span", { class: "muted" }, rows.length ? `Rows ${formatCount(start + 1)}–${formatCount(start + rows.length)}` : "No rows", state.conditions.length ? ` matching ${describeFilter(state.conditions)}` : ""),
      h("span", { class: "spacer" }),
      h("label", { class: "page-size" }, "Page size ",
        h("select", { "data-action": "page-size", onchange: (event) => { state.pageSize = Number(event.target.value); firstPage(); } },
          PAGE_SIZES.map((size) => h("option", { value: size, selected: size === state.pageSize }, size)))),
      h("div", { class: "pager" },
        h("button", { type: "button", class: "button", "data-action": "first", disabled: state.pageIndex === 0, onclick: firstPage }, "⇤ First"),
        h("button", { type: "button", class: "button", "data-action": "previous", disabled: state.pageIndex === 0, onclick: previousPage }, "‹ Previous"),
        h("button", { type: "button", class: "button", "data-action": "next", disabled: !hasMore, onclick: nextPage }, "Next ›")));
  }

  async function load({ quiet = false } = {}) {
    if (disposed) return;
    loading = !quiet;
    const params = pageParams(table, state);
    try {
      const prefetched = app.prefetch?.key === JSON.stringify(params) ? app.prefetch.promise : null;
      app.prefetch = null;
      const result = await (prefetched ?? app.rpc.call("query.paginate", params));
      if (disposed) return;
      const text = toJSON(result.rows);
      const changed = text !== lastText;
      rows = result.rows;
      lastText = text;
      hasMore = result.hasMore;
      nextCursor = result.nextCursor;
      loading = false;
      if (changed || !quiet) renderGrid();
      if (quiet && changed) {
        gridArea.classList.remove("flash");
        void gridArea.offsetWidth;
        gridArea.classList.add("flash");
      }
      return changed;
    } catch (error) {
      loading = false;
      if (!quiet) clear(gridArea, errorBox(error));
      return false;
    }
  }

  function firstPage() {
    state.cursor = null;
    state.previous = [];
    state.pageIndex = 0;
    renderToolbar();
    load();
  }

  function nextPage() {
    if (!hasMore || !nextCursor) return;
    state.previous.push(state.cursor);
    state.cursor = nextCursor;
    state.pageIndex += 1;
    load().then(() => gridArea.scrollTo({ top: 0 }));
  }

  function previousPage() {
    if (state.pageIndex === 0) return;
    state.cursor = state.previous.pop() ?? null;
    state.pageIndex -= 1;
    load().then(() => gridArea.scrollTo({ top: 0 }));
  }

  async function insertRow() {
    const saved = await openRowEditor(app, table, null);
    if (saved) {
      notify(`Inserted into ${table.name}`, "success");
      load();
      (await import("./main.js")).refreshCounts(table.name);
    }
  }

  async function editRow(row) {
    const saved = await openRowEditor(app, table, row);
    if (saved) {
      notify(`Saved; updatedAt is now ${saved.updatedAt ?? "unchanged"}`, "success");
      load();
    }
  }

  renderCounts();
  renderToolbar();
  renderFilters();
  renderGrid();
  app.timings.pageAsked ??= performance.now();
  await load();
  app.timings.pageShown ??= performance.now();

  // Live: a watch when the server has query.watch, else a poll of the page every 2 seconds.
  const live = await startLive(app, "query.paginate", () => pageParams(table, state), (result) => {
    if (result && toJSON(result.rows) !== lastText) load({ quiet: true });
  }, () => load({ quiet: true }), liveNote);
  const onCounts = () => renderCounts();
  document.addEventListener("counts-changed", onCounts);
  return () => {
    disposed = true;
    live();
    document.removeEventListener("counts-changed", onCounts);
  };
}

// Keeps a shown result fresh. With query.watch the server says when it changed; without it the
// page asks again every 2 seconds (only while the tab is visible and no dialog is open).
export async function startLive(app, method, paramsNow, onChanged, poll, note) {
  const watching = app.capabilities.methods?.includes("query.watch");
  if (watching) {
    let current = null;
    let paramsText = "";
    const unlisten = app.rpc.on("watch/changed", (message) => {
      if (message.watch === current) onChanged(message.result);
    });
    const rewatch = async () => {
      const params = paramsNow();
      const text = toJSON(params);
      if (text === paramsText) return;
      paramsText = text;
      const old = current;
      current = null;
      if (old) app.rpc.call("query.unwatch", { watch: old }).catch(() => {});
      try {
        const answer = await app.rpc.call("query.watch", { method, params });
        current = answer.watch;
      } catch {
        paramsText = "";
      }
    };
    await rewatch();
    const timer = setInterval(rewatch, 500);
    clear(note, h("span", { class: "live-dot" }), "live");
    return () => {
      clearInterval(timer);
      unlisten();
      if (current) app.rpc.call("query.unwatch", { watch: current }).catch(() => {});
    };
  }
  clear(note, h("span", { class: "live-dot polling" }), "auto-refresh");
  const timer = setInterval(() => {
    if (document.visibilityState === "visible" && !document.querySelector("dialog[open]")) poll();
  }, 2000);
  return () => clearInterval(timer);
}
