"""The support plan editor in the case workspace: versions, the draft form, agreeing, reviewing."""
