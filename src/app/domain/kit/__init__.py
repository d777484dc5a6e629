"""What every record area of this layer shares. (domain layer)"""
