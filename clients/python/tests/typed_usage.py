"""Type tests: checked by `mypy --strict` (never run by pytest). Each `# type: ignore[code]` line
must be an error of that code: mypy's warn_unused_ignores (part of --strict) fails when one is not."""
from __future__ import annotations

from typing import List, Optional

from app_types import AsyncTables, Tables, UsersInsert, UsersRow
from wizdb import AsyncClient, Client


def typed_usage(client: Client) -> None:
    db: Tables = client
    users = db.table("users")

    # Right: required fields given, optional ones left out.
    ann: UsersRow = users.insert({"email": "ann@example.com", "name": "Ann", "credits": 100})
    credits: int = ann["credits"]
    phone: Optional[str] = ann["phoneNumber"]

    # A wrong table name.
    db.table("user")  # type: ignore[call-overload]

    # A wrong field name.
    users.insert({"emial": "x@example.com", "name": "X"})  # type: ignore[typeddict-unknown-key, typeddict-item]

    # A wrong value type.
    users.insert({"email": "y@example.com", "name": "Y", "credits": "lots"})  # type: ignore[typeddict-item]

    # A missing required insert field.
    users.insert({"email": "z@example.com"})  # type: ignore[typeddict-item]

    # Filters: operators per type.
    rows: List[UsersRow] = users.select(where={"credits": {"gte": 10}, "email": {"like": "%@example.com"}}, order_by=[("credits", "desc")])
    users.select(where={"or": [{"name": "Ann"}, {"phoneNumber": None}]})
    users.select(where={"credits": {"like": "1%"}})  # type: ignore[arg-type]
    users.count(where={"emial": "x"})  # type: ignore[arg-type]
    users.select(fields=["nmae"])  # type: ignore[list-item]

    # Updates: no id in set.
    users.update(id=ann["id"], set={"name": "Ann B."})
    users.update(id=ann["id"], set={"id": "other"})  # type: ignore[arg-type]

    row: Optional[UsersRow] = users.get(ann["id"])
    with client.transaction() as raw:
        tx: Tables = raw
        profile = tx.table("user_profiles").insert({"userId": ann["id"]})
        bio: Optional[str] = profile["bio"]
        tx.table("user_profiles").insert({"bio": "no user"})  # type: ignore[typeddict-item]
    del credits, phone, rows, row, bio


async def typed_async_usage(client: AsyncClient) -> None:
    db: AsyncTables = client
    user = await db.table("users").insert({"email": "a@example.com", "name": "A"})
    created: str = user["createdAt"]
    await db.table("roles").insert({"description": "no name"})  # type: ignore[typeddict-item]
    new_user: UsersInsert = {"email": "b@example.com", "name": "B"}
    await db.table("users").insert(new_user)
    del created
