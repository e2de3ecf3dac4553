"""What every service call needs: the open store, who is acting, and what day it is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from models.store import Store


@dataclass(frozen=True)
class ServiceContext:
    store: Store
    user: str
    # Injected so that date rules can be tested at their boundaries.
    today: Callable[[], date] = field(default=date.today)
