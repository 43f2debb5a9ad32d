/// The foreign keys of a live database as edges from child table to parent table, read from
/// `pragma_foreign_key_list`: what deleting a row would cascade to, and what would refuse it.
struct ForeignKeyGraph {
    struct Edge: Equatable {
        var child: String
        var parent: String
        /// The referencing columns of `child` and the referenced columns of `parent`, pairwise.
        var childColumns: [String]
        var parentColumns: [String]
        var onDelete: ReferentialAction
    }

    var edges: [Edge]

    static func load(from db: Database, tables: [String]) throws -> ForeignKeyGraph {
        var edges: [Edge] = []
        for child in tables {
            // foreign_key_list: id, seq, table, from, to, on_update, on_delete, match
            let rows = try db.rows("SELECT id, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq",
                                   [.text(child)])
            var byID: [(id: Int64, edge: Edge, toColumns: [String?])] = []
            for row in rows {
                guard case .integer(let id) = row[0], case .text(let parent) = row[1], case .text(let from) = row[2] else { continue }
                let to: String? = if case .text(let name) = row[3] { name } else { nil }
                let action = if case .text(let text) = row[4] { ReferentialAction(sql: text) ?? .noAction } else { ReferentialAction.noAction }
                if let last = byID.indices.last, byID[last].id == id {
                    byID[last].edge.childColumns.append(from)
                    byID[last].toColumns.append(to)
                } else {
                    byID.append((id, Edge(child: child, parent: parent, childColumns: [from], parentColumns: [], onDelete: action), [to]))
                }
            }
            for var entry in byID {
                let named = entry.toColumns.compactMap { $0 }
                // A reference that names no columns points at the parent's primary key.
                entry.edge.parentColumns = named.count == entry.toColumns.count ? named : try db.primaryKeyColumns(of: entry.edge.parent)
                if entry.edge.parentColumns.count == entry.edge.childColumns.count { edges.append(entry.edge) }
            }
        }
        return ForeignKeyGraph(edges: edges)
    }

    /// Edges whose rows are deleted along with the parent row.
    func cascading(from parent: String) -> [Edge] {
        edges.filter { $0.parent == parent && $0.onDelete == .cascade }
    }

    /// Edges that make deleting a referenced parent row fail (RESTRICT at once, NO ACTION at the
    /// end of the statement unless the child row is gone by then).
    func refusing(from parent: String) -> [Edge] {
        edges.filter { $0.parent == parent && ($0.onDelete == .restrict || $0.onDelete == .noAction) }
    }

    /// `table` and every table its rows cascade into, recursively: `table` first, then in the
    /// order they are reached.
    func cascadeClosure(from table: String) -> [String] {
        var reached = [table]
        var index = 0
        while index < reached.count {
            for edge in cascading(from: reached[index]) where !reached.contains(edge.child) {
                reached.append(edge.child)
            }
            index += 1
        }
        return reached
    }
}
