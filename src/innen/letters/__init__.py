"""Letters and e-mails: default texts, editable templates, the fixed layout, PDF and e-mail.

Pure: no Django. `innen.outbox.compose` builds the `Letter` (content.py) from the database;
`render.render_message` turns it and a template text into subject, e-mail and PDF.
"""
