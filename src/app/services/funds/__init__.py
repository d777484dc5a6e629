"""Community funds (经费台账) and Party dues (党费). (service layer)"""
