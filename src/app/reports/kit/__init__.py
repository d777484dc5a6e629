"""What every record area of this layer shares. (reports layer)"""
