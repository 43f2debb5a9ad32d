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
