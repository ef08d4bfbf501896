"""edu_w2v."""
