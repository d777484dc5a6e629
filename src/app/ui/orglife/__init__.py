"""The 组织生活 tab."""
