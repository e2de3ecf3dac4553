"""Which version of the plan is on screen ("Version 2 — Agreed on 3 Mar 2026"), and a list of
every version to look at an older one."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from models.dto import PlanVersionSummary, SupportPlanDTO
from models.enums import PlanStatus
from ui.case.formatting import format_date

__all__ = ["VersionBar", "describe_version"]

_STYLE = """
QLabel#versionTitle { font-size: 15px; font-weight: 600; }
QLabel#versionStatus { border-radius: 9px; padding: 2px 10px; font-weight: 600; }
QLabel#versionStatus[status="drafted"] { background: #FFF6DD; color: #5C4300; }
QLabel#versionStatus[status="agreed"], QLabel#versionStatus[status="reviewed"] {
    background: #EAF6EC; color: #1E5128;
}
QLabel#versionStatus[status="superseded"] { background: #ECEEF1; color: #3D4450; }
QLabel#versionDetail { color: #3D4450; }
"""


def describe_version(summary: PlanVersionSummary) -> str:
    """ "Draft", "Agreed on 3 Mar 2026", "Reviewed on 1 Jun 2026 (agreed on 3 Mar 2026)"."""
    agreed = f"agreed on {format_date(summary.agreed_on)}" if summary.agreed_on else ""
    if summary.status is PlanStatus.DRAFTED:
        return "Draft"
    if summary.status is PlanStatus.REVIEWED and summary.reviewed_on is not None:
        reviewed = f"Reviewed on {format_date(summary.reviewed_on)}"
        return f"{reviewed} ({agreed})" if agreed else reviewed
    if summary.status is PlanStatus.SUPERSEDED:
        return "Superseded" + (f" (was {agreed})" if agreed else "")
    return agreed[:1].upper() + agreed[1:] if agreed else "Agreed"


class VersionBar(QWidget):
    """``version_chosen`` carries the ID of the version the navigator picked in the list."""

    version_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(_STYLE)
        self._filling = False
        self.title = QLabel(self)
        self.title.setObjectName("versionTitle")
        self.status = QLabel(self)
        self.status.setObjectName("versionStatus")
        self.detail = QLabel(self)
        self.detail.setObjectName("versionDetail")
        self.versions = QComboBox(self)
        self.versions.setAccessibleName("Show version")
        self.versions.setMinimumContentsLength(30)
        self.versions.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.versions.activated.connect(self._on_activated)
        caption = QLabel("Show &version", self)
        caption.setBuddy(self.versions)
        self._caption = caption
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.detail)
        layout.addStretch(1)
        layout.addWidget(caption)
        layout.addWidget(self.versions)
        self.set_plan(None, None)

    def set_plan(self, plan: SupportPlanDTO | None, shown_id: int | None, detail: str = "") -> None:
        """Show ``plan``'s versions, newest first, with ``shown_id`` selected; ``detail`` is a
        note beside the status ("the plan in force")."""
        self._filling = True
        try:
            self.versions.clear()
            summaries = list(reversed(plan.versions)) if plan is not None else []
            for summary in summaries:
                text = f"Version {summary.number} — {describe_version(summary)}"
                if plan is not None and summary.id == plan.in_force_id:
                    text += " — in force"
                self.versions.addItem(text, summary.id)
            index = self.versions.findData(shown_id) if shown_id is not None else -1
            self.versions.setCurrentIndex(index)
        finally:
            self._filling = False
        self.versions.setVisible(len(summaries) > 1)
        self._caption.setVisible(len(summaries) > 1)
        shown = next((s for s in summaries if s.id == shown_id), None)
        if shown is None:
            self.title.setText("Support plan")
            self.status.hide()
            self.detail.setText("")
            return
        self.title.setText(f"Version {shown.number}")
        self.status.setText(describe_version(shown))
        self.status.setProperty("status", shown.status.value)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.show()
        self.detail.setText(detail)

    def _on_activated(self, index: int) -> None:
        value = self.versions.itemData(index)
        if not self._filling and isinstance(value, int):
            self.version_chosen.emit(value)
