import JSON
@testable import Store
import Testing

/// The declared schema the builder tests run against.
enum QuerySchema {
    static let text = #"""
    {"tables": {
      "users": {
        "columns": {
          "email": {"type": "text", "notNull": true},
          "name": {"type": "text", "notNull": true},
          "credits": {"type": "integer", "notNull": true, "default": 0, "check": {"credits": {"gte": 0}}},
          "score": {"type": "real"},
          "phoneNumber": {"type": "text"},
          "admin": {"type": "boolean"},
          "lastSeenAt": {"type": "timestamp"}
        },
        "indexes": [
          {"name": "users_email_unique", "columns": ["email"], "unique": true, "where": "active"},
          {"name": "users_status_created_idx", "columns": ["deactivatedAt", "createdAt", "id"]}
        ]
      },
      "user_profiles": {
        "columns": {
          "userId": {"type": "text", "notNull": true, "references": {"table": "users", "onDelete": "cascade"}},
          "bio": {"type": "text"}
        }
      },
      "transfers": {
        "columns": {
          "fromId": {"type": "text", "notNull": true, "references": {"table": "users"}},
          "toId": {"type": "text", "notNull": true, "references": {"table": "users"}},
          "amount": {"type": "integer", "notNull": true}
        }
      },
      "tags": {
        "base": false,
        "columns": {"code": {"type": "text", "primaryKey": true}, "label": {"type": "text"}}
      }
    }}
    """#

    static let schema: Schema = {
        do { return try DeclaredSchema.parse(text) } catch { fatalError("test schema: \(error)") }
    }()

    static func table(_ name: String) -> Table {
        guard let table = schema.table(named: name) else { fatalError("no table \(name)") }
        return table
    }

    static func filter(_ json: String) throws -> Filter {
        try Filter.parse(try JSONReader.parse(json), path: "where")
    }
}

@Suite struct QueryBuilderSelectTests {
    let builder = QueryBuilder()
    let users = QuerySchema.table("users")
    let allUserColumns = #""id", "email", "name", "credits", "score", "phone_number", "admin", "last_seen_at", "created_at", "updated_at", "deactivated_at", "deactivated_by""#

    @Test func getByKeyHidesDeactivatedRows() throws {
        let compiled = try builder.select(SelectQuery(table: users, key: "u1", fields: ["email", "name"]))
        #expect(compiled.sql == #"SELECT "email", "name" FROM "users" WHERE "id" = ? AND "deactivated_at" IS NULL"#)
        #expect(compiled.bindings == ["u1"])
        #expect(compiled.shape.fields.map(\.key) == ["email", "name"])
    }

    @Test func allFieldsByDefault() throws {
        let compiled = try builder.select(SelectQuery(table: users))
        #expect(compiled.sql == "SELECT \(allUserColumns) FROM \"users\" WHERE \"deactivated_at\" IS NULL")
        #expect(compiled.shape.fields.map(\.key) == users.columns.map(\.field))
        #expect(compiled.shape.fields.map(\.type) == users.columns.map(\.type))
    }

    @Test(arguments: [
        (Deactivated.exclude, #" WHERE "deactivated_at" IS NULL"#),
        (.include, ""),
        (.only, #" WHERE "deactivated_at" IS NOT NULL"#),
    ])
    func deactivatedVisibility(mode: Deactivated, clause: String) throws {
        let compiled = try builder.select(SelectQuery(table: users, fields: ["id"], deactivated: mode))
        #expect(compiled.sql == #"SELECT "id" FROM "users""# + clause)
    }

    @Test func onlyDeactivatedNeedsSoftDelete() throws {
        #expect(throws: StoreError.self) { try builder.select(SelectQuery(table: QuerySchema.table("tags"), deactivated: .only)) }
        let tags = try builder.select(SelectQuery(table: QuerySchema.table("tags")))
        #expect(tags.sql == #"SELECT "code", "label" FROM "tags""#)
    }

    @Test func filtersAreBoundAndConvertedPerType() throws {
        let filter = try QuerySchema.filter(#"""
            {"email": {"like": "%@X.io"}, "credits": {"gte": 10, "lt": 100}, "admin": true,
             "lastSeenAt": {"gt": "2026-01-01T00:00:00Z"}, "or": [{"name": "a"}, {"phoneNumber": {"isNull": true}}]}
            """#)
        let compiled = try builder.select(SelectQuery(table: users, fields: ["id"], filter: filter))
        #expect(compiled.sql == #"SELECT "id" FROM "users" WHERE ("email" LIKE ?) AND (("credits" >= ?) AND ("credits" < ?)) AND ("admin" = ?) AND ("last_seen_at" > ?) AND (("name" = ?) OR ("phone_number" IS NULL)) AND "deactivated_at" IS NULL"#)
        #expect(compiled.bindings == ["%@X.io", 10, 100, 1, 1_767_225_600, "a"])
    }

    @Test func topLevelOrIsParenthesised() throws {
        let compiled = try builder.select(SelectQuery(table: users, fields: ["id"], filter: try QuerySchema.filter(#"{"or": [{"name": "a"}, {"name": "b"}]}"#)))
        #expect(compiled.sql == #"SELECT "id" FROM "users" WHERE (("name" = ?) OR ("name" = ?)) AND "deactivated_at" IS NULL"#)
    }

    @Test func inBetweenAndNot() throws {
        let filter = try QuerySchema.filter(#"{"credits": {"in": [1, 2, 3], "between": [0, 9]}, "not": {"email": {"notIn": []}}}"#)
        let compiled = try builder.select(SelectQuery(table: users, fields: ["id"], filter: filter, deactivated: .include))
        #expect(compiled.sql == #"SELECT "id" FROM "users" WHERE (("credits" IN (?, ?, ?)) AND ("credits" BETWEEN ? AND ?)) AND (NOT (1))"#)
        #expect(compiled.bindings == [1, 2, 3, 0, 9])
    }

    @Test func unknownFieldsNameTheValidOnes() throws {
        #expect {
            try builder.select(SelectQuery(table: users, filter: try QuerySchema.filter(#"{"emial": "x"}"#)))
        } throws: { error in
            guard case StoreError.unknownField(let table, let field, let available) = error else { return false }
            return table == "users" && field == "emial" && available == users.columns.map(\.field)
        }
        #expect(throws: StoreError.self) { try builder.select(SelectQuery(table: users, fields: ["nope"])) }
        #expect(throws: StoreError.self) { try builder.select(SelectQuery(table: users, orderBy: [Ordering(field: "nope")])) }
    }

    @Test func wrongValueTypesAreInvalidValues() throws {
        #expect(throws: StoreError.invalidValue(field: "credits", expected: "an integer", got: "string")) {
            try builder.select(SelectQuery(table: users, filter: try QuerySchema.filter(#"{"credits": "ten"}"#)))
        }
        #expect(throws: StoreError.invalidValue(field: "lastSeenAt", expected: "an ISO 8601 UTC timestamp (or unix seconds)", got: "string")) {
            try builder.select(SelectQuery(table: users, filter: try QuerySchema.filter(#"{"lastSeenAt": "yesterday"}"#)))
        }
    }

    @Test func orderGetsThePrimaryKeyAsTieBreaker() throws {
        let compiled = try builder.select(SelectQuery(table: users, fields: ["email"], orderBy: [Ordering(field: "createdAt", direction: .desc)],
                                                      limit: 10, offset: 20))
        #expect(compiled.sql == #"SELECT "email" FROM "users" WHERE "deactivated_at" IS NULL ORDER BY "created_at" DESC, "id" DESC LIMIT ? OFFSET ?"#)
        #expect(compiled.bindings == [10, 20])
        #expect(builder.effectiveOrder([], table: users).isEmpty)
    }

    @Test func nullPlacementIsSpelledOnlyWhenSQLiteWouldDiffer() throws {
        let order = [Ordering(field: "phoneNumber"), Ordering(field: "score", direction: .desc), Ordering(field: "name", nulls: .last),
                     Ordering(field: "lastSeenAt", nulls: .last), Ordering(field: "admin", direction: .desc, nulls: .first)]
        let compiled = try builder.select(SelectQuery(table: users, fields: ["id"], deactivated: .include, orderBy: order))
        #expect(compiled.sql == #"SELECT "id" FROM "users" ORDER BY "phone_number", "score" DESC, "name", "last_seen_at" NULLS LAST, "admin" DESC NULLS FIRST, "id" DESC"#)
    }

    @Test func offsetWithoutLimit() throws {
        let compiled = try builder.select(SelectQuery(table: users, fields: ["id"], deactivated: .include, offset: 5))
        #expect(compiled.sql == #"SELECT "id" FROM "users" LIMIT -1 OFFSET ?"#)
        #expect(compiled.bindings == [5])
    }

    @Test func sameShapeSameText() throws {
        let first = try builder.select(SelectQuery(table: users, filter: try QuerySchema.filter(#"{"email": "a"}"#), limit: 5))
        let second = try builder.select(SelectQuery(table: users, filter: try QuerySchema.filter(#"{"email": "b"}"#), limit: 9))
        #expect(first.sql == second.sql)
        #expect(first.bindings != second.bindings)
    }

    @Test func count() throws {
        let compiled = try builder.count(users, filter: try QuerySchema.filter(#"{"credits": {"gt": 1}}"#), deactivated: .only)
        #expect(compiled.sql == #"SELECT count(*) FROM "users" WHERE "credits" > ? AND "deactivated_at" IS NOT NULL"#)
        #expect(compiled.bindings == [1])
    }
}

@Suite struct QueryBuilderKeysetTests {
    let builder = QueryBuilder()
    let users = QuerySchema.table("users")

    @Test func notNullColumnsInOneDirectionUseARowValue() throws {
        let query = SelectQuery(table: users, fields: ["email"], orderBy: [Ordering(field: "createdAt")], after: [100, "u9"], limit: 8,
                                capturesOrderValues: true)
        let compiled = try builder.select(query)
        #expect(compiled.sql == #"SELECT "email", "created_at", "id" FROM "users" WHERE ("created_at", "id") > (?, ?) AND "deactivated_at" IS NULL ORDER BY "created_at", "id" LIMIT ?"#)
        #expect(compiled.bindings == [100, "u9", 8])
        #expect(compiled.shape.orderColumns == [1, 2])
        #expect(compiled.shape.fields.count == 1)
    }

    @Test func visibleOrderColumnsAreReused() throws {
        let query = SelectQuery(table: users, fields: ["id", "email"], orderBy: [Ordering(field: "email", direction: .desc)], after: ["m", "u9"],
                                capturesOrderValues: true)
        let compiled = try builder.select(query)
        #expect(compiled.sql == #"SELECT "id", "email" FROM "users" WHERE ("email", "id") < (?, ?) AND "deactivated_at" IS NULL ORDER BY "email" DESC, "id" DESC"#)
        #expect(compiled.shape.orderColumns == [1, 0])
    }

    @Test func nullableColumnsSpellTheConditionOut() throws {
        // Ascending, NULLs first (the default): after a value come greater values only.
        let ascending = try builder.select(SelectQuery(table: users, fields: ["id"], deactivated: .include,
                                                       orderBy: [Ordering(field: "phoneNumber")], after: ["555", "u9"]))
        #expect(ascending.sql == #"SELECT "id" FROM "users" WHERE (("phone_number" > ?) OR ("phone_number" = ? AND "id" > ?)) ORDER BY "phone_number", "id""#)
        #expect(ascending.bindings == ["555", "555", "u9"])

        // After a NULL with NULLs first: the other NULLs by id, then every non-NULL value.
        let afterNull = try builder.select(SelectQuery(table: users, fields: ["id"], deactivated: .include,
                                                       orderBy: [Ordering(field: "phoneNumber")], after: [.null, "u9"]))
        #expect(afterNull.sql == #"SELECT "id" FROM "users" WHERE (("phone_number" IS NOT NULL) OR ("phone_number" IS NULL AND "id" > ?)) ORDER BY "phone_number", "id""#)
        #expect(afterNull.bindings == ["u9"])

        // NULLs last: after a value come greater values, then the NULLs.
        let nullsLast = try builder.select(SelectQuery(table: users, fields: ["id"], deactivated: .include,
                                                       orderBy: [Ordering(field: "phoneNumber", nulls: .last)], after: ["555", "u9"]))
        #expect(nullsLast.sql == #"SELECT "id" FROM "users" WHERE ((("phone_number" > ? OR "phone_number" IS NULL)) OR ("phone_number" = ? AND "id" > ?)) ORDER BY "phone_number" NULLS LAST, "id""#)

        // After a NULL with NULLs last: only the remaining NULLs.
        let lastNull = try builder.select(SelectQuery(table: users, fields: ["id"], deactivated: .include,
                                                      orderBy: [Ordering(field: "phoneNumber", nulls: .last)], after: [.null, "u9"]))
        #expect(lastNull.sql == #"SELECT "id" FROM "users" WHERE "phone_number" IS NULL AND "id" > ? ORDER BY "phone_number" NULLS LAST, "id""#)
    }

    @Test func mixedDirectionsSpellTheConditionOut() throws {
        let compiled = try builder.select(SelectQuery(table: users, fields: ["id"], deactivated: .include,
                                                      orderBy: [Ordering(field: "credits", direction: .desc), Ordering(field: "email")],
                                                      after: [5, "e", "u9"]))
        #expect(compiled.sql == #"SELECT "id" FROM "users" WHERE (("credits" < ?) OR ("credits" = ? AND "email" > ?) OR ("credits" = ? AND "email" = ? AND "id" > ?)) ORDER BY "credits" DESC, "email", "id""#)
        #expect(compiled.bindings == [5, 5, "e", 5, "e", "u9"])
    }

    /// A page plan built for one position and bound to another (with the same NULLs) is the
    /// query built for that other position, text and bindings, in every form of the condition.
    @Test(arguments: [true, false])
    func aPagePlanBoundToAnotherPositionIsThatPositionsQuery(postgres: Bool) throws {
        let builder = postgres ? QueryBuilder(dialect: PostgresDialect()) : QueryBuilder()
        let cases: [(order: [Ordering], first: [SQLValue], next: [SQLValue])] = [
            ([Ordering(field: "createdAt")], [100, "u1"], [200, "u9"]),
            ([Ordering(field: "email", direction: .desc)], ["m", "u1"], ["c", "u2"]),
            ([Ordering(field: "phoneNumber")], ["555", "u1"], ["777", "u2"]),
            ([Ordering(field: "phoneNumber")], [.null, "u1"], [.null, "u7"]),
            ([Ordering(field: "phoneNumber", nulls: .last)], ["555", "u1"], ["556", "u3"]),
            ([Ordering(field: "phoneNumber", nulls: .last)], [.null, "u1"], [.null, "u4"]),
            ([Ordering(field: "credits", direction: .desc), Ordering(field: "email")], [5, "e", "u1"], [3, "a", "u8"]),
            ([Ordering(field: "score"), Ordering(field: "phoneNumber", direction: .desc)], [.null, "5", "u1"], [.null, "6", "u2"]),
        ]
        let filter = Filter.condition(field: "credits", op: .gte, value: .number("1"))
        for (order, first, next) in cases {
            let query = SelectQuery(table: users, fields: ["email"], filter: filter, orderBy: order, after: first, limit: 21,
                                    capturesOrderValues: true)
            let page = try builder.keysetPage(query)
            var nextQuery = query
            nextQuery.after = next
            let expected = try builder.select(nextQuery)
            let bound = page.after(next)
            #expect(bound.sql == expected.sql, "\(order)")
            #expect(bound.bindings == expected.bindings, "\(order) \(next)")
            #expect(page.after(first).bindings == page.query.bindings)
        }
        // A first page has no position to bind.
        let firstPage = try builder.keysetPage(SelectQuery(table: users, orderBy: [Ordering(field: "createdAt")], limit: 21))
        #expect(firstPage.after(nil).bindings == [21])
        #expect(firstPage.after([1, "u1"]).bindings == [21])
    }

    /// The order as a cursor records it: cursors handed out earlier must keep decoding.
    @Test func cursorOrderSignatureKeepsItsSpelling() {
        let order = [Ordering(field: "createdAt"), Ordering(field: "score", direction: .desc),
                     Ordering(field: "phoneNumber", nulls: .last), Ordering(field: "id", direction: .desc, nulls: .first)]
        #expect(KeysetCursor.signature(order) == "createdAt:asc:first,score:desc:last,phoneNumber:asc:last,id:desc:first")
        #expect(KeysetCursor.signature([]) == "")
    }

    @Test func cursorRoundTripsAndRefusesEdits() throws {
        let order = builder.effectiveOrder([Ordering(field: "createdAt")], table: users)
        let values: [SQLValue] = [1_767_225_600, "0190-x", .null, 2.5, .blob([0, 255])]
        let longOrder = order + [Ordering(field: "phoneNumber"), Ordering(field: "score"), Ordering(field: "admin")]
        let cursor = KeysetCursor(table: "users", order: longOrder, values: values).encoded()
        #expect(try KeysetCursor.decode(cursor, table: "users", order: longOrder) == values)
        #expect(!cursor.contains("="), "base64url without padding")

        func rejects(_ text: String, table: String = "users", order: [Ordering]? = nil) -> Bool {
            do {
                _ = try KeysetCursor.decode(text, table: table, order: order ?? longOrder)
                return false
            } catch StoreError.invalidValue(let field, _, _) {
                return field == "cursor"
            } catch {
                return false
            }
        }
        var edited = Array(cursor)
        edited[10] = edited[10] == "A" ? "B" : "A"
        #expect(rejects(String(edited)))
        #expect(rejects(String(cursor.dropLast())))
        #expect(rejects("not a cursor!"))
        #expect(rejects(""))
        #expect(rejects(cursor, table: "transfers"))
        #expect(rejects(cursor, order: order))
    }
}

@Suite struct QueryBuilderJoinTests {
    let builder = QueryBuilder()
    let users = QuerySchema.table("users")
    let profiles = QuerySchema.table("user_profiles")

    @Test func leftJoinOnTheForeignKeyFiltersTheChildInTheOnClause() throws {
        let query = SelectQuery(table: users, fields: ["email"], joins: [Join(table: profiles, fields: ["bio"])])
        let compiled = try builder.select(query)
        #expect(compiled.sql == #"SELECT "users"."email", "user_profiles"."bio", "user_profiles"."user_id" FROM "users" LEFT JOIN "user_profiles" ON "user_profiles"."user_id" = "users"."id" AND "user_profiles"."deactivated_at" IS NULL WHERE "users"."deactivated_at" IS NULL"#)
        #expect(compiled.shape.groups.map(\.key) == ["users", "user_profiles"])
        #expect(compiled.shape.groups[1].presence == 2)
    }

    @Test func innerJoinWithAliasExplicitOnAndQualifiedFilterAndOrder() throws {
        let query = SelectQuery(table: profiles, fields: ["bio"], filter: try QuerySchema.filter(#"{"u.credits": {"gt": 1}}"#),
                                orderBy: [Ordering(field: "u.email")],
                                joins: [Join(table: users, alias: "u", on: [("userId", "id")], kind: .inner, fields: ["email"], deactivated: .include)])
        let compiled = try builder.select(query)
        #expect(compiled.sql == #"SELECT "user_profiles"."bio", "u"."email" FROM "user_profiles" JOIN "users" AS "u" ON "u"."id" = "user_profiles"."user_id" WHERE "u"."credits" > ? AND "user_profiles"."deactivated_at" IS NULL ORDER BY "u"."email", "id""#.replacingOccurrences(of: #", "id""#, with: #", "user_profiles"."id""#))
        #expect(compiled.bindings == [1])
        #expect(compiled.shape.groups.map(\.key) == ["user_profiles", "u"])
        #expect(compiled.shape.groups[1].presence == nil)
    }

    @Test func ambiguousOrMissingForeignKeysNeedOn() throws {
        let transfers = QuerySchema.table("transfers")
        #expect {
            try builder.select(SelectQuery(table: users, joins: [Join(table: transfers)]))
        } throws: { error in
            guard case StoreError.invalidQuery(let path, let message) = error else { return false }
            return path == "join[0].on" && message.contains("several foreign keys")
        }
        #expect {
            try builder.select(SelectQuery(table: users, joins: [Join(table: QuerySchema.table("tags"))]))
        } throws: { error in
            guard case StoreError.invalidQuery(let path, let message) = error else { return false }
            return path == "join[0].on" && message.contains("no foreign key")
        }
        let explicit = try builder.select(SelectQuery(table: users, fields: ["id"],
                                                      joins: [Join(table: transfers, alias: "t", on: [("id", "fromId")], fields: ["amount"])]))
        #expect(explicit.sql.contains(#"LEFT JOIN "transfers" AS "t" ON "t"."from_id" = "users"."id" AND "t"."deactivated_at" IS NULL"#))
    }

    @Test func aNameMayBeUsedOnce() throws {
        #expect(throws: StoreError.self) { try builder.select(SelectQuery(table: users, joins: [Join(table: users, on: [("id", "id")])])) }
        let selfJoin = try builder.select(SelectQuery(table: users, fields: ["id"], joins: [Join(table: users, alias: "other", on: [("email", "email")], fields: ["id"])]))
        #expect(selfJoin.sql.contains(#"LEFT JOIN "users" AS "other" ON "other"."email" = "users"."email""#))
    }

    @Test func unknownJoinFieldsListQualifiedNames() throws {
        #expect {
            try builder.select(SelectQuery(table: users, filter: try QuerySchema.filter(#"{"user_profiles.nope": 1}"#), joins: [Join(table: profiles)]))
        } throws: { error in
            guard case StoreError.unknownField(_, let field, let available) = error else { return false }
            return field == "user_profiles.nope" && available.contains("user_profiles.bio") && available.contains("email")
        }
    }
}

@Suite struct QueryBuilderWriteTests {
    let builder = QueryBuilder()
    let users = QuerySchema.table("users")

    @Test func insertWithUpsertOnAPartialUniqueIndex() throws {
        let columns = ["id", "email", "name", "created_at", "updated_at"].compactMap { users.column(named: $0) }
        let sql = try builder.insert(into: users, columns: columns, onConflict: OnConflict(target: ["email"], action: .update(["name"])),
                                     returning: [users.column(named: "id")!])
        #expect(sql == #"INSERT INTO "users" ("id", "email", "name", "created_at", "updated_at") VALUES (?, ?, ?, ?, ?) ON CONFLICT ("email") WHERE "deactivated_at" IS NULL DO UPDATE SET "name" = excluded."name", "updated_at" = excluded."updated_at" RETURNING "id""#)
        let nothing = try builder.insert(into: users, columns: columns, onConflict: OnConflict(target: ["id"], action: .nothing), returning: [])
        #expect(nothing.hasSuffix(#"ON CONFLICT ("id") DO NOTHING"#))
        #expect(throws: StoreError.self) {
            try builder.insert(into: users, columns: columns, onConflict: OnConflict(target: ["name"], action: .nothing), returning: [])
        }
    }

    @Test func updateSetsIncrementsAndStamps() throws {
        let query = UpdateQuery(table: users, selection: RowSelection(id: "u1", filter: try QuerySchema.filter(#"{"credits": {"gte": 5}}"#)),
                                set: [("name", "Ann")], increment: [("credits", -5)], returning: .fields(["credits"]))
        let compiled = try builder.update(query, now: 1000)
        #expect(compiled.sql == #"UPDATE "users" SET "name" = ?, "credits" = "credits" + ?, "updated_at" = ? WHERE "id" = ? AND "credits" >= ? AND "deactivated_at" IS NULL RETURNING "credits""#)
        #expect(compiled.bindings == ["Ann", -5, 1000, "u1", 5])
    }

    @Test func updateRefusesWhatCannotWork() throws {
        let everyone = RowSelection(all: true)
        #expect(throws: StoreError.self) { try builder.update(UpdateQuery(table: users, selection: everyone), now: 1) }
        #expect(throws: StoreError.self) { try builder.update(UpdateQuery(table: users, selection: everyone, increment: [("email", 1)]), now: 1) }
        #expect(throws: StoreError.self) {
            try builder.update(UpdateQuery(table: users, selection: everyone, set: [("credits", 1)], increment: [("credits", 1)]), now: 1)
        }
        #expect(throws: StoreError.invalidValue(field: "increment.credits", expected: "an integer", got: "number")) {
            try builder.update(UpdateQuery(table: users, selection: everyone, increment: [("credits", .number("1.5"))]), now: 1)
        }
    }

    @Test(arguments: [
        RowSelection(),
        RowSelection(filter: .all([])),
        RowSelection(filter: .any([])),
    ])
    func writesThatNameNoRowsAreRefused(selection: RowSelection) throws {
        #expect {
            try builder.delete(users, selection: selection, deactivated: .include)
        } throws: { error in
            if case StoreError.unsafeOperation = error { return true }
            return false
        }
        let all = try builder.delete(users, selection: RowSelection(filter: selection.filter, all: true), deactivated: .include)
        #expect(all.sql.hasPrefix(#"DELETE FROM "users""#))
    }

    @Test func softDeleteRestoreAndDelete() throws {
        let soft = try builder.softDelete(users, selection: RowSelection(id: "u1"), by: "admin", now: 7, returning: .none)
        #expect(soft.sql == #"UPDATE "users" SET "deactivated_at" = ?, "deactivated_by" = ?, "updated_at" = ? WHERE "id" = ? AND "deactivated_at" IS NULL"#)
        #expect(soft.bindings == [7, "admin", 7, "u1"])
        let restore = try builder.restore(users, selection: RowSelection(id: "u1"), now: 8, returning: .fields(["id"]))
        #expect(restore.sql == #"UPDATE "users" SET "deactivated_at" = NULL, "deactivated_by" = NULL, "updated_at" = ? WHERE "id" = ? AND "deactivated_at" IS NOT NULL RETURNING "id""#)
        #expect(restore.bindings == [8, "u1"])
        let delete = try builder.delete(users, selection: RowSelection(id: "u1", filter: try QuerySchema.filter(#"{"credits": 0}"#)), deactivated: .include)
        #expect(delete.sql == #"DELETE FROM "users" WHERE "id" = ? AND "credits" = ?"#)
        #expect(delete.bindings == ["u1", 0])
        #expect(throws: StoreError.self) { try builder.softDelete(QuerySchema.table("tags"), selection: RowSelection(id: "x"), by: nil, now: 1, returning: .all) }
    }
}

@Suite struct QueryBuilderAggregateTests {
    let builder = QueryBuilder()
    let users = QuerySchema.table("users")

    @Test func statusGroupsWithFiltersAndHaving() throws {
        let query = AggregateQuery(table: users, grouping: .status, aggregates: [
            .init(alias: "total", function: .count),
            .init(alias: "rich", function: .count, filter: try QuerySchema.filter(#"{"credits": {"gte": 100}}"#)),
            .init(alias: "credits", function: .sum, field: "credits"),
        ], having: try QuerySchema.filter(#"{"rich": {"gt": 0}}"#), deactivated: .include)
        let compiled = try builder.aggregate(query)
        let status = #"CASE WHEN "deactivated_at" IS NULL THEN 'active' ELSE 'inactive' END"#
        #expect(compiled.sql == "SELECT \(status), count(*), count(*) FILTER (WHERE \"credits\" >= ?), sum(\"credits\") FROM \"users\" GROUP BY \(status) HAVING count(*) FILTER (WHERE \"credits\" >= ?) > ? ORDER BY \(status)")
        #expect(compiled.bindings == [100, 100, 0])
        #expect(compiled.shape.fields.map(\.key) == ["status", "total", "rich", "credits"])
    }

    @Test func fieldGroupsMinMaxAvg() throws {
        let query = AggregateQuery(table: users, grouping: .fields(["admin"]), aggregates: [
            .init(alias: "first", function: .min, field: "createdAt"),
            .init(alias: "mean", function: .avg, field: "score"),
        ], filter: try QuerySchema.filter(#"{"credits": {"gt": 0}}"#), having: try QuerySchema.filter(#"{"admin": true}"#))
        let compiled = try builder.aggregate(query)
        #expect(compiled.sql == #"SELECT "admin", min("created_at"), avg("score") FROM "users" WHERE "credits" > ? AND "deactivated_at" IS NULL GROUP BY "admin" HAVING "admin" = ? ORDER BY "admin""#)
        #expect(compiled.bindings == [0, 1])
        #expect(compiled.shape.fields.map(\.type) == [.boolean, .timestamp, .real])
    }

    @Test func mistakesAreNamed() throws {
        func path(_ query: AggregateQuery) -> String? {
            do {
                _ = try builder.aggregate(query)
                return nil
            } catch StoreError.invalidQuery(let path, _) {
                return path
            } catch StoreError.unknownField(_, let field, _) {
                return "unknown:\(field)"
            } catch {
                return "\(error)"
            }
        }
        #expect(path(AggregateQuery(table: users, aggregates: [])) == "aggregates")
        #expect(path(AggregateQuery(table: users, aggregates: [.init(alias: "s", function: .sum)])) == "aggregates.s.field")
        #expect(path(AggregateQuery(table: users, aggregates: [.init(alias: "s", function: .sum, field: "email")])) == "aggregates.s.field")
        #expect(path(AggregateQuery(table: users, grouping: .fields(["admin"]), aggregates: [.init(alias: "admin", function: .count)])) == "aggregates.admin")
        #expect(path(AggregateQuery(table: users, aggregates: [.init(alias: "n", function: .count)], having: try QuerySchema.filter(#"{"x": 1}"#))) == "unknown:x")
    }
}

@Suite struct Base64URLTests {
    /// Every length of input comes back byte for byte, with no padding in the text.
    @Test func roundTripsEveryLength() {
        var seed: UInt64 = 7
        for length in 0...40 {
            let bytes = (0..<length).map { _ -> UInt8 in
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                return UInt8(truncatingIfNeeded: seed >> 33)
            }
            let text = Base64URL.encode(bytes)
            #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
            #expect(text.utf8.count == (length * 4 + 2) / 3)
            #expect(Base64URL.decode(text) == bytes, "length \(length)")
        }
        #expect(Base64URL.encode(Array("any carnal pleas".utf8)) == "YW55IGNhcm5hbCBwbGVhcw")
    }

    /// A byte outside the URL-safe alphabet anywhere (the standard alphabet's `+` and `/`,
    /// padding, non-ASCII), or a length no encoding has, is refused.
    @Test func refusesTextThatIsNotBase64URL() {
        #expect(Base64URL.decode("YW55IGNhcm5hbCBwbGVhcw") == Array("any carnal pleas".utf8))
        for text in ["YW5+", "YW5/IGNh", "YW55IGNhcm5hbCBwbGVhcw==", "YW55é", "Y", "YW55I", "YW5 ", "\u{0}AAA"] {
            #expect(Base64URL.decode(text) == nil, "\(text)")
        }
        #expect(Base64URL.decode("") == [])
    }
}
