"""Fills the example app's users table with N rows (default 1,000,000) for the studio's benchmark:
the tables come from `wizdb migrate` on a copy of the repository's schema and migrations; the rows
are written with Python's sqlite3 in large transactions (ids are UUIDv7-shaped and ascending,
createdAt one second apart, 1 in 50 soft-deleted)."""
from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = "id, email, name, credits, phone_number, created_at, updated_at, deactivated_at, deactivated_by"


def build(folder: Path, rows: int, wizdb: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "wizdb.schema.json", folder / "wizdb.schema.json")
    if not (folder / "migrations").exists():
        shutil.copytree(ROOT / "migrations", folder / "migrations")
    database = folder / "app.sqlite"
    subprocess.run([wizdb, "migrate", "--db", str(database)], cwd=folder, check=True, capture_output=True)
    connection = sqlite3.connect(database)
    have = connection.execute("SELECT count(*) FROM users").fetchone()[0]
    if have >= rows:
        connection.close()
        return database
    rng = random.Random(1)
    start = 1_700_000_000
    names = ["Ann", "Bob", "Cy", "Dee", "Eve", "Finn", "Gus", "Hal", "Ida", "Jo"]
    began = time.monotonic()
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = OFF")
    batch = []

    def flush():
        connection.executemany(f"INSERT INTO users ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)", batch)
        connection.commit()
        batch.clear()

    for number in range(have, rows):
        created = start + number
        stamp = f"{created * 1000:012x}"
        identifier = f"{stamp[:8]}-{stamp[8:12]}-7{number % 4096:03x}-{8 + number % 4:x}{number % 4096:03x}-{number:012x}"
        deactivated = created + 60 if number % 50 == 0 else None
        batch.append((identifier, f"user{number:07d}@example.com", f"{names[number % 10]} {number}", rng.randrange(0, 10_000),
                      None if number % 3 else f"+1 555 {number % 10_000:04d}", created, created, deactivated, "seed" if deactivated else None))
        if len(batch) == 50_000:
            flush()
    if batch:
        flush()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    print(f"filled users with {rows:,} rows in {time.monotonic() - began:.1f} s", file=sys.stderr)
    return database


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/wizdb-studio-bench")
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    print(build(target, count, os.environ.get("WIZDB_BINARY", str(ROOT / ".build" / "release" / "wizdb"))))
