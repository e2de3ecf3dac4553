"""models/ is the Qt-free core: it must import neither Qt, nor ui, nor desktop."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import models

FORBIDDEN = ("PySide6", "shiboken6", "ui", "desktop")
MODELS_DIR = Path(models.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_module_in_models_imports_qt_ui_or_desktop() -> None:
    offenders = []
    for path in sorted(MODELS_DIR.rglob("*.py")):
        for name in _imported_modules(path):
            if name.split(".")[0] in FORBIDDEN:
                offenders.append(f"{path.relative_to(MODELS_DIR)} imports {name}")
    assert offenders == []


def test_importing_every_models_module_loads_no_qt() -> None:
    # A fresh interpreter, so that Qt loaded by other tests cannot hide an import.
    script = (
        "import pkgutil, importlib, sys, models\n"
        "for m in pkgutil.walk_packages(models.__path__, 'models.'):\n"
        "    if '.migrations.' not in m.name + '.':\n"
        "        importlib.import_module(m.name)\n"
        "print(sorted(k for k in sys.modules if k.split('.')[0] in "
        "('PySide6', 'shiboken6', 'ui', 'desktop')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_ui_never_imports_the_database_or_desktop() -> None:
    import ui

    offenders = []
    for path in sorted(Path(ui.__file__).parent.rglob("*.py")):
        for name in _imported_modules(path):
            if name.split(".")[0] in ("sqlalchemy", "sqlcipher3", "desktop"):
                offenders.append(f"ui/{path.name} imports {name}")
    assert offenders == []
