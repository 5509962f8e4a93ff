"""A PostgreSQL cluster of a test's own, to stop and start under a running sync."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.pg import _as_postgres, _bin_dir, _free_port, start_cluster, stop_cluster


class Cluster:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="kiosk-pg-fault-"))
        self.root.chmod(0o755)
        self.port = _free_port()
        start_cluster(self.root, self.port)
        self.admin_url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        stop_cluster(self.root)

    def start(self) -> None:
        data = self.root / "data"
        opts = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {data} -c fsync=off"
        subprocess.run(
            _as_postgres(
                [
                    str(_bin_dir() / "pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    opts,
                    "-l",
                    str(self.root / "log"),
                    "-w",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
