"""Typed access to one table through the query methods, for the blocking and the asyncio client.

The type parameters are the generated types of the table (`wizdb types --lang python`):
row, insert, update, where filter and field names.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import (Any, AsyncIterator, Callable, Dict, Generic, Iterator, List, Literal, Mapping,
                    Optional, Sequence, Tuple, TypeVar, Union, cast)

RowT = TypeVar("RowT")
InsertT = TypeVar("InsertT")
UpdateT = TypeVar("UpdateT")
WhereT = TypeVar("WhereT")
FieldT = TypeVar("FieldT")

Direction = Literal["asc", "desc"]
Deactivated = Literal["exclude", "include", "only"]
#: An order entry: a field (ascending), or (field, direction), or (field, direction, nulls).
Order = Union[FieldT, Tuple[FieldT, Direction], Tuple[FieldT, Direction, Literal["first", "last"]]]


@dataclass
class WriteResult(Generic[RowT]):
    """What a write returns: the rows (as `returning` asked) and how many rows changed."""
    rows: List[RowT]
    changes: int


@dataclass
class Page(Generic[RowT]):
    """One keyset page: `next_cursor` fetches the next one while `has_more`."""
    rows: List[RowT]
    next_cursor: Optional[str]
    has_more: bool


def _order(entries: Optional[Sequence[Any]]) -> Optional[List[Dict[str, Any]]]:
    if entries is None:
        return None
    result: List[Dict[str, Any]] = []
    for entry in entries:
        if isinstance(entry, str):
            result.append({"field": entry})
        elif isinstance(entry, Mapping):
            result.append(dict(entry))
        else:
            item: Dict[str, Any] = {"field": entry[0], "direction": entry[1]}
            if len(entry) > 2:
                item["nulls"] = entry[2]
            result.append(item)
    return result


def _params(table: str, **values: Any) -> Dict[str, Any]:
    """The params object: `table` first, snake_case options as the wire's camelCase, None left out."""
    params: Dict[str, Any] = {"table": table}
    for key, value in values.items():
        if value is None:
            continue
        if key == "order_by":
            params["orderBy"] = _order(value)
        elif key == "on_conflict":
            params["onConflict"] = value
        elif key == "group_by":
            params["groupBy"] = value if isinstance(value, str) else list(value)
        elif key == "page_size":
            params["pageSize"] = value
        elif key == "all_rows":
            if value:
                params["all"] = True
        elif key in ("fields", "returning") and not isinstance(value, bool):
            params[key] = list(value)
        else:
            params[key] = value
    return params


def _write_result(result: Mapping[str, Any]) -> WriteResult[Any]:
    return WriteResult(rows=list(result.get("rows", [])), changes=int(result.get("changes", 0)))


def _page(result: Mapping[str, Any]) -> Page[Any]:
    return Page(rows=list(result["rows"]), next_cursor=result.get("nextCursor"), has_more=bool(result.get("hasMore")))


class Table(Generic[RowT, InsertT, UpdateT, WhereT, FieldT]):
    """The query methods on one table, for the blocking client (and its transactions)."""

    def __init__(self, call: Callable[[str, Dict[str, Any]], Any], name: str) -> None:
        self._call = call
        self.name = name

    def insert(self, values: InsertT, *, returning: Optional[Sequence[FieldT]] = None,
               on_conflict: Optional[Mapping[str, Any]] = None) -> RowT:
        """Inserts one row and returns it as stored (with `on_conflict` "nothing", None when skipped)."""
        result = self._call("query.insert", _params(self.name, values=values, returning=returning, on_conflict=on_conflict))
        rows = result.get("rows") or [None]
        return cast(RowT, rows[0])

    def insert_many(self, rows: Sequence[InsertT], *, returning: Union[Sequence[FieldT], bool, None] = None,
                    on_conflict: Optional[Mapping[str, Any]] = None) -> WriteResult[RowT]:
        """Inserts several rows in one transaction."""
        return _write_result(self._call("query.insert", _params(self.name, rows=list(rows), returning=returning, on_conflict=on_conflict)))

    def get(self, id: Any, *, fields: Optional[Sequence[FieldT]] = None, deactivated: Optional[Deactivated] = None) -> Optional[RowT]:
        return cast(Optional[RowT], self._call("query.get", _params(self.name, id=id, fields=fields, deactivated=deactivated))["row"])

    def select(self, *, where: Optional[WhereT] = None, order_by: Optional[Sequence[Order[FieldT]]] = None,
               limit: Optional[int] = None, offset: Optional[int] = None, fields: Optional[Sequence[FieldT]] = None,
               deactivated: Optional[Deactivated] = None) -> List[RowT]:
        params = _params(self.name, where=where, order_by=order_by, limit=limit, offset=offset, fields=fields, deactivated=deactivated)
        return cast(List[RowT], self._call("query.select", params)["rows"])

    def select_joined(self, join: Sequence[Mapping[str, Any]], *, where: Optional[Mapping[str, Any]] = None,
                      order_by: Optional[Sequence[Order[FieldT]]] = None, limit: Optional[int] = None,
                      offset: Optional[int] = None, fields: Optional[Sequence[FieldT]] = None,
                      deactivated: Optional[Deactivated] = None) -> List[Dict[str, Optional[Dict[str, Any]]]]:
        """A select with `join`: each row maps the table name (or `as`) to its fields, None where a left join found nothing."""
        params = _params(self.name, join=list(join), where=where, order_by=order_by, limit=limit, offset=offset, fields=fields,
                         deactivated=deactivated)
        return cast(List[Dict[str, Optional[Dict[str, Any]]]], self._call("query.select", params)["rows"])

    def update(self, *, id: Any = None, where: Optional[WhereT] = None, set: Optional[UpdateT] = None,
               increment: Optional[Mapping[str, int]] = None, returning: Union[Sequence[FieldT], bool, None] = None,
               all_rows: bool = False) -> WriteResult[RowT]:
        """Sets values and increments numbers on the rows `id` and/or `where` name (`all_rows=True` for every row)."""
        params = _params(self.name, id=id, where=where, set=set, increment=increment, returning=returning, all_rows=all_rows)
        return _write_result(self._call("query.update", params))

    def soft_delete(self, *, id: Any = None, where: Optional[WhereT] = None, by: Optional[str] = None,
                    returning: Union[Sequence[FieldT], bool, None] = None, all_rows: bool = False) -> WriteResult[RowT]:
        params = _params(self.name, id=id, where=where, by=by, returning=returning, all_rows=all_rows)
        return _write_result(self._call("query.softDelete", params))

    def restore(self, *, id: Any = None, where: Optional[WhereT] = None, returning: Union[Sequence[FieldT], bool, None] = None,
                all_rows: bool = False) -> WriteResult[RowT]:
        return _write_result(self._call("query.restore", _params(self.name, id=id, where=where, returning=returning, all_rows=all_rows)))

    def delete(self, *, id: Any = None, where: Optional[WhereT] = None, all_rows: bool = False) -> int:
        """Deletes for good (foreign keys cascade as declared); returns how many rows."""
        return int(self._call("query.delete", _params(self.name, id=id, where=where, all_rows=all_rows))["changes"])

    def count(self, *, where: Optional[WhereT] = None, deactivated: Optional[Deactivated] = None) -> int:
        return int(self._call("query.count", _params(self.name, where=where, deactivated=deactivated))["count"])

    def aggregate(self, aggregates: Mapping[str, Mapping[str, Any]], *, group_by: Union[Sequence[FieldT], Literal["status"], None] = None,
                  where: Optional[WhereT] = None, having: Optional[Mapping[str, Any]] = None) -> List[Dict[str, Any]]:
        params = _params(self.name, aggregates=dict(aggregates), group_by=group_by, where=where, having=having)
        return cast(List[Dict[str, Any]], self._call("query.aggregate", params)["rows"])

    def paginate(self, *, where: Optional[WhereT] = None, order_by: Optional[Sequence[Order[FieldT]]] = None,
                 limit: Optional[int] = None, cursor: Optional[str] = None, fields: Optional[Sequence[FieldT]] = None,
                 deactivated: Optional[Deactivated] = None) -> Page[RowT]:
        """One keyset page; pass its `next_cursor` as `cursor` for the next."""
        params = _params(self.name, where=where, order_by=order_by, limit=limit, cursor=cursor, fields=fields, deactivated=deactivated)
        return _page(self._call("query.paginate", params))

    def pages(self, *, where: Optional[WhereT] = None, order_by: Optional[Sequence[Order[FieldT]]] = None,
              limit: Optional[int] = None, fields: Optional[Sequence[FieldT]] = None,
              deactivated: Optional[Deactivated] = None) -> Iterator[Page[RowT]]:
        """Every keyset page in turn."""
        cursor: Optional[str] = None
        while True:
            page = self.paginate(where=where, order_by=order_by, limit=limit, cursor=cursor, fields=fields, deactivated=deactivated)
            yield page
            if not page.has_more or page.next_cursor is None:
                return
            cursor = page.next_cursor


def _first_row(result: Mapping[str, Any]) -> Any:
    rows = result.get("rows") or [None]
    return rows[0]


def _row(result: Mapping[str, Any]) -> Any:
    return result["row"]


def _rows(result: Mapping[str, Any]) -> Any:
    return result["rows"]


def _changes(result: Mapping[str, Any]) -> int:
    return int(result["changes"])


def _count(result: Mapping[str, Any]) -> int:
    return int(result["count"])


#: Sends a request and returns a future of its result, passed through the transform first.
Request = Callable[[str, Dict[str, Any], Optional[Callable[[Any], Any]]], "asyncio.Future[Any]"]


class AsyncTable(Generic[RowT, InsertT, UpdateT, WhereT, FieldT]):
    """The query methods on one table, for the asyncio client (and its transactions).

    Each method returns a future (await it); calls not awaited one by one are pipelined.
    """

    def __init__(self, request: Request, name: str) -> None:
        self._request = request
        self.name = name

    def insert(self, values: InsertT, *, returning: Optional[Sequence[FieldT]] = None,
               on_conflict: Optional[Mapping[str, Any]] = None) -> "asyncio.Future[RowT]":
        return self._request("query.insert", _params(self.name, values=values, returning=returning, on_conflict=on_conflict), _first_row)

    def insert_many(self, rows: Sequence[InsertT], *, returning: Union[Sequence[FieldT], bool, None] = None,
                    on_conflict: Optional[Mapping[str, Any]] = None) -> "asyncio.Future[WriteResult[RowT]]":
        params = _params(self.name, rows=list(rows), returning=returning, on_conflict=on_conflict)
        return self._request("query.insert", params, _write_result)

    def get(self, id: Any, *, fields: Optional[Sequence[FieldT]] = None,
            deactivated: Optional[Deactivated] = None) -> "asyncio.Future[Optional[RowT]]":
        if fields is None and deactivated is None:  # the hot path of point lookups
            return self._request("query.get", {"table": self.name, "id": id}, _row)
        return self._request("query.get", _params(self.name, id=id, fields=fields, deactivated=deactivated), _row)

    def select(self, *, where: Optional[WhereT] = None, order_by: Optional[Sequence[Order[FieldT]]] = None,
               limit: Optional[int] = None, offset: Optional[int] = None, fields: Optional[Sequence[FieldT]] = None,
               deactivated: Optional[Deactivated] = None) -> "asyncio.Future[List[RowT]]":
        params = _params(self.name, where=where, order_by=order_by, limit=limit, offset=offset, fields=fields, deactivated=deactivated)
        return self._request("query.select", params, _rows)

    def select_joined(self, join: Sequence[Mapping[str, Any]], *, where: Optional[Mapping[str, Any]] = None,
                      order_by: Optional[Sequence[Order[FieldT]]] = None, limit: Optional[int] = None,
                      offset: Optional[int] = None, fields: Optional[Sequence[FieldT]] = None,
                      deactivated: Optional[Deactivated] = None) -> "asyncio.Future[List[Dict[str, Optional[Dict[str, Any]]]]]":
        params = _params(self.name, join=list(join), where=where, order_by=order_by, limit=limit, offset=offset, fields=fields,
                         deactivated=deactivated)
        return self._request("query.select", params, _rows)

    def update(self, *, id: Any = None, where: Optional[WhereT] = None, set: Optional[UpdateT] = None,
               increment: Optional[Mapping[str, int]] = None, returning: Union[Sequence[FieldT], bool, None] = None,
               all_rows: bool = False) -> "asyncio.Future[WriteResult[RowT]]":
        params = _params(self.name, id=id, where=where, set=set, increment=increment, returning=returning, all_rows=all_rows)
        return self._request("query.update", params, _write_result)

    def soft_delete(self, *, id: Any = None, where: Optional[WhereT] = None, by: Optional[str] = None,
                    returning: Union[Sequence[FieldT], bool, None] = None, all_rows: bool = False) -> "asyncio.Future[WriteResult[RowT]]":
        params = _params(self.name, id=id, where=where, by=by, returning=returning, all_rows=all_rows)
        return self._request("query.softDelete", params, _write_result)

    def restore(self, *, id: Any = None, where: Optional[WhereT] = None, returning: Union[Sequence[FieldT], bool, None] = None,
                all_rows: bool = False) -> "asyncio.Future[WriteResult[RowT]]":
        params = _params(self.name, id=id, where=where, returning=returning, all_rows=all_rows)
        return self._request("query.restore", params, _write_result)

    def delete(self, *, id: Any = None, where: Optional[WhereT] = None, all_rows: bool = False) -> "asyncio.Future[int]":
        return self._request("query.delete", _params(self.name, id=id, where=where, all_rows=all_rows), _changes)

    def count(self, *, where: Optional[WhereT] = None, deactivated: Optional[Deactivated] = None) -> "asyncio.Future[int]":
        return self._request("query.count", _params(self.name, where=where, deactivated=deactivated), _count)

    def aggregate(self, aggregates: Mapping[str, Mapping[str, Any]], *,
                  group_by: Union[Sequence[FieldT], Literal["status"], None] = None, where: Optional[WhereT] = None,
                  having: Optional[Mapping[str, Any]] = None) -> "asyncio.Future[List[Dict[str, Any]]]":
        params = _params(self.name, aggregates=dict(aggregates), group_by=group_by, where=where, having=having)
        return self._request("query.aggregate", params, _rows)

    def paginate(self, *, where: Optional[WhereT] = None, order_by: Optional[Sequence[Order[FieldT]]] = None,
                 limit: Optional[int] = None, cursor: Optional[str] = None, fields: Optional[Sequence[FieldT]] = None,
                 deactivated: Optional[Deactivated] = None) -> "asyncio.Future[Page[RowT]]":
        params = _params(self.name, where=where, order_by=order_by, limit=limit, cursor=cursor, fields=fields, deactivated=deactivated)
        return self._request("query.paginate", params, _page)

    async def pages(self, *, where: Optional[WhereT] = None, order_by: Optional[Sequence[Order[FieldT]]] = None,
                    limit: Optional[int] = None, fields: Optional[Sequence[FieldT]] = None,
                    deactivated: Optional[Deactivated] = None) -> AsyncIterator[Page[RowT]]:
        """Every keyset page in turn: `async for page in table.pages(limit=100)`."""
        cursor: Optional[str] = None
        while True:
            page = await self.paginate(where=where, order_by=order_by, limit=limit, cursor=cursor, fields=fields,
                                       deactivated=deactivated)
            yield page
            if not page.has_more or page.next_cursor is None:
                return
            cursor = page.next_cursor
