"""The baseline for the start-up benchmark: a bare PySide6 program, one full-screen window with
one label, reporting its first paint exactly as the kiosk does."""

import sys
import time

STARTED = time.perf_counter()

from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402


class Label(QLabel):
    painted = False

    def paintEvent(self, event):
        super().paintEvent(event)
        if not Label.painted:
            Label.painted = True
            print(f"first-paint {(time.perf_counter() - STARTED) * 1000:.1f}", flush=True)
            QApplication.instance().exit(0)


app = QApplication(sys.argv[:1])
label = Label("Touch to begin")
label.showFullScreen()
sys.exit(app.exec())
