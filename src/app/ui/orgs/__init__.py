"""The organisation tree (组织架构). (ui layer)"""
