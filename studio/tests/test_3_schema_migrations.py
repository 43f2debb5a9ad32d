"""Schema (point 5) and migrations (point 6)."""
from __future__ import annotations

import json
import shutil

import pytest

from browser_helpers import click, css, one, open_studio, set_value, wait_for, wait_for_idle
from conftest import screenshot
from studio_harness import Studio, make_app, temporary_folder


def test_schema_view_shows_columns_indexes_references_and_a_diagram(page, studio):
    open_studio(page, studio, "#/schema")
    one(page, "svg.diagram")
    boxes = page.execute_script("return [...document.querySelectorAll('svg.diagram .table-box')].map(g => g.dataset.table).sort()")
    assert boxes == ["attachments", "credit_transactions", "roles", "user_profiles", "user_roles", "users"]
    edges = page.execute_script("return [...document.querySelectorAll('svg.diagram path.edge')].map(p => p.dataset.from + '>' + p.dataset.to).sort()")
    assert edges == ["attachments.userId>users", "credit_transactions.fromUserId>users", "credit_transactions.toUserId>users",
                     "user_profiles.userId>users", "user_roles.roleId>roles", "user_roles.userId>users"]
    users = one(page, 'article.schema-card[data-table="users"]')
    credits = users.find_element("css selector", 'tr[data-column="credits"]').text
    assert "integer" in credits and "not null" in credits and "0" in credits and ">= 0" in credits, credits
    email_index = users.find_element("css selector", 'li[data-index="users_email_idx"]').text
    assert "unique" in email_index and "partial" in email_index and "deactivated_at" in email_index
    assert "partial" not in users.find_element("css selector", 'li[data-index="users_status_created_idx"]').text
    profiles = one(page, 'article.schema-card[data-table="user_profiles"]')
    assert "users.id" in profiles.text and "on delete cascade" in profiles.text
    attachments = one(page, 'article.schema-card[data-table="attachments"]').text
    assert "on delete setNull" in attachments and "json" in attachments and "blob" in attachments
    transactions = one(page, 'article.schema-card[data-table="credit_transactions"]').text
    assert "'transfer'" in transactions, "checks are shown"
    screenshot(page, "14-schema-diagram")
    page.execute_script("document.querySelector('article.schema-card[data-table=users]').scrollIntoView()")
    screenshot(page, "15-schema-table-card")


@pytest.fixture
def migrating_studio():
    """A studio on its own copy of the app, whose declared schema has moved on: a new column, and
    a dropped one that holds data."""
    folder = temporary_folder("wizdb-studio-migrate-")
    make_app(folder, users=30, with_attachments=False)
    schema = json.loads((folder / "wizdb.schema.json").read_text())
    schema["tables"]["users"]["columns"]["nickname"] = {"type": "text"}
    del schema["tables"]["roles"]["columns"]["description"]
    (folder / "wizdb.schema.json").write_text(json.dumps(schema, indent=2))
    server = Studio(folder).start()
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


def test_migrations_status_diff_generate_dry_run_and_apply(page, migrating_studio):
    studio = migrating_studio
    open_studio(page, studio, "#/migrations")
    applied = one(page, '[data-role="applied"] tr[data-file="0001_init"]').text
    checksum = studio.call("schema.status")["result"]["applied"][0]["checksum"]
    assert checksum[:16] in applied and "applied" in applied
    diff = one(page, '[data-role="diff"] .statements').text
    assert "nickname" in diff and "description" in diff
    loss = one(page, '[data-role="diff"] .data-loss-line').text
    assert "2 row(s) hold data" in loss, loss
    screenshot(page, "16-migrations-diff")
    set_value(page, '[data-role="migration-name"]', "nickname and no role description")
    click(page, '[data-action="generate"]')
    generated = one(page, '[data-role="generated"]')
    assert "0002_nickname_and_no_role_description.sql" in generated.text
    assert "nickname" in generated.find_element("css selector", "pre.sql").text
    wait_for(page, lambda d: css(d, '[data-role="applied"] tr.pending[data-file="0002_nickname_and_no_role_description"]'))
    screenshot(page, "17-migration-generated")
    click(page, '[data-action="dry-run"]')
    dry = one(page, '[data-role="dry-run"]').text
    assert "0002_nickname_and_no_role_description" in dry
    assert studio.call("schema.status")["result"]["pending"] == ["0002_nickname_and_no_role_description"], "a dry run applies nothing"
    click(page, '[data-action="apply"]')
    dialog = one(page, "dialog[open]")
    assert "loses data" in dialog.text or "data" in dialog.text.lower()
    assert "roles" in dialog.text
    screenshot(page, "18-migration-confirm-data-loss")
    click(page, "dialog [data-confirm]")
    assert "0002_nickname_and_no_role_description" in one(page, '[data-role="migrated"]').text
    wait_for(page, lambda d: css(d, '[data-role="in-sync"]'))
    status = studio.call("schema.status")["result"]
    assert status["pending"] == [] and [file["name"] for file in status["applied"]][-1] == "0002_nickname_and_no_role_description"
    screenshot(page, "19-migration-applied")
