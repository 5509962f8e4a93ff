"""QR modules for a hand-off URL: error correction M, a quiet zone of four modules.

Only the module matrix is made here (pure Python, no Qt): the kiosk paints it straight into
an image, the tests and the benchmark time it. Dark on light is the caller's to keep.
"""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4


def qr_modules(text: str) -> list[list[bool]]:
    """The code's modules, quiet zone included, row by row (True is dark)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE, box_size=1)
    code.add_data(text)
    code.make(fit=True)
    return [[bool(m) for m in row] for row in code.get_matrix()]
