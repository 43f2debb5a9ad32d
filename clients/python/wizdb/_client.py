"""The blocking client: wizdb as a child process, calls matched to answers by id.

A reader thread takes every answer off the pipe as it comes, so calls made from several
threads share the pipe (pipelining) and a call can be cancelled from another thread.
"""
from __future__ import annotations

import collections
import os
import subprocess
import threading
from contextlib import contextmanager
from typing import Any, Callable, Deque, Dict, Iterator, List, Mapping, Optional, Sequence

from . import _codec
from ._errors import CANCELLED, INVALID_PARAMS, UNAVAILABLE, WizdbError
from ._tables import Table
from ._watch import ChangeCallback, ErrorCallback, LiveQuery, Watch, watch_request

VERSION = "0.1.0"
STDERR_TAIL_LINES = 20
ProgressCallback = Callable[[Dict[str, Any]], None]


def spawn_arguments(command: Optional[str], args: Sequence[str], db: Optional[str], schema: Optional[str],
                    migrations: Optional[str]) -> List[str]:
    """The command line: `command` (default $WIZDB_BINARY, then `wizdb` on the PATH) and its flags."""
    argv = [command or os.environ.get("WIZDB_BINARY") or "wizdb", *args]
    if db is not None:
        argv += ["--db", db]
    if schema is not None:
        argv += ["--schema", schema]
    if migrations is not None:
        argv += ["--migrations", migrations]
    return argv


def unavailable(reason: str, stderr: str, returncode: Optional[int]) -> WizdbError:
    message = f"{reason}; its last messages:\n{stderr}" if stderr else reason
    return WizdbError(message, code=UNAVAILABLE, kind="unavailable",
                      data={"kind": "unavailable", "retryable": False, "exitCode": returncode, "stderr": stderr})


def exit_reason(returncode: Optional[int]) -> str:
    if returncode is None:
        return "the wizdb connection ended"
    if returncode < 0:
        return f"wizdb was killed by signal {-returncode}"
    return f"wizdb exited with status {returncode}"


class PendingCall:
    """A call sent and not yet answered: `result()` waits for it, `cancel()` stops it."""

    def __init__(self, client: "Client", request_id: int, method: str) -> None:
        self._client = client
        self.id = request_id
        self.method = method
        self._done = threading.Event()
        self._result: Any = None
        self._error: Optional[WizdbError] = None
        self.on_progress: Optional[ProgressCallback] = None
        self.token: Optional[str] = None
        #: Applied to the result by the reader thread, before the call is settled.
        self.transform: Optional[Callable[[Any], Any]] = None

    def _settle(self, result: Any = None, error: Optional[WizdbError] = None) -> bool:
        if self._done.is_set():
            return False
        self._result, self._error = result, error
        self._done.set()
        return True

    def done(self) -> bool:
        return self._done.is_set()

    def result(self, timeout: Optional[float] = None) -> Any:
        """The result; raises WizdbError. After `timeout` seconds the call is cancelled."""
        if not self._done.wait(timeout):
            self.cancel()
        if self._error is not None:
            raise self._error
        return self._result

    def cancel(self) -> None:
        """Sends `$/cancelRequest`; the call fails at once with kind "cancelled"."""
        if self._client._forget(self.id) and self._settle(error=WizdbError(f"{self.method} was cancelled", code=CANCELLED, kind="cancelled")):
            self._client.notify("$/cancelRequest", {"id": self.id})


class Client:
    """wizdb in a child process, used from blocking code. A context manager: `close()` on exit."""

    @classmethod
    def spawn(cls, command: Optional[str] = None, args: Sequence[str] = (), db: Optional[str] = None,
              schema: Optional[str] = None, migrations: Optional[str] = None, cwd: Optional[str] = None,
              env: Optional[Mapping[str, str]] = None) -> "Client":
        """Starts wizdb and sends `initialize`; raises WizdbError (kind "unavailable", with its stderr) when it cannot start."""
        argv = spawn_arguments(command, args, db, schema, migrations)
        environment = {**os.environ, **env} if env is not None else None
        try:
            process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       cwd=cwd, env=environment, bufsize=0)
        except OSError as error:
            raise unavailable(f"could not start {argv[0]!r}: {error}", "", None) from error
        client = cls(process)
        try:
            client.server = client.call("initialize", {"clientInfo": {"name": "wizdb-python", "version": VERSION}})
        except BaseException:
            client._kill()
            raise
        return client

    def __init__(self, process: "subprocess.Popen[bytes]") -> None:
        self._process = process
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._pending: Dict[int, PendingCall] = {}
        self._progress: Dict[str, PendingCall] = {}
        self._watches: Dict[str, Watch] = {}
        self._next_id = 1
        self._failure: Optional[WizdbError] = None
        self._stderr: Deque[str] = collections.deque(maxlen=STDERR_TAIL_LINES)
        #: What `initialize` answered.
        self.server: Dict[str, Any] = {}
        self._reader = threading.Thread(target=self._read, name="wizdb-reader", daemon=True)
        self._stderr_reader = threading.Thread(target=self._read_stderr, name="wizdb-stderr", daemon=True)
        self._stderr_reader.start()
        self._reader.start()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def returncode(self) -> Optional[int]:
        """The exit status once the process has ended (negative: killed by that signal)."""
        return self._process.poll()

    @property
    def stderr_tail(self) -> str:
        """The last lines wizdb wrote on stderr (its logs)."""
        return "\n".join(self._stderr)

    # Calls

    def submit(self, method: str, params: Optional[Mapping[str, Any]] = None, *,
               on_progress: Optional[ProgressCallback] = None,
               transform: Optional[Callable[[Any], Any]] = None) -> PendingCall:
        """Sends a request and returns at once; many may be in flight."""
        with self._lock:
            if self._failure is not None:
                raise self._failure
            request_id = self._next_id
            self._next_id += 1
            pending = PendingCall(self, request_id, method)
            pending.transform = transform
            if on_progress is not None:
                pending.token = f"wizdb-progress-{request_id}"
                pending.on_progress = on_progress
                params = {**(params or {}), "workDoneToken": pending.token}
                self._progress[pending.token] = pending
            self._pending[request_id] = pending
        request: Dict[str, Any] = {"jsonrpc": "2.0", "id": request_id, "method": method}
        if params is not None:
            request["params"] = params
        try:
            line = _codec.encode(request)
        except (TypeError, ValueError) as error:
            self._forget(request_id)
            raise WizdbError(f"cannot send the params of {method}: {error}", code=INVALID_PARAMS, kind="invalid_params") from error
        self._write(line)
        return pending

    def call(self, method: str, params: Optional[Mapping[str, Any]] = None, *, timeout: Optional[float] = None,
             on_progress: Optional[ProgressCallback] = None) -> Any:
        """Sends a request and waits for its result. After `timeout` seconds it is cancelled (kind "cancelled")."""
        return self.submit(method, params, on_progress=on_progress).result(timeout)

    def watch(self, method: str, params: Mapping[str, Any], on_change: ChangeCallback, *,
              debounce_ms: Optional[int] = None, on_error: Optional[ErrorCallback] = None,
              timeout: Optional[float] = None) -> LiveQuery:
        """`query.watch`: runs `method` (query.select, get, count, aggregate, paginate, or query.sql
        with readOnly) now and returns a live query with that first result; `on_change` then
        receives each new result after a commit (by this process or another) changes it.

        The callbacks run on the client's reader thread: hand work to another thread rather than
        making calls from them (their answers are read by that same thread)."""
        def register(result: Any) -> LiveQuery:
            live = LiveQuery(result["watch"], result["result"], self.unwatch)
            with self._lock:
                self._watches[live.id] = Watch(live, on_change, on_error)
            return live
        live: LiveQuery = self.submit("query.watch", watch_request(method, params, debounce_ms), transform=register).result(timeout)
        return live

    def unwatch(self, watch_id: str) -> None:
        """`query.unwatch`; no change is delivered after it is called."""
        with self._lock:
            known = self._watches.pop(watch_id, None) is not None
        if known and self._failure is None:
            self.call("query.unwatch", {"watch": watch_id})

    def notify(self, method: str, params: Optional[Mapping[str, Any]] = None) -> None:
        """Sends a notification (no answer)."""
        message: Dict[str, Any] = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        if self._failure is None:
            self._write(_codec.encode(message))

    def table(self, name: str) -> Table[Any, Any, Any, Any, Any]:
        """The query methods on one table; typed with the generated `Tables` protocol: `db: Tables = client`."""
        return Table(self.call, name)

    def run(self, steps: Sequence[Mapping[str, Any]]) -> Dict[str, Any]:
        """`transaction.run`: the steps all or nothing, with `{"$ref": ...}` values and `expect` guards."""
        result: Dict[str, Any] = self.call("transaction.run", {"steps": list(steps)})
        return result

    @contextmanager
    def transaction(self, timeout_ms: Optional[int] = None, read_only: Optional[bool] = None) -> Iterator["Transaction"]:
        """`with db.transaction() as tx:` commits at the end of the block, rolls back when it raises."""
        params: Dict[str, Any] = {}
        if timeout_ms is not None:
            params["timeoutMs"] = timeout_ms
        if read_only is not None:
            params["readOnly"] = read_only
        tx = Transaction(self, str(self.call("transaction.begin", params)["tx"]))
        try:
            yield tx
        except BaseException:
            tx.done = True
            try:
                self.call("transaction.rollback", {"tx": tx.id})
            except WizdbError:
                pass  # already gone (timed out): the block's error is the one to report
            raise
        tx.done = True
        self.call("transaction.commit", {"tx": tx.id})

    def close(self, timeout: float = 5.0) -> Optional[int]:
        """Sends `shutdown` and `exit`, waits for the process, kills it after `timeout` seconds; returns its status."""
        if self._failure is None:
            try:
                self.call("shutdown", timeout=timeout)
                self.notify("exit")
            except WizdbError:
                pass
            try:
                if self._process.stdin is not None:
                    self._process.stdin.close()
            except OSError:
                pass
        try:
            self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            self._kill()
            self._process.wait()
        self._reader.join(timeout)
        return self._process.returncode

    # The pipe

    def _write(self, line: str) -> None:
        data = (line + "\n").encode("utf-8")
        stdin = self._process.stdin
        assert stdin is not None
        try:
            with self._write_lock:
                view = memoryview(data)
                while view:  # an unbuffered pipe may take part of a large write
                    written = stdin.write(view)
                    view = view[written or 0:]
        except (BrokenPipeError, OSError, ValueError):
            pass  # the reader sees the end and fails every pending call

    def _forget(self, request_id: int) -> bool:
        with self._lock:
            pending = self._pending.pop(request_id, None)
            if pending is not None and pending.token is not None:
                self._progress.pop(pending.token, None)
            return pending is not None

    def _read(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        buffer = b""
        while True:
            try:
                chunk = stdout.read1(1 << 16) if hasattr(stdout, "read1") else stdout.read(1 << 16)
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
        try:
            self._process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self._stderr_reader.join(1)
        self._fail(unavailable(exit_reason(self._process.poll()), self.stderr_tail, self._process.poll()))

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
                with self._lock:
                    pending = self._progress.get(token) if isinstance(token, str) else None
                if pending is not None and pending.on_progress is not None and isinstance(value, dict):
                    pending.on_progress(value)
            elif message.get("method") == "watch/changed":
                params = message.get("params") or {}
                with self._lock:
                    watch = self._watches.get(watch_id) if isinstance(params, dict) and isinstance(watch_id := params.get("watch"), str) else None
                if watch is not None:
                    watch.deliver(params)
            return
        with self._lock:
            pending = self._pending.pop(request_id, None)
            if pending is not None and pending.token is not None:
                self._progress.pop(pending.token, None)
        if pending is None:
            return
        if "error" in message:
            pending._settle(error=WizdbError.from_response(message["error"]))
        elif pending.transform is not None:
            try:
                pending._settle(result=pending.transform(message.get("result")))
            except Exception as error:  # a malformed answer: the call fails, the reader goes on
                pending._settle(error=WizdbError(f"{pending.method}: {error}", code=INVALID_PARAMS, kind="invalid_params"))
        else:
            pending._settle(result=message.get("result"))

    def _read_stderr(self) -> None:
        stderr = self._process.stderr
        assert stderr is not None
        for raw in iter(stderr.readline, b""):
            self._stderr.append(raw.decode("utf-8", "replace").rstrip("\n"))

    def _fail(self, error: WizdbError) -> None:
        with self._lock:
            if self._failure is None:
                self._failure = error
            pending = list(self._pending.values())
            self._pending.clear()
            self._progress.clear()
            self._watches.clear()
        for call in pending:
            call._settle(error=error)

    def _kill(self) -> None:
        if self._process.poll() is None:
            self._process.kill()


class Transaction:
    """One interactive transaction: the client's `call`, `table` and `submit`, with its `tx` added."""

    def __init__(self, client: Client, tx: str) -> None:
        self.client = client
        self.id = tx
        self.done = False

    def call(self, method: str, params: Optional[Mapping[str, Any]] = None, *, timeout: Optional[float] = None,
             on_progress: Optional[ProgressCallback] = None) -> Any:
        if self.done:
            raise WizdbError(f"the transaction {self.id} has ended", code=1010, kind="transaction_not_found",
                             data={"kind": "transaction_not_found", "tx": self.id})
        return self.client.call(method, {**(params or {}), "tx": self.id}, timeout=timeout, on_progress=on_progress)

    def table(self, name: str) -> Table[Any, Any, Any, Any, Any]:
        return Table(self.call, name)
