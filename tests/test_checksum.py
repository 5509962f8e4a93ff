"""The start's SHA-256 (kiosk.checksum) gives hashlib's digests without loading OpenSSL."""

from __future__ import annotations

import hashlib
import subprocess
import sys

from kiosk.checksum import sha256


def test_the_checksum_is_sha256():
    for data in (b"", b"pack.toml\0", bytes(range(256)) * 5000):
        assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
    streamed = sha256()
    streamed.update(b"abc")
    streamed.update(b"def")
    assert streamed.digest() == hashlib.sha256(b"abcdef").digest()


def test_reading_a_prepared_pack_loads_no_openssl(tmp_path):
    """The kiosk's start reads its installed pack: the snapshot's fingerprint is checked
    without hashlib (2 ms of loading OpenSSL, every start). Installed first by another
    process, as on the kiosk's first start."""
    from tests.conftest import REPO

    store = f"PackStore(Path({str(tmp_path)!r}))"
    head = "import sys\nfrom pathlib import Path\nfrom kiosk.content.store import PackStore\n"
    install = head + f"{store}.ensure(Path('data/demo-pack'), renditions=False)\n"
    read = head + f"assert {store}.current().attract_images\nprint('_hashlib' in sys.modules)\n"
    subprocess.run([sys.executable, "-c", install], cwd=REPO, check=True)
    out = subprocess.run(
        [sys.executable, "-c", read], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
