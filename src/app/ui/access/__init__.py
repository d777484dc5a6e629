"""Logins, roles, settings and the first start. (ui layer)"""
