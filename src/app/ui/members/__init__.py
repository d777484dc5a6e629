"""The member roster (党员花名册) and each member's history. (ui layer)"""
