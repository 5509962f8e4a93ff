"""The PIN pad lays itself out when its content changes, not on every turn of the loop.

The pad centres its card by hand and listened for the card's layout requests; answering one
invalidated the card's layout, which posted the next. Open, the pad laid itself out on every
turn of the event loop for as long as it stayed open: a core's worth of the GUI thread, and
the workers (the pinyin index, the desk's reads) starved behind it until a test waiting for
them gave up after 30 s.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject

from tests.ui.conftest import settle
from tests.ui.test_associate_mode import add_associate, open_pad
from tests.ui.test_customer_journey import touch


class Requests(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def test_an_open_pad_is_at_rest(make_shell, qtbot):
    shell = make_shell()
    who = add_associate(shell)
    touch(qtbot, shell.attract)
    pad = open_pad(shell, qtbot, who)
    settle(shell)
    requests = Requests()
    pad.card.installEventFilter(requests)
    for _ in range(200):  # two hundred turns of the loop with nothing new to show
        QCoreApplication.processEvents()
    assert requests.count <= 1, f"the open pad laid itself out {requests.count} times"
    touch(qtbot, pad.findChild(type(pad.cancel), f"person-{who.id}"))  # the PIN step
    assert pad.card.isVisible()
    card = pad.card.geometry()
    assert card.center().x() in range(pad.width() // 2 - 1, pad.width() // 2 + 2), "centred"
    assert pad.card.height() >= pad.card.sizeHint().height(), "the card fits its content"
