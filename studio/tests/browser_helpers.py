"""Small Selenium helpers: open a view, wait for what a person would wait for, read the grid."""
from __future__ import annotations

import json
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def wait_for(driver, condition, timeout: float = 10, message: str = ""):
    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: condition(d), message)


def css(driver, selector: str):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def one(driver, selector: str, timeout: float = 10):
    return wait_for(driver, lambda d: (d.find_elements(By.CSS_SELECTOR, selector) or [None])[0], timeout, f"no element {selector}")


def open_studio(driver, studio, route: str = "#/data") -> None:
    """A fresh load of the page from the URL the studio printed, then the route."""
    driver.get("about:blank")
    driver.get(studio.url)
    one(driver, "#table-list .table-link")
    if route:
        driver.execute_script("location.hash = arguments[0]", route)
    wait_for_idle(driver)


def wait_for_idle(driver, settle: float = 0.25) -> None:
    """Until no call of the page is pending and nothing shows 'Loading…' for a moment."""
    def idle(d):
        return d.execute_script("return !!window.studio && window.studio.rpc && window.studio.rpc.pending.size === 0 && !document.querySelector('#main .loading')")
    wait_for(driver, idle, 15, "the page kept loading")
    time.sleep(settle)
    wait_for(driver, idle, 15, "the page kept loading")


def grid_rows(driver) -> list[dict]:
    """The data grid as {field: text} per row, with the row's key and its classes."""
    return driver.execute_script("""
        const table = document.querySelector('table.grid[data-table]');
        if (!table) return [];
        return [...table.querySelectorAll('tbody tr[data-key]')].map(tr => {
            const row = {_key: tr.dataset.key, _class: tr.className};
            for (const td of tr.querySelectorAll('td[data-field]')) row[td.dataset.field] = td.innerText.trim();
            return row;
        });""")


def grid_fields(driver) -> list[str]:
    return driver.execute_script("return [...document.querySelectorAll('table.grid[data-table] thead th[data-field]')].map(th => th.dataset.field)")


def click(driver, selector: str) -> None:
    element = one(driver, selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def set_value(driver, selector: str, value: str) -> None:
    element = one(driver, selector)
    element.clear()
    element.send_keys(value)


def calls(driver) -> list[dict]:
    return json.loads(driver.execute_script("return JSON.stringify(window.studio.calls)"))


def toast_texts(driver) -> list[str]:
    return driver.execute_script("return [...document.querySelectorAll('#toasts .toast')].map(t => t.innerText)")


def text_of(driver, selector: str) -> str:
    """The text of the first element matching `selector` now ('' when there is none)."""
    return driver.execute_script("const e = document.querySelector(arguments[0]); return e ? e.innerText : ''", selector)
