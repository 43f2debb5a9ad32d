"""Client for wizdb, the SQLite backend process: JSON-RPC 2.0 over a child process's stdio.

`Client` for blocking code, `AsyncClient` for asyncio; typed table access through the types
`wizdb types --lang python` generates.
"""
from typing import Any, Dict

from ._async import AsyncClient, AsyncTransaction
from ._client import VERSION, Client, PendingCall, Transaction
from ._errors import WizdbError
from ._tables import AsyncTable, Page, Table, WriteResult
from ._watch import AsyncLiveQuery, LiveQuery

__version__ = VERSION


def ref(path: str) -> Dict[str, Any]:
    """A value taken from an earlier step's result in `run(steps)`: `ref("user.rows.0.id")`."""
    return {"$ref": path}


__all__ = [
    "AsyncClient", "AsyncLiveQuery", "AsyncTable", "AsyncTransaction", "Client", "LiveQuery", "Page", "PendingCall", "Table", "Transaction",
    "WizdbError", "WriteResult", "ref", "__version__",
]
