"""The Jinja2 sandbox organisations' own texts run in, with a budget for the work they cause.

Jinja2's sandbox keeps a text away from Python's insides, not from the machine's time and
memory: `{% for a in range(10000) %}{% for b in range(10000) %}…` runs for minutes, and
`{{ "a" * 100000000 }}` takes 100 MB before anything checks it. So every text is filled in
on a `Budget` with these `Limits`:

- seconds: filling in stops after this long;
- steps: every loop round, call, filter and operator counts one;
- depth: a call inside a call inside … (a macro that calls itself) goes this deep at most;
- size: every character the text makes counts, whether it is written out or kept in a
  value (a list counts its items too), all together; an operation that would go over
  (`"a" * 100000000`, a `replace` or `join` that multiplies) is refused before it runs;
- number: the largest width, count or power a filter, function or `**` is given;
- source: the longest text that is compiled at all.

Over a limit, `TooCostly` names it; `templating` words it for the editor. The limits are
checked where the compiled text does work: a transform of the parsed tree puts every loop's
items, every piece of output, every `~` and every list, tuple or dict written in the text
through a metered helper, and the environment meters calls, filters and the operators
that can grow.
"""

from __future__ import annotations

import re
import string
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import Any

from jinja2 import StrictUndefined, Template, nodes
from jinja2.filters import FILTERS
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range
from jinja2.visitor import NodeTransformer


@dataclass(frozen=True)
class Limits:
    seconds: float = 1.0
    steps: int = 100_000
    depth: int = 30
    size: int = 1_000_000
    number: int = 10_000
    source: int = 20_000


LIMITS = Limits()

_WHAT = {
    "seconds": "filling it in takes longer than {} seconds",
    "steps": "it takes more than {} steps (loop rounds, calls, filters)",
    "depth": "it calls more than {} levels deep",
    "size": "it makes more than {} characters",
    "number": "it uses a number larger than {}",
    "source": "it is longer than {} characters",
}


class TooCostly(Exception):
    """A text went over one of its `Limits`: `limit` names which, `allowed` is its value."""

    def __init__(self, limit: str, allowed: float) -> None:
        super().__init__(f"the text is too costly: {_WHAT[limit].format(allowed)}")
        self.limit = limit
        self.allowed = allowed


class Budget:
    """What one rendering may still spend; every metered operation draws on it."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds
        self.steps = 0
        self.depth = 0
        self.made = 0

    def step(self) -> None:
        self.steps += 1
        if self.steps > self.limits.steps:
            raise TooCostly("steps", self.limits.steps)
        if time.monotonic() > self.deadline:
            raise TooCostly("seconds", self.limits.seconds)

    def left(self) -> int:
        return self.limits.size - self.made

    def fits(self, size: int) -> None:
        """Refuse, before it is made, a value of `size` characters that would not fit."""
        if size > self.left():
            raise TooCostly("size", self.limits.size)

    def make(self, value: Any) -> Any:
        """Count `value` (just made) against the size; return it."""
        self.made += size_of(value, self.left())
        if self.made > self.limits.size:
            raise TooCostly("size", self.limits.size)
        return value

    def number(self, value: Any) -> None:
        if _is_int(value) and abs(value) > self.limits.number:
            raise TooCostly("number", self.limits.number)


_budget: ContextVar[Budget] = ContextVar("innen_letters_budget")


def _current() -> Budget:
    try:
        return _budget.get()
    except LookupError:
        raise RuntimeError("a user's text is filled in only through sandbox.render") from None


def render(sources: list[str], values: dict[str, Any], limits: Limits = LIMITS) -> list[str]:
    """Each of `sources` filled in with `values`, all on one budget.

    Raises `TooCostly` over a limit, or a jinja2 error for a bad text.
    """
    token = _budget.set(Budget(limits))
    try:
        return [_render_one(source, values, limits) for source in sources]
    finally:
        _budget.reset(token)


def _render_one(source: str, values: dict[str, Any], limits: Limits) -> str:
    if len(source) > limits.source:
        raise TooCostly("source", limits.source)
    return _compiled(source).render(values)


@lru_cache(maxsize=256)
def _compiled(source: str) -> Template:
    """The text compiled, once: the run fills in the same few texts for every customer.

    Compiling runs on the budget of the render that asks first (Jinja works out constant
    parts then); a text that fails to compile is not kept.
    """
    return environment.from_string(source)


# Sizes


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _digits(number: int) -> int:
    return number.bit_length() * 30103 // 100000 + 1  # log10(2) = 0.30103


def size_of(value: Any, most: int) -> int:
    """The characters `value` holds, every item of its containers counted, stopping past `most`.

    The walk stops as soon as the count passes `most`, so it never costs more than that.
    """
    total = 0
    waiting = [value]
    while waiting and total <= most:
        item = waiting.pop()
        if isinstance(item, str | bytes):
            total += len(item)
        elif _is_int(item):
            total += _digits(item)
        elif isinstance(item, dict):
            total += len(item)
            if total <= most:
                waiting.extend(item.items())
        elif isinstance(item, list | tuple | set | frozenset):
            total += len(item)
            if total <= most:
                waiting.extend(item)
        else:
            total += 1
    return total


# What an operation would make, worked out before it runs


def _product_size(budget: Budget, left: Any, right: Any) -> int:
    if _is_int(left) and _is_int(right):
        return _digits(left) + _digits(right)
    count, items = (left, right) if _is_int(left) else (right, left)
    if not _is_int(count):
        return 0
    size: int = max(count, 0) * size_of(items, budget.left())
    return size


def _power_size(budget: Budget, base: Any, exponent: Any) -> int:
    if not (_is_int(base) and _is_int(exponent)) or exponent <= 0 or abs(base) <= 1:
        return 0
    budget.number(exponent)
    size: int = _digits(base) * exponent
    return size


# "%5s", "%(name)-10.3f", "%%": the numbers are widths and precisions.
_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d*)(?:\.(\*|\d*))?[hlL]?(.)", re.S)


def _percent_size(budget: Budget, pattern: Any, values: Any) -> int:
    """What `pattern % values` makes: each field at most as wide as its width or a value."""
    if not isinstance(pattern, str | bytes):
        return 0
    text = pattern.decode("latin-1") if isinstance(pattern, bytes) else pattern
    widest = _widest(budget, values)
    size = len(text)
    for width, precision, _ in _PERCENT_FIELD.findall(text):
        if "*" in (width, precision):
            raise TooCostly("number", budget.limits.number)
        for number in (width, precision):
            budget.number(int(number or 0))
        size += int(width or 0) + int(precision or 0) + widest
    return size


def _widest(budget: Budget, values: Any) -> int:
    """The largest of the values a pattern is filled with (a tuple's or dict's, or the one)."""
    if isinstance(values, dict):
        items: Iterable[Any] = values.values()
    elif isinstance(values, tuple):
        items = values
    else:
        items = [values]
    return max((size_of(item, budget.left()) for item in items), default=0)


def _format_size(budget: Budget, pattern: str, args: tuple[Any, ...], kwargs: Any) -> int:
    """What `pattern.format(...)` makes: each field at most as wide as its width or a value."""
    widest = max(_widest(budget, args), _widest(budget, dict(kwargs)))
    size = len(pattern)
    for _, field, spec, _ in string.Formatter().parse(pattern):
        if field is None:
            continue
        if spec and "{" in spec:  # a width given as an argument
            for value in (*args, *dict(kwargs).values()):
                budget.number(value)
        widths = [int(number) for number in re.findall(r"\d+", spec or "")]
        for width in widths:
            budget.number(width)
        size += sum(widths) + widest
    return size


def _replace_size(s: Any, old: Any, new: Any, count: Any = None) -> int:
    if not all(isinstance(part, str | bytes) for part in (s, old, new)):
        return 0
    found = s.count(old) if old else len(s) + 1
    if _is_int(count) and count >= 0:
        found = min(found, count)
    return len(s) + found * max(len(new) - len(old), 0)


def _join_size(value: Any, d: Any = "", attribute: Any = None) -> int:
    # An iterator was read into a list already; a text, set or dict can be read twice.
    items = list(value) if isinstance(value, Iterable) else []
    most = _current().left()
    return sum(size_of(item, most) for item in items) + len(items) * len(str(d))


def _indent_size(s: Any, width: Any = 4, *_: Any, **__: Any) -> int:
    lines = str(s).count("\n") + 1
    return len(str(s)) + lines * (width if _is_int(width) else len(str(width)))


def _wordwrap_size(s: Any, width: Any = 79, *_: Any, wrapstring: Any = None, **__: Any) -> int:
    lines = len(str(s)) // max(width, 1) + 1 if _is_int(width) else len(str(s))
    return len(str(s)) + lines * len(str(wrapstring or "\n"))


def _expandtabs_size(s: Any, tabsize: Any = 8) -> int:
    tabs = s.count("\t" if isinstance(s, str) else b"\t")
    size: int = len(s) + tabs * (tabsize if _is_int(tabsize) else 8)
    return size


def _translate_size(s: Any, table: Any) -> int:
    values = table.values() if isinstance(table, dict) else []
    return len(s) * max((len(v) for v in values if isinstance(v, str)), default=1)


def _sum_size(iterable: Any, attribute: Any = None, start: Any = 0) -> int:
    """Summing lists copies the running total at every item."""
    if _is_int(start) or isinstance(start, float) or not isinstance(iterable, list | tuple):
        return 0
    return len(iterable) * size_of(iterable, _current().left())


# The filters that can make more than they are given, by what they would make.
_FILTER_SIZES: dict[str, Callable[..., int]] = {
    "replace": _replace_size,
    "join": _join_size,
    "indent": _indent_size,
    "wordwrap": _wordwrap_size,
    "sum": _sum_size,
    "format": lambda value, *args, **kwargs: _percent_size(_current(), value, kwargs or args),
}

# The same for the methods of texts (str, bytes) a text may call.
_METHOD_SIZES: dict[str, Callable[..., int]] = {
    "replace": _replace_size,
    "join": lambda separator, items: _join_size(items, separator),
    "expandtabs": _expandtabs_size,
    "translate": _translate_size,
}


# Metered filters


def _metered_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """`func` drawing on the budget: a step, its numbers, what it would make, what it made."""
    passes_first = hasattr(func, "jinja_pass_arg")  # context, eval context or environment
    estimate = _FILTER_SIZES.get(name)

    @wraps(func)
    def metered(*args: Any, **kwargs: Any) -> Any:
        budget = _current()
        budget.step()
        first, value, extra = args[:passes_first], args[passes_first], args[passes_first + 1 :]
        for number in (*extra, *kwargs.values()):
            budget.number(number)
        if estimate is not None:
            if isinstance(value, Iterator):  # read it once, here, to weigh its items
                value = list(value)
            budget.fits(estimate(value, *extra, **kwargs))
        return budget.make(func(*first, value, *extra, **kwargs))

    return metered


# The helpers the tree transform puts in


def metered_items(iterable: Iterable[Any]) -> Iterator[Any]:
    """A loop's items, one step each."""
    budget = _current()
    for item in iterable:
        budget.step()
        yield item


def metered_output(value: Any) -> str:
    """One piece of output, counted."""
    return str(_current().make(str(value)))


def metered_concat(*parts: Any) -> str:
    """`a ~ b ~ c`, refused before joining when it would not fit."""
    budget = _current()
    budget.fits(sum(size_of(part, budget.left()) for part in parts))
    return str(budget.make("".join(str(part) for part in parts)))


def metered_literal(value: Any) -> Any:
    """A list, tuple or dict written in the text, counted with everything it holds."""
    return _current().make(value)


_HELPERS = (metered_items, metered_output, metered_concat, metered_literal)


def _helper(function: Callable[..., Any], lineno: int, *args: Any) -> nodes.Call:
    name = nodes.ImportedName(f"{__name__}.{function.__name__}", lineno=lineno)
    return nodes.Call(name, list(args), [], None, None, lineno=lineno)


class _Metering(NodeTransformer):
    """Put loops, output, `~` and written containers through the metered helpers."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = _helper(metered_items, node.lineno, node.iter)
        return node

    def visit_Output(self, node: nodes.Output) -> nodes.Node:
        self.generic_visit(node)
        node.nodes = [_helper(metered_output, child.lineno, child) for child in node.nodes]
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _helper(metered_concat, node.lineno, *node.nodes)

    def _literal(self, node: nodes.Expr) -> nodes.Node:
        self.generic_visit(node)
        return _helper(metered_literal, node.lineno, node)

    visit_List = visit_Dict = _literal

    def visit_Tuple(self, node: nodes.Tuple) -> nodes.Node:
        if node.ctx != "load":  # `{% for a, b in … %}`, `{% set a, b = … %}`: names to set
            return self.generic_visit(node)
        return self._literal(node)


# The environment


class _MeteredEnvironment(ImmutableSandboxedEnvironment):
    # The operators that can make much out of little.
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.filters = {name: _metered_filter(name, func) for name, func in FILTERS.items()}
        del self.globals["lipsum"]  # placeholder text, in any length asked for

    def _generate(self, source: nodes.Template, *args: Any, **kwargs: Any) -> str:
        metered = _Metering().visit(source)
        metered.set_environment(self)
        return super()._generate(metered, *args, **kwargs)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        budget = _current()
        budget.step()
        if operator == "*":
            budget.fits(_product_size(budget, left, right))
        elif operator == "**":
            budget.fits(_power_size(budget, left, right))
        elif operator == "%":
            budget.fits(_percent_size(budget, left, right))
        return budget.make(super().call_binop(context, operator, left, right))

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        if any(obj is helper for helper in _HELPERS):
            return obj(*args)
        budget = _current()
        budget.step()
        args = self._check_call(budget, obj, args, kwargs)
        budget.depth += 1
        if budget.depth > budget.limits.depth:
            raise TooCostly("depth", budget.limits.depth)
        try:
            return budget.make(super().call(context, obj, *args, **kwargs))
        finally:
            budget.depth -= 1

    def _check_call(
        self, budget: Budget, obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[Any, ...]:
        """Refuse a call over the budget before it runs; return its arguments, read once."""
        method = getattr(obj, "__wrapped__", obj)  # the sandbox wraps str.format
        receiver = getattr(method, "__self__", None)
        name = getattr(method, "__name__", "")
        if isinstance(receiver, str | bytes) and name in ("format", "format_map"):
            values = args[0] if name == "format_map" and args else kwargs
            budget.fits(_format_size(budget, str(receiver), args, values))
            return args
        if receiver is not None or obj is safe_range:  # widths and counts, not values kept
            for number in (*args, *kwargs.values()):
                budget.number(number)
        if isinstance(receiver, str | bytes) and name in _METHOD_SIZES:
            # An iterator (a `map`) is read here, once, to weigh its items.
            args = tuple(list(arg) if isinstance(arg, Iterator) else arg for arg in args)
            budget.fits(_METHOD_SIZES[name](receiver, *args, **kwargs))
        return args


environment = _MeteredEnvironment(
    undefined=StrictUndefined,
    autoescape=False,
    keep_trailing_newline=False,
)
