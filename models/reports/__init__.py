"""Document builders (reportlab, no Qt): each returns the bytes of a finished PDF."""
