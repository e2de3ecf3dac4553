"""The Budget area: allocations and what remains, spend charts, the purchase list, and the
statement and exports for the finance team."""
