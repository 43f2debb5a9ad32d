"""The asyncio client against the real binary."""
from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path
from typing import Any, List

import pytest

from conftest import BINARY, app_options, schema_folder
from wizdb import AsyncClient, WizdbError

LONG_QUERY = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) SELECT count(*) AS n FROM c"


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def test_tables_transactions_and_errors(tmp_path: Path) -> None:
    async def main() -> None:
        async with await AsyncClient.spawn(**app_options(tmp_path)) as db:
            assert db.server["serverInfo"]["name"] == "wizdb"
            users = db.table("users")
            ann = await users.insert({"email": "ann@example.com", "name": "Ann", "credits": 100})
            assert (await users.get(ann["id"])) == ann
            async with db.transaction() as tx:
                bob = await tx.table("users").insert({"email": "bob@example.com", "name": "Bob"})
                await tx.table("user_profiles").insert({"userId": bob["id"], "bio": "hi"})
            assert await db.table("user_profiles").count(where={"userId": bob["id"]}) == 1
            with pytest.raises(KeyError):
                async with db.transaction() as tx:
                    await tx.table("users").insert({"email": "ghost@example.com", "name": "Ghost"})
                    raise KeyError("boom")
            assert await users.count(where={"email": "ghost@example.com"}) == 0
            with pytest.raises(WizdbError) as caught:
                await users.insert({"email": "ann@example.com", "name": "Ann again"})
            assert caught.value.kind == "constraint" and caught.value.code == 1004
            await users.soft_delete(id=ann["id"])
            assert await users.get(ann["id"]) is None
            await users.restore(id=ann["id"])
            assert (await users.get(ann["id"])) is not None
    run(main())


def test_pipelined_calls_and_pages(tmp_path: Path) -> None:
    async def main() -> None:
        async with await AsyncClient.spawn(**app_options(tmp_path), args=["--fixed-clock", "2026-01-01T00:00:00Z"]) as db:
            users = db.table("users")
            created = await users.insert_many([{"email": f"u{i:03}@example.com", "name": f"U{i}", "credits": i} for i in range(250)])
            ids = [row["id"] for row in created.rows]
            rows = await asyncio.gather(*(users.get(ids[i % 250]) for i in range(10_000)))
            assert [row["credits"] for row in rows] == [i % 250 for i in range(10_000)]  # type: ignore[index]
            seen: List[str] = []
            async for page in users.pages(limit=40):
                seen += [row["id"] for row in page.rows]
            assert seen == sorted(ids) and len(set(seen)) == 250
    run(main())


def test_cancelling_the_task_cancels_the_request(tmp_path: Path) -> None:
    async def main() -> None:
        async with await AsyncClient.spawn(**app_options(tmp_path)) as db:
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(db.call("query.sql", {"sql": LONG_QUERY, "readOnly": True}), 0.1)
            started = time.monotonic()
            assert (await db.call("query.sql", {"sql": "SELECT 1 AS one", "readOnly": True}))["rows"] == [{"one": 1}]
            assert time.monotonic() - started < 2, "the long query was stopped on the server"
            seen: List[str] = []
            await db.call("maintenance.backup", {"name": "copy.sqlite"}, on_progress=lambda value: seen.append(value["kind"]))
            assert seen[0] == "begin" and seen[-1] == "end"
    run(main())


def test_bytes_and_large_integers(tmp_path: Path) -> None:
    schema = {"tables": {"things": {"columns": {"n": {"type": "integer"}, "data": {"type": "blob"}}}}}

    async def main() -> None:
        async with await AsyncClient.spawn(**schema_folder(tmp_path, schema)) as db:
            await db.call("schema.generate", {"name": "init"})
            await db.call("schema.migrate", {})
            row = await db.table("things").insert({"n": 9007199254740993, "data": b"\x00\x01\xff" * 1000})
            assert row["n"] == 9007199254740993 and row["data"] == b"\x00\x01\xff" * 1000
    run(main())


def test_killed_server_fails_pending_calls(tmp_path: Path) -> None:
    async def main() -> None:
        db = await AsyncClient.spawn(**app_options(tmp_path))
        pending = asyncio.ensure_future(db.call("query.sql", {"sql": LONG_QUERY, "readOnly": True}))
        await asyncio.sleep(0.1)
        os.kill(db.pid, signal.SIGKILL)
        with pytest.raises(WizdbError) as caught:
            await pending
        assert caught.value.kind == "unavailable"
        assert await db.close() == -signal.SIGKILL
        with pytest.raises(WizdbError):
            await AsyncClient.spawn(command=BINARY, db=str(tmp_path / "x.sqlite"), args=["--readers", "0"])
    run(main())


def test_watch_delivers_changes_on_the_event_loop(tmp_path: Path) -> None:
    async def main() -> None:
        async with await AsyncClient.spawn(**app_options(tmp_path)) as db:
            changes: "asyncio.Queue[int]" = asyncio.Queue()
            users = db.table("users")
            live = await db.watch("query.count", {"table": "users"}, lambda result: changes.put_nowait(result["count"]))
            assert live.result == {"count": 0}
            await asyncio.gather(*(users.insert({"email": f"u{n}@example.com", "name": f"U{n}"}) for n in range(50)))
            # Coalesced re-runs: the last change is the final count.
            last = await asyncio.wait_for(changes.get(), 10)
            while last != 50:
                last = await asyncio.wait_for(changes.get(), 10)
            assert live.result == {"count": 50}
            await live.stop()
            await users.insert({"email": "late@example.com", "name": "Late"})
            await db.call("ping")
            assert changes.empty()
    run(main())
