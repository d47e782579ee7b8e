"""The rules for promises and plans, and the checks on attachments and texts: no database."""

import subprocess
import sys
from datetime import date

import pytest

from innen.arrangements.rules import (
    MONTHS_CEILING,
    PlanProblem,
    PlanRules,
    PromiseProblem,
    PromiseState,
    most_months,
    plan_problems,
    promise_deadline,
    promise_problem,
    promise_state,
    refused,
)
from innen.arrangements.texts import dispute_answered, literal
from innen.arrangements.uploads import MAX_BYTES, Attachment, UploadProblem, attachment_or_problem
from innen.filetypes import JPEG, PDF, PNG
from innen.letters.letter import Letter, Party
from innen.letters.templating import render_texts
from innen.money import D
from tests.samplefiles import a_page_starting_with_pdf, a_pdf, an_image

RULES = PlanRules(min_instalment=D("25.00"), max_months=6, min_total=D("100.00"))
TODAY = date(2026, 3, 2)  # a Monday


def test_a_promise_names_a_day_after_today_within_the_limit():
    assert promise_problem(date(2026, 3, 16), TODAY, 14) is None
    assert promise_problem(TODAY, TODAY, 14) is PromiseProblem.NOT_AFTER_TODAY
    assert promise_problem(date(2026, 3, 17), TODAY, 14) is PromiseProblem.TOO_FAR


def test_a_promise_gets_one_business_day_of_grace():
    assert promise_deadline(date(2026, 3, 6)) == date(2026, 3, 9)  # Friday → Monday
    assert promise_deadline(date(2026, 4, 24)) == date(2026, 4, 28)  # King's Day is no bank day


def test_a_promise_is_broken_only_after_the_grace_day():
    friday = date(2026, 3, 6)
    assert promise_state(friday, date(2026, 3, 9), D("10.00")) is PromiseState.OPEN
    assert promise_state(friday, date(2026, 3, 10), D("10.00")) is PromiseState.BROKEN
    assert promise_state(friday, date(2026, 3, 10), D("0.00")) is PromiseState.KEPT


def test_a_plan_within_the_rules_has_no_problems():
    assert plan_problems(D("300.00"), 6, RULES) == []


def test_a_plan_outside_the_rules_names_each_departure():
    assert plan_problems(D("90.00"), 8, RULES) == [
        PlanProblem.MORE_MONTHS,
        PlanProblem.SMALL_INSTALMENT,
        PlanProblem.SMALL_TOTAL,
    ]
    assert not refused(plan_problems(D("90.00"), 8, RULES))


@pytest.mark.parametrize(
    ("total", "months", "problem"),
    [
        (D("300.00"), 1, PlanProblem.TOO_FEW),
        (D("300.00"), MONTHS_CEILING + 1, PlanProblem.OVER_CEILING),
        (D("0.03"), 4, PlanProblem.OVER_CEILING),
        (D("0.00"), 3, PlanProblem.NOTHING_OPEN),
    ],
)
def test_some_proposals_are_refused_outright(total, months, problem):
    problems = plan_problems(total, months, RULES)
    assert problems == [problem] and refused(problems)


def test_the_most_months_accepted_at_once_follows_the_smallest_instalment():
    assert most_months(D("1000.00"), RULES) == 6
    assert most_months(D("110.00"), RULES) == 4
    assert most_months(D("99.00"), RULES) == 0


def test_attachments_are_checked_by_opening_them_not_by_their_first_bytes():
    assert attachment_or_problem("bon.pdf", a_pdf()) == Attachment("bon.pdf", a_pdf(), PDF)
    assert attachment_or_problem("x", an_image("PNG")) == Attachment("x", an_image("PNG"), PNG)
    assert attachment_or_problem("x", an_image("JPEG")).kind == JPEG  # type: ignore[union-attr]
    assert attachment_or_problem("x.html", a_page_starting_with_pdf()) is UploadProblem.WRONG_TYPE
    assert attachment_or_problem("x.png", b"\x89PNG\r\n\x1a\n0000") is UploadProblem.WRONG_TYPE
    assert attachment_or_problem("tool.exe", b"MZ\x90\x00") is UploadProblem.WRONG_TYPE


def test_attachments_are_refused_when_empty_or_too_big():
    assert attachment_or_problem("x.pdf", b"") is UploadProblem.EMPTY
    too_big = a_pdf() + b"%" * MAX_BYTES
    assert attachment_or_problem("x.pdf", too_big) is UploadProblem.TOO_BIG


def _letter(language="nl"):
    party = Party(name="Klant B.V.")
    return Letter(
        kind="custom",
        step_name="x",
        language=language,
        date=TODAY,
        organisation=party,
        customer=party,
        consumer=False,
        invoices=(),
        total_open=D("0"),
        pay_before=None,
        payment=None,
        portal_url="https://example.test/p/",
        reference="r",
    )


def test_a_controllers_answer_is_printed_as_written_never_evaluated():
    answer = "Zie {{ iban }} en {% if x %}{# ok #}"
    assert (
        render_texts(dispute_answered(TODAY, answer, True, "nl"), _letter()).body.count(answer) == 1
    )
    assert literal("{}") == '{{ "{" }}{{ "}" }}'


def test_the_rules_import_no_django():
    probe = (
        "import sys, innen.arrangements.rules, innen.arrangements.schedule, "
        "innen.arrangements.uploads, innen.arrangements.texts; "
        "print(','.join(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
