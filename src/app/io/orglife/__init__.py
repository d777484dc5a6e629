"""Excel import and export of organisation life."""
