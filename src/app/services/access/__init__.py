"""Logins, roles, settings and the first start. (services layer)"""
