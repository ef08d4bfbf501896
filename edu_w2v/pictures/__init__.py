"""Pictures the lessons draw: each module draws one idea with matplotlib and returns the Figure."""
