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
