// The tables as they are in the database: a diagram of all tables and their references, then
// per table its columns (types, defaults, checks, keys), indexes (partial ones marked) and
// foreign keys with their actions.
import { h, clear, formatCount, errorBox } from "./dom.js";
import { diagram } from "./diagram.js";

export async function render(app, main) {
  clear(main, h("div", { class: "loading" }, "Reading the schema…"));
  let tables;
  try {
    ({ tables } = await app.rpc.call("schema.describe", { rows: false }));
  } catch (error) {
    clear(main, errorBox(error));
    return null;
  }
  const filter = h("input", { type: "search", placeholder: "Filter tables and columns", class: "search", "aria-label": "Filter tables and columns" });
  const cards = h("div", { class: "schema-cards" });
  const renderCards = () => {
    const text = filter.value.trim().toLowerCase();
    clear(cards, tables.filter((table) => !text || table.name.toLowerCase().includes(text) || table.columns.some((column) => column.field.toLowerCase().includes(text) || column.name.toLowerCase().includes(text)))
      .map((table) => tableCard(app, table)));
  };
  filter.addEventListener("input", renderCards);
  clear(main, h("section", { class: "schema-view" },
    h("div", { class: "view-head" }, h("div", {}, h("h1", {}, "Schema"), h("div", { class: "count-line" }, `${tables.length} tables, ${tables.reduce((sum, table) => sum + table.columns.length, 0)} columns, as they are in the database`))),
    h("div", { class: "card diagram-card" }, h("div", { class: "diagram-scroll" }, diagram(tables))),
    h("div", { class: "toolbar" }, filter),
    cards));
  renderCards();
  return null;
}

function tableCard(app, table) {
  const counts = app.counts.get(table.name);
  return h("article", { class: "card schema-card", id: `schema-${table.name}`, "data-table": table.name },
    h("header", { class: "schema-card-head" },
      h("h2", {}, h("a", { href: `#/data/${encodeURIComponent(table.name)}` }, table.name)),
      table.basePattern ? h("span", { class: "tag", title: "id, createdAt, updatedAt, deactivatedAt, deactivatedBy" }, "base pattern") : null,
      h("span", { class: "muted small" }, `primary key (${table.primaryKey.join(", ")})`),
      h("span", { class: "spacer" }),
      counts ? h("span", { class: "pill" }, h("strong", {}, formatCount(counts.active)), counts.deactivated != null ? ` active · ${formatCount(counts.deactivated)} deactivated` : " rows") : null),
    h("table", { class: "schema-table" },
      h("thead", {}, h("tr", {}, ["column", "field", "type", "SQL type", "null", "default", "check", "references"].map((title) => h("th", {}, title)))),
      h("tbody", {}, table.columns.map((column) => h("tr", { "data-column": column.name },
        h("td", {}, h("code", {}, column.name), column.primaryKey ? h("span", { class: "tag key", title: "primary key" }, "PK") : null, column.autoIncrement ? h("span", { class: "tag" }, "autoincrement") : null),
        h("td", {}, column.field),
        h("td", {}, h("span", { class: `type-badge type-${column.type}` }, column.type)),
        h("td", { class: "muted" }, column.sqlType),
        h("td", {}, column.notNull ? h("span", { class: "muted" }, "not null") : "nullable"),
        h("td", {}, column.default != null ? h("code", {}, column.default) : h("span", { class: "muted" }, "—")),
        h("td", {}, column.check ? h("code", { class: "check" }, column.check) : h("span", { class: "muted" }, "—")),
        h("td", {}, column.references ? [h("a", { href: `#/schema`, onclick: (event) => { event.preventDefault(); document.getElementById(`schema-${column.references.table}`)?.scrollIntoView({ behavior: "smooth" }); } }, `${column.references.table}.${column.references.column}`),
          h("span", { class: "tag action", "data-on-delete": column.references.onDelete }, `on delete ${column.references.onDelete}`),
          column.references.onUpdate !== "noAction" ? h("span", { class: "tag action" }, `on update ${column.references.onUpdate}`) : null] : h("span", { class: "muted" }, "—")))))),
    table.indexes.length ? h("div", { class: "indexes" }, h("h3", {}, "Indexes"),
      h("ul", {}, table.indexes.map((index) => h("li", { "data-index": index.name },
        h("code", {}, index.name), " on ", h("span", {}, `(${index.columns.join(", ")})`),
        index.unique ? h("span", { class: "tag unique" }, "unique") : null,
        index.where ? h("span", { class: "tag partial", title: "A partial index: only rows matching its WHERE are in it" }, "partial") : null,
        index.where ? h("code", { class: "muted" }, ` WHERE ${index.where}`) : null))))
      : h("p", { class: "muted small pad" }, "No indexes besides the primary key."));
}
