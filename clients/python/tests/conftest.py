"""Shared by the tests: the real wizdb binary and databases of the example app."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest

from wizdb import Client

REPO_ROOT = Path(__file__).resolve().parents[3]
BINARY = os.environ.get("WIZDB_BINARY") or str(REPO_ROOT / ".build" / "debug" / "wizdb")

if not Path(BINARY).exists():
    raise RuntimeError(f"no wizdb binary at {BINARY}: run `swift build` first, or set WIZDB_BINARY")


def app_options(folder: Path) -> Dict[str, Any]:
    """Spawn options for a new database of the example app (users, profiles, roles, credit transactions)."""
    return {
        "command": BINARY,
        "db": str(folder / "app.sqlite"),
        "schema": str(REPO_ROOT / "wizdb.schema.json"),
        "migrations": str(REPO_ROOT / "migrations"),
        "cwd": str(folder),
    }


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Client]:
    with Client.spawn(**app_options(tmp_path)) as client:
        yield client


def schema_folder(tmp_path: Path, schema: Dict[str, Any]) -> Dict[str, Any]:
    """A folder with `schema` as its wizdb.schema.json and an empty migrations folder."""
    (tmp_path / "wizdb.schema.json").write_text(json.dumps(schema))
    (tmp_path / "migrations").mkdir()
    return {"command": BINARY, "db": str(tmp_path / "db.sqlite"), "migrations": str(tmp_path / "migrations"), "cwd": str(tmp_path)}
