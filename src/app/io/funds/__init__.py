"""Funds and dues to and from Excel or CSV."""
