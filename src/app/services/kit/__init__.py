"""What every record area of this layer shares. (services layer)"""
