"""Clear Choice 清风抉择: branching anti-corruption education scenarios on Panda3D."""

__version__ = "0.1.0"
