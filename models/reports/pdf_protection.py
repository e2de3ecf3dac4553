"""Password protection for a PDF that leaves the vault: AES-256 with pypdf.

The recipient opens the file with the password the navigator gives them separately (by phone,
not in the same email). The owner password, which would lift the restrictions, is a random
secret nobody is told: nobody needs to change the document, only to read it.
"""

from __future__ import annotations

import io
import secrets

from pypdf import PdfReader, PdfWriter

__all__ = ["encrypt_pdf"]

# Keep the neutral fields the builders set; drop anything else a producer may have added.
_KEPT_METADATA = ("/Title", "/Author", "/Subject", "/Creator", "/Producer", "/CreationDate")


def encrypt_pdf(pdf: bytes, password: str) -> bytes:
    """``pdf`` encrypted with AES-256 (PDF 2.0 security handler, revision 6).

    Every string and stream, the document information included, is encrypted; only the
    password opens it. Raises ValueError for an empty password, which would open it for anyone.
    """
    if not password:
        raise ValueError("An encrypted PDF needs a password.")
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    metadata = reader.metadata
    kept = {key: metadata[key] for key in _KEPT_METADATA if key in metadata} if metadata else {}
    writer.metadata = kept
    writer.encrypt(
        user_password=password,
        owner_password=secrets.token_urlsafe(32),
        algorithm="AES-256",
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
