"""Volunteer service printouts: the quarterly feedback to units and the 志愿服务记录证明."""
