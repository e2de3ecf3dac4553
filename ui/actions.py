"""One registry of the app's actions, so menus, toolbars and shortcuts share them (Picard)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from PySide6.QtCore import QKeyCombination, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

LOCK = "lock"
FOCUS_SEARCH = "focus_search"
NEW_CASE = "new_case"
GO_CASELOAD = "go_caseload"
GO_AGENDA = "go_agenda"
GO_BUDGET = "go_budget"
GO_IMPACT = "go_impact"
GO_SETTINGS = "go_settings"
QUIT = "quit"

# Portable text: Qt shows "Ctrl" as the Command key on macOS.
DEFAULT_SHORTCUTS: Mapping[str, str] = MappingProxyType(
    {
        LOCK: "Ctrl+L",
        FOCUS_SEARCH: "Ctrl+F",
        NEW_CASE: "Ctrl+N",
        GO_CASELOAD: "Ctrl+1",
        GO_AGENDA: "Ctrl+2",
        GO_BUDGET: "Ctrl+3",
        GO_IMPACT: "Ctrl+4",
        GO_SETTINGS: "Ctrl+,",
        QUIT: "Ctrl+Q",
    }
)


def _combinations(sequence: QKeySequence) -> list[QKeyCombination]:
    return [sequence[i] for i in range(sequence.count())]  # type: ignore[index]


class ActionRegistry(QObject):
    """Owns every QAction by name. Names and shortcuts must each be unique."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._actions: dict[str, QAction] = {}

    def register(
        self,
        name: str,
        text: str,
        shortcut: QKeySequence | str | None,
        handler: Callable[[], object],
    ) -> QAction:
        if name in self._actions:
            raise ValueError(f"An action named {name!r} is already registered")
        sequence = QKeySequence(shortcut) if shortcut is not None else QKeySequence()
        # Qt turns text it cannot parse into Key_unknown instead of failing, and that action
        # would silently have no shortcut.
        if any(combo.key() == Qt.Key.Key_unknown for combo in _combinations(sequence)):
            raise ValueError(f"{shortcut!r} is not a valid shortcut")
        if not sequence.isEmpty():
            # Qt resolves two actions with one shortcut by triggering neither, silently.
            for other_name, other in self._actions.items():
                if other.shortcut() == sequence:
                    raise ValueError(
                        f"{sequence.toString()} is already the shortcut for {other_name!r}"
                    )
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcut(sequence)

        def trigger(_checked: bool = False) -> None:
            handler()

        action.triggered.connect(trigger)
        self._actions[name] = action
        return action

    def get(self, name: str) -> QAction:
        try:
            return self._actions[name]
        except KeyError:
            raise KeyError(f"No action named {name!r} is registered") from None

    def __contains__(self, name: object) -> bool:
        return name in self._actions

    def names(self) -> tuple[str, ...]:
        return tuple(self._actions)

    def add_to(self, widget: QWidget) -> None:
        """Make every shortcut work while ``widget``'s window is active."""
        widget.addActions(list(self._actions.values()))
