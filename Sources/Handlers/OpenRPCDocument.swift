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
        {
          "name": "id",
          "required": true,
          "description": "The id of the request to cancel.",
          "schema": {
            "type": [
              "string",
              "number"
            ]
          }
        }
      ],
      "result": {
        "name": "none",
        "schema": {
          "type": "null"
        }
      }
    },
    {
      "name": "exit",
      "summary": "Stop the process (notification).",
      "description": "Every request received before it is answered, output is flushed, the database is closed, and the process exits with status 0. Lines after it are not read. End of input, SIGINT and SIGTERM do the same.",
      "paramStructure": "by-name",
      "params": [],
      "result": {
        "name": "none",
        "schema": {
          "type": "null"
        }
      }
    },
    {
      "name": "initialize",
      "summary": "Optional handshake: server info, protocol version, capabilities and limits.",
      "description": "A host that never sends it is served all the same. orderedResponses: true makes every later response come back in request order (by default responses come back as they finish, each carrying its id; reads run concurrently).",
      "paramStructure": "by-name",
      "params": [
        {
          "name": "clientInfo",
          "required": false,
          "schema": {
            "type": "object",
            "properties": {
              "name": {
                "type": "string"
              },
              "version": {
                "type": "string"
              }
            }
          }
        },
        {
          "name": "protocolVersion",
          "required": false,
          "schema": {
            "type": "string"
          }
        },
        {
          "name": "capabilities",
          "required": false,
          "schema": {
            "type": "object"
          }
        },
        {
          "name": "orderedResponses",
          "required": false,
          "schema": {
            "type": "boolean"
          }
        }
      ],
      "result": {
        "name": "initializeResult",
        "schema": {
          "type": "object",
          "required": [
            "serverInfo",
            "protocolVersion",
            "capabilities"
          ],
          "properties": {
            "serverInfo": {
              "type": "object",
              "properties": {
                "name": {
                  "const": "wizdb"
                },
                "version": {
                  "type": "string"
                }
              }
            },
            "protocolVersion": {
              "type": "string"
            },
            "capabilities": {
              "type": "object",
              "properties": {
                "methods": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                },
                "backend": {
                  "enum": [
                    "sqlite",
                    "postgres"
                  ]
                },
                "sqlDialect": {
                  "enum": [
                    "sqlite",
                    "postgresql"
                  ]
                },
                "sqliteVersion": {
                  "type": "string",
                  "description": "SQLite only."
                },
                "serverVersion": {
                  "type": "string",
                  "description": "PostgreSQL only: the server's version (server_version) as the first connection saw it."
                },
                "limits": {
                  "type": "object",
                  "properties": {
                    "maxLineBytes": {
                      "type": "integer"
                    },
                    "maxDepth": {
                      "type": "integer"
                    },
                    "maxBatch": {
                      "type": "integer"
                    },
                    "maxRows": {
                      "type": "integer"
                    }
                  }
                },
                "readOnly": {
                  "type": "boolean"
                },
                "rawSql": {
                  "type": "boolean"
                },
                "orderedResponses": {
                  "type": "boolean",
                  "description": "Present when the request set it."
                }
              }
            }
          }
        }
      }
    },
    {
      "name": "maintenance.archive",
      "summary": "Move rows soft-deleted long ago, with the rows that cascade from them, into the archive database.",
      "description": "Rows of table whose deactivatedAt is more than olderThanDays days before now are copied into the archive database next to the main one (<db>-archive.sqlite, created on demand; each table there has the live table's columns, declared types and primary key, without references, unique constraints, checks or indexes) and then deleted. Rows that depend on them through ON DELETE CASCADE foreign keys, recursively, are copied with them, so the delete cascades nothing that was not kept. Rows referenced by a row that does not cascade (ON DELETE RESTRICT, or NO ACTION when the referencing row would stay) are left in place and counted in skipped; ON DELETE SET NULL and SET DEFAULT children stay and are updated as declared. The work goes in batches of 1000 rows of table: each batch is copied and committed to the archive first, then deleted from the main database in a second transaction (a transaction across attached WAL databases is not atomic across them; this order can at worst leave a row in both, and the next run replaces the archive copy). purge: true deletes the rows and their dependents without a copy. Runs on the writer: other writes wait until it is done. With workDoneToken, $/progress reports rows of table handled. $/cancelRequest stops it between batches; batches already done stay done. On PostgreSQL the rows go to tables of the same names in the schema wizdb_archive of the same database (created on demand with the live table's columns, types and primary key; archivePath is \"wizdb_archive\"), and each batch is copied and deleted in one transaction; a batch a non-cascading reference refuses is done again row by row, each in a savepoint; cycles of cascading references are refused with invalid_value.",
      "paramStructure": "by-name",
      "params": [
        {
          "name": "table",
          "required": true,
          "description": "A table with a deactivated_at column.",
          "schema": {
            "type": "string"
          }
        },
        {
          "name": "olderThanDays",
          "required": true,
          "description": "Whole days since deactivation; 0 takes every deactivated row deactivated before now.",
          "schema": {
            "type": "integer",
            "minimum": 0,
            "maximum": 1000000
          }
        },
        {
          "name": "purge",
          "required": false,
          "description": "Delete without keeping a copy.",
          "schema": {
            "type": "boolean",
            "default": false
          }
        },
        {
          "name": "workDoneToken",
          "required": false,
          "description": "Token for $/progress notifications.",
          "schema": {
            "type": [
              "string",
              "integer"
            ]
          }
        }
      ],
      "result": {
        "name": "archiveResult",
        "schema": {
          "type": "object",
          "required": [
            "archived",
            "purged",
            "skipped",
            "archivePath",
            "tables"
          ],
          "properties": {
            "archived": {
              "type": "integer",
              "description": "Rows copied to the archive and removed, dependent rows included (0 when purging)."
            },
            "purged": {
              "type": "integer",
              "description": "Rows deleted without a copy, dependent rows included (0 unless purging)."
            },
            "skipped": {
              "type": "integer",
              "description": "Qualifying rows of table left in place because a non-cascading reference still points at them or at one of their dependents."
            },
            "archivePath": {
              "type": [
                "string",
                "null"
              ],
              "description": "The archive database's absolute path (whether or not rows were moved this time); null when purging."
            },
            "tables": {
              "type": "array",
              "description": "Rows moved or purged per table: table first, then its dependents in the order reached; tables with no rows moved are left out.",
              "items": {
                "type": "object",
                "required": [
                  "table",
                  "rows"
                ],
                "properties": {
                  "table": {
                    "type": "string"
                  },
                  "rows": {
                    "type": "integer"
                  }
                }
              }
            }
          }
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/UnknownTable"
        },
        {
          "$ref": "#/components/errors/InvalidValue"
        },
        {
          "$ref": "#/components/errors/ReadOnly"
        },
        {
          "$ref": "#/components/errors/Busy"
        },
        {
          "$ref": "#/components/errors/Constraint"
        },
        {
          "$ref": "#/components/errors/DiskFull"
        },
        {
          "$ref": "#/components/errors/Corrupt"
        },
        {
          "$ref": "#/components/errors/Cancelled"
        },
        {
          "$ref": "#/components/errors/StatementTimeout"
        }
      ]
    },
    {
      "name": "maintenance.backup",
      "summary": "Write a consistent copy of the live database into the backups folder.",
      "description": "Uses SQLite's online backup API (never a file copy, which would miss what is still in the WAL and could be torn), 256 pages per step, from a reader connection holding one snapshot: the copy holds exactly the transactions committed before it started, each one whole, while writes go on committing. The copy is written to a hidden partial file, synced, checked with quick_check when verify is true, and only then renamed to its name, so the folder never shows an unfinished backup. Without name the file is database-<UTC time, like 20260101T000000Z>.sqlite, with -2, -3, ... added when that name is taken. name must be a plain file name inside the backups folder (--backups): absolute paths, path separators, . and .., names starting with a dot, control characters, SQLite side-file suffixes (-wal, -shm, -journal), links leading outside the folder and the live database's own files are refused with path_not_allowed. An existing file of that name is replaced. keep: N then deletes the oldest default-named backups beyond the N newest (names chosen by the host are never deleted). With workDoneToken, $/progress reports pages copied. $/cancelRequest stops the copy and removes the partial file. Works on a read-only server too. On PostgreSQL the copy is pg_dump --format=custom (one snapshot while writes go on), named database-<UTC time>.pgdump by default and verified with pg_restore --list; the result has format \"pg_dump custom\" and no pages; keep is refused (unsupported), and without pg_dump installed the method answers unsupported.",
      "paramStructure": "by-name",
      "params": [
        {
          "name": "name",
          "required": false,
          "description": "File name inside the backups folder.",
          "schema": {
            "type": "string",
            "maxLength": 200
          }
        },
        {
          "name": "verify",
          "required": false,
          "description": "Open the copy and run quick_check on it before naming it.",
          "schema": {
            "type": "boolean",
            "default": true
          }
        },
        {
          "name": "keep",
          "required": false,
          "description": "Retain only this many default-named backups, newest first.",
          "schema": {
            "type": "integer",
            "minimum": 1,
            "maximum": 1000000
          }
        },
        {
          "name": "workDoneToken",
          "required": false,
          "description": "Token for $/progress notifications.",
          "schema": {
            "type": [
              "string",
              "integer"
            ]
          }
        }
      ],
      "result": {
        "name": "backupResult",
        "schema": {
          "type": "object",
          "required": [
            "path",
            "name",
            "bytes",
            "pages",
            "durationMs",
            "verified",
            "removed"
          ],
          "properties": {
            "path": {
              "type": "string",
              "description": "The backup's absolute path."
            },
            "name": {
              "type": "string",
              "description": "Its file name in the backups folder."
            },
            "bytes": {
              "type": "integer"
            },
            "pages": {
              "type": "integer",
              "description": "SQLite only: database pages copied."
            },
            "durationMs": {
              "type": "integer",
              "description": "Wall time of the whole backup, verification included."
            },
            "verified": {
              "type": "boolean",
              "description": "Whether quick_check ran on the copy (a copy that fails it is an error, not a result)."
            },
            "removed": {
              "type": "array",
              "description": "Older backups deleted to honour keep.",
              "items": {
                "type": "string"
              }
            }
          }
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/PathNotAllowed"
        },
        {
          "$ref": "#/components/errors/Busy"
        },
        {
          "$ref": "#/components/errors/DiskFull"
        },
        {
          "$ref": "#/components/errors/Corrupt"
        },
        {
          "$ref": "#/components/errors/Cancelled"
        },
        {
          "$ref": "#/components/errors/InternalError"
        },
        {
          "$ref": "#/components/errors/StatementTimeout"
        }
      ]
    },
    {
      "name": "maintenance.checkpoint",
      "summary": "Copy the WAL into the database file now.",
      "description": "SQLite only (sqlite3_wal_checkpoint_v2). passive copies what it can without waiting; full waits (up to the busy timeout) for writers and readers so it can copy everything; restart also waits until later writers can start the WAL from the beginning; truncate also empties the WAL file. A checkpoint that readers or writers keep from finishing is not an error: complete is false. Runs on the writer. On PostgreSQL: unsupported (the server checkpoints itself).",
      "paramStructure": "by-name",
      "params": [
        {
          "name": "mode",
          "required": false,
          "schema": {
            "enum": [
              "passive",
              "full",
              "restart",
              "truncate"
            ],
            "default": "passive"
          }
        }
      ],
      "result": {
        "name": "checkpointResult",
        "schema": {
          "type": "object",
          "properties": {
            "walFrames": {
              "type": "integer",
              "description": "SQLite only: frames in the WAL when the checkpoint ended (for truncate: before it emptied the WAL)."
            },
            "checkpointedFrames": {
              "type": "integer",
              "description": "SQLite only: of those, the frames now in the database file."
            },
            "complete": {
              "type": "boolean",
              "description": "SQLite only: false when the checkpoint could not copy everything or SQLite answered busy."
            }
          }
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/ReadOnly"
        },
        {
          "$ref": "#/components/errors/SQLError"
        },
        {
          "$ref": "#/components/errors/StatementTimeout"
        }
      ]
    },
    {
      "name": "maintenance.integrityCheck",
      "summary": "Check the database for damage and for rows whose references point nowhere.",
      "description": "Runs SQLite's integrity_check (or quick_check with quick: true: faster, linear, but it does not compare indexes with their tables) and foreign_key_check on a reader, in one snapshot, while writes go on. At most 100 problems and 1000 foreign-key violations are listed; truncated is true when more violations exist. ok is true when neither list has anything. On PostgreSQL: every foreign key and CHECK constraint re-checked against the rows, and with the amcheck extension installed every B-tree index (bt_index_check, not with quick); checked lists what was looked at.",
      "paramStructure": "by-name",
      "params": [
        {
          "name": "quick",
          "required": false,
          "schema": {
            "type": "boolean",
            "default": false
          }
        }
      ],
      "result": {
        "name": "integrityResult",
        "schema": {
          "type": "object",
          "required": [
            "ok",
            "problems",
            "foreignKeyViolations"
          ],
          "properties": {
            "ok": {
              "type": "boolean"
            },
            "problems": {
              "type": "array",
              "description": "Damage found, as SQLite describes it.",
              "items": {
                "type": "object",
                "required": [
                  "message"
                ],
                "properties": {
                  "message": {
                    "type": "string"
                  }
                }
              }
            },
            "foreignKeyViolations": {
              "type": "array",
              "items": {
                "type": "object",
                "required": [
                  "table",
                  "parent",
                  "columns",
                  "parentColumns"
                ],
                "properties": {
                  "table": {
                    "type": "string",
                    "description": "The table holding the row with the broken reference."
                  },
                  "rowid": {
                    "type": "integer",
                    "description": "SQLite only: that row's rowid (absent for WITHOUT ROWID tables)."
                  },
                  "parent": {
                    "type": "string",
                    "description": "The table referenced."
                  },
                  "columns": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "description": "The referencing columns (SQL names)."
                  },
                  "parentColumns": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "description": "The referenced columns (SQL names)."
                  }
                }
              }
            },
            "truncated": {
              "type": "boolean",
              "description": "Present (true) when more foreign-key violations exist than were listed."
            }
          }
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/Corrupt"
        },
        {
          "$ref": "#/components/errors/Busy"
        },
        {
          "$ref": "#/components/errors/Cancelled"
        },
        {
          "$ref": "#/components/errors/StatementTimeout"
        }
      ]
    },
    {
      "name": "maintenance.optimize",
      "summary": "Refresh the query planner's statistics.",
      "description": "Runs PRAGMA optimize, which analyzes the tables whose statistics SQLite judges stale; with analyze: true a full ANALYZE runs first. Runs on the writer. On PostgreSQL: ANALYZE.",
      "paramStructure": "by-name",
      "params": [
        {
          "name": "analyze",
          "required": false,
          "schema": {
            "type": "boolean",
            "default": false
          }
        }
      ],
      "result": {
        "name": "empty",
        "schema": {
          "type": "object",
          "additionalProperties": false
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/ReadOnly"
        },
        {
          "$ref": "#/components/errors/Busy"
        },
        {
          "$ref": "#/components/errors/Cancelled"
        },
        {
          "$ref": "#/components/errors/StatementTimeout"
        }
      ]
    },
    {
      "name": "maintenance.stats",
      "summary": "Sizes and row counts.",
      "description": "Read on a reader in one snapshot. Tables are the application's (SQLite's own and wizdb's bookkeeping are left out), sorted by name. active and deactivated are given for tables with a deactivated_at column. bytes per table and per index come from SQLite's dbstat table; when this SQLite build lacks it, dbstat is false and those fields are absent. On PostgreSQL: fileBytes is pg_database_size and each table has bytes (pg_total_relation_size); the SQLite-only fields (walBytes, pageSize, pageCount, freelistCount, dbstat) are absent.",
      "paramStructure": "by-name",
      "params": [],
      "result": {
        "name": "statsResult",
        "schema": {
          "type": "object",
          "required": [
            "fileBytes",
            "pageSize",
            "pageCount",
            "freelistCount",
            "tables"
          ],
          "properties": {
            "fileBytes": {
              "type": "integer",
              "description": "Size of the database file."
            },
            "walBytes": {
              "type": "integer",
              "description": "SQLite only: size of the WAL file (0 when there is none)."
            },
            "pageSize": {
              "type": "integer"
            },
            "pageCount": {
              "type": "integer"
            },
            "freelistCount": {
              "type": "integer",
              "description": "Free pages, given back by maintenance.vacuum."
            },
            "dbstat": {
              "type": "boolean",
              "description": "SQLite only: whether per-table and per-index bytes are available."
            },
            "tables": {
              "type": "array",
              "items": {
                "type": "object",
                "required": [
                  "name",
                  "rows"
                ],
                "properties": {
                  "name": {
                    "type": "string"
                  },
                  "rows": {
                    "type": "integer"
                  },
                  "active": {
                    "type": "integer",
                    "description": "Rows with deactivatedAt null (tables with soft deletion only)."
                  },
                  "deactivated": {
                    "type": "integer",
                    "description": "Rows with deactivatedAt set (tables with soft deletion only)."
                  },
                  "bytes": {
                    "type": "integer",
                    "description": "Bytes of the table's own pages (with dbstat only)."
                  },
                  "indexes": {
                    "type": "array",
                    "description": "Its indexes, automatic ones included, by name (with dbstat only).",
                    "items": {
                      "type": "object",
                      "properties": {
                        "name": {
                          "type": "string"
                        },
                        "bytes": {
                          "type": "integer"
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/Cancelled"
        },
        {
          "$ref": "#/components/errors/StatementTimeout"
        }
      ]
    },
    {
      "name": "maintenance.vacuum",
      "summary": "Rebuild the database without free pages, or write a compacted copy.",
      "description": "Without into: VACUUM on the writer (writes wait, readers go on), then a truncating checkpoint so the space goes back to the file system at once. With into: VACUUM INTO a file in the backups folder, under the same rules as maintenance.backup names (path_not_allowed otherwise; an existing file of that name is replaced), read from one snapshot on a connection of its own while writes go on; works on a read-only server too. Sizes are page count times page size (the file's size once the WAL is checkpointed); with into, bytesAfter is the copy's size. $/cancelRequest interrupts it; nothing changes. On PostgreSQL: VACUUM on the server, sizes from pg_database_size; into answers unsupported.",
      "paramStructure": "by-name",
      "params": [
        {
          "name": "into",
          "required": false,
          "description": "File name inside the backups folder.",
          "schema": {
            "type": "string",
            "maxLength": 200
          }
        }
      ],
      "result": {
        "name": "vacuumResult",
        "schema": {
          "type": "object",
          "required": [
            "bytesBefore",
            "bytesAfter"
          ],
          "properties": {
            "bytesBefore": {
              "type": "integer"
            },
            "bytesAfter": {
              "type": "integer"
            },
            "path": {
              "type": "string",
              "description": "With into: the copy's absolute path."
            }
          }
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/PathNotAllowed"
        },
        {
          "$ref": "#/components/errors/ReadOnly"
        },
        {
          "$ref": "#/components/errors/Busy"
        },
        {
          "$ref": "#/components/errors/DiskFull"
        },
        {
          "$ref": "#/components/errors/Corrupt"
        },
        {
          "$ref": "#/components/errors/Cancelled"
        },
        {
          "$ref": "#/components/errors/InternalError"
        },
        {
          "$ref": "#/components/errors/StatementTimeout"
        }
      ]
    },
    {
      "name": "ping",
      "summary": "Liveness check.",
      "paramStructure": "by-name",
      "params": [],
      "result": {
        "name": "empty",
        "schema": {
          "type": "object",
          "additionalProperties": false
        }
      }
    },
    {
      "name": "query.aggregate",
      "summary": "Count, sum, average, minimum and maximum, optionally per group.",
      "description": "One row per group, in group order, keyed by the grouped fields and the aggregate aliases. groupBy is a list of fields, or the string \"status\": groups \"active\" (deactivatedAt null) and \"inactive\". \"status\" may also stand in the list beside fields ([\"status\", \"name\"]), unless the table has a field named status, which the list then means. Each aggregate is {fn, field?, filter?}: count counts rows (or non-null values of field), sum and avg need an integer, real or boolean field, min and max any field (timestamps come back as ISO 8601); filter restricts that aggregate alone (SQL FILTER (WHERE ...)). sum of no rows is null; sums of integers are exact integers, averages are reals. having filters groups by aliases and grouped fields with the where operators. Soft-deleted rows are excluded by default, except when grouping by status (alone or in the list), where deactivated defaults to \"include\". At most the server's maxRows groups come back (truncated: true when there were more).",
      "paramStructure": "by-name",
      "params": [
        {
          "$ref": "#/components/contentDescriptors/Table"
        },
        {
          "name": "aggregates",
          "required": true,
          "description": "Alias to aggregate.",
          "schema": {
            "type": "object",
            "additionalProperties": {
              "type": "object",
              "required": [
                "fn"
              ],
              "properties": {
                "fn": {
                  "enum": [
                    "count",
                    "sum",
                    "avg",
                    "min",
                    "max"
                  ]
                },
                "field": {
                  "type": "string"
                },
                "filter": {
                  "$ref": "#/components/schemas/Filter"
                }
              }
            }
          }
        },
        {
          "name": "groupBy",
          "required": false,
          "schema": {
            "oneOf": [
              {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              {
                "const": "status"
              }
            ]
          }
        },
        {
          "$ref": "#/components/contentDescriptors/Where"
        },
        {
          "name": "having",
          "required": false,
          "description": "A filter on the result rows: aggregate aliases and grouped fields.",
          "schema": {
            "$ref": "#/components/schemas/Filter"
          }
        },
        {
          "name": "deactivated",
          "required": false,
          "schema": {
            "enum": [
              "exclude",
              "include",
              "only"
            ],
            "default": "exclude (include with groupBy \"status\")"
          }
        },
        {
          "$ref": "#/components/contentDescriptors/Tx"
        }
      ],
      "result": {
        "name": "aggregateResult",
        "schema": {
          "type": "object",
          "required": [
            "rows"
          ],
          "properties": {
            "rows": {
              "type": "array",
              "items": {
                "type": "object"
              }
            },
            "truncated": {
              "type": "boolean",
              "description": "Present (true) when groups were cut at maxRows."
            }
          }
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/UnknownTable"
        },
        {
          "$ref": "#/components/errors/UnknownField"
        },
        {
          "$ref": "#/components/errors/InvalidValue"
        },
        {
          "$ref": "#/components/errors/TransactionNotFound"
        },
        {
          "$ref": "#/components/errors/Cancelled"
        },
        {
          "$ref": "#/components/errors/SchemaOutOfDate"
        },
        {
          "$ref": "#/components/errors/StatementTimeout"
        }
      ]
    },
    {
      "name": "query.count",
      "summary": "Count the rows matching a filter.",
      "description": "Soft-deleted rows count only with deactivated \"include\" or \"only\".",
      "paramStructure": "by-name",
      "params": [
        {
          "$ref": "#/components/contentDescriptors/Table"
        },
        {
          "$ref": "#/components/contentDescriptors/Where"
        },
        {
          "$ref": "#/components/contentDescriptors/Deactivated"
        },
        {
          "$ref": "#/components/contentDescriptors/Tx"
        }
      ],
      "result": {
        "name": "countResult",
        "schema": {
          "type": "object",
          "required": [
            "count"
          ],
          "properties": {
            "count": {
              "type": "integer"
            }
          }
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/UnknownTable"
        },
        {
          "$ref": "#/components/errors/UnknownField"
        },
        {
          "$ref": "#/components/errors/InvalidValue"
        },
        {
          "$ref": "#/components/errors/TransactionNotFound"
        },
        {
          "$ref": "#/components/errors/Cancelled"
        },
        {
          "$ref": "#/components/errors/SchemaOutOfDate"
        },
        {
          "$ref": "#/components/errors/StatementTimeout"
        }
      ]
    },
    {
      "name": "query.delete",
      "summary": "Delete rows for good (hard delete).",
      "description": "Removes the rows named by id and/or where (both must hold when both are given), soft-deleted or not; deactivated narrows that (\"exclude\" keeps soft-deleted rows, \"only\" removes only them). Foreign keys act as declared (ON DELETE CASCADE removes children; a restricting reference fails with data.kind constraint, constraint foreign_key). A delete with neither id nor where is refused (unsafe_operation) unless all is true. changes counts rows of this table, not cascaded ones. Runs on the writer in its own transaction.",
      "paramStructure": "by-name",
      "params": [
        {
          "$ref": "#/components/contentDescriptors/Table"
        },
        {
          "$ref": "#/components/contentDescriptors/Id"
        },
        {
          "$ref": "#/components/contentDescriptors/Where"
        },
        {
          "$ref": "#/components/contentDescriptors/All"
        },
        {
          "name": "deactivated",
          "required": false,
          "schema": {
            "enum": [
              "exclude",
              "include",
              "only"
            ],
            "default": "include"
          }
        },
        {
          "$ref": "#/components/contentDescriptors/Tx"
        }
      ],
      "result": {
        "name": "deleteResult",
        "schema": {
          "type": "object",
          "required": [
            "changes"
          ],
          "properties": {
            "changes": {
              "type": "integer"
            }
          }
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/UnknownTable"
        },
        {
          "$ref": "#/components/errors/UnknownField"
        },
        {
          "$ref": "#/components/errors/InvalidValue"
        },
        {
          "$ref": "#/components/errors/UnsafeOperation"
        },
        {
          "$ref": "#/components/errors/Constraint"
        },
        {
          "$ref": "#/components/errors/Busy"
        },
        {
          "$ref": "#/components/errors/ReadOnly"
        },
        {
          "$ref": "#/components/errors/TransactionNotFound"
        },
        {
          "$ref": "#/components/errors/Cancelled"
        },
        {
          "$ref": "#/components/errors/SchemaOutOfDate"
        },
        {
          "$ref": "#/components/errors/StatementTimeout"
        }
      ]
    },
    {
      "name": "query.get",
      "summary": "One row by primary key.",
      "description": "row is null when there is no such row, and when the row is soft-deleted unless deactivated is \"include\" or \"only\". id is a value of the table's single-column primary key (id on tables with the base pattern), of its type.",
      "paramStructure": "by-name",
      "params": [
        {
          "$ref": "#/components/contentDescriptors/Table"
        },
        {
          "name": "id",
          "required": true,
          "schema": {
            "type": [
              "string",
              "integer"
            ]
          }
        },
        {
          "$ref": "#/components/contentDescriptors/Fields"
        },
        {
          "$ref": "#/components/contentDescriptors/Deactivated"
        },
        {
          "$ref": "#/components/contentDescriptors/Tx"
        }
      ],
      "result": {
        "name": "getResult",
        "schema": {
          "type": "object",
          "required": [
            "row"
          ],
          "properties": {
            "row": {
              "oneOf": [
                {
                  "$ref": "#/components/schemas/Row"
                },
                {
                  "type": "null"
                }
              ]
            }
          }
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/UnknownTable"
        },
        {
          "$ref": "#/components/errors/UnknownField"
        },
        {
          "$ref": "#/components/errors/InvalidValue"
        },
        {
          "$ref": "#/components/errors/TransactionNotFound"
        },
        {
          "$ref": "#/components/errors/SchemaOutOfDate"
        },
        {
          "$ref": "#/components/errors/StatementTimeout"
        }
      ]
    },
    {
      "name": "query.insert",
      "summary": "Insert one row (values) or many (rows).",
      "description": "Give values (one object) or rows (an array of objects), keyed by wire field names. Many rows are inserted in one transaction, in order, through one prepared statement per set of fields; one failure rolls all of them back. On tables with the base pattern the server fills id (a UUIDv7, sortable by creation time), createdAt and updatedAt (now, from the server's clock) when a row leaves them out or null; other absent fields take their column default. Values are checked and converted per column type (invalid_value names the field, rows[i].field for rows). returning: true (default) sends every field of each inserted row back, a list sends those fields, false sends only changes. onConflict: {target, do}: target is the fields of the primary key or of a unique index (a partial index, such as a unique email among live rows, is matched with its condition); do \"nothing\" skips rows that conflict (they are not returned and not counted), do {\"update\": [fields]} updates those fields of the existing row from the new one and stamps updatedAt (an upsert). A constraint failure answers data.kind constraint with constraint (unique, primary_key, not_null, check, foreign_key), table and fields (wire names; for foreign_key, the fields whose referenced row does not exist). At most maxRows rows are sent back (truncated: true beyond; all rows are inserted). Runs on the writer.",
      "paramStructure": "by-name",
      "params": [
        {
          "$ref": "#/components/contentDescriptors/Table"
        },
        {
          "name": "values",
          "required": false,
          "description": "One row. Give values or rows.",
          "schema": {
            "$ref": "#/components/schemas/Row"
          }
        },
        {
          "name": "rows",
          "required": false,
          "description": "Several rows. Give values or rows.",
          "schema": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Row"
            }
          }
        },
        {
          "$ref": "#/components/contentDescriptors/Returning"
        },
        {
          "name": "onConflict",
          "required": false,
          "schema": {
            "type": "object",
            "required": [
              "target",
              "do"
            ],
            "properties": {
              "target": {
                "type": [
                  "array",
                  "string"
                ],
                "items": {
                  "type": "string"
                }
              },
              "do": {
                "oneOf": [
                  {
                    "const": "nothing"
                  },
                  {
                    "type": "object",
                    "required": [
                      "update"
                    ],
                    "properties": {
                      "update": {
                        "type": "array",
                        "items": {
                          "type": "string"
                        }
                      }
                    }
                  }
                ]
              }
            }
          }
        },
        {
          "$ref": "#/components/contentDescriptors/Tx"
        }
      ],
      "result": {
        "$ref": "#/components/contentDescriptors/WriteResult"
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/UnknownTable"
        },
        {
          "$ref": "#/components/errors/UnknownField"
        },
        {
          "$ref": "#/components/errors/InvalidValue"
        },
        {
          "$ref": "#/components/errors/Constraint"
        },
        {
          "$ref": "#/components/errors/Busy"
        },
        {
          "$ref": "#/components/errors/ReadOnly"
        },
        {
          "$ref": "#/components/errors/DiskFull"
        },
        {
          "$ref": "#/components/errors/TransactionNotFound"
        },
        {
          "$ref": "#/components/errors/Cancelled"
        },
        {
          "$ref": "#/components/errors/SchemaOutOfDate"
        },
        {
          "$ref": "#/components/errors/StatementTimeout"
        }
      ]
    },
    {
      "name": "query.paginate",
      "summary": "One page of rows: by cursor (keyset, the default) or by page number.",
      "description": "Keyset mode: rows in orderBy order (default createdAt ascending; the primary key on tables without createdAt), the primary key appended as tie-breaker in the direction of the last term, limit rows (default 20, at most maxRows) after cursor. nextCursor is an opaque string (base64url) holding the last row's order values, checksummed and bound to the table and the order: pass it back unchanged with the same table and orderBy; an edited cursor, or one from another table or order, is invalid_value (field cursor). nextCursor is null and hasMore false on the last page. Rows created in the same second are neither skipped nor repeated, and inserts or deletes elsewhere do not shift pages. For speed, index the order fields followed by id (with deactivatedAt first for the default soft-delete filter: [\"deactivatedAt\", \"createdAt\", \"id\"]). Offset mode (page and/or pageSize given): page (from 1) of pageSize rows (default 20, at most maxRows), in the same order; totalCount and the page come from one snapshot; totalPages is 0 when there are no rows.",
      "paramStructure": "by-name",
      "params": [
        {
          "$ref": "#/components/contentDescriptors/Table"
        },
        {
          "$ref": "#/components/contentDescriptors/Where"
        },
        {
          "name": "orderBy",
          "required": false,
          "schema": {
            "$ref": "#/components/schemas/OrderBy",
            "default": [
              {
                "field": "createdAt",
                "direction": "asc"
              }
            ]
          }
        },
        {
          "name": "limit",
          "required": false,
          "description": "Keyset mode; at most maxRows.",
          "schema": {
            "type": "integer",
            "minimum": 1,
            "default": 20
          }
        },
        {
          "name": "cursor",
          "required": false,
          "description": "Keyset mode: the nextCursor of the previous page.",
          "schema": {
            "type": "string"
          }
        },
        {
          "name": "page",
          "required": false,
          "description": "Offset mode.",
          "schema": {
            "type": "integer",
            "minimum": 1,
            "default": 1
          }
        },
        {
          "name": "pageSize",
          "required": false,
          "description": "Offset mode.",
          "schema": {
            "type": "integer",
            "minimum": 1,
            "default": 20
          }
        },
        {
          "$ref": "#/components/contentDescriptors/Fields"
        },
        {
          "$ref": "#/components/contentDescriptors/Deactivated"
        },
        {
          "$ref": "#/components/contentDescriptors/Tx"
        }
      ],
      "result": {
        "name": "page",
        "schema": {
          "oneOf": [
            {
              "type": "object",
              "required": [
                "rows",
                "nextCursor",
                "hasMore"
              ],
              "properties": {
                "rows": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/Row"
                  }
                },
                "nextCursor": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "hasMore": {
                  "type": "boolean"
                }
              }
            },
            {
              "type": "object",
              "required": [
                "rows",
                "page",
                "pageSize",
                "totalCount",
                "totalPages"
              ],
              "properties": {
                "rows": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/Row"
                  }
                },
                "page": {
                  "type": "integer"
                },
                "pageSize": {
                  "type": "integer"
                },
                "totalCount": {
                  "type": "integer"
                },
                "totalPages": {
                  "type": "integer"
                }
              }
            }
          ]
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/UnknownTable"
        },
        {
          "$ref": "#/components/errors/UnknownField"
        },
        {
          "$ref": "#/components/errors/InvalidValue"
        },
        {
          "$ref": "#/components/errors/TransactionNotFound"
        },
        {
          "$ref": "#/components/errors/Cancelled"
        },
        {
          "$ref": "#/components/errors/SchemaOutOfDate"
        },
        {
          "$ref": "#/components/errors/StatementTimeout"
        }
      ]
    },
    {
      "name": "query.restore",
      "summary": "Undo soft deletion.",
      "description": "Clears deactivatedAt and deactivatedBy and stamps updatedAt on the deactivated rows named by id and/or where; live rows are left alone (and not counted). Restoring a row whose unique value (say, its email) was taken by a live row meanwhile fails with data.kind constraint. Refused without id or where (unsafe_operation) unless all is true. Needs the base pattern's deactivatedAt (else unknown_field).",
      "paramStructure": "by-name",
      "params": [
        {
          "$ref": "#/components/contentDescriptors/Table"
        },
        {
          "$ref": "#/components/contentDescriptors/Id"
        },
        {
          "$ref": "#/components/contentDescriptors/Where"
        },
        {
          "$ref": "#/components/contentDescriptors/All"
        },
        {
          "$ref": "#/components/contentDescriptors/Returning"
        },
        {
          "$ref": "#/components/contentDescriptors/Tx"
        }
      ],
      "result": {
        "$ref": "#/components/contentDescriptors/WriteResult"
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/UnknownTable"
        },
        {
          "$ref": "#/components/errors/UnknownField"
        },
        {
          "$ref": "#/components/errors/InvalidValue"
        },
        {
          "$ref": "#/components/errors/UnsafeOperation"
        },
        {
          "$ref": "#/components/errors/Constraint"
        },
        {
          "$ref": "#/components/errors/Busy"
        },
        {
          "$ref": "#/components/errors/ReadOnly"
        },
        {
          "$ref": "#/components/errors/TransactionNotFound"
        },
        {
          "$ref": "#/components/errors/Cancelled"
        },
        {
          "$ref": "#/components/errors/SchemaOutOfDate"
        },
        {
          "$ref": "#/components/errors/StatementTimeout"
        }
      ]
    },
    {
      "name": "query.select",
      "summary": "Rows matching a filter, ordered, limited, optionally joined.",
      "description": "fields picks the main table's fields (default all). orderBy orders the rows, with the primary key appended as tie-breaker; without orderBy the order is unspecified. Bounded memory: without limit at most the server's maxRows rows (--max-rows, 10000 unless set) come back, with truncated: true when there were more (use query.paginate to walk a large table); limit may not exceed maxRows. join adds tables: [{table, as?, on?, type?, fields?, deactivated?}]; on maps fields of the tables before it (field of the main table, or name.field) to fields of the joined table, and when left out the one foreign key between the joined table and the tables before it is used (none or several: -32602, give on). type is \"left\" (default) or \"inner\". The joined table's soft-delete filter (deactivated, default exclude) goes in the ON clause, so a left join keeps a user whose profile is deactivated, with a null profile. With join, each row is {\"<table or as>\": {...}, ...} (null for a left join without a match), and where and orderBy may name joined fields as name.field.",
      "paramStructure": "by-name",
      "params": [
        {
          "$ref": "#/components/contentDescriptors/Table"
        },
        {
          "$ref": "#/components/contentDescriptors/Fields"
        },
        {
          "$ref": "#/components/contentDescriptors/Where"
        },
        {
          "name": "orderBy",
          "required": false,
          "schema": {
            "$ref": "#/components/schemas/OrderBy"
          }
        },
        {
          "name": "limit",
          "required": false,
          "schema": {
            "type": "integer",
            "minimum": 0,
            "description": "At most maxRows."
          }
        },
        {
          "name": "offset",
          "required": false,
          "schema": {
            "type": "integer",
            "minimum": 0
          }
        },
        {
          "$ref": "#/components/contentDescriptors/Deactivated"
        },
        {
          "name": "join",
          "required": false,
          "schema": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "table"
              ],
              "properties": {
                "table": {
                  "type": "string"
                },
                "as": {
                  "type": "string"
                },
                "on": {
                  "type": "object",
                  "additionalProperties": {
                    "type": "string"
                  }
                },
                "type": {
                  "enum": [
                    "left",
                    "inner"
                  ],
                  "default": "left"
                },
                "fields": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                },
                "deactivated": {
                  "enum": [
                    "exclude",
                    "include",
                    "only"
                  ],
                  "default": "exclude"
                }
              }
            }
          }
        },
        {
          "$ref": "#/components/contentDescriptors/Tx"
        }
      ],
      "result": {
        "name": "selectResult",
        "schema": {
          "type": "object",
          "required": [
            "rows"
          ],
          "properties": {
            "rows": {
              "type": "array",
              "items": {
                "$ref": "#/components/schemas/Row"
              }
            },
            "truncated": {
              "type": "boolean",
              "description": "Present (true) when no limit was given and more than maxRows rows matched."
            }
          }
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/UnknownTable"
        },
        {
          "$ref": "#/components/errors/UnknownField"
        },
        {
          "$ref": "#/components/errors/InvalidValue"
        },
        {
          "$ref": "#/components/errors/TransactionNotFound"
        },
        {
          "$ref": "#/components/errors/Cancelled"
        },
        {
          "$ref": "#/components/errors/SchemaOutOfDate"
        },
        {
          "$ref": "#/components/errors/StatementTimeout"
        }
      ]
    },
    {
      "name": "query.softDelete",
      "summary": "Deactivate rows (soft delete).",
      "description": "Stamps deactivatedAt (now), deactivatedBy (by, or null) and updatedAt on the live rows named by id and/or where. A row already deactivated is left exactly as it was and not counted in changes. Reads then hide the rows unless deactivated says otherwise; partial unique indexes (where: \"active\") let a new row take a deactivated row's unique value. Refused without id or where (unsafe_operation) unless all is true. Needs the base pattern's deactivatedAt (else unknown_field).",
      "paramStructure": "by-name",
      "params": [
        {
          "$ref": "#/components/contentDescriptors/Table"
        },
        {
          "$ref": "#/components/contentDescriptors/Id"
        },
        {
          "$ref": "#/components/contentDescriptors/Where"
        },
        {
          "$ref": "#/components/contentDescriptors/All"
        },
        {
          "name": "by",
          "required": false,
          "description": "Who deactivated the rows, stored in deactivatedBy.",
          "schema": {
            "type": "string"
          }
        },
        {
          "$ref": "#/components/contentDescriptors/Returning"
        },
        {
          "$ref": "#/components/contentDescriptors/Tx"
        }
      ],
      "result": {
        "$ref": "#/components/contentDescriptors/WriteResult"
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/UnknownTable"
        },
        {
          "$ref": "#/components/errors/UnknownField"
        },
        {
          "$ref": "#/components/errors/InvalidValue"
        },
        {
          "$ref": "#/components/errors/UnsafeOperation"
        },
        {
          "$ref": "#/components/errors/Busy"
        },
        {
          "$ref": "#/components/errors/ReadOnly"
        },
        {
          "$ref": "#/components/errors/TransactionNotFound"
        },
        {
          "$ref": "#/components/errors/Cancelled"
        },
        {
          "$ref": "#/components/errors/SchemaOutOfDate"
        },
        {
          "$ref": "#/components/errors/StatementTimeout"
        }
      ]
    },
    {
      "name": "query.sql",
      "summary": "Run one raw, parameterized SQL statement.",
      "description": "The one dialect-bound method. Exactly one statement per call (text holding more is refused with -32602). Values are always bound: params is an array for ? placeholders or an object for :name, @name and $name placeholders (keys without the prefix). readOnly: true runs the statement on a reader connection, concurrently with other reads, and refuses statements that write (data.kind read_only). Without it, a statement SQLite reports as read-only (sqlite3_stmt_readonly: SELECT, WITH ... SELECT, reading PRAGMAs) runs on a reader just the same, so it never waits for the writer or an open transaction; any other statement runs on the single writer inside its own transaction. Statements that would change the connection shared by every request are refused with data.kind unsafe_operation: transaction control (BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT, RELEASE: use transaction.*), ATTACH and DETACH, VACUUM (use maintenance.vacuum), and PRAGMAs that set a value. At most maxRows rows are returned (default and ceiling: the server's --max-rows, 10000 unless set); when more exist, truncated is true (a writing statement still runs to completion). Refused with data.kind raw_sql_disabled when the server runs with --no-raw-sql. On PostgreSQL the SQL is PostgreSQL's: placeholders $1, $2, ... (or :name), transaction control and SET refused as unsafe_operation, lastInsertRowid never present; a failing statement answers sql_error with data.sqlState.",
      "paramStructure": "by-name",
      "params": [
        {
          "name": "sql",
          "required": true,
          "schema": {
            "type": "string"
          }
        },
        {
          "name": "params",
          "required": false,
          "schema": {
            "type": [
              "array",
              "object"
            ]
          }
        },
        {
          "name": "readOnly",
          "required": false,
          "schema": {
            "type": "boolean",
            "default": false
          }
        },
        {
          "name": "rowMode",
          "required": false,
          "schema": {
            "enum": [
              "object",
              "array"
            ],
            "default": "object"
          }
        },
        {
          "name": "maxRows",
          "required": false,
          "schema": {
            "type": "integer",
            "minimum": 0
          }
        },
        {
          "name": "tx",
          "required": false,
          "description": "Run inside this interactive transaction (see transaction.begin).",
          "schema": {
            "type": "string"
          }
        }
      ],
      "result": {
        "name": "sqlResult",
        "schema": {
          "type": "object",
          "required": [
            "rows",
            "columns",
            "changes"
          ],
          "properties": {
            "rows": {
              "type": "array",
              "description": "Objects keyed by column name (rowMode object) or arrays in columns order (rowMode array).",
              "items": {
                "type": [
                  "object",
                  "array"
                ]
              }
            },
            "columns": {
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            "changes": {
              "type": "integer",
              "description": "Rows inserted, updated or deleted, foreign-key cascades included; 0 for reads."
            },
            "lastInsertRowid": {
              "type": "integer",
              "description": "SQLite only; the rowid of the last row this statement inserted, present only when it inserted one."
            },
            "truncated": {
              "type": "boolean",
              "description": "Present (true) when rows were cut at maxRows."
            }
          }
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/Constraint"
        },
        {
          "$ref": "#/components/errors/Busy"
        },
        {
          "$ref": "#/components/errors/ReadOnly"
        },
        {
          "$ref": "#/components/errors/RawSQLDisabled"
        },
        {
          "$ref": "#/components/errors/InvalidValue"
        },
        {
          "$ref": "#/components/errors/SQLError"
        },
        {
          "$ref": "#/components/errors/DiskFull"
        },
        {
          "$ref": "#/components/errors/Corrupt"
        },
        {
          "$ref": "#/components/errors/Cancelled"
        },
        {
          "$ref": "#/components/errors/SchemaOutOfDate"
        },
        {
          "$ref": "#/components/errors/UnsafeOperation"
        },
        {
          "$ref": "#/components/errors/StatementTimeout"
        }
      ]
    },
    {
      "name": "query.unwatch",
      "summary": "End a live query of this session.",
      "description": "No watch/changed for it follows. Runs in order after the session's earlier requests.",
      "paramStructure": "by-name",
      "params": [
        {
          "name": "watch",
          "required": true,
          "description": "The id query.watch returned.",
          "schema": {
            "type": "string"
          }
        }
      ],
      "result": {
        "name": "none",
        "schema": {
          "type": "object",
          "properties": {}
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/NotFound"
        }
      ]
    },
    {
      "name": "query.update",
      "summary": "Change rows: set values, increment numbers.",
      "description": "Changes the rows named by id and/or where (both must hold when both are given, as in \"this user, if it still has enough credits\"). set assigns values (checked per column type); increment adds a number to integer or real fields in the same statement (credits = credits + ?), so concurrent increments never lose an update (a NULL stays NULL); a field may not be both set and incremented. updatedAt is stamped with the server's clock unless set gives it. Soft-deleted rows are left alone unless deactivated is \"include\" or \"only\". An update with neither id nor where is refused (unsafe_operation) unless all is true; where {} does not count as naming rows. returning as in query.insert; when more than maxRows rows would change, all of them change but none is sent back (truncated: true): use returning false for bulk changes. changes counts the rows changed; 0 when nothing matched.",
      "paramStructure": "by-name",
      "params": [
        {
          "$ref": "#/components/contentDescriptors/Table"
        },
        {
          "$ref": "#/components/contentDescriptors/Id"
        },
        {
          "$ref": "#/components/contentDescriptors/Where"
        },
        {
          "$ref": "#/components/contentDescriptors/All"
        },
        {
          "name": "set",
          "required": false,
          "schema": {
            "$ref": "#/components/schemas/Row"
          }
        },
        {
          "name": "increment",
          "required": false,
          "schema": {
            "type": "object",
            "additionalProperties": {
              "type": "number"
            }
          }
        },
        {
          "$ref": "#/components/contentDescriptors/Returning"
        },
        {
          "$ref": "#/components/contentDescriptors/Deactivated"
        },
        {
          "$ref": "#/components/contentDescriptors/Tx"
        }
      ],
      "result": {
        "$ref": "#/components/contentDescriptors/WriteResult"
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/UnknownTable"
        },
        {
          "$ref": "#/components/errors/UnknownField"
        },
        {
          "$ref": "#/components/errors/InvalidValue"
        },
        {
          "$ref": "#/components/errors/UnsafeOperation"
        },
        {
          "$ref": "#/components/errors/Constraint"
        },
        {
          "$ref": "#/components/errors/Busy"
        },
        {
          "$ref": "#/components/errors/ReadOnly"
        },
        {
          "$ref": "#/components/errors/TransactionNotFound"
        },
        {
          "$ref": "#/components/errors/Cancelled"
        },
        {
          "$ref": "#/components/errors/SchemaOutOfDate"
        },
        {
          "$ref": "#/components/errors/StatementTimeout"
        }
      ]
    },
    {
      "name": "query.watch",
      "summary": "Open a live query: its first result now, watch/changed notifications whenever a commit changes it.",
      "description": "Runs method (one of query.aggregate, query.count, query.get, query.paginate, query.select, query.sql; query.sql always read-only, a writing statement is refused with read_only) with params and answers {watch, result}, result being exactly what that method answers. Afterwards the server sends the notification watch/changed {watch, result} whenever a commit changed that result: commits by any method of this process (query.*, transaction.run, interactive transactions when they commit, migrations, push, restore, archive) and commits by other processes on the same database file (noticed by polling the database's data_version every --watch-poll-ms, 5 by default, only while a watch is open). Only committed state is sent; a rollback sends nothing; an unchanged result sends nothing; a commit to a table the query does not read re-runs nothing (the tables come from SQLite's authorizer when the query is first prepared). Re-runs are coalesced and run on readers: notifications of one watch come in commit order, and the last one sent always equals what the query returns now. When a re-run fails (its table was dropped, say) the notification carries error {code, message, data} instead of result. With ordered responses, a notification caused by a request of the same session follows that request's answer, and the next request waits for it, so sessions are reproducible. A watch lives until query.unwatch or the end of the session. At most --max-watches (1000, capabilities.limits.maxWatches) per session, else limit_exceeded. An interactive transaction's tx cannot be watched. On PostgreSQL every commit on the server (by this process or another, any table, even another database of the cluster, and rolled-back writes too) is noticed by polling the server's transaction snapshot (pg_current_snapshot()) every --watch-poll-ms on a connection of its own, only while a watch is open; every watch then re-runs and sends only a changed result, so the notification's place among the answers is not fixed.",
      "paramStructure": "by-name",
      "params": [
        {
          "name": "method",
          "required": true,
          "description": "The read to watch.",
          "schema": {
            "type": "string",
            "enum": [
              "query.aggregate",
              "query.count",
              "query.get",
              "query.paginate",
              "query.select",
              "query.sql"
            ]
          }
        },
        {
          "name": "params",
          "required": false,
          "description": "That method's params (no tx).",
          "schema": {
            "type": "object"
          }
        },
        {
          "name": "debounceMs",
          "required": false,
          "description": "Wait this long after a change before re-running, so a burst of commits costs one re-run.",
          "schema": {
            "type": "integer",
            "minimum": 0,
            "maximum": 60000,
            "default": 0
          }
        }
      ],
      "result": {
        "name": "watchResult",
        "schema": {
          "type": "object",
          "properties": {
            "watch": {
              "type": "string",
              "description": "The watch's id, for query.unwatch and in watch/changed."
            },
            "result": {
              "description": "The first result, as the watched method answers it."
            }
          },
          "required": [
            "watch",
            "result"
          ]
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/LimitExceeded"
        },
        {
          "$ref": "#/components/errors/ReadOnly"
        },
        {
          "$ref": "#/components/errors/UnknownTable"
        },
        {
          "$ref": "#/components/errors/UnknownField"
        },
        {
          "$ref": "#/components/errors/SQLError"
        },
        {
          "$ref": "#/components/errors/SchemaOutOfDate"
        },
        {
          "$ref": "#/components/errors/StatementTimeout"
        }
      ]
    },
    {
      "name": "rpc.discover",
      "summary": "This OpenRPC document.",
      "paramStructure": "by-name",
      "params": [],
      "result": {
        "name": "openrpcDocument",
        "schema": {
          "type": "object"
        }
      }
    },
    {
      "name": "schema.describe",
      "summary": "The tables as they are in the database.",
      "description": "Columns (SQL name, wire field, wizdb type, SQL type, notNull, primaryKey, default, check, references), indexes (columns, unique, partial where), whether the table follows the base pattern, and its row count (a count(*) over each table; rows: false leaves the counts out, for a quick look at a large database). Field names and wizdb types come from the declared schema where it names the column; otherwise fields are the camelCase of column names and types are read from SQL types.",
      "paramStructure": "by-name",
      "params": [
        {
          "name": "table",
          "required": false,
          "schema": {
            "type": "string"
          }
        },
        {
          "name": "rows",
          "required": false,
          "description": "Whether to count each table's rows (default true). A count reads a whole index of the table; false answers without rows.",
          "schema": {
            "type": "boolean",
            "default": true
          }
        }
      ],
      "result": {
        "name": "describeResult",
        "schema": {
          "type": "object",
          "properties": {
            "tables": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "name": {
                    "type": "string"
                  },
                  "basePattern": {
                    "type": "boolean"
                  },
                  "primaryKey": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "columns": {
                    "type": "array"
                  },
                  "indexes": {
                    "type": "array"
                  },
                  "rows": {
                    "type": "integer",
                    "description": "The table's row count; absent when rows is false."
                  }
                }
              }
            }
          }
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/UnknownTable"
        }
      ]
    },
    {
      "name": "schema.diff",
      "summary": "What it would take to bring the live database to the declared schema.",
      "description": "Compares the live database with the declared schema. Renames happen only through renamedFrom hints; without one, a rename is a drop plus an add, flagged as data loss. Changes SQLite cannot make in place are a table rebuild. dataLoss lists what each destructive statement would take, with rows measured on the live database. Changes made by hand show up here.",
      "paramStructure": "by-name",
      "params": [
        {
          "name": "schema",
          "required": false,
          "description": "A declared schema (the format of wizdb.schema.json); default: the --schema file.",
          "schema": {
            "type": "object"
          }
        }
      ],
      "result": {
        "name": "diffResult",
        "schema": {
          "type": "object",
          "properties": {
            "statements": {
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            "warnings": {
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            "dataLoss": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "table": {
                    "type": "string"
                  },
                  "column": {
                    "type": "string"
                  },
                  "rows": {
                    "type": "integer",
                    "description": "Rows that hold data the statement would destroy, measured on the live database (absent where nothing was measured)."
                  },
                  "description": {
                    "type": "string"
                  }
                }
              }
            }
          }
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/InvalidSchema"
        }
      ]
    },
    {
      "name": "schema.generate",
      "summary": "Write the next numbered migration file.",
      "description": "Replays every existing migration file into an in-memory database, compares the schema they build with the declared schema, and writes migrations/NNNN_<name>.sql (the name sanitised to lowercase letters, digits and underscores) with a header, a comment above each statement, WARNING comments, and wizdb:data-loss / wizdb:foreign-keys directives. Nothing changed: file is null and nothing is written.",
      "paramStructure": "by-name",
      "params": [
        {
          "name": "name",
          "required": true,
          "description": "What the migration does, like \"add phone number\".",
          "schema": {
            "type": "string"
          }
        },
        {
          "name": "schema",
          "required": false,
          "description": "A declared schema (the format of wizdb.schema.json); default: the --schema file.",
          "schema": {
            "type": "object"
          }
        }
      ],
      "result": {
        "name": "generateResult",
        "schema": {
          "type": "object",
          "properties": {
            "file": {
              "type": [
                "string",
                "null"
              ]
            },
            "statements": {
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            "warnings": {
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            "dataLoss": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "table": {
                    "type": "string"
                  },
                  "column": {
                    "type": "string"
                  },
                  "rows": {
                    "type": "integer",
                    "description": "Rows that hold data the statement would destroy, measured on the live database (absent where nothing was measured)."
                  },
                  "description": {
                    "type": "string"
                  }
                }
              }
            }
          }
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/InvalidSchema"
        },
        {
          "$ref": "#/components/errors/MigrationFailed"
        },
        {
          "$ref": "#/components/errors/FileSystem"
        }
      ]
    },
    {
      "name": "schema.migrate",
      "summary": "Apply pending migration files.",
      "description": "Applies pending files in order, each in its own transaction on the writer (no request sees a half-migrated database), recorded in _wizdb_migrations with its SHA-256 checksum, time and duration. A file with the wizdb:foreign-keys off directive (table rebuilds) runs with foreign keys off, then PRAGMA foreign_key_check before it commits. An applied file that changed is refused (migration_drift). A file whose wizdb:data-loss statements would destroy data (rows measured on the live database) is refused unless confirmDataLoss (data_loss_unconfirmed); files before it stay applied. A failing statement rolls its whole file back (migration_failed). dryRun applies everything to a copy of the database and leaves it untouched. Reports $/progress when workDoneToken is given.",
      "paramStructure": "by-name",
      "params": [
        {
          "name": "dryRun",
          "required": false,
          "schema": {
            "type": "boolean",
            "default": false
          }
        },
        {
          "name": "confirmDataLoss",
          "required": false,
          "schema": {
            "type": "boolean",
            "default": false
          }
        },
        {
          "name": "to",
          "required": false,
          "description": "Stop after this migration (its name without .sql).",
          "schema": {
            "type": "string"
          }
        }
      ],
      "result": {
        "name": "migrateResult",
        "schema": {
          "type": "object",
          "properties": {
            "applied": {
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            "pending": {
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            "dryRun": {
              "type": "boolean"
            }
          }
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/MigrationDrift"
        },
        {
          "$ref": "#/components/errors/MigrationFailed"
        },
        {
          "$ref": "#/components/errors/DataLossUnconfirmed"
        },
        {
          "$ref": "#/components/errors/FileSystem"
        },
        {
          "$ref": "#/components/errors/Busy"
        },
        {
          "$ref": "#/components/errors/ReadOnly"
        }
      ]
    },
    {
      "name": "schema.push",
      "summary": "Apply the declared schema to the database directly, without a migration file (prototyping).",
      "description": "Like drizzle-kit push: the statements schema.diff shows are run at once, in one transaction on the writer (table rebuilds with foreign keys off and checked before commit). Statements that would drop data holding rows are refused with data_loss_unconfirmed unless confirmDataLoss is true. Each push is recorded (schema.status counts them as pushes): schema.generate still starts from the migration files, so the next file it writes carries what the pushes did, for every other database; schema.migrate on the pushed database records such a file as applied without running it when the database already has its result. Use push while a model is still changing on a development database; switch to generate and migrate once other databases (a colleague's, production) must follow.",
      "paramStructure": "by-name",
      "params": [
        {
          "name": "schema",
          "required": false,
          "description": "A declared schema (the format of wizdb.schema.json); default: the --schema file.",
          "schema": {
            "type": "object"
          }
        },
        {
          "name": "dryRun",
          "required": false,
          "description": "Show the statements and the data at stake; change nothing.",
          "schema": {
            "type": "boolean",
            "default": false
          }
        },
        {
          "name": "confirmDataLoss",
          "required": false,
          "description": "Run statements that drop tables or columns holding data.",
          "schema": {
            "type": "boolean",
            "default": false
          }
        }
      ],
      "result": {
        "name": "pushResult",
        "schema": {
          "type": "object",
          "properties": {
            "statements": {
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            "warnings": {
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            "dataLoss": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "table": {
                    "type": "string"
                  },
                  "column": {
                    "type": "string"
                  },
                  "rows": {
                    "type": "integer",
                    "description": "Rows that hold data the statement would destroy, measured on the live database (absent where nothing was measured)."
                  },
                  "description": {
                    "type": "string"
                  }
                }
              }
            },
            "applied": {
              "type": "boolean",
              "description": "True when the statements ran (false for a dry run or when nothing differed)."
            },
            "dryRun": {
              "type": "boolean"
            }
          }
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/MigrationFailed"
        },
        {
          "$ref": "#/components/errors/DataLossUnconfirmed"
        },
        {
          "$ref": "#/components/errors/FileSystem"
        },
        {
          "$ref": "#/components/errors/Busy"
        },
        {
          "$ref": "#/components/errors/ReadOnly"
        },
        {
          "$ref": "#/components/errors/InvalidSchema"
        }
      ]
    },
    {
      "name": "schema.status",
      "summary": "Applied, pending, changed and missing migration files.",
      "paramStructure": "by-name",
      "params": [],
      "result": {
        "name": "statusResult",
        "schema": {
          "type": "object",
          "properties": {
            "applied": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "name": {
                    "type": "string"
                  },
                  "checksum": {
                    "type": "string",
                    "description": "SHA-256, lowercase hex"
                  },
                  "appliedAt": {
                    "type": "string",
                    "format": "date-time"
                  },
                  "durationMs": {
                    "type": "integer"
                  }
                }
              }
            },
            "pending": {
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            "drift": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "description": "Applied files whose content changed since."
            },
            "missing": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "description": "Applied files no longer in the folder."
            },
            "pushes": {
              "type": "integer",
              "description": "Pushes (schema.push) that changed the database since its applied migration files last described it; 0 once migrate has adopted a file with their result."
            }
          }
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/FileSystem"
        }
      ],
      "description": " pushes counts schema.push calls not yet written down as a migration file."
    },
    {
      "name": "schema.types",
      "summary": "Type definitions of the tables for a host language.",
      "description": "Generates, from the declared schema (schema inline, else the --schema file read at the call) or, when there is no schema file, from the database's own tables: per table the row type as reads return it (timestamps as ISO 8601 strings, json as a JSON value type, blobs as the language's byte type, nullable columns as null/Optional), the insert type (fields with a default, nullable fields, the base pattern's fields and an integer key SQLite numbers itself are optional), the update type (every field but the primary key, all optional), the field names, a where-filter type (the operators each column type allows; and, or, not), and a map of every table (TypeScript: interface Tables for Wizdb.spawn<Tables>(); Python: TypedDicts, the Tables and AsyncTables protocols and TABLES; Swift: Codable structs, enums and a Tables namespace). The text starts with a comment naming the schema file and its SHA-256 (or the SHA-256 of an inline schema's compact JSON, or the database file when there is no schema). Names that are not identifiers in the language are quoted (TypeScript properties, Python TypedDicts in functional form) or mapped (Swift properties, with CodingKeys keeping the wire name); two tables whose names map to the same type name are refused with invalid_schema naming both. The same text `wizdb types --lang L` prints.",
      "paramStructure": "by-name",
      "params": [
        {
          "name": "lang",
          "required": true,
          "description": "The host language.",
          "schema": {
            "type": "string",
            "enum": [
              "typescript",
              "python",
              "swift"
            ]
          }
        },
        {
          "name": "schema",
          "required": false,
          "description": "A declared schema (the format of wizdb.schema.json); default: the --schema file, or the database's tables when there is none.",
          "schema": {
            "type": "object"
          }
        }
      ],
      "result": {
        "name": "typesResult",
        "schema": {
          "type": "object",
          "required": [
            "lang",
            "text"
          ],
          "properties": {
            "lang": {
              "type": "string"
            },
            "text": {
              "type": "string",
              "description": "The source file, ending with a newline."
            }
          }
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/InvalidSchema"
        }
      ]
    },
    {
      "name": "shutdown",
      "summary": "Prepare to stop: later requests other than exit are refused.",
      "description": "Answered null. Requests after it get -32600 with data.kind shutting_down.",
      "paramStructure": "by-name",
      "params": [],
      "result": {
        "name": "none",
        "schema": {
          "type": "null"
        }
      }
    },
    {
      "name": "transaction.begin",
      "summary": "Open an interactive transaction.",
      "description": "Returns its id. Calls that pass this id as \"tx\" (query.sql, the query.* methods, transaction.commit/rollback) run inside it, in order, on a lane of their own, seeing its uncommitted writes; each call gets a savepoint, so a failing call undoes only itself. A writing transaction holds the single writer: its own calls never wait behind other requests queued after it began; other writes wait for it and fail with busy once the busy timeout has passed since each arrived; reads keep being served from readers (they do not see uncommitted writes). Sent as a notification (no id) it opens nothing. readOnly: true gives one snapshot over several reads, on a connection of its own. A transaction open longer than timeoutMs is rolled back; later calls with its id get transaction_timeout. End of input, exit and shutdown roll open transactions back.",
      "paramStructure": "by-name",
      "params": [
        {
          "name": "timeoutMs",
          "required": false,
          "schema": {
            "type": "integer",
            "minimum": 1,
            "maximum": 3600000,
            "default": 5000
          }
        },
        {
          "name": "readOnly",
          "required": false,
          "schema": {
            "type": "boolean",
            "default": false
          }
        }
      ],
      "result": {
        "name": "beginResult",
        "schema": {
          "type": "object",
          "properties": {
            "tx": {
              "type": "string"
            },
            "readOnly": {
              "type": "boolean"
            },
            "timeoutMs": {
              "type": "integer"
            }
          }
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/Busy"
        },
        {
          "$ref": "#/components/errors/ReadOnly"
        }
      ]
    },
    {
      "name": "transaction.commit",
      "summary": "Commit an interactive transaction.",
      "paramStructure": "by-name",
      "params": [
        {
          "name": "tx",
          "required": true,
          "description": "The id transaction.begin returned.",
          "schema": {
            "type": "string"
          }
        }
      ],
      "result": {
        "name": "empty",
        "schema": {
          "type": "object"
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/TransactionNotFound"
        },
        {
          "$ref": "#/components/errors/TransactionTimeout"
        },
        {
          "$ref": "#/components/errors/Busy"
        },
        {
          "$ref": "#/components/errors/DiskFull"
        }
      ]
    },
    {
      "name": "transaction.rollback",
      "summary": "Roll back an interactive transaction.",
      "paramStructure": "by-name",
      "params": [
        {
          "name": "tx",
          "required": true,
          "description": "The id transaction.begin returned.",
          "schema": {
            "type": "string"
          }
        }
      ],
      "result": {
        "name": "empty",
        "schema": {
          "type": "object"
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/TransactionNotFound"
        },
        {
          "$ref": "#/components/errors/TransactionTimeout"
        }
      ]
    },
    {
      "name": "transaction.run",
      "summary": "Several calls applied all or nothing.",
      "description": "Runs the steps in one write transaction on the writer. A step is {method, params, as?, expect?}; method is query.sql or a query.* method. A step named with \"as\" can be referred to by later steps: {\"$ref\": \"name.path\"} anywhere in their params is replaced by the value at that path of the named step's result (for example \"user.rows.0.id\"); a reference to no earlier step is invalid_value before anything runs, a path that leads nowhere is invalid_value when reached. expect states what a step must produce: changes (exact), rows (exact row count; a get counts its row as 1 or 0), minRows, maxRows, equals ({path: value} in the step's result), and the message to give when it does not hold. A failing expectation rolls everything back with assertion_failed (data: step, as, expected, actual, and the message given); any other failing step rolls back too and reports its own error with data.step (and data.as).",
      "paramStructure": "by-name",
      "params": [
        {
          "name": "steps",
          "required": true,
          "schema": {
            "type": "array",
            "minItems": 1,
            "items": {
              "type": "object",
              "required": [
                "method"
              ],
              "properties": {
                "method": {
                  "type": "string"
                },
                "params": {
                  "type": "object"
                },
                "as": {
                  "type": "string"
                },
                "expect": {
                  "type": "object",
                  "properties": {
                    "changes": {
                      "type": "integer"
                    },
                    "rows": {
                      "type": "integer"
                    },
                    "minRows": {
                      "type": "integer"
                    },
                    "maxRows": {
                      "type": "integer"
                    },
                    "equals": {
                      "type": "object"
                    },
                    "message": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          }
        }
      ],
      "result": {
        "name": "runResult",
        "schema": {
          "type": "object",
          "properties": {
            "results": {
              "type": "array",
              "description": "Each step's result, in order."
            }
          }
        }
      },
      "errors": [
        {
          "$ref": "#/components/errors/InvalidParams"
        },
        {
          "$ref": "#/components/errors/AssertionFailed"
        },
        {
          "$ref": "#/components/errors/InvalidValue"
        },
        {
          "$ref": "#/components/errors/Constraint"
        },
        {
          "$ref": "#/components/errors/Busy"
        },
        {
          "$ref": "#/components/errors/SQLError"
        },
        {
          "$ref": "#/components/errors/UnknownTable"
        },
        {
          "$ref": "#/components/errors/UnknownField"
        },
        {
          "$ref": "#/components/errors/SchemaOutOfDate"
        },
        {
          "$ref": "#/components/errors/StatementTimeout"
        }
      ]
    }
  ],
  "components": {
    "errors": {
      "ParseError": {
        "code": -32700,
        "message": "Parse error",
        "data": {
          "kind": "parse_error",
          "offset": "byte offset in the line"
        }
      },
      "InvalidRequest": {
        "code": -32600,
        "message": "Invalid request",
        "data": {
          "kind": "invalid_request | empty_batch | batch_too_large | line_too_long | shutting_down",
          "field": "the offending member, when one is to blame",
          "limit": "the limit exceeded, for the size limits"
        }
      },
      "MethodNotFound": {
        "code": -32601,
        "message": "Method not found",
        "data": {
          "kind": "method_not_found",
          "method": "the name sent"
        }
      },
      "InvalidParams": {
        "code": -32602,
        "message": "Invalid params",
        "data": {
          "kind": "invalid_params",
          "field": "the parameter at fault",
          "expected": "the type expected",
          "got": "the type received",
          "allowed": "the accepted parameters or values"
        }
      },
      "InternalError": {
        "code": -32603,
        "message": "Internal error",
        "data": {
          "kind": "internal_error"
        }
      },
      "Cancelled": {
        "code": -32800,
        "message": "Request cancelled",
        "data": {
          "kind": "cancelled"
        }
      },
      "NotFound": {
        "code": 1000,
        "message": "not found",
        "data": {
          "kind": "not_found"
        }
      },
      "UnknownTable": {
        "code": 1001,
        "message": "unknown table",
        "data": {
          "kind": "unknown_table"
        }
      },
      "UnknownField": {
        "code": 1002,
        "message": "unknown field",
        "data": {
          "kind": "unknown_field"
        }
      },
      "InvalidValue": {
        "code": 1003,
        "message": "invalid value",
        "data": {
          "kind": "invalid_value",
          "field": "where the value was"
        }
      },
      "Constraint": {
        "code": 1004,
        "message": "SQLite's constraint message",
        "data": {
          "kind": "constraint",
          "constraint": "unique | primary_key | foreign_key | not_null | check | other",
          "table": "the table (always for the query.* methods; for query.sql when SQLite names it)",
          "fields": "the fields concerned: wire names for the query.* methods, SQL column names for query.sql (empty when SQLite does not say)"
        }
      },
      "Busy": {
        "code": 1005,
        "message": "The database is busy",
        "data": {
          "kind": "busy"
        }
      },
      "ReadOnly": {
        "code": 1006,
        "message": "read-only",
        "data": {
          "kind": "read_only"
        }
      },
      "RawSQLDisabled": {
        "code": 1007,
        "message": "Raw SQL is switched off",
        "data": {
          "kind": "raw_sql_disabled"
        }
      },
      "UnsafeOperation": {
        "code": 1008,
        "message": "unsafe operation",
        "data": {
          "kind": "unsafe_operation"
        }
      },
      "AssertionFailed": {
        "code": 1009,
        "message": "the step's message",
        "data": {
          "kind": "assertion_failed",
          "step": "the step's index",
          "as": "the step's name",
          "expected": "what expect asked",
          "actual": "what the step produced"
        }
      },
      "TransactionNotFound": {
        "code": 1010,
        "message": "transaction not found",
        "data": {
          "kind": "transaction_not_found",
          "tx": "the id"
        }
      },
      "TransactionTimeout": {
        "code": 1011,
        "message": "transaction timed out",
        "data": {
          "kind": "transaction_timeout",
          "tx": "the id"
        }
      },
      "MigrationDrift": {
        "code": 1012,
        "message": "an applied migration changed",
        "data": {
          "kind": "migration_drift",
          "files": "the applied files that changed"
        }
      },
      "MigrationFailed": {
        "code": 1013,
        "message": "a migration failed",
        "data": {
          "kind": "migration_failed",
          "file": "the migration",
          "statement": "the statement that failed",
          "sqliteMessage": "SQLite's message"
        }
      },
      "DataLossUnconfirmed": {
        "code": 1014,
        "message": "data loss not confirmed",
        "data": {
          "kind": "data_loss_unconfirmed",
          "file": "the migration",
          "dataLoss": "[{table, column?, rows, description}]"
        }
      },
      "DiskFull": {
        "code": 1015,
        "message": "The disk is full",
        "data": {
          "kind": "disk_full"
        }
      },
      "Corrupt": {
        "code": 1016,
        "message": "The database file is damaged",
        "data": {
          "kind": "corrupt"
        }
      },
      "PathNotAllowed": {
        "code": 1017,
        "message": "The name \"<name>\" is not allowed: <which rule it breaks>",
        "data": {
          "kind": "path_not_allowed",
          "name": "the name sent"
        }
      },
      "SQLError": {
        "code": 1018,
        "message": "the database's message",
        "data": {
          "kind": "sql_error",
          "sqliteCode": "SQLite's extended result code (SQLite)",
          "sqlState": "the SQLSTATE (PostgreSQL)"
        }
      },
      "Unsupported": {
        "code": 1019,
        "message": "not available on this backend",
        "data": {
          "kind": "unsupported",
          "feature": "what is not available",
          "backend": "the backend that cannot do it (postgres)"
        }
      },
      "Unavailable": {
        "code": 1020,
        "message": "the database server is unavailable: <why>; the next request opens a new connection (to the new primary after a failover)",
        "data": {
          "kind": "unavailable",
          "retryable": true
        }
      },
      "InvalidSchema": {
        "code": 1021,
        "message": "Invalid schema at <path>: <what is wrong>",
        "data": {
          "kind": "invalid_schema",
          "path": "where in the declared schema, like tables.users.columns.email.type"
        }
      },
      "FileSystem": {
        "code": 1022,
        "message": "<path>: what went wrong",
        "data": {
          "kind": "file_system",
          "path": "the file or folder"
        }
      },
      "SchemaOutOfDate": {
        "code": 1023,
        "message": "the declared table (or field) is not in the database yet; what to run",
        "data": {
          "kind": "schema_out_of_date",
          "table": "the declared table",
          "field": "the declared field, when the table exists but lacks it",
          "pending": "pending migration files, if any",
          "command": "wizdb migrate, or wizdb generate <name> && wizdb migrate"
        }
      },
      "StatementTimeout": {
        "code": 1025,
        "message": "the request ran longer than the statement timeout and was stopped",
        "data": {
          "kind": "statement_timeout"
        }
      },
      "LimitExceeded": {
        "code": 1024,
        "message": "a limit was reached",
        "data": {
          "kind": "limit_exceeded",
          "limit": "the limit"
        }
      }
    },
    "contentDescriptors": {
      "Table": {
        "name": "table",
        "required": true,
        "description": "A table of the declared schema (wizdb.schema.json), or of the database when no schema is declared.",
        "schema": {
          "type": "string"
        }
      },
      "Tx": {
        "name": "tx",
        "required": false,
        "description": "Reserved for interactive transactions (transaction.begin), not available yet: any value is answered transaction_not_found.",
        "schema": {
          "type": "string"
        }
      },
      "Where": {
        "name": "where",
        "required": false,
        "schema": {
          "$ref": "#/components/schemas/Filter"
        }
      },
      "Fields": {
        "name": "fields",
        "required": false,
        "description": "The fields to return (default: all), in this order.",
        "schema": {
          "type": "array",
          "items": {
            "type": "string"
          },
          "minItems": 1
        }
      },
      "Deactivated": {
        "name": "deactivated",
        "required": false,
        "description": "exclude: live rows only (deactivatedAt null); include: all rows; only: soft-deleted rows only (needs deactivatedAt).",
        "schema": {
          "enum": [
            "exclude",
            "include",
            "only"
          ],
          "default": "exclude"
        }
      },
      "Returning": {
        "name": "returning",
        "required": false,
        "description": "true: every field of each written row; a list: those fields; false: none (the result has no rows).",
        "schema": {
          "type": [
            "boolean",
            "array"
          ],
          "items": {
            "type": "string"
          },
          "default": true
        }
      },
      "Id": {
        "name": "id",
        "required": false,
        "description": "The primary key of the one row to write (id with the base pattern). With where, both must hold.",
        "schema": {
          "type": [
            "string",
            "integer"
          ]
        }
      },
      "All": {
        "name": "all",
        "required": false,
        "description": "Without id and where, true is required to write every row (otherwise unsafe_operation).",
        "schema": {
          "type": "boolean",
          "default": false
        }
      },
      "WriteResult": {
        "name": "writeResult",
        "schema": {
          "type": "object",
          "required": [
            "changes"
          ],
          "properties": {
            "rows": {
              "type": "array",
              "items": {
                "$ref": "#/components/schemas/Row"
              },
              "description": "The written rows (fields per returning); absent when returning is false."
            },
            "changes": {
              "type": "integer",
              "description": "Rows inserted or changed in this table (not counting foreign-key cascades)."
            },
            "truncated": {
              "type": "boolean",
              "description": "Present (true) when more than maxRows rows were written; only maxRows are sent back."
            }
          }
        }
      }
    },
    "schemas": {
      "Row": {
        "type": "object",
        "description": "Wire field names (camelCase) to values: numbers (exact 64-bit integers), strings, null, booleans for boolean fields, ISO 8601 UTC strings for timestamps (unix seconds are accepted on input), any JSON for json fields, {\"$base64\": \"...\"} for blobs."
      },
      "Filter": {
        "type": "object",
        "description": "Field conditions that must all hold: {\"email\": \"a@b.c\"} (equality; null means IS NULL), {\"credits\": {\"gte\": 10, \"lt\": 100}}. Operators: eq ne gt gte lt lte in notIn like isNull between ([low, high]). like ignores ASCII case. Combinators: \"and\": [filters], \"or\": [filters], \"not\": filter. Fields are checked against the schema (unknown_field lists the valid ones), values converted per column type (invalid_value) and always bound as parameters.",
        "additionalProperties": true
      },
      "OrderBy": {
        "type": "array",
        "items": {
          "type": "object",
          "required": [
            "field"
          ],
          "properties": {
            "field": {
              "type": "string"
            },
            "direction": {
              "enum": [
                "asc",
                "desc"
              ],
              "default": "asc"
            },
            "nulls": {
              "enum": [
                "first",
                "last"
              ],
              "description": "Default: first when ascending, last when descending (NULL sorts as the smallest value), on every backend."
            }
          }
        }
      }
    }
  },
  "x-notifications": [
    {
      "name": "$/progress",
      "summary": "Progress of a request that passed workDoneToken (server to host).",
      "params": {
        "type": "object",
        "properties": {
          "token": {
            "description": "The request's workDoneToken."
          },
          "value": {
            "type": "object",
            "properties": {
              "kind": {
                "enum": [
                  "begin",
                  "report",
                  "end"
                ]
              },
              "title": {
                "type": "string"
              },
              "message": {
                "type": "string"
              },
              "percentage": {
                "type": "integer"
              }
            }
          }
        }
      }
    },
    {
      "name": "watch/changed",
      "summary": "A live query's result changed (server to host), see query.watch.",
      "params": {
        "type": "object",
        "properties": {
          "watch": {
            "type": "string"
          },
          "result": {
            "description": "The new result, as the watched method answers it."
          },
          "error": {
            "type": "object",
            "description": "Instead of result, when the re-run failed: {code, message, data}."
          }
        },
        "required": [
          "watch"
        ]
      }
    }
  ]
}
"""#
}
