"""The NRM and court tab of the case workspace: the survivor's National Referral Mechanism record
and the criminal cases they are part of, with a drawn timeline of each court case."""
