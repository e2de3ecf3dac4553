"""Shows how strong a new vault passphrase is while it is typed."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from models.rules.passphrase import LABELS, PassphraseAssessment, assess_passphrase

STEPS = len(LABELS)


NOT_RATED = "Strength"


class PassphraseStrengthMeter(QWidget):
    """A five-step bar, its label, and zxcvbn's advice.

    Holds the assessment only, never the passphrase. ``assessment_changed`` carries the new
    ``PassphraseAssessment``, or None when the field was cleared.
    """

    assessment_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._assessment: PassphraseAssessment | None = None

        self._bar = QProgressBar(self)
        self._bar.setRange(0, STEPS)
        self._bar.setTextVisible(False)
        self._bar.setAccessibleName("Passphrase strength")
        self._label = QLabel(self)
        self._label.setMinimumWidth(self._label.fontMetrics().horizontalAdvance("Very weak ") + 4)
        self._feedback = QLabel(self)
        self._feedback.setWordWrap(True)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self._bar, 1)
        row.addWidget(self._label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self._feedback)
        self._show(None)

    @property
    def assessment(self) -> PassphraseAssessment | None:
        return self._assessment

    @property
    def acceptable(self) -> bool:
        return self._assessment is not None and self._assessment.acceptable

    def label_text(self) -> str:
        return self._label.text()

    def feedback_text(self) -> str:
        return self._feedback.text()

    def filled_steps(self) -> int:
        return self._bar.value()

    def set_passphrase(self, text: str) -> None:
        # Scoring is synchronous (a few ms for a typical passphrase, bounded by the rule's
        # 100-character cut-off) so that ``acceptable`` is never stale when the form reads it.
        assessment = assess_passphrase(text) if text else None
        if assessment == self._assessment:
            return
        self._assessment = assessment
        self._show(assessment)
        self.assessment_changed.emit(assessment)

    def _show(self, assessment: PassphraseAssessment | None) -> None:
        if assessment is None:
            # An empty field is not "Very weak"; it is not rated at all.
            self._bar.setValue(0)
            # Named, so the empty bar does not look like a second input box.
            self._label.setText(NOT_RATED)
            self._feedback.setText("")
            self._bar.setAccessibleDescription("")
            return
        self._bar.setValue(assessment.score + 1)
        self._label.setText(assessment.label)
        self._bar.setAccessibleDescription(assessment.label)
        advice = [assessment.warning] if assessment.warning else []
        advice.extend(assessment.suggestions)
        self._feedback.setText("\n".join(advice))
