"""The 服务 tab: volunteer service (志愿服务)."""
