"""Running work off the GUI thread and getting the answer back on it.

``run_task(fn, callback)`` runs ``fn`` on Qt's thread pool and calls ``callback(result, error)``
on the GUI thread. ``on_gui(fn)`` posts a call from any thread to the GUI thread, which is how
a recorder Future's completion reaches a screen. Widgets are never touched from a worker.
``run_at_once`` is for short work a customer is looking at the screen for (the hand-off's QR):
a thread of its own, so it never queues behind image decodes or associate reads on the pool.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")
Callback = Callable[[Any, BaseException | None], None]
Answer = Callable[[T | None, BaseException | None], None]
"""``callback(result, None)`` after the work returned, ``callback(None, error)`` after it raised."""


class _Poster(QObject):
    """Lives on the GUI thread; a signal emitted from a worker is queued onto it (Qt's
    automatic connection queues whenever sender and receiver threads differ)."""

    posted = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.posted.connect(self._run)

    @Slot(object)
    def _run(self, fn: Callable[[], None]) -> None:
        fn()


_poster: _Poster | None = None


GIL_SWITCH_S = 0.001


def install() -> None:
    """Create the GUI-thread poster; call once from the GUI thread after QApplication.

    Also shortens how long a worker running Python (the sync worker's SQLAlchemy, a ranking)
    may keep the interpreter before the GUI thread gets it back: from Python's 5 ms to 1 ms.
    The GUI thread asks for it again and again while it lays out a screen, and waited up to
    5 ms each time: a screen change of 33 ms on the CPU took 60-70 ms while the sync worker
    drained a backlog (tests/bench/test_gui_stall_bench.py)."""
    global _poster
    if _poster is None:
        _poster = _Poster()
        make_worker_types()
    sys.setswitchinterval(GIL_SWITCH_S)


WORKER_TYPES = {
    "PySide6.QtCore": "QIODevice Qt QRect QRectF QSize",
    "PySide6.QtGui": "QColor QGradient QImage QImageReader QPainter",
}
"""The PySide6 types the workers' code uses: decoding (ui/images.py), fitting a picture
(ui/widgets/picture.py), a QR code (ui/widgets/qr_code.py), a loop's frames
(ui/widgets/loop_player.py). tests/ui/test_worker_types.py holds the list to that code."""


def make_worker_types() -> None:
    """Make, on the GUI thread, every PySide6 type a worker will use.

    PySide6 makes its Python types at their first use, and making one runs Python code (its
    enums): the thread making it may let another have the interpreter halfway through. A
    worker that then made a type of its own (``QImageReader(path)`` looks up ``QIODevice``)
    changed shiboken's table of types to make while the GUI thread was going through it, and
    the process died (SIGSEGV in shiboken's ``Module::get``, seen in CI in the screen
    renderer and in the journey bench as the screens were built while attract's image was
    decoded). Made here, before any worker runs, a type is only looked up by workers after.
    Costs about 0.3 ms (QIODevice; the others are made for the first paint anyway)."""
    _make(WORKER_TYPES)


def _make(types: dict[str, str]) -> None:
    for module, names in types.items():
        found = importlib.import_module(module)
        for name in names.split():
            getattr(found, name)


class Imports:
    """Modules a worker imports (their classes: no widget is made) once the GUI thread has
    made the PySide6 types they name (``types``, as ``WORKER_TYPES``), so that no worker makes
    a type while the GUI thread makes another (see ``make_worker_types``).
    tests/ui/test_worker_types.py holds ``types`` to what the modules name."""

    WAIT_S = 10.0

    def __init__(self, modules: tuple[str, ...], types: dict[str, str]) -> None:
        self.modules, self.types = modules, types
        self._made = threading.Event()

    def make_types(self) -> None:
        """On the GUI thread: the types made; a worker waiting in ``run`` goes on."""
        _make(self.types)
        self._made.set()

    def run(self) -> None:
        """On a worker: the modules imported, once the types are made."""
        if not self._made.wait(self.WAIT_S):
            log.warning("the types of %s were not made first; importing anyway", self.modules)
        for module in self.modules:
            importlib.import_module(module)


def early_imports() -> Imports:
    """The modules a touch on attract needs, imported by a worker as the kiosk starts, and the
    types they name beyond the first paint's."""
    return Imports(
        ("ui.associate_mode", "ui.screens.customer.greeting"),
        {
            "PySide6.QtGui": "QResizeEvent QSurface QWindow",
            "PySide6.QtWidgets": "QButtonGroup QHBoxLayout QSizePolicy",
        },
    )


def later_imports() -> Imports:
    """The other screens' modules (and associate mode's pin pad), imported by a worker once
    the database is open, and the types they name beyond the greeting's (about 9 ms to make,
    on the GUI thread after attract is complete)."""
    return Imports(
        ("ui.screens.registry", "ui.widgets.pin_pad"),
        {
            "PySide6.QtCore": (
                "QAbstractItemModel QAbstractListModel QEasingCurve QModelIndex "
                "QPersistentModelIndex QPoint QSizeF QVariantAnimation"
            ),
            "PySide6.QtGui": (
                "QAbstractTextDocumentLayout QFontMetrics QHideEvent QInputEvent QIntValidator "
                "QMouseEvent QPainterPath QPalette QPen QPointerEvent QRegion QShowEvent "
                "QSinglePointEvent QTextDocument QTextLayout QTextOption QValidator"
            ),
            "PySide6.QtWidgets": (
                "QAbstractItemDelegate QAbstractItemView QAbstractScrollArea QAbstractSlider "
                "QGesture QGestureEvent QGraphicsEffect QGraphicsOpacityEffect QGridLayout "
                "QLineEdit QListView QPinchGesture QScrollArea QScrollBar QScroller "
                "QScrollerProperties QSpacerItem QStyleOption QStyleOptionViewItem "
                "QStyledItemDelegate"
            ),
        },
    )


@contextmanager
def handed_back_at_once() -> Iterator[None]:
    """While the GUI thread deletes widgets: each Python-made widget deleted hands the
    interpreter to a worker running Python (the sync worker draining a backlog) and waits to
    get it back, up to the switch interval (``GIL_SWITCH_S``) each time: deleting the
    comparison's 80 cells at a reset took 15-30 ms for 2-4 ms of work. Within this, a worker
    gives it back after ``HANDBACK_S``."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(HANDBACK_S)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


HANDBACK_S = 0.00005


def on_gui(fn: Callable[[], None]) -> None:
    assert _poster is not None, "ui.tasks.install() was not called"
    # Work that ends after the application has shut down (a start that failed, then the
    # window closed) has no screen left to answer: it is dropped, not raised in a worker.
    if not shiboken6.isValid(_poster):
        log.debug("an answer arrived after the application closed; dropped")
        return
    try:
        _poster.posted.emit(fn)
    except RuntimeError:  # deleted between the check and the emit
        log.debug("an answer arrived while the application closed; dropped")


class _Answer:
    """What a finished task hands to the GUI thread: everything it held, so that the GUI
    thread is the one that lets go of it. A worker that kept a reference after posting (a busy
    machine descheduling it for a moment) could otherwise drop the last one after the screen
    closed: a Python-owned widget then dies on the worker, a QWidget deleted off the GUI
    thread, and the process crashes."""

    __slots__ = ("held",)

    def __init__(
        self,
        work: object,
        callback: Callback | None,
        owner: QObject | None,
        result: Any,
        error: Any,
    ) -> None:
        self.held: tuple[Any, ...] | None = (work, callback, owner, result, error)

    def __call__(self) -> None:
        held, self.held = self.held, None  # the worker's reference is now to an empty answer
        if held is None:
            return
        _work, callback, owner, result, error = held
        # The widget that asked may have been closed while the work ran.
        if callback is not None and (owner is None or shiboken6.isValid(owner)):
            callback(result, error)


class _Task:
    """The work and where its answer goes. A plain object handed to the pool as a callable: a
    Python QRunnable subclass deleted by the pool on its thread sometimes kept its wrapper
    alive, with both closures (about one image request a visit in the soak bench)."""

    __slots__ = ("callback", "fn", "owner")

    def __init__(self, fn: Callable[[], Any], callback: Callback, owner: QObject | None) -> None:
        self.fn: Callable[[], Any] | None = fn
        self.callback: Callback | None = callback
        self.owner = owner

    def run(self) -> None:
        fn = self.fn
        assert fn is not None, "a task runs once"
        try:
            result, error = fn(), None
        except Exception as exc:  # noqa: BLE001 - handed to the callback on the GUI thread
            result, error = None, exc
        answer = _Answer(fn, self.callback, self.owner, result, error)
        self.fn = self.callback = self.owner = None
        del fn, result, error  # from here the worker holds nothing but the answer
        on_gui(answer)


_enders: list[Callable[[float], bool]] = []


def end_at_drain(end: Callable[[float], bool]) -> None:
    """``end(wait_s)`` is called by ``drain``: it ends threads of a module's own that run Qt
    code (the attract loop's worker), waiting at most ``wait_s``; True once they have."""
    _enders.append(end)


def drain(timeout_ms: int = 10_000) -> bool:
    """Wait (at most ``timeout_ms``) for the pool's work and the threads registered with
    ``end_at_drain`` to end; call before the interpreter shuts down. A pool thread still
    running Python code then would find the interpreter gone and be torn down inside Qt's
    thread code, which ends the process with "terminate called without an active
    exception". False if work was still running when the time ran out."""
    done = all([end(timeout_ms / 1000) for end in _enders])
    done = bool(QThreadPool.globalInstance().waitForDone(timeout_ms)) and done
    if not done:
        log.warning("work was still running on the thread pool at exit")
    return done


def run_task(fn: Callable[[], T], callback: Answer[T], owner: QObject | None = None) -> None:
    """Run ``fn`` on the pool; ``callback`` is skipped if ``owner`` was deleted meanwhile."""
    QThreadPool.globalInstance().start(_Task(fn, callback, owner).run)


_at_once: ThreadPoolExecutor | None = None


def run_at_once(fn: Callable[[], T], callback: Answer[T], owner: QObject | None = None) -> None:
    """Like ``run_task``, on one thread kept for quick work a customer is waiting to see (made
    at first use and kept: the kiosk's thread count stays flat). Nothing slow goes here."""
    global _at_once
    if _at_once is None:
        _at_once = ThreadPoolExecutor(max_workers=1, thread_name_prefix="at-once")
    _at_once.submit(_Task(fn, callback, owner).run)


def when_durable(future: Future[T], callback: Answer[T], owner: QObject | None = None) -> None:
    """Call back on the GUI thread once a recorder write has committed (or failed); skipped
    if ``owner`` (the screen that asked) was deleted meanwhile, as with ``run_task``."""

    held: list[Any] = [callback, owner]  # emptied when the answer is posted (see _Answer)

    def done(f: Future[Any]) -> None:
        error = f.exception()
        result = None if error else f.result()
        callback, owner = held
        held.clear()  # the Future keeps this callback; it must keep nothing of the screen
        answer = _Answer(None, callback, owner, result, error)
        del callback, owner, result, error
        on_gui(answer)

    future.add_done_callback(done)
