"""Every security rule of the studio, checked with raw HTTP (any Host, any Origin) and in the browser."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import time

import pytest

from browser_helpers import css, one, open_studio, wait_for, wait_for_idle
from conftest import screenshot
from studio_harness import WIZDB, Studio, make_app, rpc_lines, temporary_folder, websocket_handshake

WS_REFUSED = 400
PING = json.dumps({"jsonrpc": "2.0", "id": 7, "method": "ping"}).encode()


def authorized(studio, **extra):
    return {"Authorization": f"Bearer {studio.token}", "Content-Type": "application/json", **extra}


def test_listens_on_loopback_only(studio):
    listening = []
    for line in open("/proc/net/tcp").read().splitlines()[1:] + open("/proc/net/tcp6").read().splitlines()[1:]:
        fields = line.split()
        address, port = fields[1].rsplit(":", 1)
        if int(port, 16) == studio.port and fields[3] == "0A":
            listening.append(address)
    assert listening == ["0100007F"], f"bound to {listening}: only 127.0.0.1 is expected"


def test_another_address_needs_host_and_prints_a_warning(app_folder):
    folder, _ = app_folder
    process = subprocess.Popen([WIZDB, "studio", "--db", str(folder / "app.sqlite"), "--host", "0.0.0.0", "--port", "0"],
                               cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        url = process.stdout.readline().decode()
        assert url.startswith("http://0.0.0.0:")
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert "warning: listening on 0.0.0.0, not on the loopback address" in stderr.decode()


def test_every_rpc_request_needs_the_token(studio):
    assert studio.request("POST", "/rpc", PING, {"Content-Type": "application/json"}).status == 401
    assert studio.request("POST", "/rpc", PING, {"Authorization": "Bearer " + "0" * 64}).status == 401
    assert studio.request("POST", "/rpc", PING, {"Authorization": "Bearer " + studio.token[:-1]}).status == 401
    assert studio.request("POST", "/rpc", PING, {"Authorization": "Bearer " + studio.token + "0"}).status == 401
    assert studio.request("POST", "/rpc", PING, {"Authorization": "Basic " + studio.token}).status == 401
    answer = studio.request("POST", "/rpc", PING, authorized(studio))
    assert answer.status == 200 and json.loads(answer.body) == {"jsonrpc": "2.0", "id": 7, "result": {}}
    # The WebSocket too: in the Authorization header, or as the subprotocol a browser can send.
    # A refused handshake is answered 400 (the WebSocket library answers every refused upgrade so).
    assert websocket_handshake(studio.port).status == WS_REFUSED
    assert websocket_handshake(studio.port, protocols=["wizdb", "bearer.nope"]).status == WS_REFUSED
    upgraded = websocket_handshake(studio.port, protocols=["wizdb", f"bearer.{studio.token}"])
    assert upgraded.status == 101 and upgraded.header("sec-websocket-protocol") == "wizdb"
    assert websocket_handshake(studio.port, authorization=f"Bearer {studio.token}").status == 101


def test_host_must_be_loopback_with_our_port(studio):
    for host in ["evil.example", f"evil.example:{studio.port}", f"127.0.0.1:{studio.port + 1}", f"192.168.1.5:{studio.port}", ""]:
        assert studio.request("GET", "/", host=host).status == 403, host
        assert studio.request("POST", "/rpc", PING, authorized(studio), host=host).status == 403, host
        assert websocket_handshake(studio.port, protocols=["wizdb", f"bearer.{studio.token}"], host=host).status == WS_REFUSED, host
    for host in [f"127.0.0.1:{studio.port}", f"localhost:{studio.port}"]:
        assert studio.request("GET", "/", host=host).status == 200
        assert studio.request("POST", "/rpc", PING, authorized(studio, Origin=f"http://{host}"), host=host).status == 200


def test_origin_must_match_for_post_and_websocket(studio):
    own = f"http://127.0.0.1:{studio.port}"
    for origin in ["http://evil.example", "null", f"http://localhost:{studio.port}", f"https://127.0.0.1:{studio.port}", f"http://127.0.0.1:{studio.port + 1}"]:
        assert studio.request("POST", "/rpc", PING, authorized(studio, Origin=origin)).status == 403, origin
        assert websocket_handshake(studio.port, protocols=["wizdb", f"bearer.{studio.token}"], origin=origin).status == WS_REFUSED, origin
    assert studio.request("POST", "/rpc", PING, authorized(studio, Origin=own)).status == 200
    assert websocket_handshake(studio.port, protocols=["wizdb", f"bearer.{studio.token}"], origin=own).status == 101


def test_security_headers_on_every_response_and_no_cors(studio):
    responses = {
        "page": studio.request("GET", "/"),
        "module": studio.request("GET", "/js/main.js"),
        "stylesheet": studio.request("GET", "/style.css"),
        "rpc": studio.request("POST", "/rpc", PING, authorized(studio)),
        "unauthorized": studio.request("POST", "/rpc", PING),
        "not found": studio.request("GET", "/nope.js"),
        "forbidden": studio.request("GET", "/", host="evil.example"),
        "preflight": studio.request("OPTIONS", "/rpc", headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST",
                                                                 "Access-Control-Request-Headers": "authorization"}),
    }
    assert responses["page"].status == 200
    script = re.search(rb'<script type="module" src="(/s/[0-9a-f]+/js/main\.js)">', responses["page"].body)
    assert script, "the page loads its module from its versioned folder"
    versioned = studio.request("GET", script.group(1).decode())
    assert versioned.status == 200 and versioned.body == responses["module"].body
    assert versioned.header("cache-control") == "public, max-age=31536000, immutable", "versioned files are cached for good"
    assert responses["page"].header("cache-control") == "no-store" and responses["rpc"].header("cache-control") == "no-store"
    responses["versioned"] = versioned
    assert responses["module"].header("content-type") == "text/javascript; charset=utf-8"
    assert responses["not found"].status == 404
    assert responses["preflight"].status in (403, 404, 405)
    for name, response in responses.items():
        csp = response.header("content-security-policy") or ""
        assert csp.startswith("default-src 'self'"), (name, csp)
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert response.header("x-content-type-options") == "nosniff", name
        assert not [header for header in response.headers if header.startswith("access-control-")], (name, response.headers)


def test_request_bodies_are_bounded(studio):
    too_large = b"[" + b" " * (16 << 20) + b"]"
    assert studio.request("POST", "/rpc", too_large, authorized(studio)).status == 413
    assert studio.request("POST", "/rpc", PING, authorized(studio)).status == 200, "still serving"


def test_post_answers_exactly_what_stdio_answers(studio, app_folder):
    folder, _ = app_folder
    requests = [
        {"method": "schema.describe", "params": {"table": "roles", "rows": False}},
        {"method": "query.count", "params": {"table": "users", "where": {"credits": {"gte": 500}}}},
        {"method": "query.select", "params": {"table": "roles", "orderBy": [{"field": "name", "direction": "asc"}], "fields": ["name", "description"]}},
        {"method": "query.select", "params": {"table": "nope"}},
        {"method": "no.such.method"},
    ]
    completed = subprocess.run([WIZDB, "--db", str(folder / "app.sqlite"), "--ordered-responses"], input=rpc_lines(requests),
                               capture_output=True, cwd=folder, timeout=60)
    over_stdio = completed.stdout.decode().splitlines()
    for index, request in enumerate(requests):
        body = json.dumps({"jsonrpc": "2.0", "id": index + 1, **request}).encode()
        answer = studio.request("POST", "/rpc", body, authorized(studio))
        assert answer.body.decode() == over_stdio[index], request
    batch = studio.request("POST", "/rpc", b'[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"ping"},{"jsonrpc":"2.0","id":2,"method":"nope"}]', authorized(studio))
    assert json.loads(batch.body) == [{"jsonrpc": "2.0", "id": 1, "result": {}},
                                      {"jsonrpc": "2.0", "id": 2, "error": {"code": -32601, "message": "Method not found: nope", "data": {"kind": "method_not_found", "method": "nope"}}}]
    assert studio.request("POST", "/rpc", b'{"jsonrpc":"2.0","method":"ping"}', authorized(studio)).status == 204
    assert json.loads(studio.request("POST", "/rpc", b"{not json", authorized(studio)).body)["error"]["code"] == -32700


@pytest.mark.console_errors_expected
def test_the_page_runs_under_its_content_security_policy(page, studio):
    open_studio(page, studio, "#/data/roles")
    ran = page.execute_script("""
        window.inlineRan = false;
        const script = document.createElement('script');
        script.textContent = 'window.inlineRan = true';
        document.body.append(script);
        return window.inlineRan;""")
    assert ran is False, "an inline script must not run"
    time.sleep(0.2)
    errors = [entry["message"] for entry in page.get_log("browser") if entry["level"] == "SEVERE"]
    assert any("Content Security Policy" in message for message in errors), errors


def test_a_page_without_the_token_gets_nothing(page, studio):
    page.get("about:blank")
    page.get(f"http://127.0.0.1:{studio.port}/")
    page.execute_script("sessionStorage.clear()")
    page.get("about:blank")
    page.get(f"http://127.0.0.1:{studio.port}/#/data")
    empty = one(page, ".empty-state")
    assert "No token" in empty.text
    screenshot(page, "26-no-token")


@pytest.fixture(scope="module")
def locked_down(app_folder):
    folder, _ = app_folder
    server = Studio(folder, args=["--read-only", "--no-raw-sql"]).start()
    yield server
    server.stop()


def test_read_only_refuses_every_write(page, locked_down):
    studio = locked_down
    for method, params in [("query.insert", {"table": "roles", "values": {"name": "x"}}),
                           ("query.update", {"table": "roles", "where": {"name": "admin"}, "set": {"description": "x"}}),
                           ("query.softDelete", {"table": "roles", "where": {"name": "admin"}}),
                           ("query.delete", {"table": "roles", "where": {"name": "admin"}}),
                           ("schema.migrate", {}), ("maintenance.vacuum", {})]:
        answer = studio.call(method, params)
        assert answer.get("error", {}).get("data", {}).get("kind") == "read_only", (method, answer)
    open_studio(page, studio, "#/data/roles")
    assert one(page, "#badges .badge.warn").text == "read-only"
    assert not css(page, '[data-action="insert"]') and not css(page, '[data-action="edit"]')
    screenshot(page, "27-read-only")


def test_no_raw_sql_switches_the_console_off(page, locked_down):
    studio = locked_down
    answer = studio.call("query.sql", {"sql": "SELECT 1", "readOnly": True})
    assert answer["error"]["data"]["kind"] == "raw_sql_disabled"
    open_studio(page, studio, "#/sql")
    assert "SQL is switched off" in one(page, '[data-role="sql-disabled"]').text
    screenshot(page, "28-no-raw-sql")
