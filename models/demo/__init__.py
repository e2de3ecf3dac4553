"""Synthetic demo data, describing nobody; ``models.services.demo`` is the way in.

``names``, ``vocabulary`` and ``plan_vocabulary`` hold what the data is drawn from; ``people``,
``cases``, ``notes`` and ``consents`` turn one random stream into rows, and ``plans`` turns a
second one into support plans; ``rows`` is their stored format and ``bulk_writer`` gets them
into the database quickly.
"""
