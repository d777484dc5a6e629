"""Funds printouts: vouchers, the budget-execution table, the 公示 notice of a project."""
