"""Trained models shipped with framing (safetensors + JSON; see each folder's README)."""
