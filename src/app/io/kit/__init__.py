"""What every record area of this layer shares. (io layer)"""
