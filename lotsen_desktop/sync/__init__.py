"""Exchange between offline machines: change capture, encrypted export files, merge on import."""
