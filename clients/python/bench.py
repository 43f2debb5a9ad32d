"""The asyncio client's cost over raw asyncio streams, in one process, against the same wizdb build:
10,000 pipelined query.get (throughput), and query.get one at a time (p50 latency).

    swift build -c release --static-swift-stdlib
    python clients/python/bench.py [--binary .build/release/wizdb] [--rounds 5] [--calls 10000]
    taskset -c 0 python clients/python/bench.py --server-cpu 1   # steadier: fixed cores

The raw side does what any host must: json.dumps each request, one write per burst, split the
output into lines, json.loads each and match it to its request by id.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wizdb import AsyncClient  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


class Raw:
    """Raw JSON-RPC over an asyncio subprocess's pipes."""

    async def start(self, argv: List[str]) -> None:
        self.process = await asyncio.create_subprocess_exec(*argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
        self.waiting: Dict[int, Callable[[Any], None]] = {}
        self.next_id = 1
        self.reader = asyncio.ensure_future(self.read())

    async def read(self) -> None:
        assert self.process.stdout is not None
        buffer = b""
        while True:
            chunk = await self.process.stdout.read(1 << 16)
            if not chunk:
                return
            lines = (buffer + chunk).split(b"\n")
            buffer = lines.pop()
            for line in lines:
                message = json.loads(line)
                self.waiting.pop(message["id"])(message.get("result"))

    async def burst(self, method: str, params_list: List[Dict[str, Any]]) -> None:
        loop = asyncio.get_running_loop()
        done: "asyncio.Future[None]" = loop.create_future()
        left = len(params_list)

        def answered(_: Any) -> None:
            nonlocal left
            left -= 1
            if left == 0:
                done.set_result(None)

        lines = []
        for params in params_list:
            request_id = self.next_id
            self.next_id += 1
            self.waiting[request_id] = answered
            lines.append(json.dumps({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params}))
        assert self.process.stdin is not None
        self.process.stdin.write(("\n".join(lines) + "\n").encode())
        await self.process.stdin.drain()
        await done

    async def call(self, method: str, params: Dict[str, Any]) -> Any:
        future: "asyncio.Future[Any]" = asyncio.get_running_loop().create_future()
        request_id = self.next_id
        self.next_id += 1
        self.waiting[request_id] = future.set_result
        assert self.process.stdin is not None
        self.process.stdin.write((json.dumps({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params}) + "\n").encode())
        return await future

    async def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        await self.process.wait()
        await self.reader


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=str(ROOT / ".build" / "release" / "wizdb"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--sequential", type=int, default=3_000)
    parser.add_argument("--server-cpu", type=int, help="run both servers on this core (through taskset)")
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="wizdb-bench-py-"))
    db_path = str(folder / "bench.sqlite")
    schema, migrations = str(ROOT / "wizdb.schema.json"), str(ROOT / "migrations")
    # Both servers on one given core, so neither side gets the luckier placement.
    launcher = ([] if options.server_cpu is None else ["taskset", "-c", str(options.server_cpu)]) + [options.binary]
    db = await AsyncClient.spawn(command=launcher[0], args=launcher[1:], db=db_path, schema=schema, migrations=migrations)
    users = db.table("users")
    created = await users.insert_many([{"email": f"bench{i}@example.com", "name": f"Bench {i}", "credits": i} for i in range(1000)])
    ids = [row["id"] for row in created.rows]
    raw = Raw()
    await raw.start(launcher + ["--db", db_path, "--schema", schema, "--migrations", migrations])
    params_list = [{"table": "users", "id": ids[i % len(ids)]} for i in range(options.calls)]

    await asyncio.gather(*(db.call("query.get", params) for params in params_list[:2000]))
    await raw.burst("query.get", params_list[:2000])

    client_rates, raw_rates = [], []
    for _ in range(options.rounds):
        started = time.perf_counter()
        await raw.burst("query.get", params_list)
        raw_rates.append(options.calls / (time.perf_counter() - started))
        started = time.perf_counter()
        await asyncio.gather(*(users.get(params["id"]) for params in params_list))
        client_rates.append(options.calls / (time.perf_counter() - started))

    client_latency, raw_latency = [], []
    for params in params_list[:options.sequential]:
        started = time.perf_counter()
        await raw.call("query.get", params)
        raw_latency.append((time.perf_counter() - started) * 1e6)
        started = time.perf_counter()
        await users.get(params["id"])
        client_latency.append((time.perf_counter() - started) * 1e6)

    client_rate, raw_rate = statistics.median(client_rates), statistics.median(raw_rates)
    client_p50, raw_p50 = statistics.median(client_latency), statistics.median(raw_latency)
    # Each client call next to the raw call just before it: less moved by load drifting during the run.
    paired_p50 = statistics.median(client - raw for client, raw in zip(client_latency, raw_latency))
    print(f"python {sys.version.split()[0]}, wizdb {db.server['serverInfo']['version']} at {options.binary}, median of {options.rounds} rounds")
    print(f"{options.calls} pipelined query.get   raw asyncio {raw_rate:8.0f} calls/s   AsyncClient {client_rate:8.0f} calls/s   "
          f"client/raw {100 * client_rate / raw_rate:.1f}%  (goal >= 70%)")
    print(f"{options.sequential} query.get one at a time   raw p50 {raw_p50:6.1f} us   AsyncClient p50 {client_p50:6.1f} us   "
          f"added {client_p50 - raw_p50:.1f} us per call (paired: {paired_p50:.1f} us)  (goal <= 10 us)")
    await raw.close()
    await db.close()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
