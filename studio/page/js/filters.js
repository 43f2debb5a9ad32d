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
