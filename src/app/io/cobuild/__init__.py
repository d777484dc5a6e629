"""Co-building (共驻共建) import and export."""
