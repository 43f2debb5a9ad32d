"""Wire values: blobs as {"$base64": ...} <-> bytes, datetimes as ISO 8601 UTC text.

Python integers are exact at any size, so 64-bit integers need nothing here.
"""
from __future__ import annotations

import base64
import datetime
import json
from typing import Any, Dict

_BASE64_KEY = b'"$base64"'


def _revive(obj: Dict[str, Any]) -> Any:
    if len(obj) == 1:
        text = obj.get("$base64")
        if isinstance(text, str):
            return base64.b64decode(text)
    return obj


def decode(line: bytes) -> Any:
    """One line of server output; `{"$base64": ...}` objects become bytes."""
    if _BASE64_KEY in line:
        return json.loads(line, object_hook=_revive)
    return json.loads(line)


def _default(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$base64": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return value.isoformat() + "Z"
    if isinstance(value, datetime.date):
        return value.isoformat() + "T00:00:00Z"
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"a {type(value).__name__} cannot be sent to wizdb")


_encoder = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=_default)


def encode(value: Any) -> str:
    """JSON text for the wire: bytes as {"$base64"}, datetimes (naive = UTC) as ISO 8601 UTC."""
    return _encoder.encode(value)
