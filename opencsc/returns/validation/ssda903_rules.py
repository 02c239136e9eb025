"""SSDA903 validation rules (registered with the engine as they are written)."""
