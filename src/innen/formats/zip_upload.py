"""The files in an uploaded ZIP archive, refusing one that would unpack into far more than it holds.

A ZIP declares each file's unpacked size in its table of contents, and Python's zipfile never
unpacks more than the declared size, so the limits are checked on the declarations before one
byte is unpacked: at most `MAX_FILES` files, `MAX_UNPACKED_BYTES` unpacked together. The table
of contents itself is measured from the archive's end record first, so an archive listing a
million empty files is refused before zipfile builds an object for each.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterator

from innen.formats import messages as m
from innen.formats.messages import say
from innen.formats.statement import StatementError

MAX_FILES = 1000  # a year of daily statements for two accounts fits, with room to spare
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # twice the largest upload taken, unpacked
# A table-of-contents entry is 46 bytes plus its file name and extra fields; 1 KiB is plenty.
_MAX_ENTRY_BYTES = 1024
_END_RECORD = b"PK\x05\x06"  # 22 bytes and a comment of at most 64 KiB end every archive
_END_RECORD_REACH = 22 + 0xFFFF
_ZIP64 = (0xFFFF, 0xFFFFFFFF)  # the end record's "see the ZIP64 record": more than fits 16/32 bits


def zip_files(data: bytes, name: str) -> Iterator[tuple[str, bytes]]:
    """Yield (file name, unpacked bytes) of each file in the archive, in name order.

    Folders, macOS resource forks and hidden files are left out. Raises StatementError when
    the archive is unreadable, holds more than `MAX_FILES` files or unpacks to more than
    `MAX_UNPACKED_BYTES`.
    """
    _check_table_of_contents(data, name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise StatementError(name, say(m.NOT_A_ZIP, error=error)) from None
    with archive:
        entries = archive.infolist()
        _check_declared(entries, name)
        members = sorted((info for info in entries if _is_content(info)), key=_file_name)
        if not members:
            raise StatementError(name, say(m.EMPTY_ZIP))
        for info in members:
            try:
                yield info.filename, archive.read(info)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError) as error:
                raise StatementError(info.filename, say(m.CANNOT_UNPACK, error=error)) from None


def _check_table_of_contents(data: bytes, name: str) -> None:
    end = data.rfind(_END_RECORD, max(0, len(data) - _END_RECORD_REACH))
    if end < 0 or len(data) < end + 22:
        return  # no end record: zipfile says the archive is unreadable
    entries, size = struct.unpack_from("<HI", data, end + 10)
    if entries in _ZIP64 or size in _ZIP64 or entries > MAX_FILES:
        raise StatementError(name, _too_many_files())
    if size > MAX_FILES * _MAX_ENTRY_BYTES:
        raise StatementError(name, say(m.ZIP_CONTENTS_TOO_LARGE, files=f"{MAX_FILES:,}"))


def _check_declared(entries: list[zipfile.ZipInfo], name: str) -> None:
    if len(entries) > MAX_FILES:
        raise StatementError(name, _too_many_files())
    if sum(info.file_size for info in entries) > MAX_UNPACKED_BYTES:
        limit = MAX_UNPACKED_BYTES // (1024 * 1024)
        raise StatementError(name, say(m.ZIP_TOO_LARGE, limit=limit))


def _too_many_files() -> str:
    return say(m.ZIP_TOO_MANY, files=f"{MAX_FILES:,}")


def _is_content(info: zipfile.ZipInfo) -> bool:
    return (
        not info.is_dir()
        and not info.filename.startswith("__MACOSX/")
        and not info.filename.rsplit("/", 1)[-1].startswith(".")
    )


def _file_name(info: zipfile.ZipInfo) -> str:
    return info.filename
