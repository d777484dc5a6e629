"""Organisation life: 三会一课, 主题党日 and other meetings, attendance, 民主评议党员, joining the Party (发展党员)."""
