"""Panda3D presentation: sets, characters and the geometry they are built from."""
