"""How a run of multi-script text looks: size, weight, leading, colour and alignment."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

__all__ = ["LARGE_TYPE_FACTOR", "Align", "TextStyle"]

Align = Literal["start", "end", "left", "right", "center"]

# The large-type option scales every size by this (11 pt body text becomes about 15.5 pt).
LARGE_TYPE_FACTOR = 1.4


@dataclass(frozen=True, slots=True)
class TextStyle:
    """The look of a :class:`MultiScriptParagraph` or of a line drawn with ``draw_line``.

    ``align`` "start" and "end" follow the paragraph direction: "start" is the right edge for
    right-to-left text. ``leading`` defaults to 1.5 times the size, which leaves room for Arabic
    marks. ``language`` (a BCP 47 tag such as "fa" or "ur") lets the fonts pick local forms.
    """

    size: float = 11.0
    leading: float | None = None
    bold: bool = False
    color: str = "#1F2933"
    align: Align = "start"
    space_before: float = 0.0
    space_after: float = 0.0
    language: str | None = None

    def __post_init__(self) -> None:
        if self.size <= 0:
            raise ValueError("size must be positive")
        if self.leading is not None and self.leading <= 0:
            raise ValueError("leading must be positive")

    @property
    def line_height(self) -> float:
        """The distance between baselines."""
        return self.leading if self.leading is not None else self.size * 1.5

    def large(self, factor: float = LARGE_TYPE_FACTOR) -> TextStyle:
        """The same style in large type: sizes, leading and spacing scaled by ``factor``."""
        return replace(
            self,
            size=self.size * factor,
            leading=self.line_height * factor,
            space_before=self.space_before * factor,
            space_after=self.space_after * factor,
        )
