"""Excel import and export of volunteer service hours."""
