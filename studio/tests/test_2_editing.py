"""Editing (point 3) and relations (point 4)."""
from __future__ import annotations

import time

from browser_helpers import click, css, grid_rows, one, open_studio, set_value, wait_for, wait_for_idle
from conftest import screenshot


def fill(driver, field: str, value: str) -> None:
    set_value(driver, f'dialog form [name="{field}"]', value)


def user_by_email(studio, email: str, deactivated: str = "include"):
    rows = studio.call("query.select", {"table": "users", "where": {"email": email}, "deactivated": deactivated})["result"]["rows"]
    return rows[0] if rows else None


def filter_users(driver, email_like: str) -> None:
    driver.execute_script("""
        const state = window.studio.tableState.get('users');
        state.conditions = [{field: 'email', op: 'like', value: arguments[0], value2: ''}];""", email_like)
    click(driver, '[data-action="refresh"]')


def test_insert_and_edit_a_row_the_server_stamps_updated_at(page, studio):
    open_studio(page, studio, "#/data/users")
    click(page, '[data-action="insert"]')
    fill(page, "email", "new.person@example.com")
    fill(page, "name", "New Person")
    fill(page, "credits", "42")
    screenshot(page, "08-insert-dialog")
    click(page, 'dialog [data-action="save"]')
    wait_for(page, lambda d: not css(d, "dialog[open]"))
    inserted = user_by_email(studio, "new.person@example.com")
    assert inserted and inserted["name"] == "New Person" and inserted["credits"] == 42 and inserted["phoneNumber"] is None
    filter_users(page, "new.person%")
    wait_for(page, lambda d: [row["name"] for row in grid_rows(d)] == ["New Person"])
    time.sleep(1.1)  # timestamps have one-second resolution: let the clock move on
    click(page, 'tr[data-key] [data-action="edit"]')
    fill(page, "name", "Renamed Person")
    assert one(page, 'dialog [data-null="phoneNumber"]').is_selected(), "a NULL shows as NULL"
    click(page, 'dialog [data-null="phoneNumber"]')
    fill(page, "phoneNumber", "+44 20 7946 0000")
    click(page, 'dialog [data-action="save"]')
    wait_for(page, lambda d: not css(d, "dialog[open]"))
    edited = user_by_email(studio, "new.person@example.com")
    assert edited["name"] == "Renamed Person" and edited["phoneNumber"] == "+44 20 7946 0000"
    assert edited["updatedAt"] > inserted["updatedAt"], "the server stamped updatedAt"
    assert edited["createdAt"] == inserted["createdAt"]
    wait_for(page, lambda d: grid_rows(d) and grid_rows(d)[0]["name"] == "Renamed Person")
    assert grid_rows(page)[0]["updatedAt"] == edited["updatedAt"].replace("T", " ").replace("Z", "")
    screenshot(page, "09-edited-row")


def test_constraint_errors_are_shown_on_their_field(page, studio):
    open_studio(page, studio, "#/data/users")
    click(page, '[data-action="insert"]')
    fill(page, "email", "user0001@example.com")
    fill(page, "name", "Duplicate")
    click(page, 'dialog [data-action="save"]')
    error = one(page, 'dialog [data-error="email"]')
    wait_for(page, lambda d: "UNIQUE" in error.text)
    assert "has-error" in one(page, 'dialog .field[data-field="email"]').get_attribute("class")
    screenshot(page, "10-unique-error-on-field")
    fill(page, "email", "fresh.one@example.com")
    fill(page, "credits", "-5")
    click(page, 'dialog [data-action="save"]')
    wait_for(page, lambda d: "CHECK" in one(d, 'dialog [data-error="credits"]').text.upper())
    assert one(page, 'dialog [data-error="email"]').text == ""
    fill(page, "credits", "many")
    click(page, 'dialog [data-action="save"]')
    wait_for(page, lambda d: one(d, 'dialog [data-error="credits"]').text == "a whole number is expected")
    click(page, "dialog footer .button:not(.primary)")
    assert user_by_email(studio, "fresh.one@example.com") is None


def test_soft_delete_with_by_and_restore(page, studio):
    open_studio(page, studio, "#/data/users")
    filter_users(page, "user0050%")
    wait_for(page, lambda d: len(grid_rows(d)) == 1)
    click(page, 'tr[data-key] [data-action="soft-delete"]')
    set_value(page, 'dialog [data-role="by"]', "alice")
    screenshot(page, "11-soft-delete-by")
    click(page, 'dialog [data-confirm]')
    wait_for(page, lambda d: len(grid_rows(d)) == 0)
    row = user_by_email(studio, "user0050@example.com")
    assert row["deactivatedAt"] is not None and row["deactivatedBy"] == "alice"
    page.execute_script("document.querySelector('[data-action=show-deactivated]').click()")
    wait_for(page, lambda d: len(grid_rows(d)) == 1 and "deactivated" in grid_rows(d)[0]["_class"])
    assert grid_rows(page)[0]["deactivatedBy"] == "alice"
    click(page, 'tr[data-key] [data-action="restore"]')
    wait_for(page, lambda d: grid_rows(d) and "deactivated" not in grid_rows(d)[0]["_class"])
    row = user_by_email(studio, "user0050@example.com")
    assert row["deactivatedAt"] is None and row["deactivatedBy"] is None


def test_hard_delete_says_what_cascades(page, studio, ids):
    user = ids["users"][0]
    before = {table: studio.call("query.count", {"table": table, "where": where, "deactivated": "include"})["result"]["count"]
              for table, where in [("user_profiles", {"userId": user}), ("user_roles", {"userId": user}),
                                   ("credit_transactions", {"fromUserId": user}), ("attachments", {"userId": user})]}
    assert before["user_profiles"] == 1 and before["user_roles"] == 1 and before["attachments"] == 1
    open_studio(page, studio, f"#/row/users/{user}")
    click(page, '.row-head [data-action="delete"]')
    report = one(page, "dialog .cascade-report")
    wait_for(page, lambda d: "user_profiles" in report.text)
    text = report.text
    assert "1 user_profiles row(s) go with it (userId, ON DELETE CASCADE)" in text
    assert "1 user_roles row(s) go with it" in text
    assert f"{before['credit_transactions']} credit_transactions row(s) go with it (fromUserId" in text
    assert "1 attachments row(s) keep living with userId set to NULL" in text
    screenshot(page, "12-hard-delete-cascade")
    click(page, "dialog [data-confirm]")
    wait_for(page, lambda d: "#/data/users" in d.current_url)
    assert studio.call("query.get", {"table": "users", "id": user, "deactivated": "include"})["result"]["row"] is None
    assert studio.call("query.count", {"table": "user_profiles", "where": {"userId": user}, "deactivated": "include"})["result"]["count"] == 0
    orphaned = studio.call("query.select", {"table": "attachments", "where": {"title": "Contract"}})["result"]["rows"][0]
    assert orphaned["userId"] is None


def test_foreign_keys_link_to_parents_and_rows_list_their_children(page, studio, ids):
    user = ids["users"][3]
    open_studio(page, studio, "#/data/user_profiles")
    page.execute_script("""
        window.studio.tableState.get('user_profiles').conditions = [{field: 'userId', op: 'eq', value: arguments[0], value2: ''}];""", user)
    click(page, '[data-action="refresh"]')
    wait_for(page, lambda d: len(grid_rows(d)) == 1)
    link = one(page, 'td[data-field="userId"] a.fk-link')
    assert link.get_attribute("href").endswith(f"#/row/users/{user}")
    link.click()
    one(page, ".row-view .fields-list")
    wait_for_idle(page)
    assert one(page, 'dd[data-field="email"]').text == "user0003@example.com"
    cards = {card.get_attribute("data-child"): card for card in css(page, ".child-card")}
    assert set(cards) == {"user_profiles.userId", "user_roles.userId", "credit_transactions.fromUserId", "credit_transactions.toUserId", "attachments.userId"}
    assert "1 row" in cards["user_profiles.userId"].text and "Hello, I am user 3." in cards["user_profiles.userId"].text
    sent = studio.call("query.count", {"table": "credit_transactions", "where": {"fromUserId": user}})["result"]["count"]
    assert f"{sent} row" in cards["credit_transactions.fromUserId"].text
    screenshot(page, "13-row-with-children")
    # "Open in grid" shows the children in the grid, filtered.
    cards["user_roles.userId"].find_element("css selector", "a.button").click()
    wait_for(page, lambda d: "#/data/user_roles" in d.current_url and len(grid_rows(d)) == 1)
    assert grid_rows(page)[0]["userId"] == user
