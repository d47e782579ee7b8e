"""One backup archive: the database and the stored documents, with a manifest of checksums.

A tar file holding `manifest.json` (format, when, which database engine, and the SHA-256 of
every other member), the database (`database.sqlite3`, copied with SQLite's online backup
API while others may write; or `database.pgdump`, pg_dump's custom format, one consistent
snapshot) and `media/...` (MEDIA_ROOT: uploads, invoice PDFs, documents as sent).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from innen.cli import UsageError

FORMAT = "innen-backup-1"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def postgres_url(database: Mapping[str, Any]) -> str:
    """A libpq connection string for Django's database settings."""
    parts = {
        "dbname": database["NAME"],
        "user": database.get("USER") or "",
        "password": database.get("PASSWORD") or "",
        "host": database.get("HOST") or "",
        "port": str(database.get("PORT") or ""),
    }
    return " ".join(f"{key}='{value}'" for key, value in parts.items() if value)


def dump_database(database: Mapping[str, Any], folder: Path) -> str:
    """Write the database into `folder`; the name of the file written."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        source = sqlite3.connect(database["NAME"])
        target = sqlite3.connect(folder / SQLITE_MEMBER)
        with target:
            source.backup(target)
        source.close()
        target.close()
        return SQLITE_MEMBER
    if database["ENGINE"] == "django.db.backends.postgresql":
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
             "--file", str(folder / POSTGRES_MEMBER), postgres_url(database)],
            check=True,
        )  # fmt: skip
        return POSTGRES_MEMBER
    raise UsageError(f"cannot back up a database of engine {database['ENGINE']}")


def write_backup(out: Path, database: Mapping[str, Any], media_root: Path) -> dict[str, Any]:
    """Write the archive to `out` (through a temporary file, so `out` is whole or absent)."""
    with tempfile.TemporaryDirectory(prefix="innen-backup-") as scratch:
        folder = Path(scratch)
        members = [dump_database(database, folder)]
        if media_root.is_dir():
            shutil.copytree(media_root, folder / "media")
            members += sorted(
                str(p.relative_to(folder)) for p in (folder / "media").rglob("*") if p.is_file()
            )
        manifest = {
            "format": FORMAT,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": database["ENGINE"].rsplit(".", 1)[-1],
            "files": {name: sha256(folder / name) for name in members},
        }
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(folder / "manifest.json", "manifest.json")
            for name in members:
                archive.add(folder / name, name)
        partial.replace(out)
    return manifest


def unpack(archive_path: Path, folder: Path) -> dict[str, Any]:
    """Unpack into `folder` and check every member against the manifest."""
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            archive.extractall(folder, filter="data")
        manifest: dict[str, Any] = json.loads((folder / "manifest.json").read_text())
    except (OSError, tarfile.TarError, ValueError) as error:
        raise UsageError(f"{archive_path} is not an innen backup: {error}") from error
    if manifest.get("format") != FORMAT:
        raise UsageError(f"{archive_path}: unknown backup format {manifest.get('format')!r}")
    for name, expected in manifest["files"].items():
        member = folder / name
        if not member.is_file() or sha256(member) != expected:
            raise UsageError(f"{archive_path}: {name} is missing or does not match its checksum")
    return manifest
