"""`innen export history --out FILE.parquet|csv`: the organisation's invoices, steps and
allocations (what paid them) as one table for analysts (issue 28, part 6).

All or nothing: the rows go to a temporary file beside FILE, which replaces FILE only once
it is complete; a failure halfway leaves FILE as it was. Parquet needs pyarrow (a
dependency of innen); without it a .parquet file is refused, not written as something else.
"""

from __future__ import annotations

import argparse
import csv
import os
import tempfile
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from innen.cli import UsageError, setup_django
from innen.cli.imports import _organisation

BATCH = 10_000
NO_PARQUET = (
    "--out {path}: writing Parquet needs pyarrow, which is not installed here; "
    "install it (pip install pyarrow) or write a .csv"
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = subparsers.add_parser("export", help="data for analysts")
    commands = export.add_subparsers(title="export commands", metavar="COMMAND")
    export.set_defaults(handler=lambda args: _help(export))
    history = commands.add_parser(
        "history",
        help="invoices, collection steps and allocations (payments, credit notes, "
        "write-offs) as one table; columns in docs/prediction.md",
    )
    history.add_argument("--organisation", type=int, help="the organisation (its id)")
    history.add_argument(
        "--out", required=True, metavar="FILE", help="FILE.parquet or FILE.csv (replaced whole)"
    )
    history.set_defaults(handler=_history)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _history(args: argparse.Namespace) -> int:
    path = Path(args.out)
    kind = path.suffix.lower()
    if kind not in (".parquet", ".csv"):
        raise UsageError(f"--out {path}: name a .parquet or a .csv file")
    if kind == ".parquet" and not parquet_possible():
        raise UsageError(NO_PARQUET.format(path=path))
    if not path.parent.is_dir():
        raise UsageError(f"--out {path}: there is no folder {path.parent}")
    setup_django()
    from innen.predictions.history import COLUMNS, history_rows

    organisation = _organisation(args.organisation)
    rows = history_rows(organisation)
    count = write_whole(path, lambda handle: _write(kind, handle, COLUMNS, rows))
    print(f"{organisation.name}: {count} rows written to {path}")
    return 0


def parquet_possible() -> bool:
    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return False
    return True


def write_whole(path: Path, write: Any) -> int:
    """Call `write(handle)` on a temporary file beside `path`, then put it in `path`'s place;
    on any failure remove it and leave `path` as it was. Returns what `write` returns."""
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".partial", dir=path.parent
    )
    try:
        with os.fdopen(handle, "wb") as out:
            result = write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return int(result)


def _write(kind: str, out: Any, columns: tuple[tuple[str, str], ...], rows: Iterable[Any]) -> int:
    if kind == ".csv":
        return _write_csv(out, [name for name, _ in columns], rows)
    return _write_parquet(out, columns, rows)


def _write_csv(out: Any, names: list[str], rows: Iterable[dict[str, Any]]) -> int:
    import io

    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.DictWriter(text, fieldnames=names)
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
        count += 1
    text.flush()
    text.detach()  # the caller closes the file
    return count


def _write_parquet(out: Any, columns: tuple[tuple[str, str], ...], rows: Iterable[Any]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {
        "text": pa.string(),
        "int": pa.int64(),
        "date": pa.date32(),
        "money": pa.decimal128(14, 2),
    }
    schema = pa.schema([(name, types[kind]) for name, kind in columns])
    count = 0
    with pq.ParquetWriter(out, schema) as writer:
        for batch in _batches(rows):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def _batches(rows: Iterable[Any]) -> Iterator[list[Any]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        yield batch
