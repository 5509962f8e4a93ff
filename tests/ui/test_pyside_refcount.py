"""The Qt binding must not lose references to None: a kiosk runs all day.

PySide6 6.12.0 returns None from void methods without a new reference; on Python 3.11 each
call then takes one reference from None and the interpreter aborts after a few thousand calls
(seen: attract's cross-fade alone makes ~2,000 calls a transition). pyproject pins it out.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QLabel


def test_void_qt_calls_keep_none_alive(qtbot):
    label = QLabel("x")
    qtbot.addWidget(label)
    timer = QTimer()
    event = QEvent(QEvent.Type.User)
    before = sys.getrefcount(None)
    for _ in range(500):
        label.update()
        timer.stop()
        event.accept()
    assert sys.getrefcount(None) - before > -50  # 6.12.0 on 3.11: -1500
