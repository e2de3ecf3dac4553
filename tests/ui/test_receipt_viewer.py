"""The receipt viewer against a real SQLCipher vault: pictures at their own size or fitted to
the window, zoom, PDFs with every page, receipts that cannot be shown, and never a file on
disk."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt

from models.enums import ReceiptType
from ui.purchases.receipt_viewer import NOT_AN_IMAGE, ReceiptViewer

from .purchase_support import jpeg_bytes, new_case, pdf_bytes, png_bytes, press, record


@pytest.fixture
def purchase_id(vault_services) -> int:
    return record(vault_services, new_case(vault_services), 45_00).id


@pytest.fixture
def open_viewer(qtbot, vault_services, sync_worker, ini_settings):
    def make(receipt_id: int) -> ReceiptViewer:
        viewer = ReceiptViewer(vault_services, sync_worker, receipt_id, settings=ini_settings)
        qtbot.addWidget(viewer)
        viewer.resize(700, 600)
        viewer.show()
        qtbot.waitExposed(viewer)
        viewer.activateWindow()
        qtbot.waitUntil(viewer.isActiveWindow)
        return viewer

    return make


def attach(services, purchase_id: int, content: bytes) -> int:
    return services.add_receipt(purchase_id, content).id


def test_a_small_picture_is_shown_at_its_own_size(qtbot, vault_services, purchase_id, open_viewer):
    viewer = open_viewer(attach(vault_services, purchase_id, png_bytes(120, 80)))
    assert viewer.is_loaded() and viewer.kind() is ReceiptType.PNG
    assert viewer.stack.currentWidget() is viewer.image_scroll
    assert viewer.image_size() == QSize(120, 80)
    assert viewer.shown_size() == QSize(120, 80)  # fitting never enlarges
    assert viewer.info_label.text() == "PNG · 120 by 80 pixels"
    assert viewer.zoom_label.text() == "Fitted · 100%"


def test_a_large_photo_is_fitted_to_the_window_and_zooms(
    qtbot, vault_services, purchase_id, open_viewer
):
    viewer = open_viewer(attach(vault_services, purchase_id, jpeg_bytes(2400, 1200)))
    assert viewer.kind() is ReceiptType.JPEG
    assert viewer.image_size() == QSize(2400, 1200)
    area = viewer.image_scroll.viewport().size()
    fitted = viewer.shown_size()
    assert 0 < fitted.width() <= area.width() and fitted.height() <= area.height()
    assert abs(fitted.width() - 2 * fitted.height()) <= 2  # the same proportions
    assert viewer.is_fitted()

    viewer.image_scroll.setFocus()
    press(qtbot, (Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier))
    assert not viewer.is_fitted()
    zoomed = viewer.shown_size()
    assert abs(zoomed.width() - fitted.width() * 1.25) <= 2
    press(qtbot, (Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier))
    press(qtbot, (Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier))
    assert viewer.shown_size().width() < fitted.width()

    # Fitted again, it follows the window's size.
    press(qtbot, (Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier))
    assert viewer.is_fitted() and viewer.shown_size() == fitted
    viewer.resize(1100, 900)
    qtbot.waitUntil(lambda: viewer.shown_size().width() > fitted.width())


def test_a_pdf_shows_every_page(qtbot, vault_services, purchase_id, open_viewer):
    viewer = open_viewer(attach(vault_services, purchase_id, pdf_bytes(4)))
    assert viewer.kind() is ReceiptType.PDF
    assert viewer.stack.currentWidget() is viewer.pdf_view
    assert viewer.page_count() == 4
    assert viewer.pdf_view.document().pageCount() == 4
    assert viewer.info_label.text() == "PDF · 4 pages"
    assert viewer.image_size() == QSize()
    assert viewer.zoom_label.text() == "Page width"
    viewer.zoom_in()
    assert viewer.zoom_label.text() == "125%"
    assert viewer.pdf_view.zoomFactor() == 1.25
    viewer.fit_to_window()
    assert viewer.zoom_label.text() == "Whole page"


def test_a_receipt_that_cannot_be_decoded_says_so(qtbot, vault_services, purchase_id, open_viewer):
    # It starts like a PNG, so the vault took it; it is not one.
    viewer = open_viewer(attach(vault_services, purchase_id, b"\x89PNG\r\n\x1a\n" + b"\0" * 64))
    assert not viewer.is_loaded()
    assert viewer.error_text() == NOT_AN_IMAGE
    assert viewer.stack.currentWidget() is viewer.status_label
    assert viewer.status_label.text() == NOT_AN_IMAGE
    assert not viewer.zoom_in_button.isEnabled()


def test_a_receipt_no_longer_in_the_vault(qtbot, open_viewer):
    viewer = open_viewer(999)
    assert viewer.error_text() == (
        "This receipt could not be opened. That receipt no longer exists in this vault."
    )


def test_viewing_receipts_never_writes_a_file(
    qtbot, vault_services, purchase_id, open_viewer, tmp_path, monkeypatch
):
    """No temporary copy: nothing appears in the temporary folder or beside the vault."""
    scratch = tmp_path / "scratch-temp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    picture = attach(vault_services, purchase_id, png_bytes(300, 200))
    document = attach(vault_services, purchase_id, pdf_bytes(2))

    def files() -> set[Path]:
        # The window's size goes to the settings file: that one may change.
        return {
            Path(root) / name
            for root, _dirs, names in os.walk(tmp_path)
            for name in names
            if not name.startswith("waypost.ini")
        }

    before = files()
    for receipt_id in (picture, document):
        viewer = open_viewer(receipt_id)
        assert viewer.is_loaded()
        viewer.grab()  # paint it, pages and all
        viewer.close()
    assert files() == before
    assert list(scratch.iterdir()) == []
