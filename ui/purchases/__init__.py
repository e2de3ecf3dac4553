"""Spot purchases from the flexible budget: the purchase dialog, the receipt viewer and the
case workspace's Purchases tab."""
