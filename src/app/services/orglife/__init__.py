"""Organisation life: meetings with attendance, the schedule check, 民主评议 results, joining the Party (发展党员)."""
