"""Live queries (`query.watch`) shared by both clients: what a watch is, and how a
`watch/changed` notification reaches it."""
from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, Mapping, Optional

from ._errors import WizdbError

ChangeCallback = Callable[[Any], None]
ErrorCallback = Callable[[WizdbError], None]


class LiveQuery:
    """One `query.watch`: its `id`, the latest `result` (the watched method's result shape),
    and `stop()` (`query.unwatch`; no change is delivered after it is called)."""

    def __init__(self, watch_id: str, result: Any, stop: Callable[[str], Any]) -> None:
        self.id = watch_id
        self.result = result
        self._stop = stop

    def stop(self) -> Any:
        return self._stop(self.id)


class AsyncLiveQuery(LiveQuery):
    """A live query of an `AsyncClient`: `await live.stop()`."""

    def stop(self) -> Awaitable[None]:
        stopped: Awaitable[None] = self._stop(self.id)
        return stopped


class Watch:
    """A live query with its callbacks."""

    def __init__(self, live: LiveQuery, on_change: ChangeCallback, on_error: Optional[ErrorCallback]) -> None:
        self.live = live
        self.on_change = on_change
        self.on_error = on_error

    def deliver(self, params: Mapping[str, Any]) -> None:
        if "error" in params:
            if self.on_error is not None:
                self.on_error(WizdbError.from_response(params["error"]))
            return
        self.live.result = params.get("result")
        self.on_change(self.live.result)


def watch_request(method: str, params: Mapping[str, Any], debounce_ms: Optional[int]) -> Dict[str, Any]:
    request: Dict[str, Any] = {"method": method, "params": dict(params)}
    if debounce_ms is not None:
        request["debounceMs"] = debounce_ms
    return request
