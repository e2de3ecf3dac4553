"""The Impact page: programme figures, how they were counted, and the records behind them."""
