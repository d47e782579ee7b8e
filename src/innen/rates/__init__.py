"""The statutory interest rate tables as rows in the database (see innen.law.rates)."""
