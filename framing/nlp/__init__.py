"""spaCy: loading the English pipeline, sentence segmentation with offsets, the fast
attribute ruler.

May import: framing.errors, framing.records.
"""
