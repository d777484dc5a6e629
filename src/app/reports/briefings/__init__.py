"""Work reports and numbered briefings (工作汇报、简报) computed from the records. (reports layer)"""
