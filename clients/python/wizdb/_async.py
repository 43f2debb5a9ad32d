"""The asyncio client: wizdb as an asyncio subprocess, many calls in flight on one pipe.

Lines written in the same turn of the event loop go out in one write; a call waits for the
pipe to drain when the transport's buffer is full (backpressure), and a reader task takes
every answer off the pipe as it comes.
"""
from __future__ import annotations

import asyncio
import collections
import os
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Callable, Deque, Dict, List, Mapping, Optional, Sequence, Tuple

from . import _codec
from ._client import VERSION, STDERR_TAIL_LINES, ProgressCallback, exit_reason, spawn_arguments, unavailable
from ._errors import INVALID_PARAMS, WizdbError
from ._tables import AsyncTable
from ._watch import AsyncLiveQuery, ChangeCallback, ErrorCallback, Watch, watch_request

#: Past this many bytes waiting in the transport, a call waits for the pipe to drain.
WRITE_HIGH_WATER = 1 << 20


class _Call(asyncio.Future):  # type: ignore[type-arg]
    """A call's future: cancelling it (or the task awaiting it) sends `$/cancelRequest`. A subclass
    rather than a done-callback, which would cost one more scheduled callback per call."""

    __slots__ = ("client", "request_id", "token")

    def __init__(self, client: "AsyncClient", request_id: int, *, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__(loop=loop)
        self.client = client
        self.request_id = request_id
        self.token: Optional[str] = None

    def cancel(self, msg: Any = None) -> bool:
        if not super().cancel(msg):
            return False
        self.client._cancelled(self)
        return True


class AsyncClient:
    """wizdb in a child process, used from asyncio. `async with await AsyncClient.spawn(...) as db:`."""

    @classmethod
    async def spawn(cls, command: Optional[str] = None, args: Sequence[str] = (), db: Optional[str] = None,
                    schema: Optional[str] = None, migrations: Optional[str] = None, cwd: Optional[str] = None,
                    env: Optional[Mapping[str, str]] = None) -> "AsyncClient":
        """Starts wizdb and sends `initialize`; raises WizdbError (kind "unavailable", with its stderr) when it cannot start."""
        argv = spawn_arguments(command, args, db, schema, migrations)
        environment = {**os.environ, **env} if env is not None else None
        try:
            process = await asyncio.create_subprocess_exec(
                *argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
                cwd=cwd, env=environment)
        except OSError as error:
            raise unavailable(f"could not start {argv[0]!r}: {error}", "", None) from error
        client = cls(process)
        try:
            client.server = await client.call("initialize", {"clientInfo": {"name": "wizdb-python-asyncio", "version": VERSION}})
        except BaseException:
            client._kill()
            await process.wait()
            raise
        return client

    def __init__(self, process: "asyncio.subprocess.Process") -> None:
        self._process = process
        assert process.stdin is not None and process.stdout is not None and process.stderr is not None
        self._stdin = process.stdin
        self._loop = asyncio.get_running_loop()
        self._pending: Dict[int, Tuple["_Call", Optional[Callable[[Any], Any]]]] = {}
        self._methods: Dict[str, str] = {}
        self._progress: Dict[str, ProgressCallback] = {}
        self._watches: Dict[str, Watch] = {}
        self._next_id = 1
        self._outgoing: List[bytes] = []
        self._flush_scheduled = False
        self._blocked = False
        self._failure: Optional[WizdbError] = None
        self._stderr: Deque[str] = collections.deque(maxlen=STDERR_TAIL_LINES)
        #: What `initialize` answered.
        self.server: Dict[str, Any] = {}
        self._stderr_task = self._loop.create_task(self._read_stderr(process.stderr))
        self._reader_task = self._loop.create_task(self._read(process.stdout))

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def returncode(self) -> Optional[int]:
        return self._process.returncode

    @property
    def stderr_tail(self) -> str:
        return "\n".join(self._stderr)

    # Calls

    def call(self, method: str, params: Optional[Mapping[str, Any]] = None, *,
             on_progress: Optional[ProgressCallback] = None) -> "asyncio.Future[Any]":
        """Sends a request; await the returned future for its result. Calls made without awaiting
        each other are pipelined. Cancelling the future (or the task awaiting it) sends `$/cancelRequest`."""
        return self._request(method, params, None, on_progress)

    def _request(self, method: str, params: Optional[Mapping[str, Any]], transform: Optional[Callable[[Any], Any]],
                 on_progress: Optional[ProgressCallback] = None) -> "asyncio.Future[Any]":
        # A plain future, not a coroutine: asyncio.gather over many calls then creates no task
        # per call, which is most of the cost of a pipelined burst.
        request_id = self._next_id
        future = _Call(self, request_id, loop=self._loop)
        if self._failure is not None:
            future.set_exception(self._failure)
            return future
        self._next_id += 1
        if on_progress is not None:
            future.token = f"wizdb-progress-{request_id}"
            params = {**(params or {}), "workDoneToken": future.token}
            self._progress[future.token] = on_progress
        try:
            encoded_method = self._methods.get(method) or self._methods.setdefault(method, _codec.encode(method))
            text = (f'{{"jsonrpc":"2.0","id":{request_id},"method":{encoded_method}}}' if params is None else
                    f'{{"jsonrpc":"2.0","id":{request_id},"method":{encoded_method},"params":{_codec.encode(params)}}}')
        except (TypeError, ValueError) as error:
            if future.token is not None:
                self._progress.pop(future.token, None)
            future.set_exception(WizdbError(f"cannot send the params of {method}: {error}", code=INVALID_PARAMS, kind="invalid_params"))
            return future
        self._pending[request_id] = (future, transform)
        self._send(text)
        return future

    async def watch(self, method: str, params: Mapping[str, Any], on_change: ChangeCallback, *,
                    debounce_ms: Optional[int] = None, on_error: Optional[ErrorCallback] = None) -> AsyncLiveQuery:
        """`query.watch`: runs `method` (query.select, get, count, aggregate, paginate, or query.sql
        with readOnly) now and returns a live query with that first result; `on_change` then
        receives each new result after a commit (by this process or another) changes it. The
        callbacks run on the event loop, in the reader: schedule work rather than await in them."""
        def register(result: Any) -> AsyncLiveQuery:
            live = AsyncLiveQuery(result["watch"], result["result"], self.unwatch)
            self._watches[live.id] = Watch(live, on_change, on_error)
            return live
        live: AsyncLiveQuery = await self._request("query.watch", watch_request(method, params, debounce_ms), register)
        return live

    async def unwatch(self, watch_id: str) -> None:
        """`query.unwatch`; no change is delivered after it is called."""
        if self._watches.pop(watch_id, None) is not None and self._failure is None:
            await self.call("query.unwatch", {"watch": watch_id})

    def _cancelled(self, call: "_Call") -> None:
        if call.token is not None:
            self._progress.pop(call.token, None)
        if self._pending.pop(call.request_id, None) is not None:
            self._send(f'{{"jsonrpc":"2.0","method":"$/cancelRequest","params":{{"id":{call.request_id}}}}}')

    def notify(self, method: str, params: Optional[Mapping[str, Any]] = None) -> None:
        message: Dict[str, Any] = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        if self._failure is None:
            self._send(_codec.encode(message))

    def table(self, name: str) -> AsyncTable[Any, Any, Any, Any, Any]:
        """The query methods on one table; typed with the generated `AsyncTables` protocol: `db: AsyncTables = client`."""
        return AsyncTable(self._request, name)

    async def run(self, steps: Sequence[Mapping[str, Any]]) -> Dict[str, Any]:
        """`transaction.run`: the steps all or nothing."""
        result: Dict[str, Any] = await self.call("transaction.run", {"steps": list(steps)})
        return result

    @asynccontextmanager
    async def transaction(self, timeout_ms: Optional[int] = None, read_only: Optional[bool] = None) -> AsyncIterator["AsyncTransaction"]:
        """`async with db.transaction() as tx:` commits at the end of the block, rolls back when it raises."""
        params: Dict[str, Any] = {}
        if timeout_ms is not None:
            params["timeoutMs"] = timeout_ms
        if read_only is not None:
            params["readOnly"] = read_only
        tx = AsyncTransaction(self, str((await self.call("transaction.begin", params))["tx"]))
        try:
            yield tx
        except BaseException:
            tx.done = True
            try:
                await self.call("transaction.rollback", {"tx": tx.id})
            except WizdbError:
                pass
            raise
        tx.done = True
        await self.call("transaction.commit", {"tx": tx.id})

    async def close(self, timeout: float = 5.0) -> Optional[int]:
        """Sends `shutdown` and `exit`, waits for the process, kills it after `timeout` seconds; returns its status."""
        if self._failure is None:
            try:
                await asyncio.wait_for(self.call("shutdown"), timeout)
                self.notify("exit")
                self._flush()
            except (WizdbError, asyncio.TimeoutError):
                pass
            try:
                self._stdin.close()
            except (OSError, RuntimeError):
                pass
        try:
            await asyncio.wait_for(self._process.wait(), timeout)
        except asyncio.TimeoutError:
            self._kill()
            await self._process.wait()
        await self._reader_task
        return self._process.returncode

    # The pipe

    def _send(self, text: str) -> None:
        self._outgoing.append(text.encode("utf-8") + b"\n")
        if self._flush_scheduled or self._blocked:
            return
        if len(self._outgoing) == 1:
            # A lone call goes out at once (the one-at-a-time case); the calls that follow it in
            # the same turn of the loop are collected into one write.
            self._flush()
        self._flush_scheduled = True
        self._loop.call_soon(self._flush)

    def _flush(self) -> None:
        self._flush_scheduled = False
        if self._blocked:
            return
        if not self._outgoing or self._stdin.is_closing():
            self._outgoing.clear()
            return
        data = self._outgoing[0] if len(self._outgoing) == 1 else b"".join(self._outgoing)
        self._outgoing.clear()
        try:
            self._stdin.write(data)
        except (OSError, RuntimeError):
            return  # the reader sees the end and fails every pending call
        if self._stdin.transport.get_write_buffer_size() > WRITE_HIGH_WATER:
            # The pipe is full: later lines wait here until it drains.
            self._blocked = True
            self._loop.create_task(self._drain())

    async def _drain(self) -> None:
        try:
            await self._stdin.drain()
        except (OSError, RuntimeError):
            pass
        self._blocked = False
        self._flush()

    async def _read(self, stdout: asyncio.StreamReader) -> None:
        buffer = b""
        while True:
            try:
                chunk = await stdout.read(1 << 16)
            except (OSError, ValueError):
                chunk = b""
            if not chunk:
                break
            buffer += chunk
            lines = buffer.split(b"\n")
            buffer = lines.pop()
            for line in lines:
                if line:
                    self._handle(line)
        await self._process.wait()
        await self._stderr_task
        code = self._process.returncode
        self._fail(unavailable(exit_reason(code), self.stderr_tail, code))

    def _handle(self, line: bytes) -> None:
        try:
            message = _codec.decode(line)
        except ValueError:
            return
        if not isinstance(message, dict):
            return
        request_id = message.get("id")
        if request_id is None:
            if message.get("method") == "$/progress":
                params = message.get("params") or {}
                token, value = params.get("token"), params.get("value")
                callback = self._progress.get(token) if isinstance(token, str) else None
                if callback is not None and isinstance(value, dict):
                    callback(value)
            elif message.get("method") == "watch/changed":
                params = message.get("params") or {}
                watch = self._watches.get(watch_id) if isinstance(params, dict) and isinstance(watch_id := params.get("watch"), str) else None
                if watch is not None:
                    watch.deliver(params)
            return
        entry = self._pending.pop(request_id, None)
        if entry is None:
            return
        future, transform = entry
        if future.token is not None:
            self._progress.pop(future.token, None)
        if future.done():
            return
        if "error" in message:
            future.set_exception(WizdbError.from_response(message["error"]))
            return
        result = message.get("result")
        if transform is not None:
            try:
                result = transform(result)
            except Exception as error:
                future.set_exception(error)
                return
        future.set_result(result)

    async def _read_stderr(self, stderr: asyncio.StreamReader) -> None:
        while True:
            raw = await stderr.readline()
            if not raw:
                return
            self._stderr.append(raw.decode("utf-8", "replace").rstrip("\n"))

    def _fail(self, error: WizdbError) -> None:
        if self._failure is None:
            self._failure = error
        pending = [future for future, _ in self._pending.values()]
        self._pending.clear()
        self._watches.clear()
        for future in pending:
            if not future.done():
                future.set_exception(error)

    def _kill(self) -> None:
        if self._process.returncode is None:
            try:
                self._process.kill()
            except ProcessLookupError:
                pass


class AsyncTransaction:
    """One interactive transaction of the asyncio client: `call` and `table` with its `tx` added."""

    def __init__(self, client: AsyncClient, tx: str) -> None:
        self.client = client
        self.id = tx
        self.done = False

    def call(self, method: str, params: Optional[Mapping[str, Any]] = None, *,
             on_progress: Optional[ProgressCallback] = None) -> "asyncio.Future[Any]":
        return self._request(method, params, None, on_progress)

    def _request(self, method: str, params: Optional[Mapping[str, Any]], transform: Optional[Callable[[Any], Any]],
                 on_progress: Optional[ProgressCallback] = None) -> "asyncio.Future[Any]":
        if self.done:
            future: "asyncio.Future[Any]" = asyncio.get_running_loop().create_future()
            future.set_exception(WizdbError(f"the transaction {self.id} has ended", code=1010, kind="transaction_not_found",
                                            data={"kind": "transaction_not_found", "tx": self.id}))
            return future
        return self.client._request(method, {**(params or {}), "tx": self.id}, transform, on_progress)

    def table(self, name: str) -> AsyncTable[Any, Any, Any, Any, Any]:
        return AsyncTable(self._request, name)
