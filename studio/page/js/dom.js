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
