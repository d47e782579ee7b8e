"""Letters and e-mails: default texts, editable templates, the fixed layout, PDF and e-mail.

Pure: no Django. `innen.outbox.compose` builds the `Letter` (letter.py) from the database,
with the parts the law engine computes (law_parts.py); `rendering.render_message` turns it
and a template text into subject, e-mail and PDF: the fixed lines formatted once
(letter_view.py), laid out by the Jinja2 layouts (layouts.py), made into a PDF (pdf.py).
"""
