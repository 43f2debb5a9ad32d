// The studio page: reads the token from the URL, connects, and shows one view at a time.
import { Rpc, RpcError } from "./rpc.js";
import { h, clear, formatCount, notify, errorBox } from "./dom.js";
import { Catalog } from "./catalog.js";

const views = {
  data: () => import("./grid.js"),
  row: () => import("./rowpage.js"),
  schema: () => import("./schemaview.js"),
  migrations: () => import("./migrations.js"),
  sql: () => import("./sql.js"),
  maintenance: () => import("./maintenance.js"),
};

function readToken() {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem("wizdb-token", decodeURIComponent(match[1]));
    history.replaceState(null, "", `${location.pathname}#/data`);
  }
  return sessionStorage.getItem("wizdb-token");
}

export const app = {
  rpc: null,
  capabilities: {},
  catalog: null,
  counts: new Map(),
  tableState: new Map(),
  cleanup: null,
  calls: [],
  // When each step of the start happened (performance.now()), for looking into slow starts.
  timings: { script: performance.now() },
};

function showConnection(state) {
  const element = document.getElementById("connection");
  element.className = `connection ${state}`;
  const labels = { live: "live", offline: "reconnecting", connecting: "connecting" };
  element.querySelector(".label").textContent = labels[state] ?? state;
  element.title = state === "live" ? "Connected: changes show up by themselves" : "Not connected to wizdb studio";
}

async function start() {
  const token = readToken();
  const main = document.getElementById("main");
  if (!token) {
    clear(main, h("div", { class: "empty-state" }, h("h2", {}, "No token"),
      h("p", {}, "Open the URL that ", h("code", {}, "wizdb studio"), " printed: it carries the token (after #token=).")));
    return;
  }
  app.rpc = new Rpc(token);
  app.rpc.log = (method, params) => app.calls.push({ method, params });
  app.rpc.onState = showConnection;
  // The first calls go in one POST while the socket connects; a grid route also asks for its
  // first page at once, in the order the grid uses for a table with the usual soft-delete index.
  const connecting = app.rpc.connect();
  const first = currentRoute();
  const calls = [["initialize", { clientInfo: { name: "wizdb-studio-page" } }], ["schema.describe", { rows: false }]];
  if (first.view === "data" && first.table) {
    const params = { table: first.table, limit: 50, orderBy: [{ field: "createdAt", direction: "asc" }] };
    calls.push(["query.paginate", params]);
    app.prefetch = { key: JSON.stringify(params) };
  }
  const answers = app.rpc.batch(calls);
  if (app.prefetch) {
    app.prefetch.promise = answers[2];
    answers[2].catch(() => {});
  }
  try {
    const [initialized, described] = await Promise.all(answers.slice(0, 2));
    app.timings.connected = performance.now();
    app.capabilities = initialized.capabilities;
    app.serverInfo = initialized.serverInfo;
    app.catalog = new Catalog(described.tables);
    app.timings.described = performance.now();
  } catch (error) {
    clear(main, errorBox(error));
    if (error instanceof RpcError && error.kind === "unauthorized") {
      sessionStorage.removeItem("wizdb-token");
    }
    return;
  }
  renderBadges();
  renderSidebar();
  document.getElementById("table-filter").addEventListener("input", renderSidebar);
  window.addEventListener("hashchange", route);
  await route();
  app.timings.routed = performance.now();
  await Promise.race([connecting, new Promise((resolve) => setTimeout(resolve, 1500))]);
  refreshCounts();
  setInterval(() => {
    if (document.visibilityState === "visible") refreshCounts();
  }, 15000);
}

function renderBadges() {
  const badges = [];
  if (app.capabilities.readOnly) badges.push(h("span", { class: "badge warn", title: "Started with --read-only: every write is refused" }, "read-only"));
  if (!app.capabilities.rawSql) badges.push(h("span", { class: "badge", title: "Started with --no-raw-sql" }, "no raw SQL"));
  badges.push(h("span", { class: "badge subtle", title: `SQLite ${app.capabilities.sqliteVersion}` }, `wizdb ${app.serverInfo?.version ?? ""}`));
  clear(document.getElementById("badges"), badges);
}

// Active and deactivated rows per table: two counts each, in one batch after the first view.
export async function refreshCounts(only = null) {
  const tables = app.catalog.tables.filter((table) => !only || table.name === only);
  await Promise.all(tables.map(async (table) => {
    try {
      if (table.softDeletes) {
        const [active, deactivated] = await Promise.all([
          app.rpc.call("query.count", { table: table.name }),
          app.rpc.call("query.count", { table: table.name, deactivated: "only" }),
        ]);
        app.counts.set(table.name, { active: active.count, deactivated: deactivated.count });
      } else {
        const all = await app.rpc.call("query.count", { table: table.name });
        app.counts.set(table.name, { active: all.count, deactivated: null });
      }
    } catch (error) {
      app.counts.set(table.name, { error: error.message });
    }
  }));
  renderSidebar();
  document.dispatchEvent(new CustomEvent("counts-changed"));
}

export function renderSidebar() {
  const filter = document.getElementById("table-filter").value.trim().toLowerCase();
  const current = currentRoute();
  const list = document.getElementById("table-list");
  const items = app.catalog.tables
    .filter((table) => !filter || table.name.toLowerCase().includes(filter))
    .map((table) => {
      const counts = app.counts.get(table.name);
      const selected = (current.view === "data" || current.view === "row") && current.table === table.name;
      return h("li", {},
        h("a", { href: `#/data/${encodeURIComponent(table.name)}`, class: ["table-link", selected && "selected"], "data-table": table.name },
          h("span", { class: "table-name" }, table.name),
          h("span", { class: "table-counts" },
            counts?.error ? h("span", { class: "count error", title: counts.error }, "!")
              : [h("span", { class: "count active", title: "active rows" }, formatCount(counts?.active)),
                counts && counts.deactivated != null ? h("span", { class: ["count", "deactivated", counts.deactivated === 0 && "zero"], title: "deactivated rows" }, formatCount(counts.deactivated)) : null])));
    });
  clear(list, items.length ? items : h("li", { class: "muted small pad" }, "No table matches."));
  clear(document.getElementById("sidebar-foot"), `${app.catalog.tables.length} tables`);
}

export function currentRoute() {
  const parts = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  const view = views[parts[0]] ? parts[0] : "data";
  return { view, table: parts[1] || null, id: parts.slice(2).join("/") || null };
}

export function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

let routing = 0;
async function route() {
  const current = currentRoute();
  if (current.view === "data" && !current.table && app.catalog.tables.length) {
    history.replaceState(null, "", `#/data/${encodeURIComponent(app.catalog.tables[0].name)}`);
    current.table = app.catalog.tables[0].name;
  }
  for (const tab of document.querySelectorAll("#tabs a")) {
    tab.classList.toggle("active", tab.dataset.tab === (current.view === "row" ? "data" : current.view));
  }
  document.body.dataset.view = current.view;
  renderSidebar();
  const ticket = ++routing;
  app.cleanup?.();
  app.cleanup = null;
  const module = await views[current.view]();
  if (ticket !== routing) return;
  const main = document.getElementById("main");
  try {
    app.cleanup = await module.render(app, main, current) ?? null;
  } catch (error) {
    clear(main, errorBox(error));
  }
}

window.addEventListener("unhandledrejection", (event) => {
  notify(event.reason?.message ?? String(event.reason), "error");
});

window.studio = app;
start();
