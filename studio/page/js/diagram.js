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
