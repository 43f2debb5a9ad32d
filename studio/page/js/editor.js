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
