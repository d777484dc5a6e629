"""The 共建 tab: units in the area, agreements, the three lists."""
