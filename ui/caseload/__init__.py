"""The caseload: a table model that holds case IDs and pages in rows, and its view."""
