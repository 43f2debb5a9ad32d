"""`pip install` of the package into a fresh virtual environment, then a call through it."""
from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

from conftest import BINARY

PACKAGE = Path(__file__).resolve().parents[1]


def test_pip_install_into_a_fresh_virtual_environment(tmp_path: Path) -> None:
    # Installed from a copy, so the build leaves nothing in the source folder.
    source = tmp_path / "source"
    shutil.copytree(PACKAGE, source, ignore=shutil.ignore_patterns("tests", "build", "*.egg-info", "__pycache__", ".mypy_cache"))
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(source)],
                             capture_output=True, text=True)
    assert install.returncode == 0, install.stdout + install.stderr
    script = (
        "import wizdb, sys\n"
        "with wizdb.Client.spawn(command=sys.argv[1], db=sys.argv[2]) as db:\n"
        "    print(db.call('query.sql', {'sql': 'SELECT 9007199254740993 AS n', 'readOnly': True})['rows'][0]['n'])\n"
        "print(wizdb.__version__, wizdb.__file__)\n"
    )
    run = subprocess.run([str(python), "-c", script, BINARY, str(tmp_path / "db.sqlite")], capture_output=True, text=True,
                         cwd=str(tmp_path))
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "9007199254740993"
    assert lines[1].startswith("0.1.0 ") and str(environment) in lines[1], "imported from the virtual environment"
