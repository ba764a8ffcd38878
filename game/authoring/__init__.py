"""The authoring toolkit: validation, story graphs, text play, simulation, strings."""
