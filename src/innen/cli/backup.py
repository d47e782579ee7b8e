"""`innen backup` and `innen restore`: the database and the stored documents in one file.

A restore goes into an empty database and an empty media folder only: it never mixes a
backup with rows or files already there. See docs/deploy.md for how often and how long.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from innen.cli import UsageError, setup_django
from innen.cli.backup_archive import POSTGRES_MEMBER, SQLITE_MEMBER, postgres_url


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = subparsers.add_parser(
        "backup", help="write the database and the stored documents into one archive"
    )
    backup.add_argument("--out", required=True, metavar="FILE", help="the archive to write")
    backup.set_defaults(handler=_backup)

    restore = subparsers.add_parser(
        "restore", help="restore a backup into an empty database and media folder"
    )
    restore.add_argument("archive", metavar="FILE", help="an archive `innen backup` wrote")
    restore.set_defaults(handler=_restore)


POOLED_REFUSED = (
    "pg_dump and pg_restore set session parameters (search_path among them): through a pooler "
    "in transaction mode those stay on a server connection other clients then get. Run {what} "
    "with DATABASE_URL at the PostgreSQL server itself and DATABASE_POOLER unset."
)


def _not_through_a_transaction_pooler(settings: Any, what: str) -> None:
    pooled = settings.DATABASE_POOLER == "transaction"
    if pooled and settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        raise UsageError(POOLED_REFUSED.format(what=what))


def _backup(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings

    _not_through_a_transaction_pooler(settings, "innen backup")

    from innen.cli.backup_archive import write_backup

    out = Path(args.out)
    if not out.parent.is_dir():
        raise UsageError(f"--out {args.out}: the folder {out.parent} does not exist")
    manifest = write_backup(out, settings.DATABASES["default"], Path(settings.MEDIA_ROOT))
    print(f"backup: {out} ({manifest['engine']}, {len(manifest['files']) - 1} stored files)")
    return 0


def _restore(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings
    from django.db import connection

    from innen.cli.backup_archive import unpack

    _not_through_a_transaction_pooler(settings, "innen restore")
    database = settings.DATABASES["default"]
    media_root = Path(settings.MEDIA_ROOT)
    tables = connection.introspection.table_names()
    connection.close()
    if tables:
        raise UsageError(
            f"the database {database['NAME']} is not empty ({len(tables)} tables, "
            f"{', '.join(sorted(tables)[:3])}, ...): restore into an empty one"
        )
    if media_root.is_dir() and any(media_root.iterdir()):
        raise UsageError(f"the media folder {media_root} is not empty: restore into an empty one")
    with tempfile.TemporaryDirectory(prefix="innen-restore-") as scratch:
        folder = Path(scratch)
        manifest = unpack(Path(args.archive), folder)
        _load_database(database, folder, manifest)
        if (folder / "media").is_dir():
            shutil.copytree(folder / "media", media_root, dirs_exist_ok=True)
    print(f"restore: {args.archive} into {database['NAME']} and {media_root}")
    return 0


def _load_database(database: Mapping[str, Any], folder: Path, manifest: dict[str, Any]) -> None:
    engine = database["ENGINE"].rsplit(".", 1)[-1]
    if engine != manifest["engine"]:
        raise UsageError(f"the backup holds a {manifest['engine']} database; this one is {engine}")
    if engine == "sqlite3":
        source = sqlite3.connect(folder / SQLITE_MEMBER)
        target = sqlite3.connect(database["NAME"])
        with target:
            source.backup(target)
        source.close()
        target.close()
        return
    subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
         "--dbname", postgres_url(database), str(folder / POSTGRES_MEMBER)],
        check=True,
    )  # fmt: skip
