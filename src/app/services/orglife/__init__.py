"""Organisation life: 三会一课, 民主评议, joining the Party (发展党员)."""
