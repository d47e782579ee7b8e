"""The texts innen ships with: one subject and body per step kind, in Dutch and English.

An organisation can replace any of them (outbox.MessageTemplate). They hold only the words
that may change: the layout always prints the invoices, the totals, the claim lines, the
14-day letter's legal block, the payment details and the portal link, so an edited text can
never leave out what the law requires. The texts never threaten what the law does not allow:
no costs towards a consumer before a 14-day letter's term, and costs or interest only where
the claim lines (computed by the law engine) show them.

Bodies are plain text with Jinja2 fields (see templating.FIELDS); a blank line starts a new
paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = (
    "pre_due_notice",
    "reminder",
    "friendly_reminder",
    "call_task",
    "second_reminder",
    "aanmaning",
    "fourteen_day_letter",
    "ingebrekestelling",
    "suspension_notice",
    "handover",
    "custom",
)


@dataclass(frozen=True)
class TemplateText:
    subject: str
    body: str


DUTCH: dict[str, TemplateText] = {
    "pre_due_notice": TemplateText(
        "Vriendelijke herinnering: {{ invoices }} binnenkort te betalen",
        """{{ salutation }},

Een korte, vriendelijke herinnering: de betaaltermijn van {{ invoices }} verloopt \
binnenkort{% if pay_before %}, op {{ pay_before }}{% endif %}. Het totaalbedrag is \
{{ total_open }}.

Heeft u al betaald, dan kunt u dit bericht als niet verzonden beschouwen. Hieronder vindt u \
het overzicht en de betaalgegevens.""",
    ),
    "reminder": TemplateText(
        "Betalingsherinnering {{ invoices }}",
        """{{ salutation }},

Volgens onze administratie hebben wij de betaling van {{ invoices }} nog niet ontvangen. \
Waarschijnlijk is dit aan uw aandacht ontsnapt.

Wilt u het openstaande bedrag van {{ amount_due }}{% if pay_before %} uiterlijk op \
{{ pay_before }}{% endif %} overmaken? U kunt ook online betalen via de link onderaan.

Heeft u inmiddels betaald, dan is deze herinnering overbodig. Heeft u vragen over de \
factuur, neem dan gerust contact met ons op.""",
    ),
    "friendly_reminder": TemplateText(
        "Een kleine herinnering: {{ invoices }}",
        """{{ salutation }},

Misschien is het aan uw aandacht ontsnapt: de betaling van {{ invoices }} hebben wij nog \
niet ontvangen. Dat overkomt iedereen wel eens, vandaar dit korte bericht.

Wilt u het bedrag van {{ amount_due }}{% if pay_before %} uiterlijk op {{ pay_before }}\
{% endif %} overmaken? Via de link onderaan betaalt u direct online.

Heeft u al betaald, dan kunt u dit bericht als niet verzonden beschouwen. Heeft u een vraag \
over de factuur, laat het ons dan gerust weten. Alvast hartelijk dank!""",
    ),
    "call_task": TemplateText(
        "Wij proberen u te bereiken",
        """{{ salutation }},

Wij hebben geprobeerd u telefonisch te bereiken over het openstaande bedrag van \
{{ total_open }}. Wilt u contact met ons opnemen{% if organisation_phone %} via \
{{ organisation_phone }}{% endif %}?""",
    ),
    "second_reminder": TemplateText(
        "Tweede betalingsherinnering {{ invoices }}",
        """{{ salutation }},

Onlangs stuurden wij u een herinnering, maar de betaling van {{ invoices }} hebben wij nog \
steeds niet ontvangen.

Wij verzoeken u het openstaande bedrag van {{ amount_due }}{% if pay_before %} uiterlijk op \
{{ pay_before }}{% endif %} te betalen.

Kunt u niet in één keer betalen, of bent u het niet eens met de factuur? Neem dan contact \
met ons op; dan zoeken wij samen naar een oplossing.""",
    ),
    "aanmaning": TemplateText(
        "Aanmaning {{ invoices }}",
        """{{ salutation }},

Ondanks onze eerdere herinneringen hebben wij de betaling van {{ invoices }} niet ontvangen.

Wij manen u hierbij aan het bedrag van {{ amount_due }}{% if pay_before %} uiterlijk op \
{{ pay_before }}{% endif %} te betalen.{% if claim_items %} Dit bedrag omvat \
{{ claim_items }}; hieronder staat de berekening.{% endif %}

Blijft betaling uit, dan zijn wij genoodzaakt verdere stappen te nemen om het bedrag te \
innen. Neem bij vragen direct contact met ons op.""",
    ),
    "fourteen_day_letter": TemplateText(
        "Laatste herinnering: betaal zonder extra kosten",
        """{{ salutation }},

Ondanks onze eerdere herinneringen hebben wij de betaling van {{ invoices }} nog niet \
ontvangen. De betaaltermijn is verstreken.

Met deze brief krijgt u een laatste termijn om het openstaande bedrag van {{ total_open }} \
zonder extra kosten te betalen. Hieronder leest u tot wanneer u daarvoor de tijd heeft en \
welke incassokosten u verschuldigd wordt als u niet op tijd betaalt.

Kunt u niet in één keer betalen? Neem dan contact met ons op; wij denken graag mee over een \
betalingsregeling.""",
    ),
    "ingebrekestelling": TemplateText(
        "Ingebrekestelling {{ invoices }}",
        """{{ salutation }},

Ondanks onze eerdere herinneringen hebben wij de betaling van {{ invoices }} niet ontvangen.

Hierbij stellen wij u in gebreke en sommeren wij u het bedrag van {{ amount_due }}\
{% if pay_before %} uiterlijk op {{ pay_before }}{% endif %} te betalen.\
{% if claim_items %} Dit bedrag omvat {{ claim_items }}; hieronder staat de \
berekening.{% endif %}

Betaalt u niet binnen deze termijn, dan dragen wij de vordering over aan een incassobureau. \
Wilt u dat voorkomen, betaal dan op tijd of neem vóór die datum contact met ons op.""",
    ),
    "suspension_notice": TemplateText(
        "Aankondiging opschorting dienstverlening",
        """{{ salutation }},

Ondanks onze eerdere herinneringen staat er nog {{ total_open }} open.

Zoals in onze overeenkomst is bepaald, schorten wij onze dienstverlening op als het \
openstaande bedrag van {{ amount_due }} niet{% if pay_before %} uiterlijk op \
{{ pay_before }}{% endif %} is betaald. Zodra wij het volledige bedrag hebben ontvangen, \
hervatten wij de dienstverlening.

Heeft u inmiddels betaald, of wilt u een afspraak maken over de betaling? Neem dan direct \
contact met ons op.""",
    ),
    "handover": TemplateText(
        "Overdracht aan incassobureau",
        """{{ salutation }},

Ondanks onze herinneringen en aanmaning hebben wij de betaling van {{ invoices }} niet \
ontvangen.

Wij dragen de vordering daarom over aan een incassobureau{% if pay_before %}, tenzij wij \
het bedrag van {{ amount_due }} uiterlijk op {{ pay_before }} hebben ontvangen{% endif %}. \
Het incassobureau neemt daarna contact met u op.{% if claim_items %} Het bedrag omvat \
{{ claim_items }}; hieronder staat de berekening.{% endif %}

Betaal nu om verdere stappen te voorkomen.""",
    ),
    "custom": TemplateText(
        "Openstaande {{ invoices }}",
        """{{ salutation }},

Hieronder vindt u het overzicht van {{ invoices }}, met een openstaand bedrag van \
{{ total_open }}.

Wilt u het bedrag van {{ amount_due }}{% if pay_before %} uiterlijk op {{ pay_before }}\
{% endif %} betalen? Neem bij vragen gerust contact met ons op.""",
    ),
}

ENGLISH: dict[str, TemplateText] = {
    "pre_due_notice": TemplateText(
        "Friendly reminder: {{ invoices }} due soon",
        """{{ salutation }},

A short, friendly reminder: payment of {{ invoices }} is due soon{% if pay_before %}, on \
{{ pay_before }}{% endif %}. The total is {{ total_open }}.

If you have already paid, please disregard this message. The overview and payment details \
are below.""",
    ),
    "reminder": TemplateText(
        "Payment reminder {{ invoices }}",
        """{{ salutation }},

According to our records we have not yet received payment of {{ invoices }}. Perhaps it \
escaped your attention.

Would you please transfer the outstanding amount of {{ amount_due }}{% if pay_before %} no \
later than {{ pay_before }}{% endif %}? You can also pay online through the link below.

If you have paid in the meantime, please disregard this reminder. If you have any questions \
about the invoice, do get in touch.""",
    ),
    "friendly_reminder": TemplateText(
        "A quick reminder: {{ invoices }}",
        """{{ salutation }},

Perhaps it slipped your mind: we have not yet received payment of {{ invoices }}. It \
happens to all of us, so here is a short note.

Would you please transfer {{ amount_due }}{% if pay_before %} no later than \
{{ pay_before }}{% endif %}? You can pay online straight away through the link below.

If you have already paid, please disregard this message. If you have a question about the \
invoice, just let us know. Many thanks in advance!""",
    ),
    "call_task": TemplateText(
        "We tried to reach you",
        """{{ salutation }},

We tried to reach you by phone about the outstanding amount of {{ total_open }}. Would you \
please contact us{% if organisation_phone %} on {{ organisation_phone }}{% endif %}?""",
    ),
    "second_reminder": TemplateText(
        "Second payment reminder {{ invoices }}",
        """{{ salutation }},

We recently sent you a reminder, but we still have not received payment of {{ invoices }}.

Please pay the outstanding amount of {{ amount_due }}{% if pay_before %} no later than \
{{ pay_before }}{% endif %}.

If you cannot pay in full, or if you disagree with the invoice, please contact us so that we \
can find a solution together.""",
    ),
    "aanmaning": TemplateText(
        "Formal demand for payment of {{ invoices }}",
        """{{ salutation }},

Despite our earlier reminders we have not received payment of {{ invoices }}.

We hereby formally demand that you pay {{ amount_due }}{% if pay_before %} no later than \
{{ pay_before }}{% endif %}.{% if claim_items %} This amount includes {{ claim_items }}; \
the calculation is shown below.{% endif %}

If payment is not made, we will have to take further steps to collect the amount. Please \
contact us straight away if you have any questions.""",
    ),
    "fourteen_day_letter": TemplateText(
        "Final reminder: pay without additional costs",
        """{{ salutation }},

Despite our earlier reminders we have not yet received payment of {{ invoices }}. The \
payment term has passed.

This letter gives you a final term to pay the outstanding amount of {{ total_open }} \
without additional costs. Below you can read how long you have and which collection costs \
you will owe if you do not pay in time.

If you cannot pay in full, please contact us; we are happy to discuss a payment plan.""",
    ),
    "ingebrekestelling": TemplateText(
        "Notice of default: {{ invoices }}",
        """{{ salutation }},

Despite our earlier reminders we have not received payment of {{ invoices }}.

We hereby give you notice of default and demand that you pay {{ amount_due }}\
{% if pay_before %} no later than {{ pay_before }}{% endif %}.{% if claim_items %} This \
amount includes {{ claim_items }}; the calculation is shown below.{% endif %}

If you do not pay within this term, we will hand the claim over to a collection agency. To \
avoid this, please pay in time or contact us before that date.""",
    ),
    "suspension_notice": TemplateText(
        "Notice of suspension of our services",
        """{{ salutation }},

Despite our earlier reminders {{ total_open }} is still outstanding.

As provided in our agreement, we will suspend our services if the outstanding amount of \
{{ amount_due }} has not been paid{% if pay_before %} by {{ pay_before }}{% endif %}. As \
soon as we have received the full amount, we will resume our services.

If you have paid in the meantime, or would like to agree on a payment arrangement, please \
contact us straight away.""",
    ),
    "handover": TemplateText(
        "Hand-over to a collection agency",
        """{{ salutation }},

Despite our reminders and formal demand we have not received payment of {{ invoices }}.

We will therefore hand the claim over to a collection agency{% if pay_before %}, unless we \
have received {{ amount_due }} no later than {{ pay_before }}{% endif %}. The collection \
agency will then contact you.{% if claim_items %} The amount includes {{ claim_items }}; \
the calculation is shown below.{% endif %}

Please pay now to avoid further steps.""",
    ),
    "custom": TemplateText(
        "Outstanding {{ invoices }}",
        """{{ salutation }},

Below is an overview of {{ invoices }}, with an outstanding amount of {{ total_open }}.

Would you please pay {{ amount_due }}{% if pay_before %} no later than {{ pay_before }}\
{% endif %}? Do get in touch if you have any questions.""",
    ),
}

DEFAULTS = {"nl": DUTCH, "en": ENGLISH}


def default_template(kind: str, language: str) -> TemplateText:
    """The text innen ships with for a step of `kind` in `language` ("nl" or "en")."""
    if language not in DEFAULTS:
        raise ValueError(f"language must be nl or en, not {language!r}")
    texts = DEFAULTS[language]
    if kind not in texts:
        raise ValueError(f"unknown step kind {kind!r}")
    return texts[kind]
