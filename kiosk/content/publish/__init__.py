"""Content published once per store: store IT puts a pack into the store database, every
kiosk of the store fetches and installs it at its next sync.

- ``manifest`` - a pack's files by path, each named by the SHA-256 of its bytes.
- ``publisher`` - ``kiosk content publish`` and ``rollback`` on the store database: new
  blobs only (an unchanged image is never sent twice), one transaction, so a refused or
  failed publish changes nothing.
- ``follow`` - the kiosk's side, run by the sync worker after its pull (never on the GUI
  thread): fetch the blobs it lacks, check every file's hash, assemble the pack in a
  staging folder and install it like a local install (``kiosk.content.store.PackStore``).
- ``state`` - what the kiosk remembers of it (a small file in the content folder), read
  by ``kiosk check`` and associate-mode diagnostics.

The tables are in ``kiosk.db.pack_rows``; docs/chain.md explains it for store IT.
"""
