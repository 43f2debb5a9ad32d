// Generated from protocol/openrpc.json by scripts/embed-openrpc. Do not edit by hand.

/// The OpenRPC document served by `rpc.discover`, embedded so the binary needs no resource files.
enum OpenRPCDocument {
    static let text = #"""
{
  "openrpc": "1.2.6",
  "info": {
    "title": "wizdb",
    "version": "0.1.0",
    "description": "JSON-RPC 2.0 over stdio (one JSON value per line) in front of one SQLite database. Params are always by name (an object). Integers are exact 64-bit values on the wire (beyond 2^53 too); reals are JSON numbers; NULL is null; blobs are {\"$base64\": \"...\"}. Every application error has data.kind, a stable string to switch on."
  },
  "methods": [
    {
      "name": "$/cancelRequest",
      "summary": "Cancel a request (notification).",
      "description": "A request still queued is answered with error -32800 (data.kind cancelled) without running; a running statement is interrupted and answered the same way. Unknown or finished ids are ignored. Sent as a request (with an id) it is answered null.",
      "paramStructure": "by-name",
      "params": [
        { "name": "id", "required": true, "description": "The id of the request to cancel.", "schema": { "type": ["string", "number"] } }
      ],
      "result": { "name": "none", "schema": { "type": "null" } }
    },
    {
      "name": "exit",
      "summary": "Stop the process (notification).",
      "description": "Every request received before it is answered, output is flushed, the database is closed, and the process exits with status 0. Lines after it are not read. End of input, SIGINT and SIGTERM do the same.",
      "paramStructure": "by-name",
      "params": [],
      "result": { "name": "none", "schema": { "type": "null" } }
    },
    {
      "name": "initialize",
      "summary": "Optional handshake: server info, protocol version, capabilities and limits.",
      "description": "A host that never sends it is served all the same. orderedResponses: true makes every later response come back in request order (by default responses come back as they finish, each carrying its id; reads run concurrently).",
      "paramStructure": "by-name",
      "params": [
        { "name": "clientInfo", "required": false, "schema": { "type": "object", "properties": { "name": { "type": "string" }, "version": { "type": "string" } } } },
        { "name": "protocolVersion", "required": false, "schema": { "type": "string" } },
        { "name": "capabilities", "required": false, "schema": { "type": "object" } },
        { "name": "orderedResponses", "required": false, "schema": { "type": "boolean" } }
      ],
      "result": {
        "name": "initializeResult",
        "schema": {
          "type": "object",
          "required": ["serverInfo", "protocolVersion", "capabilities"],
          "properties": {
            "serverInfo": { "type": "object", "properties": { "name": { "const": "wizdb" }, "version": { "type": "string" } } },
            "protocolVersion": { "type": "string" },
            "capabilities": {
              "type": "object",
              "properties": {
                "methods": { "type": "array", "items": { "type": "string" } },
                "backend": { "enum": ["sqlite"] },
                "sqlDialect": { "enum": ["sqlite"] },
                "sqliteVersion": { "type": "string", "description": "SQLite only." },
                "limits": {
                  "type": "object",
                  "properties": {
                    "maxLineBytes": { "type": "integer" },
                    "maxDepth": { "type": "integer" },
                    "maxBatch": { "type": "integer" },
                    "maxRows": { "type": "integer" }
                  }
                },
                "readOnly": { "type": "boolean" },
                "rawSql": { "type": "boolean" },
                "orderedResponses": { "type": "boolean", "description": "Present when the request set it." }
              }
            }
          }
        }
      }
    },
    {
      "name": "ping",
      "summary": "Liveness check.",
      "paramStructure": "by-name",
      "params": [],
      "result": { "name": "empty", "schema": { "type": "object", "additionalProperties": false } }
    },
    {
      "name": "query.aggregate",
      "summary": "Count, sum, average, minimum and maximum, optionally per group.",
      "description": "One row per group, in group order, keyed by the grouped fields and the aggregate aliases. groupBy is a list of fields, or the string \"status\": groups \"active\" (deactivatedAt null) and \"inactive\" (a field named status is grouped with [\"status\"]). Each aggregate is {fn, field?, filter?}: count counts rows (or non-null values of field), sum and avg need an integer, real or boolean field, min and max any field (timestamps come back as ISO 8601); filter restricts that aggregate alone (SQL FILTER (WHERE ...)). sum of no rows is null; sums of integers are exact integers, averages are reals. having filters groups by aliases and grouped fields with the where operators. Soft-deleted rows are excluded by default, except with groupBy \"status\", where deactivated defaults to \"include\". At most the server's maxRows groups come back (truncated: true when there were more).",
      "paramStructure": "by-name",
      "params": [
        { "$ref": "#/components/contentDescriptors/Table" },
        { "name": "aggregates", "required": true, "description": "Alias to aggregate.", "schema": { "type": "object", "additionalProperties": { "type": "object", "required": ["fn"], "properties": { "fn": { "enum": ["count", "sum", "avg", "min", "max"] }, "field": { "type": "string" }, "filter": { "$ref": "#/components/schemas/Filter" } } } } },
        { "name": "groupBy", "required": false, "schema": { "oneOf": [ { "type": "array", "items": { "type": "string" } }, { "const": "status" } ] } },
        { "$ref": "#/components/contentDescriptors/Where" },
        { "name": "having", "required": false, "description": "A filter on the result rows: aggregate aliases and grouped fields.", "schema": { "$ref": "#/components/schemas/Filter" } },
        { "name": "deactivated", "required": false, "schema": { "enum": ["exclude", "include", "only"], "default": "exclude (include with groupBy \"status\")" } },
        { "$ref": "#/components/contentDescriptors/Tx" }
      ],
      "result": { "name": "aggregateResult", "schema": { "type": "object", "required": ["rows"], "properties": { "rows": { "type": "array", "items": { "type": "object" } }, "truncated": { "type": "boolean", "description": "Present (true) when groups were cut at maxRows." } } } },
      "errors": [ { "$ref": "#/components/errors/InvalidParams" }, { "$ref": "#/components/errors/UnknownTable" }, { "$ref": "#/components/errors/UnknownField" }, { "$ref": "#/components/errors/InvalidValue" }, { "$ref": "#/components/errors/TransactionNotFound" }, { "$ref": "#/components/errors/Cancelled" } ]
    },
    {
      "name": "query.count",
      "summary": "Count the rows matching a filter.",
      "description": "Soft-deleted rows count only with deactivated \"include\" or \"only\".",
      "paramStructure": "by-name",
      "params": [
        { "$ref": "#/components/contentDescriptors/Table" },
        { "$ref": "#/components/contentDescriptors/Where" },
        { "$ref": "#/components/contentDescriptors/Deactivated" },
        { "$ref": "#/components/contentDescriptors/Tx" }
      ],
      "result": { "name": "countResult", "schema": { "type": "object", "required": ["count"], "properties": { "count": { "type": "integer" } } } },
      "errors": [ { "$ref": "#/components/errors/InvalidParams" }, { "$ref": "#/components/errors/UnknownTable" }, { "$ref": "#/components/errors/UnknownField" }, { "$ref": "#/components/errors/InvalidValue" }, { "$ref": "#/components/errors/TransactionNotFound" }, { "$ref": "#/components/errors/Cancelled" } ]
    },
    {
      "name": "query.delete",
      "summary": "Delete rows for good (hard delete).",
      "description": "Removes the rows named by id and/or where (both must hold when both are given), soft-deleted or not; deactivated narrows that (\"exclude\" keeps soft-deleted rows, \"only\" removes only them). Foreign keys act as declared (ON DELETE CASCADE removes children; a restricting reference fails with data.kind constraint, constraint foreign_key). A delete with neither id nor where is refused (unsafe_operation) unless all is true. changes counts rows of this table, not cascaded ones. Runs on the writer in its own transaction.",
      "paramStructure": "by-name",
      "params": [
        { "$ref": "#/components/contentDescriptors/Table" },
        { "$ref": "#/components/contentDescriptors/Id" },
        { "$ref": "#/components/contentDescriptors/Where" },
        { "$ref": "#/components/contentDescriptors/All" },
        { "name": "deactivated", "required": false, "schema": { "enum": ["exclude", "include", "only"], "default": "include" } },
        { "$ref": "#/components/contentDescriptors/Tx" }
      ],
      "result": { "name": "deleteResult", "schema": { "type": "object", "required": ["changes"], "properties": { "changes": { "type": "integer" } } } },
      "errors": [ { "$ref": "#/components/errors/InvalidParams" }, { "$ref": "#/components/errors/UnknownTable" }, { "$ref": "#/components/errors/UnknownField" }, { "$ref": "#/components/errors/InvalidValue" }, { "$ref": "#/components/errors/UnsafeOperation" }, { "$ref": "#/components/errors/Constraint" }, { "$ref": "#/components/errors/Busy" }, { "$ref": "#/components/errors/ReadOnly" }, { "$ref": "#/components/errors/TransactionNotFound" }, { "$ref": "#/components/errors/Cancelled" } ]
    },
    {
      "name": "query.get",
      "summary": "One row by primary key.",
      "description": "row is null when there is no such row, and when the row is soft-deleted unless deactivated is \"include\" or \"only\". id is a value of the table's single-column primary key (id on tables with the base pattern), of its type.",
      "paramStructure": "by-name",
      "params": [
        { "$ref": "#/components/contentDescriptors/Table" },
        { "name": "id", "required": true, "schema": { "type": ["string", "integer"] } },
        { "$ref": "#/components/contentDescriptors/Fields" },
        { "$ref": "#/components/contentDescriptors/Deactivated" },
        { "$ref": "#/components/contentDescriptors/Tx" }
      ],
      "result": { "name": "getResult", "schema": { "type": "object", "required": ["row"], "properties": { "row": { "oneOf": [ { "$ref": "#/components/schemas/Row" }, { "type": "null" } ] } } } },
      "errors": [ { "$ref": "#/components/errors/InvalidParams" }, { "$ref": "#/components/errors/UnknownTable" }, { "$ref": "#/components/errors/UnknownField" }, { "$ref": "#/components/errors/InvalidValue" }, { "$ref": "#/components/errors/TransactionNotFound" } ]
    },
    {
      "name": "query.insert",
      "summary": "Insert one row (values) or many (rows).",
      "description": "Give values (one object) or rows (an array of objects), keyed by wire field names. Many rows are inserted in one transaction, in order, through one prepared statement per set of fields; one failure rolls all of them back. On tables with the base pattern the server fills id (a UUIDv7, sortable by creation time), createdAt and updatedAt (now, from the server's clock) when a row leaves them out or null; other absent fields take their column default. Values are checked and converted per column type (invalid_value names the field, rows[i].field for rows). returning: true (default) sends every field of each inserted row back, a list sends those fields, false sends only changes. onConflict: {target, do}: target is the fields of the primary key or of a unique index (a partial index, such as a unique email among live rows, is matched with its condition); do \"nothing\" skips rows that conflict (they are not returned and not counted), do {\"update\": [fields]} updates those fields of the existing row from the new one and stamps updatedAt (an upsert). A constraint failure answers data.kind constraint with constraint (unique, primary_key, not_null, check, foreign_key), table and fields (wire names; for foreign_key, the fields whose referenced row does not exist). At most maxRows rows are sent back (truncated: true beyond; all rows are inserted). Runs on the writer.",
      "paramStructure": "by-name",
      "params": [
        { "$ref": "#/components/contentDescriptors/Table" },
        { "name": "values", "required": false, "description": "One row. Give values or rows.", "schema": { "$ref": "#/components/schemas/Row" } },
        { "name": "rows", "required": false, "description": "Several rows. Give values or rows.", "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Row" } } },
        { "$ref": "#/components/contentDescriptors/Returning" },
        { "name": "onConflict", "required": false, "schema": { "type": "object", "required": ["target", "do"], "properties": { "target": { "type": ["array", "string"], "items": { "type": "string" } }, "do": { "oneOf": [ { "const": "nothing" }, { "type": "object", "required": ["update"], "properties": { "update": { "type": "array", "items": { "type": "string" } } } } ] } } } },
        { "$ref": "#/components/contentDescriptors/Tx" }
      ],
      "result": { "$ref": "#/components/contentDescriptors/WriteResult" },
      "errors": [ { "$ref": "#/components/errors/InvalidParams" }, { "$ref": "#/components/errors/UnknownTable" }, { "$ref": "#/components/errors/UnknownField" }, { "$ref": "#/components/errors/InvalidValue" }, { "$ref": "#/components/errors/Constraint" }, { "$ref": "#/components/errors/Busy" }, { "$ref": "#/components/errors/ReadOnly" }, { "$ref": "#/components/errors/DiskFull" }, { "$ref": "#/components/errors/TransactionNotFound" }, { "$ref": "#/components/errors/Cancelled" } ]
    },
    {
      "name": "query.paginate",
      "summary": "One page of rows: by cursor (keyset, the default) or by page number.",
      "description": "Keyset mode: rows in orderBy order (default createdAt ascending; the primary key on tables without createdAt), the primary key appended as tie-breaker in the direction of the last term, limit rows (default 20, at most maxRows) after cursor. nextCursor is an opaque string (base64url) holding the last row's order values, checksummed and bound to the table and the order: pass it back unchanged with the same table and orderBy; an edited cursor, or one from another table or order, is invalid_value (field cursor). nextCursor is null and hasMore false on the last page. Rows created in the same second are neither skipped nor repeated, and inserts or deletes elsewhere do not shift pages. For speed, index the order fields followed by id (with deactivatedAt first for the default soft-delete filter: [\"deactivatedAt\", \"createdAt\", \"id\"]). Offset mode (page and/or pageSize given): page (from 1) of pageSize rows (default 20, at most maxRows), in the same order; totalCount and the page come from one snapshot; totalPages is 0 when there are no rows.",
      "paramStructure": "by-name",
      "params": [
        { "$ref": "#/components/contentDescriptors/Table" },
        { "$ref": "#/components/contentDescriptors/Where" },
        { "name": "orderBy", "required": false, "schema": { "$ref": "#/components/schemas/OrderBy", "default": [{ "field": "createdAt", "direction": "asc" }] } },
        { "name": "limit", "required": false, "description": "Keyset mode; at most maxRows.", "schema": { "type": "integer", "minimum": 1, "default": 20 } },
        { "name": "cursor", "required": false, "description": "Keyset mode: the nextCursor of the previous page.", "schema": { "type": "string" } },
        { "name": "page", "required": false, "description": "Offset mode.", "schema": { "type": "integer", "minimum": 1, "default": 1 } },
        { "name": "pageSize", "required": false, "description": "Offset mode.", "schema": { "type": "integer", "minimum": 1, "default": 20 } },
        { "$ref": "#/components/contentDescriptors/Fields" },
        { "$ref": "#/components/contentDescriptors/Deactivated" },
        { "$ref": "#/components/contentDescriptors/Tx" }
      ],
      "result": { "name": "page", "schema": { "oneOf": [
        { "type": "object", "required": ["rows", "nextCursor", "hasMore"], "properties": { "rows": { "type": "array", "items": { "$ref": "#/components/schemas/Row" } }, "nextCursor": { "type": ["string", "null"] }, "hasMore": { "type": "boolean" } } },
        { "type": "object", "required": ["rows", "page", "pageSize", "totalCount", "totalPages"], "properties": { "rows": { "type": "array", "items": { "$ref": "#/components/schemas/Row" } }, "page": { "type": "integer" }, "pageSize": { "type": "integer" }, "totalCount": { "type": "integer" }, "totalPages": { "type": "integer" } } }
      ] } },
      "errors": [ { "$ref": "#/components/errors/InvalidParams" }, { "$ref": "#/components/errors/UnknownTable" }, { "$ref": "#/components/errors/UnknownField" }, { "$ref": "#/components/errors/InvalidValue" }, { "$ref": "#/components/errors/TransactionNotFound" }, { "$ref": "#/components/errors/Cancelled" } ]
    },
    {
      "name": "query.restore",
      "summary": "Undo soft deletion.",
      "description": "Clears deactivatedAt and deactivatedBy and stamps updatedAt on the deactivated rows named by id and/or where; live rows are left alone (and not counted). Restoring a row whose unique value (say, its email) was taken by a live row meanwhile fails with data.kind constraint. Refused without id or where (unsafe_operation) unless all is true. Needs the base pattern's deactivatedAt (else unknown_field).",
      "paramStructure": "by-name",
      "params": [
        { "$ref": "#/components/contentDescriptors/Table" },
        { "$ref": "#/components/contentDescriptors/Id" },
        { "$ref": "#/components/contentDescriptors/Where" },
        { "$ref": "#/components/contentDescriptors/All" },
        { "$ref": "#/components/contentDescriptors/Returning" },
        { "$ref": "#/components/contentDescriptors/Tx" }
      ],
      "result": { "$ref": "#/components/contentDescriptors/WriteResult" },
      "errors": [ { "$ref": "#/components/errors/InvalidParams" }, { "$ref": "#/components/errors/UnknownTable" }, { "$ref": "#/components/errors/UnknownField" }, { "$ref": "#/components/errors/InvalidValue" }, { "$ref": "#/components/errors/UnsafeOperation" }, { "$ref": "#/components/errors/Constraint" }, { "$ref": "#/components/errors/Busy" }, { "$ref": "#/components/errors/ReadOnly" }, { "$ref": "#/components/errors/TransactionNotFound" }, { "$ref": "#/components/errors/Cancelled" } ]
    },
    {
      "name": "query.select",
      "summary": "Rows matching a filter, ordered, limited, optionally joined.",
      "description": "fields picks the main table's fields (default all). orderBy orders the rows, with the primary key appended as tie-breaker; without orderBy the order is unspecified. Bounded memory: without limit at most the server's maxRows rows (--max-rows, 10000 unless set) come back, with truncated: true when there were more (use query.paginate to walk a large table); limit may not exceed maxRows. join adds tables: [{table, as?, on?, type?, fields?, deactivated?}]; on maps fields of the tables before it (field of the main table, or name.field) to fields of the joined table, and when left out the one foreign key between the joined table and the tables before it is used (none or several: -32602, give on). type is \"left\" (default) or \"inner\". The joined table's soft-delete filter (deactivated, default exclude) goes in the ON clause, so a left join keeps a user whose profile is deactivated, with a null profile. With join, each row is {\"<table or as>\": {...}, ...} (null for a left join without a match), and where and orderBy may name joined fields as name.field.",
      "paramStructure": "by-name",
      "params": [
        { "$ref": "#/components/contentDescriptors/Table" },
        { "$ref": "#/components/contentDescriptors/Fields" },
        { "$ref": "#/components/contentDescriptors/Where" },
        { "name": "orderBy", "required": false, "schema": { "$ref": "#/components/schemas/OrderBy" } },
        { "name": "limit", "required": false, "schema": { "type": "integer", "minimum": 0, "description": "At most maxRows." } },
        { "name": "offset", "required": false, "schema": { "type": "integer", "minimum": 0 } },
        { "$ref": "#/components/contentDescriptors/Deactivated" },
        { "name": "join", "required": false, "schema": { "type": "array", "items": { "type": "object", "required": ["table"], "properties": { "table": { "type": "string" }, "as": { "type": "string" }, "on": { "type": "object", "additionalProperties": { "type": "string" } }, "type": { "enum": ["left", "inner"], "default": "left" }, "fields": { "type": "array", "items": { "type": "string" } }, "deactivated": { "enum": ["exclude", "include", "only"], "default": "exclude" } } } } },
        { "$ref": "#/components/contentDescriptors/Tx" }
      ],
      "result": { "name": "selectResult", "schema": { "type": "object", "required": ["rows"], "properties": { "rows": { "type": "array", "items": { "$ref": "#/components/schemas/Row" } }, "truncated": { "type": "boolean", "description": "Present (true) when no limit was given and more than maxRows rows matched." } } } },
      "errors": [ { "$ref": "#/components/errors/InvalidParams" }, { "$ref": "#/components/errors/UnknownTable" }, { "$ref": "#/components/errors/UnknownField" }, { "$ref": "#/components/errors/InvalidValue" }, { "$ref": "#/components/errors/TransactionNotFound" }, { "$ref": "#/components/errors/Cancelled" } ]
    },
    {
      "name": "query.softDelete",
      "summary": "Deactivate rows (soft delete).",
      "description": "Stamps deactivatedAt (now), deactivatedBy (by, or null) and updatedAt on the live rows named by id and/or where. A row already deactivated is left exactly as it was and not counted in changes. Reads then hide the rows unless deactivated says otherwise; partial unique indexes (where: \"active\") let a new row take a deactivated row's unique value. Refused without id or where (unsafe_operation) unless all is true. Needs the base pattern's deactivatedAt (else unknown_field).",
      "paramStructure": "by-name",
      "params": [
        { "$ref": "#/components/contentDescriptors/Table" },
        { "$ref": "#/components/contentDescriptors/Id" },
        { "$ref": "#/components/contentDescriptors/Where" },
        { "$ref": "#/components/contentDescriptors/All" },
        { "name": "by", "required": false, "description": "Who deactivated the rows, stored in deactivatedBy.", "schema": { "type": "string" } },
        { "$ref": "#/components/contentDescriptors/Returning" },
        { "$ref": "#/components/contentDescriptors/Tx" }
      ],
      "result": { "$ref": "#/components/contentDescriptors/WriteResult" },
      "errors": [ { "$ref": "#/components/errors/InvalidParams" }, { "$ref": "#/components/errors/UnknownTable" }, { "$ref": "#/components/errors/UnknownField" }, { "$ref": "#/components/errors/InvalidValue" }, { "$ref": "#/components/errors/UnsafeOperation" }, { "$ref": "#/components/errors/Busy" }, { "$ref": "#/components/errors/ReadOnly" }, { "$ref": "#/components/errors/TransactionNotFound" }, { "$ref": "#/components/errors/Cancelled" } ]
    },
    {
      "name": "query.sql",
      "summary": "Run one raw, parameterized SQL statement.",
      "description": "The one dialect-bound method. Exactly one statement per call (text holding more is refused with -32602). Values are always bound: params is an array for ? placeholders or an object for :name, @name and $name placeholders (keys without the prefix). readOnly: true runs the statement on a reader connection, concurrently with other reads, and refuses statements that write (data.kind read_only); otherwise it runs on the single writer inside its own transaction. At most maxRows rows are returned (default and ceiling: the server's --max-rows, 10000 unless set); when more exist, truncated is true (a writing statement still runs to completion). Refused with data.kind raw_sql_disabled when the server runs with --no-raw-sql.",
      "paramStructure": "by-name",
      "params": [
        { "name": "sql", "required": true, "schema": { "type": "string" } },
        { "name": "params", "required": false, "schema": { "type": ["array", "object"] } },
        { "name": "readOnly", "required": false, "schema": { "type": "boolean", "default": false } },
        { "name": "rowMode", "required": false, "schema": { "enum": ["object", "array"], "default": "object" } },
        { "name": "maxRows", "required": false, "schema": { "type": "integer", "minimum": 0 } }
      ],
      "result": {
        "name": "sqlResult",
        "schema": {
          "type": "object",
          "required": ["rows", "columns", "changes"],
          "properties": {
            "rows": { "type": "array", "description": "Objects keyed by column name (rowMode object) or arrays in columns order (rowMode array).", "items": { "type": ["object", "array"] } },
            "columns": { "type": "array", "items": { "type": "string" } },
            "changes": { "type": "integer", "description": "Rows inserted, updated or deleted, foreign-key cascades included; 0 for reads." },
            "lastInsertRowid": { "type": "integer", "description": "SQLite only; the rowid of the last row this statement inserted, present only when it inserted one." },
            "truncated": { "type": "boolean", "description": "Present (true) when rows were cut at maxRows." }
          }
        }
      },
      "errors": [
        { "$ref": "#/components/errors/InvalidParams" },
        { "$ref": "#/components/errors/Constraint" },
        { "$ref": "#/components/errors/Busy" },
        { "$ref": "#/components/errors/ReadOnly" },
        { "$ref": "#/components/errors/RawSQLDisabled" },
        { "$ref": "#/components/errors/InvalidValue" },
        { "$ref": "#/components/errors/SQLError" },
        { "$ref": "#/components/errors/DiskFull" },
        { "$ref": "#/components/errors/Corrupt" },
        { "$ref": "#/components/errors/Cancelled" }
      ]
    },
    {
      "name": "query.update",
      "summary": "Change rows: set values, increment numbers.",
      "description": "Changes the rows named by id and/or where (both must hold when both are given, as in \"this user, if it still has enough credits\"). set assigns values (checked per column type); increment adds a number to integer or real fields in the same statement (credits = credits + ?), so concurrent increments never lose an update (a NULL stays NULL); a field may not be both set and incremented. updatedAt is stamped with the server's clock unless set gives it. Soft-deleted rows are left alone unless deactivated is \"include\" or \"only\". An update with neither id nor where is refused (unsafe_operation) unless all is true; where {} does not count as naming rows. returning as in query.insert; when more than maxRows rows would change, all of them change but none is sent back (truncated: true): use returning false for bulk changes. changes counts the rows changed; 0 when nothing matched.",
      "paramStructure": "by-name",
      "params": [
        { "$ref": "#/components/contentDescriptors/Table" },
        { "$ref": "#/components/contentDescriptors/Id" },
        { "$ref": "#/components/contentDescriptors/Where" },
        { "$ref": "#/components/contentDescriptors/All" },
        { "name": "set", "required": false, "schema": { "$ref": "#/components/schemas/Row" } },
        { "name": "increment", "required": false, "schema": { "type": "object", "additionalProperties": { "type": "number" } } },
        { "$ref": "#/components/contentDescriptors/Returning" },
        { "$ref": "#/components/contentDescriptors/Deactivated" },
        { "$ref": "#/components/contentDescriptors/Tx" }
      ],
      "result": { "$ref": "#/components/contentDescriptors/WriteResult" },
      "errors": [ { "$ref": "#/components/errors/InvalidParams" }, { "$ref": "#/components/errors/UnknownTable" }, { "$ref": "#/components/errors/UnknownField" }, { "$ref": "#/components/errors/InvalidValue" }, { "$ref": "#/components/errors/UnsafeOperation" }, { "$ref": "#/components/errors/Constraint" }, { "$ref": "#/components/errors/Busy" }, { "$ref": "#/components/errors/ReadOnly" }, { "$ref": "#/components/errors/TransactionNotFound" }, { "$ref": "#/components/errors/Cancelled" } ]
    },
    {
      "name": "rpc.discover",
      "summary": "This OpenRPC document.",
      "paramStructure": "by-name",
      "params": [],
      "result": { "name": "openrpcDocument", "schema": { "type": "object" } }
    },
    {
      "name": "shutdown",
      "summary": "Prepare to stop: later requests other than exit are refused.",
      "description": "Answered null. Requests after it get -32600 with data.kind shutting_down.",
      "paramStructure": "by-name",
      "params": [],
      "result": { "name": "none", "schema": { "type": "null" } }
    }
  ],
  "components": {
    "contentDescriptors": {
      "Table": { "name": "table", "required": true, "description": "A table of the declared schema (wizdb.schema.json), or of the database when no schema is declared.", "schema": { "type": "string" } },
      "Tx": { "name": "tx", "required": false, "description": "Reserved for interactive transactions (transaction.begin), not available yet: any value is answered transaction_not_found.", "schema": { "type": "string" } },
      "Where": { "name": "where", "required": false, "schema": { "$ref": "#/components/schemas/Filter" } },
      "Fields": { "name": "fields", "required": false, "description": "The fields to return (default: all), in this order.", "schema": { "type": "array", "items": { "type": "string" }, "minItems": 1 } },
      "Deactivated": { "name": "deactivated", "required": false, "description": "exclude: live rows only (deactivatedAt null); include: all rows; only: soft-deleted rows only (needs deactivatedAt).", "schema": { "enum": ["exclude", "include", "only"], "default": "exclude" } },
      "Returning": { "name": "returning", "required": false, "description": "true: every field of each written row; a list: those fields; false: none (the result has no rows).", "schema": { "type": ["boolean", "array"], "items": { "type": "string" }, "default": true } },
      "Id": { "name": "id", "required": false, "description": "The primary key of the one row to write (id with the base pattern). With where, both must hold.", "schema": { "type": ["string", "integer"] } },
      "All": { "name": "all", "required": false, "description": "Without id and where, true is required to write every row (otherwise unsafe_operation).", "schema": { "type": "boolean", "default": false } },
      "WriteResult": { "name": "writeResult", "schema": { "type": "object", "required": ["changes"], "properties": { "rows": { "type": "array", "items": { "$ref": "#/components/schemas/Row" }, "description": "The written rows (fields per returning); absent when returning is false." }, "changes": { "type": "integer", "description": "Rows inserted or changed in this table (not counting foreign-key cascades)." }, "truncated": { "type": "boolean", "description": "Present (true) when more than maxRows rows were written: query.insert sends the first maxRows back; query.update, softDelete and restore send none (their rows are counted first, because SQLite would hold every returned row in memory). Every row is written either way." } } } }
    },
    "schemas": {
      "Row": { "type": "object", "description": "Wire field names (camelCase) to values: numbers (exact 64-bit integers), strings, null, booleans for boolean fields, ISO 8601 UTC strings for timestamps (unix seconds are accepted on input), any JSON for json fields, {\"$base64\": \"...\"} for blobs." },
      "Filter": { "type": "object", "description": "Field conditions that must all hold: {\"email\": \"a@b.c\"} (equality; null means IS NULL), {\"credits\": {\"gte\": 10, \"lt\": 100}}. Operators: eq ne gt gte lt lte in notIn like isNull between ([low, high]). like ignores ASCII case. Combinators: \"and\": [filters], \"or\": [filters], \"not\": filter. Fields are checked against the schema (unknown_field lists the valid ones), values converted per column type (invalid_value) and always bound as parameters.", "additionalProperties": true },
      "OrderBy": { "type": "array", "items": { "type": "object", "required": ["field"], "properties": { "field": { "type": "string" }, "direction": { "enum": ["asc", "desc"], "default": "asc" }, "nulls": { "enum": ["first", "last"], "description": "Default: first when ascending, last when descending (NULL sorts as the smallest value), on every backend." } } } }
    },
    "errors": {
      "ParseError": { "code": -32700, "message": "Parse error", "data": { "kind": "parse_error", "offset": "byte offset in the line" } },
      "InvalidRequest": { "code": -32600, "message": "Invalid request", "data": { "kind": "invalid_request | empty_batch | batch_too_large | line_too_long | shutting_down", "field": "the offending member, when one is to blame", "limit": "the limit exceeded, for the size limits" } },
      "MethodNotFound": { "code": -32601, "message": "Method not found", "data": { "kind": "method_not_found", "method": "the name sent" } },
      "InvalidParams": { "code": -32602, "message": "Invalid params", "data": { "kind": "invalid_params", "field": "the parameter at fault", "expected": "the type expected", "got": "the type received", "allowed": "the accepted parameters or values" } },
      "InternalError": { "code": -32603, "message": "Internal error", "data": { "kind": "internal_error" } },
      "Cancelled": { "code": -32800, "message": "Request cancelled", "data": { "kind": "cancelled" } },
      "NotFound": { "code": 1000, "message": "not found", "data": { "kind": "not_found" } },
      "UnknownTable": { "code": 1001, "message": "unknown table", "data": { "kind": "unknown_table" } },
      "UnknownField": { "code": 1002, "message": "unknown field", "data": { "kind": "unknown_field" } },
      "InvalidValue": { "code": 1003, "message": "invalid value", "data": { "kind": "invalid_value", "field": "where the value was" } },
      "Constraint": { "code": 1004, "message": "SQLite's constraint message", "data": { "kind": "constraint", "constraint": "unique | primary_key | foreign_key | not_null | check | other", "table": "the table (always for the query.* methods; for query.sql when SQLite names it)", "fields": "the fields concerned: wire names for the query.* methods, SQL column names for query.sql (empty when SQLite does not say)" } },
      "Busy": { "code": 1005, "message": "The database is busy", "data": { "kind": "busy" } },
      "ReadOnly": { "code": 1006, "message": "read-only", "data": { "kind": "read_only" } },
      "RawSQLDisabled": { "code": 1007, "message": "Raw SQL is switched off", "data": { "kind": "raw_sql_disabled" } },
      "UnsafeOperation": { "code": 1008, "message": "unsafe operation", "data": { "kind": "unsafe_operation" } },
      "AssertionFailed": { "code": 1009, "message": "the step's message", "data": { "kind": "assertion_failed" } },
      "TransactionNotFound": { "code": 1010, "message": "transaction not found", "data": { "kind": "transaction_not_found" } },
      "TransactionTimeout": { "code": 1011, "message": "transaction timed out", "data": { "kind": "transaction_timeout" } },
      "MigrationDrift": { "code": 1012, "message": "an applied migration changed", "data": { "kind": "migration_drift" } },
      "MigrationFailed": { "code": 1013, "message": "a migration failed", "data": { "kind": "migration_failed" } },
      "DataLossUnconfirmed": { "code": 1014, "message": "data loss not confirmed", "data": { "kind": "data_loss_unconfirmed" } },
      "DiskFull": { "code": 1015, "message": "The disk is full", "data": { "kind": "disk_full" } },
      "Corrupt": { "code": 1016, "message": "The database file is damaged", "data": { "kind": "corrupt" } },
      "PathNotAllowed": { "code": 1017, "message": "path not allowed", "data": { "kind": "path_not_allowed" } },
      "SQLError": { "code": 1018, "message": "SQLite's message", "data": { "kind": "sql_error", "sqliteCode": "SQLite's extended result code" } },
      "Unsupported": { "code": 1019, "message": "not available on this backend", "data": { "kind": "unsupported" } },
      "Unavailable": { "code": 1020, "message": "temporarily unavailable; retry", "data": { "kind": "unavailable" } },
      "InvalidSchema": { "code": 1021, "message": "Invalid schema at <path>: <what is wrong>", "data": { "kind": "invalid_schema", "path": "where in the declared schema, like tables.users.columns.email.type" } }
    }
  }
}
"""#
}
