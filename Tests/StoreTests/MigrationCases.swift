import Foundation
import JSON
@testable import Store

/// The migration table: each case starts from a declared schema with rows in it and changes it.
/// Schemas are the `tables` object of a declared schema; rows name SQL columns.
extension MigrationCase {
    static let all: [MigrationCase] = tables + addedColumns + droppedColumns + renamedColumns + typeChanges
        + nullabilityAndDefaults + checks + foreignKeys + primaryKeys + indexes + identifiers + several

    // MARK: Tables

    static let tables: [MigrationCase] = [
        MigrationCase(
            "create a table",
            from: #"{"t": {"columns": {"a": {"type": "text"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "a": "x"], ["id": "r2", "a": nil]])],
            to: #"""
                {"t": {"columns": {"a": {"type": "text"}}},
                 "tags": {"columns": {"label": {"type": "text", "notNull": true, "unique": true}, "weight": {"type": "real", "default": 1.5}}}}
                """#,
            path: .alter,
            sql: [
                ExpectedSQL.createTable(#""tags""#, [#""label" TEXT NOT NULL"#, #""weight" REAL DEFAULT 1.5"#]),
                #"CREATE UNIQUE INDEX "tags_label_unique" ON "tags" ("label")"#,
            ]),
        MigrationCase(
            "drop a table with rows",
            from: #"{"t": {"columns": {"a": {"type": "text"}}}, "archive": {"columns": {"note": {"type": "text"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "a": "x"]]), TableRows("archive", [["id": "a1", "note": "x"], ["id": "a2", "note": nil]])],
            to: #"{"t": {"columns": {"a": {"type": "text"}}}}"#,
            path: .alter,
            sql: [#"DROP TABLE "archive""#],
            losses: [.table("archive", rows: 2)]),
        MigrationCase(
            "drop an empty table without confirmation",
            from: #"{"t": {"columns": {"a": {"type": "text"}}}, "archive": {"columns": {"note": {"type": "text"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "a": "x"]])],
            to: #"{"t": {"columns": {"a": {"type": "text"}}}}"#,
            path: .alter,
            losses: [.table("archive", rows: 0)]),
        MigrationCase(
            "drop a parent and its child table together, child first",
            from: #"""
                {"t": {"columns": {"a": {"type": "text"}}},
                 "posts": {"columns": {"title": {"type": "text"}}},
                 "comments": {"columns": {"postId": {"type": "text", "notNull": true, "references": {"table": "posts", "onDelete": "cascade"}}}}}
                """#,
            rows: [TableRows("posts", [["id": "p1"], ["id": "p2", "title": "two"]]),
                   TableRows("comments", [["id": "c1", "post_id": "p1"], ["id": "c2", "post_id": "p1"], ["id": "c3", "post_id": "p2"]])],
            to: #"{"t": {"columns": {"a": {"type": "text"}}}}"#,
            path: .alter,
            sql: [#"DROP TABLE "comments""#, #"DROP TABLE "posts""#],
            losses: [.table("comments", rows: 3), .table("posts", rows: 2)]),
        MigrationCase(
            "rename a table with a hint",
            from: #"{"notes": {"columns": {"body": {"type": "text", "notNull": true}}, "indexes": [{"name": "notes_body_idx", "columns": ["body"]}]}}"#,
            rows: [TableRows("notes", [["id": "n1", "body": "a"], ["id": "n2", "body": "b", "deactivated_at": 1_700_000_000]])],
            to: #"{"memos": {"renamedFrom": "notes", "columns": {"body": {"type": "text", "notNull": true}}, "indexes": [{"name": "notes_body_idx", "columns": ["body"]}]}}"#,
            path: .alter,
            sql: [#"ALTER TABLE "notes" RENAME TO "memos""#]),
        MigrationCase(
            "rename a table without a hint is a drop and a create",
            from: #"{"notes": {"columns": {"body": {"type": "text", "notNull": true}}}}"#,
            rows: [TableRows("notes", [["id": "n1", "body": "a"], ["id": "n2", "body": "b"]])],
            to: #"{"memos": {"columns": {"body": {"type": "text", "notNull": true}}}}"#,
            path: .alter,
            sql: [#"DROP TABLE "notes""#, ExpectedSQL.createTable(#""memos""#, [#""body" TEXT NOT NULL"#])],
            losses: [.table("notes", rows: 2)]),
        MigrationCase(
            "rename a table without a hint, keeping its named index",
            from: #"{"notes": {"columns": {"body": {"type": "text"}}, "indexes": [{"name": "body_lookup", "columns": ["body"]}]}}"#,
            rows: [TableRows("notes", [["id": "n1", "body": "a"]])],
            to: #"{"memos": {"columns": {"body": {"type": "text"}}, "indexes": [{"name": "body_lookup", "columns": ["body"]}]}}"#,
            path: .alter,
            sql: [#"DROP TABLE "notes""#, ExpectedSQL.createTable(#""memos""#, [#""body" TEXT"#]),
                  #"CREATE INDEX "body_lookup" ON "memos" ("body")"#],
            losses: [.table("notes", rows: 1)]),
        MigrationCase(
            "rename a table with a hint and drop one of its columns",
            from: #"{"notes": {"columns": {"body": {"type": "text"}, "draft": {"type": "text"}}}}"#,
            rows: [TableRows("notes", [["id": "n1", "body": "a", "draft": "d"], ["id": "n2", "body": "b"]])],
            to: #"{"memos": {"renamedFrom": "notes", "columns": {"body": {"type": "text"}}}}"#,
            path: .alter,
            sql: [#"ALTER TABLE "notes" RENAME TO "memos""#, #"ALTER TABLE "memos" DROP COLUMN "draft""#],
            losses: [.column("notes", "draft", rows: 1)]),
        MigrationCase(
            "rename a table with a hint and rebuild it without an indexed column",
            from: #"{"notes": {"columns": {"body": {"type": "text"}, "tag": {"type": "text"}}, "indexes": [{"name": "notes_tag", "columns": ["tag"]}]}}"#,
            rows: [TableRows("notes", [["id": "n1", "body": "a", "tag": "x"], ["id": "n2", "body": "b", "tag": "y"], ["id": "n3"]])],
            to: #"{"memos": {"renamedFrom": "notes", "columns": {"body": {"type": "text"}}}}"#,
            path: .rebuild,
            sql: [#"ALTER TABLE "notes" RENAME TO "memos""#]
                + ExpectedSQL.rebuild("memos", [#""body" TEXT"#], copy: #""id", "body", "# + ExpectedSQL.baseColumnList,
                                      from: #""id", "body", "# + ExpectedSQL.baseColumnList),
            losses: [.column("notes", "tag", rows: 2)]),
        MigrationCase(
            "rename a parent table with a hint, children follow",
            from: #"""
                {"authors": {"columns": {"name": {"type": "text", "notNull": true}}},
                 "books": {"columns": {"title": {"type": "text", "notNull": true},
                                       "authorId": {"type": "text", "notNull": true, "references": {"table": "authors", "onDelete": "cascade"}}},
                           "indexes": [{"columns": ["authorId"]}]}}
                """#,
            rows: [TableRows("authors", [["id": "a1", "name": "Ann"], ["id": "a2", "name": "Bo"]]),
                   TableRows("books", [["id": "b1", "title": "x", "author_id": "a1"], ["id": "b2", "title": "y", "author_id": "a1"],
                                       ["id": "b3", "title": "z", "author_id": "a2"]])],
            to: #"""
                {"writers": {"renamedFrom": "authors", "columns": {"name": {"type": "text", "notNull": true}}},
                 "books": {"columns": {"title": {"type": "text", "notNull": true},
                                       "authorId": {"type": "text", "notNull": true, "references": {"table": "writers", "onDelete": "cascade"}}},
                           "indexes": [{"columns": ["authorId"]}]}}
                """#,
            path: .alter,
            sql: [#"ALTER TABLE "authors" RENAME TO "writers""#]),
        MigrationCase(
            "rename a self-referencing table with a hint",
            from: #"{"nodes": {"columns": {"parentId": {"type": "text", "references": {"table": "nodes", "onDelete": "cascade"}}}}}"#,
            rows: [TableRows("nodes", [["id": "n1"], ["id": "n2", "parent_id": "n1"], ["id": "n3", "parent_id": "n2"]])],
            to: #"{"tree": {"renamedFrom": "nodes", "columns": {"parentId": {"type": "text", "references": {"table": "tree", "onDelete": "cascade"}}}}}"#,
            path: .alter,
            sql: [#"ALTER TABLE "nodes" RENAME TO "tree""#]),
        MigrationCase(
            "move a named index from one table to another",
            from: #"""
                {"b": {"columns": {"y": {"type": "text"}}},
                 "a": {"columns": {"x": {"type": "text"}}, "indexes": [{"name": "lookup", "columns": ["x"]}]}}
                """#,
            rows: [TableRows("a", [["id": "a1", "x": "1"]]), TableRows("b", [["id": "b1", "y": "2"]])],
            to: #"""
                {"b": {"columns": {"y": {"type": "text"}}, "indexes": [{"name": "lookup", "columns": ["y"]}]},
                 "a": {"columns": {"x": {"type": "text"}}}}
                """#,
            path: .alter,
            sql: [#"DROP INDEX "lookup""#, #"CREATE INDEX "lookup" ON "b" ("y")"#]),
    ]

    // MARK: Adding columns

    static let addedColumns: [MigrationCase] = [
        MigrationCase(
            "add a nullable column",
            from: #"{"t": {"columns": {"a": {"type": "text"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "a": "x"], ["id": "r2", "a": nil]])],
            to: #"{"t": {"columns": {"a": {"type": "text"}, "b": {"type": "integer"}}}}"#,
            path: .alter,
            sql: [#"ALTER TABLE "t" ADD COLUMN "b" INTEGER"#]),
        MigrationCase(
            "add a NOT NULL column with a literal default",
            from: #"{"t": {"columns": {"a": {"type": "text"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "a": "x"], ["id": "r2", "a": nil]])],
            to: #"{"t": {"columns": {"a": {"type": "text"}, "score": {"type": "integer", "notNull": true, "default": 0}}}}"#,
            path: .alter,
            sql: [#"ALTER TABLE "t" ADD COLUMN "score" INTEGER NOT NULL DEFAULT 0"#],
            values: ["t": ["r1": ["score": 0], "r2": ["score": 0]]]),
        MigrationCase(
            "add a column whose text default holds a quote",
            from: #"{"t": {"columns": {"a": {"type": "text"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "a": "x"]])],
            to: #"{"t": {"columns": {"a": {"type": "text"}, "motto": {"type": "text", "notNull": true, "default": "it's"}}}}"#,
            path: .alter,
            sql: [#"ALTER TABLE "t" ADD COLUMN "motto" TEXT NOT NULL DEFAULT 'it''s'"#],
            values: ["t": ["r1": ["motto": "it's"]]]),
        MigrationCase(
            "add a column with an expression default rebuilds the table",
            from: #"{"t": {"columns": {"a": {"type": "text"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "a": "x"], ["id": "r2", "a": nil]])],
            to: #"{"t": {"columns": {"a": {"type": "text"}, "slug": {"type": "text", "default": {"sql": "lower('ABC')"}}}}}"#,
            path: .rebuild,
            sql: ExpectedSQL.rebuild("t", [#""a" TEXT"#, #""slug" TEXT DEFAULT (lower('ABC'))"#],
                                     copy: #""id", "a", "# + ExpectedSQL.baseColumnList,
                                     from: #""id", "a", "# + ExpectedSQL.baseColumnList),
            values: ["t": ["r1": ["slug": "abc"], "r2": ["slug": "abc"]]]),
        MigrationCase(
            "add a column with a CHECK",
            from: #"{"t": {"columns": {"a": {"type": "text"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "a": "x"]])],
            to: #"{"t": {"columns": {"a": {"type": "text"}, "level": {"type": "integer", "check": {"level": {"between": [1, 5]}}}}}}"#,
            path: .alter,
            sql: [#"ALTER TABLE "t" ADD COLUMN "level" INTEGER CHECK ("level" BETWEEN 1 AND 5)"#]),
        MigrationCase(
            "add a column whose default fails its CHECK rolls back",
            from: #"{"t": {"columns": {"a": {"type": "text"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "a": "x"]])],
            to: #"{"t": {"columns": {"a": {"type": "text"}, "level": {"type": "integer", "notNull": true, "default": 0, "check": {"level": {"gte": 1}}}}}}"#,
            path: .alter,
            outcome: .failsAndRollsBack(statementPrefix: "ALTER TABLE")),
        MigrationCase(
            "add columns of every storage type with defaults",
            from: #"""
                {"t": {"columns": {"doc": {"type": "json"}, "on": {"type": "boolean"}, "at": {"type": "timestamp"},
                                   "raw": {"type": "blob"}, "n": {"type": "real"}}}}
                """#,
            rows: [TableRows("t", [["id": "r1", "doc": #"{"a":[1,2]}"#, "on": 1, "at": 1_767_225_600, "raw": .blob([0, 1, 255]), "n": 0.25],
                                   ["id": "r2"]])],
            to: #"""
                {"t": {"columns": {"doc": {"type": "json"}, "on": {"type": "boolean"}, "at": {"type": "timestamp"},
                                   "raw": {"type": "blob"}, "n": {"type": "real"},
                                   "meta": {"type": "json", "default": {"k": [1]}},
                                   "flag": {"type": "boolean", "notNull": true, "default": true},
                                   "seenAt": {"type": "timestamp", "default": "2026-01-01T00:00:00Z"},
                                   "avatar": {"type": "blob", "default": {"$base64": "AAE="}},
                                   "ratio": {"type": "real", "notNull": true, "default": 0.5}}}}
                """#,
            path: .alter,
            sql: [
                #"ALTER TABLE "t" ADD COLUMN "meta" TEXT DEFAULT '{"k":[1]}'"#,
                #"ALTER TABLE "t" ADD COLUMN "flag" INTEGER NOT NULL DEFAULT 1"#,
                #"ALTER TABLE "t" ADD COLUMN "seen_at" INTEGER DEFAULT 1767225600"#,
                #"ALTER TABLE "t" ADD COLUMN "avatar" BLOB DEFAULT X'0001'"#,
                #"ALTER TABLE "t" ADD COLUMN "ratio" REAL NOT NULL DEFAULT 0.5"#,
            ],
            values: ["t": ["r1": ["meta": #"{"k":[1]}"#, "flag": 1, "seen_at": 1_767_225_600, "avatar": .blob([0, 1]), "ratio": 0.5],
                           "r2": ["meta": #"{"k":[1]}"#, "flag": 1, "seen_at": 1_767_225_600, "avatar": .blob([0, 1]), "ratio": 0.5]]]),
        MigrationCase(
            "add a foreign key column",
            from: #"{"authors": {"columns": {"name": {"type": "text"}}}, "books": {"columns": {"title": {"type": "text"}}}}"#,
            rows: [TableRows("authors", [["id": "a1", "name": "Ann"]]), TableRows("books", [["id": "b1", "title": "x"]])],
            to: #"""
                {"authors": {"columns": {"name": {"type": "text"}}},
                 "books": {"columns": {"title": {"type": "text"}, "authorId": {"type": "text", "references": {"table": "authors", "onDelete": "setNull"}}}}}
                """#,
            path: .alter,
            sql: [#"ALTER TABLE "books" ADD COLUMN "author_id" TEXT REFERENCES "authors" ("id") ON DELETE SET NULL"#]),
        MigrationCase(
            "add a unique column",
            from: #"{"t": {"columns": {"a": {"type": "text"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "a": "x"], ["id": "r2", "a": "y"]])],
            to: #"{"t": {"columns": {"a": {"type": "text"}, "code": {"type": "text", "unique": true}}}}"#,
            path: .alter,
            sql: [#"ALTER TABLE "t" ADD COLUMN "code" TEXT"#, #"CREATE UNIQUE INDEX "t_code_unique" ON "t" ("code")"#]),
        MigrationCase(
            "add a NOT NULL column without a default to a table with rows rolls back",
            from: #"{"t": {"columns": {"a": {"type": "text"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "a": "x"]])],
            to: #"{"t": {"columns": {"a": {"type": "text"}, "must": {"type": "text", "notNull": true}}}}"#,
            path: .rebuild,
            outcome: .failsAndRollsBack(statementPrefix: "INSERT INTO")),
    ]

    // MARK: Dropping columns

    static let droppedColumns: [MigrationCase] = [
        MigrationCase(
            "drop a column in place",
            from: #"{"t": {"columns": {"a": {"type": "text"}, "note": {"type": "text"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "a": "x", "note": "n1"], ["id": "r2", "note": "n2"], ["id": "r3", "a": "z"]])],
            to: #"{"t": {"columns": {"a": {"type": "text"}}}}"#,
            path: .alter,
            sql: [#"ALTER TABLE "t" DROP COLUMN "note""#],
            losses: [.column("t", "note", rows: 2)]),
        MigrationCase(
            "drop a column holding only NULLs without confirmation",
            from: #"{"t": {"columns": {"a": {"type": "text"}, "note": {"type": "text"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "a": "x"], ["id": "r2"]])],
            to: #"{"t": {"columns": {"a": {"type": "text"}}}}"#,
            path: .alter,
            losses: [.column("t", "note", rows: 0)]),
        MigrationCase(
            "drop an indexed column",
            from: #"{"t": {"columns": {"a": {"type": "text"}, "code": {"type": "text"}}, "indexes": [{"columns": ["code"]}, {"columns": ["a"]}]}}"#,
            rows: [TableRows("t", [["id": "r1", "a": "x", "code": "c1"], ["id": "r2", "a": "y", "code": "c2"]])],
            to: #"{"t": {"columns": {"a": {"type": "text"}}, "indexes": [{"columns": ["a"]}]}}"#,
            path: .rebuild,
            sql: ExpectedSQL.rebuild("t", [#""a" TEXT"#], copy: #""id", "a", "# + ExpectedSQL.baseColumnList,
                                     from: #""id", "a", "# + ExpectedSQL.baseColumnList)
                + [#"CREATE INDEX "t_a_idx" ON "t" ("a")"#],
            losses: [.column("t", "code", rows: 2)]),
        MigrationCase(
            "drop a column with a CHECK",
            from: #"{"t": {"columns": {"a": {"type": "text"}, "qty": {"type": "integer", "check": {"qty": {"gte": 0}}}}}}"#,
            rows: [TableRows("t", [["id": "r1", "a": "x", "qty": 3], ["id": "r2", "a": "y"]])],
            to: #"{"t": {"columns": {"a": {"type": "text"}}}}"#,
            path: .rebuild,
            losses: [.column("t", "qty", rows: 1)]),
        MigrationCase(
            "drop a foreign key column",
            from: #"""
                {"authors": {"columns": {"name": {"type": "text"}}},
                 "books": {"columns": {"title": {"type": "text"}, "authorId": {"type": "text", "references": {"table": "authors"}}}}}
                """#,
            rows: [TableRows("authors", [["id": "a1", "name": "Ann"]]),
                   TableRows("books", [["id": "b1", "title": "x", "author_id": "a1"], ["id": "b2", "title": "y"]])],
            to: #"{"authors": {"columns": {"name": {"type": "text"}}}, "books": {"columns": {"title": {"type": "text"}}}}"#,
            path: .rebuild,
            losses: [.column("books", "author_id", rows: 1)]),
    ]

    // MARK: Renaming columns

    static let renamedColumns: [MigrationCase] = [
        MigrationCase(
            "rename a column with a hint",
            from: #"{"t": {"columns": {"phone": {"type": "text"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "phone": "123"], ["id": "r2"]])],
            to: #"{"t": {"columns": {"phoneNumber": {"type": "text", "renamedFrom": "phone"}}}}"#,
            path: .alter,
            sql: [#"ALTER TABLE "t" RENAME COLUMN "phone" TO "phone_number""#]),
        MigrationCase(
            "rename a column used by an index, a partial index and a CHECK",
            from: #"""
                {"t": {"columns": {"email": {"type": "text", "notNull": true, "check": {"email": {"like": "%@%"}}},
                                   "credits": {"type": "integer", "notNull": true, "default": 0}},
                       "indexes": [{"name": "t_email_idx", "columns": ["email"], "unique": true, "where": "active"},
                                   {"name": "t_credits_idx", "columns": ["credits"], "where": {"email": {"ne": ""}}}]}}
                """#,
            rows: [TableRows("t", [["id": "r1", "email": "a@x", "credits": 1], ["id": "r2", "email": "b@x"],
                                   ["id": "r3", "email": "a@x", "deactivated_at": 1_700_000_000]])],
            to: #"""
                {"t": {"columns": {"contactEmail": {"type": "text", "notNull": true, "renamedFrom": "email", "check": {"contactEmail": {"like": "%@%"}}},
                                   "credits": {"type": "integer", "notNull": true, "default": 0}},
                       "indexes": [{"name": "t_email_idx", "columns": ["contactEmail"], "unique": true, "where": "active"},
                                   {"name": "t_credits_idx", "columns": ["credits"], "where": {"contactEmail": {"ne": ""}}}]}}
                """#,
            path: .alter,
            sql: [#"ALTER TABLE "t" RENAME COLUMN "email" TO "contact_email""#]),
        MigrationCase(
            "rename a column without a hint is an add and a drop",
            from: #"{"t": {"columns": {"phone": {"type": "text"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "phone": "123"], ["id": "r2", "phone": "456"]])],
            to: #"{"t": {"columns": {"phoneNumber": {"type": "text"}}}}"#,
            path: .alter,
            sql: [#"ALTER TABLE "t" ADD COLUMN "phone_number" TEXT"#, #"ALTER TABLE "t" DROP COLUMN "phone""#],
            losses: [.column("t", "phone", rows: 2)]),
        MigrationCase(
            "rename a column with a hint and change its type",
            from: #"{"t": {"columns": {"count": {"type": "text"}, "a": {"type": "text"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "count": "3", "a": "x"], ["id": "r2", "count": nil]])],
            to: #"{"t": {"columns": {"total": {"type": "integer", "renamedFrom": "count"}, "a": {"type": "text"}}}}"#,
            path: .rebuild,
            sql: [#"ALTER TABLE "t" RENAME COLUMN "count" TO "total""#]
                + ExpectedSQL.rebuild("t", [#""total" INTEGER"#, #""a" TEXT"#],
                                      copy: #""id", "total", "a", "# + ExpectedSQL.baseColumnList,
                                      from: #""id", "total", "a", "# + ExpectedSQL.baseColumnList),
            values: ["t": ["r1": ["total": 3]]]),
        MigrationCase(
            "rename a column next to one whose quoted name starts the same",
            from: #"{"t": {"columns": {"a": {"type": "text"}, "a\"b": {"type": "text", "check": {"a\"b": {"ne": ""}}}}, "indexes": [{"name": "t_ab", "columns": ["a"], "where": {"a\"b": {"ne": "x"}}}]}}"#,
            rows: [TableRows("t", [["id": "r1", "a": "1", "a\"b": "2"], ["id": "r2"]])],
            to: #"{"t": {"columns": {"z": {"type": "text", "renamedFrom": "a"}, "a\"b": {"type": "text", "check": {"a\"b": {"ne": ""}}}}, "indexes": [{"name": "t_ab", "columns": ["z"], "where": {"a\"b": {"ne": "x"}}}]}}"#,
            path: .alter,
            sql: [#"ALTER TABLE "t" RENAME COLUMN "a" TO "z""#]),
        MigrationCase(
            "drop a column next to one whose quoted name starts the same",
            from: #"{"t": {"columns": {"a": {"type": "text"}, "a\"b": {"type": "text", "check": {"a\"b": {"ne": "'a'"}}}}}}"#,
            rows: [TableRows("t", [["id": "r1", "a": "1", "a\"b": "2"], ["id": "r2"]])],
            to: #"{"t": {"columns": {"a\"b": {"type": "text", "check": {"a\"b": {"ne": "'a'"}}}}}}"#,
            path: .alter,
            sql: [#"ALTER TABLE "t" DROP COLUMN "a""#],
            losses: [.column("t", "a", rows: 1)]),
    ]

    // MARK: Types

    static let typeChanges: [MigrationCase] = [
        MigrationCase(
            "integer to text converts the values",
            from: #"{"t": {"columns": {"n": {"type": "integer"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "n": 5], ["id": "r2"], ["id": "r3", "n": -7]])],
            to: #"{"t": {"columns": {"n": {"type": "text"}}}}"#,
            path: .rebuild,
            sql: ExpectedSQL.rebuild("t", [#""n" TEXT"#], copy: #""id", "n", "# + ExpectedSQL.baseColumnList,
                                     from: #""id", "n", "# + ExpectedSQL.baseColumnList),
            values: ["t": ["r1": ["n": "5"], "r3": ["n": "-7"]]]),
        MigrationCase(
            "text to real converts numeric text and keeps the rest",
            from: #"{"t": {"columns": {"v": {"type": "text"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "v": "1.5"], ["id": "r2", "v": "2"], ["id": "r3", "v": "n/a"], ["id": "r4"]])],
            to: #"{"t": {"columns": {"v": {"type": "real"}}}}"#,
            path: .rebuild,
            values: ["t": ["r1": ["v": 1.5], "r2": ["v": 2.0]]]),
        MigrationCase(
            "real to integer converts whole numbers only",
            from: #"{"t": {"columns": {"v": {"type": "real"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "v": 2.0], ["id": "r2", "v": 2.5], ["id": "r3", "v": -3.0]])],
            to: #"{"t": {"columns": {"v": {"type": "integer"}}}}"#,
            path: .rebuild,
            values: ["t": ["r1": ["v": 2], "r3": ["v": -3]]]),
        MigrationCase(
            "boolean to integer keeps the storage type, so no file",
            from: #"{"t": {"columns": {"on": {"type": "boolean", "notNull": true, "default": false}}}}"#,
            rows: [TableRows("t", [["id": "r1", "on": 1], ["id": "r2"]])],
            to: #"{"t": {"columns": {"on": {"type": "integer", "notNull": true, "default": 0}}}}"#,
            path: .noFile),
    ]

    // MARK: NOT NULL and defaults

    static let nullabilityAndDefaults: [MigrationCase] = [
        MigrationCase(
            "nullable to NOT NULL with a default fills the NULLs",
            from: #"{"t": {"columns": {"status": {"type": "text"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "status": "open"], ["id": "r2"]])],
            to: #"{"t": {"columns": {"status": {"type": "text", "notNull": true, "default": "new"}}}}"#,
            path: .rebuild,
            sql: ExpectedSQL.rebuild("t", [#""status" TEXT NOT NULL DEFAULT 'new'"#],
                                     copy: #""id", "status", "# + ExpectedSQL.baseColumnList,
                                     from: #""id", COALESCE("status", 'new'), "# + ExpectedSQL.baseColumnList),
            values: ["t": ["r2": ["status": "new"]]]),
        MigrationCase(
            "nullable to NOT NULL without a default over NULLs fails and rolls back",
            from: #"{"t": {"columns": {"status": {"type": "text"}}, "indexes": [{"columns": ["status"]}]}}"#,
            rows: [TableRows("t", [["id": "r1", "status": "open"], ["id": "r2"]])],
            to: #"{"t": {"columns": {"status": {"type": "text", "notNull": true}}, "indexes": [{"columns": ["status"]}]}}"#,
            path: .rebuild,
            outcome: .failsAndRollsBack(statementPrefix: "INSERT INTO")),
        MigrationCase(
            "nullable to NOT NULL without a default where no row is NULL",
            from: #"{"t": {"columns": {"status": {"type": "text"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "status": "open"], ["id": "r2", "status": "done"]])],
            to: #"{"t": {"columns": {"status": {"type": "text", "notNull": true}}}}"#,
            path: .rebuild),
        MigrationCase(
            "NOT NULL to nullable",
            from: #"{"t": {"columns": {"status": {"type": "text", "notNull": true}}}}"#,
            rows: [TableRows("t", [["id": "r1", "status": "open"], ["id": "r2", "status": "done"]])],
            to: #"{"t": {"columns": {"status": {"type": "text"}}}}"#,
            path: .rebuild),
        MigrationCase(
            "change a literal default",
            from: #"{"t": {"columns": {"status": {"type": "text", "notNull": true, "default": "new"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "status": "open"], ["id": "r2"]])],
            to: #"{"t": {"columns": {"status": {"type": "text", "notNull": true, "default": "draft"}}}}"#,
            path: .rebuild,
            sql: ExpectedSQL.rebuild("t", [#""status" TEXT NOT NULL DEFAULT 'draft'"#],
                                     copy: #""id", "status", "# + ExpectedSQL.baseColumnList,
                                     from: #""id", "status", "# + ExpectedSQL.baseColumnList)),
        MigrationCase(
            "remove a default",
            from: #"{"t": {"columns": {"n": {"type": "integer", "default": 7}}}}"#,
            rows: [TableRows("t", [["id": "r1", "n": 1], ["id": "r2"]])],
            to: #"{"t": {"columns": {"n": {"type": "integer"}}}}"#,
            path: .rebuild),
        MigrationCase(
            "expression defaults in any spelling read back as declared",
            from: #"""
                {"t": {"columns": {"a": {"type": "integer", "default": {"sql": "(1 + 2)"}},
                                   "b": {"type": "text", "default": {"sql": "'a' || 'b'"}},
                                   "c": {"type": "text", "default": {"sql": "CURRENT_TIMESTAMP"}},
                                   "d": {"type": "integer", "default": {"sql": "-1"}},
                                   "e": {"type": "text", "default": {"sql": "'x'"}}}}}
                """#,
            rows: [TableRows("t", [["id": "r1", "a": 1, "b": "b", "c": "c", "d": 4, "e": "e"]])],
            to: #"""
                {"t": {"columns": {"a": {"type": "integer", "default": {"sql": "(1 + 2)"}},
                                   "b": {"type": "text", "default": {"sql": "'a' || 'b'"}},
                                   "c": {"type": "text", "default": {"sql": "CURRENT_TIMESTAMP"}},
                                   "d": {"type": "integer", "default": {"sql": "-1"}},
                                   "e": {"type": "text", "default": {"sql": "'x'"}},
                                   "f": {"type": "text"}}}}
                """#,
            path: .alter,
            sql: [#"ALTER TABLE "t" ADD COLUMN "f" TEXT"#]),
    ]

    // MARK: CHECK constraints

    static let checks: [MigrationCase] = [
        MigrationCase(
            "add a CHECK to a column",
            from: #"{"t": {"columns": {"qty": {"type": "integer"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "qty": 1], ["id": "r2", "qty": 5], ["id": "r3"]])],
            to: #"{"t": {"columns": {"qty": {"type": "integer", "check": {"qty": {"gte": 0}}}}}}"#,
            path: .rebuild,
            sql: ExpectedSQL.rebuild("t", [#""qty" INTEGER CHECK ("qty" >= 0)"#],
                                     copy: #""id", "qty", "# + ExpectedSQL.baseColumnList,
                                     from: #""id", "qty", "# + ExpectedSQL.baseColumnList)),
        MigrationCase(
            "add a CHECK that a row breaks fails and rolls back",
            from: #"{"t": {"columns": {"qty": {"type": "integer"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "qty": 1], ["id": "r2", "qty": -1]])],
            to: #"{"t": {"columns": {"qty": {"type": "integer", "check": {"qty": {"gte": 0}}}}}}"#,
            path: .rebuild,
            outcome: .failsAndRollsBack(statementPrefix: "INSERT INTO")),
        MigrationCase(
            "remove a CHECK",
            from: #"{"t": {"columns": {"qty": {"type": "integer", "check": {"qty": {"gte": 0}}}}}}"#,
            rows: [TableRows("t", [["id": "r1", "qty": 1], ["id": "r2"]])],
            to: #"{"t": {"columns": {"qty": {"type": "integer"}}}}"#,
            path: .rebuild),
        MigrationCase(
            "change a CHECK",
            from: #"{"t": {"columns": {"kind": {"type": "text", "notNull": true, "check": {"kind": {"in": ["a", "b"]}}}}}}"#,
            rows: [TableRows("t", [["id": "r1", "kind": "a"], ["id": "r2", "kind": "b"]])],
            to: #"{"t": {"columns": {"kind": {"type": "text", "notNull": true, "check": {"or": [{"kind": {"in": ["a", "b"]}}, {"kind": {"like": "c%"}}]}}}}}"#,
            path: .rebuild,
            sql: ExpectedSQL.rebuild("t", [#""kind" TEXT NOT NULL CHECK (("kind" IN ('a', 'b')) OR ("kind" LIKE 'c%'))"#],
                                     copy: #""id", "kind", "# + ExpectedSQL.baseColumnList,
                                     from: #""id", "kind", "# + ExpectedSQL.baseColumnList)),
    ]

    // MARK: Foreign keys

    static let parentAndChildren = #"""
        "users": {"columns": {"name": {"type": "text"}}},
        "posts": {"columns": {"userId": {"type": "text", "notNull": true, "references": {"table": "users", "onDelete": "cascade"}},
                              "title": {"type": "text"}},
                  "indexes": [{"columns": ["userId"]}]},
        "profiles": {"columns": {"userId": {"type": "text", "references": {"table": "users", "onDelete": "setNull"}}}}
        """#
    static let parentAndChildrenRows = [
        TableRows("users", [["id": "u1", "name": "Ann"], ["id": "u2"]]),
        TableRows("posts", [["id": "p1", "user_id": "u1", "title": "x"], ["id": "p2", "user_id": "u1"], ["id": "p3", "user_id": "u2", "title": "z"]]),
        TableRows("profiles", [["id": "f1", "user_id": "u1"], ["id": "f2", "user_id": "u2"], ["id": "f3"]]),
    ]

    static let foreignKeys: [MigrationCase] = [
        MigrationCase(
            "add a foreign key to an existing column",
            from: #"{"authors": {"columns": {"name": {"type": "text"}}}, "books": {"columns": {"authorId": {"type": "text"}}}}"#,
            rows: [TableRows("authors", [["id": "a1"]]), TableRows("books", [["id": "b1", "author_id": "a1"], ["id": "b2"]])],
            to: #"""
                {"authors": {"columns": {"name": {"type": "text"}}},
                 "books": {"columns": {"authorId": {"type": "text", "references": {"table": "authors", "onDelete": "cascade"}}}}}
                """#,
            path: .rebuild,
            sql: ExpectedSQL.rebuild("books", [#""author_id" TEXT REFERENCES "authors" ("id") ON DELETE CASCADE"#],
                                     copy: #""id", "author_id", "# + ExpectedSQL.baseColumnList,
                                     from: #""id", "author_id", "# + ExpectedSQL.baseColumnList)),
        MigrationCase(
            "add a foreign key that a row breaks fails the check and rolls back",
            from: #"{"authors": {"columns": {"name": {"type": "text"}}}, "books": {"columns": {"authorId": {"type": "text"}}}}"#,
            rows: [TableRows("authors", [["id": "a1"]]), TableRows("books", [["id": "b1", "author_id": "a1"], ["id": "b2", "author_id": "ghost"]])],
            to: #"""
                {"authors": {"columns": {"name": {"type": "text"}}},
                 "books": {"columns": {"authorId": {"type": "text", "references": {"table": "authors"}}}}}
                """#,
            path: .rebuild,
            outcome: .failsAndRollsBack(statementPrefix: "PRAGMA foreign_key_check")),
        MigrationCase(
            "drop a foreign key, keeping the column",
            from: "{" + parentAndChildren + "}",
            rows: parentAndChildrenRows,
            to: #"""
                {"users": {"columns": {"name": {"type": "text"}}},
                 "posts": {"columns": {"userId": {"type": "text", "notNull": true}, "title": {"type": "text"}}, "indexes": [{"columns": ["userId"]}]},
                 "profiles": {"columns": {"userId": {"type": "text", "references": {"table": "users", "onDelete": "setNull"}}}}}
                """#,
            path: .rebuild),
        MigrationCase(
            "change the onDelete action",
            from: "{" + parentAndChildren + "}",
            rows: parentAndChildrenRows,
            to: #"""
                {"users": {"columns": {"name": {"type": "text"}}},
                 "posts": {"columns": {"userId": {"type": "text", "notNull": true, "references": {"table": "users", "onDelete": "restrict", "onUpdate": "cascade"}},
                                       "title": {"type": "text"}},
                           "indexes": [{"columns": ["userId"]}]},
                 "profiles": {"columns": {"userId": {"type": "text", "references": {"table": "users", "onDelete": "setNull"}}}}}
                """#,
            path: .rebuild,
            sql: ExpectedSQL.rebuild("posts", [#""user_id" TEXT NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE CASCADE"#, #""title" TEXT"#],
                                     copy: #""id", "user_id", "title", "# + ExpectedSQL.baseColumnList,
                                     from: #""id", "user_id", "title", "# + ExpectedSQL.baseColumnList)
                + [#"CREATE INDEX "posts_user_id_idx" ON "posts" ("user_id")"#]),
        MigrationCase(
            "rebuild a parent with children present keeps every child",
            from: "{" + parentAndChildren + "}",
            rows: parentAndChildrenRows,
            to: #"""
                {"users": {"columns": {"name": {"type": "text", "notNull": true, "default": "anonymous"}}},
                 "posts": {"columns": {"userId": {"type": "text", "notNull": true, "references": {"table": "users", "onDelete": "cascade"}},
                                       "title": {"type": "text"}},
                           "indexes": [{"columns": ["userId"]}]},
                 "profiles": {"columns": {"userId": {"type": "text", "references": {"table": "users", "onDelete": "setNull"}}}}}
                """#,
            path: .rebuild,
            sql: ExpectedSQL.rebuild("users", [#""name" TEXT NOT NULL DEFAULT 'anonymous'"#],
                                     copy: #""id", "name", "# + ExpectedSQL.baseColumnList,
                                     from: #""id", COALESCE("name", 'anonymous'), "# + ExpectedSQL.baseColumnList),
            values: ["users": ["u2": ["name": "anonymous"]]]),
        MigrationCase(
            "rebuild a child that references its parent",
            from: "{" + parentAndChildren + "}",
            rows: parentAndChildrenRows,
            to: #"""
                {"users": {"columns": {"name": {"type": "text"}}},
                 "posts": {"columns": {"userId": {"type": "text", "notNull": true, "references": {"table": "users", "onDelete": "cascade"}},
                                       "title": {"type": "text", "notNull": true, "default": "untitled"}},
                           "indexes": [{"columns": ["userId"]}]},
                 "profiles": {"columns": {"userId": {"type": "text", "references": {"table": "users", "onDelete": "setNull"}}}}}
                """#,
            path: .rebuild,
            values: ["posts": ["p2": ["title": "untitled"]]]),
        MigrationCase(
            "rebuild a self-referencing table",
            from: #"{"nodes": {"columns": {"label": {"type": "text"}, "parentId": {"type": "text", "references": {"table": "nodes", "onDelete": "cascade"}}}}}"#,
            rows: [TableRows("nodes", [["id": "n1", "label": "root"], ["id": "n2", "parent_id": "n1"], ["id": "n3", "label": "leaf", "parent_id": "n2"]])],
            to: #"""
                {"nodes": {"columns": {"label": {"type": "text", "notNull": true, "default": "?"},
                                       "parentId": {"type": "text", "references": {"table": "nodes", "onDelete": "cascade"}}}}}
                """#,
            path: .rebuild,
            values: ["nodes": ["n2": ["label": "?"]]]),
        MigrationCase(
            "rebuild a parent and its child in one migration",
            from: "{" + parentAndChildren + "}",
            rows: parentAndChildrenRows,
            to: #"""
                {"users": {"columns": {"name": {"type": "text", "notNull": true, "default": ""}}},
                 "posts": {"columns": {"userId": {"type": "text", "notNull": true, "references": {"table": "users", "onDelete": "cascade"}},
                                       "title": {"type": "text", "notNull": true, "default": ""}},
                           "indexes": [{"columns": ["userId"]}]},
                 "profiles": {"columns": {"userId": {"type": "text", "references": {"table": "users", "onDelete": "cascade"}}}}}
                """#,
            path: .rebuild,
            values: ["users": ["u2": ["name": ""]], "posts": ["p2": ["title": ""]]]),
        MigrationCase(
            "drop a parent table and the child's reference to it",
            from: "{" + parentAndChildren + "}",
            rows: parentAndChildrenRows,
            to: #"""
                {"posts": {"columns": {"title": {"type": "text"}}},
                 "profiles": {"columns": {"userId": {"type": "text"}}}}
                """#,
            path: .rebuild,
            losses: [.table("users", rows: 2), .column("posts", "user_id", rows: 3)]),
        MigrationCase(
            "reference a unique column that is not the key, then rebuild the parent",
            from: #"""
                {"countries": {"columns": {"code": {"type": "text", "notNull": true, "unique": true}, "name": {"type": "text"}}},
                 "cities": {"columns": {"country": {"type": "text", "references": {"table": "countries", "column": "code", "onDelete": "cascade"}}}}}
                """#,
            rows: [TableRows("countries", [["id": "c1", "code": "FR", "name": "France"], ["id": "c2", "code": "JP"]]),
                   TableRows("cities", [["id": "x1", "country": "FR"], ["id": "x2", "country": "JP"], ["id": "x3"]])],
            to: #"""
                {"countries": {"columns": {"code": {"type": "text", "notNull": true, "unique": true}, "name": {"type": "text", "notNull": true, "default": "?"}}},
                 "cities": {"columns": {"country": {"type": "text", "references": {"table": "countries", "column": "code", "onDelete": "cascade"}}}}}
                """#,
            path: .rebuild,
            sql: ExpectedSQL.rebuild("countries", [#""code" TEXT NOT NULL"#, #""name" TEXT NOT NULL DEFAULT '?'"#],
                                     copy: #""id", "code", "name", "# + ExpectedSQL.baseColumnList,
                                     from: #""id", "code", COALESCE("name", '?'), "# + ExpectedSQL.baseColumnList)
                + [#"CREATE UNIQUE INDEX "countries_code_unique" ON "countries" ("code")"#],
            values: ["countries": ["c2": ["name": "?"]]]),
    ]

    // MARK: Primary keys and tables without the base pattern

    static let primaryKeys: [MigrationCase] = [
        MigrationCase(
            "a base:false table gets a composite primary key",
            from: #"{"codes": {"base": false, "columns": {"code": {"type": "text", "primaryKey": true}, "region": {"type": "text", "notNull": true}}}}"#,
            rows: [TableRows("codes", [["code": "c1", "region": "eu"], ["code": "c2", "region": "us"]])],
            to: #"{"codes": {"base": false, "primaryKey": ["code", "region"], "columns": {"code": {"type": "text"}, "region": {"type": "text", "notNull": true}}}}"#,
            path: .rebuild,
            sql: ExpectedSQL.rebuild("codes", [#""code" TEXT NOT NULL"#, #""region" TEXT NOT NULL"#, #"PRIMARY KEY ("code", "region")"#],
                                     copy: #""code", "region""#, from: #""code", "region""#, base: false)),
        MigrationCase(
            "a composite primary key becomes a single column",
            from: #"""
                {"grants": {"base": false, "primaryKey": ["userId", "roleId"],
                            "columns": {"userId": {"type": "text"}, "roleId": {"type": "text"}, "key": {"type": "integer", "notNull": true}}}}
                """#,
            rows: [TableRows("grants", [["user_id": "u1", "role_id": "r1", "key": 1], ["user_id": "u1", "role_id": "r2", "key": 2]])],
            to: #"""
                {"grants": {"base": false,
                            "columns": {"userId": {"type": "text", "notNull": true}, "roleId": {"type": "text", "notNull": true},
                                        "key": {"type": "integer", "primaryKey": true}}}}
                """#,
            path: .rebuild),
        MigrationCase(
            "an integer key gets autoIncrement",
            from: #"{"counters": {"base": false, "columns": {"n": {"type": "integer", "primaryKey": true}, "label": {"type": "text"}}}}"#,
            rows: [TableRows("counters", [["n": 1, "label": "a"], ["n": 10], ["n": 3, "label": "c"]])],
            to: #"{"counters": {"base": false, "columns": {"n": {"type": "integer", "primaryKey": true, "autoIncrement": true}, "label": {"type": "text"}}}}"#,
            path: .rebuild,
            sql: ExpectedSQL.rebuild("counters", [#""n" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT"#, #""label" TEXT"#],
                                     copy: #""n", "label""#, from: #""n", "label""#, base: false)),
        MigrationCase(
            "an integer key loses autoIncrement",
            from: #"{"counters": {"base": false, "columns": {"n": {"type": "integer", "primaryKey": true, "autoIncrement": true}, "label": {"type": "text"}}}}"#,
            rows: [TableRows("counters", [["label": "a"], ["label": "b"], ["n": 40]])],
            to: #"{"counters": {"base": false, "columns": {"n": {"type": "integer", "primaryKey": true}, "label": {"type": "text"}}}}"#,
            path: .rebuild),
        MigrationCase(
            "a base:false table gets a column and an index in place",
            from: #"{"kv": {"base": false, "columns": {"key": {"type": "text", "primaryKey": true}, "value": {"type": "json"}}}}"#,
            rows: [TableRows("kv", [["key": "a", "value": "[1]"], ["key": "b"]])],
            to: #"""
                {"kv": {"base": false, "columns": {"key": {"type": "text", "primaryKey": true}, "value": {"type": "json"},
                                                   "expiresAt": {"type": "timestamp"}},
                        "indexes": [{"columns": ["expiresAt"]}]}}
                """#,
            path: .alter,
            sql: [#"ALTER TABLE "kv" ADD COLUMN "expires_at" INTEGER"#, #"CREATE INDEX "kv_expires_at_idx" ON "kv" ("expires_at")"#]),
        MigrationCase(
            "a table leaves the base pattern",
            from: #"{"t": {"columns": {"a": {"type": "text"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "a": "x", "deactivated_at": 1_700_000_000], ["id": "r2"]])],
            to: #"{"t": {"base": false, "columns": {"id": {"type": "text", "primaryKey": true}, "a": {"type": "text"}}}}"#,
            path: .alter,
            sql: ["created_at", "updated_at", "deactivated_at", "deactivated_by"].map { #"ALTER TABLE "t" DROP COLUMN ""# + $0 + "\"" },
            losses: [.column("t", "created_at", rows: 2), .column("t", "updated_at", rows: 2),
                     .column("t", "deactivated_at", rows: 1), .column("t", "deactivated_by", rows: 0)]),
    ]

    // MARK: Indexes

    static let emailTable = #"{"t": {"columns": {"email": {"type": "text"}, "credits": {"type": "integer", "notNull": true, "default": 0}}}}"#
    static let emailRows = [TableRows("t", [["id": "r1", "email": "a@x", "credits": 5], ["id": "r2", "email": "b@x"],
                                            ["id": "r3", "email": "a@x", "deactivated_at": 1_700_000_000], ["id": "r4"]])]

    static func emailTable(indexes: String, unique: String? = nil) -> String {
        #"{"t": {"columns": {"email": {"type": "text"}, "credits": {"type": "integer", "notNull": true, "default": 0}}, "indexes": "#
            + indexes + (unique.map { #", "unique": "# + $0 } ?? "") + "}}"
    }

    static let indexes: [MigrationCase] = [
        MigrationCase(
            "add an index",
            from: emailTable, rows: emailRows,
            to: emailTable(indexes: #"[{"columns": ["email"]}]"#),
            path: .alter,
            sql: [#"CREATE INDEX "t_email_idx" ON "t" ("email")"#]),
        MigrationCase(
            "drop an index",
            from: emailTable(indexes: #"[{"columns": ["email"]}]"#), rows: emailRows,
            to: emailTable,
            path: .alter,
            sql: [#"DROP INDEX "t_email_idx""#]),
        MigrationCase(
            "add a composite index",
            from: emailTable, rows: emailRows,
            to: emailTable(indexes: #"[{"columns": ["deactivatedAt", "createdAt"]}]"#),
            path: .alter,
            sql: [#"CREATE INDEX "t_deactivated_at_created_at_idx" ON "t" ("deactivated_at", "created_at")"#]),
        MigrationCase(
            "add a unique index",
            from: emailTable, rows: [TableRows("t", [["id": "r1", "email": "a@x"], ["id": "r2", "email": "b@x"], ["id": "r3"], ["id": "r4"]])],
            to: emailTable(indexes: #"[{"columns": ["email"], "unique": true}]"#),
            path: .alter,
            sql: [#"CREATE UNIQUE INDEX "t_email_unique" ON "t" ("email")"#]),
        MigrationCase(
            "add a unique partial index on active rows",
            from: emailTable, rows: emailRows,
            to: emailTable(indexes: #"[{"name": "t_email_active", "columns": ["email"], "unique": true, "where": "active"}]"#),
            path: .alter,
            sql: [#"CREATE UNIQUE INDEX "t_email_active" ON "t" ("email") WHERE "deactivated_at" IS NULL"#]),
        MigrationCase(
            "add a partial index with a where-filter",
            from: emailTable, rows: emailRows,
            to: emailTable(indexes: #"[{"columns": ["credits"], "where": {"credits": {"gt": 0}, "email": {"ne": null}}}]"#),
            path: .alter,
            sql: [#"CREATE INDEX "t_credits_idx" ON "t" ("credits") WHERE ("credits" > 0) AND ("email" IS NOT NULL)"#]),
        MigrationCase(
            "add a composite unique constraint",
            from: emailTable, rows: emailRows,
            to: emailTable(indexes: "[]", unique: #"[["email", "credits"], ["email", "deactivatedAt"]]"#),
            path: .alter,
            sql: [#"CREATE UNIQUE INDEX "t_email_credits_unique" ON "t" ("email", "credits")"#,
                  #"CREATE UNIQUE INDEX "t_email_deactivated_at_unique" ON "t" ("email", "deactivated_at")"#]),
        MigrationCase(
            "drop a composite unique constraint",
            from: emailTable(indexes: "[]", unique: #"[["email", "credits"]]"#), rows: emailRows,
            to: emailTable,
            path: .alter,
            sql: [#"DROP INDEX "t_email_credits_unique""#]),
        MigrationCase(
            "rename an index",
            from: emailTable(indexes: #"[{"columns": ["email"]}]"#), rows: emailRows,
            to: emailTable(indexes: #"[{"name": "t_email_lookup", "columns": ["email"]}]"#),
            path: .alter,
            sql: [#"DROP INDEX "t_email_idx""#, #"CREATE INDEX "t_email_lookup" ON "t" ("email")"#]),
        MigrationCase(
            "make an index unique under the same name",
            from: emailTable(indexes: #"[{"name": "t_email", "columns": ["email"]}]"#),
            rows: [TableRows("t", [["id": "r1", "email": "a@x"], ["id": "r2", "email": "b@x"]])],
            to: emailTable(indexes: #"[{"name": "t_email", "columns": ["email"], "unique": true}]"#),
            path: .alter,
            sql: [#"DROP INDEX "t_email""#, #"CREATE UNIQUE INDEX "t_email" ON "t" ("email")"#]),
        MigrationCase(
            "indexes come back after a rebuild",
            from: emailTable(indexes: #"[{"columns": ["email"]}, {"columns": ["credits"], "where": {"credits": {"gt": 0}}}]"#), rows: emailRows,
            to: #"""
                {"t": {"columns": {"email": {"type": "text"}, "credits": {"type": "real", "notNull": true, "default": 0}},
                       "indexes": [{"columns": ["email"]}, {"columns": ["credits"], "where": {"credits": {"gt": 0}}}]}}
                """#,
            path: .rebuild,
            sql: ExpectedSQL.rebuild("t", [#""email" TEXT"#, #""credits" REAL NOT NULL DEFAULT 0.0"#],
                                     copy: #""id", "email", "credits", "# + ExpectedSQL.baseColumnList,
                                     from: #""id", "email", "credits", "# + ExpectedSQL.baseColumnList)
                + [#"CREATE INDEX "t_email_idx" ON "t" ("email")"#, #"CREATE INDEX "t_credits_idx" ON "t" ("credits") WHERE "credits" > 0.0"#],
            values: ["t": ["r1": ["credits": 5.0], "r2": ["credits": 0.0], "r3": ["credits": 0.0], "r4": ["credits": 0.0]]]),
        MigrationCase(
            "add a unique index over duplicate values fails and rolls back",
            from: emailTable, rows: emailRows,
            to: emailTable(indexes: #"[{"columns": ["email"], "unique": true}]"#),
            path: .alter,
            outcome: .failsAndRollsBack(statementPrefix: "CREATE UNIQUE INDEX")),
    ]

    // MARK: Identifiers that need quoting

    static let identifiers: [MigrationCase] = [
        MigrationCase(
            "create tables and columns named order, user name, a\"b, café, 名前",
            from: #"{"t": {"columns": {"a": {"type": "text"}}}}"#,
            to: #"""
                {"t": {"columns": {"a": {"type": "text"}}},
                 "order": {"columns": {"user name": {"type": "text", "notNull": true}, "a\"b": {"type": "integer", "default": 1},
                                       "café": {"type": "text", "check": {"café": {"ne": ""}}}, "名前": {"type": "text", "default": "名無し"}},
                           "indexes": [{"columns": ["user name"]}, {"name": "名前\"idx", "columns": ["名前", "a\"b"], "unique": true}]},
                 "a\"b": {"columns": {"order": {"type": "text", "references": {"table": "order", "onDelete": "cascade"}}}}}
                """#,
            path: .alter,
            sql: [
                ExpectedSQL.createTable(#""order""#, [#""user name" TEXT NOT NULL"#, #""a""b" INTEGER DEFAULT 1"#,
                                                      #""café" TEXT CHECK ("café" <> '')"#, #""名前" TEXT DEFAULT '名無し'"#]),
                #"CREATE INDEX "order_user name_idx" ON "order" ("user name")"#,
                #"CREATE UNIQUE INDEX "名前""idx" ON "order" ("名前", "a""b")"#,
                ExpectedSQL.createTable(#""a""b""#, [#""order" TEXT REFERENCES "order" ("id") ON DELETE CASCADE"#]),
            ]),
        MigrationCase(
            "rename tables and columns with names that need quoting",
            from: #"""
                {"order": {"columns": {"user name": {"type": "text"}, "café": {"type": "text"}},
                           "indexes": [{"name": "o\"idx", "columns": ["user name"]}]}}
                """#,
            rows: [TableRows("order", [["id": "o1", "user name": "Ann", "café": "noir"], ["id": "o2", "café": "crème"]])],
            to: #"""
                {"名前": {"renamedFrom": "order",
                          "columns": {"a\"b": {"type": "text", "renamedFrom": "user name"}, "café": {"type": "text"}},
                          "indexes": [{"name": "o\"idx", "columns": ["a\"b"]}]}}
                """#,
            path: .alter,
            sql: [#"ALTER TABLE "order" RENAME TO "名前""#, #"ALTER TABLE "名前" RENAME COLUMN "user name" TO "a""b""#]),
        MigrationCase(
            "rebuild a table with names that need quoting",
            from: #"""
                {"a\"b": {"columns": {"order": {"type": "integer"}, "café": {"type": "text", "check": {"café": {"like": "%é%"}}}, "名前": {"type": "text"}},
                          "indexes": [{"columns": ["名前"]}, {"name": "a\"b where", "columns": ["order"], "where": {"café": {"ne": "x"}}}]}}
                """#,
            rows: [TableRows("a\"b", [["id": "r1", "order": 1, "café": "é", "名前": "x"], ["id": "r2", "order": 22]])],
            to: #"""
                {"a\"b": {"columns": {"order": {"type": "text"}, "café": {"type": "text", "check": {"café": {"like": "%é%"}}}, "名前": {"type": "text"}},
                          "indexes": [{"columns": ["名前"]}, {"name": "a\"b where", "columns": ["order"], "where": {"café": {"ne": "x"}}}]}}
                """#,
            path: .rebuild,
            sql: [
                ExpectedSQL.createTable(#""_wizdb_new_a""b""#, [#""order" TEXT"#, #""café" TEXT CHECK ("café" LIKE '%é%')"#, #""名前" TEXT"#]),
                #"INSERT INTO "_wizdb_new_a""b" ("id", "order", "café", "名前", "# + ExpectedSQL.baseColumnList
                    + #") SELECT "id", "order", "café", "名前", "# + ExpectedSQL.baseColumnList + #" FROM "a""b""#,
                #"DROP TABLE "a""b""#,
                #"ALTER TABLE "_wizdb_new_a""b" RENAME TO "a""b""#,
                #"CREATE INDEX "a""b_名前_idx" ON "a""b" ("名前")"#,
                #"CREATE INDEX "a""b where" ON "a""b" ("order") WHERE "café" <> 'x'"#,
            ],
            values: ["a\"b": ["r1": ["order": "1"], "r2": ["order": "22"]]]),
        MigrationCase(
            "drop a column named user name in place",
            from: #"{"café": {"columns": {"user name": {"type": "text"}, "名前": {"type": "text"}}}}"#,
            rows: [TableRows("café", [["id": "r1", "user name": "Ann", "名前": "x"], ["id": "r2"]])],
            to: #"{"café": {"columns": {"名前": {"type": "text"}}}}"#,
            path: .alter,
            sql: [#"ALTER TABLE "café" DROP COLUMN "user name""#],
            losses: [.column("café", "user name", rows: 1)]),
        MigrationCase(
            "rebuild a parent named order with a child named a\"b",
            from: #"""
                {"order": {"columns": {"名前": {"type": "text"}}},
                 "a\"b": {"columns": {"order id": {"type": "text", "references": {"table": "order", "onDelete": "cascade"}}}}}
                """#,
            rows: [TableRows("order", [["id": "o1", "名前": "x"], ["id": "o2"]]),
                   TableRows("a\"b", [["id": "c1", "order id": "o1"], ["id": "c2", "order id": "o2"], ["id": "c3", "order id": "o2"]])],
            to: #"""
                {"order": {"columns": {"名前": {"type": "text", "notNull": true, "default": "—"}}},
                 "a\"b": {"columns": {"order id": {"type": "text", "references": {"table": "order", "onDelete": "cascade"}}}}}
                """#,
            path: .rebuild,
            values: ["order": ["o2": ["名前": "—"]]]),
        MigrationCase(
            "a table name with parentheses",
            from: #"{"t(1)": {"columns": {"qty": {"type": "integer", "check": {"qty": {"gte": 0}}}, "note": {"type": "text", "default": {"sql": "upper('a')"}}}}}"#,
            rows: [TableRows("t(1)", [["id": "r1", "qty": 1], ["id": "r2"]])],
            to: #"{"t(1)": {"columns": {"qty": {"type": "integer", "notNull": true, "default": 0, "check": {"qty": {"gte": 0}}}, "note": {"type": "text", "default": {"sql": "upper('a')"}}}}}"#,
            path: .rebuild,
            values: ["t(1)": ["r2": ["qty": 0]]]),
    ]

    // MARK: Several changes and several files

    static let several: [MigrationCase] = [
        MigrationCase(
            "two tables changed in one migration",
            from: #"{"a": {"columns": {"x": {"type": "text"}}}, "b": {"columns": {"y": {"type": "integer"}}}}"#,
            rows: [TableRows("a", [["id": "a1", "x": "1"]]), TableRows("b", [["id": "b1", "y": 2], ["id": "b2"]])],
            to: #"{"a": {"columns": {"x": {"type": "text"}, "z": {"type": "text"}}}, "b": {"columns": {"y": {"type": "text"}}}}"#,
            path: .rebuild,
            sql: [#"ALTER TABLE "a" ADD COLUMN "z" TEXT"#]
                + ExpectedSQL.rebuild("b", [#""y" TEXT"#], copy: #""id", "y", "# + ExpectedSQL.baseColumnList,
                                      from: #""id", "y", "# + ExpectedSQL.baseColumnList),
            values: ["b": ["b1": ["y": "2"]]]),
        MigrationCase(
            "migrations in sequence replay into the shadow database",
            from: #"{"t": {"columns": {"a": {"type": "text"}}}}"#,
            rows: [TableRows("t", [["id": "r1", "a": "x"], ["id": "r2"]])],
            steps: [
                MigrationStep(to: #"{"t": {"columns": {"a": {"type": "text"}, "b": {"type": "integer"}}, "indexes": [{"columns": ["b"]}]}}"#,
                              path: .alter,
                              sql: [#"ALTER TABLE "t" ADD COLUMN "b" INTEGER"#, #"CREATE INDEX "t_b_idx" ON "t" ("b")"#]),
                MigrationStep(to: #"{"t": {"columns": {"a": {"type": "text", "notNull": true, "default": "-"}, "b": {"type": "integer"}}, "indexes": [{"columns": ["b"]}]}}"#,
                              path: .rebuild, values: ["t": ["r2": ["a": "-"]]]),
                MigrationStep(to: #"""
                                  {"u": {"renamedFrom": "t", "columns": {"a": {"type": "text", "notNull": true, "default": "-"},
                                                                         "c": {"type": "integer", "renamedFrom": "b"}},
                                         "indexes": [{"columns": ["c"]}]}}
                                  """#,
                              path: .alter,
                              sql: [#"ALTER TABLE "t" RENAME TO "u""#, #"ALTER TABLE "u" RENAME COLUMN "b" TO "c""#,
                                    #"DROP INDEX "t_b_idx""#, #"CREATE INDEX "u_c_idx" ON "u" ("c")"#]),
                MigrationStep(to: #"""
                                  {"u": {"renamedFrom": "t", "columns": {"a": {"type": "text", "notNull": true, "default": "-"},
                                                                         "c": {"type": "integer", "renamedFrom": "b"}},
                                         "indexes": [{"columns": ["c"]}]}}
                                  """#,
                              path: .noFile),
            ]),
        MigrationCase(
            "an unchanged schema makes no file",
            from: emailTable(indexes: #"[{"columns": ["email"], "unique": true, "where": "active"}]"#), rows: emailRows,
            to: emailTable(indexes: #"[{"columns": ["email"], "unique": true, "where": "active"}]"#),
            path: .noFile),
        MigrationCase(
            "the example application grows to its current schema",
            from: #"""
                {"users": {"columns": {"email": {"type": "text", "notNull": true}, "name": {"type": "text", "notNull": true},
                                       "credits": {"type": "integer", "notNull": true, "default": 0}},
                           "indexes": [{"name": "users_email_idx", "columns": ["email"], "unique": true, "where": "active"}]},
                 "roles": {"columns": {"name": {"type": "text", "notNull": true}},
                           "indexes": [{"name": "roles_name_idx", "columns": ["name"], "unique": true, "where": "active"}]},
                 "user_roles": {"columns": {"userId": {"type": "text", "notNull": true, "references": {"table": "users", "onDelete": "cascade"}},
                                            "roleId": {"type": "text", "notNull": true, "references": {"table": "roles", "onDelete": "cascade"}}},
                                "unique": [["userId", "roleId"]]}}
                """#,
            rows: [TableRows("users", [["id": "u1", "email": "a@x", "name": "Ann", "credits": 3], ["id": "u2", "email": "b@x", "name": "Bo"]]),
                   TableRows("roles", [["id": "r1", "name": "admin"]]),
                   TableRows("user_roles", [["id": "ur1", "user_id": "u1", "role_id": "r1"], ["id": "ur2", "user_id": "u2", "role_id": "r1"]])],
            to: exampleApplicationTables,
            path: .rebuild),
    ]

    /// The `tables` object of the example application's `wizdb.schema.json`.
    static let exampleApplicationTables: String = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("wizdb.schema.json")
        guard let text = try? String(contentsOf: file, encoding: .utf8), case .object(let root)? = try? JSONReader.parse(text),
              let tables = root["tables"] else { return "{}" }
        return JSONWriter.encodeString(tables)
    }()
}
