"""The tables sidebar and the rows grid (points 1 and 2 of the studio)."""
from __future__ import annotations

import time

from browser_helpers import calls, click, css, grid_fields, grid_rows, one, open_studio, set_value, text_of, wait_for, wait_for_idle
from conftest import screenshot


def sidebar(driver) -> dict[str, list[str]]:
    return driver.execute_script("""
        const out = {};
        for (const a of document.querySelectorAll('#table-list .table-link'))
            out[a.dataset.table] = [...a.querySelectorAll('.count')].map(c => c.innerText);
        return out;""")


def test_sidebar_lists_every_table_with_active_and_deactivated_counts_and_filters(page, studio):
    open_studio(page, studio, "#/data/users")
    expected = {}
    for table in ["attachments", "credit_transactions", "roles", "user_profiles", "user_roles", "users"]:
        active = studio.call("query.count", {"table": table})["result"]["count"]
        deactivated = studio.call("query.count", {"table": table, "deactivated": "only"})["result"]["count"]
        expected[table] = [f"{active:,}", f"{deactivated:,}"]
    wait_for(page, lambda d: sidebar(d) == expected, message=f"sidebar {sidebar(page)} != {expected}")
    assert expected["users"] == ["228", "12"]
    screenshot(page, "01-sidebar-and-grid")
    set_value(page, "#table-filter", "user")
    wait_for(page, lambda d: list(sidebar(d)) == ["user_profiles", "user_roles", "users"])
    set_value(page, "#table-filter", "zzz")
    one(page, "#table-list li.muted")
    page.find_element("css selector", "#table-filter").clear()
    page.execute_script("document.getElementById('table-filter').dispatchEvent(new Event('input'))")
    wait_for(page, lambda d: len(sidebar(d)) == 6)


def test_cells_are_typed(page, studio):
    open_studio(page, studio, "#/data/attachments")
    wait_for(page, lambda d: len(grid_rows(d)) == 3)
    rows = {row["title"]: row for row in grid_rows(page)}
    contract, avatar, orphan = rows["Contract"], rows["Avatar"], rows["Orphan note"]
    assert contract["dueAt"] == "2026-03-01 09:30:00", "timestamps are shown readable"
    assert contract["meta"] == '{"pages":3,"tags":["legal","signed"]}'
    assert contract["pinned"] == "true" and avatar["pinned"] == "false"
    assert contract["score"] == "4.5" and orphan["score"] == "-1.25"
    assert contract["data"] == "1.50 KiB ⤓", "a blob shows its size and a download"
    # NULL and the empty string look different.
    assert contract["note"] == "empty" and avatar["note"] == "NULL"
    kinds = page.execute_script("""
        const cell = (title, field) => [...document.querySelectorAll('tbody tr')].find(tr => tr.innerText.includes(title)).querySelector(`td[data-field="${field}"] > span`);
        return [cell('Contract', 'note').className, cell('Avatar', 'note').className, cell('Avatar', 'meta').className, cell('Orphan note', 'data').className];""")
    assert kinds == ["empty", "null", "null", "null"]
    # The download hands over exactly the blob's bytes.
    size = page.execute_script("""
        const captured = [];
        const original = URL.createObjectURL;
        URL.createObjectURL = (blob) => { captured.push(blob.size); return original(blob); };
        document.querySelector('a.blob-link').click();
        URL.createObjectURL = original;
        return captured[0];""")
    assert size == 1536
    screenshot(page, "02-typed-cells")
    # JSON is pretty on the row's own page.
    click(page, "tbody tr:first-child a.row-link")
    pretty = one(page, 'dd[data-field="meta"] pre.json').text
    assert pretty.startswith("{\n  \"pages\": 3,")
    screenshot(page, "02-row-page-json-pretty")


def test_sorting_by_a_column(page, studio):
    open_studio(page, studio, "#/data/users")
    wait_for(page, lambda d: len(grid_rows(d)) == 50)
    click(page, 'th[data-field="credits"] .sort-button')
    expected = [str(row["credits"]) for row in studio.call("query.select", {"table": "users", "orderBy": [{"field": "credits", "direction": "asc"}, {"field": "id", "direction": "asc"}], "limit": 50})["result"]["rows"]]
    wait_for(page, lambda d: [row["credits"] for row in grid_rows(d)] == expected, message="ascending credits")
    click(page, 'th[data-field="credits"] .sort-button')
    expected = [str(row["credits"]) for row in studio.call("query.select", {"table": "users", "orderBy": [{"field": "credits", "direction": "desc"}, {"field": "id", "direction": "asc"}], "limit": 50})["result"]["rows"]]
    wait_for(page, lambda d: [row["credits"] for row in grid_rows(d)] == expected, message="descending credits")
    assert text_of(page, 'th[data-field="credits"] .sort-arrow') == "▼"
    screenshot(page, "03-sorted-by-credits")
    click(page, 'th[data-field="credits"] .sort-button')
    wait_for(page, lambda d: text_of(d, 'th[data-field="credits"] .sort-arrow') == "" and len(grid_rows(d)) == 50)


def test_filter_builder(page, studio):
    open_studio(page, studio, "#/data/users")
    click(page, '[data-action="filter"]')
    form = one(page, '[data-role="filter-builder"]')
    page.execute_script("""
        const form = arguments[0];
        const field = form.querySelector('[data-role=field]'); field.value = 'credits'; field.dispatchEvent(new Event('change'));""", form)
    page.execute_script("const op = arguments[0].querySelector('[data-role=op]'); op.value = 'gte'; op.dispatchEvent(new Event('change'));", form)
    set_value(page, '[data-role="filter-builder"] [data-role="value"]', "900")
    click(page, '[data-action="add-condition"]')
    page.execute_script("""
        const rows = arguments[0].querySelectorAll('.condition');
        const last = rows[rows.length - 1];
        const field = last.querySelector('[data-role=field]'); field.value = 'email'; field.dispatchEvent(new Event('change'));""", form)
    page.execute_script("""
        const rows = arguments[0].querySelectorAll('.condition'); const last = rows[rows.length - 1];
        const op = last.querySelector('[data-role=op]'); op.value = 'like'; op.dispatchEvent(new Event('change'));""", form)
    set_value(page, '[data-role="filter-builder"] .condition:last-child [data-role="value"]', "%0@EXAMPLE.COM")
    click(page, '[data-action="apply-filter"]')
    expected = studio.call("query.select", {"table": "users", "where": {"and": [{"credits": {"gte": 900}}, {"email": {"like": "%0@example.com"}}]}, "limit": 100})["result"]["rows"]
    assert expected, "the seed has such users"
    wait_for(page, lambda d: sorted(row["email"] for row in grid_rows(d)) == sorted(row["email"] for row in expected))
    assert all(int(row["credits"]) >= 900 and row["email"].endswith("0@example.com") for row in grid_rows(page))
    sent = [call for call in calls(page) if call["method"] == "query.paginate"][-1]["params"]
    assert sent["where"] == {"and": [{"credits": {"gte": 900}}, {"email": {"like": "%0@EXAMPLE.COM"}}]}
    screenshot(page, "04-filter-builder")
    # A value that does not fit the column is refused before anything is sent.
    set_value(page, '[data-role="filter-builder"] .condition:first-child [data-role="value"]', "lots")
    click(page, '[data-action="apply-filter"]')
    assert "credits: a whole number is expected" in one(page, ".filter-message .field-error").text
    click(page, '[data-action="clear-filter"]')
    wait_for(page, lambda d: len(grid_rows(d)) == 50)


def test_keyset_pagination(page, studio):
    open_studio(page, studio, "#/data/users")
    wait_for(page, lambda d: len(grid_rows(d)) == 50)
    first = [row["_key"] for row in grid_rows(page)]
    click(page, '[data-action="next"]')
    wait_for(page, lambda d: grid_rows(d) and grid_rows(d)[0]["_key"] != first[0])
    second = [row["_key"] for row in grid_rows(page)]
    assert len(second) == 50 and not set(first) & set(second)
    assert max(first) < min(second), "pages follow each other in key order"
    assert "Rows 51–100" in one(page, ".grid-footer").text
    pages = [call["params"] for call in calls(page) if call["method"] == "query.paginate"]
    assert "cursor" in pages[-1] and "offset" not in pages[-1] and "page" not in pages[-1], "pages are keyset, never offsets"
    screenshot(page, "05-second-page")
    click(page, '[data-action="previous"]')
    wait_for(page, lambda d: [row["_key"] for row in grid_rows(d)] == first)
    # Walk to the end: 228 active users in pages of 50.
    seen = list(first)
    for _ in range(4):
        click(page, '[data-action="next"]')
        wait_for(page, lambda d: grid_rows(d) and grid_rows(d)[0]["_key"] not in seen)
        seen += [row["_key"] for row in grid_rows(page)]
    assert len(seen) == len(set(seen)) == studio.call("query.count", {"table": "users"})["result"]["count"]
    assert not one(page, '[data-action="next"]').is_enabled()


def test_show_deactivated_marks_soft_deleted_rows(page, studio):
    open_studio(page, studio, "#/data/users")
    page.execute_script("""
        const state = window.studio.tableState.get('users');
        state.conditions = [{field: 'email', op: 'like', value: 'user02%', value2: ''}];""")
    click(page, '[data-action="refresh"]')
    wait_for(page, lambda d: len(grid_rows(d)) == 28)
    assert not any("deactivated" in row["_class"] for row in grid_rows(page))
    page.execute_script("document.querySelector('[data-action=show-deactivated]').click()")
    wait_for(page, lambda d: len(grid_rows(d)) == 40)
    marked = [row for row in grid_rows(page) if "deactivated" in row["_class"]]
    assert len(marked) == 12
    assert all(row["deactivatedBy"] == "seed" for row in marked)
    assert css(page, "tr.deactivated .deactivated-tag")
    screenshot(page, "06-show-deactivated")
    page.execute_script("document.querySelector('[data-action=show-deactivated]').click()")
    page.execute_script("window.studio.tableState.get('users').conditions = []")
    wait_for(page, lambda d: len(grid_rows(d)) == 28)


def test_column_choice(page, studio):
    open_studio(page, studio, "#/data/users")
    wait_for(page, lambda d: "phoneNumber" in grid_fields(d))
    click(page, '[data-action="columns"]')
    click(page, '[data-menu="columns"] input[data-column="phoneNumber"]')
    click(page, '[data-menu="columns"] input[data-column="updatedAt"]')
    wait_for(page, lambda d: "phoneNumber" not in grid_fields(d) and "updatedAt" not in grid_fields(d))
    assert "email" in grid_fields(page)
    screenshot(page, "07-column-choice")
    # The choice is kept in the browser.
    open_studio(page, studio, "#/data/users")
    wait_for(page, lambda d: grid_fields(d) and "phoneNumber" not in grid_fields(d))
    click(page, '[data-action="columns"]')
    page.execute_script("[...document.querySelectorAll('.menu-actions button')].find(b => b.innerText === 'Show all').click()")
    wait_for(page, lambda d: "phoneNumber" in grid_fields(d) and "updatedAt" in grid_fields(d))
