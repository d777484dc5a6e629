"""Organisation life: importing and exporting its records."""
