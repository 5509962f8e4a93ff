"""Reading a catalogue file as rows of text cells, streamed, with messages naming the row.

The content team's file comes from Excel, Numbers, Google Sheets or a shop's export: CSV in
whatever encoding the program chose, or XLSX. Both are read one row at a time (the CSV one
line at a time, the XLSX through openpyxl's read-only mode, which parses the sheet's XML as
it goes), so a file of a million rows is refused after ``MAX_ROWS`` rows, never read whole.
Rows are numbered as the spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from kiosk.content.errors import ContentError

# A kiosk catalogue is the store's range, not the brand's warehouse: the demo pack holds 41
# products, a flagship a few hundred. A Shopify export spends a row on each variant and each
# extra image, so rows are allowed ten per product.
MAX_PRODUCTS = 2_000
MAX_ROWS = 20_000
MAX_COLUMNS = 500
# An XLSX's table of distinct texts, uncompressed: 20,000 rows of a Shopify export with a
# few KB of HTML on each product row need well under this.
MAX_SHARED_STRINGS = 48 * 1024 * 1024
MAX_CELL = 100_000  # characters in one cell (a body of HTML; the kiosk keeps 600 of a summary)

Progress = Callable[[int, int, str], None]


class ImportRefused(ContentError):
    """The file cannot be imported; the message names the file, row and column."""


def column_letter(index: int) -> str:
    """The spreadsheet's name of the 0-based column ``index``: A, B, ..., Z, AA, AB..."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass
class Sheet:
    """The header and a stream of ``(row number, cells)``; each row has the header's width."""

    name: str
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]

    def where(self, row: int, column: int | None = None) -> str:
        """``catalogue.csv: row 5, column C (price_band)``."""
        if column is None:
            return f"{self.name}: row {row}"
        return f"{self.name}: row {row}, column {column_letter(column)} ({self.header[column]})"


def open_sheet(path: Path, progress: Progress | None = None) -> Sheet:
    """The file's first sheet; its kind is known from its first bytes, not its name."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise ImportRefused(f"{path.name}: cannot be read: {exc.strerror or exc}") from exc
    if not head:
        raise ImportRefused(f"{path.name}: the file is empty (no header row)")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(
            f"{path.name}: is an old Excel workbook (.xls); save it as .xlsx or as CSV UTF-8"
        )
    if path.suffix.lower() in (".xlsx", ".xlsm") or head.startswith(b"PK"):
        return _xlsx(path, progress)
    return _csv(path, progress)


def _csv(path: Path, progress: Progress | None) -> Sheet:
    handle = path.open("rb")
    total = max(1, path.stat().st_size)
    lines = _decoded_lines(handle, path.name, total, progress)
    try:
        first = next(lines)
    except StopIteration:
        handle.close()
        raise ImportRefused(f"{path.name}: the file is empty (no header row)") from None
    except _BadByte as bad:
        handle.close()
        raise ImportRefused(f"{path.name}: row 1: {bad}") from None
    except ImportRefused:
        handle.close()
        raise
    if not first.strip():
        handle.close()
        raise ImportRefused(f"{path.name}: row 1 is empty; it must name the columns")
    # Excel saves CSV with ';' where the decimal mark is a comma; take whichever the header uses.
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(_chain(first, lines), delimiter=delimiter)
    header = [cell.strip() for cell in next(reader)]
    _check_width(path.name, header)
    name = path.name

    def rows() -> Iterator[tuple[int, list[str]]]:
        number = 1
        try:
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    message = f"{name}: row {number + 1}: not readable as CSV: {exc}"
                    raise ImportRefused(message) from None
                except _BadByte as bad:
                    raise ImportRefused(f"{name}: row {number + 1}: {bad}") from None
                number += 1
                _check_rows(name, number)
                yield number, _fit(cells, len(header), name, number)
        finally:
            handle.close()

    return Sheet(name, header, rows())


class _BadByte(Exception):
    """A byte the UTF-8 decoder refused (raised through the csv reader, caught by row)."""


def _decoded_lines(
    handle: BinaryIO, name: str, total: int, progress: Progress | None
) -> Iterator[str]:
    """The file's lines as text: UTF-8, with or without a byte-order mark, and nothing else
    (guessing Latin-1 would turn every accent of a catalogue into the wrong letter)."""
    start = handle.read(4)
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportRefused(
            f"{name}: is UTF-16 (Excel's 'Unicode Text'); save it as CSV UTF-8 and import again"
        )
    handle.seek(3 if start.startswith(codecs.BOM_UTF8) else 0)
    done, shown = 0, -1
    for raw in handle:
        done += len(raw)
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            byte = raw[exc.start]
            column = len(raw[: exc.start].decode("utf-8")) + 1
            guess = raw[exc.start : exc.start + 1].decode("cp1252", errors="replace")
            raise _BadByte(
                f"byte 0x{byte:02X} ({guess!r} in Windows-1252) at character {column} "
                "is not UTF-8: the file is in another encoding (Latin-1 or Windows-1252 "
                "from Excel's plain 'CSV'); save it as 'CSV UTF-8' and import again"
            ) from None
        if progress is not None and (percent := 100 * done // total) != shown:
            shown = percent
            progress(percent, 100, name)
        yield line


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _fit(cells: list[str], width: int, name: str, number: int) -> list[str]:
    """A row padded to the header's width; cells beyond it must be empty."""
    for index, cell in enumerate(cells):
        if len(cell) > MAX_CELL:
            raise ImportRefused(
                f"{name}: row {number}, column {column_letter(index)}: the cell holds "
                f"{len(cell):,} characters; at most {MAX_CELL:,} are read"
            )
    extra = [i for i, cell in enumerate(cells[width:], width) if cell.strip()]
    if extra:
        raise ImportRefused(
            f"{name}: row {number}, column {column_letter(extra[0])}: a value beyond the "
            f"last named column ({column_letter(width - 1)}); give the column a name in row 1"
        )
    return [c.strip() for c in cells[:width]] + [""] * max(0, width - len(cells))


def _check_width(name: str, header: list[str]) -> None:
    if len(header) > MAX_COLUMNS:
        raise ImportRefused(f"{name}: row 1 has {len(header):,} columns; at most {MAX_COLUMNS}")
    while header and not header[-1]:
        header.pop()
    if not header:
        raise ImportRefused(f"{name}: row 1 is empty; it must name the columns")


def too_large(name: str, found: str) -> ImportRefused:
    """The refusal of a file beyond what one import takes (rows, or products)."""
    return ImportRefused(
        f"{name}: has {found}; the kiosk imports at most {MAX_ROWS:,} rows "
        f"({MAX_PRODUCTS:,} products) at a time. A kiosk shows the store's range, not the "
        "whole warehouse: keep the products this store presents, or split the file"
    )


def _check_rows(name: str, number: int, claimed: int | None = None) -> None:
    if number > MAX_ROWS + 1:
        raise too_large(
            name, f"{claimed - 1:,} rows" if claimed else f"more than {MAX_ROWS:,} rows"
        )


def _xlsx(path: Path, progress: Progress | None) -> Sheet:
    """The first worksheet, read-only: openpyxl parses its XML row by row as it is asked."""
    import openpyxl

    if not zipfile.is_zipfile(path):
        raise ImportRefused(
            f"{path.name}: is not an XLSX workbook (an XLSX file is a zip archive, this is "
            "not one); if it is a CSV file, name it .csv"
        )
    _check_shared_strings(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        sheet = book.worksheets[0]
    except Exception as exc:
        raise ImportRefused(f"{path.name}: cannot be read as an XLSX workbook: {exc}") from exc
    claimed = sheet.max_row if isinstance(sheet.max_row, int) else None
    if claimed is not None:  # the sheet's own <dimension>: refused before reading a row
        try:
            _check_rows(path.name, claimed, claimed)
        except ImportRefused:
            book.close()
            raise
    cells = sheet.iter_rows(values_only=True)
    try:
        first = next(cells, None)
    except Exception as exc:
        book.close()
        raise ImportRefused(f"{path.name}: row 1 cannot be read: {exc}") from exc
    if first is None:
        book.close()
        raise ImportRefused(f"{path.name}: the first sheet is empty (no header row)")
    header = [_cell(value) for value in first]
    _check_width(path.name, header)
    name = path.name

    def rows() -> Iterator[tuple[int, list[str]]]:
        number, shown = 1, -1
        try:
            for values in cells:
                number += 1
                _check_rows(name, number)
                percent = 100 * number // claimed if claimed else shown
                if progress is not None and percent != shown:
                    shown = percent
                    progress(min(percent, 100), 100, name)
                yield number, _fit([_cell(v) for v in values], len(header), name, number)
        except ImportRefused:
            raise
        except Exception as exc:
            raise ImportRefused(f"{name}: row {number + 1} cannot be read: {exc}") from exc
        finally:
            book.close()

    return Sheet(name, header, rows())


def _check_shared_strings(path: Path) -> None:
    """openpyxl holds a workbook's shared-strings table (every distinct text of every
    sheet) in memory, even in read-only mode: a table beyond what ``MAX_ROWS`` rows of
    catalogue can need is refused from the zip's directory, before it is read."""
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(
                i.file_size for i in archive.infolist() if "sharedstrings" in i.filename.lower()
            )
    except (OSError, zipfile.BadZipFile) as exc:
        raise ImportRefused(f"{path.name}: cannot be read as an XLSX workbook: {exc}") from exc
    if size > MAX_SHARED_STRINGS:
        raise too_large(path.name, f"{size / 2**20:,.0f} MB of texts")


def _cell(value: Any) -> str:
    """A cell as the text the author typed: 1200.0 is "1200", None is empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
