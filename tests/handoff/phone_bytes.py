"""What a phone downloads for the follow-up page, counted from the real server's answers.

``test_a_phone_downloads_far_fewer_picture_bytes`` prints the figures (run it with ``-s``);
``test_in_a_browser`` counts what a real Chromium downloads.
The choice of picture follows what browsers do with ``srcset`` and ``w`` descriptors: the
smallest candidate at least ``slot width x device pixel ratio`` wide (else the largest),
from the WebP ``<source>`` when there is one.
"""

from __future__ import annotations

import http.client
import re
from dataclasses import dataclass

PHONE_WIDTH = 412  # CSS px, a common Android phone (and Lighthouse's mobile viewport)
PHONE_DPR = 2.6


@dataclass(frozen=True)
class Fetched:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(port: int, target: str, method: str = "GET") -> Fetched:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, target, headers={"Accept": "image/avif,image/webp,*/*"})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return Fetched(response.status, {k.lower(): v for k, v in response.getheaders()}, body)


def pick(srcset: str, wanted: float) -> str:
    candidates = []
    for item in srcset.split(","):
        url, width = item.split()
        candidates.append((int(width.rstrip("w")), url))
    candidates.sort()
    return next((url for width, url in candidates if width >= wanted), candidates[-1][1])


def pictures_chosen(html: str, width: int = PHONE_WIDTH, dpr: float = PHONE_DPR) -> list[str]:
    """The picture URL a phone loads for each product (the ``<picture>``'s first source
    whose type it supports, else the ``<img>``; the slot is the full viewport width)."""
    chosen = []
    for block in re.findall(r"<picture>(.*?)</picture>", html, re.S):
        webp = re.search(r'<source type="image/webp"[^>]*srcset="([^"]+)"', block)
        img = re.search(r'<img[^>]*srcset="([^"]+)"', block)
        srcset = (webp or img).group(1) if (webp or img) else ""
        chosen.append(pick(srcset.replace("&amp;", "&"), width * dpr))
    if not chosen:  # markup without <picture>: a bare <img srcset>
        for srcset in re.findall(r'<img[^>]*srcset="([^"]+)"', html):
            chosen.append(pick(srcset, width * dpr))
    return chosen
