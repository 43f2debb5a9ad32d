"""The one error type of the client."""
from __future__ import annotations

from typing import Any, Dict, Mapping, Optional

#: Codes the client gives its own errors: the server's codes for the same kinds.
CANCELLED = -32800
UNAVAILABLE = 1020
INVALID_PARAMS = -32602
INTERNAL = -32603


class WizdbError(Exception):
    """A failed call: `code` (JSON-RPC), `kind` (a stable string to switch on), `data` (details).

    The server's errors keep their code, message and data; the client's own are `unavailable`
    (the process ended: `data["stderr"]` holds its last lines) and `cancelled`.
    """

    def __init__(self, message: str, *, code: int = INTERNAL, kind: Optional[str] = None,
                 data: Optional[Mapping[str, Any]] = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        details: Dict[str, Any] = dict(data) if data is not None else {}
        self.kind: str = kind or str(details.get("kind") or "internal")
        details.setdefault("kind", self.kind)
        self.data = details

    @classmethod
    def from_response(cls, error: Mapping[str, Any]) -> "WizdbError":
        data = error.get("data")
        return cls(str(error.get("message", "request failed")), code=int(error.get("code", INTERNAL)),
                   data=data if isinstance(data, dict) else None)

    def __repr__(self) -> str:
        return f"WizdbError(code={self.code}, kind={self.kind!r}, message={self.message!r})"
