"""Organisation life: meetings with attendance, the schedule check, 民主评议 results."""
