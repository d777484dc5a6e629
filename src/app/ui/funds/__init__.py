"""The 经费 and 党费 tabs."""
