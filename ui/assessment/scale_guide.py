"""The anchored scale of one domain, under the score grid: the five levels with their one-line
descriptors, the survivor's and the navigator's chosen levels marked, and the level of the score
under the cursor in bold. It follows the cursor, so the navigator can read the anchors out while
the survivor decides."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from models.enums import Perspective, RecoveryDomain
from models.rules.assessment_scale import LEVEL_NAMES, SCORES, descriptor
from ui.labels import label

__all__ = ["ScaleGuide", "focus_text"]

_STYLE = (
    "QLabel#scaleGuide { background: #F7F9FC; border: 1px solid #D5DCE6; border-radius: 6px;"
    " padding: 6px 8px; color: #1F2A36; }"
)
_WHOSE = {Perspective.SURVIVOR: "Survivor's score", Perspective.NAVIGATOR: "Navigator's score"}


def focus_text(domain: RecoveryDomain, perspective: Perspective | None, score: int | None) -> str:
    """One plain line about the score under the cursor: what a screen reader says, and what
    tests read."""
    if perspective is None:
        return f"{label(domain)}."
    whose = _WHOSE[perspective]
    if score is None:
        return f"{label(domain)}, {whose.lower()}: not scored. Type 1 to 5."
    level = f"{score} {LEVEL_NAMES[score]}"
    return f"{label(domain)}, {whose.lower()}: {level}. {descriptor(domain, score)}"


class ScaleGuide(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scaleGuide")
        self.setStyleSheet(_STYLE)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setAccessibleName("Scale for the selected domain")
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._plain = ""

    def plain_text(self) -> str:
        return self._plain

    def show_domain(
        self,
        domain: RecoveryDomain,
        survivor: int | None,
        navigator: int | None,
        current: Perspective | None,
    ) -> None:
        chosen = {Perspective.SURVIVOR: survivor, Perspective.NAVIGATOR: navigator}
        self._plain = focus_text(domain, current, chosen[current] if current else None)
        rows = []
        for score in SCORES:
            marks = " ".join(
                name
                for perspective, name in (
                    (Perspective.SURVIVOR, "survivor"),
                    (Perspective.NAVIGATOR, "navigator"),
                )
                if chosen[perspective] == score
            )
            bold = current is not None and chosen[current] == score
            anchor = escape(descriptor(domain, score))
            text = f"<b>{score} {escape(LEVEL_NAMES[score])}</b> — {anchor}"
            if bold:
                text = f"<span style='background:#DCE6F3'>{text}</span>"
            mark = f"<span style='color:#1F5FA8'>◀ {escape(marks)}</span>" if marks else ""
            rows.append(f"<tr><td>{text}</td><td style='padding-left:10px'>{mark}</td></tr>")
        heading = f"<b>{escape(label(domain))}</b>"
        if current is not None:
            value = chosen[current]
            now = "not scored: type 1 to 5" if value is None else f"{value} {LEVEL_NAMES[value]}"
            heading += f" · {escape(_WHOSE[current])}: {escape(now)}"
        self.setText(f"{heading}<table cellspacing='0' cellpadding='1'>{''.join(rows)}</table>")
        self.setAccessibleDescription(self._plain)
