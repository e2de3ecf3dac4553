"""The row under the plan: the quiet save status, and agree, review and print."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from models.dto import PlanVersionDTO, SupportPlanDTO
from models.rules.support_plan import IN_FORCE

__all__ = ["ButtonBar"]


class ButtonBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.save_status = QLabel(self)
        self.save_status.setObjectName("saveStatus")
        self.save_status.setStyleSheet("color: #5A6270;")
        self.save_status.setAccessibleName("Save status")
        self.agree = QPushButton("&Agree this plan…", self)
        self.agree.setToolTip("Record that the survivor agreed this draft")
        self.review = QPushButton("Mark as &reviewed…", self)
        self.review.setToolTip("Record that the plan was reviewed with the survivor, unchanged")
        self.print = QPushButton("Prin&t…", self)
        self.print.setToolTip("Preview this version of the plan, then print or save it")
        self.print_large = QPushButton("Print large t&ype…", self)
        self.print_large.setToolTip("The same plan in large type, for easier reading")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.save_status)
        layout.addStretch(1)
        for button in (self.agree, self.review, self.print, self.print_large):
            layout.addWidget(button)

    def update_for(self, plan: SupportPlanDTO | None, shown: PlanVersionDTO | None) -> None:
        """Offer what the version on screen allows."""
        editable = shown is not None and shown.editable
        in_force = (
            shown is not None
            and plan is not None
            and shown.id == plan.in_force_id
            and shown.status in IN_FORCE
        )
        self.agree.setVisible(editable)
        self.review.setVisible(in_force)
        self.print.setVisible(shown is not None)
        self.print_large.setVisible(shown is not None)
        self.save_status.setVisible(editable)
