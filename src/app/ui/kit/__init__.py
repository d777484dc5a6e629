"""What every record area of this layer shares. (ui layer)"""
