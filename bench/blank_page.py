"""A page that draws nothing: bench/pages.py's baseline for what the shell itself costs."""
