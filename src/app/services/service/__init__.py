"""Volunteer service (志愿服务): volunteers, reporting in, teams, posts, activities, records, totals."""
