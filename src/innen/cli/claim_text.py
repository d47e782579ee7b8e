"""`innen claim` as text: the computed claim written out as a readable Dutch statement.

Each section of the statement (invoices, payments, costs, totals, notes, rates) has its own
function; `claim_to_text` puts them in order. Pure: no Django.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from innen.law.claim import NO_FOURTEEN_DAY_LETTER, Claim, InvoiceResult
from innen.law.rates import NAMES
from innen.money import format_eur


def nl_date(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def nl_percent(rate: Decimal) -> str:
    return f"{rate.normalize():f}".replace(".", ",") + "%"


def claim_to_text(claim: Claim) -> str:
    """The claim as a readable Dutch statement."""
    lines = header_lines(claim)
    for number, inv in enumerate(claim.invoices, start=1):
        lines += invoice_lines(number, inv)
    lines += payment_lines(claim)
    lines += costs_lines(claim)
    lines += total_lines(claim)
    lines += warning_lines(claim)
    lines += rate_lines(claim)
    return "\n".join(lines)


def header_lines(claim: Claim) -> list[str]:
    who = "zakelijke debiteur" if claim.debtor == "business" else "consument"
    return [
        f"Vordering per {nl_date(claim.until)} op een {who}",
        f"Rente: {claim.interest_rule.describe()}",
        "",
    ]


def invoice_lines(number: int, inv: InvoiceResult) -> list[str]:
    """One invoice: its interest periods as a table and what is left of it."""
    lines = [
        f"Factuur {number}: {format_eur(inv.amount)}, uiterste betaaldag {nl_date(inv.due)}, "
        f"rente vanaf {nl_date(inv.first_interest_day)}"
    ]
    if inv.periods:
        lines.append(
            f"  {'van':<10}  {'t/m':<10}  {'dagen':>5}  {'rente':>7}  "
            f"{'grondslag':>14}  {'rentebedrag':>12}"
        )
    for p in inv.periods:
        lines.append(
            f"  {nl_date(p.start)}  {nl_date(p.end)}  {p.days:>5}  {nl_percent(p.rate):>7}  "
            f"{format_eur(p.base):>14}  {format_eur(p.interest):>12}"
            + ("  voorlopig" if p.provisional else "")
        )
    lines.append(
        f"  rente totaal {format_eur(inv.interest)}, waarvan betaald "
        f"{format_eur(inv.interest_paid)}; hoofdsom open {format_eur(inv.principal_open)}"
    )
    lines.append("")
    return lines


def payment_lines(claim: Claim) -> list[str]:
    """How each payment was allocated (costs, then interest, then principal)."""
    if not claim.payments:
        return []
    lines = ["Betalingen (art. 6:43 en 6:44 BW: kosten, dan rente, dan hoofdsom)"]
    for pay in claim.payments:
        line = (
            f"  {nl_date(pay.paid_on)}  {format_eur(pay.amount)}: kosten "
            f"{format_eur(pay.to_costs)}, rente {format_eur(pay.to_interest)}, "
            f"hoofdsom {format_eur(pay.to_principal)}"
        )
        if pay.unallocated:
            line += f", niet toegerekend {format_eur(pay.unallocated)}"
        lines.append(line)
    lines.append("")
    return lines


def costs_lines(claim: Claim) -> list[str]:
    """The demands that went out, and the costs they brought with the rule that gave them."""
    lines = [
        f"Aanmaning verstuurd op {nl_date(demand.sent)}"
        + (f", gevorderd {format_eur(demand.amount)}" if demand.amount is not None else "")
        for demand in claim.demands
    ]
    if claim.costs is not None:
        lines.append(
            f"Incassokosten {format_eur(claim.costs.amount)} over "
            f"{format_eur(claim.costs.base)}: {claim.costs.explanation}"
            + (f"; reeds betaald {format_eur(claim.costs_paid)}" if claim.costs_paid else "")
        )
    return [*lines, ""] if lines else []


def total_lines(claim: Claim) -> list[str]:
    width = 20
    return [
        f"{'Hoofdsom':<{width}}{format_eur(claim.principal):>16}",
        f"{'Rente':<{width}}{format_eur(claim.interest):>16}",
        f"{'Incassokosten':<{width}}{format_eur(claim.collection_costs):>16}"
        + (
            f"  (waarvan btw {format_eur(claim.collection_costs_vat)})"
            if claim.collection_costs_vat
            else ""
        ),
        f"{'Totaal':<{width}}{format_eur(claim.total):>16}",
    ]


def warning_lines(claim: Claim) -> list[str]:
    lines = [
        f"Let op: {warning}; geef de brief met --demand"
        if warning == NO_FOURTEEN_DAY_LETTER
        else f"Let op: {warning}"
        for warning in claim.warnings
    ]
    if claim.rates_known_until is not None:
        lines.append(
            f"Let op: voorlopig: de rente na {nl_date(claim.rates_known_until)} is berekend met "
            "het laatst bekende percentage (het nieuwe is nog niet bekendgemaakt)"
        )
    return lines


def rate_lines(claim: Claim) -> list[str]:
    if not claim.rates_used:
        return []
    lines = ["", "Gebruikte percentages"]
    for row in claim.rates_used:
        status = "" if row.confirmed else " (onbevestigd)"
        name, rate = NAMES[row.table], nl_percent(row.rate)
        lines.append(
            f"  {name:<23}  vanaf {nl_date(row.effective)}  {rate:>7}  {row.source}{status}"
        )
    return lines
