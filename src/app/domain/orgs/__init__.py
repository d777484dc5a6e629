"""The organisation tree (组织架构). (domain layer)"""
