"""The models: the sentence encoder, the transformer bias classifier and the scikit-learn
baselines, loaded from self-describing model folders (safetensors + JSON).

May import: framing.errors.
"""
