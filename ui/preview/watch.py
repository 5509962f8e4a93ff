"""Following a pack folder as an author saves into it.

Editors save in two ways: writing the file in place (the file changes, its folder does not)
or writing a new file and renaming it over the old one (the folder changes; the watch on the
old file is lost with it). So every folder of the tree and every file is watched, and the
list is renewed after each check (``follow``), which also picks up new folders and files.
A save is often a burst (a temporary file, a rename, a touch of the folder; or "save all"):
``changed`` is emitted once the folder has been quiet for ``QUIET_MS``.
"""

from __future__ import annotations

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal


class FolderWatch(QObject):
    """Signals: ``changed`` once a burst of saves in the folder has ended."""

    changed = Signal()
    QUIET_MS = 150  # a burst of one save's file events lasts a few ms; typing never does

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.watcher = QFileSystemWatcher(self)
        self.quiet = QTimer(self)
        self.quiet.setSingleShot(True)
        self.quiet.setInterval(self.QUIET_MS)
        self.quiet.timeout.connect(self.changed)
        self.watcher.fileChanged.connect(self._touched)
        self.watcher.directoryChanged.connect(self._touched)

    def follow(self, paths: list[str]) -> None:
        """Watch exactly ``paths`` (folders and files, as listed on a worker by
        ``kiosk.content.preview.watched_paths``). Files are watched afresh each time: one
        renamed over holds a new inode, and a watch left on the old one would hear nothing
        (Qt does not always drop it at once). A few hundred calls: well under a millisecond."""
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        folders = set(self.watcher.directories())
        gone = sorted(folders - set(paths))
        if gone:
            self.watcher.removePaths(gone)
        new = [p for p in paths if p not in folders]
        if new:
            self.watcher.addPaths(new)  # a path removed meanwhile is skipped by Qt

    def _touched(self, path: str) -> None:
        self.quiet.start()  # restarted by each event of the burst
