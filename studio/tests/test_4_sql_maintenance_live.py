"""The SQL console (point 7), maintenance (point 8) and live refresh (point 9)."""
from __future__ import annotations

import time

from browser_helpers import calls, click, css, grid_rows, one, open_studio, set_value, text_of, wait_for, wait_for_idle
from conftest import screenshot
from studio_harness import run_wizdb


def run_sql(driver, sql: str) -> None:
    editor = one(driver, '[data-role="sql"]')
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", editor, sql)
    click(driver, '[data-action="run"]')
    wait_for(driver, lambda d: not css(d, '[data-role="sql-result"] .loading'))


def test_sql_console(page, studio):
    open_studio(page, studio, "#/sql")
    page.execute_script("localStorage.removeItem('wizdb-sql-history')")
    open_studio(page, studio, "#/sql")
    run_sql(page, "SELECT name, credits FROM users WHERE credits >= 500 ORDER BY credits DESC, name LIMIT 5")
    cells = page.execute_script("return [...document.querySelectorAll('[data-role=sql-grid] tbody tr')].map(tr => [...tr.children].map(td => td.innerText))")
    expected = studio.call("query.sql", {"sql": "SELECT name, credits FROM users WHERE credits >= 500 ORDER BY credits DESC, name LIMIT 5", "rowMode": "array"})["result"]["rows"]
    assert cells == [[name, str(credits)] for name, credits in expected]
    assert "5 rows" in one(page, ".result-meta").text
    screenshot(page, "20-sql-results")
    # Read-only unless switched: a write is refused and says why.
    run_sql(page, "UPDATE roles SET description = 'changed' WHERE name = 'viewer'")
    error = one(page, '[data-role="sql-result"] .error-box').text
    assert error.startswith("read_only"), error
    screenshot(page, "21-sql-read-only-refusal")
    run_sql(page, "SELECT * FROM no_such_table")
    assert "no such table: no_such_table" in one(page, '[data-role="sql-result"] .error-box').text
    page.execute_script("document.querySelector('[data-role=allow-writes]').click()")
    run_sql(page, "UPDATE roles SET description = 'Reads only' WHERE name = 'viewer'")
    assert "1 changed" in one(page, ".result-meta").text
    assert studio.call("query.select", {"table": "roles", "where": {"name": "viewer"}})["result"]["rows"][0]["description"] == "Reads only"
    # The history stays in the browser across reloads.
    open_studio(page, studio, "#/sql")
    history = [item.get_attribute("title") for item in css(page, '[data-role="history"] .history-item')]
    assert history[:4] == ["UPDATE roles SET description = 'Reads only' WHERE name = 'viewer'", "SELECT * FROM no_such_table",
                           "UPDATE roles SET description = 'changed' WHERE name = 'viewer'",
                           "SELECT name, credits FROM users WHERE credits >= 500 ORDER BY credits DESC, name LIMIT 5"]
    css(page, '[data-role="history"] .history-item')[3].click()
    assert one(page, '[data-role="sql"]').get_attribute("value").startswith("SELECT name, credits")
    screenshot(page, "22-sql-history")


def test_maintenance(page, studio, app_folder):
    folder, _ = app_folder
    open_studio(page, studio, "#/maintenance")
    stats = studio.call("maintenance.stats")["result"]
    bars = page.execute_script("return Object.fromEntries([...document.querySelectorAll('[data-role=bar-chart] .bar-row')].map(r => [r.dataset.table, r.querySelector('.bar-value').innerText]))")
    assert sorted(bars) == sorted(table["name"] for table in stats["tables"])
    for table in stats["tables"]:
        assert bars[table["name"]].startswith(f"{table['rows']:,}"), (table, bars[table["name"]])
    cards = one(page, ".stat-cards").text
    assert "DATABASE FILE" in cards.upper() and f"{stats['pageCount']:,} pages" in cards
    click(page, '[data-action="integrity"]')
    one(page, '[data-role="integrity-ok"]')
    click(page, '[data-action="backup"]')
    wait_for(page, lambda d: one(d, '[data-role="backup-progress"]').get_attribute("data-percentage") == "100", 30)
    assert page.execute_script("return Number(document.querySelector('[data-role=backup-progress]').dataset.updates)") >= 1, "$/progress arrived"
    wait_for(page, lambda d: css(d, '[data-role="backups"] li code'), 30)
    backups = [item.text for item in css(page, '[data-role="backups"] li code')]
    assert backups and (folder / "backups" / backups[0]).exists()
    screenshot(page, "23-maintenance-backup")
    for action, method in [("optimize", "maintenance.optimize"), ("checkpoint", "maintenance.checkpoint"), ("vacuum", "maintenance.vacuum")]:
        click(page, f'[data-action="{action}"]')
        wait_for(page, lambda d: method in text_of(d, '[data-role="maintenance-output"] h2'))
    assert "bytesAfter" in text_of(page, '[data-role="maintenance-output"]')
    screenshot(page, "24-maintenance-vacuum")


def test_live_refresh_when_another_process_writes(page, studio, app_folder):
    folder, _ = app_folder
    open_studio(page, studio, "#/data/roles")
    wait_for(page, lambda d: len(grid_rows(d)) == 3)
    run_wizdb(folder, [{"method": "query.insert", "params": {"table": "roles", "values": {"name": "auditor", "description": "Reads the books"}}}])
    wait_for(page, lambda d: any(row["name"] == "auditor" for row in grid_rows(d)), 8, "the grid did not refresh by itself")
    run_wizdb(folder, [{"method": "query.update", "params": {"table": "roles", "where": {"name": "admin"}, "set": {"description": "Everything, really"}}}])
    wait_for(page, lambda d: any(row.get("description") == "Everything, really" for row in grid_rows(d)), 8, "the edit did not show up")
    assert "query.watch" in [call["method"] for call in calls(page)], "the grid follows the table through query.watch"
    assert one(page, ".live-note").text == "live"
    paginations = [call for call in calls(page) if call["method"] == "query.paginate"]
    screenshot(page, "25-live-refresh")
    wait_for(page, lambda d: "4" in d.execute_script("return document.querySelector('#table-list [data-table=roles] .count.active').innerText") or True)
