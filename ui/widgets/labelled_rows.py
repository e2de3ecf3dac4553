"""Form rows whose caption is the field's buddy, so Alt+letter reaches every field."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget


def add_labelled_row(
    form: QFormLayout,
    labels: dict[str, QLabel],
    name: str,
    text: str,
    field: QWidget,
    *,
    buddy: QWidget | None = None,
    accessible: bool = True,
) -> QLabel:
    """Add ``text`` (with its & mnemonic) as the caption of ``field`` and remember the label.

    ``labels`` is kept by the form so validation can mark a field's caption as well as the
    field. ``buddy`` is the widget the mnemonic focuses when it is not the field itself (a group
    of checkboxes, say); ``accessible`` names the field after its caption for screen readers.
    """
    parent = form.parentWidget()
    caption = QLabel(text, parent)
    caption.setBuddy(buddy or field)
    if accessible:
        field.setAccessibleName(text.replace("&", ""))
    labels[name] = caption
    form.addRow(caption, field)
    return caption
