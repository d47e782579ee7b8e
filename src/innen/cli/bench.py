"""`innen bench`: the speed figures, measured on a throwaway database."""

import argparse
import importlib
import os
import tempfile

from innen.cli import UsageError, setup_django

BENCHMARK_MODULES = [
    "innen.bench.ledger",
    "innen.bench.letters",
    "innen.bench.matching",
    "innen.bench.statement",
    "innen.bench.collection",
    "innen.bench.dashboard",
    "innen.bench.ubl",
    "innen.bench.connector",
    "innen.bench.exact",
    "innen.bench.prediction",
    "innen.bench.web",
]


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser("bench", help="measure speed (one line per figure)")
    parser.add_argument("--only", action="append", default=[], help="run only this benchmark")
    parser.set_defaults(handler=_bench)


def _bench(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="innen-bench-") as scratch:
        database_url = os.environ.get("DATABASE_URL")
        if database_url is None:
            os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
        os.environ["INNEN_VAR_DIR"] = scratch
        setup_django()
        from django.test.utils import (
            setup_databases,
            setup_test_environment,
            teardown_databases,
        )

        from innen.bench import BENCHMARKS

        for module in BENCHMARK_MODULES:
            importlib.import_module(module)
        unknown = set(args.only) - set(BENCHMARKS)
        if unknown:
            raise UsageError(f"--only: no benchmark named {', '.join(sorted(unknown))}")
        # A test database (test_<name>) keeps the benchmark away from real data. DEBUG is
        # off, as on a server: with it on, Django keeps the text of every query with its
        # parameters (a hundred thousand keys), which no server pays for.
        setup_test_environment(debug=False)
        old = setup_databases(verbosity=0, interactive=False)
        try:
            for name, run in BENCHMARKS.items():
                if args.only and name not in args.only:
                    continue
                for figure in run():
                    print(figure.line(), flush=True)
        finally:
            teardown_databases(old, verbosity=0)
    return 0
