"""Exports for partners: the police summary, checked against the survivor's consent."""
