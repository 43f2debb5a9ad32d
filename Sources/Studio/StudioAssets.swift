// Generated from studio/page by scripts/embed-studio. Do not edit by hand.

/// The studio page's files by URL path, embedded so the binary needs no resource files.
enum StudioAssets {
    /// Names this set of files: they are served under /s/87a4166c99ce/ and cached by browsers.
    static let version = "87a4166c99ce"

    static let files: [String: StudioAsset] = [
        "/favicon.svg": StudioAsset(contentType: "image/svg+xml", text: ####"""
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#6366f1"/><stop offset="1" stop-color="#8b5cf6"/></linearGradient></defs><rect width="32" height="32" rx="8" fill="url(#g)"/><ellipse cx="16" cy="10" rx="8" ry="3" fill="none" stroke="#fff" stroke-width="2"/><path d="M8 10v12c0 1.7 3.6 3 8 3s8-1.3 8-3V10M8 16c0 1.7 3.6 3 8 3s8-1.3 8-3" fill="none" stroke="#fff" stroke-width="2"/></svg>

"""####),
        "/index.html": StudioAsset(contentType: "text/html; charset=utf-8", text: ####"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wizdb studio</title>
<link rel="icon" href="/s/87a4166c99ce/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/s/87a4166c99ce/style.css">
<link rel="modulepreload" href="/s/87a4166c99ce/js/main.js">
<link rel="modulepreload" href="/s/87a4166c99ce/js/rpc.js">
<link rel="modulepreload" href="/s/87a4166c99ce/js/dom.js">
<link rel="modulepreload" href="/s/87a4166c99ce/js/values.js">
<link rel="modulepreload" href="/s/87a4166c99ce/js/catalog.js">
<link rel="modulepreload" href="/s/87a4166c99ce/js/grid.js">
<link rel="modulepreload" href="/s/87a4166c99ce/js/filters.js">
<link rel="modulepreload" href="/s/87a4166c99ce/js/editor.js">
<link rel="modulepreload" href="/s/87a4166c99ce/js/icons.js">
<script type="module" src="/s/87a4166c99ce/js/main.js"></script>
</head>
<body>
<header class="topbar">
  <a class="brand" href="#/data" title="wizdb studio">
    <img src="/s/87a4166c99ce/favicon.svg" alt="" width="22" height="22">
    <span class="brand-name">wizdb</span><span class="brand-sub">studio</span>
  </a>
  <nav id="tabs" aria-label="Views">
    <a href="#/data" data-tab="data">Data</a>
    <a href="#/schema" data-tab="schema">Schema</a>
    <a href="#/migrations" data-tab="migrations">Migrations</a>
    <a href="#/sql" data-tab="sql">SQL</a>
    <a href="#/maintenance" data-tab="maintenance">Maintenance</a>
  </nav>
  <div class="topbar-right">
    <span id="badges"></span>
    <span id="connection" class="connection" title="Connecting…"><span class="dot"></span><span class="label">connecting</span></span>
  </div>
</header>
<div class="layout">
  <aside id="sidebar" aria-label="Tables">
    <div class="sidebar-head">
      <input id="table-filter" type="search" placeholder="Filter tables" aria-label="Filter tables" autocomplete="off">
    </div>
    <ul id="table-list"></ul>
    <div id="sidebar-foot" class="sidebar-foot"></div>
  </aside>
  <main id="main"><div class="loading">Loading…</div></main>
</div>
</body>
</html>

"""####),
        "/style.css": StudioAsset(contentType: "text/css; charset=utf-8", text: ####"""
:root {
  --bg: #f6f7fb;
  --panel: #ffffff;
  --border: #e3e6ef;
  --border-strong: #cfd4e2;
  --text: #1d2230;
  --muted: #6b7285;
  --accent: #5b5bd6;
  --accent-soft: #ececfd;
  --accent-strong: #4343b8;
  --danger: #d13c3c;
  --danger-soft: #fdeeee;
  --warn: #b7791f;
  --warn-soft: #fdf5e6;
  --ok: #1f8a55;
  --ok-soft: #e7f6ee;
  --side: #1b1f2e;
  --side-text: #c9cee0;
  --side-muted: #7c839c;
  --mono: ui-monospace, "SFMono-Regular", "JetBrains Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace;
  --sans: system-ui, -apple-system, "Segoe UI", "Inter", "Noto Sans", "DejaVu Sans", sans-serif;
  --radius: 10px;
  --shadow: 0 1px 2px rgba(20, 24, 40, 0.06), 0 2px 8px rgba(20, 24, 40, 0.04);
}

* { box-sizing: border-box; }
html, body { height: 100%; margin: 0; }
body { font: 14px/1.45 var(--sans); color: var(--text); background: var(--bg); display: flex; flex-direction: column; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code, pre { font-family: var(--mono); font-size: 12.5px; }
h1 { font-size: 22px; margin: 0; font-weight: 650; letter-spacing: -0.01em; }
h2 { font-size: 15px; margin: 0 0 10px; font-weight: 650; }
h3 { font-size: 13px; margin: 14px 0 6px; font-weight: 650; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
.pad { padding: 8px 12px; }
.spacer { flex: 1; }
[hidden] { display: none !important; }

/* Top bar */
.topbar { display: flex; align-items: center; gap: 24px; height: 52px; padding: 0 18px; background: var(--panel); border-bottom: 1px solid var(--border); flex: none; z-index: 5; }
.brand { display: flex; align-items: center; gap: 8px; color: var(--text); font-weight: 700; font-size: 16px; }
.brand:hover { text-decoration: none; }
.brand-sub { color: var(--accent); font-weight: 600; }
#tabs { display: flex; gap: 4px; height: 100%; }
#tabs a { display: flex; align-items: center; padding: 0 14px; color: var(--muted); font-weight: 550; border-bottom: 2px solid transparent; }
#tabs a:hover { color: var(--text); text-decoration: none; }
#tabs a.active { color: var(--accent-strong); border-bottom-color: var(--accent); }
.topbar-right { margin-left: auto; display: flex; align-items: center; gap: 10px; }
.badge { font-size: 11.5px; padding: 2px 8px; border-radius: 999px; background: var(--accent-soft); color: var(--accent-strong); font-weight: 600; }
.badge.warn { background: var(--warn-soft); color: var(--warn); }
.badge.subtle { background: #f0f1f5; color: var(--muted); font-weight: 500; }
.connection { display: flex; align-items: center; gap: 6px; font-size: 12px; color: var(--muted); }
.connection .dot { width: 8px; height: 8px; border-radius: 50%; background: #b9bfcf; }
.connection.live .dot { background: #22b573; box-shadow: 0 0 0 3px rgba(34, 181, 115, 0.18); }
.connection.offline .dot { background: var(--danger); }

/* Layout */
.layout { flex: 1; display: flex; min-height: 0; }
#sidebar { width: 250px; flex: none; background: var(--side); color: var(--side-text); display: flex; flex-direction: column; }
.sidebar-head { padding: 14px 12px 8px; }
#table-filter { width: 100%; background: #272c3f; border: 1px solid #323853; color: #e6e9f5; border-radius: 8px; padding: 7px 10px; font: inherit; }
#table-filter::placeholder { color: var(--side-muted); }
#table-list { list-style: none; margin: 0; padding: 4px 8px; overflow: auto; flex: 1; }
.table-link { display: flex; align-items: center; justify-content: space-between; gap: 8px; padding: 7px 10px; border-radius: 7px; color: var(--side-text); }
.table-link:hover { background: #262b3d; text-decoration: none; }
.table-link.selected { background: #343a5a; color: #fff; }
.table-name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-weight: 500; }
.table-counts { display: flex; gap: 4px; flex: none; }
.count { font-size: 11px; font-variant-numeric: tabular-nums; padding: 1px 6px; border-radius: 999px; }
.count.active { background: #2f3550; color: #dfe3f5; }
.count.deactivated { background: #4a2f36; color: #f3b9c2; }
.count.deactivated.zero { background: transparent; color: var(--side-muted); }
.count.error { background: var(--danger); color: #fff; }
.sidebar-foot { padding: 10px 16px; font-size: 12px; color: var(--side-muted); border-top: 1px solid #262b3d; }
#main { flex: 1; min-width: 0; overflow: auto; padding: 22px 26px 40px; }
.loading { color: var(--muted); padding: 30px; }

/* Shared pieces */
.view-head { display: flex; align-items: flex-end; justify-content: space-between; margin-bottom: 14px; gap: 16px; }
.count-line { margin-top: 6px; display: flex; gap: 8px; align-items: center; color: var(--muted); }
.pill { display: inline-block; padding: 2px 10px; border-radius: 999px; background: var(--accent-soft); color: var(--accent-strong); font-size: 12.5px; }
.pill strong { font-variant-numeric: tabular-nums; }
.pill-muted { background: #eef0f5; color: var(--muted); }
.pill-warn { background: var(--warn-soft); color: var(--warn); }
.pill-danger { background: var(--danger-soft); color: var(--danger); }
.card { background: var(--panel); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); padding: 16px 18px; margin-bottom: 16px; }
.toolbar { display: flex; align-items: center; gap: 8px; margin-bottom: 12px; flex-wrap: wrap; }
.button { display: inline-flex; align-items: center; gap: 6px; font: inherit; font-weight: 550; font-size: 13px; padding: 6px 12px; border-radius: 8px; border: 1px solid var(--border-strong); background: var(--panel); color: var(--text); cursor: pointer; }
.button:hover:not(:disabled) { background: #f3f4f8; text-decoration: none; }
.button:disabled { opacity: 0.45; cursor: default; }
.button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
.button.primary:hover:not(:disabled) { background: var(--accent-strong); }
.button.danger { background: var(--danger); border-color: var(--danger); color: #fff; }
.button.danger:hover:not(:disabled) { background: #b52f2f; }
.button.pressed { background: var(--accent-soft); border-color: #c9c9f3; color: var(--accent-strong); }
.counter { background: var(--accent); color: #fff; border-radius: 999px; font-size: 11px; padding: 0 6px; }
.icon-button { border: none; background: transparent; cursor: pointer; font-size: 15px; line-height: 1; padding: 4px 6px; border-radius: 6px; color: var(--muted); }
.icon-button:hover { background: #eceef4; color: var(--text); }
.icon-button.danger:hover { background: var(--danger-soft); color: var(--danger); }
.link-button { border: none; background: none; color: var(--accent); cursor: pointer; font: inherit; padding: 4px 0; }
.chip { display: inline-flex; align-items: center; gap: 4px; background: #eef0f5; border-radius: 999px; padding: 2px 4px 2px 10px; font-size: 12px; color: var(--muted); }
.chip-x { border: none; background: none; cursor: pointer; color: var(--muted); font-size: 14px; }
.tag { display: inline-block; font-size: 11px; font-weight: 600; padding: 1px 7px; border-radius: 5px; background: #eef0f5; color: var(--muted); margin-left: 6px; vertical-align: 1px; white-space: nowrap; }
.tag.key { background: #fff4d6; color: #8a6100; }
.tag.unique { background: var(--accent-soft); color: var(--accent-strong); }
.tag.partial { background: #e8f3ff; color: #1f65b5; }
.tag.ok { background: var(--ok-soft); color: var(--ok); }
.tag.warn { background: var(--warn-soft); color: var(--warn); }
.tag.danger, .deactivated-tag { background: var(--danger-soft); color: var(--danger); }
.tag.action[data-on-delete="cascade"] { background: var(--danger-soft); color: var(--danger); }
.type { font-size: 11px; color: var(--muted); font-weight: 500; margin-left: 6px; }
.error-box { border: 1px solid #f2c4c4; background: var(--danger-soft); color: #7d1f1f; border-radius: 8px; padding: 10px 14px; margin: 8px 0; white-space: pre-wrap; }
.error-box strong { font-family: var(--mono); font-size: 12px; background: #f8d4d4; border-radius: 4px; padding: 1px 6px; margin-right: 4px; }
.warning { background: var(--warn-soft); color: #7a4f0f; border-radius: 6px; padding: 6px 10px; margin: 6px 0; font-size: 13px; }
.in-sync { color: var(--ok); font-weight: 600; }
.empty-state { text-align: center; padding: 70px 20px; color: var(--muted); }
.empty-state h2 { color: var(--text); font-size: 18px; }
input[type="text"], input[type="search"], select, textarea { font: inherit; font-size: 13px; padding: 6px 9px; border: 1px solid var(--border-strong); border-radius: 7px; background: #fff; color: var(--text); }
input:focus, select:focus, textarea:focus { outline: 2px solid #c9c9f3; border-color: var(--accent); }
textarea { font-family: var(--mono); font-size: 12.5px; resize: vertical; }
.search { min-width: 280px; }

/* Switch */
.switch { display: inline-flex; align-items: center; gap: 8px; cursor: pointer; user-select: none; font-weight: 500; font-size: 13px; color: var(--muted); }
.switch input { position: absolute; opacity: 0; width: 1px; height: 1px; }
.switch .track { width: 32px; height: 18px; border-radius: 999px; background: #d5d9e5; position: relative; transition: background 0.15s; }
.switch .track::after { content: ""; position: absolute; top: 2px; left: 2px; width: 14px; height: 14px; border-radius: 50%; background: #fff; box-shadow: 0 1px 2px rgba(0,0,0,0.2); transition: left 0.15s; }
.switch.on { color: var(--text); }
.switch.on .track { background: var(--accent); }
.switch.on .track::after { left: 16px; }
.switch input:focus-visible + .track { outline: 2px solid #c9c9f3; }

/* Dropdown */
.dropdown { position: relative; }
.dropdown-menu { position: absolute; top: calc(100% + 6px); left: 0; z-index: 20; background: #fff; border: 1px solid var(--border); border-radius: 10px; box-shadow: 0 8px 24px rgba(20, 24, 40, 0.14); padding: 8px; min-width: 240px; max-height: 360px; overflow: auto; }
.check { display: flex; align-items: center; gap: 8px; padding: 4px 8px; border-radius: 6px; cursor: pointer; }
.check:hover { background: #f3f4f8; }
.menu-actions { border-top: 1px solid var(--border); margin-top: 6px; padding: 4px 8px 0; }

/* Data view */
.live-note { display: inline-flex; align-items: center; gap: 6px; color: var(--muted); font-size: 12px; }
.live-dot { width: 7px; height: 7px; border-radius: 50%; background: #22b573; }
.live-dot.polling { background: #5b9bd5; }
.filter-builder { background: var(--panel); border: 1px solid var(--border); border-radius: var(--radius); padding: 12px 14px; margin-bottom: 12px; box-shadow: var(--shadow); }
.condition { display: flex; align-items: center; gap: 8px; margin-bottom: 8px; }
.where-word { width: 40px; text-align: right; font-size: 12px; }
.value-input { min-width: 180px; }
.filter-actions { display: flex; align-items: center; gap: 8px; }
.filter-message .field-error { margin: 0; }
.grid-card { background: var(--panel); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); overflow: hidden; }
.grid-scroll { overflow: auto; max-height: calc(100vh - 290px); }
.grid-scroll.flash { animation: flash 1.2s ease-out; }
@keyframes flash { from { box-shadow: inset 0 0 0 2px #8ad3b0; } to { box-shadow: inset 0 0 0 2px transparent; } }
table.grid { border-collapse: separate; border-spacing: 0; width: 100%; font-size: 13px; }
.grid th { position: sticky; top: 0; z-index: 2; background: #f8f9fc; border-bottom: 1px solid var(--border); text-align: left; font-weight: 600; padding: 0; white-space: nowrap; }
.grid th.sorted { background: var(--accent-soft); }
.sort-button { all: unset; display: flex; align-items: center; gap: 4px; padding: 8px 12px; cursor: pointer; width: 100%; box-sizing: border-box; color: var(--text); }
.sort-arrow { color: var(--accent); font-size: 10px; }
.fk-mark { color: var(--accent); font-size: 11px; }
.grid td { padding: 6px 12px; border-bottom: 1px solid #eef0f5; white-space: nowrap; max-width: 360px; overflow: hidden; text-overflow: ellipsis; vertical-align: top; }
.small-grid .grid th { padding: 6px 12px; }
.grid tbody tr:hover td { background: #fafaff; }
.grid td.type-integer, .grid td.type-real { text-align: right; }
.grid tr.deactivated td { background: #fff8f8; color: #8d8f9b; }
.grid tr.deactivated td:not(.row-actions) { text-decoration: line-through; text-decoration-color: rgba(209, 60, 60, 0.35); }
.grid tr.deactivated td .deactivated-tag { text-decoration: none; }
.actions-head, .row-actions { width: 1%; padding: 2px 6px !important; }
.action-icons { display: flex; gap: 0; opacity: 0.35; }
tr:hover .action-icons { opacity: 1; }
.no-rows { text-align: center; color: var(--muted); padding: 40px !important; }
.null { font-family: var(--mono); font-size: 11px; color: #9aa0b4; background: #f1f2f6; border-radius: 4px; padding: 0 5px; font-style: italic; }
.empty { font-size: 11px; color: #b0b5c6; border: 1px dashed #d2d6e2; border-radius: 4px; padding: 0 5px; }
.number { font-family: var(--mono); font-variant-numeric: tabular-nums; }
.timestamp { font-variant-numeric: tabular-nums; color: #3d4460; }
.json { font-family: var(--mono); font-size: 12px; color: #6a3fb5; }
pre.json { background: #f7f5fd; border-radius: 6px; padding: 8px 10px; margin: 0; white-space: pre-wrap; }
.bool.true { color: var(--ok); font-weight: 600; }
.bool.false { color: var(--danger); font-weight: 600; }
.blob-link { font-family: var(--mono); font-size: 12px; background: #eef6ff; border-radius: 4px; padding: 0 6px; }
.row-link { font-family: var(--mono); font-size: 12px; }
.fk-link { border-bottom: 1px dotted var(--accent); }
.fk-link:hover { text-decoration: none; background: var(--accent-soft); }
.grid-footer { display: flex; align-items: center; gap: 12px; padding: 10px 14px; border-top: 1px solid var(--border); background: #fbfbfd; }
.pager { display: flex; gap: 6px; }
.page-size select { padding: 4px 6px; }

/* Row page */
.crumbs { margin-bottom: 10px; font-size: 13px; }
.row-head { display: flex; align-items: center; gap: 10px; margin-bottom: 14px; }
.fields-list { display: grid; grid-template-columns: minmax(140px, max-content) 1fr; gap: 8px 20px; margin: 0; }
.fields-list dt { font-weight: 600; color: var(--muted); }
.fields-list dd { margin: 0; overflow-wrap: anywhere; }
.fields-list.compact { grid-template-columns: max-content 1fr; }
.text.full { white-space: pre-wrap; }
.section-title { margin: 24px 0 10px; font-size: 16px; }
.child-head { display: flex; align-items: center; gap: 10px; margin-bottom: 8px; }
.child-head h3 { margin: 0; text-transform: none; letter-spacing: 0; font-size: 14px; color: var(--text); }
.child-card .grid-scroll { max-height: 340px; border: 1px solid var(--border); border-radius: 8px; }

/* Dialogs */
dialog.modal { border: none; border-radius: 14px; padding: 0; width: min(520px, 92vw); box-shadow: 0 24px 60px rgba(20, 24, 40, 0.3); color: var(--text); }
dialog.modal.wide { width: min(760px, 94vw); }
dialog.modal::backdrop { background: rgba(20, 24, 40, 0.45); }
dialog.modal > header { display: flex; align-items: center; justify-content: space-between; padding: 16px 20px 8px; }
dialog.modal > header h2 { margin: 0; font-size: 17px; }
.dialog-body, .row-form { padding: 8px 20px 18px; }
.dialog-body > input { width: 100%; margin-bottom: 8px; }
dialog footer { display: flex; justify-content: flex-end; gap: 8px; margin-top: 16px; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 12px 18px; max-height: 62vh; overflow: auto; padding: 2px 2px 4px; }
.field { display: flex; flex-direction: column; gap: 4px; min-width: 0; }
.field-label { font-weight: 600; font-size: 12.5px; display: flex; align-items: baseline; gap: 2px; }
.req { font-size: 10.5px; color: var(--warn); margin-left: 6px; font-weight: 600; }
.field-input { display: flex; gap: 8px; align-items: center; }
.field-input > input[type="text"], .field-input > textarea, .field-input > select { flex: 1; min-width: 0; }
.null-toggle { display: flex; align-items: center; gap: 3px; font-size: 11px; color: var(--muted); font-family: var(--mono); }
.field.managed .managed-value { padding: 6px 0; font-size: 13px; }
.field.has-error input, .field.has-error textarea, .field.has-error select { border-color: var(--danger); outline: 2px solid #f6caca; }
.field-error { color: var(--danger); font-size: 12px; }
.field-error:empty { display: none; }
.form-error:not(:empty) { background: var(--danger-soft); color: #7d1f1f; border-radius: 8px; padding: 8px 12px; margin-bottom: 12px; }
.cascade-report ul { padding-left: 18px; }
.cascade-report li { margin: 4px 0; }
.cascade-report li.action-cascade strong { color: var(--danger); }

/* Schema view */
.diagram-card { padding: 0; overflow: hidden; }
.diagram-scroll { overflow: auto; max-height: 520px; background: radial-gradient(#e3e6ef 1px, transparent 1px) 0 0 / 18px 18px, #fbfcfe; }
svg.diagram { display: block; }
.table-box .box { fill: #fff; stroke: #cfd4e2; }
.table-box .box-head { fill: #343a5a; }
.table-box .box-title { fill: #fff; font: 600 13px var(--sans); }
.table-box a:hover .box-title { text-decoration: underline; }
.column-name { font: 12px var(--mono); fill: #2b3045; }
.column-name.key { font-weight: 700; }
.column-name.foreign { fill: var(--accent-strong); }
.column-type { font: 11px var(--sans); fill: #9097ab; }
.edge { fill: none; stroke: #8c8ff0; stroke-width: 1.6; }
.edge.on-delete-cascade { stroke: #e0787a; }
.arrow-head { fill: #8c8ff0; }
.schema-card-head { display: flex; align-items: center; gap: 10px; margin-bottom: 10px; }
.schema-card-head h2 { margin: 0; font-size: 17px; }
.schema-table { width: 100%; border-collapse: collapse; font-size: 13px; }
.schema-table th { text-align: left; color: var(--muted); font-weight: 600; font-size: 11.5px; text-transform: uppercase; letter-spacing: 0.03em; padding: 6px 8px; border-bottom: 1px solid var(--border); }
.schema-table td { padding: 6px 8px; border-bottom: 1px solid #f0f1f6; vertical-align: top; }
.schema-table tr.drift td { background: var(--danger-soft); }
.schema-table tr.pending td { background: var(--warn-soft); }
.type-badge { font-family: var(--mono); font-size: 11.5px; padding: 1px 6px; border-radius: 4px; background: #eef0f5; }
.type-badge.type-timestamp { background: #e8f3ff; color: #1f65b5; }
.type-badge.type-json { background: #f3edfd; color: #6a3fb5; }
.type-badge.type-integer, .type-badge.type-real { background: #e9f7f0; color: #1f7a4d; }
.type-badge.type-boolean { background: #fff4d6; color: #8a6100; }
.type-badge.type-blob { background: #fdecef; color: #a4304a; }
.check { color: #7a4f0f; }
.indexes ul { margin: 0; padding-left: 18px; }
.indexes li { margin: 4px 0; }

/* Migrations */
.inline-form { display: flex; gap: 8px; }
.inline-form input { min-width: 300px; }
.stat-row { display: flex; gap: 8px; margin-bottom: 12px; }
.statements { padding-left: 22px; }
.statements li { margin-bottom: 10px; }
.statements li.data-loss pre.sql { border-left: 3px solid var(--danger); }
pre.sql { background: #1e2233; color: #e4e7f3; border-radius: 8px; padding: 10px 14px; overflow: auto; margin: 4px 0; white-space: pre-wrap; }
.notice { border-left: 4px solid var(--accent); }

/* SQL */
.sql-layout { display: grid; grid-template-columns: 1fr 300px; gap: 16px; align-items: start; }
.sql-main { min-width: 0; }
.sql-card { padding: 12px; }
.sql-input { width: 100%; min-height: 140px; border: 1px solid var(--border); background: #fbfbfe; font-size: 13px; line-height: 1.5; }
.sql-card .toolbar { margin: 10px 0 0; }
.result-meta { display: flex; align-items: center; gap: 8px; margin-bottom: 8px; }
.sql-result .grid-scroll { background: var(--panel); border: 1px solid var(--border); border-radius: var(--radius); max-height: calc(100vh - 420px); }
.history { list-style: none; padding: 0; margin: 0 0 8px; max-height: 60vh; overflow: auto; }
.history-item { all: unset; display: block; box-sizing: border-box; width: 100%; padding: 7px 8px; border-radius: 6px; cursor: pointer; }
.history-item:hover { background: #f3f4f8; }
.history-item code { display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.history-item .failed { color: var(--danger); }

/* Maintenance */
.stat-cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 14px; }
.stat-card { margin-bottom: 16px; }
.stat-title { color: var(--muted); font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; }
.stat-value { font-size: 24px; font-weight: 700; margin: 4px 0; font-variant-numeric: tabular-nums; }
.bar-chart { display: flex; flex-direction: column; gap: 8px; }
.bar-row { display: grid; grid-template-columns: 170px 1fr 230px; gap: 12px; align-items: center; }
.bar-label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-weight: 500; }
.bar { display: flex; height: 16px; background: #f0f1f6; border-radius: 4px; overflow: hidden; }
.bar-active { background: linear-gradient(90deg, #6d6de0, #8b7cf0); min-width: 2px; }
.bar-deactivated { background: #e58c96; }
.bar-value { font-variant-numeric: tabular-nums; font-size: 12.5px; }
.legend { margin-top: 12px; font-size: 12px; color: var(--muted); display: flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; }
.swatch.active { background: #7474e4; }
.swatch.deactivated { background: #e58c96; margin-left: 10px; }
.maintenance-grid { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.action-list { display: flex; flex-direction: column; gap: 10px; }
.action-list > div { display: flex; align-items: center; gap: 12px; }
.action-list .button { min-width: 130px; justify-content: center; }
.progress { position: relative; height: 22px; background: #eef0f5; border-radius: 6px; overflow: hidden; margin: 8px 0; }
.progress-bar { height: 100%; width: 0; background: linear-gradient(90deg, #6d6de0, #8b7cf0); transition: width 0.2s; }
.progress-label { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; font-size: 12px; font-weight: 600; color: #2b3045; }
.backups { list-style: none; padding: 0; margin: 0; }
.backups li { padding: 4px 0; border-bottom: 1px solid #f0f1f6; }

/* Toasts */
#toasts { position: fixed; right: 18px; bottom: 18px; display: flex; flex-direction: column; gap: 8px; z-index: 100; }
.toast { background: #1e2233; color: #fff; padding: 10px 14px; border-radius: 8px; box-shadow: 0 8px 24px rgba(0,0,0,0.2); max-width: 420px; transition: opacity 0.5s; }
.toast-success { border-left: 4px solid #22b573; }
.toast-error { border-left: 4px solid #ef6b6b; }
.toast.fading { opacity: 0; }

.icon { width: 16px; height: 16px; fill: none; stroke: currentColor; stroke-width: 1.8; stroke-linecap: round; stroke-linejoin: round; flex: none; }
.icon-button .icon { width: 15px; height: 15px; }

"""####),
        "/js/catalog.js": StudioAsset(contentType: "text/javascript; charset=utf-8", text: ####"""
// The tables as schema.describe reports them, with the lookups the views need: columns by
// field, the key, the foreign keys each way.

export class Catalog {
  constructor(tables) {
    this.tables = tables;
    this.byName = new Map(tables.map((table) => [table.name, table]));
    for (const table of tables) {
      table.byField = new Map(table.columns.map((column) => [column.field, column]));
      table.byColumn = new Map(table.columns.map((column) => [column.name, column]));
      const keys = table.primaryKey ?? [];
      table.keyField = keys.length === 1 ? table.byColumn.get(keys[0])?.field ?? null : null;
      table.softDeletes = table.byField.has("deactivatedAt") && table.byColumn.has("deactivated_at");
    }
    // For each table, the columns of other tables that reference it.
    this.children = new Map(tables.map((table) => [table.name, []]));
    for (const table of tables) {
      for (const column of table.columns) {
        const reference = column.references;
        if (!reference || !this.byName.has(reference.table)) continue;
        const parent = this.byName.get(reference.table);
        const parentColumn = parent.byColumn.get(reference.column);
        this.children.get(reference.table).push({ table: table.name, column, parentField: parentColumn?.field ?? reference.column });
      }
    }
  }

  table(name) {
    return this.byName.get(name);
  }

  // The parent row a foreign-key value points at: {table, field}.
  parentOf(column) {
    const reference = column.references;
    if (!reference) return null;
    const parent = this.byName.get(reference.table);
    if (!parent) return null;
    return { table: parent.name, field: parent.byColumn.get(reference.column)?.field ?? reference.column, isKey: parent.primaryKey.length === 1 && parent.primaryKey[0] === reference.column };
  }

  // Fields the server stamps itself (base pattern): shown, never edited.
  static isManaged(table, field) {
    return table.basePattern && ["createdAt", "updatedAt", "deactivatedAt", "deactivatedBy"].includes(field);
  }

  // Whether an index starts with the column: sorting or counting by it need not scan the table.
  static isIndexed(table, column) {
    if (table.primaryKey[0] === column.name) return true;
    return table.indexes.some((index) => index.columns[0] === column.name && !index.where);
  }
}

"""####),
        "/js/diagram.js": StudioAsset(contentType: "text/javascript; charset=utf-8", text: ####"""
// An SVG diagram of tables and their references: a table sits to the right of every table it
// references, so arrows run from a child's foreign-key column to its parent's key.
import { h } from "./dom.js";

const BOX_WIDTH = 210;
const HEADER = 30;
const ROW = 20;
const GAP_X = 90;
const GAP_Y = 28;
const MARGIN = 20;

export function diagram(tables) {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const level = new Map();
  const visiting = new Set();
  const levelOf = (table) => {
    if (level.has(table.name)) return level.get(table.name);
    if (visiting.has(table.name)) return 0;
    visiting.add(table.name);
    let value = 0;
    for (const column of table.columns) {
      const parent = column.references && byName.get(column.references.table);
      if (parent && parent !== table) value = Math.max(value, levelOf(parent) + 1);
    }
    visiting.delete(table.name);
    level.set(table.name, value);
    return value;
  };
  tables.forEach(levelOf);
  const columnsOfLevels = [];
  for (const table of tables) {
    const index = level.get(table.name);
    (columnsOfLevels[index] ??= []).push(table);
  }
  const position = new Map();
  let height = 0;
  columnsOfLevels.forEach((group, index) => {
    let y = MARGIN;
    for (const table of group ?? []) {
      const boxHeight = HEADER + ROW * table.columns.length + 8;
      position.set(table.name, { x: MARGIN + index * (BOX_WIDTH + GAP_X), y, height: boxHeight });
      y += boxHeight + GAP_Y;
    }
    height = Math.max(height, y);
  });
  const width = MARGIN * 2 + columnsOfLevels.length * BOX_WIDTH + Math.max(0, columnsOfLevels.length - 1) * GAP_X;
  const svg = h("svg:svg", { class: "diagram", viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": "Tables and their references" },
    h("svg:defs", {}, h("svg:marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
      h("svg:path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrow-head" }))));
  const edges = h("svg:g", { class: "edges" });
  const boxes = h("svg:g", { class: "boxes" });
  svg.append(edges, boxes);
  for (const table of tables) {
    const at = position.get(table.name);
    const group = h("svg:g", { class: "table-box", "data-table": table.name, transform: `translate(${at.x},${at.y})` },
      h("svg:rect", { class: "box", width: BOX_WIDTH, height: at.height, rx: 8 }),
      h("svg:path", { class: "box-head", d: `M0 8 a8 8 0 0 1 8 -8 h${BOX_WIDTH - 16} a8 8 0 0 1 8 8 v${HEADER - 8} h-${BOX_WIDTH} z` }),
      h("svg:a", { href: `#/data/${encodeURIComponent(table.name)}` }, h("svg:text", { class: "box-title", x: 12, y: 20 }, table.name)));
    table.columns.forEach((column, index) => {
      const y = HEADER + ROW * index + 15;
      group.append(
        h("svg:text", { class: ["column-name", column.primaryKey && "key", column.references && "foreign"].filter(Boolean).join(" "), x: 12, y }, `${column.primaryKey ? "# " : ""}${column.field}`),
        h("svg:text", { class: "column-type", x: BOX_WIDTH - 12, y, "text-anchor": "end" }, column.type));
    });
    boxes.append(group);
    table.columns.forEach((column, index) => {
      const parent = column.references && byName.get(column.references.table);
      if (!parent) return;
      const target = position.get(parent.name);
      const parentIndex = Math.max(0, parent.columns.findIndex((item) => item.name === column.references.column));
      const fromX = at.x;
      const fromY = at.y + HEADER + ROW * index + 10;
      const toX = target.x + BOX_WIDTH;
      const toY = target.y + HEADER + ROW * parentIndex + 10;
      const bend = Math.max(40, (fromX - toX) / 2);
      const path = parent === table
        ? `M ${fromX} ${fromY} C ${fromX - 40} ${fromY}, ${fromX - 40} ${toY}, ${fromX} ${toY}`
        : `M ${fromX} ${fromY} C ${fromX - bend} ${fromY}, ${toX + bend} ${toY}, ${toX} ${toY}`;
      edges.append(h("svg:path", { class: ["edge", `on-delete-${column.references.onDelete}`].join(" "), d: path, "marker-end": "url(#arrow)", "data-from": `${table.name}.${column.field}`, "data-to": parent.name },
        h("svg:title", {}, `${table.name}.${column.field} → ${parent.name}.${column.references.column} (on delete ${column.references.onDelete})`)));
    });
  }
  return svg;
}

"""####),
        "/js/dom.js": StudioAsset(contentType: "text/javascript; charset=utf-8", text: ####"""
// Small DOM helpers. No inline styles or handlers anywhere: the page runs under
// Content-Security-Policy default-src 'self'.

export function h(tag, attributes = {}, ...children) {
  const svg = tag.startsWith("svg:");
  const element = svg ? document.createElementNS("http://www.w3.org/2000/svg", tag.slice(4)) : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value == null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (name === "class") element.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name === "value" && !svg) element.value = value;
    else if (name === "checked" || name === "disabled" || name === "selected") element[name] = Boolean(value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

export function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function clear(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

// 1234567 as "1,234,567" (by hand: the first toLocaleString of a page costs tens of ms).
export function formatCount(value) {
  if (value == null) return "…";
  const text = String(value);
  const negative = text.startsWith("-");
  const digits = negative ? text.slice(1) : text;
  if (!/^\d+$/.test(digits)) return text;
  return (negative ? "-" : "") + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export function formatBytes(value) {
  const bytes = Number(value);
  if (!Number.isFinite(bytes)) return "?";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? size : size.toFixed(size < 10 ? 2 : 1)} ${units[unit]}`;
}

// A toast in the corner: what just happened, or what failed.
export function notify(message, kind = "info") {
  let area = document.getElementById("toasts");
  if (!area) {
    area = h("div", { id: "toasts", role: "status" });
    document.body.append(area);
  }
  const toast = h("div", { class: ["toast", `toast-${kind}`] }, message);
  area.append(toast);
  setTimeout(() => toast.classList.add("fading"), kind === "error" ? 6000 : 3000);
  setTimeout(() => toast.remove(), kind === "error" ? 6600 : 3600);
}

// A modal dialog built from content; resolves with the value passed to close().
export function modal(title, build, { wide = false } = {}) {
  return new Promise((resolve) => {
    const dialog = h("dialog", { class: ["modal", wide && "wide"] });
    const close = (value) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    const body = build(close);
    append(dialog, [h("header", {}, h("h2", {}, title), h("button", { class: "icon-button", type: "button", title: "Close", "aria-label": "Close", onclick: () => close(undefined) }, "×")), body]);
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      close(undefined);
    });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector("[autofocus]")?.focus();
  });
}

export function confirmDialog(title, message, { confirm = "Confirm", danger = false } = {}) {
  return modal(title, (close) => h("div", { class: "dialog-body" },
    h("div", { class: "dialog-message" }, message),
    h("footer", {},
      h("button", { type: "button", class: "button", onclick: () => close(false) }, "Cancel"),
      h("button", { type: "button", class: ["button", danger ? "danger" : "primary"], autofocus: true, onclick: () => close(true), "data-confirm": "1" }, confirm))));
}

export function errorBox(error) {
  return h("div", { class: "error-box", role: "alert" },
    h("strong", {}, error.kind ?? "error"), " ", error.message ?? String(error));
}

export function debounce(action, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => action(...args), ms);
  };
}

"""####),
        "/js/editor.js": StudioAsset(contentType: "text/javascript; charset=utf-8", text: ####"""
// Inserting and editing a row, soft delete with a "by", restore, and a hard delete that says
// first what it cascades to. Constraint errors are shown on the fields the server names.
import { h, clear, modal, confirmDialog, notify, formatCount } from "./dom.js";
import { parseInput, inputText, isBlob, blobBytes, renderValue } from "./values.js";
import { Catalog } from "./catalog.js";

function fieldInput(column, value, mode) {
  const text = inputText(value, column.type);
  if (column.type === "boolean") {
    return h("select", { name: column.field, "data-field": column.field },
      h("option", { value: "", selected: value == null }, mode === "insert" ? "(default)" : "—"),
      ["true", "false"].map((option) => h("option", { value: option, selected: text === option }, option)));
  }
  if (column.type === "blob") return h("input", { type: "file", name: column.field, "data-field": column.field });
  if (column.type === "json" || text.length > 80 || text.includes("\n")) {
    return h("textarea", { name: column.field, "data-field": column.field, rows: column.type === "json" ? 5 : 3, spellcheck: "false", value: text });
  }
  const placeholder = column.type === "timestamp" ? "YYYY-MM-DD HH:MM:SS (UTC)" : column.default != null ? `default ${column.default}` : "";
  return h("input", { type: "text", name: column.field, "data-field": column.field, value: text, placeholder, autocomplete: "off", spellcheck: "false",
    inputmode: column.type === "integer" || column.type === "real" ? "decimal" : null });
}

function readFile(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const bytes = new Uint8Array(reader.result);
      let binary = "";
      for (let index = 0; index < bytes.length; index += 0x8000) binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
      resolve({ $base64: btoa(binary) });
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(file);
  });
}

// Opens the editor; resolves with the saved row, or undefined when cancelled.
export function openRowEditor(app, table, row) {
  const mode = row ? "edit" : "insert";
  const key = row && table.keyField ? row[table.keyField] : null;
  return modal(mode === "insert" ? `Insert into ${table.name}` : `Edit ${table.name} row`, (close) => {
    const entries = [];
    const general = h("div", { class: "form-error", role: "alert" });
    const isManaged = (column) => Catalog.isManaged(table, column.field) || (mode === "edit" && column.primaryKey);
    // Fields to fill first, then an optional key, then what the server stamps.
    const ordered = [...table.columns.filter((column) => !isManaged(column) && !column.primaryKey),
      ...table.columns.filter((column) => !isManaged(column) && column.primaryKey),
      ...table.columns.filter(isManaged)];
    const stamped = [];
    const fields = ordered.map((column) => {
      const managed = isManaged(column);
      const value = row ? row[column.field] : undefined;
      const needed = column.notNull && column.default == null && !column.primaryKey && !managed;
      const label = h("label", { class: "field-label" }, column.field,
        h("span", { class: "type" }, column.type),
        needed ? h("span", { class: "req", title: "not null, no default" }, "required") : null,
        column.references ? h("span", { class: "type" }, `→ ${column.references.table}`) : null);
      if (managed) {
        if (mode === "insert") {
          stamped.push(column.field);
          return null;
        }
        return h("div", { class: ["field", "managed"], "data-field": column.field }, label,
          h("div", { class: "managed-value" }, renderValue(value, column, { full: true })));
      }
      const input = fieldInput(column, value, mode);
      const nullBox = column.notNull ? null : h("input", { type: "checkbox", "data-null": column.field, checked: mode === "edit" && value === null });
      const error = h("div", { class: "field-error", "data-error": column.field });
      const entry = { column, input, nullBox, error, initial: inputText(value, column.type), initialNull: value === null, value };
      entries.push(entry);
      if (nullBox) {
        input.disabled = nullBox.checked;
        nullBox.addEventListener("change", () => { input.disabled = nullBox.checked; });
      }
      const current = mode === "edit" && column.type === "blob" && isBlob(value) ? h("span", { class: "muted small" }, `now ${formatCount(blobBytes(value).length)} bytes; choose a file to replace`) : null;
      return h("div", { class: "field", "data-field": column.field }, label,
        h("div", { class: "field-input" }, input, nullBox ? h("label", { class: "null-toggle" }, nullBox, "NULL") : null),
        current, column.primaryKey && mode === "insert" ? h("div", { class: "muted small" }, "leave empty: the server makes one") : null, error);
    });
    const saveButton = h("button", { type: "submit", class: ["button", "primary"], "data-action": "save" }, mode === "insert" ? "Insert" : "Save");
    const form = h("form", { class: "row-form", novalidate: true, onsubmit: async (event) => {
      event.preventDefault();
      clear(general);
      for (const entry of entries) {
        clear(entry.error);
        entry.input.closest(".field").classList.remove("has-error");
      }
      const values = {};
      let invalid = false;
      for (const entry of entries) {
        const { column, input, nullBox } = entry;
        try {
          if (nullBox?.checked) {
            if (mode === "insert" || !entry.initialNull) values[column.field] = null;
            continue;
          }
          if (column.type === "blob") {
            if (input.files?.length) values[column.field] = await readFile(input.files[0]);
            continue;
          }
          const text = input.value;
          if (mode === "edit") {
            if (text === entry.initial && !entry.initialNull) continue;
            if (text === "" && entry.initialNull) continue;
          } else if (text === "") continue;
          values[column.field] = parseInput(text, column.type);
        } catch (error) {
          invalid = true;
          showFieldError(column.field, error.message);
        }
      }
      if (invalid) return;
      if (mode === "edit" && !Object.keys(values).length) {
        close(undefined);
        return;
      }
      saveButton.disabled = true;
      try {
        const result = mode === "insert"
          ? await app.rpc.call("query.insert", { table: table.name, values })
          : await app.rpc.call("query.update", { table: table.name, id: key, set: values });
        if (mode === "edit" && result.changes === 0) throw new Error("The row is gone: nothing was changed.");
        close(result.rows?.[0] ?? {});
      } catch (error) {
        saveButton.disabled = false;
        const named = error.data?.fields ?? (error.data?.field ? [error.data.field] : []);
        const shown = named.filter((field) => showFieldError(field, error.message));
        if (!shown.length) clear(general, h("strong", {}, error.kind ?? "error"), " ", error.message);
      }
    } }, general, h("div", { class: "fields" }, fields),
    stamped.length ? h("p", { class: "muted small stamped-note" }, "Stamped by the server: ", stamped.join(", "), ".") : null,
    mode === "edit" && table.byField.has("updatedAt") ? h("p", { class: "muted small stamped-note" }, "Saving stamps updatedAt.") : null,
    h("footer", {}, h("button", { type: "button", class: "button", onclick: () => close(undefined) }, "Cancel"), saveButton));

    function showFieldError(field, message) {
      const entry = entries.find((item) => item.column.field === field);
      if (!entry) return false;
      clear(entry.error, message);
      entry.input.closest(".field").classList.add("has-error");
      return true;
    }
    setTimeout(() => entries[0]?.input.focus(), 0);
    return form;
  }, { wide: true });
}

export async function softDeleteRow(app, table, row) {
  const key = row[table.keyField];
  const by = await modal(`Soft delete from ${table.name}`, (close) => {
    const input = h("input", { type: "text", value: localStorage.getItem("wizdb-by") ?? "studio", "data-role": "by", autofocus: true });
    return h("form", { class: "dialog-body", onsubmit: (event) => { event.preventDefault(); close(input.value.trim() || null); } },
      h("p", {}, "The row stays in the table, hidden from default reads, and can be restored. ",
        h("code", {}, "deactivatedAt"), " and ", h("code", {}, "deactivatedBy"), " are stamped."),
      h("label", { class: "field-label" }, "Deactivated by"), input,
      h("footer", {}, h("button", { type: "button", class: "button", onclick: () => close(undefined) }, "Cancel"),
        h("button", { type: "submit", class: ["button", "danger"], "data-confirm": "1" }, "Soft delete")));
  });
  if (by === undefined) return false;
  if (by) localStorage.setItem("wizdb-by", by);
  try {
    await app.rpc.call("query.softDelete", { table: table.name, id: key, ...(by ? { by } : {}) });
    notify(`Deactivated ${key}`, "success");
    (await import("./main.js")).refreshCounts(table.name);
    return true;
  } catch (error) {
    notify(`${error.kind}: ${error.message}`, "error");
    return false;
  }
}

export async function restoreRow(app, table, row) {
  const key = row[table.keyField];
  try {
    await app.rpc.call("query.restore", { table: table.name, id: key });
    notify(`Restored ${key}`, "success");
    (await import("./main.js")).refreshCounts(table.name);
    return true;
  } catch (error) {
    notify(`${error.kind}: ${error.message}`, "error");
    return false;
  }
}

// What deleting this row does to the rows that reference it, one level down, counted.
export async function cascadeReport(app, table, row) {
  const lines = [];
  for (const child of app.catalog.children.get(table.name) ?? []) {
    const value = row[child.parentField];
    if (value == null) continue;
    const { count } = await app.rpc.call("query.count", { table: child.table, where: { [child.column.field]: value }, deactivated: "include" });
    if (!count) continue;
    const action = child.column.references.onDelete;
    const deeper = (app.catalog.children.get(child.table) ?? []).some((next) => next.column.references.onDelete === "cascade");
    lines.push({ table: child.table, field: child.column.field, count, action, deeper });
  }
  return lines;
}

export async function hardDeleteRow(app, table, row) {
  const key = row[table.keyField];
  let report;
  try {
    report = await cascadeReport(app, table, row);
  } catch (error) {
    notify(`${error.kind}: ${error.message}`, "error");
    return false;
  }
  const blocked = report.filter((line) => line.action === "restrict" || line.action === "noAction");
  const message = h("div", { class: "cascade-report" },
    h("p", {}, "Delete ", h("code", {}, String(key)), ` from ${table.name} for good? This cannot be undone.`),
    report.length ? h("ul", {}, report.map((line) => h("li", { class: `action-${line.action}`, "data-child": line.table },
      line.action === "cascade" ? [h("strong", {}, `${formatCount(line.count)} ${line.table}`), ` row(s) go with it (${line.field}, ON DELETE CASCADE)`, line.deeper ? ", and the rows that depend on those" : ""]
        : line.action === "setNull" ? [`${formatCount(line.count)} ${line.table} row(s) keep living with `, h("code", {}, line.field), " set to NULL"]
          : line.action === "setDefault" ? [`${formatCount(line.count)} ${line.table} row(s) get their default `, h("code", {}, line.field)]
            : [h("strong", {}, `${formatCount(line.count)} ${line.table}`), ` row(s) reference it (${line.field}, ON DELETE ${line.action === "restrict" ? "RESTRICT" : "NO ACTION"}): the delete will be refused`])))
      : h("p", { class: "muted" }, "No other row references it."),
    table.softDeletes ? h("p", { class: "muted small" }, "A soft delete keeps the row and can be undone.") : null);
  const confirmed = await confirmDialog(`Delete from ${table.name}`, message, { confirm: blocked.length ? "Try to delete" : "Delete for good", danger: true });
  if (!confirmed) return false;
  try {
    const result = await app.rpc.call("query.delete", { table: table.name, id: key });
    notify(result.changes ? `Deleted ${key}` : "Nothing was deleted: the row is gone", result.changes ? "success" : "info");
    (await import("./main.js")).refreshCounts();
    return true;
  } catch (error) {
    notify(`${error.kind}: ${error.message}`, "error");
    return false;
  }
}

"""####),
        "/js/filters.js": StudioAsset(contentType: "text/javascript; charset=utf-8", text: ####"""
// The filter builder: conditions on fields with the operators of `where`, all of which must hold.
import { h, clear } from "./dom.js";
import { parseInput } from "./values.js";

export const OPERATORS = [
  { op: "eq", label: "=" },
  { op: "ne", label: "≠" },
  { op: "gt", label: ">" },
  { op: "gte", label: "≥" },
  { op: "lt", label: "<" },
  { op: "lte", label: "≤" },
  { op: "like", label: "like", types: ["text"] },
  { op: "in", label: "in" },
  { op: "notIn", label: "not in" },
  { op: "between", label: "between" },
  { op: "isNull", label: "is null" },
  { op: "notNull", label: "is not null" },
];

const ORDERED = ["integer", "real", "text", "timestamp"];

function operatorsFor(column) {
  return OPERATORS.filter((operator) => {
    if (operator.types && !operator.types.includes(column.type)) return false;
    if (["gt", "gte", "lt", "lte", "between"].includes(operator.op) && !ORDERED.includes(column.type)) return false;
    if (["json", "blob"].includes(column.type) && !["isNull", "notNull"].includes(operator.op)) return false;
    return true;
  });
}

export function describeFilter(conditions) {
  return conditions.map((condition) => {
    const label = OPERATORS.find((operator) => operator.op === condition.op)?.label ?? condition.op;
    if (condition.op === "isNull" || condition.op === "notNull") return `${condition.field} ${label}`;
    if (condition.op === "between") return `${condition.field} between ${condition.value} and ${condition.value2}`;
    return `${condition.field} ${label} ${condition.value}`;
  }).join(" and ");
}

export class FilterBuilder {
  // conditions: [{field, op, value, value2}] as typed; onApply gets the new list.
  constructor(table, conditions, onApply) {
    this.table = table;
    this.conditions = conditions.map((condition) => ({ ...condition }));
    this.onApply = onApply;
    this.list = h("div", { class: "conditions" });
    this.message = h("div", { class: "filter-message" });
    this.element = h("form", { class: "filter-builder", "data-role": "filter-builder", onsubmit: (event) => { event.preventDefault(); this.apply(); } },
      this.list,
      h("div", { class: "filter-actions" },
        h("button", { type: "button", class: "button", "data-action": "add-condition", onclick: () => this.add() }, "+ Condition"),
        h("span", { class: "spacer" }),
        this.message,
        h("button", { type: "button", class: "button", "data-action": "clear-filter", onclick: () => { this.conditions = []; this.apply(); } }, "Clear"),
        h("button", { type: "submit", class: ["button", "primary"], "data-action": "apply-filter" }, "Apply")));
    if (!this.conditions.length) this.add();
    else this.renderList();
  }

  add() {
    const column = this.table.columns.find((item) => item.type === "text" && !item.primaryKey) ?? this.table.columns[0];
    this.conditions.push({ field: column.field, op: "eq", value: "", value2: "" });
    this.renderList();
  }

  renderList() {
    clear(this.list, this.conditions.map((condition, index) => {
      const column = this.table.byField.get(condition.field) ?? this.table.columns[0];
      const operators = operatorsFor(column);
      if (!operators.some((operator) => operator.op === condition.op)) condition.op = operators[0].op;
      const valueInput = (key, placeholder) => h("input", {
        type: "text", class: "value-input", value: condition[key] ?? "", placeholder, "data-role": key,
        oninput: (event) => { condition[key] = event.target.value; },
      });
      let values = null;
      if (condition.op === "between") values = [valueInput("value", "from"), h("span", { class: "muted" }, "and"), valueInput("value2", "to")];
      else if (condition.op === "in" || condition.op === "notIn") values = valueInput("value", "a, b, c");
      else if (condition.op === "like") values = valueInput("value", "%part% (any case)");
      else if (condition.op !== "isNull" && condition.op !== "notNull") {
        values = column.type === "boolean"
          ? h("select", { class: "value-input", "data-role": "value", onchange: (event) => { condition.value = event.target.value; } },
            ["true", "false"].map((option) => h("option", { value: option, selected: condition.value === option }, option)))
          : valueInput("value", column.type === "timestamp" ? "2026-01-31 14:05:00" : column.type);
        if (column.type === "boolean" && !condition.value) condition.value = "true";
      }
      return h("div", { class: "condition", "data-index": index },
        h("span", { class: "muted where-word" }, index === 0 ? "where" : "and"),
        h("select", { "data-role": "field", onchange: (event) => { condition.field = event.target.value; this.renderList(); } },
          this.table.columns.map((item) => h("option", { value: item.field, selected: item.field === condition.field }, item.field))),
        h("select", { "data-role": "op", onchange: (event) => { condition.op = event.target.value; this.renderList(); } },
          operators.map((operator) => h("option", { value: operator.op, selected: operator.op === condition.op }, operator.label))),
        values,
        h("button", { type: "button", class: "icon-button", title: "Remove this condition", onclick: () => { this.conditions.splice(index, 1); this.renderList(); } }, "×"));
    }));
  }

  apply() {
    try {
      FilterBuilder.toWhere(this.table, this.conditions);
    } catch (error) {
      clear(this.message, h("span", { class: "field-error" }, error.message));
      return;
    }
    this.onApply(this.conditions.map((condition) => ({ ...condition })));
  }

  // The `where` object for the conditions, or null; throws a message when a value does not parse.
  static toWhere(table, conditions) {
    const clauses = conditions.map((condition) => {
      const column = table.byField.get(condition.field);
      if (!column) throw new Error(`no field ${condition.field}`);
      const parse = (text) => {
        try {
          return parseInput(text, column.type);
        } catch (error) {
          throw new Error(`${condition.field}: ${error.message}`);
        }
      };
      switch (condition.op) {
        case "isNull": return { [condition.field]: { isNull: true } };
        case "notNull": return { [condition.field]: { isNull: false } };
        case "in":
        case "notIn":
          return { [condition.field]: { [condition.op]: String(condition.value).split(",").map((item) => item.trim()).filter((item) => item !== "").map(parse) } };
        case "between": return { [condition.field]: { between: [parse(condition.value), parse(condition.value2)] } };
        case "like": return { [condition.field]: { like: condition.value } };
        default: return { [condition.field]: { [condition.op]: parse(condition.value) } };
      }
    });
    if (!clauses.length) return null;
    return clauses.length === 1 ? clauses[0] : { and: clauses };
  }
}

"""####),
        "/js/grid.js": StudioAsset(contentType: "text/javascript; charset=utf-8", text: ####"""
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

"""####),
        "/js/icons.js": StudioAsset(contentType: "text/javascript; charset=utf-8", text: ####"""
// Line icons drawn as SVG paths (no icon font, no emoji: they look the same everywhere).
import { h } from "./dom.js";

const PATHS = {
  edit: "M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4",
  ban: "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18zM5.6 5.6l12.8 12.8",
  trash: "M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3",
  restore: "M4 12a8 8 0 1 0 2.3-5.7M4 4v5h5",
  refresh: "M20 12a8 8 0 1 1-2.3-5.7M20 4v5h-5",
  plus: "M12 5v14M5 12h14",
  filter: "M4 5h16l-6 8v5l-4 2v-7z",
  columns: "M4 5h16v14H4zM10 5v14M16 5v14",
  play: "M7 5l12 7l-12 7z",
  key: "M14 10a4 4 0 1 0-3.5 3.9L9 15.5V18H6.5v2.5H4v-3l6.1-6.1A4 4 0 0 0 14 10z",
};

export function icon(name, title = null) {
  return h("svg:svg", { class: "icon", viewBox: "0 0 24 24", width: 16, height: 16, "aria-hidden": title ? null : "true" },
    title ? h("svg:title", {}, title) : null,
    h("svg:path", { d: PATHS[name] }));
}

"""####),
        "/js/main.js": StudioAsset(contentType: "text/javascript; charset=utf-8", text: ####"""
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

"""####),
        "/js/maintenance.js": StudioAsset(contentType: "text/javascript; charset=utf-8", text: ####"""
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

"""####),
        "/js/migrations.js": StudioAsset(contentType: "text/javascript; charset=utf-8", text: ####"""
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

"""####),
        "/js/rowpage.js": StudioAsset(contentType: "text/javascript; charset=utf-8", text: ####"""
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

"""####),
        "/js/rpc.js": StudioAsset(contentType: "text/javascript; charset=utf-8", text: ####"""
// The page's one way to the server: JSON-RPC 2.0 over a WebSocket at /rpc (answers, $/progress
// and watch notifications), or over POST /rpc while the socket is not open. Every request carries
// the session token. Integers beyond 2^53 arrive and leave as BigInt, exactly.

export class RpcError extends Error {
  constructor(error) {
    super(error.message);
    this.code = error.code;
    this.data = error.data ?? null;
    this.kind = error.data?.kind ?? (error.code === -32602 ? "invalid_params" : "error");
  }
}

// JSON.parse with exact big integers (the reviver sees each number's source text).
export function parseJSON(text) {
  return JSON.parse(text, (key, value, context) => {
    if (typeof value === "number" && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source)) {
      return BigInt(context.source);
    }
    return value;
  });
}

export function toJSON(value, space) {
  return JSON.stringify(value, (key, item) => (typeof item === "bigint" ? JSON.rawJSON(item.toString()) : item), space);
}

export class Rpc {
  constructor(token) {
    this.token = token;
    this.nextId = 1;
    this.pending = new Map();
    this.progress = new Map();
    this.listeners = new Map();
    this.socket = null;
    this.state = "connecting";
    this.onState = () => {};
    this.retryMs = 500;
    this.closed = false;
  }

  connect() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(`${scheme}//${location.host}/rpc`, ["wizdb", `bearer.${this.token}`]);
    this.socket = socket;
    this.ready = new Promise((resolve) => {
      socket.addEventListener("open", () => {
        this.retryMs = 500;
        this.setState("live");
        resolve(true);
      });
      socket.addEventListener("close", () => {
        resolve(false);
        if (this.socket === socket) this.socket = null;
        for (const [id, call] of this.pending) {
          if (call.viaSocket) {
            this.pending.delete(id);
            call.reject(new RpcError({ code: -32000, message: "the connection to wizdb studio was lost", data: { kind: "unavailable" } }));
          }
        }
        if (this.closed) return;
        this.setState("offline");
        setTimeout(() => this.connect(), this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, 8000);
      });
    });
    socket.addEventListener("message", (event) => this.receive(event.data));
    return this.ready;
  }

  setState(state) {
    this.state = state;
    this.onState(state);
  }

  receive(text) {
    const message = parseJSON(text);
    for (const item of Array.isArray(message) ? message : [message]) {
      if (item.method === "$/progress") {
        this.progress.get(item.params?.token)?.(item.params.value);
      } else if (item.method) {
        for (const listener of this.listeners.get(item.method) ?? []) listener(item.params);
      } else if (item.id != null && this.pending.has(item.id)) {
        const call = this.pending.get(item.id);
        this.pending.delete(item.id);
        if (item.error) call.reject(new RpcError(item.error));
        else call.resolve(item.result);
      }
    }
  }

  on(method, listener) {
    if (!this.listeners.has(method)) this.listeners.set(method, new Set());
    this.listeners.get(method).add(listener);
    return () => this.listeners.get(method).delete(listener);
  }

  // One call. options.onProgress receives $/progress values (WebSocket only).
  call(method, params = {}, options = {}) {
    const id = this.nextId++;
    const request = { jsonrpc: "2.0", id, method, params: { ...params } };
    let token = null;
    if (options.onProgress) {
      token = `p${id}`;
      request.params.workDoneToken = token;
      this.progress.set(token, options.onProgress);
    }
    this.log?.(method, params);
    const promise = new Promise((resolve, reject) => {
      const viaSocket = this.socket?.readyState === WebSocket.OPEN;
      this.pending.set(id, { resolve, reject, viaSocket });
      if (viaSocket) this.socket.send(toJSON(request));
      else this.post(request).then((answer) => this.receive(answer), (error) => {
        this.pending.delete(id);
        reject(error);
      });
    });
    return token ? promise.finally(() => this.progress.delete(token)) : promise;
  }

  // Several calls in one POST, without waiting for the socket (the page's first calls): one
  // promise per call, in order.
  batch(calls) {
    const requests = calls.map(([method, params]) => ({ jsonrpc: "2.0", id: this.nextId++, method, params }));
    for (const request of requests) this.log?.(request.method, request.params);
    const answers = this.post(requests).then((text) => new Map(parseJSON(text).map((answer) => [answer.id, answer])));
    return requests.map((request) => answers.then((byId) => {
      const answer = byId.get(request.id);
      if (!answer) throw new RpcError({ code: -32603, message: "no answer", data: { kind: "error" } });
      if (answer.error) throw new RpcError(answer.error);
      return answer.result;
    }));
  }

  async post(request) {
    const response = await fetch("/rpc", {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${this.token}` },
      body: toJSON(request),
    });
    if (!response.ok) {
      const text = await response.text();
      throw new RpcError({ code: -32000, message: `${response.status}: ${text.trim()}`, data: { kind: response.status === 401 ? "unauthorized" : "http" } });
    }
    return response.text();
  }
}

"""####),
        "/js/schemaview.js": StudioAsset(contentType: "text/javascript; charset=utf-8", text: ####"""
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

"""####),
        "/js/sql.js": StudioAsset(contentType: "text/javascript; charset=utf-8", text: ####"""
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

"""####),
        "/js/values.js": StudioAsset(contentType: "text/javascript; charset=utf-8", text: ####"""
// Values as the server sends them, per declared type: shown in cells, edited in forms, parsed
// back from inputs.
import { h, formatBytes } from "./dom.js";
import { toJSON } from "./rpc.js";

export function isBlob(value) {
  return value != null && typeof value === "object" && typeof value.$base64 === "string";
}

export function blobBytes(value) {
  const text = atob(value.$base64);
  const bytes = new Uint8Array(text.length);
  for (let index = 0; index < text.length; index += 1) bytes[index] = text.charCodeAt(index);
  return bytes;
}

export function formatTimestamp(value) {
  if (typeof value !== "string") return String(value);
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/.exec(value);
  return match ? `${match[1]} ${match[2]}` : value;
}

export function blobLink(value, name) {
  const bytes = blobBytes(value);
  return h("a", {
    class: "blob-link", href: "#", title: "Download these bytes",
    onclick: (event) => {
      event.preventDefault();
      event.stopPropagation();
      const url = URL.createObjectURL(new Blob([bytes], { type: "application/octet-stream" }));
      const anchor = h("a", { href: url, download: name });
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
  }, `${formatBytes(bytes.length)} ⤓`);
}

// One cell's content. column: a column of schema.describe (type, field, references).
export function renderValue(value, column, { full = false, row = null, table = null } = {}) {
  if (value === null || value === undefined) return h("span", { class: "null" }, "NULL");
  const type = column?.type ?? guessType(value);
  if (isBlob(value)) return blobLink(value, `${table ?? "row"}-${row?.id ?? "value"}-${column?.field ?? "blob"}.bin`);
  switch (type) {
    case "timestamp":
      return h("span", { class: "timestamp", title: value }, formatTimestamp(value));
    case "boolean":
      return h("span", { class: ["bool", value ? "true" : "false"] }, value ? "true" : "false");
    case "integer":
    case "real":
      return h("span", { class: "number" }, String(value));
    case "json": {
      const text = full ? toJSON(value, 2) : toJSON(value);
      return full ? h("pre", { class: "json" }, text) : h("span", { class: "json", title: toJSON(value, 2) }, text);
    }
    default: {
      if (typeof value === "object") return h("span", { class: "json" }, toJSON(value));
      const text = String(value);
      if (text === "") return h("span", { class: "empty" }, "empty");
      if (full) return h("span", { class: "text full" }, text);
      return h("span", { class: "text", title: text.length > 60 ? text : null }, text.length > 200 ? `${text.slice(0, 200)}…` : text);
    }
  }
}

function guessType(value) {
  if (typeof value === "number" || typeof value === "bigint") return "integer";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "object") return "json";
  return "text";
}

// The value an input holds, converted for the column's type; throws a message for a person.
export function parseInput(text, type) {
  switch (type) {
    case "integer": {
      const trimmed = text.trim();
      if (!/^-?\d+$/.test(trimmed)) throw new Error("a whole number is expected");
      const big = BigInt(trimmed);
      return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    case "real": {
      const number = Number(text.trim());
      if (text.trim() === "" || !Number.isFinite(number)) throw new Error("a number is expected");
      return number;
    }
    case "boolean":
      if (text === "true") return true;
      if (text === "false") return false;
      throw new Error("true or false is expected");
    case "json":
      try {
        return JSON.parse(text);
      } catch (error) {
        throw new Error(`not valid JSON: ${error.message}`);
      }
    case "timestamp": {
      const trimmed = text.trim();
      const normalized = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/.test(trimmed) ? `${trimmed.replace(" ", "T")}${trimmed.length === 16 ? ":00" : ""}Z` : trimmed;
      if (Number.isNaN(Date.parse(normalized))) throw new Error("a date and time is expected, like 2026-01-31 14:05:00 (UTC)");
      return new Date(Date.parse(normalized)).toISOString().replace(".000Z", "Z");
    }
    default:
      return text;
  }
}

// The text an input starts with for a value.
export function inputText(value, type) {
  if (value === null || value === undefined) return "";
  if (type === "json") return toJSON(value, 2);
  if (type === "timestamp") return formatTimestamp(value);
  return String(value);
}

"""####),
    ]
}
