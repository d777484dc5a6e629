"""Volunteer service (志愿服务): hours, records, quotas and points. (domain layer)"""
