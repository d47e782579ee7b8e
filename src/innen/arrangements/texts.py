"""What innen writes to a customer about an arrangement, in Dutch and English.

Each function returns a `TemplateText` for the letters layout (`innen.letters.rendering`): the
layout adds the invoices, the payment details and the portal link around it. The subject and
body may use the letters' own fields (`{{ salutation }}`, `{{ invoices }}`, ...); what comes
from here (dates, amounts, a controller's answer) is put in as literal text, so a brace in a
controller's answer is printed, never evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from innen.arrangements.schedule import Instalment
from innen.letters.defaults import TemplateText
from innen.letters.formatting import long_date, money

_BRACES = re.compile(r"[{}]")
_PRINTED = {"{": '{{ "{" }}', "}": '{{ "}" }}'}


def literal(text: str) -> str:
    """`text` as a Jinja2 template that prints it unchanged."""
    return _BRACES.sub(lambda m: _PRINTED[m.group(0)], text)


def _nl(language: str) -> bool:
    return language == "nl"


def instalment_lines(instalments: Sequence[Instalment], language: str) -> str:
    return "\n".join(
        f"{i.number}. {long_date(i.due_on, language)}: {money(i.amount, language)}"
        for i in instalments
    )


def plan_confirmed(
    instalments: Sequence[Instalment], total: Decimal, grace_days: int, language: str
) -> TemplateText:
    lines = literal(instalment_lines(instalments, language))
    count, amount = len(instalments), literal(money(total, language))
    if _nl(language):
        return TemplateText(
            "Bevestiging betalingsregeling {{ invoices }}",
            f"""{{{{ salutation }}}},

Hierbij bevestigen wij de betalingsregeling voor {{{{ invoices }}}}: u betaalt {amount} \
in {count} maandelijkse termijnen.

{lines}

Zolang u de termijnen op tijd betaalt, sturen wij over deze facturen geen herinneringen. \
Een paar dagen voor elke termijn ontvangt u een korte herinnering. Is een termijn meer dan \
{grace_days} dagen na de vervaldag niet betaald, dan vervalt de regeling en gaan wij verder \
met de incasso van wat dan nog openstaat.""",
        )
    return TemplateText(
        "Payment plan confirmed for {{ invoices }}",
        f"""{{{{ salutation }}}},

We confirm the payment plan for {{{{ invoices }}}}: you pay {amount} in {count} monthly \
instalments.

{lines}

As long as the instalments are paid on time, we send no reminders about these invoices. A \
few days before each instalment you receive a short reminder. If an instalment is unpaid \
more than {grace_days} days after its due date, the plan ends and we continue collecting \
what is then still open.""",
    )


def instalment_reminder(
    instalment: Instalment, outstanding: Decimal, language: str
) -> TemplateText:
    day = literal(long_date(instalment.due_on, language))
    amount = literal(money(outstanding, language))
    if _nl(language):
        return TemplateText(
            f"Herinnering: termijn {instalment.number} van uw betalingsregeling",
            f"""{{{{ salutation }}}},

Op {day} vervalt termijn {instalment.number} van uw betalingsregeling voor \
{{{{ invoices }}}}. Wilt u {amount} uiterlijk die dag overmaken?

Heeft u al betaald, dan kunt u dit bericht als niet verzonden beschouwen.""",
        )
    return TemplateText(
        f"Reminder: instalment {instalment.number} of your payment plan",
        f"""{{{{ salutation }}}},

Instalment {instalment.number} of your payment plan for {{{{ invoices }}}} is due on {day}. \
Please transfer {amount} by that day.

If you have already paid, please disregard this message.""",
    )


def plan_broken(instalment: Instalment, grace_days: int, language: str) -> TemplateText:
    day = literal(long_date(instalment.due_on, language))
    if _nl(language):
        return TemplateText(
            "Uw betalingsregeling voor {{ invoices }} is vervallen",
            f"""{{{{ salutation }}}},

Termijn {instalment.number} van uw betalingsregeling, te betalen op {day}, hebben wij ook \
{grace_days} dagen later nog niet (geheel) ontvangen. Daarom is de betalingsregeling \
vervallen en gaan wij verder met de incasso van het openstaande bedrag van \
{{{{ total_open }}}}.

Wilt u dit bedrag zo snel mogelijk betalen? Kunt u dat niet, neem dan contact met ons op.""",
        )
    return TemplateText(
        "Your payment plan for {{ invoices }} has ended",
        f"""{{{{ salutation }}}},

We have not (fully) received instalment {instalment.number} of your payment plan, due on \
{day}, {grace_days} days later. The payment plan has therefore ended, and we continue \
collecting the open amount of {{{{ total_open }}}}.

Please pay this amount as soon as possible. If you cannot, please contact us.""",
    )


def promise_broken(promised_on: date, language: str) -> TemplateText:
    day = literal(long_date(promised_on, language))
    if _nl(language):
        return TemplateText(
            "Uw betaling van {{ invoices }} is niet ontvangen",
            f"""{{{{ salutation }}}},

U liet ons weten dat u {{{{ invoices }}}} uiterlijk op {day} zou betalen. Die betaling \
hebben wij niet ontvangen. Wilt u het openstaande bedrag van {{{{ amount_due }}}} alsnog \
per omgaande betalen? Anders gaan wij verder met de incasso.

Heeft u inmiddels betaald, dan kunt u dit bericht als niet verzonden beschouwen.""",
        )
    return TemplateText(
        "Your payment of {{ invoices }} has not arrived",
        f"""{{{{ salutation }}}},

You told us you would pay {{{{ invoices }}}} by {day}. We have not received that payment. \
Please pay the open amount of {{{{ amount_due }}}} without delay; otherwise we continue \
collecting it.

If you have paid in the meantime, please disregard this message.""",
    )


def dispute_answered(opened_on: date, answer: str, resolved: bool, language: str) -> TemplateText:
    day = literal(long_date(opened_on, language))
    text = literal(answer.strip())
    if _nl(language):
        closing = (
            "Wij beschouwen uw vraag hiermee als afgehandeld."
            if resolved
            else "Wij houden de incasso van deze facturen aan tot uw vraag is afgehandeld."
        )
        return TemplateText(
            "Antwoord op uw vraag over {{ invoices }}",
            f"""{{{{ salutation }}}},

Op {day} stelde u ons een vraag over {{{{ invoices }}}}. Ons antwoord:

{text}

{closing}""",
        )
    closing = (
        "We consider your question settled."
        if resolved
        else "We keep collection of these invoices on hold until your question is settled."
    )
    return TemplateText(
        "Our answer to your question about {{ invoices }}",
        f"""{{{{ salutation }}}},

On {day} you asked us a question about {{{{ invoices }}}}. Our answer:

{text}

{closing}""",
    )
