"""The blocking client against the real binary."""
from __future__ import annotations

import datetime
import os
import queue
import signal
import threading
import time
from pathlib import Path
from typing import List

import pytest

from conftest import BINARY, app_options, schema_folder
from wizdb import Client, WizdbError, ref

LONG_QUERY = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) SELECT count(*) AS n FROM c"


def test_spawn_initializes_and_calls(app: Client) -> None:
    assert app.server["serverInfo"]["name"] == "wizdb"
    assert "schema.types" in app.server["capabilities"]["methods"]
    assert app.call("ping") == {}


def test_table_methods(app: Client) -> None:
    users = app.table("users")
    ann = users.insert({"email": "ann@example.com", "name": "Ann", "credits": 100})
    assert ann["email"] == "ann@example.com" and ann["credits"] == 100 and ann["phoneNumber"] is None
    many = users.insert_many([{"email": "bob@example.com", "name": "Bob", "credits": 40}, {"email": "cy@example.com", "name": "Cy"}])
    assert many.changes == 2 and many.rows[1]["credits"] == 0
    assert users.get(ann["id"]) == ann
    assert users.get("no-such-id") is None
    assert users.get(ann["id"], fields=["name"]) == {"name": "Ann"}
    rich = users.select(where={"credits": {"gte": 10}}, order_by=[("credits", "desc")], fields=["name", "credits"])
    assert rich == [{"name": "Ann", "credits": 100}, {"name": "Bob", "credits": 40}]
    updated = users.update(id=ann["id"], where={"credits": {"gte": 30}}, increment={"credits": -30}, returning=["credits"])
    assert updated.rows == [{"credits": 70}] and updated.changes == 1
    assert users.count(where={"credits": {"gt": 0}}) == 2
    assert users.aggregate({"users": {"fn": "count"}, "credits": {"fn": "sum", "field": "credits"}}) == [{"users": 3, "credits": 110}]
    assert users.delete(where={"email": "cy@example.com"}) == 1
    assert users.count() == 2


def test_errors_are_one_type_with_code_kind_data(app: Client) -> None:
    users = app.table("users")
    users.insert({"email": "ann@example.com", "name": "Ann"})
    with pytest.raises(WizdbError) as caught:
        users.insert({"email": "ann@example.com", "name": "Ann again"})
    assert caught.value.code == 1004
    assert caught.value.kind == "constraint"
    assert caught.value.data["constraint"] == "unique" and caught.value.data["fields"] == ["email"]
    assert "UNIQUE" in str(caught.value)
    with pytest.raises(WizdbError) as unknown:
        users.select(where={"emial": "x"})
    assert unknown.value.kind == "unknown_field" and "email" in unknown.value.data["available"]
    with pytest.raises(WizdbError) as unsafe:
        users.delete()
    assert unsafe.value.kind == "unsafe_operation"


def test_soft_delete_and_restore(app: Client) -> None:
    users = app.table("users")
    bob = users.insert({"email": "bob@example.com", "name": "Bob"})
    deleted = users.soft_delete(id=bob["id"], by="admin")
    assert deleted.changes == 1 and deleted.rows[0]["deactivatedBy"] == "admin"
    assert users.get(bob["id"]) is None
    assert users.count(deactivated="only") == 1
    restored = users.restore(id=bob["id"])
    assert restored.rows[0]["deactivatedAt"] is None
    got = users.get(bob["id"])
    assert got is not None and got["name"] == "Bob"


def test_join_keeps_user_whose_profile_is_deactivated(app: Client) -> None:
    ann = app.table("users").insert({"email": "ann@example.com", "name": "Ann"})
    bob = app.table("users").insert({"email": "bob@example.com", "name": "Bob"})
    app.table("user_profiles").insert({"userId": ann["id"], "bio": "Ann's bio"})
    profile = app.table("user_profiles").insert({"userId": bob["id"], "bio": "Bob's bio"})
    app.table("user_profiles").soft_delete(id=profile["id"])
    rows = app.table("users").select_joined(
        [{"table": "user_profiles", "as": "profile", "on": {"id": "userId"}, "type": "left", "fields": ["bio"]}],
        fields=["name"], order_by=["name"])
    assert rows == [{"users": {"name": "Ann"}, "profile": {"bio": "Ann's bio"}}, {"users": {"name": "Bob"}, "profile": None}]


def test_sign_up_in_a_transaction_and_rollback_on_error(app: Client) -> None:
    with app.transaction() as tx:
        user = tx.table("users").insert({"email": "new@example.com", "name": "New"})
        tx.table("user_profiles").insert({"userId": user["id"], "bio": "hello"})
    assert app.table("user_profiles").select(where={"userId": user["id"]})[0]["bio"] == "hello"
    with pytest.raises(RuntimeError, match="payment failed"):
        with app.transaction() as tx:
            tx.table("users").insert({"email": "ghost@example.com", "name": "Ghost"})
            raise RuntimeError("payment failed")
    assert app.table("users").count(where={"email": "ghost@example.com"}) == 0
    with pytest.raises(WizdbError) as ended:
        tx.call("ping")
    assert ended.value.kind == "transaction_not_found"
    app.table("users").insert({"email": "after@example.com", "name": "After"})


def test_credit_transfer_all_or_nothing(app: Client) -> None:
    users = app.table("users")
    ann = users.insert({"email": "ann@example.com", "name": "Ann", "credits": 100})
    bob = users.insert({"email": "bob@example.com", "name": "Bob", "credits": 0})

    def transfer(amount: int) -> object:
        return app.run([
            {"method": "query.update", "as": "debit", "params": {"table": "users", "id": ann["id"], "where": {"credits": {"gte": amount}},
                                                                  "increment": {"credits": -amount}},
             "expect": {"changes": 1, "message": "Insufficient credits"}},
            {"method": "query.update", "params": {"table": "users", "id": bob["id"], "increment": {"credits": amount}},
             "expect": {"changes": 1}},
            {"method": "query.insert", "params": {"table": "credit_transactions", "values": {
                "fromUserId": ref("debit.rows.0.id"), "toUserId": bob["id"], "amount": amount, "type": "transfer"}}},
        ])

    transfer(30)
    with pytest.raises(WizdbError) as refused:
        transfer(500)
    assert refused.value.kind == "assertion_failed" and "Insufficient credits" in refused.value.message
    assert users.get(ann["id"])["credits"] == 70  # type: ignore[index]
    assert users.get(bob["id"])["credits"] == 30  # type: ignore[index]
    assert app.table("credit_transactions").count() == 1


def test_keyset_pages_through_250_rows_of_one_second(tmp_path: Path) -> None:
    with Client.spawn(**app_options(tmp_path), args=["--fixed-clock", "2026-01-01T00:00:00Z"]) as db:
        users = db.table("users")
        users.insert_many([{"email": f"u{i:03}@example.com", "name": f"User {i}"} for i in range(250)])
        pages = list(users.pages(limit=40, order_by=["createdAt"]))
        ids = [row["id"] for page in pages for row in page.rows]
        assert len(pages) == 7 and len(ids) == 250 and len(set(ids)) == 250
        assert ids == sorted(ids)


def test_exact_integers_bytes_json_and_timestamps(tmp_path: Path) -> None:
    schema = {"tables": {"things": {"columns": {
        "n": {"type": "integer"}, "data": {"type": "blob"}, "doc": {"type": "json"},
        "flag": {"type": "boolean", "notNull": True, "default": False}, "at": {"type": "timestamp"}}}}}
    with Client.spawn(**schema_folder(tmp_path, schema)) as db:
        db.call("schema.generate", {"name": "init"})
        db.call("schema.migrate", {})
        things = db.table("things")
        blob = bytes((i * 7) % 256 for i in range(300))
        doc = {"name": "x", "list": [1, 2.5, None, True], "nested": {"deep": "é🎉"}}
        row = things.insert({"n": 9007199254740993, "data": blob, "doc": doc, "flag": True,
                             "at": datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)})
        assert row["n"] == 9007199254740993 and row["data"] == blob and row["doc"] == doc
        assert row["flag"] is True and row["at"] == "2026-01-02T03:04:05Z"
        assert things.get(row["id"]) == row
        assert len(things.select(where={"n": 9007199254740993})) == 1
        assert len(things.select(where={"data": {"eq": blob}})) == 1
        assert things.insert({"n": -(2 ** 63)})["n"] == -(2 ** 63)


def test_pipelined_calls_from_threads(app: Client) -> None:
    users = app.table("users")
    created = users.insert_many([{"email": f"p{i}@example.com", "name": f"P{i}", "credits": i} for i in range(50)])
    ids = [row["id"] for row in created.rows]
    calls = [app.submit("query.get", {"table": "users", "id": ids[i % 50]}) for i in range(2000)]
    assert [call.result()["row"]["credits"] for call in calls] == [i % 50 for i in range(2000)]
    errors: list = []

    def worker(offset: int) -> None:
        try:
            for i in range(200):
                assert users.get(ids[(offset + i) % 50])["credits"] == (offset + i) % 50  # type: ignore[index]
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_cancel_and_timeout(app: Client) -> None:
    pending = app.submit("query.sql", {"sql": LONG_QUERY, "readOnly": True})
    time.sleep(0.1)
    pending.cancel()
    with pytest.raises(WizdbError) as cancelled:
        pending.result()
    assert cancelled.value.kind == "cancelled" and cancelled.value.code == -32800
    with pytest.raises(WizdbError) as timed_out:
        app.call("query.sql", {"sql": LONG_QUERY, "readOnly": True}, timeout=0.1)
    assert timed_out.value.kind == "cancelled"
    started = time.monotonic()
    assert app.call("query.sql", {"sql": "SELECT 1 AS one", "readOnly": True})["rows"] == [{"one": 1}]
    assert time.monotonic() - started < 2


def test_progress(app: Client) -> None:
    seen: list = []
    result = app.call("maintenance.backup", {"name": "copy.sqlite"}, on_progress=lambda value: seen.append(value["kind"]))
    assert result["verified"] is True
    assert seen[0] == "begin" and seen[-1] == "end" and "report" in seen


def test_killed_server_fails_pending_calls_with_unavailable(tmp_path: Path) -> None:
    db = Client.spawn(**app_options(tmp_path))
    pending = db.submit("query.sql", {"sql": LONG_QUERY, "readOnly": True})
    time.sleep(0.1)
    os.kill(db.pid, signal.SIGKILL)
    with pytest.raises(WizdbError) as caught:
        pending.result(10)
    assert caught.value.kind == "unavailable" and "killed" in caught.value.message
    with pytest.raises(WizdbError):
        db.call("ping")
    assert db.close() == -signal.SIGKILL


def test_server_that_cannot_start_reports_its_stderr(tmp_path: Path) -> None:
    with pytest.raises(WizdbError) as caught:
        Client.spawn(command=BINARY, db=str(tmp_path / "db.sqlite"), args=["--readers", "0"])
    assert caught.value.kind == "unavailable" and "positive" in caught.value.data["stderr"]
    with pytest.raises(WizdbError) as missing:
        Client.spawn(command=str(tmp_path / "no-such-wizdb"))
    assert missing.value.kind == "unavailable"


def test_close_returns_exit_status_zero(tmp_path: Path) -> None:
    db = Client.spawn(command=BINARY, db=str(tmp_path / "db.sqlite"), cwd=str(tmp_path))
    assert db.close() == 0
    with pytest.raises(WizdbError) as caught:
        db.call("ping")
    assert caught.value.kind == "unavailable"


STUBBORN_SERVER = """
import json, sys, time
for line in sys.stdin:
    message = json.loads(line)
    if "id" in message and message.get("method") != "shutdown":
        print(json.dumps({"jsonrpc": "2.0", "id": message["id"], "result": {}}), flush=True)
while True:
    time.sleep(1)
"""


def test_close_kills_a_server_that_does_not_stop(tmp_path: Path) -> None:
    import sys
    db = Client.spawn(command=sys.executable, args=["-c", STUBBORN_SERVER])
    assert db.call("ping") == {}
    started = time.monotonic()
    assert db.close(timeout=0.3) == -signal.SIGKILL
    assert time.monotonic() - started < 3


def test_large_requests_in_flight_all_arrive(app: Client) -> None:
    big = "x" * (256 * 1024)
    calls = [app.submit("query.sql", {"sql": "SELECT length(?) AS n, ? AS i", "params": [big, i], "readOnly": True}) for i in range(40)]
    assert [call.result(30)["rows"] for call in calls] == [[{"n": len(big), "i": i}] for i in range(40)]


def test_watch_keeps_a_list_live(tmp_path: Path) -> None:
    changes: "queue.Queue[List[str]]" = queue.Queue()
    with Client.spawn(**app_options(tmp_path)) as db, Client.spawn(**app_options(tmp_path)) as other:
        users = db.table("users")
        users.insert({"email": "ann@example.com", "name": "Ann", "credits": 10})
        live = db.watch("query.select", {"table": "users", "fields": ["name"], "orderBy": [{"field": "name"}]},
                        lambda result: changes.put([row["name"] for row in result["rows"]]))
        assert live.result["rows"] == [{"name": "Ann"}]

        users.insert({"email": "bob@example.com", "name": "Bob"})
        assert changes.get(timeout=10) == ["Ann", "Bob"]
        assert live.result["rows"] == [{"name": "Ann"}, {"name": "Bob"}]
        # A change to a field the list does not show: no call.
        users.update(where={"name": "Ann"}, set={"credits": 11})
        # Another process writes to the same file.
        other.table("users").insert({"email": "cy@example.com", "name": "Cy"})
        assert changes.get(timeout=10) == ["Ann", "Bob", "Cy"]

        live.stop()
        users.insert({"email": "dee@example.com", "name": "Dee"})
        db.call("ping")
        assert changes.empty()

        with pytest.raises(WizdbError) as error:
            db.watch("query.insert", {"table": "users", "values": {}}, lambda result: None)
        assert error.value.kind == "invalid_params"
