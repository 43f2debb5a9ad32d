"""Fixtures of the studio's browser tests: one example app with rows and one studio for the
session, a headless Chromium per session, and a check after every test that the page's console
stayed free of errors (a test that expects one says so with the `console_errors_expected` mark)."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from studio_harness import SCREENSHOTS, Studio, make_app, temporary_folder

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
except ImportError:  # pragma: no cover - reported by the Swift test that runs this suite
    webdriver = None


def pytest_configure(config):
    config.addinivalue_line("markers", "console_errors_expected: the test provokes errors in the page's console on purpose")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def app_folder():
    folder = temporary_folder("wizdb-studio-app-")
    ids = make_app(folder)
    yield folder, ids
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def studio(app_folder):
    folder, _ = app_folder
    server = Studio(folder).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def ids(app_folder):
    return app_folder[1]


def find_binary(*names: str) -> str | None:
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="session")
def browser():
    if webdriver is None:
        pytest.fail("selenium is not installed: .build-venv/bin/pip install selenium (or run .ci/run)")
    chromium = find_binary("chromium", "chromium-browser", "google-chrome")
    driver_path = find_binary("chromedriver")
    if not chromium or not driver_path:
        pytest.fail("Chromium and its driver are needed: apt-get install chromium chromium-driver (or run .ci/run)")
    options = Options()
    options.binary_location = chromium
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1440,900",
                     "--force-device-scale-factor=1", "--disable-extensions", "--no-first-run", "--lang=en-US"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, request):
    """The browser, its console emptied before the test and checked after it."""
    browser.get_log("browser")
    yield browser
    entries = browser.get_log("browser")
    errors = [entry for entry in entries if entry["level"] == "SEVERE"]
    if request.node.get_closest_marker("console_errors_expected") is None:
        assert not errors, "the page's console has errors:\n" + "\n".join(entry["message"] for entry in errors)


def screenshot(driver, name: str) -> Path:
    time.sleep(0.15)
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
