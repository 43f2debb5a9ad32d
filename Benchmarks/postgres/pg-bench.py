#!/usr/bin/env python3
"""wizdb on PostgreSQL against a direct libpq client (pgbench with custom scripts), in one run
on one cluster: query.get one at a time and pipelined, a one-row query.insert, and the credit
transfer through transaction.run, each next to the same statements sent by pgbench
(-M prepared, one connection, one at a time).

    Benchmarks/postgres/pg-bench.py [--rows 100000] [--ops 20000] [--wizdb .build/release/wizdb]

Uses WIZDB_BENCH_POSTGRES_URL when set (a database it may fill and empty), else starts a
throwaway cluster with scripts/pg-cluster and stops it at the end. Goals: wizdb's one-at-a-time
cost at most 1.3x pgbench's; pipelined throughput at least pgbench's one-at-a-time throughput.
"""
import argparse, json, os, re, shutil, subprocess, sys, tempfile, threading, time
from urllib.parse import urlsplit

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCHEMA = {"tables": {
    "users": {"columns": {"email": {"type": "text", "notNull": True}, "name": {"type": "text", "notNull": True},
                          "credits": {"type": "integer", "notNull": True, "default": 0}}},
    "transfers": {"columns": {"fromId": {"type": "text", "notNull": True}, "toId": {"type": "text", "notNull": True},
                              "amount": {"type": "integer", "notNull": True}}},
}}


def psql(url, sql):
    subprocess.run(["psql", url, "-qAt", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, stdout=subprocess.DEVNULL)


class Server:
    """A wizdb process answering in request order; requests go in on one thread, answers are read on another."""

    def __init__(self, binary, url, folder):
        self.proc = subprocess.Popen([binary, "--db", url, "--ordered-responses", "--log-level", "error"], cwd=folder,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        self.next_id = 0

    def call(self, method, params):
        self.next_id += 1
        self.proc.stdin.write((json.dumps({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}) + "\n").encode())
        answer = json.loads(self.proc.stdout.readline())
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer["result"]

    def pipelined(self, lines):
        data = "".join(lines).encode()
        writer = threading.Thread(target=lambda: self.proc.stdin.write(data))
        started = time.perf_counter()
        writer.start()
        for _ in lines:
            if b'"error"' in self.proc.stdout.readline():
                raise RuntimeError("a pipelined request failed")
        elapsed = time.perf_counter() - started
        writer.join()
        return elapsed

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def timed(count, body):
    latencies = []
    started = time.perf_counter()
    for index in range(count):
        t = time.perf_counter()
        body(index)
        latencies.append(time.perf_counter() - t)
    total = time.perf_counter() - started
    latencies.sort()
    return {"ops": count / total, "mean_ms": 1000 * total / count, "p50_ms": 1000 * latencies[len(latencies) // 2],
            "p99_ms": 1000 * latencies[int(len(latencies) * 0.99)]}


def pgbench(url, script, count, folder):
    path = os.path.join(folder, "script.sql")
    with open(path, "w") as f:
        f.write(script)
    parts = urlsplit(url)
    env = dict(os.environ)
    if parts.password:
        env["PGPASSWORD"] = parts.password
    out = subprocess.run(["pgbench", "-n", "-M", "prepared", "-c", "1", "-j", "1", "-t", str(count), "-f", path,
                          "-h", parts.hostname, "-p", str(parts.port or 5432), "-U", parts.username or "postgres",
                          parts.path.lstrip("/")], capture_output=True, text=True, env=env, check=True).stdout
    tps = float(re.search(r"tps = ([0-9.]+)", out).group(1))
    latency = float(re.search(r"latency average = ([0-9.]+) ms", out).group(1))
    return {"ops": tps, "mean_ms": latency}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--ops", type=int, default=20_000)
    parser.add_argument("--wizdb", default=None)
    args = parser.parse_args()
    binary = os.path.abspath(args.wizdb) if args.wizdb else next((p for p in [os.path.join(ROOT, ".build/release/wizdb"), os.path.join(ROOT, ".build/debug/wizdb")]
                                 if os.path.exists(p)), None)
    if not binary:
        sys.exit("build wizdb first: swift build -c release --product wizdb && swift build -c release --product wizdb-postgres")

    cluster = None
    url = os.environ.get("WIZDB_BENCH_POSTGRES_URL")
    if not url:
        env = subprocess.run([os.path.join(ROOT, "scripts/pg-cluster"), "start"], capture_output=True, text=True, check=True).stdout
        values = dict(re.findall(r"export (\w+)=(\S+)", env))
        cluster, url = values["PG_CLUSTER_DIR"], values["WIZDB_TEST_POSTGRES_URL"]
    try:
        run(binary, url, args)
    finally:
        if cluster:
            subprocess.run([os.path.join(ROOT, "scripts/pg-cluster"), "stop", cluster], check=False)


def run(binary, url, args):
    folder = tempfile.mkdtemp(prefix="wizdb-pg-bench")
    try:
        measure(binary, url, args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure(binary, url, args, folder):
    with open(os.path.join(folder, "wizdb.schema.json"), "w") as f:
        json.dump(SCHEMA, f)
    psql(url, "DROP TABLE IF EXISTS transfers, users, _wizdb_migrations, _wizdb_pushes")
    server = Server(binary, url, folder)
    server.call("schema.push", {})
    psql(url, f"INSERT INTO users (id, email, name, credits, created_at, updated_at) SELECT 'u' || i, 'u' || i || '@example.com', "
              f"'User ' || i, 1000000, 1767225600, 1767225600 FROM generate_series(1, {args.rows}) i; ANALYZE")
    n = args.ops
    results = {}
    ids = [f"u{(i * 7919) % args.rows + 1}" for i in range(n)]

    for _ in range(500):  # warm the connection and the plan caches
        server.call("query.get", {"table": "users", "id": "u1"})
    results["query.get, one at a time"] = timed(n, lambda i: server.call("query.get", {"table": "users", "id": ids[i]}))
    lines = [json.dumps({"jsonrpc": "2.0", "id": f"p{i}", "method": "query.get", "params": {"table": "users", "id": ids[i]}}) + "\n"
             for i in range(n)]
    elapsed = server.pipelined(lines)
    results["query.get, pipelined"] = {"ops": n / elapsed, "mean_ms": 1000 * elapsed / n}
    inserts = max(1000, n // 4)
    results["query.insert, one row"] = timed(inserts, lambda i: server.call(
        "query.insert", {"table": "users", "values": {"email": f"new{i}@example.com", "name": "New"}, "returning": False}))
    transfers = max(1000, n // 4)

    def transfer(i):
        a, b = ids[i % n], ids[(i * 31 + 7) % n]
        server.call("transaction.run", {"steps": [
            {"method": "query.update", "params": {"table": "users", "id": a, "where": {"credits": {"gte": 1}}, "increment": {"credits": -1},
                                                  "returning": False}, "expect": {"changes": 1, "message": "Insufficient credits"}},
            {"method": "query.update", "params": {"table": "users", "id": b, "increment": {"credits": 1}, "returning": False},
             "expect": {"changes": 1}},
            {"method": "query.insert", "params": {"table": "transfers", "values": {"fromId": a, "toId": b, "amount": 1}, "returning": False}},
        ]})
    results["transaction.run, credit transfer"] = timed(transfers, transfer)
    server.close()

    rows = args.rows
    direct = {
        "query.get, one at a time": pgbench(url, f"\\set id random(1, {rows})\nSELECT id, email, name, credits, created_at, updated_at, "
                                                 "deactivated_at, deactivated_by FROM users WHERE id = 'u' || :id AND deactivated_at IS NULL;\n", n, folder),
        "query.insert, one row": pgbench(url, "\\set n random(1, 1000000000)\nINSERT INTO users (id, email, name, created_at, updated_at) "
                                              "VALUES (gen_random_uuid()::text, 'b' || :n || '@example.com', 'New', 1767225600, 1767225600);\n",
                                         inserts, folder),
        "transaction.run, credit transfer": pgbench(url, f"\\set a random(1, {rows})\n\\set b random(1, {rows})\nBEGIN;\n"
                                                          "UPDATE users SET credits = credits - 1, updated_at = 1767225600 WHERE id = 'u' || :a AND credits >= 1 AND deactivated_at IS NULL;\n"
                                                          "UPDATE users SET credits = credits + 1, updated_at = 1767225600 WHERE id = 'u' || :b AND deactivated_at IS NULL;\n"
                                                          "INSERT INTO transfers (id, from_id, to_id, amount, created_at, updated_at) VALUES "
                                                          "(gen_random_uuid()::text, 'u' || :a, 'u' || :b, 1, 1767225600, 1767225600);\nCOMMIT;\n", transfers, folder),
    }
    print(f"wizdb: {binary}; {rows} rows; PostgreSQL {subprocess.run(['psql', url, '-qAtc', 'SHOW server_version'], capture_output=True, text=True).stdout.strip()}")
    print(f"{'operation':36} {'wizdb ops/s':>12} {'mean ms':>8} {'p99 ms':>8} {'pgbench ops/s':>14} {'mean ms':>8} {'cost ratio':>10}")
    for name, mine in results.items():
        base = direct.get(name) or direct["query.get, one at a time"]
        ratio = mine["mean_ms"] / base["mean_ms"]
        p99 = f"{mine['p99_ms']:8.3f}" if "p99_ms" in mine else f"{'':8}"
        print(f"{name:36} {mine['ops']:12.0f} {mine['mean_ms']:8.3f} {p99} {base['ops']:14.0f} {base['mean_ms']:8.3f} {ratio:10.2f}")
    get_ratio = results["query.get, one at a time"]["mean_ms"] / direct["query.get, one at a time"]["mean_ms"]
    piped = results["query.get, pipelined"]["ops"] / direct["query.get, one at a time"]["ops"]
    print(f"goal: one-at-a-time cost <= 1.3x pgbench: {get_ratio:.2f}x ({'met' if get_ratio <= 1.3 else 'not met'}); "
          f"pipelined >= pgbench one at a time: {piped:.2f}x ({'met' if piped >= 1 else 'not met'})")


if __name__ == "__main__":
    main()
