"""The few colours the tables use for a row's or a cell's state, the same in every area."""

GREY = "#8a8a8a"  # ended, left, closed: no longer current
RED = "#b00020"  # needs attention: overdue, lost contact, refused
ORANGE = "#c05000"  # soon due
GREEN = "#2e7d32"  # done, met
