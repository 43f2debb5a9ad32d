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
