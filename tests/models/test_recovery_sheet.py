"""The recovery sheet: one A4 page with the key in groups, the vault ID, the date, the advice."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from models.reports.recovery_sheet import build_recovery_sheet, recovery_key_groups

KEY = "K7QF-3MZP-W2XA-9HDC-R4TB-8NEV-6JYL-5SUG"
VAULT_ID = "3f2a9c1e-7b4d-4e0a-9c55-2d1f6a8b0e13"
CREATED = date(2026, 11, 25)


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture(scope="module")
def sheet() -> bytes:
    return build_recovery_sheet(recovery_key=KEY, vault_id=VAULT_ID, created_on=CREATED)


def test_is_a_single_a4_page_titled_recovery_key(sheet: bytes) -> None:
    reader = PdfReader(io.BytesIO(sheet))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert reader.metadata is not None
    assert reader.metadata.title == "Waypost recovery key"
    assert "Waypost recovery key" in _text(sheet)


def test_shows_every_key_group_in_order(sheet: bytes) -> None:
    text = _text(sheet)
    positions = [text.index(group) for group in KEY.split("-")]
    assert positions == sorted(positions)


def test_shows_vault_id_date_and_how_to_use_it(sheet: bytes) -> None:
    text = " ".join(_text(sheet).split())
    assert VAULT_ID in text
    assert "25 November 2026" in text
    assert "Use recovery key…" in text
    assert "waypost recover" in text
    assert "Anyone who has this key and a copy of the vault files" in text


def test_ungrouped_key_is_cut_into_groups_of_four() -> None:
    key = "ABCDEFGHJKMNPQRSTVWXYZ0123"  # 26 characters, as base32 of 128 bits
    assert recovery_key_groups(key) == ["ABCD", "EFGH", "JKMN", "PQRS", "TVWX", "YZ01", "23"]
    text = _text(build_recovery_sheet(recovery_key=key, vault_id="v", created_on=CREATED))
    positions = [text.index(group) for group in recovery_key_groups(key)]
    assert positions == sorted(positions)


def test_groups_ignore_spaces_and_keep_given_dashes() -> None:
    assert recovery_key_groups(" AB12-CD34 -EF56 ") == ["AB12", "CD34", "EF56"]
    assert recovery_key_groups("ab12 cd34") == ["ab12", "cd34"]


def test_empty_key_is_refused() -> None:
    with pytest.raises(ValueError):
        build_recovery_sheet(recovery_key=" - ", vault_id="v", created_on=CREATED)


def test_builds_the_same_layout_for_a_long_key() -> None:
    key = "-".join(["WXYZ"] * 16)  # 256 bits in base32 and more: still one page
    reader = PdfReader(
        io.BytesIO(build_recovery_sheet(recovery_key=key, vault_id="v", created_on=CREATED))
    )
    assert len(reader.pages) == 1


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_page_renders_with_visible_ink(sheet: bytes, tmp_path: Path) -> None:
    from PIL import Image

    source = tmp_path / "sheet.pdf"
    source.write_bytes(sheet)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(source), str(tmp_path / "page")],
        check=True,
        capture_output=True,
    )
    [png] = sorted(tmp_path.glob("page*.png"))
    image = Image.open(png).convert("L")
    width, height = image.size
    dark = sum(image.histogram()[:128])
    assert dark > 0.01 * width * height  # a blank page has none

    # The key box sits in the top third and is drawn in heavy type.
    top = image.crop((0, 0, width, height // 3))
    top_dark = sum(top.histogram()[:128])
    assert top_dark > 0.02 * top.size[0] * top.size[1]
