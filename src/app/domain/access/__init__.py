"""Logins, roles, settings and the first start. (domain layer)"""
