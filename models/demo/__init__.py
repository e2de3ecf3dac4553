"""Synthetic demo data, describing nobody; ``models.services.demo`` is the way in.

``names`` and ``vocabulary`` hold what the data is drawn from; ``people``, ``cases``,
``notes`` and ``consents`` turn one random stream into rows; ``rows`` is their stored format and
``bulk_writer`` gets them into the database quickly.
"""
