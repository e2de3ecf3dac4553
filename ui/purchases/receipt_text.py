"""How a receipt is named in lists: "Receipt 1 · JPEG · 230 KB" (integers only)."""

from __future__ import annotations

from models.dto import ReceiptInfoDTO
from ui.labels import label

__all__ = ["receipt_text", "size_text"]

_KB = 1024
_MB = 1024 * 1024


def size_text(size_bytes: int) -> str:
    """230 KB, 1.4 MB; rounded to the nearest unit, and never "0 KB" for a file with bytes."""
    if size_bytes < _MB:
        return f"{max(1, (size_bytes + _KB // 2) // _KB) if size_bytes else 0} KB"
    tenths = (size_bytes * 10 + _MB // 2) // _MB
    return f"{tenths // 10}.{tenths % 10} MB"


def receipt_text(number: int, receipt: ReceiptInfoDTO) -> str:
    return f"Receipt {number} · {label(receipt.media_type)} · {size_text(receipt.size_bytes)}"
