"""The printed support plan, piece by piece (reportlab, no Qt).

:mod:`models.reports.support_plan` is the public face; the modules here are its parts:

- ``layout``: page geometry, colours and the other fixed measures.
- ``naming``: languages (tags, names, direction), dates, the PDF title and file name.
- ``styles``: the text styles of one plan.
- ``flowables``: the ruled paragraph and the thin rule under a domain heading.
- ``base``: the builder's small pieces (headings, cells, tables, mirroring).
- ``header``: the title, the draft notice and the details table.
- ``goals``: priorities, the goals of each domain and their actions.
- ``contacts``: keeping safe, contacts and emergency numbers, signatures, guidance.
- ``pages``: the footer with "Page X of Y" and the draft watermark.
- ``document``: the whole story and the finished document.
"""
