"""Bank rows stay with their organisation (`innen.dbguards`): an entry is on its own
organisation's account and statement, and pays or returns only its own payments."""

from innen.banking.models import BankAccount, BankEntry, StatementImport
from innen.dbguards import same_organisation

GUARDS = [
    same_organisation(BankAccount),
    same_organisation(StatementImport, "account"),
    same_organisation(BankEntry, "account", "statement_import", "payment", "repayment"),
]
