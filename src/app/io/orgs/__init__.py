"""The organisation tree (组织架构). (io layer)"""
