"""The studio's speed on a 1,000,000-row table, next to Datasette on the same file, in headless
Chromium: time from navigation to the first page of rows on screen, and from a click on "next"
to the next page on screen (median of several rounds each). Then the plans of every statement
the studio ran for those pages: none may read the whole users table (a bare `SCAN users`, or a
sort of all its rows, `USE TEMP B-TREE FOR ORDER BY`).

For scale, the same run measures the browser's own floor: a static page holding one table row,
served from disk by Python's http.server, needs no script and no query at all; no page can show
its first row sooner than that.

    swift build -c release --static-swift-stdlib
    .build-venv/bin/pip install selenium datasette
    .build-venv/bin/python studio/bench/bench.py [--rows 1000000] [--rounds 7]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_million import build  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

# Installed before any script of the page runs (DevTools, so the page's CSP does not apply): notes
# when the first row of a grid is in the document, and when the frame after that was painted.
OBSERVER = """
(() => {
  const selector = %r;
  window.__firstRows = [];
  let last = null;
  const check = () => {
    const row = document.querySelector(selector);
    if (!row) return;
    const key = row.innerText.slice(0, 120);
    if (key === last) return;
    last = key;
    const seen = performance.timeOrigin + performance.now();
    requestAnimationFrame(() => requestAnimationFrame(() => window.__firstRows.push({key, seen, painted: performance.timeOrigin + performance.now()})));
  };
  new MutationObserver(check).observe(document, {childList: true, subtree: true});
})();
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def browser() -> webdriver.Chrome:
    options = Options()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1440,900",
                     "--disable-extensions", "--no-first-run", "--disable-background-networking"]:
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)


def observe(driver, selector: str):
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVER % selector})


def wait_rows(driver, count: int, timeout: float = 30.0) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = driver.execute_script("return window.__firstRows || []")
        if len(rows) >= count:
            return rows
        time.sleep(0.005)
    raise TimeoutError(f"no rows after {timeout} s")


def measure(driver, url: str, click_next: str, rounds: int) -> tuple[list[float], list[float]]:
    first, following = [], []
    for _ in range(rounds):
        driver.get("about:blank")
        driver.get(url)
        rows = wait_rows(driver, 1)
        origin = driver.execute_script("return performance.timeOrigin")
        first.append(rows[0]["painted"] - origin)
        clicked = driver.execute_script(f"""
            const link = document.querySelector({click_next!r});
            const at = performance.timeOrigin + performance.now();
            link.click();
            return at;""")
        # Datasette loads a new document for the next page; the studio replaces the rows in place.
        deadline = time.monotonic() + 30
        while True:
            rows = driver.execute_script("return window.__firstRows || []")
            fresh = [row for row in rows if row["seen"] > clicked]
            if fresh:
                following.append(fresh[0]["painted"] - clicked)
                break
            if time.monotonic() > deadline:
                raise TimeoutError("the next page did not show")
            time.sleep(0.005)
    return first, following


FLOOR_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>floor</title></head>
<body><table class="rows-and-columns"><tbody><tr><td>1</td><td>one row</td></tr></tbody></table></body></html>
"""


def measure_floor(driver, folder: Path, rounds: int) -> list[float]:
    """Navigation to the first row on screen for a static page: the browser's own cost."""
    site = folder / "floor"
    site.mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text(FLOOR_PAGE)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(port)
        observe(driver, "table.rows-and-columns tbody tr")
        first = []
        for _ in range(rounds):
            driver.get("about:blank")
            driver.get(f"http://127.0.0.1:{port}/index.html")
            rows = wait_rows(driver, 1)
            first.append(rows[0]["painted"] - driver.execute_script("return performance.timeOrigin"))
        return first
    finally:
        server.terminate()
        server.wait()


def wait_port(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)


def summary(name: str, values: list[float]) -> str:
    return f"{name:<34} median {statistics.median(values):7.1f} ms   min {min(values):7.1f} ms   max {max(values):7.1f} ms"


def full_scans(database: Path, statements: list[str]) -> list[tuple[str, list[str]]]:
    """Statements on users whose plan reads the whole table."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    bad = []
    for sql in statements:
        if '"users"' not in sql:
            continue
        plan = [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + sql)]
        if any(re.fullmatch(r"SCAN users", step) or step == "USE TEMP B-TREE FOR ORDER BY" for step in plan):
            bad.append((sql, plan))
    connection.close()
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--folder", default="/tmp/wizdb-studio-bench")
    parser.add_argument("--wizdb", default=str(ROOT / ".build" / "release" / "wizdb"))
    arguments = parser.parse_args()
    arguments.wizdb = os.path.abspath(arguments.wizdb)
    folder = Path(arguments.folder)
    database = build(folder, arguments.rows, arguments.wizdb)
    datasette = shutil.which("datasette") or str(ROOT / ".build-venv" / "bin" / "datasette")

    studio_err = folder / "studio.err"
    studio = subprocess.Popen([arguments.wizdb, "studio", "--db", str(database)], cwd=folder, stdout=subprocess.PIPE,
                              stderr=open(studio_err, "wb"), env=dict(os.environ, WIZDB_TRACE_SQL="1"))
    url = studio.stdout.readline().decode().strip()
    port = free_port()
    ds = subprocess.Popen([datasette, "serve", str(database), "--port", str(port), "--host", "127.0.0.1"], cwd=folder,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(port)
        driver = browser()
        try:
            # The studio: open once with the token (kept in the tab's session storage), then
            # measure full loads of the users grid.
            driver.get(url)
            time.sleep(1.0)
            base = url.split("#", 1)[0]
            observe(driver, "table.grid[data-table] tbody tr[data-key]")
            with open(studio_err, "rb") as handle:
                handle.seek(0, 2)
                measured_from = handle.tell()
            studio_first, studio_next = measure(driver, base + "#/data/users", '[data-action="next"]', arguments.rounds)
            driver.quit()
            driver = browser()
            observe(driver, "table.rows-and-columns tbody tr")
            ds_first, ds_next = measure(driver, f"http://127.0.0.1:{port}/app/users", 'a[href*="_next="]', arguments.rounds)
            driver.quit()
            driver = browser()
            floor_first = measure_floor(driver, folder, arguments.rounds)
        finally:
            driver.quit()
    finally:
        studio.terminate()
        ds.terminate()
        studio.wait()
        ds.wait()

    with open(studio_err, "rb") as handle:
        handle.seek(measured_from)
        statements = [line[len("wizdb-sql: "):].strip() for line in handle.read().decode(errors="replace").splitlines()
                      if line.startswith("wizdb-sql: ") and not line.startswith("wizdb-sql: PRAGMA")]
    print(f"users: {arguments.rows:,} rows; {arguments.rounds} rounds each; headless Chromium {driver.capabilities.get('browserVersion', '?')}")
    print(summary("studio: first page on screen", studio_first))
    print(summary("datasette: first page on screen", ds_first))
    print(summary("static one-row page (floor)", floor_first))
    print(summary("studio: next page after a click", studio_next))
    print(summary("datasette: next page after a click", ds_next))
    ratio = statistics.median(studio_first) / statistics.median(ds_first)
    print(f"studio's first page takes {ratio:.2f} of datasette's time (goal: at most 0.50)")
    floor = statistics.median(floor_first)
    print(f"above the floor: studio {statistics.median(studio_first) - floor:.1f} ms, datasette {statistics.median(ds_first) - floor:.1f} ms;"
          f" half of datasette's time is {statistics.median(ds_first) / 2:.1f} ms, the floor alone {floor:.1f} ms")
    distinct = sorted(set(statements))
    bad = full_scans(database, distinct)
    print(f"{len(distinct)} distinct statements ran for these pages; reading the whole users table: {len(bad)}")
    for sql, plan in bad:
        print(f"  {sql[:160]}\n    {plan}")
    for sql in distinct:
        if '"users"' in sql:
            connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
            plan = [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + sql)]
            connection.close()
            print(f"  plan: {' / '.join(plan)}   <- {re.sub(r'SELECT .*? FROM', 'SELECT ... FROM', sql)[:150]}")
    if bad or ratio > 0.5:
        sys.exit(1)


if __name__ == "__main__":
    main()
