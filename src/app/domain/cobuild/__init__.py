"""Co-building (共驻共建): units in the area, agreements, mutual appraisal. (domain layer)"""
