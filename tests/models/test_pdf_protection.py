"""AES-256 password protection of exported PDFs (pypdf).

The right password opens the file and its text reads back; a wrong one or none does not, and
nothing readable is left in the file's bytes.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError
from pypdf.generic import DictionaryObject
from reportlab.pdfgen.canvas import Canvas

from models.reports.pdf_protection import encrypt_pdf
from models.reports.police_summary import build_police_summary
from tests.models.summary_samples import EXPORT_REFERENCE, police

PASSWORD = "correct horse battery staple"
PLAIN_MARKER = "PLAINTEXT-MARKER-7731"


@pytest.fixture(scope="module")
def summary_pdf() -> bytes:
    return build_police_summary(police())


@pytest.fixture(scope="module")
def encrypted(summary_pdf: bytes) -> bytes:
    return encrypt_pdf(summary_pdf, PASSWORD)


def uncompressed_pdf() -> bytes:
    """A one-page PDF whose text sits in the file as it is, so its absence later means
    something."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=0)
    canvas.setTitle(PLAIN_MARKER)
    canvas.drawString(72, 720, PLAIN_MARKER)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def encryption_dict(pdf: bytes) -> DictionaryObject:
    entry = PdfReader(io.BytesIO(pdf)).trailer["/Encrypt"].get_object()
    assert isinstance(entry, DictionaryObject)
    return entry


def test_the_right_password_opens_it_and_the_text_reads_back(encrypted: bytes) -> None:
    reader = PdfReader(io.BytesIO(encrypted))
    assert reader.is_encrypted
    assert reader.decrypt(PASSWORD) != 0  # PasswordType.NOT_DECRYPTED is 0
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "OFFICIAL-SENSITIVE" in text
    assert EXPORT_REFERENCE in text
    assert "Mental health" in text


def test_a_wrong_password_opens_nothing(encrypted: bytes) -> None:
    reader = PdfReader(io.BytesIO(encrypted))
    assert reader.decrypt("correct horse battery stapler") == 0
    with pytest.raises(FileNotDecryptedError):
        reader.pages[0].extract_text()


def test_no_password_reads_nothing(encrypted: bytes) -> None:
    reader = PdfReader(io.BytesIO(encrypted))
    assert reader.is_encrypted
    with pytest.raises(FileNotDecryptedError):
        reader.pages[0].extract_text()


def test_it_is_aes_256() -> None:
    entry = encryption_dict(encrypt_pdf(uncompressed_pdf(), PASSWORD))
    assert entry["/V"] == 5
    assert entry["/R"] == 6
    assert entry["/CF"]["/StdCF"]["/CFM"] == "/AESV3"


def test_no_plaintext_is_left_in_the_bytes() -> None:
    plain = uncompressed_pdf()
    assert PLAIN_MARKER.encode() in plain  # the check below means something
    protected = encrypt_pdf(plain, PASSWORD)
    assert PLAIN_MARKER.encode() not in protected
    reader = PdfReader(io.BytesIO(protected))
    reader.decrypt(PASSWORD)
    assert PLAIN_MARKER in reader.pages[0].extract_text()


def test_the_metadata_is_encrypted_and_stays_neutral(summary_pdf: bytes, encrypted: bytes) -> None:
    assert b"Police summary" in summary_pdf
    assert b"Police summary" not in encrypted
    reader = PdfReader(io.BytesIO(encrypted))
    reader.decrypt(PASSWORD)
    assert reader.metadata is not None
    assert reader.metadata.title == "Police summary"
    assert reader.metadata.author == "Waypost"


def test_the_owner_password_is_a_fresh_secret_each_time(summary_pdf: bytes) -> None:
    first = encryption_dict(encrypt_pdf(summary_pdf, PASSWORD))
    second = encryption_dict(encrypt_pdf(summary_pdf, PASSWORD))
    assert first["/O"] != second["/O"]
    # The owner password is not the user's: the user's password opens it as a user only.
    reader = PdfReader(io.BytesIO(encrypt_pdf(summary_pdf, PASSWORD)))
    assert reader.decrypt(PASSWORD).name == "USER_PASSWORD"


def test_an_empty_password_is_refused(summary_pdf: bytes) -> None:
    with pytest.raises(ValueError, match="password"):
        encrypt_pdf(summary_pdf, "")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_poppler_needs_the_password_too(encrypted: bytes, tmp_path: Path) -> None:
    path = tmp_path / "protected.pdf"
    path.write_bytes(encrypted)
    refused = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert refused.returncode != 0
    opened = subprocess.run(
        ["pdftotext", "-upw", PASSWORD, str(path), "-"], capture_output=True, text=True
    )
    assert opened.returncode == 0
    assert EXPORT_REFERENCE in opened.stdout
