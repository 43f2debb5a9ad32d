"""Shared pieces of the studio's browser tests: the example app copied into a temporary folder
and filled with rows through wizdb itself, a running `wizdb studio`, raw HTTP requests, and a
headless Chromium driven by Selenium."""
from __future__ import annotations

import base64
import json
import os
import random
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WIZDB = os.environ.get("WIZDB_BINARY", str(ROOT / ".build" / "debug" / "wizdb"))
SCREENSHOTS = Path(os.environ.get("WIZDB_STUDIO_SCREENSHOTS", str(ROOT / "studio" / "screenshots")))

# A table beside the example app's, so that every kind of value has a column: json, blob,
# boolean, real, a nullable timestamp, and a foreign key that sets NULL on delete.
ATTACHMENTS = {
    "columns": {
        "userId": {"type": "text", "references": {"table": "users", "onDelete": "setNull"}},
        "title": {"type": "text", "notNull": True},
        "note": {"type": "text"},
        "meta": {"type": "json"},
        "data": {"type": "blob"},
        "pinned": {"type": "boolean", "notNull": True, "default": False},
        "score": {"type": "real"},
        "dueAt": {"type": "timestamp"},
    },
    "indexes": [{"name": "attachments_user_idx", "columns": ["userId"]}],
}


def rpc_lines(requests: list[dict]) -> bytes:
    return b"".join(json.dumps({"jsonrpc": "2.0", "id": index + 1, **request}).encode() + b"\n" for index, request in enumerate(requests))


def run_wizdb(folder: Path, requests: list[dict], *extra: str) -> list[dict]:
    """Sends requests to a wizdb process over stdio, as a host does, and returns the answers by id."""
    completed = subprocess.run([WIZDB, "--db", str(folder / "app.sqlite"), *extra], input=rpc_lines(requests),
                               capture_output=True, cwd=folder, timeout=120)
    answers = [json.loads(line) for line in completed.stdout.splitlines() if line.strip()]
    answers.sort(key=lambda answer: answer.get("id") or 0)
    for answer in answers:
        if "error" in answer:
            raise AssertionError(f"wizdb answered an error: {answer['error']}\n{completed.stderr.decode()}")
    return answers


def make_app(folder: Path, users: int = 240, with_attachments: bool = True) -> dict:
    """The example app (schema and migrations of the repository) in `folder`, migrated, with rows."""
    shutil.copy(ROOT / "wizdb.schema.json", folder / "wizdb.schema.json")
    shutil.copytree(ROOT / "migrations", folder / "migrations")
    if with_attachments:
        schema = json.loads((folder / "wizdb.schema.json").read_text())
        schema["tables"]["attachments"] = ATTACHMENTS
        (folder / "wizdb.schema.json").write_text(json.dumps(schema, indent=2))
        subprocess.run([WIZDB, "generate", "add attachments", "--db", str(folder / "app.sqlite")], cwd=folder, check=True,
                       capture_output=True, timeout=60)
    subprocess.run([WIZDB, "migrate", "--db", str(folder / "app.sqlite")], cwd=folder, check=True, capture_output=True, timeout=60)
    rng = random.Random(7)
    first = ["Ann", "Bob", "Cy", "Dee", "Eve", "Finn", "Gus", "Hal", "Ida", "Jo", "Kai", "Lu", "Mo", "Ned", "Ola", "Pia"]
    rows = []
    for number in range(users):
        name = f"{first[number % len(first)]} {chr(65 + (number * 7) % 26)}."
        rows.append({"email": f"user{number:04d}@example.com", "name": name, "credits": rng.randrange(0, 1000),
                     "phoneNumber": None if number % 3 == 0 else ("" if number % 3 == 1 and number % 2 == 0 else f"+1 555 {number:04d}")})
    answers = run_wizdb(folder, [
        {"method": "query.insert", "params": {"table": "users", "rows": rows, "returning": ["id", "email"]}},
        {"method": "query.insert", "params": {"table": "roles", "rows": [
            {"name": "admin", "description": "Everything"}, {"name": "editor", "description": "Writes"},
            {"name": "viewer", "description": None}], "returning": ["id", "name"]}},
    ])
    user_ids = [row["id"] for row in answers[0]["result"]["rows"]]
    role_ids = [row["id"] for row in answers[1]["result"]["rows"]]
    pool = min(40, len(user_ids))
    requests = [
        {"method": "query.insert", "params": {"table": "user_profiles", "rows": [
            {"userId": user_id, "bio": f"Hello, I am user {index}."} for index, user_id in enumerate(user_ids[:150])], "returning": False}},
        {"method": "query.insert", "params": {"table": "user_roles", "rows": [
            {"userId": user_id, "roleId": role_ids[index % 3]} for index, user_id in enumerate(user_ids[:120])], "returning": False}},
        {"method": "query.insert", "params": {"table": "credit_transactions", "rows": [
            {"fromUserId": user_ids[index % pool], "toUserId": user_ids[(index * 3 + 1) % pool], "amount": 1 + index, "type": ["transfer", "grant", "refund"][index % 3]}
            for index in range(90)], "returning": False}},
        {"method": "query.softDelete", "params": {"table": "users", "where": {"email": {"in": [f"user{n:04d}@example.com" for n in range(200, 212)]}}, "by": "seed", "returning": False}},
    ]
    if with_attachments:
        requests.append({"method": "query.insert", "params": {"table": "attachments", "rows": [
            {"userId": user_ids[0], "title": "Contract", "note": "", "meta": {"pages": 3, "tags": ["legal", "signed"]},
             "data": {"$base64": base64.b64encode(bytes(range(256)) * 6).decode()}, "pinned": True, "score": 4.5, "dueAt": "2026-03-01T09:30:00Z"},
            {"userId": user_ids[1], "title": "Avatar", "note": None, "meta": None, "data": {"$base64": base64.b64encode(b"\x89PNG....").decode()},
             "pinned": False, "score": None, "dueAt": None},
            {"userId": None, "title": "Orphan note", "note": "kept after its user left", "meta": [1, 2, 3], "data": None, "pinned": False, "score": -1.25, "dueAt": None},
        ], "returning": False}})
    run_wizdb(folder, requests)
    return {"users": user_ids, "roles": role_ids}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Studio:
    """A running `wizdb studio`, started through `wizdb studio` as a person starts it."""
    folder: Path
    args: list[str] = field(default_factory=list)
    process: subprocess.Popen | None = None
    url: str = ""
    port: int = 0
    token: str = ""
    stderr_path: Path | None = None

    def start(self) -> "Studio":
        self.stderr_path = self.folder / f"studio-{time.monotonic_ns()}.err"
        environment = dict(os.environ, WIZDB_TRACE_SQL=os.environ.get("WIZDB_TRACE_SQL", "0"))
        self.process = subprocess.Popen([WIZDB, "studio", "--db", str(self.folder / "app.sqlite"), *self.args],
                                        cwd=self.folder, stdout=subprocess.PIPE, stderr=open(self.stderr_path, "wb"),
                                        stdin=subprocess.DEVNULL, env=environment)
        line = self.process.stdout.readline().decode().strip()
        if not line.startswith("http://"):
            self.stop()
            raise AssertionError(f"wizdb studio printed {line!r} instead of its URL; stderr:\n{self.stderr}")
        self.url = line
        host_port = line.split("/")[2]
        self.port = int(host_port.rsplit(":", 1)[1])
        self.token = line.split("#token=", 1)[1]
        return self

    @property
    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path and self.stderr_path.exists() else ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None, host: str | None = None) -> "RawResponse":
        return raw_request(self.port, method, path, body, headers, f"127.0.0.1:{self.port}" if host is None else host)

    def call(self, method: str, params: dict | None = None) -> dict:
        """One JSON-RPC call over POST /rpc, as the page makes it."""
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params or {}}).encode()
        response = self.request("POST", "/rpc", body, {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json",
                                                       "Origin": f"http://127.0.0.1:{self.port}"})
        assert response.status == 200, f"{method}: HTTP {response.status} {response.body[:300]!r}"
        return json.loads(response.body)


@dataclass
class RawResponse:
    status: int
    headers: dict[str, list[str]]
    body: bytes

    def header(self, name: str) -> str | None:
        values = self.headers.get(name.lower())
        return values[0] if values else None


def raw_request(port: int, method: str, path: str, body: bytes = b"", headers: dict | None = None, host: str = "") -> RawResponse:
    """An HTTP/1.1 request written byte for byte (any Host header, any Origin), answer read to the end."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Connection: close"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    data = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
    with socket.create_connection(("127.0.0.1", port), timeout=20) as connection:
        connection.sendall(data)
        received = b""
        while True:
            try:
                chunk = connection.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            received += chunk
            if headers and headers.get("Upgrade") == "websocket" and b"\r\n\r\n" in received:
                break
    head, _, rest = received.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parsed: dict[str, list[str]] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        parsed.setdefault(name.strip().lower(), []).append(value.strip())
    if "chunked" in (parsed.get("transfer-encoding") or [""])[0]:
        rest = dechunk(rest)
    return RawResponse(int(status_line.split()[1]), parsed, rest)


def dechunk(data: bytes) -> bytes:
    out = b""
    while data:
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out += data[:size]
        data = data[size + 2:]
    return out


def websocket_handshake(port: int, protocols: list[str] | None = None, origin: str | None = None,
                        authorization: str | None = None, host: str | None = None) -> RawResponse:
    headers = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode()}
    if protocols:
        headers["Sec-WebSocket-Protocol"] = ", ".join(protocols)
    if origin:
        headers["Origin"] = origin
    if authorization:
        headers["Authorization"] = authorization
    lines = ["GET /rpc HTTP/1.1", f"Host: {f'127.0.0.1:{port}' if host is None else host}"] + [f"{k}: {v}" for k, v in headers.items()]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = connection.recv(4096)
            if not chunk:
                break
            received += chunk
    head = received.partition(b"\r\n\r\n")[0].decode("latin-1")
    status_line, *header_lines = head.split("\r\n")
    parsed: dict[str, list[str]] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        parsed.setdefault(name.strip().lower(), []).append(value.strip())
    return RawResponse(int(status_line.split()[1]), parsed, b"")


def temporary_folder(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))
