"""A user's text is filled in on a budget: time, steps, depth, size, numbers, length."""

import time

import pytest

from innen.letters.sandbox import LIMITS, Limits, TooCostly, render


def fill(source, limits=LIMITS, **values):
    return render([source], values, limits)[0]


def refused(source, limits=LIMITS, **values):
    started = time.monotonic()
    with pytest.raises(TooCostly) as caught:
        fill(source, limits, **values)
    assert time.monotonic() - started < 5  # refused, not worked through
    return caught.value.limit


def test_an_ordinary_text_fills_in_as_jinja_would():
    source = (
        "{{ name|upper }}, {% for n in numbers %}{{ n }}{% if not loop.last %}, {% endif %}"
        "{% endfor %}; {{ 'a' ~ 'b' }} {{ '%s-%s' % (1, 2) }} {{ '{}!'.format(name) }}"
        " {{ [1, 2]|join('+') }} {{ '-' * 3 }} {{ {'k': 1}['k'] }}"
        "{% macro twice(x) %}{{ x }}{{ x }}{% endmacro %} {{ twice('z') }}"
        "{% for a, b in [(1, 2)] %} {{ a + b }}{% endfor %}"
    )
    assert fill(source, name="Anna", numbers=[1, 2, 3]) == (
        "ANNA, 1, 2, 3; ab 1-2 Anna! 1+2 --- 1 zz 3"
    )


def test_nested_loops_stop_at_the_step_budget():
    source = "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}"
    assert refused(source) == "steps"


def test_a_huge_repetition_is_refused_before_it_is_made():
    assert refused('{{ "a" * 100000000 }}') == "size"


def test_everything_written_counts_towards_the_size():
    assert refused('{% for i in range(5000) %}{{ "x" * 500 }}{% endfor %}') == "size"
    assert fill('{% for i in range(100) %}{{ "x" * 500 }}{% endfor %}') == "x" * 50_000


@pytest.mark.parametrize(
    "source",
    [
        '{% set s = "a" * 900000 %}{{ s.replace("a", s) }}',
        '{% set s = "a" * 900000 %}{{ s|replace("a", s) }}',
        '{{ ("a" * 1000)|join("b" * 10000) }}',
        '{{ ("\t" * 100000).expandtabs(10000) }}',
        '{{ "{0}{0}".format("x" * 600000) }}',
        '{{ "%(a)s%(a)s" % {"a": "x" * 600000} }}',
        '{{ ("a\n" * 1000)|indent("y" * 10000) }}',
        '{% set s = "ab" %}' + "{% set s = s ~ s %}" * 40,
    ],
)
def test_an_operation_that_multiplies_what_it_is_given_is_refused(source):
    assert refused(source) == "size"


def test_a_list_that_holds_a_list_over_and_over_counts_everything_it_holds():
    source = '{% set l = ["x"] %}' + "{% set l = [l, l] %}" * 40 + "{{ l == l }}"
    assert refused(source) == "size"


@pytest.mark.parametrize(
    "source",
    [
        '{{ "x"|center(1000000000) }}',
        '{{ "%1000000000s" % 1 }}',
        '{{ "{:>1000000000}".format(1) }}',
        "{{ 9 ** (9 ** 9) }}",
        "{{ range(1000000)|list }}",
    ],
)
def test_widths_counts_and_powers_are_bounded(source):
    assert refused(source) == "number"


def test_a_macro_that_calls_itself_stops_at_the_depth_limit():
    source = "{% macro f(n) %}{{ f(n) }}{{ f(n) }}{% endmacro %}{{ f(1) }}"
    assert refused(source) == "depth"


def test_filling_in_stops_at_the_time_limit():
    assert refused("{% for i in range(10) %}{{ i }}{% endfor %}", Limits(seconds=0)) == "seconds"


def test_a_text_longer_than_the_limit_is_not_compiled():
    assert refused("x" * 20_001) == "source"


def test_the_parts_of_one_message_share_one_budget():
    with pytest.raises(TooCostly):
        render(['{{ "x" * 600000 }}', '{{ "y" * 600000 }}'], {})


def test_a_text_cannot_change_a_list_in_place():
    with pytest.raises(Exception, match="unsafe"):
        fill("{% set l = [] %}{{ l.append(1) }}")
