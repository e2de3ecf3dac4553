"""Where vaults and resources live. One helper finds resources, so a frozen build works."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "Waypost"


def data_folder() -> Path:
    return user_data_path(APP_NAME, appauthor=False, roaming=False)


def default_vault_folder() -> Path:
    return data_folder() / "vault"


# The demo vault's passphrase: it holds synthetic data only, and the unlock window shows it.
DEMO_PASSPHRASE = "waypost-demo"


def demo_vault_folder() -> Path:
    return data_folder() / "demo-vault"


def resource(*parts: str) -> Traversable:
    """A file under the ``resources`` package, whether installed, editable or frozen."""
    node: Traversable = files("resources")
    for part in parts:
        node = node / part
    return node
