import JSON
import JSONRPC
import Store

extension Server {
    /// The declared schema a schema method works with: `schema` from the params when given,
    /// otherwise the schema file.
    func declaredSchema(_ params: JSONRPC.Params) throws -> Schema {
        if let inline = params.value("schema") { return try DeclaredSchema.parse(inline) }
        guard let text = readFile(settings.schemaPath) else {
            throw StoreError.invalidSchema(path: "", message: "no declared schema: pass \"schema\" or create \(settings.schemaPath)")
        }
        return try DeclaredSchema.parse(text)
    }

    /// Re-reads the schema the query methods use, after the database or the file changed.
    func reloadCatalog() {
        do {
            catalog.replace(with: try SchemaCatalog.load(path: settings.schemaPath, store: store))
        } catch {
            logger.error("could not reload the schema: \(String(describing: error))")
        }
    }

    var migrator: Migrator { Migrator(folder: settings.migrationsPath) }

    /// Applies pending migrations before serving: always with `--migrate`, and on a brand-new
    /// database (no tables, nothing applied) so that a fresh checkout is ready for queries.
    /// Returns the names applied. Data loss is never confirmed here.
    public func migrateAtStartup(always: Bool) throws -> [String] {
        let outcome: Migrator.Outcome? = try store.withWriter { db in
            let fresh = try db.userTableNames().isEmpty && migrator.status(db).applied.isEmpty
            guard always || fresh else { return nil }
            return try migrator.migrate(db, confirmDataLoss: false, time: time)
        }
        guard let outcome, !outcome.applied.isEmpty else { return [] }
        reloadCatalog()
        return outcome.applied
    }
}

extension MigrationPlan {
    /// The plan as wire values: statements, warnings and what can be lost (rows when measured).
    func json(measured: [MeasuredDataLoss]? = nil) -> JSONObject {
        let losses: [JSONValue] = (measured.map { list in
            list.map { loss -> JSONValue in
                var object: JSONObject = ["table": .string(loss.table)]
                if let column = loss.column { object["column"] = .string(column) }
                object["rows"] = .integer(loss.rows)
                object["description"] = .string(loss.description)
                return .object(object)
            }
        }) ?? dataLoss.map { loss -> JSONValue in
            var object: JSONObject = ["table": .string(loss.table)]
            if let column = loss.column { object["column"] = .string(column) }
            object["description"] = .string(loss.description)
            return .object(object)
        }
        return [
            "statements": .array(statements.map { .string($0) }),
            "warnings": .array(warnings.map { .string($0) }),
            "dataLoss": .array(losses),
        ]
    }
}
