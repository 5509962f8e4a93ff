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


def qr_svg(text: str) -> str:
    """The code as a small inline SVG (one path of unit squares, quiet zone included), for
    the phone page's own QR: the browser scales it sharp, no image request, no script."""
    modules = qr_modules(text)
    size = len(modules)
    runs = []
    for y, row in enumerate(modules):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges" role="img">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>'
    )
