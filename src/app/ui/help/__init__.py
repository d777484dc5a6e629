"""The built-in help: the offline manual."""
