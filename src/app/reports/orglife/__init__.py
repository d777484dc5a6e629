"""Printouts of organisation life: sign-in sheet, 会议记录, yearly attendance summary."""
